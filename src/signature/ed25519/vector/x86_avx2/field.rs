//! The field layer of the AVX2 backend: four elements of GF(2^255 − 19) at
//! once, one per 64-bit lane of a 256-bit vector.
//!
//! AVX2 multiplies only 32×32 → 64 bits (`vpmuludq`, four lanes at a time),
//! so an element is ten limbs in radix 2^25.5: limb i has weight
//! 2^⌈25.5·i⌉ (0, 26, 51, 77, ..., 230), 26 bits wide for even i and 25 for
//! odd i. Vector i of an [`F4`] holds limb i of the four lanes. In the
//! schoolbook product, limb i times limb j lands on weight ⌈25.5(i+j)⌉
//! except when both are odd, where it is worth twice that (so one factor is
//! doubled), and columns ≥ 10 wrap around with 2^255 ≡ 19 (so the other
//! factor is taken times 19).
//!
//! Bounds (checked in `tests`): every `F4` leaving a function here is
//! *reduced*: limb i < 2^b_i + 2^17 with b_i the limb's width, except the
//! output of [`F4::add_sub_lazy`], which is *loose* (limbs < 2^27.6) and
//! may only be a factor of [`F4::mul`]. For reduced or loose factors,
//! 2·a_i < 2^27.6 and 19·b_j < 2^31.9 fit the 32-bit multiplier inputs,
//! every product is < 2^59.5 and every column of ten products < 2^62.8, so
//! no 64-bit lane overflows, and the carry chain of `reduce_columns` ends
//! with every limb reduced; [`F4::square`] needs a reduced input
//! (38·a_j < 2^32). The additions start from 2p − b (no underflow: 2p's
//! limbs exceed every reduced limb) and, except the lazy one, end with a
//! carry round. Constant time: no branch or address depends on lane values.
#![allow(unsafe_code)]

use crate::signature::ed25519::field::FieldElement;
use core::arch::x86_64::*;

/// Four field elements, transposed: `self.0[i]` holds limb i of lanes 0..4.
#[derive(Clone, Copy)]
pub(super) struct F4(pub(super) [__m256i; 10]);

/// A table entry in memory, transposed like [`F4`]: limb i of the four
/// lanes as 32-bit words (half the cache footprint of 64-bit ones).
pub(super) type Lanes = [[u32; 4]; 10];

/// `[expr(0), ..., expr(9)]`, limb by limb: a plain loop in the calling
/// function (closures, as in `array::from_fn`, are separate functions
/// without its target features, which LLVM would not inline).
macro_rules! limbs {
    ($i:ident => $e:expr) => {{
        let mut out = [_mm256_setzero_si256(); 10];
        for $i in 0..10 {
            out[$i] = $e;
        }
        out
    }};
}

/// Width in bits of limb i.
const fn width(i: usize) -> i32 {
    if i & 1 == 0 {
        26
    } else {
        25
    }
}

/// 2p in radix 2^25.5: 2^27 − 38, then 2^26 − 2 and 2^27 − 2 alternating.
const fn two_p(i: usize) -> i64 {
    if i == 0 {
        (1 << 27) - 38
    } else {
        (1 << (width(i) + 1)) - 2
    }
}

// Lane selectors for `_mm256_permute4x64_epi64`: lane j takes source lane
// `l_j`; imm = l0 | l1 << 2 | l2 << 4 | l3 << 6.
pub(super) const fn lanes(l0: i32, l1: i32, l2: i32, l3: i32) -> i32 {
    l0 | (l1 << 2) | (l2 << 4) | (l3 << 6)
}
// Lane masks for `_mm256_blend_epi32` (two 32-bit halves per 64-bit lane).
pub(super) const fn blend_mask(l0: bool, l1: bool, l2: bool, l3: bool) -> i32 {
    (l0 as i32 * 0x03) | (l1 as i32 * 0x0c) | (l2 as i32 * 0x30) | (l3 as i32 * 0xc0)
}

#[target_feature(enable = "avx,avx2,bmi1,bmi2")]
#[inline]
fn load(x: &[u64; 4]) -> __m256i {
    // SAFETY: `x` is 32 readable bytes and `loadu` has no alignment
    // requirement; AVX is enabled (this fn's target features, detected
    // before any caller could obtain an `Avx2` token).
    unsafe { _mm256_loadu_si256(x.as_ptr().cast()) }
}

