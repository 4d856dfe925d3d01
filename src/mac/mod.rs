//! Message authentication codes.
//!
//! [`Mac`] is the interface; [`Hmac`] over every SHA-2 implements it, and
//! [`HmacKey`] holds a precomputed key for per-request use. Tags compare in
//! constant time.

use crate::Error;

pub mod hmac;
pub use hmac::{
    Hmac, HmacKey, HmacSha224, HmacSha224Key, HmacSha256, HmacSha256Key, HmacSha384, HmacSha384Key,
    HmacSha512, HmacSha512Key,
};

pub use crate::bytes::Output as Tag;

/// A message authentication code.
///
/// `verify` compares in constant time and is the only way a caller should
/// check a tag: comparing `finalize()` output with `==` on plain byte slices
/// leaks timing.
pub trait Mac: Sized {
    /// Tag length in bytes.
    const TAG_LEN: usize;
    /// The tag type (`AsRef<[u8]>`, constant-time `==`, `to_hex`).
    type Tag: AsRef<[u8]>;

    /// A MAC keyed with `key`; any key length is accepted (RFC 2104).
    fn new(key: &[u8]) -> Self;

    /// Absorbs `data`.
    fn update(&mut self, data: &[u8]);

    /// Returns the tag.
    fn finalize(self) -> Self::Tag;

    /// Checks `tag` in constant time. A tag of the wrong length is rejected
    /// with [`Error::AuthenticationFailed`]; see the implementation for how
    /// to accept truncated tags explicitly.
    fn verify(self, tag: &[u8]) -> Result<(), Error>;

    /// One-shot MAC of `data` under `key`.
    fn mac(key: &[u8], data: &[u8]) -> Self::Tag {
        let mut m = Self::new(key);
        m.update(data);
        m.finalize()
    }
}
