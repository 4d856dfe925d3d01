//! Ed25519 verification on AVX2, four field elements at a time (ten limbs
//! of 25.5 bits per lane, `vpmuludq` products): the safe entry points (each
//! takes the `Avx2` token) over the field layer (`field.rs`, [`field::F4`])
//! and the point layer (`point.rs`).
//!
//! Variable-base work (`vartime_four_scalar_mul` for single verification,
//! `vartime_multiscalar_mul` and `decompress4` for batches) keeps the four
//! coordinates of a point in the lanes (`point.rs`); the fixed-base
//! `mul_base_encoded` (key generation, signing) adds four independent
//! partial sums, one point per lane (`base.rs`). `backend.rs` sends each
//! operation to this backend only where it measured faster than the
//! scalar ones.
#![allow(unsafe_code)]

mod base;
mod field;
mod point;

use crate::cpu::Avx2;
use crate::signature::ed25519::lattice::ShortEquation;
use crate::signature::ed25519::point::EdwardsPoint;
use crate::signature::ed25519::scalar::Scalar;

/// [s]B and its encoding, constant time (key generation, signing): four
/// partial sums in the lanes, see `base.rs`.
pub(in crate::signature::ed25519) fn mul_base_encoded(
    _proof: Avx2,
    s: &Scalar,
) -> (EdwardsPoint, [u8; 32]) {
    // SAFETY: an `Avx2` token exists only after `cpu::avx2()` detected every
    // feature in `cpu::AVX2_FEATURES`, which is what the callee enables.
    unsafe { base::mul_base_encoded_avx2(s) }
}

/// [b_lo]B + [b_hi](2^128·B) + [±c]P + [e]Q, every scalar below 2^128;
/// see `vartime::vartime_four_scalar_mul`.
pub(in crate::signature::ed25519) fn vartime_four_scalar_mul(
    _proof: Avx2,
    eq: &ShortEquation,
) -> EdwardsPoint {
    // SAFETY: an `Avx2` token exists only after `cpu::avx2()` detected every
    // feature in `cpu::AVX2_FEATURES`, which is what the callee enables.
    unsafe { point::vartime_four_scalar_mul_avx2(eq) }
}

/// Σ [s_i]P_i + [b]B, variable time (Straus, see
/// `point::vartime_multiscalar_mul_avx2`).
#[cfg(feature = "alloc")]
pub(in crate::signature::ed25519) fn vartime_multiscalar_mul(
    _proof: Avx2,
    b: &Scalar,
    scalars: &[Scalar],
    points: &[EdwardsPoint],
) -> EdwardsPoint {
    // SAFETY: as in `vartime_four_scalar_mul`: the token proves
    // `cpu::AVX2_FEATURES`.
    unsafe { point::vartime_multiscalar_mul_avx2(b, scalars, points) }
}

/// Decodes four encodings at once (the square roots lane-wise).
#[cfg(feature = "alloc")]
pub(in crate::signature::ed25519) fn decompress4(
    _proof: Avx2,
    bytes: [&[u8; 32]; 4],
) -> [Option<EdwardsPoint>; 4] {
    // SAFETY: as in `vartime_four_scalar_mul`: the token proves
    // `cpu::AVX2_FEATURES`.
    unsafe { point::decompress4_avx2(bytes) }
}

#[cfg(test)]
mod tests {
    use super::field::F4;
    use super::point::Point4;
    use super::*;
    use crate::signature::ed25519::field::FieldElement;
    use crate::signature::ed25519::scalar::Scalar;
    use crate::signature::ed25519::{table, vartime};
    use proptest::prelude::*;

    fn token() -> Option<Avx2> {
        crate::cpu::avx2()
    }

