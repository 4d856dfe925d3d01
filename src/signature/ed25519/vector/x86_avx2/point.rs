//! The point layer of the AVX2 backend: Ed25519 points with their four
//! extended coordinates in the four lanes of an [`F4`] (lane 0 is X, lane 1
//! Y, lane 2 Z, lane 3 T), and the variable-base multiplication loops of
//! verification on them.
//!
//! The same arrangement of the Hisil–Wong–Carter–Dawson formulas (a = −1)
//! as the IFMA backend (`vector/x86_ifma/point.rs`), whose lane shuffles it
//! shares: each addition and doubling is two vector multiplications with
//! lane permutations in between. Only the field layer under it differs.
//! The `vartime_` functions branch on public scalar digits only.
#![allow(unsafe_code)]

use super::field::{affine_lanes, blend_mask, lanes, Lanes, F4};
#[cfg(feature = "alloc")]
use crate::signature::ed25519::field::Field; // decompress4
use crate::signature::ed25519::field::FieldElement;
use crate::signature::ed25519::lattice::ShortEquation;
use crate::signature::ed25519::point::{AffineNielsPoint, EdwardsPoint};
use crate::signature::ed25519::scalar::vartime_naf_of_bytes;
#[cfg(feature = "alloc")]
use crate::signature::ed25519::scalar::Scalar;
use crate::signature::ed25519::table::{BASEPOINT_128_ODD_MULTIPLES, BASEPOINT_ODD_MULTIPLES};
#[cfg(feature = "alloc")]
use subtle::ConstantTimeEq;

/// An extended point (X, Y, Z, T) in lanes 0..4.
#[derive(Clone, Copy)]
pub(super) struct Point4(pub(super) F4);

/// A point ready to be added: (Y−X, Y+X, 2dT, 2Z) — or (y−x, y+x, 2dxy, 2)
/// for an affine table entry — in lanes 0..4.
#[derive(Clone, Copy)]
pub(super) struct Cached4(pub(super) F4);

impl Point4 {
    #[target_feature(enable = "avx,avx2,bmi1,bmi2")]
    #[inline]
    pub(super) fn from_point(p: &EdwardsPoint) -> Self {
        Self(F4::from_elements([&p.x, &p.y, &p.z, &p.t]))
    }

    #[target_feature(enable = "avx,avx2,bmi1,bmi2")]
    #[inline]
    pub(super) fn to_point(self) -> EdwardsPoint {
        let [x, y, z, t] = self.0.to_elements();
        EdwardsPoint { x, y, z, t }
    }

    #[target_feature(enable = "avx,avx2,bmi1,bmi2")]
    #[inline]
    pub(super) fn identity() -> Self {
        Self::from_point(&EdwardsPoint::IDENTITY)
    }

    /// (Y−X, Y+X, T, Z), or (Y+X, Y−X, T, Z) when `SWAP`.
    #[target_feature(enable = "avx,avx2,bmi1,bmi2")]
    #[inline]
    pub(super) fn diff_sum<const SWAP: bool>(&self) -> F4 {
        let p1 = self.0.perm::<{ lanes(1, 1, 3, 2) }>(); // Y, Y, T, Z
        let xs = self.0.perm::<{ lanes(0, 0, 0, 0) }>();
        let p2 = F4::zero().blend::<{ blend_mask(true, true, false, false) }>(&xs); // X, X, 0, 0
        if SWAP {
            p1.add_sub_lazy::<{ blend_mask(false, true, false, false) }>(&p2)
        } else {
            p1.add_sub_lazy::<{ blend_mask(true, false, false, false) }>(&p2)
        }
    }

    /// self + q.
    #[target_feature(enable = "avx,avx2,bmi1,bmi2")]
    #[inline]
    pub(super) fn add(&self, q: &Cached4) -> Self {
        // (A, B, C, D) = ((Y1−X1)(Y2−X2), (Y1+X1)(Y2+X2), T1·2dT2, 2Z1Z2)
        let c = self.diff_sum::<false>().mul(&q.0);
        // (B−A, D+C, D−C, B−A) ⊙ (D−C, B+A, D+C, B+A)
        let u = c
            .perm::<{ lanes(1, 3, 3, 1) }>()
            .add_sub_lazy::<{ blend_mask(true, false, true, true) }>(
                &c.perm::<{ lanes(0, 2, 2, 0) }>(),
            );
        let w = c
            .perm::<{ lanes(3, 1, 3, 1) }>()
            .add_sub_lazy::<{ blend_mask(true, false, false, false) }>(
                &c.perm::<{ lanes(2, 0, 2, 0) }>(),
            );
        Self(u.mul(&w))
    }

