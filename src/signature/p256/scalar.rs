//! Integers mod n, the order of the P-256 base point G (FIPS 186-5,
//! SP 800-186 §3.2.1.3): secret keys, nonces and the ECDSA arithmetic,
//! in Montgomery form on four 64-bit limbs (`mont.rs`). Constant time.

use super::mont::{self, Modulus};
use subtle::{Choice, ConditionallySelectable, ConstantTimeEq};
use zeroize::Zeroize;

/// The group order n.
pub(crate) struct N;

/// n as little-endian limbs.
pub(crate) const N_LIMBS: [u64; 4] = [
    0xf3b9_cac2_fc63_2551,
    0xbce6_faad_a717_9e84,
    0xffff_ffff_ffff_ffff,
    0xffff_ffff_0000_0000,
];

impl Modulus for N {
    const M: [u64; 4] = N_LIMBS;
}

/// n − 2, the Fermat exponent of the inversion.
const N_MINUS_2: [u64; 4] = [
    0xf3b9_cac2_fc63_254f,
    0xbce6_faad_a717_9e84,
    0xffff_ffff_ffff_ffff,
    0xffff_ffff_0000_0000,
];

/// An integer mod n, held as a·2^256 mod n (always < n).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Scalar(pub(crate) [u64; 4]);

impl Scalar {
    /// 0.
    pub(crate) const ZERO: Self = Self([0; 4]);
    /// 1.
    #[cfg(test)]
    pub(crate) const ONE: Self = Self(N::R1);

    /// A big-endian integer that must be in [0, n): the value and 1, or an
    /// unspecified value and 0.
    #[inline(always)]
    pub(crate) fn from_bytes(bytes: &[u8; 32]) -> (Self, Choice) {
        let a = mont::limbs_from_be(bytes);
        let ok = mont::is_below::<N>(&a);
        (Self(mont::mul::<N>(&a, &N::R2)), Choice::from(ok as u8))
    }

    /// A big-endian 256-bit integer reduced mod n: one conditional
    /// subtraction suffices since 2^256 < 2n. This is bits2int followed by
    /// "mod n" for a 256-bit digest (FIPS 186-5 §6.4.1, RFC 6979 §2.3.4).
    #[inline(always)]
    pub(crate) fn from_bytes_reduced(bytes: &[u8; 32]) -> Self {
        let a = mont::limbs_from_be(bytes);
        let r = mont::reduce_once::<N>(&a, 0);
        Self(mont::mul::<N>(&r, &N::R2))
    }

    /// A field element's canonical integer (< p < 2n) reduced mod n: the
    /// ECDSA r = x(R) mod n.
    #[inline(always)]
    pub(crate) fn from_canonical_limbs_reduced(limbs: &[u64; 4]) -> Self {
        let r = mont::reduce_once::<N>(limbs, 0);
        Self(mont::mul::<N>(&r, &N::R2))
    }

    /// The integer in [0, n) as limbs.
    #[inline(always)]
    pub(crate) fn to_canonical(self) -> [u64; 4] {
        let mut t = [0u64; 8];
        t[..4].copy_from_slice(&self.0);
        mont::montgomery_reduce::<N>(&t)
    }

    /// The big-endian 32-byte encoding of the integer in [0, n).
    #[inline(always)]
    pub(crate) fn to_bytes(self) -> [u8; 32] {
        mont::limbs_to_be(&self.to_canonical())
    }

    /// self + rhs mod n.
    #[inline(always)]
    pub(crate) fn add(&self, rhs: &Self) -> Self {
        Self(mont::add::<N>(&self.0, &rhs.0))
    }

    /// self · rhs mod n.
    #[inline(always)]
    pub(crate) fn mul(&self, rhs: &Self) -> Self {
        Self(mont::mul::<N>(&self.0, &rhs.0))
    }

    /// −self mod n.
    #[cfg(test)]
    #[inline(always)]
    pub(crate) fn neg(&self) -> Self {
        Self(mont::sub::<N>(&[0; 4], &self.0))
    }

    /// self⁻¹ = self^(n−2) mod n (0 for 0). Constant time in self: the
    /// exponent is public, so the chain of operations is fixed.
    #[inline(always)]
    pub(crate) fn invert(&self) -> Self {
        Self(mont::pow_vartime_exp::<N>(&self.0, &N_MINUS_2))
    }

