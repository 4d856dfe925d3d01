//! Layer 2, authentication: short-lived EdDSA JWTs, and HS256 with a
//! precomputed HMAC key.
//!
//! Run with `cargo run --release --example jwt_eddsa`. The token code lives in
//! `examples/common/jwt.rs` (shared with `tests/jwt_interop.rs`, which checks
//! it against the `jsonwebtoken` crate); this file walks through issuing,
//! verifying and refusing tokens.

#[path = "common/jwt.rs"]
mod jwt;

use std::time::{SystemTime, UNIX_EPOCH};

use hpcrypt::signature::{Ed25519, Ed25519SigningKey};
use jwt::{base64url, Claims, Hs256Key, JwtError, Validation};

const ISSUER: &str = "https://auth.example.com";
const AUDIENCE: &str = "https://api.example.com";

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// Claims for a 15-minute access token issued at `iat`.
fn access_claims(sub: &str, aud: &str, iat: u64) -> Result<Claims, hpcrypt::Error> {
    Ok(Claims {
        sub: sub.to_string(),
        iss: ISSUER.to_string(),
        aud: aud.to_string(),
        iat,
        exp: iat + 15 * 60,
        jti: jwt::new_jti()?,
        scope: vec!["orders:read".to_string(), "orders:write".to_string()],
    })
}

/// Changes one claim in a signed token without re-signing it, the way an
/// attacker with a valid token would try to widen its scope.
fn tamper_scope(token: &str) -> String {
    let parts: Vec<&str> = token.split('.').collect();
    let claims_json = base64url::decode(parts[1]).expect("our own token decodes");
    let mut claims: Claims = serde_json::from_slice(&claims_json).expect("our own claims parse");
    claims.scope.push("admin".to_string());
    let forged = base64url::encode(serde_json::to_vec(&claims).expect("claims serialize"));
    format!("{}.{}.{}", parts[0], forged, parts[2])
}

/// An HS256 token whose MAC key is the EdDSA *public* key: it verifies
/// under any library that lets the token's `alg` choose how to use the key.
fn alg_confusion_token(claims: &Claims, public_key: &[u8; 32]) -> String {
    let mac_key = Hs256Key::new(public_key).expect("32 bytes is long enough");
    jwt::encode(claims, &mac_key)
}

