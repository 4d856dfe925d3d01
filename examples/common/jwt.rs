//! Compact JWS/JWT (RFC 7515, RFC 7519) with EdDSA (RFC 8037) and HS256
//! (RFC 7518 §3.2) on hpcrypt: the code `examples/jwt_eddsa.rs` shows and
//! `tests/jwt_interop.rs` checks against the `jsonwebtoken` crate.
//!
//! Verification order matters and is fixed here:
//! 1. size and shape (three base64url parts), before any decoding work;
//! 2. the header's `alg` must be the one algorithm the *key* is for. The key
//!    type picks the algorithm, never the token: an HS256 token (perhaps
//!    MACed with our public key as the secret, the classic confusion attack)
//!    or `alg: none` is refused before any cryptography runs;
//! 3. the signature over the header and payload *as received*;
//! 4. only then the claims are parsed and checked (`iss`, `aud`, `exp`,
//!    `iat`, `jti`). Unverified claims are never looked at.
#![allow(dead_code)]

#[path = "base64url.rs"]
pub mod base64url;

use std::collections::HashSet;
use std::fmt;

use hpcrypt::mac::HmacSha256Key;
use hpcrypt::signature::{Ed25519SigningKey, Ed25519VerifyingKey, Signer, Verifier};
use serde::{Deserialize, Serialize};

/// Tokens longer than this are refused before any decoding (hostile input:
/// a multi-megabyte "token" must not cost us a multi-megabyte decode).
pub const MAX_TOKEN_LEN: usize = 8 * 1024;

/// RFC 7518 §3.2: an HS256 key must be at least as long as the hash output.
pub const MIN_HS256_KEY_LEN: usize = 32;

/// The claims our API issues and accepts. `aud` is a single string here (the
/// guide's shape); RFC 7519 also allows an array, which this type refuses.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// Subject: the user ID.
    pub sub: String,
    /// Issuer: who minted the token.
    pub iss: String,
    /// Audience: the API this token is for.
    pub aud: String,
    /// Expiration, Unix seconds. The token is invalid from this instant on.
    pub exp: u64,
    /// Issued at, Unix seconds.
    pub iat: u64,
    /// Token ID, unique per token, for revocation.
    pub jti: String,
    /// Permissions.
    pub scope: Vec<String>,
}

/// The JOSE header. Unknown members are ignored (RFC 7515 §4), except that
/// a `crit` list is refused: we implement no extensions, so we cannot honour
/// one that the issuer marked critical (§4.1.11).
#[derive(Debug, Serialize, Deserialize)]
struct Header {
    alg: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    typ: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    kid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    crit: Option<Vec<String>>,
}

/// Why a token was refused. Deliberately coarse for signature failures: the
/// caller learns "bad signature", nothing about where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JwtError {
    /// Not three base64url parts, too long, or header/claims not valid JSON
    /// of the expected shape.
    Malformed(&'static str),
    /// The header names an algorithm other than the key's (including `none`).
    AlgorithmMismatch {
        expected: &'static str,
        found: String,
    },
    /// The header carries `crit` extensions we do not implement.
    UnsupportedCritical,
    /// The signature or MAC did not verify.
    BadSignature,
    /// `exp` has passed (beyond the leeway).
    Expired,
    /// `iat` lies in the future (beyond the leeway), or after `exp`.
    IssuedInFuture,
    /// `exp - iat` is longer than the policy allows.
    LifetimeTooLong,
    /// `iss` is not the issuer we trust.
    WrongIssuer,
    /// `aud` is not this API.
    WrongAudience,
    /// `jti` is empty or on the revocation list.
    Revoked,
    /// An HS256 key shorter than 32 bytes.
    WeakKey,
}

