//! P-256's public functions on empty, short, long and absurd inputs:
//! every call returns `Err` or a value, never panics.

use hpcrypt::signature::{P256Signature, P256SigningKey, P256VerifyingKey, Signer, Verifier};
use hpcrypt::Error;

const LENGTHS: &[usize] = &[0, 1, 32, 33, 34, 63, 64, 65, 66, 128, 4096];

#[test]
fn p256_no_panic_on_any_length() {
    let key = P256SigningKey::from_bytes(&[5u8; 32]).expect("key");
    let vk = key.verifying_key();
    for &len in LENGTHS {
        for fill in [0x00u8, 0xff, 0x5a, 0x02, 0x03, 0x04] {
            let data = vec![fill; len];
            assert!(Verifier::verify(&vk, &data, &data).is_err());
            let _ = P256Signature::from_slice(&data);
            let _ = P256VerifyingKey::from_sec1_bytes(&data);
            let sig = Signer::sign(&key, &data);
            assert!(Verifier::verify(&vk, &data, sig.as_ref()).is_ok());
        }
    }
}

#[test]
fn p256_no_panic_on_extreme_values() {
    let key = P256SigningKey::from_bytes(&[5u8; 32]).expect("key");
    let vk = key.verifying_key();
    for fill in [0x00u8, 0x01, 0x7f, 0x80, 0xfe, 0xff] {
        let b32 = [fill; 32];
        let _ = P256SigningKey::from_bytes(&b32);
        let _ = P256VerifyingKey::from_affine_coordinates(&b32, &b32);
        let _ = P256VerifyingKey::from_affine_coordinates(&vk.x(), &b32);
        for tag in [0x02u8, 0x03, 0x04] {
            let mut enc = vec![tag];
            enc.extend_from_slice(&b32);
            let _ = P256VerifyingKey::from_sec1_bytes(&enc);
            enc.extend_from_slice(&b32);
            let _ = P256VerifyingKey::from_sec1_bytes(&enc);
        }
        for other in [[0u8; 32], [0xff; 32], vk.x()] {
            let sig = P256Signature::from_slice(&[b32, other].concat()).expect("64");
            assert_eq!(vk.verify(b"m", &sig), Err(Error::InvalidSignature));
            let sig = P256Signature::from_slice(&[other, b32].concat()).expect("64");
            assert_eq!(vk.verify(b"m", &sig), Err(Error::InvalidSignature));
        }
    }
    assert_eq!(
        P256SigningKey::from_bytes(&[0u8; 32]).err(),
        Some(Error::InvalidKeyEncoding)
    );
    assert_eq!(
        P256VerifyingKey::from_sec1_bytes(&[0x04; 64]).err(),
        Some(Error::InvalidPublicKey)
    );
}
