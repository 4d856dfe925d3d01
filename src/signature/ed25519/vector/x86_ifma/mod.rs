//! Ed25519 on AVX-512 IFMA, four field elements at a time: the safe entry
//! points (each takes the `Ifma` token) over the field layer (`field.rs`,
//! [`field::F4`]) and the point layer (`point.rs`).
#![allow(unsafe_code)]

mod field;
mod point;

use crate::cpu::Ifma;
use crate::signature::ed25519::lattice::ShortEquation;
use crate::signature::ed25519::point::EdwardsPoint;
use crate::signature::ed25519::scalar::Scalar;
#[cfg(feature = "alloc")]
use point::{decompress4_ifma, vartime_multiscalar_mul_ifma};
use point::{mul_base_ifma, vartime_four_scalar_mul_ifma};

/// [s]B in constant time (see `table.rs` for the method).
#[cfg(test)]
pub(in crate::signature::ed25519) fn mul_base(_proof: Ifma, s: &Scalar) -> EdwardsPoint {
    // SAFETY: an `Ifma` token exists only after `cpu::ifma()` detected every
    // feature in `cpu::IFMA_FEATURES`, which is what `mul_base_ifma` enables.
    unsafe { mul_base_ifma(s) }
}

#[target_feature(enable = "avx,avx2,bmi1,bmi2,adx,avx512f,avx512vl,avx512ifma")]
fn mul_base_encoded_ifma(s: &Scalar) -> (EdwardsPoint, [u8; 32]) {
    let p = mul_base_ifma(s);
    (p, p.compress())
}

/// [s]B and its encoding, constant time; the inversion runs with BMI2/ADX.
pub(in crate::signature::ed25519) fn mul_base_encoded(
    _proof: Ifma,
    s: &Scalar,
) -> (EdwardsPoint, [u8; 32]) {
    // SAFETY: as in `mul_base`: the token proves `cpu::IFMA_FEATURES`.
    unsafe { mul_base_encoded_ifma(s) }
}

#[target_feature(enable = "avx,avx2,bmi1,bmi2,adx,avx512f,avx512vl,avx512ifma")]
fn decompress_ifma(bytes: &[u8; 32]) -> Option<EdwardsPoint> {
    EdwardsPoint::decompress(bytes)
}

/// `EdwardsPoint::decompress` compiled with BMI2/ADX (the square root's
/// exponentiation is most of its cost).
pub(in crate::signature::ed25519) fn decompress(
    _proof: Ifma,
    bytes: &[u8; 32],
) -> Option<EdwardsPoint> {
    // SAFETY: as in `mul_base`: the token proves `cpu::IFMA_FEATURES`.
    unsafe { decompress_ifma(bytes) }
}

/// Decodes four encodings (see `decompress4_ifma`).
#[cfg(feature = "alloc")]
pub(in crate::signature::ed25519) fn decompress4(
    _proof: Ifma,
    bytes: [&[u8; 32]; 4],
) -> [Option<EdwardsPoint>; 4] {
    // SAFETY: as in `mul_base`: the token proves `cpu::IFMA_FEATURES`.
    unsafe { decompress4_ifma(bytes) }
}

/// Σ [s_i]P_i + [b]B, variable time (see `vartime_multiscalar_mul_ifma`).
#[cfg(feature = "alloc")]
pub(in crate::signature::ed25519) fn vartime_multiscalar_mul(
    _proof: Ifma,
    b: &Scalar,
    scalars: &[Scalar],
    points: &[EdwardsPoint],
) -> EdwardsPoint {
    // SAFETY: as in `mul_base`: the token proves `cpu::IFMA_FEATURES`.
    unsafe { vartime_multiscalar_mul_ifma(b, scalars, points) }
}

/// [b_lo]B + [b_hi](2^128·B) + [±c]P + [e]Q, every scalar below 2^128;
/// see `vartime::vartime_four_scalar_mul`.
pub(in crate::signature::ed25519) fn vartime_four_scalar_mul(
    _proof: Ifma,
    eq: &ShortEquation,
) -> EdwardsPoint {
    let ShortEquation {
        b_lo,
        b_hi,
        c,
        p,
        negate_p,
        e,
        q,
    } = eq;
    // SAFETY: as in `mul_base`: the token proves `cpu::IFMA_FEATURES`.
    unsafe { vartime_four_scalar_mul_ifma(b_lo, b_hi, c, p, *negate_p, e, q) }
}

#[cfg(test)]
mod tests {
    use super::field::F4;
    use super::point::Point4;
    use super::*;
    use crate::signature::ed25519::field::FieldElement;
    use crate::signature::ed25519::table;

    fn token() -> Option<Ifma> {
        crate::cpu::ifma()
    }