/// Four 32-bit words, zero-extended into the four 64-bit lanes.
#[target_feature(enable = "avx,avx2,bmi1,bmi2")]
#[inline]
fn load32(x: &[u32; 4]) -> __m256i {
    // SAFETY: `x` is 16 readable bytes and `loadu` has no alignment
    // requirement; SSE2 and AVX2 are enabled as in `load`.
    unsafe { _mm256_cvtepu32_epi64(_mm_loadu_si128(x.as_ptr().cast())) }
}

#[target_feature(enable = "avx,avx2,bmi1,bmi2")]
#[inline]
fn store(v: __m256i) -> [u64; 4] {
    let mut out = [0u64; 4];
    // SAFETY: `out` is 32 writable bytes and `storeu` has no alignment
    // requirement; AVX is enabled as in `load`.
    unsafe { _mm256_storeu_si256(out.as_mut_ptr().cast(), v) };
    out
}

/// 19·x = 16x + 2x + x, lane-wise (any x < 2^59).
#[target_feature(enable = "avx,avx2,bmi1,bmi2")]
#[inline]
fn times19(x: __m256i) -> __m256i {
    let x16 = _mm256_slli_epi64::<4>(x);
    let x2 = _mm256_add_epi64(x, x);
    _mm256_add_epi64(_mm256_add_epi64(x16, x2), x)
}

/// Limb i split off its carry: (limb mod 2^width, limb >> width).
#[target_feature(enable = "avx,avx2,bmi1,bmi2")]
#[inline]
fn split(x: __m256i, i: usize) -> (__m256i, __m256i) {
    if i & 1 == 0 {
        let mask = _mm256_set1_epi64x((1 << 26) - 1);
        (_mm256_and_si256(x, mask), _mm256_srli_epi64::<26>(x))
    } else {
        let mask = _mm256_set1_epi64x((1 << 25) - 1);
        (_mm256_and_si256(x, mask), _mm256_srli_epi64::<25>(x))
    }
}

/// The sum of the terms, added pairwise (a shallow dependency tree).
#[target_feature(enable = "avx,avx2,bmi1,bmi2")]
#[inline]
fn sum<const N: usize>(t: [__m256i; N]) -> __m256i {
    let mut t = t;
    let mut n = N;
    while n > 1 {
        let half = n / 2;
        for i in 0..half {
            t[i] = _mm256_add_epi64(t[i], t[n - 1 - i]);
        }
        n -= half;
    }
    t[0]
}

/// Moves the bits of limb `I` above its width into limb `J` (= I + 1, or
/// 0 for I = 9, where they are worth 2^255 ≡ 19).
#[target_feature(enable = "avx,avx2,bmi1,bmi2")]
#[inline]
fn carry_into<const I: usize, const J: usize>(c: &mut [__m256i; 10]) {
    let (low, high) = split(c[I], I);
    c[I] = low;
    let high = if I == 9 { times19(high) } else { high };
    c[J] = _mm256_add_epi64(c[J], high);
}

/// Adds row `I` of the schoolbook product to the columns: a_I·b_j lands in
/// column (I + j) mod 10, doubled when I and j are both odd (its weight is
/// twice the column's) and taken from b19 when I + j ≥ 10 (2^255 ≡ 19).
#[target_feature(enable = "avx,avx2,bmi1,bmi2")]
#[inline]
fn mul_row<const I: usize>(
    c: &mut [__m256i; 10],
    ai: __m256i,
    b: &[__m256i; 10],
    b19: &[__m256i; 10],
) {
    let ai2 = if I & 1 == 1 {
        _mm256_add_epi64(ai, ai)
    } else {
        ai
    };
    for j in 0..10 {
        let x = if I & j & 1 == 1 { ai2 } else { ai };
        let y = if I + j < 10 { b[j] } else { b19[j] };
        let k = (I + j) % 10;
        c[k] = _mm256_add_epi64(c[k], _mm256_mul_epu32(x, y));
    }
}

