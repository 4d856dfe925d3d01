//! The field layer of the IFMA backend: four elements of GF(2^255 − 19) at
//! once, one per 64-bit lane of a 256-bit vector.
//!
//! Vector k of an [`F4`] holds limb k (radix 2^51, the same limbs as
//! `field.rs`) of all four lanes. `vpmadd52luq` / `vpmadd52huq` give the
//! low and high 52 bits of 52×52-bit products, so one [`F4::mul`] is four
//! independent field multiplications.
//!
//! Bounds: every `F4` leaving a function here is *reduced* (limbs
//! < 2^51 + 2^15), because each addition and subtraction ends with a carry
//! round; IFMA reads only the low 52 bits of its inputs, so reduced inputs
//! are exact. Constant time: no branch or address depends on lane values.
#![allow(unsafe_code)]

use crate::signature::ed25519::field::FieldElement;
use core::arch::x86_64::*;

/// Four field elements, transposed: `self.0[k]` holds limb k of lanes 0..4.
#[derive(Clone, Copy)]
pub(super) struct F4(pub(super) [__m256i; 5]);

/// A table entry in memory, transposed like [`F4`].
pub(super) type Lanes = [[u64; 4]; 5];

const MASK51: i64 = (1 << 51) - 1;
/// 2p in radix 2^51: limb 0 is 2^52 − 38, the others 2^52 − 2.
const TWO_P0: i64 = (1 << 52) - 38;
const TWO_PI: i64 = (1 << 52) - 2;

// Lane selectors for `_mm256_permute4x64_epi64`: lane j takes source lane
// `l_j`; imm = l0 | l1 << 2 | l2 << 4 | l3 << 6.
pub(super) const fn lanes(l0: i32, l1: i32, l2: i32, l3: i32) -> i32 {
    l0 | (l1 << 2) | (l2 << 4) | (l3 << 6)
}
// Lane masks for `_mm256_blend_epi32` (two 32-bit halves per 64-bit lane).
pub(super) const fn blend_mask(l0: bool, l1: bool, l2: bool, l3: bool) -> i32 {
    (l0 as i32 * 0x03) | (l1 as i32 * 0x0c) | (l2 as i32 * 0x30) | (l3 as i32 * 0xc0)
}

#[target_feature(enable = "avx,avx2,bmi1,bmi2,adx,avx512f,avx512vl,avx512ifma")]
#[inline]
pub(super) fn load(x: &[u64; 4]) -> __m256i {
    // SAFETY: `x` is 32 readable bytes and `loadu` has no alignment
    // requirement; AVX is enabled (this fn's target features, detected
    // before any caller could obtain an `Ifma` token).
    unsafe { _mm256_loadu_si256(x.as_ptr().cast()) }
}

#[target_feature(enable = "avx,avx2,bmi1,bmi2,adx,avx512f,avx512vl,avx512ifma")]
#[inline]
pub(super) fn store(v: __m256i) -> [u64; 4] {
    let mut out = [0u64; 4];
    // SAFETY: `out` is 32 writable bytes and `storeu` has no alignment
    // requirement; AVX is enabled as in `load`.
    unsafe { _mm256_storeu_si256(out.as_mut_ptr().cast(), v) };
    out
}

impl F4 {
    #[target_feature(enable = "avx,avx2,bmi1,bmi2,adx,avx512f,avx512vl,avx512ifma")]
    #[inline]
    pub(super) fn zero() -> Self {
        Self([_mm256_setzero_si256(); 5])
    }

    /// Lane j = `e[j]`.
    #[target_feature(enable = "avx,avx2,bmi1,bmi2,adx,avx512f,avx512vl,avx512ifma")]
    #[inline]
    pub(super) fn from_elements(e: [&FieldElement; 4]) -> Self {
        let mut out = Self::zero();
        for (k, v) in out.0.iter_mut().enumerate() {
            *v = load(&[e[0].0[k], e[1].0[k], e[2].0[k], e[3].0[k]]);
        }
        out
    }

    #[target_feature(enable = "avx,avx2,bmi1,bmi2,adx,avx512f,avx512vl,avx512ifma")]
    #[inline]
    pub(super) fn from_lanes(l: &Lanes) -> Self {
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
    pub(super) fn to_elements(self) -> [FieldElement; 4] {
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
    pub(super) fn carry(r: [__m256i; 5]) -> Self {
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
    pub(super) fn add_sub<const NEG: i32>(&self, b: &Self) -> Self {
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
    pub(super) fn combine<const NEG_B: i32>(&self, b: &Self, c: &Self, d: &Self) -> Self {
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
    pub(super) fn perm<const IMM: i32>(&self) -> Self {
        Self(self.0.map(|v| _mm256_permute4x64_epi64::<IMM>(v)))
    }

    /// Lanes of `b` where `MASK` is set, of self elsewhere.
    #[target_feature(enable = "avx,avx2,bmi1,bmi2,adx,avx512f,avx512vl,avx512ifma")]
    #[inline]
    pub(super) fn blend<const MASK: i32>(&self, b: &Self) -> Self {
        Self(core::array::from_fn(|k| {
            _mm256_blend_epi32::<MASK>(self.0[k], b.0[k])
        }))
    }

    /// Lane-wise product. Inputs reduced (limbs < 2^52 is what IFMA needs).
    #[target_feature(enable = "avx,avx2,bmi1,bmi2,adx,avx512f,avx512vl,avx512ifma")]
    #[inline]
    pub(super) fn mul(&self, b: &Self) -> Self {
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
    pub(super) fn square(&self) -> Self {
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
    pub(super) fn reduce_columns(lo: &[__m256i; 9], hi: &[__m256i; 10]) -> Self {
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
    pub(super) fn pow2k(&self, k: u32) -> Self {
        let mut x = self.square();
        for _ in 1..k {
            x = x.square();
        }
        x
    }

    /// self^((p-5)/8) lane-wise: the addition chain of `field.rs`.
    #[target_feature(enable = "avx,avx2,bmi1,bmi2,adx,avx512f,avx512vl,avx512ifma")]
    #[inline]
    pub(super) fn pow_p58(&self) -> Self {
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
pub(super) fn times19(x: __m256i) -> __m256i {
    let x16 = _mm256_slli_epi64::<4>(x);
    let x2 = _mm256_add_epi64(x, x);
    _mm256_add_epi64(_mm256_add_epi64(x16, x2), x)
}
