//! The properties the fuzz targets check, shared by `fuzz/` (libFuzzer feeds
//! them) and `tests/regressions.rs` (which replays every saved input under
//! `tests/regressions/<target>/` in `cargo test`). Each check takes the raw
//! fuzzer bytes and panics if a property fails.
#![allow(dead_code)]

use hpcrypt::backend::{Sha256Backend, Sha512Backend};
use hpcrypt::hash::{Hash, Sha224, Sha256, Sha384, Sha512};

/// Splits `data` at fuzzer-chosen points (taken from its first four bytes).
fn pieces(data: &[u8]) -> (Vec<usize>, &[u8]) {
    let (head, body) = data.split_at(data.len().min(4));
    (head.iter().map(|&b| usize::from(b)).collect(), body)
}

fn streamed<H: Hash>(mut h: H, data: &[u8], cuts: &[usize]) -> Vec<u8> {
    let mut rest = data;
    for &c in cuts {
        let (a, b) = rest.split_at(c.min(rest.len()));
        h.update(a);
        rest = b;
    }
    h.update(rest);
    h.finalize().as_ref().to_vec()
}

/// SHA-2: every backend, one-shot and streamed at fuzzer-chosen splits,
/// equals the `sha2` crate.
pub fn sha2_diff(data: &[u8]) {
    use sha2::Digest as _;
    let (cuts, msg) = pieces(data);
    let w224 = sha2::Sha224::digest(msg).to_vec();
    let w256 = sha2::Sha256::digest(msg).to_vec();
    let w384 = sha2::Sha384::digest(msg).to_vec();
    let w512 = sha2::Sha512::digest(msg).to_vec();
    for b in Sha256Backend::available() {
        assert_eq!(
            Sha224::hash_with(b, msg).to_vec(),
            w224,
            "sha224 {}",
            b.name()
        );
        assert_eq!(
            Sha256::hash_with(b, msg).to_vec(),
            w256,
            "sha256 {}",
            b.name()
        );
        assert_eq!(
            streamed(Sha224::new_with(b), msg, &cuts),
            w224,
            "sha224 {} streamed",
            b.name()
        );
        assert_eq!(
            streamed(Sha256::new_with(b), msg, &cuts),
            w256,
            "sha256 {} streamed",
            b.name()
        );
    }
    for b in Sha512Backend::available() {
        assert_eq!(
            Sha384::hash_with(b, msg).to_vec(),
            w384,
            "sha384 {}",
            b.name()
        );
        assert_eq!(
            Sha512::hash_with(b, msg).to_vec(),
            w512,
            "sha512 {}",
            b.name()
        );
        assert_eq!(
            streamed(Sha384::new_with(b), msg, &cuts),
            w384,
            "sha384 {} streamed",
            b.name()
        );
        assert_eq!(
            streamed(Sha512::new_with(b), msg, &cuts),
            w512,
            "sha512 {} streamed",
            b.name()
        );
    }
}
