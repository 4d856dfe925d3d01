//! Layer 4, audit: a hash-chained audit log whose verification names the
//! first altered or removed entry, plus an Ed25519-signed checkpoint of the
//! head.
//!
//! Run with `cargo run --release --example audit_log`.
//!
//! Each entry's hash is SHA-256 over a canonical byte string of all its
//! fields *including the previous entry's hash*, so changing any entry
//! changes every later hash. The canonical form is length-prefixed (no two
//! different entries encode to the same bytes, whatever characters the
//! fields contain) and its `details` JSON is written with sorted keys (so
//! the hash survives a round trip through any JSON tool that reorders keys).
//!
//! A hash chain alone cannot catch an attacker who rewrites an entry *and
//! every entry after it*, or who cuts entries off the end. The checkpoint
//! closes that gap: the log's length and head hash, signed with Ed25519 by a
//! key the log's writer does not share with whoever can edit storage.

use std::fmt;

use hpcrypt::hash::Sha256;
use hpcrypt::signature::{Ed25519SigningKey, Ed25519VerifyingKey, Signer, Verifier};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// `previous_hash` of the first entry.
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";
/// Separates this log's hashes from any other SHA-256 use of the same bytes.
const DOMAIN: &[u8] = b"hpcrypt-example/audit-entry/v1\0";

/// One log line, stored as JSON.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct AuditEntry {
    seq: u64,
    timestamp: u64,
    action: String,
    actor: String,
    resource: String,
    details: Value,
    /// Hex SHA-256 of the previous entry (`GENESIS` for the first).
    previous_hash: String,
    /// Hex SHA-256 of this entry's canonical bytes.
    hash: String,
}

impl AuditEntry {
    /// The bytes the hash covers: every field but `hash`, unambiguously.
    fn canonical_bytes(&self) -> Vec<u8> {
        let mut out = DOMAIN.to_vec();
        out.extend_from_slice(&self.seq.to_be_bytes());
        out.extend_from_slice(&self.timestamp.to_be_bytes());
        for field in [
            self.action.as_bytes(),
            self.actor.as_bytes(),
            self.resource.as_bytes(),
            canonical_json(&self.details).as_bytes(),
            self.previous_hash.as_bytes(),
        ] {
            out.extend_from_slice(&(field.len() as u64).to_be_bytes());
            out.extend_from_slice(field);
        }
        out
    }

    fn compute_hash(&self) -> String {
        Sha256::hash(&self.canonical_bytes()).to_hex()
    }
}

/// JSON with object keys sorted at every level, no whitespace.
fn canonical_json(value: &Value) -> String {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            let members: Vec<String> = keys
                .into_iter()
                .map(|k| format!("{}:{}", Value::String(k.clone()), canonical_json(&map[k])))
                .collect();
            format!("{{{}}}", members.join(","))
        }
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(canonical_json).collect();
            format!("[{}]", items.join(","))
        }
        scalar => scalar.to_string(),
    }
}

/// An append-only log.
#[derive(Default)]
struct AuditLog {
    entries: Vec<AuditEntry>,
}

impl AuditLog {
    fn append(
        &mut self,
        timestamp: u64,
        action: &str,
        actor: &str,
        resource: &str,
        details: Value,
    ) -> &AuditEntry {
        let previous_hash = self
            .entries
            .last()
            .map_or_else(|| GENESIS.to_string(), |e| e.hash.clone());
        let mut entry = AuditEntry {
            seq: self.entries.len() as u64,
            timestamp,
            action: action.into(),
            actor: actor.into(),
            resource: resource.into(),
            details,
            previous_hash,
            hash: String::new(),
        };
        entry.hash = entry.compute_hash();
        self.entries.push(entry);
        self.entries.last().expect("just pushed")
    }
}

/// The signed statement "the log had `len` entries, the last hashing to `head`".
#[derive(Clone, Debug, Serialize, Deserialize)]
struct Checkpoint {
    len: u64,
    head: String,
    /// Hex Ed25519 signature over `checkpoint_message(len, head)`.
    signature: String,
}

