//! Which backends exist and ran on this machine.
//!
//! Prints every primitive's available backends (`--nocapture` shows them) and
//! asserts that each backend whose CPU features `std` detects is among them:
//! a detection bug (cpufeatures' VAES check, polyval#346) would otherwise
//! quietly run slower code while every test still passed.

use hpcrypt::backend::{AesGcmBackend, Ed25519Backend, Sha256Backend, Sha512Backend};

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

    println!("aes-gcm backends: {}", aes_gcm.join(", "));
    for (p, b) in hpcrypt::backends() {
        println!("default {p}: {b}");
    }
    assert_eq!(sha256.first(), Some(&"soft"));
    assert_eq!(sha512.first(), Some(&"soft"));
    assert_eq!(aes_gcm.first(), Some(&"soft"));

    #[cfg(target_arch = "x86_64")]
    if !hpcrypt::backend::FORCE_SOFT {
        let shani = is_x86_feature_detected!("sha")
            && is_x86_feature_detected!("sse2")
            && is_x86_feature_detected!("ssse3")
            && is_x86_feature_detected!("sse4.1");
        assert_eq!(
            sha256.contains(&"sha-ni"),
            shani,
            "SHA-NI detection disagrees with std"
        );
        let avx2 = is_x86_feature_detected!("avx")
            && is_x86_feature_detected!("avx2")
            && is_x86_feature_detected!("bmi1")
            && is_x86_feature_detected!("bmi2");
        assert_eq!(
            sha512.contains(&"avx2"),
            avx2,
            "AVX2 detection disagrees with std"
        );
        assert_eq!(
            ed25519.contains(&"bmi2"),
            is_x86_feature_detected!("bmi2"),
            "BMI2 detection disagrees with std"
        );
        let ifma = is_x86_feature_detected!("avx")
            && is_x86_feature_detected!("avx2")
            && is_x86_feature_detected!("bmi1")
            && is_x86_feature_detected!("bmi2")
            && is_x86_feature_detected!("adx")
            && is_x86_feature_detected!("avx512f")
            && is_x86_feature_detected!("avx512vl")
            && is_x86_feature_detected!("avx512ifma");
        assert_eq!(
            ed25519.contains(&"avx512-ifma"),
            ifma,
            "AVX-512 IFMA detection disagrees with std"
        );
        let aesni = is_x86_feature_detected!("aes")
            && is_x86_feature_detected!("pclmulqdq")
            && is_x86_feature_detected!("sse2")
            && is_x86_feature_detected!("ssse3")
            && is_x86_feature_detected!("sse4.1");
        assert_eq!(
            aes_gcm.contains(&"aesni-clmul"),
            aesni,
            "AES-NI + PCLMULQDQ detection disagrees with std"
        );
        // Our VAES check reads CPUID itself (cpufeatures requires AVX-512
        // state for these bits): it must agree with std. (The backend
        // exists from Rust 1.89 on; see build.rs.)
        #[cfg(hpcrypt_vaes)]
        let vaes = is_x86_feature_detected!("aes")
            && is_x86_feature_detected!("pclmulqdq")
            && is_x86_feature_detected!("avx")
            && is_x86_feature_detected!("avx2")
            && is_x86_feature_detected!("vaes")
            && is_x86_feature_detected!("vpclmulqdq");
        #[cfg(hpcrypt_vaes)]
        assert_eq!(
            aes_gcm.contains(&"vaes-avx2"),
            vaes,
            "VAES + VPCLMULQDQ detection disagrees with std"
        );
        #[cfg(hpcrypt_vaes)]
        println!(
            "std: vaes={} vpclmulqdq={}",
            is_x86_feature_detected!("vaes"),
            is_x86_feature_detected!("vpclmulqdq")
        );
    }
}

/// Each backend's detected feature list is exactly the list its entry
/// function enables: detecting less is unsound, detecting more silently
/// disables a backend on CPUs that could run it.
#[test]
#[cfg(target_arch = "x86_64")]
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
