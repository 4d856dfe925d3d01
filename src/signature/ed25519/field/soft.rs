//! Arithmetic in GF(p), p = 2^255 - 19, on five 51-bit limbs.
//!
//! An element is `Σ limb[i]·2^(51·i)`. Products of two limbs are taken in
//! `u128` and reduced with 2^255 ≡ 19 (mod p). Nothing here branches on, or
//! indexes by, the value of an element: every function runs the same
//! instructions for every input (conditional moves go through `subtle`).
//!
//! Limb bounds (the invariant every formula in `point.rs` relies on):
//! - `mul`, `square`, `sub`, `neg` and `from_bytes` return *reduced* elements:
//!   every limb < 2^52.
//! - `add` does not carry: the sum of two reduced elements has limbs < 2^53.
//! - `mul` and `square` accept limbs < 2^54 (so a sum of up to four reduced
//!   elements); `sub` accepts a right-hand side with limbs < 2^55.
//!   `tests::limb_bounds_hold_at_the_extremes` exercises these limits.

use super::Field;
use core::ops::{Add, Neg, Sub};
use subtle::{Choice, ConditionallySelectable, ConstantTimeEq};

const MASK51: u64 = (1 << 51) - 1;

/// An element of GF(2^255 - 19); see the module docs for the limb bounds.
#[derive(Clone, Copy, Debug)]
pub(crate) struct FieldElement(pub(crate) [u64; 5]);

#[inline(always)]
fn m(a: u64, b: u64) -> u128 {
    u128::from(a) * u128::from(b)
}

/// Truncation of a carried `u128` to its low 64 bits (the caller masks).
#[inline(always)]
#[allow(clippy::cast_possible_truncation)]
fn lo(x: u128) -> u64 {
    x as u64
}

impl FieldElement {
    pub(crate) const ZERO: Self = Self([0; 5]);
    pub(crate) const ONE: Self = Self([1, 0, 0, 0, 0]);

    /// d = -121665/121666, the Edwards curve constant (RFC 8032 §5.1).
    pub(crate) const D: Self = Self([
        0x34dca135978a3,
        0x1a8283b156ebd,
        0x5e7a26001c029,
        0x739c663a03cbb,
        0x52036cee2b6ff,
    ]);
    /// 2·d.
    pub(crate) const D2: Self = Self([
        0x69b9426b2f159,
        0x35050762add7a,
        0x3cf44c0038052,
        0x6738cc7407977,
        0x2406d9dc56dff,
    ]);
    /// A square root of -1: 2^((p-1)/4).
    pub(crate) const SQRT_M1: Self = Self([
        0x61b274a0ea0b0,
        0x0d5a5fc8f189d,
        0x7ef5e9cbd0c60,
        0x78595a6804c9e,
        0x2b8324804fc1d,
    ]);

    /// Reads 32 little-endian bytes, ignoring bit 255 (RFC 8032 §5.1.3 uses
    /// it as the sign of x). The result may be ≥ p; see [`Self::to_bytes`]
    /// for the canonical check.
    #[inline(always)]
    pub(crate) fn from_bytes(bytes: &[u8; 32]) -> Self {
        let w = |i: usize| {
            let mut b = [0u8; 8];
            b.copy_from_slice(&bytes[8 * i..8 * i + 8]);
            u64::from_le_bytes(b)
        };
        let (w0, w1, w2, w3) = (w(0), w(1), w(2), w(3));
        Self([
            w0 & MASK51,
            ((w0 >> 51) | (w1 << 13)) & MASK51,
            ((w1 >> 38) | (w2 << 26)) & MASK51,
            ((w2 >> 25) | (w3 << 39)) & MASK51,
            (w3 >> 12) & MASK51,
        ])
    }

