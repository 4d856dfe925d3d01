//! Layer 2, machine-to-machine authentication: API keys of the form
//! `sk_live_<id>_<secret>`, of which the server keeps only SHA-256(secret).
//!
//! Run with `cargo run --release --example api_keys`.
//!
//! - The secret is 32 bytes from the OS RNG (`hpcrypt::rand`). With 256 bits
//!   of entropy a fast hash is enough: slow password hashes (Argon2, bcrypt)
//!   exist for guessable secrets, and nobody guesses 2^256.
//! - The id is 8 more random bytes, independent of the secret. (Deriving it
//!   from the secret's hash, as some guides do, would print a prefix of the
//!   stored verifier in every log line that shows the id.) The id is not
//!   secret: it only selects the row.
//! - The presented secret's hash is compared with the stored one by
//!   `hpcrypt::ct::constant_time_eq`, so response time does not reveal how
//!   many leading bytes matched. An unknown id costs the same hash and
//!   comparison against a dummy row.
//! - Rotation keeps at most two keys active per client: the current one and
//!   its predecessor until a grace deadline, so deployed clients can switch
//!   over without downtime.

use std::collections::HashMap;
use std::fmt;

use hpcrypt::ct::constant_time_eq;
use hpcrypt::hash::{Digest, Sha256};
use zeroize::Zeroizing;

const PREFIX: &str = "sk_live_";
const ID_LEN: usize = 8;
const SECRET_LEN: usize = 32;

/// What the server stores for one key: no secret, only its hash.
#[derive(Clone, Debug)]
struct StoredKey {
    client_id: String,
    secret_hash: Digest<32>,
    created_at: u64,
    /// Set when a newer key replaced this one: valid until then.
    retires_at: Option<u64>,
}

/// Why a presented key was refused. Log the reason; answer every one of them
/// with the same `401` so the caller cannot tell them apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum KeyError {
    Malformed,
    UnknownId,
    WrongSecret,
    Retired,
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            KeyError::Malformed => "not an sk_live_<id>_<secret> key",
            KeyError::UnknownId => "no key with this id",
            KeyError::WrongSecret => "secret does not match",
            KeyError::Retired => "key retired after rotation",
        })
    }
}

/// The server's key table, indexed by key id.
#[derive(Default)]
struct KeyStore {
    keys: HashMap<String, StoredKey>,
}

impl KeyStore {
    /// Creates a key for `client_id`. The full key is returned once, to hand
    /// to the client; only its id and the secret's hash are kept.
    fn issue(
        &mut self,
        client_id: &str,
        now: u64,
    ) -> Result<(String, Zeroizing<String>), hpcrypt::Error> {
        let id = hex::encode(hpcrypt::rand::random_bytes::<ID_LEN>()?);
        let secret = Zeroizing::new(hpcrypt::rand::random_bytes::<SECRET_LEN>()?);
        let api_key = Zeroizing::new(format!("{PREFIX}{id}_{}", hex::encode(*secret)));
        self.keys.insert(
            id.clone(),
            StoredKey {
                client_id: client_id.to_string(),
                secret_hash: Sha256::hash(&*secret),
                created_at: now,
                retires_at: None,
            },
        );
        Ok((id, api_key))
    }

    /// Checks a presented key and returns the client it belongs to.
    fn verify(&self, presented: &str, now: u64) -> Result<&str, KeyError> {
        let (id, secret) = parse(presented)?;
        let presented_hash = Sha256::hash(&*secret);
        let Some(stored) = self.keys.get(id) else {
            // Same work as a hit, so that probing ids is not faster.
            let _ = constant_time_eq(presented_hash, DUMMY_HASH);
            return Err(KeyError::UnknownId);
        };
        if !constant_time_eq(presented_hash, stored.secret_hash) {
            return Err(KeyError::WrongSecret);
        }
        // Checked after the secret: only the key's holder learns it is retired.
        if stored.retires_at.is_some_and(|t| now >= t) {
            return Err(KeyError::Retired);
        }
        Ok(&stored.client_id)
    }

