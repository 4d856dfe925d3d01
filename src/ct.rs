//! Constant-time helpers.
//!
//! Everything that compares secrets (tags, digests of API keys, signatures
//! computed for checking) goes through here, so that a reviewer has one place
//! to audit. The comparisons are built on [`subtle`].
//!
//! [`hash::Digest`](crate::hash::Digest) and [`mac::Tag`](crate::mac::Tag)
//! already compare in constant time with `==`; use this module for plain
//! byte strings (a stored key hash, a decoded token field).
//!
//! ```
//! use hpcrypt::ct::constant_time_eq;
//! use hpcrypt::hash::{Hash, Sha256};
//!
//! let stored: [u8; 32] = Sha256::hash(b"sk_live_secret").into(); // from the database
//! let presented = Sha256::hash(b"sk_live_secret");
//! assert!(constant_time_eq(presented, stored));
//! ```

use subtle::ConstantTimeEq;

/// Compares two byte strings in time that depends only on their lengths.
///
/// Different lengths return `false` at once: lengths are public.
/// Accepts anything that views as bytes: slices, arrays, `Vec<u8>`, digests, tags.
///
/// ```
/// use hpcrypt::ct::constant_time_eq;
/// use hpcrypt::hash::{Hash, Sha256};
/// let stored = Sha256::hash(b"sk_live_secret");
/// assert!(constant_time_eq(Sha256::hash(b"sk_live_secret"), stored));
/// assert!(!constant_time_eq(b"abc", b"abd"));
/// assert!(!constant_time_eq(b"abc", b"abcd"));
/// ```
#[inline]
pub fn constant_time_eq(a: impl AsRef<[u8]>, b: impl AsRef<[u8]>) -> bool {
    let (a, b) = (a.as_ref(), b.as_ref());
    a.len() == b.len() && bool::from(a.ct_eq(b))
}
