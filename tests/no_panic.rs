//! No public function panics on caller input: every one gets empty, short,
//! long and absurd lengths and must return a value or an `Err`. (Ed25519 has
//! more in `tests/no_panic_ed25519.rs`; the fuzz targets go further.)

use hpcrypt::aead::{Aead, AesGcm128, AesGcm256};
use hpcrypt::hash::{Sha224, Sha256, Sha384, Sha512};
use hpcrypt::kdf::{HkdfSha256, HkdfSha384, HkdfSha512};
use hpcrypt::mac::{HmacSha256, HmacSha256Key, HmacSha512, Mac};
use hpcrypt::signature::{Ed25519Signature, Ed25519VerifyingKey, Verifier};
use hpcrypt::Error;
use proptest::prelude::*;

/// Lengths that matter: empty, around blocks and tags, and large.
const LENS: &[usize] = &[
    0, 1, 11, 12, 13, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129, 1000, 70_000,
];

#[test]
fn no_panic_hashes_and_macs_take_any_length() {
    for &n in LENS {
        let data = vec![0xa5u8; n];
        let _ = (
            Sha224::hash(&data),
            Sha256::hash(&data),
            Sha384::hash(&data),
            Sha512::hash(&data),
        );
        let tag = HmacSha256::mac(&data, &data);
        let _ = HmacSha512::mac(&data, &data);
        let key = HmacSha256Key::new(&data);
        assert!(key.verify(&data, tag.as_ref()).is_ok());
        // Wrong tag lengths are errors, never panics; absurd minimums too.
        for t in [0, 1, 9, 10, 31, 33, 64, 1000] {
            let cand = vec![0u8; t];
            assert!(key.verify(&data, &cand).is_err());
            for min in [0, 10, 32, usize::MAX] {
                let _ = key.verify_truncated(&data, &cand, min);
            }
        }
        let mut m = HmacSha256::new(&data);
        m.update(&data);
        assert!(m.verify(&data[..n.min(3)]).is_err());
    }
}

#[test]
fn no_panic_hkdf_lengths() {
    for &n in LENS {
        let input = vec![7u8; n];
        let mut okm = vec![0u8; n.min(20_000)];
        let r = HkdfSha256::derive(&input, &input, &input, &mut okm);
        assert_eq!(r.is_ok(), okm.len() <= 255 * 32);
        let r = HkdfSha384::derive(&input, &input, &input, &mut okm);
        assert_eq!(r.is_ok(), okm.len() <= 255 * 48);
        let r = HkdfSha512::derive(&input, &input, &input, &mut okm);
        assert_eq!(r.is_ok(), okm.len() <= 255 * 64);
        let prk = HkdfSha256::from_prk(&input);
        assert_eq!(prk.is_ok(), n >= 32);
    }
    let mut huge = vec![0u8; 255 * 64 + 1];
    assert_eq!(
        HkdfSha512::derive(b"", b"", b"", &mut huge),
        Err(Error::OutputTooLong)
    );
    assert!(huge.iter().all(|&b| b == 0), "okm untouched on error");
}

#[test]
fn no_panic_aes_gcm_keys_nonces_tags() {
    for &n in LENS {
        let bytes = vec![3u8; n];
        assert_eq!(AesGcm256::new_from_slice(&bytes).is_ok(), n == 32);
        assert_eq!(AesGcm128::new_from_slice(&bytes).is_ok(), n == 16);
        let c = AesGcm256::new(&[1u8; 32]);
        // Any non-empty nonce is valid (SP 800-38D); empty is an error.
        let mut buf = bytes.clone();
        let sealed = c.encrypt_in_place_detached(&bytes, &bytes, &mut buf);
        assert_eq!(sealed.is_ok(), n > 0);
        // Wrong tag lengths and garbage never release plaintext or panic.
        for t in [0, 1, 4, 8, 11, 12, 15, 16, 17, 100] {
            let mut b = bytes.clone();
            let r = c.decrypt_in_place_detached(&[9u8; 12], &bytes, &mut b, &vec![0u8; t]);
            assert!(r.is_err());
            assert!(b == bytes || b.iter().all(|&x| x == 0));
            for tag_len in [0, 4, 12, 16, 17, usize::MAX] {
                let mut b = bytes.clone();
                let _ = c.decrypt_in_place_detached_truncated(
                    &[9u8; 12],
                    &[],
                    &mut b,
                    &vec![0u8; t],
                    tag_len,
                );
            }
            let mut tag = vec![0u8; t];
            let mut b = bytes.clone();
            let r = c.encrypt_in_place_detached_truncated(&[9u8; 12], &[], &mut b, &mut tag);
            assert_eq!(r.is_ok(), [4, 8, 12, 13, 14, 15, 16].contains(&t));
        }
        assert!(c.decrypt(&[9u8; 12], &bytes, &[]).is_err());
        assert!(c.open_with_random_nonce(&bytes, &[]).is_err());
    }
}

#[test]
fn no_panic_ed25519_parsing() {
    for &n in LENS {
        let bytes = vec![0x42u8; n];
        assert_eq!(Ed25519Signature::from_slice(&bytes).is_ok(), n == 64);
        let _ = Ed25519VerifyingKey::from_slice(&bytes);
        let key = hpcrypt::signature::Ed25519SigningKey::from_bytes(&[1u8; 32]).verifying_key();
        assert!(key.verify(&bytes, &bytes).is_err());
        assert!(key.verify_strict(&bytes, &bytes).is_err());
    }
    // Batch inputs of different lengths are an error, not a panic.
    let key = hpcrypt::signature::Ed25519SigningKey::from_bytes(&[1u8; 32]).verifying_key();
    let sig = Ed25519Signature::from_bytes(&[0u8; 64]);
    let r = hpcrypt::signature::ed25519::verify_batch(&[b"a", b"b"], &[sig], &[key]);
    assert!(r.is_err());
    assert!(hpcrypt::signature::ed25519::verify_batch(&[], &[], &[]).is_ok());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Random junk into every parser and verifier.
    #[test]
    fn no_panic_random_junk(a in proptest::collection::vec(any::<u8>(), 0..200),
                            b in proptest::collection::vec(any::<u8>(), 0..200),
                            t in proptest::collection::vec(any::<u8>(), 0..40)) {
        let c = AesGcm256::new(&[7u8; 32]);
        let mut buf = b.clone();
        let r = c.decrypt_in_place_detached(&a, &a, &mut buf, &t);
        prop_assert!(r.is_err());
        prop_assert!(buf == b || buf.iter().all(|&x| x == 0));
        let _ = c.decrypt(&a, &b, &t);
        let _ = HmacSha256Key::new(&a).verify(&b, &t);
        if let Ok(k) = Ed25519VerifyingKey::from_slice(&a) {
            let _ = k.verify(&b, &t);
        }
    }
}