fn checkpoint_message(len: u64, head: &str) -> Vec<u8> {
    let mut msg = b"hpcrypt-example/audit-checkpoint/v1\0".to_vec();
    msg.extend_from_slice(&len.to_be_bytes());
    msg.extend_from_slice(head.as_bytes());
    msg
}

fn sign_checkpoint(entries: &[AuditEntry], key: &Ed25519SigningKey) -> Checkpoint {
    let len = entries.len() as u64;
    let head = entries
        .last()
        .map_or_else(|| GENESIS.to_string(), |e| e.hash.clone());
    let signature = hex::encode(key.sign(&checkpoint_message(len, &head)));
    Checkpoint {
        len,
        head,
        signature,
    }
}

/// The first problem verification found, with the index it concerns.
#[derive(Clone, Debug, PartialEq, Eq)]
enum ChainError {
    /// The entry's stored hash does not match its content: it was edited.
    Altered { index: usize },
    /// The sequence number jumps: entries `expected..found` are missing
    /// before this index.
    Removed {
        index: usize,
        expected: u64,
        found: u64,
    },
    /// The sequence number repeats or goes back: an entry was inserted or
    /// the entries were reordered.
    OutOfOrder {
        index: usize,
        expected: u64,
        found: u64,
    },
    /// The entry at `index` is self-consistent but the next one commits to a
    /// different hash for it: it was rewritten and its hash recomputed.
    Rewritten { index: usize },
    /// Fewer entries than the signed checkpoint covers.
    Truncated { expected_len: u64, found_len: usize },
    /// The chain is self-consistent but ends in another head than the one
    /// signed: rewritten from some point on, hashes and all.
    CheckpointMismatch { len: u64 },
    /// The checkpoint's own signature is invalid.
    BadCheckpoint,
}

impl fmt::Display for ChainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChainError::Altered { index } => {
                write!(f, "entry {index}: content altered (stored hash does not match)")
            }
            ChainError::Removed {
                index,
                expected,
                found,
            } => {
                let last = found - 1;
                let which = if *expected == last {
                    format!("entry {expected} was")
                } else {
                    format!("entries {expected}..={last} were")
                };
                write!(f, "entry {index}: sequence jumps from {expected} to {found}: {which} removed")
            }
            ChainError::OutOfOrder {
                index,
                expected,
                found,
            } => write!(
                f,
                "entry {index}: sequence number {found} where {expected} was expected (inserted or reordered)"
            ),
            ChainError::Rewritten { index } => write!(
                f,
                "entry {index}: rewritten with a recomputed hash (entry {} still links to the original)",
                index + 1
            ),
            ChainError::Truncated {
                expected_len,
                found_len,
            } => {
                let last = expected_len - 1;
                let which = if *found_len as u64 == last {
                    format!("entry {last}")
                } else {
                    format!("entries {found_len}..={last}")
                };
                write!(
                    f,
                    "log truncated: {found_len} entries, the signed checkpoint covers \
                     {expected_len} ({which} removed)"
                )
            }
            ChainError::CheckpointMismatch { len } => write!(
                f,
                "the first {len} entries hash to another head than the signed one: \
                 the chain was rewritten and re-hashed"
            ),
            ChainError::BadCheckpoint => f.write_str("checkpoint signature invalid"),
        }
    }
}