    /// The canonical 32-byte encoding: the unique representative in [0, p),
    /// little-endian, bit 255 clear.
    #[inline(always)]
    pub(crate) fn to_bytes(self) -> [u8; 32] {
        // Carry so that limbs 1..4 are < 2^51 and the value is < 2p.
        let mut l = Self::carry(self.0);
        // q = 1 iff value ≥ p, i.e. iff value + 19 overflows 2^255.
        let mut q = (l[0] + 19) >> 51;
        q = (l[1] + q) >> 51;
        q = (l[2] + q) >> 51;
        q = (l[3] + q) >> 51;
        q = (l[4] + q) >> 51;
        // value - q·p = value + 19q - q·2^255: add 19q and drop bit 255.
        l[0] += 19 * q;
        l[1] += l[0] >> 51;
        l[0] &= MASK51;
        l[2] += l[1] >> 51;
        l[1] &= MASK51;
        l[3] += l[2] >> 51;
        l[2] &= MASK51;
        l[4] += l[3] >> 51;
        l[3] &= MASK51;
        l[4] &= MASK51;
        let words = [
            l[0] | (l[1] << 51),
            (l[1] >> 13) | (l[2] << 38),
            (l[2] >> 26) | (l[3] << 25),
            (l[3] >> 39) | (l[4] << 12),
        ];
        let mut out = [0u8; 32];
        for (chunk, w) in out.chunks_exact_mut(8).zip(words) {
            chunk.copy_from_slice(&w.to_le_bytes());
        }
        out
    }

    /// One round of parallel carries: limbs < 2^64 in, limbs < 2^52 out
    /// (limb 0 < 2^51 + 19·2^13, the others < 2^51 + 2^13).
    #[inline(always)]
    fn carry(l: [u64; 5]) -> [u64; 5] {
        let c = [l[0] >> 51, l[1] >> 51, l[2] >> 51, l[3] >> 51, l[4] >> 51];
        [
            (l[0] & MASK51) + c[4] * 19,
            (l[1] & MASK51) + c[0],
            (l[2] & MASK51) + c[1],
            (l[3] & MASK51) + c[2],
            (l[4] & MASK51) + c[3],
        ]
    }

    /// The final carry chain of `mul`/`square`: column sums `c` (each
    /// < 2^115, and `c[4]` < 2^110.3 so that 19·(c[4] >> 51) fits in 64 bits)
    /// to a reduced element.
    #[inline(always)]
    fn carry_wide(c: [u128; 5]) -> Self {
        let c1 = c[1] + u128::from(lo(c[0] >> 51));
        let c2 = c[2] + u128::from(lo(c1 >> 51));
        let c3 = c[3] + u128::from(lo(c2 >> 51));
        let c4 = c[4] + u128::from(lo(c3 >> 51));
        let mut l0 = (lo(c[0]) & MASK51) + lo(c4 >> 51) * 19;
        let l1 = (lo(c1) & MASK51) + (l0 >> 51);
        l0 &= MASK51;
        Self([l0, l1, lo(c2) & MASK51, lo(c3) & MASK51, lo(c4) & MASK51])
    }

    /// self · rhs; both with limbs < 2^54.
    #[inline(always)]
    pub(crate) fn mul(&self, rhs: &Self) -> Self {
        let [a0, a1, a2, a3, a4] = self.0;
        let [b0, b1, b2, b3, b4] = rhs.0;
        // 2^255 ≡ 19: columns 5..8 fold back onto 0..3 times 19.
        let (b1_19, b2_19, b3_19, b4_19) = (b1 * 19, b2 * 19, b3 * 19, b4 * 19);
        let c0 = m(a0, b0) + m(a4, b1_19) + m(a3, b2_19) + m(a2, b3_19) + m(a1, b4_19);
        let c1 = m(a1, b0) + m(a0, b1) + m(a4, b2_19) + m(a3, b3_19) + m(a2, b4_19);
        let c2 = m(a2, b0) + m(a1, b1) + m(a0, b2) + m(a4, b3_19) + m(a3, b4_19);
        let c3 = m(a3, b0) + m(a2, b1) + m(a1, b2) + m(a0, b3) + m(a4, b4_19);
        let c4 = m(a4, b0) + m(a3, b1) + m(a2, b2) + m(a1, b3) + m(a0, b4);
        Self::carry_wide([c0, c1, c2, c3, c4])
    }

