//! The calls our users' guide (shared/seeds/000) makes, exactly as written
//! there where they compile, with the adaptation spelled out where the guide
//! is inconsistent with itself.

// The guide passes references where values would do; keep its spelling.
#![allow(clippy::needless_borrows_for_generic_args)]

use hpcrypt::ct::constant_time_eq;
use hpcrypt::hash::{Hash, Sha256};

/// API keys: `Sha256::hash(&secret)[..16]` as the key id, the full digest
/// stored, constant-time comparison on verification.
#[test]
fn api_contract_api_key_hashing() {
    let secret: [u8; 32] = hpcrypt::rand::random_bytes().expect("rng");
    let key_id = Sha256::hash(&secret)[..16].to_vec();
    let key_id_hex = hex::encode(&key_id);
    assert_eq!(key_id_hex.len(), 32);

    // The guide stores the digest as `[u8; 32]` but also calls `.to_hex()` on
    // digests: the digest type is both (`.into()` gives the array).
    let secret_hash: [u8; 32] = Sha256::hash(&secret).into();

    let presented = hex::decode(hex::encode(secret)).expect("hex");
    let presented_hash = Sha256::hash(&presented);
    assert!(constant_time_eq(&presented_hash, &secret_hash));
    assert!(constant_time_eq(presented_hash, secret_hash));
    assert!(!constant_time_eq(Sha256::hash(b"other"), secret_hash));
}