/// An affine Niels entry `[y−x, y+x, 2dxy, 2]` (5×51-bit limbs, reduced)
/// in vector memory layout, at compile time: each 51-bit limb split into
/// 26 + 25 bits, then one carry round (a 51-bit limb below 2^52 may leave
/// an odd limb of up to 26 bits).
pub(super) const fn affine_lanes(e: [&FieldElement; 4]) -> Lanes {
    let mut wide = [[0u64; 4]; 10];
    let mut lane = 0;
    while lane < 4 {
        let mut k = 0;
        while k < 5 {
            let l = e[lane].0[k];
            wide[2 * k][lane] = l & ((1 << 26) - 1);
            wide[2 * k + 1][lane] = l >> 26;
            k += 1;
        }
        lane += 1;
    }
    let mut out = [[0u32; 4]; 10];
    let mut lane = 0;
    while lane < 4 {
        let mut carry = 0u64;
        let mut i = 0;
        while i < 10 {
            let v = wide[i][lane] + carry;
            let w = width(i) as u32;
            out[i][lane] = (v & ((1 << w) - 1)) as u32;
            carry = v >> w;
            i += 1;
        }
        // 2^255 ≡ 19: the top carry goes to limb 0 (< 2^26 + 19·2 stays
        // within the reduced bound).
        out[0][lane] += (19 * carry) as u32;
        lane += 1;
    }
    out
}

impl F4 {
    #[target_feature(enable = "avx,avx2,bmi1,bmi2")]
    #[inline]
    pub(super) fn zero() -> Self {
        Self([_mm256_setzero_si256(); 10])
    }

    /// Lane j = `e[j]` (reduced 5×51-bit elements: limbs < 2^52).
    #[target_feature(enable = "avx,avx2,bmi1,bmi2")]
    #[inline]
    pub(super) fn from_elements(e: [&FieldElement; 4]) -> Self {
        let mask26 = _mm256_set1_epi64x((1 << 26) - 1);
        let mut r = [_mm256_setzero_si256(); 10];
        for k in 0..5 {
            let v = load(&[e[0].0[k], e[1].0[k], e[2].0[k], e[3].0[k]]);
            r[2 * k] = _mm256_and_si256(v, mask26);
            r[2 * k + 1] = _mm256_srli_epi64::<26>(v);
        }
        // The odd limbs may have 26 bits: one carry round makes it reduced.
        Self::carry(r)
    }

    /// An entry of a table in memory layout.
    #[target_feature(enable = "avx,avx2,bmi1,bmi2")]
    #[inline]
    pub(super) fn from_lanes(l: &Lanes) -> Self {
        Self(limbs!(i => load32(&l[i])))
    }

    /// The four lanes as 5×51-bit elements (limbs < 2^52: reduced in the
    /// sense of `field.rs`).
    #[target_feature(enable = "avx,avx2,bmi1,bmi2")]
    #[inline]
    pub(super) fn to_elements(self) -> [FieldElement; 4] {
        let mut out = [FieldElement::ZERO; 4];
        for k in 0..5 {
            let hi = _mm256_slli_epi64::<26>(self.0[2 * k + 1]);
            let l = store(_mm256_add_epi64(self.0[2 * k], hi));
            for (o, x) in out.iter_mut().zip(l) {
                o.0[k] = x;
            }
        }
        out
    }

    /// One parallel carry round: limbs < 2^59 in, reduced out when they
    /// were < 2^31 (each limb keeps its low bits and gains the carry of the
    /// one below; limb 0 gains 19 times the carry out of limb 9).
    #[target_feature(enable = "avx,avx2,bmi1,bmi2")]
    #[inline]
    fn carry(r: [__m256i; 10]) -> Self {
        let mut m = [_mm256_setzero_si256(); 10];
        let mut c = [_mm256_setzero_si256(); 10];
        for i in 0..10 {
            (m[i], c[i]) = split(r[i], i);
        }
        Self(limbs!(i => if i == 0 {
            _mm256_add_epi64(m[0], times19(c[9]))
        } else {
            _mm256_add_epi64(m[i], c[i - 1])
        }))
    }

    /// Lane-wise self + b (`NEG` = blend mask of lanes that compute
    /// self + 2p − b instead), then a carry round.
    #[target_feature(enable = "avx,avx2,bmi1,bmi2")]
    #[inline]
    pub(super) fn add_sub<const NEG: i32>(&self, b: &Self) -> Self {
        let r = limbs!(i => {
            let bias = _mm256_set1_epi64x(two_p(i));
            let neg = _mm256_sub_epi64(bias, b.0[i]);
            let addend = _mm256_blend_epi32::<NEG>(b.0[i], neg);
            _mm256_add_epi64(self.0[i], addend)
        });
        Self::carry(r)
    }

