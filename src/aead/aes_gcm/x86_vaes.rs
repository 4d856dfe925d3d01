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
//! Key expansion, the 128-bit helpers, the GHASH queue and the tail come
//! from [`super::x86_shared`]: its features are a subset of ours, so they
//! inline here with VEX encoding.
#![allow(unsafe_code)]

use super::mode::lengths_block;
use super::x86_shared::{
    self, bswap, copy_small, encrypt_n, expand_key_into, from_bytes, load, mask_first, mul_parts,
    reduce, store, to_bytes, twist_vec, xor3, GhashKey, ZERO,
};
use crate::cpu::VaesAvx2;
use crate::wipe::Held;
use core::arch::x86_64::*;
use zeroize::Zeroize;

/// Round keys and GHASH key powers for the VAES backend, in [`Parts`]
/// order inside `cells`, starting at cell 0 or 1: whichever is on a
/// 32-byte boundary, decided from the current address at each use. The
/// bulk loops read round keys and powers with 32-byte loads, which are
/// slower when they straddle cache lines; a 32-byte aligned type (a
/// `__m256i` field) would avoid that too, but such a heap cell takes
/// glibc's aligned-allocation path, about 30 ns more per key setup here.
/// With `alloc` the key never moves (it is made and filled inside its heap
/// cell), so the offset read at each use is the one `fill` wrote at.
/// Without `alloc` the key lives inline and moves with its owner, and a
/// move to an address 16 bytes off would shift the offset under the
/// written parts: there the key is 32-byte aligned itself (`repr(C)` puts
/// `cells` first after the zero-sized token), so the offset is always 0.
#[repr(C)]
#[cfg_attr(not(feature = "alloc"), repr(align(32)))]
pub(crate) struct Key {
    token: VaesAvx2,
    cells: [__m128i; CELLS],
}

// The no-`alloc` invariant above, checked by that build (`.ci/run`).
#[cfg(not(feature = "alloc"))]
const _: () = assert!(core::mem::align_of::<Key>() == 32);

/// One spare cell for the alignment offset (1008 bytes in all, inside
/// malloc's small-size fast path).
const CELLS: usize = core::mem::size_of::<Parts>() / 16 + 1;

/// The key material, at a 32-byte boundary inside `cells`.
#[repr(C)]
struct Parts {
    /// AES round keys broadcast to both lanes; AES-128 uses the first 11.
    rk: [__m256i; 15],
    /// `pw[i]` = `H^(16-i)·x^-1`, reflected (twisted powers, highest first).
    pw: [__m128i; 16],
    /// `pk[i]`: both qwords = high ⊕ low qword of `pw[i]` (Karatsuba).
    pk: [__m128i; 16],
}

impl Key {
    /// The cell where [`Parts`] starts: 1 if cell 0 is not 32-byte aligned.
    #[inline(always)]
    fn offset(&self) -> usize {
        (self.cells.as_ptr() as usize >> 4) & 1
    }

    #[inline(always)]
    fn parts(&self) -> &Parts {
        // SAFETY: `Parts` is `repr(C)`, made of SIMD vectors (any bit
        // pattern valid) and `CELLS - 1` cells long; offset <= 1, so it lies
        // inside `cells`, at the 32-byte boundary (`cells` is 16-byte
        // aligned, so one of cells 0 and 1 is on one) that its alignment
        // needs.
        unsafe { &*self.cells.as_ptr().add(self.offset()).cast::<Parts>() }
    }

    #[inline(always)]
    fn parts_mut(&mut self) -> &mut Parts {
        let off = self.offset();
        // SAFETY: as in `parts`, and `&mut self` makes the borrow unique.
        unsafe { &mut *self.cells.as_mut_ptr().add(off).cast::<Parts>() }
    }
}

/// An all-zero ymm register, usable without target features.
// SAFETY: every bit pattern, all zeros included, is a valid `__m256i`.
const ZERO2: __m256i = unsafe { core::mem::transmute::<[u128; 2], __m256i>([0; 2]) };

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

