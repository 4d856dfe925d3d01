//! Ed25519 on the 4×64-bit field (`field/x86_bmi2.rs`) compiled for BMI2 (`mulx`).
//!
//! Nothing here is new arithmetic: each entry point runs the generic point
//! formulas of `point.rs` and the loops of `table.rs` / `vartime.rs`,
//! monomorphised for [`Fe64`] and inlined into a `#[target_feature]`
//! function, so LLVM uses `mulx` for the 64×64→128-bit products, the
//! encoding's inversion and decompression's exponentiation included (the
//! 4×64 square is the faster one, measured). Points cross the backend seam on the portable 5×51-bit
//! representation (a canonical re-encoding of each coordinate, a few dozen
//! nanoseconds).
//!
//! Constant time: `mul_base_encoded` (key generation, signing) is the
//! constant-time fixed-base multiplication of `table.rs`; the `vartime_`
//! entries and `decompress` handle public data only.
#![allow(unsafe_code)]

use super::field::Fe64;
use super::lattice::ShortEquation;
use super::point::EdwardsPoint;
use super::scalar::Scalar;
use super::{table, vartime};
use crate::cpu::Bmi2;

/// A point on 4×64-bit words.
type Point64 = EdwardsPoint<Fe64>;

#[inline(always)]
fn to64(p: &EdwardsPoint) -> Point64 {
    EdwardsPoint {
        x: Fe64::from_fe51(&p.x),
        y: Fe64::from_fe51(&p.y),
        z: Fe64::from_fe51(&p.z),
        t: Fe64::from_fe51(&p.t),
    }
}

#[inline(always)]
fn to51(p: &Point64) -> EdwardsPoint {
    EdwardsPoint {
        x: p.x.to_radix51(),
        y: p.y.to_radix51(),
        z: p.z.to_radix51(),
        t: p.t.to_radix51(),
    }
}

#[target_feature(enable = "bmi2")]
fn mul_base_encoded_bmi2(s: &Scalar) -> (EdwardsPoint, [u8; 32]) {
    let p = table::mul_base_in::<Fe64>(s);
    // The encoding's inversion (254 squarings in a row) on the 4×64 field
    // too: since its square keeps the carries in the flags it is the faster
    // one (measured, `field/x86_bmi2.rs`).
    let encoded = p.compress();
    (to51(&p), encoded)
}

/// [s]B and its encoding, constant time.
pub(super) fn mul_base_encoded(_proof: Bmi2, s: &Scalar) -> (EdwardsPoint, [u8; 32]) {
    // SAFETY: a `Bmi2` token exists only after `cpu::bmi2()` detected BMI2
    // (`cpu::BMI2_FEATURES`), exactly this function's features.
    unsafe { mul_base_encoded_bmi2(s) }
}

#[target_feature(enable = "bmi2")]
fn decompress_bmi2(bytes: &[u8; 32]) -> Option<EdwardsPoint> {
    // Mostly one exponentiation (squarings): on the 4×64 field too, the
    // faster square (measured), then the point crosses the seam.
    Point64::decompress(bytes).map(|p| to51(&p))
}

/// `EdwardsPoint::decompress` (public inputs).
pub(super) fn decompress(_proof: Bmi2, bytes: &[u8; 32]) -> Option<EdwardsPoint> {
    // SAFETY: the token proves BMI2, as in `mul_base_encoded`.
    unsafe { decompress_bmi2(bytes) }
}

#[target_feature(enable = "bmi2")]
fn vartime_four_scalar_mul_bmi2(eq: &ShortEquation) -> EdwardsPoint {
    to51(&vartime::vartime_four_scalar_mul_in(&eq.map_points(to64)))
}

/// [b_lo]B + [b_hi](2^128·B) + [±c]P + [e]Q, every scalar below 2^128;
/// see `vartime::vartime_four_scalar_mul`.
pub(super) fn vartime_four_scalar_mul(_proof: Bmi2, eq: &ShortEquation) -> EdwardsPoint {
    // SAFETY: the token proves BMI2, as in `mul_base_encoded`.
    unsafe { vartime_four_scalar_mul_bmi2(eq) }
}

#[cfg(feature = "alloc")]
#[target_feature(enable = "bmi2")]
fn vartime_multiscalar_mul_bmi2(
    b: &Scalar,
    scalars: &[Scalar],
    points: &[EdwardsPoint],
) -> EdwardsPoint {
    let points: alloc::vec::Vec<Point64> = points.iter().map(to64).collect();
    to51(&vartime::vartime_multiscalar_mul_in(b, scalars, &points))
}

/// [b]B + Σ [s_i]P_i, variable time.
#[cfg(feature = "alloc")]
pub(super) fn vartime_multiscalar_mul(
    _proof: Bmi2,
    b: &Scalar,
    scalars: &[Scalar],
    points: &[EdwardsPoint],
) -> EdwardsPoint {
    // SAFETY: the token proves BMI2, as in `mul_base_encoded`.
    unsafe { vartime_multiscalar_mul_bmi2(b, scalars, points) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use subtle::ConstantTimeEq;

    fn scalar(i: u64) -> Scalar {
        let mut b = [0u8; 32];
        b[..8].copy_from_slice(&(i.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ 77).to_le_bytes());
        b[8..16].copy_from_slice(&i.to_le_bytes());
        b[24..32].copy_from_slice(&i.wrapping_mul(31).to_le_bytes());
        Scalar::from_bytes_mod_order(&b)
    }

    #[test]
    fn bmi2_mul_base_and_decompress_match_soft() {
        let Some(t) = crate::cpu::bmi2() else { return };
        for i in 0..40u64 {
            let s = scalar(i);
            let soft = table::mul_base(&s);
            let (p, enc) = mul_base_encoded(t, &s);
            assert_eq!(enc, soft.compress(), "case {i}");
            assert!(bool::from(p.ct_eq(&soft)));
            let d = decompress(t, &enc).expect("valid");
            assert!(bool::from(d.ct_eq(&soft)));
            let mut bad = enc;
            bad[0] ^= 1;
            assert_eq!(
                decompress(t, &bad).is_some(),
                EdwardsPoint::<super::super::field::FieldElement>::decompress(&bad).is_some()
            );
            assert!(bool::from(Fe64::from_fe51(&soft.x).ct_eq(&to64(&soft).x)));
        }
    }
}
