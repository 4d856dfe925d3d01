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

/// An all-zero register, usable without target features (for building
/// keys in place before the `#[target_feature]` code fills them).
// SAFETY: every bit pattern, all zeros included, is a valid `__m128i`.
pub(super) const ZERO: __m128i = unsafe { core::mem::transmute::<u128, __m128i>(0) };

/// Copies `src` into `dst` (equal lengths below 16) with fixed-size moves
/// of 8, 4, 2 and 1 bytes, so a partial block needs no `memcpy` call.
#[inline(always)]
pub(super) fn copy_small(dst: &mut [u8], src: &[u8]) {
    let (mut d, mut s) = (dst, src);
    for n in [8usize, 4, 2, 1] {
        if s.len() & n != 0 {
            match (
                core::mem::take(&mut d).split_at_mut_checked(n),
                s.split_at_checked(n),
            ) {
                (Some((d0, d1)), Some((s0, s1))) => {
                    d0.copy_from_slice(s0);
                    (d, s) = (d1, s1);
                }
                _ => return,
            }
        }
    }
}

/// A register whose first `r` bytes (r <= 16) are 0xFF and the rest zero:
/// zero-pads a partial ciphertext block for GHASH without a loop.
#[inline]
#[target_feature(enable = "aes,pclmulqdq,sse2,ssse3,sse4.1")]
pub(super) fn mask_first(r: usize) -> __m128i {
    let iota = _mm_set_epi8(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
    _mm_cmpgt_epi8(_mm_set1_epi8(r.min(16) as i8), iota)
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

/// FIPS 197 §5.2 key expansion for a 16- or 32-byte key, into `rk`.
///
/// SubWord comes from `aesenclast` on a register whose four columns are
/// all the same word: ShiftRows then moves nothing, so the result is
/// `SubWord(w) ^ key` in every column, with `rcon` supplied as the key.
/// (`aeskeygenassist` does the same job but has a longer latency on
/// recent cores, and the schedule is one long dependency chain.)
#[inline]
#[target_feature(enable = "aes,pclmulqdq,sse2,ssse3,sse4.1")]
pub(super) fn expand_key_into(key: &[u8], rk: &mut [__m128i; 15]) {
    // Callers pass 16 or 32 bytes; anything else yields zero halves rather
    // than a panic.
    let half = |r: core::ops::Range<usize>| {
        key.get(r)
            .and_then(|b| <&[u8; 16]>::try_from(b).ok())
            .map_or(_mm_setzero_si128(), from_bytes)
    };
    let (k0, k1) = (half(0..16), half(16..32));
    // Byte shuffles that broadcast word 3 rotated (RotWord) or as is.
    let rot_w3 = _mm_set_epi8(
        12, 15, 14, 13, 12, 15, 14, 13, 12, 15, 14, 13, 12, 15, 14, 13,
    );
    let w3 = _mm_set_epi8(
        15, 14, 13, 12, 15, 14, 13, 12, 15, 14, 13, 12, 15, 14, 13, 12,
    );
    // prefix_xor(prev) ^ SubWord(RotWord(w3 of src)) ^ rcon
    let with_rot = |prev: __m128i, src: __m128i, rcon: i32| {
        let t = _mm_aesenclast_si128(_mm_shuffle_epi8(src, rot_w3), _mm_set1_epi32(rcon));
        _mm_xor_si128(prefix_xor(prev), t)
    };
    // prefix_xor(prev) ^ SubWord(w3 of src)  (AES-256 odd rows)
    let no_rot = |prev: __m128i, src: __m128i| {
        let t = _mm_aesenclast_si128(_mm_shuffle_epi8(src, w3), _mm_setzero_si128());
        _mm_xor_si128(prefix_xor(prev), t)
    };
    if key.len() == 16 {
        rk[0] = k0;
        for (i, rcon) in [1, 2, 4, 8, 16, 32, 64, 128, 27, 54]
            .into_iter()
            .enumerate()
        {
            rk[i + 1] = with_rot(rk[i], rk[i], rcon);
        }
    } else {
        rk[0] = k0;
        rk[1] = k1;
        for (i, rcon) in [1, 2, 4, 8, 16, 32, 64].into_iter().enumerate() {
            let even = 2 * i + 2;
            rk[even] = with_rot(rk[even - 2], rk[even - 1], rcon);
            if even + 1 < 15 {
                rk[even + 1] = no_rot(rk[even - 1], rk[even]);
            }
        }
    }
}

/// `rev(H)·x^-1 mod P` on a register (see `ghash_soft::twist`): a 128-bit
/// left shift by one, plus the reflected polynomial when bit 127 was set.
#[inline]
#[target_feature(enable = "aes,pclmulqdq,sse2,ssse3,sse4.1")]
pub(super) fn twist_vec(h: __m128i) -> __m128i {
    let carries = _mm_slli_si128::<8>(_mm_srli_epi64::<63>(h));
    let shifted = _mm_or_si128(_mm_slli_epi64::<1>(h), carries);
    let top = _mm_shuffle_epi32::<0xFF>(_mm_srai_epi32::<31>(h));
    let poly = _mm_set_epi64x(0xC200_0000_0000_0000u64 as i64, 1);
    _mm_xor_si128(shifted, _mm_and_si128(top, poly))
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

/// `a·b` reduced, for key setup, where the latency of each product is on the
/// critical path: the four schoolbook products need no Karatsuba pre-shuffle,
/// and the first reduction multiply starts from `lo` alone (the low qword of
/// `lo ^ mid<<64` is the low qword of `lo`). Same result as
/// `reduce(mul_parts(a, b, ..))`.
#[inline]
#[target_feature(enable = "aes,pclmulqdq,sse2,ssse3,sse4.1")]
pub(super) fn mul_reduce(a: __m128i, b: __m128i) -> __m128i {
    let lo = _mm_clmulepi64_si128::<0x00>(a, b);
    let hi = _mm_clmulepi64_si128::<0x11>(a, b);
    let mid = _mm_xor_si128(
        _mm_clmulepi64_si128::<0x01>(a, b),
        _mm_clmulepi64_si128::<0x10>(a, b),
    );
    let poly = _mm_set_epi64x(0xC200_0000_0000_0000u64 as i64, 0);
    let t = _mm_clmulepi64_si128::<0x10>(lo, poly);
    let w_lo = _mm_xor_si128(lo, _mm_slli_si128::<8>(mid));
    let w_hi = _mm_xor_si128(hi, _mm_srli_si128::<8>(mid));
    let a = _mm_xor_si128(_mm_shuffle_epi32::<0x4E>(w_lo), t);
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
        for (i, x) in b.iter().enumerate().skip(1) {
            sum = xor3(sum, mul_parts(*x, k.h[7 - i], k.hk[7 - i]));
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

    /// Expands `key` (16 or 32 bytes), precomputes `H^1..H^8` and hands
    /// the key to `place`, which puts it where it will live (see
    /// `Gcm::new_then` for why the key is not simply returned).
    #[inline(always)]
    pub(crate) fn build<R>(token: AesClmul, key: &[u8], place: impl FnOnce(Self) -> R) -> R {
        // SAFETY: the `AesClmul` token exists only after `cpu::aes_clmul()`
        // detected aes, pclmulqdq, sse2, ssse3 and sse4.1, the features
        // `setup` enables.
        unsafe { setup(token, key, place) }
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

/// Builds the key (round keys, `H` twisted, its powers and their Karatsuba
/// halves) in registers and passes it to `place`; inlined there, the
/// stores go straight to the key's final home.
#[target_feature(enable = "aes,pclmulqdq,sse2,ssse3,sse4.1")]
fn setup<R>(token: AesClmul, key: &[u8], place: impl FnOnce(Key) -> R) -> R {
    let mut rk = [_mm_setzero_si128(); 15];
    expand_key_into(key, &mut rk);
    let [e] = if key.len() == 16 {
        encrypt_n::<1, 10>(&rk, [_mm_setzero_si128()])
    } else {
        encrypt_n::<1, 14>(&rk, [_mm_setzero_si128()])
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
    let pk = p.map(karatsuba);
    place(Key {
        token,
        rk,
        h: p,
        hk: pk,
    })
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
    let mut chunks = tail.chunks_exact_mut(16);
    let mut i = 0;
    for c in &mut chunks {
        // SAFETY: `c` has 16 bytes.
        let d = unsafe { load(c.as_ptr()) };
        let x = _mm_xor_si128(d, ks[i & 7]);
        // SAFETY: `c` has 16 bytes.
        unsafe { store(c.as_mut_ptr(), x) };
        g.push(k, bswap(if SEAL { x } else { d }));
        i += 1;
    }
    let rest = chunks.into_remainder();
    let r = rest.len();
    if r > 0 {
        let mut b = [0u8; 16];
        copy_small(&mut b[..r], rest);
        let d = from_bytes(&b);
        // GHASH pads the ciphertext with zeros, not with keystream.
        let x = _mm_and_si128(_mm_xor_si128(d, ks[i & 7]), mask_first(r));
        let mut out = to_bytes(x);
        copy_small(rest, &out[..r]);
        g.push(k, bswap(if SEAL { x } else { d }));
        crate::wipe::wipe(&mut b);
        crate::wipe::wipe(&mut out);
    }
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
        g.absorb8(k, &prev);
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

impl Zeroize for Key {
    fn zeroize(&mut self) {
        self.rk.zeroize();
        self.h.zeroize();
        self.hk.zeroize();
    }
}

impl Drop for Key {
    fn drop(&mut self) {
        self.zeroize();
    }
}

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
        let mut k = Key::build(token, &[0x5a; 32], |k| k);
        assert!(bytes(&k).iter().any(|&b| b != 0));
        k.zeroize();
        assert!(bytes(&k).iter().all(|&b| b == 0));
    }
}