    /// self⁻¹ mod n for a public value (verification's s⁻¹), by the binary
    /// extended Euclidean algorithm (Handbook of Applied Cryptography
    /// Algorithm 14.61 specialised to an odd modulus): variable time, about
    /// a quarter of the Fermat chain's cost. 0 for 0.
    pub(crate) fn vartime_invert(&self) -> Self {
        let a = self.to_canonical();
        if a == [0; 4] {
            return Self::ZERO;
        }
        let n = N::M;
        // Invariants: x1·a ≡ u, x2·a ≡ v (mod n); u, v > 0.
        let (mut u, mut v) = (a, n);
        let (mut x1, mut x2) = ([1u64, 0, 0, 0], [0u64; 4]);
        while u != [1, 0, 0, 0] && v != [1, 0, 0, 0] {
            while u[0] & 1 == 0 {
                shr1(&mut u);
                half_mod_n(&mut x1);
            }
            while v[0] & 1 == 0 {
                shr1(&mut v);
                half_mod_n(&mut x2);
            }
            if !lt(&u, &v) {
                u = sub_plain(&u, &v);
                x1 = mont::sub::<N>(&x1, &x2);
            } else {
                v = sub_plain(&v, &u);
                x2 = mont::sub::<N>(&x2, &x1);
            }
        }
        let inv = if u == [1, 0, 0, 0] { x1 } else { x2 };
        Self(mont::mul::<N>(&inv, &N::R2))
    }

    /// 1 if self = 0.
    #[inline(always)]
    pub(crate) fn is_zero(&self) -> Choice {
        self.ct_eq(&Self::ZERO)
    }
}

/// x >>= 1.
fn shr1(x: &mut [u64; 4]) {
    for i in 0..3 {
        x[i] = (x[i] >> 1) | (x[i + 1] << 63);
    }
    x[3] >>= 1;
}

/// x·2⁻¹ mod n for x < n: x/2 if x is even, else (x + n)/2 (257 bits
/// before the shift).
fn half_mod_n(x: &mut [u64; 4]) {
    let mut top = 0;
    if x[0] & 1 == 1 {
        let mut carry = 0;
        for (xi, ni) in x.iter_mut().zip(N::M) {
            let (s, c) = mont::adc(*xi, ni, carry);
            *xi = s;
            carry = c;
        }
        top = carry;
    }
    shr1(x);
    x[3] |= top << 63;
}

/// a < b (public values).
pub(crate) fn lt(a: &[u64; 4], b: &[u64; 4]) -> bool {
    a.iter()
        .rev()
        .zip(b.iter().rev())
        .find(|(x, y)| x != y)
        .is_some_and(|(x, y)| x < y)
}

/// a − b for a ≥ b.
fn sub_plain(a: &[u64; 4], b: &[u64; 4]) -> [u64; 4] {
    let mut out = [0u64; 4];
    let mut borrow = 0;
    for ((o, x), y) in out.iter_mut().zip(a).zip(b) {
        let (d, bw) = mont::sbb(*x, *y, borrow);
        *o = d;
        borrow = bw;
    }
    out
}

impl ConditionallySelectable for Scalar {
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

impl ConstantTimeEq for Scalar {
    #[inline(always)]
    fn ct_eq(&self, other: &Self) -> Choice {
        self.0[0].ct_eq(&other.0[0])
            & self.0[1].ct_eq(&other.0[1])
            & self.0[2].ct_eq(&other.0[2])
            & self.0[3].ct_eq(&other.0[3])
    }
}

impl Zeroize for Scalar {
    fn zeroize(&mut self) {
        self.0.zeroize();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constants_and_inverse() {
        assert_eq!(Scalar::ONE.to_canonical(), [1, 0, 0, 0]);
        let n_bytes = mont::limbs_to_be(&N::M);
        assert!(!bool::from(Scalar::from_bytes(&n_bytes).1));
        // n reduces to 0.
        assert_eq!(Scalar::from_bytes_reduced(&n_bytes), Scalar::ZERO);
        for v in [1u8, 2, 3, 0x7f] {
            let (a, ok) = Scalar::from_bytes(&[v; 32]);
            assert!(bool::from(ok));
            assert_eq!(a.mul(&a.invert()), Scalar::ONE);
            assert_eq!(a.vartime_invert(), a.invert());
            assert_eq!(a.add(&a.neg()), Scalar::ZERO);
        }
        assert_eq!(Scalar::ZERO.invert(), Scalar::ZERO);
        assert_eq!(Scalar::ZERO.vartime_invert(), Scalar::ZERO);
        let big = Scalar::from_bytes_reduced(&[0xff; 32]);
        assert_eq!(big.vartime_invert(), big.invert());
        assert_eq!(Scalar::ONE.neg().vartime_invert(), Scalar::ONE.neg());
    }
}
