//! Arithmetic in GF(p), p = 2^255 - 19, on four 64-bit words.
//!
//! An element is `Σ w[i]·2^(64·i)`, any value below 2^256 (not necessarily
//! below p): every operation accepts and returns such values, and only
//! [`Fe64::to_bytes`] makes the representative canonical. Reduction uses
//! 2^256 ≡ 38 (mod p). A product is 16 64×64→128-bit multiplications (10 for
//! a square) plus a 4-word fold of the high half times 38, instead of the 25
//! products of the 5×51-bit representation.
//!
//! Why it is fast (and what the assembly shows): the 64×64→128-bit
//! products are `u128` multiplications, which LLVM emits as `mulx` inside
//! the `#[target_feature(enable = "bmi2")]` entry points of
//! `../x86_bmi2.rs`; the additions go through `_addcarry_u64` /
//! `_subborrow_u64`, so each carry chain stays in the flags as one run of
//! `adc`/`sbb` (the earlier `u128` additions made LLVM save carries with
//! `setb`/`movzbl` and spill). A product is four rows of four independent
//! `mulx`, each row added with two short chains (low halves, high
//! halves), then the 38-fold and a 19-fold of bit 255 (see `reduce`); a
//! square computes its six cross products once.
//!
//! ADX: written with `_addcarryx_u64` the code compiles to the same `adc`
//! (LLVM does not form the interleaved `adcx`/`adox` chains from
//! intrinsics), so this backend needs BMI2 only, and valgrind, which hides
//! ADX from the guest but runs BMI2, checks its constant-time property
//! (`examples/ct_valgrind.rs`).
//!
//! Constant time: no branch or memory index depends on a value; carries
//! are arithmetic, selections go through `subtle`.

use super::{Field, FieldElement};
use core::ops::{Add, Neg, Sub};
use subtle::{Choice, ConditionallySelectable, ConstantTimeEq};

/// An element of GF(2^255 - 19) as four little-endian 64-bit words, value
/// below 2^256.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Fe64(pub(crate) [u64; 4]);

/// (a + b + carry, carry out), carry in {0, 1}: `_addcarry_u64`, so LLVM
/// keeps the carry in the flags (`adc`) instead of widening to `u128`.
#[inline(always)]
fn adc(a: u64, b: u64, carry: u64) -> (u64, u64) {
    let mut sum = 0;
    #[allow(clippy::cast_possible_truncation)]
    let c = core::arch::x86_64::_addcarry_u64(carry as u8, a, b, &mut sum);
    (sum, u64::from(c))
}

/// (a - b - borrow, borrow out), borrow in {0, 1}: `_subborrow_u64`
/// (`sbb`), as `adc` above.
#[inline(always)]
fn sbb(a: u64, b: u64, borrow: u64) -> (u64, u64) {
    let mut diff = 0;
    #[allow(clippy::cast_possible_truncation)]
    let c = core::arch::x86_64::_subborrow_u64(borrow as u8, a, b, &mut diff);
    (diff, u64::from(c))
}

impl Fe64 {
    /// The same value from canonical radix-2^51 limbs (each < 2^51): how the
    /// constants and the precomputed tables of `table_data.rs` are converted
    /// at compile time.
    pub(crate) const fn from_radix51(l: &FieldElement) -> Self {
        let l = &l.0;
        Self([
            l[0] | (l[1] << 51),
            (l[1] >> 13) | (l[2] << 38),
            (l[2] >> 26) | (l[3] << 25),
            (l[3] >> 39) | (l[4] << 12),
        ])
    }

    /// The same value on 5×51-bit limbs.
    #[inline(always)]
    pub(crate) fn to_radix51(self) -> FieldElement {
        FieldElement::from_bytes(&self.to_bytes())
    }

    /// The same value from 5×51-bit limbs (any bounds).
    #[inline(always)]
    pub(crate) fn from_fe51(fe: &FieldElement) -> Self {
        <Self as Field>::from_bytes(&fe.to_bytes())
    }

