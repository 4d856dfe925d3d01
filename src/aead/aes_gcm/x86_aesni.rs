//! AES-GCM with AES-NI and PCLMULQDQ on 128-bit registers.
//!
//! - Key setup: AES key expansion with `aeskeygenassist`, `H = E(K, 0)`
//!   twisted to `H·x^-1` (see [`super::ghash_soft`] for the representation),
//!   and its powers `H^1..H^8` with their Karatsuba halves, all stored.
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

use super::ghash_soft::twist;
use super::lengths_block;
use crate::cpu::AesClmul;
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

/// Loads 16 bytes from `p`.
///
/// # Safety
/// `p` must be valid for reading 16 bytes.
#[inline(always)]
pub(super) unsafe fn load(p: *const u8) -> __m128i {
    // SAFETY: the caller guarantees 16 readable bytes; unaligned load (SSE2).
    unsafe { _mm_loadu_si128(p.cast()) }
}

/// Stores 16 bytes to `p`.
///
/// # Safety
/// `p` must be valid for writing 16 bytes.
#[inline(always)]
pub(super) unsafe fn store(p: *mut u8, v: __m128i) {
    // SAFETY: the caller guarantees 16 writable bytes; unaligned store (SSE2).
    unsafe { _mm_storeu_si128(p.cast(), v) }
}

#[inline(always)]
pub(super) fn to_bytes(v: __m128i) -> [u8; 16] {
    let mut out = [0u8; 16];
    // SAFETY: `out` has 16 bytes.
    unsafe { store(out.as_mut_ptr(), v) };
    out
}

#[inline(always)]
pub(super) fn from_bytes(b: &[u8; 16]) -> __m128i {
    // SAFETY: `b` has 16 bytes.
    unsafe { load(b.as_ptr()) }
}

/// Reverses the 16 bytes of a block (big-endian ↔ register order).
#[inline]
#[target_feature(enable = "aes,pclmulqdq,sse2,ssse3,sse4.1")]
pub(super) fn bswap(v: __m128i) -> __m128i {
    _mm_shuffle_epi8(
        v,
        _mm_set_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
    )
}

/// `k ^ k<<32 ^ k<<64 ^ k<<96`: the running XOR of a key schedule row.
#[inline]
#[target_feature(enable = "aes,pclmulqdq,sse2,ssse3,sse4.1")]
fn prefix_xor(k: __m128i) -> __m128i {
    let k = _mm_xor_si128(k, _mm_slli_si128::<4>(k));
    _mm_xor_si128(k, _mm_slli_si128::<8>(k))
}

/// FIPS 197 §5.2 key expansion for a 16- or 32-byte key.
#[inline]
#[target_feature(enable = "aes,pclmulqdq,sse2,ssse3,sse4.1")]
pub(super) fn expand_key(key: &[u8]) -> [__m128i; 15] {
    let mut rk = [_mm_setzero_si128(); 15];
    let mut kb = [0u8; 32];
    for (d, s) in kb.iter_mut().zip(key) {
        *d = *s;
    }
    let k0 = from_bytes(kb[..16].try_into().unwrap_or(&[0; 16]));
    let k1 = from_bytes(kb[16..].try_into().unwrap_or(&[0; 16]));
    kb.zeroize();
    // `aeskeygenassist` gives RotWord(SubWord(w3)) ^ rcon in dword 3 and
    // SubWord(w3) in dword 2; the shuffles broadcast the one needed.
    macro_rules! next {
        ($prev:expr, $src:expr, $rcon:literal, $lane:literal) => {
            _mm_xor_si128(
                prefix_xor($prev),
                _mm_shuffle_epi32::<$lane>(_mm_aeskeygenassist_si128::<$rcon>($src)),
            )
        };
    }
    if key.len() == 16 {
        rk[0] = k0;
        rk[1] = next!(rk[0], rk[0], 0x01, 0xFF);
        rk[2] = next!(rk[1], rk[1], 0x02, 0xFF);
        rk[3] = next!(rk[2], rk[2], 0x04, 0xFF);
        rk[4] = next!(rk[3], rk[3], 0x08, 0xFF);
        rk[5] = next!(rk[4], rk[4], 0x10, 0xFF);
        rk[6] = next!(rk[5], rk[5], 0x20, 0xFF);
        rk[7] = next!(rk[6], rk[6], 0x40, 0xFF);
        rk[8] = next!(rk[7], rk[7], 0x80, 0xFF);
        rk[9] = next!(rk[8], rk[8], 0x1b, 0xFF);
        rk[10] = next!(rk[9], rk[9], 0x36, 0xFF);
    } else {
        rk[0] = k0;
        rk[1] = k1;
        rk[2] = next!(rk[0], rk[1], 0x01, 0xFF);
        rk[3] = next!(rk[1], rk[2], 0x00, 0xAA);
        rk[4] = next!(rk[2], rk[3], 0x02, 0xFF);
        rk[5] = next!(rk[3], rk[4], 0x00, 0xAA);
        rk[6] = next!(rk[4], rk[5], 0x04, 0xFF);
        rk[7] = next!(rk[5], rk[6], 0x00, 0xAA);
        rk[8] = next!(rk[6], rk[7], 0x08, 0xFF);
        rk[9] = next!(rk[7], rk[8], 0x00, 0xAA);
        rk[10] = next!(rk[8], rk[9], 0x10, 0xFF);
        rk[11] = next!(rk[9], rk[10], 0x00, 0xAA);
        rk[12] = next!(rk[10], rk[11], 0x20, 0xFF);
        rk[13] = next!(rk[11], rk[12], 0x00, 0xAA);
        rk[14] = next!(rk[12], rk[13], 0x40, 0xFF);
    }
    rk
}

