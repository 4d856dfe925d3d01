//! P-256 compiled for BMI2 (`mulx`): the portable ECDSA code of `ecdsa.rs`
//! (field, scalars, table lookups, formulas, all `#[inline(always)]`)
//! instantiated inside `#[target_feature(enable = "bmi2")]` functions, so
//! LLVM emits `mulx` for the 64×64→128-bit products and keeps the carry
//! chains free of the flag dependencies `mul` has. Not ADX: valgrind
//! hides ADX, and BMI2 alone keeps this backend under the constant-time
//! check.
//!
//! Constant time: `public_key` and `sign_with_nonce` are the constant-time
//! paths of `ecdsa.rs`; `vartime_verify` handles public data only.
#![allow(unsafe_code)]

use super::ecdsa;
use super::point::AffinePoint;
use super::scalar::Scalar;
use super::vartime::SplitTables;
use crate::cpu::Bmi2;
use subtle::Choice;

#[target_feature(enable = "bmi2")]
fn public_key_bmi2(d: &Scalar) -> AffinePoint {
    ecdsa::public_key(d)
}

/// Q = [d]G, constant time.
pub(super) fn public_key(_proof: Bmi2, d: &Scalar) -> AffinePoint {
    // SAFETY: a `Bmi2` token exists only after `cpu::bmi2()` detected BMI2
    // (`cpu::BMI2_FEATURES`), exactly this function's features.
    unsafe { public_key_bmi2(d) }
}

#[target_feature(enable = "bmi2")]
fn sign_with_nonce_bmi2(d: &Scalar, e: &Scalar, k: &Scalar) -> ([u8; 64], Choice) {
    ecdsa::sign_with_nonce(d, e, k)
}

/// `ecdsa::sign_with_nonce`, constant time.
pub(super) fn sign_with_nonce(
    _proof: Bmi2,
    d: &Scalar,
    e: &Scalar,
    k: &Scalar,
) -> ([u8; 64], Choice) {
    // SAFETY: the token proves BMI2, as in `public_key`.
    unsafe { sign_with_nonce_bmi2(d, e, k) }
}

#[target_feature(enable = "bmi2")]
fn vartime_verify_bmi2(q: &AffinePoint, e: &Scalar, sig: &[u8; 64]) -> bool {
    ecdsa::vartime_verify(q, e, sig)
}

/// `ecdsa::vartime_verify` (public inputs).
pub(super) fn vartime_verify(_proof: Bmi2, q: &AffinePoint, e: &Scalar, sig: &[u8; 64]) -> bool {
    // SAFETY: the token proves BMI2, as in `public_key`.
    unsafe { vartime_verify_bmi2(q, e, sig) }
}

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