    /// self²; limbs < 2^54.
    #[inline(always)]
    pub(crate) fn square(&self) -> Self {
        let [a0, a1, a2, a3, a4] = self.0;
        let (a0_2, a1_2, a2_2, a3_2) = (a0 * 2, a1 * 2, a2 * 2, a3 * 2);
        let (a3_19, a4_19) = (a3 * 19, a4 * 19);
        let c0 = m(a0, a0) + m(a1_2, a4_19) + m(a2_2, a3_19);
        let c1 = m(a0_2, a1) + m(a3, a3_19) + m(a2_2, a4_19);
        let c2 = m(a0_2, a2) + m(a1, a1) + m(a3_2, a4_19);
        let c3 = m(a0_2, a3) + m(a1_2, a2) + m(a4, a4_19);
        let c4 = m(a0_2, a4) + m(a1_2, a3) + m(a2, a2);
        Self::carry_wide([c0, c1, c2, c3, c4])
    }
}

impl Field for FieldElement {
    // Each item resolves to the inherent one of the same name (inherent
    // items take precedence), which non-generic code calls directly.
    const ZERO: Self = FieldElement::ZERO;
    const ONE: Self = FieldElement::ONE;
    const D: Self = FieldElement::D;
    const D2: Self = FieldElement::D2;
    const SQRT_M1: Self = FieldElement::SQRT_M1;

    #[inline(always)]
    fn from_bytes(bytes: &[u8; 32]) -> Self {
        FieldElement::from_bytes(bytes)
    }
    #[inline(always)]
    fn to_bytes(self) -> [u8; 32] {
        FieldElement::to_bytes(self)
    }
    #[inline(always)]
    fn mul(&self, rhs: &Self) -> Self {
        FieldElement::mul(self, rhs)
    }
    #[inline(always)]
    fn square(&self) -> Self {
        FieldElement::square(self)
    }
    /// 1/self by the constant-time divsteps of `inverse.rs` on the
    /// canonical value (measured faster than Fermat's 254 squarings).
    #[inline(always)]
    fn invert(&self) -> Self {
        let bytes = self.to_bytes();
        let mut words = [0u64; 4];
        for (w, chunk) in words.iter_mut().zip(bytes.chunks_exact(8)) {
            let mut b = [0u8; 8];
            b.copy_from_slice(chunk);
            *w = u64::from_le_bytes(b);
        }
        let mut out = [0u8; 32];
        for (chunk, w) in out
            .chunks_exact_mut(8)
            .zip(super::inverse::invert_canonical(words))
        {
            chunk.copy_from_slice(&w.to_le_bytes());
        }
        FieldElement::from_bytes(&out)
    }
    #[inline(always)]
    fn limbs(&self) -> &[u64] {
        &self.0
    }
    #[inline(always)]
    fn limbs_mut(&mut self) -> &mut [u64] {
        &mut self.0
    }
}

impl Add for FieldElement {
    type Output = Self;
    /// Limb-wise sum without carries (see the bounds in the module docs).
    #[inline(always)]
    fn add(self, rhs: Self) -> Self {
        let (a, b) = (self.0, rhs.0);
        Self([
            a[0] + b[0],
            a[1] + b[1],
            a[2] + b[2],
            a[3] + b[3],
            a[4] + b[4],
        ])
    }
}

