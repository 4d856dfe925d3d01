//! Shared test machinery: one reader for `KEY = value` vector files (NIST CAVP
//! `.rsp` and the RFC-derived `.txt`), a Wycheproof JSON loader, and the
//! backend registry every vector test iterates over.
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Absolute path of a file under `test-vectors/`.
///
/// The vectors (21 MB of NIST CAVP, Wycheproof, C2SP and RFC files) are in
/// the repository but not in the crate package (crates.io's limit is
/// 10 MB): from an unpacked `.crate`, every vector test stops here with a
/// message saying so (README, "Install").
pub fn vector_path(rel: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("test-vectors");
    assert!(
        dir.is_dir(),
        "{} is missing: the official test vectors ship with the hpcrypt \
         repository, not with the crate package; run the vector tests from a clone",
        dir.display()
    );
    dir.join(rel)
}

/// One record of a `KEY = value` file: its section's `[K = V]` headers and
/// its own lines. Every attribute must be consumed exactly once (a typo in a
/// test would otherwise skip a check silently); `done()` asserts that.
#[derive(Debug)]
pub struct Record {
    pub file: String,
    pub line: usize,
    pub section: BTreeMap<String, String>,
    fields: Vec<(String, String)>,
    used: BTreeSet<String>,
}

impl Record {
    fn lookup(&self, key: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Whether the record has `key` (e.g. the `FAIL` marker). Counts as use.
    pub fn has(&mut self, key: &str) -> bool {
        let present = self.lookup(key).is_some();
        if present {
            self.mark(key);
        }
        present
    }

    fn mark(&mut self, key: &str) {
        assert!(
            self.used.insert(key.to_string()),
            "{self}: `{key}` consumed twice"
        );
    }

    /// The raw string value of `key`.
    pub fn str(&mut self, key: &str) -> String {
        let v = self
            .lookup(key)
            .unwrap_or_else(|| panic!("{self}: missing `{key}`"))
            .to_string();
        self.mark(key);
        v
    }

    /// `key` decoded from hex (surrounding quotes allowed, empty = empty).
    pub fn hex(&mut self, key: &str) -> Vec<u8> {
        let v = self.str(key);
        let v = v.trim_matches('"');
        hex::decode(v).unwrap_or_else(|e| panic!("{self}: `{key}` is not hex: {e}"))
    }

    /// `key` parsed as a decimal integer.
    pub fn int(&mut self, key: &str) -> usize {
        let v = self.str(key);
        v.parse()
            .unwrap_or_else(|e| panic!("{self}: `{key}` is not a number: {e}"))
    }

    /// A section header value, e.g. `L` in `[L = 32]`.
    pub fn section_int(&self, key: &str) -> usize {
        let v = self
            .section
            .get(key)
            .unwrap_or_else(|| panic!("{self}: no section `{key}`"));
        v.parse()
            .unwrap_or_else(|e| panic!("{self}: section `{key}`: {e}"))
    }

    /// Asserts that every attribute of the record was consumed.
    pub fn done(self) {
        for (k, _) in &self.fields {
            assert!(
                self.used.contains(k),
                "{self}: attribute `{k}` never checked"
            );
        }
    }
}

impl std::fmt::Display for Record {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// Reads every record of a `KEY = value` file. `#` starts a comment line,
/// `[K = V]` (or `[K]`) lines set section attributes for the records after
/// them, a blank line ends a record, and a line without `=` (CAVP's `FAIL`)
/// becomes an attribute with an empty value. Trailing `\r` is stripped.
pub fn read_kv(rel: &str) -> Vec<Record> {
    let path = vector_path(rel);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut records = Vec::new();
    let mut section = BTreeMap::new();
    let mut section_open = false;
    let mut current: Option<Record> = None;
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim_end_matches('\r').trim();
        if line.starts_with('#') {
            continue;
        }
        if line.is_empty() {
            records.extend(current.take());
            section_open = false;
            continue;
        }
        if let Some(inner) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            records.extend(current.take());
            if !section_open {
                section.clear();
                section_open = true;
            }
            let (k, v) = inner.split_once('=').unwrap_or((inner, ""));
            section.insert(k.trim().to_string(), v.trim().to_string());
            continue;
        }
        section_open = false;
        let (k, v) = line.split_once('=').unwrap_or((line, ""));
        let rec = current.get_or_insert_with(|| Record {
            file: rel.to_string(),
            line: i + 1,
            section: section.clone(),
            fields: Vec::new(),
            used: BTreeSet::new(),
        });
        rec.fields
            .push((k.trim().to_string(), v.trim().to_string()));
    }
    records.extend(current);
    assert!(!records.is_empty(), "{rel}: no records");
    records
}

/// A Wycheproof file: `(group, test)` pairs for every test of every group.
pub fn read_wycheproof(rel: &str) -> Vec<(serde_json::Value, serde_json::Value)> {
    let path = vector_path(rel);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let json: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    let mut out = Vec::new();
    for group in json["testGroups"].as_array().expect("testGroups") {
        for test in group["tests"].as_array().expect("tests") {
            out.push((group.clone(), test.clone()));
        }
    }
    assert!(!out.is_empty(), "{rel}: no tests");
    out
}

/// A hex string field of a Wycheproof JSON object.
pub fn jhex(v: &serde_json::Value, key: &str) -> Vec<u8> {
    hex::decode(
        v[key]
            .as_str()
            .unwrap_or_else(|| panic!("missing `{key}` in {v}")),
    )
    .expect("hex")
}

/// Records which backends ran, per primitive, so `tests/backends.rs` and the
/// vector tests can print and check them.
pub fn report(primitive: &str, backends: &[&str]) {
    println!("{primitive}: backends run: {}", backends.join(", "));
}
