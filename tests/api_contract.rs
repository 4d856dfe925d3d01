//! The calls our users' guide (shared/seeds/000) makes.
//!
//! First, one module per code snippet of the guide, each opening with
//! exactly the guide's own `use` lines (so a method that only exists on a
//! trait the guide does not import fails to compile here), followed by a
//! marked block for the names the guide uses but never imports or defines
//! (its own helpers, its `Error` type, and items another snippet imported).
//! Then the finer contract tests, with the adaptation spelled out where the
//! guide is inconsistent with itself.

// The guide passes references where values would do; keep its spelling.
#![allow(clippy::needless_borrows_for_generic_args)]

/// Guide, "JWT Best Practices".
mod guide_jwt {
    use hpcrypt::signature::{Ed25519, Signer, Verifier};
    use serde::{Deserialize, Serialize};

    // --- not imported or defined by the guide ---
    use hpcrypt::signature::{Ed25519SigningKey, Ed25519VerifyingKey};
    #[derive(Debug)]
    enum Error {
        InvalidFormat,
        Expired,
        Crypto(hpcrypt::Error),
        Json,
    }
    impl From<hpcrypt::Error> for Error {
        fn from(e: hpcrypt::Error) -> Self {
            Error::Crypto(e)
        }
    }
    impl From<serde_json::Error> for Error {
        fn from(_: serde_json::Error) -> Self {
            Error::Json
        }
    }
    fn base64url_encode(data: impl AsRef<[u8]>) -> String {
        super::base64url_encode(data)
    }
    fn base64url_decode(s: &str) -> Result<Vec<u8>, hpcrypt::Error> {
        super::base64url_decode(s)
    }
    fn current_unix_timestamp() -> u64 {
        1_800_000_000
    }
    // --- the guide's code, verbatim ---

    #[derive(Serialize, Deserialize)]
    struct Claims {
        sub: String,        // Subject (user ID)
        aud: String,        // Audience (API identifier)
        exp: u64,           // Expiration (Unix timestamp)
        iat: u64,           // Issued at
        jti: String,        // JWT ID (for revocation)
        scope: Vec<String>, // Permissions
    }

    fn create_jwt(claims: &Claims, signing_key: &Ed25519SigningKey) -> String {
        let header = base64url_encode(r#"{"alg":"EdDSA","typ":"JWT"}"#);
        let payload = base64url_encode(&serde_json::to_string(claims).unwrap());
        let message = format!("{}.{}", header, payload);
        let signature = signing_key.sign(message.as_bytes());
        format!("{}.{}", message, base64url_encode(&signature))
    }

    fn verify_jwt(token: &str, verifying_key: &Ed25519VerifyingKey) -> Result<Claims, Error> {
        let parts: Vec<&str> = token.split('.').collect();
        if parts.len() != 3 {
            return Err(Error::InvalidFormat);
        }
        let message = format!("{}.{}", parts[0], parts[1]);
        let signature = base64url_decode(parts[2])?;
        verifying_key.verify(message.as_bytes(), &signature)?;
        let claims: Claims = serde_json::from_slice(&base64url_decode(parts[1])?)?;
        // Validate expiration
        if claims.exp < current_unix_timestamp() {
            return Err(Error::Expired);
        }
        Ok(claims)
    }

    #[test]
    fn guide_jwt_sign_and_verify() {
        let signing_key = Ed25519::generate();
        let verifying_key = signing_key.verifying_key();
        let claims = Claims {
            sub: "user-1".into(),
            aud: "api".into(),
            exp: 1_900_000_000,
            iat: 1_700_000_000,
            jti: "x".into(),
            scope: vec!["read".into()],
        };
        let token = create_jwt(&claims, &signing_key);
        let back = verify_jwt(&token, &verifying_key).expect("valid token");
        assert_eq!((&back.sub, &back.scope), (&claims.sub, &claims.scope));
        assert!(matches!(
            verify_jwt(&token[..token.len() - 2], &verifying_key),
            Err(Error::Crypto(hpcrypt::Error::InvalidSignature))
        ));
        assert!(matches!(
            verify_jwt("a.b", &verifying_key),
            Err(Error::InvalidFormat)
        ));
        let expired = Claims { exp: 1, ..claims };
        let token = create_jwt(&expired, &signing_key);
        assert!(matches!(
            verify_jwt(&token, &verifying_key),
            Err(Error::Expired)
        ));
        let _ = Error::Json;
    }
}

/// Guide, "API Key Security".
mod guide_api_keys {
    use hpcrypt::hash::Sha256;
    #[allow(unused_imports)] // imported by the guide, not used by its snippet
    use hpcrypt::kdf::Hkdf;