/// `alg: none`, no signature: the oldest JWT attack.
fn alg_none_token(claims: &Claims) -> String {
    let header = base64url::encode(br#"{"alg":"none","typ":"JWT"}"#);
    let payload = base64url::encode(serde_json::to_vec(claims).expect("claims serialize"));
    format!("{header}.{payload}.")
}

fn show(label: &str, result: &Result<Claims, JwtError>) {
    match result {
        Ok(c) => println!(
            "  {label:<38} accepted  (sub={}, scope={:?})",
            c.sub, c.scope
        ),
        Err(e) => println!("  {label:<38} REJECTED  ({e})"),
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let t = now();
    let signing_key: Ed25519SigningKey = Ed25519::generate();
    let verifying_key = signing_key.verifying_key();
    let mut validation = Validation::new(ISSUER, AUDIENCE);

    println!("EdDSA (Ed25519) JWTs, header {{\"alg\":\"EdDSA\",\"typ\":\"JWT\"}}");
    let claims = access_claims("user-42", AUDIENCE, t)?;
    let token = jwt::encode(&claims, &signing_key);
    println!("  issued  {}…  ({} bytes)", &token[..48], token.len());
    show(
        "valid token",
        &jwt::decode(&token, &verifying_key, &validation, t),
    );

    let other_api = jwt::encode(
        &access_claims("user-42", "https://billing.example.com", t)?,
        &signing_key,
    );
    show(
        "token for another audience",
        &jwt::decode(&other_api, &verifying_key, &validation, t),
    );
    show(
        "same token, 16 minutes later",
        &jwt::decode(&token, &verifying_key, &validation, t + 16 * 60),
    );
    show(
        "scope widened to admin, not re-signed",
        &jwt::decode(&tamper_scope(&token), &verifying_key, &validation, t),
    );
    show(
        "HS256 keyed with our public key",
        &jwt::decode(
            &alg_confusion_token(&claims, &verifying_key.to_bytes()),
            &verifying_key,
            &validation,
            t,
        ),
    );
    show(
        "alg: none",
        &jwt::decode(&alg_none_token(&claims), &verifying_key, &validation, t),
    );
    validation.revoked_jtis.insert(claims.jti.clone());
    show(
        "valid token after its jti was revoked",
        &jwt::decode(&token, &verifying_key, &validation, t),
    );

    println!("\nHS256 with a precomputed HMAC-SHA256 key (pads hashed once)");
    let secret = hpcrypt::rand::random_bytes::<32>()?;
    let hs_key = Hs256Key::new(&secret)?;
    let validation = Validation::new(ISSUER, AUDIENCE);
    let hs_token = jwt::encode(&access_claims("svc-7", AUDIENCE, t)?, &hs_key);
    show(
        "valid HS256 token",
        &jwt::decode(&hs_token, &hs_key, &validation, t),
    );
    show(
        "HS256 token given to the EdDSA key",
        &jwt::decode(&hs_token, &verifying_key, &validation, t),
    );
    show(
        "EdDSA token given to the HS256 key",
        &jwt::decode(&token, &hs_key, &validation, t),
    );
    match Hs256Key::new(b"too-short") {
        Ok(_) => println!("  9-byte HS256 secret                    accepted"),
        Err(e) => println!("  {:<38} REJECTED  ({e})", "9-byte HS256 secret"),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: u64 = 1_700_000_000;

    fn fixture() -> (Ed25519SigningKey, Claims, Validation) {
        let key = Ed25519SigningKey::from_bytes(&[7u8; 32]);
        let claims = access_claims("user-42", AUDIENCE, T).unwrap();
        (key, claims, Validation::new(ISSUER, AUDIENCE))
    }

    #[test]
    fn header_is_the_documented_one() {
        let (key, claims, _) = fixture();
        let token = jwt::encode(&claims, &key);
        let header = token.split('.').next().unwrap();
        assert_eq!(
            base64url::decode(header).unwrap(),
            br#"{"alg":"EdDSA","typ":"JWT"}"#
        );
        assert!(!token.contains('='), "base64url without padding");
    }

    #[test]
    fn valid_token_round_trips() {
        let (key, claims, v) = fixture();
        let token = jwt::encode(&claims, &key);
        assert_eq!(jwt::decode(&token, &key.verifying_key(), &v, T), Ok(claims));
    }

    #[test]
    fn registered_claims_are_enforced() {
        let (key, claims, v) = fixture();
        let vk = key.verifying_key();
        let token = jwt::encode(&claims, &key);
        // exp: valid until exp + leeway, not a second later.
        assert!(jwt::decode(&token, &vk, &v, claims.exp + v.leeway_secs - 1).is_ok());
        assert_eq!(
            jwt::decode(&token, &vk, &v, claims.exp + v.leeway_secs),
            Err(JwtError::Expired)
        );
        // iat in the future.
        assert_eq!(
            jwt::decode(&token, &vk, &v, T - v.leeway_secs - 1),
            Err(JwtError::IssuedInFuture)
        );
        let mut wrong = Validation::new("https://evil.example", AUDIENCE);
        assert_eq!(
            jwt::decode(&token, &vk, &wrong, T),
            Err(JwtError::WrongIssuer)
        );
        wrong = Validation::new(ISSUER, "https://billing.example.com");
        assert_eq!(
            jwt::decode(&token, &vk, &wrong, T),
            Err(JwtError::WrongAudience)
        );
        let mut revoked = v.clone();
        revoked.revoked_jtis.insert(claims.jti.clone());
        assert_eq!(
            jwt::decode(&token, &vk, &revoked, T),
            Err(JwtError::Revoked)
        );
        let long = Claims {
            exp: T + 24 * 3600,
            ..claims.clone()
        };
        assert_eq!(
            jwt::decode(&jwt::encode(&long, &key), &vk, &v, T),
            Err(JwtError::LifetimeTooLong)
        );
        let no_jti = Claims {
            jti: String::new(),
            ..claims
        };
        assert_eq!(
            jwt::decode(&jwt::encode(&no_jti, &key), &vk, &v, T),
            Err(JwtError::Revoked)
        );
    }

    #[test]
    fn hostile_exp_does_not_overflow() {
        let (key, mut claims, v) = fixture();
        claims.exp = u64::MAX;
        let token = jwt::encode(&claims, &key);
        assert_eq!(
            jwt::decode(&token, &key.verifying_key(), &v, T),
            Err(JwtError::LifetimeTooLong)
        );
    }

    #[test]
    fn tampering_is_detected() {
        let (key, claims, v) = fixture();
        let vk = key.verifying_key();
        let token = jwt::encode(&claims, &key);
        assert_eq!(
            jwt::decode(&tamper_scope(&token), &vk, &v, T),
            Err(JwtError::BadSignature)
        );
        // Every single-character change anywhere in the token is refused.
        let bytes = token.as_bytes();
        for i in 0..bytes.len() {
            let mut forged = bytes.to_vec();
            forged[i] = if bytes[i] == b'A' { b'B' } else { b'A' };
            let forged = String::from_utf8(forged).unwrap();
            assert!(jwt::decode(&forged, &vk, &v, T).is_err(), "byte {i}");
        }
        // A different key's signature.
        let other = Ed25519SigningKey::from_bytes(&[8u8; 32]).verifying_key();
        assert_eq!(
            jwt::decode(&token, &other, &v, T),
            Err(JwtError::BadSignature)
        );
    }

    #[test]
    fn algorithm_confusion_and_none_are_refused() {
        let (key, claims, v) = fixture();
        let vk = key.verifying_key();
        let confused = alg_confusion_token(&claims, &vk.to_bytes());
        assert_eq!(
            jwt::decode(&confused, &vk, &v, T),
            Err(JwtError::AlgorithmMismatch {
                expected: "EdDSA",
                found: "HS256".into()
            })
        );
        assert!(matches!(
            jwt::decode(&alg_none_token(&claims), &vk, &v, T),
            Err(JwtError::AlgorithmMismatch { .. })
        ));
        // An EdDSA token to an HS256 key, and `none` to an HS256 key.
        let hs = Hs256Key::new(&[1u8; 32]).unwrap();
        let eddsa = jwt::encode(&claims, &key);
        assert!(matches!(
            jwt::decode(&eddsa, &hs, &v, T),
            Err(JwtError::AlgorithmMismatch { .. })
        ));
        assert!(matches!(
            jwt::decode(&alg_none_token(&claims), &hs, &v, T),
            Err(JwtError::AlgorithmMismatch { .. })
        ));
    }

    #[test]
    fn hs256_with_precomputed_key() {
        let (_, claims, v) = fixture();
        let hs = Hs256Key::new(&[9u8; 32]).unwrap();
        let token = jwt::encode(&claims, &hs);
        assert_eq!(jwt::decode(&token, &hs, &v, T), Ok(claims.clone()));
        let other = Hs256Key::new(&[10u8; 32]).unwrap();
        assert_eq!(
            jwt::decode(&token, &other, &v, T),
            Err(JwtError::BadSignature)
        );
        assert_eq!(Hs256Key::new(&[0u8; 31]).err(), Some(JwtError::WeakKey));
        // The MAC is HMAC-SHA256 over the signing input, as the `hmac` crate computes it.
        use hmac::Mac as _;
        let (input, sig) = token.rsplit_once('.').unwrap();
        let mut reference = hmac::Hmac::<sha2::Sha256>::new_from_slice(&[9u8; 32]).unwrap();
        reference.update(input.as_bytes());
        assert_eq!(
            base64url::decode(sig).unwrap(),
            reference.finalize().into_bytes().as_slice()
        );
    }

    #[test]
    fn malformed_tokens_are_errors_not_panics() {
        let (key, claims, v) = fixture();
        let vk = key.verifying_key();
        let token = jwt::encode(&claims, &key);
        let crit = format!(
            "{}.{}",
            base64url::encode(br#"{"alg":"EdDSA","crit":["exp"]}"#),
            token.split_once('.').unwrap().1
        );
        let cases = [
            String::new(),
            ".".into(),
            "..".into(),
            "a.b.c.d".into(),
            format!("{token}."),
            token.replacen('.', "=.", 1),
            "x".repeat(jwt::MAX_TOKEN_LEN + 1),
            format!("{}.e30.", base64url::encode(b"{}")),
            format!("{}.e30.", base64url::encode(b"not json")),
        ];
        for bad in &cases {
            assert!(jwt::decode(bad, &vk, &v, T).is_err(), "{bad:?}");
        }
        assert_eq!(
            jwt::decode(&crit, &vk, &v, T),
            Err(JwtError::UnsupportedCritical)
        );
    }

    #[test]
    fn pkcs8_and_spki_encodings_round_trip() {
        let key = Ed25519SigningKey::from_bytes(&[5u8; 32]);
        let der = jwt::ed25519_pkcs8_v1_der(&key.to_bytes());
        assert_eq!(der.len(), 48);
        let back = jwt::ed25519_seed_from_pkcs8(&der).unwrap();
        assert_eq!(back.to_bytes(), key.to_bytes());
        assert!(jwt::ed25519_seed_from_pkcs8(&der[..47]).is_none());
        let spki = jwt::ed25519_spki_der(&key.verifying_key());
        assert_eq!(spki.len(), 44);
        assert_eq!(jwt::ed25519_key_from_spki(&spki), Some(key.verifying_key()));
    }
}
