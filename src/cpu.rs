//! CPU feature detection, done once, and the proof tokens that come from it.
//!
//! Each accelerated backend is reachable only through a zero-sized token that
//! this module alone can construct, and only after `cpufeatures` (which caches
//! its answer in an atomic) said the features are there. Holding a token is
//! the proof that calling the backend's `#[target_feature]` functions is sound.
//!
//! Each backend's feature list is written once, in a [`tokens!`] line below,
//! and expanded into the `cpufeatures` detector, the token type, its
//! constructor and the `*_FEATURES` string. That string must equal the
//! `#[target_feature(enable = ...)]` list of the backend's entry functions
//! byte for byte; `tests/backends.rs` checks that (through
//! [`FEATURE_LISTS`]), because a mismatch silently runs a slower (or
//! unsound) path.
//!
//! Building with `--cfg hpcrypt_backend="soft"` makes every detector return
//! `None`, so only portable code runs.
//!
//! On aarch64, `cpufeatures` reads `AT_HWCAP` from the auxiliary vector on
//! Linux and Android and asks `sysctlbyname` on Apple platforms (where AES,
//! PMULL and SHA-256 are always present). Other aarch64 operating systems
//! (Windows, the BSDs, bare metal) get `false` from it unless the features
//! are enabled at compile time (`-C target-feature=+aes,...`), so they run
//! the portable code by default.