    fn pseudo_random_point(i: u64) -> EdwardsPoint {
        let mut b = [0u8; 32];
        b[..8].copy_from_slice(&(i.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ 77).to_le_bytes());
        b[8..16].copy_from_slice(&i.to_le_bytes());
        table::mul_base(&Scalar::from_bytes_mod_order(&b))
    }

    #[target_feature(enable = "avx,avx2,bmi1,bmi2,adx,avx512f,avx512vl,avx512ifma")]
    fn check_ops() {
        for i in 0..50u64 {
            let p = pseudo_random_point(i);
            let q = pseudo_random_point(i + 1000);
            let p4 = Point4::from_point(&p);
            // field: lane-wise mul and square against the scalar code
            let f = F4::from_elements([&p.x, &p.y, &p.z, &p.t]);
            let g = F4::from_elements([&q.x, &q.y, &q.z, &q.t]);
            let prod = f.mul(&g).to_elements();
            let sq = f.square().to_elements();
            for (j, (a, b)) in [(&p.x, &q.x), (&p.y, &q.y), (&p.z, &q.z), (&p.t, &q.t)]
                .into_iter()
                .enumerate()
            {
                assert_eq!(prod[j].to_bytes(), a.mul(b).to_bytes());
                assert_eq!(sq[j].to_bytes(), a.square().to_bytes());
                assert!(prod[j].0.iter().all(|&l| l < (1 << 51) + (1 << 15)));
            }
            // points
            let sum = p4.add(&Point4::from_point(&q).to_cached()).to_point();
            assert!(bool::from(sum.ct_eq(&(&p + &q))));
            let diff = p4.sub(&Point4::from_point(&q).to_cached()).to_point();
            assert!(bool::from(diff.ct_eq(&(&p - &q))));
            assert!(bool::from(p4.double().to_point().ct_eq(&p.double())));
            let neg = p4.add(&Point4::from_point(&q).to_cached().neg()).to_point();
            assert!(bool::from(neg.ct_eq(&(&p - &q))));
        }
        // Extreme limbs: every limb at the reduced bound.
        let big = FieldElement([(1 << 51) + (1 << 15) - 1; 5]);
        let f = F4::from_elements([&big, &big, &big, &big]);
        assert_eq!(
            f.mul(&f).to_elements()[0].to_bytes(),
            big.mul(&big).to_bytes()
        );
        assert_eq!(
            f.square().to_elements()[3].to_bytes(),
            big.square().to_bytes()
        );
    }

    #[test]
    fn ifma_ops_match_scalar_code() {
        if token().is_none() {
            return;
        }
        // SAFETY: the features were detected just above.
        unsafe { check_ops() }
    }

    /// Lane-wise decoding agrees with the scalar decoder on valid points,
    /// random bytes (half are not on the curve), non-canonical y (p + small),
    /// x = 0 with the sign bit, and small-order points.
    #[test]
    fn ifma_decompress4_matches_soft() {
        let Some(t) = token() else { return };
        let mut encodings: std::vec::Vec<[u8; 32]> = std::vec::Vec::new();
        let mut seed = 5u64;
        for i in 0..64u64 {
            encodings.push(pseudo_random_point(i).compress());
            let mut b = [0u8; 32];
            for c in b.chunks_exact_mut(8) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                c.copy_from_slice(&seed.to_le_bytes());
            }
            encodings.push(b);
        }
        for small in 0..19u8 {
            // y = p + small (non-canonical), with and without the sign bit.
            let mut p = [0xffu8; 32];
            p[0] = 0xed + small;
            p[31] = 0x7f;
            encodings.push(p);
            p[31] = 0xff;
            encodings.push(p);
        }
        let mut one = [0u8; 32];
        one[0] = 1;
        encodings.push(one);
        one[31] = 0x80;
        encodings.push(one);
        encodings.push([0u8; 32]);
        let mut zero_neg = [0u8; 32];
        zero_neg[31] = 0x80;
        encodings.push(zero_neg);
        for chunk in encodings.chunks_exact(4) {
            let got = decompress4(t, [&chunk[0], &chunk[1], &chunk[2], &chunk[3]]);
            for (e, g) in chunk.iter().zip(got) {
                let want = EdwardsPoint::decompress(e);
                assert_eq!(g.is_some(), want.is_some(), "{e:?}");
                if let (Some(g), Some(w)) = (g, want) {
                    assert!(bool::from(g.ct_eq(&w)));
                }
            }
        }
    }

    #[test]
    fn ifma_mul_base_matches_soft() {
        let Some(t) = token() else { return };
        let mut seed = 99u64;
        for _ in 0..100 {
            let mut b = [0u8; 32];
            for c in b.chunks_exact_mut(8) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                c.copy_from_slice(&seed.to_le_bytes());
            }
            let s = Scalar::from_bytes_mod_order(&b);
            let ours = mul_base(t, &s);
            let soft = table::mul_base(&s);
            assert!(bool::from(ours.ct_eq(&soft)));
        }
    }
}