    // --- not imported or defined by the guide ---
    // The guide's `rng.gen()` is rand 0.8's; `gen` is a keyword since Rust
    // 2024 and rand 0.9+ names it `random` (on `rand::RngExt` in 0.10).
    use hpcrypt::ct::constant_time_eq;
    use rand::RngExt;
    use std::collections::HashMap;
    type ClientId = String;
    #[derive(Debug, PartialEq)]
    enum Error {
        InvalidFormat,
        InvalidKey,
        Hex,
        NotFound,
    }
    impl From<hex::FromHexError> for Error {
        fn from(_: hex::FromHexError) -> Self {
            Error::Hex
        }
    }
    fn secure_rng() -> hpcrypt::rand::SecureRng {
        hpcrypt::rand::SecureRng
    }
    struct Db(HashMap<String, ([u8; 32], ClientId)>);
    impl Db {
        fn get_key_hash(&self, key_id: &str) -> Result<[u8; 32], Error> {
            self.0.get(key_id).map(|e| e.0).ok_or(Error::NotFound)
        }
        fn get_client_id(&self, key_id: &str) -> Result<ClientId, Error> {
            self.0
                .get(key_id)
                .map(|e| e.1.clone())
                .ok_or(Error::NotFound)
        }
    }
    // --- the guide's code; the one change: `rng.random()` for `rng.gen()`,
    // and `.into()` where it returns the digest as the `[u8; 32]` it declares.

    // Generate API key with embedded metadata
    fn generate_api_key(client_id: &str) -> (String, [u8; 32]) {
        let _ = client_id;
        let mut rng = secure_rng();
        let secret: [u8; 32] = rng.random();

        // Derive key ID from secret (for lookup without storing secret)
        let key_id = Sha256::hash(&secret)[..16].to_vec();
        let key_id_hex = hex::encode(&key_id);

        // Format: prefix_keyid_secret
        let api_key = format!("sk_live_{}_{}", key_id_hex, hex::encode(&secret));

        // Store only the hash of the secret
        let secret_hash = Sha256::hash(&secret);

        (api_key, secret_hash.into())
    }

    // Verify API key
    fn verify_api_key(db: &Db, api_key: &str) -> Result<ClientId, Error> {
        let parts: Vec<&str> = api_key.split('_').collect();
        if parts.len() != 4 || parts[0] != "sk" {
            return Err(Error::InvalidFormat);
        }

        let key_id = parts[2];
        let secret = hex::decode(parts[3])?;
        let secret_hash = Sha256::hash(&secret);

        // Constant-time comparison against stored hash
        let stored_hash = db.get_key_hash(key_id)?;
        if !constant_time_eq(&secret_hash, &stored_hash) {
            return Err(Error::InvalidKey);
        }

        db.get_client_id(key_id)
    }

    #[test]
    fn guide_api_keys_issue_and_verify() {
        let (api_key, secret_hash) = generate_api_key("client-7");
        let key_id = api_key.split('_').nth(2).expect("id").to_string();
        assert_eq!(key_id.len(), 32);
        let db = Db(HashMap::from([(
            key_id.clone(),
            (secret_hash, "client-7".to_string()),
        )]));
        assert_eq!(verify_api_key(&db, &api_key), Ok("client-7".to_string()));
        let mut forged = api_key.clone();
        forged.pop();
        forged.push(if api_key.ends_with('0') { '1' } else { '0' });
        assert_eq!(verify_api_key(&db, &forged), Err(Error::InvalidKey));
        assert_eq!(verify_api_key(&db, "pk_x"), Err(Error::InvalidFormat));
        // The imported `Hkdf` derives per-purpose keys from such a secret.
        let mut k = [0u8; 32];
        Hkdf::<Sha256>::derive(b"salt", &secret_hash, b"purpose", &mut k).expect("32 bytes");
    }
}

/// Guide, "Request Signing".
mod guide_request_signing {
    use hpcrypt::mac::HmacSha256;

    // --- not imported or defined by the guide ---
    use hpcrypt::ct::constant_time_eq;
    use hpcrypt::hash::Sha256; // imported by the guide's previous snippet
    /// The `base64` crate's old `encode` (removed in base64 0.22).
    mod base64 {
        pub fn encode(bytes: impl AsRef<[u8]>) -> String {
            super::super::base64_encode(bytes)
        }
    }
    #[derive(Debug, PartialEq)]
    enum Error {
        TimestampOutOfRange,
        InvalidSignature,
    }
    fn current_unix_timestamp() -> u64 {
        1_700_000_100
    }
    // --- the guide's code, verbatim ---

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
        base64::encode(&signature)
    }

