//! EdDSA (RFC 8037 §3.1, Ed25519 only) signer and verifier.

use alloc::vec::Vec;

use jsonwebtoken::crypto::{JwtSigner, JwtVerifier};
use jsonwebtoken::errors::{ErrorKind, Result as JwtResult};
use jsonwebtoken::{Algorithm, AlgorithmFamily, DecodingKey, EncodingKey};

use crate::signature::{Ed25519SigningKey, Ed25519VerifyingKey, Verifier};

/// Signs with an Ed25519 key read from jsonwebtoken's PKCS#8 DER.
pub(super) struct EdDsaSigner(Ed25519SigningKey);

impl EdDsaSigner {
    /// `InvalidKeyFormat` for a key of another family, `InvalidEddsaKey`
    /// for anything [`Ed25519SigningKey::from_pkcs8_der`] refuses.
    pub(super) fn new(key: &EncodingKey) -> JwtResult<Self> {
        if key.family() != AlgorithmFamily::Ed {
            return Err(ErrorKind::InvalidKeyFormat.into());
        }
        Ed25519SigningKey::from_pkcs8_der(key.as_bytes())
            .map(Self)
            .map_err(|_| ErrorKind::InvalidEddsaKey.into())
    }
}

impl signature::Signer<Vec<u8>> for EdDsaSigner {
    fn try_sign(&self, msg: &[u8]) -> Result<Vec<u8>, signature::Error> {
        Ok(crate::signature::Signer::sign(&self.0, msg)
            .as_ref()
            .to_vec())
    }
}

impl JwtSigner for EdDsaSigner {
    fn algorithm(&self) -> Algorithm {
        Algorithm::EdDSA
    }
}

/// Verifies with an Ed25519 public key: exactly the 32 bytes jsonwebtoken
/// holds for `from_ed_der`, `from_ed_pem` and `from_ed_components`.
pub(super) struct EdDsaVerifier(Ed25519VerifyingKey);

impl EdDsaVerifier {
    /// `InvalidKeyFormat` for a key of another family, `InvalidEddsaKey`
    /// for a key that is not 32 bytes or not a valid point (jsonwebtoken
    /// 12.0.0's own RustCrypto verifier panics on fewer than 32 bytes).
    pub(super) fn new(key: &DecodingKey) -> JwtResult<Self> {
        if key.family() != AlgorithmFamily::Ed {
            return Err(ErrorKind::InvalidKeyFormat.into());
        }
        Ed25519VerifyingKey::from_slice(key.try_get_as_bytes()?)
            .map(Self)
            .map_err(|_| ErrorKind::InvalidEddsaKey.into())
    }
}

impl signature::Verifier<Vec<u8>> for EdDsaVerifier {
    fn verify(&self, msg: &[u8], sig: &Vec<u8>) -> Result<(), signature::Error> {
        Verifier::verify(&self.0, msg, sig).map_err(|_| signature::Error::new())
    }
}

impl JwtVerifier for EdDsaVerifier {
    fn algorithm(&self) -> Algorithm {
        Algorithm::EdDSA
    }
}
