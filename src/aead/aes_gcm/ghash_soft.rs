//! Portable, constant-time GHASH multiply (NIST SP 800-38D §6.3), table-free.
//!
//! # Representation
//!
//! GCM numbers the bits of a block from the most significant bit of byte 0
//! (coefficient of `x^0`) on. Reading the block as a big-endian `u128` gives
//! `rev(a)`: coefficient `x^i` at bit `127 - i`. A carry-less product of two
//! such values is `clmul(rev a, rev b) = rev256(a·b) >> 1`, the product
//! "reflected" and one bit short. Instead of shifting every product, the key
//! is stored pre-multiplied by `x^-1` (the "twisted" key `H' = H·x^-1 mod P`):
//! then `clmul(rev a, rev H')` is exactly `rev256(F)` with `F ≡ a·H`, and
//! [`reduce`] folds it to 128 bits.
//!
//! # Carry-less multiply without tables
//!
//! [`bmul64`] multiplies 64-bit polynomials with ordinary integer multiplies
//! on operands masked to every fourth bit, so that carries land in the gaps
//! (the technique of BearSSL's `ghash_ctmul64`). Integer multiplication is
//! constant time on the targets we support; there is no secret-dependent
//! branch or memory index. A 128×128 product is three 64×64 products
//! (Karatsuba), each needing its low half (`bmul64`) and high half
//! (`bmul64` of bit-reversed inputs).

/// The GHASH key in the forms the multiply needs, all derived from `H'`.
#[derive(Clone, Copy)]
pub(crate) struct Key {
    /// `rev(H')` split into (high, low) 64-bit halves, their XOR, and the
    /// bit reversals of all three.
    h: [u64; 6],
}

/// `P` reflected, without its `x^128` term: `x^0`, `x`, `x^2`... at bits
/// 127, 126, 121 and `x^127` (from dividing `x^128` by `x`) at bit 0.
pub(crate) const TWIST: u128 = 0xC200_0000_0000_0000_0000_0000_0000_0001;

/// `H·x^-1 mod P` in reflected form, from `rev(H)`: a left shift by one,
/// plus `P/x` when the `x^0` coefficient (bit 127) was set. Branch-free.
#[inline]
pub(crate) fn twist(h: u128) -> u128 {
    let carry = 0u128.wrapping_sub(h >> 127);
    (h << 1) ^ (carry & TWIST)
}

/// Low 64 bits of the carry-less product of `x` and `y`.
///
/// Each operand is split into four masks of every fourth bit. A product of
/// two masked operands has non-zero sums only at positions of one residue
/// mod 4, and each such sum counts at most 15 terms below bit 64 (at most 16
/// at bit 60, whose overflow leaves the 64-bit word), so it fits in the
/// 4-bit gap and its low bit is the carry-less product bit.
#[inline(always)]
fn bmul64(x: u64, y: u64) -> u64 {
    const M0: u64 = 0x1111_1111_1111_1111;
    const M1: u64 = M0 << 1;
    const M2: u64 = M0 << 2;
    const M3: u64 = M0 << 3;
    let (x0, x1, x2, x3) = (x & M0, x & M1, x & M2, x & M3);
    let (y0, y1, y2, y3) = (y & M0, y & M1, y & M2, y & M3);
    let m = |a: u64, b: u64| a.wrapping_mul(b);
    let z0 = m(x0, y0) ^ m(x1, y3) ^ m(x2, y2) ^ m(x3, y1);
    let z1 = m(x0, y1) ^ m(x1, y0) ^ m(x2, y3) ^ m(x3, y2);
    let z2 = m(x0, y2) ^ m(x1, y1) ^ m(x2, y0) ^ m(x3, y3);
    let z3 = m(x0, y3) ^ m(x1, y2) ^ m(x2, y1) ^ m(x3, y0);
    (z0 & M0) | (z1 & M1) | (z2 & M2) | (z3 & M3)
}

/// Full 128-bit carry-less product of `x` and `y`; `xr`, `yr` are their
/// bit reversals. The high half comes from `clmul(rev x, rev y) =
/// rev127(x·y)`, whose low 64 bits reversed are bits 63..126 of `x·y`.
#[inline(always)]
fn clmul64(x: u64, y: u64, xr: u64, yr: u64) -> u128 {
    let lo = bmul64(x, y);
    let hi = bmul64(xr, yr).reverse_bits() >> 1;
    (u128::from(hi) << 64) | u128::from(lo)
}

