//! JWT interoperability with a crate we did not write: `jsonwebtoken` 9
//! (ring underneath).
//!
//! Tokens issued by hpcrypt (through the example code in
//! `examples/common/jwt.rs`) must verify in `jsonwebtoken`, and tokens issued
//! by `jsonwebtoken` must verify in hpcrypt, for EdDSA and HS256. Keys cross
//! over only in standard encodings: PKCS#8 (DER and PEM) for the Ed25519
//! private key, raw 32 bytes, SPKI PEM and JWK `x` for the public key, raw
//! bytes for the HMAC secret. Ed25519 and HMAC are deterministic, so for the
//! same signing input both sides must also produce the same signature bytes.

#[path = "../examples/common/jwt.rs"]
mod jwt;

use std::time::{SystemTime, UNIX_EPOCH};

use hpcrypt::signature::{Ed25519SigningKey, Signer};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header};
use jwt::{base64url, Claims, Hs256Key, JwtError, Validation};

const ISSUER: &str = "https://auth.example.com";
const AUDIENCE: &str = "https://api.example.com";

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

fn claims(iat: u64) -> Claims {
    Claims {
        sub: "user-42".into(),
        iss: ISSUER.into(),
        aud: AUDIENCE.into(),
        iat,
        exp: iat + 600,
        jti: jwt::new_jti().unwrap(),
        scope: vec!["orders:read".into()],
    }
}

/// jsonwebtoken's validation, configured like ours: this issuer and audience only.
fn their_validation(alg: Algorithm) -> jsonwebtoken::Validation {
    let mut v = jsonwebtoken::Validation::new(alg);
    v.set_issuer(&[ISSUER]);
    v.set_audience(&[AUDIENCE]);
    v.set_required_spec_claims(&["exp", "iat", "iss", "aud", "sub"]);
    v
}

fn our_validation() -> Validation {
    Validation::new(ISSUER, AUDIENCE)
}

fn test_key() -> Ed25519SigningKey {
    Ed25519SigningKey::from_bytes(&hpcrypt::rand::random_bytes().unwrap())
}

fn their_decode(
    token: &str,
    key: &DecodingKey,
    alg: Algorithm,
) -> jsonwebtoken::errors::Result<Claims> {
    jsonwebtoken::decode::<Claims>(token, key, &their_validation(alg)).map(|d| d.claims)
}

// --- EdDSA: hpcrypt issues, jsonwebtoken verifies -------------------------

#[test]
fn eddsa_hpcrypt_token_verifies_in_jsonwebtoken_with_raw_public_key() {
    let key = test_key();
    let c = claims(now());
    let token = jwt::encode(&c, &key);
    // jsonwebtoken 9's `DecodingKey::from_ed_der` passes its bytes to ring's
    // Ed25519 verifier, which takes the raw 32-byte public key.
    let raw = DecodingKey::from_ed_der(&key.verifying_key().to_bytes());
    assert_eq!(their_decode(&token, &raw, Algorithm::EdDSA).unwrap(), c);
}

#[test]
fn eddsa_hpcrypt_token_verifies_in_jsonwebtoken_with_spki_pem_and_jwk() {
    let key = test_key();
    let c = claims(now());
    let token = jwt::encode(&c, &key);
    let spki = jwt::ed25519_spki_der(&key.verifying_key());
    let pem = jwt::pem("PUBLIC KEY", &spki);
    let from_pem = DecodingKey::from_ed_pem(pem.as_bytes()).unwrap();
    assert_eq!(
        their_decode(&token, &from_pem, Algorithm::EdDSA).unwrap(),
        c
    );
    // JWK (RFC 8037 §2): `x` is the base64url public key.
    let x = base64url::encode(key.verifying_key().to_bytes());
    let from_jwk = DecodingKey::from_ed_components(&x).unwrap();
    assert_eq!(
        their_decode(&token, &from_jwk, Algorithm::EdDSA).unwrap(),
        c
    );
    // What `from_ed_der` does *not* take in jsonwebtoken 9: the SPKI DER.
    // (Pinned so that a change in that behaviour shows up here.)
    let spki_as_der = DecodingKey::from_ed_der(&spki);
    assert!(their_decode(&token, &spki_as_der, Algorithm::EdDSA).is_err());
}

