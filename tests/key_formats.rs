//! Ed25519 key formats (features `pkcs8`, `pem`, `jwk`): every file of
//! `test-vectors/key-formats/` in, the verdict of `expected.txt` out; then
//! keys written by ring, and keys written by hpcrypt read back by OpenSSL
//! and pyca/cryptography.
//!
//! How the foreign readers are checked: if the `openssl` command and a
//! `python3` with `cryptography` are on the PATH, the test runs them on
//! hpcrypt's output (PKCS#8 v1 DER and PEM, SPKI DER and PEM) and compares
//! the public key they derive with hpcrypt's (`openssl pkey -pubout`;
//! `load_*_private_key(...).public_key().public_bytes(Raw, Raw)`); whether
//! they read PKCS#8 v2 is printed (OpenSSL 3.0 and pyca do not). A missing tool is reported with a
//! printed note and that half is skipped; the byte-exact comparisons with
//! the OpenSSL- and pyca-written files below hold regardless.

use std::path::{Path, PathBuf};
use std::process::Command;

use hpcrypt::signature::{Ed25519SigningKey, Ed25519VerifyingKey, LineEnding};
use hpcrypt::Error;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("test-vectors/key-formats")
}

/// One record of `expected.txt`.
#[derive(Debug, Default)]
struct Record {
    file: String,
    kind: String,
    encoding: String,
    seed: String,
    public_key: String,
    result: String,
}

fn records() -> Vec<Record> {
    let text = std::fs::read_to_string(dir().join("expected.txt")).unwrap();
    let mut out = Vec::new();
    let mut cur: Option<Record> = None;
    for line in text.lines().chain(std::iter::once("")) {
        if line.starts_with('#') {
            continue;
        }
        if line.trim().is_empty() {
            out.extend(cur.take());
            continue;
        }
        let (k, v) = line.split_once('=').expect("key = value");
        let (k, v) = (k.trim(), v.trim().to_string());
        let r = cur.get_or_insert_with(Record::default);
        match k {
            "file" => r.file = v,
            "kind" => r.kind = v,
            "encoding" => r.encoding = v,
            "seed" => r.seed = v,
            "public_key" => r.public_key = v,
            "result" => r.result = v,
            "note" => {}
            other => panic!("unknown field {other}"),
        }
    }
    out
}

/// What hpcrypt reads from a file: `(seed, public key)` hex, or the error.
fn load(r: &Record) -> Result<(Option<String>, String), Error> {
    let path = dir().join(&r.file);
    let bytes = std::fs::read(&path).unwrap();
    let text = || String::from_utf8(bytes.clone()).unwrap();
    let private = |k: Ed25519SigningKey| {
        (
            Some(hex::encode(k.to_bytes())),
            hex::encode(k.verifying_key().to_bytes()),
        )
    };
    let public = |k: Ed25519VerifyingKey| (None, hex::encode(k.to_bytes()));
    match (r.kind.as_str(), r.encoding.as_str()) {
        ("pkcs8-v1" | "pkcs8-v2" | "encrypted-pkcs8", "der") => {
            Ed25519SigningKey::from_pkcs8_der(&bytes).map(private)
        }
        ("pkcs8-v1" | "pkcs8-v2" | "encrypted-pkcs8", "pem") => {
            Ed25519SigningKey::from_pkcs8_pem(&text()).map(private)
        }
        ("spki", "der") => Ed25519VerifyingKey::from_public_key_der(&bytes).map(public),
        ("spki", "pem") => Ed25519VerifyingKey::from_public_key_pem(&text()).map(public),
        ("jwk-private", "json") => Ed25519SigningKey::from_jwk(&text()).map(private),
        ("jwk-public", "json") => Ed25519VerifyingKey::from_jwk(&text()).map(public),
        other => panic!("{}: unknown kind/encoding {other:?}", r.file),
    }
}

/// The error each refused file must give.
fn expected_error(file: &str) -> Error {
    match file {
        "invalid/x25519-pkcs8v1.der" => Error::UnsupportedKeyAlgorithm,
        "invalid/pkcs8v2-mismatched-public-key.der" => Error::PublicKeyMismatch,
        _ => Error::InvalidKeyEncoding,
    }
}