    /// t[0..4] + 38·t[4..8] (2^256 ≡ 38), folded to four words below
    /// 2^256: the 38-fold leaves a fifth word r4 ≤ 38; then the bits from
    /// 255 up, (r4·2 + r3's top bit) ≤ 77, come back as 19 each (2^255 ≡ 19)
    /// into the low 255 bits, so the result is below 2^255 + 19·78 < 2^256
    /// and no carry leaves word 3 (one short chain instead of a second
    /// 2^256 fold).
    #[inline(always)]
    fn reduce(t: [u64; 8]) -> Self {
        let (l0, h0) = mul_wide(38, t[4]);
        let (l1, h1) = mul_wide(38, t[5]);
        let (l2, h2) = mul_wide(38, t[6]);
        let (l3, h3) = mul_wide(38, t[7]);
        let (r0, c) = adc(t[0], l0, 0);
        let (r1, c) = adc(t[1], l1, c);
        let (r2, c) = adc(t[2], l2, c);
        let (r3, c) = adc(t[3], l3, c);
        let r4 = h3 + c;
        let (r1, c) = adc(r1, h0, 0);
        let (r2, c) = adc(r2, h1, c);
        let (r3, c) = adc(r3, h2, c);
        let r4 = r4 + c;
        let top = (r4 << 1) | (r3 >> 63);
        let (r0, c) = adc(r0, top * 19, 0);
        let (r1, c) = adc(r1, 0, c);
        let (r2, c) = adc(r2, 0, c);
        Self([r0, r1, r2, (r3 & (u64::MAX >> 1)) + c])
    }
}

/// (lo, hi) of a·b: one `mulx` under BMI2.
#[inline(always)]
#[allow(clippy::cast_possible_truncation)]
fn mul_wide(a: u64, b: u64) -> (u64, u64) {
    let t = u128::from(a) * u128::from(b);
    (t as u64, (t >> 64) as u64)
}

/// t[i..i+5] += a·b, where t[i+4] is still zero (the row's new top word):
/// four independent products, then one carry chain for their low halves
/// and one for their high halves. The running sum never exceeds the
/// product so far, so nothing carries out of t[i+4].
#[inline(always)]
fn add_row(t: &mut [u64; 8], i: usize, a: u64, b: &[u64; 4]) {
    let (l0, h0) = mul_wide(a, b[0]);
    let (l1, h1) = mul_wide(a, b[1]);
    let (l2, h2) = mul_wide(a, b[2]);
    let (l3, h3) = mul_wide(a, b[3]);
    let c;
    (t[i], c) = adc(t[i], l0, 0);
    let (x1, c) = adc(t[i + 1], l1, c);
    let (x2, c) = adc(t[i + 2], l2, c);
    let (x3, top) = adc(t[i + 3], l3, c);
    let c;
    (t[i + 1], c) = adc(x1, h0, 0);
    let (x2, c) = adc(x2, h1, c);
    let (x3, c) = adc(x3, h2, c);
    t[i + 2] = x2;
    t[i + 3] = x3;
    t[i + 4] = top + h3 + c;
}

impl Field for Fe64 {
    const ZERO: Self = Self([0; 4]);
    const ONE: Self = Self([1, 0, 0, 0]);
    const D: Self = Self::from_radix51(&FieldElement::D);
    const D2: Self = Self::from_radix51(&FieldElement::D2);
    const SQRT_M1: Self = Self::from_radix51(&FieldElement::SQRT_M1);

    #[inline(always)]
    fn from_bytes(bytes: &[u8; 32]) -> Self {
        let w = |i: usize| {
            let mut b = [0u8; 8];
            b.copy_from_slice(&bytes[8 * i..8 * i + 8]);
            u64::from_le_bytes(b)
        };
        Self([w(0), w(1), w(2), w(3) & (u64::MAX >> 1)])
    }

    #[inline(always)]
    fn to_bytes(self) -> [u8; 32] {
        let [w0, w1, w2, w3] = self.0;
        // Fold bit 255 (2^255 ≡ 19): the value becomes < 2^255 + 19.
        let top = w3 >> 63;
        let (w0, c) = adc(w0, 19 * top, 0);
        let (w1, c) = adc(w1, 0, c);
        let (w2, c) = adc(w2, 0, c);
        let w3 = (w3 & (u64::MAX >> 1)) + c;
        // q = 1 iff value ≥ p, i.e. iff value + 19 reaches 2^255.
        let (_, c) = adc(w0, 19, 0);
        let (_, c) = adc(w1, 0, c);
        let (_, c) = adc(w2, 0, c);
        let q = (w3 + c) >> 63;
        // value - q·p = value + 19q - q·2^255.
        let (w0, c) = adc(w0, 19 * q, 0);
        let (w1, c) = adc(w1, 0, c);
        let (w2, c) = adc(w2, 0, c);
        let w3 = (w3 + c) & (u64::MAX >> 1);
        let mut out = [0u8; 32];
        for (chunk, w) in out.chunks_exact_mut(8).zip([w0, w1, w2, w3]) {
            chunk.copy_from_slice(&w.to_le_bytes());
        }
        out
    }

