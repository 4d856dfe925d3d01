//! SHA-2 differential target: every backend, one-shot and streamed with
//! fuzzer-chosen split points, against the `sha2` crate.
#![no_main]

#[path = "../../tests/fuzz_checks/mod.rs"]
mod fuzz_checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_checks::sha2_diff(data));