    /// [`F4::add_sub`] without the carry round, for an operand of
    /// [`F4::mul`] only: its limbs (< 2^27.6) are *loose*, not reduced;
    /// `mul` accepts them (19·2^27.6 < 2^32, columns < 2^62.8), nothing
    /// else here does.
    #[target_feature(enable = "avx,avx2,bmi1,bmi2")]
    #[inline]
    pub(super) fn add_sub_lazy<const NEG: i32>(&self, b: &Self) -> Self {
        Self(limbs!(i => {
            let bias = _mm256_set1_epi64x(two_p(i));
            let neg = _mm256_sub_epi64(bias, b.0[i]);
            let addend = _mm256_blend_epi32::<NEG>(b.0[i], neg);
            _mm256_add_epi64(self.0[i], addend)
        }))
    }

    /// self ± b + c − d lane-wise (b negated in the lanes of `NEG_B`), with
    /// 2p biases so nothing underflows, then one carry round.
    #[target_feature(enable = "avx,avx2,bmi1,bmi2")]
    #[inline]
    pub(super) fn combine<const NEG_B: i32>(&self, b: &Self, c: &Self, d: &Self) -> Self {
        let r = limbs!(i => {
            let bias = _mm256_set1_epi64x(two_p(i));
            let b_signed = _mm256_blend_epi32::<NEG_B>(b.0[i], _mm256_sub_epi64(bias, b.0[i]));
            let minus_d = _mm256_sub_epi64(bias, d.0[i]);
            let sum = _mm256_add_epi64(self.0[i], b_signed);
            _mm256_add_epi64(sum, _mm256_add_epi64(c.0[i], minus_d))
        });
        Self::carry(r)
    }

    /// Lanes permuted by `IMM` (see [`lanes`]).
    #[target_feature(enable = "avx,avx2,bmi1,bmi2")]
    #[inline]
    pub(super) fn perm<const IMM: i32>(&self) -> Self {
        Self(limbs!(i => _mm256_permute4x64_epi64::<IMM>(self.0[i])))
    }

    /// Lanes of `b` where `MASK` is set, of self elsewhere.
    #[target_feature(enable = "avx,avx2,bmi1,bmi2")]
    #[inline]
    pub(super) fn blend<const MASK: i32>(&self, b: &Self) -> Self {
        Self(limbs!(i => _mm256_blend_epi32::<MASK>(self.0[i], b.0[i])))
    }

    /// Lane-wise product of reduced inputs.
    #[target_feature(enable = "avx,avx2,bmi1,bmi2")]
    #[inline]
    pub(super) fn mul(&self, b: &Self) -> Self {
        let (a, b) = (&self.0, &b.0);
        let nineteen = _mm256_set1_epi64x(19);
        // Every limb of b times 19 (for the wrapped columns).
        let b19 = limbs!(j => _mm256_mul_epu32(b[j], nineteen));
        // Row by row (operand scanning): the ten column accumulators stay
        // in registers and each row reads b or b19 as memory operands (the
        // column-by-column form spilled its 35 live operand vectors); the
        // columns hold the same terms, so the bounds above are unchanged.
        let mut c = [_mm256_setzero_si256(); 10];
        mul_row::<0>(&mut c, a[0], b, &b19);
        mul_row::<1>(&mut c, a[1], b, &b19);
        mul_row::<2>(&mut c, a[2], b, &b19);
        mul_row::<3>(&mut c, a[3], b, &b19);
        mul_row::<4>(&mut c, a[4], b, &b19);
        mul_row::<5>(&mut c, a[5], b, &b19);
        mul_row::<6>(&mut c, a[6], b, &b19);
        mul_row::<7>(&mut c, a[7], b, &b19);
        mul_row::<8>(&mut c, a[8], b, &b19);
        mul_row::<9>(&mut c, a[9], b, &b19);
        Self::reduce_columns(c)
    }