    /// Operand scanning, row by row into an 8-word sum (16 `mulx`, two
    /// short carry chains per row; see `add_row`), then the 38-fold.
    #[inline(always)]
    fn mul(&self, rhs: &Self) -> Self {
        let mut t = [0u64; 8];
        for (i, a) in self.0.into_iter().enumerate() {
            add_row(&mut t, i, a, &rhs.0);
        }
        Self::reduce(t)
    }

    /// The six cross products once (rows a0·(a1, a2, a3), a1·(a2, a3),
    /// a2·a3), doubled by shifts, plus the four squares on the diagonal:
    /// 10 `mulx` instead of 16.
    #[inline(always)]
    fn square(&self) -> Self {
        let [a0, a1, a2, a3] = self.0;
        let (w1, h01) = mul_wide(a0, a1);
        let (l02, h02) = mul_wide(a0, a2);
        let (l03, h03) = mul_wide(a0, a3);
        let (w2, c) = adc(l02, h01, 0);
        let (w3, c) = adc(l03, h02, c);
        let w4 = h03 + c;
        let (l12, h12) = mul_wide(a1, a2);
        let (l13, h13) = mul_wide(a1, a3);
        let (w3, c) = adc(w3, l12, 0);
        let (w4, w5) = adc(w4, l13, c);
        let (w4, c) = adc(w4, h12, 0);
        // The cross sum so far is < 2^384: no carry out of word 5.
        let w5 = w5 + h13 + c;
        let (l23, h23) = mul_wide(a2, a3);
        let (w5, c) = adc(w5, l23, 0);
        let w6 = h23 + c;
        // ×2 by shifts (the cross sum is < 2^447): each word from two
        // neighbours, no carry chain.
        let w7 = w6 >> 63;
        let w6 = (w6 << 1) | (w5 >> 63);
        let w5 = (w5 << 1) | (w4 >> 63);
        let w4 = (w4 << 1) | (w3 >> 63);
        let w3 = (w3 << 1) | (w2 >> 63);
        let w2 = (w2 << 1) | (w1 >> 63);
        let w1 = w1 << 1;
        let (d0, d1) = mul_wide(a0, a0);
        let (d2, d3) = mul_wide(a1, a1);
        let (d4, d5) = mul_wide(a2, a2);
        let (d6, d7) = mul_wide(a3, a3);
        let (w1, c) = adc(w1, d1, 0);
        let (w2, c) = adc(w2, d2, c);
        let (w3, c) = adc(w3, d3, c);
        let (w4, c) = adc(w4, d4, c);
        let (w5, c) = adc(w5, d5, c);
        let (w6, c) = adc(w6, d6, c);
        let w7 = w7 + d7 + c;
        Self::reduce([d0, w1, w2, w3, w4, w5, w6, w7])
    }

