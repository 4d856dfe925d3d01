//! Layer 3, payload confidentiality: serde field-level encryption with
//! AES-256-GCM, random nonces and one HKDF-derived key per field.
//!
//! Run with `cargo run --release --example field_encryption`.
//!
//! - `#[serde(with = "...")]` on a field encrypts it on serialize and
//!   decrypts it on deserialize; the other fields stay readable for routing
//!   and logging.
//! - Each field gets its own AES-256 key: HKDF-SHA256 extract(salt, master)
//!   once, then expand(info = the field name). A ciphertext moved from `cvv`
//!   into `card_number` fails authentication, and one field's key can be
//!   handed to a service without exposing the others.
//! - Nonces are random 96-bit values drawn per encryption by
//!   `AesGcm256::seal_with_random_nonce`, which returns
//!   `nonce || ciphertext || tag`: callers never manage a nonce, and two
//!   encryptions of the same value look unrelated. (Random nonces are fine for
//!   up to 2^32 encryptions per key, SP 800-38D §8.3: rotate the master well
//!   before that.)
//! - Decryption returns nothing unless the tag verifies: any tampering is an
//!   error, never altered plaintext.
//! - What it does not cover: the plain fields (sign the whole request for
//!   that, see `request_signing`), and a ciphertext copied from the *same*
//!   field of another record, which still opens. To stop that, put a record
//!   id into the AAD; serde's `with` hook cannot see sibling fields, so that
//!   needs a custom `Serialize` for the record.
//!
//! serde's `with` functions take no context argument, so the keys reach them
//! through a thread-local set for the duration of one (de)serialization by
//! [`with_field_keys`]; outside it, (de)serializing an encrypted field is an
//! error, not a panic and never plaintext.

use std::cell::RefCell;
use std::rc::Rc;

use hpcrypt::aead::AesGcm256;
use hpcrypt::hash::Sha256;
use hpcrypt::kdf::{HkdfSha256, Prk};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

#[path = "common/base64url.rs"]
mod base64url;

/// Prefix and version of an encrypted field's text, so the format can change.
const FIELD_PREFIX: &str = "enc:v1:";
/// Longest plaintext a field may hold; longer input is refused before any
/// work (and encoded input longer than this allows is refused before decoding).
const MAX_FIELD_LEN: usize = 1024;
const NONCE_LEN: usize = 12;
const TAG_LEN: usize = 16;

/// The master secret's HKDF PRK; per-field keys are expanded from it.
pub struct FieldKeys {
    prk: Prk<Sha256>,
}

impl FieldKeys {
    /// `salt` names the application and key version, e.g. `b"payments/v1"`.
    pub fn new(master: &[u8; 32], salt: &[u8]) -> Self {
        FieldKeys {
            prk: HkdfSha256::extract(salt, master),
        }
    }

    /// The AES-256-GCM key for `field`: HKDF-Expand(PRK, info = field name, 32).
    fn cipher(&self, field: &str) -> Result<AesGcm256, hpcrypt::Error> {
        let mut key = Zeroizing::new([0u8; 32]);
        self.prk.expand(field.as_bytes(), &mut *key)?;
        Ok(AesGcm256::new(&key))
    }
}

thread_local! {
    static ACTIVE_KEYS: RefCell<Option<Rc<FieldKeys>>> = const { RefCell::new(None) };
}

/// Runs `f` with `keys` available to the encrypted-field (de)serializers on
/// this thread, and restores the previous keys afterwards, even on panic.
pub fn with_field_keys<R>(keys: &Rc<FieldKeys>, f: impl FnOnce() -> R) -> R {
    struct Restore(Option<Rc<FieldKeys>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            ACTIVE_KEYS.with(|k| *k.borrow_mut() = self.0.take());
        }
    }
    let previous = ACTIVE_KEYS.with(|k| k.borrow_mut().replace(Rc::clone(keys)));
    let _restore = Restore(previous);
    f()
}

