//! HMAC differential target: every SHA backend, one-shot, precomputed key and
//! streamed with fuzzer-chosen split points, against the `hmac` crate; plus
//! `verify`/`verify_truncated` on fuzzer-chosen tags (never a panic, never a
//! wrong verdict).
#![no_main]

use hmac::Mac as _;
use hpcrypt::backend::{Sha256Backend, Sha512Backend};
use hpcrypt::hash::{BlockHash, Sha224, Sha256, Sha384, Sha512};
use hpcrypt::mac::{Hmac, HmacKey, Mac};
use libfuzzer_sys::fuzz_target;

macro_rules! rc {
    ($d:ty, $key:expr, $data:expr) => {{
        let mut m = hmac::Hmac::<$d>::new_from_slice($key).expect("any key length");
        m.update($data);
        m.finalize().into_bytes().to_vec()
    }};
}

fn check<H: BlockHash>(b: H::Backend, key: &[u8], data: &[u8], cuts: &[u8], tag: &[u8], min: usize, want: &[u8]) {
    assert_eq!(Hmac::<H>::mac_with(b, key, data).as_ref(), want);
    let k = HmacKey::<H>::new_with(b, key);
    assert_eq!(k.mac(data).as_ref(), want);
    let mut m = k.start();
    let mut rest = data;
    for &c in cuts {
        let (x, y) = rest.split_at(usize::from(c).min(rest.len()));
        m.update(x);
        rest = y;
    }
    m.update(rest);
    assert_eq!(m.finalize().as_ref(), want);
    assert_eq!(k.verify(data, want), Ok(()));
    assert_eq!(k.verify(data, tag).is_ok(), tag == want);
    let floor = 10.max(want.len() / 2);
    let ok = tag.len() >= min.max(floor) && tag.len() <= want.len() && want.starts_with(tag);
    assert_eq!(k.verify_truncated(data, tag, min).is_ok(), ok);
}

fuzz_target!(|input: (Vec<u8>, Vec<u8>, Vec<u8>, Vec<u8>, u8)| {
    let (key, data, cuts, tag, min) = input;
    let min = usize::from(min);
    let w224 = rc!(sha2::Sha224, &key, &data);
    let w256 = rc!(sha2::Sha256, &key, &data);
    let w384 = rc!(sha2::Sha384, &key, &data);
    let w512 = rc!(sha2::Sha512, &key, &data);
    for b in Sha256Backend::available() {
        check::<Sha224>(b, &key, &data, &cuts, &tag, min, &w224);
        check::<Sha256>(b, &key, &data, &cuts, &tag, min, &w256);
    }
    for b in Sha512Backend::available() {
        check::<Sha384>(b, &key, &data, &cuts, &tag, min, &w384);
        check::<Sha512>(b, &key, &data, &cuts, &tag, min, &w512);
    }
});
