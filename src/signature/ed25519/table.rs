//! Constant-time fixed-base multiplication [s]B (signing, key generation)
//! with a precomputed table, and the tables' generator.
//!
//! [s]B = Σ_{i<64} d_i·16^i·B with signed digits d_i ∈ [-8, 8]
//! ([`Scalar::as_radix_16`]). Split by parity of i:
//! Σ_j d_{2j}·256^j·B + 16·Σ_j d_{2j+1}·256^j·B, so 32 tables of
//! {1..8}·256^j·B serve both halves: 64 mixed additions and 4 doublings.
//! (The generated table has a row {1..8}·16^k·B for every digit k < 64;
//! `BASEPOINT_TABLE` is its even rows, and the AVX2 lanes fixed-base reads
//! all 64 rows, so its four partial sums just add, with no doublings.)
//! Each lookup reads all eight entries of its table and keeps one with a
//! masked select, then negates it under a mask, so neither the memory
//! addresses touched nor the branches taken depend on the secret digit.
//!
//! The tables live in `table_data.rs`, which this file's test regenerates
//! from the curve arithmetic and compares byte for byte (set
//! `HPCRYPT_REGENERATE_TABLES=1` when running it to rewrite the file).

#[cfg(target_arch = "x86_64")]
use super::field::Fe64;
use super::field::{Field, FieldElement};
use super::point::{AffineNielsPoint, EdwardsPoint};
use super::scalar::Scalar;
pub(crate) use super::table_data::BASEPOINT_RADIX16_TABLE;
use subtle::{Choice, ConditionallySelectable};
use zeroize::Zeroize;

pub(crate) use super::table_data::{BASEPOINT_128_ODD_MULTIPLES, BASEPOINT_ODD_MULTIPLES};

/// `BASEPOINT_TABLE[j][i]` = (i + 1)·256^j·B: the even rows (16^(2j) =
/// 256^j) of the generated `BASEPOINT_RADIX16_TABLE`, copied at compile
/// time (24 KiB; the odd rows are a `const`, in the binary only through the
/// AVX2 lanes table built from them).
pub(crate) static BASEPOINT_TABLE: [[AffineNielsPoint; 8]; 32] = {
    let mut out = [BASEPOINT_RADIX16_TABLE[0]; 32];
    let mut j = 0;
    while j < 32 {
        out[j] = BASEPOINT_RADIX16_TABLE[2 * j];
        j += 1;
    }
    out
};

/// The precomputed base-point tables in a field representation: the
/// generated 5×51-bit tables of `table_data.rs`, or their conversion,
/// done at compile time, for another field backend.
pub(crate) trait BasepointTables: Field + 'static {
    /// `[j][i]` = (i + 1)·256^j·B (fixed-base multiplication).
    fn basepoint_table() -> &'static [[AffineNielsPoint<Self>; 8]; 32];
    /// `[i]` = (2i + 1)·B (width-8 NAF digits, verification).
    fn basepoint_odd_multiples() -> &'static [AffineNielsPoint<Self>; 64];
    /// `[i]` = (2i + 1)·2^128·B (lattice-reduced verification).
    fn basepoint_128_odd_multiples() -> &'static [AffineNielsPoint<Self>; 64];
}

impl BasepointTables for FieldElement {
    #[inline(always)]
    fn basepoint_table() -> &'static [[AffineNielsPoint; 8]; 32] {
        &BASEPOINT_TABLE
    }
    #[inline(always)]
    fn basepoint_odd_multiples() -> &'static [AffineNielsPoint; 64] {
        &BASEPOINT_ODD_MULTIPLES
    }
    #[inline(always)]
    fn basepoint_128_odd_multiples() -> &'static [AffineNielsPoint; 64] {
        &BASEPOINT_128_ODD_MULTIPLES
    }
}

#[cfg(target_arch = "x86_64")]
/// One table entry on 4×64-bit words.
const fn niels64(p: &AffineNielsPoint) -> AffineNielsPoint<Fe64> {
    AffineNielsPoint {
        y_plus_x: Fe64::from_radix51(&p.y_plus_x),
        y_minus_x: Fe64::from_radix51(&p.y_minus_x),
        xy2d: Fe64::from_radix51(&p.xy2d),
    }
}

