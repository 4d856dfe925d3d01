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
    self, bswap, copy_small, encrypt_n, expand_key_into, from_bytes, ghash_blocks, load,
    mask_first, mul_parts, reduce, store, to_bytes, twist_vec, xor3, GhashKey, LazyPowers, ZERO,
};
use crate::cpu::VaesAvx2;
use crate::wipe::Held;
use core::arch::x86_64::*;
use core::cell::UnsafeCell;
use core::mem::MaybeUninit;
use zeroize::Zeroize;

/// Round keys and GHASH key powers for the VAES backend, laid out (see
/// [`PW`], [`PK`], [`RK`]) inside `cells` from cell 0 or 1: whichever is on
/// a 32-byte boundary, decided from the current address at each use. The
/// bulk loops read powers with 32-byte loads, which are slower when they
/// straddle cache lines; a 32-byte aligned type (a `__m256i` field) would
/// avoid that too, but such a heap cell takes glibc's aligned-allocation
/// path, about 30 ns more per key setup here. With `alloc` the key never
/// moves (it is made and filled inside its heap cell), so the offset read
/// at each use is the one `fill` wrote at. Without `alloc` the key lives
/// inline and moves with its owner, and a move to an address 16 bytes off
/// would shift the offset under the written parts: there the key is 32-byte
/// aligned itself (`repr(C)` puts `cells` first after the zero-sized
/// token), so the offset is always 0.
///
/// Key setup writes the round keys and `H^1..H^EAGER`; the powers up to
/// `H^16` are written once, by the first message with more GHASH blocks
/// ([`LazyPowers`]), through a shared key (hence the `UnsafeCell`). Cells
/// not written yet stay uninitialised (`MaybeUninit`): nothing zeroes the
/// 768-byte cell first, and nothing reads a cell before it is written.
#[repr(C)]
#[cfg_attr(not(feature = "alloc"), repr(align(32)))]
pub(crate) struct Key {
    token: VaesAvx2,
    cells: UnsafeCell<[MaybeUninit<__m128i>; CELLS]>,
    /// Whether `H^(EAGER+1)..H^16` are written.
    lazy: LazyPowers,
}

// SAFETY: the only write through a shared `&Key` is the one-time write of
// the high powers (`Key::with_powers`): done by the single thread whose
// `LazyPowers::claim` succeeded, to cells no reader touches until it sees
// `LazyPowers::ready` (Acquire, after the writer's Release). Every other
// cell is written only through `&mut Key` (setup, zeroize).
unsafe impl Sync for Key {}

// The no-`alloc` invariant above, checked by that build (`.ci/run`).
#[cfg(not(feature = "alloc"))]
const _: () = assert!(core::mem::align_of::<Key>() == 32);

/// `pw[i]`, cells `PW + i`: `H^(16-i)·x^-1`, reflected (twisted powers,
/// highest first), so the last `n` entries are the powers an `n`-block
/// aggregate needs and a ymm load at entry `2j` gives register `j`'s pair.
const PW: usize = 0;
/// `pk[i]`, cells `PK + i`: both qwords = high ⊕ low qword of `pw[i]`
/// (Karatsuba).
const PK: usize = 16;
/// The 15 AES round keys broadcast to both lanes, two cells each (AES-128
/// uses the first 11, the others are zero): the bulk loops then read each
/// as a memory operand of `vaesenc`, and nothing copies them to the stack.
const RK: usize = 32;
/// One spare cell for the alignment offset (1008 bytes in all, inside
/// malloc's small-size fast path).
const CELLS: usize = RK + 30 + 1;

/// Powers written at key setup: `H^1..H^EAGER` (messages of up to `EAGER`
/// GHASH blocks, e.g. 16 bytes with 16 bytes of AAD, need no more).
const EAGER: usize = 4;

impl Key {
    /// Cell 0 of the layout: `cells` or the next cell, whichever is 32-byte
    /// aligned.
    #[inline(always)]
    fn base(&self) -> *mut __m128i {
        let p = self.cells.get().cast::<__m128i>();
        p.wrapping_add((p as usize >> 4) & 1)
    }

    /// The round keys (written at setup, never through `&self`).
    #[inline(always)]
    fn rk(&self) -> &[__m256i; 15] {
        // SAFETY: cells RK..RK+30 (inside `cells`: base <= 1, RK + 30 < CELLS)
        // were written by `setup` and are written again only through
        // `&mut self`; base + RK is 32-byte aligned (base is, and RK is even).
        unsafe { &*self.base().add(RK).cast::<[__m256i; 15]>() }
    }

