//! `key_formats`: the Ed25519 key-document parsers (PKCS#8 DER and PEM,
//! SPKI DER and PEM, JWK, seed ‖ public key) on hostile bytes.

use hpcrypt::signature::{Ed25519SigningKey, Ed25519VerifyingKey, LineEnding};

/// Never a panic; whatever parses re-encodes to a document that parses to
/// the same key; an accepted SPKI is the one canonical DER encoding of its
/// key (strict DER leaves no other spelling).
pub fn key_formats(data: &[u8]) {
    if let Ok(key) = Ed25519SigningKey::from_pkcs8_der(data) {
        same_signing_key(&key);
    }
    if let Ok(vk) = Ed25519VerifyingKey::from_public_key_der(data) {
        assert_eq!(vk.to_public_key_der().unwrap(), data, "SPKI not canonical");
        same_verifying_key(&vk);
    }
    if let Ok(bytes) = <&[u8; 64]>::try_from(data) {
        if let Ok(key) = Ed25519SigningKey::from_keypair_bytes(bytes) {
            assert_eq!(&key.to_keypair_bytes()[..], data);
        }
    }
    if let Ok(text) = core::str::from_utf8(data) {
        if let Ok(key) = Ed25519SigningKey::from_pkcs8_pem(text) {
            same_signing_key(&key);
        }
        if let Ok(key) = Ed25519SigningKey::from_jwk(text) {
            same_signing_key(&key);
        }
        if let Ok(vk) = Ed25519VerifyingKey::from_public_key_pem(text) {
            same_verifying_key(&vk);
        }
        if let Ok(vk) = Ed25519VerifyingKey::from_jwk(text) {
            same_verifying_key(&vk);
        }
    }
}

fn same_signing_key(key: &Ed25519SigningKey) {
    let seed = key.to_bytes();
    let again = [
        Ed25519SigningKey::from_pkcs8_der(key.to_pkcs8_der().unwrap().as_bytes()),
        Ed25519SigningKey::from_pkcs8_der(key.to_pkcs8_v2_der().unwrap().as_bytes()),
        Ed25519SigningKey::from_pkcs8_pem(&key.to_pkcs8_pem(LineEnding::LF).unwrap()),
        Ed25519SigningKey::from_jwk(&key.to_jwk()),
        Ed25519SigningKey::from_keypair_bytes(&key.to_keypair_bytes()),
    ];
    for k in again {
        assert_eq!(k.unwrap().to_bytes(), seed);
    }
}

fn same_verifying_key(vk: &Ed25519VerifyingKey) {
    let der = vk.to_public_key_der().unwrap();
    assert_eq!(Ed25519VerifyingKey::from_public_key_der(&der).unwrap(), *vk);
    let pem = vk.to_public_key_pem(LineEnding::CRLF).unwrap();
    assert_eq!(Ed25519VerifyingKey::from_public_key_pem(&pem).unwrap(), *vk);
    assert_eq!(Ed25519VerifyingKey::from_jwk(&vk.to_jwk()).unwrap(), *vk);
}