/// Encrypts `N` blocks with `NR` rounds, all rounds interleaved.
#[inline]
#[target_feature(enable = "aes,pclmulqdq,sse2,ssse3,sse4.1")]
pub(super) fn encrypt_n<const N: usize, const NR: usize>(
    rk: &[__m128i; 15],
    mut s: [__m128i; N],
) -> [__m128i; N] {
    for x in s.iter_mut() {
        *x = _mm_xor_si128(*x, rk[0]);
    }
    for k in &rk[1..NR] {
        for x in s.iter_mut() {
            *x = _mm_aesenc_si128(*x, *k);
        }
    }
    for x in s.iter_mut() {
        *x = _mm_aesenclast_si128(*x, rk[NR]);
    }
    s
}

/// Unreduced Karatsuba product of `x` and a key power: (lo, hi, mid).
#[inline]
#[target_feature(enable = "aes,pclmulqdq,sse2,ssse3,sse4.1")]
pub(super) fn mul_parts(x: __m128i, h: __m128i, hk: __m128i) -> [__m128i; 3] {
    let lo = _mm_clmulepi64_si128::<0x00>(x, h);
    let hi = _mm_clmulepi64_si128::<0x11>(x, h);
    let xk = _mm_xor_si128(x, _mm_shuffle_epi32::<0x4E>(x));
    let mid = _mm_clmulepi64_si128::<0x00>(xk, hk);
    [lo, hi, mid]
}

#[inline]
#[target_feature(enable = "aes,pclmulqdq,sse2,ssse3,sse4.1")]
pub(super) fn xor3(a: [__m128i; 3], b: [__m128i; 3]) -> [__m128i; 3] {
    [
        _mm_xor_si128(a[0], b[0]),
        _mm_xor_si128(a[1], b[1]),
        _mm_xor_si128(a[2], b[2]),
    ]
}

/// Finishes a sum of Karatsuba products and reduces it modulo the GCM
/// polynomial: the same fold as `ghash_soft::reduce`, with the multiplies
/// by `x^127 + x^126 + x^121` done by PCLMULQDQ on 64-bit halves.
#[inline]
#[target_feature(enable = "aes,pclmulqdq,sse2,ssse3,sse4.1")]
pub(super) fn reduce(p: [__m128i; 3]) -> __m128i {
    let [lo, hi, mid] = p;
    let mid = _mm_xor_si128(mid, _mm_xor_si128(lo, hi));
    let w_lo = _mm_xor_si128(lo, _mm_slli_si128::<8>(mid));
    let w_hi = _mm_xor_si128(hi, _mm_srli_si128::<8>(mid));
    let poly = _mm_set_epi64x(0xC200_0000_0000_0000u64 as i64, 0);
    let a = _mm_xor_si128(
        _mm_shuffle_epi32::<0x4E>(w_lo),
        _mm_clmulepi64_si128::<0x10>(w_lo, poly),
    );
    let b = _mm_xor_si128(
        _mm_shuffle_epi32::<0x4E>(a),
        _mm_clmulepi64_si128::<0x10>(a, poly),
    );
    _mm_xor_si128(w_hi, b)
}

/// GHASH state: the reduced accumulator and up to 8 blocks not yet
/// multiplied in, which are later aggregated with one reduction.
struct Ghash {
    acc: __m128i,
    pending: [__m128i; 8],
    n: usize,
}

