//! AES-GCM against `ring` and `aes-gcm` (RustCrypto) as oracles: random
//! keys, nonces, AAD and message lengths, every backend, both key sizes.

use aes_gcm::aead::{Aead as _, KeyInit, Payload};
use hpcrypt::aead::{Aead, AesGcm128, AesGcm256};
use hpcrypt::backend::AesGcmBackend;
use proptest::prelude::*;

fn ring_seal(key: &[u8], nonce: [u8; 12], aad: &[u8], pt: &[u8]) -> Vec<u8> {
    use ring::aead::{Aad, LessSafeKey, Nonce, UnboundKey, AES_128_GCM, AES_256_GCM};
    let alg = if key.len() == 16 {
        &AES_128_GCM
    } else {
        &AES_256_GCM
    };
    let k = LessSafeKey::new(UnboundKey::new(alg, key).expect("key"));
    let mut buf = pt.to_vec();
    k.seal_in_place_append_tag(
        Nonce::assume_unique_for_key(nonce),
        Aad::from(aad),
        &mut buf,
    )
    .expect("ring seal");
    buf
}

fn rustcrypto_seal(key: &[u8], nonce: &[u8; 12], aad: &[u8], pt: &[u8]) -> Vec<u8> {
    let p = Payload { msg: pt, aad };
    if key.len() == 16 {
        aes_gcm::Aes128Gcm::new_from_slice(key)
            .expect("key")
            .encrypt(nonce.into(), p)
    } else {
        aes_gcm::Aes256Gcm::new_from_slice(key)
            .expect("key")
            .encrypt(nonce.into(), p)
    }
    .expect("aes-gcm seal")
}

fn ours(b: AesGcmBackend, key: &[u8]) -> Box<dyn Fn(&[u8], &[u8], &[u8]) -> Vec<u8>> {
    if key.len() == 16 {
        let c = AesGcm128::new_with(b, key.try_into().expect("16"));
        Box::new(move |n, a, p| c.encrypt(n, p, a).expect("seal"))
    } else {
        let c = AesGcm256::new_with(b, key.try_into().expect("32"));
        Box::new(move |n, a, p| c.encrypt(n, p, a).expect("seal"))
    }
}

fn ours_open(b: AesGcmBackend, key: &[u8], n: &[u8], a: &[u8], ct: &[u8]) -> Option<Vec<u8>> {
    if key.len() == 16 {
        AesGcm128::new_with(b, key.try_into().ok()?)
            .decrypt(n, ct, a)
            .ok()
    } else {
        AesGcm256::new_with(b, key.try_into().ok()?)
            .decrypt(n, ct, a)
            .ok()
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn aes_gcm_matches_ring_and_rustcrypto(
        wide in any::<bool>(),
        key in proptest::collection::vec(any::<u8>(), 32),
        nonce in any::<[u8; 12]>(),
        aad in proptest::collection::vec(any::<u8>(), 0..300),
        pt in proptest::collection::vec(any::<u8>(), 0..3000),
        flip in any::<usize>(),
    ) {
        let key = if wide { &key[..] } else { &key[..16] };
        let want = ring_seal(key, nonce, &aad, &pt);
        prop_assert_eq!(&rustcrypto_seal(key, &nonce, &aad, &pt), &want);
        for b in AesGcmBackend::available() {
            prop_assert_eq!(&ours(b, key)(&nonce, &aad, &pt), &want, "{}", b.name());
            let opened = ours_open(b, key, &nonce, &aad, &want);
            prop_assert_eq!(opened.as_deref(), Some(&pt[..]));
            let mut bad = want.clone();
            let i = flip % bad.len();
            bad[i] ^= 1 << (flip % 8);
            prop_assert_eq!(ours_open(b, key, &nonce, &aad, &bad), None);
        }
    }

    /// Nonces of other lengths (GHASH-derived J0) against `aes-gcm`.
    #[test]
    fn aes_gcm_long_nonce_matches_rustcrypto(
        key in any::<[u8; 32]>(),
        nonce in any::<[u8; 16]>(),
        aad in proptest::collection::vec(any::<u8>(), 0..100),
        pt in proptest::collection::vec(any::<u8>(), 0..700),
    ) {
        let want = aes_gcm::AesGcm::<aes_gcm::aes::Aes256, aes_gcm::aead::consts::U16>::new(&key.into())
            .encrypt((&nonce).into(), Payload { msg: &pt, aad: &aad })
            .expect("oracle");
        for b in AesGcmBackend::available() {
            prop_assert_eq!(&ours(b, &key)(&nonce, &aad, &pt), &want, "{}", b.name());
        }
    }
}
