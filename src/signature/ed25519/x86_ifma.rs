//! Ed25519 point arithmetic on AVX-512 IFMA, four field elements at a time.
//!
//! A point in extended coordinates (X, Y, Z, T) lives in one [`F4`]: lane 0
//! is X, lane 1 Y, lane 2 Z, lane 3 T, and vector k holds limb k (radix
//! 2^51, the same limbs as `field.rs`) of all four. `vpmadd52luq` /
//! `vpmadd52huq` give the low and high 52 bits of 52×52-bit products, so one
//! [`F4::mul`] is four independent field multiplications. The addition and
//! doubling formulas of `point.rs` (Hisil–Wong–Carter–Dawson, a = −1) are
//! rearranged so that each needs two such vector multiplications, with lane
//! permutations in between:
//!
//! - addition of (Y−X, Y+X, 2dT, 2Z)-form points: (Y1−X1, Y1+X1, T1, Z1) ⊙ Q
//!   gives (A, B, C, D); then (B−A, D+C, D−C, B−A) ⊙ (D−C, B+A, D+C, B+A)
//!   is (X3, Y3, Z3, T3);
//! - doubling: (X, Y, Z, X+Y)² gives (A, B, Z², S); the completed point
//!   (S−A−B, A+B, B−A, 2Z²−B+A) times a permutation of itself is the double.
//!
//! Bounds: every `F4` leaving a function here is *reduced* (limbs
//! < 2^51 + 2^15), because each addition and subtraction ends with a carry
//! round; IFMA reads only the low 52 bits of its inputs, so reduced inputs
//! are exact. Constant time: no branch or address depends on lane values;
//! the fixed-base table lookup reads every entry and masks. The
//! `vartime_` functions branch on public scalar digits only.
#![allow(unsafe_code)]

#[cfg(feature = "alloc")]
use super::field::Field; // decompress4
use super::field::FieldElement;
use super::lattice::ShortEquation;
use super::point::{AffineNielsPoint, EdwardsPoint};
use super::scalar::{vartime_naf_of_bytes, Scalar};
use super::table::{BASEPOINT_128_ODD_MULTIPLES, BASEPOINT_ODD_MULTIPLES, BASEPOINT_TABLE};
use crate::cpu::Ifma;
use core::arch::x86_64::*;
use subtle::ConstantTimeEq;

/// Four field elements, transposed: `self.0[k]` holds limb k of lanes 0..4.
#[derive(Clone, Copy)]
struct F4([__m256i; 5]);

/// A table entry in memory, transposed like [`F4`].
type Lanes = [[u64; 4]; 5];

const MASK51: i64 = (1 << 51) - 1;
/// 2p in radix 2^51: limb 0 is 2^52 − 38, the others 2^52 − 2.
const TWO_P0: i64 = (1 << 52) - 38;
const TWO_PI: i64 = (1 << 52) - 2;

// Lane selectors for `_mm256_permute4x64_epi64`: lane j takes source lane
// `l_j`; imm = l0 | l1 << 2 | l2 << 4 | l3 << 6.
const fn lanes(l0: i32, l1: i32, l2: i32, l3: i32) -> i32 {
    l0 | (l1 << 2) | (l2 << 4) | (l3 << 6)
}
// Lane masks for `_mm256_blend_epi32` (two 32-bit halves per 64-bit lane).
const fn blend_mask(l0: bool, l1: bool, l2: bool, l3: bool) -> i32 {
    (l0 as i32 * 0x03) | (l1 as i32 * 0x0c) | (l2 as i32 * 0x30) | (l3 as i32 * 0xc0)
}

#[target_feature(enable = "avx,avx2,bmi1,bmi2,adx,avx512f,avx512vl,avx512ifma")]
#[inline]
fn load(x: &[u64; 4]) -> __m256i {
    // SAFETY: `x` is 32 readable bytes and `loadu` has no alignment
    // requirement; AVX is enabled (this fn's target features, detected
    // before any caller could obtain an `Ifma` token).
    unsafe { _mm256_loadu_si256(x.as_ptr().cast()) }
}

#[target_feature(enable = "avx,avx2,bmi1,bmi2,adx,avx512f,avx512vl,avx512ifma")]
#[inline]
fn store(v: __m256i) -> [u64; 4] {
    let mut out = [0u64; 4];
    // SAFETY: `out` is 32 writable bytes and `storeu` has no alignment
    // requirement; AVX is enabled as in `load`.
    unsafe { _mm256_storeu_si256(out.as_mut_ptr().cast(), v) };
    out
}