/// Folds a 256-bit reflected product `(hi, lo)` modulo
/// `P = x^128 + x^7 + x^2 + x + 1`.
///
/// `hi` holds the coefficients of `x^0..x^127`, `lo` those of
/// `x^128..x^255`; `x^128 ≡ x^7 + x^2 + x + 1`, and in reflected form a
/// multiplication by `x^t` is a right shift by `t`. The bits shifted out of
/// the first fold (`lo << 127`, `<< 126`, `<< 121`) are folded once more.
#[inline(always)]
pub(crate) fn reduce(hi: u128, lo: u128) -> u128 {
    let t = lo ^ (lo << 127) ^ (lo << 126) ^ (lo << 121);
    hi ^ t ^ (t >> 1) ^ (t >> 2) ^ (t >> 7)
}

impl Key {
    /// Prepares the key from `H = E(K, 0^128)` read big-endian.
    pub(crate) fn new(h: u128) -> Self {
        let ht = twist(h);
        let (h1, h0) = ((ht >> 64) as u64, ht as u64);
        let h2 = h0 ^ h1;
        Self {
            h: [
                h1,
                h0,
                h2,
                h1.reverse_bits(),
                h0.reverse_bits(),
                h2.reverse_bits(),
            ],
        }
    }

    /// `a·H` for a reflected field element `a`.
    #[inline]
    pub(crate) fn mul(&self, a: u128) -> u128 {
        let [h1, h0, h2, h1r, h0r, h2r] = self.h;
        let (a1, a0) = ((a >> 64) as u64, a as u64);
        let a2 = a0 ^ a1;
        let (a1r, a0r, a2r) = (a1.reverse_bits(), a0.reverse_bits(), a2.reverse_bits());
        let lo = clmul64(a0, h0, a0r, h0r);
        let hi = clmul64(a1, h1, a1r, h1r);
        let mid = clmul64(a2, h2, a2r, h2r) ^ lo ^ hi;
        reduce(hi ^ (mid >> 64), lo ^ (mid << 64))
    }

    /// Absorbs `data` into the GHASH state `y`, zero-padding a final
    /// partial block (SP 800-38D §7.1 pads A and C separately).
    #[inline]
    pub(crate) fn update_padded(&self, y: &mut u128, data: &[u8]) {
        let mut chunks = data.chunks_exact(16);
        for block in &mut chunks {
            let mut b = [0u8; 16];
            b.copy_from_slice(block);
            *y = self.mul(*y ^ u128::from_be_bytes(b));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 16];
            b[..rest.len()].copy_from_slice(rest);
            *y = self.mul(*y ^ u128::from_be_bytes(b));
        }
    }
}

impl zeroize::Zeroize for Key {
    fn zeroize(&mut self) {
        self.h.zeroize();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bit-by-bit multiply straight from SP 800-38D §6.3 Algorithm 1.
    fn mul_reference(x: u128, y: u128) -> u128 {
        const R: u128 = 0xE1 << 120;
        let mut z = 0u128;
        let mut v = y;
        for i in 0..128 {
            if (x >> (127 - i)) & 1 == 1 {
                z ^= v;
            }
            v = if v & 1 == 1 { (v >> 1) ^ R } else { v >> 1 };
        }
        z
    }

    #[test]
    fn bmul64_matches_schoolbook() {
        let mut s = 0x9E37_79B9_7F4A_7C15u64;
        for _ in 0..1000 {
            s = s
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let x = s;
            s = s
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let y = s;
            let mut want = 0u128;
            for i in 0..64 {
                if (y >> i) & 1 == 1 {
                    want ^= u128::from(x) << i;
                }
            }
            assert_eq!(clmul64(x, y, x.reverse_bits(), y.reverse_bits()), want);
        }
        assert_eq!(bmul64(u64::MAX, u64::MAX), 0x5555_5555_5555_5555);
    }

    #[test]
    fn mul_matches_spec_algorithm() {
        let mut s = 0x0123_4567_89ab_cdefu128;
        for _ in 0..500 {
            s = s
                .wrapping_mul(0x2360ED051FC65DA44385DF649FCCF645)
                .wrapping_add(1);
            let a = s;
            s = s
                .wrapping_mul(0x2360ED051FC65DA44385DF649FCCF645)
                .wrapping_add(1);
            let h = s;
            assert_eq!(Key::new(h).mul(a), mul_reference(a, h));
        }
        for h in [0u128, 1, 1 << 127, u128::MAX] {
            assert_eq!(Key::new(h).mul(u128::MAX), mul_reference(u128::MAX, h));
        }
    }
}