#[test]
fn jsonwebtoken_refuses_what_we_refuse() {
    let key = test_key();
    let vk = DecodingKey::from_ed_der(&key.verifying_key().to_bytes());
    let t = now();
    let expired = Claims {
        iat: t - 3600,
        exp: t - 1800,
        ..claims(t)
    };
    let other_aud = Claims {
        aud: "https://billing.example.com".into(),
        ..claims(t)
    };
    for c in [&expired, &other_aud] {
        let token = jwt::encode(c, &key);
        assert!(their_decode(&token, &vk, Algorithm::EdDSA).is_err());
        assert!(jwt::decode(&token, &key.verifying_key(), &our_validation(), t).is_err());
    }
    let token = jwt::encode(&claims(t), &key);
    let (input, sig) = token.rsplit_once('.').unwrap();
    let mut sig = base64url::decode(sig).unwrap();
    sig[0] ^= 1;
    let tampered = format!("{input}.{}", base64url::encode(&sig));
    assert!(their_decode(&tampered, &vk, Algorithm::EdDSA).is_err());
}

// --- EdDSA: jsonwebtoken issues, hpcrypt verifies -------------------------

#[test]
fn eddsa_jsonwebtoken_token_verifies_in_hpcrypt_via_pkcs8_der_and_pem() {
    let key = test_key();
    let der = jwt::ed25519_pkcs8_v1_der(&key.to_bytes());
    let pem = jwt::pem("PRIVATE KEY", &der);
    let t = now();
    for encoding_key in [
        EncodingKey::from_ed_der(&der),
        EncodingKey::from_ed_pem(pem.as_bytes()).unwrap(),
    ] {
        let c = claims(t);
        let token =
            jsonwebtoken::encode(&Header::new(Algorithm::EdDSA), &c, &encoding_key).unwrap();
        let got = jwt::decode(&token, &key.verifying_key(), &our_validation(), t);
        assert_eq!(got, Ok(c));
        // Same key, same signing input: the same deterministic signature.
        let (input, sig) = token.rsplit_once('.').unwrap();
        assert_eq!(sig, base64url::encode(key.sign(input.as_bytes())));
    }
}

#[test]
fn ring_pkcs8_v2_key_moves_into_hpcrypt() {
    use ring::signature::KeyPair as _;
    let rng = ring::rand::SystemRandom::new();
    let doc = ring::signature::Ed25519KeyPair::generate_pkcs8(&rng).unwrap();
    let ring_pair = ring::signature::Ed25519KeyPair::from_pkcs8(doc.as_ref()).unwrap();
    let ours = jwt::ed25519_seed_from_pkcs8(doc.as_ref()).expect("v2 document parses");
    assert_eq!(
        ours.verifying_key().to_bytes().as_slice(),
        ring_pair.public_key().as_ref()
    );
    // A token jsonwebtoken signs with ring's own v2 document verifies with
    // the public key hpcrypt derived from the seed inside it.
    let t = now();
    let c = claims(t);
    let token = jsonwebtoken::encode(
        &Header::new(Algorithm::EdDSA),
        &c,
        &EncodingKey::from_ed_der(doc.as_ref()),
    )
    .unwrap();
    assert_eq!(
        jwt::decode(&token, &ours.verifying_key(), &our_validation(), t),
        Ok(c)
    );
    // And our v1 encoding of the same seed is accepted by ring.
    let v1 = jwt::ed25519_pkcs8_v1_der(&ours.to_bytes());
    let from_v1 = ring::signature::Ed25519KeyPair::from_pkcs8_maybe_unchecked(&v1).unwrap();
    assert_eq!(
        from_v1.public_key().as_ref(),
        ring_pair.public_key().as_ref()
    );
}

#[test]
fn hpcrypt_refuses_jsonwebtoken_tokens_of_the_wrong_algorithm() {
    let key = test_key();
    let t = now();
    let c = claims(t);
    // The confusion attack made with the other library: HS256, MACed with
    // the EdDSA public key bytes as the secret.
    let confused = jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &c,
        &EncodingKey::from_secret(&key.verifying_key().to_bytes()),
    )
    .unwrap();
    assert_eq!(
        jwt::decode(&confused, &key.verifying_key(), &our_validation(), t),
        Err(JwtError::AlgorithmMismatch {
            expected: "EdDSA",
            found: "HS256".into()
        })
    );
    // jsonwebtoken, given our Ed25519 public key as an EdDSA key, refuses it too.
    let vk = DecodingKey::from_ed_der(&key.verifying_key().to_bytes());
    assert!(their_decode(&confused, &vk, Algorithm::EdDSA).is_err());
}

