//! Constant-time fixed-base multiplication [k]G (key derivation, signing)
//! with a precomputed table, and the table's generator.
//!
//! k = Σ_{j<DIGITS} d_j·2^(wj), w = [`WINDOW`], with signed digits
//! d_j ∈ [−(2^(w−1) − 1), 2^(w−1)] ([`signed_digits`]), so
//! [k]G = Σ_j d_j·(2^(wj)·G): one table lookup and one mixed addition per
//! digit, no doubling at all. Table row j holds (1..=2^(w−1))·2^(wj)·G in
//! affine form. Each lookup reads every entry of its row and keeps one
//! with masks, then negates y under a mask, so neither the addresses
//! touched nor the branches taken depend on the secret digit.
//!
//! # Why the incomplete Jacobian mixed addition is safe here
//!
//! The sum is accumulated with [`JacobianPoint::add_affine_incomplete`]
//! (8M + 3S; the complete RCB mixed addition costs 11M + 2·b and twice the
//! field additions). It fails only when the accumulator is the identity or
//! equals ± the addend; neither can happen on a live step:
//!
//! - Let S_j = Σ_{i<j} d_i·2^(wi) (the accumulator before step j, an
//!   exact integer) and A_j = d_j·2^(wj) ≠ 0 (a zero digit's step is
//!   discarded by a masked select). Since |d_i| ≤ 2^(w−1),
//!   |S_j| ≤ 2^(w−1)·(2^(wj) − 1)/(2^w − 1) < 2^(wj) ≤ |A_j|. By the
//!   same bound the highest non-zero digit of a prefix outweighs all the
//!   digits below it, so S_j = 0 exactly when every earlier digit is 0,
//!   and |S_j| < n makes that the only way the accumulator is the
//!   identity. A flag `started` (updated by masks) then selects the
//!   addend itself as the first sum instead of the formula's output.
//! - Steps j below the top T = DIGITS − 1: |A_j| ≤ 2^(w−1)·2^(w(T−1)) =
//!   2^(wT−1) < n/2 and |S_j| < |A_j|, so S_j ≡ ±A_j (mod n) would need
//!   S_j = ±A_j as integers, which |S_j| < |A_j| rules out.
//! - The top step T (wT ≤ 256 for w = 5, 6, 7, and k < n bounds its digit
//!   so that 0 < A_T ≤ 2^256): S_T ≡ −A_T means k = S_T + A_T ≡ 0, i.e.
//!   k = 0, which has no non-zero digit at all. S_T ≡ A_T means
//!   A_T − S_T = m·n with m ≥ 1 (A_T > |S_T|), m ≤ 2 (2A_T ≤ 2^257), so
//!   A_T lies within |S_T| < 0.51·2^(wT) of m·n = m·2^256 − m·δ,
//!   δ = 2^256 − n < 2^224. A_T and m·2^256 are both multiples of 2^(wT)
//!   and that window is narrower than 2^(wT) around m·2^256, so
//!   A_T = m·2^256, S_T = m·δ and k = S_T + A_T = m·(2^256 + δ) > n:
//!   impossible for k < n.
//!
//! So on every step whose result is kept, H = x2·Z1² − X1 ≠ 0 and Z1 ≠ 0.
//!
//! The table lives in `table_data.rs`, which this file's test regenerates
//! from the curve arithmetic and compares byte for byte (set
//! `HPCRYPT_REGENERATE_TABLES=1` when running it to rewrite the file).

use super::jacobian::JacobianPoint;
use super::point::AffinePoint;
use super::scalar::Scalar;
pub(crate) use super::table_data::{G_HI_ODD_MULTIPLES, G_ODD_MULTIPLES, G_TABLE};
use subtle::{Choice, ConditionallySelectable, ConstantTimeEq};

/// Window width w of the signed digits: w = 7 reads 64 entries per lookup
/// and adds 37 times; the table is 37 rows × 64 entries × 64 bytes =
/// 148 KiB (w = 6: 43 additions of 32-entry reads, 86 KiB; w = 5: 52 of 16,
/// 52 KiB). Measured per [k]G on Zen 4, with reads at well under a
/// nanosecond per entry, the saved additions outweigh the longer reads.
pub(crate) const WINDOW: usize = 7;

/// Entries per table row: the multiples 1..=2^(w−1).
pub(crate) const ROW: usize = 1 << (WINDOW - 1);