    /// 1/self by the constant-time divsteps of `inverse.rs` (measured
    /// faster than Fermat's 254 squarings on this field).
    #[inline(always)]
    fn invert(&self) -> Self {
        let b = self.to_bytes();
        Self(super::inverse::invert_canonical(
            <Self as Field>::from_bytes(&b).0,
        ))
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

impl Add for Fe64 {
    type Output = Self;
    /// The 256-bit sum, its carry folded back as 38.
    #[inline(always)]
    fn add(self, rhs: Self) -> Self {
        let (a, b) = (self.0, rhs.0);
        let (r0, c) = adc(a[0], b[0], 0);
        let (r1, c) = adc(a[1], b[1], c);
        let (r2, c) = adc(a[2], b[2], c);
        let (r3, c) = adc(a[3], b[3], c);
        let (r0, k) = adc(r0, c * 38, 0);
        let (r1, k) = adc(r1, 0, k);
        let (r2, k) = adc(r2, 0, k);
        let (r3, k) = adc(r3, 0, k);
        // k = 1 only if the sum wrapped to below 38: no second overflow.
        Self([r0 + k * 38, r1, r2, r3])
    }
}

impl Sub for Fe64 {
    type Output = Self;
    /// The 256-bit difference; a borrow means 2^256 too much, i.e. 38.
    #[inline(always)]
    fn sub(self, rhs: Self) -> Self {
        let (a, b) = (self.0, rhs.0);
        let (r0, c) = sbb(a[0], b[0], 0);
        let (r1, c) = sbb(a[1], b[1], c);
        let (r2, c) = sbb(a[2], b[2], c);
        let (r3, c) = sbb(a[3], b[3], c);
        let (r0, k) = sbb(r0, c * 38, 0);
        let (r1, k) = sbb(r1, 0, k);
        let (r2, k) = sbb(r2, 0, k);
        let (r3, k) = sbb(r3, 0, k);
        // k = 1 only if the difference was below 38: r0 ≥ 2^64 - 38 now.
        Self([r0 - k * 38, r1, r2, r3])
    }
}

impl Neg for Fe64 {
    type Output = Self;
    #[inline(always)]
    fn neg(self) -> Self {
        Self::ZERO - self
    }
}

impl ConditionallySelectable for Fe64 {
    #[inline(always)]
    fn conditional_select(a: &Self, b: &Self, choice: Choice) -> Self {
        let mut out = *a;
        for (o, y) in out.0.iter_mut().zip(b.0) {
            o.conditional_assign(&y, choice);
        }
        out
    }
}

impl ConstantTimeEq for Fe64 {
    /// Equality mod p (compares canonical encodings).
    #[inline(always)]
    fn ct_eq(&self, other: &Self) -> Choice {
        self.to_bytes().ct_eq(&other.to_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn next(s: &mut u64) -> u64 {
        *s ^= *s << 13;
        *s ^= *s >> 7;
        *s ^= *s << 17;
        *s
    }

    /// Pairs of (5×51, 4×64) elements with the same value, including the
    /// extremes of the 4×64 range (2^256 - 1, p, p - 1, 0).
    fn samples() -> std::vec::Vec<(FieldElement, Fe64)> {
        let mut out = std::vec::Vec::new();
        let mut s = 0x9e37_79b9_7f4a_7c15u64;
        let extremes = [
            [u64::MAX; 4],
            [u64::MAX - 18, u64::MAX, u64::MAX, u64::MAX >> 1],
            [u64::MAX - 19, u64::MAX, u64::MAX, u64::MAX >> 1],
            [0; 4],
            [37, 0, 0, 0],
            [u64::MAX - 37, u64::MAX, u64::MAX, u64::MAX],
            // 2^255 - 1, 2^255, 2^256 - 2, 2^256 - 19, p + 18 (all ≥ p or
            // at the 2^255 boundary the 19-fold of `reduce` works on).
            [u64::MAX, u64::MAX, u64::MAX, u64::MAX >> 1],
            [0, 0, 0, 1 << 63],
            [u64::MAX - 1, u64::MAX, u64::MAX, u64::MAX],
            [u64::MAX - 18, u64::MAX, u64::MAX, u64::MAX],
            [u64::MAX, u64::MAX, u64::MAX, u64::MAX >> 1],
        ];
        for w in extremes {
            out.push(w);
        }
        for _ in 0..300 {
            out.push([next(&mut s), next(&mut s), next(&mut s), next(&mut s)]);
        }
        out.into_iter()
            .map(|w| {
                // The 5×51 twin: value mod p via bytes (bit 255 as +19).
                let mut b = [0u8; 32];
                for (c, x) in b.chunks_exact_mut(8).zip(w) {
                    c.copy_from_slice(&x.to_le_bytes());
                }
                let top = FieldElement::from_bytes(&b);
                let fe = if w[3] >> 63 == 1 {
                    let mut nineteen = [0u8; 32];
                    nineteen[0] = 19;
                    top + FieldElement::from_bytes(&nineteen)
                } else {
                    top
                };
                (fe, Fe64(w))
            })
            .collect()
    }

    #[test]
    fn ops_match_the_radix51_field() {
        let v = samples();
        for (i, (a, a64)) in v.iter().enumerate() {
            assert_eq!(a64.to_bytes(), a.to_bytes(), "encoding {i}");
            assert_eq!(a64.square().to_bytes(), a.square().to_bytes(), "sq {i}");
            assert_eq!((-*a64).to_bytes(), (-*a).to_bytes(), "neg {i}");
            let (b, b64) = &v[(i * 7 + 3) % v.len()];
            assert_eq!(a64.mul(b64).to_bytes(), a.mul(b).to_bytes(), "mul {i}");
            assert_eq!((*a64 + *b64).to_bytes(), (*a + *b).to_bytes(), "add {i}");
            assert_eq!((*a64 - *b64).to_bytes(), (*a - *b).to_bytes(), "sub {i}");
            assert!(bool::from(Fe64::from_fe51(a).ct_eq(a64)));
            assert_eq!(a64.to_radix51().to_bytes(), a.to_bytes());
        }
        for (c51, c64) in [
            (FieldElement::D, Fe64::D),
            (FieldElement::D2, Fe64::D2),
            (FieldElement::SQRT_M1, Fe64::SQRT_M1),
        ] {
            assert_eq!(c51.to_bytes(), c64.to_bytes());
        }
        let x = Fe64([5, 6, 7, 8]);
        assert!(bool::from(x.mul(&x.invert()).ct_eq(&Fe64::ONE)));
    }

    /// The 5×51 twin of four words (bit 255 folded as +19).
    fn twin(w: [u64; 4]) -> FieldElement {
        let mut b = [0u8; 32];
        for (c, x) in b.chunks_exact_mut(8).zip(w) {
            c.copy_from_slice(&x.to_le_bytes());
        }
        let mut nineteen = [0u8; 32];
        nineteen[0] = 19 * (w[3] >> 63) as u8;
        FieldElement::from_bytes(&b) + FieldElement::from_bytes(&nineteen)
    }

    proptest::proptest! {
        #[test]
        fn random_elements_match_the_radix51_field(a in proptest::prelude::any::<[u64; 4]>(),
                                                   b in proptest::prelude::any::<[u64; 4]>()) {
            let (x, y) = (Fe64(a), Fe64(b));
            let (u, v) = (twin(a), twin(b));
            proptest::prop_assert_eq!(x.mul(&y).to_bytes(), u.mul(&v).to_bytes());
            proptest::prop_assert_eq!(x.square().to_bytes(), u.square().to_bytes());
            proptest::prop_assert_eq!((x + y).to_bytes(), (u + v).to_bytes());
            proptest::prop_assert_eq!((x - y).to_bytes(), (u - v).to_bytes());
            proptest::prop_assert_eq!(x.invert().to_bytes(), u.invert().to_bytes());
        }

        /// Words drawn from the edges (0, 1, 2^63, 2^64 - 1, 2^64 - 19,
        /// 2^64 - 38) or at random: values near p, 2^255 and 2^256, where
        /// the folds of `reduce`, `add` and `sub` carry.
        #[test]
        fn edge_elements_match_the_radix51_field(a in proptest::collection::vec(edge_word(), 4),
                                                 b in proptest::collection::vec(edge_word(), 4)) {
            let (a, b) = ([a[0], a[1], a[2], a[3]], [b[0], b[1], b[2], b[3]]);
            let (x, y) = (Fe64(a), Fe64(b));
            let (u, v) = (twin(a), twin(b));
            proptest::prop_assert_eq!(x.mul(&y).to_bytes(), u.mul(&v).to_bytes());
            proptest::prop_assert_eq!(x.square().to_bytes(), u.square().to_bytes());
            proptest::prop_assert_eq!((x + y).to_bytes(), (u + v).to_bytes());
            proptest::prop_assert_eq!((x - y).to_bytes(), (u - v).to_bytes());
            proptest::prop_assert_eq!((-x).to_bytes(), (-u).to_bytes());
            proptest::prop_assert_eq!(x.invert().to_bytes(), fermat(&x).to_bytes());
        }
    }

    /// Fermat's chain (the trait's provided `invert`), for comparison.
    fn fermat(x: &Fe64) -> Fe64 {
        let (z2_250_0, z11) = x.pow22501();
        z2_250_0.pow2k(5).mul(&z11)
    }

    #[test]
    fn divstep_inverse_matches_fermat() {
        for (i, (_, x)) in samples().iter().enumerate() {
            assert_eq!(x.invert().to_bytes(), fermat(x).to_bytes(), "case {i}");
            if !bool::from(x.is_zero()) {
                assert!(bool::from(x.mul(&x.invert()).ct_eq(&Fe64::ONE)), "case {i}");
            }
        }
        for v in [1u64, 2, 19, 121_666] {
            let x = Fe64([v, 0, 0, 0]);
            assert_eq!(x.invert().to_bytes(), fermat(&x).to_bytes());
        }
    }

    fn edge_word() -> impl proptest::strategy::Strategy<Value = u64> {
        use proptest::prelude::*;
        prop_oneof![
            prop::sample::select(std::vec![
                0,
                1,
                1 << 63,
                u64::MAX,
                u64::MAX - 18,
                u64::MAX - 37
            ]),
            any::<u64>(),
        ]
    }
}
