//! Layer 2, authentication: short-lived EdDSA JWTs, and HS256, with the
//! `jsonwebtoken` crate and hpcrypt as its crypto provider.
//!
//! Run with `cargo run --release --example jwt_eddsa` (the dev-dependencies
//! turn on hpcrypt's `jsonwebtoken` and `pem` features).
//! The whole switch to hpcrypt is `hpcrypt::jwt::install_default()` at
//! startup; keys move between hpcrypt and jsonwebtoken as PKCS#8 (private)
//! and raw or SPKI (public). The policy checks jsonwebtoken lacks (maximum
//! lifetime, `jti` revocation) live in `examples/common/jwt.rs`.

#[path = "common/jwt.rs"]
mod jwt;

use std::time::{SystemTime, UNIX_EPOCH};

use hpcrypt::signature::{Ed25519, Ed25519SigningKey, LineEnding};
use jsonwebtoken::{encode, Algorithm, DecodingKey, EncodingKey, Header};
use jwt::{base64url, Claims, JwtError, Policy};

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

/// The two jsonwebtoken keys for an hpcrypt Ed25519 key: PKCS#8 v1 DER to
/// sign, the raw 32-byte public key to verify.
fn eddsa_keys(key: &Ed25519SigningKey) -> Result<(EncodingKey, DecodingKey), hpcrypt::Error> {
    let encoding = EncodingKey::from_ed_der(key.to_pkcs8_der()?.as_bytes());
    let decoding = DecodingKey::from_ed_der(&key.verifying_key().to_bytes());
    Ok((encoding, decoding))
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
    let key = EncodingKey::from_secret(public_key).expect("non-empty");
    encode(&Header::new(Algorithm::HS256), claims, &key).expect("HS256 signs")
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
    // The one line that makes jsonwebtoken sign and verify with hpcrypt.
    hpcrypt::jwt::install_default();

    let t = now();
    let signing_key: Ed25519SigningKey = Ed25519::generate();
    let (enc, dec) = eddsa_keys(&signing_key)?;
    let mut policy = Policy::new(Algorithm::EdDSA, ISSUER, AUDIENCE);

    println!("The verifier's key, as the issuer publishes it:");
    print!(
        "{}",
        signing_key
            .verifying_key()
            .to_public_key_pem(LineEnding::LF)?
    );
    println!("  JWK: {}", signing_key.verifying_key().to_jwk());

    println!("\nEdDSA (Ed25519) JWTs");
    let claims = access_claims("user-42", AUDIENCE, t)?;
    let token = encode(&Header::new(Algorithm::EdDSA), &claims, &enc)?;
    println!("  issued  {}…  ({} bytes)", &token[..48], token.len());
    show("valid token", &jwt::decode(&token, &dec, &policy));

    let other_api = encode(
        &Header::new(Algorithm::EdDSA),
        &access_claims("user-42", "https://billing.example.com", t)?,
        &enc,
    )?;
    show(
        "token for another audience",
        &jwt::decode(&other_api, &dec, &policy),
    );
    let old = encode(
        &Header::new(Algorithm::EdDSA),
        &access_claims("user-42", AUDIENCE, t - 16 * 60)?,
        &enc,
    )?;
    show(
        "token issued 16 minutes ago",
        &jwt::decode(&old, &dec, &policy),
    );
    let long = Claims {
        exp: t + 24 * 3600,
        ..claims.clone()
    };
    show(
        "token valid for a day",
        &jwt::decode(
            &encode(&Header::new(Algorithm::EdDSA), &long, &enc)?,
            &dec,
            &policy,
        ),
    );
    show(
        "scope widened to admin, not re-signed",
        &jwt::decode(&tamper_scope(&token), &dec, &policy),
    );
    let confused = alg_confusion_token(&claims, &signing_key.verifying_key().to_bytes());
    show(
        "HS256 keyed with our public key",
        &jwt::decode(&confused, &dec, &policy),
    );
    show(
        "alg: none",
        &jwt::decode(&alg_none_token(&claims), &dec, &policy),
    );
    policy.revoked_jtis.insert(claims.jti.clone());
    show(
        "valid token after its jti was revoked",
        &jwt::decode(&token, &dec, &policy),
    );

    println!("\nHS256 (HMAC-SHA256 with a 256-bit secret)");
    let secret = hpcrypt::rand::random_bytes::<32>()?;
    let hs_enc = EncodingKey::from_secret(&secret)?;
    let hs_dec = DecodingKey::from_secret(&secret)?;
    let hs_policy = Policy::new(Algorithm::HS256, ISSUER, AUDIENCE);
    let hs_token = encode(
        &Header::new(Algorithm::HS256),
        &access_claims("svc-7", AUDIENCE, t)?,
        &hs_enc,
    )?;
    show(
        "valid HS256 token",
        &jwt::decode(&hs_token, &hs_dec, &hs_policy),
    );
    show(
        "HS256 token given to the EdDSA key",
        &jwt::decode(&hs_token, &dec, &policy),
    );
    show(
        "EdDSA token given to the HS256 key",
        &jwt::decode(&token, &hs_dec, &hs_policy),
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use jsonwebtoken::errors::ErrorKind;

    fn fixture() -> (Ed25519SigningKey, Claims, Policy) {
        hpcrypt::jwt::install_default();
        let key = Ed25519SigningKey::from_bytes(&[7u8; 32]);
        let claims = access_claims("user-42", AUDIENCE, now()).unwrap();
        (key, claims, Policy::new(Algorithm::EdDSA, ISSUER, AUDIENCE))
    }

    fn issue(key: &Ed25519SigningKey, claims: &Claims) -> String {
        encode(
            &Header::new(Algorithm::EdDSA),
            claims,
            &eddsa_keys(key).unwrap().0,
        )
        .unwrap()
    }

    fn dec(key: &Ed25519SigningKey) -> DecodingKey {
        eddsa_keys(key).unwrap().1
    }

    #[test]
    fn header_is_the_documented_one() {
        let (key, claims, _) = fixture();
        let token = issue(&key, &claims);
        let header = token.split('.').next().unwrap();
        assert_eq!(
            base64url::decode(header).unwrap(),
            br#"{"typ":"JWT","alg":"EdDSA"}"#
        );
        assert!(!token.contains('='), "base64url without padding");
    }

    #[test]
    fn valid_token_round_trips() {
        let (key, claims, p) = fixture();
        let token = issue(&key, &claims);
        assert_eq!(jwt::decode(&token, &dec(&key), &p), Ok(claims));
    }

    #[test]
    fn registered_claims_and_policy_are_enforced() {
        let (key, claims, p) = fixture();
        let t = claims.iat;
        let expired = Claims {
            iat: t - 3600,
            exp: t - 1800,
            ..claims.clone()
        };
        assert_eq!(
            jwt::decode(&issue(&key, &expired), &dec(&key), &p),
            Err(JwtError::Token(ErrorKind::ExpiredSignature))
        );
        let wrong_iss = Claims {
            iss: "https://evil.example".into(),
            ..claims.clone()
        };
        assert_eq!(
            jwt::decode(&issue(&key, &wrong_iss), &dec(&key), &p),
            Err(JwtError::Token(ErrorKind::InvalidIssuer))
        );
        let wrong_aud = Claims {
            aud: "https://billing.example.com".into(),
            ..claims.clone()
        };
        assert_eq!(
            jwt::decode(&issue(&key, &wrong_aud), &dec(&key), &p),
            Err(JwtError::Token(ErrorKind::InvalidAudience))
        );
        let long = Claims {
            exp: t + 24 * 3600,
            ..claims.clone()
        };
        assert_eq!(
            jwt::decode(&issue(&key, &long), &dec(&key), &p),
            Err(JwtError::LifetimeTooLong)
        );
        let no_jti = Claims {
            jti: String::new(),
            ..claims.clone()
        };
        assert_eq!(
            jwt::decode(&issue(&key, &no_jti), &dec(&key), &p),
            Err(JwtError::Revoked)
        );
        let mut revoked = p.clone();
        revoked.revoked_jtis.insert(claims.jti.clone());
        assert_eq!(
            jwt::decode(&issue(&key, &claims), &dec(&key), &revoked),
            Err(JwtError::Revoked)
        );
    }

    #[test]
    fn tampering_is_detected() {
        let (key, claims, p) = fixture();
        let token = issue(&key, &claims);
        assert_eq!(
            jwt::decode(&tamper_scope(&token), &dec(&key), &p),
            Err(JwtError::Token(ErrorKind::InvalidSignature))
        );
        let bytes = token.as_bytes();
        for i in 0..bytes.len() {
            let mut forged = bytes.to_vec();
            forged[i] = if bytes[i] == b'A' { b'B' } else { b'A' };
            let forged = String::from_utf8(forged).unwrap();
            assert!(jwt::decode(&forged, &dec(&key), &p).is_err(), "byte {i}");
        }
        let other = Ed25519SigningKey::from_bytes(&[8u8; 32]);
        assert_eq!(
            jwt::decode(&token, &dec(&other), &p),
            Err(JwtError::Token(ErrorKind::InvalidSignature))
        );
    }

    #[test]
    fn algorithm_confusion_and_none_are_refused() {
        let (key, claims, p) = fixture();
        let confused = alg_confusion_token(&claims, &key.verifying_key().to_bytes());
        assert_eq!(
            jwt::decode(&confused, &dec(&key), &p),
            Err(JwtError::Token(ErrorKind::InvalidAlgorithm))
        );
        assert!(jwt::decode(&alg_none_token(&claims), &dec(&key), &p).is_err());
        let hs = DecodingKey::from_secret(&[1u8; 32]).unwrap();
        let hs_policy = Policy::new(Algorithm::HS256, ISSUER, AUDIENCE);
        assert!(jwt::decode(&issue(&key, &claims), &hs, &hs_policy).is_err());
        assert!(jwt::decode(&alg_none_token(&claims), &hs, &hs_policy).is_err());
    }

    #[test]
    fn hs256_matches_the_hmac_crate() {
        let (_, claims, _) = fixture();
        let enc = EncodingKey::from_secret(&[9u8; 32]).unwrap();
        let token = encode(&Header::new(Algorithm::HS256), &claims, &enc).unwrap();
        let p = Policy::new(Algorithm::HS256, ISSUER, AUDIENCE);
        let hs = DecodingKey::from_secret(&[9u8; 32]).unwrap();
        assert_eq!(jwt::decode(&token, &hs, &p), Ok(claims));
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
        let (key, claims, p) = fixture();
        let token = issue(&key, &claims);
        for bad in [
            String::new(),
            ".".into(),
            "..".into(),
            "a.b.c.d".into(),
            format!("{token}."),
            token.replacen('.', "=.", 1),
            "x".repeat(64 * 1024),
            format!("{}.e30.", base64url::encode(b"{}")),
            format!("{}.e30.", base64url::encode(b"not json")),
        ] {
            assert!(jwt::decode(&bad, &dec(&key), &p).is_err(), "{bad:.40}");
        }
    }
}
