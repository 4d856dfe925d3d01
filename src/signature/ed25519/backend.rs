//! Which implementation of the point arithmetic runs: chosen once per call
//! from the CPU's features, or explicitly by tests and benches.
//!
//! # The backend contract
//!
//! Every backend implements the five operations dispatched below, on the
//! portable point type (`EdwardsPoint` on 5×51-bit limbs) at the seam, and
//! must give results equal to `Soft`'s as group elements:
//!
//! - `mul_base_encoded`: [s]B and its encoding, **constant time** (the scalar
//!   is a secret key or nonce): no branch or memory address may depend on it;
//!   table lookups read every entry. Covered by `examples/ct_valgrind.rs` for
//!   every backend valgrind can run.
//! - `decompress`, `vartime_decompress_all`, `vartime_four_scalar_mul`,
//!   `vartime_multiscalar_mul`: verification, public data only; may branch
//!   on scalar digits.
//!
//! The layers behind it:
//!
//! - scalar field backends, in `field/`: `soft.rs` (5×51, portable) and
//!   `x86_bmi2.rs` (4×64, chosen under BMI2) implement `field::Field`; the point formulas
//!   (`point.rs`) and the loops (`table.rs`, `vartime.rs`) are generic over
//!   it and monomorphised per field, never copied. `x86_bmi2.rs` instantiates
//!   them for the 4×64 field inside `#[target_feature]` entry points.
//! - vector backends (`vector/`): `vector/x86_ifma/` (AVX-512 IFMA) and
//!   `vector/x86_avx2/` (AVX2) compute the four coordinates of a point at
//!   once and have their own formulas (the lane shuffles differ from the
//!   scalar ones); see the contract below.
//!
//! # The vector-backend contract
//!
//! A vector backend is a directory `vector/x86_<ext>/` with a field layer
//! (`field.rs`: `F4`, four field elements lane-wise, with the bounds every
//! function keeps written at the top), a point layer (`point.rs`: `Point4`
//! with (X, Y, Z, T) in lanes 0..4, `Cached4` for (Y−X, Y+X, 2dT, 2Z), the
//! loops) and `mod.rs`, whose safe entry points take the backend's `cpu`
//! token and each wrap one `#[target_feature]` function (the token is the
//! SAFETY argument). Every `#[target_feature]` list in the directory equals
//! the token's `*_FEATURES` string (`vector::tests` checks it). Points cross
//! the seam as the portable `EdwardsPoint`; the base-point tables are
//! transposed into the backend's lane layout at compile time from
//! `table.rs`, never generated separately. A vector backend implements only
//! the operations where it measured faster than the scalar backends and
//! sends the others to [`Ed25519Backend::scalar`] (the AVX2 backend:
//! batches, decoding in fours, and the fixed-base [s]B of key generation
//! and signing with one partial sum per lane, `vector/x86_avx2/base.rs`;
//! single decoding and single verification go to BMI2). Tests: its field
//! and point operations against the portable ones on random and extreme
//! inputs (proptest, in its `mod.rs`), and every vector file through
//! `available()`.
//!
//! Each accelerated variant carries a `cpu` token, so holding one proves
//! the CPU has the features; `available()` lists only those.

use super::lattice::ShortEquation;
use super::point::EdwardsPoint;
use super::scalar::Scalar;
use super::{table, vartime};

/// The point-arithmetic backend of Ed25519.
///
/// Only [`Ed25519Backend::detect`] and [`Ed25519Backend::available`] make
/// accelerated values, so holding one proves the CPU supports it.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ed25519Backend {
    /// Portable Rust: 5×51-bit limbs, `u128` products, one point at a time.
    Soft,
    /// 4×64-bit limbs (`field/x86_bmi2.rs`) compiled for BMI2 `mulx`, one point at
    /// a time (`x86_bmi2.rs`).
    #[cfg(target_arch = "x86_64")]
    Bmi2(crate::cpu::Bmi2),
    /// AVX2 on 256-bit vectors (`vector/x86_avx2/`): batch verification
    /// with the four coordinates of a point in parallel, and key generation
    /// and signing with four partial sums of [s]B in parallel (measured
    /// faster than BMI2's 4×64 field there); single decoding and single
    /// verification, where it does not win, run on the best scalar backend
    /// ([`Ed25519Backend::scalar`]).
    #[cfg(target_arch = "x86_64")]
    Avx2(crate::cpu::Avx2),
    /// AVX-512 IFMA on 256-bit vectors: the four coordinates of a point in
    /// parallel (`vector/x86_ifma/`).
    #[cfg(target_arch = "x86_64")]
    Ifma(crate::cpu::Ifma),
}

