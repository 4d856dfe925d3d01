//! What the jsonwebtoken tests (`jwt_provider.rs`, `jwt_es256.rs`) share:
//! the claims of `tests/jwt_fixtures/claims.json`, the validation policy
//! every token is checked under, and the provider installation.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, Validation};
use serde::{Deserialize, Serialize};

pub const ISSUER: &str = "https://auth.example.com";
pub const AUDIENCE: &str = "https://api.example.com";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    pub sub: String,
    pub iss: String,
    pub aud: String,
    pub iat: u64,
    pub exp: u64,
    pub jti: String,
    pub scope: Vec<String>,
}

/// Installs hpcrypt as jsonwebtoken's provider (harmless when repeated).
pub fn setup() {
    assert!(hpcrypt::jwt::install_default(), "hpcrypt is the provider");
}

/// The repository root.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/jwt_fixtures/`: tokens and keys made once by other implementations.
pub fn fixtures() -> PathBuf {
    root().join("tests/jwt_fixtures")
}

pub fn claims() -> Claims {
    serde_json::from_slice(&std::fs::read(fixtures().join("claims.json")).unwrap()).unwrap()
}

/// The policy of the guide: issuer, audience and the five claims required.
pub fn validation(alg: Algorithm) -> Validation {
    let mut v = Validation::new(alg);
    v.set_issuer(&[ISSUER]);
    v.set_audience(&[AUDIENCE]);
    v.set_required_spec_claims(&["exp", "iat", "iss", "aud", "sub"]);
    v
}

/// The kind of an error the caller expected; panics on `Ok`.
pub fn kind<T>(r: jsonwebtoken::errors::Result<T>) -> ErrorKind {
    match r {
        Ok(_) => panic!("expected an error"),
        Err(e) => e.into_kind(),
    }
}

/// base64url without padding (RFC 7515 §2).
pub fn b64(b: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b)
}
