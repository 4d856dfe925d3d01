//! Integers modulo the group order L = 2^252 + 27742317777372353535851937790883648493.
//!
//! A [`Scalar`] always holds its canonical representative (< L). Arithmetic
//! runs on five 52-bit limbs with Montgomery multiplication (R = 2^260):
//! fixed loop counts, no branches, the final subtraction masked. Secrets
//! (the signing scalar, nonces) go through here, so everything except the
//! explicitly `vartime_` functions is constant time.

use subtle::{Choice, ConditionallySelectable};
use zeroize::Zeroize;

const MASK52: u64 = (1 << 52) - 1;

/// L in 52-bit limbs.
const L: [u64; 5] = [
    0x2631a5cf5d3ed,
    0xdea2f79cd6581,
    0x000000014def9,
    0x0000000000000,
    0x0100000000000,
];

/// -L^(-1) mod 2^52.
const L_FACTOR: u64 = 0x51da312547e1b;

/// R = 2^260 mod L.
const R: [u64; 5] = [
    0xf48bd6721e6ed,
    0x3bab5ac67e45a,
    0xfffffeb35e51b,
    0xfffffffffffff,
    0x00fffffffffff,
];

/// R^2 = 2^520 mod L.
const RR: [u64; 5] = [
    0x9d265e952d13b,
    0xd63c715bea69f,
    0x5be65cb687604,
    0x3dceec73d217f,
    0x009411b7c309a,
];

/// L as 32 little-endian bytes.
pub(crate) const L_BYTES: [u8; 32] = [
    0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
];

/// An integer mod L, always canonical (< L). Wiped on drop: nonces and the
/// signing scalar are `Scalar`s.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct Scalar([u8; 32]);

impl core::fmt::Debug for Scalar {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Scalar(..)")
    }
}

impl Zeroize for Scalar {
    fn zeroize(&mut self) {
        self.0.zeroize();
    }
}

#[inline(always)]
fn m(a: u64, b: u64) -> u128 {
    u128::from(a) * u128::from(b)
}

#[inline(always)]
#[allow(clippy::cast_possible_truncation)]
fn lo(x: u128) -> u64 {
    x as u64
}

/// Five 52-bit limbs, value < 2^260; the working form of a scalar.
#[derive(Clone, Copy)]
struct Limbs([u64; 5]);

impl Zeroize for Limbs {
    fn zeroize(&mut self) {
        self.0.zeroize();
    }
}

impl Limbs {
    /// Splits up to 40 little-endian bytes (zero-padded) into 52-bit limbs;
    /// `bytes` of 32 give a value < 2^256.
    fn from_le(bytes: &[u8]) -> [u64; 10] {
        let mut words = [0u64; 9];
        for (w, chunk) in words.iter_mut().zip(bytes.chunks(8)) {
            let mut b = [0u8; 8];
            b[..chunk.len()].copy_from_slice(chunk);
            *w = u64::from_le_bytes(b);
        }
        let mut out = [0u64; 10];
        for (i, o) in out.iter_mut().enumerate() {
            // limb i covers bits 52i .. 52i+52: word 52i/64 at offset 52i%64.
            let bit = 52 * i;
            let (wi, off) = (bit / 64, bit % 64);
            let low = words.get(wi).copied().unwrap_or(0) >> off;
            let high = if off > 12 {
                words.get(wi + 1).copied().unwrap_or(0) << (64 - off)
            } else {
                0
            };
            *o = (low | high) & MASK52;
        }
        out
    }

    fn to_bytes(self) -> [u8; 32] {
        let l = self.0;
        let words = [
            l[0] | (l[1] << 52),
            (l[1] >> 12) | (l[2] << 40),
            (l[2] >> 24) | (l[3] << 28),
            (l[3] >> 36) | (l[4] << 16),
        ];
        let mut out = [0u8; 32];
        for (chunk, w) in out.chunks_exact_mut(8).zip(words) {
            chunk.copy_from_slice(&w.to_le_bytes());
        }
        out
    }

    /// a - b mod L for a, b < L (and, as used by `montgomery_reduce`,
    /// a < 2L with b = L): subtract, then add L back under a borrow mask.
    #[allow(clippy::needless_range_loop)] // three arrays walked in step
    fn sub(a: &Self, b: &Self) -> Self {
        let mut d = [0u64; 5];
        let mut borrow = 0u64;
        for i in 0..5 {
            borrow = a.0[i].wrapping_sub(b.0[i] + (borrow >> 63));
            d[i] = borrow & MASK52;
        }
        // borrow >> 63 is 1 iff a < b: then add L.
        let mask = 0u64.wrapping_sub(borrow >> 63);
        let mut carry = 0u64;
        for i in 0..5 {
            carry = (carry >> 52) + d[i] + (L[i] & mask);
            d[i] = carry & MASK52;
        }
        Self(d)
    }

