//! Fixed-base multiplication [s]B (key generation, signing) on AVX2, with
//! one *point* per 64-bit lane: four independent partial sums, each lane
//! adding its own table entries, so every `F4` product does four useful
//! field multiplications (the verification kernels of `point.rs` keep the
//! four coordinates of one point in the lanes and waste some of them on
//! shuffles and unused lanes).
//!
//! Split of the 64 signed radix-16 digits of `Scalar::as_radix_16`
//! (Σ d_k·16^k, d_k ∈ [−8, 8]; row k of `table::BASEPOINT_RADIX16_TABLE`
//! holds {1..8}·16^k·B): at step i (0..16) lane j (0..4) adds d_(4i+j)
//! from row 4i + j, so each lane's partial sum already carries its digits'
//! weights and [s]B = (L0 + L1) + (L2 + L3): three additions on the
//! portable field, no doublings (the earlier split over the 32 rows of
//! 256^j·B needed 16·(L0 + L1) + (L2 + L3), four more doublings).
//!
//! Constant time: every step reads all eight entries of its table block
//! and keeps one per lane with masks from `vpcmpeqd`; the sign is applied
//! with `vpblendvb`; no branch or address depends on a digit.
#![allow(unsafe_code)]

use super::field::{affine_lanes, blend_mask, F4};
use crate::signature::ed25519::field::FieldElement;
use crate::signature::ed25519::point::{AffineNielsPoint, EdwardsPoint};
use crate::signature::ed25519::scalar::Scalar;
use crate::signature::ed25519::table::BASEPOINT_RADIX16_TABLE;
use core::arch::x86_64::*;
use zeroize::Zeroize;

/// Entry e of one step for the four lanes: y + x, y − x, 2dxy, each as ten
/// limbs × four lanes of 32-bit words (the `Lanes` layout of `field.rs`),
/// 480 bytes; read as fifteen 256-bit vectors of two limbs each.
type Entry4 = [[u32; 4]; 30];

/// Subtract in every lane (`F4::add_sub` mask).
const ALL: i32 = blend_mask(true, true, true, true);

/// `TABLE4[i][e]`: entry e (= (e + 1)·16^k·B) of rows 4i, 4i + 1, 4i + 2,
/// 4i + 3 of `table::BASEPOINT_RADIX16_TABLE`, transposed at compile time
/// (16 × 8 × 480 bytes = 60 KiB, as before; the source rows are a `const`).
static TABLE4: [[Entry4; 8]; 16] = {
    let mut out = [[[[0u32; 4]; 30]; 8]; 16];
    let mut i = 0;
    while i < 16 {
        let mut e = 0;
        while e < 8 {
            let [p0, p1, p2, p3]: [&AffineNielsPoint; 4] = [
                &BASEPOINT_RADIX16_TABLE[4 * i][e],
                &BASEPOINT_RADIX16_TABLE[4 * i + 1][e],
                &BASEPOINT_RADIX16_TABLE[4 * i + 2][e],
                &BASEPOINT_RADIX16_TABLE[4 * i + 3][e],
            ];
            let coords = [
                affine_lanes([&p0.y_plus_x, &p1.y_plus_x, &p2.y_plus_x, &p3.y_plus_x]),
                affine_lanes([&p0.y_minus_x, &p1.y_minus_x, &p2.y_minus_x, &p3.y_minus_x]),
                affine_lanes([&p0.xy2d, &p1.xy2d, &p2.xy2d, &p3.xy2d]),
            ];
            let mut c = 0;
            while c < 3 {
                let mut l = 0;
                while l < 10 {
                    out[i][e][10 * c + l] = coords[c][l];
                    l += 1;
                }
                c += 1;
            }
            e += 1;
        }
        i += 1;
    }
    out
};

/// Four extended points, one per lane (each coordinate reduced).
#[derive(Clone, Copy)]
struct Ext4 {
    x: F4,
    y: F4,
    z: F4,
    t: F4,
}

/// Lane-wise affine Niels entries (y + x, y − x, 2dxy), reduced.
struct Niels4 {
    y_plus_x: F4,
    y_minus_x: F4,
    xy2d: F4,
}

/// Lane j of `a`, or of `b` where `mask` (all-ones / all-zeros per 64-bit
/// lane) is set.
#[target_feature(enable = "avx,avx2,bmi1,bmi2")]
#[inline]
fn blend(a: &F4, b: &F4, mask: __m256i) -> F4 {
    let mut out = *a;
    for (o, (x, y)) in out.0.iter_mut().zip(a.0.iter().zip(&b.0)) {
        *o = _mm256_blendv_epi8(*x, *y, mask);
    }
    out
}