impl Ghash {
    #[inline]
    #[target_feature(enable = "aes,pclmulqdq,sse2,ssse3,sse4.1")]
    fn new() -> Self {
        Self {
            acc: _mm_setzero_si128(),
            pending: [_mm_setzero_si128(); 8],
            n: 0,
        }
    }

    /// `acc = (acc ⊕ b0)·H^n ⊕ b1·H^(n-1) ⊕ … ⊕ b(n-1)·H`.
    #[inline]
    #[target_feature(enable = "aes,pclmulqdq,sse2,ssse3,sse4.1")]
    fn flush(&mut self, k: &Key) {
        let n = self.n;
        if n == 0 {
            return;
        }
        let mut sum = [_mm_setzero_si128(); 3];
        for (i, &b) in self.pending.iter().enumerate().take(n) {
            let x = if i == 0 {
                _mm_xor_si128(b, self.acc)
            } else {
                b
            };
            let j = n - 1 - i;
            sum = xor3(sum, mul_parts(x, k.h[j], k.hk[j]));
        }
        self.acc = reduce(sum);
        self.n = 0;
    }

    /// Queues one reflected block.
    #[inline]
    #[target_feature(enable = "aes,pclmulqdq,sse2,ssse3,sse4.1")]
    fn push(&mut self, k: &Key, block: __m128i) {
        if self.n == 8 {
            self.flush(k);
        }
        if let Some(slot) = self.pending.get_mut(self.n) {
            *slot = block;
            self.n += 1;
        }
    }

    /// Hashes 8 reflected blocks at once (pending must be empty).
    #[inline]
    #[target_feature(enable = "aes,pclmulqdq,sse2,ssse3,sse4.1")]
    fn absorb8(&mut self, k: &Key, b: &[__m128i; 8]) {
        let mut sum = mul_parts(_mm_xor_si128(b[0], self.acc), k.h[7], k.hk[7]);
        for i in 1..8 {
            sum = xor3(sum, mul_parts(b[i], k.h[7 - i], k.hk[7 - i]));
        }
        self.acc = reduce(sum);
    }

    /// Absorbs `data` zero-padded to whole blocks.
    #[inline]
    #[target_feature(enable = "aes,pclmulqdq,sse2,ssse3,sse4.1")]
    fn absorb_padded(&mut self, k: &Key, data: &[u8]) {
        let mut chunks = data.chunks_exact(128);
        if self.n == 0 {
            for chunk in &mut chunks {
                let mut b = [_mm_setzero_si128(); 8];
                for (i, x) in b.iter_mut().enumerate() {
                    // SAFETY: `chunk` has 128 bytes and i < 8.
                    *x = bswap(unsafe { load(chunk.as_ptr().add(16 * i)) });
                }
                self.absorb8(k, &b);
            }
        }
        let rest = if self.n == 0 {
            chunks.remainder()
        } else {
            data
        };
        let mut blocks = rest.chunks_exact(16);
        for block in &mut blocks {
            // SAFETY: `block` has 16 bytes.
            self.push(k, bswap(unsafe { load(block.as_ptr()) }));
        }
        let tail = blocks.remainder();
        if !tail.is_empty() {
            let mut b = [0u8; 16];
            b[..tail.len()].copy_from_slice(tail);
            self.push(k, bswap(from_bytes(&b)));
        }
    }

