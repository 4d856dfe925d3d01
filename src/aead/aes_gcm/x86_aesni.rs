//! AES-GCM with AES-NI and PCLMULQDQ on 128-bit registers.
//!
//! - Key setup: AES key expansion with `aesenclast` (see
//!   [`expand_key_into`]), `H = E(K, 0)` twisted to `H·x^-1` (see
//!   [`super::ghash_soft`] for the representation), and its powers
//!   `H^1..H^8` with their Karatsuba halves, all stored.
//! - Bulk: 8 blocks per iteration. Each iteration runs the AES rounds of 8
//!   counter blocks and, between them, the 8 GHASH products of the previous
//!   8 ciphertext blocks (sealing) or of the current ones (opening) with
//!   `H^8..H^1`, summed unreduced and reduced once.
//! - Tails: 1, 2, 4 or 8 blocks wide through a zero-padded stack buffer; the
//!   tail's GHASH blocks and the lengths block are aggregated with the
//!   powers so that a short message costs one reduction.
//!
//! Every function that uses the instructions carries
//! `#[target_feature(enable = "aes,pclmulqdq,sse2,ssse3,sse4.1")]`; the
//! entry points are reached only with a [`AesClmul`] token.
#![allow(unsafe_code)]

use super::mode::lengths_block;
use super::x86_shared::{
    self, bswap, copy_small, encrypt_n, expand_key_into, from_bytes, load, mask_first, mul_parts,
    mul_reduce, reduce, store, to_bytes, twist_vec, xor3, GhashKey, ZERO,
};
use crate::cpu::AesClmul;
use crate::wipe::Held;
use core::arch::x86_64::*;
use zeroize::Zeroize;

/// Round keys and GHASH key powers for the AES-NI backend.
pub(crate) struct Key {
    token: AesClmul,
    /// AES round keys; AES-128 uses the first 11.
    rk: [__m128i; 15],
    /// `h[i]` = `H^(i+1)·x^-1`, reflected (twisted powers).
    h: [__m128i; 8],
    /// `hk[i]`: both qwords = high ⊕ low qword of `h[i]` (Karatsuba).
    hk: [__m128i; 8],
}

x86_shared::ghash_queue!("aes,pclmulqdq,sse2,ssse3,sse4.1", 8);

/// Hashes 8 reflected blocks into `acc` at once.
#[inline]
#[target_feature(enable = "aes,pclmulqdq,sse2,ssse3,sse4.1")]
fn absorb8(k: &Key, acc: __m128i, b: &[__m128i; 8]) -> __m128i {
    let mut sum = mul_parts(_mm_xor_si128(b[0], acc), k.h[7], k.hk[7]);
    for (i, x) in b.iter().enumerate().skip(1) {
        sum = xor3(sum, mul_parts(*x, k.h[7 - i], k.hk[7 - i]));
    }
    reduce(sum)
}

impl GhashKey<8> for Key {
    #[inline(always)]
    fn power(&self, e: usize) -> (__m128i, __m128i) {
        let j = e.wrapping_sub(1) & 7;
        (self.h[j], self.hk[j])
    }

    #[inline(always)]
    fn absorb_aggregate(&self, acc: __m128i, chunk: &[u8]) -> __m128i {
        let mut b = [ZERO; 8];
        for (x, block) in b.iter_mut().zip(chunk.chunks_exact(16)) {
            // SAFETY: `block` has 16 bytes; `self.token` proves the SSE2 and
            // SSSE3 that `load` and `bswap` use.
            *x = unsafe { bswap(load(block.as_ptr())) };
        }
        // SAFETY: `self.token` proves the features `absorb8` enables.
        unsafe { absorb8(self, acc, &b) }
    }
}

/// Counter blocks: `ctr` is J0 reflected, so its low 32-bit lane is the
/// big-endian counter and `_mm_add_epi32` is `inc32` (wrapping mod 2^32).
#[inline]
#[target_feature(enable = "aes,pclmulqdq,sse2,ssse3,sse4.1")]
fn next_counters<const N: usize>(ctr: &mut __m128i) -> [__m128i; N] {
    let one = _mm_set_epi32(0, 0, 0, 1);
    let mut out = [_mm_setzero_si128(); N];
    for x in out.iter_mut() {
        *ctr = _mm_add_epi32(*ctr, one);
        *x = bswap(*ctr);
    }
    out
}

