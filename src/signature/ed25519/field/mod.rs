//! The scalar field backends of Ed25519: GF(p), p = 2^255 - 19, one
//! element at a time.
//!
//! - [`Field`] (here): what the point formulas of `point.rs` and the loops
//!   of `table.rs` / `vartime.rs` need; they are written once, generic over
//!   it, and monomorphised per backend.
//! - `soft.rs`: [`FieldElement`], five 51-bit limbs on `u128` products,
//!   portable; also the representation at the backend seam and of the
//!   generated tables.
//! - `inverse.rs`: the constant-time inversion both backends use
//!   (Bernstein–Yang divsteps on 64-bit words, portable).
//! - `x86_bmi2.rs`: `Fe64`, four 64-bit words, products by BMI2 `mulx`
//!   and carries by `adc`/`sbb` (`_addcarry_u64`), 2^256 ≡ 38 folded in;
//!   instantiated inside the `#[target_feature(enable = "bmi2")]` entry
//!   points of `../x86_bmi2.rs`.
//!
//! The vector backends (four elements per instruction) live in `vector/`.

use core::ops::{Add, Neg, Sub};
use subtle::{Choice, ConditionallySelectable, ConstantTimeEq};

mod inverse;
mod soft;
#[cfg(target_arch = "x86_64")]
mod x86_bmi2;

pub(crate) use soft::FieldElement;
#[cfg(target_arch = "x86_64")]
pub(crate) use x86_bmi2::Fe64;

/// What the point formulas of `point.rs` need from a field backend.
///
/// The formulas are written once, generic over this trait, and
/// monomorphised per representation: [`FieldElement`] (`soft.rs`, 5×51-bit
/// limbs, portable) and `Fe64` (`x86_bmi2.rs`, 4×64-bit limbs, BMI2 `mulx`).
/// Every method is constant time. The provided methods (the
/// inversion and square-root addition chains) are always inlined so that a
/// backend's `#[target_feature]` entry point compiles its own copy.
pub(crate) trait Field:
    Copy
    + core::fmt::Debug
    + Add<Output = Self>
    + Sub<Output = Self>
    + Neg<Output = Self>
    + ConditionallySelectable
    + ConstantTimeEq
{
    /// 0.
    const ZERO: Self;
    /// 1.
    const ONE: Self;
    /// d = -121665/121666, the Edwards curve constant (RFC 8032 §5.1).
    const D: Self;
    /// 2·d.
    const D2: Self;
    /// A square root of -1: 2^((p-1)/4).
    const SQRT_M1: Self;

    /// Reads 32 little-endian bytes, ignoring bit 255 (RFC 8032 §5.1.3
    /// uses it as the sign of x). The value may be ≥ p.
    fn from_bytes(bytes: &[u8; 32]) -> Self;
    /// The canonical 32-byte encoding: the representative in [0, p).
    fn to_bytes(self) -> [u8; 32];
    /// self · rhs.
    fn mul(&self, rhs: &Self) -> Self;
    /// self².
    fn square(&self) -> Self;
    /// The limbs, for masked table reads that touch every entry
    /// (`table::select`). Zero is all-zero limbs and one is limb 0 = 1 in
    /// every representation.
    fn limbs(&self) -> &[u64];
    /// The limbs, mutable; see [`Field::limbs`].
    fn limbs_mut(&mut self) -> &mut [u64];

    /// self^(2^k), k ≥ 1.
    #[inline(always)]
    fn pow2k(&self, k: u32) -> Self {
        let mut x = self.square();
        for _ in 1..k {
            x = x.square();
        }
        x
    }

    /// (self^(2^250 - 1), self^11): the shared prefix of the two addition
    /// chains below (the chain of the Curve25519 paper, §5).
    #[inline(always)]
    fn pow22501(&self) -> (Self, Self) {
        let z2 = self.square(); // 2
        let z9 = z2.pow2k(2).mul(self); // 9
        let z11 = z9.mul(&z2); // 11
        let z2_5_0 = z11.square().mul(&z9); // 2^5 - 1
        let z2_10_0 = z2_5_0.pow2k(5).mul(&z2_5_0); // 2^10 - 1
        let z2_20_0 = z2_10_0.pow2k(10).mul(&z2_10_0); // 2^20 - 1
        let z2_40_0 = z2_20_0.pow2k(20).mul(&z2_20_0); // 2^40 - 1
        let z2_50_0 = z2_40_0.pow2k(10).mul(&z2_10_0); // 2^50 - 1
        let z2_100_0 = z2_50_0.pow2k(50).mul(&z2_50_0); // 2^100 - 1
        let z2_200_0 = z2_100_0.pow2k(100).mul(&z2_100_0); // 2^200 - 1
        let z2_250_0 = z2_200_0.pow2k(50).mul(&z2_50_0); // 2^250 - 1
        (z2_250_0, z11)
    }

    /// self^(p-2) = 1/self (and 0 for 0), by Fermat. Both backends
    /// override it with the faster divsteps of `inverse.rs`; the chain
    /// stays as the reference their tests compare with.
    #[inline(always)]
    fn invert(&self) -> Self {
        let (z2_250_0, z11) = self.pow22501();
        // (2^250 - 1)·2^5 + 11 = 2^255 - 21 = p - 2.
        z2_250_0.pow2k(5).mul(&z11)
    }

    /// self^((p-5)/8) = self^(2^252 - 3).
    #[inline(always)]
    fn pow_p58(&self) -> Self {
        let (z2_250_0, _) = self.pow22501();
        z2_250_0.pow2k(2).mul(self)
    }

    /// `(true, sqrt(u/v))` if u/v is a square (the root is either one;
    /// the caller picks the sign), `(false, _)` otherwise. `v = 0` gives
    /// `(u == 0, 0)`. RFC 8032 §5.1.3 step 3, with one exponentiation.
    #[inline(always)]
    fn sqrt_ratio(u: &Self, v: &Self) -> (Choice, Self) {
        let v3 = v.square().mul(v);
        let v7 = v3.square().mul(v);
        // r = u·v^3·(u·v^7)^((p-5)/8) = (u/v)^((p+3)/8) when v ≠ 0.
        let r = u.mul(&v3).mul(&u.mul(&v7).pow_p58());
        let check = v.mul(&r.square());
        let correct = check.ct_eq(u);
        let flipped = check.ct_eq(&-*u);
        let r_i = r.mul(&Self::SQRT_M1);
        let r = Self::conditional_select(&r, &r_i, flipped);
        (correct | flipped, r)
    }

    /// True when the canonical encoding is odd ("negative" in RFC 8032).
    #[inline(always)]
    fn is_negative(self) -> Choice {
        Choice::from(self.to_bytes()[0] & 1)
    }

    /// True when the element is 0 mod p.
    #[inline(always)]
    fn is_zero(self) -> Choice {
        self.to_bytes().ct_eq(&[0u8; 32])
    }
}
