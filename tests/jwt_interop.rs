//! JWT interoperability: jsonwebtoken 12 running on hpcrypt's provider
//! against implementations we did not write.
//!
//! jsonwebtoken does the JWS framing; here the *cryptography* underneath is
//! checked against ring (Ed25519, HMAC) and the RustCrypto `hmac` crate:
//! tokens jsonwebtoken+hpcrypt issues verify with ring and `hmac` over the
//! signing input, and tokens whose signatures ring and `hmac` make verify in
//! jsonwebtoken+hpcrypt. Keys cross over only in standard encodings: PKCS#8
//! (ring's v2 documents, hpcrypt's v1 and v2), the raw 32-byte public key,
//! SPKI PEM, JWK `x`, raw HMAC secrets. Both sides are deterministic, so
//! they must also agree on the signature bytes. Tokens of PyJWT and of
//! jsonwebtoken's own `rust_crypto` provider are in `tests/jwt_provider.rs`.

#[path = "../examples/common/jwt.rs"]
mod jwt;

use std::time::{SystemTime, UNIX_EPOCH};

use hpcrypt::signature::{Ed25519SigningKey, LineEnding};
use jsonwebtoken::{encode, Algorithm, DecodingKey, EncodingKey, Header};
use jwt::{base64url, Claims, JwtError, Policy};
use ring::signature::KeyPair as _;

const ISSUER: &str = "https://auth.example.com";
const AUDIENCE: &str = "https://api.example.com";

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

fn claims(iat: u64, sub_len: usize) -> Claims {
    hpcrypt::jwt::install_default();
    Claims {
        sub: "u".repeat(sub_len),
        iss: ISSUER.into(),
        aud: AUDIENCE.into(),
        iat,
        exp: iat + 600,
        jti: jwt::new_jti().unwrap(),
        scope: vec!["orders:read".into()],
    }
}

fn policy(alg: Algorithm) -> Policy {
    Policy::new(alg, ISSUER, AUDIENCE)
}