    /// a + b mod L for a, b < L.
    #[allow(clippy::needless_range_loop)] // three arrays walked in step
    fn add(a: &Self, b: &Self) -> Self {
        let mut s = [0u64; 5];
        let mut carry = 0u64;
        for i in 0..5 {
            carry = a.0[i] + b.0[i] + (carry >> 52);
            s[i] = carry & MASK52;
        }
        Self::sub(&Self(s), &Self(L))
    }

    /// The nine 104-bit columns of a · b.
    #[inline(always)]
    fn mul_wide(a: &Self, b: &Self) -> [u128; 9] {
        let (a, b) = (a.0, b.0);
        [
            m(a[0], b[0]),
            m(a[0], b[1]) + m(a[1], b[0]),
            m(a[0], b[2]) + m(a[1], b[1]) + m(a[2], b[0]),
            m(a[0], b[3]) + m(a[1], b[2]) + m(a[2], b[1]) + m(a[3], b[0]),
            m(a[0], b[4]) + m(a[1], b[3]) + m(a[2], b[2]) + m(a[3], b[1]) + m(a[4], b[0]),
            m(a[1], b[4]) + m(a[2], b[3]) + m(a[3], b[2]) + m(a[4], b[1]),
            m(a[2], b[4]) + m(a[3], b[3]) + m(a[4], b[2]),
            m(a[3], b[4]) + m(a[4], b[3]),
            m(a[4], b[4]),
        ]
    }

    /// x / R mod L for x < L·R (Montgomery reduction, REDC). Each of the
    /// five steps adds n_i·L·2^(52i), with n_i chosen to clear limb i; the
    /// top five limbs are then (x + n·L) / R < 2L and one masked
    /// subtraction gives < L. L's limb 3 is zero, which drops a product.
    #[inline(always)]
    fn montgomery_reduce(x: &[u128; 9]) -> Self {
        #[inline(always)]
        fn step(sum: u128) -> (u128, u64) {
            let n = lo(sum).wrapping_mul(L_FACTOR) & MASK52;
            ((sum + m(n, L[0])) >> 52, n)
        }
        #[inline(always)]
        fn split(sum: u128) -> (u128, u64) {
            (sum >> 52, lo(sum) & MASK52)
        }
        let (c, n0) = step(x[0]);
        let (c, n1) = step(c + x[1] + m(n0, L[1]));
        let (c, n2) = step(c + x[2] + m(n0, L[2]) + m(n1, L[1]));
        let (c, n3) = step(c + x[3] + m(n1, L[2]) + m(n2, L[1]));
        let (c, n4) = step(c + x[4] + m(n0, L[4]) + m(n2, L[2]) + m(n3, L[1]));
        let (c, r0) = split(c + x[5] + m(n1, L[4]) + m(n3, L[2]) + m(n4, L[1]));
        let (c, r1) = split(c + x[6] + m(n2, L[4]) + m(n4, L[2]));
        let (c, r2) = split(c + x[7] + m(n3, L[4]));
        let (c, r3) = split(c + x[8] + m(n4, L[4]));
        let r4 = lo(c);
        Self::sub(&Self([r0, r1, r2, r3, r4]), &Self(L))
    }

    /// a · b / R mod L.
    #[inline(always)]
    fn montgomery_mul(a: &Self, b: &Self) -> Self {
        Self::montgomery_reduce(&Self::mul_wide(a, b))
    }

    /// a · b mod L for a, b < 2^260 with a·b < L·R (true for a, b < L).
    fn mul(a: &Self, b: &Self) -> Self {
        Self::montgomery_mul(&Self::montgomery_mul(a, b), &Self(RR))
    }
}

impl Scalar {
    /// Zero.
    pub(crate) const ZERO: Self = Self([0; 32]);

    fn limbs(&self) -> Limbs {
        let l = Limbs::from_le(&self.0);
        Limbs([l[0], l[1], l[2], l[3], l[4]])
    }

