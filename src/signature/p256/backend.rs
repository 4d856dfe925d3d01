//! Which implementation of the P-256 arithmetic runs: chosen once per call
//! from the CPU's features, or explicitly by tests and benches.
//!
//! # The backend contract
//!
//! Every backend runs the ECDSA operations of `ecdsa.rs` on the shared
//! Montgomery representation (`field.rs`, four 64-bit limbs) and must give
//! results equal to `Soft`'s:
//!
//! - `public_key` and `sign_with_nonce`: **constant time** in the secret
//!   scalar and the nonce (fixed-base table read in full per lookup,
//!   divstep inversions of a fixed length, `safegcd.rs`). Covered by `examples/ct_valgrind.rs`.
//! - `vartime_verify`: public data only.
//!
//! `Bmi2` is the same Rust compiled inside `#[target_feature(enable =
//! "bmi2")]` entry points (`x86_bmi2.rs`), so LLVM multiplies with `mulx`
//! (flag-free, three operands); no arithmetic is duplicated.

use super::ecdsa;
use super::point::AffinePoint;
use super::scalar::Scalar;
use super::vartime::SplitTables;
use subtle::Choice;

/// The arithmetic backend of P-256.
///
/// Only [`P256Backend::detect`] and [`P256Backend::available`] make
/// accelerated values, so holding one proves the CPU supports it.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum P256Backend {
    /// Portable Rust: 4×64-bit limbs, `u128` products.
    Soft,
    /// The same code compiled for BMI2 `mulx` (`x86_bmi2.rs`).
    #[cfg(target_arch = "x86_64")]
    Bmi2(crate::cpu::Bmi2),
}

impl P256Backend {
    /// The fastest backend this CPU supports.
    #[inline]
    pub fn detect() -> Self {
        #[cfg(target_arch = "x86_64")]
        if let Some(token) = crate::cpu::bmi2() {
            return Self::Bmi2(token);
        }
        Self::Soft
    }

    /// Every backend this CPU supports, portable first.
    pub fn available() -> impl Iterator<Item = Self> {
        #[cfg(target_arch = "x86_64")]
        let bmi2 = crate::cpu::bmi2().map(Self::Bmi2);
        #[cfg(not(target_arch = "x86_64"))]
        let bmi2 = None;
        core::iter::once(Self::Soft).chain(bmi2)
    }

    /// A stable short name (`"soft"`, `"bmi2"`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Soft => "soft",
            #[cfg(target_arch = "x86_64")]
            Self::Bmi2(_) => "bmi2",
        }
    }

    /// Q = [d]G, constant time.
    #[inline]
    pub(super) fn public_key(self, d: &Scalar) -> AffinePoint {
        match self {
            Self::Soft => soft_public_key(d),
            #[cfg(target_arch = "x86_64")]
            Self::Bmi2(t) => match crate::cpu::avx2() {
                // AVX2 implies BMI2 (`cpu::AVX2_FEATURES`): the same code
                // with 256-bit table reads (`x86_avx2.rs`).
                Some(a) => super::x86_avx2::public_key(a, d),
                None => super::x86_bmi2::public_key(t, d),
            },
        }
    }

    /// `ecdsa::sign_with_nonce`, constant time.
    #[inline]
    pub(super) fn sign_with_nonce(self, d: &Scalar, e: &Scalar, k: &Scalar) -> ([u8; 64], Choice) {
        match self {
            Self::Soft => soft_sign_with_nonce(d, e, k),
            #[cfg(target_arch = "x86_64")]
            Self::Bmi2(t) => match crate::cpu::avx2() {
                Some(a) => super::x86_avx2::sign_with_nonce(a, d, e, k),
                None => super::x86_bmi2::sign_with_nonce(t, d, e, k),
            },
        }
    }

    /// `ecdsa::vartime_verify` (public inputs).
    #[inline]
    pub(super) fn vartime_verify(self, q: &AffinePoint, e: &Scalar, sig: &[u8; 64]) -> bool {
        match self {
            Self::Soft => soft_vartime_verify(q, e, sig),
            #[cfg(target_arch = "x86_64")]
            Self::Bmi2(t) => super::x86_bmi2::vartime_verify(t, q, e, sig),
        }
    }
    /// `ecdsa::vartime_prepare` (public inputs): the prepared key's tables.
    #[inline]
    pub(super) fn vartime_prepare(self, q: &AffinePoint) -> SplitTables {
        match self {
            Self::Soft => soft_vartime_prepare(q),
            #[cfg(target_arch = "x86_64")]
            Self::Bmi2(t) => super::x86_bmi2::vartime_prepare(t, q),
        }
    }

    /// `ecdsa::vartime_verify_prepared` (public inputs).
    #[inline]
    pub(super) fn vartime_verify_prepared(
        self,
        t: &SplitTables,
        e: &Scalar,
        sig: &[u8; 64],
    ) -> bool {
        match self {
            Self::Soft => soft_vartime_verify_prepared(t, e, sig),
            #[cfg(target_arch = "x86_64")]
            Self::Bmi2(b) => super::x86_bmi2::vartime_verify_prepared(b, t, e, sig),
        }
    }
}

// The portable instantiations, each one function (not inlined into its
// callers), like the accelerated entry points.
#[inline(never)]
fn soft_public_key(d: &Scalar) -> AffinePoint {
    ecdsa::public_key(d)
}

#[inline(never)]
fn soft_sign_with_nonce(d: &Scalar, e: &Scalar, k: &Scalar) -> ([u8; 64], Choice) {
    ecdsa::sign_with_nonce(d, e, k)
}

#[inline(never)]
fn soft_vartime_verify(q: &AffinePoint, e: &Scalar, sig: &[u8; 64]) -> bool {
    ecdsa::vartime_verify(q, e, sig)
}

#[inline(never)]
fn soft_vartime_prepare(q: &AffinePoint) -> SplitTables {
    ecdsa::vartime_prepare(q)
}

#[inline(never)]
fn soft_vartime_verify_prepared(t: &SplitTables, e: &Scalar, sig: &[u8; 64]) -> bool {
    ecdsa::vartime_verify_prepared(t, e, sig)
}
