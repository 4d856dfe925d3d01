//! AES-GCM with VAES and VPCLMULQDQ on 256-bit (ymm) registers, AVX2 only
//! (no AVX-512 instructions or state needed).
//!
//! Each ymm register holds two blocks. The bulk loops take 16 blocks (8
//! registers) per iteration: the AES rounds of 16 counter blocks with, in
//! between, the GHASH products of 16 ciphertext blocks (the previous 16
//! when sealing, the current 16 when opening) with `H^16..H^1`, two per
//! VPCLMULQDQ. The three Karatsuba sums are folded across the two lanes
//! and reduced once per iteration.
//!
//! Key powers are stored highest first, `pw[i] = H^(16-i)`, so the last `n`
//! entries are exactly the powers an `n`-block aggregate needs; a ymm load
//! at entry `2j` gives the pair for register `j` of a full iteration.
//!
//! Key expansion and the 128-bit reduction come from [`super::x86_aesni`]:
//! its features are a subset of ours, so they inline here with VEX encoding.
#![allow(unsafe_code)]

use super::lengths_block;
use super::x86_aesni::{
    bswap, encrypt_n, expand_key, from_bytes, load, mul_parts, reduce, to_bytes, xor3,
};
use crate::cpu::VaesAvx2;
use core::arch::x86_64::*;
use zeroize::Zeroize;

/// Round keys (both lanes) and GHASH key powers for the VAES backend.
pub(crate) struct Key {
    token: VaesAvx2,
    /// AES round keys broadcast to both lanes; AES-128 uses the first 11.
    rk: [__m256i; 15],
    /// `pw[i]` = `H^(16-i)·x^-1`, reflected (twisted powers, highest first).
    pw: [__m128i; 16],
    /// `pk[i]`: both qwords = high ⊕ low qword of `pw[i]` (Karatsuba).
    pk: [__m128i; 16],
}

/// Loads 32 bytes from `p`.
///
/// # Safety
/// `p` must be valid for reading 32 bytes.
#[inline(always)]
unsafe fn load2(p: *const u8) -> __m256i {
    // SAFETY: the caller guarantees 32 readable bytes; unaligned load (AVX).
    unsafe { _mm256_loadu_si256(p.cast()) }
}

/// Stores 32 bytes to `p`.
///
/// # Safety
/// `p` must be valid for writing 32 bytes.
#[inline(always)]
unsafe fn store2(p: *mut u8, v: __m256i) {
    // SAFETY: the caller guarantees 32 writable bytes; unaligned store (AVX).
    unsafe { _mm256_storeu_si256(p.cast(), v) }
}

/// Reverses the bytes of each of the two blocks.
#[inline]
#[target_feature(enable = "aes,pclmulqdq,avx,avx2,vaes,vpclmulqdq")]
fn bswap2(v: __m256i) -> __m256i {
    let m = _mm256_set_epi8(
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
        12, 13, 14, 15,
    );
    _mm256_shuffle_epi8(v, m)
}

/// Encrypts `N` registers (2·N blocks) with `NR` rounds.
#[inline]
#[target_feature(enable = "aes,pclmulqdq,avx,avx2,vaes,vpclmulqdq")]
fn encrypt2_n<const N: usize, const NR: usize>(
    rk: &[__m256i; 15],
    mut s: [__m256i; N],
) -> [__m256i; N] {
    for x in s.iter_mut() {
        *x = _mm256_xor_si256(*x, rk[0]);
    }
    for k in &rk[1..NR] {
        for x in s.iter_mut() {
            *x = _mm256_aesenc_epi128(*x, *k);
        }
    }
    for x in s.iter_mut() {
        *x = _mm256_aesenclast_epi128(*x, rk[NR]);
    }
    s
}

/// Unreduced Karatsuba products of two blocks with two key powers.
#[inline]
#[target_feature(enable = "aes,pclmulqdq,avx,avx2,vaes,vpclmulqdq")]
fn mul_parts2(x: __m256i, h: __m256i, hk: __m256i) -> [__m256i; 3] {
    let lo = _mm256_clmulepi64_epi128::<0x00>(x, h);
    let hi = _mm256_clmulepi64_epi128::<0x11>(x, h);
    let xk = _mm256_xor_si256(x, _mm256_shuffle_epi32::<0x4E>(x));
    let mid = _mm256_clmulepi64_epi128::<0x00>(xk, hk);
    [lo, hi, mid]
}

