//! P-256 keys as JSON Web Keys (RFC 7518 §6.2): `{"kty":"EC",
//! "crv":"P-256","x":…,"y":…}` for a public key, plus `"d"` (the private
//! scalar) for a private key.
//!
//! Each value is base64url without padding (RFC 7515 §2) of exactly 32
//! bytes: RFC 7518 §6.2.1.2/§6.2.1.3/§6.2.2.1 require the full coordinate
//! and scalar length, leading zeros kept ("MUST be the full size"), so a
//! 31-byte `x` is refused. JSON is parsed by `serde_json`, base64url
//! decoded by `base64ct` (constant time, strict: padding and non-canonical
//! trailing bits are refused). `x` and `y` are required in both forms, and
//! a private JWK's `x`/`y` must be the point its `d` derives. Other members
//! (`kid`, `use`, `key_ops`, `alg`) are the application's business and are
//! ignored.
//!
//! The `d` string is moved out of the parsed JSON into a `Zeroizing`
//! string and decoded into a wiped buffer; every other string of the parsed
//! document is wiped when dropped ([`Members`]), since a private JWK handed
//! to the public-key reader still carries `d`. Written private JWKs are
//! `Zeroizing<String>`s sized up front, so they never reallocate.

use alloc::string::String;

use base64ct::{Base64UrlUnpadded, Encoding};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use super::{P256SigningKey, P256VerifyingKey};
use crate::signature::jwk::{self, Members, B64_32};
use crate::Error;

/// RFC 7518 §6.2.1.1: the key type and curve of a P-256 JWK.
const KTY: &str = "EC";
const CRV: &str = "P-256";

/// The affine coordinates `x`, `y` (32 bytes each, big-endian; RFC 7518
/// §6.2.1.2–3 require the full length).
pub(crate) fn coordinates(members: &Members) -> Result<([u8; 32], [u8; 32]), Error> {
    Ok((members.bytes_32("x")?, members.bytes_32("y")?))
}

/// Parses a JWK object and checks `kty` (`EC`) and `crv` (`P-256`).
pub(crate) fn parse(json: &str) -> Result<Members, Error> {
    jwk::parse(json, KTY, CRV)
}

/// `{"kty":"EC","crv":"P-256","x":"…","y":"…"}`, RFC 7518 §6.2.1 order.
pub(crate) fn encode_public(x: &[u8; 32], y: &[u8; 32]) -> String {
    let mut out = String::with_capacity(128);
    push_public_members(&mut out, x, y);
    out.push('}');
    out
}

