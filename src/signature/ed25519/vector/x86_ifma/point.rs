//! The point layer of the IFMA backend: Ed25519 points with their four
//! extended coordinates in the four lanes of an [`F4`] (lane 0 is X, lane 1
//! Y, lane 2 Z, lane 3 T), and the loops of fixed-base and variable-base
//! multiplication on them.
//!
//! The addition and doubling formulas of `point.rs` (Hisil–Wong–Carter–
//! Dawson, a = −1) are rearranged so that each needs two vector
//! multiplications, with lane permutations in between:
//!
//! - addition of (Y−X, Y+X, 2dT, 2Z)-form points: (Y1−X1, Y1+X1, T1, Z1) ⊙ Q
//!   gives (A, B, C, D); then (B−A, D+C, D−C, B−A) ⊙ (D−C, B+A, D+C, B+A)
//!   is (X3, Y3, Z3, T3);
//! - doubling: (X, Y, Z, X+Y)² gives (A, B, Z², S); the completed point
//!   (S−A−B, A+B, B−A, 2Z²−B+A) times a permutation of itself is the double.
//!
//! Constant time: the fixed-base table lookup reads every entry and masks.
//! The `vartime_` functions branch on public scalar digits only.
#![allow(unsafe_code)]

use super::field::{blend_mask, lanes, load, Lanes, F4};
#[cfg(feature = "alloc")]
use crate::signature::ed25519::field::Field; // decompress4
use crate::signature::ed25519::field::FieldElement;
use crate::signature::ed25519::point::{AffineNielsPoint, EdwardsPoint};
use crate::signature::ed25519::scalar::{vartime_naf_of_bytes, Scalar};
use crate::signature::ed25519::table::{
    BASEPOINT_128_ODD_MULTIPLES, BASEPOINT_ODD_MULTIPLES, BASEPOINT_TABLE,
};
use core::arch::x86_64::*;
use subtle::ConstantTimeEq;

/// An extended point (X, Y, Z, T) in lanes 0..4.
#[derive(Clone, Copy)]
pub(super) struct Point4(pub(super) F4);

/// A point ready to be added: (Y−X, Y+X, 2dT, 2Z) — or (y−x, y+x, 2dxy, 2)
/// for an affine table entry — in lanes 0..4.
#[derive(Clone, Copy)]
pub(super) struct Cached4(pub(super) F4);

impl Point4 {
    #[target_feature(enable = "avx,avx2,bmi1,bmi2,adx,avx512f,avx512vl,avx512ifma")]
    #[inline]
    pub(super) fn from_point(p: &EdwardsPoint) -> Self {
        Self(F4::from_elements([&p.x, &p.y, &p.z, &p.t]))
    }

    #[target_feature(enable = "avx,avx2,bmi1,bmi2,adx,avx512f,avx512vl,avx512ifma")]
    #[inline]
    pub(super) fn to_point(self) -> EdwardsPoint {
        let [x, y, z, t] = self.0.to_elements();
        EdwardsPoint { x, y, z, t }
    }

    #[target_feature(enable = "avx,avx2,bmi1,bmi2,adx,avx512f,avx512vl,avx512ifma")]
    #[inline]
    pub(super) fn identity() -> Self {
        Self::from_point(&EdwardsPoint::IDENTITY)
    }

    /// (Y−X, Y+X, T, Z), or (Y+X, Y−X, T, Z) when `SWAP`.
    #[target_feature(enable = "avx,avx2,bmi1,bmi2,adx,avx512f,avx512vl,avx512ifma")]
    #[inline]
    pub(super) fn diff_sum<const SWAP: bool>(&self) -> F4 {
        let p1 = self.0.perm::<{ lanes(1, 1, 3, 2) }>(); // Y, Y, T, Z
        let xs = self.0.perm::<{ lanes(0, 0, 0, 0) }>();
        let p2 = F4::zero().blend::<{ blend_mask(true, true, false, false) }>(&xs); // X, X, 0, 0
        if SWAP {
            p1.add_sub::<{ blend_mask(false, true, false, false) }>(&p2)
        } else {
            p1.add_sub::<{ blend_mask(true, false, false, false) }>(&p2)
        }
    }

