//! HKDF target: every SHA backend against the `hkdf` crate, with
//! fuzzer-chosen salt, IKM, info and output length (up to twice the maximum:
//! oversize must be `Err` with the output untouched, never a panic).
#![no_main]

use hpcrypt::backend::{Sha256Backend, Sha512Backend};
use hpcrypt::hash::{Sha256, Sha384, Sha512};
use hpcrypt::kdf::Hkdf;
use libfuzzer_sys::fuzz_target;

macro_rules! check {
    ($h:ty, $d:ty, $backends:expr, $salt:expr, $ikm:expr, $info:expr, $len:expr) => {{
        let mut want = vec![0u8; $len];
        let rc = hkdf::Hkdf::<$d>::new(Some($salt), $ikm).expand($info, &mut want).is_ok();
        for b in $backends {
            let mut out = vec![0x5au8; $len];
            let got = Hkdf::<$h>::derive_with(b, $salt, $ikm, $info, &mut out);
            assert_eq!(got.is_ok(), rc);
            if rc {
                assert_eq!(out, want);
            } else {
                assert_eq!(got, Err(hpcrypt::Error::OutputTooLong));
                assert!(out.iter().all(|&x| x == 0x5a));
            }
        }
    }};
}

fuzz_target!(|input: (Vec<u8>, Vec<u8>, Vec<u8>, u16)| {
    let (salt, ikm, info, len) = input;
    let len = usize::from(len) % (2 * 255 * 64 + 2);
    check!(Sha256, sha2::Sha256, Sha256Backend::available(), &salt, &ikm, &info, len);
    check!(Sha384, sha2::Sha384, Sha512Backend::available(), &salt, &ikm, &info, len);
    check!(Sha512, sha2::Sha512, Sha512Backend::available(), &salt, &ikm, &info, len);
});