/// Request signing and audit logs hash a body and format it as hex.
#[test]
fn api_contract_body_hash_hex() {
    let body = br#"{"amount":100}"#;
    let line = format!(
        "{}\n{}\n{}\n{}",
        "POST",
        "/v1/pay",
        1_700_000_000u64,
        Sha256::hash(body).to_hex()
    );
    assert!(line.ends_with(&Sha256::hash(body).to_hex()));
    assert_eq!(
        Sha256::hash(b"").to_hex(),
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
}

/// Digests compare with `==` (constant time) and print as hex with `{:x}`.
#[test]
fn api_contract_digest_traits() {
    let a = Sha256::hash(b"abc");
    let b = Sha256::hash(b"abc");
    assert_eq!(a, b);
    assert_eq!(format!("{a:x}"), a.to_hex());
    let arr: [u8; 32] = a.into();
    assert!(a == arr);
    assert_eq!(a.as_ref(), &arr[..]);
}

/// The error type is `Copy + Eq + Display + std::error::Error`.
#[test]
fn api_contract_error() {
    fn is_std_error<E: std::error::Error + Copy + Eq + Send + Sync + 'static>(_: E) {}
    is_std_error(hpcrypt::Error::AuthenticationFailed);
    let boxed: Box<dyn std::error::Error> = Box::new(hpcrypt::Error::InvalidKeyLength);
    assert_eq!(boxed.to_string(), "invalid key length");
}

/// The RNG helpers and `SecureRng` as a `rand_core` RNG.
#[test]
fn api_contract_rand() {
    use rand_core::RngCore;
    let a: [u8; 32] = hpcrypt::rand::random_bytes().expect("rng");
    let b: [u8; 32] = hpcrypt::rand::random_bytes().expect("rng");
    assert_ne!(a, b);
    let mut rng = hpcrypt::rand::SecureRng;
    let mut buf = [0u8; 64];
    rng.fill_bytes(&mut buf);
    assert_ne!(buf, [0u8; 64]);
    rng.try_fill_bytes(&mut buf).expect("rng");
}

/// Request signing as the guide writes it: `HmacSha256::mac(secret, msg)`
/// with `secret: &[u8; 32]` and only `HmacSha256` imported, the tag
/// base64-encoded (the guide's `base64::encode(&signature)`; a local encoder
/// over `.as_ref()` stands in for the `base64` crate), and the two signature
/// strings compared with `constant_time_eq(a.as_bytes(), b.as_bytes())`.
#[test]
fn api_contract_hmac_request_signing() {
    use hpcrypt::mac::HmacSha256;

    fn base64_encode(bytes: impl AsRef<[u8]>) -> String {
        const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = String::new();
        for c in bytes.as_ref().chunks(3) {
            let n = (u32::from(c[0]) << 16)
                | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
                | u32::from(*c.get(2).unwrap_or(&0));
            for i in 0..4 {
                if i <= c.len() {
                    out.push(char::from(A[(n >> (18 - 6 * i)) as usize & 63]));
                } else {
                    out.push('=');
                }
            }
        }
        out
    }

    fn sign_request(
        method: &str,
        path: &str,
        body: &[u8],
        timestamp: u64,
        secret: &[u8; 32],
    ) -> String {
        let message = format!(
            "{}\n{}\n{}\n{}",
            method,
            path,
            timestamp,
            Sha256::hash(body).to_hex()
        );
        let signature = HmacSha256::mac(secret, message.as_bytes());
        base64_encode(&signature)
    }

    fn verify_request_signature(
        method: &str,
        path: &str,
        body: &[u8],
        timestamp: u64,
        signature: &str,
        secret: &[u8; 32],
    ) -> Result<(), hpcrypt::Error> {
        let expected = sign_request(method, path, body, timestamp, secret);
        if !constant_time_eq(signature.as_bytes(), expected.as_bytes()) {
            return Err(hpcrypt::Error::AuthenticationFailed);
        }
        Ok(())
    }

    let secret: [u8; 32] = hpcrypt::rand::random_bytes().expect("rng");
    let body = br#"{"amount":100}"#;
    let sig = sign_request("POST", "/v1/pay", body, 1_700_000_000, &secret);
    assert_eq!(sig.len(), 44);
    assert!(
        verify_request_signature("POST", "/v1/pay", body, 1_700_000_000, &sig, &secret).is_ok()
    );
    assert!(
        verify_request_signature("POST", "/v1/pay", body, 1_700_000_001, &sig, &secret).is_err()
    );
    assert!(
        verify_request_signature("POST", "/v1/pax", body, 1_700_000_000, &sig, &secret).is_err()
    );

    // Known answer (RFC 4231 case 2) through the same call and encoder.
    let tag = HmacSha256::mac(b"Jefe", b"what do ya want for nothing?");
    assert_eq!(
        tag.to_hex(),
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    );
    assert_eq!(
        base64_encode(tag.as_ref()),
        "W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM="
    );
    // The tag type: `==` in constant time, `to_hex`, `Mac::verify`, and a
    // reusable precomputed key for per-request use.
    use hpcrypt::mac::{HmacSha256Key, Mac};
    let key = HmacSha256Key::new(b"Jefe");
    assert_eq!(key.mac(b"what do ya want for nothing?"), tag);
    assert!(key
        .verify(b"what do ya want for nothing?", tag.as_ref())
        .is_ok());
    let mut m = HmacSha256::new(b"Jefe");
    m.update(b"what do ya want for nothing?");
    assert!(m.verify(tag.as_ref()).is_ok());
}

/// HKDF as the guide's API-key section imports it (`hpcrypt::kdf::Hkdf`):
/// per-purpose keys from one secret; extract + expand equals derive.
#[test]
fn api_contract_hkdf() {
    use hpcrypt::kdf::Hkdf;
    let secret: [u8; 32] = hpcrypt::rand::random_bytes().expect("rng");
    let prk = Hkdf::<Sha256>::extract(b"api-keys-v1", &secret);
    let mut enc_key = [0u8; 32];
    let mut mac_key = [0u8; 32];
    prk.expand(b"field-encryption", &mut enc_key)
        .expect("32 <= 255*32");
    prk.expand(b"request-signing", &mut mac_key)
        .expect("32 <= 255*32");
    assert_ne!(enc_key, mac_key);
    let mut again = [0u8; 32];
    Hkdf::<Sha256>::derive(b"api-keys-v1", &secret, b"field-encryption", &mut again).expect("ok");
    assert_eq!(again, enc_key);
    let mut too_long = vec![0u8; 255 * 32 + 1];
    assert_eq!(
        prk.expand(b"x", &mut too_long),
        Err(hpcrypt::Error::OutputTooLong)
    );
    // The aliases name the same thing.
    let mut via_alias = [0u8; 32];
    hpcrypt::kdf::HkdfSha256::derive(b"api-keys-v1", &secret, b"field-encryption", &mut via_alias)
        .expect("ok");
    assert_eq!(via_alias, enc_key);
}

/// Field-level encryption exactly as the guide writes it:
/// `AesGcm256::new(&key).encrypt(&nonce, value.as_bytes(), &[])`, the
/// nonce a `Vec<u8>` (decoded from hex) or an array, and
/// `.decrypt(&nonce, &ciphertext, &[])`; errors map through `Display`.
#[test]
fn api_contract_field_encryption() {
    use hpcrypt::aead::{Aead, AesGcm256};
    fn get_field_encryption_key() -> [u8; 32] {
        [0x24; 32]
    }
    fn generate_nonce() -> [u8; 12] {
        hpcrypt::rand::random_bytes().expect("rng")
    }
    let value = "4111 1111 1111 1111";

    // serialize
    let key = get_field_encryption_key();
    let nonce = generate_nonce();
    let ciphertext = AesGcm256::new(&key)
        .encrypt(&nonce, value.as_bytes(), &[])
        .map_err(|e| e.to_string())
        .expect("encrypt");
    let encoded = format!("{}:{}", hex::encode(&nonce), hex::encode(&ciphertext));

    // deserialize
    let parts: Vec<&str> = encoded.split(':').collect();
    let nonce = hex::decode(parts[0]).expect("hex");
    let ciphertext = hex::decode(parts[1]).expect("hex");
    let key = get_field_encryption_key();
    let plaintext = AesGcm256::new(&key)
        .decrypt(&nonce, &ciphertext, &[])
        .map_err(|e| e.to_string())
        .expect("decrypt");
    assert_eq!(String::from_utf8(plaintext).expect("utf8"), value);

    // A nonce `Vec<u8>` works for encrypt too, and tampering is an error
    // whose message carries nothing secret.
    let ct2 = AesGcm256::new(&key)
        .encrypt(&nonce, value.as_bytes(), &[])
        .expect("encrypt");
    assert_eq!(ct2, ciphertext);
    let mut bad = ciphertext.clone();
    bad[0] ^= 1;
    let err = AesGcm256::new(&key).decrypt(&nonce, &bad, &[]).unwrap_err();
    assert_eq!(err.to_string(), "authentication failed");
}

/// base64url without padding (RFC 7515 §2), as JWTs use it.
fn base64url_encode(data: impl AsRef<[u8]>) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let data = data.as_ref();
    let mut out = String::new();
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..=chunk.len() {
            out.push(char::from(A[((n >> (18 - 6 * i)) & 63) as usize]));
        }
    }
    out
}