    /// self − q: the negation folded into the formula (y±x swapped, C
    /// negated through the lane signs), so no negated copy of q is made.
    #[target_feature(enable = "avx,avx2,bmi1,bmi2")]
    #[inline]
    pub(super) fn sub(&self, q: &Cached4) -> Self {
        // (B', A', C, D) = ((Y1+X1)(Y2−X2), (Y1−X1)(Y2+X2), T1·2dT2, 2Z1Z2);
        // −q has y±x swapped and C negated, so X3 = (B'−A')(D+C), ...
        let c = self.diff_sum::<true>().mul(&q.0);
        let u = c
            .perm::<{ lanes(0, 3, 3, 0) }>()
            .add_sub_lazy::<{ blend_mask(true, true, false, true) }>(
                &c.perm::<{ lanes(1, 2, 2, 1) }>(),
            );
        let w = c
            .perm::<{ lanes(3, 0, 3, 0) }>()
            .add_sub_lazy::<{ blend_mask(false, false, true, false) }>(
                &c.perm::<{ lanes(2, 1, 2, 1) }>(),
            );
        Self(u.mul(&w))
    }

    /// 2·self.
    #[target_feature(enable = "avx,avx2,bmi1,bmi2")]
    #[inline]
    pub(super) fn double(&self) -> Self {
        let q = self.double_step1();
        let (u, w) = Self::double_step2(&q);
        Self(u.mul(&w))
    }

    /// (X, Y, Z, X+Y)² = (A, B, ZZ, S) with A = X², B = Y², S = (X+Y)²:
    /// one lane-wise squaring (55 products) instead of a product (100).
    #[target_feature(enable = "avx,avx2,bmi1,bmi2")]
    #[inline]
    pub(super) fn double_step1(&self) -> F4 {
        const LANE3: i32 = blend_mask(false, false, false, true);
        let xyzx = self.0.perm::<{ lanes(0, 1, 2, 0) }>();
        let y3 = F4::zero().blend::<LANE3>(&self.0.perm::<{ lanes(1, 1, 1, 1) }>());
        // Carried (not lazy): `square` needs reduced input.
        xyzx.add_sub::<0>(&y3).square()
    }

    /// From (A, B, ZZ, S) to the two factors of the doubled point.
    #[target_feature(enable = "avx,avx2,bmi1,bmi2")]
    #[inline]
    pub(super) fn double_step2(q: &F4) -> (F4, F4) {
        // The completed point (2XY, A+B, B−A, 2ZZ−B+A) (x = X_c/Z_c,
        // y = Y_c/T_c; 2XY = S − A − B), as one linear combination:
        // (S, A, B, ZZ) ± (A, B, A, ZZ) + (0, 0, 0, A) − (B, 0, 0, B), the
        // second term negated in lanes 0 and 2.
        let y1 = q.perm::<{ lanes(3, 0, 1, 2) }>();
        let y2 = q.perm::<{ lanes(0, 1, 0, 2) }>();
        let a3 = F4::zero()
            .blend::<{ blend_mask(false, false, false, true) }>(&q.perm::<{ lanes(0, 0, 0, 0) }>());
        let b03 = F4::zero()
            .blend::<{ blend_mask(true, false, false, true) }>(&q.perm::<{ lanes(1, 1, 1, 1) }>());
        let c = y1.combine::<{ blend_mask(true, false, true, false) }>(&y2, &a3, &b03);
        // (X_c, Y_c, Z_c, X_c) ⊙ (T_c, Z_c, T_c, Y_c)
        let u = c.perm::<{ lanes(0, 1, 2, 0) }>();
        let w = c.perm::<{ lanes(3, 2, 3, 1) }>();
        (u, w)
    }

    /// (Y−X, Y+X, 2dT, 2Z).
    #[target_feature(enable = "avx,avx2,bmi1,bmi2")]
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
    /// The negated point: y±x swapped, 2dT negated (tests: the loops
    /// subtract instead).
    #[cfg(test)]
    #[target_feature(enable = "avx,avx2,bmi1,bmi2")]
    #[inline]
    pub(super) fn neg(&self) -> Self {
        let swapped = self.0.perm::<{ lanes(1, 0, 2, 3) }>();
        Self(F4::zero().add_sub_lazy::<{ blend_mask(false, false, true, false) }>(&swapped))
    }
}

/// 2 as a field element (lane 3 of an affine Niels entry).
const TWO: FieldElement = {
    let mut t = FieldElement::ZERO;
    t.0[0] = 2;
    t
};

const fn table_lanes<const N: usize>(t: &[AffineNielsPoint; N]) -> [Lanes; N] {
    let mut out = [[[0u32; 4]; 10]; N];
    let mut i = 0;
    while i < N {
        let p = &t[i];
        out[i] = affine_lanes([&p.y_minus_x, &p.y_plus_x, &p.xy2d, &TWO]);
        i += 1;
    }
    out
}

/// `table::BASEPOINT_ODD_MULTIPLES` in vector layout (at compile time).
static BASEPOINT_ODD_4: [Lanes; 64] = table_lanes(&BASEPOINT_ODD_MULTIPLES);
/// `table::BASEPOINT_128_ODD_MULTIPLES` in vector layout.
static BASEPOINT_128_ODD_4: [Lanes; 64] = table_lanes(&BASEPOINT_128_ODD_MULTIPLES);