    /// `pw[i]` and `pk[i]`: `H^(16-i)` and its Karatsuba half. Only for
    /// entries written (`i >= 16 - EAGER`, or all once `lazy` is ready).
    #[inline(always)]
    fn pw(&self, i: usize) -> (__m128i, __m128i) {
        let i = i & 15;
        // SAFETY: i < 16, inside `cells`; written (see above).
        unsafe {
            (
                self.base().add(PW + i).read(),
                self.base().add(PK + i).read(),
            )
        }
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
        self.pw(16usize.wrapping_sub(e))
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
        // SAFETY: j < 8, so entries 2j and 2j + 1 (32 bytes) are inside
        // `pw`, written: a full aggregate is hashed only with all powers.
        unsafe { load2(self.base().add(PW + 2 * j).cast()) }
    }

    /// Karatsuba halves matching [`power_pair`](Self::power_pair).
    #[inline(always)]
    fn karatsuba_pair(&self, j: usize) -> __m256i {
        let j = j & 7;
        // SAFETY: j < 8, so entries 2j and 2j + 1 (32 bytes) are inside
        // `pk`, written (as in `power_pair`).
        unsafe { load2(self.base().add(PK + 2 * j).cast()) }
    }

    /// An empty key for `token` (no cell written): made before any secret
    /// exists, then filled in place by [`fill`](Self::fill).
    #[inline(always)]
    fn empty(token: VaesAvx2) -> Self {
        Key {
            token,
            cells: UnsafeCell::new([MaybeUninit::uninit(); CELLS]),
            lazy: LazyPowers::new(),
        }
    }

    /// An empty key for `token`, made directly in its heap cell (with
    /// `alloc`) before any secret exists, then filled in place by
    /// [`fill`](Self::fill): `Box::new` would build it in a stack temporary
    /// first. Nothing zeroes the cells: `fill` writes every cell a message
    /// reads, and a wipe covers them all.
    #[inline(always)]
    pub(crate) fn empty_held(token: VaesAvx2) -> Held<Self> {
        #[cfg(feature = "alloc")]
        {
            // (`Box::new_uninit` would do; this keeps the plain allocator
            // call glibc serves from its per-thread cache.)
            let layout = core::alloc::Layout::new::<Self>();
            // SAFETY: `Key` is not zero-sized (nonzero layout size).
            let p = unsafe { alloc::alloc::alloc(layout) }.cast::<Self>();
            if p.is_null() {
                alloc::alloc::handle_alloc_error(layout);
            }
            // SAFETY: `p` is valid for writing one `Key` (just allocated
            // with its layout). Only `lazy` needs a value: the token is
            // zero-sized and the cells are `MaybeUninit`.
            unsafe { core::ptr::addr_of_mut!((*p).lazy).write(LazyPowers::new()) };
            // SAFETY: `p` was allocated by the global allocator with
            // `Key`'s layout, so `Box` may own and free it; every field is
            // initialised (above), and the token is set from the caller's.
            let mut k = unsafe { alloc::boxed::Box::from_raw(p) };
            k.token = token;
            Held::from_box(k)
        }
        #[cfg(not(feature = "alloc"))]
        {
            Held::new(Self::empty(token))
        }
    }

    /// Expands `key` (16 or 32 bytes) and precomputes `H^1..H^EAGER`,
    /// storing straight into `self` (the key's heap cell): no copy of the
    /// key object is ever made.
    #[inline(always)]
    pub(crate) fn fill(&mut self, key: &[u8]) {
        // SAFETY: the `VaesAvx2` token exists only after `cpu::vaes_avx2()`
        // detected aes, pclmulqdq, avx, avx2 (cpufeatures) and VAES and
        // VPCLMULQDQ (CPUID), the features `setup` enables.
        unsafe { setup(self, key) }
    }

    /// Runs `f` on a key whose powers suffice for a message of `blocks`
    /// GHASH blocks: `self` when it is short or the high powers are
    /// published; otherwise (once per key) they are computed first.
    #[inline(always)]
    fn with_powers<R>(&self, blocks: usize, f: impl FnOnce(&Self) -> R) -> R {
        if blocks <= EAGER || self.lazy.ready() {
            return f(self);
        }
        self.with_high_powers(f)
    }

