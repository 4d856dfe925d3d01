//! See `tests/fuzz_checks/p256_formats.rs`: `p256_formats`.
#![no_main]

#[path = "../../tests/fuzz_checks/mod.rs"]
mod fuzz_checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_checks::p256_formats(data));
