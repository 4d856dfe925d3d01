//! SHA-2 against the `sha2` and `ring` crates as oracles: random inputs,
//! random split points, every backend.

use hpcrypt::backend::{Sha256Backend, Sha512Backend};
use hpcrypt::hash::{Hash, Sha224, Sha256, Sha384, Sha512};
use proptest::prelude::*;
use sha2::Digest as _;

fn split_feed<H: Hash>(mut h: H, data: &[u8], cuts: &[usize]) -> Vec<u8> {
    let mut rest = data;
    for &c in cuts {
        let (a, b) = rest.split_at(c % (rest.len() + 1));
        h.update(a);
        rest = b;
    }
    h.update(rest);
    h.finalize().as_ref().to_vec()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn sha2_matches_oracles(data in proptest::collection::vec(any::<u8>(), 0..2000),
                            cuts in proptest::collection::vec(any::<usize>(), 0..5)) {
        let want224 = sha2::Sha224::digest(&data).to_vec();
        let want256 = ring::digest::digest(&ring::digest::SHA256, &data).as_ref().to_vec();
        let want384 = ring::digest::digest(&ring::digest::SHA384, &data).as_ref().to_vec();
        let want512 = sha2::Sha512::digest(&data).to_vec();
        prop_assert_eq!(sha2::Sha256::digest(&data).to_vec(), want256.clone());
        for b in Sha256Backend::available() {
            prop_assert_eq!(Sha224::hash_with(b, &data).to_vec(), want224.clone());
            prop_assert_eq!(Sha256::hash_with(b, &data).to_vec(), want256.clone());
            prop_assert_eq!(split_feed(Sha224::new_with(b), &data, &cuts), want224.clone());
            prop_assert_eq!(split_feed(Sha256::new_with(b), &data, &cuts), want256.clone());
        }
        for b in Sha512Backend::available() {
            prop_assert_eq!(Sha384::hash_with(b, &data).to_vec(), want384.clone());
            prop_assert_eq!(Sha512::hash_with(b, &data).to_vec(), want512.clone());
            prop_assert_eq!(split_feed(Sha384::new_with(b), &data, &cuts), want384.clone());
            prop_assert_eq!(split_feed(Sha512::new_with(b), &data, &cuts), want512.clone());
        }
    }
}