    /// [`with_powers`](Self::with_powers) when the high powers are needed
    /// and not published: the first thread computes them into the key and
    /// publishes them; a thread that finds another one doing so does not
    /// wait, it runs `f` on a stack copy of the key with all powers, wiped
    /// when dropped. Out of line: it runs once per key (or under
    /// contention).
    #[cold]
    #[inline(never)]
    fn with_high_powers<R>(&self, f: impl FnOnce(&Self) -> R) -> R {
        if self.lazy.claim() {
            // SAFETY: `self.token` proves the features `fill_high` enables;
            // this thread alone may write the high powers now (claimed), and
            // no reader reads them before `publish` below.
            unsafe { fill_high(self.token, self.base(), self.base()) };
            self.lazy.publish();
            return f(self);
        }
        let copy = Self::empty(self.token);
        let (src, dst) = (self.base(), copy.base());
        // SAFETY: the round keys and `H^1..H^EAGER` of `self` were written
        // at setup and are not written through `&self`; `copy` is ours
        // (cells inside its `cells`, as in `base`).
        unsafe {
            for i in (PW + 16 - EAGER..PW + 16)
                .chain(PK + 16 - EAGER..PK + 16)
                .chain(RK..RK + 30)
            {
                dst.add(i).write(src.add(i).read());
            }
            fill_high(self.token, dst, dst);
        }
        copy.lazy.claim();
        copy.lazy.publish();
        f(&copy)
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

/// `kara(h)`: high ⊕ low qword in both qwords of each lane (Karatsuba).
#[inline]
#[target_feature(enable = "aes,pclmulqdq,avx,avx2,vaes,vpclmulqdq")]
fn kara2(h: __m256i) -> __m256i {
    _mm256_xor_si256(h, _mm256_shuffle_epi32::<0x4E>(h))
}

/// Stores the ascending pair `q = (H^(2m+1), H^(2m+2))` and its Karatsuba
/// halves at their places in the highest-first layout at `base`:
/// `pw[14-2m] = H^(2m+2)`, `pw[15-2m] = H^(2m+1)`.
///
/// # Safety
/// `base` is a key layout's cell 0 (see [`Key::base`]) that this thread may
/// write at those cells; m < 8.
#[inline]
#[target_feature(enable = "aes,pclmulqdq,avx,avx2,vaes,vpclmulqdq")]
unsafe fn store_pair(base: *mut __m128i, m: usize, q: __m256i) {
    // Lanes swapped: highest first.
    let v = _mm256_permute2x128_si256::<0x01>(q, q);
    let i = 14 - 2 * (m & 7);
    // SAFETY: i + 1 < 16, inside `pw` and `pk` (caller).
    unsafe {
        store2(base.add(PW + i).cast(), v);
        store2(base.add(PK + i).cast(), kara2(v));
    }
}

/// The ascending pair `(H^(2m+1), H^(2m+2))` from the layout at `base`.
///
/// # Safety
/// As [`store_pair`], for reading written cells.
#[inline]
#[target_feature(enable = "aes,pclmulqdq,avx,avx2,vaes,vpclmulqdq")]
unsafe fn load_pair(base: *const __m128i, m: usize) -> __m256i {
    let i = 14 - 2 * (m & 7);
    // SAFETY: i + 1 < 16, inside `pw` (caller).
    let v = unsafe { load2(base.add(PW + i).cast()) };
    _mm256_permute2x128_si256::<0x01>(v, v)
}

/// Fills `k` in place: round keys, `H` twisted, `H^1..H^EAGER` highest
/// first and their Karatsuba halves.
#[target_feature(enable = "aes,pclmulqdq,avx,avx2,vaes,vpclmulqdq")]
fn setup(k: &mut Key, key: &[u8]) {
    let base = k.base();
    // The round keys go straight to the key (AES-128 leaves the last four
    // zero); `q` below lives in registers, and any spill dies in the
    // caller's scrub.
    let mut rk = [_mm_setzero_si128(); 15];
    expand_key_into(key, &mut rk);
    let [e] = if key.len() == 16 {
        encrypt_n::<1, 10>(&rk, [_mm_setzero_si128()])
    } else {
        encrypt_n::<1, 14>(&rk, [_mm_setzero_si128()])
    };
    for (i, v) in rk.iter().enumerate() {
        // SAFETY: RK + 2i + 1 < CELLS - 1, inside `cells` (`&mut k`);
        // 32-byte aligned (base is, RK is even).
        unsafe {
            base.add(RK + 2 * i)
                .cast::<__m256i>()
                .write(_mm256_broadcastsi128_si256(*v))
        };
    }
    let h1 = twist_vec(bswap(e));
    // Ascending pairs (H, H^2) and (H^3, H^4): two products deep.
    let b1 = _mm256_broadcastsi128_si256(h1);
    let b2 = mul_reduce2(b1, b1);
    let q0 = _mm256_blend_epi32::<0xF0>(b1, b2);
    let q1 = mul_reduce2(b2, q0);
    // SAFETY: `base` is `k`'s layout, written through `&mut k`; m < 2.
    unsafe {
        store_pair(base, 0, q0);
        store_pair(base, 1, q1);
    }
}

/// Writes `H^(EAGER+1)..H^16` and their Karatsuba halves into the layout at
/// `dst` from `H^1..H^EAGER` in the layout at `src` (which may be `dst`):
/// ascending pairs by a tree of depth two: `H^5..H^8` from `H^4`, then
/// `H^9..H^16` from `H^8`.
///
/// # Safety
/// `src` and `dst` are key layouts' cell 0 (see [`Key::base`]); the eager
/// powers at `src` are written; this thread alone writes the high powers
/// at `dst`, and nothing reads them meanwhile.
#[target_feature(enable = "aes,pclmulqdq,avx,avx2,vaes,vpclmulqdq")]
unsafe fn fill_high_impl(src: *const __m128i, dst: *mut __m128i) {
    // SAFETY: the caller's contract; every m < 8.
    unsafe {
        let q0 = load_pair(src, 0);
        let q1 = load_pair(src, 1);
        let b4 = _mm256_permute4x64_epi64::<0xEE>(q1);
        let b8 = mul_reduce2(b4, b4);
        let q2 = mul_reduce2(b4, q0);
        let q3 = mul_reduce2(b4, q1);
        store_pair(dst, 2, q2);
        store_pair(dst, 3, q3);
        for (m, q) in [q0, q1, q2, q3].into_iter().enumerate() {
            store_pair(dst, 4 + m, mul_reduce2(b8, q));
        }
    }
}

/// [`fill_high_impl`] behind the backend's token.
///
/// # Safety
/// As [`fill_high_impl`].
#[inline(always)]
unsafe fn fill_high(token: VaesAvx2, src: *const __m128i, dst: *mut __m128i) {
    let _proof: VaesAvx2 = token;
    // SAFETY: `token` proves the features `fill_high_impl` enables; the
    // rest is the caller's contract.
    unsafe { fill_high_impl(src, dst) }
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
            *v = _mm256_xor_si256(*v, k.rk()[0]);
        }
        let mut sum = [_mm256_setzero_si256(); 3];
        round8(s, k.rk()[1]);
        product(
            &mut sum,
            k,
            _mm256_xor_si256(x(0), _mm256_zextsi128_si256($acc)),
            0,
        );
        round8(s, k.rk()[2]);
        product(&mut sum, k, x(1), 1);
        round8(s, k.rk()[3]);
        product(&mut sum, k, x(2), 2);
        round8(s, k.rk()[4]);
        product(&mut sum, k, x(3), 3);
        round8(s, k.rk()[5]);
        product(&mut sum, k, x(4), 4);
        round8(s, k.rk()[6]);
        product(&mut sum, k, x(5), 5);
        round8(s, k.rk()[7]);
        product(&mut sum, k, x(6), 6);
        round8(s, k.rk()[8]);
        product(&mut sum, k, x(7), 7);
        round8(s, k.rk()[9]);
        let acc = fold_reduce(sum);
        for r in 10..$nr {
            round8(s, k.rk()[r]);
        }
        for v in s.iter_mut() {
            *v = _mm256_aesenclast_epi128(*v, k.rk()[$nr]);
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
            let v = encrypt2_n::<$w, NR>(k.rk(), next_counters2::<$w>(pair));
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
    let [mask] = encrypt2_n::<1, NR>(k.rk(), [_mm256_zextsi128_si256(j0)]);
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
        let ks = encrypt2_n::<8, NR>(k.rk(), counters16(&mut pair, &mut low));
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
    // `Ghash::finish` spelled out: LLVM keeps that call out of line here
    // (about 3 ns more per 16-byte message than main's inlined one), while
    // inlining it into `open_impl` too made short opens slower.
    g.push(k, bswap(from_bytes(&lengths_block(aad.len(), len))));
    g.flush(k);
    _mm_xor_si128(bswap(g.acc), mask)
}

#[target_feature(enable = "aes,pclmulqdq,avx,avx2,vaes,vpclmulqdq")]
fn open_impl<const NR: usize>(k: &Key, j0: &[u8; 16], aad: &[u8], buf: &mut [u8]) -> __m128i {
    let j0 = from_bytes(j0);
    let [mask] = encrypt2_n::<1, NR>(k.rk(), [_mm256_zextsi128_si256(j0)]);
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

/// Overwrites the cells `n` cells from `p` on with zeros: 32-byte volatile
/// stores (the key is freed right after a drop, and a plain store to memory
/// about to be freed may be removed).
///
/// # Safety
/// `p` is valid for writing `n` cells (unaligned stores).
#[inline]
#[target_feature(enable = "aes,pclmulqdq,avx,avx2,vaes,vpclmulqdq")]
unsafe fn wipe_run(p: *mut __m128i, n: usize) {
    for j in 0..n / 2 {
        // SAFETY: cells 2j, 2j + 1 < n (caller).
        unsafe { core::ptr::write_volatile(p.add(2 * j).cast::<__m256i>(), ZERO2) };
    }
    if n % 2 == 1 {
        // SAFETY: cell n - 1 (caller).
        unsafe { core::ptr::write_volatile(p.add(n - 1), ZERO) };
    }
}

/// Wipes every cell a key wrote: the round keys and eager powers, and the
/// high powers once computed (before, those cells never held anything).
#[target_feature(enable = "aes,pclmulqdq,avx,avx2,vaes,vpclmulqdq")]
fn wipe_key(k: &mut Key) {
    let base = k.base();
    let lo = if k.lazy.ready() { 0 } else { 16 - EAGER };
    // SAFETY: every run lies inside the layout at `base` (`&mut k`).
    unsafe {
        wipe_run(base.add(PW + lo), 16 - lo);
        wipe_run(base.add(PK + lo), 16 - lo);
        wipe_run(base.add(RK), 30);
    }
    k.lazy.reset();
}

impl Zeroize for Key {
    fn zeroize(&mut self) {
        // SAFETY: `self.token` proves the features `wipe_key` enables.
        unsafe { wipe_key(self) }
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

    /// Every byte of the key's layout (all written: the test computes the
    /// high powers first).
    fn bytes(k: &Key) -> Vec<u8> {
        let mut out = Vec::new();
        for i in 0..CELLS - 1 {
            // SAFETY: cell i of the layout, written (see above).
            out.extend_from_slice(&to_bytes(unsafe { k.base().add(i).read() }));
        }
        out
    }

    #[test]
    fn zeroize_wipes_round_keys_and_powers() {
        let Some(token) = crate::cpu::vaes_avx2() else {
            return; // backend not available on this CPU
        };
        let mut k = Key::empty_held(token);
        k.fill(&[0x5a; 32]);
        let j0 = super::super::mode::j0_from_96_bit_iv(&[0u8; 12]).unwrap();
        k.seal::<14>(&j0, &[], &mut [0u8; 300]);
        assert!(k.lazy.ready());
        assert!(bytes(&k).iter().any(|&b| b != 0));
        k.zeroize();
        assert!(bytes(&k).iter().all(|&b| b == 0));
        assert!(!k.lazy.ready());
    }

    /// Every way a message gets its powers gives the portable backend's
    /// ciphertext and tag: the first long message computing the high
    /// powers into the key, later ones reading them, and a message that
    /// finds another thread computing them (forced here with `claim`) and
    /// uses a stack copy; with short and long AAD and text.
    #[test]
    fn lazy_powers_agree_with_soft() {
        use crate::aead::{Aead, AesGcm256};
        use crate::backend::AesGcmBackend;
        use std::vec;
        let Some(token) = crate::cpu::vaes_avx2() else {
            return; // backend not available on this CPU
        };
        let key = [0x3cu8; 32];
        let nonce = [0x11u8; 12];
        let soft = AesGcm256::new_with(AesGcmBackend::Soft, &key);
        let j0 = super::super::mode::j0_from_96_bit_iv(&nonce).unwrap();
        for aad_len in [0usize, 16, 100, 300] {
            for len in [
                0usize, 15, 16, 48, 64, 65, 100, 255, 256, 300, 512, 1000, 5000,
            ] {
                let aad = vec![0xa7u8; aad_len];
                let msg: Vec<u8> = (0..len).map(|i| i as u8).collect();
                let mut want = msg.clone();
                let want_tag = soft
                    .encrypt_in_place_detached(&nonce, &aad, &mut want)
                    .unwrap();
                let mut fresh = Key::empty_held(token);
                fresh.fill(&key);
                let mut busy = Key::empty_held(token);
                busy.fill(&key);
                assert!(busy.lazy.claim());
                for k in [&fresh, &fresh, &busy, &busy] {
                    let mut buf = msg.clone();
                    let tag = k.seal::<14>(&j0, &aad, &mut buf);
                    assert_eq!((&buf, tag), (&want, want_tag), "seal {aad_len} {len}");
                    let tag = k.open::<14>(&j0, &aad, &mut buf);
                    assert_eq!((&buf, tag), (&msg, want_tag), "open {aad_len} {len}");
                }
                assert!(!busy.lazy.ready());
                assert_eq!(fresh.lazy.ready(), ghash_blocks(aad_len, len) > EAGER);
            }
        }
    }
}
