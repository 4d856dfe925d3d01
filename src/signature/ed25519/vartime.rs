//! Variable-time multi-scalar multiplication for verification, where every
//! input (keys, signatures, messages) is public.

//!
//! The multi-scalar loops are generic over the field representation and
//! always inlined into their callers: the portable wrappers here, or a
//! backend's `#[target_feature]` entry point (`x86_bmi2.rs`).

use super::field::FieldElement;
use super::lattice::ShortEquation;
use super::point::{EdwardsPoint, ProjectiveNielsPoint};
use super::scalar::vartime_naf_of_bytes;
use super::scalar::Scalar;
use super::table::{BasepointTables, BASEPOINT_ODD_MULTIPLES};

/// The odd multiples [P, 3P, 5P, ..., (2n-1)P] as Niels points.
#[inline(always)]
pub(crate) fn odd_multiples<F: BasepointTables, const N: usize>(
    p: &EdwardsPoint<F>,
) -> [ProjectiveNielsPoint<F>; N] {
    let mut out = [ProjectiveNielsPoint::<F>::IDENTITY; N];
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
    let table_a = odd_multiples::<FieldElement, 8>(point_a);
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
pub(crate) fn vartime_four_scalar_mul(eq: &ShortEquation) -> EdwardsPoint {
    vartime_four_scalar_mul_in(eq)
}

/// [`vartime_four_scalar_mul`] in any field representation.
#[inline(always)]
pub(crate) fn vartime_four_scalar_mul_in<F: BasepointTables>(
    eq: &ShortEquation<F>,
) -> EdwardsPoint<F> {
    let ShortEquation {
        b_lo,
        b_hi,
        c,
        p,
        negate_p,
        e,
        q,
    } = eq;
    let table_p = odd_multiples::<F, 8>(p);
    let table_q = odd_multiples::<F, 8>(q);
    let naf_lo = vartime_naf_of_bytes(b_lo, 8);
    let naf_hi = vartime_naf_of_bytes(b_hi, 8);
    let naf_c = vartime_naf_of_bytes(c, 5);
    let naf_e = vartime_naf_of_bytes(e, 5);
    let sign_p: i8 = if *negate_p { -1 } else { 1 };
    let top = (0..256)
        .rev()
        .find(|&i| naf_lo[i] | naf_hi[i] | naf_c[i] | naf_e[i] != 0)
        .unwrap_or(0);
    let (odd, odd128) = (
        F::basepoint_odd_multiples(),
        F::basepoint_128_odd_multiples(),
    );
    let mut r = EdwardsPoint::<F>::IDENTITY.to_projective();
    for i in (0..=top).rev() {
        let mut t = r.double();
        add_digit!(t, naf_lo[i], odd);
        add_digit!(t, naf_hi[i], odd128);
        add_digit!(t, naf_c[i] * sign_p, table_p);
        add_digit!(t, naf_e[i], table_q);
        r = t.to_projective();
    }
    r.to_extended()
}

/// [b]B + Σ [s_i]P_i, variable time (Straus: one shared chain of doublings,
/// width-5 NAF digits and eight odd multiples per point, width-8 digits
/// against the precomputed base-point table).
#[cfg(feature = "alloc")]
pub(crate) fn vartime_multiscalar_mul(
    b: &Scalar,
    scalars: &[Scalar],
    points: &[EdwardsPoint],
) -> EdwardsPoint {
    vartime_multiscalar_mul_in(b, scalars, points)
}

/// [`vartime_multiscalar_mul`] in any field representation.
#[cfg(feature = "alloc")]
#[inline(always)]
pub(crate) fn vartime_multiscalar_mul_in<F: BasepointTables>(
    b: &Scalar,
    scalars: &[Scalar],
    points: &[EdwardsPoint<F>],
) -> EdwardsPoint<F> {
    use alloc::vec::Vec;
    let naf_b = b.vartime_naf(8);
    let nafs: Vec<[i8; 256]> = scalars.iter().map(|s| s.vartime_naf(5)).collect();
    let mut tables: Vec<[ProjectiveNielsPoint<F>; 8]> = Vec::with_capacity(points.len());
    for p in points {
        tables.push(odd_multiples::<F, 8>(p));
    }
    let odd = F::basepoint_odd_multiples();
    let top = (0..256)
        .rev()
        .find(|&i| naf_b[i] != 0 || nafs.iter().any(|n| n[i] != 0))
        .unwrap_or(0);
    let mut r = EdwardsPoint::<F>::IDENTITY.to_projective();
    for i in (0..=top).rev() {
        let mut t = r.double();
        add_digit!(t, naf_b[i], odd);
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
