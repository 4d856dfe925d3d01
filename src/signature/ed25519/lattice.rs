//! Halving the doublings of verification with a short multiplier.
//!
//! For a challenge k, find integers (c0, c1), both of absolute value below
//! 2^127 with c1 ≠ 0, such that c0 ≡ c1·k (mod L): a short vector of the
//! lattice spanned by (L, 0) and (k, 1). Then the cofactored equation
//! [8]([S]B − R − [k]A) = O holds iff
//! [8]([c1·S mod L]B − [c0]A − [c1]R) = O, because 8A lies in the
//! prime-order subgroup (so [8c1·k]A = [8c0]A) and c1 is invertible mod L.
//! Every scalar on the right is about 128 bits (the B one is split in two
//! halves with a table for 2^128·B), so the shared chain of doublings is half
//! as long. This is the idea of T. Pornin, "Optimized Lattice Basis
//! Reduction In Dimension 2, and Fast Schnorr and EdDSA Signature
//! Verification" (2020).
//!
//! The short vector comes from the extended Euclidean algorithm on (L, k),
//! stopped half-way: the remainders r_i satisfy r_i ≡ t_i·k (mod L) and
//! r_(i−1)·|t_i| + r_i·|t_(i−1)| = L, so at the first r_i < 2^126 (with
//! r_(i−1) ≥ 2^126) also |t_i| ≤ L / 2^126 < 2^127. Each quotient is found by
//! binary long division (shift-and-subtract), so everything stays within
//! 256-bit remainders and `i128` cofactors.
//!
//! Variable time: k is public. Nothing here is taken on trust:
//! [`vartime_short_multiplier`] checks c0 ≡ c1·k with the scalar arithmetic
//! before returning, and the caller falls back to the plain double-scalar
//! multiplication on `None`.

use super::field::FieldElement;
use super::point::EdwardsPoint;
use super::scalar::{Scalar, L_BYTES};

/// The verification equation after the reduction, as every backend's
/// `vartime_four_scalar_mul` receives it:
/// [b_lo]B + [b_hi](2^128·B) + [c]P' + [e]Q, with P' = −P when `negate_p`,
/// every scalar below 2^128 (little-endian bytes, top half zero). For a
/// signature, b = c1·S mod L split in halves, c = |c0|, P = −A (negated
/// when c0 < 0), e = c1 > 0 and Q = −R: the sum is [c1·S]B − [c0]A − [c1]R.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ShortEquation<F = FieldElement> {
    pub(crate) b_lo: [u8; 32],
    pub(crate) b_hi: [u8; 32],
    pub(crate) c: [u8; 32],
    pub(crate) p: EdwardsPoint<F>,
    pub(crate) negate_p: bool,
    pub(crate) e: [u8; 32],
    pub(crate) q: EdwardsPoint<F>,
}

impl<F> ShortEquation<F> {
    /// The same equation with both points mapped (to another field).
    #[cfg(target_arch = "x86_64")]
    #[inline(always)]
    pub(crate) fn map_points<G>(
        &self,
        f: impl Fn(&EdwardsPoint<F>) -> EdwardsPoint<G>,
    ) -> ShortEquation<G> {
        ShortEquation {
            b_lo: self.b_lo,
            b_hi: self.b_hi,
            c: self.c,
            p: f(&self.p),
            negate_p: self.negate_p,
            e: self.e,
            q: f(&self.q),
        }
    }
}

/// [S]B − [k]A − R in short form (up to the factor c1, invertible mod L),
/// or `None` when the reduction gave up (the caller then evaluates the
/// full-length equation).
pub(crate) fn vartime_short_equation(
    k: &Scalar,
    s: &Scalar,
    minus_a: &EdwardsPoint,
    r: &EdwardsPoint,
) -> Option<ShortEquation> {
    let (c0, c1) = vartime_short_multiplier(k)?;
    // [c1·S]B − [c0]A − [c1]R with ~128-bit scalars (c1 > 0).
    let b = Scalar::mul(&scalar_from_i128(c1), s);
    let (mut b_lo, mut b_hi) = ([0u8; 32], [0u8; 32]);
    b_lo[..16].copy_from_slice(&b.as_bytes()[..16]);
    b_hi[..16].copy_from_slice(&b.as_bytes()[16..]);
    let mut c = [0u8; 32];
    c[..16].copy_from_slice(&c0.unsigned_abs().to_le_bytes());
    let mut e = [0u8; 32];
    e[..16].copy_from_slice(&c1.unsigned_abs().to_le_bytes());
    Some(ShortEquation {
        b_lo,
        b_hi,
        c,
        p: *minus_a,
        negate_p: c0 < 0,
        e,
        q: -r,
    })
}

/// A 256-bit unsigned integer, little-endian limbs.
type U256 = [u64; 4];

