//! Backend registry, for tests, benches, fuzzing and the speed example.
//!
//! Each primitive's backend enum lives beside its code; this module lists
//! them in one place. `available()` on each enum yields only backends the CPU
//! supports, so nothing here can hand out an unsound choice.
#![doc(hidden)]

pub use crate::aead::aes_gcm::AesGcmBackend;
pub use crate::cpu::FORCE_SOFT;
pub use crate::hash::sha256::Sha256Backend;
pub use crate::hash::sha512::Sha512Backend;
pub use crate::signature::ed25519::Ed25519Backend;

/// The feature lists each accelerated backend detects; each must equal the
/// `#[target_feature(enable = ...)]` list of its entry function (checked in
/// `tests/backends.rs`). `(backend name, source file, features)`.
#[cfg(target_arch = "x86_64")]
pub const FEATURE_LISTS: &[(&str, &str, &str)] = &[
    (
        "sha-ni",
        "src/hash/sha256/x86_shani.rs",
        crate::cpu::SHANI_FEATURES,
    ),
    (
        "avx2",
        "src/hash/sha512/x86_avx2.rs",
        crate::cpu::AVX2_FEATURES,
    ),
    (
        "bmi2",
        "src/signature/ed25519/x86_bmi2.rs",
        crate::cpu::BMI2_FEATURES,
    ),
    (
        "avx512-ifma",
        "src/signature/ed25519/x86_ifma.rs",
        crate::cpu::IFMA_FEATURES,
    ),
    (
        "aesni-clmul",
        "src/aead/aes_gcm/x86_aesni.rs",
        crate::cpu::AESNI_CLMUL_FEATURES,
    ),
    #[cfg(hpcrypt_vaes)]
    (
        "vaes-avx2",
        "src/aead/aes_gcm/x86_vaes.rs",
        crate::cpu::VAES_AVX2_FEATURES,
    ),
];

/// The default choice for each primitive.
pub(crate) fn chosen() -> [(&'static str, &'static str); 6] {
    let sha256 = Sha256Backend::detect().name();
    let sha512 = Sha512Backend::detect().name();
    [
        ("sha224", sha256),
        ("sha256", sha256),
        ("sha384", sha512),
        ("sha512", sha512),
        ("aes-gcm", AesGcmBackend::detect().name()),
        ("ed25519", crate::signature::ed25519::backend_name()),
    ]
}
