//! Variable-time multi-scalar multiplication for verification, where every
//! input (keys, signatures, messages) is public.

use super::point::{EdwardsPoint, ProjectiveNielsPoint};
use super::scalar::vartime_naf_of_bytes;
use super::scalar::Scalar;
use super::table::{BASEPOINT_128_ODD_MULTIPLES, BASEPOINT_ODD_MULTIPLES};

/// The odd multiples [P, 3P, 5P, ..., (2n-1)P] as Niels points.
pub(crate) fn odd_multiples<const N: usize>(p: &EdwardsPoint) -> [ProjectiveNielsPoint; N] {
    let mut out = [ProjectiveNielsPoint::IDENTITY; N];
    let p2 = p.double();
    let mut acc = *p;
    for (i, o) in out.iter_mut().enumerate() {
        *o = acc.to_projective_niels();
        if i + 1 < N {
            acc = &acc + &p2;
        }
    }
    out
}

/// [a]A + [b]B, variable time: one chain of doublings, width-5 NAF digits
/// for A (eight odd multiples computed here) and width-8 NAF digits for B
/// (64 precomputed odd multiples in affine form, `table_data.rs`).
pub(crate) fn vartime_double_base_mul(
    a: &Scalar,
    point_a: &EdwardsPoint,
    b: &Scalar,
) -> EdwardsPoint {
    let naf_a = a.vartime_naf(5);
    let naf_b = b.vartime_naf(8);
    let table_a = odd_multiples::<8>(point_a);
    let table_b = &BASEPOINT_ODD_MULTIPLES;
    let top = (0..256)
        .rev()
        .find(|&i| naf_a[i] != 0 || naf_b[i] != 0)
        .unwrap_or(0);
    let mut r = EdwardsPoint::IDENTITY.to_projective();
    for i in (0..=top).rev() {
        let mut t = r.double();
        let d = naf_a[i];
        if d > 0 {
            t = &t.to_extended() + &table_a[(d / 2) as usize];
        } else if d < 0 {
            t = &t.to_extended() - &table_a[(-d / 2) as usize];
        }
        let d = naf_b[i];
        if d > 0 {
            t = &t.to_extended() + &table_b[(d / 2) as usize];
        } else if d < 0 {
            t = &t.to_extended() - &table_b[(-d / 2) as usize];
        }
        r = t.to_projective();
    }
    r.to_extended()
}

/// Adds `digit`·P to `t` for a NAF digit and P's table of odd multiples.
macro_rules! add_digit {
    ($t:ident, $digit:expr, $table:expr) => {{
        let d: i8 = $digit;
        if d > 0 {
            $t = &$t.to_extended() + &$table[(d / 2) as usize];
        } else if d < 0 {
            $t = &$t.to_extended() - &$table[(-d / 2) as usize];
        }
    }};
}

/// [b_lo]B + [b_hi](2^128·B) + [c]P + [e]Q with every scalar below 2^128
/// (little-endian bytes), variable time: 128 shared doublings, width-8 NAF
/// digits against the two precomputed base-point tables and width-5 NAF
/// digits against the odd multiples of P (negated when `negate_p`) and Q.
pub(crate) fn vartime_four_scalar_mul(
    b_lo: &[u8; 32],
    b_hi: &[u8; 32],
    c: &[u8; 32],
    table_p: &[ProjectiveNielsPoint; 8],
    negate_p: bool,
    e: &[u8; 32],
    table_q: &[ProjectiveNielsPoint; 8],
) -> EdwardsPoint {
    let naf_lo = vartime_naf_of_bytes(b_lo, 8);
    let naf_hi = vartime_naf_of_bytes(b_hi, 8);
    let naf_c = vartime_naf_of_bytes(c, 5);
    let naf_e = vartime_naf_of_bytes(e, 5);
    let sign_p: i8 = if negate_p { -1 } else { 1 };
    let top = (0..256)
        .rev()
        .find(|&i| naf_lo[i] | naf_hi[i] | naf_c[i] | naf_e[i] != 0)
        .unwrap_or(0);
    let mut r = EdwardsPoint::IDENTITY.to_projective();
    for i in (0..=top).rev() {
        let mut t = r.double();
        add_digit!(t, naf_lo[i], BASEPOINT_ODD_MULTIPLES);
        add_digit!(t, naf_hi[i], BASEPOINT_128_ODD_MULTIPLES);
        add_digit!(t, naf_c[i] * sign_p, table_p);
        add_digit!(t, naf_e[i], table_q);
        r = t.to_projective();
    }
    r.to_extended()
}

/// Σ [s_i]P_i, variable time (Straus: one shared chain of doublings,
/// width-5 NAF digits, eight odd multiples per point).
#[cfg(feature = "alloc")]
pub(crate) fn vartime_multiscalar_mul(scalars: &[Scalar], points: &[EdwardsPoint]) -> EdwardsPoint {
    use alloc::vec::Vec;
    let nafs: Vec<[i8; 256]> = scalars.iter().map(|s| s.vartime_naf(5)).collect();
    let tables: Vec<[ProjectiveNielsPoint; 8]> = points.iter().map(odd_multiples::<8>).collect();
    let top = (0..256)
        .rev()
        .find(|&i| nafs.iter().any(|n| n[i] != 0))
        .unwrap_or(0);
    let mut r = EdwardsPoint::IDENTITY.to_projective();
    for i in (0..=top).rev() {
        let mut t = r.double();
        for (naf, table) in nafs.iter().zip(&tables) {
            let d = naf[i];
            if d > 0 {
                t = &t.to_extended() + &table[(d / 2) as usize];
            } else if d < 0 {
                t = &t.to_extended() - &table[(-d / 2) as usize];
            }
        }
        r = t.to_projective();
    }
    r.to_extended()
}