    fn verify_request_signature(
        method: &str,
        path: &str,
        body: &[u8],
        timestamp: u64,
        signature: &str,
        secret: &[u8; 32],
    ) -> Result<(), Error> {
        // Reject old requests (prevent replay)
        let now = current_unix_timestamp();
        if timestamp < now - 300 || timestamp > now + 60 {
            return Err(Error::TimestampOutOfRange);
        }

        let expected = sign_request(method, path, body, timestamp, secret);
        if !constant_time_eq(signature.as_bytes(), expected.as_bytes()) {
            return Err(Error::InvalidSignature);
        }

        Ok(())
    }

    #[test]
    fn guide_request_signing_round_trip() {
        let secret = [0x5a; 32];
        let ts = 1_700_000_000;
        let sig = sign_request("POST", "/v1/pay", b"{}", ts, &secret);
        assert_eq!(sig.len(), 44);
        assert_eq!(
            verify_request_signature("POST", "/v1/pay", b"{}", ts, &sig, &secret),
            Ok(())
        );
        assert_eq!(
            verify_request_signature("POST", "/v1/pay", b"{ }", ts, &sig, &secret),
            Err(Error::InvalidSignature)
        );
        assert_eq!(
            verify_request_signature("POST", "/v1/pay", b"{}", 1, &sig, &secret),
            Err(Error::TimestampOutOfRange)
        );
    }
}

/// Guide, "Field-Level Encryption".
mod guide_field_encryption {
    use hpcrypt::aead::{Aead, AesGcm256};

    // --- not imported or defined by the guide ---
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    fn get_field_encryption_key() -> [u8; 32] {
        [0x24; 32]
    }
    fn generate_nonce() -> [u8; 12] {
        hpcrypt::rand::random_bytes().expect("OS RNG")
    }
    // --- the guide's code, verbatim ---

    #[derive(Serialize, Deserialize)]
    struct PaymentRequest {
        order_id: String,
        amount: u64,
        currency: String,
        #[serde(with = "encrypted_field")]
        card_number: String,
        #[serde(with = "encrypted_field")]
        cvv: String,
    }

    mod encrypted_field {
        use super::*;

        pub fn serialize<S>(value: &str, serializer: S) -> Result<S::Ok, S::Error>
        where
            S: Serializer,
        {
            let key = get_field_encryption_key();
            let nonce = generate_nonce();
            let ciphertext = AesGcm256::new(&key)
                .encrypt(&nonce, value.as_bytes(), &[])
                .map_err(serde::ser::Error::custom)?;
            let encoded = format!("{}:{}", hex::encode(&nonce), hex::encode(&ciphertext));
            serializer.serialize_str(&encoded)
        }

        pub fn deserialize<'de, D>(deserializer: D) -> Result<String, D::Error>
        where
            D: Deserializer<'de>,
        {
            let encoded = String::deserialize(deserializer)?;
            let parts: Vec<&str> = encoded.split(':').collect();
            let nonce = hex::decode(parts[0]).map_err(serde::de::Error::custom)?;
            let ciphertext = hex::decode(parts[1]).map_err(serde::de::Error::custom)?;

            let key = get_field_encryption_key();
            let plaintext = AesGcm256::new(&key)
                .decrypt(&nonce, &ciphertext, &[])
                .map_err(serde::de::Error::custom)?;

            String::from_utf8(plaintext).map_err(serde::de::Error::custom)
        }
    }

    #[test]
    fn guide_field_encryption_round_trip() {
        let req = PaymentRequest {
            order_id: "o-1".into(),
            amount: 100,
            currency: "EUR".into(),
            card_number: "4111 1111 1111 1111".into(),
            cvv: "123".into(),
        };
        let json = serde_json::to_string(&req).expect("serialize");
        // The whole number: its spaces cannot occur in the encoded ciphertext,
        // while a short digit run like "4111" can, by chance.
        assert!(!json.contains("4111 1111 1111 1111"));
        let back: PaymentRequest = serde_json::from_str(&json).expect("deserialize");
        assert_eq!((back.card_number, back.cvv), (req.card_number, req.cvv));
        assert_eq!(
            (back.order_id, back.amount, back.currency),
            (req.order_id, 100, req.currency)
        );
        // A flipped ciphertext bit is a serde error carrying only hpcrypt's message.
        let i = json.find("\"cvv\":\"").expect("cvv") + 7 + 25;
        let mut bad = json.into_bytes();
        bad[i] = if bad[i] == b'0' { b'1' } else { b'0' };
        let err = serde_json::from_slice::<PaymentRequest>(&bad)
            .err()
            .expect("tampered");
        assert!(
            err.to_string().starts_with("authentication failed"),
            "{err}"
        );
    }
}

