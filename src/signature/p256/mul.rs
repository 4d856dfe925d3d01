//! Constant-time variable-base scalar multiplication [k]P (any point, a
//! secret scalar): 4-bit fixed windows from the top, four doublings and
//! one complete addition per window. The window's multiple is read from a
//! 16-entry table by a masked select over every entry, so neither the
//! addresses nor the branches depend on k.

use super::point::ProjectivePoint;
use super::scalar::Scalar;
use subtle::{ConditionallySelectable, ConstantTimeEq};

/// [k]P, constant time in k and P.
#[inline(always)]
pub(crate) fn mul(p: &ProjectivePoint, k: &Scalar) -> ProjectivePoint {
    // table[i] = [i]P, i = 0..15
    let mut table = [ProjectivePoint::IDENTITY; 16];
    table[1] = *p;
    for i in 2..16 {
        table[i] = if i % 2 == 0 {
            table[i / 2].double()
        } else {
            table[i - 1].add(p)
        };
    }
    let mut bytes = k.to_bytes();
    let mut acc = ProjectivePoint::IDENTITY;
    for byte in bytes.iter() {
        for nibble in [byte >> 4, byte & 15] {
            acc = acc.double().double().double().double();
            acc = acc.add(&select(&table, nibble));
        }
    }
    crate::wipe::wipe(&mut bytes);
    acc
}

/// table[d], reading every entry.
#[inline(always)]
fn select(table: &[ProjectivePoint; 16], d: u8) -> ProjectivePoint {
    let mut out = ProjectivePoint::IDENTITY;
    for (i, entry) in table.iter().enumerate() {
        out.conditional_assign(entry, (i as u8).ct_eq(&d));
    }
    out
}
