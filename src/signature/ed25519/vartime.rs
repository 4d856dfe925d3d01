//! Variable-time multi-scalar multiplication for verification, where every
//! input (keys, signatures, messages) is public.

use super::point::{EdwardsPoint, ProjectiveNielsPoint};
use super::scalar::Scalar;
use super::table::BASEPOINT_ODD_MULTIPLES;

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