    /// self + q.
    #[target_feature(enable = "avx,avx2,bmi1,bmi2,adx,avx512f,avx512vl,avx512ifma")]
    #[inline]
    pub(super) fn add(&self, q: &Cached4) -> Self {
        // (A, B, C, D) = ((Y1−X1)(Y2−X2), (Y1+X1)(Y2+X2), T1·2dT2, 2Z1Z2)
        let c = self.diff_sum::<false>().mul(&q.0);
        // (B−A, D+C, D−C, B−A) ⊙ (D−C, B+A, D+C, B+A)
        let u = c
            .perm::<{ lanes(1, 3, 3, 1) }>()
            .add_sub::<{ blend_mask(true, false, true, true) }>(&c.perm::<{ lanes(0, 2, 2, 0) }>());
        let w = c
            .perm::<{ lanes(3, 1, 3, 1) }>()
            .add_sub::<{ blend_mask(true, false, false, false) }>(
                &c.perm::<{ lanes(2, 0, 2, 0) }>(),
            );
        Self(u.mul(&w))
    }

    /// (a + qa, b + qb), the two independent additions interleaved step by
    /// step so that each one's latency hides behind the other's work.
    #[target_feature(enable = "avx,avx2,bmi1,bmi2,adx,avx512f,avx512vl,avx512ifma")]
    #[inline]
    pub(super) fn add_pair(a: &Self, qa: &Cached4, b: &Self, qb: &Cached4) -> (Self, Self) {
        let ca = a.diff_sum::<false>();
        let cb = b.diff_sum::<false>();
        let ca = ca.mul(&qa.0);
        let cb = cb.mul(&qb.0);
        let ua = ca
            .perm::<{ lanes(1, 3, 3, 1) }>()
            .add_sub::<{ blend_mask(true, false, true, true) }>(
                &ca.perm::<{ lanes(0, 2, 2, 0) }>(),
            );
        let ub = cb
            .perm::<{ lanes(1, 3, 3, 1) }>()
            .add_sub::<{ blend_mask(true, false, true, true) }>(
                &cb.perm::<{ lanes(0, 2, 2, 0) }>(),
            );
        let wa = ca
            .perm::<{ lanes(3, 1, 3, 1) }>()
            .add_sub::<{ blend_mask(true, false, false, false) }>(
                &ca.perm::<{ lanes(2, 0, 2, 0) }>(),
            );
        let wb = cb
            .perm::<{ lanes(3, 1, 3, 1) }>()
            .add_sub::<{ blend_mask(true, false, false, false) }>(
                &cb.perm::<{ lanes(2, 0, 2, 0) }>(),
            );
        (Self(ua.mul(&wa)), Self(ub.mul(&wb)))
    }

    /// self − q (the pipelines add negated cached points instead; tests).
    #[cfg(test)]
    #[target_feature(enable = "avx,avx2,bmi1,bmi2,adx,avx512f,avx512vl,avx512ifma")]
    #[inline]
    pub(super) fn sub(&self, q: &Cached4) -> Self {
        // (B', A', C, D) = ((Y1+X1)(Y2−X2), (Y1−X1)(Y2+X2), T1·2dT2, 2Z1Z2);
        // −q has y±x swapped and C negated, so X3 = (B'−A')(D+C), ...
        let c = self.diff_sum::<true>().mul(&q.0);
        let u = c
            .perm::<{ lanes(0, 3, 3, 0) }>()
            .add_sub::<{ blend_mask(true, true, false, true) }>(&c.perm::<{ lanes(1, 2, 2, 1) }>());
        let w = c
            .perm::<{ lanes(3, 0, 3, 0) }>()
            .add_sub::<{ blend_mask(false, false, true, false) }>(
                &c.perm::<{ lanes(2, 1, 2, 1) }>(),
            );
        Self(u.mul(&w))
    }

    /// 2·self.
    #[target_feature(enable = "avx,avx2,bmi1,bmi2,adx,avx512f,avx512vl,avx512ifma")]
    #[inline]
    pub(super) fn double(&self) -> Self {
        let q = self.double_step1();
        let (u, w) = Self::double_step2(&q);
        Self(u.mul(&w))
    }