impl Ed25519Backend {
    /// The fastest backend this CPU supports, per operation: IFMA for
    /// everything; else AVX2 for batches (measured faster than BMI2 there:
    /// `verify_batch` of 64 by about 1.4x on Zen 4) and for key generation
    /// and signing (about 1.4x on Zen 4), with single verification on BMI2 (see
    /// [`Ed25519Backend::scalar`] and [`Ed25519Backend::detect_verify`]);
    /// else BMI2; else portable.
    #[inline]
    pub fn detect() -> Self {
        #[cfg(target_arch = "x86_64")]
        if let Some(token) = crate::cpu::ifma() {
            return Self::Ifma(token);
        }
        #[cfg(target_arch = "x86_64")]
        if let Some(token) = crate::cpu::avx2() {
            return Self::Avx2(token);
        }
        #[cfg(target_arch = "x86_64")]
        if let Some(token) = crate::cpu::bmi2() {
            return Self::Bmi2(token);
        }
        Self::Soft
    }

    /// The backend for one signature verification: IFMA, else the fastest
    /// scalar backend. The AVX2 kernel is at best a few percent faster than
    /// BMI2 on one verification and in some processes (depending on where
    /// its stack lands) 30% slower (speed example, Zen 4: 27.6–36.0 µs
    /// against BMI2's steady 27.7–28.0 µs), so AVX2 serves only batches.
    #[inline]
    pub fn detect_verify() -> Self {
        match Self::detect() {
            #[cfg(target_arch = "x86_64")]
            Self::Avx2(_) => Self::scalar(),
            other => other,
        }
    }

    /// Every backend this CPU supports, portable first.
    pub fn available() -> impl Iterator<Item = Self> {
        #[cfg(target_arch = "x86_64")]
        let (bmi2, ifma) = (
            crate::cpu::bmi2().map(Self::Bmi2),
            crate::cpu::ifma().map(Self::Ifma),
        );
        #[cfg(not(target_arch = "x86_64"))]
        let (bmi2, ifma) = (None, None);
        #[cfg(target_arch = "x86_64")]
        let avx2 = crate::cpu::avx2().map(Self::Avx2);
        #[cfg(not(target_arch = "x86_64"))]
        let avx2 = None;
        core::iter::once(Self::Soft)
            .chain(bmi2)
            .chain(avx2)
            .chain(ifma)
    }

    /// The backend that runs the operations a vector backend leaves to
    /// scalar code: the fastest scalar one here.
    #[cfg(target_arch = "x86_64")]
    #[inline]
    fn scalar() -> Self {
        crate::cpu::bmi2().map_or(Self::Soft, Self::Bmi2)
    }