impl F4 {
    #[target_feature(enable = "avx,avx2,bmi1,bmi2,adx,avx512f,avx512vl,avx512ifma")]
    #[inline]
    fn zero() -> Self {
        Self([_mm256_setzero_si256(); 5])
    }

    /// Lane j = `e[j]`.
    #[target_feature(enable = "avx,avx2,bmi1,bmi2,adx,avx512f,avx512vl,avx512ifma")]
    #[inline]
    fn from_elements(e: [&FieldElement; 4]) -> Self {
        let mut out = Self::zero();
        for (k, v) in out.0.iter_mut().enumerate() {
            *v = load(&[e[0].0[k], e[1].0[k], e[2].0[k], e[3].0[k]]);
        }
        out
    }

    #[target_feature(enable = "avx,avx2,bmi1,bmi2,adx,avx512f,avx512vl,avx512ifma")]
    #[inline]
    fn from_lanes(l: &Lanes) -> Self {
        Self([
            load(&l[0]),
            load(&l[1]),
            load(&l[2]),
            load(&l[3]),
            load(&l[4]),
        ])
    }

    #[target_feature(enable = "avx,avx2,bmi1,bmi2,adx,avx512f,avx512vl,avx512ifma")]
    #[inline]
    fn to_elements(self) -> [FieldElement; 4] {
        let mut out = [FieldElement::ZERO; 4];
        for (k, v) in self.0.iter().enumerate() {
            let l = store(*v);
            for (o, x) in out.iter_mut().zip(l) {
                o.0[k] = x;
            }
        }
        out
    }

    /// One parallel carry round: limbs < 2^61 in, reduced out.
    #[target_feature(enable = "avx,avx2,bmi1,bmi2,adx,avx512f,avx512vl,avx512ifma")]
    #[inline]
    fn carry(r: [__m256i; 5]) -> Self {
        let mask = _mm256_set1_epi64x(MASK51);
        let c: [__m256i; 5] = core::array::from_fn(|k| _mm256_srli_epi64::<51>(r[k]));
        let m: [__m256i; 5] = core::array::from_fn(|k| _mm256_and_si256(r[k], mask));
        Self([
            _mm256_add_epi64(m[0], times19(c[4])),
            _mm256_add_epi64(m[1], c[0]),
            _mm256_add_epi64(m[2], c[1]),
            _mm256_add_epi64(m[3], c[2]),
            _mm256_add_epi64(m[4], c[3]),
        ])
    }

    /// Lane-wise self + b (`NEG` = blend mask of lanes that compute
    /// self + 2p − b instead), then a carry round.
    #[target_feature(enable = "avx,avx2,bmi1,bmi2,adx,avx512f,avx512vl,avx512ifma")]
    #[inline]
    fn add_sub<const NEG: i32>(&self, b: &Self) -> Self {
        let two_p0 = _mm256_set1_epi64x(TWO_P0);
        let two_pi = _mm256_set1_epi64x(TWO_PI);
        let r: [__m256i; 5] = core::array::from_fn(|k| {
            let bias = if k == 0 { two_p0 } else { two_pi };
            let neg = _mm256_sub_epi64(bias, b.0[k]);
            let addend = _mm256_blend_epi32::<NEG>(b.0[k], neg);
            _mm256_add_epi64(self.0[k], addend)
        });
        Self::carry(r)
    }

    /// self ± b + c − d lane-wise (b negated in the lanes of `NEG_B`), with
    /// 2p biases so nothing underflows, then one carry round.
    #[target_feature(enable = "avx,avx2,bmi1,bmi2,adx,avx512f,avx512vl,avx512ifma")]
    #[inline]
    fn combine<const NEG_B: i32>(&self, b: &Self, c: &Self, d: &Self) -> Self {
        let two_p0 = _mm256_set1_epi64x(TWO_P0);
        let two_pi = _mm256_set1_epi64x(TWO_PI);
        let r: [__m256i; 5] = core::array::from_fn(|k| {
            let bias = if k == 0 { two_p0 } else { two_pi };
            let b_signed = _mm256_blend_epi32::<NEG_B>(b.0[k], _mm256_sub_epi64(bias, b.0[k]));
            let minus_d = _mm256_sub_epi64(bias, d.0[k]);
            let sum = _mm256_add_epi64(self.0[k], b_signed);
            _mm256_add_epi64(sum, _mm256_add_epi64(c.0[k], minus_d))
        });
        Self::carry(r)
    }

