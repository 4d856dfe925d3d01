//! HS256/HS384/HS512 (RFC 7518 §3.2) signers and verifiers over hpcrypt's
//! precomputed HMAC keys (the pads are hashed once per key, not per token).

use alloc::vec::Vec;

use jsonwebtoken::crypto::{JwtSigner, JwtVerifier};
use jsonwebtoken::errors::{ErrorKind, Result as JwtResult};
use jsonwebtoken::{Algorithm, AlgorithmFamily, DecodingKey, EncodingKey};

use crate::hash::BlockHash;
use crate::mac::HmacKey;

/// Signs with HMAC over `H`; the algorithm is fixed at construction.
pub(super) struct HmacSigner<H: BlockHash> {
    key: HmacKey<H>,
    algorithm: Algorithm,
}

impl<H: BlockHash> HmacSigner<H> {
    /// `InvalidKeyFormat` for a key that is not an HMAC secret.
    pub(super) fn new(algorithm: Algorithm, key: &EncodingKey) -> JwtResult<Self> {
        if key.family() != AlgorithmFamily::Hmac {
            return Err(ErrorKind::InvalidKeyFormat.into());
        }
        Ok(Self {
            key: HmacKey::new(key.as_bytes()),
            algorithm,
        })
    }
}

impl<H: BlockHash> signature::Signer<Vec<u8>> for HmacSigner<H> {
    fn try_sign(&self, msg: &[u8]) -> Result<Vec<u8>, signature::Error> {
        Ok(self.key.mac(msg).as_ref().to_vec())
    }
}

impl<H: BlockHash> JwtSigner for HmacSigner<H> {
    fn algorithm(&self) -> Algorithm {
        self.algorithm
    }
}

/// Verifies HMAC tags over `H` in constant time ([`HmacKey::verify`]); a
/// tag of any other length fails.
pub(super) struct HmacVerifier<H: BlockHash> {
    key: HmacKey<H>,
    algorithm: Algorithm,
}

impl<H: BlockHash> HmacVerifier<H> {
    /// `InvalidKeyFormat` for a key that is not an HMAC secret.
    pub(super) fn new(algorithm: Algorithm, key: &DecodingKey) -> JwtResult<Self> {
        if key.family() != AlgorithmFamily::Hmac {
            return Err(ErrorKind::InvalidKeyFormat.into());
        }
        Ok(Self {
            key: HmacKey::new(key.try_get_as_bytes()?),
            algorithm,
        })
    }
}

impl<H: BlockHash> signature::Verifier<Vec<u8>> for HmacVerifier<H> {
    fn verify(&self, msg: &[u8], tag: &Vec<u8>) -> Result<(), signature::Error> {
        self.key
            .verify(msg, tag)
            .map_err(|_| signature::Error::new())
    }
}

impl<H: BlockHash> JwtVerifier for HmacVerifier<H> {
    fn algorithm(&self) -> Algorithm {
        self.algorithm
    }
}
