//! SHA-2 differential target: every backend, one-shot and streamed with
//! fuzzer-chosen split points, against the `sha2` crate.
#![no_main]

use hpcrypt::backend::{Sha256Backend, Sha512Backend};
use hpcrypt::hash::{Hash, Sha224, Sha256, Sha384, Sha512};
use libfuzzer_sys::fuzz_target;
use sha2::Digest as _;

fn streamed<H: Hash>(mut h: H, data: &[u8], cuts: &[u8]) -> Vec<u8> {
    let mut rest = data;
    for &c in cuts {
        let (a, b) = rest.split_at(usize::from(c).min(rest.len()));
        h.update(a);
        rest = b;
    }
    h.update(rest);
    h.finalize().as_ref().to_vec()
}

fuzz_target!(|input: (Vec<u8>, Vec<u8>)| {
    let (data, cuts) = input;
    let w224 = sha2::Sha224::digest(&data).to_vec();
    let w256 = sha2::Sha256::digest(&data).to_vec();
    let w384 = sha2::Sha384::digest(&data).to_vec();
    let w512 = sha2::Sha512::digest(&data).to_vec();
    for b in Sha256Backend::available() {
        assert_eq!(Sha224::hash_with(b, &data).to_vec(), w224);
        assert_eq!(Sha256::hash_with(b, &data).to_vec(), w256);
        assert_eq!(streamed(Sha224::new_with(b), &data, &cuts), w224);
        assert_eq!(streamed(Sha256::new_with(b), &data, &cuts), w256);
    }
    for b in Sha512Backend::available() {
        assert_eq!(Sha384::hash_with(b, &data).to_vec(), w384);
        assert_eq!(Sha512::hash_with(b, &data).to_vec(), w512);
        assert_eq!(streamed(Sha384::new_with(b), &data, &cuts), w384);
        assert_eq!(streamed(Sha512::new_with(b), &data, &cuts), w512);
    }
});
