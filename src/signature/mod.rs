//! Digital signatures.
//!
//! [`Signer`] and [`Verifier`] are the interface; Ed25519 implements them
//! (once it lands). Signing is infallible by construction: a signing key
//! always carries the public key derived from it.

use crate::Error;

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
