//! Constant-time fixed-base multiplication [k]G (key derivation, signing)
//! with a precomputed table, and the table's generator.
//!
//! k = Σ_{j<52} d_j·32^j with signed digits d_j ∈ [−15, 16]
//! ([`signed_radix32`]), so [k]G = Σ_j d_j·(32^j·G): 52 table lookups and
//! 52 mixed additions, no doubling at all. Table row j holds
//! (1..=16)·32^j·G in affine form (52 × 16 points, 53 KiB). Each lookup
//! reads all 16 entries of its row and keeps one with a masked select, then
//! negates y under a mask, so neither the addresses touched nor the
//! branches taken depend on the secret digit. A zero digit adds an
//! arbitrary entry and keeps the previous sum by masked select (the mixed
//! addition cannot take the identity as its affine input).
//!
//! The table lives in `table_data.rs`, which this file's test regenerates
//! from the curve arithmetic and compares byte for byte (set
//! `HPCRYPT_REGENERATE_TABLES=1` when running it to rewrite the file).

use super::point::{AffinePoint, ProjectivePoint};
use super::scalar::Scalar;
pub(crate) use super::table_data::{G_ODD_MULTIPLES, G_TABLE};
use subtle::{Choice, ConditionallySelectable, ConstantTimeEq};

/// Number of signed 5-bit digits covering a scalar below 2^256.
pub(crate) const DIGITS: usize = 52;

/// k (canonical limbs, k < 2^256) as 52 digits d_j ∈ [−15, 16] with
/// k = Σ d_j·32^j. Constant time: the digit value never selects a branch;
/// a window above 16 becomes window − 32 with a carry of one into the next.
#[inline(always)]
pub(crate) fn signed_radix32(k: &[u64; 4]) -> [i8; DIGITS] {
    let mut digits = [0i8; DIGITS];
    let mut carry = 0u64;
    for (j, digit) in digits.iter_mut().enumerate() {
        let bit = 5 * j;
        let (limb, off) = (bit / 64, bit % 64);
        let mut w = k[limb] >> off;
        if off > 59 && limb < 3 {
            // The window straddles two limbs (j is public).
            w |= k[limb + 1] << (64 - off);
        }
        let v = (w & 31) + carry; // 0..=32
        carry = (v + 15) >> 5; // 1 iff v ≥ 17
        *digit = (v as i64 - ((carry as i64) << 5)) as i8;
    }
    digits
}

/// `row[|d| − 1]`, negated if d < 0, reading every entry; `row[0]` for d = 0
/// (the caller discards that addition).
#[inline(always)]
fn select(row: &[AffinePoint; 16], d: i8) -> AffinePoint {
    let sign = (d as u8) >> 7;
    let mask = (d >> 7) as u8; // 0x00 or 0xff
    let abs = ((d as u8) ^ mask).wrapping_add(sign);
    let mut out = row[0];
    for (i, entry) in row.iter().enumerate().skip(1) {
        out.conditional_assign(entry, abs.ct_eq(&(i as u8 + 1)));
    }
    let neg_y = out.y.neg();
    out.y.conditional_assign(&neg_y, Choice::from(sign));
    out
}

/// [k]G, constant time in k.
#[inline(always)]
pub(crate) fn mul_base(k: &Scalar) -> ProjectivePoint {
    let mut limbs = k.to_canonical();
    let mut digits = signed_radix32(&limbs);
    let mut acc = ProjectivePoint::IDENTITY;
    for (row, &d) in G_TABLE.iter().zip(digits.iter()) {
        let sum = acc.add_mixed(&select(row, d));
        acc = ProjectivePoint::conditional_select(&sum, &acc, d.ct_eq(&0));
    }
    crate::wipe::wipe(&mut limbs);
    crate::wipe::wipe(&mut digits);
    acc
}

#[cfg(test)]
mod tests {
    use super::super::field::FieldElement;
    use super::super::point::G;
    use super::*;
    use alloc::string::String;
    use alloc::vec::Vec;
    use core::fmt::Write;

    fn affine(p: &ProjectivePoint) -> AffinePoint {
        let (a, ok) = p.to_affine();
        assert!(bool::from(ok));
        a
    }

    /// Rows (1..=16)·32^j·G, and the odd multiples (2i + 1)·G, i < 64.
    fn generate() -> (Vec<Vec<AffinePoint>>, Vec<AffinePoint>) {
        let mut rows = Vec::new();
        let mut base = ProjectivePoint::from_affine(&G);
        for _ in 0..DIGITS {
            let mut row = Vec::new();
            let mut p = base;
            for _ in 0..16 {
                row.push(affine(&p));
                p = p.add(&base);
            }
            rows.push(row);
            for _ in 0..5 {
                base = base.double();
            }
        }
        let g = ProjectivePoint::from_affine(&G);
        let g2 = g.double();
        let mut odd = Vec::new();
        let mut p = g;
        for _ in 0..64 {
            odd.push(affine(&p));
            p = p.add(&g2);
        }
        (rows, odd)
    }

    fn limbs(out: &mut String, fe: &FieldElement) {
        let l = fe.0;
        write!(
            out,
            "[0x{:016x}, 0x{:016x}, 0x{:016x}, 0x{:016x}]",
            l[0], l[1], l[2], l[3]
        )
        .expect("write");
    }