fn active_keys() -> Result<Rc<FieldKeys>, String> {
    ACTIVE_KEYS
        .with(|k| k.borrow().clone())
        .ok_or_else(|| "no field keys in scope (use with_field_keys)".to_string())
}

/// Encrypts `value` for `field`: `enc:v1:` + base64url(nonce || ct || tag).
/// The field name is also the AAD, so even under a shared key a ciphertext
/// would not open in another field.
fn encrypt_field(field: &str, value: &str) -> Result<String, String> {
    if value.len() > MAX_FIELD_LEN {
        return Err(format!("{field}: value longer than {MAX_FIELD_LEN} bytes"));
    }
    let cipher = active_keys()?
        .cipher(field)
        .map_err(|e| format!("{field}: {e}"))?;
    let sealed = cipher
        .seal_with_random_nonce(value.as_bytes(), field.as_bytes())
        .map_err(|e| format!("{field}: {e}"))?;
    Ok(format!("{FIELD_PREFIX}{}", base64url::encode(sealed)))
}

/// Inverse of [`encrypt_field`]; any change to the text is an error.
fn decrypt_field(field: &str, encoded: &str) -> Result<String, String> {
    let body = encoded
        .strip_prefix(FIELD_PREFIX)
        .ok_or_else(|| format!("{field}: not an {FIELD_PREFIX} value"))?;
    // Validate size before decoding or decrypting anything.
    let max_encoded = (NONCE_LEN + MAX_FIELD_LEN + TAG_LEN).div_ceil(3) * 4;
    if body.len() > max_encoded {
        return Err(format!("{field}: encrypted value too long"));
    }
    let sealed = base64url::decode(body).map_err(|e| format!("{field}: {e}"))?;
    let cipher = active_keys()?
        .cipher(field)
        .map_err(|e| format!("{field}: {e}"))?;
    let plaintext = Zeroizing::new(
        cipher
            .open_with_random_nonce(&sealed, field.as_bytes())
            .map_err(|e| format!("{field}: {e} (tampered, moved or wrong key)"))?,
    );
    String::from_utf8(plaintext.to_vec()).map_err(|_| format!("{field}: plaintext is not UTF-8"))
}

/// Declares a module usable as `#[serde(with = "module")]` that encrypts a
/// `String` field under the key for `field`.
macro_rules! encrypted_field {
    ($module:ident, $field:literal) => {
        mod $module {
            pub fn serialize<S: serde::Serializer>(value: &str, s: S) -> Result<S::Ok, S::Error> {
                let encoded =
                    super::encrypt_field($field, value).map_err(serde::ser::Error::custom)?;
                s.serialize_str(&encoded)
            }

            pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
                let encoded = <String as serde::Deserialize>::deserialize(d)?;
                super::decrypt_field($field, &encoded).map_err(serde::de::Error::custom)
            }
        }
    };
}

encrypted_field!(encrypted_card_number, "card_number");
encrypted_field!(encrypted_cvv, "cvv");

/// A payment request whose card data is encrypted field by field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct PaymentRequest {
    order_id: String,
    amount: u64,
    currency: String,
    #[serde(with = "encrypted_card_number")]
    card_number: String,
    #[serde(with = "encrypted_cvv")]
    cvv: String,
}

fn to_json(keys: &Rc<FieldKeys>, req: &PaymentRequest) -> serde_json::Result<String> {
    with_field_keys(keys, || serde_json::to_string(req))
}

fn from_json(keys: &Rc<FieldKeys>, json: &str) -> serde_json::Result<PaymentRequest> {
    with_field_keys(keys, || serde_json::from_str(json))
}

/// Replaces one JSON string field's value (the attacker's edit).
fn set_field(json: &str, field: &str, value: &str) -> String {
    set_json(json, field, serde_json::Value::String(value.to_string()))
}

fn set_json(json: &str, field: &str, value: serde_json::Value) -> String {
    let mut v: serde_json::Value = serde_json::from_str(json).expect("valid JSON");
    v[field] = value;
    v.to_string()
}

