//! CPU feature detection, done once, and the proof tokens that come from it.
//!
//! Each accelerated backend is reachable only through a zero-sized token that
//! this module alone can construct, and only after `cpufeatures` (which caches
//! its answer in an atomic) said the features are there. Holding a token is
//! the proof that calling the backend's `#[target_feature]` functions is sound.
//!
//! The feature list each detector checks is exported as a `*_FEATURES` string
//! that must equal the `#[target_feature(enable = ...)]` list of the backend's
//! entry function byte for byte; `tests/backends.rs` checks that, because a
//! mismatch silently runs a slower (or unsound) path.
//!
//! Building with `--cfg hpcrypt_backend="soft"` makes every detector return
//! `None`, so only portable code runs.

#[cfg(target_arch = "x86_64")]
mod x86 {
    /// Features of the SHA-256 SHA-NI backend (`hash::sha256::x86_shani`).
    pub const SHANI_FEATURES: &str = "sha,sse2,ssse3,sse4.1";
    /// Features of the SHA-512 AVX2 backend (`hash::sha512::x86_avx2`).
    pub const AVX2_FEATURES: &str = "avx,avx2,bmi1,bmi2";

    cpufeatures::new!(shani_cpuid, "sha", "sse2", "ssse3", "sse4.1");
    cpufeatures::new!(avx2_cpuid, "avx", "avx2", "bmi1", "bmi2");

    /// Features of the Ed25519 AVX-512 IFMA backend
    /// (`signature::ed25519::x86_ifma`): 52-bit multiply-add on 256-bit
    /// vectors (EVEX, so the AVX-512 register state must be enabled, which
    /// cpufeatures checks), plus BMI2/ADX for the scalar code inlined into it.
    pub const IFMA_FEATURES: &str = "avx,avx2,bmi1,bmi2,adx,avx512f,avx512vl,avx512ifma";
    cpufeatures::new!(
        ifma_cpuid,
        "avx",
        "avx2",
        "bmi1",
        "bmi2",
        "adx",
        "avx512f",
        "avx512vl",
        "avx512ifma"
    );

    /// Proof that AVX-512 IFMA with AVX-512VL (and AVX2, BMI2, ADX) is available.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub struct Ifma(());

    /// `Some` when the Ed25519 IFMA backend can run here.
    #[inline]
    pub fn ifma() -> Option<Ifma> {
        (!super::FORCE_SOFT && ifma_cpuid::get()).then_some(Ifma(()))
    }

    /// Proof that SHA-NI (with SSE2, SSSE3 and SSE4.1) is available.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub struct ShaNi(());

    /// Proof that AVX2 (with AVX, BMI1 and BMI2) is available.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub struct Avx2(());

    /// `Some` when SHA-NI can run here.
    #[inline]
    pub fn shani() -> Option<ShaNi> {
        (!super::FORCE_SOFT && shani_cpuid::get()).then_some(ShaNi(()))
    }

    /// `Some` when AVX2 + BMI2 can run here.
    #[inline]
    pub fn avx2() -> Option<Avx2> {
        (!super::FORCE_SOFT && avx2_cpuid::get()).then_some(Avx2(()))
    }
}

#[cfg(target_arch = "x86_64")]
pub use x86::*;

/// True when the crate was built with `--cfg hpcrypt_backend="soft"`.
pub const FORCE_SOFT: bool = cfg!(hpcrypt_backend = "soft");
