//! Digital signatures.
//!
//! [`Signer`] and [`Verifier`] are the interface; Ed25519 implements them
//! ([`Ed25519SigningKey`], [`Ed25519VerifyingKey`]; batch verification is
//! [`ed25519::verify_batch`]). Signing is infallible by construction: a
//! signing key always carries the public key derived from it.
//!
//! Shapes for Ed25519: a 32-byte secret seed, a 32-byte public key, a 64-byte
//! signature (`R ‖ S`). Errors: [`Error::InvalidSignature`] (wrong length,
//! non-canonical, or does not verify), [`Error::InvalidPublicKey`] (a
//! malformed or small-order key, refused when parsed),
//! [`Error::RandomnessUnavailable`] (key generation without an OS RNG).
//!
//! ```
//! use hpcrypt::signature::{Ed25519SigningKey, Ed25519VerifyingKey, Signer, Verifier};
//!
//! let signing_key = Ed25519SigningKey::from_bytes(&[7u8; 32]); // or ::generate()
//! let signature = signing_key.sign(b"header.payload");
//!
//! // The verifier holds only the 32 public bytes.
//! let public: [u8; 32] = signing_key.verifying_key().to_bytes();
//! let verifying_key = Ed25519VerifyingKey::from_bytes(&public)?;
//! verifying_key.verify(b"header.payload", signature.as_ref())?;
//! assert_eq!(
//!     verifying_key.verify(b"header.payload2", signature.as_ref()),
//!     Err(hpcrypt::Error::InvalidSignature)
//! );
//! # Ok::<(), hpcrypt::Error>(())
//! ```

use crate::Error;

pub mod ed25519;
#[cfg(feature = "jwk")]
mod jwk;
pub mod p256;
mod safegcd;
/// Line endings for PEM output (`to_pkcs8_pem`, `to_public_key_pem`).
#[cfg(feature = "pem")]
pub use ed25519::LineEnding;
pub use ed25519::{Ed25519, Ed25519Signature, Ed25519SigningKey, Ed25519VerifyingKey};
pub use p256::{P256PreparedVerifyingKey, P256Signature, P256SigningKey, P256VerifyingKey};

/// Produces signatures.
///
/// ```
/// use hpcrypt::signature::{Ed25519SigningKey, Signer};
///
/// fn sign_token<S: Signer>(key: &S, header_payload: &str) -> Vec<u8> {
///     key.sign(header_payload.as_bytes()).as_ref().to_vec()
/// }
/// let key = Ed25519SigningKey::from_bytes(&[1u8; 32]);
/// assert_eq!(sign_token(&key, "eyJhbGciOiJFZERTQSJ9.e30").len(), 64);
/// ```
pub trait Signer {
    /// The signature type.
    type Signature: AsRef<[u8]>;

    /// Signs `msg`. Infallible: Ed25519 signing is deterministic (RFC 8032)
    /// and needs no randomness.
    ///
    /// ```
    /// use hpcrypt::signature::{Ed25519SigningKey, Signer};
    /// let key = Ed25519SigningKey::from_bytes(&[1u8; 32]);
    /// assert_eq!(key.sign(b"m").to_bytes(), key.sign(b"m").to_bytes());
    /// ```
    fn sign(&self, msg: &[u8]) -> Self::Signature;
}

/// Checks signatures.
///
/// `signature` is a byte slice so that a signature decoded from a token
/// (`Vec<u8>`) can be passed directly; a wrong length is an `Err`, never a panic.
///
/// ```
/// use hpcrypt::signature::{Ed25519SigningKey, Signer, Verifier};
///
/// fn check<V: Verifier>(key: &V, msg: &[u8], sig: &[u8]) -> bool {
///     key.verify(msg, sig).is_ok()
/// }
/// let signing_key = Ed25519SigningKey::from_bytes(&[1u8; 32]);
/// let sig: Vec<u8> = signing_key.sign(b"m").as_ref().to_vec();
/// assert!(check(&signing_key.verifying_key(), b"m", &sig));
/// assert!(!check(&signing_key.verifying_key(), b"m", &sig[..63]));
/// ```
pub trait Verifier {
    /// `Ok(())` if `signature` is valid for `msg` under this key, else
    /// [`Error::InvalidSignature`] (also for a signature of the wrong length).
    ///
    /// ```
    /// use hpcrypt::signature::{Ed25519SigningKey, Signer, Verifier};
    /// let key = Ed25519SigningKey::from_bytes(&[1u8; 32]);
    /// let sig = key.sign(b"m");
    /// assert!(key.verifying_key().verify(b"m", sig.as_ref()).is_ok());
    /// assert_eq!(
    ///     key.verifying_key().verify(b"m", &[0u8; 10]),
    ///     Err(hpcrypt::Error::InvalidSignature)
    /// );
    /// ```
    fn verify(&self, msg: &[u8], signature: &[u8]) -> Result<(), Error>;
}