impl Key {
    /// The proof token this key was built with.
    pub(crate) fn token(&self) -> AesClmul {
        self.token
    }

    /// An all-zero key for `token`: made before any secret exists, then
    /// filled in place by [`fill`](Self::fill) (without `alloc`; with it,
    /// `zeroed_held` makes it on the heap).
    #[cfg(not(feature = "alloc"))]
    #[inline(always)]
    fn zeroed(token: AesClmul) -> Self {
        Key {
            token,
            rk: [ZERO; 15],
            h: [ZERO; 8],
            hk: [ZERO; 8],
        }
    }

    /// An all-zero key for `token`, made directly in its heap cell (with
    /// `alloc`) before any secret exists, then filled in place by
    /// [`fill`](Self::fill): `Box::new` of the zeroed value still builds
    /// and clears a stack temporary first (about 1 KiB of stores per key
    /// setup).
    #[inline(always)]
    pub(crate) fn zeroed_held(token: AesClmul) -> Held<Self> {
        #[cfg(feature = "alloc")]
        {
            // (`Box::new_zeroed` does this, but needs Rust 1.92; MSRV 1.89.)
            let layout = core::alloc::Layout::new::<Self>();
            // SAFETY: `Key` is not zero-sized (nonzero layout size).
            // `alloc` then our own zeroing rather than `alloc_zeroed`:
            // glibc's `calloc` skips its per-thread cache and takes the
            // slow path (a quarter of key setup here, Zen 4, glibc 2.36).
            // (`black_box` keeps LLVM from fusing the two back into `calloc`.)
            let p = core::hint::black_box(unsafe { alloc::alloc::alloc(layout) }).cast::<Self>();
            if p.is_null() {
                alloc::alloc::handle_alloc_error(layout);
            }
            // SAFETY: `p` is valid for writing one `Key` (just allocated
            // with its layout).
            unsafe { core::ptr::write_bytes(p, 0, 1) };
            // SAFETY: `p` was allocated by the global allocator with
            // `Key`'s layout, so `Box` may own and free it; all zero bytes
            // are a valid `Key` (SIMD vectors take any bit pattern; the
            // token is zero-sized, and set from the caller's real token).
            let mut k = unsafe { alloc::boxed::Box::from_raw(p) };
            k.token = token;
            Held::from_box(k)
        }
        #[cfg(not(feature = "alloc"))]
        {
            Held::new(Self::zeroed(token))
        }
    }

    /// Expands `key` (16 or 32 bytes) and precomputes `H^1..H^8`, storing
    /// straight into `self` (the key's heap cell): no copy of the key
    /// object is ever made, so key setup leaves only its registers' spills
    /// behind, in one small frame.
    #[inline(always)]
    pub(crate) fn fill(&mut self, key: &[u8]) {
        // SAFETY: the `AesClmul` token exists only after `cpu::aes_clmul()`
        // detected aes, pclmulqdq, sse2, ssse3 and sse4.1, the features
        // `setup` enables.
        unsafe { setup(self, key) }
    }
}

x86_shared::entry_points!(Key);

/// Fills `k` (round keys, `H` twisted, its powers and their Karatsuba
/// halves) in place.
#[target_feature(enable = "aes,pclmulqdq,sse2,ssse3,sse4.1")]
fn setup(k: &mut Key, key: &[u8]) {
    expand_key_into(key, &mut k.rk);
    let [e] = if key.len() == 16 {
        encrypt_n::<1, 10>(&k.rk, [_mm_setzero_si128()])
    } else {
        encrypt_n::<1, 14>(&k.rk, [_mm_setzero_si128()])
    };
    let h1 = twist_vec(bswap(e));
    let karatsuba = |h: __m128i| _mm_xor_si128(h, _mm_shuffle_epi32::<0x4E>(h));
    // Powers by a shallow tree: H^2; H^3, H^4; H^5..H^8 (three products
    // deep); the Karatsuba halves are off the critical path.
    let mut p = [h1; 8];
    p[1] = mul_reduce(h1, h1);
    for span in [2usize, 4] {
        for j in 0..span {
            p[span + j] = mul_reduce(p[j], p[span - 1]);
        }
    }
    k.h = p;
    k.hk = p.map(karatsuba);
}

#[target_feature(enable = "aes,pclmulqdq,sse2,ssse3,sse4.1")]
fn j0_impl(k: &Key, nonce: &[u8]) -> __m128i {
    let mut g = Ghash::new();
    g.absorb_padded(k, nonce);
    g.finish(k, 0, nonce.len())
}