    /// The lane-parallel [s]B against the portable one, on pseudo-random
    /// scalars, 0, 1 and L − 1 (digits of both signs, zero digits).
    #[test]
    fn mul_base_encoded_matches_soft() {
        let Some(t) = token() else { return };
        let mut seed = 0x0123_4567_89ab_cdefu64;
        let mut l1 = crate::signature::ed25519::scalar::L_BYTES;
        l1[0] -= 1;
        let mut one = [0u8; 32];
        one[0] = 1;
        for i in 0..64 {
            let mut b = [0u8; 32];
            for c in b.chunks_exact_mut(8) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                c.copy_from_slice(&seed.to_le_bytes());
            }
            let b = match i {
                0 => [0u8; 32],
                1 => one,
                2 => l1,
                _ => b,
            };
            let s = Scalar::from_bytes_mod_order(&b);
            let soft = table::mul_base(&s);
            let (p, enc) = mul_base_encoded(t, &s);
            assert_eq!(enc, soft.compress(), "case {i}");
            assert!(bool::from(p.ct_eq(&soft)), "case {i}");
        }
    }

    fn point_of(seed: &[u8; 32]) -> EdwardsPoint {
        table::mul_base(&Scalar::from_bytes_mod_order(seed))
    }

    /// An element from 32 random bytes, limbs pushed towards the top of
    /// the reduced range of `field.rs` (< 2^52) when `wide`.
    fn element(bytes: &[u8; 32], wide: bool) -> FieldElement {
        let mut f = FieldElement::from_bytes(bytes);
        if wide {
            for (k, l) in f.0.iter_mut().enumerate() {
                *l |= 1 << (51 - (k as u64 % 2));
            }
        }
        f
    }

    #[target_feature(enable = "avx,avx2,bmi1,bmi2")]
    fn field_ops(e: [FieldElement; 4], g: [FieldElement; 4]) {
        let f = F4::from_elements([&e[0], &e[1], &e[2], &e[3]]);
        let h = F4::from_elements([&g[0], &g[1], &g[2], &g[3]]);
        let prod = f.mul(&h);
        let sq = f.square();
        let sum = f.add_sub::<0>(&h);
        let diff = f.add_sub::<{ super::field::blend_mask(true, true, true, true) }>(&h);
        // Chained: the bounds hold for outputs fed back in.
        let chain = prod.mul(&sq).square().add_sub::<0>(&diff).mul(&sum);
        // Loose operands (the lazy sum and difference) on both sides.
        let lazy_sum = f.add_sub_lazy::<0>(&h);
        let lazy_diff = f.add_sub_lazy::<{ super::field::blend_mask(true, true, true, true) }>(&h);
        let lazy = lazy_sum.mul(&lazy_diff);
        let mut bounds_ok = true;
        for v in [&prod, &sq, &sum, &diff, &chain, &lazy] {
            let mut out = [[0u64; 4]; 10];
            for (o, x) in out.iter_mut().zip(v.0) {
                // SAFETY: `o` is 32 writable bytes; AVX is enabled here.
                unsafe { core::arch::x86_64::_mm256_storeu_si256(o.as_mut_ptr().cast(), x) };
            }
            for (i, limb) in out.iter().enumerate() {
                let width = if i & 1 == 0 { 26 } else { 25 };
                bounds_ok &= limb.iter().all(|&l| l < (1 << width) + (1 << 17));
            }
        }
        assert!(bounds_ok, "an output left the reduced bound");
        let [p, s, a, d, c, l] = [prod, sq, sum, diff, chain, lazy].map(|v| v.to_elements());
        for j in 0..4 {
            let (x, y) = (&e[j], &g[j]);
            assert_eq!(p[j].to_bytes(), x.mul(y).to_bytes());
            assert_eq!(s[j].to_bytes(), x.square().to_bytes());
            assert_eq!(a[j].to_bytes(), (*x + *y).to_bytes());
            assert_eq!(d[j].to_bytes(), (*x - *y).to_bytes());
            let want = (x.mul(y).mul(&x.square()).square() + (*x - *y)).mul(&(*x + *y));
            assert_eq!(c[j].to_bytes(), want.to_bytes());
            assert_eq!(l[j].to_bytes(), (*x + *y).mul(&(*x - *y)).to_bytes());
        }
    }

    #[target_feature(enable = "avx,avx2,bmi1,bmi2")]
    fn point_ops(p: &EdwardsPoint, q: &EdwardsPoint) {
        let (p4, q4) = (Point4::from_point(p), Point4::from_point(q));
        let sum = p4.add(&q4.to_cached()).to_point();
        assert!(bool::from(sum.ct_eq(&(p + q))));
        let diff = p4.sub(&q4.to_cached()).to_point();
        assert!(bool::from(diff.ct_eq(&(p - q))));
        let neg = p4.add(&q4.to_cached().neg()).to_point();
        assert!(bool::from(neg.ct_eq(&(p - q))));
        assert!(bool::from(p4.double().to_point().ct_eq(&p.double())));
        assert!(bool::from(q4.double().to_point().ct_eq(&q.double())));
    }

    proptest! {
        #[test]
        fn avx2_field_ops_match_soft(bytes in any::<[[u8; 32]; 8]>(), wide in any::<u8>()) {
            let Some(_) = token() else { return Ok(()) };
            let e: [FieldElement; 8] =
                core::array::from_fn(|i| element(&bytes[i], wide >> i & 1 == 1));
            // SAFETY: the features were detected just above.
            unsafe { field_ops([e[0], e[1], e[2], e[3]], [e[4], e[5], e[6], e[7]]) }
        }

        #[test]
        fn avx2_point_ops_match_soft(a in any::<[u8; 32]>(), b in any::<[u8; 32]>()) {
            let Some(_) = token() else { return Ok(()) };
            // SAFETY: the features were detected just above.
            unsafe { point_ops(&point_of(&a), &point_of(&b)) }
        }

        /// The lattice-verification kernel on random 128-bit scalars, with
        /// P and Q random, small-order (decoded from y = 0 / ±1) or
        /// mixed with a small-order component.
        #[test]
        fn avx2_four_scalar_mul_matches_soft(
            k in any::<[[u8; 16]; 4]>(),
            a in any::<[u8; 32]>(),
            b in any::<[u8; 32]>(),
            negate_p in any::<bool>(),
            torsion in 0u8..4,
        ) {
            let Some(t) = token() else { return Ok(()) };
            let wide = |x: &[u8; 16]| {
                let mut out = [0u8; 32];
                out[..16].copy_from_slice(x);
                out
            };
            let mut small = [0u8; 32];
            small[0] = u8::from(torsion == 1);
            let small = EdwardsPoint::decompress(&small).expect("a torsion point");
            let (mut p, q) = (point_of(&a), point_of(&b));
            if torsion >= 2 {
                p = &p + &small;
            }
            let q = if torsion == 3 { small } else { q };
            let eq = ShortEquation {
                b_lo: wide(&k[0]),
                b_hi: wide(&k[1]),
                c: wide(&k[2]),
                p,
                negate_p,
                e: wide(&k[3]),
                q,
            };
            let ours = vartime_four_scalar_mul(t, &eq);
            let soft = vartime::vartime_four_scalar_mul(&eq);
            prop_assert!(bool::from(ours.ct_eq(&soft)));
        }

        #[test]
        fn avx2_multiscalar_mul_matches_soft(
            seeds in proptest::collection::vec(any::<[u8; 32]>(), 0..9),
            b in any::<[u8; 32]>(),
        ) {
            let Some(t) = token() else { return Ok(()) };
            let scalars: std::vec::Vec<Scalar> =
                seeds.iter().map(|s| Scalar::from_bytes_mod_order(&[s[31]; 32])).collect();
            let points: std::vec::Vec<EdwardsPoint> = seeds.iter().map(point_of).collect();
            let b = Scalar::from_bytes_mod_order(&b);
            let ours = vartime_multiscalar_mul(t, &b, &scalars, &points);
            let soft = vartime::vartime_multiscalar_mul(&b, &scalars, &points);
            prop_assert!(bool::from(ours.ct_eq(&soft)));
        }
    }

    /// Field extremes: every limb at the top of the reduced range of
    /// `field.rs`, and p − 1, p, p + 1 (non-canonical inputs).
    #[test]
    fn avx2_field_extremes() {
        if token().is_none() {
            return;
        }
        let top = FieldElement([(1 << 52) - 1; 5]);
        let mut p_minus = [0xffu8; 32];
        p_minus[0] = 0xec;
        p_minus[31] = 0x7f;
        let mut p_plus = p_minus;
        p_plus[0] = 0xee;
        let mut p = p_minus;
        p[0] = 0xed;
        let e = [
            top,
            element(&p_minus, false),
            element(&p, false),
            element(&p_plus, false),
        ];
        // SAFETY: the features were detected just above.
        unsafe {
            field_ops(e, [e[3], e[0], e[1], e[2]]);
            field_ops(e, e);
        }
    }

    /// Small-order points (the eight torsion points), the identity and
    /// their sums with large-order points, through the addition and
    /// doubling formulas.
    #[test]
    fn avx2_point_ops_on_small_order_points() {
        if token().is_none() {
            return;
        }
        let mut torsion = std::vec::Vec::new();
        // The eight points of order dividing 8, from their encodings
        // (RFC 8032 §5.1.3 decoding; y = 0, ±1 and the order-8 ones).
        let mut y1 = [0u8; 32];
        y1[0] = 1;
        torsion.push(y1);
        let mut ym1 = [0xffu8; 32];
        ym1[0] = 0xec;
        ym1[31] = 0x7f;
        torsion.push(ym1);
        torsion.push([0u8; 32]);
        let mut y0neg = [0u8; 32];
        y0neg[31] = 0x80;
        torsion.push(y0neg);
        let order8 = "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05";
        let mut o8 = [0u8; 32];
        for (i, b) in o8.iter_mut().enumerate() {
            *b = u8::from_str_radix(&order8[2 * i..2 * i + 2], 16).unwrap();
        }
        torsion.push(o8);
        o8[31] |= 0x80;
        torsion.push(o8);
        let points: std::vec::Vec<EdwardsPoint> = torsion
            .iter()
            .filter_map(EdwardsPoint::decompress)
            .collect();
        assert!(points.len() >= 5);
        let big = point_of(&[7; 32]);
        for p in &points {
            for q in points.iter().chain([&big, &EdwardsPoint::IDENTITY]) {
                // SAFETY: the features were detected above.
                unsafe {
                    point_ops(p, q);
                    point_ops(q, p);
                }
            }
        }
    }

    /// Lane-wise decoding agrees with the scalar decoder on valid points,
    /// random bytes (half are not on the curve), non-canonical y (p + small),
    /// x = 0 with the sign bit, and small-order points.
    #[test]
    fn avx2_decompress4_matches_soft() {
        let Some(t) = token() else { return };
        let mut encodings: std::vec::Vec<[u8; 32]> = std::vec::Vec::new();
        let mut seed = 5u64;
        for i in 0..64u8 {
            encodings.push(point_of(&[i; 32]).compress());
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
}
