//! RustCrypto `signature` 3 traits for Ed25519 (feature `signature`; the
//! version jsonwebtoken 12 uses): `Signer`, `Verifier` and `Keypair` on the
//! key types, `SignatureEncoding` on [`Ed25519Signature`], and
//! `From<hpcrypt::Error>` for `signature::Error`.
//!
//! They call the same code as hpcrypt's own [`Signer`](crate::signature::Signer)
//! and [`Verifier`](crate::signature::Verifier) (RFC 8032, cofactored
//! verification). The two trait families share method names, so import one
//! of them per scope (generic code names its bound and has no ambiguity).
//!
//! ```
//! use hpcrypt::signature::{Ed25519Signature, Ed25519SigningKey};
//! use signature::{Keypair, Signer, Verifier};
//!
//! fn sign_and_check<K>(key: &K, msg: &[u8]) -> Result<(), signature::Error>
//! where
//!     K: Signer<Ed25519Signature> + Keypair,
//!     K::VerifyingKey: Verifier<Ed25519Signature>,
//! {
//!     let sig = key.try_sign(msg)?;
//!     key.verifying_key().verify(msg, &sig)
//! }
//! sign_and_check(&Ed25519SigningKey::from_bytes(&[1u8; 32]), b"msg")?;
//! # Ok::<(), signature::Error>(())
//! ```

// Only the public API is used, so the glue does not depend on the internals.
use super::{Ed25519Signature, Ed25519SigningKey, Ed25519VerifyingKey};

/// Signing cannot fail (the key always carries its own public key).
impl signature::Signer<Ed25519Signature> for Ed25519SigningKey {
    fn try_sign(&self, msg: &[u8]) -> Result<Ed25519Signature, signature::Error> {
        Ok(crate::signature::Signer::sign(self, msg))
    }
}

/// RFC 8032 §5.1.7 with the cofactored equation, as
/// [`Verifier::verify`](crate::signature::Verifier::verify).
impl signature::Verifier<Ed25519Signature> for Ed25519VerifyingKey {
    fn verify(&self, msg: &[u8], signature: &Ed25519Signature) -> Result<(), signature::Error> {
        crate::signature::Verifier::verify(self, msg, signature.as_ref())
            .map_err(signature::Error::from)
    }
}

impl signature::Keypair for Ed25519SigningKey {
    type VerifyingKey = Ed25519VerifyingKey;

    fn verifying_key(&self) -> Ed25519VerifyingKey {
        Ed25519SigningKey::verifying_key(self)
    }
}

/// 64 bytes, `R ‖ S`.
impl signature::SignatureEncoding for Ed25519Signature {
    type Repr = [u8; 64];
}

/// `signature::Error` is opaque by design (it carries no cause, so it
/// cannot become an oracle); every hpcrypt error maps to it.
///
/// ```
/// let e: signature::Error = hpcrypt::Error::InvalidSignature.into();
/// assert_eq!(e.to_string(), "signature error");
/// ```
impl From<crate::Error> for signature::Error {
    fn from(_: crate::Error) -> Self {
        signature::Error::new()
    }
}
