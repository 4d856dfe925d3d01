//! `p256_formats`: the P-256 parsers of outside data (DER signatures,
//! PKCS#8, SEC 1, SPKI, their PEM forms, JWK) on hostile bytes.

use hpcrypt::signature::{LineEnding, P256Signature, P256SigningKey, P256VerifyingKey};

/// Never a panic; an accepted DER signature is the one strict encoding of
/// its r, s; whatever key parses re-encodes, in every format, to documents
/// that parse to the same key.
pub fn p256_formats(data: &[u8]) {
    if let Ok(sig) = P256Signature::from_der(data) {
        assert_eq!(sig.to_der().as_ref(), data, "DER signature not canonical");
    }
    for key in [
        P256SigningKey::from_pkcs8_der(data),
        P256SigningKey::from_sec1_der(data),
    ]
    .into_iter()
    .flatten()
    {
        same_signing_key(&key);
    }
    if let Ok(vk) = P256VerifyingKey::from_public_key_der(data) {
        if data.len() == 91 {
            // Uncompressed: strict DER leaves one spelling, ours.
            assert_eq!(vk.to_public_key_der().unwrap(), data, "SPKI not canonical");
        }
        same_verifying_key(&vk);
    }
    if let Ok(text) = core::str::from_utf8(data) {
        for key in [
            P256SigningKey::from_pkcs8_pem(text),
            P256SigningKey::from_sec1_pem(text),
            P256SigningKey::from_jwk(text),
        ]
        .into_iter()
        .flatten()
        {
            same_signing_key(&key);
        }
        for vk in [
            P256VerifyingKey::from_public_key_pem(text),
            P256VerifyingKey::from_jwk(text),
        ]
        .into_iter()
        .flatten()
        {
            same_verifying_key(&vk);
        }
    }
}

fn same_signing_key(key: &P256SigningKey) {
    let d = key.to_bytes();
    let again = [
        P256SigningKey::from_pkcs8_der(key.to_pkcs8_der().unwrap().as_bytes()),
        P256SigningKey::from_sec1_der(key.to_sec1_der().unwrap().as_bytes()),
        P256SigningKey::from_pkcs8_pem(&key.to_pkcs8_pem(LineEnding::LF).unwrap()),
        P256SigningKey::from_sec1_pem(&key.to_sec1_pem(LineEnding::CRLF).unwrap()),
        P256SigningKey::from_jwk(&key.to_jwk()),
    ];
    for k in again {
        assert_eq!(k.unwrap().to_bytes(), d);
    }
    same_verifying_key(&key.verifying_key());
}

fn same_verifying_key(vk: &P256VerifyingKey) {
    let der = vk.to_public_key_der().unwrap();
    assert_eq!(P256VerifyingKey::from_public_key_der(&der).unwrap(), *vk);
    let pem = vk.to_public_key_pem(LineEnding::CRLF).unwrap();
    assert_eq!(P256VerifyingKey::from_public_key_pem(&pem).unwrap(), *vk);
    assert_eq!(P256VerifyingKey::from_jwk(&vk.to_jwk()).unwrap(), *vk);
}