    /// The 64-byte little-endian integer `wide` mod L (RFC 8032 §5.1.6:
    /// SHA-512 outputs are reduced this way). Constant time.
    pub(crate) fn from_bytes_mod_order_wide(wide: &[u8; 64]) -> Self {
        let mut l = Limbs::from_le(wide);
        let mut low = Limbs([l[0], l[1], l[2], l[3], l[4]]);
        let mut high = Limbs([l[5], l[6], l[7], l[8], l[9]]);
        // wide = low + high·2^260 (low < 2^260, high < 2^252):
        // low·R/R + high·R²/R, each reduction < L since R, R² mod L are < L.
        let mut a = Limbs::montgomery_mul(&low, &Limbs(R));
        let mut b = Limbs::montgomery_mul(&high, &Limbs(RR));
        let out = Self(Limbs::add(&a, &b).to_bytes());
        l.zeroize();
        low.zeroize();
        high.zeroize();
        a.zeroize();
        b.zeroize();
        out
    }

    /// The 32-byte little-endian integer `bytes` mod L. Constant time.
    pub(crate) fn from_bytes_mod_order(bytes: &[u8; 32]) -> Self {
        let mut wide = [0u8; 64];
        wide[..32].copy_from_slice(bytes);
        let s = Self::from_bytes_mod_order_wide(&wide);
        wide.zeroize();
        s
    }

    /// `Some` when `bytes` encodes an integer < L (RFC 8032 §5.1.7 step 1:
    /// the S half of a signature). Variable time: S is public.
    pub(crate) fn vartime_from_canonical_bytes(bytes: &[u8; 32]) -> Option<Self> {
        is_canonical_vartime(bytes).then_some(Self(*bytes))
    }

    /// The canonical little-endian encoding.
    #[cfg(test)]
    pub(crate) fn to_bytes(self) -> [u8; 32] {
        self.0
    }

    /// The canonical bytes, borrowed.
    pub(crate) fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// a · b + c mod L (the S = r + k·s of RFC 8032 §5.1.6 step 6). Constant time.
    pub(crate) fn mul_add(a: &Self, b: &Self, c: &Self) -> Self {
        let mut ab = Limbs::mul(&a.limbs(), &b.limbs());
        let mut cl = c.limbs();
        let mut s = Limbs::add(&ab, &cl);
        let out = Self(s.to_bytes());
        ab.zeroize();
        cl.zeroize();
        s.zeroize();
        out
    }

    /// a · b mod L.
    pub(crate) fn mul(a: &Self, b: &Self) -> Self {
        Self(Limbs::mul(&a.limbs(), &b.limbs()).to_bytes())
    }

    /// a + b mod L.
    pub(crate) fn add(a: &Self, b: &Self) -> Self {
        Self(Limbs::add(&a.limbs(), &b.limbs()).to_bytes())
    }

    /// -a mod L.
    #[cfg(test)]
    pub(crate) fn neg(a: &Self) -> Self {
        Self::sub(&Self::ZERO, a)
    }

    /// a - b mod L.
    pub(crate) fn sub(a: &Self, b: &Self) -> Self {
        Self(Limbs::sub(&a.limbs(), &b.limbs()).to_bytes())
    }

    /// Signed radix-16 digits d_i in [-8, 8) (the last in [-8, 8]) with
    /// self = Σ d_i·16^i. Constant time: nibble split, then a branch-free
    /// carry chain. Needs self < 2^255 (true for every canonical scalar).
    pub(crate) fn as_radix_16(&self) -> [i8; 64] {
        let mut d = [0i8; 64];
        for (i, b) in self.0.iter().enumerate() {
            // Nibbles are < 16, so the casts are exact.
            d[2 * i] = (b & 15) as i8;
            d[2 * i + 1] = (b >> 4) as i8;
        }
        for i in 0..63 {
            // carry = 1 iff d_i ≥ 8; then d_i - 16·carry ∈ [-8, 8).
            let carry = (d[i] + 8) >> 4;
            d[i] -= carry << 4;
            d[i + 1] += carry;
        }
        d
    }

    /// Width-`w` non-adjacent form (2 ≤ w ≤ 8): digits that are zero or odd
    /// with |d| < 2^(w-1), any w consecutive digits holding at most one
    /// non-zero one, and self = Σ d_i·2^i. Variable time: public scalars only.
    pub(crate) fn vartime_naf(&self, w: usize) -> [i8; 256] {
        vartime_naf_of_bytes(&self.0, w)
    }
}

impl subtle::ConstantTimeEq for Scalar {
    fn ct_eq(&self, other: &Self) -> Choice {
        self.0.ct_eq(&other.0)
    }
}