fn base64url_decode(s: &str) -> Result<Vec<u8>, hpcrypt::Error> {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut bits = 0u32;
    let mut n = 0;
    let mut out = Vec::new();
    for c in s.bytes() {
        let v = A
            .iter()
            .position(|&a| a == c)
            .ok_or(hpcrypt::Error::InvalidSignature)?;
        bits = (bits << 6) | v as u32;
        n += 6;
        if n >= 8 {
            n -= 8;
            out.push((bits >> n) as u8);
        }
    }
    Ok(out)
}

/// The guide's EdDSA JWT: `signing_key.sign(message.as_bytes())`, the
/// signature base64url-encoded, then decoded to a `Vec<u8>` and checked with
/// `verifying_key.verify(message.as_bytes(), &signature)?`.
#[test]
fn api_contract_eddsa_jwt() -> Result<(), hpcrypt::Error> {
    use hpcrypt::signature::{Ed25519, Ed25519SigningKey, Ed25519VerifyingKey, Signer, Verifier};

    fn create_jwt(claims: &str, signing_key: &Ed25519SigningKey) -> String {
        let header = base64url_encode(r#"{"alg":"EdDSA","typ":"JWT"}"#);
        let payload = base64url_encode(claims);
        let message = format!("{}.{}", header, payload);
        let signature = signing_key.sign(message.as_bytes());
        format!("{}.{}", message, base64url_encode(&signature))
    }

    fn verify_jwt(
        token: &str,
        verifying_key: &Ed25519VerifyingKey,
    ) -> Result<Vec<u8>, hpcrypt::Error> {
        let parts: Vec<&str> = token.split('.').collect();
        if parts.len() != 3 {
            return Err(hpcrypt::Error::InvalidSignature);
        }
        let message = format!("{}.{}", parts[0], parts[1]);
        let signature = base64url_decode(parts[2])?;
        verifying_key.verify(message.as_bytes(), &signature)?;
        base64url_decode(parts[1])
    }

    let signing_key = Ed25519::generate();
    let verifying_key = signing_key.verifying_key();
    let claims = r#"{"sub":"user-1","aud":"api","exp":1900000000,"iat":1700000000,"jti":"x","scope":["read"]}"#;
    let token = create_jwt(claims, &signing_key);
    assert_eq!(verify_jwt(&token, &verifying_key)?, claims.as_bytes());

    // Tampered payload, truncated signature, other key: all `Err`, no panic.
    let tampered = token.replacen("eyJzdWIi", "eyJzdWJi", 1);
    assert!(verify_jwt(&tampered, &verifying_key).is_err());
    let truncated = &token[..token.len() - 4];
    assert!(verify_jwt(truncated, &verifying_key).is_err());
    let other = Ed25519SigningKey::from_bytes(&[1u8; 32]).verifying_key();
    assert!(verify_jwt(&token, &other).is_err());
    // A public key distributed as bytes parses back.
    let parsed = Ed25519VerifyingKey::from_bytes(&verifying_key.to_bytes())?;
    assert_eq!(verify_jwt(&token, &parsed)?, claims.as_bytes());
    Ok(())
}