fn push_public_members(out: &mut String, x: &[u8; 32], y: &[u8; 32]) {
    let mut buf = [0u8; B64_32];
    out.push_str(r#"{"kty":"EC","crv":"P-256","x":""#);
    out.push_str(Base64UrlUnpadded::encode(x, &mut buf).unwrap_or_default());
    out.push_str(r#"","y":""#);
    out.push_str(Base64UrlUnpadded::encode(y, &mut buf).unwrap_or_default());
    out.push('"');
}

/// `{"kty":"EC","crv":"P-256","x":"…","y":"…","d":"…"}`, wiped on drop.
pub(crate) fn encode_private(x: &[u8; 32], y: &[u8; 32], scalar: &[u8; 32]) -> Zeroizing<String> {
    // The final size is reserved first: the string must never reallocate
    // (a reallocation would leave an unwiped copy of `d` behind).
    let mut out = Zeroizing::new(String::with_capacity(192));
    push_public_members(&mut out, x, y);
    let mut d = Zeroizing::new([0u8; B64_32]);
    out.push_str(r#","d":""#);
    out.push_str(Base64UrlUnpadded::encode(scalar, &mut *d).unwrap_or_default());
    out.push_str(r#""}"#);
    out
}

impl P256VerifyingKey {
    /// Reads an RFC 7518 §6.2 `EC`/`P-256` JWK (public, or private: only
    /// `x` and `y` are read).
    ///
    /// Errors: [`Error::InvalidKeyEncoding`] (not JSON, a member missing or
    /// not 32 bytes of unpadded base64url), [`Error::UnsupportedKeyAlgorithm`]
    /// (another `kty`/`crv`), [`Error::InvalidPublicKey`] (not a point of
    /// P-256).
    ///
    /// ```
    /// use hpcrypt::signature::P256VerifyingKey;
    /// // RFC 7515 Appendix A.3.1
    /// let jwk = r#"{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}"#;
    /// let vk = P256VerifyingKey::from_jwk(jwk)?;
    /// assert_eq!(vk.to_jwk(), jwk);
    /// # Ok::<(), hpcrypt::Error>(())
    /// ```
    pub fn from_jwk(json: &str) -> Result<Self, Error> {
        let (x, y) = coordinates(&parse(json)?)?;
        Self::from_affine_coordinates(&x, &y)
    }

    /// The public JWK `{"kty":"EC","crv":"P-256","x":"…","y":"…"}`.
    ///
    /// ```
    /// use hpcrypt::signature::P256SigningKey;
    /// let vk = P256SigningKey::from_bytes(&[7u8; 32])?.verifying_key();
    /// assert!(vk.to_jwk().starts_with(r#"{"kty":"EC","crv":"P-256","x":""#));
    /// # Ok::<(), hpcrypt::Error>(())
    /// ```
    pub fn to_jwk(&self) -> String {
        encode_public(&self.x(), &self.y())
    }
}

impl P256SigningKey {
    /// Reads a private RFC 7518 §6.2 JWK: `d` is the scalar (32 bytes, in
    /// [1, n−1]), and `x`, `y` (required) must be its public key.
    ///
    /// Errors: as [`P256VerifyingKey::from_jwk`], plus
    /// [`Error::PublicKeyMismatch`] if `x`, `y` are not `d`'s public key
    /// and [`Error::InvalidKeyEncoding`] for a missing or out-of-range `d`.
    ///
    /// ```
    /// use hpcrypt::signature::P256SigningKey;
    /// // RFC 7515 Appendix A.3.1
    /// let jwk = r#"{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0","d":"jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI"}"#;
    /// let key = P256SigningKey::from_jwk(jwk)?;
    /// assert_eq!(*key.to_jwk(), jwk);
    /// # Ok::<(), hpcrypt::Error>(())
    /// ```
    pub fn from_jwk(json: &str) -> Result<Self, Error> {
        let mut members = parse(json)?;
        let mut scalar = Zeroizing::new([0u8; 32]);
        members.take_secret_32("d", &mut scalar)?;
        let (x, y) = coordinates(&members)?;
        let key = Self::from_bytes(&scalar).map_err(|_| Error::InvalidKeyEncoding)?;
        let public = key.verifying_key();
        let same = public.x().ct_eq(&x) & public.y().ct_eq(&y);
        if !bool::from(same) {
            // An invalid point is still reported as such.
            P256VerifyingKey::from_affine_coordinates(&x, &y)?;
            return Err(Error::PublicKeyMismatch);
        }
        Ok(key)
    }

    /// The private JWK `{"kty":"EC","crv":"P-256","x":"…","y":"…","d":"…"}`,
    /// wiped on drop.
    ///
    /// ```
    /// use hpcrypt::signature::P256SigningKey;
    /// let key = P256SigningKey::from_bytes(&[7u8; 32])?;
    /// let jwk = key.to_jwk();
    /// assert_eq!(P256SigningKey::from_jwk(&jwk)?.verifying_key(), key.verifying_key());
    /// # Ok::<(), hpcrypt::Error>(())
    /// ```
    pub fn to_jwk(&self) -> Zeroizing<String> {
        let public = self.verifying_key();
        // The held scalar itself, not a by-value copy (rule 4).
        encode_private(&public.x(), &public.y(), &self.secrets.bytes)
    }
}