    /// (2a, 2b), the two doublings interleaved step by step.
    #[target_feature(enable = "avx,avx2,bmi1,bmi2,adx,avx512f,avx512vl,avx512ifma")]
    #[inline]
    pub(super) fn double_pair(a: &Self, b: &Self) -> (Self, Self) {
        let qa = a.double_step1();
        let qb = b.double_step1();
        let (ua, wa) = Self::double_step2(&qa);
        let (ub, wb) = Self::double_step2(&qb);
        (Self(ua.mul(&wa)), Self(ub.mul(&wb)))
    }

    /// (X, Y, Z, X) ⊙ (X, Y, Z, Y) = (A, B, ZZ, XY) with A = X², B = Y².
    #[target_feature(enable = "avx,avx2,bmi1,bmi2,adx,avx512f,avx512vl,avx512ifma")]
    #[inline]
    pub(super) fn double_step1(&self) -> F4 {
        self.0
            .perm::<{ lanes(0, 1, 2, 0) }>()
            .mul(&self.0.perm::<{ lanes(0, 1, 2, 1) }>())
    }

    /// From (A, B, ZZ, XY) to the two factors of the doubled point.
    #[target_feature(enable = "avx,avx2,bmi1,bmi2,adx,avx512f,avx512vl,avx512ifma")]
    #[inline]
    pub(super) fn double_step2(q: &F4) -> (F4, F4) {
        // The completed point (2XY, A+B, B−A, 2ZZ−B+A) (x = X_c/Z_c,
        // y = Y_c/T_c; 2XY = (X+Y)² − A − B), as one linear combination:
        // (XY, A, B, ZZ) + (XY, B, −A, ZZ) + (0, 0, 0, A) − (0, 0, 0, B).
        let y1 = q.perm::<{ lanes(3, 0, 1, 2) }>();
        let y2 = q.perm::<{ lanes(3, 1, 0, 2) }>();
        const LANE3: i32 = blend_mask(false, false, false, true);
        let a3 = F4::zero().blend::<LANE3>(&q.perm::<{ lanes(0, 0, 0, 0) }>());
        let b3 = F4::zero().blend::<LANE3>(&q.perm::<{ lanes(1, 1, 1, 1) }>());
        let c = y1.combine::<{ blend_mask(false, false, true, false) }>(&y2, &a3, &b3);
        // (X_c, Y_c, Z_c, X_c) ⊙ (T_c, Z_c, T_c, Y_c)
        let u = c.perm::<{ lanes(0, 1, 2, 0) }>();
        let w = c.perm::<{ lanes(3, 2, 3, 1) }>();
        (u, w)
    }

    /// (Y−X, Y+X, 2dT, 2Z).
    #[target_feature(enable = "avx,avx2,bmi1,bmi2,adx,avx512f,avx512vl,avx512ifma")]
    #[inline]
    pub(super) fn to_cached(self) -> Cached4 {
        let two = {
            let mut t = FieldElement::ZERO;
            t.0[0] = 2;
            t
        };
        let k = F4::from_elements([
            &FieldElement::ONE,
            &FieldElement::ONE,
            &FieldElement::D2,
            &two,
        ]);
        Cached4(self.diff_sum::<false>().mul(&k))
    }
}

impl Cached4 {
    /// The negated point: y±x swapped, 2dT negated.
    #[target_feature(enable = "avx,avx2,bmi1,bmi2,adx,avx512f,avx512vl,avx512ifma")]
    #[inline]
    pub(super) fn neg(&self) -> Self {
        let swapped = self.0.perm::<{ lanes(1, 0, 2, 3) }>();
        Self(F4::zero().add_sub::<{ blend_mask(false, false, true, false) }>(&swapped))
    }
}

/// An affine Niels entry as (y−x, y+x, 2dxy, 2), transposed.
const fn affine_lanes(p: &AffineNielsPoint) -> Lanes {
    let mut out = [[0u64; 4]; 5];
    let mut k = 0;
    while k < 5 {
        out[k] = [p.y_minus_x.0[k], p.y_plus_x.0[k], p.xy2d.0[k], 0];
        k += 1;
    }
    out[0][3] = 2;
    out
}

const fn table_lanes<const N: usize>(t: &[AffineNielsPoint; N]) -> [Lanes; N] {
    let mut out = [[[0u64; 4]; 5]; N];
    let mut i = 0;
    while i < N {
        out[i] = affine_lanes(&t[i]);
        i += 1;
    }
    out
}

