//! hpcrypt as a [`jsonwebtoken`] 12 crypto provider (feature `jsonwebtoken`).
//!
//! jsonwebtoken 12 does no cryptography itself: every signature and MAC goes
//! through a process-wide [`CryptoProvider`]. [`install_default`] makes
//! [`PROVIDER`] that provider, so a program switches to hpcrypt with one call
//! at startup and no other change:
//!
//! ```
//! use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
//!
//! hpcrypt::jwt::install_default();
//!
//! #[derive(serde::Serialize, serde::Deserialize)]
//! struct Claims { sub: String, exp: u64 }
//! let claims = Claims { sub: "user-42".into(), exp: 4_000_000_000 };
//! let token = encode(&Header::new(Algorithm::HS256), &claims,
//!                    &EncodingKey::from_secret(b"a 256-bit secret, or longer....")?)?;
//! let data = decode::<Claims>(&token, &DecodingKey::from_secret(b"a 256-bit secret, or longer....")?,
//!                             &Validation::new(Algorithm::HS256))?;
//! assert_eq!(data.claims.sub, "user-42");
//! # Ok::<(), jsonwebtoken::errors::Error>(())
//! ```
//!
//! | `alg`               | provider                                                   |
//! |---------------------|------------------------------------------------------------|
//! | HS256, HS384, HS512 | HMAC-SHA-2 (RFC 7518 §3.2), tags checked in constant time  |
//! | EdDSA               | Ed25519 (RFC 8037); signing key PKCS#8 v1/v2, verifying key the raw 32 bytes |
//! | ES256               | ECDSA P-256 SHA-256 (RFC 7518 §3.4), RFC 6979 nonces; signing key PKCS#8 or SEC 1 DER, verifying key a SEC 1 point or SPKI DER |
//! | RS*, PS*, ES384     | `Err(ErrorKind::UnsupportedAlgorithm)`                     |
//!
//! Keys arrive the way jsonwebtoken hands them over: an HMAC secret as its
//! bytes (`from_secret`, `from_base64_secret`, an `oct` JWK); an Ed25519
//! signing key as PKCS#8 DER (`EncodingKey::from_ed_der`, and `from_ed_pem`,
//! which strips the PEM); an Ed25519 verifying key as the 32-byte public key
//! (`DecodingKey::from_ed_der` given the raw key, `from_ed_pem`, which
//! extracts it from SPKI, `from_ed_components`, an `OKP` JWK). Anything else
//! is an error of jsonwebtoken's own kinds (`InvalidKeyFormat` for a key of
//! another family, `InvalidEddsaKey` for a malformed Ed25519 key), never a
//! panic. An ES256 signing key arrives as PKCS#8 DER (`EncodingKey::
//! from_ec_pem`, `from_ec_der`; `from_ec_der` given a SEC 1 `ECPrivateKey`
//! works too, for keys from `openssl ec`), a verifying key as the SEC 1
//! point (`DecodingKey::from_ec_pem`, which extracts it from SPKI,
//! `from_ec_components`, an `EC` JWK) or SPKI DER (`from_ec_der`);
//! malformed keys and other curves are `InvalidEcdsaKey`.
//!
//! [`PROVIDER`]'s `key_utils` derive an Ed25519 JWK's `x` and a P-256
//! JWK's `x`, `y` (for ES256; ES384 is `UnsupportedAlgorithm`) from a
//! private key, and hash JWK thumbprints (RFC 7638) with hpcrypt's
//! SHA-256/384/512; the RSA entries return `UnsupportedAlgorithm`.

use alloc::boxed::Box;
use alloc::vec::Vec;

use jsonwebtoken::crypto::{CryptoProvider, JwtSigner, JwtVerifier, KeyUtils};
use jsonwebtoken::errors::{Error as JwtError, ErrorKind, Result as JwtResult};
use jsonwebtoken::jwk::{EllipticCurve, ThumbprintHash};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey};

use crate::hash::{Sha256, Sha384, Sha512};
use crate::signature::Ed25519SigningKey;

mod eddsa;
mod es256;
mod hmac;

/// hpcrypt's [`CryptoProvider`] for jsonwebtoken 12: HS256, HS384, HS512,
/// EdDSA and ES256; every other algorithm is `ErrorKind::UnsupportedAlgorithm`.
///
/// A `static` (not a `const`) so that [`CryptoProvider::install_default`]
/// can take a `&'static` reference to it.
///
/// ```
/// use jsonwebtoken::{crypto::JwtSigner as _, Algorithm, EncodingKey};
/// let key = EncodingKey::from_secret(b"k")?;
/// let signer = (hpcrypt::jwt::PROVIDER.signer_factory)(&Algorithm::HS512, &key)?;
/// assert_eq!(signer.algorithm(), Algorithm::HS512);
/// assert!((hpcrypt::jwt::PROVIDER.signer_factory)(&Algorithm::RS256, &key).is_err());
/// # Ok::<(), jsonwebtoken::errors::Error>(())
/// ```
pub static PROVIDER: CryptoProvider = CryptoProvider {
    signer_factory: new_signer,
    verifier_factory: new_verifier,
    key_utils: KeyUtils {
        rsa_pub_components_from_private_key: unsupported_rsa,
        rsa_pub_components_from_public_key: unsupported_rsa,
        ec_pub_components_from_private_key,
        ed_pub_components_from_private_key,
        compute_digest,
    },
};

