//! Which backends exist and ran on this machine.
//!
//! Prints every primitive's available backends and the default choices
//! (`--nocapture` shows them; `.ci/aarch64` checks those lines under QEMU)
//! and asserts, on x86-64 and aarch64, that each accelerated backend is
//! available exactly when `std` detects every feature of its list: a
//! detection bug (cpufeatures' VAES check, polyval#346) would otherwise
//! quietly run slower code while every test still passed.

use hpcrypt::backend::{AesGcmBackend, Ed25519Backend, P256Backend, Sha256Backend, Sha512Backend};

fn names<B>(it: impl Iterator<Item = B>, name: impl Fn(B) -> &'static str) -> Vec<&'static str> {
    it.map(name).collect()
}

#[test]
fn backends_available_match_cpu() {
    let sha256 = names(Sha256Backend::available(), Sha256Backend::name);
    let sha512 = names(Sha512Backend::available(), Sha512Backend::name);
    let aes_gcm = names(AesGcmBackend::available(), AesGcmBackend::name);
    println!("sha224/sha256 backends: {}", sha256.join(", "));
    println!("sha384/sha512 backends: {}", sha512.join(", "));
    let ed25519 = names(Ed25519Backend::available(), Ed25519Backend::name);
    println!("ed25519 backends: {}", ed25519.join(", "));
    assert_eq!(ed25519.first(), Some(&"soft"));
    let p256 = names(P256Backend::available(), P256Backend::name);
    println!("p256 backends: {}", p256.join(", "));
    assert_eq!(p256.first(), Some(&"soft"));

    println!("aes-gcm backends: {}", aes_gcm.join(", "));
    for (p, b) in hpcrypt::backends() {
        println!("default {p}: {b}");
    }
    assert_eq!(sha256.first(), Some(&"soft"));
    assert_eq!(sha512.first(), Some(&"soft"));
    assert_eq!(aes_gcm.first(), Some(&"soft"));

    // Every accelerated backend is available exactly when std detects
    // each feature of its list (the soft override: never).
    #[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
    for (name, _, features) in hpcrypt::backend::FEATURE_LISTS {
        let available = [&sha256, &sha512, &aes_gcm, &ed25519]
            .iter()
            .any(|list| list.contains(name));
        let std_has = features.split(',').all(std_detects);
        let detected = !hpcrypt::backend::FORCE_SOFT && std_has;
        let note = if hpcrypt::backend::FORCE_SOFT {
            " (soft override: unused)"
        } else {
            ""
        };
        println!("{name}: std detects {features}: {std_has}{note}");
        assert_eq!(
            available, detected,
            "{name}: our detection disagrees with std on {features}"
        );
    }
}

/// std's own detection of one `#[target_feature]` name, independent of the
/// crate's (`cpufeatures`, plus our CPUID check for VAES/VPCLMULQDQ, which
/// cpufeatures would tie to AVX-512 state: polyval#346).
#[cfg(target_arch = "x86_64")]
fn std_detects(feature: &str) -> bool {
    match feature {
        "sha" => is_x86_feature_detected!("sha"),
        "sse2" => is_x86_feature_detected!("sse2"),
        "ssse3" => is_x86_feature_detected!("ssse3"),
        "sse4.1" => is_x86_feature_detected!("sse4.1"),
        "avx" => is_x86_feature_detected!("avx"),
        "avx2" => is_x86_feature_detected!("avx2"),
        "bmi1" => is_x86_feature_detected!("bmi1"),
        "bmi2" => is_x86_feature_detected!("bmi2"),
        "adx" => is_x86_feature_detected!("adx"),
        "avx512f" => is_x86_feature_detected!("avx512f"),
        "avx512vl" => is_x86_feature_detected!("avx512vl"),
        "avx512ifma" => is_x86_feature_detected!("avx512ifma"),
        "aes" => is_x86_feature_detected!("aes"),
        "pclmulqdq" => is_x86_feature_detected!("pclmulqdq"),
        "vaes" => is_x86_feature_detected!("vaes"),
        "vpclmulqdq" => is_x86_feature_detected!("vpclmulqdq"),
        other => panic!("tests/backends.rs: teach std_detects about {other:?}"),
    }
}

/// std's own detection of one aarch64 `#[target_feature]` name (Linux:
/// `AT_HWCAP`; `aes` means FEAT_AES and FEAT_PMULL, `sha3` FEAT_SHA3 and
/// FEAT_SHA512, as in `cpufeatures`).
#[cfg(target_arch = "aarch64")]
fn std_detects(feature: &str) -> bool {
    match feature {
        "aes" => std::arch::is_aarch64_feature_detected!("aes"),
        "sha2" => std::arch::is_aarch64_feature_detected!("sha2"),
        "sha3" => std::arch::is_aarch64_feature_detected!("sha3"),
        other => panic!("tests/backends.rs: teach std_detects about {other:?}"),
    }
}

/// Each backend's detected feature list is exactly the list its entry
/// function enables: detecting less is unsound, detecting more silently
/// disables a backend on CPUs that could run it.
#[test]
#[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
fn backends_detect_what_they_enable() {
    for (name, file, features) in hpcrypt::backend::FEATURE_LISTS {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
        let src = std::fs::read_to_string(&path).expect("backend source");
        let enable = format!("#[target_feature(enable = \"{features}\")]");
        let count = src.matches("#[target_feature(").count();
        assert!(count > 0, "{name}: no target_feature in {file}");
        assert_eq!(
            src.matches(&enable).count(),
            count,
            "{name}: every target_feature in {file} must be {enable}"
        );
    }
}