/// `header.payload` signed by `sign`, as a compact token (the other
/// implementation's side of the exchange).
fn token_signed_by(alg: &str, c: &Claims, sign: impl Fn(&[u8]) -> Vec<u8>) -> String {
    let header = base64url::encode(format!(r#"{{"alg":"{alg}","typ":"JWT"}}"#));
    let input = format!(
        "{header}.{}",
        base64url::encode(serde_json::to_vec(c).unwrap())
    );
    let sig = base64url::encode(sign(input.as_bytes()));
    format!("{input}.{sig}")
}

fn ring_verify(
    alg: &'static dyn ring::signature::VerificationAlgorithm,
    key: &[u8],
    token: &str,
) -> bool {
    let (input, sig) = token.rsplit_once('.').unwrap();
    ring::signature::UnparsedPublicKey::new(alg, key)
        .verify(input.as_bytes(), &base64url::decode(sig).unwrap())
        .is_ok()
}

#[test]
fn eddsa_ring_keys_and_signatures_both_ways() {
    let rng = ring::rand::SystemRandom::new();
    let t = now();
    for n in 0..32 {
        // ring writes the key (PKCS#8 v2); hpcrypt signs with it.
        let doc = ring::signature::Ed25519KeyPair::generate_pkcs8(&rng).unwrap();
        let ring_key = ring::signature::Ed25519KeyPair::from_pkcs8(doc.as_ref()).unwrap();
        let c = claims(t, n);
        let ours = encode(
            &Header::new(Algorithm::EdDSA),
            &c,
            &EncodingKey::from_ed_der(doc.as_ref()),
        )
        .unwrap();
        assert!(ring_verify(
            &ring::signature::ED25519,
            ring_key.public_key().as_ref(),
            &ours
        ));

        // ring signs; hpcrypt verifies with ring's public key in every form.
        let theirs = token_signed_by("EdDSA", &c, |m| ring_key.sign(m).as_ref().to_vec());
        let ours_key = Ed25519SigningKey::from_pkcs8_der(doc.as_ref()).unwrap();
        let vk = ours_key.verifying_key();
        for dec in [
            DecodingKey::from_ed_der(ring_key.public_key().as_ref()),
            DecodingKey::from_ed_pem(vk.to_public_key_pem(LineEnding::LF).unwrap().as_bytes())
                .unwrap(),
            DecodingKey::from_ed_components(&base64url::encode(vk.to_bytes())).unwrap(),
        ] {
            assert_eq!(
                jwt::decode(&theirs, &dec, &policy(Algorithm::EdDSA)),
                Ok(c.clone())
            );
        }
        // Same key, same input: the same deterministic signature.
        let (input, sig) = theirs.rsplit_once('.').unwrap();
        let enc = EncodingKey::from_ed_der(ours_key.to_pkcs8_der().unwrap().as_bytes());
        assert_eq!(
            jsonwebtoken::crypto::sign(input.as_bytes(), &enc, Algorithm::EdDSA).unwrap(),
            sig
        );
        // And ring takes hpcrypt's own v2 document back.
        let v2 = ours_key.to_pkcs8_v2_der().unwrap();
        let back = ring::signature::Ed25519KeyPair::from_pkcs8(v2.as_bytes()).unwrap();
        assert_eq!(back.public_key().as_ref(), ring_key.public_key().as_ref());
    }
}

#[test]
fn hmac_ring_and_rustcrypto_both_ways() {
    use hmac::Mac as _;
    let t = now();
    let secret: [u8; 64] = hpcrypt::rand::random_bytes().unwrap();
    for (alg, ring_alg) in [
        (Algorithm::HS256, ring::hmac::HMAC_SHA256),
        (Algorithm::HS384, ring::hmac::HMAC_SHA384),
        (Algorithm::HS512, ring::hmac::HMAC_SHA512),
    ] {
        let ring_key = ring::hmac::Key::new(ring_alg, &secret);
        let enc = EncodingKey::from_secret(&secret).unwrap();
        let dec = DecodingKey::from_secret(&secret).unwrap();
        for n in 0..32 {
            let c = claims(t, n);
            let ours = encode(&Header::new(alg), &c, &enc).unwrap();
            let (input, sig) = ours.rsplit_once('.').unwrap();
            ring::hmac::verify(
                &ring_key,
                input.as_bytes(),
                &base64url::decode(sig).unwrap(),
            )
            .unwrap();
            let name = format!("{alg:?}");
            let theirs = token_signed_by(&name, &c, |m| {
                ring::hmac::sign(&ring_key, m).as_ref().to_vec()
            });
            assert_eq!(jwt::decode(&theirs, &dec, &policy(alg)), Ok(c.clone()));
        }
        // The RustCrypto hmac crate agrees on the tag.
        let c = claims(t, 5);
        let ours = encode(&Header::new(alg), &c, &enc).unwrap();
        let (input, sig) = ours.rsplit_once('.').unwrap();
        let tag = match alg {
            Algorithm::HS256 => {
                let mut m = hmac::Hmac::<sha2::Sha256>::new_from_slice(&secret).unwrap();
                m.update(input.as_bytes());
                m.finalize().into_bytes().to_vec()
            }
            Algorithm::HS384 => {
                let mut m = hmac::Hmac::<sha2::Sha384>::new_from_slice(&secret).unwrap();
                m.update(input.as_bytes());
                m.finalize().into_bytes().to_vec()
            }
            _ => {
                let mut m = hmac::Hmac::<sha2::Sha512>::new_from_slice(&secret).unwrap();
                m.update(input.as_bytes());
                m.finalize().into_bytes().to_vec()
            }
        };
        assert_eq!(base64url::decode(sig).unwrap(), tag);
    }
}

#[test]
fn refusals_agree_with_ring() {
    let rng = ring::rand::SystemRandom::new();
    let doc = ring::signature::Ed25519KeyPair::generate_pkcs8(&rng).unwrap();
    let ring_key = ring::signature::Ed25519KeyPair::from_pkcs8(doc.as_ref()).unwrap();
    let dec = DecodingKey::from_ed_der(ring_key.public_key().as_ref());
    let c = claims(now(), 3);
    let token = token_signed_by("EdDSA", &c, |m| ring_key.sign(m).as_ref().to_vec());
    let (input, sig) = token.rsplit_once('.').unwrap();
    let mut sig = base64url::decode(sig).unwrap();
    sig[0] ^= 1;
    let tampered = format!("{input}.{}", base64url::encode(&sig));
    assert!(!ring_verify(
        &ring::signature::ED25519,
        ring_key.public_key().as_ref(),
        &tampered
    ));
    assert_eq!(
        jwt::decode(&tampered, &dec, &policy(Algorithm::EdDSA)),
        Err(JwtError::Token(
            jsonwebtoken::errors::ErrorKind::InvalidSignature
        ))
    );
    // HS256 MACed (by ring) with the EdDSA public key's bytes.
    let mac_key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, ring_key.public_key().as_ref());
    let confused = token_signed_by("HS256", &c, |m| {
        ring::hmac::sign(&mac_key, m).as_ref().to_vec()
    });
    assert_eq!(
        jwt::decode(&confused, &dec, &policy(Algorithm::EdDSA)),
        Err(JwtError::Token(
            jsonwebtoken::errors::ErrorKind::InvalidAlgorithm
        ))
    );
}

/// The lifetime policy bounds how long a token stays valid from now: a
/// token issued "in the future" (`iat` past now + leeway) with `exp - iat`
/// within the limit would otherwise live for as long as its issuer wrote.
#[test]
fn a_token_issued_in_the_future_is_refused() {
    let key = Ed25519SigningKey::from_bytes(&[8; 32]);
    let enc = EncodingKey::from_ed_der(key.to_pkcs8_der().unwrap().as_bytes());
    let dec = DecodingKey::from_ed_der(&key.verifying_key().to_bytes());
    let year = 365 * 24 * 3600;
    let c = claims(now() + year, 3);
    let token = encode(&Header::new(Algorithm::EdDSA), &c, &enc).unwrap();
    assert_eq!(
        jwt::decode(&token, &dec, &policy(Algorithm::EdDSA)),
        Err(JwtError::LifetimeTooLong)
    );
    // Within the leeway it is still accepted (clock skew).
    let c = claims(now() + 10, 3);
    let token = encode(&Header::new(Algorithm::EdDSA), &c, &enc).unwrap();
    assert!(jwt::decode(&token, &dec, &policy(Algorithm::EdDSA)).is_ok());
}
