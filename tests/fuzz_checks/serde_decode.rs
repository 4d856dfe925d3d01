//! The property the `serde_decode` fuzz target checks (feature `serde`),
//! shared by `fuzz/` and `tests/ecosystem.rs` (which replays saved inputs
//! under `tests/regressions/serde_decode/`): decoding outside data into
//! digests, Ed25519 public keys and signatures never panics, accepts
//! exactly the well-formed inputs, and round-trips what it accepts.

use hpcrypt::hash::Digest;
use hpcrypt::signature::{Ed25519Signature, Ed25519VerifyingKey};
use serde::de::value::{BytesDeserializer, Error as ValueError, StrDeserializer};
use serde::Deserialize;

/// Lower-case hex of `bytes`.
fn hex_lower(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether `s` is exactly `2 * n` hex digits.
fn is_hex_of_len(s: &str, n: usize) -> bool {
    s.len() == 2 * n && s.bytes().all(|c| c.is_ascii_hexdigit())
}

/// The byte form (`visit_bytes`) and the string form (`visit_str`) of one
/// type; `valid` says which `N`-byte values it accepts.
fn check_type<T, const N: usize>(
    data: &[u8],
    to_bytes: fn(&T) -> [u8; N],
    valid: fn(&[u8; N]) -> bool,
) where
    T: for<'de> Deserialize<'de> + serde::Serialize,
{
    let from_bytes = T::deserialize(BytesDeserializer::<ValueError>::new(data));
    match <&[u8; N]>::try_from(data) {
        Ok(arr) if valid(arr) => {
            let v = from_bytes.expect("well-formed bytes must decode");
            assert_eq!(&to_bytes(&v), arr);
        }
        _ => assert!(from_bytes.is_err(), "malformed bytes decoded"),
    }

    let text = String::from_utf8_lossy(data);
    let from_str = T::deserialize(StrDeserializer::<ValueError>::new(&text));
    if is_hex_of_len(&text, N) {
        let mut arr = [0u8; N];
        for (i, b) in arr.iter_mut().enumerate() {
            *b = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).expect("hex");
        }
        if valid(&arr) {
            let v = from_str.expect("well-formed hex must decode");
            assert_eq!(to_bytes(&v), arr);
            let json = serde_json::to_string(&v).expect("serialize");
            assert_eq!(json, format!("\"{}\"", hex_lower(&arr)));
        } else {
            assert!(from_str.is_err());
        }
    } else {
        assert!(from_str.is_err(), "malformed hex decoded: {text:?}");
    }

    // Arbitrary JSON: never a panic; whatever decodes re-encodes to itself.
    if let Ok(v) = serde_json::from_slice::<T>(data) {
        let again: T = serde_json::from_str(&serde_json::to_string(&v).expect("ser")).expect("de");
        assert_eq!(to_bytes(&again), to_bytes(&v));
    }
}

/// Runs every type over the fuzzer's bytes.
pub fn serde_decode(data: &[u8]) {
    check_type::<Digest<32>, 32>(data, |d| d.to_bytes(), |_| true);
    check_type::<Digest<64>, 64>(data, |d| d.to_bytes(), |_| true);
    check_type::<Ed25519Signature, 64>(data, |s| s.to_bytes(), |_| true);
    check_type::<Ed25519VerifyingKey, 32>(
        data,
        |k| k.to_bytes(),
        |b| Ed25519VerifyingKey::from_bytes(b).is_ok(),
    );
}