/// Installs [`PROVIDER`] as jsonwebtoken's process-wide default.
///
/// Call it once at startup, before the first `encode`/`decode`. Calling it
/// again is harmless; if another provider was installed (or jsonwebtoken
/// already chose one from its own crate features) that one stays, nothing
/// panics, and the result is `false`. Returns `true` when hpcrypt is the
/// process default afterwards.
///
/// ```
/// assert!(hpcrypt::jwt::install_default());
/// assert!(hpcrypt::jwt::install_default()); // again: still ours, no panic
/// ```
pub fn install_default() -> bool {
    let _ = PROVIDER.install_default();
    is_default()
}

/// `true` if [`PROVIDER`] is jsonwebtoken's process default.
///
/// Call it after [`install_default`], not before: it asks jsonwebtoken's
/// `CryptoProvider::try_get_default`, which, when nothing is installed yet
/// and exactly one of jsonwebtoken's own `rust_crypto`/`aws_lc_rs`
/// features is on somewhere in the build, fixes that provider as the
/// default for good.
///
/// ```
/// hpcrypt::jwt::install_default();
/// assert!(hpcrypt::jwt::is_default());
/// ```
pub fn is_default() -> bool {
    CryptoProvider::try_get_default().is_some_and(|p| core::ptr::eq(p, &PROVIDER))
}

fn unsupported() -> JwtError {
    ErrorKind::UnsupportedAlgorithm.into()
}

fn new_signer(algorithm: &Algorithm, key: &EncodingKey) -> JwtResult<Box<dyn JwtSigner>> {
    Ok(match algorithm {
        Algorithm::HS256 => Box::new(hmac::HmacSigner::<Sha256>::new(*algorithm, key)?),
        Algorithm::HS384 => Box::new(hmac::HmacSigner::<Sha384>::new(*algorithm, key)?),
        Algorithm::HS512 => Box::new(hmac::HmacSigner::<Sha512>::new(*algorithm, key)?),
        Algorithm::EdDSA => Box::new(eddsa::EdDsaSigner::new(key)?),
        Algorithm::ES256 => Box::new(es256::Es256Signer::new(key)?),
        _ => return Err(unsupported()),
    })
}

fn new_verifier(algorithm: &Algorithm, key: &DecodingKey) -> JwtResult<Box<dyn JwtVerifier>> {
    Ok(match algorithm {
        Algorithm::HS256 => Box::new(hmac::HmacVerifier::<Sha256>::new(*algorithm, key)?),
        Algorithm::HS384 => Box::new(hmac::HmacVerifier::<Sha384>::new(*algorithm, key)?),
        Algorithm::HS512 => Box::new(hmac::HmacVerifier::<Sha512>::new(*algorithm, key)?),
        Algorithm::EdDSA => Box::new(eddsa::EdDsaVerifier::new(key)?),
        Algorithm::ES256 => Box::new(es256::Es256Verifier::new(key)?),
        _ => return Err(unsupported()),
    })
}

fn unsupported_rsa(_: &[u8]) -> JwtResult<(Vec<u8>, Vec<u8>)> {
    Err(unsupported())
}

/// The JWK `crv`, `x`, `y` of a P-256 private key (PKCS#8 or SEC 1 DER,
/// as [`EncodingKey`] holds it) for ES256.
fn ec_pub_components_from_private_key(
    der: &[u8],
    algorithm: Algorithm,
) -> JwtResult<(EllipticCurve, Vec<u8>, Vec<u8>)> {
    match algorithm {
        Algorithm::ES256 => {
            let key = es256::signing_key(der).map_err(|_| ErrorKind::InvalidEcdsaKey)?;
            let public = key.verifying_key();
            Ok((
                EllipticCurve::P256,
                public.x().to_vec(),
                public.y().to_vec(),
            ))
        }
        Algorithm::ES384 => Err(unsupported()),
        _ => Err(ErrorKind::InvalidEcdsaKey.into()),
    }
}

/// The JWK `x` (the 32-byte public key) of a PKCS#8 Ed25519 private key.
fn ed_pub_components_from_private_key(der: &[u8], curve: &EllipticCurve) -> JwtResult<Vec<u8>> {
    if *curve != EllipticCurve::Ed25519 {
        return Err(ErrorKind::InvalidAlgorithm.into());
    }
    let key = Ed25519SigningKey::from_pkcs8_der(der).map_err(|_| ErrorKind::InvalidEddsaKey)?;
    Ok(key.verifying_key().to_bytes().to_vec())
}

/// RFC 7638 thumbprint digests.
fn compute_digest(data: &[u8], hash: ThumbprintHash) -> JwtResult<Vec<u8>> {
    Ok(match hash {
        ThumbprintHash::SHA256 => Sha256::hash(data).as_ref().to_vec(),
        ThumbprintHash::SHA384 => Sha384::hash(data).as_ref().to_vec(),
        ThumbprintHash::SHA512 => Sha512::hash(data).as_ref().to_vec(),
        _ => return Err(unsupported()),
    })
}
