//! Digital signatures.
//!
//! [`Signer`] and [`Verifier`] are the interface; Ed25519 implements them
//! ([`Ed25519SigningKey`], [`Ed25519VerifyingKey`]; batch verification is
//! [`ed25519::verify_batch`]). Signing is infallible by construction: a
//! signing key always carries the public key derived from it.

use crate::Error;

pub mod ed25519;
/// Line endings for PEM output (`to_pkcs8_pem`, `to_public_key_pem`).
#[cfg(feature = "pem")]
pub use ed25519::LineEnding;
pub use ed25519::{Ed25519, Ed25519Signature, Ed25519SigningKey, Ed25519VerifyingKey};

/// Produces signatures.
pub trait Signer {
    /// The signature type.
    type Signature: AsRef<[u8]>;

    /// Signs `msg`.
    fn sign(&self, msg: &[u8]) -> Self::Signature;
}

/// Checks signatures.
///
/// `signature` is a byte slice so that a signature decoded from a token
/// (`Vec<u8>`) can be passed directly; a wrong length is an `Err`, never a panic.
pub trait Verifier {
    /// `Ok(())` if `signature` is valid for `msg` under this key.
    fn verify(&self, msg: &[u8], signature: &[u8]) -> Result<(), Error>;
}