#[cfg(target_arch = "x86_64")]
const NIELS64_ZERO: AffineNielsPoint<Fe64> = AffineNielsPoint {
    y_plus_x: Fe64([0; 4]),
    y_minus_x: Fe64([0; 4]),
    xy2d: Fe64([0; 4]),
};

#[cfg(target_arch = "x86_64")]
const fn odd64(t: &[AffineNielsPoint; 64]) -> [AffineNielsPoint<Fe64>; 64] {
    let mut out = [NIELS64_ZERO; 64];
    let mut i = 0;
    while i < 64 {
        out[i] = niels64(&t[i]);
        i += 1;
    }
    out
}

#[cfg(target_arch = "x86_64")]
static BASEPOINT_TABLE_64: [[AffineNielsPoint<Fe64>; 8]; 32] = {
    let mut out = [[NIELS64_ZERO; 8]; 32];
    let mut j = 0;
    while j < 32 {
        let mut i = 0;
        while i < 8 {
            out[j][i] = niels64(&BASEPOINT_TABLE[j][i]);
            i += 1;
        }
        j += 1;
    }
    out
};
#[cfg(target_arch = "x86_64")]
static BASEPOINT_ODD_MULTIPLES_64: [AffineNielsPoint<Fe64>; 64] = odd64(&BASEPOINT_ODD_MULTIPLES);
#[cfg(target_arch = "x86_64")]
static BASEPOINT_128_ODD_MULTIPLES_64: [AffineNielsPoint<Fe64>; 64] =
    odd64(&BASEPOINT_128_ODD_MULTIPLES);

#[cfg(target_arch = "x86_64")]
impl BasepointTables for Fe64 {
    #[inline(always)]
    fn basepoint_table() -> &'static [[AffineNielsPoint<Fe64>; 8]; 32] {
        &BASEPOINT_TABLE_64
    }
    #[inline(always)]
    fn basepoint_odd_multiples() -> &'static [AffineNielsPoint<Fe64>; 64] {
        &BASEPOINT_ODD_MULTIPLES_64
    }
    #[inline(always)]
    fn basepoint_128_odd_multiples() -> &'static [AffineNielsPoint<Fe64>; 64] {
        &BASEPOINT_128_ODD_MULTIPLES_64
    }
}

/// `d`·(table's point) for d ∈ [-8, 8], reading every entry.
#[inline(always)]
fn select<F: Field>(table: &[AffineNielsPoint<F>; 8], d: i8) -> AffineNielsPoint<F> {
    // Branch-free |d| and sign: mask = -1 for negative d, else 0.
    let mask = d >> 7;
    let abs = u64::from(((d ^ mask) - mask) as u8);
    let negative = Choice::from((mask & 1) as u8);
    // One all-ones / all-zeros mask per entry (index 0: the identity), by
    // arithmetic: (abs ^ j) - 1 borrows into bit 63 iff abs = j. The array
    // goes through `black_box` once, so the optimiser cannot see that at
    // most one mask is set (and turn the masked reads into an indexed one);
    // this replaces one opaque `subtle` call per entry.
    let mut masks = [0u64; 9];
    for (j, m) in (0u64..).zip(masks.iter_mut()) {
        *m = 0u64.wrapping_sub(((abs ^ j).wrapping_sub(1)) >> 63);
    }
    let masks = core::hint::black_box(masks);
    // OR together every entry ANDed with its mask: the same memory reads
    // for every digit. The sum is gathered in a plain limb array (three
    // coordinates of `n` limbs, n ≤ 5), which LLVM fully unrolls and keeps
    // in registers (on the 4×64 field: an `and` and an `or` per limb, no
    // call), instead of through the `limbs_mut` slices of a point, which
    // it kept in memory. Measured: [s]B on bmi2 9.2 → 8.8 µs.
    let n = F::ZERO.limbs().len();
    let mut acc = [0u64; 15];
    for (entry, m) in table.iter().zip(&masks[1..]) {
        let coords = [&entry.y_plus_x, &entry.y_minus_x, &entry.xy2d];
        for (k, c) in coords.into_iter().enumerate() {
            for (a, e) in acc[k * n..(k + 1) * n].iter_mut().zip(c.limbs()) {
                *a |= e & m;
            }
        }
    }
    // d = 0 selects the identity (1, 1, 0): limb 0 = 1 is one in every
    // field representation.
    acc[0] |= masks[0] & 1;
    acc[n] |= masks[0] & 1;
    let mut t = AffineNielsPoint {
        y_plus_x: F::ZERO,
        y_minus_x: F::ZERO,
        xy2d: F::ZERO,
    };
    t.y_plus_x.limbs_mut().copy_from_slice(&acc[..n]);
    t.y_minus_x.limbs_mut().copy_from_slice(&acc[n..2 * n]);
    t.xy2d.limbs_mut().copy_from_slice(&acc[2 * n..3 * n]);
    let minus_t = -&t;
    t.conditional_assign(&minus_t, negative);
    t
}

