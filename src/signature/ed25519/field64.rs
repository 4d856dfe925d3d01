//! Arithmetic in GF(p), p = 2^255 - 19, on four 64-bit words.
//!
//! An element is `Σ w[i]·2^(64·i)`, any value below 2^256 (not necessarily
//! below p): every operation accepts and returns such values, and only
//! [`Fe64::to_bytes`] makes the representative canonical. Reduction uses
//! 2^256 ≡ 38 (mod p). A product is 16 64×64→128-bit multiplications (10 for
//! a square) plus a 4-word fold of the high half times 38, instead of the 25
//! products of the 5×51-bit representation.
//!
//! The code is portable Rust on `u128`: the multiplications and carry
//! chains are written so that, compiled inside a function with BMI2
//! enabled (the entry points of `x86_bmi2.rs`), LLVM emits `mulx` and
//! `adc` chains for them (no `adcx`/`adox`: LLVM does not form the two
//! interleaved carry chains from this code). Constant time: no branch or memory index
//! depends on a value; carries are arithmetic, selections go through
//! `subtle`.

use super::field::{Field, FieldElement};
use core::ops::{Add, Neg, Sub};
use subtle::{Choice, ConditionallySelectable, ConstantTimeEq};

/// An element of GF(2^255 - 19) as four little-endian 64-bit words, value
/// below 2^256.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Fe64(pub(crate) [u64; 4]);

/// (lo, hi) of a·b + c + d; never overflows: (2^64-1)² + 2·(2^64-1) < 2^128.
#[inline(always)]
#[allow(clippy::cast_possible_truncation)]
fn mac(a: u64, b: u64, c: u64, d: u64) -> (u64, u64) {
    let t = u128::from(a) * u128::from(b) + u128::from(c) + u128::from(d);
    (t as u64, (t >> 64) as u64)
}

/// (a + b + carry, carry out), carry in {0, 1}.
#[inline(always)]
#[allow(clippy::cast_possible_truncation)]
fn adc(a: u64, b: u64, carry: u64) -> (u64, u64) {
    let t = u128::from(a) + u128::from(b) + u128::from(carry);
    (t as u64, (t >> 64) as u64)
}

/// (a - b - borrow, borrow out), borrow in {0, 1}.
#[inline(always)]
#[allow(clippy::cast_possible_truncation)]
fn sbb(a: u64, b: u64, borrow: u64) -> (u64, u64) {
    let t = u128::from(a)
        .wrapping_sub(u128::from(b))
        .wrapping_sub(u128::from(borrow));
    (t as u64, ((t >> 64) as u64) & 1)
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

    /// t[0..4] + 38·t[4..8] (2^256 ≡ 38), folded to four words.
    #[inline(always)]
    fn reduce(t: [u64; 8]) -> Self {
        let (r0, c) = mac(t[4], 38, t[0], 0);
        let (r1, c) = mac(t[5], 38, t[1], c);
        let (r2, c) = mac(t[6], 38, t[2], c);
        let (r3, c) = mac(t[7], 38, t[3], c);
        // c ≤ 38: add 38·c (2^256 ≡ 38) once more.
        let (r0, k) = adc(r0, c * 38, 0);
        let (r1, k) = adc(r1, 0, k);
        let (r2, k) = adc(r2, 0, k);
        let (r3, k) = adc(r3, 0, k);
        // k = 1 only if r1..r3 wrapped to 0, so r0 < 38·39: no overflow.
        Self([r0 + k * 38, r1, r2, r3])
    }
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

    /// Operand scanning: row i adds a_i·b into the running 8-word sum.
    #[inline(always)]
    fn mul(&self, rhs: &Self) -> Self {
        let [a0, a1, a2, a3] = self.0;
        let b = rhs.0;
        let (t0, c) = mac(a0, b[0], 0, 0);
        let (t1, c) = mac(a0, b[1], 0, c);
        let (t2, c) = mac(a0, b[2], 0, c);
        let (t3, t4) = mac(a0, b[3], 0, c);

        let (t1, c) = mac(a1, b[0], t1, 0);
        let (t2, c) = mac(a1, b[1], t2, c);
        let (t3, c) = mac(a1, b[2], t3, c);
        let (t4, t5) = mac(a1, b[3], t4, c);

        let (t2, c) = mac(a2, b[0], t2, 0);
        let (t3, c) = mac(a2, b[1], t3, c);
        let (t4, c) = mac(a2, b[2], t4, c);
        let (t5, t6) = mac(a2, b[3], t5, c);

        let (t3, c) = mac(a3, b[0], t3, 0);
        let (t4, c) = mac(a3, b[1], t4, c);
        let (t5, c) = mac(a3, b[2], t5, c);
        let (t6, t7) = mac(a3, b[3], t6, c);

        Self::reduce([t0, t1, t2, t3, t4, t5, t6, t7])
    }

    /// The six cross products once, doubled by a shift, plus the four
    /// squares on the diagonal.
    #[inline(always)]
    fn square(&self) -> Self {
        let [a0, a1, a2, a3] = self.0;
        let (t1, c) = mac(a0, a1, 0, 0);
        let (t2, c) = mac(a0, a2, 0, c);
        let (t3, t4) = mac(a0, a3, 0, c);
        let (t3, c) = mac(a1, a2, t3, 0);
        let (t4, t5) = mac(a1, a3, t4, c);
        let (t5, t6) = mac(a2, a3, t5, 0);
        // ×2 (the cross sum is < 2^448, so the shift loses nothing).
        let t7 = t6 >> 63;
        let t6 = (t6 << 1) | (t5 >> 63);
        let t5 = (t5 << 1) | (t4 >> 63);
        let t4 = (t4 << 1) | (t3 >> 63);
        let t3 = (t3 << 1) | (t2 >> 63);
        let t2 = (t2 << 1) | (t1 >> 63);
        let t1 = t1 << 1;
        let (d0, d1) = mac(a0, a0, 0, 0);
        let (d2, d3) = mac(a1, a1, 0, 0);
        let (d4, d5) = mac(a2, a2, 0, 0);
        let (d6, d7) = mac(a3, a3, 0, 0);
        let (t1, c) = adc(t1, d1, 0);
        let (t2, c) = adc(t2, d2, c);
        let (t3, c) = adc(t3, d3, c);
        let (t4, c) = adc(t4, d4, c);
        let (t5, c) = adc(t5, d5, c);
        let (t6, c) = adc(t6, d6, c);
        let (t7, _) = adc(t7, d7, c);
        Self::reduce([d0, t1, t2, t3, t4, t5, t6, t7])
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
    }
}