    /// Lanes permuted by `IMM` (see [`lanes`]).
    #[target_feature(enable = "avx,avx2,bmi1,bmi2,adx,avx512f,avx512vl,avx512ifma")]
    #[inline]
    fn perm<const IMM: i32>(&self) -> Self {
        Self(self.0.map(|v| _mm256_permute4x64_epi64::<IMM>(v)))
    }

    /// Lanes of `b` where `MASK` is set, of self elsewhere.
    #[target_feature(enable = "avx,avx2,bmi1,bmi2,adx,avx512f,avx512vl,avx512ifma")]
    #[inline]
    fn blend<const MASK: i32>(&self, b: &Self) -> Self {
        Self(core::array::from_fn(|k| {
            _mm256_blend_epi32::<MASK>(self.0[k], b.0[k])
        }))
    }

    /// Lane-wise product. Inputs reduced (limbs < 2^52 is what IFMA needs).
    #[target_feature(enable = "avx,avx2,bmi1,bmi2,adx,avx512f,avx512vl,avx512ifma")]
    #[inline]
    fn mul(&self, b: &Self) -> Self {
        let (a, b) = (&self.0, &b.0);
        let z = _mm256_setzero_si256();
        // lo[k]: low 52 bits of products in column k; hi[k]: high parts
        // (bits 52..104) of products in column k - 1, i.e. worth 2·2^(51k).
        let mut lo = [z; 9];
        let mut hi = [z; 10];
        for i in 0..5 {
            for j in 0..5 {
                lo[i + j] = _mm256_madd52lo_epu64(lo[i + j], a[i], b[j]);
                hi[i + j + 1] = _mm256_madd52hi_epu64(hi[i + j + 1], a[i], b[j]);
            }
        }
        Self::reduce_columns(&lo, &hi)
    }

    /// Lane-wise square: the 10 cross products once (their columns are
    /// doubled afterwards) and the 5 squares.
    #[cfg_attr(not(feature = "alloc"), allow(dead_code))]
    #[target_feature(enable = "avx,avx2,bmi1,bmi2,adx,avx512f,avx512vl,avx512ifma")]
    #[inline]
    fn square(&self) -> Self {
        let a = &self.0;
        let z = _mm256_setzero_si256();
        let mut lo = [z; 9];
        let mut hi = [z; 10];
        for i in 0..5 {
            for j in i + 1..5 {
                lo[i + j] = _mm256_madd52lo_epu64(lo[i + j], a[i], a[j]);
                hi[i + j + 1] = _mm256_madd52hi_epu64(hi[i + j + 1], a[i], a[j]);
            }
        }
        for l in lo.iter_mut() {
            *l = _mm256_add_epi64(*l, *l);
        }
        for h in hi.iter_mut() {
            *h = _mm256_add_epi64(*h, *h);
        }
        for i in 0..5 {
            lo[2 * i] = _mm256_madd52lo_epu64(lo[2 * i], a[i], a[i]);
            hi[2 * i + 1] = _mm256_madd52hi_epu64(hi[2 * i + 1], a[i], a[i]);
        }
        Self::reduce_columns(&lo, &hi)
    }

    /// Σ lo[k]·2^(51k) + Σ hi[k]·2^(51k+1), reduced mod p. Each lo[k] and
    /// hi[k] is < 10·2^52, so column c_k = lo[k] + 2·hi[k] < 2^57 and
    /// c_k + 19·c_(k+5) < 2^62: no lane overflows.
    #[target_feature(enable = "avx,avx2,bmi1,bmi2,adx,avx512f,avx512vl,avx512ifma")]
    #[inline]
    fn reduce_columns(lo: &[__m256i; 9], hi: &[__m256i; 10]) -> Self {
        let col = |k: usize| {
            let h = _mm256_add_epi64(hi[k], hi[k]);
            if k < 9 {
                _mm256_add_epi64(lo[k], h)
            } else {
                h
            }
        };
        let r: [__m256i; 5] =
            core::array::from_fn(|k| _mm256_add_epi64(col(k), times19(col(k + 5))));
        Self::carry(r)
    }
}

#[cfg_attr(not(feature = "alloc"), allow(dead_code))]
impl F4 {
    /// self^(2^k), k ≥ 1, lane-wise.
    #[target_feature(enable = "avx,avx2,bmi1,bmi2,adx,avx512f,avx512vl,avx512ifma")]
    #[inline]
    fn pow2k(&self, k: u32) -> Self {
        let mut x = self.square();
        for _ in 1..k {
            x = x.square();
        }
        x
    }