/// [s]B in constant time, on the portable field.
pub(crate) fn mul_base(s: &Scalar) -> EdwardsPoint {
    mul_base_in::<FieldElement>(s)
}

/// [s]B in constant time, in any field representation. Always inlined so
/// that a backend's `#[target_feature]` entry point compiles its own copy.
/// (Two interleaved accumulators, odd and even digits, measured no faster
/// on the 4×64 field: its additions are already throughput-bound.)
#[inline(always)]
pub(crate) fn mul_base_in<F: BasepointTables>(s: &Scalar) -> EdwardsPoint<F> {
    let table = F::basepoint_table();
    let mut digits = s.as_radix_16();
    // Odd positions first: Σ d_{2j+1}·256^j·B, then times 16.
    let mut acc = EdwardsPoint::<F>::IDENTITY;
    for (row, pair) in table.iter().zip(digits.chunks_exact(2)) {
        acc = (&acc + &select(row, pair[1])).to_extended();
    }
    let p = acc.to_projective().double().to_projective();
    let p = p.double().to_projective();
    let p = p.double().to_projective();
    acc = p.double().to_extended();
    for (row, pair) in table.iter().zip(digits.chunks_exact(2)) {
        acc = (&acc + &select(row, pair[0])).to_extended();
    }
    // The digits are the secret scalar (a key or a nonce) in another form.
    digits.zeroize();
    acc
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Write;
    use std::format;
    use std::string::String;
    use std::vec::Vec;

    /// The odd multiples P, 3P, ..., 127P.
    fn odd_multiples_64(p: EdwardsPoint) -> Vec<AffineNielsPoint> {
        let p2 = p.double();
        let mut acc = p;
        let mut odd = Vec::new();
        for _ in 0..64 {
            odd.push(acc.to_affine_niels());
            acc = &acc + &p2;
        }
        odd
    }

    /// {1..8}·16^k·B for k < 64, the odd multiples B, 3B, ..., 127B, and
    /// the odd multiples of 2^128·B.
    #[allow(clippy::type_complexity)]
    fn generate() -> (
        Vec<[AffineNielsPoint; 8]>,
        Vec<AffineNielsPoint>,
        Vec<AffineNielsPoint>,
    ) {
        let mut tables = Vec::new();
        let mut base = EdwardsPoint::BASEPOINT;
        for _ in 0..64 {
            let mut row = [AffineNielsPoint::IDENTITY; 8];
            let mut acc = base;
            for entry in row.iter_mut() {
                *entry = acc.to_affine_niels();
                acc = &acc + &base;
            }
            tables.push(row);
            for _ in 0..4 {
                base = base.double();
            }
        }
        let mut b128 = EdwardsPoint::BASEPOINT;
        for _ in 0..128 {
            b128 = b128.double();
        }
        (
            tables,
            odd_multiples_64(EdwardsPoint::BASEPOINT),
            odd_multiples_64(b128),
        )
    }

    /// Canonical limbs (each < 2^51) as Rust source.
    fn limbs(fe: &FieldElement) -> String {
        let c = FieldElement::from_bytes(&fe.to_bytes());
        let parts: Vec<String> = c.0.iter().map(|l| format!("0x{l:013x}")).collect();
        format!("[{}]", parts.join(", "))
    }

    fn entry(out: &mut String, indent: &str, p: &AffineNielsPoint) {
        let _ = writeln!(out, "{indent}n(");
        for fe in [&p.y_plus_x, &p.y_minus_x, &p.xy2d] {
            let _ = writeln!(out, "{indent}    {},", limbs(fe));
        }
        let _ = writeln!(out, "{indent}),");
    }

    fn render() -> String {
        let (tables, odd, odd128) = generate();
        let mut out = String::new();
        out.push_str(
            "//! Precomputed multiples of the base point B, in affine Niels form\n\
             //! (y + x, y - x, 2dxy). GENERATED by `table::tests::tables_regenerate`\n\
             //! from the curve arithmetic; do not edit by hand (run that test with\n\
             //! `HPCRYPT_REGENERATE_TABLES=1` to rewrite this file).\n\
             \n\
             use super::field::FieldElement;\n\
             use super::point::AffineNielsPoint;\n\
             \n\
             const fn n(y_plus_x: [u64; 5], y_minus_x: [u64; 5], xy2d: [u64; 5]) -> AffineNielsPoint {\n\
             \x20   AffineNielsPoint {\n\
             \x20       y_plus_x: FieldElement(y_plus_x),\n\
             \x20       y_minus_x: FieldElement(y_minus_x),\n\
             \x20       xy2d: FieldElement(xy2d),\n\
             \x20   }\n\
             }\n\
             \n\
             /// `BASEPOINT_RADIX16_TABLE[k][i]` = (i + 1)·16^k·B, for the constant-time\n\
             /// fixed-base multiplications (`table::mul_base` reads the even rows,\n\
             /// the AVX2 lanes fixed-base all of them). A `const`: the binary holds\n\
             /// only the tables built from it at compile time.\n\
             #[allow(clippy::large_const_arrays)] // read only in const initialisers\n\
             pub(crate) const BASEPOINT_RADIX16_TABLE: [[AffineNielsPoint; 8]; 64] = [\n",
        );
        for row in &tables {
            out.push_str("    [\n");
            for p in row {
                entry(&mut out, "        ", p);
            }
            out.push_str("    ],\n");
        }
        out.push_str(
            "];\n\
             \n\
             /// `BASEPOINT_ODD_MULTIPLES[i]` = (2i + 1)·B, for width-8 NAF digits in\n\
             /// variable-time verification.\n\
             pub(crate) static BASEPOINT_ODD_MULTIPLES: [AffineNielsPoint; 64] = [\n",
        );
        for p in &odd {
            entry(&mut out, "    ", p);
        }
        out.push_str(
            "];\n\
             \n\
             /// `BASEPOINT_128_ODD_MULTIPLES[i]` = (2i + 1)·2^128·B, for the high half\n\
             /// of the base-point scalar in lattice-reduced verification.\n\
             pub(crate) static BASEPOINT_128_ODD_MULTIPLES: [AffineNielsPoint; 64] = [\n",
        );
        for p in &odd128 {
            entry(&mut out, "    ", p);
        }
        out.push_str("];\n");
        out
    }

    #[test]
    fn tables_regenerate() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("src/signature/ed25519/table_data.rs");
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
    fn mul_base_matches_double_and_add() {
        let mut seed = 0x0123_4567_89ab_cdefu64;
        for i in 0..64 {
            let mut b = [0u8; 32];
            for c in b.chunks_exact_mut(8) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                c.copy_from_slice(&seed.to_le_bytes());
            }
            if i == 0 {
                b = [0; 32];
            }
            let s = Scalar::from_bytes_mod_order(&b);
            let expect = EdwardsPoint::BASEPOINT.vartime_mul_bytes(s.as_bytes());
            assert!(bool::from(mul_base(&s).ct_eq(&expect)), "case {i}");
        }
        // L - 1 (largest canonical scalar): -B.
        let mut l1 = super::super::scalar::L_BYTES;
        l1[0] -= 1;
        let s = Scalar::from_bytes_mod_order(&l1);
        assert!(bool::from(mul_base(&s).ct_eq(&-&EdwardsPoint::BASEPOINT)));
    }

    #[test]
    fn select_handles_every_digit() {
        let table = &BASEPOINT_TABLE[0];
        for d in -8i8..=8 {
            let got = select(table, d);
            let expect = match d {
                0 => AffineNielsPoint::IDENTITY,
                d if d > 0 => table[(d - 1) as usize],
                d => -&table[(-d - 1) as usize],
            };
            for (a, b) in [
                (got.y_plus_x, expect.y_plus_x),
                (got.y_minus_x, expect.y_minus_x),
                (got.xy2d, expect.xy2d),
            ] {
                assert_eq!(a.to_bytes(), b.to_bytes(), "digit {d}");
            }
        }
    }
}