/// Walks the chain from the start and returns the first inconsistency.
///
/// Per entry, in this order: its own hash (edited content), its sequence
/// number (removed, inserted or reordered entries), its link to the
/// previous entry (a predecessor rewritten with a recomputed hash). Then,
/// if a checkpoint is given, its signature, the length and the head.
fn verify_chain(
    entries: &[AuditEntry],
    checkpoint: Option<(&Checkpoint, &Ed25519VerifyingKey)>,
) -> Result<(), ChainError> {
    for (index, entry) in entries.iter().enumerate() {
        if entry.compute_hash() != entry.hash {
            return Err(ChainError::Altered { index });
        }
        let expected = index as u64;
        if entry.seq > expected {
            return Err(ChainError::Removed {
                index,
                expected,
                found: entry.seq,
            });
        }
        if entry.seq < expected {
            return Err(ChainError::OutOfOrder {
                index,
                expected,
                found: entry.seq,
            });
        }
        let previous = index
            .checked_sub(1)
            .map_or(GENESIS, |p| entries[p].hash.as_str());
        if entry.previous_hash != previous {
            // Entry `index` is intact (its hash matched) and numbered right,
            // so the predecessor it committed to is the one that changed.
            return Err(match index.checked_sub(1) {
                Some(p) => ChainError::Rewritten { index: p },
                None => ChainError::Altered { index },
            });
        }
    }
    if let Some((cp, key)) = checkpoint {
        let signature = hex::decode(&cp.signature).map_err(|_| ChainError::BadCheckpoint)?;
        key.verify(&checkpoint_message(cp.len, &cp.head), &signature)
            .map_err(|_| ChainError::BadCheckpoint)?;
        if (entries.len() as u64) < cp.len {
            return Err(ChainError::Truncated {
                expected_len: cp.len,
                found_len: entries.len(),
            });
        }
        let head = usize::try_from(cp.len)
            .ok()
            .and_then(|n| n.checked_sub(1))
            .map_or(GENESIS, |i| entries[i].hash.as_str());
        if head != cp.head {
            return Err(ChainError::CheckpointMismatch { len: cp.len });
        }
    }
    Ok(())
}

/// A small log to work with.
fn sample_log() -> AuditLog {
    let mut log = AuditLog::default();
    let t = 1_700_000_000;
    log.append(
        t,
        "login",
        "alice",
        "session/81",
        json!({"ip": "203.0.113.7", "mfa": true}),
    );
    log.append(
        t + 5,
        "update",
        "alice",
        "customer/42",
        json!({"field": "email"}),
    );
    log.append(
        t + 9,
        "export",
        "alice",
        "report/q3",
        json!({"rows": 1200, "format": "csv"}),
    );
    log.append(t + 30, "grant", "bob", "role/admin", json!({"to": "carol"}));
    log.append(
        t + 31,
        "delete",
        "carol",
        "customer/42",
        json!({"reason": "gdpr"}),
    );
    log
}

