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
//! as long. The reduction is the binary Lagrange–Gauss variant of T. Pornin,
//! "Optimized Lattice Basis Reduction In Dimension 2, and Fast Schnorr and
//! EdDSA Signature Verification" (2020), Algorithm 4.
//!
//! Variable time: k is public. The caller checks nothing here on trust:
//! [`vartime_short_multiplier`] verifies c0 ≡ c1·k before returning, and
//! returns `None` (the caller then takes the plain path) if the reduction did
//! not reach the bound.

use super::scalar::{Scalar, L_BYTES};

/// A 512-bit two's-complement integer, little-endian limbs.
type Wide = [u64; 8];

fn wide_from_le(bytes: &[u8; 32]) -> Wide {
    let mut w = [0u64; 8];
    for (x, c) in w.iter_mut().zip(bytes.chunks_exact(8)) {
        let mut b = [0u8; 8];
        b.copy_from_slice(c);
        *x = u64::from_le_bytes(b);
    }
    w
}

fn is_negative(a: &Wide) -> bool {
    a[7] >> 63 == 1
}

/// Bit length of |a|.
fn bit_len(a: &Wide) -> u32 {
    let mut abs = *a;
    if is_negative(a) {
        negate(&mut abs);
    }
    for i in (0..8).rev() {
        if abs[i] != 0 {
            return 64 * i as u32 + (64 - abs[i].leading_zeros());
        }
    }
    0
}

fn negate(a: &mut Wide) {
    let mut carry = 1u64;
    for x in a.iter_mut() {
        let (v, c) = (!*x).overflowing_add(carry);
        *x = v;
        carry = u64::from(c);
    }
}

/// a < b for non-negative a, b.
fn less(a: &Wide, b: &Wide) -> bool {
    for i in (0..8).rev() {
        if a[i] != b[i] {
            return a[i] < b[i];
        }
    }
    false
}

/// a += b·2^s (sub = false) or a -= b·2^s (sub = true), mod 2^512.
fn add_shifted(a: &mut Wide, b: &Wide, s: u32, sub: bool) {
    let (words, bits) = ((s / 64) as usize, s % 64);
    // b·2^s mod 2^512 (a plain left shift, also for negative b).
    let mut shifted = [0u64; 8];
    for (i, out) in shifted.iter_mut().enumerate().skip(words) {
        let j = i - words;
        let lo = b[j];
        let below = if j == 0 { 0 } else { b[j - 1] };
        *out = if bits == 0 {
            lo
        } else {
            (lo << bits) | (below >> (64 - bits))
        };
    }
    let mut carry = 0u64;
    if sub {
        let mut borrow = 0u64;
        for (x, y) in a.iter_mut().zip(shifted) {
            let (v1, b1) = x.overflowing_sub(y);
            let (v2, b2) = v1.overflowing_sub(borrow);
            *x = v2;
            borrow = u64::from(b1 | b2);
        }
    } else {
        for (x, y) in a.iter_mut().zip(shifted) {
            let (v1, c1) = x.overflowing_add(y);
            let (v2, c2) = v1.overflowing_add(carry);
            *x = v2;
            carry = u64::from(c1 | c2);
        }
    }
}

/// The full 512-bit product of two non-negative 256-bit integers.
fn mul_256(a: &Wide, b: &Wide) -> Wide {
    let mut out = [0u64; 8];
    for i in 0..4 {
        let mut carry = 0u128;
        for j in 0..4 {
            let t = u128::from(a[i]) * u128::from(b[j]) + u128::from(out[i + j]) + carry;
            out[i + j] = t as u64;
            carry = t >> 64;
        }
        out[i + 4] = carry as u64;
    }
    out
}

/// The value of `a` if |a| < 2^127, as an `i128`.
fn to_i128(a: &Wide) -> Option<i128> {
    let fill = if is_negative(a) { u64::MAX } else { 0 };
    if a[2..].iter().any(|&x| x != fill) {
        return None;
    }
    let v = (u128::from(a[1]) << 64 | u128::from(a[0])) as i128;
    // Same sign as the 512-bit value, and not -2^127.
    ((v < 0) == (fill != 0) && v != i128::MIN).then_some(v)
}

/// (c0, c1) with c0 ≡ c1·k (mod L), |c0|, |c1| < 2^127 and c1 > 0, or
/// `None` if the reduction did not get there (never observed; the caller
/// falls back to the plain double-scalar multiplication).
pub(crate) fn vartime_short_multiplier(k: &Scalar) -> Option<(i128, i128)> {
    let l = wide_from_le(&L_BYTES);
    let kw = wide_from_le(k.as_bytes());
    // Basis u = (L, 0), v = (k, 1); their squared norms and inner product.
    let (mut u0, mut u1) = (l, [0u64; 8]);
    let (mut v0, mut v1) = (kw, [1u64, 0, 0, 0, 0, 0, 0, 0]);
    let mut nu = mul_256(&l, &l);
    let mut nv = mul_256(&kw, &kw);
    add_shifted(&mut nv, &[1, 0, 0, 0, 0, 0, 0, 0], 0, false);
    let mut p = mul_256(&l, &kw);
    // The shortest vector has squared norm < 2L/√3 < 2^253: stop once the
    // shorter basis vector has squared norm below 2^254.
    for _ in 0..1024 {
        if less(&nu, &nv) {
            core::mem::swap(&mut u0, &mut v0);
            core::mem::swap(&mut u1, &mut v1);
            core::mem::swap(&mut nu, &mut nv);
        }
        let len_v = bit_len(&nv);
        if len_v <= 254 {
            let (mut c0, mut c1) = (to_i128(&v0)?, to_i128(&v1)?);
            if c1 == 0 {
                return None;
            }
            if c1 < 0 {
                c0 = -c0;
                c1 = -c1;
            }
            return check(k, c0, c1).then_some((c0, c1));
        }
        let s = bit_len(&p).saturating_sub(len_v);
        // u ← u ∓ 2^s·v keeps N_u, N_v, p consistent:
        // N_u' = N_u + 2^(2s)·N_v ∓ 2^(s+1)·p, p' = p ∓ 2^s·N_v.
        let sub = !is_negative(&p);
        add_shifted(&mut u0, &v0, s, sub);
        add_shifted(&mut u1, &v1, s, sub);
        add_shifted(&mut nu, &nv, 2 * s, false);
        add_shifted(&mut nu, &p, s + 1, sub);
        add_shifted(&mut p, &nv, s, sub);
    }
    None
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