/// One AES round on 8 registers.
#[inline]
#[target_feature(enable = "aes,pclmulqdq,sse2,ssse3,sse4.1")]
fn round8(s: &mut [__m128i; 8], rk: __m128i) {
    for v in s.iter_mut() {
        *v = _mm_aesenc_si128(*v, rk);
    }
}

/// Adds the product of block `i` of an 8-block aggregate (with `H^(8-i)`).
#[inline]
#[target_feature(enable = "aes,pclmulqdq,sse2,ssse3,sse4.1")]
fn product(sum: &mut [__m128i; 3], k: &Key, x: __m128i, i: usize) {
    let j = 7 - (i & 7);
    *sum = xor3(*sum, mul_parts(x, k.h[j], k.hk[j]));
}

/// One 8-block step of the bulk loops: AES rounds on `$s` with the GHASH
/// products of `$x` (reflected blocks, accumulator already folded into
/// `$x[0]`) placed between them, one per round, then the reduction;
/// evaluates to the new accumulator. A macro so that it is always inlined
/// (LLVM kept a function version out of line, spilling every register).
macro_rules! stitched8 {
    ($nr:ident, $k:expr, $s:expr, $x:expr) => {{
        let (k, s, x): (&Key, &mut [__m128i; 8], &[__m128i; 8]) = ($k, $s, $x);
        // Opaque per iteration, so LLVM cannot hoist every round key into a
        // register for the whole loop and then run the rounds of one block
        // after another (see `x86_vaes::stitched16`).
        let k: &Key = core::hint::black_box(k);
        for v in s.iter_mut() {
            *v = _mm_xor_si128(*v, k.rk[0]);
        }
        let mut sum = [_mm_setzero_si128(); 3];
        round8(s, k.rk[1]);
        product(&mut sum, k, x[0], 0);
        round8(s, k.rk[2]);
        product(&mut sum, k, x[1], 1);
        round8(s, k.rk[3]);
        product(&mut sum, k, x[2], 2);
        round8(s, k.rk[4]);
        product(&mut sum, k, x[3], 3);
        round8(s, k.rk[5]);
        product(&mut sum, k, x[4], 4);
        round8(s, k.rk[6]);
        product(&mut sum, k, x[5], 5);
        round8(s, k.rk[7]);
        product(&mut sum, k, x[6], 6);
        round8(s, k.rk[8]);
        product(&mut sum, k, x[7], 7);
        round8(s, k.rk[9]);
        let acc = reduce(sum);
        for r in 10..$nr {
            round8(s, k.rk[r]);
        }
        for v in s.iter_mut() {
            *v = _mm_aesenclast_si128(*v, k.rk[$nr]);
        }
        acc
    }};
}

/// Encrypts (`SEAL`) or decrypts the last `tail.len() < 128` bytes in
/// place and queues their ciphertext blocks, zero-padded, for GHASH.
/// Keystream for 1, 2, 4 or 8 blocks, so short tails do not pay for eight;
/// whole blocks are read and written in place, only a final partial block
/// goes through a 16-byte buffer.
#[inline]
#[target_feature(enable = "aes,pclmulqdq,sse2,ssse3,sse4.1")]
fn crypt_tail<const NR: usize, const SEAL: bool>(
    k: &Key,
    g: &mut Ghash,
    ctr: &mut __m128i,
    tail: &mut [u8],
) {
    let n = tail.len();
    if n == 0 {
        return;
    }
    let mut ks = [ZERO; 8];
    macro_rules! width {
        ($w:literal) => {{
            let v = encrypt_n::<$w, NR>(&k.rk, next_counters::<$w>(ctr));
            ks[..$w].copy_from_slice(&v);
        }};
    }
    match n.div_ceil(16) {
        1 => width!(1),
        2 => width!(2),
        3 | 4 => width!(4),
        _ => width!(8),
    }
    xor_tail::<8, SEAL, Key>(k, g, tail, &ks);
    ks.zeroize();
}