/// Width of the NAF of verification's base-point scalar (`vartime.rs`):
/// the odd multiples 1·G … (2^(w−1) − 1)·G are stored, 2^(w−2) of them
/// (w = 12: 1024 entries, 64 KiB, read at ~20 random places per
/// verification). A wider NAF has fewer non-zero digits, about
/// 256/(w + 1): w = 8 adds ~28 times, w = 12 ~20, each addition
/// 8M + 3S; the shared doubling chain is unchanged.
pub(crate) const G_NAF_WIDTH: u32 = 12;

/// Entries of [`G_ODD_MULTIPLES`] (the generator's count).
#[cfg(test)]
pub(crate) const G_ODD: usize = 1 << (G_NAF_WIDTH - 2);

/// Width of the NAF of the high half a1 of the base-point scalar with a
/// prepared key (`vartime::vartime_double_mul_split`): the odd multiples
/// 1·G' … (2^(w−1) − 1)·G' of G' = [2^128]G are stored, 2^(w−2) of them
/// (w = 12: 64 KiB, like [`G_NAF_WIDTH`]). Measured with the speed
/// example on Zen 4: a prepared verification takes 32.1 µs with w = 12 and
/// 32.8 µs with w = 8 (4 KiB, ~14 instead of ~10 additions per half).
pub(crate) const G_HI_NAF_WIDTH: u32 = 12;

/// Entries of [`G_HI_ODD_MULTIPLES`] (the generator's count).
#[cfg(test)]
pub(crate) const G_HI_ODD: usize = 1 << (G_HI_NAF_WIDTH - 2);

/// Number of signed w-bit digits covering a scalar below n < 2^256 (one
/// more than 256/w, for the carry of the top window).
pub(crate) const DIGITS: usize = 256 / WINDOW + 1;

/// k (canonical limbs, k < n) as signed digits d_j ∈ [−(2^(w−1) − 1),
/// 2^(w−1)] with k = Σ d_j·2^(wj). Constant time: the digit value never
/// selects a branch; a window above 2^(w−1) becomes window − 2^w with a
/// carry of one into the next.
#[inline(always)]
pub(crate) fn signed_digits(k: &[u64; 4]) -> [i8; DIGITS] {
    let mut digits = [0i8; DIGITS];
    let mut carry = 0u64;
    let mask = (1u64 << WINDOW) - 1;
    for (j, digit) in digits.iter_mut().enumerate() {
        let bit = WINDOW * j;
        let (limb, off) = (bit / 64, bit % 64);
        let mut w = k[limb] >> off;
        if off + WINDOW > 64 && limb < 3 {
            // The window straddles two limbs (j is public).
            w |= k[limb + 1] << (64 - off);
        }
        let v = (w & mask) + carry; // 0..=2^w
        carry = (v + (ROW as u64 - 1)) >> WINDOW; // 1 iff v > 2^(w−1)
        *digit = (v as i64 - ((carry as i64) << WINDOW)) as i8;
    }
    digits
}

/// `row[|d| − 1]`, negated if d < 0, reading every entry; an unspecified
/// point for d = 0 (the caller discards that addition).
///
/// The masks (all ones for the wanted entry, else zero; each twice, so a
/// 128-bit lane loads it whole) are computed first and then hidden behind
/// `black_box`: without it LLVM sees that at most one mask is set and
/// turns the accumulation into branches on the digit (it does, for this
/// very loop). Behind it the accumulation is plain AND/OR over every limb
/// of every entry, which LLVM vectorises (four 128-bit AND/OR pairs per
/// entry on baseline x86-64).
#[inline(always)]
pub(crate) fn select(row: &[AffinePoint; ROW], d: i8) -> AffinePoint {
    let d = d as i64;
    let sign = (d >> 63) as u64; // 0 or all ones
    let abs = ((d as u64) ^ sign).wrapping_sub(sign);
    let mut masks: [[u64; 2]; ROW] = core::array::from_fn(|i| {
        let t = abs ^ (i as u64 + 1);
        // t = 0 ⇔ (t | −t) has a clear top bit ⇔ the mask is all ones.
        let m = ((t | t.wrapping_neg()) >> 63).wrapping_sub(1);
        [m, m]
    });
    core::hint::black_box(&mut masks);
    let mut acc = [0u64; 8];
    for (entry, m) in row.iter().zip(masks.iter()) {
        let e = [
            entry.x.0[0],
            entry.x.0[1],
            entry.x.0[2],
            entry.x.0[3],
            entry.y.0[0],
            entry.y.0[1],
            entry.y.0[2],
            entry.y.0[3],
        ];
        for l in 0..8 {
            acc[l] |= e[l] & m[l & 1];
        }
    }
    let mut out = AffinePoint {
        x: super::field::FieldElement([acc[0], acc[1], acc[2], acc[3]]),
        y: super::field::FieldElement([acc[4], acc[5], acc[6], acc[7]]),
    };
    let neg_y = out.y.neg();
    out.y
        .conditional_assign(&neg_y, Choice::from((sign & 1) as u8));
    out
}

