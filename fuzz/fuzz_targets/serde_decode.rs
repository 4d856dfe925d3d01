//! See `tests/fuzz_checks/serde_decode.rs`: `serde_decode`.
#![no_main]

#[path = "../../tests/fuzz_checks/serde_decode.rs"]
mod serde_decode;

libfuzzer_sys::fuzz_target!(|data: &[u8]| serde_decode::serde_decode(data));