    fn entry(out: &mut String, indent: &str, p: &AffinePoint) {
        out.push_str(indent);
        out.push_str("a(\n");
        out.push_str(indent);
        out.push_str("    ");
        limbs(out, &p.x);
        out.push_str(",\n");
        out.push_str(indent);
        out.push_str("    ");
        limbs(out, &p.y);
        out.push_str(",\n");
        out.push_str(indent);
        out.push_str("),\n");
    }

    fn render() -> String {
        let (rows, odd) = generate();
        let mut out = String::from(
            "//! Precomputed multiples of the P-256 base point G, affine, coordinates\n\
             //! in Montgomery form (x·2^256 mod p). GENERATED by\n\
             //! `table::tests::tables_regenerate` from the curve arithmetic; do not\n\
             //! edit by hand (run that test with `HPCRYPT_REGENERATE_TABLES=1` to\n\
             //! rewrite this file).\n\
             \n\
             use super::field::FieldElement;\n\
             use super::point::AffinePoint;\n\
             \n\
             const fn a(x: [u64; 4], y: [u64; 4]) -> AffinePoint {\n    \
                 AffinePoint { x: FieldElement(x), y: FieldElement(y) }\n\
             }\n\
             \n\
             /// `G_TABLE[j][i]` = (i + 1)·32^j·G, for the constant-time fixed-base\n\
             /// multiplication (`table::mul_base`).\n\
             pub(crate) static G_TABLE: [[AffinePoint; 16]; 52] = [\n",
        );
        for row in &rows {
            out.push_str("    [\n");
            for p in row {
                entry(&mut out, "        ", p);
            }
            out.push_str("    ],\n");
        }
        out.push_str(
            "];\n\
             \n\
             /// `G_ODD_MULTIPLES[i]` = (2i + 1)·G, for the width-8 NAF of the\n\
             /// base-point scalar in verification (`vartime.rs`).\n\
             pub(crate) static G_ODD_MULTIPLES: [AffinePoint; 64] = [\n",
        );
        for p in &odd {
            entry(&mut out, "    ", p);
        }
        out.push_str("];\n");
        out
    }

    #[test]
    fn tables_regenerate() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("src/signature/p256/table_data.rs");
        let fresh = render();
        if std::env::var_os("HPCRYPT_REGENERATE_TABLES").is_some() {
            std::fs::write(&path, &fresh).expect("write table_data.rs");
        }
        let stored = std::fs::read_to_string(&path).expect("read table_data.rs");
        assert!(
            stored == fresh,
            "table_data.rs differs from the generator's output"
        );
        assert!(
            stored == include_str!("table_data.rs"),
            "table_data.rs changed after this build; rebuild"
        );
    }

    #[test]
    fn mul_base_matches_variable_base() {
        let g = ProjectivePoint::from_affine(&G);
        let mut seed = 0x0123_4567_89ab_cdefu64;
        for i in 0..48 {
            let mut b = [0u8; 32];
            for c in b.chunks_exact_mut(8) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                c.copy_from_slice(&seed.to_le_bytes());
            }
            match i {
                0 => b = [0; 32],
                1 => b = [0xff; 32], // reduced: 2^256 − 1 − n
                2 => b = [0x10; 32], // digits of exactly 16
                _ => {}
            }
            let k = Scalar::from_bytes_reduced(&b);
            let expect = super::super::mul::mul(&g, &k);
            assert!(bool::from(mul_base(&k).ct_eq(&expect)), "case {i}");
        }
        // n − 1: −G.
        let minus_one = Scalar::ONE.neg();
        assert!(bool::from(mul_base(&minus_one).ct_eq(&g.neg())));
    }

    #[test]
    fn radix32_recomposes() {
        for k in [
            [0u64; 4],
            [u64::MAX; 4],
            [0x1084_2108_4210_8421; 4],
            [31, 0, 0, 1 << 63],
        ] {
            let d = signed_radix32(&k);
            // Σ d_j·32^j, evaluated from the top with i128 limbs per 64 bits
            // is awkward; recompose on 4 u64 limbs with wrapping arithmetic.
            let mut acc = [0u64; 5];
            for &dj in d.iter().rev() {
                // acc = acc·32 + dj
                let mut carry = 0u64;
                for limb in acc.iter_mut() {
                    let v = ((*limb as u128) << 5) | carry as u128;
                    *limb = v as u64;
                    carry = (v >> 64) as u64;
                }
                let add = dj as i64 as i128;
                let mut c = add;
                for limb in acc.iter_mut() {
                    let v = *limb as i128 + c;
                    *limb = v as u64;
                    c = v >> 64;
                }
                assert!((-15..=16).contains(&dj));
            }
            assert_eq!(&acc[..4], &k[..], "{k:x?}");
            assert_eq!(acc[4], 0);
        }
    }

    #[test]
    fn select_handles_every_digit() {
        let row = &G_TABLE[3];
        for d in -16i8..=16 {
            let got = select(row, d);
            let expect = match d {
                0 => row[0],
                d if d > 0 => row[(d - 1) as usize],
                d => {
                    let p = row[(-d - 1) as usize];
                    AffinePoint {
                        x: p.x,
                        y: p.y.neg(),
                    }
                }
            };
            assert_eq!(got, expect, "digit {d}");
        }
    }
}