/// Decodes up to four encodings at once: the square-root exponentiation runs
/// lane-wise (RFC 8032 §5.1.3, as `EdwardsPoint::decompress`), the cheap
/// per-lane checks then run on scalars.
#[cfg(feature = "alloc")]
#[target_feature(enable = "avx,avx2,bmi1,bmi2")]
pub(super) fn decompress4_avx2(bytes: [&[u8; 32]; 4]) -> [Option<EdwardsPoint>; 4] {
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
/// base-point table, one shared chain of doublings. (One accumulator, not
/// the IFMA backend's two: AVX2 products are throughput-bound, ten
/// independent vectors each, so a second chain of doublings would only
/// add work.)
#[cfg(feature = "alloc")]
#[target_feature(enable = "avx,avx2,bmi1,bmi2")]
pub(super) fn vartime_multiscalar_mul_avx2(
    b: &Scalar,
    scalars: &[Scalar],
    points: &[EdwardsPoint],
) -> EdwardsPoint {
    use alloc::vec::Vec;
    let naf_b = b.vartime_naf(8);
    let nafs: Vec<[i8; 256]> = scalars.iter().map(|s| s.vartime_naf(5)).collect();
    let mut tables: Vec<[Cached4; 8]> = Vec::with_capacity(points.len());
    for p in points {
        tables.push(odd_multiples(p));
    }
    let top = (0..256)
        .rev()
        .find(|&i| naf_b[i] != 0 || nafs.iter().any(|n| n[i] != 0))
        .unwrap_or(0);
    let mut acc = Point4::identity();
    for i in (0..=top).rev() {
        acc = acc.double();
        add_lanes_digit(&mut acc, naf_b[i], &BASEPOINT_ODD_4);
        for (naf, table) in nafs.iter().zip(&tables) {
            add_cached_digit(&mut acc, naf[i], table);
        }
    }
    acc.to_point()
}

/// The odd multiples P, 3P, ..., 15P.
#[target_feature(enable = "avx,avx2,bmi1,bmi2")]
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

/// [b_lo]B + [b_hi](2^128·B) + [±c]P + [e]Q, every scalar below 2^128, one
/// shared chain of 128 doublings (see `vartime_multiscalar_mul_avx2` for
/// why one).
#[target_feature(enable = "avx,avx2,bmi1,bmi2")]
pub(super) fn vartime_four_scalar_mul_avx2(eq: &ShortEquation) -> EdwardsPoint {
    let ShortEquation {
        b_lo,
        b_hi,
        c,
        p,
        negate_p,
        e,
        q,
    } = eq;
    let naf_lo = vartime_naf_of_bytes(b_lo, 8);
    let naf_hi = vartime_naf_of_bytes(b_hi, 8);
    let naf_c = vartime_naf_of_bytes(c, 5);
    let naf_e = vartime_naf_of_bytes(e, 5);
    let table_p = odd_multiples(p);
    let table_q = odd_multiples(q);
    let sign_p: i8 = if *negate_p { -1 } else { 1 };
    let top = (0..256)
        .rev()
        .find(|&i| naf_lo[i] | naf_hi[i] | naf_c[i] | naf_e[i] != 0)
        .unwrap_or(0);
    let mut acc = Point4::identity();
    for i in (0..=top).rev() {
        acc = acc.double();
        add_lanes_digit(&mut acc, naf_lo[i], &BASEPOINT_ODD_4);
        add_lanes_digit(&mut acc, naf_hi[i], &BASEPOINT_128_ODD_4);
        add_cached_digit(&mut acc, naf_c[i] * sign_p, &table_p);
        add_cached_digit(&mut acc, naf_e[i], &table_q);
    }
    acc.to_point()
}

/// acc += d·P for a NAF digit d and P's odd multiples (nothing for d = 0,
/// the common case, without touching acc).
#[target_feature(enable = "avx,avx2,bmi1,bmi2")]
#[inline]
fn add_cached_digit(acc: &mut Point4, d: i8, table: &[Cached4; 8]) {
    if d > 0 {
        *acc = acc.add(&table[(d / 2) as usize]);
    } else if d < 0 {
        *acc = acc.sub(&table[(-d / 2) as usize]);
    }
}

/// The same for a base-point table in memory layout.
#[target_feature(enable = "avx,avx2,bmi1,bmi2")]
#[inline]
fn add_lanes_digit(acc: &mut Point4, d: i8, table: &[Lanes; 64]) {
    if d > 0 {
        *acc = acc.add(&Cached4(F4::from_lanes(&table[(d / 2) as usize])));
    } else if d < 0 {
        *acc = acc.sub(&Cached4(F4::from_lanes(&table[(-d / 2) as usize])));
    }
}