/// How a table row is read: `row[|d| − 1]`, negated if d < 0, every
/// entry touched, in constant time (an unspecified point for d = 0).
/// [`Portable`] is [`select`]; `x86_avx2.rs` has a 256-bit version.
pub(crate) trait RowSelect {
    /// The entry for digit d (see [`select`]).
    fn select(&self, row: &[AffinePoint; ROW], d: i8) -> AffinePoint;
}

/// The portable row read, [`select`].
pub(crate) struct Portable;

impl RowSelect for Portable {
    #[inline(always)]
    fn select(&self, row: &[AffinePoint; ROW], d: i8) -> AffinePoint {
        select(row, d)
    }
}

/// [k]G in Jacobian coordinates, constant time in k (module doc: why the
/// incomplete mixed addition never meets its exceptional cases), reading
/// the table rows with `rows`.
#[inline(always)]
pub(crate) fn mul_base<S: RowSelect>(k: &Scalar, rows: &S) -> JacobianPoint {
    let mut limbs = k.to_canonical();
    let mut digits = signed_digits(&limbs);
    let mut acc = JacobianPoint::IDENTITY;
    let mut started = Choice::from(0);
    for (row, &d) in G_TABLE.iter().zip(digits.iter()) {
        let p = rows.select(row, d);
        let sum = JacobianPoint::conditional_select(
            &JacobianPoint::from_affine(&p),
            &acc.add_affine_incomplete(&p),
            started,
        );
        let live = !d.ct_eq(&0);
        acc = JacobianPoint::conditional_select(&acc, &sum, live);
        started |= live;
    }
    crate::wipe::wipe(&mut limbs);
    crate::wipe::wipe(&mut digits);
    acc
}

#[cfg(test)]
mod tests {
    use super::super::field::FieldElement;
    use super::super::point::{ProjectivePoint, G};
    use super::*;
    use alloc::string::String;
    use alloc::vec::Vec;
    use core::fmt::Write;

    fn affine(p: &ProjectivePoint) -> AffinePoint {
        let (a, ok) = p.to_affine();
        assert!(bool::from(ok));
        a
    }

    /// (2i + 1)·P for i < count, affine.
    fn odd_multiples(p: ProjectivePoint, count: usize) -> Vec<AffinePoint> {
        let p2 = p.double();
        let mut odd = Vec::new();
        let mut m = p;
        for _ in 0..count {
            odd.push(affine(&m));
            m = m.add(&p2);
        }
        odd
    }