    /// A stable short name (`"soft"`, `"bmi2"`, `"avx2"`, `"avx512-ifma"`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Soft => "soft",
            #[cfg(target_arch = "x86_64")]
            Self::Bmi2(_) => "bmi2",
            #[cfg(target_arch = "x86_64")]
            Self::Avx2(_) => "avx2",
            #[cfg(target_arch = "x86_64")]
            Self::Ifma(_) => "avx512-ifma",
        }
    }

    /// `EdwardsPoint::decompress` (public inputs).
    #[inline]
    pub(super) fn decompress(self, bytes: &[u8; 32]) -> Option<EdwardsPoint> {
        match self {
            Self::Soft => EdwardsPoint::decompress(bytes),
            #[cfg(target_arch = "x86_64")]
            Self::Bmi2(t) => super::x86_bmi2::decompress(t, bytes),
            #[cfg(target_arch = "x86_64")]
            Self::Avx2(_) => Self::scalar().decompress(bytes),
            #[cfg(target_arch = "x86_64")]
            Self::Ifma(t) => super::vector::x86_ifma::decompress(t, bytes),
        }
    }

    /// Decodes several encodings (public inputs); `None` if any is invalid.
    #[cfg(feature = "alloc")]
    pub(super) fn vartime_decompress_all(
        self,
        encodings: &[&[u8; 32]],
    ) -> Option<alloc::vec::Vec<EdwardsPoint>> {
        let mut out = alloc::vec::Vec::with_capacity(encodings.len());
        match self {
            Self::Soft => {
                for e in encodings {
                    out.push(EdwardsPoint::decompress(e)?);
                }
            }
            #[cfg(target_arch = "x86_64")]
            Self::Bmi2(t) => {
                for e in encodings {
                    out.push(super::x86_bmi2::decompress(t, e)?);
                }
            }
            #[cfg(target_arch = "x86_64")]
            Self::Avx2(t) => {
                let mut chunks = encodings.chunks_exact(4);
                for c in chunks.by_ref() {
                    let four = [c[0], c[1], c[2], c[3]];
                    for p in super::vector::x86_avx2::decompress4(t, four) {
                        out.push(p?);
                    }
                }
                for e in chunks.remainder() {
                    out.push(Self::scalar().decompress(e)?);
                }
            }
            #[cfg(target_arch = "x86_64")]
            Self::Ifma(t) => {
                let mut chunks = encodings.chunks_exact(4);
                for c in chunks.by_ref() {
                    for p in super::vector::x86_ifma::decompress4(t, [c[0], c[1], c[2], c[3]]) {
                        out.push(p?);
                    }
                }
                for e in chunks.remainder() {
                    out.push(super::vector::x86_ifma::decompress(t, e)?);
                }
            }
        }
        Some(out)
    }

    /// [b]B + Σ [s_i]P_i, variable time.
    #[cfg(feature = "alloc")]
    pub(super) fn vartime_multiscalar_mul(
        self,
        b: &Scalar,
        scalars: &[Scalar],
        points: &[EdwardsPoint],
    ) -> EdwardsPoint {
        match self {
            Self::Soft => vartime::vartime_multiscalar_mul(b, scalars, points),
            #[cfg(target_arch = "x86_64")]
            Self::Bmi2(t) => super::x86_bmi2::vartime_multiscalar_mul(t, b, scalars, points),
            #[cfg(target_arch = "x86_64")]
            Self::Avx2(t) => {
                super::vector::x86_avx2::vartime_multiscalar_mul(t, b, scalars, points)
            }
            #[cfg(target_arch = "x86_64")]
            Self::Ifma(t) => {
                super::vector::x86_ifma::vartime_multiscalar_mul(t, b, scalars, points)
            }
        }
    }

    /// [s]B and its encoding, constant time.
    #[inline]
    pub(super) fn mul_base_encoded(self, s: &Scalar) -> (EdwardsPoint, [u8; 32]) {
        match self {
            Self::Soft => {
                let p = table::mul_base(s);
                (p, p.compress())
            }
            #[cfg(target_arch = "x86_64")]
            Self::Bmi2(t) => super::x86_bmi2::mul_base_encoded(t, s),
            #[cfg(target_arch = "x86_64")]
            Self::Avx2(t) => super::vector::x86_avx2::mul_base_encoded(t, s),
            #[cfg(target_arch = "x86_64")]
            Self::Ifma(t) => super::vector::x86_ifma::mul_base_encoded(t, s),
        }
    }

    /// [b_lo]B + [b_hi](2^128·B) + [c](±P) + [e]Q, scalars below 2^128, variable time.
    #[inline]
    pub(super) fn vartime_four_scalar_mul(self, eq: &ShortEquation) -> EdwardsPoint {
        match self {
            Self::Soft => vartime::vartime_four_scalar_mul(eq),
            #[cfg(target_arch = "x86_64")]
            Self::Bmi2(t) => super::x86_bmi2::vartime_four_scalar_mul(t, eq),
            #[cfg(target_arch = "x86_64")]
            Self::Avx2(t) => super::vector::x86_avx2::vartime_four_scalar_mul(t, eq),
            #[cfg(target_arch = "x86_64")]
            Self::Ifma(t) => super::vector::x86_ifma::vartime_four_scalar_mul(t, eq),
        }
    }
}
