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
use serde_json::{Map, Value};
use zeroize::{Zeroize, Zeroizing};

use super::{Ed25519SigningKey, Ed25519VerifyingKey};
use crate::Error;

/// base64url length of 32 bytes without padding: ⌈32·4/3⌉.
const B64_32: usize = 43;

/// The members of a parsed JWK; on drop every string in them (and in any
/// nested value) is wiped, so that a `d` the caller did not take out is not
/// left in freed memory. serde_json caps nesting at 128, which bounds the
/// recursion of [`wipe`].
struct Members(Map<String, Value>);

impl Drop for Members {
    fn drop(&mut self) {
        self.0.values_mut().for_each(wipe);
    }
}

fn wipe(value: &mut Value) {
    match value {
        Value::String(s) => s.zeroize(),
        Value::Array(a) => a.iter_mut().for_each(wipe),
        Value::Object(o) => o.values_mut().for_each(wipe),
        _ => {}
    }
}

/// Parses a JWK object and checks `kty` and `crv`.
fn parse(json: &str) -> Result<Members, Error> {
    let mut value: Value = serde_json::from_str(json).map_err(|_| Error::InvalidKeyEncoding)?;
    let Value::Object(map) = &mut value else {
        wipe(&mut value);
        return Err(Error::InvalidKeyEncoding);
    };
    let members = Members(core::mem::take(map));
    for (member, expected) in [("kty", "OKP"), ("crv", "Ed25519")] {
        match members.0.get(member) {
            Some(Value::String(v)) if v == expected => {}
            Some(Value::String(_)) => return Err(Error::UnsupportedKeyAlgorithm),
            _ => return Err(Error::InvalidKeyEncoding),
        }
    }
    Ok(members)
}

/// Decodes exactly 32 bytes of unpadded base64url into `out`.
fn decode_32(text: &str, out: &mut [u8; 32]) -> Result<(), Error> {
    if text.len() != B64_32 {
        return Err(Error::InvalidKeyEncoding);
    }
    let decoded = Base64UrlUnpadded::decode(text, out).map_err(|_| Error::InvalidKeyEncoding)?;
    if decoded.len() != 32 {
        return Err(Error::InvalidKeyEncoding);
    }
    Ok(())
}

fn public_from_map(map: &Map<String, Value>) -> Result<Ed25519VerifyingKey, Error> {
    let Some(Value::String(x)) = map.get("x") else {
        return Err(Error::InvalidKeyEncoding);
    };
    let mut bytes = [0u8; 32];
    decode_32(x, &mut bytes)?;
    Ed25519VerifyingKey::from_bytes(&bytes)
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
        public_from_map(&parse(json)?.0)
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
        let mut members = parse(json)?;
        // Move the secret out (no copy) so that it is wiped when dropped.
        let d = match members.0.remove("d") {
            Some(Value::String(d)) => Zeroizing::new(d),
            Some(mut other) => {
                wipe(&mut other);
                return Err(Error::InvalidKeyEncoding);
            }
            None => return Err(Error::InvalidKeyEncoding),
        };
        let public = public_from_map(&members.0)?;
        let mut seed = Zeroizing::new([0u8; 32]);
        decode_32(&d, &mut seed)?;
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