const fn basepoint_lanes(t: &[[AffineNielsPoint; 8]; 32]) -> [[Lanes; 8]; 32] {
    let mut out = [[[[0u64; 4]; 5]; 8]; 32];
    let mut j = 0;
    while j < 32 {
        out[j] = table_lanes(&t[j]);
        j += 1;
    }
    out
}

/// `table::BASEPOINT_TABLE` in vector layout (transposed at compile time).
static BASEPOINT_TABLE_4: [[Lanes; 8]; 32] = basepoint_lanes(&BASEPOINT_TABLE);
/// `table::BASEPOINT_ODD_MULTIPLES` in vector layout.
static BASEPOINT_ODD_4: [Lanes; 64] = table_lanes(&BASEPOINT_ODD_MULTIPLES);
/// `table::BASEPOINT_128_ODD_MULTIPLES` in vector layout.
static BASEPOINT_128_ODD_4: [Lanes; 64] = table_lanes(&BASEPOINT_128_ODD_MULTIPLES);

/// `d`·(the table's point) for d ∈ [−8, 8], reading all eight entries and
/// keeping one by masking; then a masked negation.
#[target_feature(enable = "avx,avx2,bmi1,bmi2,adx,avx512f,avx512vl,avx512ifma")]
#[inline]
fn select(table: &[Lanes; 8], d: i8) -> Cached4 {
    let mask = d >> 7;
    let abs = ((d ^ mask) - mask) as u8;
    let negative = i64::from((mask & 1) as u8);
    let mut acc = [_mm256_setzero_si256(); 5];
    for (j, entry) in (1u8..).zip(table) {
        let m = _mm256_set1_epi64x(-i64::from(abs.ct_eq(&j).unwrap_u8()));
        for (a, l) in acc.iter_mut().zip(entry) {
            *a = _mm256_or_si256(*a, _mm256_and_si256(load(l), m));
        }
    }
    // d = 0: the identity entry (1, 1, 0, 2).
    let m0 = _mm256_set1_epi64x(-i64::from(abs.ct_eq(&0).unwrap_u8()));
    acc[0] = _mm256_or_si256(acc[0], _mm256_and_si256(load(&[1, 1, 0, 0]), m0));
    // Every entry (and the identity) has 2 in lane 3.
    acc[0] = _mm256_or_si256(acc[0], load(&[0, 0, 0, 2]));
    let t = Cached4(F4(acc));
    let minus_t = t.neg();
    let m = _mm256_set1_epi64x(-negative);
    Cached4(F4(core::array::from_fn(|k| {
        _mm256_blendv_epi8(t.0 .0[k], minus_t.0 .0[k], m)
    })))
}

#[target_feature(enable = "avx,avx2,bmi1,bmi2,adx,avx512f,avx512vl,avx512ifma")]
pub(super) fn mul_base_ifma(s: &Scalar) -> EdwardsPoint {
    let mut digits = s.as_radix_16();
    // Two independent sums, Σ d_(2j+1)·256^j·B and Σ d_(2j)·256^j·B, so the
    // out-of-order core overlaps their (latency-bound) additions.
    let mut odd = Point4::identity();
    let mut even = Point4::identity();
    for (table, pair) in BASEPOINT_TABLE_4.iter().zip(digits.chunks_exact(2)) {
        let q_odd = select(table, pair[1]);
        let q_even = select(table, pair[0]);
        (odd, even) = Point4::add_pair(&odd, &q_odd, &even, &q_even);
    }
    for _ in 0..4 {
        odd = odd.double();
    }
    // The digits are the secret scalar (a key or a nonce) in another form.
    zeroize::Zeroize::zeroize(&mut digits);
    odd.add(&even.to_cached()).to_point()
}