    /// Issues a new key for `client_id`; the client's current key stays valid
    /// for `grace_secs`, and any older key still in its grace period is
    /// retired at once (never more than two active keys).
    fn rotate(
        &mut self,
        client_id: &str,
        now: u64,
        grace_secs: u64,
    ) -> Result<(String, Zeroizing<String>), hpcrypt::Error> {
        for key in self.keys.values_mut() {
            if key.client_id != client_id {
                continue;
            }
            key.retires_at = Some(match key.retires_at {
                None => now + grace_secs,
                Some(t) => t.min(now),
            });
        }
        self.issue(client_id, now)
    }

    /// Ids of the client's keys that verify at `now`, oldest first.
    fn active_keys(&self, client_id: &str, now: u64) -> Vec<&str> {
        let mut active: Vec<(&String, &StoredKey)> = self
            .keys
            .iter()
            .filter(|(_, k)| k.client_id == client_id && k.retires_at.is_none_or(|t| now < t))
            .collect();
        active.sort_by_key(|(_, k)| k.created_at);
        active.into_iter().map(|(id, _)| id.as_str()).collect()
    }
}

/// Any fixed 32 bytes: what an unknown id is compared against.
const DUMMY_HASH: [u8; 32] = [0u8; 32];

/// Splits `sk_live_<16 hex>_<64 hex>` into the id and the decoded secret.
fn parse(presented: &str) -> Result<(&str, Zeroizing<[u8; SECRET_LEN]>), KeyError> {
    let rest = presented.strip_prefix(PREFIX).ok_or(KeyError::Malformed)?;
    let (id, secret_hex) = rest.split_once('_').ok_or(KeyError::Malformed)?;
    if id.len() != 2 * ID_LEN || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(KeyError::Malformed);
    }
    let mut secret = Zeroizing::new([0u8; SECRET_LEN]);
    hex::decode_to_slice(secret_hex, &mut *secret).map_err(|_| KeyError::Malformed)?;
    Ok((id, secret))
}

/// `sk_live_1a2b…_9f8e…` with the secret elided, for printing.
fn redact(api_key: &str) -> String {
    format!("{}…", &api_key[..PREFIX.len() + 2 * ID_LEN + 5])
}