    /// self^((p-5)/8) lane-wise: the addition chain of `field.rs`.
    #[target_feature(enable = "avx,avx2,bmi1,bmi2,adx,avx512f,avx512vl,avx512ifma")]
    #[inline]
    fn pow_p58(&self) -> Self {
        let z2 = self.square();
        let z9 = z2.pow2k(2).mul(self);
        let z11 = z9.mul(&z2);
        let z2_5_0 = z11.square().mul(&z9);
        let z2_10_0 = z2_5_0.pow2k(5).mul(&z2_5_0);
        let z2_20_0 = z2_10_0.pow2k(10).mul(&z2_10_0);
        let z2_40_0 = z2_20_0.pow2k(20).mul(&z2_20_0);
        let z2_50_0 = z2_40_0.pow2k(10).mul(&z2_10_0);
        let z2_100_0 = z2_50_0.pow2k(50).mul(&z2_50_0);
        let z2_200_0 = z2_100_0.pow2k(100).mul(&z2_100_0);
        let z2_250_0 = z2_200_0.pow2k(50).mul(&z2_50_0);
        z2_250_0.pow2k(2).mul(self)
    }
}

/// 19·x = 16x + 2x + x, lane-wise.
#[target_feature(enable = "avx,avx2,bmi1,bmi2,adx,avx512f,avx512vl,avx512ifma")]
#[inline]
fn times19(x: __m256i) -> __m256i {
    let x16 = _mm256_slli_epi64::<4>(x);
    let x2 = _mm256_add_epi64(x, x);
    _mm256_add_epi64(_mm256_add_epi64(x16, x2), x)
}

/// An extended point (X, Y, Z, T) in lanes 0..4.
#[derive(Clone, Copy)]
struct Point4(F4);

/// A point ready to be added: (Y−X, Y+X, 2dT, 2Z) — or (y−x, y+x, 2dxy, 2)
/// for an affine table entry — in lanes 0..4.
#[derive(Clone, Copy)]
struct Cached4(F4);

impl Point4 {
    #[target_feature(enable = "avx,avx2,bmi1,bmi2,adx,avx512f,avx512vl,avx512ifma")]
    #[inline]
    fn from_point(p: &EdwardsPoint) -> Self {
        Self(F4::from_elements([&p.x, &p.y, &p.z, &p.t]))
    }

    #[target_feature(enable = "avx,avx2,bmi1,bmi2,adx,avx512f,avx512vl,avx512ifma")]
    #[inline]
    fn to_point(self) -> EdwardsPoint {
        let [x, y, z, t] = self.0.to_elements();
        EdwardsPoint { x, y, z, t }
    }

    #[target_feature(enable = "avx,avx2,bmi1,bmi2,adx,avx512f,avx512vl,avx512ifma")]
    #[inline]
    fn identity() -> Self {
        Self::from_point(&EdwardsPoint::IDENTITY)
    }

