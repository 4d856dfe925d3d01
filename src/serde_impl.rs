//! `serde` support (feature `serde`) for public values only: digests and
//! tags ([`Output`](crate::hash::Digest)), Ed25519 public keys and
//! signatures. Secret keys have none, on purpose: a serialized secret ends
//! up in logs, caches and crash reports.
//!
//! The encoding follows RustCrypto's `serdect` convention for keys and
//! signatures: lower-case hex in human-readable formats (JSON, TOML, YAML),
//! raw bytes in binary ones (bincode, postcard, CBOR). Decoding accepts
//! either case of hex, and bytes or a sequence of `N` integers, but only
//! exactly `N` bytes.

use core::fmt;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::ser::Serializer;

/// Writes `bytes` as lower-case hex without allocating.
struct Hex<'a>(&'a [u8]);

impl fmt::Display for Hex<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for b in self.0 {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

/// Hex string in human-readable formats, bytes otherwise.
pub(crate) fn serialize<S: Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
    if serializer.is_human_readable() {
        serializer.collect_str(&Hex(bytes))
    } else {
        serializer.serialize_bytes(bytes)
    }
}

/// Exactly `N` bytes, from hex in human-readable formats, from bytes (or a
/// sequence of integers) otherwise.
pub(crate) fn deserialize<'de, D: Deserializer<'de>, const N: usize>(
    deserializer: D,
) -> Result<[u8; N], D::Error> {
    if deserializer.is_human_readable() {
        deserializer.deserialize_str(BytesVisitor::<N>)
    } else {
        deserializer.deserialize_bytes(BytesVisitor::<N>)
    }
}

struct BytesVisitor<const N: usize>;

/// The value of one hex digit (either case), or `None`.
fn hex_digit(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

impl<'de, const N: usize> Visitor<'de> for BytesVisitor<N> {
    type Value = [u8; N];

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{N} bytes, or {} hex digits", 2 * N)
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<[u8; N], E> {
        if s.len() != 2 * N {
            return Err(E::invalid_length(s.len(), &self));
        }
        let mut out = [0u8; N];
        for (byte, pair) in out.iter_mut().zip(s.as_bytes().chunks_exact(2)) {
            let (hi, lo) = match pair {
                [hi, lo] => (hex_digit(*hi), hex_digit(*lo)),
                _ => (None, None),
            };
            match (hi, lo) {
                (Some(hi), Some(lo)) => *byte = (hi << 4) | lo,
                _ => return Err(E::invalid_value(de::Unexpected::Str(s), &self)),
            }
        }
        Ok(out)
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<[u8; N], E> {
        v.try_into().map_err(|_| E::invalid_length(v.len(), &self))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<[u8; N], A::Error> {
        let mut out = [0u8; N];
        for (i, byte) in out.iter_mut().enumerate() {
            *byte = seq
                .next_element()?
                .ok_or_else(|| de::Error::invalid_length(i, &self))?;
        }
        if seq.next_element::<u8>()?.is_some() {
            return Err(de::Error::invalid_length(N + 1, &self));
        }
        Ok(out)
    }
}

/// Digests and tags: see the module docs for the encoding.
///
/// ```
/// use hpcrypt::hash::{Digest, Sha256};
/// let d = Sha256::hash(b"abc");
/// let json = serde_json::to_string(&d)?;
/// assert_eq!(json, format!("\"{}\"", d.to_hex()));
/// let back: Digest<32> = serde_json::from_str(&json)?;
/// assert_eq!(back, d);
/// # Ok::<(), serde_json::Error>(())
/// ```
impl<const N: usize> serde::Serialize for crate::bytes::Digest<N> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize(self.as_ref(), serializer)
    }
}

impl<'de, const N: usize> serde::Deserialize<'de> for crate::bytes::Digest<N> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize::<D, N>(deserializer).map(Self::from_bytes)
    }
}