    /// Lane-wise square of a reduced input: each cross product once,
    /// doubled through its left factor.
    #[target_feature(enable = "avx,avx2,bmi1,bmi2")]
    #[inline]
    pub(super) fn square(&self) -> Self {
        let a = &self.0;
        let nineteen = _mm256_set1_epi64x(19);
        let a2 = limbs!(i => _mm256_add_epi64(a[i], a[i]));
        // 19·a_j and 38·a_j (< 2^31.3), for the wrapped columns.
        let a19 = limbs!(j => _mm256_mul_epu32(a[j], nineteen));
        let a38 = limbs!(j => _mm256_add_epi64(a19[j], a19[j]));
        // Column k: the products a_i·a_j, i ≤ j, i + j ≡ k (mod 10), times
        // 2 (cross term, i < j), times 2 (both odd) and times 19 (i + j ≥
        // 10), each factor folded into one side (a2 = 2a, a19, a38 = 38a).
        use _mm256_mul_epu32 as m;
        #[rustfmt::skip]
        let c = [
            sum([m(a[0], a[0]), m(a2[1], a38[9]), m(a2[2], a19[8]), m(a2[3], a38[7]), m(a2[4], a19[6]), m(a2[5], a19[5])]),
            sum([m(a2[0], a[1]), m(a2[2], a19[9]), m(a2[3], a19[8]), m(a2[4], a19[7]), m(a2[5], a19[6])]),
            sum([m(a2[0], a[2]), m(a2[1], a[1]), m(a2[3], a38[9]), m(a2[4], a19[8]), m(a2[5], a38[7]), m(a[6], a19[6])]),
            sum([m(a2[0], a[3]), m(a2[1], a[2]), m(a2[4], a19[9]), m(a2[5], a19[8]), m(a2[6], a19[7])]),
            sum([m(a2[0], a[4]), m(a2[1], a2[3]), m(a[2], a[2]), m(a2[5], a38[9]), m(a2[6], a19[8]), m(a2[7], a19[7])]),
            sum([m(a2[0], a[5]), m(a2[1], a[4]), m(a2[2], a[3]), m(a2[6], a19[9]), m(a2[7], a19[8])]),
            sum([m(a2[0], a[6]), m(a2[1], a2[5]), m(a2[2], a[4]), m(a2[3], a[3]), m(a2[7], a38[9]), m(a[8], a19[8])]),
            sum([m(a2[0], a[7]), m(a2[1], a[6]), m(a2[2], a[5]), m(a2[3], a[4]), m(a2[8], a19[9])]),
            sum([m(a2[0], a[8]), m(a2[1], a2[7]), m(a2[2], a[6]), m(a2[3], a2[5]), m(a[4], a[4]), m(a2[9], a19[9])]),
            sum([m(a2[0], a[9]), m(a2[1], a[8]), m(a2[2], a[7]), m(a2[3], a[6]), m(a2[4], a[5])]),
        ];
        Self::reduce_columns(c)
    }

    /// Columns < 2^61 to a reduced element: two interleaved carry chains
    /// (0→1→2→3→4 and 4→5→…→9→0), then 0→1 once more, so every limb ends
    /// within its width plus a small carry.
    #[target_feature(enable = "avx,avx2,bmi1,bmi2")]
    #[inline]
    fn reduce_columns(mut c: [__m256i; 10]) -> Self {
        carry_into::<0, 1>(&mut c);
        carry_into::<4, 5>(&mut c);
        carry_into::<1, 2>(&mut c);
        carry_into::<5, 6>(&mut c);
        carry_into::<2, 3>(&mut c);
        carry_into::<6, 7>(&mut c);
        carry_into::<3, 4>(&mut c);
        carry_into::<7, 8>(&mut c);
        carry_into::<4, 5>(&mut c);
        carry_into::<8, 9>(&mut c);
        carry_into::<9, 0>(&mut c);
        carry_into::<0, 1>(&mut c);
        Self(c)
    }
}

#[cfg_attr(not(feature = "alloc"), allow(dead_code))]
impl F4 {
    /// self^(2^k), k ≥ 1, lane-wise.
    #[target_feature(enable = "avx,avx2,bmi1,bmi2")]
    #[inline]
    pub(super) fn pow2k(&self, k: u32) -> Self {
        let mut x = self.square();
        for _ in 1..k {
            x = x.square();
        }
        x
    }

    /// self^((p-5)/8) lane-wise: the addition chain of `field.rs`.
    #[target_feature(enable = "avx,avx2,bmi1,bmi2")]
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