#[test]
fn every_key_file_gives_its_expected_result() {
    let records = records();
    assert_eq!(records.len(), 29, "expected.txt lists 29 files");
    let on_disk = walk(&dir()).len() - 1; // minus expected.txt
    assert_eq!(on_disk, records.len(), "every file has a record");
    for r in &records {
        let got = load(r);
        match r.result.as_str() {
            "ok" => {
                let (seed, public) = got.unwrap_or_else(|e| panic!("{}: {e}", r.file));
                assert_eq!(public, r.public_key, "{}", r.file);
                if r.kind.starts_with("pkcs8") || r.kind == "jwk-private" {
                    assert_eq!(seed.as_deref(), Some(r.seed.as_str()), "{}", r.file);
                }
            }
            "error" => {
                assert_eq!(got.err(), Some(expected_error(&r.file)), "{}", r.file);
            }
            other => panic!("{}: result {other}", r.file),
        }
    }
}

fn walk(d: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(d).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// The wrong-label file: a PRIVATE KEY parser refuses the label, and an
/// SPKI parser the contents.
#[test]
fn wrong_label_is_refused_by_both_parsers() {
    let pem = std::fs::read_to_string(dir().join("invalid/wrong-label.pem")).unwrap();
    assert_eq!(
        Ed25519SigningKey::from_pkcs8_pem(&pem).err(),
        Some(Error::InvalidKeyEncoding)
    );
    assert_eq!(
        Ed25519VerifyingKey::from_public_key_pem(&pem).err(),
        Some(Error::InvalidKeyEncoding)
    );
}

/// hpcrypt writes exactly the bytes OpenSSL, pyca and the RFCs wrote:
/// v1 DER and PEM, v2 DER without attributes, SPKI DER and PEM, JWKs.
#[test]
fn writing_reproduces_the_files_byte_for_byte() {
    let read = |f: &str| std::fs::read(dir().join(f)).unwrap();
    let text = |f: &str| String::from_utf8(read(f)).unwrap();
    for (v1_der, v1_pem) in [
        (
            "openssl/ed25519-a-pkcs8v1.der",
            "openssl/ed25519-a-pkcs8v1.pem",
        ),
        ("pyca/ed25519-pkcs8.der", "pyca/ed25519-pkcs8.pem"),
        ("rfc8410/ed25519-pkcs8v1.der", "rfc8410/ed25519-pkcs8v1.pem"),
    ] {
        let key = Ed25519SigningKey::from_pkcs8_der(&read(v1_der)).unwrap();
        assert_eq!(key.to_pkcs8_der().unwrap().as_bytes(), read(v1_der));
        assert_eq!(*key.to_pkcs8_pem(LineEnding::LF).unwrap(), text(v1_pem));
    }
    let a = Ed25519SigningKey::from_pkcs8_der(&read("openssl/ed25519-a-pkcs8v1.der")).unwrap();
    assert_eq!(
        a.to_pkcs8_v2_der().unwrap().as_bytes(),
        read("openssl/ed25519-a-pkcs8v2.der")
    );
    for (der, pem) in [
        ("openssl/ed25519-a-pub.der", "openssl/ed25519-a-pub.pem"),
        ("pyca/ed25519-pub.der", "pyca/ed25519-pub.pem"),
        ("rfc8410/ed25519-pub.der", "rfc8410/ed25519-pub.pem"),
    ] {
        let vk = Ed25519VerifyingKey::from_public_key_der(&read(der)).unwrap();
        assert_eq!(vk.to_public_key_der().unwrap(), read(der));
        assert_eq!(vk.to_public_key_pem(LineEnding::LF).unwrap(), text(pem));
    }
    for (private, public) in [
        ("rfc8037/ed25519-private.jwk", "rfc8037/ed25519-public.jwk"),
        (
            "openssl/ed25519-a-private.jwk",
            "openssl/ed25519-a-public.jwk",
        ),
    ] {
        let key = Ed25519SigningKey::from_jwk(&text(private)).unwrap();
        assert_eq!(*key.to_jwk(), text(private).trim_end());
        assert_eq!(key.verifying_key().to_jwk(), text(public).trim_end());
    }
}

/// Every format round-trips for many keys.
#[test]
fn every_format_round_trips() {
    for i in 0..32u8 {
        let key = Ed25519SigningKey::from_bytes(&[i.wrapping_mul(37).wrapping_add(1); 32]);
        let vk = key.verifying_key();
        let same = |k: Ed25519SigningKey| assert_eq!(k.to_bytes(), key.to_bytes());
        same(Ed25519SigningKey::from_pkcs8_der(key.to_pkcs8_der().unwrap().as_bytes()).unwrap());
        same(Ed25519SigningKey::from_pkcs8_der(key.to_pkcs8_v2_der().unwrap().as_bytes()).unwrap());
        same(
            Ed25519SigningKey::from_pkcs8_pem(&key.to_pkcs8_pem(LineEnding::CRLF).unwrap())
                .unwrap(),
        );
        same(Ed25519SigningKey::from_jwk(&key.to_jwk()).unwrap());
        same(Ed25519SigningKey::from_keypair_bytes(&key.to_keypair_bytes()).unwrap());
        let der = vk.to_public_key_der().unwrap();
        assert_eq!(Ed25519VerifyingKey::from_public_key_der(&der).unwrap(), vk);
        let pem = vk.to_public_key_pem(LineEnding::LF).unwrap();
        assert_eq!(Ed25519VerifyingKey::from_public_key_pem(&pem).unwrap(), vk);
        assert_eq!(Ed25519VerifyingKey::from_jwk(&vk.to_jwk()).unwrap(), vk);
        // A private JWK is also a public one.
        assert_eq!(Ed25519VerifyingKey::from_jwk(&key.to_jwk()).unwrap(), vk);
    }
}

#[test]
fn keypair_bytes_refuse_a_foreign_public_key() {
    let a = Ed25519SigningKey::from_bytes(&[1; 32]);
    let b = Ed25519SigningKey::from_bytes(&[2; 32]);
    let mut mixed = *a.to_keypair_bytes();
    mixed[32..].copy_from_slice(&b.verifying_key().to_bytes());
    assert_eq!(
        Ed25519SigningKey::from_keypair_bytes(&mixed).err(),
        Some(Error::PublicKeyMismatch)
    );
}

#[test]
fn jwk_refusals() {
    let key = Ed25519SigningKey::from_bytes(&[3; 32]);
    let good = key.to_jwk();
    let x = key.verifying_key().to_jwk();
    let other_x = Ed25519SigningKey::from_bytes(&[4; 32])
        .verifying_key()
        .to_jwk();
    let other_x = &other_x[other_x.find("\"x\"").unwrap()..];
    let cases: Vec<(String, Error)> = vec![
        ("".into(), Error::InvalidKeyEncoding),
        ("[]".into(), Error::InvalidKeyEncoding),
        ("{}".into(), Error::InvalidKeyEncoding),
        (good.replace("OKP", "EC"), Error::UnsupportedKeyAlgorithm),
        (
            good.replace("Ed25519", "X25519"),
            Error::UnsupportedKeyAlgorithm,
        ),
        (
            good.replace("\"kty\":\"OKP\"", "\"kty\":1"),
            Error::InvalidKeyEncoding,
        ),
        // d missing: a public JWK is not a private key.
        (x.clone(), Error::InvalidKeyEncoding),
        // x missing (RFC 8037 §2 requires it).
        (
            good[..good.find(",\"x\"").unwrap()].to_string() + "}",
            Error::InvalidKeyEncoding,
        ),
        // x of another key.
        (
            good[..good.find("\"x\"").unwrap()].to_string() + other_x,
            Error::PublicKeyMismatch,
        ),
        // padding, standard alphabet, wrong length, non-canonical last char
        (
            good.replacen("\",\"x\"", "=\",\"x\"", 1),
            Error::InvalidKeyEncoding,
        ),
        (good.replace("\"}", "A\"}"), Error::InvalidKeyEncoding),
    ];
    for (json, want) in cases {
        assert_eq!(
            Ed25519SigningKey::from_jwk(&json).err(),
            Some(want),
            "{json}"
        );
    }
    // Non-canonical base64url: the last of 43 characters carries 2 unused bits.
    let d_start = good.find("\"d\":\"").unwrap() + 5;
    let last = d_start + 42;
    let mut bad = good.as_bytes().to_vec();
    let c = bad[last];
    let idx = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
        .iter()
        .position(|&a| a == c)
        .unwrap();
    bad[last] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"[idx | 1];
    let bad = String::from_utf8(bad).unwrap();
    if bad != *good {
        assert!(Ed25519SigningKey::from_jwk(&bad).is_err());
    }
}

/// Hostile DER never panics: every truncation and every single-bit flip of
/// the vector files gives `Ok` or `Err`.
#[test]
fn mutated_documents_never_panic() {
    for p in walk(&dir()) {
        let bytes = std::fs::read(&p).unwrap();
        for n in 0..bytes.len() {
            let _ = Ed25519SigningKey::from_pkcs8_der(&bytes[..n]);
            let _ = Ed25519VerifyingKey::from_public_key_der(&bytes[..n]);
        }
        for i in 0..bytes.len().min(128) * 8 {
            let mut m = bytes.clone();
            m[i / 8] ^= 1 << (i % 8);
            let _ = Ed25519SigningKey::from_pkcs8_der(&m);
            let _ = Ed25519VerifyingKey::from_public_key_der(&m);
            if let Ok(s) = std::str::from_utf8(&m) {
                let _ = Ed25519SigningKey::from_pkcs8_pem(s);
                let _ = Ed25519VerifyingKey::from_public_key_pem(s);
                let _ = Ed25519SigningKey::from_jwk(s);
                let _ = Ed25519VerifyingKey::from_jwk(s);
            }
        }
    }
}

// --- ring ----------------------------------------------------------------------

/// ring writes PKCS#8 v2 (`generate_pkcs8`); hpcrypt reads it, and ring
/// reads hpcrypt's v2 (`from_pkcs8`) and v1 (`from_pkcs8_maybe_unchecked`).
#[test]
fn ring_documents_both_ways() {
    use ring::signature::KeyPair as _;
    let rng = ring::rand::SystemRandom::new();
    for _ in 0..16 {
        let doc = ring::signature::Ed25519KeyPair::generate_pkcs8(&rng).unwrap();
        let theirs = ring::signature::Ed25519KeyPair::from_pkcs8(doc.as_ref()).unwrap();
        let ours = Ed25519SigningKey::from_pkcs8_der(doc.as_ref()).unwrap();
        assert_eq!(
            ours.verifying_key().to_bytes(),
            theirs.public_key().as_ref()
        );
        // ring's v2 layout is ours byte for byte.
        assert_eq!(ours.to_pkcs8_v2_der().unwrap().as_bytes(), doc.as_ref());
        let v2 = ours.to_pkcs8_v2_der().unwrap();
        let back = ring::signature::Ed25519KeyPair::from_pkcs8(v2.as_bytes()).unwrap();
        assert_eq!(back.public_key().as_ref(), theirs.public_key().as_ref());
        let v1 = ours.to_pkcs8_der().unwrap();
        let back =
            ring::signature::Ed25519KeyPair::from_pkcs8_maybe_unchecked(v1.as_bytes()).unwrap();
        assert_eq!(back.public_key().as_ref(), theirs.public_key().as_ref());
    }
}

// --- OpenSSL and pyca/cryptography read what hpcrypt writes ---------------------

fn scratch(tool: &str, name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("hpcrypt-key-formats-{}-{tool}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d.join(name)
}

fn tool_works(cmd: &str, args: &[&str]) -> bool {
    Command::new(cmd)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// hpcrypt's key files for `tool`: `(path, "DER" | "PEM")`. The PKCS#8 v2
/// file comes last (see [`v2_verdict`]).
fn hpcrypt_written_files(tool: &str) -> (Ed25519SigningKey, Vec<(PathBuf, &'static str)>) {
    let key = Ed25519SigningKey::from_bytes(&hpcrypt::rand::random_bytes().unwrap());
    let vk = key.verifying_key();
    let files: Vec<(&str, &'static str, Vec<u8>)> = vec![
        (
            "v1.der",
            "DER",
            key.to_pkcs8_der().unwrap().as_bytes().to_vec(),
        ),
        (
            "v1.pem",
            "PEM",
            key.to_pkcs8_pem(LineEnding::LF)
                .unwrap()
                .as_bytes()
                .to_vec(),
        ),
        ("pub.der", "DER", vk.to_public_key_der().unwrap()),
        (
            "pub.pem",
            "PEM",
            vk.to_public_key_pem(LineEnding::LF).unwrap().into_bytes(),
        ),
        (
            "v2.der",
            "DER",
            key.to_pkcs8_v2_der().unwrap().as_bytes().to_vec(),
        ),
    ];
    let out = files
        .into_iter()
        .map(|(name, form, bytes)| {
            let p = scratch(tool, name);
            std::fs::write(&p, bytes).unwrap();
            (p, form)
        })
        .collect();
    (key, out)
}

/// v1 and SPKI must be read. PKCS#8 v2 is only reported: OpenSSL 3.0 and
/// pyca/cryptography (38 to 48 tried) refuse Ed25519 v2 documents, even the
/// RFC 8410 example, which is why hpcrypt writes v1 by default.
fn v2_verdict(tool: &str, path: &Path, ok: bool) -> bool {
    if path.ends_with("v2.der") {
        println!(
            "note: {tool} {} hpcrypt's PKCS#8 v2",
            if ok { "reads" } else { "refuses" }
        );
        return true;
    }
    false
}

#[test]
fn openssl_reads_hpcrypt_keys() {
    if !tool_works("openssl", &["version"]) {
        println!("note: `openssl` not found; OpenSSL check skipped");
        return;
    }
    let (key, files) = hpcrypt_written_files("openssl");
    let want = key.verifying_key().to_public_key_der().unwrap();
    for (path, form) in files {
        let public = path
            .file_name()
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("pub");
        let mut cmd = Command::new("openssl");
        cmd.args(["pkey", "-inform", form, "-in"]).arg(&path);
        if public {
            cmd.arg("-pubin");
        }
        let out = cmd.args(["-pubout", "-outform", "DER"]).output().unwrap();
        if v2_verdict("openssl", &path, out.status.success()) {
            continue;
        }
        assert!(out.status.success(), "openssl refused {path:?}: {out:?}");
        assert_eq!(
            out.stdout, want,
            "openssl derived another public key from {path:?}"
        );
    }
    println!("checked: openssl pkey read hpcrypt's PKCS#8 v1 (DER, PEM) and SPKI (DER, PEM) and derived the same public key");
}

#[test]
fn pyca_cryptography_reads_hpcrypt_keys() {
    if !tool_works("python3", &["-c", "import cryptography"]) {
        println!("note: python3 with `cryptography` not found; pyca check skipped");
        return;
    }
    let (key, files) = hpcrypt_written_files("pyca");
    const SCRIPT: &str = r#"
import sys
from cryptography.hazmat.primitives import serialization as s
path, form = sys.argv[1], sys.argv[2]
data = open(path, "rb").read()
public = path.rsplit("/", 1)[-1].startswith("pub")
load = {("DER", False): s.load_der_private_key, ("PEM", False): s.load_pem_private_key,
        ("DER", True): s.load_der_public_key, ("PEM", True): s.load_pem_public_key}[(form, public)]
k = load(data) if public else load(data, password=None)
if not public:
    k = k.public_key()
print(k.public_bytes(s.Encoding.Raw, s.PublicFormat.Raw).hex())
"#;
    let want = hex::encode(key.verifying_key().to_bytes());
    for (path, form) in files {
        let out = Command::new("python3")
            .args(["-c", SCRIPT])
            .arg(&path)
            .arg(form)
            .output()
            .unwrap();
        if v2_verdict("pyca/cryptography", &path, out.status.success()) {
            continue;
        }
        assert!(out.status.success(), "pyca refused {path:?}: {out:?}");
        assert_eq!(
            String::from_utf8(out.stdout).unwrap().trim(),
            want,
            "{path:?}"
        );
    }
    println!("checked: pyca/cryptography loaded hpcrypt's PKCS#8 v1 (DER, PEM) and SPKI (DER, PEM) with the same public key");
}