    /// Queues the lengths block, flushes, and returns the GHASH value in
    /// byte order.
    #[inline]
    #[target_feature(enable = "aes,pclmulqdq,sse2,ssse3,sse4.1")]
    fn finish(mut self, k: &Key, aad_len: usize, text_len: usize) -> __m128i {
        self.push(k, bswap(from_bytes(&lengths_block(aad_len, text_len))));
        self.flush(k);
        bswap(self.acc)
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

    /// Expands `key` (16 or 32 bytes) and precomputes `H^1..H^8`.
    pub(crate) fn new(token: AesClmul, key: &[u8]) -> Self {
        // SAFETY: the `AesClmul` token exists only after `cpu::aes_clmul()`
        // detected aes, pclmulqdq, sse2, ssse3 and sse4.1, the features
        // `setup` enables.
        unsafe { setup(token, key) }
    }

    /// J0 for a nonce that is not 96 bits long.
    pub(crate) fn j0_from_nonce(&self, nonce: &[u8]) -> [u8; 16] {
        // SAFETY: `self.token` proves the features `j0_impl` enables.
        to_bytes(unsafe { j0_impl(self, nonce) })
    }

    /// Encrypts `buf` in place; returns the full tag.
    #[inline]
    pub(crate) fn seal<const NR: usize>(
        &self,
        j0: &[u8; 16],
        aad: &[u8],
        buf: &mut [u8],
    ) -> [u8; 16] {
        // SAFETY: `self.token` proves the features `seal_impl` enables.
        to_bytes(unsafe { seal_impl::<NR>(self, j0, aad, buf) })
    }

    /// Decrypts `buf` in place and returns the full tag of the ciphertext;
    /// the caller compares it and wipes `buf` on mismatch.
    #[inline]
    pub(crate) fn open<const NR: usize>(
        &self,
        j0: &[u8; 16],
        aad: &[u8],
        buf: &mut [u8],
    ) -> [u8; 16] {
        // SAFETY: `self.token` proves the features `open_impl` enables.
        to_bytes(unsafe { open_impl::<NR>(self, j0, aad, buf) })
    }
}

#[target_feature(enable = "aes,pclmulqdq,sse2,ssse3,sse4.1")]
fn setup(token: AesClmul, key: &[u8]) -> Key {
    let rk = expand_key(key);
    let nr = if key.len() == 16 { 10 } else { 14 };
    let [e] = if nr == 10 {
        encrypt_n::<1, 10>(&rk, [_mm_setzero_si128()])
    } else {
        encrypt_n::<1, 14>(&rk, [_mm_setzero_si128()])
    };
    let mut hb = to_bytes(e);
    let mut ht = twist(u128::from_be_bytes(hb));
    hb.zeroize();
    let h1 = _mm_set_epi64x((ht >> 64) as i64, ht as i64);
    ht.zeroize();
    let mut k = Key {
        token,
        rk,
        h: [h1; 8],
        hk: [_mm_setzero_si128(); 8],
    };
    let karatsuba = |h: __m128i| _mm_xor_si128(h, _mm_shuffle_epi32::<0x4E>(h));
    k.hk[0] = karatsuba(h1);
    // Powers by a shallow tree: H^2; H^3, H^4; H^5..H^8.
    let mul = |k: &Key, a: __m128i, j: usize| reduce(mul_parts(a, k.h[j], k.hk[j]));
    k.h[1] = mul(&k, h1, 0);
    k.hk[1] = karatsuba(k.h[1]);
    k.h[2] = mul(&k, k.h[1], 0);
    k.h[3] = mul(&k, k.h[1], 1);
    k.hk[2] = karatsuba(k.h[2]);
    k.hk[3] = karatsuba(k.h[3]);
    for j in 0..4 {
        k.h[4 + j] = mul(&k, k.h[3], j);
    }
    for j in 4..8 {
        k.hk[j] = karatsuba(k.h[j]);
    }
    k
}

#[target_feature(enable = "aes,pclmulqdq,sse2,ssse3,sse4.1")]
fn j0_impl(k: &Key, nonce: &[u8]) -> __m128i {
    let mut g = Ghash::new();
    g.absorb_padded(k, nonce);
    g.finish(k, 0, nonce.len())
}

/// One 8-block step of the bulk loops: AES rounds on `s` with the GHASH
/// products of `x` (reflected blocks, `acc` already folded into `x[0]`)
/// placed between them, one per round, then the reduction.
#[inline]
#[target_feature(enable = "aes,pclmulqdq,sse2,ssse3,sse4.1")]
fn stitched8<const NR: usize>(k: &Key, s: &mut [__m128i; 8], x: &[__m128i; 8]) -> __m128i {
    for v in s.iter_mut() {
        *v = _mm_xor_si128(*v, k.rk[0]);
    }
    let mut sum = [_mm_setzero_si128(); 3];
    macro_rules! round {
        ($r:expr) => {
            for v in s.iter_mut() {
                *v = _mm_aesenc_si128(*v, k.rk[$r]);
            }
        };
    }
    macro_rules! product {
        ($i:literal) => {
            sum = xor3(sum, mul_parts(x[$i], k.h[7 - $i], k.hk[7 - $i]));
        };
    }
    round!(1);
    product!(0);
    round!(2);
    product!(1);
    round!(3);
    product!(2);
    round!(4);
    product!(3);
    round!(5);
    product!(4);
    round!(6);
    product!(5);
    round!(7);
    product!(6);
    round!(8);
    product!(7);
    round!(9);
    let acc = reduce(sum);
    for r in 10..NR {
        round!(r);
    }
    for v in s.iter_mut() {
        *v = _mm_aesenclast_si128(*v, k.rk[NR]);
    }
    acc
}

/// Encrypts the last `tail.len() < 128` bytes through a padded stack
/// buffer and queues their ciphertext blocks.
#[inline]
#[target_feature(enable = "aes,pclmulqdq,sse2,ssse3,sse4.1")]
fn seal_tail<const NR: usize>(k: &Key, g: &mut Ghash, ctr: &mut __m128i, tail: &mut [u8]) {
    let n = tail.len();
    if n == 0 {
        return;
    }
    let mut tmp = [0u8; 128];
    tmp[..n].copy_from_slice(tail);
    let blocks = n.div_ceil(16);
    xor_keystream::<NR>(k, ctr, &mut tmp, blocks);
    tail.copy_from_slice(&tmp[..n]);
    // GHASH pads the ciphertext with zeros, not with keystream.
    tmp[n..].fill(0);
    for i in 0..blocks {
        // SAFETY: i < blocks <= 8, so 16 * i + 16 <= 128.
        g.push(k, bswap(unsafe { load(tmp.as_ptr().add(16 * i)) }));
    }
    crate::wipe::wipe(&mut tmp);
}

/// XORs `blocks` (1..=8) keystream blocks onto `tmp`, in a width of 1, 2,
/// 4 or 8 blocks so that short tails do not pay for eight.
#[inline]
#[target_feature(enable = "aes,pclmulqdq,sse2,ssse3,sse4.1")]
fn xor_keystream<const NR: usize>(k: &Key, ctr: &mut __m128i, tmp: &mut [u8; 128], blocks: usize) {
    macro_rules! width {
        ($w:literal) => {{
            let ks = encrypt_n::<$w, NR>(&k.rk, next_counters::<$w>(ctr));
            for (i, v) in ks.iter().enumerate() {
                // SAFETY: i < $w <= 8, so the 16 bytes at 16 * i are in `tmp`.
                unsafe {
                    let p = tmp.as_mut_ptr().add(16 * i);
                    store(p, _mm_xor_si128(load(p), *v));
                }
            }
        }};
    }
    match blocks {
        1 => width!(1),
        2 => width!(2),
        3 | 4 => width!(4),
        _ => width!(8),
    }
}

#[target_feature(enable = "aes,pclmulqdq,sse2,ssse3,sse4.1")]
fn seal_impl<const NR: usize>(k: &Key, j0: &[u8; 16], aad: &[u8], buf: &mut [u8]) -> __m128i {
    let j0 = from_bytes(j0);
    let [mask] = encrypt_n::<1, NR>(&k.rk, [j0]);
    let mut ctr = bswap(j0);
    let mut g = Ghash::new();
    g.absorb_padded(k, aad);
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
            g.acc = stitched8::<NR>(k, &mut s, &prev);
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
        g.absorb8(k, &prev);
    }
    seal_tail::<NR>(k, &mut g, &mut ctr, tail);
    _mm_xor_si128(g.finish(k, aad.len(), len), mask)
}