/// Decodes up to four encodings at once: the square-root exponentiation runs
/// lane-wise (RFC 8032 §5.1.3, as `EdwardsPoint::decompress`), the cheap
/// per-lane checks then run on scalars.
#[cfg(feature = "alloc")]
#[target_feature(enable = "avx,avx2,bmi1,bmi2,adx,avx512f,avx512vl,avx512ifma")]
pub(super) fn decompress4_ifma(bytes: [&[u8; 32]; 4]) -> [Option<EdwardsPoint>; 4] {
    use subtle::{Choice, ConditionallyNegatable, ConditionallySelectable};
    let ys = bytes.map(FieldElement::from_bytes);
    let y = F4::from_elements([&ys[0], &ys[1], &ys[2], &ys[3]]);
    let one = F4::from_elements([&FieldElement::ONE; 4]);
    let d = F4::from_elements([&FieldElement::D; 4]);
    let yy = y.square();
    let u = yy.add_sub::<{ blend_mask(true, true, true, true) }>(&one);
    let v = yy.mul(&d).add_sub::<0>(&one);
    let v3 = v.square().mul(&v);
    let v7 = v3.square().mul(&v);
    let r = u.mul(&v3).mul(&u.mul(&v7).pow_p58());
    let check = v.mul(&r.square());
    let (us, rs, checks) = (u.to_elements(), r.to_elements(), check.to_elements());
    core::array::from_fn(|i| {
        let b = bytes[i];
        let mut low = *b;
        low[31] &= 0x7f;
        let y_canonical = ys[i].to_bytes().ct_eq(&low);
        let correct = checks[i].ct_eq(&us[i]);
        let flipped = checks[i].ct_eq(&-&us[i]);
        let r_i = rs[i].mul(&FieldElement::SQRT_M1);
        let mut x = FieldElement::conditional_select(&rs[i], &r_i, flipped);
        let sign = Choice::from(b[31] >> 7);
        let valid = y_canonical & (correct | flipped) & !(x.is_zero() & sign);
        let flip = x.is_negative() ^ sign;
        x.conditional_negate(flip);
        bool::from(valid).then(|| EdwardsPoint {
            x,
            y: ys[i],
            z: FieldElement::ONE,
            t: x.mul(&ys[i]),
        })
    })
}

/// Σ [s_i]P_i + [b]B, variable time: Straus with width-5 NAF digits against
/// the points' odd multiples and width-8 digits against the precomputed
/// base-point table, the additions spread over two accumulators that step
/// together (`add_pair`).
#[cfg(feature = "alloc")]
#[target_feature(enable = "avx,avx2,bmi1,bmi2,adx,avx512f,avx512vl,avx512ifma")]
pub(super) fn vartime_multiscalar_mul_ifma(
    b: &Scalar,
    scalars: &[Scalar],
    points: &[EdwardsPoint],
) -> EdwardsPoint {
    use alloc::vec::Vec;
    let naf_b = b.vartime_naf(8);
    let nafs: Vec<[i8; 256]> = scalars.iter().map(|s| s.vartime_naf(5)).collect();
    let tables: Vec<[Cached4; 8]> = points.iter().map(|p| odd_multiples(p)).collect();
    let top = (0..256)
        .rev()
        .find(|&i| naf_b[i] != 0 || nafs.iter().any(|n| n[i] != 0))
        .unwrap_or(0);
    let mut acc1 = Point4::identity();
    let mut acc2 = Point4::identity();
    for i in (0..=top).rev() {
        (acc1, acc2) = Point4::double_pair(&acc1, &acc2);
        let mut pending = lanes_digit(naf_b[i], &BASEPOINT_ODD_4);
        for (naf, table) in nafs.iter().zip(&tables) {
            if let Some(q) = cached_digit(naf[i], table) {
                match pending.take() {
                    None => pending = Some(q),
                    Some(p) => (acc1, acc2) = Point4::add_pair(&acc1, &p, &acc2, &q),
                }
            }
        }
        if let Some(p) = pending {
            acc1 = acc1.add(&p);
        }
    }
    acc1.add(&acc2.to_cached()).to_point()
}

/// The odd multiples P, 3P, ..., 15P.
#[cfg(feature = "alloc")]
#[target_feature(enable = "avx,avx2,bmi1,bmi2,adx,avx512f,avx512vl,avx512ifma")]
#[inline]
fn odd_multiples(p: &EdwardsPoint) -> [Cached4; 8] {
    let p4 = Point4::from_point(p);
    let p2 = p4.double().to_cached();
    let mut acc = p4;
    let mut out = [acc.to_cached(); 8];
    for o in out.iter_mut().skip(1) {
        acc = acc.add(&p2);
        *o = acc.to_cached();
    }
    out
}

