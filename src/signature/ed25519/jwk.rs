//! Ed25519 keys as JSON Web Keys (RFC 8037 §2): `{"kty":"OKP",
//! "crv":"Ed25519","x":…}` for a public key, plus `"d"` (the RFC 8032 seed)
//! for a private key; both values base64url without padding (RFC 7515 §2).
//!
//! JSON is parsed by `serde_json` and base64url decoded by `base64ct`
//! (constant time, strict: padding and non-canonical trailing bits are
//! refused). RFC 8037 §2 makes `x` required in both forms; a private JWK's
//! `x` must be the public key its `d` derives. Other members (`kid`, `use`,
//! `key_ops`, `alg`) are the application's business and are ignored.
//!
//! The `d` string is moved out of the parsed JSON into a `Zeroizing` string,
//! decoded into a wiped buffer, and written into a `Zeroizing<String>`.
//! Every other string of the parsed document is wiped too when it is
//! dropped ([`Members`]): a private JWK handed to
//! [`Ed25519VerifyingKey::from_jwk`], or one refused for its `kty`/`crv`,
//! still carries `d`.

use alloc::string::String;

use base64ct::{Base64UrlUnpadded, Encoding};
use zeroize::Zeroizing;

use super::{Ed25519SigningKey, Ed25519VerifyingKey};
use crate::signature::jwk::{parse, Members, B64_32};
use crate::Error;

/// RFC 8037 §2: the key type and curve of an Ed25519 JWK.
const KTY: &str = "OKP";
const CRV: &str = "Ed25519";

fn public_from(members: &Members) -> Result<Ed25519VerifyingKey, Error> {
    Ed25519VerifyingKey::from_bytes(&members.bytes_32("x")?)
}

impl Ed25519VerifyingKey {
    /// Reads an RFC 8037 `OKP`/`Ed25519` JWK (public, or private: only `x`
    /// is read).
    ///
    /// Errors: [`Error::InvalidKeyEncoding`] (not JSON, missing or malformed
    /// member), [`Error::UnsupportedKeyAlgorithm`] (another `kty`/`crv`),
    /// [`Error::InvalidPublicKey`] (`x` is not a valid point).
    ///
    /// ```
    /// use hpcrypt::signature::Ed25519VerifyingKey;
    /// // RFC 8037 Appendix A.2
    /// let jwk = r#"{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#;
    /// let vk = Ed25519VerifyingKey::from_jwk(jwk)?;
    /// assert_eq!(vk.to_jwk(), jwk);
    /// # Ok::<(), hpcrypt::Error>(())
    /// ```
    pub fn from_jwk(json: &str) -> Result<Self, Error> {
        public_from(&parse(json, KTY, CRV)?)
    }

    /// The public JWK, members in RFC 8037's order:
    /// `{"kty":"OKP","crv":"Ed25519","x":"…"}`.
    ///
    /// ```
    /// use hpcrypt::signature::Ed25519SigningKey;
    /// let vk = Ed25519SigningKey::from_bytes(&[6u8; 32]).verifying_key();
    /// assert!(vk.to_jwk().starts_with(r#"{"kty":"OKP","crv":"Ed25519","x":""#));
    /// ```
    pub fn to_jwk(&self) -> String {
        let mut x = [0u8; B64_32];
        let x = Base64UrlUnpadded::encode(&self.bytes, &mut x).unwrap_or_default();
        let mut out = String::with_capacity(80);
        out.push_str(r#"{"kty":"OKP","crv":"Ed25519","x":""#);
        out.push_str(x);
        out.push_str(r#""}"#);
        out
    }
}

impl Ed25519SigningKey {
    /// Reads an RFC 8037 private JWK: `d` is the seed, and `x` (required)
    /// must be the public key it derives.
    ///
    /// Errors: as [`Ed25519VerifyingKey::from_jwk`], plus
    /// [`Error::PublicKeyMismatch`] if `x` is not `d`'s public key.
    ///
    /// ```
    /// use hpcrypt::signature::Ed25519SigningKey;
    /// let key = Ed25519SigningKey::from_bytes(&[6u8; 32]);
    /// let jwk = key.to_jwk();
    /// let again = Ed25519SigningKey::from_jwk(&jwk)?;
    /// assert_eq!(again.verifying_key(), key.verifying_key());
    /// assert!(Ed25519SigningKey::from_jwk(&key.verifying_key().to_jwk()).is_err());
    /// # Ok::<(), hpcrypt::Error>(())
    /// ```
    pub fn from_jwk(json: &str) -> Result<Self, Error> {
        let mut members = parse(json, KTY, CRV)?;
        let mut seed = Zeroizing::new([0u8; 32]);
        members.take_secret_32("d", &mut seed)?;
        let public = public_from(&members)?;
        let key = Self::from_bytes(&seed);
        key.check_public_key(&public.bytes)?;
        Ok(key)
    }

    /// The private JWK `{"kty":"OKP","crv":"Ed25519","d":"…","x":"…"}`,
    /// wiped on drop.
    ///
    /// ```
    /// use hpcrypt::signature::Ed25519SigningKey;
    /// // RFC 8037 Appendix A.1
    /// let seed = [0x9d, 0x61, 0xb1, 0x9d, 0xef, 0xfd, 0x5a, 0x60, 0xba, 0x84, 0x4a, 0xf4, 0x92, 0xec,
    ///             0x2c, 0xc4, 0x44, 0x49, 0xc5, 0x69, 0x7b, 0x32, 0x69, 0x19, 0x70, 0x3b, 0xac, 0x03,
    ///             0x1c, 0xae, 0x7f, 0x60];
    /// let jwk = Ed25519SigningKey::from_bytes(&seed).to_jwk();
    /// assert_eq!(*jwk, r#"{"kty":"OKP","crv":"Ed25519","d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#);
    /// ```
    pub fn to_jwk(&self) -> Zeroizing<String> {
        let mut d = Zeroizing::new([0u8; B64_32]);
        let mut x = [0u8; B64_32];
        let x = Base64UrlUnpadded::encode(&self.verifying_key.bytes, &mut x).unwrap_or_default();
        // Reserve the final size first: the string must never reallocate
        // (a reallocation would leave an unwiped copy of `d` behind).
        let mut out = Zeroizing::new(String::with_capacity(136));
        out.push_str(r#"{"kty":"OKP","crv":"Ed25519","d":""#);
        out.push_str(Base64UrlUnpadded::encode(&self.secrets.seed, &mut *d).unwrap_or_default());
        out.push_str(r#"","x":""#);
        out.push_str(x);
        out.push_str(r#""}"#);
        out
    }
}