#[target_feature(enable = "aes,pclmulqdq,sse2,ssse3,sse4.1")]
fn open_impl<const NR: usize>(k: &Key, j0: &[u8; 16], aad: &[u8], buf: &mut [u8]) -> __m128i {
    let j0 = from_bytes(j0);
    let [mask] = encrypt_n::<1, NR>(&k.rk, [j0]);
    let mut ctr = bswap(j0);
    let mut g = Ghash::new();
    g.absorb_padded(k, aad);
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
        g.acc = stitched8::<NR>(k, &mut s, &x);
        for i in 0..8 {
            // SAFETY: `chunk` has 128 bytes and i < 8.
            unsafe { store(chunk.as_mut_ptr().add(16 * i), _mm_xor_si128(c[i], s[i])) };
        }
    }
    let n = tail.len();
    if n > 0 {
        let mut tmp = [0u8; 128];
        tmp[..n].copy_from_slice(tail);
        let blocks = n.div_ceil(16);
        for i in 0..blocks {
            // SAFETY: i < blocks <= 8, so 16 * i + 16 <= 128.
            g.push(k, bswap(unsafe { load(tmp.as_ptr().add(16 * i)) }));
        }
        xor_keystream::<NR>(k, &mut ctr, &mut tmp, blocks);
        tail.copy_from_slice(&tmp[..n]);
        crate::wipe::wipe(&mut tmp);
    }
    _mm_xor_si128(g.finish(k, aad.len(), len), mask)
}

impl Drop for Key {
    fn drop(&mut self) {
        self.rk.zeroize();
        self.h.zeroize();
        self.hk.zeroize();
    }
}
