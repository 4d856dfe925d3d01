//! P-256 key setup and signing with the fixed-base table read on 256-bit
//! AVX2 registers: the portable code of `ecdsa.rs` compiled inside
//! `#[target_feature(enable = "avx,avx2,bmi1,bmi2")]` entry points (so
//! the field code gets `mulx`, as in `x86_bmi2.rs`), with
//! [`Avx2Rows`] as the row reader of `table::mul_base`.
//!
//! The row read is the part that gains: every one of the 64 entries
//! (64 bytes: x then y) is loaded as two 256-bit vectors and ANDed with a
//! mask made by `vpcmpeqq` of the entry's multiple against the wanted
//! |d|, then ORed into two accumulators: 8 vector instructions per entry,
//! no table of masks in memory, and nothing that LLVM could turn into a
//! branch on the digit (the portable version needs `black_box` for that).
//!
//! Constant time: the same addresses, the same instructions for every
//! digit; `vpcmpeqq`, `vpand`, `vpor` take the same time for every value.
//! The valgrind check (`examples/ct_valgrind.rs`) runs this path: valgrind
//! emulates AVX2, so the `bmi2` backend takes it under memcheck too.
#![allow(unsafe_code)]

use super::ecdsa;
use super::point::AffinePoint;
use super::scalar::Scalar;
use super::table::{RowSelect, ROW};
use crate::cpu::Avx2;
use core::arch::x86_64::{
    __m256i, _mm256_add_epi64, _mm256_and_si256, _mm256_cmpeq_epi64, _mm256_loadu_si256,
    _mm256_or_si256, _mm256_set1_epi64x, _mm256_setzero_si256, _mm256_storeu_si256,
};
use subtle::{Choice, ConditionallySelectable};

/// The AVX2 row reader; holding the token proves the CPU has AVX2.
pub(super) struct Avx2Rows(Avx2);

impl RowSelect for Avx2Rows {
    #[inline(always)]
    fn select(&self, row: &[AffinePoint; ROW], d: i8) -> AffinePoint {
        // SAFETY: `self.0` is an `Avx2` token, made only after `cpu::avx2()`
        // detected `cpu::AVX2_FEATURES`, the features `select_avx2` enables.
        unsafe { select_avx2(row, d) }
    }
}

/// `row[|d| − 1]`, negated if d < 0, reading every entry (module doc).
#[target_feature(enable = "avx,avx2,bmi1,bmi2")]
fn select_avx2(row: &[AffinePoint; ROW], d: i8) -> AffinePoint {
    let d = d as i64;
    let sign = (d >> 63) as u64; // 0 or all ones
    let abs = ((d as u64) ^ sign).wrapping_sub(sign);
    let want = _mm256_set1_epi64x(abs as i64);
    let one = _mm256_set1_epi64x(1);
    let mut multiple = one; // entry i holds (i + 1)·2^(wj)·G
    let mut x = _mm256_setzero_si256();
    let mut y = _mm256_setzero_si256();
    for entry in row.iter() {
        let mask = _mm256_cmpeq_epi64(multiple, want);
        multiple = _mm256_add_epi64(multiple, one);
        // SAFETY: AVX (`cpu::AVX2_FEATURES`, enabled on this function);
        // each coordinate is a `[u64; 4]`, 32 readable bytes, and `loadu`
        // needs no alignment.
        let (ex, ey) = unsafe {
            (
                _mm256_loadu_si256(entry.x.0.as_ptr().cast::<__m256i>()),
                _mm256_loadu_si256(entry.y.0.as_ptr().cast::<__m256i>()),
            )
        };
        x = _mm256_or_si256(x, _mm256_and_si256(ex, mask));
        y = _mm256_or_si256(y, _mm256_and_si256(ey, mask));
    }
    let mut out = AffinePoint::default();
    // SAFETY: AVX, as above; each destination is a `[u64; 4]`, 32
    // writable bytes, and `storeu` needs no alignment.
    unsafe {
        _mm256_storeu_si256(out.x.0.as_mut_ptr().cast::<__m256i>(), x);
        _mm256_storeu_si256(out.y.0.as_mut_ptr().cast::<__m256i>(), y);
    }
    let neg_y = out.y.neg();
    out.y
        .conditional_assign(&neg_y, Choice::from((sign & 1) as u8));
    out
}

#[target_feature(enable = "avx,avx2,bmi1,bmi2")]
fn public_key_avx2(rows: &Avx2Rows, d: &Scalar) -> AffinePoint {
    ecdsa::public_key_rows(d, rows)
}

/// Q = [d]G, constant time.
pub(super) fn public_key(proof: Avx2, d: &Scalar) -> AffinePoint {
    // SAFETY: the `Avx2` token proves `cpu::AVX2_FEATURES`, exactly this
    // callee's features.
    unsafe { public_key_avx2(&Avx2Rows(proof), d) }
}

#[target_feature(enable = "avx,avx2,bmi1,bmi2")]
fn sign_with_nonce_avx2(rows: &Avx2Rows, d: &Scalar, e: &Scalar, k: &Scalar) -> ([u8; 64], Choice) {
    ecdsa::sign_with_nonce_rows(d, e, k, rows)
}

/// `ecdsa::sign_with_nonce`, constant time.
pub(super) fn sign_with_nonce(
    proof: Avx2,
    d: &Scalar,
    e: &Scalar,
    k: &Scalar,
) -> ([u8; 64], Choice) {
    // SAFETY: the `Avx2` token proves `cpu::AVX2_FEATURES`, as in
    // `public_key`.
    unsafe { sign_with_nonce_avx2(&Avx2Rows(proof), d, e, k) }
}

#[cfg(test)]
mod tests {
    use super::super::table::{select, G_TABLE};
    use super::*;

    /// The AVX2 row read equals the portable one for every digit and row.
    #[test]
    fn select_matches_portable() {
        let Some(t) = crate::cpu::avx2() else {
            return;
        };
        let rows = Avx2Rows(t);
        for row in G_TABLE.iter() {
            for d in -(ROW as i8 - 1)..=ROW as i8 {
                if d != 0 {
                    assert_eq!(rows.select(row, d), select(row, d), "digit {d}");
                }
            }
        }
    }
}