impl fmt::Display for JwtError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JwtError::Malformed(why) => write!(f, "malformed token: {why}"),
            JwtError::AlgorithmMismatch { expected, found } => {
                write!(f, "algorithm {found:?} refused (this key is {expected})")
            }
            JwtError::UnsupportedCritical => f.write_str("unsupported critical header"),
            JwtError::BadSignature => f.write_str("bad signature"),
            JwtError::Expired => f.write_str("token expired"),
            JwtError::IssuedInFuture => f.write_str("token issued in the future"),
            JwtError::LifetimeTooLong => f.write_str("token lifetime exceeds policy"),
            JwtError::WrongIssuer => f.write_str("wrong issuer"),
            JwtError::WrongAudience => f.write_str("wrong audience"),
            JwtError::Revoked => f.write_str("token revoked (jti)"),
            JwtError::WeakKey => f.write_str("HS256 key shorter than 256 bits"),
        }
    }
}

impl std::error::Error for JwtError {}

/// A key that can sign tokens: it fixes the header's `alg`.
pub trait JwtSigner {
    /// The JWS `alg` value.
    const ALG: &'static str;
    /// The signature or MAC over the signing input `header.payload`.
    fn sign_input(&self, signing_input: &[u8]) -> Vec<u8>;
}

/// A key that can verify tokens: it accepts exactly one `alg`.
pub trait JwtVerifier {
    /// The only JWS `alg` value this key accepts.
    const ALG: &'static str;
    /// Checks the signature or MAC over `header.payload`.
    fn verify_input(&self, signing_input: &[u8], signature: &[u8]) -> Result<(), JwtError>;
}

impl JwtSigner for Ed25519SigningKey {
    const ALG: &'static str = "EdDSA";
    fn sign_input(&self, signing_input: &[u8]) -> Vec<u8> {
        self.sign(signing_input).as_ref().to_vec()
    }
}

impl JwtVerifier for Ed25519VerifyingKey {
    const ALG: &'static str = "EdDSA";
    fn verify_input(&self, signing_input: &[u8], signature: &[u8]) -> Result<(), JwtError> {
        self.verify(signing_input, signature)
            .map_err(|_| JwtError::BadSignature)
    }
}

/// An HS256 key: a precomputed HMAC-SHA256 key (the pads are hashed once, not
/// per token), created only from a secret of at least 256 bits.
pub struct Hs256Key(HmacSha256Key);

impl Hs256Key {
    /// Refuses secrets shorter than 32 bytes (RFC 7518 §3.2).
    pub fn new(secret: &[u8]) -> Result<Self, JwtError> {
        if secret.len() < MIN_HS256_KEY_LEN {
            return Err(JwtError::WeakKey);
        }
        Ok(Hs256Key(HmacSha256Key::new(secret)))
    }
}

impl JwtSigner for Hs256Key {
    const ALG: &'static str = "HS256";
    fn sign_input(&self, signing_input: &[u8]) -> Vec<u8> {
        self.0.mac(signing_input).as_ref().to_vec()
    }
}

impl JwtVerifier for Hs256Key {
    const ALG: &'static str = "HS256";
    fn verify_input(&self, signing_input: &[u8], signature: &[u8]) -> Result<(), JwtError> {
        // Constant-time comparison; a tag of the wrong length fails too.
        self.0
            .verify(signing_input, signature)
            .map_err(|_| JwtError::BadSignature)
    }
}

/// Signs `claims` into a compact token: `b64(header).b64(claims).b64(sig)`.
pub fn encode<K: JwtSigner>(claims: &Claims, key: &K) -> String {
    let header = Header {
        alg: K::ALG.to_string(),
        typ: Some("JWT".to_string()),
        kid: None,
        crit: None,
    };
    // Serializing these two plain structs cannot fail.
    let header_json = serde_json::to_vec(&header).expect("header serializes");
    let claims_json = serde_json::to_vec(claims).expect("claims serialize");
    let signing_input = format!(
        "{}.{}",
        base64url::encode(header_json),
        base64url::encode(claims_json)
    );
    let signature = encode_signature(&signing_input, key);
    format!("{signing_input}.{signature}")
}

