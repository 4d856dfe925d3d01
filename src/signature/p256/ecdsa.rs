//! ECDSA over P-256 with SHA-256 (FIPS 186-5 §6.4): signing with a given
//! nonce and verification, on the backend's scalar multiplications.

use super::backend::P256Backend;
use super::point::{AffinePoint, ProjectivePoint};
use super::scalar::Scalar;
use subtle::{Choice, ConstantTimeEq};

/// FIPS 186-5 §6.4.1 steps 4–12 for a nonce k ∈ [1, n−1]: R = [k]G,
/// r = x(R) mod n, s = k⁻¹(e + r·d) mod n. Constant time in d and k.
/// Returns r ‖ s and 0 when r or s is 0 (the caller draws another k;
/// probability about 2^-255).
#[inline(always)]
pub(crate) fn sign_with_nonce(
    backend: P256Backend,
    d: &Scalar,
    e: &Scalar,
    k: &Scalar,
) -> ([u8; 64], Choice) {
    let (big_r, _) = backend.mul_base(k).to_affine();
    let r = Scalar::from_canonical_limbs_reduced(&big_r.x.to_canonical());
    let mut k_inv = k.invert();
    let s = k_inv.mul(&e.add(&r.mul(d)));
    k_inv = Scalar::ZERO;
    core::hint::black_box(&mut k_inv);
    let mut out = [0u8; 64];
    out[..32].copy_from_slice(&r.to_bytes());
    out[32..].copy_from_slice(&s.to_bytes());
    (out, !(r.is_zero() | s.is_zero()))
}

/// FIPS 186-5 §6.4.2: r, s ∈ [1, n−1]; u = e·s⁻¹, v = r·s⁻¹;
/// R = [u]G + [v]Q ≠ O; accept iff x(R) mod n = r. Both s and n − s are
/// accepted, as the standard does (no low-s rule). Variable time: every
/// input is public.
pub(crate) fn vartime_verify(
    backend: P256Backend,
    q: &AffinePoint,
    e: &Scalar,
    sig: &[u8; 64],
) -> bool {
    let r_bytes: &[u8; 32] = sig[..32].try_into().unwrap_or(&[0; 32]);
    let s_bytes: &[u8; 32] = sig[32..].try_into().unwrap_or(&[0; 32]);
    let (r, r_ok) = Scalar::from_bytes(r_bytes);
    let (s, s_ok) = Scalar::from_bytes(s_bytes);
    if !bool::from(r_ok & s_ok) || bool::from(r.is_zero() | s.is_zero()) {
        return false;
    }
    let w = s.invert();
    let u = e.mul(&w);
    let v = r.mul(&w);
    let big_r = backend.vartime_double_mul(&u, &v, &ProjectivePoint::from_affine(q));
    let (aff, not_identity) = big_r.to_affine();
    if !bool::from(not_identity) {
        return false;
    }
    let x_mod_n = Scalar::from_canonical_limbs_reduced(&aff.x.to_canonical());
    bool::from(x_mod_n.ct_eq(&r))
}
