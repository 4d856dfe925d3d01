//! ECDSA over P-256 with SHA-256 (FIPS 186-5 §6.4): key derivation,
//! signing with a given nonce, and verification. Every function here is
//! `#[inline(always)]` so that each backend's entry point (`backend.rs`,
//! `x86_bmi2.rs`) compiles its own copy with its own target features.

use super::field::FieldElement;
use super::jacobian::JacobianPoint;
use super::point::AffinePoint;
use super::scalar::Scalar;
use super::{table, vartime};
use subtle::Choice;

/// Q = [d]G in affine form. Constant time in d.
#[inline(always)]
pub(crate) fn public_key(d: &Scalar) -> AffinePoint {
    public_key_rows(d, &table::Portable)
}

/// [`public_key`] reading the fixed-base table with `rows`.
#[inline(always)]
pub(crate) fn public_key_rows<S: table::RowSelect>(d: &Scalar, rows: &S) -> AffinePoint {
    table::mul_base(d, rows).to_affine().0
}

/// FIPS 186-5 §6.4.1 steps 4–12 for a nonce k ∈ [1, n−1]: R = [k]G,
/// r = x(R) mod n, s = k⁻¹(e + r·d) mod n. Constant time in d and k.
/// Only x(R) is taken out of Jacobian form (X·(Z⁻¹)², no y).
/// Returns r ‖ s and 0 when r or s is 0 (the caller draws another k;
/// probability about 2^-255).
#[inline(always)]
pub(crate) fn sign_with_nonce(d: &Scalar, e: &Scalar, k: &Scalar) -> ([u8; 64], Choice) {
    sign_with_nonce_rows(d, e, k, &table::Portable)
}

/// [`sign_with_nonce`] reading the fixed-base table with `rows`.
#[inline(always)]
pub(crate) fn sign_with_nonce_rows<S: table::RowSelect>(
    d: &Scalar,
    e: &Scalar,
    k: &Scalar,
    rows: &S,
) -> ([u8; 64], Choice) {
    let x = table::mul_base(k, rows).to_affine_x();
    let r = Scalar::from_canonical_limbs_reduced(&x.to_canonical());
    let mut k_inv = k.invert();
    let s = k_inv.mul(&e.add(&r.mul(d)));
    k_inv = Scalar::ZERO;
    core::hint::black_box(&mut k_inv);
    let mut out = [0u8; 64];
    out[..32].copy_from_slice(&r.to_bytes());
    out[32..].copy_from_slice(&s.to_bytes());
    (out, !(r.is_zero() | s.is_zero()))
}

/// p − n: an x(R) in [n, p) reduces to x − n < p − n, so r below this
/// has two candidate x coordinates, r and r + n.
const P_MINUS_N: [u64; 4] = [
    0x0c46_353d_039c_daae,
    0x4319_0553_58e8_617b,
    0x0000_0000_0000_0000,
    0x0000_0000_0000_0000,
];

/// FIPS 186-5 §6.4.2: r, s ∈ [1, n−1]; u = e·s⁻¹, v = r·s⁻¹;
/// R = [u]G + [v]Q ≠ O; accept iff x(R) mod n = r. Both s and n − s are
/// accepted, as the standard does (no low-s rule). Variable time: every
/// input is public.
///
/// x(R) mod n = r is checked without an inversion: x(R) ∈ [0, p) and
/// p < 2n, so x(R) is r or r + n (the latter only if r + n < p), i.e.
/// X = r·Z² or X = (r + n)·Z² (Jacobian coordinates).
#[inline(always)]
pub(crate) fn vartime_verify(q: &AffinePoint, e: &Scalar, sig: &[u8; 64]) -> bool {
    vartime_verify_by(e, sig, |u, v| vartime::vartime_double_mul(u, v, q))
}

/// [`vartime_verify`] for a prepared key (`vartime::SplitTables`): the
/// same checks and the same point R, computed with 128 doublings.
#[inline(always)]
pub(crate) fn vartime_verify_prepared(
    tables: &vartime::SplitTables,
    e: &Scalar,
    sig: &[u8; 64],
) -> bool {
    vartime_verify_by(e, sig, |u, v| {
        vartime::vartime_double_mul_split(u, v, tables)
    })
}

/// A prepared key's tables for Q (`vartime::vartime_split_tables`).
#[inline(always)]
pub(crate) fn vartime_prepare(q: &AffinePoint) -> vartime::SplitTables {
    vartime::vartime_split_tables(q)
}

/// FIPS 186-5 §6.4.2 around `double_mul(u, v)` = [u]G + [v]Q.
#[inline(always)]
fn vartime_verify_by(
    e: &Scalar,
    sig: &[u8; 64],
    double_mul: impl FnOnce(&Scalar, &Scalar) -> JacobianPoint,
) -> bool {
    let mut r_bytes = [0u8; 32];
    let mut s_bytes = [0u8; 32];
    r_bytes.copy_from_slice(&sig[..32]);
    s_bytes.copy_from_slice(&sig[32..]);
    let (r, r_ok) = Scalar::from_bytes(&r_bytes);
    let (s, s_ok) = Scalar::from_bytes(&s_bytes);
    if !bool::from(r_ok & s_ok) || bool::from(r.is_zero() | s.is_zero()) {
        return false;
    }
    let w = s.vartime_invert();
    let u = e.mul(&w);
    let v = r.mul(&w);
    let big_r = double_mul(&u, &v);
    if big_r.vartime_is_identity() {
        return false;
    }
    // Jacobian: x(R) = X/Z². r < n < p, so it is a canonical field element.
    let z2 = big_r.z.square();
    let (r_fe, _) = FieldElement::from_bytes(&r_bytes);
    if big_r.x == r_fe.mul(&z2) {
        return true;
    }
    let r_limbs = r.to_canonical();
    if super::scalar::lt(&r_limbs, &P_MINUS_N) {
        let n_fe = FieldElement::from_canonical_limbs_const(super::scalar::N_LIMBS);
        return big_r.x == r_fe.add(&n_fe).mul(&z2);
    }
    false
}
