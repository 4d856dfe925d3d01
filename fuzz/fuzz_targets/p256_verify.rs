//! See `tests/fuzz_checks/mod.rs`: `p256_verify`.
#![no_main]

#[path = "../../tests/fuzz_checks/mod.rs"]
mod fuzz_checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_checks::p256_verify(data));
