//! The prepared-key verification (`prepared.rs`) compiled for BMI2
//! (`mulx`), like `x86_bmi2.rs` does for the other operations: the
//! portable code of `ecdsa.rs` instantiated inside
//! `#[target_feature(enable = "bmi2")]` functions. Public data only.
#![allow(unsafe_code)]

use super::ecdsa;
use super::point::AffinePoint;
use super::scalar::Scalar;
use super::vartime::SplitTables;
use crate::cpu::Bmi2;

#[target_feature(enable = "bmi2")]
fn vartime_prepare_bmi2(q: &AffinePoint) -> SplitTables {
    ecdsa::vartime_prepare(q)
}

/// `ecdsa::vartime_prepare` (public inputs).
pub(super) fn vartime_prepare(_proof: Bmi2, q: &AffinePoint) -> SplitTables {
    // SAFETY: a `Bmi2` token exists only after `cpu::bmi2()` detected BMI2
    // (`cpu::BMI2_FEATURES`), exactly this function's features.
    unsafe { vartime_prepare_bmi2(q) }
}

#[target_feature(enable = "bmi2")]
fn vartime_verify_prepared_bmi2(t: &SplitTables, e: &Scalar, sig: &[u8; 64]) -> bool {
    ecdsa::vartime_verify_prepared(t, e, sig)
}

/// `ecdsa::vartime_verify_prepared` (public inputs).
pub(super) fn vartime_verify_prepared(
    _proof: Bmi2,
    t: &SplitTables,
    e: &Scalar,
    sig: &[u8; 64],
) -> bool {
    // SAFETY: the token proves BMI2, as in `vartime_prepare`.
    unsafe { vartime_verify_prepared_bmi2(t, e, sig) }
}
