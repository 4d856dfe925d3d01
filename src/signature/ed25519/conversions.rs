//! Byte conversions that make [`Ed25519Signature`] behave like the digests
//! and tags do: it dereferences to its array, converts from one, and parses
//! from a slice with `try_into()`.

use super::{Ed25519Signature, Ed25519VerifyingKey};
use crate::Error;
use core::ops::Deref;

/// `R ‖ S` as an array: `sig[..32]` is R, `sig.len()` is 64, and `&sig`
/// passes where `&[u8; 64]` or `&[u8]` is expected.
///
/// ```
/// use hpcrypt::signature::{Ed25519SigningKey, Signer};
/// let sig = Ed25519SigningKey::from_bytes(&[5u8; 32]).sign(b"m");
/// let bytes: &[u8; 64] = &sig;
/// assert_eq!(sig.len(), 64);
/// assert_eq!(&sig[..32], &bytes[..32]);
/// ```
impl Deref for Ed25519Signature {
    type Target = [u8; 64];
    fn deref(&self) -> &[u8; 64] {
        &self.0
    }
}

/// Any 64 bytes are a signature value (checked only when verifying).
///
/// ```
/// use hpcrypt::signature::Ed25519Signature;
/// let sig = Ed25519Signature::from([9u8; 64]);
/// assert_eq!(sig.to_bytes(), [9u8; 64]);
/// ```
impl From<[u8; 64]> for Ed25519Signature {
    fn from(bytes: [u8; 64]) -> Self {
        Self(bytes)
    }
}

/// A 64-byte slice, or [`Error::InvalidSignature`].
///
/// ```
/// use hpcrypt::signature::Ed25519Signature;
/// let decoded: Vec<u8> = vec![0u8; 64];
/// let sig = Ed25519Signature::try_from(&decoded[..])?;
/// assert_eq!(sig.len(), 64);
/// assert!(Ed25519Signature::try_from(&decoded[..63]).is_err());
/// # Ok::<(), hpcrypt::Error>(())
/// ```
impl TryFrom<&[u8]> for Ed25519Signature {
    type Error = Error;
    fn try_from(bytes: &[u8]) -> Result<Self, Error> {
        Self::from_slice(bytes)
    }
}

/// A 32-byte slice holding a valid public key, or
/// [`Error::InvalidPublicKey`] (same checks as
/// [`Ed25519VerifyingKey::from_bytes`]).
///
/// ```
/// use hpcrypt::signature::{Ed25519SigningKey, Ed25519VerifyingKey};
/// let vk = Ed25519SigningKey::from_bytes(&[5u8; 32]).verifying_key();
/// let bytes = vk.to_bytes();
/// assert_eq!(Ed25519VerifyingKey::try_from(&bytes[..])?, vk);
/// # Ok::<(), hpcrypt::Error>(())
/// ```
impl TryFrom<&[u8]> for Ed25519VerifyingKey {
    type Error = Error;
    fn try_from(bytes: &[u8]) -> Result<Self, Error> {
        Self::from_slice(bytes)
    }
}

/// The 32-byte encoding.
///
/// ```
/// use hpcrypt::signature::Ed25519SigningKey;
/// let vk = Ed25519SigningKey::from_bytes(&[5u8; 32]).verifying_key();
/// let bytes: [u8; 32] = vk.into();
/// assert_eq!(bytes, vk.to_bytes());
/// ```
impl From<Ed25519VerifyingKey> for [u8; 32] {
    fn from(key: Ed25519VerifyingKey) -> Self {
        key.bytes
    }
}
