//! Base64url without padding (RFC 4648 §5), through the `base64` crate.
//!
//! Shared by the examples through `#[path]`. The `URL_SAFE_NO_PAD` engine is
//! strict: padding, characters outside the alphabet, an impossible length and
//! non-zero unused trailing bits are all errors, so every byte string has
//! exactly one accepted spelling (a lenient decoder would let an attacker
//! change a value's text without changing what it decodes to).
#![allow(dead_code)]

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;

/// Base64url of `data`, no padding.
pub fn encode(data: impl AsRef<[u8]>) -> String {
    URL_SAFE_NO_PAD.encode(data)
}

/// Decodes unpadded base64url strictly.
pub fn decode(text: &str) -> Result<Vec<u8>, base64::DecodeError> {
    URL_SAFE_NO_PAD.decode(text)
}

#[cfg(test)]
mod base64url_tests {
    use super::*;

    /// RFC 4648 §10 vectors without padding, and the spellings we refuse.
    #[test]
    fn canonical_spelling_only() {
        for (plain, encoded) in [("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foob", "Zm9vYg")] {
            assert_eq!(encode(plain), encoded);
            assert_eq!(decode(encoded).unwrap(), plain.as_bytes());
        }
        assert_eq!(encode([0xfb, 0xff]), "-_8");
        for bad in ["Zg==", "Zm+v", "Z", "Zh", "Zm9"] {
            assert!(decode(bad).is_err(), "{bad}");
        }
    }
}
