//! GF(p) for P-256, p = 2^256 − 2^224 + 2^192 + 2^96 − 1 (FIPS 186-5,
//! SP 800-186 §3.2.1.3), in Montgomery form on four 64-bit limbs
//! (`mont.rs`).
//!
//! p ≡ −1 (mod 2^64), so −p⁻¹ mod 2^64 = 1 and each reduction round's
//! quotient is the low limb itself. Every operation is constant time.

use super::mont::{self, Modulus};
use crate::signature::safegcd;
use subtle::{Choice, ConditionallySelectable, ConstantTimeEq};

/// The field prime p.
pub(crate) struct P;

impl Modulus for P {
    const M: [u64; 4] = [
        0xffff_ffff_ffff_ffff,
        0x0000_0000_ffff_ffff,
        0x0000_0000_0000_0000,
        0xffff_ffff_0000_0001,
    ];
}

impl safegcd::Modulus for P {
    const M: [u64; 4] = <P as Modulus>::M;
}

/// An element of GF(p), held as a·2^256 mod p (always < p).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct FieldElement(pub(crate) [u64; 4]);

impl FieldElement {
    /// 0.
    pub(crate) const ZERO: Self = Self([0; 4]);
    /// 1 (R mod p).
    pub(crate) const ONE: Self = Self(P::R1);

    /// The element for a canonical integer given as limbs (const: tables).
    pub(crate) const fn from_canonical_limbs_const(limbs: [u64; 4]) -> Self {
        // Montgomery product with R² mod p, written out for const use.
        Self(const_mul(&limbs, &P::R2))
    }

    /// Reads a big-endian 32-byte integer; `None` (as a `Choice`) if ≥ p.
    #[inline(always)]
    pub(crate) fn from_bytes(bytes: &[u8; 32]) -> (Self, Choice) {
        let a = mont::limbs_from_be(bytes);
        let ok = mont::is_below::<P>(&a);
        // Out-of-range input gives an arbitrary element; the caller checks `ok`.
        (Self(mont::mul::<P>(&a, &P::R2)), Choice::from(ok as u8))
    }

    /// The canonical big-endian 32-byte encoding.
    #[inline(always)]
    pub(crate) fn to_bytes(self) -> [u8; 32] {
        mont::limbs_to_be(&self.to_canonical())
    }

    /// The integer in [0, p) as limbs (leaves the Montgomery form).
    #[inline(always)]
    pub(crate) fn to_canonical(self) -> [u64; 4] {
        let mut t = [0u64; 8];
        t[..4].copy_from_slice(&self.0);
        mont::montgomery_reduce::<P>(&t)
    }

    /// self + rhs.
    #[inline(always)]
    pub(crate) fn add(&self, rhs: &Self) -> Self {
        Self(mont::add::<P>(&self.0, &rhs.0))
    }

    /// self − rhs.
    #[inline(always)]
    pub(crate) fn sub(&self, rhs: &Self) -> Self {
        Self(mont::sub::<P>(&self.0, &rhs.0))
    }

    /// 2·self.
    #[inline(always)]
    pub(crate) fn double(&self) -> Self {
        self.add(self)
    }

    /// −self.
    #[inline(always)]
    pub(crate) fn neg(&self) -> Self {
        Self::ZERO.sub(self)
    }

    /// self · rhs.
    #[inline(always)]
    pub(crate) fn mul(&self, rhs: &Self) -> Self {
        Self(reduce(&mont::product(&self.0, &rhs.0)))
    }

    /// self².
    #[inline(always)]
    pub(crate) fn square(&self) -> Self {
        Self(reduce(&mont::square_product(&self.0)))
    }

    /// self^(2^k).
    #[inline(always)]
    fn sqn(&self, k: usize) -> Self {
        let mut x = *self;
        for _ in 0..k {
            x = x.square();
        }
        x
    }

    /// self⁻¹, 0 for 0: the constant-time divsteps of `safegcd.rs` on the
    /// Montgomery form directly. Started from e = R² mod p, they return
    /// R²/(a·R) = a⁻¹·R, the Montgomery form of the inverse, with no
    /// conversion in or out. About a third of the Fermat chain's time.
    #[inline(always)]
    pub(crate) fn invert(&self) -> Self {
        Self(safegcd::invert_times::<P>(self.0, P::R2))
    }

