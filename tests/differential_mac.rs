//! HMAC and HKDF against the `hmac`, `hkdf` and `ring` crates as oracles:
//! random keys, messages, salts, infos, output lengths and split points,
//! every SHA backend.

use hmac::Mac as _;
use hpcrypt::backend::{Sha256Backend, Sha512Backend};
use hpcrypt::hash::{Sha224, Sha256, Sha384, Sha512};
use hpcrypt::kdf::Hkdf;
use hpcrypt::mac::{Hmac, HmacKey, Mac};
use proptest::prelude::*;

/// RustCrypto's HMAC of `data` under `key` (a macro: `hmac`'s generic bounds
/// are long to spell out).
macro_rules! rc_hmac {
    ($d:ty, $key:expr, $data:expr) => {{
        let mut m = hmac::Hmac::<$d>::new_from_slice($key).expect("any key length");
        m.update($data);
        m.finalize().into_bytes().to_vec()
    }};
}

fn ring_hmac(alg: ring::hmac::Algorithm, key: &[u8], data: &[u8]) -> Vec<u8> {
    ring::hmac::sign(&ring::hmac::Key::new(alg, key), data)
        .as_ref()
        .to_vec()
}

/// ring's HKDF output length, as its `KeyType`.
struct Len(usize);
impl ring::hkdf::KeyType for Len {
    fn len(&self) -> usize {
        self.0
    }
}

fn ring_hkdf(
    alg: ring::hkdf::Algorithm,
    salt: &[u8],
    ikm: &[u8],
    info: &[u8],
    len: usize,
) -> Vec<u8> {
    let mut out = vec![0u8; len];
    ring::hkdf::Salt::new(alg, salt)
        .extract(ikm)
        .expand(&[info], Len(len))
        .expect("length within 255·HashLen")
        .fill(&mut out)
        .expect("fill");
    out
}

/// `data` fed to a streaming HMAC in pieces cut at `cuts`.
fn split_feed<M: Mac>(mut m: M, data: &[u8], cuts: &[usize]) -> Vec<u8> {
    let mut rest = data;
    for &c in cuts {
        let (a, b) = rest.split_at(c % (rest.len() + 1));
        m.update(a);
        rest = b;
    }
    m.update(rest);
    m.finalize().as_ref().to_vec()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn hmac_matches_oracles(key in proptest::collection::vec(any::<u8>(), 0..300),
                            data in proptest::collection::vec(any::<u8>(), 0..1500),
                            cuts in proptest::collection::vec(any::<usize>(), 0..5)) {
        let want224 = rc_hmac!(sha2::Sha224, &key, &data);
        let want256 = ring_hmac(ring::hmac::HMAC_SHA256, &key, &data);
        let want384 = ring_hmac(ring::hmac::HMAC_SHA384, &key, &data);
        let want512 = rc_hmac!(sha2::Sha512, &key, &data);
        prop_assert_eq!(rc_hmac!(sha2::Sha256, &key, &data), want256.clone());
        prop_assert_eq!(ring_hmac(ring::hmac::HMAC_SHA512, &key, &data), want512.clone());
        prop_assert_eq!(rc_hmac!(sha2::Sha384, &key, &data), want384.clone());
        for b in Sha256Backend::available() {
            prop_assert_eq!(Hmac::<Sha224>::mac_with(b, &key, &data).to_vec(), want224.clone());
            prop_assert_eq!(Hmac::<Sha256>::mac_with(b, &key, &data).to_vec(), want256.clone());
            prop_assert_eq!(HmacKey::<Sha256>::new_with(b, &key).mac(&data).to_vec(), want256.clone());
            prop_assert_eq!(split_feed(Hmac::<Sha224>::new_with(b, &key), &data, &cuts), want224.clone());
            prop_assert_eq!(split_feed(Hmac::<Sha256>::new_with(b, &key), &data, &cuts), want256.clone());
        }
        for b in Sha512Backend::available() {
            prop_assert_eq!(Hmac::<Sha384>::mac_with(b, &key, &data).to_vec(), want384.clone());
            prop_assert_eq!(Hmac::<Sha512>::mac_with(b, &key, &data).to_vec(), want512.clone());
            prop_assert_eq!(HmacKey::<Sha512>::new_with(b, &key).mac(&data).to_vec(), want512.clone());
            prop_assert_eq!(split_feed(Hmac::<Sha384>::new_with(b, &key), &data, &cuts), want384.clone());
            prop_assert_eq!(split_feed(Hmac::<Sha512>::new_with(b, &key), &data, &cuts), want512.clone());
        }
    }

    #[test]
    fn hkdf_matches_oracles(salt in proptest::collection::vec(any::<u8>(), 0..200),
                            ikm in proptest::collection::vec(any::<u8>(), 0..200),
                            info in proptest::collection::vec(any::<u8>(), 0..400),
                            len in 0usize..700) {
        let want256 = ring_hkdf(ring::hkdf::HKDF_SHA256, &salt, &ikm, &info, len);
        let want384 = ring_hkdf(ring::hkdf::HKDF_SHA384, &salt, &ikm, &info, len);
        let mut want512 = vec![0u8; len];
        hkdf::Hkdf::<sha2::Sha512>::new(Some(&salt), &ikm).expand(&info, &mut want512).expect("len");
        let mut rc256 = vec![0u8; len];
        hkdf::Hkdf::<sha2::Sha256>::new(Some(&salt), &ikm).expand(&info, &mut rc256).expect("len");
        prop_assert_eq!(&rc256, &want256);
        prop_assert_eq!(ring_hkdf(ring::hkdf::HKDF_SHA512, &salt, &ikm, &info, len), want512.clone());

        let mut out = vec![0u8; len];
        for b in Sha256Backend::available() {
            Hkdf::<Sha256>::derive_with(b, &salt, &ikm, &info, &mut out).expect("len");
            prop_assert_eq!(&out, &want256);
            let (rc_prk, _) = hkdf::Hkdf::<sha2::Sha256>::extract(Some(&salt), &ikm);
            prop_assert_eq!(Hkdf::<Sha256>::extract_bytes_with(b, &salt, &ikm).to_vec(), rc_prk.to_vec());
            out.fill(0);
            Hkdf::<Sha256>::from_prk_with(b, &rc_prk).expect("prk").expand(&info, &mut out).expect("len");
            prop_assert_eq!(&out, &want256);
        }
        for b in Sha512Backend::available() {
            Hkdf::<Sha384>::derive_with(b, &salt, &ikm, &info, &mut out).expect("len");
            prop_assert_eq!(&out, &want384);
            Hkdf::<Sha512>::extract_with(b, &salt, &ikm).expand(&info, &mut out).expect("len");
            prop_assert_eq!(&out, &want512);
        }
    }
}
