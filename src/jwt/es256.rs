//! ES256 (RFC 7518 §3.4: ECDSA on P-256 with SHA-256) signer and verifier.
//! The JWS signature is the fixed 64-byte `r ‖ s`, never DER.

use alloc::vec::Vec;

use jsonwebtoken::crypto::{JwtSigner, JwtVerifier};
use jsonwebtoken::errors::{ErrorKind, Result as JwtResult};
use jsonwebtoken::{Algorithm, AlgorithmFamily, DecodingKey, EncodingKey};

use crate::signature::{P256Signature, P256SigningKey, P256VerifyingKey};

/// The signing key in an [`EncodingKey`]'s bytes: PKCS#8 DER (what
/// `EncodingKey::from_ec_pem` and `from_ec_der` hold for a PKCS#8 file) or,
/// for `from_ec_der` given OpenSSL's "traditional" form, a SEC 1
/// `ECPrivateKey` naming P-256.
pub(super) fn signing_key(der: &[u8]) -> Result<P256SigningKey, crate::Error> {
    P256SigningKey::from_pkcs8_der(der).or_else(|e| {
        // A document that is PKCS#8 but refused keeps PKCS#8's verdict.
        P256SigningKey::from_sec1_der(der).map_err(|_| e)
    })
}

/// Signs with a P-256 key; RFC 6979 deterministic nonces.
pub(super) struct Es256Signer(P256SigningKey);

impl Es256Signer {
    /// `InvalidKeyFormat` for a key of another family, `InvalidEcdsaKey`
    /// for anything [`signing_key`] refuses (another curve included).
    pub(super) fn new(key: &EncodingKey) -> JwtResult<Self> {
        if key.family() != AlgorithmFamily::Ec {
            return Err(ErrorKind::InvalidKeyFormat.into());
        }
        signing_key(key.as_bytes())
            .map(Self)
            .map_err(|_| ErrorKind::InvalidEcdsaKey.into())
    }
}

impl signature::Signer<Vec<u8>> for Es256Signer {
    fn try_sign(&self, msg: &[u8]) -> Result<Vec<u8>, signature::Error> {
        Ok(self.0.sign(msg).to_bytes().to_vec())
    }
}

impl JwtSigner for Es256Signer {
    fn algorithm(&self) -> Algorithm {
        Algorithm::ES256
    }
}

/// Verifies with a P-256 public key.
pub(super) struct Es256Verifier(P256VerifyingKey);

impl Es256Verifier {
    /// `InvalidKeyFormat` for a key of another family, `InvalidEcdsaKey`
    /// for bytes that are neither a SEC 1 point of P-256 (what
    /// `DecodingKey::from_ec_pem`, `from_ec_components` and an `EC` JWK
    /// hold) nor SubjectPublicKeyInfo DER naming P-256 (which callers
    /// sometimes hand to `from_ec_der`).
    pub(super) fn new(key: &DecodingKey) -> JwtResult<Self> {
        if key.family() != AlgorithmFamily::Ec {
            return Err(ErrorKind::InvalidKeyFormat.into());
        }
        let bytes = key.try_get_as_bytes()?;
        P256VerifyingKey::from_sec1_bytes(bytes)
            .or_else(|_| P256VerifyingKey::from_public_key_der(bytes))
            .map(Self)
            .map_err(|_| ErrorKind::InvalidEcdsaKey.into())
    }
}

impl signature::Verifier<Vec<u8>> for Es256Verifier {
    /// A signature that is not 64 bytes (a DER one included) fails.
    fn verify(&self, msg: &[u8], sig: &Vec<u8>) -> Result<(), signature::Error> {
        let sig = P256Signature::from_slice(sig).map_err(|_| signature::Error::new())?;
        self.0
            .verify(msg, &sig)
            .map_err(|_| signature::Error::new())
    }
}

impl JwtVerifier for Es256Verifier {
    fn algorithm(&self) -> Algorithm {
        Algorithm::ES256
    }
}
