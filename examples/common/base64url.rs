//! Base64url without padding (RFC 4648 §5), the encoding of every JWT part,
//! plus standard padded Base64 (§4) for PEM.
//!
//! Shared by the examples and `tests/jwt_interop.rs` through `#[path]`.
//! Decoding is strict on purpose: padding, characters outside the alphabet,
//! an impossible length and non-zero unused trailing bits are all errors, so
//! that every byte string has exactly one accepted encoding. A lenient decoder
//! would let an attacker change a token's text without changing what it
//! decodes to (token-ID or cache-key games), which signature checks over the
//! *text* would then miss.
//!
//! Not constant time: use it on public data (tokens, public keys), not on
//! secrets an attacker can time.
#![allow(dead_code)]

const URL_ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const STD_ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Why a string was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// A character outside the base64url alphabet (including `=`).
    InvalidCharacter,
    /// A length of 1 mod 4, which no byte string encodes to.
    InvalidLength,
    /// The last character carries bits that are not zero (a second,
    /// non-canonical spelling of the same bytes).
    NonCanonical,
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            DecodeError::InvalidCharacter => "invalid base64url character",
            DecodeError::InvalidLength => "invalid base64url length",
            DecodeError::NonCanonical => "non-canonical base64url (unused bits set)",
        })
    }
}

impl std::error::Error for DecodeError {}

/// Base64url of `data`, no padding.
pub fn encode(data: impl AsRef<[u8]>) -> String {
    encode_with(URL_ALPHABET, data.as_ref(), false)
}

/// Standard Base64 with `=` padding (the body of a PEM block).
pub fn encode_standard_padded(data: impl AsRef<[u8]>) -> String {
    encode_with(STD_ALPHABET, data.as_ref(), true)
}

fn encode_with(alphabet: &[u8; 64], data: &[u8], pad: bool) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        // A chunk of k bytes gives k + 1 characters.
        for i in 0..=chunk.len() {
            let sextet = (n >> (18 - 6 * i)) & 63;
            out.push(char::from(alphabet[sextet as usize]));
        }
        if pad {
            for _ in chunk.len()..3 {
                out.push('=');
            }
        }
    }
    out
}

/// Decodes unpadded base64url strictly (see the module comment).
pub fn decode(text: &str) -> Result<Vec<u8>, DecodeError> {
    let text = text.as_bytes();
    if text.len() % 4 == 1 {
        return Err(DecodeError::InvalidLength);
    }
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    for chunk in text.chunks(4) {
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            n |= u32::from(sextet(c)?) << (18 - 6 * i);
        }
        let bytes = n.to_be_bytes();
        // k characters carry k - 1 whole bytes; the rest must be zero bits.
        let whole = chunk.len() - 1;
        out.extend_from_slice(&bytes[1..1 + whole]);
        if bytes[1 + whole..].iter().any(|&b| b != 0) {
            return Err(DecodeError::NonCanonical);
        }
    }
    Ok(out)
}

fn sextet(c: u8) -> Result<u8, DecodeError> {
    match c {
        b'A'..=b'Z' => Ok(c - b'A'),
        b'a'..=b'z' => Ok(c - b'a' + 26),
        b'0'..=b'9' => Ok(c - b'0' + 52),
        b'-' => Ok(62),
        b'_' => Ok(63),
        _ => Err(DecodeError::InvalidCharacter),
    }
}

#[cfg(test)]
mod base64url_tests {
    use super::*;

    /// RFC 4648 §10 test vectors, re-spelled without padding.
    #[test]
    fn rfc4648_vectors_round_trip() {
        let cases = [
            ("", ""),
            ("f", "Zg"),
            ("fo", "Zm8"),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg"),
            ("fooba", "Zm9vYmE"),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, encoded) in cases {
            assert_eq!(encode(plain), encoded);
            assert_eq!(decode(encoded).unwrap(), plain.as_bytes());
        }
        assert_eq!(encode_standard_padded("fo"), "Zm8=");
        assert_eq!(encode_standard_padded("foob"), "Zm9vYg==");
    }

    #[test]
    fn url_alphabet_and_every_length() {
        assert_eq!(encode([0xfb, 0xff]), "-_8");
        for len in 0..64 {
            let data: Vec<u8> = (0..len).map(|i| (i * 37 + 11) as u8).collect();
            assert_eq!(decode(&encode(&data)).unwrap(), data);
        }
    }

    #[test]
    fn refuses_everything_but_the_canonical_spelling() {
        assert_eq!(decode("Zg=="), Err(DecodeError::InvalidCharacter));
        assert_eq!(decode("Zm9v+"), Err(DecodeError::InvalidLength));
        assert_eq!(decode("Zm+v"), Err(DecodeError::InvalidCharacter));
        assert_eq!(decode("Z"), Err(DecodeError::InvalidLength));
        // "Zh" decodes to the same byte as "Zg" with a stray low bit.
        assert_eq!(decode("Zh"), Err(DecodeError::NonCanonical));
        assert_eq!(decode("Zm9"), Err(DecodeError::NonCanonical));
    }
}