impl Sub for FieldElement {
    type Output = Self;
    /// (self + 16p) - rhs, then one carry round: no underflow for rhs limbs
    /// < 2^55 (16p's limbs are 2^55 - 304 and 2^55 - 16).
    #[inline(always)]
    fn sub(self, rhs: Self) -> Self {
        const P16_0: u64 = 16 * ((1 << 51) - 19);
        const P16_I: u64 = 16 * ((1 << 51) - 1);
        let (a, b) = (self.0, rhs.0);
        Self(Self::carry([
            (a[0] + P16_0) - b[0],
            (a[1] + P16_I) - b[1],
            (a[2] + P16_I) - b[2],
            (a[3] + P16_I) - b[3],
            (a[4] + P16_I) - b[4],
        ]))
    }
}

impl Neg for FieldElement {
    type Output = Self;
    #[inline(always)]
    fn neg(self) -> Self {
        Self::ZERO - self
    }
}

impl Neg for &FieldElement {
    type Output = FieldElement;
    #[inline(always)]
    fn neg(self) -> FieldElement {
        FieldElement::ZERO - *self
    }
}

impl ConditionallySelectable for FieldElement {
    #[inline(always)]
    fn conditional_select(a: &Self, b: &Self, choice: Choice) -> Self {
        let mut out = *a;
        for (o, y) in out.0.iter_mut().zip(b.0) {
            o.conditional_assign(&y, choice);
        }
        out
    }
}

