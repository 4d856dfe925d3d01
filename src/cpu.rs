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

    /// Features of the Ed25519 MULX backend (`signature::ed25519::x86_bmi2`):
    /// BMI2's `mulx` (and `shlx`/`bzhi`) for the 64×64→128-bit products.
    /// Not ADX: LLVM emits plain `adc` chains from the `u128` code, no
    /// `adcx`/`adox` (checked in the disassembly), so asking for ADX would
    /// only exclude CPUs (and valgrind, which hides ADX) for nothing.
    pub const BMI2_FEATURES: &str = "bmi2";
    cpufeatures::new!(bmi2_cpuid, "bmi2");

    /// Proof that BMI2 is available.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub struct Bmi2(());

    /// `Some` when the Ed25519 MULX backend can run here.
    #[inline]
    pub fn bmi2() -> Option<Bmi2> {
        (!super::FORCE_SOFT && bmi2_cpuid::get()).then_some(Bmi2(()))
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

    /// Features of the AES-GCM AES-NI + PCLMULQDQ backend
    /// (`aead::aes_gcm::x86_aesni`).
    pub const AESNI_CLMUL_FEATURES: &str = "aes,pclmulqdq,sse2,ssse3,sse4.1";
    #[cfg(hpcrypt_vaes)]
    /// Features of the AES-GCM VAES + VPCLMULQDQ backend on 256-bit
    /// registers (`aead::aes_gcm::x86_vaes`).
    pub const VAES_AVX2_FEATURES: &str = "aes,pclmulqdq,avx,avx2,vaes,vpclmulqdq";

    cpufeatures::new!(
        aesni_clmul_cpuid,
        "aes",
        "pclmulqdq",
        "sse2",
        "ssse3",
        "sse4.1"
    );
    // `vaes` and `vpclmulqdq` are deliberately not asked of cpufeatures: up
    // to 0.3 it requires AVX-512 OS state for them and says "no" on CPUs
    // (Zen 3) that run their 256-bit VEX forms fine. Those two come from
    // CPUID directly, see `vaes_vpclmulqdq_cpuid`.
    #[cfg(hpcrypt_vaes)]
    cpufeatures::new!(vaes_base_cpuid, "aes", "pclmulqdq", "avx", "avx2");

    /// Proof that AES-NI and PCLMULQDQ (with SSE2, SSSE3, SSE4.1) are available.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub struct AesClmul(());

    #[cfg(hpcrypt_vaes)]
    /// Proof that VAES and VPCLMULQDQ on 256-bit registers (with AES-NI,
    /// PCLMULQDQ, AVX and AVX2) are available.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub struct VaesAvx2(());

    /// `Some` when AES-NI + PCLMULQDQ can run here.
    #[inline]
    pub fn aes_clmul() -> Option<AesClmul> {
        (!super::FORCE_SOFT && aesni_clmul_cpuid::get()).then_some(AesClmul(()))
    }

    #[cfg(hpcrypt_vaes)]
    /// `Some` when VAES + VPCLMULQDQ on ymm registers can run here.
    ///
    /// The cpufeatures `avx2` check covers the OS side (XCR0 has the SSE and
    /// AVX state bits); the 256-bit VEX encodings of VAES and VPCLMULQDQ need
    /// nothing more (Intel SDM vol. 1, §14.3 on detecting VEX-encoded AES and
    /// VPCLMULQDQ), so their CPUID bits complete the check.
    #[inline]
    pub fn vaes_avx2() -> Option<VaesAvx2> {
        (!super::FORCE_SOFT && vaes_base_cpuid::get() && vaes_vpclmulqdq_cpuid())
            .then_some(VaesAvx2(()))
    }

    #[cfg(hpcrypt_vaes)]
    /// CPUID leaf 7, subleaf 0, ECX bit 9 (VAES) and bit 10 (VPCLMULQDQ).
    /// Cached: CPUID traps to the hypervisor under virtualisation and would
    /// cost microseconds on every key setup.
    fn vaes_vpclmulqdq_cpuid() -> bool {
        use core::sync::atomic::{AtomicU8, Ordering};
        static CACHE: AtomicU8 = AtomicU8::new(0); // 0 unknown, 1 no, 2 yes
        match CACHE.load(Ordering::Relaxed) {
            1 => false,
            2 => true,
            _ => {
                let yes = leaf7_ecx() & 0b110_0000_0000 == 0b110_0000_0000;
                CACHE.store(if yes { 2 } else { 1 }, Ordering::Relaxed);
                yes
            }
        }
    }

    #[cfg(hpcrypt_vaes)]
    /// ECX of CPUID leaf 7 subleaf 0, or 0 if the CPU has no leaf 7.
    // `__cpuid`/`__cpuid_count` are safe fns on recent toolchains; the crate's
    // MSRV (1.86) still needs the `unsafe` block, hence `unused_unsafe`.
    #[allow(unsafe_code, unused_unsafe)]
    fn leaf7_ecx() -> u32 {
        use core::arch::x86_64::{__cpuid, __cpuid_count};
        // SAFETY: the CPUID instruction exists on every x86-64 CPU; reading
        // leaf 0 (maximum leaf) and then leaf 7 only if it exists has no
        // preconditions.
        unsafe {
            if __cpuid(0).eax < 7 {
                return 0;
            }
            __cpuid_count(7, 0).ecx
        }
    }
}

#[cfg(target_arch = "x86_64")]
pub use x86::*;

/// True when the crate was built with `--cfg hpcrypt_backend="soft"`.
pub const FORCE_SOFT: bool = cfg!(hpcrypt_backend = "soft");