/// One line per backend: its token, detector, name, source file, features
/// string and feature list (plus, optionally, a check of our own for
/// features `cpufeatures` cannot be asked about), expanded into:
/// - `pub struct Token(())`, constructible only here;
/// - `pub fn detect() -> Option<Token>`, `None` under the `soft` override;
/// - `pub const NAME_FEATURES: &str`, the comma-joined list;
/// - `pub const FEATURE_LISTS`, `(backend name, file, features)` for every
///   backend of the architecture, for `tests/backends.rs`.
macro_rules! tokens {
    ($(
        $(#[$doc:meta])*
        $token:ident = $detect:ident() for $name:literal in $file:literal:
        $features:ident = [$first:tt $(, $rest:tt)*]
        $(+ $check:ident() [$($more:tt),+])?;
    )+) => {
        $(
            $(#[$doc])*
            #[derive(Clone, Copy, Debug, PartialEq, Eq)]
            pub struct $token(());

            #[doc = concat!("Features of the `", $name, "` backend (`", $file, "`): ")]
            #[doc = "exactly its `#[target_feature(enable = ...)]` list."]
            pub const $features: &str =
                concat!($first $(, ",", $rest)* $($(, ",", $more)+)?);

            #[doc = concat!("`Some` when the `", $name, "` backend can run here.")]
            #[inline]
            pub fn $detect() -> Option<$token> {
                cpufeatures::new!(detected, $first $(, $rest)*);
                (!crate::cpu::FORCE_SOFT && detected::get() $(&& $check())?)
                    .then_some($token(()))
            }
        )+

        /// `(backend name, source file, features)` of every accelerated
        /// backend of this architecture.
        pub const FEATURE_LISTS: &[(&str, &str, &str)] = &[$(($name, $file, $features)),+];
    };
}

#[cfg(target_arch = "x86_64")]
mod x86 {
    tokens! {
        /// Proof that SHA-NI (with SSE2, SSSE3 and SSE4.1) is available.
        ShaNi = shani() for "sha-ni" in "src/hash/sha256/x86_shani.rs":
            SHANI_FEATURES = ["sha", "sse2", "ssse3", "sse4.1"];
        /// Proof that AVX2 (with AVX, BMI1 and BMI2) is available. Also the
        /// token of the Ed25519 AVX2 vector backend
        /// (`src/signature/ed25519/vector/x86_avx2/`, whose files
        /// `vector::tests` checks against this list).
        Avx2 = avx2() for "avx2" in "src/hash/sha512/x86_avx2.rs":
            AVX2_FEATURES = ["avx", "avx2", "bmi1", "bmi2"];
        /// Proof that BMI2 is available, for the Ed25519 MULX backend
        /// (64×64→128-bit products with `mulx`, `shlx`, `bzhi`). Not ADX:
        /// LLVM emits plain `adc` chains from the `u128` code, no
        /// `adcx`/`adox` (checked in the disassembly), so asking for ADX
        /// would only exclude CPUs (and valgrind, which hides ADX).
        Bmi2 = bmi2() for "bmi2" in "src/signature/ed25519/x86_bmi2.rs":
            BMI2_FEATURES = ["bmi2"];
        /// Proof that AVX-512 IFMA with AVX-512VL (and AVX2, BMI2, ADX) is
        /// available: 52-bit multiply-add on 256-bit vectors (EVEX, so the
        /// AVX-512 register state must be enabled, which cpufeatures checks),
        /// plus BMI2/ADX for the scalar code inlined into it.
        Ifma = ifma() for "avx512-ifma" in "src/signature/ed25519/vector/x86_ifma/mod.rs":
            IFMA_FEATURES = ["avx", "avx2", "bmi1", "bmi2", "adx", "avx512f", "avx512vl", "avx512ifma"];
        /// Proof that AES-NI and PCLMULQDQ (with SSE2, SSSE3, SSE4.1) are available.
        AesClmul = aes_clmul() for "aesni-clmul" in "src/aead/aes_gcm/x86_aesni.rs":
            AESNI_CLMUL_FEATURES = ["aes", "pclmulqdq", "sse2", "ssse3", "sse4.1"];
        /// Proof that VAES and VPCLMULQDQ on 256-bit registers (with AES-NI,
        /// PCLMULQDQ, AVX and AVX2) are available.
        ///
        /// `vaes` and `vpclmulqdq` are deliberately not asked of cpufeatures:
        /// up to 0.3 it requires AVX-512 OS state for them and says "no" on
        /// CPUs (Zen 3) that run their 256-bit VEX forms fine. The
        /// cpufeatures `avx2` check covers the OS side (XCR0 has the SSE and
        /// AVX state bits); the 256-bit VEX encodings need nothing more
        /// (Intel SDM vol. 1, §14.3), so their CPUID bits complete the check.
        VaesAvx2 = vaes_avx2() for "vaes-avx2" in "src/aead/aes_gcm/x86_vaes.rs":
            VAES_AVX2_FEATURES = ["aes", "pclmulqdq", "avx", "avx2"]
            + vaes_vpclmulqdq_cpuid() ["vaes", "vpclmulqdq"];
    }

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

    /// ECX of CPUID leaf 7 subleaf 0, or 0 if the CPU has no leaf 7.
    // `__cpuid`/`__cpuid_count` are safe fns on recent toolchains and
    // `unsafe` ones on older ones, hence `unused_unsafe`.
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

#[cfg(target_arch = "aarch64")]
mod arm {
    // cpufeatures' `aes` asks for both HWCAP_AES and HWCAP_PMULL (Rust's
    // `aes` target feature covers both), `sha2` for HWCAP_SHA2, `sha3` for
    // HWCAP_SHA3 and HWCAP_SHA512 (Rust's `sha3` covers the SHA-512
    // instructions). Each implies NEON.
    tokens! {
        /// Proof that the SHA-256 instructions (FEAT_SHA256) are available.
        Sha2 = sha2() for "arm-sha2" in "src/hash/sha256/aarch64_sha2.rs":
            SHA2_FEATURES = ["sha2"];
        /// Proof that the AES and PMULL instructions (FEAT_AES, FEAT_PMULL)
        /// are available.
        AesPmull = aes_pmull() for "arm-aes-pmull" in "src/aead/aes_gcm/aarch64_aes_pmull.rs":
            AES_PMULL_FEATURES = ["aes"];
        /// Proof that the SHA-512 instructions (FEAT_SHA512, with FEAT_SHA3:
        /// Rust's `sha3` feature and Linux's hwcaps come as a pair) are available.
        Sha512 = sha512() for "arm-sha512" in "src/hash/sha512/aarch64_sha512.rs":
            SHA512_FEATURES = ["sha3"];
    }
}

#[cfg(target_arch = "aarch64")]
pub use arm::*;

/// True when the crate was built with `--cfg hpcrypt_backend="soft"`.
pub const FORCE_SOFT: bool = cfg!(hpcrypt_backend = "soft");