/// d_j·(lane j's table point), d_j ∈ [−8, 8], reading all eight entries.
#[target_feature(enable = "avx,avx2,bmi1,bmi2")]
#[inline]
fn select4(entries: &[Entry4; 8], d: [i8; 4]) -> Niels4 {
    let (mut sign, mut abs) = ([0i32; 4], [0i32; 4]);
    for ((s, a), x) in sign.iter_mut().zip(abs.iter_mut()).zip(d) {
        // Branch-free: x >> 7 is −1 for negative x, else 0.
        *s = i32::from(x >> 7);
        *a = i32::from(((x ^ (x >> 7)) - (x >> 7)) as u8);
    }
    // |d| per lane, in both 128-bit halves (a vector holds two limbs).
    let absv = _mm256_setr_epi32(
        abs[0], abs[1], abs[2], abs[3], abs[0], abs[1], abs[2], abs[3],
    );
    let mut acc = [_mm256_setzero_si256(); 15];
    for (e, entry) in (1i32..).zip(entries) {
        let m = _mm256_cmpeq_epi32(absv, _mm256_set1_epi32(e));
        for (k, a) in acc.iter_mut().enumerate() {
            // SAFETY: rows 2k and 2k + 1 of `entry` are 32 contiguous
            // readable bytes (k < 15, 30 rows of 16 bytes); `loadu` needs no
            // alignment; AVX is enabled (this fn's features).
            let v = unsafe { _mm256_loadu_si256(entry[2 * k..].as_ptr().cast()) };
            *a = _mm256_or_si256(*a, _mm256_and_si256(v, m));
        }
    }
    // d = 0: the identity (1, 1, 0): limb 0 of y + x (vector 0, low half)
    // and of y − x (vector 5, low half) is 1.
    let zero = _mm256_cmpeq_epi32(absv, _mm256_setzero_si256());
    let one_low = _mm256_and_si256(zero, _mm256_setr_epi32(1, 1, 1, 1, 0, 0, 0, 0));
    acc[0] = _mm256_or_si256(acc[0], one_low);
    acc[5] = _mm256_or_si256(acc[5], one_low);
    // Widen to 64-bit lanes: row r = 10c + l is the low (r even) or high
    // half of vector r / 2. (Loops, not closures: a closure would be a
    // separate function without this one's target features.)
    let mut c = [F4::zero(), F4::zero(), F4::zero()];
    for (ci, f) in c.iter_mut().enumerate() {
        for (l, x) in f.0.iter_mut().enumerate() {
            let (r, v) = (10 * ci + l, acc[(10 * ci + l) / 2]);
            let half = if r % 2 == 0 {
                _mm256_castsi256_si128(v)
            } else {
                _mm256_extracti128_si256::<1>(v)
            };
            *x = _mm256_cvtepu32_epi64(half);
        }
    }
    // Negative digits: swap y + x with y − x and negate 2dxy (2p − v).
    let neg = _mm256_setr_epi64x(
        i64::from(sign[0]),
        i64::from(sign[1]),
        i64::from(sign[2]),
        i64::from(sign[3]),
    );
    let [ypx, ymx, xy2d] = c;
    let minus_xy2d = F4::zero().add_sub::<ALL>(&xy2d);
    Niels4 {
        y_plus_x: blend(&ypx, &ymx, neg),
        y_minus_x: blend(&ymx, &ypx, neg),
        xy2d: blend(&xy2d, &minus_xy2d, neg),
    }
}

/// p + q lane-wise (extended + affine Niels, "madd-2008-hwcd-3", then to
/// extended: 7 products, as `point.rs`).
#[target_feature(enable = "avx,avx2,bmi1,bmi2")]
#[inline]
fn madd(p: &Ext4, q: &Niels4) -> Ext4 {
    let pp = p.y.add_sub_lazy::<0>(&p.x).mul(&q.y_plus_x);
    let mm = p.y.add_sub_lazy::<ALL>(&p.x).mul(&q.y_minus_x);
    let txy2d = p.t.mul(&q.xy2d);
    let z2 = p.z.add_sub::<0>(&p.z);
    // The completed point (pp − mm, pp + mm, z2 + txy2d, z2 − txy2d),
    // each loose (only multiplied below).
    let x = pp.add_sub_lazy::<ALL>(&mm);
    let y = pp.add_sub_lazy::<0>(&mm);
    let z = z2.add_sub_lazy::<0>(&txy2d);
    let t = z2.add_sub_lazy::<ALL>(&txy2d);
    Ext4 {
        x: x.mul(&t),
        y: y.mul(&z),
        z: z.mul(&t),
        t: x.mul(&y),
    }
}

/// [s]B and its encoding, in constant time (see the module docs for the
/// lane split).
#[target_feature(enable = "avx,avx2,bmi1,bmi2")]
pub(super) fn mul_base_encoded_avx2(s: &Scalar) -> (EdwardsPoint, [u8; 32]) {
    let mut digits = s.as_radix_16();
    let one = {
        let mut f = F4::zero();
        f.0[0] = _mm256_set1_epi64x(1);
        f
    };
    let mut acc = Ext4 {
        x: F4::zero(),
        y: one,
        z: one,
        t: F4::zero(),
    };
    for (i, block) in TABLE4.iter().enumerate() {
        let d = [
            digits[4 * i],
            digits[4 * i + 1],
            digits[4 * i + 2],
            digits[4 * i + 3],
        ];
        acc = madd(&acc, &select4(block, d));
    }
    // The digits are the secret scalar (a key or a nonce) in another form.
    digits.zeroize();
    let (x, y, z, t) = (
        acc.x.to_elements(),
        acc.y.to_elements(),
        acc.z.to_elements(),
        acc.t.to_elements(),
    );
    let mut lanes = [EdwardsPoint::<FieldElement>::IDENTITY; 4];
    for (j, p) in lanes.iter_mut().enumerate() {
        *p = EdwardsPoint {
            x: x[j],
            y: y[j],
            z: z[j],
            t: t[j],
        };
    }
    let p = &(&lanes[0] + &lanes[1]) + &(&lanes[2] + &lanes[3]);
    (p, p.compress())
}