#[target_feature(enable = "aes,pclmulqdq,sse2,ssse3,sse4.1")]
fn seal_impl<const NR: usize>(k: &Key, j0: &[u8; 16], aad: &[u8], buf: &mut [u8]) -> __m128i {
    let j0 = from_bytes(j0);
    let [mask] = encrypt_n::<1, NR>(&k.rk, [j0]);
    let mut ctr = bswap(j0);
    let mut g = Ghash::new();
    if !aad.is_empty() {
        g.absorb_padded(k, aad);
    }
    let len = buf.len();
    let (bulk, tail) = buf.split_at_mut(len - len % 128);
    let mut chunks = bulk.chunks_exact_mut(128);
    if let Some(first) = chunks.next() {
        g.flush(k);
        // The first 8 blocks have no previous ciphertext to hash alongside.
        let ks = encrypt_n::<8, NR>(&k.rk, next_counters::<8>(&mut ctr));
        let mut prev = [_mm_setzero_si128(); 8];
        for (i, v) in ks.iter().enumerate() {
            // SAFETY: `first` has 128 bytes and i < 8.
            unsafe {
                let p = first.as_mut_ptr().add(16 * i);
                let c = _mm_xor_si128(load(p), *v);
                store(p, c);
                prev[i] = bswap(c);
            }
        }
        for chunk in chunks {
            prev[0] = _mm_xor_si128(prev[0], g.acc);
            let mut s = next_counters::<8>(&mut ctr);
            g.acc = stitched8!(NR, k, &mut s, &prev);
            for (i, v) in s.iter().enumerate() {
                // SAFETY: `chunk` has 128 bytes and i < 8.
                unsafe {
                    let p = chunk.as_mut_ptr().add(16 * i);
                    let c = _mm_xor_si128(load(p), *v);
                    store(p, c);
                    prev[i] = bswap(c);
                }
            }
        }
        g.acc = absorb8(k, g.acc, &prev);
    }
    crypt_tail::<NR, true>(k, &mut g, &mut ctr, tail);
    _mm_xor_si128(g.finish(k, aad.len(), len), mask)
}

#[target_feature(enable = "aes,pclmulqdq,sse2,ssse3,sse4.1")]
fn open_impl<const NR: usize>(k: &Key, j0: &[u8; 16], aad: &[u8], buf: &mut [u8]) -> __m128i {
    let j0 = from_bytes(j0);
    let [mask] = encrypt_n::<1, NR>(&k.rk, [j0]);
    let mut ctr = bswap(j0);
    let mut g = Ghash::new();
    if !aad.is_empty() {
        g.absorb_padded(k, aad);
    }
    g.flush(k);
    let len = buf.len();
    let (bulk, tail) = buf.split_at_mut(len - len % 128);
    for chunk in bulk.chunks_exact_mut(128) {
        let mut c = [_mm_setzero_si128(); 8];
        let mut x = [_mm_setzero_si128(); 8];
        for i in 0..8 {
            // SAFETY: `chunk` has 128 bytes and i < 8.
            c[i] = unsafe { load(chunk.as_ptr().add(16 * i)) };
            x[i] = bswap(c[i]);
        }
        x[0] = _mm_xor_si128(x[0], g.acc);
        let mut s = next_counters::<8>(&mut ctr);
        g.acc = stitched8!(NR, k, &mut s, &x);
        for i in 0..8 {
            // SAFETY: `chunk` has 128 bytes and i < 8.
            unsafe { store(chunk.as_mut_ptr().add(16 * i), _mm_xor_si128(c[i], s[i])) };
        }
    }
    crypt_tail::<NR, false>(k, &mut g, &mut ctr, tail);
    _mm_xor_si128(g.finish(k, aad.len(), len), mask)
}

x86_shared::wipe_on_drop!(Key: rk, h, hk);

#[cfg(test)]
mod tests {
    use super::*;
    use std::vec::Vec;

    /// Every byte of the key object after `zeroize` (the token is a ZST).
    fn bytes(k: &Key) -> Vec<u8> {
        let mut out = Vec::new();
        for v in &k.rk {
            out.extend_from_slice(&to_bytes(*v));
        }
        for v in &k.h {
            out.extend_from_slice(&to_bytes(*v));
        }
        for v in &k.hk {
            out.extend_from_slice(&to_bytes(*v));
        }
        out
    }

    #[test]
    fn zeroize_wipes_round_keys_and_powers() {
        let Some(token) = crate::cpu::aes_clmul() else {
            return; // backend not available on this CPU
        };
        let mut k = Key::zeroed_held(token);
        k.fill(&[0x5a; 32]);
        assert!(bytes(&k).iter().any(|&b| b != 0));
        k.zeroize();
        assert!(bytes(&k).iter().all(|&b| b == 0));
    }
}