// --- HS256 both ways --------------------------------------------------------

#[test]
fn hs256_both_directions_with_raw_secret_bytes() {
    let secret: [u8; 32] = hpcrypt::rand::random_bytes().unwrap();
    let ours = Hs256Key::new(&secret).unwrap();
    let t = now();

    let c = claims(t);
    let token = jwt::encode(&c, &ours);
    let their_key = DecodingKey::from_secret(&secret);
    assert_eq!(
        their_decode(&token, &their_key, Algorithm::HS256).unwrap(),
        c
    );

    let c = claims(t);
    let theirs = jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &c,
        &EncodingKey::from_secret(&secret),
    )
    .unwrap();
    assert_eq!(jwt::decode(&theirs, &ours, &our_validation(), t), Ok(c));
    // Same input, same MAC.
    let (input, sig) = theirs.rsplit_once('.').unwrap();
    let ours_sig = jwt::encode_signature(input, &ours);
    assert_eq!(sig, ours_sig);

    // A different secret fails on both sides.
    let wrong = [0x55u8; 32];
    assert!(their_decode(&token, &DecodingKey::from_secret(&wrong), Algorithm::HS256).is_err());
    assert_eq!(
        jwt::decode(
            &theirs,
            &Hs256Key::new(&wrong).unwrap(),
            &our_validation(),
            t
        ),
        Err(JwtError::BadSignature)
    );
}

#[test]
fn many_random_tokens_agree_both_ways() {
    // Different claim lengths move the base64 boundaries and the SHA-512 /
    // SHA-256 block boundaries of the signing input.
    let key = test_key();
    let secret: [u8; 32] = hpcrypt::rand::random_bytes().unwrap();
    let hs = Hs256Key::new(&secret).unwrap();
    let ed_dec = DecodingKey::from_ed_der(&key.verifying_key().to_bytes());
    let ed_enc = EncodingKey::from_ed_der(&jwt::ed25519_pkcs8_v1_der(&key.to_bytes()));
    let t = now();
    for n in 0..64 {
        let c = Claims {
            sub: "u".repeat(n),
            ..claims(t)
        };
        let ours = jwt::encode(&c, &key);
        assert_eq!(their_decode(&ours, &ed_dec, Algorithm::EdDSA).unwrap(), c);
        let theirs = jsonwebtoken::encode(&Header::new(Algorithm::EdDSA), &c, &ed_enc).unwrap();
        assert_eq!(
            jwt::decode(&theirs, &key.verifying_key(), &our_validation(), t),
            Ok(c.clone())
        );
        let ours = jwt::encode(&c, &hs);
        let dec = DecodingKey::from_secret(&secret);
        assert_eq!(their_decode(&ours, &dec, Algorithm::HS256).unwrap(), c);
    }
}

// --- A published vector ------------------------------------------------------

/// RFC 8037 Appendix A.1 (key) and A.4 (JWS over "Example of Ed25519
/// signing", header `{"alg":"EdDSA"}`): hpcrypt must produce the published
/// signature byte for byte, and both libraries must accept it.
#[test]
fn rfc8037_appendix_a4_jws() {
    const D: &str = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A";
    const X: &str = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";
    const INPUT: &str = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc";
    const SIG: &str =
        "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg";
    let seed: [u8; 32] = base64url::decode(D).unwrap().try_into().unwrap();
    let key = Ed25519SigningKey::from_bytes(&seed);
    assert_eq!(base64url::encode(key.verifying_key().to_bytes()), X);
    assert_eq!(
        base64url::decode(INPUT.split('.').nth(1).unwrap()).unwrap(),
        b"Example of Ed25519 signing"
    );
    assert_eq!(jwt::encode_signature(INPUT, &key), SIG);
    use jwt::JwtVerifier as _;
    let sig = base64url::decode(SIG).unwrap();
    assert!(key
        .verifying_key()
        .verify_input(INPUT.as_bytes(), &sig)
        .is_ok());
    let theirs = DecodingKey::from_ed_components(X).unwrap();
    assert!(
        jsonwebtoken::crypto::verify(SIG, INPUT.as_bytes(), &theirs, Algorithm::EdDSA).unwrap()
    );
}