x86_shared::ghash_queue!("aes,pclmulqdq,avx,avx2,vaes,vpclmulqdq", 16);

/// Hashes 16 reflected blocks in 8 registers into `acc` at once.
#[inline]
#[target_feature(enable = "aes,pclmulqdq,avx,avx2,vaes,vpclmulqdq")]
fn absorb16(k: &Key, acc: __m128i, x: &[__m256i; 8]) -> __m128i {
    let x0 = _mm256_xor_si256(x[0], _mm256_zextsi128_si256(acc));
    let mut sum = mul_parts2(x0, k.power_pair(0), k.karatsuba_pair(0));
    for (j, v) in x.iter().enumerate().skip(1) {
        sum = xor3_2(sum, mul_parts2(*v, k.power_pair(j), k.karatsuba_pair(j)));
    }
    fold_reduce(sum)
}

impl GhashKey<16> for Key {
    #[inline(always)]
    fn power(&self, e: usize) -> (__m128i, __m128i) {
        let j = 16usize.wrapping_sub(e) & 15;
        (self.parts().pw[j], self.parts().pk[j])
    }

    #[inline(always)]
    fn absorb_aggregate(&self, acc: __m128i, chunk: &[u8]) -> __m128i {
        let mut x = [ZERO2; 8];
        for (v, pair) in x.iter_mut().zip(chunk.chunks_exact(32)) {
            // SAFETY: `pair` has 32 bytes; `self.token` proves the AVX2 that
            // `load2` and `bswap2` use.
            *v = unsafe { bswap2(load2(pair.as_ptr())) };
        }
        // SAFETY: `self.token` proves the features `absorb16` enables.
        unsafe { absorb16(self, acc, &x) }
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

/// Counter blocks (byte order) for one 16-block iteration, advancing
/// `pair` by 16; `low` tracks the low 32 bits of the first counter.
///
/// Fast path: when the low byte of the first counter is at most 240, none
/// of the next 16 increments carries out of byte 15, so register `j` is the
/// first pair in byte order plus `2j` on byte 15 (`2j << 24` on the last
/// dword of each lane): one `vpaddd` each instead of an add and a byte
/// swap. Otherwise (once every 16 iterations at most) the general path.
#[inline]
#[target_feature(enable = "aes,pclmulqdq,avx,avx2,vaes,vpclmulqdq")]
fn counters16(pair: &mut __m256i, low: &mut u32) -> [__m256i; 8] {
    let out = if *low & 0xff <= 240 {
        let first = bswap2(*pair);
        let step = |j: i32| _mm256_set_epi32(j << 25, 0, 0, 0, j << 25, 0, 0, 0);
        let out = [
            first,
            _mm256_add_epi32(first, step(1)),
            _mm256_add_epi32(first, step(2)),
            _mm256_add_epi32(first, step(3)),
            _mm256_add_epi32(first, step(4)),
            _mm256_add_epi32(first, step(5)),
            _mm256_add_epi32(first, step(6)),
            _mm256_add_epi32(first, step(7)),
        ];
        *pair = _mm256_add_epi32(*pair, _mm256_set_epi32(0, 0, 0, 16, 0, 0, 0, 16));
        out
    } else {
        next_counters2::<8>(pair)
    };
    *low = low.wrapping_add(16);
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
        unsafe { load2(self.parts().pw.as_ptr().add(2 * j).cast()) }
    }

    /// Karatsuba halves matching [`power_pair`](Self::power_pair).
    #[inline(always)]
    fn karatsuba_pair(&self, j: usize) -> __m256i {
        let j = j & 7;
        // SAFETY: j < 8, so entries 2j and 2j + 1 (32 bytes) are inside `pk`.
        unsafe { load2(self.parts().pk.as_ptr().add(2 * j).cast()) }
    }

    /// An all-zero key for `token`: made before any secret exists, then
    /// filled in place by [`fill`](Self::fill) (without `alloc`; with it,
    /// `zeroed_held` makes it on the heap).
    #[cfg(not(feature = "alloc"))]
    #[inline(always)]
    fn zeroed(token: VaesAvx2) -> Self {
        Key {
            token,
            cells: [ZERO; CELLS],
        }
    }

    /// An all-zero key for `token`, made directly in its heap cell (with
    /// `alloc`) before any secret exists, then filled in place by
    /// [`fill`](Self::fill): `Box::new` of the zeroed value still builds
    /// and clears a stack temporary first (about 1 KiB of stores per key
    /// setup).
    #[inline(always)]
    pub(crate) fn zeroed_held(token: VaesAvx2) -> Held<Self> {
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

    /// Expands `key` (16 or 32 bytes) and precomputes `H^1..H^16`, storing
    /// straight into `self` (the key's heap cell): no copy of the key
    /// object is ever made.
    #[inline(always)]
    pub(crate) fn fill(&mut self, key: &[u8]) {
        // SAFETY: the `VaesAvx2` token exists only after `cpu::vaes_avx2()`
        // detected aes, pclmulqdq, avx, avx2 (cpufeatures) and VAES and
        // VPCLMULQDQ (CPUID), the features `setup` enables.
        unsafe { setup(self, key) }
    }
}

x86_shared::entry_points!(Key);

/// [`mul_reduce`](super::x86_aesni::mul_reduce) on both lanes: `a·b`
/// reduced, shortest latency, for key setup.
#[inline]
#[target_feature(enable = "aes,pclmulqdq,avx,avx2,vaes,vpclmulqdq")]
fn mul_reduce2(a: __m256i, b: __m256i) -> __m256i {
    let lo = _mm256_clmulepi64_epi128::<0x00>(a, b);
    let hi = _mm256_clmulepi64_epi128::<0x11>(a, b);
    let mid = _mm256_xor_si256(
        _mm256_clmulepi64_epi128::<0x01>(a, b),
        _mm256_clmulepi64_epi128::<0x10>(a, b),
    );
    let c = 0xC200_0000_0000_0000u64 as i64;
    let poly = _mm256_set_epi64x(c, 0, c, 0);
    let t = _mm256_clmulepi64_epi128::<0x10>(lo, poly);
    let w_lo = _mm256_xor_si256(lo, _mm256_slli_si256::<8>(mid));
    let w_hi = _mm256_xor_si256(hi, _mm256_srli_si256::<8>(mid));
    let a = _mm256_xor_si256(_mm256_shuffle_epi32::<0x4E>(w_lo), t);
    let b = _mm256_xor_si256(
        _mm256_shuffle_epi32::<0x4E>(a),
        _mm256_clmulepi64_epi128::<0x10>(a, poly),
    );
    _mm256_xor_si256(w_hi, b)
}

/// Fills `k` in place: round keys, `H` twisted, its powers highest first
/// and their Karatsuba halves.
#[target_feature(enable = "aes,pclmulqdq,avx,avx2,vaes,vpclmulqdq")]
fn setup(k: &mut Key, key: &[u8]) {
    let k = k.parts_mut();
    // 128-bit round keys for the single-block `H = E(K, 0)`; like `q`
    // below, kept in registers, and any spill dies in the caller's scrub.
    let mut rk128 = [_mm_setzero_si128(); 15];
    expand_key_into(key, &mut rk128);
    let [e] = if key.len() == 16 {
        encrypt_n::<1, 10>(&rk128, [_mm_setzero_si128()])
    } else {
        encrypt_n::<1, 14>(&rk128, [_mm_setzero_si128()])
    };
    for (d, s) in k.rk.iter_mut().zip(&rk128) {
        *d = _mm256_broadcastsi128_si256(*s);
    }
    let h1 = twist_vec(bswap(e));
    let kara = |h: __m256i| _mm256_xor_si256(h, _mm256_shuffle_epi32::<0x4E>(h));
    // Ascending pairs q[m] = (H^(2m+1), H^(2m+2)), two products per
    // multiply, by a tree of depth four: H^2; H^3..4; H^5..8; H^9..16. The
    // broadcast powers H^4 and H^8 are squared alongside each level rather
    // than extracted from its result, which would add a lane permute to
    // the critical path.
    let b1 = _mm256_broadcastsi128_si256(h1);
    let b2 = mul_reduce2(b1, b1);
    let mut q = [_mm256_setzero_si256(); 8];
    q[0] = _mm256_blend_epi32::<0xF0>(b1, b2);
    q[1] = mul_reduce2(b2, q[0]);
    let b4 = mul_reduce2(b2, b2);
    q[2] = mul_reduce2(b4, q[0]);
    q[3] = mul_reduce2(b4, q[1]);
    let b8 = mul_reduce2(b4, b4);
    for m in 0..4 {
        q[4 + m] = mul_reduce2(b8, q[m]);
    }
    // Highest first: pw[2j] = H^(16-2j), pw[2j+1] = H^(15-2j).
    for (j, v) in q.iter().rev().enumerate() {
        let kv = kara(*v);
        k.pw[2 * j] = _mm256_extracti128_si256::<1>(*v);
        k.pw[2 * j + 1] = _mm256_castsi256_si128(*v);
        k.pk[2 * j] = _mm256_extracti128_si256::<1>(kv);
        k.pk[2 * j + 1] = _mm256_castsi256_si128(kv);
    }
    // `q` lives in registers (a `zeroize` here would force it into the
    // frame just to clear it); spills, if any, die in the caller's scrub.
}

#[target_feature(enable = "aes,pclmulqdq,avx,avx2,vaes,vpclmulqdq")]
fn j0_impl(k: &Key, nonce: &[u8]) -> __m128i {
    let mut g = Ghash::new();
    g.absorb_padded(k, nonce);
    g.finish(k, 0, nonce.len())
}

/// One AES round on 8 registers.
#[inline]
#[target_feature(enable = "aes,pclmulqdq,avx,avx2,vaes,vpclmulqdq")]
fn round8(s: &mut [__m256i; 8], rk: __m256i) {
    for v in s.iter_mut() {
        *v = _mm256_aesenc_epi128(*v, rk);
    }
}

/// Adds the products of register `j` of a 16-block aggregate to `sum`.
#[inline]
#[target_feature(enable = "aes,pclmulqdq,avx,avx2,vaes,vpclmulqdq")]
fn product(sum: &mut [__m256i; 3], k: &Key, x: __m256i, j: usize) {
    *sum = xor3_2(*sum, mul_parts2(x, k.power_pair(j), k.karatsuba_pair(j)));
}

/// One 16-block step of the bulk loops: AES rounds on `$s` (8 registers of
/// counter blocks) with, between them, the GHASH products of the 256
/// ciphertext bytes at `$ct` (the accumulator `$acc` folded into the first
/// block), then the lane fold and the reduction; evaluates to the new
/// accumulator.
///
/// The ciphertext is read from memory inside each product rather than held
/// in registers, so only the 8 AES states and 3 sums stay live across the
/// rounds (16 ymm registers in all). A macro, not a function: LLVM declined
/// to inline the function into both bulk loops, and the call spilled
/// every register.
///
/// Safety: `$ct` must be valid for reading 256 bytes.
macro_rules! stitched16 {
    ($nr:ident, $k:expr, $s:expr, $ct:expr, $acc:expr) => {{
        let (k, s, ct): (&Key, &mut [__m256i; 8], *const u8) = ($k, $s, $ct);
        // An opaque key reference per iteration: without it LLVM hoists all
        // round keys into registers for the whole loop, which leaves too few
        // registers for 8 states and makes it run the 14 rounds of each
        // register back to back (8 long dependency chains) instead of
        // round by round across all 8.
        let k: &Key = core::hint::black_box(k);
        // SAFETY: the macro's caller guarantees 256 readable bytes at `ct`;
        // every load below is at `ct + 32 * j` with j < 8.
        let x = |j: usize| bswap2(unsafe { load2(ct.add(32 * (j & 7))) });
        for v in s.iter_mut() {
            *v = _mm256_xor_si256(*v, k.parts().rk[0]);
        }
        let mut sum = [_mm256_setzero_si256(); 3];
        round8(s, k.parts().rk[1]);
        product(
            &mut sum,
            k,
            _mm256_xor_si256(x(0), _mm256_zextsi128_si256($acc)),
            0,
        );
        round8(s, k.parts().rk[2]);
        product(&mut sum, k, x(1), 1);
        round8(s, k.parts().rk[3]);
        product(&mut sum, k, x(2), 2);
        round8(s, k.parts().rk[4]);
        product(&mut sum, k, x(3), 3);
        round8(s, k.parts().rk[5]);
        product(&mut sum, k, x(4), 4);
        round8(s, k.parts().rk[6]);
        product(&mut sum, k, x(5), 5);
        round8(s, k.parts().rk[7]);
        product(&mut sum, k, x(6), 6);
        round8(s, k.parts().rk[8]);
        product(&mut sum, k, x(7), 7);
        round8(s, k.parts().rk[9]);
        let acc = fold_reduce(sum);
        for r in 10..$nr {
            round8(s, k.parts().rk[r]);
        }
        for v in s.iter_mut() {
            *v = _mm256_aesenclast_epi128(*v, k.parts().rk[$nr]);
        }
        acc
    }};
}

/// `p[32j..32j+32] ^= ks[j]` for the 8 registers: 256 bytes at `p`.
///
/// # Safety
/// `p` must be valid for reading and writing 256 bytes.
#[inline]
#[target_feature(enable = "aes,pclmulqdq,avx,avx2,vaes,vpclmulqdq")]
unsafe fn xor_store(p: *mut u8, ks: &[__m256i; 8]) {
    for (j, v) in ks.iter().enumerate() {
        // SAFETY: the caller guarantees 256 bytes at `p`; j < 8.
        unsafe {
            let q = p.add(32 * j);
            store2(q, _mm256_xor_si256(load2(q), *v));
        }
    }
}

/// Encrypts (`SEAL`) or decrypts the last `tail.len() < 256` bytes in
/// place and queues their ciphertext blocks, zero-padded, for GHASH.
/// Keystream for 2, 4, 8 or 16 blocks; whole blocks are read and written
/// in place, only a final partial block goes through a 16-byte buffer.
#[inline]
#[target_feature(enable = "aes,pclmulqdq,avx,avx2,vaes,vpclmulqdq")]
fn crypt_tail<const NR: usize, const SEAL: bool>(
    k: &Key,
    g: &mut Ghash,
    pair: &mut __m256i,
    tail: &mut [u8],
) {
    let n = tail.len();
    if n == 0 {
        return;
    }
    let mut ks = [ZERO; 16];
    macro_rules! width {
        ($w:literal) => {{
            let v = encrypt2_n::<$w, NR>(&k.parts().rk, next_counters2::<$w>(pair));
            for (j, x) in v.iter().enumerate() {
                ks[2 * j] = _mm256_castsi256_si128(*x);
                ks[2 * j + 1] = _mm256_extracti128_si256::<1>(*x);
            }
        }};
    }
    match n.div_ceil(16) {
        0..=2 => width!(1),
        3..=4 => width!(2),
        5..=8 => width!(4),
        _ => width!(8),
    }
    xor_tail::<16, SEAL, Key>(k, g, tail, &ks);
    ks.zeroize();
}

#[target_feature(enable = "aes,pclmulqdq,avx,avx2,vaes,vpclmulqdq")]
fn seal_impl<const NR: usize>(k: &Key, j0: &[u8; 16], aad: &[u8], buf: &mut [u8]) -> __m128i {
    let j0 = from_bytes(j0);
    let [mask] = encrypt2_n::<1, NR>(&k.parts().rk, [_mm256_zextsi128_si256(j0)]);
    let mask = _mm256_castsi256_si128(mask);
    let mut pair = first_pair(bswap(j0));
    let mut low = _mm_extract_epi32::<0>(bswap(j0)) as u32;
    low = low.wrapping_add(1);
    let mut g = Ghash::new();
    if !aad.is_empty() {
        g.absorb_padded(k, aad);
    }
    let len = buf.len();
    let (bulk, tail) = buf.split_at_mut(len - len % 256);
    let chunks = bulk.len() / 256;
    if chunks > 0 {
        g.flush(k);
        let base = bulk.as_mut_ptr();
        // The first 16 blocks have no previous ciphertext to hash alongside.
        let ks = encrypt2_n::<8, NR>(&k.parts().rk, counters16(&mut pair, &mut low));
        // SAFETY: chunks > 0, so the first 256 bytes at `base` are in `bulk`.
        unsafe { xor_store(base, &ks) };
        for i in 1..chunks {
            let mut s = counters16(&mut pair, &mut low);
            // SAFETY: i < chunks, so chunk i - 1 (256 bytes at
            // 256 * (i - 1)) lies inside `bulk`.
            g.acc = stitched16!(NR, k, &mut s, unsafe { base.add(256 * (i - 1)) }, g.acc);
            // SAFETY: i < chunks, so chunk i (256 bytes at 256 * i) is in `bulk`.
            unsafe { xor_store(base.add(256 * i), &s) };
        }
        let mut last = [_mm256_setzero_si256(); 8];
        for (j, v) in last.iter_mut().enumerate() {
            // SAFETY: the last chunk (256 bytes at 256 * (chunks - 1)) is in `bulk`.
            *v = bswap2(unsafe { load2(base.add(256 * (chunks - 1) + 32 * j)) });
        }
        g.acc = absorb16(k, g.acc, &last);
    }
    crypt_tail::<NR, true>(k, &mut g, &mut pair, tail);
    _mm_xor_si128(g.finish(k, aad.len(), len), mask)
}

#[target_feature(enable = "aes,pclmulqdq,avx,avx2,vaes,vpclmulqdq")]
fn open_impl<const NR: usize>(k: &Key, j0: &[u8; 16], aad: &[u8], buf: &mut [u8]) -> __m128i {
    let j0 = from_bytes(j0);
    let [mask] = encrypt2_n::<1, NR>(&k.parts().rk, [_mm256_zextsi128_si256(j0)]);
    let mask = _mm256_castsi256_si128(mask);
    let mut pair = first_pair(bswap(j0));
    let mut low = _mm_extract_epi32::<0>(bswap(j0)) as u32;
    low = low.wrapping_add(1);
    let mut g = Ghash::new();
    if !aad.is_empty() {
        g.absorb_padded(k, aad);
    }
    g.flush(k);
    let len = buf.len();
    let (bulk, tail) = buf.split_at_mut(len - len % 256);
    let base = bulk.as_mut_ptr();
    for i in 0..bulk.len() / 256 {
        // SAFETY: i < bulk.len() / 256, so the 256 bytes at 256 * i are in `bulk`.
        let p = unsafe { base.add(256 * i) };
        let mut s = counters16(&mut pair, &mut low);
        g.acc = stitched16!(NR, k, &mut s, p, g.acc);
        // SAFETY: `p` points to 256 bytes of `bulk` (above).
        unsafe { xor_store(p, &s) };
    }
    crypt_tail::<NR, false>(k, &mut g, &mut pair, tail);
    _mm_xor_si128(g.finish(k, aad.len(), len), mask)
}

x86_shared::wipe_on_drop!(Key: cells);

#[cfg(test)]
mod tests {
    use super::*;
    use std::vec::Vec;

    /// Every byte of the key object after `zeroize` (the token is a ZST).
    fn bytes(k: &Key) -> Vec<u8> {
        let mut out = Vec::new();
        for v in &k.cells {
            out.extend_from_slice(&to_bytes(*v));
        }
        out
    }

    #[test]
    fn zeroize_wipes_round_keys_and_powers() {
        let Some(token) = crate::cpu::vaes_avx2() else {
            return; // backend not available on this CPU
        };
        let mut k = Key::zeroed_held(token);
        k.fill(&[0x5a; 32]);
        assert!(bytes(&k).iter().any(|&b| b != 0));
        k.zeroize();
        assert!(bytes(&k).iter().all(|&b| b == 0));
    }
}