#[inline]
#[target_feature(enable = "aes,pclmulqdq,avx,avx2,vaes,vpclmulqdq")]
fn xor3_2(a: [__m256i; 3], b: [__m256i; 3]) -> [__m256i; 3] {
    [
        _mm256_xor_si256(a[0], b[0]),
        _mm256_xor_si256(a[1], b[1]),
        _mm256_xor_si256(a[2], b[2]),
    ]
}

/// Adds the two lanes of each sum (products of different blocks simply
/// add) and reduces once.
#[inline]
#[target_feature(enable = "aes,pclmulqdq,avx,avx2,vaes,vpclmulqdq")]
fn fold_reduce(p: [__m256i; 3]) -> __m128i {
    let fold =
        |v: __m256i| _mm_xor_si128(_mm256_castsi256_si128(v), _mm256_extracti128_si256::<1>(v));
    reduce([fold(p[0]), fold(p[1]), fold(p[2])])
}

/// GHASH state: the reduced accumulator and up to 16 queued blocks.
struct Ghash {
    acc: __m128i,
    pending: [__m128i; 16],
    n: usize,
}

impl Ghash {
    #[inline]
    #[target_feature(enable = "aes,pclmulqdq,avx,avx2,vaes,vpclmulqdq")]
    fn new() -> Self {
        Self {
            acc: _mm_setzero_si128(),
            pending: [_mm_setzero_si128(); 16],
            n: 0,
        }
    }

    /// `acc = (acc ⊕ b0)·H^n ⊕ b1·H^(n-1) ⊕ … ⊕ b(n-1)·H`, one reduction.
    #[inline]
    #[target_feature(enable = "aes,pclmulqdq,avx,avx2,vaes,vpclmulqdq")]
    fn flush(&mut self, k: &Key) {
        let n = self.n;
        if n == 0 {
            return;
        }
        let first = 16 - n;
        let mut sum = [_mm_setzero_si128(); 3];
        let powers = k.pw.iter().zip(&k.pk).skip(first);
        for (i, (b, (h, hk))) in self.pending.iter().zip(powers).enumerate() {
            let x = if i == 0 {
                _mm_xor_si128(*b, self.acc)
            } else {
                *b
            };
            sum = xor3(sum, mul_parts(x, *h, *hk));
        }
        self.acc = reduce(sum);
        self.n = 0;
    }

    /// Queues one reflected block.
    #[inline]
    #[target_feature(enable = "aes,pclmulqdq,avx,avx2,vaes,vpclmulqdq")]
    fn push(&mut self, k: &Key, block: __m128i) {
        if self.n == 16 {
            self.flush(k);
        }
        if let Some(slot) = self.pending.get_mut(self.n) {
            *slot = block;
            self.n += 1;
        }
    }

    /// Hashes 16 reflected blocks in 8 registers (queue must be empty).
    #[inline]
    #[target_feature(enable = "aes,pclmulqdq,avx,avx2,vaes,vpclmulqdq")]
    fn absorb16(&mut self, k: &Key, x: &[__m256i; 8]) {
        let x0 = _mm256_xor_si256(x[0], _mm256_zextsi128_si256(self.acc));
        let mut sum = mul_parts2(x0, k.power_pair(0), k.karatsuba_pair(0));
        for (j, v) in x.iter().enumerate().skip(1) {
            sum = xor3_2(sum, mul_parts2(*v, k.power_pair(j), k.karatsuba_pair(j)));
        }
        self.acc = fold_reduce(sum);
    }

