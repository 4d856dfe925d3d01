//! Replays every input the fuzzers ever saved (crashes, and seeds worth
//! keeping) through the same checks the fuzz targets run:
//! `tests/regressions/<target>/<file>` goes to `fuzz_checks::<target>`.

mod fuzz_checks;

use std::path::Path;

type Check = fn(&[u8]);

const TARGETS: &[(&str, Check)] = &[
    ("sha2_diff", fuzz_checks::sha2_diff),
    ("hmac_diff", fuzz_checks::hmac_diff),
    ("hkdf", fuzz_checks::hkdf),
    ("ed25519_verify", fuzz_checks::ed25519_verify),
    ("ed25519_sign_diff", fuzz_checks::ed25519_sign_diff),
    ("aes_gcm_open", fuzz_checks::aes_gcm_open),
    ("aes_gcm_roundtrip", fuzz_checks::aes_gcm_roundtrip),
    ("key_formats", fuzz_checks::key_formats),
    ("p256_verify", fuzz_checks::p256_verify),
    ("p256_formats", fuzz_checks::p256_formats),
];

#[test]
fn regressions_replay_every_saved_fuzz_input() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/regressions");
    let mut replayed = 0;
    for (target, check) in TARGETS {
        let dir = root.join(target);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("dir entry").path();
            if path.extension().is_some_and(|e| e == "md") {
                continue;
            }
            let data = std::fs::read(&path).expect("regression file");
            println!("replaying {target}: {}", path.display());
            check(&data);
            replayed += 1;
        }
    }
    println!("{replayed} regression inputs replayed");
}