impl ConditionallySelectable for Scalar {
    fn conditional_select(a: &Self, b: &Self, choice: Choice) -> Self {
        let mut out = a.0;
        for (o, y) in out.iter_mut().zip(b.0) {
            o.conditional_assign(&y, choice);
        }
        Self(out)
    }
}

/// `bytes` < L as little-endian integers, compared from the top byte down.
pub(crate) fn is_canonical_vartime(bytes: &[u8; 32]) -> bool {
    for (b, l) in bytes.iter().rev().zip(L_BYTES.iter().rev()) {
        if b != l {
            return b < l;
        }
    }
    false
}

/// Width-`w` NAF of a little-endian integer < 2^256 - 2^w (see [`Scalar::vartime_naf`]).
pub(crate) fn vartime_naf_of_bytes(bytes: &[u8; 32], w: usize) -> [i8; 256] {
    debug_assert!((2..=8).contains(&w));
    let mut x = [0u64; 5];
    for (xi, chunk) in x.iter_mut().zip(bytes.chunks_exact(8)) {
        let mut b = [0u8; 8];
        b.copy_from_slice(chunk);
        *xi = u64::from_le_bytes(b);
    }
    let width = 1u64 << w;
    let window_mask = width - 1;
    let mut naf = [0i8; 256];
    let mut pos = 0usize;
    let mut carry = 0u64;
    while pos < 256 {
        // The w bits at `pos` (reading across a word boundary when needed).
        let (idx, off) = (pos / 64, pos % 64);
        let bits = if off < 64 - w {
            x[idx] >> off
        } else {
            (x[idx] >> off) | (x[idx + 1] << (64 - off))
        };
        let window = carry + (bits & window_mask);
        if window & 1 == 0 {
            pos += 1;
            continue;
        }
        // window < 2^w ≤ 256, so both casts are exact.
        if window < width / 2 {
            carry = 0;
            naf[pos] = window as i8;
        } else {
            carry = 1;
            naf[pos] = (window as i16 - (1i16 << w)) as i8;
        }
        pos += w;
    }
    naf
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::vec;
    use std::vec::Vec;

    /// Minimal big-integer reference: little-endian bytes, schoolbook ops.
    fn big_mod_l(x: &[u8]) -> [u8; 32] {
        // Horner from the top byte: acc = acc·256 + b mod L, on u64 limbs of 32 bits.
        let l = num(&L_BYTES);
        let mut acc = vec![0u64; 9];
        for &b in x.iter().rev() {
            // acc *= 256
            let mut c = 0u64;
            for a in acc.iter_mut() {
                let v = *a * 256 + c;
                *a = v & 0xffff_ffff;
                c = v >> 32;
            }
            acc[0] += u64::from(b);
            // acc < 256·L + 256; subtract L while acc ≥ L
            while ge(&acc, &l) {
                sub_in_place(&mut acc, &l);
            }
        }
        let mut out = [0u8; 32];
        for (i, a) in acc.iter().take(8).enumerate() {
            out[4 * i..4 * i + 4].copy_from_slice(&(*a as u32).to_le_bytes());
        }
        out
    }
    fn num(b: &[u8; 32]) -> Vec<u64> {
        let mut v: Vec<u64> = b
            .chunks(4)
            .map(|c| u64::from(u32::from_le_bytes([c[0], c[1], c[2], c[3]])))
            .collect();
        v.push(0);
        v
    }
    fn ge(a: &[u64], b: &[u64]) -> bool {
        for i in (0..a.len()).rev() {
            if a[i] != b[i] {
                return a[i] > b[i];
            }
        }
        true
    }
    fn sub_in_place(a: &mut [u64], b: &[u64]) {
        let mut borrow = 0i64;
        for i in 0..a.len() {
            let v = a[i] as i64 - b[i] as i64 - borrow;
            borrow = i64::from(v < 0);
            a[i] = (v + (borrow << 32)) as u64;
        }
    }
    fn mul_ref(a: &[u8; 32], b: &[u8; 32]) -> Vec<u8> {
        let mut prod = vec![0u64; 64];
        for i in 0..32 {
            for j in 0..32 {
                prod[i + j] += u64::from(a[i]) * u64::from(b[j]);
            }
        }
        let mut bytes = vec![0u8; 64];
        let mut c = 0u64;
        for i in 0..64 {
            let v = prod[i] + c;
            bytes[i] = v as u8;
            c = v >> 8;
        }
        bytes
    }

    fn xorshift(seed: &mut u64) -> [u8; 32] {
        let mut out = [0u8; 32];
        for c in out.chunks_exact_mut(8) {
            *seed ^= *seed << 13;
            *seed ^= *seed >> 7;
            *seed ^= *seed << 17;
            c.copy_from_slice(&seed.to_le_bytes());
        }
        out
    }

    #[test]
    fn montgomery_constants() {
        // R = 2^260 mod L, RR = 2^520 mod L, L_FACTOR·L ≡ -1 mod 2^52.
        let mut two_260 = [0u8; 33];
        two_260[32] = 0x10;
        assert_eq!(Limbs(R).to_bytes(), big_mod_l(&two_260));
        let mut two_520 = [0u8; 66];
        two_520[65] = 0x01;
        assert_eq!(Limbs(RR).to_bytes(), big_mod_l(&two_520));
        assert_eq!(L_FACTOR.wrapping_mul(L[0]) & MASK52, MASK52);
        assert_eq!(Limbs(L).to_bytes(), L_BYTES);
    }

    #[test]
    fn wide_reduction_and_mul_add_match_reference() {
        let mut seed = 0x9e3779b97f4a7c15u64;
        for i in 0..300 {
            let mut wide = [0u8; 64];
            wide[..32].copy_from_slice(&xorshift(&mut seed));
            wide[32..].copy_from_slice(&xorshift(&mut seed));
            if i == 0 {
                wide = [0xff; 64];
            }
            let s = Scalar::from_bytes_mod_order_wide(&wide);
            assert_eq!(s.to_bytes(), big_mod_l(&wide));
            let a = Scalar::from_bytes_mod_order(&xorshift(&mut seed));
            let b = Scalar::from_bytes_mod_order(&xorshift(&mut seed));
            let mut expect = mul_ref(&a.to_bytes(), &b.to_bytes());
            // + s
            let mut c = 0u16;
            for (j, e) in expect.iter_mut().enumerate() {
                let v = u16::from(*e) + u16::from(s.0.get(j).copied().unwrap_or(0)) + c;
                *e = v as u8;
                c = v >> 8;
            }
            assert_eq!(Scalar::mul_add(&a, &b, &s).to_bytes(), big_mod_l(&expect));
            let sum = Scalar::add(&a, &b);
            assert_eq!(Scalar::add(&sum, &Scalar::neg(&b)), a);
        }
    }

    #[test]
    fn canonical_check_is_exact_at_l() {
        let mut l_minus_1 = L_BYTES;
        l_minus_1[0] -= 1;
        assert!(is_canonical_vartime(&l_minus_1));
        assert!(!is_canonical_vartime(&L_BYTES));
        let mut l_plus_1 = L_BYTES;
        l_plus_1[0] += 1;
        assert!(!is_canonical_vartime(&l_plus_1));
        assert!(!is_canonical_vartime(&[0xff; 32]));
        assert!(is_canonical_vartime(&[0; 32]));
        // from_bytes_mod_order maps L to 0 and L - 1 to itself.
        assert_eq!(Scalar::from_bytes_mod_order(&L_BYTES), Scalar::ZERO);
        assert_eq!(Scalar::from_bytes_mod_order(&l_minus_1).0, l_minus_1);
    }

    /// Σ d_i·2^(k·i) back to bytes, as a signed big integer check.
    fn recombine(digits: &[i8], shift: u32) -> [u8; 32] {
        let mut acc = vec![0i128; 40];
        for (i, &d) in digits.iter().enumerate() {
            let bit = shift as usize * i;
            acc[bit / 8] += i128::from(d) << (bit % 8);
        }
        let mut out = [0u8; 32];
        let mut c = 0i128;
        for i in 0..32 {
            let v = acc[i] + c;
            out[i] = (v & 0xff) as u8;
            c = v >> 8;
        }
        assert_eq!(c, 0);
        out
    }

    #[test]
    fn digit_expansions_recombine() {
        let mut seed = 7u64;
        for _ in 0..200 {
            let s = Scalar::from_bytes_mod_order(&xorshift(&mut seed));
            let r16 = s.as_radix_16();
            assert!(r16.iter().all(|&d| (-8..=8).contains(&d)));
            assert_eq!(recombine(&r16, 4), s.0);
            for w in 2..=8 {
                let naf = s.vartime_naf(w);
                assert_eq!(recombine(&naf, 1), s.0);
                let bound = 1i16 << (w - 1);
                for (i, &d) in naf.iter().enumerate() {
                    assert!(d == 0 || (d % 2 != 0 && i16::from(d).abs() < bound));
                    if d != 0 {
                        assert!(naf[i + 1..(i + w).min(256)].iter().all(|&e| e == 0));
                    }
                }
            }
        }
    }
}
