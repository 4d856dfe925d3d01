//! What both x86-64 GCM backends share, on 128-bit registers with AES-NI
//! and PCLMULQDQ: loads and byte order, the AES key schedule and block
//! encryption, the GHASH multiply and reduction, the GHASH queue that
//! aggregates up to `N` blocks per reduction, and the tail that XORs a
//! keystream onto the last partial aggregate. The stitched bulk loops stay
//! in [`super::x86_aesni`] (8 blocks) and [`super::x86_vaes`] (16 blocks).
//!
//! Every function that uses the instructions carries
//! `#[target_feature(enable = "aes,pclmulqdq,sse2,ssse3,sse4.1")]`, a
//! subset of both backends' features, so they inline into either (with VEX
//! encoding in the VAES one); they are reached only from code holding an
//! [`AesClmul`](crate::cpu::AesClmul) or [`VaesAvx2`](crate::cpu::VaesAvx2)
//! token.
#![allow(unsafe_code)]

use core::arch::x86_64::*;
use core::sync::atomic::{AtomicU8, Ordering};

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

/// Whether a key's high GHASH powers (those only messages longer than the
/// eagerly computed powers cover need) are in the key yet: computed once,
/// by the first message that needs them, and published.
///
/// A thread that finds them absent claims the computation (`EMPTY` to
/// `BUSY`), writes them into the key and publishes them (`READY`, Release);
/// readers that see `READY` (Acquire) may read them. A thread that finds
/// them `BUSY` does not wait: it computes the same powers for its own
/// message on its stack. Nothing spins, and nothing needs `std`.
pub(super) struct LazyPowers(AtomicU8);

const EMPTY: u8 = 0;
const BUSY: u8 = 1;
const READY: u8 = 2;

impl LazyPowers {
    // (Used where a key is built by value: the builds without `alloc`.)
    #[allow(dead_code)]
    pub(super) const fn new() -> Self {
        Self(AtomicU8::new(EMPTY))
    }

    /// The high powers are in the key and may be read.
    #[inline(always)]
    pub(super) fn ready(&self) -> bool {
        self.0.load(Ordering::Acquire) == READY
    }

    /// True if this thread may write the high powers into the key (then it
    /// must [`publish`](Self::publish) them).
    #[inline(always)]
    pub(super) fn claim(&self) -> bool {
        self.0
            .compare_exchange(EMPTY, BUSY, Ordering::Acquire, Ordering::Relaxed)
            .is_ok()
    }

    /// The claimed powers are written: readers may use them from now on.
    #[inline(always)]
    pub(super) fn publish(&self) {
        self.0.store(READY, Ordering::Release);
    }

    /// Back to `EMPTY` (the key's powers were wiped).
    #[inline(always)]
    pub(super) fn reset(&mut self) {
        *self.0.get_mut() = EMPTY;
    }
}

/// The number of GHASH blocks of a message: AAD and text, each zero-padded
/// to whole blocks, and the lengths block.
#[inline(always)]
pub(super) fn ghash_blocks(aad_len: usize, text_len: usize) -> usize {
    aad_len
        .div_ceil(16)
        .saturating_add(text_len.div_ceil(16))
        .saturating_add(1)
}

/// A backend's GHASH key: the powers of `H` an `N`-block aggregate needs,
/// and its own (wider) way of hashing one full aggregate.
pub(super) trait GhashKey<const N: usize> {
    /// `H^e·x^-1` and its Karatsuba half, for `1 <= e <= capacity()`.
    fn power(&self, e: usize) -> (__m128i, __m128i);
    /// The highest power available: `N`, or fewer while the key's high
    /// powers are not computed (short messages need only the low ones).
    #[inline(always)]
    fn capacity(&self) -> usize {
        N
    }
    /// `acc = (acc ⊕ b0)·H^N ⊕ … ⊕ b(N-1)·H` for the `16·N` bytes of
    /// `chunk`, big-endian blocks; only when `capacity() == N`.
    fn absorb_aggregate(&self, acc: __m128i, chunk: &[u8]) -> __m128i;
}