fn report(label: &str, result: Result<(), ChainError>) {
    match result {
        Ok(()) => println!("  {label:<46} chain verified"),
        Err(e) => println!("  {label:<46} FAILED: {e}"),
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let log = sample_log();
    println!("Audit log (hash = SHA-256 over canonical fields incl. previous hash):");
    for e in &log.entries {
        println!(
            "  #{} {:<7} {:<6} {:<12} prev {}…  hash {}…",
            e.seq,
            e.action,
            e.actor,
            e.resource,
            &e.previous_hash[..12],
            &e.hash[..12]
        );
    }
    let signer = Ed25519SigningKey::generate();
    let checkpoint = sign_checkpoint(&log.entries, &signer);
    let vk = signer.verifying_key();
    let anchor = Some((&checkpoint, &vk));
    println!(
        "  checkpoint: len {} head {}… signed with Ed25519\n",
        checkpoint.len,
        &checkpoint.head[..12]
    );

    println!("Verification:");
    report("untouched log", verify_chain(&log.entries, anchor));

    // Round trip through JSON lines, as stored on disk.
    let jsonl: Vec<String> = log
        .entries
        .iter()
        .map(serde_json::to_string)
        .collect::<Result<_, _>>()?;
    let reloaded: Vec<AuditEntry> = jsonl
        .iter()
        .map(|l| serde_json::from_str(l))
        .collect::<Result<_, _>>()?;
    report(
        "after a JSON-lines round trip",
        verify_chain(&reloaded, anchor),
    );

    let mut edited = log.entries.clone();
    edited[2].details = json!({"rows": 12, "format": "csv"});
    report("entry 2 details edited", verify_chain(&edited, anchor));

    let mut removed = log.entries.clone();
    removed.remove(3);
    report("entry 3 deleted", verify_chain(&removed, anchor));

    let mut rehashed = log.entries.clone();
    rehashed[1].actor = "mallory".into();
    rehashed[1].hash = rehashed[1].compute_hash();
    report(
        "entry 1 edited and re-hashed",
        verify_chain(&rehashed, anchor),
    );

    let truncated = &log.entries[..4];
    report(
        "last entry cut off (no checkpoint)",
        verify_chain(truncated, None),
    );
    report(
        "last entry cut off (with checkpoint)",
        verify_chain(truncated, anchor),
    );

    let mut rewritten = AuditLog {
        entries: log.entries[..3].to_vec(),
    };
    rewritten.append(
        1_700_000_030,
        "grant",
        "bob",
        "role/viewer",
        json!({"to": "carol"}),
    );
    rewritten.append(
        1_700_000_031,
        "delete",
        "carol",
        "customer/42",
        json!({"reason": "gdpr"}),
    );
    report(
        "tail rewritten and re-hashed (no checkpoint)",
        verify_chain(&rewritten.entries, None),
    );
    report(
        "  … with the checkpoint",
        verify_chain(&rewritten.entries, anchor),
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signed() -> (AuditLog, Checkpoint, Ed25519VerifyingKey) {
        let log = sample_log();
        let key = Ed25519SigningKey::from_bytes(&[3u8; 32]);
        let cp = sign_checkpoint(&log.entries, &key);
        (log, cp, key.verifying_key())
    }

    #[test]
    fn fresh_log_verifies_and_chains() {
        let (log, cp, vk) = signed();
        assert_eq!(verify_chain(&log.entries, Some((&cp, &vk))), Ok(()));
        assert_eq!(log.entries[0].previous_hash, GENESIS);
        for w in log.entries.windows(2) {
            assert_eq!(w[1].previous_hash, w[0].hash);
        }
        assert_eq!(verify_chain(&[], None), Ok(()));
    }

    #[test]
    fn hash_is_sha256_of_the_documented_canonical_bytes() {
        let e = &sample_log().entries[1];
        let mut expected = DOMAIN.to_vec();
        expected.extend_from_slice(&1u64.to_be_bytes());
        expected.extend_from_slice(&1_700_000_005u64.to_be_bytes());
        for f in [
            "update",
            "alice",
            "customer/42",
            r#"{"field":"email"}"#,
            &e.previous_hash,
        ] {
            expected.extend_from_slice(&(f.len() as u64).to_be_bytes());
            expected.extend_from_slice(f.as_bytes());
        }
        use sha2::Digest as _;
        assert_eq!(e.hash, hex::encode(sha2::Sha256::digest(&expected)));
    }

    #[test]
    fn canonical_form_ignores_key_order_but_not_content() {
        let a: Value =
            serde_json::from_str(r#"{"b":1,"a":{"y":[1,{"d":2,"c":3}],"x":"s"}}"#).unwrap();
        let b: Value =
            serde_json::from_str(r#"{"a":{"x":"s","y":[1,{"c":3,"d":2}]},"b":1}"#).unwrap();
        assert_eq!(canonical_json(&a), canonical_json(&b));
        assert_eq!(
            canonical_json(&a),
            r#"{"a":{"x":"s","y":[1,{"c":3,"d":2}]},"b":1}"#
        );
        // Field boundaries are unambiguous: moving text between fields changes the hash.
        let log = sample_log();
        let mut e = log.entries[0].clone();
        e.action = "log".into();
        e.actor = "inalice".into();
        assert_ne!(e.compute_hash(), log.entries[0].hash);
    }

    #[test]
    fn pinpoints_an_edited_entry() {
        let (log, cp, vk) = signed();
        for i in 0..log.entries.len() {
            let mut edited = log.entries.clone();
            edited[i].timestamp += 1;
            assert_eq!(
                verify_chain(&edited, Some((&cp, &vk))),
                Err(ChainError::Altered { index: i })
            );
            let mut edited = log.entries.clone();
            edited[i].previous_hash = GENESIS.replace('0', "1");
            assert_eq!(
                verify_chain(&edited, None),
                Err(ChainError::Altered { index: i })
            );
        }
    }

    #[test]
    fn pinpoints_a_removed_entry() {
        let (log, _, _) = signed();
        for i in 0..log.entries.len() - 1 {
            let mut removed = log.entries.clone();
            removed.remove(i);
            assert_eq!(
                verify_chain(&removed, None),
                Err(ChainError::Removed {
                    index: i,
                    expected: i as u64,
                    found: i as u64 + 1
                })
            );
        }
        let mut two = log.entries.clone();
        two.drain(1..3);
        let err = verify_chain(&two, None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "entry 1: sequence jumps from 1 to 3: entries 1..=2 were removed"
        );
    }

    #[test]
    fn pinpoints_a_rewritten_and_rehashed_entry() {
        let (log, _, _) = signed();
        for i in 0..log.entries.len() - 1 {
            let mut rewritten = log.entries.clone();
            rewritten[i].resource = "elsewhere".into();
            rewritten[i].hash = rewritten[i].compute_hash();
            assert_eq!(
                verify_chain(&rewritten, None),
                Err(ChainError::Rewritten { index: i })
            );
        }
    }

    #[test]
    fn reordering_and_duplication_are_detected() {
        let (log, _, _) = signed();
        let mut swapped = log.entries.clone();
        swapped.swap(1, 2);
        assert_eq!(
            verify_chain(&swapped, None),
            Err(ChainError::Removed {
                index: 1,
                expected: 1,
                found: 2
            })
        );
        let mut duplicated = log.entries.clone();
        duplicated.insert(2, duplicated[1].clone());
        assert_eq!(
            verify_chain(&duplicated, None),
            Err(ChainError::OutOfOrder {
                index: 2,
                expected: 2,
                found: 1
            })
        );
    }

    #[test]
    fn checkpoint_catches_truncation_and_full_rewrites() {
        let (log, cp, vk) = signed();
        let anchor = Some((&cp, &vk));
        assert_eq!(verify_chain(&log.entries[..4], None), Ok(()));
        assert_eq!(
            verify_chain(&log.entries[..4], anchor),
            Err(ChainError::Truncated {
                expected_len: 5,
                found_len: 4
            })
        );
        let mut rewritten = AuditLog {
            entries: log.entries[..2].to_vec(),
        };
        for e in &log.entries[2..] {
            rewritten.append(
                e.timestamp,
                "noop",
                &e.actor,
                &e.resource,
                e.details.clone(),
            );
        }
        assert_eq!(verify_chain(&rewritten.entries, None), Ok(()));
        assert_eq!(
            verify_chain(&rewritten.entries, anchor),
            Err(ChainError::CheckpointMismatch { len: 5 })
        );
        // Appending after the checkpoint is fine: it covers a prefix.
        let mut longer = sample_log();
        longer.append(1, "logout", "alice", "session/81", json!({}));
        assert_eq!(verify_chain(&longer.entries, anchor), Ok(()));
        // A forged checkpoint (wrong key, or edited length) is refused.
        let other = Ed25519SigningKey::from_bytes(&[4u8; 32]).verifying_key();
        assert_eq!(
            verify_chain(&log.entries, Some((&cp, &other))),
            Err(ChainError::BadCheckpoint)
        );
        let mut shorter = cp.clone();
        shorter.len = 4;
        assert_eq!(
            verify_chain(&log.entries, Some((&shorter, &vk))),
            Err(ChainError::BadCheckpoint)
        );
    }
}