fn from_le(bytes: &[u8; 32]) -> U256 {
    let mut w = [0u64; 4];
    for (x, c) in w.iter_mut().zip(bytes.chunks_exact(8)) {
        let mut b = [0u8; 8];
        b.copy_from_slice(c);
        *x = u64::from_le_bytes(b);
    }
    w
}

/// Bit length of `a`.
fn bit_len(a: &U256) -> u32 {
    for i in (0..4).rev() {
        if a[i] != 0 {
            return 64 * i as u32 + (64 - a[i].leading_zeros());
        }
    }
    0
}

/// `a` · 2^s for a value whose bit length plus s is at most 256.
fn shl(a: &U256, s: u32) -> U256 {
    let (words, bits) = ((s / 64) as usize, s % 64);
    let mut out = [0u64; 4];
    for i in words..4 {
        let lo = a[i - words];
        out[i] = if bits == 0 || i == words {
            lo << bits
        } else {
            (lo << bits) | (a[i - words - 1] >> (64 - bits))
        };
    }
    out
}

/// a ≥ b.
fn ge(a: &U256, b: &U256) -> bool {
    for i in (0..4).rev() {
        if a[i] != b[i] {
            return a[i] > b[i];
        }
    }
    true
}

/// a − b for a ≥ b.
fn sub(a: &mut U256, b: &U256) {
    let mut borrow = false;
    for (x, y) in a.iter_mut().zip(b) {
        let (v1, b1) = x.overflowing_sub(*y);
        let (v2, b2) = v1.overflowing_sub(u64::from(borrow));
        *x = v2;
        borrow = b1 | b2;
    }
}

/// (c0, c1) with c0 ≡ c1·k (mod L), |c0|, |c1| < 2^127 and c1 > 0, or
/// `None` if that failed (never observed; the caller falls back to the
/// plain double-scalar multiplication).
pub(crate) fn vartime_short_multiplier(k: &Scalar) -> Option<(i128, i128)> {
    // (r0, t0) = (L, 0), (r1, t1) = (k, 1): r ≡ t·k (mod L), r0 > r1.
    let (mut r0, mut t0) = (from_le(&L_BYTES), 0i128);
    let (mut r1, mut t1) = (from_le(k.as_bytes()), 1i128);
    while bit_len(&r1) > 126 {
        // r0 ← r0 mod r1, t0 ← t0 − q·t1, one quotient bit at a time.
        let len1 = bit_len(&r1);
        while ge(&r0, &r1) {
            let mut s = bit_len(&r0) - len1;
            let mut shifted = shl(&r1, s);
            if !ge(&r0, &shifted) {
                s -= 1;
                shifted = shl(&r1, s);
            }
            sub(&mut r0, &shifted);
            t0 = t0.checked_sub(t1.checked_mul(1i128.checked_shl(s)?)?)?;
        }
        core::mem::swap(&mut r0, &mut r1);
        core::mem::swap(&mut t0, &mut t1);
    }
    // r1 < 2^126 fits in 128 bits.
    let mut c0 = i128::try_from(u128::from(r1[0]) | (u128::from(r1[1]) << 64)).ok()?;
    let mut c1 = t1;
    if c1 == 0 || c1.unsigned_abs() >= 1 << 127 {
        return None;
    }
    if c1 < 0 {
        c0 = -c0;
        c1 = -c1;
    }
    check(k, c0, c1).then_some((c0, c1))
}

/// c0 ≡ c1·k (mod L), recomputed with the scalar arithmetic.
fn check(k: &Scalar, c0: i128, c1: i128) -> bool {
    let lhs = scalar_from_i128(c0);
    let rhs = Scalar::mul(&scalar_from_i128(c1), k);
    lhs == rhs
}

/// c mod L for |c| < 2^127.
pub(crate) fn scalar_from_i128(c: i128) -> Scalar {
    let mut b = [0u8; 32];
    b[..16].copy_from_slice(&c.unsigned_abs().to_le_bytes());
    let s = Scalar::from_bytes_mod_order(&b);
    if c < 0 {
        Scalar::sub(&Scalar::ZERO, &s)
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_multipliers_are_short_and_correct() {
        let mut seed = 0x1234_5678_9abc_def1u64;
        let mut worst = 0u32;
        for i in 0..2000 {
            let mut b = [0u8; 32];
            for c in b.chunks_exact_mut(8) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                c.copy_from_slice(&seed.to_le_bytes());
            }
            let k = match i {
                0 => Scalar::ZERO,
                1 => Scalar::from_bytes_mod_order(&[1; 32]),
                _ => Scalar::from_bytes_mod_order(&b),
            };
            let (c0, c1) = vartime_short_multiplier(&k).expect("reduction reaches the bound");
            assert!(c1 > 0);
            assert!(check(&k, c0, c1));
            worst = worst.max(128 - c0.unsigned_abs().leading_zeros());
            worst = worst.max(128 - c1.unsigned_abs().leading_zeros());
        }
        assert!(worst <= 127, "{worst}");
    }
}