/// The odd multiples of two points, the two chains interleaved.
#[target_feature(enable = "avx,avx2,bmi1,bmi2,adx,avx512f,avx512vl,avx512ifma")]
#[inline]
fn odd_multiples_pair(p: &EdwardsPoint, q: &EdwardsPoint) -> ([Cached4; 8], [Cached4; 8]) {
    let (p4, q4) = (Point4::from_point(p), Point4::from_point(q));
    let (p2, q2) = Point4::double_pair(&p4, &q4);
    let (p2, q2) = (p2.to_cached(), q2.to_cached());
    let (mut acc_p, mut acc_q) = (p4, q4);
    let mut out_p = [acc_p.to_cached(); 8];
    let mut out_q = [acc_q.to_cached(); 8];
    for (op, oq) in out_p.iter_mut().zip(out_q.iter_mut()).skip(1) {
        (acc_p, acc_q) = Point4::add_pair(&acc_p, &p2, &acc_q, &q2);
        *op = acc_p.to_cached();
        *oq = acc_q.to_cached();
    }
    (out_p, out_q)
}

#[target_feature(enable = "avx,avx2,bmi1,bmi2,adx,avx512f,avx512vl,avx512ifma")]
#[allow(clippy::too_many_arguments)]
pub(super) fn vartime_four_scalar_mul_ifma(
    b_lo: &[u8; 32],
    b_hi: &[u8; 32],
    c: &[u8; 32],
    p: &EdwardsPoint,
    negate_p: bool,
    e: &[u8; 32],
    q: &EdwardsPoint,
) -> EdwardsPoint {
    let naf_lo = vartime_naf_of_bytes(b_lo, 8);
    let naf_hi = vartime_naf_of_bytes(b_hi, 8);
    let naf_c = vartime_naf_of_bytes(c, 5);
    let naf_e = vartime_naf_of_bytes(e, 5);
    let (table_p, table_q) = odd_multiples_pair(p, q);
    let sign_p: i8 = if negate_p { -1 } else { 1 };
    let top = (0..256)
        .rev()
        .find(|&i| naf_lo[i] | naf_hi[i] | naf_c[i] | naf_e[i] != 0)
        .unwrap_or(0);
    // Two accumulators, one for the base-point terms and one for P and Q,
    // each stepped together with the other (`double_pair`, `add_pair`).
    let mut acc_b = Point4::identity();
    let mut acc_pq = Point4::identity();
    for i in (0..=top).rev() {
        (acc_b, acc_pq) = Point4::double_pair(&acc_b, &acc_pq);
        let mut adds_b = [
            lanes_digit(naf_lo[i], &BASEPOINT_ODD_4),
            lanes_digit(naf_hi[i], &BASEPOINT_128_ODD_4),
        ]
        .into_iter()
        .flatten();
        let mut adds_pq = [
            cached_digit(naf_c[i] * sign_p, &table_p),
            cached_digit(naf_e[i], &table_q),
        ]
        .into_iter()
        .flatten();
        loop {
            match (adds_b.next(), adds_pq.next()) {
                (Some(qb), Some(qpq)) => {
                    (acc_b, acc_pq) = Point4::add_pair(&acc_b, &qb, &acc_pq, &qpq);
                }
                (Some(qb), None) => acc_b = acc_b.add(&qb),
                (None, Some(qpq)) => acc_pq = acc_pq.add(&qpq),
                (None, None) => break,
            }
        }
    }
    acc_b.add(&acc_pq.to_cached()).to_point()
}

/// `d`·P as a cached point from P's odd multiples (`None` for d = 0).
#[target_feature(enable = "avx,avx2,bmi1,bmi2,adx,avx512f,avx512vl,avx512ifma")]
#[inline]
fn cached_digit(d: i8, table: &[Cached4; 8]) -> Option<Cached4> {
    match d {
        0 => None,
        d if d > 0 => Some(table[(d / 2) as usize]),
        d => Some(table[(-d / 2) as usize].neg()),
    }
}

/// The same for a base-point table in memory layout.
#[target_feature(enable = "avx,avx2,bmi1,bmi2,adx,avx512f,avx512vl,avx512ifma")]
#[inline]
fn lanes_digit(d: i8, table: &[Lanes; 64]) -> Option<Cached4> {
    match d {
        0 => None,
        d if d > 0 => Some(Cached4(F4::from_lanes(&table[(d / 2) as usize]))),
        d => Some(Cached4(F4::from_lanes(&table[(-d / 2) as usize])).neg()),
    }
}
