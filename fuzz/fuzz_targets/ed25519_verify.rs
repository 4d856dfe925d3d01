//! See `tests/fuzz_checks/mod.rs`: `ed25519_verify`.
#![no_main]

#[path = "../../tests/fuzz_checks/mod.rs"]
mod fuzz_checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_checks::ed25519_verify(data));
