//! What the jsonwebtoken tests (`jwt_provider.rs`, `jwt_es256.rs`) share:
//! the claims of `tests/jwt_fixtures/claims.json`, the validation policy
//! every token is checked under, the provider installation, and the
//! refusal checks every algorithm goes through (tampering, confusion).
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
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

/// Every one-byte change of a valid `token` is refused (as
/// `InvalidSignature` when it lands inside the signature, before its last
/// character, whose low bits base64url may ignore), and so are the token
/// cut short by four characters and the token with four more.
pub fn assert_tampering_refused(token: &str, dec: &DecodingKey, alg: Algorithm) {
    use jsonwebtoken::decode;
    assert!(decode::<Claims>(token, dec, &validation(alg)).is_ok());
    let bytes = token.as_bytes();
    let sig_start = token.rfind('.').unwrap() + 1;
    for i in 0..bytes.len() {
        let mut forged = bytes.to_vec();
        forged[i] = if bytes[i] == b'A' { b'B' } else { b'A' };
        let forged = String::from_utf8(forged).unwrap();
        let r = decode::<Claims>(&forged, dec, &validation(alg));
        assert!(r.is_err(), "{alg:?} byte {i}");
        if i >= sig_start && i + 1 < bytes.len() {
            assert_eq!(kind(r), ErrorKind::InvalidSignature, "{alg:?} byte {i}");
        }
    }
    let short = &token[..token.len() - 4];
    assert!(decode::<Claims>(short, dec, &validation(alg)).is_err());
    let long = format!("{token}AAAA");
    assert!(decode::<Claims>(&long, dec, &validation(alg)).is_err());
}

/// The classic algorithm confusion (RFC 8725 §2.1): an HS256 token whose
/// MAC key is `public` (a public key's bytes) must not verify under `dec`,
/// that public key as a `alg` decoding key: refused as the wrong algorithm
/// under `alg`'s policy, refused with HS256 allowed beside it, and refused
/// as a key of the wrong kind when HS256 alone is asked for.
pub fn assert_hs256_confusion_refused(public: &[u8], dec: &DecodingKey, alg: Algorithm) {
    use jsonwebtoken::{decode, encode, EncodingKey, Header};
    let confused = encode(
        &Header::new(Algorithm::HS256),
        &claims(),
        &EncodingKey::from_secret(public).unwrap(),
    )
    .unwrap();
    let r = decode::<Claims>(&confused, dec, &validation(alg));
    assert_eq!(kind(r), ErrorKind::InvalidAlgorithm);
    let mut both = validation(alg);
    both.algorithms = vec![alg, Algorithm::HS256];
    assert!(decode::<Claims>(&confused, dec, &both).is_err());
    let r = decode::<Claims>(&confused, dec, &validation(Algorithm::HS256));
    assert_eq!(kind(r), ErrorKind::InvalidKeyFormat);
}