fn show(store: &KeyStore, label: &str, key: &str, now: u64) {
    match store.verify(key, now) {
        Ok(client) => println!("  {label:<44} -> client {client}"),
        Err(e) => println!("  {label:<44} -> REJECTED ({e})"),
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut store = KeyStore::default();
    let t0 = 1_700_000_000;
    const HOUR: u64 = 3600;

    let (id_a, key_a) = store.issue("acme", t0)?;
    println!(
        "Issued {} ({} chars) to client acme",
        redact(&key_a),
        key_a.len()
    );
    let row = &store.keys[&id_a];
    println!(
        "  stored: id={id_a} client={} sha256(secret)={}…  (the secret itself is not stored)",
        row.client_id,
        &row.secret_hash.to_hex()[..16]
    );

    println!("\nVerification (hash the presented secret, constant-time compare):");
    show(&store, "the issued key", &key_a, t0);
    let mut wrong = key_a.to_string();
    let last = wrong
        .pop()
        .map_or('0', |c| if c == '0' { '1' } else { '0' });
    wrong.push(last);
    show(&store, "same id, last secret digit changed", &wrong, t0);
    let unknown = format!("{PREFIX}{}_{}", "0".repeat(16), &key_a[PREFIX.len() + 17..]);
    show(&store, "unknown id", &unknown, t0);
    show(
        &store,
        "test-mode prefix",
        &key_a.replace("sk_live_", "sk_test_"),
        t0,
    );

    println!("\nRotation with a 24 h grace period:");
    let (_, key_b) = store.rotate("acme", t0 + HOUR, 24 * HOUR)?;
    println!("  issued {}", redact(&key_b));
    let at = t0 + 2 * HOUR;
    println!(
        "  active keys 1 h later: {:?}",
        store.active_keys("acme", at)
    );
    show(&store, "old key during grace period", &key_a, at);
    show(&store, "new key during grace period", &key_b, at);
    let at = t0 + 26 * HOUR;
    show(&store, "old key after grace period", &key_a, at);
    show(&store, "new key after grace period", &key_b, at);
    println!("  active keys then: {:?}", store.active_keys("acme", at));

    println!("\nTwo rotations in a row (leak response): never more than two active keys");
    let (_, key_c) = store.rotate("acme", at, 24 * HOUR)?;
    let (_, key_d) = store.rotate("acme", at, 24 * HOUR)?;
    println!("  active keys: {:?}", store.active_keys("acme", at));
    show(&store, "key b (retired by the second rotation)", &key_b, at);
    show(&store, "key c (in grace)", &key_c, at);
    show(&store, "key d (current)", &key_d, at);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: u64 = 1_700_000_000;

    #[test]
    fn key_format_and_storage() {
        let mut store = KeyStore::default();
        let (id, key) = store.issue("acme", T).unwrap();
        assert_eq!(key.len(), PREFIX.len() + 16 + 1 + 64);
        assert!(key.starts_with(&format!("{PREFIX}{id}_")));
        let secret = hex::decode(&key[key.len() - 64..]).unwrap();
        let row = &store.keys[&id];
        assert_eq!(row.secret_hash, Sha256::hash(&secret));
        // The stored row contains neither the secret nor the key.
        let stored = format!("{row:?}");
        assert!(!stored.contains(&key[key.len() - 64..]));
        // Two keys never share an id or secret.
        let (id2, key2) = store.issue("acme", T).unwrap();
        assert_ne!(id, id2);
        assert_ne!(key[key.len() - 64..], key2[key2.len() - 64..]);
    }

    #[test]
    fn verify_accepts_only_the_exact_key() {
        let mut store = KeyStore::default();
        let (_, key) = store.issue("acme", T).unwrap();
        assert_eq!(store.verify(&key, T), Ok("acme"));
        // Every single-character change is refused (and never panics).
        for i in 0..key.len() {
            let mut changed = key.as_bytes().to_vec();
            changed[i] = if changed[i] == b'a' { b'b' } else { b'a' };
            let changed = String::from_utf8(changed).unwrap();
            assert!(store.verify(&changed, T).is_err(), "position {i}");
        }
        for bad in [
            "",
            "sk_live_",
            "sk_live__",
            &key[..key.len() - 1],
            &format!("{}0", &*key),
            &key.to_uppercase(),
            "sk_live_zzzzzzzzzzzzzzzz_00",
        ] {
            assert!(store.verify(bad, T).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn failure_reasons() {
        let mut store = KeyStore::default();
        let (id, key) = store.issue("acme", T).unwrap();
        let other_secret = format!("{PREFIX}{id}_{}", "00".repeat(32));
        assert_eq!(store.verify(&other_secret, T), Err(KeyError::WrongSecret));
        let other_id = format!("{PREFIX}{}_{}", "0".repeat(16), &key[key.len() - 64..]);
        assert_eq!(store.verify(&other_id, T), Err(KeyError::UnknownId));
        assert_eq!(store.verify("sk_test_x", T), Err(KeyError::Malformed));
    }

    #[test]
    fn rotation_keeps_at_most_two_active_keys() {
        let mut store = KeyStore::default();
        let (a, key_a) = store.issue("acme", T).unwrap();
        let (_, other) = store.issue("globex", T).unwrap();
        let (b, key_b) = store.rotate("acme", T + 10, 100).unwrap();
        assert_eq!(
            store.active_keys("acme", T + 20),
            vec![a.as_str(), b.as_str()]
        );
        assert_eq!(store.verify(&key_a, T + 109), Ok("acme"));
        assert_eq!(store.verify(&key_a, T + 110), Err(KeyError::Retired));
        assert_eq!(store.verify(&key_b, T + 110), Ok("acme"));
        // Rotating again while `a` is still in grace retires `a` immediately.
        let (c, key_c) = store.rotate("acme", T + 50, 100).unwrap();
        assert_eq!(store.verify(&key_a, T + 50), Err(KeyError::Retired));
        assert_eq!(store.verify(&key_b, T + 50), Ok("acme"));
        assert_eq!(store.verify(&key_c, T + 50), Ok("acme"));
        assert_eq!(
            store.active_keys("acme", T + 50),
            vec![b.as_str(), c.as_str()]
        );
        // Other clients are untouched.
        assert_eq!(store.verify(&other, T + 1_000_000), Ok("globex"));
    }
}
