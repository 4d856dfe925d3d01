//! Message authentication codes.
//!
//! [`Mac`] is the interface; [`Hmac`] over every SHA-2 implements it, and
//! [`HmacKey`] holds a precomputed key for per-request use. Tags compare in
//! constant time.
//!
//! Shapes: keys of any length (RFC 2104; longer than the hash block they are
//! hashed first); tags of the hash's output length ([`Tag<32>`](Tag) for
//! HMAC-SHA-256, 28/48/64 bytes for SHA-224/384/512). Errors:
//! [`Error::AuthenticationFailed`] for a wrong tag (or a full-length check of a
//! tag of another length), [`Error::InvalidTagLength`] for a truncated tag
//! below the stated or the RFC 2104 minimum.
//!
//! ```
//! use hpcrypt::mac::{HmacSha256, HmacSha256Key, Mac};
//!
//! // One-shot, with the trait or without it.
//! let tag = HmacSha256::mac(b"secret", b"GET /v1/items");
//! assert_eq!(tag.len(), 32);
//!
//! // A precomputed key for many messages; `verify` takes the tag as bytes
//! // (e.g. decoded from a header) and compares in constant time.
//! let key = HmacSha256Key::new(b"secret");
//! key.verify(b"GET /v1/items", tag.as_ref())?;
//! assert_eq!(
//!     key.verify(b"GET /v1/other", tag.as_ref()),
//!     Err(hpcrypt::Error::AuthenticationFailed)
//! );
//! # Ok::<(), hpcrypt::Error>(())
//! ```

use crate::Error;

pub mod hmac;
pub use hmac::{
    Hmac, HmacKey, HmacSha224, HmacSha224Key, HmacSha256, HmacSha256Key, HmacSha384, HmacSha384Key,
    HmacSha512, HmacSha512Key,
};

/// A MAC tag of `N` bytes: what [`Mac::finalize`], [`Hmac::mac`] and
/// [`HmacKey::mac`] return (`Tag<32>` for HMAC-SHA-256, `Tag<64>` for
/// HMAC-SHA-512).
///
/// It is the same type as [`hash::Digest`](crate::hash::Digest) (an HMAC tag
/// is a hash output), so it slices like `[u8; N]`, converts into the array,
/// prints as lower-case hex ([`to_hex`](crate::hash::Digest::to_hex), with the
/// `alloc` feature) and compares with a constant-time `==`. To check a tag
/// received from outside, pass its bytes to [`Mac::verify`] or
/// [`HmacKey::verify`] rather than building a `Tag`: those refuse a wrong
/// length and say only that authentication failed.
///
/// ```
/// use hpcrypt::mac::{HmacSha256, Tag};
///
/// let tag: Tag<32> = HmacSha256::mac(b"key", b"The quick brown fox jumps over the lazy dog");
/// assert_eq!(
///     tag.to_hex(),
///     "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8"
/// );
/// let short_id = &tag[..8]; // slices like an array
/// let bytes: [u8; 32] = tag.into(); // or keep the array
/// assert_eq!(short_id, &bytes[..8]);
/// assert!(tag == bytes); // constant-time comparison
/// ```
pub type Tag<const N: usize> = crate::hash::Digest<N>;

/// A message authentication code.
///
/// `verify` compares in constant time and is the only way a caller should
/// check a tag: comparing `finalize()` output with `==` on plain byte slices
/// leaks timing.
///
/// [`Hmac`] over each SHA-2 implements it, so code can be generic over the
/// hash:
///
/// ```
/// use hpcrypt::mac::{HmacSha256, HmacSha512, Mac};
///
/// fn sign_then_check<M: Mac>(key: &[u8], msg: &[u8]) -> Result<usize, hpcrypt::Error> {
///     let tag = M::mac(key, msg);
///     let mut m = M::new(key);
///     m.update(msg);
///     m.verify(tag.as_ref())?;
///     Ok(tag.as_ref().len())
/// }
/// assert_eq!(sign_then_check::<HmacSha256>(b"k", b"m")?, 32);
/// assert_eq!(sign_then_check::<HmacSha512>(b"k", b"m")?, HmacSha512::TAG_LEN);
/// # Ok::<(), hpcrypt::Error>(())
/// ```
pub trait Mac: Sized {
    /// Tag length in bytes.
    const TAG_LEN: usize;
    /// The tag type (`AsRef<[u8]>`, constant-time `==`, `to_hex`).
    type Tag: AsRef<[u8]>;

    /// A MAC keyed with `key`; any key length is accepted (RFC 2104).
    ///
    /// ```
    /// use hpcrypt::mac::{HmacSha256, Mac};
    /// let mut m = HmacSha256::new(b""); // even an empty key
    /// m.update(b"data");
    /// let _tag = m.finalize();
    /// ```
    fn new(key: &[u8]) -> Self;

    /// Absorbs `data`. Any split of the message gives the same tag.
    ///
    /// ```
    /// use hpcrypt::mac::{HmacSha256, Mac};
    /// let mut m = HmacSha256::new(b"key");
    /// m.update(b"hello, ");
    /// m.update(b"world");
    /// assert_eq!(m.finalize(), HmacSha256::mac(b"key", b"hello, world"));
    /// ```
    fn update(&mut self, data: &[u8]);

    /// Returns the tag ([`TAG_LEN`](Self::TAG_LEN) bytes). To check a
    /// received tag use [`verify`](Self::verify) instead.
    ///
    /// ```
    /// use hpcrypt::mac::{HmacSha384, Mac};
    /// let mut m = HmacSha384::new(b"key");
    /// m.update(b"data");
    /// assert_eq!(m.finalize().len(), 48);
    /// ```
    fn finalize(self) -> Self::Tag;

    /// Checks `tag` in constant time. A tag of the wrong length is rejected
    /// with [`Error::AuthenticationFailed`]; see the implementation for how
    /// to accept truncated tags explicitly.
    ///
    /// ```
    /// use hpcrypt::mac::{HmacSha256, Mac};
    /// let tag = HmacSha256::mac(b"key", b"data");
    /// let check = |t: &[u8]| {
    ///     let mut m = HmacSha256::new(b"key");
    ///     m.update(b"data");
    ///     m.verify(t)
    /// };
    /// assert!(check(tag.as_ref()).is_ok());
    /// assert_eq!(check(&tag[..16]), Err(hpcrypt::Error::AuthenticationFailed));
    /// ```
    fn verify(self, tag: &[u8]) -> Result<(), Error>;

    /// One-shot MAC of `data` under `key`.
    ///
    /// ```
    /// use hpcrypt::mac::{HmacSha256, Mac};
    /// // RFC 4231 test case 2.
    /// let tag = <HmacSha256 as Mac>::mac(b"Jefe", b"what do ya want for nothing?");
    /// assert_eq!(&tag[..4], &[0x5b, 0xdc, 0xc1, 0x46]);
    /// ```
    fn mac(key: &[u8], data: &[u8]) -> Self::Tag {
        let mut m = Self::new(key);
        m.update(data);
        m.finalize()
    }
}