    /// self⁻¹ = self^(p−2) (Fermat), 0 for 0: the reference the divstep
    /// inversion is tested against. Constant time: a fixed
    /// addition chain of 255 squarings and 13 products, exploiting the runs
    /// of ones in p − 2 = ffffffff 00000001 00000000 00000000 00000000
    /// ffffffff ffffffff fffffffd.
    #[cfg(test)]
    pub(crate) fn invert_fermat(&self) -> Self {
        let x1 = *self;
        let x2 = x1.square().mul(&x1); // 2^2 − 1
        let x3 = x2.square().mul(&x1); // 2^3 − 1
        let x6 = x3.sqn(3).mul(&x3);
        let x12 = x6.sqn(6).mul(&x6);
        let x15 = x12.sqn(3).mul(&x3);
        let x30 = x15.sqn(15).mul(&x15);
        let x32 = x30.sqn(2).mul(&x2);
        // ffffffff 00000001
        let mut t = x32.sqn(32).mul(&x1);
        // then 128 zero bits and 32 ones: ... 00000000 00000000 00000000 ffffffff
        t = t.sqn(128).mul(&x32);
        // ffffffff
        t = t.sqn(32).mul(&x32);
        // fffffffd = 11111111 11111111 11111111 111111 01: 30 ones, 0, 1
        t = t.sqn(30).mul(&x30);
        t.sqn(2).mul(&x1)
    }

    /// A square root self^((p+1)/4) (p ≡ 3 mod 4) and whether it is one
    /// (its square equals self). (p+1)/4 = 3fffffffc0000000 4000000000000000
    /// 0000000000000000 4000000000000000 0000000000000000 (in 32-bit halves:
    /// 3fffffff c0000000 40000000 00000000 00000000 40000000 00000000 00000000).
    #[inline(always)]
    pub(crate) fn sqrt(&self) -> (Self, Choice) {
        let x1 = *self;
        let x2 = x1.square().mul(&x1);
        let x3 = x2.square().mul(&x1);
        let x6 = x3.sqn(3).mul(&x3);
        let x12 = x6.sqn(6).mul(&x6);
        let x15 = x12.sqn(3).mul(&x3);
        let x30 = x15.sqn(15).mul(&x15);
        let x32 = x30.sqn(2).mul(&x2);
        // (p+1)/4 = 2^254 − 2^222 + 2^190 + 2^94: in binary 32 ones,
        // then a 1 at bit 190 (counting from 0), then one at bit 94.
        // 32 ones occupy bits 222..=253; shift and add the single bits.
        let mut t = x32.sqn(32).mul(&x1); // bits 190..=254 pattern: 32 ones, 31 zeros, 1
        t = t.sqn(96).mul(&x1); // ... then 95 zeros, 1 at bit 94
        t = t.sqn(94);
        let ok = t.square().ct_eq(self);
        (t, ok)
    }

    /// 1 if self = 0.
    #[inline(always)]
    pub(crate) fn is_zero(&self) -> Choice {
        self.ct_eq(&Self::ZERO)
    }

    /// 1 if the canonical integer is odd (SEC 1 §2.3.3: the compressed
    /// point's tag is 0x02 + (y mod 2)).
    #[inline(always)]
    pub(crate) fn is_odd(&self) -> Choice {
        Choice::from((self.to_canonical()[0] & 1) as u8)
    }
}

/// t·2^-256 mod p for t < p·2^256, specialised to the shape of p.
///
/// Each round adds q·p with q = t_i (−p⁻¹ ≡ 1 mod 2^64) to clear limb i.
/// With p = (2^64 − 1) + (2^32 − 1)·2^64 + 0·2^128 + (2^64 − 2^32 + 1)·2^192:
/// t_i + q·(2^64 − 1) = q·2^64 exactly (since t_i = q), so limb i becomes 0
/// with carry q; limb i+1 gains q·(2^32 − 1) + q = q·2^32 (a shift, no
/// multiplication); limb i+2 gains only carries; limb i+3 takes the one
/// real product q·(2^64 − 2^32 + 1). One multiplication per round instead
/// of four.
#[inline(always)]
fn reduce(t: &[u64; 8]) -> [u64; 4] {
    let mut t = *t;
    let mut hi_carry = 0u64;
    for i in 0..4 {
        let q = t[i];
        let (s1, c1) = mont::adc(t[i + 1], q << 32, 0);
        let (s2, c2) = mont::adc(t[i + 2], q >> 32, c1);
        let (s3, c3) = mont::mac(t[i + 3], q, P::M[3], c2);
        let (s4, c4) = mont::adc(t[i + 4], c3, hi_carry);
        t[i + 1] = s1;
        t[i + 2] = s2;
        t[i + 3] = s3;
        t[i + 4] = s4;
        hi_carry = c4;
    }
    mont::reduce_once::<P>(&[t[4], t[5], t[6], t[7]], hi_carry)
}