/// The third part of a token: base64url of the signature over `signing_input`.
pub fn encode_signature<K: JwtSigner>(signing_input: &str, key: &K) -> String {
    base64url::encode(key.sign_input(signing_input.as_bytes()))
}

/// What a verifier accepts besides a valid signature.
#[derive(Clone, Debug)]
pub struct Validation {
    /// The only accepted `iss`.
    pub issuer: String,
    /// The only accepted `aud`: this API's identifier.
    pub audience: String,
    /// Clock skew tolerated on `exp` and `iat`, in seconds.
    pub leeway_secs: u64,
    /// Longest accepted `exp - iat` (short-lived access tokens).
    pub max_lifetime_secs: u64,
    /// Revoked token IDs.
    pub revoked_jtis: HashSet<String>,
}

impl Validation {
    /// 30 s of leeway, at most 15-minute tokens, nothing revoked yet.
    pub fn new(issuer: &str, audience: &str) -> Self {
        Validation {
            issuer: issuer.to_string(),
            audience: audience.to_string(),
            leeway_secs: 30,
            max_lifetime_secs: 15 * 60,
            revoked_jtis: HashSet::new(),
        }
    }
}

/// Verifies `token` with `key` at time `now` (Unix seconds) and returns its
/// claims. See the module comment for the order of checks.
pub fn decode<K: JwtVerifier>(
    token: &str,
    key: &K,
    validation: &Validation,
    now: u64,
) -> Result<Claims, JwtError> {
    if token.len() > MAX_TOKEN_LEN {
        return Err(JwtError::Malformed("token too long"));
    }
    let mut parts = token.split('.');
    let (Some(header_b64), Some(claims_b64), Some(sig_b64), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(JwtError::Malformed("expected three dot-separated parts"));
    };

    let header_json =
        base64url::decode(header_b64).map_err(|_| JwtError::Malformed("header encoding"))?;
    let header: Header =
        serde_json::from_slice(&header_json).map_err(|_| JwtError::Malformed("header JSON"))?;
    if header.alg != K::ALG {
        return Err(JwtError::AlgorithmMismatch {
            expected: K::ALG,
            found: header.alg,
        });
    }
    if header.crit.is_some() {
        return Err(JwtError::UnsupportedCritical);
    }
    if header.typ.as_deref().is_some_and(|t| t != "JWT") {
        return Err(JwtError::Malformed("typ is not JWT"));
    }

    let signature =
        base64url::decode(sig_b64).map_err(|_| JwtError::Malformed("signature encoding"))?;
    // The signing input is the received text, not a re-encoding of it.
    let signing_input_len = header_b64.len() + 1 + claims_b64.len();
    key.verify_input(&token.as_bytes()[..signing_input_len], &signature)?;

    let claims_json =
        base64url::decode(claims_b64).map_err(|_| JwtError::Malformed("claims encoding"))?;
    let claims: Claims =
        serde_json::from_slice(&claims_json).map_err(|_| JwtError::Malformed("claims JSON"))?;
    check_claims(&claims, validation, now)?;
    Ok(claims)
}

/// The registered-claim checks (RFC 7519 §4.1), run on verified claims only.
fn check_claims(claims: &Claims, v: &Validation, now: u64) -> Result<(), JwtError> {
    if claims.iss != v.issuer {
        return Err(JwtError::WrongIssuer);
    }
    if claims.aud != v.audience {
        return Err(JwtError::WrongAudience);
    }
    // §4.1.4: valid only while now < exp. Saturating: hostile values near
    // u64::MAX must not overflow.
    if now >= claims.exp.saturating_add(v.leeway_secs) {
        return Err(JwtError::Expired);
    }
    if claims.iat > now.saturating_add(v.leeway_secs) || claims.iat > claims.exp {
        return Err(JwtError::IssuedInFuture);
    }
    if claims.exp - claims.iat > v.max_lifetime_secs {
        return Err(JwtError::LifetimeTooLong);
    }
    if claims.jti.is_empty() || v.revoked_jtis.contains(&claims.jti) {
        return Err(JwtError::Revoked);
    }
    Ok(())
}