    /// Rows (1..=ROW)·2^(wj)·G, and the odd multiples (2i + 1)·G, i < G_ODD.
    fn generate() -> (Vec<Vec<AffinePoint>>, Vec<AffinePoint>) {
        let mut rows = Vec::new();
        let mut base = ProjectivePoint::from_affine(&G);
        for _ in 0..DIGITS {
            let mut row = Vec::new();
            let mut p = base;
            for _ in 0..ROW {
                row.push(affine(&p));
                p = p.add(&base);
            }
            rows.push(row);
            for _ in 0..WINDOW {
                base = base.double();
            }
        }
        let g = ProjectivePoint::from_affine(&G);
        let g2 = g.double();
        let mut odd = Vec::new();
        let mut p = g;
        for _ in 0..G_ODD {
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
        let mut g_hi = ProjectivePoint::from_affine(&G);
        for _ in 0..128 {
            g_hi = g_hi.double();
        }
        let odd_hi = odd_multiples(g_hi, G_HI_ODD);
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
             /// `G_TABLE[j][i]` = (i + 1)·2^(wj)·G, w = `table::WINDOW`, for the\n\
             /// constant-time fixed-base multiplication (`table::mul_base`).\n",
        );
        writeln!(
            out,
            "pub(crate) static G_TABLE: [[AffinePoint; {ROW}]; {DIGITS}] = ["
        )
        .expect("write");
        for row in &rows {
            out.push_str("    [\n");
            for p in row {
                entry(&mut out, "        ", p);
            }
            out.push_str("    ],\n");
        }
        writeln!(
            out,
            "];\n\
             \n\
             /// `G_ODD_MULTIPLES[i]` = (2i + 1)·G, for the width-{G_NAF_WIDTH} NAF of the\n\
             /// base-point scalar in verification (`vartime.rs`).\n\
             pub(crate) static G_ODD_MULTIPLES: [AffinePoint; {G_ODD}] = ["
        )
        .expect("write");
        for p in &odd {
            entry(&mut out, "    ", p);
        }
        writeln!(
            out,
            "];\n\
             \n\
             /// `G_HI_ODD_MULTIPLES[i]` = (2i + 1)·[2^128]G, for the width-{G_HI_NAF_WIDTH} NAF of\n\
             /// the base-point scalar's high half with a prepared key (`vartime.rs`).\n\
             pub(crate) static G_HI_ODD_MULTIPLES: [AffinePoint; {G_HI_ODD}] = ["
        )
        .expect("write");
        for p in &odd_hi {
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

    /// [k]G by the table equals [k]G by the reference variable-base
    /// multiplication (complete formulas), in affine form.
    fn check(k: &Scalar, what: &str) {
        let g = ProjectivePoint::from_affine(&G);
        let expect = super::super::mul::mul(&g, k);
        let got = mul_base(k, &Portable);
        let (e, e_ok) = expect.to_affine();
        let (a, a_ok) = got.to_affine();
        assert_eq!(bool::from(e_ok), bool::from(a_ok), "{what}");
        if bool::from(e_ok) {
            assert_eq!(a, e, "{what}");
            assert_eq!(got.to_affine_x(), e.x, "{what}");
        }
    }

    #[test]
    fn mul_base_matches_variable_base() {
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
                2 => b = [0x10; 32],
                3 => b = [0x20; 32],
                4 => b = [0x41; 32],
                _ => {}
            }
            check(&Scalar::from_bytes_reduced(&b), &alloc::format!("case {i}"));
        }
        // Small scalars (one non-zero digit, the accumulator starts late or
        // never), n − 1 (−G), n − 2^(wj) (a single negative top digit), and
        // the values next to the top-step exception the module doc rules
        // out (k ≡ 2^256 mod n, 2^257 mod n).
        let minus_one = Scalar::ONE.neg();
        check(&minus_one, "n - 1");
        for small in [1u64, 2, 3, 31, 32, 33, 63, 64, 65, 127, 128] {
            let mut b = [0u8; 32];
            b[24..].copy_from_slice(&small.to_be_bytes());
            let k = Scalar::from_bytes_reduced(&b);
            check(&k, &alloc::format!("{small}"));
            check(&k.neg(), &alloc::format!("-{small}"));
        }
        for j in 0..DIGITS {
            let mut b = [0u8; 32];
            let bit = WINDOW * j;
            b[31 - bit / 8] = 1 << (bit % 8);
            let k = Scalar::from_bytes_reduced(&b);
            check(&k, &alloc::format!("2^{bit}"));
            check(&k.neg(), &alloc::format!("-2^{bit}"));
        }
        let two_256 = Scalar::from_bytes_reduced(&[0xff; 32]).add(&Scalar::ONE);
        check(&two_256, "2^256 mod n");
        check(&two_256.add(&two_256), "2^257 mod n");
    }

    #[test]
    fn digits_recompose() {
        for k in [
            [0u64; 4],
            [u64::MAX; 4],
            [0x1084_2108_4210_8421; 4],
            [0x8208_2082_0820_8208; 4],
            [31, 0, 0, 1 << 63],
        ] {
            let d = signed_digits(&k);
            // acc = Σ d_j·2^(wj), evaluated from the top on 5 u64 limbs.
            let mut acc = [0u64; 5];
            for &dj in d.iter().rev() {
                let mut carry = 0u64;
                for limb in acc.iter_mut() {
                    let v = ((*limb as u128) << WINDOW) | carry as u128;
                    *limb = v as u64;
                    carry = (v >> 64) as u64;
                }
                let mut c = dj as i128;
                for limb in acc.iter_mut() {
                    let v = *limb as i128 + c;
                    *limb = v as u64;
                    c = v >> 64;
                }
                assert!((-(ROW as i8 - 1)..=ROW as i8).contains(&dj));
            }
            assert_eq!(&acc[..4], &k[..], "{k:x?}");
            assert_eq!(acc[4], 0);
        }
    }

    #[test]
    fn select_handles_every_digit() {
        let row = &G_TABLE[3];
        for d in -(ROW as i8 - 1)..=ROW as i8 {
            if d == 0 {
                continue;
            }
            let got = select(row, d);
            let p = row[(d.unsigned_abs() - 1) as usize];
            let expect = if d > 0 {
                p
            } else {
                AffinePoint {
                    x: p.x,
                    y: p.y.neg(),
                }
            };
            assert_eq!(got, expect, "digit {d}");
        }
    }
}