/// Defines, in the invoking backend, its GHASH queue `Ghash` (up to `$n`
/// blocks per reduction) and `xor_tail`, compiled with the backend's own
/// `$features`: instantiated in a function with fewer features, the
/// backend's wider helpers (`absorb_aggregate`) could not inline and the
/// queue would lose the VEX encoding of the VAES backend.
///
/// The invoking module must have in scope `GhashKey`, `bswap`, `copy_small`,
/// `from_bytes`, `lengths_block`, `load`, `mask_first`, `mul_parts`,
/// `reduce`, `store`, `to_bytes` and `xor3`.
macro_rules! ghash_queue {
    ($features:literal, $n:literal) => {
        /// GHASH state: the reduced accumulator and up to `N` blocks not yet
        /// multiplied in, which are later aggregated with one reduction.
        struct Ghash {
            acc: __m128i,
            pending: [__m128i; $n],
            n: usize,
        }

        impl Ghash {
            #[inline]
            #[target_feature(enable = $features)]
            fn new() -> Self {
                Self {
                    acc: _mm_setzero_si128(),
                    pending: [_mm_setzero_si128(); $n],
                    n: 0,
                }
            }

            /// `acc = (acc ⊕ b0)·H^n ⊕ b1·H^(n-1) ⊕ … ⊕ b(n-1)·H`, one reduction.
            #[inline]
            #[target_feature(enable = $features)]
            fn flush<K: GhashKey<$n>>(&mut self, k: &K) {
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
                    let (h, hk) = k.power(n - i);
                    sum = xor3(sum, mul_parts(x, h, hk));
                }
                self.acc = reduce(sum);
                self.n = 0;
            }

            /// Queues one reflected block.
            #[inline]
            #[target_feature(enable = $features)]
            fn push<K: GhashKey<$n>>(&mut self, k: &K, block: __m128i) {
                if self.n >= k.capacity() {
                    self.flush(k);
                }
                if let Some(slot) = self.pending.get_mut(self.n) {
                    *slot = block;
                    self.n += 1;
                }
            }

            /// Absorbs `data` zero-padded to whole blocks.
            #[inline]
            #[target_feature(enable = $features)]
            fn absorb_padded<K: GhashKey<$n>>(&mut self, k: &K, data: &[u8]) {
                let mut chunks = data.chunks_exact(16 * $n);
                let whole = self.n == 0 && k.capacity() == $n;
                if whole {
                    for chunk in &mut chunks {
                        self.acc = k.absorb_aggregate(self.acc, chunk);
                    }
                }
                let rest = if whole { chunks.remainder() } else { data };
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
            #[target_feature(enable = $features)]
            fn finish<K: GhashKey<$n>>(
                mut self,
                k: &K,
                aad_len: usize,
                text_len: usize,
            ) -> __m128i {
                self.push(k, bswap(from_bytes(&lengths_block(aad_len, text_len))));
                self.flush(k);
                bswap(self.acc)
            }
        }

        /// Encrypts (`SEAL`) or decrypts `tail` (at most `16·M` bytes) in place
        /// with the keystream blocks `ks` and queues its ciphertext blocks,
        /// zero-padded, for GHASH. Whole blocks are read and written in place;
        /// only a final partial block goes through a 16-byte buffer.
        #[inline]
        #[target_feature(enable = $features)]
        fn xor_tail<const M: usize, const SEAL: bool, K: GhashKey<$n>>(
            k: &K,
            g: &mut Ghash,
            tail: &mut [u8],
            ks: &[__m128i; M],
        ) {
            let mut chunks = tail.chunks_exact_mut(16);
            let mut i = 0;
            for c in &mut chunks {
                // SAFETY: `c` has 16 bytes.
                let d = unsafe { load(c.as_ptr()) };
                let x = _mm_xor_si128(d, ks[i % M]);
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
                let x = _mm_and_si128(_mm_xor_si128(d, ks[i % M]), mask_first(r));
                let mut out = to_bytes(x);
                copy_small(rest, &out[..r]);
                g.push(k, bswap(if SEAL { x } else { d }));
                crate::wipe::wipe(&mut b);
                crate::wipe::wipe(&mut out);
            }
        }
    };
}
pub(super) use ghash_queue;

/// The safe entry points of a backend's `Key` (`j0_from_nonce`, `seal`,
/// `open`), which call the backend's `#[target_feature]` functions
/// `j0_impl`, `seal_impl` and `open_impl`. Every `Key` holds the proof
/// token of its backend, made only after the CPU was found to support
/// exactly the features those functions enable.
///
/// They first make sure the key's GHASH powers suffice for the message
/// (`Key::with_powers`: the high powers are computed once, by the first
/// message that needs them, see [`LazyPowers`]): here rather than in the
/// `_impl` functions, where the possible call cost about 20 ns on a
/// 16-byte message (LLVM no longer overlapped J0's encryption with the
/// tail's). The `_impl` functions then read every power from the key.
macro_rules! entry_points {
    ($key:ident) => {
        impl $key {
            /// J0 for a nonce that is not 96 bits long.
            pub(crate) fn j0_from_nonce(&self, nonce: &[u8]) -> [u8; 16] {
                self.with_powers(ghash_blocks(0, nonce.len()), |k| {
                    // SAFETY: `k.token` proves the features `j0_impl` enables.
                    to_bytes(unsafe { j0_impl(k, nonce) })
                })
            }

            /// Encrypts `buf` in place; returns the full tag.
            #[inline]
            pub(crate) fn seal<const NR: usize>(
                &self,
                j0: &[u8; 16],
                aad: &[u8],
                buf: &mut [u8],
            ) -> [u8; 16] {
                self.with_powers(ghash_blocks(aad.len(), buf.len()), |k| {
                    // SAFETY: `k.token` proves the features `seal_impl` enables.
                    to_bytes(unsafe { seal_impl::<NR>(k, j0, aad, buf) })
                })
            }

            /// Decrypts `buf` in place and returns the full tag of the
            /// ciphertext; the caller compares it and wipes `buf` on mismatch.
            #[inline]
            pub(crate) fn open<const NR: usize>(
                &self,
                j0: &[u8; 16],
                aad: &[u8],
                buf: &mut [u8],
            ) -> [u8; 16] {
                self.with_powers(ghash_blocks(aad.len(), buf.len()), |k| {
                    // SAFETY: `k.token` proves the features `open_impl` enables.
                    to_bytes(unsafe { open_impl::<NR>(k, j0, aad, buf) })
                })
            }
        }
    };
}
pub(super) use entry_points;