/// The Montgomery product for const evaluation (table constants).
const fn const_mul(a: &[u64; 4], b: &[u64; 4]) -> [u64; 4] {
    let mut t = [0u64; 9];
    let mut i = 0;
    while i < 4 {
        let mut carry = 0;
        let mut j = 0;
        while j < 4 {
            let (lo, hi) = mont::mac(t[i + j], a[i], b[j], carry);
            t[i + j] = lo;
            carry = hi;
            j += 1;
        }
        t[i + 4] = carry;
        i += 1;
    }
    let m = P::M;
    let mut i = 0;
    while i < 4 {
        let q = t[i].wrapping_mul(P::M0_INV);
        let mut carry = 0;
        let mut j = 0;
        while j < 4 {
            let (lo, hi) = mont::mac(t[i + j], q, m[j], carry);
            t[i + j] = lo;
            carry = hi;
            j += 1;
        }
        let mut k = i + 4;
        while carry != 0 && k < 9 {
            let (s, c) = mont::adc(t[k], carry, 0);
            t[k] = s;
            carry = c;
            k += 1;
        }
        i += 1;
    }
    let r = [t[4], t[5], t[6], t[7]];
    // Subtract p if r ≥ p (or a carry reached limb 8).
    let mut d = [0u64; 4];
    let mut borrow = 0;
    let mut j = 0;
    while j < 4 {
        let (x, b) = mont::sbb(r[j], m[j], borrow);
        d[j] = x;
        borrow = b;
        j += 1;
    }
    if t[8] != 0 || borrow == 0 {
        d
    } else {
        r
    }
}

impl ConditionallySelectable for FieldElement {
    #[inline(always)]
    fn conditional_select(a: &Self, b: &Self, choice: Choice) -> Self {
        Self([
            u64::conditional_select(&a.0[0], &b.0[0], choice),
            u64::conditional_select(&a.0[1], &b.0[1], choice),
            u64::conditional_select(&a.0[2], &b.0[2], choice),
            u64::conditional_select(&a.0[3], &b.0[3], choice),
        ])
    }
}

impl ConstantTimeEq for FieldElement {
    #[inline(always)]
    fn ct_eq(&self, other: &Self) -> Choice {
        // Both sides are fully reduced, so equal residues have equal limbs.
        self.0[0].ct_eq(&other.0[0])
            & self.0[1].ct_eq(&other.0[1])
            & self.0[2].ct_eq(&other.0[2])
            & self.0[3].ct_eq(&other.0[3])
    }
}

impl zeroize::DefaultIsZeroes for FieldElement {}

// ---- Point-layer helpers (owned by the point code: `jacobian.rs`) ----

impl FieldElement {
    /// self/2 mod p: (self + p)/2 if self is odd, else self/2 (p is odd;
    /// the Montgomery form commutes with halving). Constant time: p is
    /// added under a mask, then the 257-bit sum is shifted right once.
    #[inline(always)]
    pub(crate) fn half(&self) -> Self {
        let mask = (self.0[0] & 1).wrapping_neg();
        let (s0, c) = mont::adc(self.0[0], P::M[0] & mask, 0);
        let (s1, c) = mont::adc(self.0[1], P::M[1] & mask, c);
        let (s2, c) = mont::adc(self.0[2], P::M[2] & mask, c);
        let (s3, c) = mont::adc(self.0[3], P::M[3] & mask, c);
        Self([
            (s0 >> 1) | (s1 << 63),
            (s1 >> 1) | (s2 << 63),
            (s2 >> 1) | (s3 << 63),
            (s3 >> 1) | (c << 63),
        ])
    }
}

// ---- end of the point-layer helpers ----

#[cfg(test)]
mod tests {
    use super::*;

    fn fe(n: u64) -> FieldElement {
        FieldElement::from_canonical_limbs_const([n, 0, 0, 0])
    }

    #[test]
    fn montgomery_constants() {
        assert_eq!(P::M0_INV, 1);
        assert_eq!(fe(1), FieldElement::ONE);
        assert_eq!(fe(1).to_canonical(), [1, 0, 0, 0]);
    }