fn get_field(json: &str, field: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(json).expect("valid JSON");
    v[field].as_str().unwrap_or_default().to_string()
}

fn show(label: &str, result: serde_json::Result<PaymentRequest>) {
    match result {
        Ok(r) => println!(
            "  {label:<42} decrypted (card {}, cvv {}, amount {})",
            r.card_number, r.cvv, r.amount
        ),
        Err(e) => println!("  {label:<42} REJECTED  ({e})"),
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let master: [u8; 32] = hpcrypt::rand::random_bytes()?;
    let keys = Rc::new(FieldKeys::new(&master, b"payments/v1"));
    let req = PaymentRequest {
        order_id: "ord_1001".into(),
        amount: 4200,
        currency: "EUR".into(),
        card_number: "4111111111111111".into(),
        cvv: "123".into(),
    };

    let json = to_json(&keys, &req)?;
    println!("Serialized with AES-256-GCM per field (HKDF info = field name):");
    println!("  {json}");
    let again = to_json(&keys, &req)?;
    println!(
        "  serialized again, card_number ciphertext differs (random nonce): {}",
        get_field(&json, "card_number") != get_field(&again, "card_number")
    );
    println!(
        "  card_number: {} bytes of plaintext -> {} bytes sealed (12 nonce + 16 tag)",
        req.card_number.len(),
        base64url::decode(&get_field(&json, "card_number")["enc:v1:".len()..])?.len()
    );

    println!("\nDeserializing:");
    show("as written", from_json(&keys, &json));
    let mut ct = get_field(&json, "card_number");
    let i = ct.len() - 10;
    let flipped = if &ct[i..=i] == "A" { "B" } else { "A" };
    ct.replace_range(i..=i, flipped);
    show(
        "one ciphertext character changed",
        from_json(&keys, &set_field(&json, "card_number", &ct)),
    );
    show(
        "cvv ciphertext moved into card_number",
        from_json(
            &keys,
            &set_field(&json, "card_number", &get_field(&json, "cvv")),
        ),
    );
    let other_keys = Rc::new(FieldKeys::new(
        &hpcrypt::rand::random_bytes()?,
        b"payments/v1",
    ));
    show("with another master key", from_json(&other_keys, &json));
    show(
        "amount changed (not encrypted, not bound)",
        from_json(&keys, &set_json(&json, "amount", 9900.into())),
    );
    println!(
        "  (the plain fields are not authenticated by field encryption: sign the whole \
         request too, see request_signing)"
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> Rc<FieldKeys> {
        Rc::new(FieldKeys::new(&[7u8; 32], b"payments/v1"))
    }

    fn request() -> PaymentRequest {
        PaymentRequest {
            order_id: "ord_1".into(),
            amount: 1,
            currency: "EUR".into(),
            card_number: "4111111111111111".into(),
            cvv: "123".into(),
        }
    }

    #[test]
    fn round_trip_hides_the_plaintext() {
        let k = keys();
        let json = to_json(&k, &request()).unwrap();
        assert!(!json.contains("4111111111111111"));
        assert!(get_field(&json, "cvv").starts_with(FIELD_PREFIX));
        assert_eq!(get_field(&json, "order_id"), "ord_1");
        assert_eq!(from_json(&k, &json).unwrap(), request());
        // Random nonces: the same value never encrypts the same way twice.
        let again = to_json(&k, &request()).unwrap();
        assert_ne!(get_field(&json, "cvv"), get_field(&again, "cvv"));
        assert_eq!(from_json(&k, &again).unwrap(), request());
    }

    /// The field key is HKDF-SHA256(salt, master, info = field name) and the
    /// value is plain AES-256-GCM: an independent implementation (the `hkdf`
    /// and `aes-gcm` crates) opens it.
    #[test]
    fn independent_implementation_decrypts_the_field() {
        use aes_gcm::aead::{Aead as _, KeyInit as _, Payload};
        let json = to_json(&keys(), &request()).unwrap();
        let sealed =
            base64url::decode(&get_field(&json, "card_number")[FIELD_PREFIX.len()..]).unwrap();
        let mut key = [0u8; 32];
        hkdf::Hkdf::<sha2::Sha256>::new(Some(b"payments/v1"), &[7u8; 32])
            .expand(b"card_number", &mut key)
            .unwrap();
        let cipher = aes_gcm::Aes256Gcm::new_from_slice(&key).unwrap();
        let (nonce, ct) = sealed.split_at(NONCE_LEN);
        let pt = cipher
            .decrypt(
                aes_gcm::Nonce::from_slice(nonce),
                Payload {
                    msg: ct,
                    aad: b"card_number",
                },
            )
            .unwrap();
        assert_eq!(pt, b"4111111111111111");
    }

    #[test]
    fn every_tampered_byte_is_detected() {
        let k = keys();
        let json = to_json(&k, &request()).unwrap();
        let ct = get_field(&json, "cvv");
        let sealed = base64url::decode(&ct[FIELD_PREFIX.len()..]).unwrap();
        for i in 0..sealed.len() {
            let mut bad = sealed.clone();
            bad[i] ^= 0x01;
            let forged = format!("{FIELD_PREFIX}{}", base64url::encode(&bad));
            assert!(
                from_json(&k, &set_field(&json, "cvv", &forged)).is_err(),
                "byte {i}"
            );
        }
        // Truncation, extension, and nothing at all.
        for forged in [
            format!(
                "{FIELD_PREFIX}{}",
                base64url::encode(&sealed[..sealed.len() - 1])
            ),
            format!(
                "{FIELD_PREFIX}{}",
                base64url::encode([sealed.as_slice(), &[0]].concat())
            ),
            FIELD_PREFIX.to_string(),
        ] {
            assert!(from_json(&k, &set_field(&json, "cvv", &forged)).is_err());
        }
    }

    #[test]
    fn fields_and_keys_do_not_mix() {
        let k = keys();
        let json = to_json(&k, &request()).unwrap();
        let swapped = set_field(&json, "card_number", &get_field(&json, "cvv"));
        let err = from_json(&k, &swapped).unwrap_err().to_string();
        assert!(err.contains("card_number"), "{err}");
        let other = Rc::new(FieldKeys::new(&[8u8; 32], b"payments/v1"));
        assert!(from_json(&other, &json).is_err());
        let other_salt = Rc::new(FieldKeys::new(&[7u8; 32], b"payments/v2"));
        assert!(from_json(&other_salt, &json).is_err());
    }

    #[test]
    fn no_keys_in_scope_is_an_error() {
        assert!(serde_json::to_string(&request()).is_err());
        let json = to_json(&keys(), &request()).unwrap();
        assert!(serde_json::from_str::<PaymentRequest>(&json).is_err());
        // The scope is restored afterwards.
        assert!(ACTIVE_KEYS.with(|a| a.borrow().is_none()));
    }

    #[test]
    fn malformed_and_oversize_input_is_refused() {
        let k = keys();
        let json = to_json(&k, &request()).unwrap();
        for bad in [
            "4111111111111111".to_string(),
            "enc:v1:!!!".to_string(),
            "enc:v1:A".to_string(),
            "enc:v0:AAAA".to_string(),
            format!("{FIELD_PREFIX}{}", "A".repeat(4 * 1024)),
        ] {
            assert!(
                from_json(&k, &set_field(&json, "cvv", &bad)).is_err(),
                "{bad:?}"
            );
        }
        let mut big = request();
        big.cvv = "9".repeat(MAX_FIELD_LEN + 1);
        assert!(to_json(&k, &big).is_err());
        big.cvv.pop();
        assert_eq!(from_json(&k, &to_json(&k, &big).unwrap()).unwrap(), big);
    }
}
