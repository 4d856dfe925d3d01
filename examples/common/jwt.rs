//! The token policy of the API-security guide on top of `jsonwebtoken` 12
//! with hpcrypt as its crypto provider: shared by `examples/jwt_eddsa.rs` and
//! `tests/jwt_interop.rs`.
//!
//! jsonwebtoken does the JWS work (RFC 7515/7519: base64url, header, the
//! `alg` allow-list, signature, `exp`/`nbf`/`iss`/`aud`); hpcrypt signs and
//! verifies (`hpcrypt::jwt::install_default()`), and its key types read and
//! write the key files. What is left here is what neither does: a maximum
//! token lifetime, `iat` sanity, and a `jti` revocation list, checked only
//! after jsonwebtoken has verified the signature.
#![allow(dead_code)]

#[path = "base64url.rs"]
pub mod base64url;

use std::collections::HashSet;
use std::fmt;

use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::{Deserialize, Serialize};

/// The claims our API issues and accepts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// Subject: the user ID.
    pub sub: String,
    /// Issuer: who minted the token.
    pub iss: String,
    /// Audience: the API this token is for.
    pub aud: String,
    /// Expiration, Unix seconds.
    pub exp: u64,
    /// Issued at, Unix seconds.
    pub iat: u64,
    /// Token ID, unique per token, for revocation.
    pub jti: String,
    /// Permissions.
    pub scope: Vec<String>,
}

/// Why a token was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JwtError {
    /// jsonwebtoken refused it (signature, algorithm, `exp`, `iss`, `aud`, …).
    Token(ErrorKind),
    /// `exp - iat` is longer than the policy allows, `iat` is after `exp`,
    /// or `iat` is in the future (beyond the leeway).
    LifetimeTooLong,
    /// `jti` is empty or on the revocation list.
    Revoked,
}

impl fmt::Display for JwtError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JwtError::Token(kind) => write!(f, "{kind:?}"),
            JwtError::LifetimeTooLong => f.write_str("token lifetime exceeds policy"),
            JwtError::Revoked => f.write_str("token revoked (jti)"),
        }
    }
}

impl std::error::Error for JwtError {}

/// What a verifier accepts besides a valid signature.
#[derive(Clone, Debug)]
pub struct Policy {
    /// The one algorithm this verifier's key is for: the key picks it, never
    /// the token.
    pub algorithm: Algorithm,
    /// The only accepted `iss`.
    pub issuer: String,
    /// The only accepted `aud`.
    pub audience: String,
    /// Longest accepted `exp - iat` (short-lived access tokens).
    pub max_lifetime_secs: u64,
    /// Revoked token IDs.
    pub revoked_jtis: HashSet<String>,
}

impl Policy {
    /// 15-minute tokens at most, nothing revoked yet.
    pub fn new(algorithm: Algorithm, issuer: &str, audience: &str) -> Self {
        Policy {
            algorithm,
            issuer: issuer.to_string(),
            audience: audience.to_string(),
            max_lifetime_secs: 15 * 60,
            revoked_jtis: HashSet::new(),
        }
    }

    /// jsonwebtoken's validation for this policy: one algorithm, this issuer
    /// and audience, all registered claims we rely on required, 30 s leeway.
    pub fn validation(&self) -> Validation {
        let mut v = Validation::new(self.algorithm);
        v.set_issuer(&[&self.issuer]);
        v.set_audience(&[&self.audience]);
        v.set_required_spec_claims(&["exp", "iat", "iss", "aud", "sub"]);
        v.leeway = 30;
        v
    }
}

/// Verifies `token` under `key` and the policy; returns its claims.
pub fn decode(token: &str, key: &DecodingKey, policy: &Policy) -> Result<Claims, JwtError> {
    let validation = policy.validation();
    let claims = jsonwebtoken::decode::<Claims>(token, key, &validation)
        .map_err(|e| JwtError::Token(e.into_kind()))?
        .claims;
    // Only verified claims reach these checks. `iat` must not be in the
    // future (beyond the clock-skew leeway): otherwise `exp - iat` bounds
    // nothing, and a token "issued" next year lives until next year.
    let now = jsonwebtoken::get_current_timestamp();
    if claims.iat > now.saturating_add(validation.leeway)
        || claims.iat > claims.exp
        || claims.exp - claims.iat > policy.max_lifetime_secs
    {
        return Err(JwtError::LifetimeTooLong);
    }
    if claims.jti.is_empty() || policy.revoked_jtis.contains(&claims.jti) {
        return Err(JwtError::Revoked);
    }
    Ok(claims)
}

/// A fresh token ID: 128 random bits from the OS RNG, base64url.
pub fn new_jti() -> Result<String, hpcrypt::Error> {
    Ok(base64url::encode(hpcrypt::rand::random_bytes::<16>()?))
}