/// A fresh token ID: 128 random bits from the OS RNG, base64url.
pub fn new_jti() -> Result<String, hpcrypt::Error> {
    Ok(base64url::encode(hpcrypt::rand::random_bytes::<16>()?))
}

/// PKCS#8 v1 (RFC 5208, with the RFC 8410 Ed25519 algorithm identifier) DER
/// for an Ed25519 seed: `SEQUENCE { INTEGER 0, SEQUENCE { OID 1.3.101.112 },
/// OCTET STRING { OCTET STRING seed } }`, always these 48 bytes.
pub fn ed25519_pkcs8_v1_der(seed: &[u8; 32]) -> Vec<u8> {
    let mut der = PKCS8_V1_PREFIX.to_vec();
    der.extend_from_slice(seed);
    der
}

/// The fixed first 16 bytes of a v1 Ed25519 PKCS#8 document.
const PKCS8_V1_PREFIX: [u8; 16] = [
    0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
];

/// The fixed first 16 bytes of a v2 (RFC 5958 OneAsymmetricKey, with the
/// public key) Ed25519 PKCS#8 document, as ring writes it; the seed follows,
/// then `publicKey [1] IMPLICIT BIT STRING` (tag 0x81, 33 bytes, 0 unused bits).
const PKCS8_V2_PREFIX: [u8; 16] = [
    0x30, 0x51, 0x02, 0x01, 0x01, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
];
const PKCS8_V2_PUBLIC_KEY_TAG: [u8; 3] = [0x81, 0x21, 0x00];

/// The seed inside an Ed25519 PKCS#8 document (v1, or v2 with the public
/// key, which must then match the seed). Only these two exact layouts are
/// accepted; anything else is `None`.
pub fn ed25519_seed_from_pkcs8(der: &[u8]) -> Option<Ed25519SigningKey> {
    let (prefix, rest) = der.split_at_checked(16)?;
    let seed: &[u8; 32] = rest.get(..32)?.try_into().ok()?;
    let key = Ed25519SigningKey::from_bytes(seed);
    if prefix == PKCS8_V1_PREFIX && rest.len() == 32 {
        return Some(key);
    }
    if prefix == PKCS8_V2_PREFIX && rest.len() == 32 + 3 + 32 {
        let (tag, public) = rest[32..].split_at(3);
        if tag == PKCS8_V2_PUBLIC_KEY_TAG && public == key.verifying_key().to_bytes() {
            return Some(key);
        }
    }
    None
}

/// SubjectPublicKeyInfo DER (RFC 8410 §4) for an Ed25519 public key:
/// `SEQUENCE { SEQUENCE { OID 1.3.101.112 }, BIT STRING key }`, 44 bytes.
pub fn ed25519_spki_der(key: &Ed25519VerifyingKey) -> Vec<u8> {
    let mut der = SPKI_PREFIX.to_vec();
    der.extend_from_slice(&key.to_bytes());
    der
}

const SPKI_PREFIX: [u8; 12] = [
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
];

/// The public key inside Ed25519 SPKI DER, or `None` for any other layout
/// or an invalid point.
pub fn ed25519_key_from_spki(der: &[u8]) -> Option<Ed25519VerifyingKey> {
    let (prefix, key) = der.split_at_checked(SPKI_PREFIX.len())?;
    if prefix != SPKI_PREFIX {
        return None;
    }
    Ed25519VerifyingKey::from_slice(key).ok()
}

/// A PEM block (RFC 7468) around `der`, 64 characters a line.
pub fn pem(label: &str, der: &[u8]) -> String {
    let body = base64url::encode_standard_padded(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for line in body.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(line).expect("base64 is ASCII"));
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}