    /// (Y−X, Y+X, T, Z), or (Y+X, Y−X, T, Z) when `SWAP`.
    #[target_feature(enable = "avx,avx2,bmi1,bmi2,adx,avx512f,avx512vl,avx512ifma")]
    #[inline]
    fn diff_sum<const SWAP: bool>(&self) -> F4 {
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
    fn add(&self, q: &Cached4) -> Self {
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
    fn add_pair(a: &Self, qa: &Cached4, b: &Self, qb: &Cached4) -> (Self, Self) {
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
    fn sub(&self, q: &Cached4) -> Self {
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
    fn double(&self) -> Self {
        let q = self.double_step1();
        let (u, w) = Self::double_step2(&q);
        Self(u.mul(&w))
    }

    /// (2a, 2b), the two doublings interleaved step by step.
    #[target_feature(enable = "avx,avx2,bmi1,bmi2,adx,avx512f,avx512vl,avx512ifma")]
    #[inline]
    fn double_pair(a: &Self, b: &Self) -> (Self, Self) {
        let qa = a.double_step1();
        let qb = b.double_step1();
        let (ua, wa) = Self::double_step2(&qa);
        let (ub, wb) = Self::double_step2(&qb);
        (Self(ua.mul(&wa)), Self(ub.mul(&wb)))
    }

    /// (X, Y, Z, X) ⊙ (X, Y, Z, Y) = (A, B, ZZ, XY) with A = X², B = Y².
    #[target_feature(enable = "avx,avx2,bmi1,bmi2,adx,avx512f,avx512vl,avx512ifma")]
    #[inline]
    fn double_step1(&self) -> F4 {
        self.0
            .perm::<{ lanes(0, 1, 2, 0) }>()
            .mul(&self.0.perm::<{ lanes(0, 1, 2, 1) }>())
    }

    /// From (A, B, ZZ, XY) to the two factors of the doubled point.
    #[target_feature(enable = "avx,avx2,bmi1,bmi2,adx,avx512f,avx512vl,avx512ifma")]
    #[inline]
    fn double_step2(q: &F4) -> (F4, F4) {
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
    fn to_cached(self) -> Cached4 {
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
    fn neg(&self) -> Self {
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
fn mul_base_ifma(s: &Scalar) -> EdwardsPoint {
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

/// [s]B in constant time (see `table.rs` for the method).
#[cfg(test)]
pub(super) fn mul_base(_proof: Ifma, s: &Scalar) -> EdwardsPoint {
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
pub(super) fn mul_base_encoded(_proof: Ifma, s: &Scalar) -> (EdwardsPoint, [u8; 32]) {
    // SAFETY: as in `mul_base`: the token proves `cpu::IFMA_FEATURES`.
    unsafe { mul_base_encoded_ifma(s) }
}

#[target_feature(enable = "avx,avx2,bmi1,bmi2,adx,avx512f,avx512vl,avx512ifma")]
fn decompress_ifma(bytes: &[u8; 32]) -> Option<EdwardsPoint> {
    EdwardsPoint::decompress(bytes)
}

/// `EdwardsPoint::decompress` compiled with BMI2/ADX (the square root's
/// exponentiation is most of its cost).
pub(super) fn decompress(_proof: Ifma, bytes: &[u8; 32]) -> Option<EdwardsPoint> {
    // SAFETY: as in `mul_base`: the token proves `cpu::IFMA_FEATURES`.
    unsafe { decompress_ifma(bytes) }
}

/// Decodes up to four encodings at once: the square-root exponentiation runs
/// lane-wise (RFC 8032 §5.1.3, as `EdwardsPoint::decompress`), the cheap
/// per-lane checks then run on scalars.
#[cfg(feature = "alloc")]
#[target_feature(enable = "avx,avx2,bmi1,bmi2,adx,avx512f,avx512vl,avx512ifma")]
fn decompress4_ifma(bytes: [&[u8; 32]; 4]) -> [Option<EdwardsPoint>; 4] {
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

/// Decodes four encodings (see `decompress4_ifma`).
#[cfg(feature = "alloc")]
pub(super) fn decompress4(_proof: Ifma, bytes: [&[u8; 32]; 4]) -> [Option<EdwardsPoint>; 4] {
    // SAFETY: as in `mul_base`: the token proves `cpu::IFMA_FEATURES`.
    unsafe { decompress4_ifma(bytes) }
}

/// Σ [s_i]P_i + [b]B, variable time: Straus with width-5 NAF digits against
/// the points' odd multiples and width-8 digits against the precomputed
/// base-point table, the additions spread over two accumulators that step
/// together (`add_pair`).
#[cfg(feature = "alloc")]
#[target_feature(enable = "avx,avx2,bmi1,bmi2,adx,avx512f,avx512vl,avx512ifma")]
fn vartime_multiscalar_mul_ifma(
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

/// Σ [s_i]P_i + [b]B, variable time (see `vartime_multiscalar_mul_ifma`).
#[cfg(feature = "alloc")]
pub(super) fn vartime_multiscalar_mul(
    _proof: Ifma,
    b: &Scalar,
    scalars: &[Scalar],
    points: &[EdwardsPoint],
) -> EdwardsPoint {
    // SAFETY: as in `mul_base`: the token proves `cpu::IFMA_FEATURES`.
    unsafe { vartime_multiscalar_mul_ifma(b, scalars, points) }
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
fn vartime_four_scalar_mul_ifma(
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

/// [b_lo]B + [b_hi](2^128·B) + [±c]P + [e]Q, every scalar below 2^128;
/// see `vartime::vartime_four_scalar_mul`.
pub(super) fn vartime_four_scalar_mul(_proof: Ifma, eq: &ShortEquation) -> EdwardsPoint {
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
    use super::*;

    fn token() -> Option<Ifma> {
        crate::cpu::ifma()
    }

    fn pseudo_random_point(i: u64) -> EdwardsPoint {
        let mut b = [0u8; 32];
        b[..8].copy_from_slice(&(i.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ 77).to_le_bytes());
        b[8..16].copy_from_slice(&i.to_le_bytes());
        super::super::table::mul_base(&Scalar::from_bytes_mod_order(&b))
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
            let soft = super::super::table::mul_base(&s);
            assert!(bool::from(ours.ct_eq(&soft)));
        }
    }
}