    /// Absorbs `data` zero-padded to whole blocks.
    #[inline]
    #[target_feature(enable = "aes,pclmulqdq,avx,avx2,vaes,vpclmulqdq")]
    fn absorb_padded(&mut self, k: &Key, data: &[u8]) {
        let mut chunks = data.chunks_exact(256);
        if self.n == 0 {
            for chunk in &mut chunks {
                let mut x = [_mm256_setzero_si256(); 8];
                for (j, v) in x.iter_mut().enumerate() {
                    // SAFETY: `chunk` has 256 bytes and j < 8.
                    *v = bswap2(unsafe { load2(chunk.as_ptr().add(32 * j)) });
                }
                self.absorb16(k, &x);
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

    /// Queues the lengths block, flushes, returns GHASH in byte order.
    #[inline]
    #[target_feature(enable = "aes,pclmulqdq,avx,avx2,vaes,vpclmulqdq")]
    fn finish(mut self, k: &Key, aad_len: usize, text_len: usize) -> __m128i {
        self.push(k, bswap(from_bytes(&lengths_block(aad_len, text_len))));
        self.flush(k);
        bswap(self.acc)
    }
}

/// Counter state for two blocks per register: `pair` holds counters
/// `(c + 1, c + 2)` reflected, so the low dword of each lane is the
/// big-endian counter and `_mm256_add_epi32` is `inc32` on both.
#[inline]
#[target_feature(enable = "aes,pclmulqdq,avx,avx2,vaes,vpclmulqdq")]
fn first_pair(ctr: __m128i) -> __m256i {
    _mm256_add_epi32(
        _mm256_broadcastsi128_si256(ctr),
        _mm256_set_epi32(0, 0, 0, 2, 0, 0, 0, 1),
    )
}

/// The next `N` registers of counter blocks (in byte order), advancing
/// `pair` by `2·N`.
#[inline]
#[target_feature(enable = "aes,pclmulqdq,avx,avx2,vaes,vpclmulqdq")]
fn next_counters2<const N: usize>(pair: &mut __m256i) -> [__m256i; N] {
    let two = _mm256_set_epi32(0, 0, 0, 2, 0, 0, 0, 2);
    let mut out = [_mm256_setzero_si256(); N];
    for x in out.iter_mut() {
        *x = bswap2(*pair);
        *pair = _mm256_add_epi32(*pair, two);
    }
    out
}

impl Key {
    /// The proof token this key was built with.
    pub(crate) fn token(&self) -> VaesAvx2 {
        self.token
    }

    /// Powers for register `j` (0..8) of a 16-block aggregate:
    /// `(H^(16-2j), H^(15-2j))`, one unaligned load from `pw`.
    #[inline(always)]
    fn power_pair(&self, j: usize) -> __m256i {
        let j = j & 7;
        // SAFETY: j < 8, so entries 2j and 2j + 1 (32 bytes) are inside `pw`.
        unsafe { load2(self.pw.as_ptr().add(2 * j).cast()) }
    }

    /// Karatsuba halves matching [`power_pair`](Self::power_pair).
    #[inline(always)]
    fn karatsuba_pair(&self, j: usize) -> __m256i {
        let j = j & 7;
        // SAFETY: j < 8, so entries 2j and 2j + 1 (32 bytes) are inside `pk`.
        unsafe { load2(self.pk.as_ptr().add(2 * j).cast()) }
    }

    /// Expands `key` (16 or 32 bytes) and precomputes `H^1..H^16`.
    pub(crate) fn new(token: VaesAvx2, key: &[u8]) -> Self {
        // SAFETY: the `VaesAvx2` token exists only after `cpu::vaes_avx2()`
        // detected aes, pclmulqdq, avx, avx2 (cpufeatures) and VAES and
        // VPCLMULQDQ (CPUID), the features `setup` enables.
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

#[target_feature(enable = "aes,pclmulqdq,avx,avx2,vaes,vpclmulqdq")]
fn setup(token: VaesAvx2, key: &[u8]) -> Key {
    let rk128 = expand_key(key);
    let nr = if key.len() == 16 { 10 } else { 14 };
    let [e] = if nr == 10 {
        encrypt_n::<1, 10>(&rk128, [_mm_setzero_si128()])
    } else {
        encrypt_n::<1, 14>(&rk128, [_mm_setzero_si128()])
    };
    let mut hb = to_bytes(e);
    let mut ht = super::ghash_soft::twist(u128::from_be_bytes(hb));
    hb.zeroize();
    let h1 = _mm_set_epi64x((ht >> 64) as i64, ht as i64);
    ht.zeroize();
    let karatsuba = |h: __m128i| _mm_xor_si128(h, _mm_shuffle_epi32::<0x4E>(h));
    // p[i] = H^(i+1), built by a shallow tree: H^2; H^3..4; H^5..8; H^9..16.
    let mut p = [h1; 16];
    let mut pk = [karatsuba(h1); 16];
    let mul = |a: __m128i, b: __m128i, bk: __m128i| reduce(mul_parts(a, b, bk));
    p[1] = mul(h1, h1, pk[0]);
    pk[1] = karatsuba(p[1]);
    for span in [2usize, 4, 8] {
        for j in 0..span {
            p[span + j] = mul(p[j], p[span - 1], pk[span - 1]);
        }
        for j in 0..span {
            pk[span + j] = karatsuba(p[span + j]);
        }
    }
    let mut rk = [_mm256_setzero_si256(); 15];
    for (d, s) in rk.iter_mut().zip(&rk128) {
        *d = _mm256_broadcastsi128_si256(*s);
    }
    let mut k = Key {
        token,
        rk,
        pw: [h1; 16],
        pk: [h1; 16],
    };
    for i in 0..16 {
        k.pw[i] = p[15 - i];
        k.pk[i] = pk[15 - i];
    }
    p.zeroize();
    pk.zeroize();
    k
}

#[target_feature(enable = "aes,pclmulqdq,avx,avx2,vaes,vpclmulqdq")]
fn j0_impl(k: &Key, nonce: &[u8]) -> __m128i {
    let mut g = Ghash::new();
    g.absorb_padded(k, nonce);
    g.finish(k, 0, nonce.len())
}

/// One 16-block step of the bulk loops: AES rounds on `s` with the GHASH
/// products of `x` (reflected blocks, accumulator already folded into the
/// low lane of `x[0]`) placed between them, then the lane fold and the
/// reduction. Returns the new accumulator.
#[inline]
#[target_feature(enable = "aes,pclmulqdq,avx,avx2,vaes,vpclmulqdq")]
fn stitched16<const NR: usize>(k: &Key, s: &mut [__m256i; 8], x: &[__m256i; 8]) -> __m128i {
    for v in s.iter_mut() {
        *v = _mm256_xor_si256(*v, k.rk[0]);
    }
    let mut sum = [_mm256_setzero_si256(); 3];
    macro_rules! round {
        ($r:expr) => {
            for v in s.iter_mut() {
                *v = _mm256_aesenc_epi128(*v, k.rk[$r]);
            }
        };
    }
    macro_rules! product {
        ($j:literal) => {
            sum = xor3_2(
                sum,
                mul_parts2(x[$j], k.power_pair($j), k.karatsuba_pair($j)),
            );
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
    let acc = fold_reduce(sum);
    for r in 10..NR {
        round!(r);
    }
    for v in s.iter_mut() {
        *v = _mm256_aesenclast_epi128(*v, k.rk[NR]);
    }
    acc
}

/// XORs keystream for `blocks` (1..=16) blocks onto `tmp`, 2, 4, 8 or 16
/// blocks wide.
#[inline]
#[target_feature(enable = "aes,pclmulqdq,avx,avx2,vaes,vpclmulqdq")]
fn xor_keystream<const NR: usize>(k: &Key, pair: &mut __m256i, tmp: &mut [u8; 256], blocks: usize) {
    macro_rules! width {
        ($w:literal) => {{
            let ks = encrypt2_n::<$w, NR>(&k.rk, next_counters2::<$w>(pair));
            for (j, v) in ks.iter().enumerate() {
                // SAFETY: j < $w <= 8, so the 32 bytes at 32 * j are in `tmp`.
                unsafe {
                    let p = tmp.as_mut_ptr().add(32 * j);
                    store2(p, _mm256_xor_si256(load2(p), *v));
                }
            }
        }};
    }
    match blocks {
        0..=2 => width!(1),
        3..=4 => width!(2),
        5..=8 => width!(4),
        _ => width!(8),
    }
}

#[target_feature(enable = "aes,pclmulqdq,avx,avx2,vaes,vpclmulqdq")]
fn seal_impl<const NR: usize>(k: &Key, j0: &[u8; 16], aad: &[u8], buf: &mut [u8]) -> __m128i {
    let j0 = from_bytes(j0);
    let [mask] = encrypt2_n::<1, NR>(&k.rk, [_mm256_zextsi128_si256(j0)]);
    let mask = _mm256_castsi256_si128(mask);
    let mut pair = first_pair(bswap(j0));
    let mut g = Ghash::new();
    g.absorb_padded(k, aad);
    let len = buf.len();
    let (bulk, tail) = buf.split_at_mut(len - len % 256);
    let mut chunks = bulk.chunks_exact_mut(256);
    if let Some(first) = chunks.next() {
        g.flush(k);
        // The first 16 blocks have no previous ciphertext to hash alongside.
        let ks = encrypt2_n::<8, NR>(&k.rk, next_counters2::<8>(&mut pair));
        let mut prev = [_mm256_setzero_si256(); 8];
        for (j, v) in ks.iter().enumerate() {
            // SAFETY: `first` has 256 bytes and j < 8.
            unsafe {
                let p = first.as_mut_ptr().add(32 * j);
                let c = _mm256_xor_si256(load2(p), *v);
                store2(p, c);
                prev[j] = bswap2(c);
            }
        }
        for chunk in chunks {
            prev[0] = _mm256_xor_si256(prev[0], _mm256_zextsi128_si256(g.acc));
            let mut s = next_counters2::<8>(&mut pair);
            g.acc = stitched16::<NR>(k, &mut s, &prev);
            for (j, v) in s.iter().enumerate() {
                // SAFETY: `chunk` has 256 bytes and j < 8.
                unsafe {
                    let p = chunk.as_mut_ptr().add(32 * j);
                    let c = _mm256_xor_si256(load2(p), *v);
                    store2(p, c);
                    prev[j] = bswap2(c);
                }
            }
        }
        g.absorb16(k, &prev);
    }
    let n = tail.len();
    if n > 0 {
        let mut tmp = [0u8; 256];
        tmp[..n].copy_from_slice(tail);
        let blocks = n.div_ceil(16);
        xor_keystream::<NR>(k, &mut pair, &mut tmp, blocks);
        tail.copy_from_slice(&tmp[..n]);
        // GHASH pads the ciphertext with zeros, not with keystream.
        tmp[n..].fill(0);
        for i in 0..blocks {
            // SAFETY: i < blocks <= 16, so 16 * i + 16 <= 256.
            g.push(k, bswap(unsafe { load(tmp.as_ptr().add(16 * i)) }));
        }
        crate::wipe::wipe(&mut tmp);
    }
    _mm_xor_si128(g.finish(k, aad.len(), len), mask)
}

#[target_feature(enable = "aes,pclmulqdq,avx,avx2,vaes,vpclmulqdq")]
fn open_impl<const NR: usize>(k: &Key, j0: &[u8; 16], aad: &[u8], buf: &mut [u8]) -> __m128i {
    let j0 = from_bytes(j0);
    let [mask] = encrypt2_n::<1, NR>(&k.rk, [_mm256_zextsi128_si256(j0)]);
    let mask = _mm256_castsi256_si128(mask);
    let mut pair = first_pair(bswap(j0));
    let mut g = Ghash::new();
    g.absorb_padded(k, aad);
    g.flush(k);
    let len = buf.len();
    let (bulk, tail) = buf.split_at_mut(len - len % 256);
    for chunk in bulk.chunks_exact_mut(256) {
        let mut c = [_mm256_setzero_si256(); 8];
        let mut x = [_mm256_setzero_si256(); 8];
        for j in 0..8 {
            // SAFETY: `chunk` has 256 bytes and j < 8.
            c[j] = unsafe { load2(chunk.as_ptr().add(32 * j)) };
            x[j] = bswap2(c[j]);
        }
        x[0] = _mm256_xor_si256(x[0], _mm256_zextsi128_si256(g.acc));
        let mut s = next_counters2::<8>(&mut pair);
        g.acc = stitched16::<NR>(k, &mut s, &x);
        for j in 0..8 {
            // SAFETY: `chunk` has 256 bytes and j < 8.
            unsafe { store2(chunk.as_mut_ptr().add(32 * j), _mm256_xor_si256(c[j], s[j])) };
        }
    }
    let n = tail.len();
    if n > 0 {
        let mut tmp = [0u8; 256];
        tmp[..n].copy_from_slice(tail);
        let blocks = n.div_ceil(16);
        for i in 0..blocks {
            // SAFETY: i < blocks <= 16, so 16 * i + 16 <= 256.
            g.push(k, bswap(unsafe { load(tmp.as_ptr().add(16 * i)) }));
        }
        xor_keystream::<NR>(k, &mut pair, &mut tmp, blocks);
        tail.copy_from_slice(&tmp[..n]);
        crate::wipe::wipe(&mut tmp);
    }
    _mm_xor_si128(g.finish(k, aad.len(), len), mask)
}

impl Drop for Key {
    fn drop(&mut self) {
        self.rk.zeroize();
        self.pw.zeroize();
        self.pk.zeroize();
    }
}