/// Guide, "Cryptographic Audit Logs".
mod guide_audit_log {
    use hpcrypt::hash::Sha256;

    // --- not imported or defined by the guide ---
    use serde::Serialize;
    fn current_unix_timestamp() -> u64 {
        1_700_000_000
    }
    // --- the guide's code; the one change: `Clone` in the derive, which its
    // `entries[i].clone()` needs.

    #[derive(Serialize, Clone)]
    struct AuditEntry {
        timestamp: u64,
        action: String,
        actor: String,
        resource: String,
        details: serde_json::Value,
        previous_hash: String,
        hash: String,
    }

    impl AuditEntry {
        fn new(
            action: &str,
            actor: &str,
            resource: &str,
            details: serde_json::Value,
            previous_hash: &str,
        ) -> Self {
            let mut entry = Self {
                timestamp: current_unix_timestamp(),
                action: action.to_string(),
                actor: actor.to_string(),
                resource: resource.to_string(),
                details,
                previous_hash: previous_hash.to_string(),
                hash: String::new(),
            };

            // Hash all fields except hash itself
            let content = serde_json::to_string(&entry).unwrap();
            entry.hash = Sha256::hash(content.as_bytes()).to_hex();

            entry
        }
    }

    fn verify_audit_chain(entries: &[AuditEntry]) -> bool {
        for i in 1..entries.len() {
            // Verify hash chain
            if entries[i].previous_hash != entries[i - 1].hash {
                return false;
            }

            // Verify entry hash
            let mut entry = entries[i].clone();
            entry.hash = String::new();
            let expected_hash =
                Sha256::hash(serde_json::to_string(&entry).unwrap().as_bytes()).to_hex();

            if entries[i].hash != expected_hash {
                return false;
            }
        }
        true
    }

    #[test]
    fn guide_audit_chain() {
        let a = AuditEntry::new("login", "alice", "/", serde_json::json!({}), "");
        let b = AuditEntry::new(
            "pay",
            "alice",
            "/v1/pay",
            serde_json::json!({"n": 1}),
            &a.hash,
        );
        let c = AuditEntry::new("logout", "alice", "/", serde_json::json!(null), &b.hash);
        let mut chain = vec![a, b, c];
        assert!(verify_audit_chain(&chain));
        chain[1].actor = "mallory".into();
        assert!(!verify_audit_chain(&chain));
    }
}

use hpcrypt::ct::constant_time_eq;
use hpcrypt::hash::Sha256;

/// Standard base64 with padding (RFC 4648 §4), standing in for the
/// `base64` crate's `encode`.
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

/// The RNG helpers, and `SecureRng` as a `rand_core` 0.10 `CryptoRng`
/// (today's `rand`) and a `rand_core` 0.6 one (feature `rand_core_0_6`).
#[test]
fn api_contract_rand() {
    let a: [u8; 32] = hpcrypt::rand::random_bytes().expect("rng");
    let b: [u8; 32] = hpcrypt::rand::random_bytes().expect("rng");
    assert_ne!(a, b);

    fn takes_crypto_rng<R: rand_core::CryptoRng>(rng: &mut R) -> [u8; 64] {
        let mut buf = [0u8; 64];
        rng.fill_bytes(&mut buf);
        buf
    }
    let mut rng = hpcrypt::rand::SecureRng;
    assert_ne!(takes_crypto_rng(&mut rng), [0u8; 64]);
    use rand::RngExt;
    let x: [u8; 32] = rng.random();
    let y: u64 = rng.random_range(10..20);
    assert_ne!(x, [0u8; 32]);
    assert!((10..20).contains(&y));

    #[cfg(feature = "rand_core_0_6")]
    {
        use rand_core_0_6::RngCore;
        fn takes_old<R: rand_core_0_6::RngCore + rand_core_0_6::CryptoRng>(rng: &mut R) {
            let mut buf = [0u8; 16];
            rng.try_fill_bytes(&mut buf).expect("rng");
        }
        takes_old(&mut rng);
        assert_ne!(rng.next_u64(), rng.next_u64());
    }
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

/// Request signing as the guide writes it: `HmacSha256::mac(secret, msg)`
/// with `secret: &[u8; 32]` and only `HmacSha256` imported, the tag
/// base64-encoded (the guide's `base64::encode(&signature)`; a local encoder
/// over `.as_ref()` stands in for the `base64` crate), and the two signature
/// strings compared with `constant_time_eq(a.as_bytes(), b.as_bytes())`.
#[test]
fn api_contract_hmac_request_signing() {
    use hpcrypt::mac::HmacSha256;

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
