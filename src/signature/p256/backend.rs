//! Which implementation of the P-256 arithmetic runs: chosen once per call
//! from the CPU's features, or explicitly by tests and benches.
//!
//! # The backend contract
//!
//! Every backend computes the operations below on the shared Montgomery
//! representation (`field.rs`, four 64-bit limbs) and must give results
//! equal to `Soft`'s:
//!
//! - `mul_base`: [k]G, **constant time** (k is a secret key or nonce).
//! - `vartime_double_mul`: [a]G + [b]Q for verification, public data only.

use super::mul;
use super::point::{ProjectivePoint, G};
use super::scalar::Scalar;

/// The arithmetic backend of P-256.
///
/// Only [`P256Backend::detect`] and [`P256Backend::available`] make
/// accelerated values, so holding one proves the CPU supports it.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum P256Backend {
    /// Portable Rust: 4×64-bit limbs, `u128` products.
    Soft,
}

impl P256Backend {
    /// The fastest backend this CPU supports.
    #[inline]
    pub fn detect() -> Self {
        Self::Soft
    }

    /// Every backend this CPU supports, portable first.
    pub fn available() -> impl Iterator<Item = Self> {
        core::iter::once(Self::Soft)
    }

    /// A stable short name (`"soft"`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Soft => "soft",
        }
    }

    /// [k]G, constant time.
    #[inline]
    pub(super) fn mul_base(self, k: &Scalar) -> ProjectivePoint {
        match self {
            Self::Soft => mul::mul(&ProjectivePoint::from_affine(&G), k),
        }
    }

    /// [a]G + [b]Q, variable time (public scalars and points).
    #[inline]
    pub(super) fn vartime_double_mul(
        self,
        a: &Scalar,
        b: &Scalar,
        q: &ProjectivePoint,
    ) -> ProjectivePoint {
        match self {
            Self::Soft => {
                let ag = mul::mul(&ProjectivePoint::from_affine(&G), a);
                ag.add(&mul::mul(q, b))
            }
        }
    }
}