impl ConstantTimeEq for FieldElement {
    /// Equality mod p (compares canonical encodings).
    fn ct_eq(&self, other: &Self) -> Choice {
        self.to_bytes().ct_eq(&other.to_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A field element from a small integer.
    fn fe(n: u64) -> FieldElement {
        let mut b = [0u8; 32];
        b[..8].copy_from_slice(&n.to_le_bytes());
        FieldElement::from_bytes(&b)
    }

    fn eq(a: &FieldElement, b: &FieldElement) -> bool {
        a.to_bytes() == b.to_bytes()
    }

    /// p - 1 in little-endian bytes.
    fn p_minus_1() -> [u8; 32] {
        let mut b = [0xffu8; 32];
        b[0] = 0xec;
        b[31] = 0x7f;
        b
    }

    #[test]
    fn constants_are_what_they_claim() {
        // d·121666 = -121665
        assert!(eq(&FieldElement::D.mul(&fe(121666)), &fe(121665).neg()));
        assert!(eq(&FieldElement::D2, &(FieldElement::D + FieldElement::D)));
        let i2 = FieldElement::SQRT_M1.square();
        assert!(eq(&i2, &FieldElement::ONE.neg()));
    }

    #[test]
    fn encoding_is_canonical() {
        // p encodes as 0, p + 1 as 1, 2^255 - 1 = p + 18 as 18.
        let mut p = p_minus_1();
        p[0] = 0xed;
        assert_eq!(FieldElement::from_bytes(&p).to_bytes(), [0u8; 32]);
        p[0] = 0xee;
        assert_eq!(FieldElement::from_bytes(&p).to_bytes(), fe(1).to_bytes());
        let all = [0xffu8; 32]; // bit 255 ignored
        assert_eq!(FieldElement::from_bytes(&all).to_bytes(), fe(18).to_bytes());
        assert_eq!(
            FieldElement::from_bytes(&p_minus_1()).to_bytes(),
            p_minus_1()
        );
        // -1 = p - 1
        assert_eq!(FieldElement::ONE.neg().to_bytes(), p_minus_1());
    }

    #[test]
    fn inverse_and_square_roots() {
        for n in [1u64, 2, 3, 19, 121666, u64::MAX] {
            let x = fe(n);
            assert!(eq(&x.mul(&x.invert()), &FieldElement::ONE), "{n}");
            let (ok, r) = FieldElement::sqrt_ratio(&x.square(), &FieldElement::ONE);
            assert!(bool::from(ok));
            assert!(eq(&r.square(), &x.square()));
        }
        // 2 is not a square mod p (p ≡ 5 mod 8).
        let (ok, _) = FieldElement::sqrt_ratio(&fe(2), &FieldElement::ONE);
        assert!(!bool::from(ok));
        // 0/0 and 0/v are "square" with root 0; u/0 is not.
        let (ok, r) = FieldElement::sqrt_ratio(&FieldElement::ZERO, &fe(5));
        assert!(bool::from(ok) && bool::from(r.is_zero()));
        let (ok, _) = FieldElement::sqrt_ratio(&fe(1), &FieldElement::ZERO);
        assert!(!bool::from(ok));
        assert!(eq(&FieldElement::ZERO.invert(), &FieldElement::ZERO));
    }

    /// The divstep inverse (`inverse.rs`) against Fermat's chain, on
    /// pseudo-random values and values at the ends of [0, p].
    #[test]
    fn divstep_inverse_matches_fermat() {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut bytes = [0u8; 32];
        for i in 0..300 {
            for chunk in bytes.chunks_exact_mut(8) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                chunk.copy_from_slice(&state.to_le_bytes());
            }
            let x = match i {
                0 => FieldElement::ZERO - FieldElement::ONE,
                1 => FieldElement::ZERO,
                2 => FieldElement::from_bytes(&[0xff; 32]),
                _ => FieldElement::from_bytes(&bytes),
            };
            let (z2_250_0, z11) = x.pow22501();
            let fermat = z2_250_0.pow2k(5).mul(&z11);
            assert!(eq(&x.invert(), &fermat), "case {i}");
        }
    }

    /// Schoolbook reference on bytes: (a·b mod p) via repeated doubling.
    fn mul_ref(a: &FieldElement, b: &FieldElement) -> FieldElement {
        let bb = b.to_bytes();
        let mut acc = FieldElement::ZERO;
        for i in (0..256).rev() {
            acc = acc + acc;
            acc = acc - FieldElement::ZERO; // carry
            if (bb[i / 8] >> (i % 8)) & 1 == 1 {
                acc = acc + *a;
                acc = acc - FieldElement::ZERO;
            }
        }
        acc
    }

    #[test]
    fn limb_bounds_hold_at_the_extremes() {
        // Largest inputs the bounds allow: limbs just below 2^54 for mul
        // and square, 2^55 on the right of sub.
        let big = FieldElement([(1 << 54) - 1; 5]);
        let r = big.mul(&big);
        assert!(r.0.iter().all(|&l| l < 1 << 52));
        assert!(eq(&r, &mul_ref(&big, &big)));
        assert!(eq(&big.square(), &r));
        let s = FieldElement::ZERO - FieldElement([(1 << 55) - 305; 5]);
        assert!(s.0.iter().all(|&l| l < 1 << 52));
        assert!(eq(
            &(s + FieldElement([(1 << 55) - 305; 5])),
            &FieldElement::ZERO
        ));
        // Sums of reduced elements stay inside the mul bound.
        let red = FieldElement([(1 << 52) - 1; 5]);
        let sum4 = red + red + red + red;
        assert!(sum4.0.iter().all(|&l| l < 1 << 54));
        assert!(eq(&sum4.mul(&red), &mul_ref(&sum4, &red)));
    }

    #[test]
    fn mul_matches_reference_on_pseudorandom_inputs() {
        let mut s = 0x243f6a8885a308d3u64;
        let mut next = || {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            s
        };
        for _ in 0..200 {
            let mut b = [0u8; 32];
            for c in b.chunks_exact_mut(8) {
                c.copy_from_slice(&next().to_le_bytes());
            }
            let a = FieldElement::from_bytes(&b);
            for c in b.chunks_exact_mut(8) {
                c.copy_from_slice(&next().to_le_bytes());
            }
            let x = FieldElement::from_bytes(&b);
            assert!(eq(&a.mul(&x), &mul_ref(&a, &x)));
            assert!(eq(&a.square(), &mul_ref(&a, &a)));
            assert!(eq(&((a - x) + x), &a));
        }
    }
}