    #[test]
    fn inversion_and_sqrt() {
        for n in [1u64, 2, 3, 7, 0xdead_beef, u64::MAX] {
            let a = fe(n).mul(&fe(n + 17)).add(&fe(5));
            assert_eq!(a.mul(&a.invert()), FieldElement::ONE, "n = {n}");
            let sq = a.square();
            let (r, ok) = sq.sqrt();
            assert!(bool::from(ok));
            assert!(r == a || r == a.neg());
        }
        assert_eq!(FieldElement::ZERO.invert(), FieldElement::ZERO);
        // −1 is not a square (p ≡ 3 mod 4).
        assert!(!bool::from(fe(1).neg().sqrt().1));
    }

    /// The divstep inversion against Fermat's chain: edge values (0, 1, 2,
    /// p − 1, p − 2), the inputs with the longest divstep runs, and
    /// pseudo-random ones, as Montgomery limbs (the value inverted is the
    /// limb vector, the case that matters).
    #[test]
    fn divstep_inverse_matches_fermat() {
        let m = P::M;
        let mut cases = std::vec![
            [0u64; 4],
            [1, 0, 0, 0],
            [2, 0, 0, 0],
            [m[0] - 1, m[1], m[2], m[3]],
            [m[0] - 2, m[1], m[2], m[3]],
            P::R1,
        ];
        cases.extend(safegcd::long_runs::<P>(16));
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..200 {
            let mut x = [0u64; 4];
            for w in &mut x {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                *w = state;
            }
            cases.push(mont::reduce_once::<P>(&x, 0));
        }
        for (i, x) in cases.into_iter().enumerate() {
            let a = FieldElement(x);
            assert_eq!(a.invert(), a.invert_fermat(), "case {i}");
        }
    }

    /// The P-256-specific reduction (`reduce`, behind `mul` and `square`)
    /// against the generic word-by-word Montgomery product of `mont.rs`
    /// (any rewrite of the field arithmetic must keep this): edge values
    /// (0, 1, 2, p − 1, p − 2, values with all-ones or all-zero halves)
    /// and pseudo-random ones, every pair.
    #[test]
    fn specialised_mul_and_square_match_generic() {
        let m = P::M;
        let mut cases = std::vec![
            [0u64; 4],
            [1, 0, 0, 0],
            [2, 0, 0, 0],
            [m[0] - 1, m[1], m[2], m[3]],
            [m[0] - 2, m[1], m[2], m[3]],
            [u64::MAX, u64::MAX, u64::MAX, 0],
            [0, 0, 0, m[3] - 1],
            [u64::MAX, 0, u64::MAX, 0x7fff_ffff_ffff_ffff],
            [0xffff_ffff, 0, 0, 0],
            [0xffff_ffff_0000_0000, 0xffff_ffff, 0, 0],
            P::R1,
            P::R2,
        ];
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..120 {
            let mut x = [0u64; 4];
            for w in &mut x {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                *w = state;
            }
            // Sparse and dense patterns too: they hit the carry corners.
            match state % 4 {
                0 => x[(state >> 8) as usize % 4] = 0,
                1 => x[(state >> 8) as usize % 4] = u64::MAX,
                _ => {}
            }
            cases.push(mont::reduce_once::<P>(&x, 0));
        }
        for (i, a) in cases.iter().enumerate() {
            let fa = FieldElement(*a);
            assert_eq!(fa.square().0, mont::mul::<P>(a, a), "square {i}");
            for (j, b) in cases.iter().enumerate() {
                let got = fa.mul(&FieldElement(*b)).0;
                assert_eq!(got, mont::mul::<P>(a, b), "mul {i} {j}");
            }
        }
        // Reduction inputs up to the bound t < p·2^256 (high half 0, 5 or
        // p − 1) with the low half 0, 1, 2^255 or 2^256 − 1.
        for hi in [[0u64; 4], [m[0] - 1, m[1], m[2], m[3]], [5, 0, 0, 0]] {
            for lo in [[0u64; 4], [u64::MAX; 4], [1, 0, 0, 0], [0, 0, 0, 1 << 63]] {
                let t = [lo[0], lo[1], lo[2], lo[3], hi[0], hi[1], hi[2], hi[3]];
                assert_eq!(
                    reduce(&t),
                    mont::montgomery_reduce::<P>(&t),
                    "{lo:x?} {hi:x?}"
                );
            }
        }
    }

    #[test]
    fn bytes_round_trip_and_range() {
        let p_bytes = mont::limbs_to_be(&P::M);
        assert!(!bool::from(FieldElement::from_bytes(&p_bytes).1));
        let mut pm1 = p_bytes;
        pm1[31] -= 1;
        let (x, ok) = FieldElement::from_bytes(&pm1);
        assert!(bool::from(ok));
        assert_eq!(x.to_bytes(), pm1);
        assert_eq!(x, fe(1).neg());
    }
}
