//! AES-GCM with AES-NI and PCLMULQDQ on 128-bit registers.
//!
//! - Key setup: AES key expansion with `aesenclast` (see
//!   [`expand_key_into`]), `H = E(K, 0)` twisted to `H·x^-1` (see
//!   [`super::ghash_soft`] for the representation), and its powers
//!   `H^1..H^4` with their Karatsuba halves, which every message of up to
//!   4 GHASH blocks needs. `H^5..H^8` are computed once, by the first
//!   message with more blocks, and published in the key ([`LazyPowers`]).
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
    self, bswap, copy_small, encrypt_n, expand_key_into, from_bytes, ghash_blocks, load,
    mask_first, mul_parts, mul_reduce, reduce, store, to_bytes, twist_vec, xor3, GhashKey,
    LazyPowers, ZERO,
};
use crate::cpu::AesClmul;
use crate::wipe::Held;
use core::arch::x86_64::*;
use core::cell::UnsafeCell;
use core::marker::PhantomData;
use core::mem::MaybeUninit;
use zeroize::Zeroize;

/// Round keys and GHASH key powers for the AES-NI backend.
#[repr(C)]
pub(crate) struct Key {
    token: AesClmul,
    /// AES round keys; AES-128 uses the first 11.
    rk: [__m128i; 15],
    /// `h[i]` = `H^(i+1)·x^-1`, reflected (twisted powers); entries
    /// `EAGER..8` only once `lazy` is ready (written then through a shared
    /// key, hence the `UnsafeCell`).
    h: UnsafeCell<[__m128i; 8]>,
    /// `hk[i]`: both qwords = high ⊕ low qword of `h[i]` (Karatsuba).
    hk: UnsafeCell<[__m128i; 8]>,
    /// Whether `H^5..H^8` are written.
    lazy: LazyPowers,
}

// SAFETY: the only write through a shared `&Key` is the one-time write of
// the high powers (`Key::powers`): done by the single thread whose
// `LazyPowers::claim` succeeded, to entries no reader touches until it
// sees `LazyPowers::ready` (Acquire, after the writer's Release). Every
// other byte is written only through `&mut Key` (setup, zeroize).
unsafe impl Sync for Key {}

/// Powers computed at key setup: `H^1..H^EAGER`.
const EAGER: usize = 4;

/// A message's own copy of the powers, on its stack, when another thread
/// is writing the key's high powers at that moment. Wiped after use.
struct Spare {
    h: [__m128i; 8],
    hk: [__m128i; 8],
}

impl Zeroize for Spare {
    fn zeroize(&mut self) {
        self.h.zeroize();
        self.hk.zeroize();
    }
}

/// Wipes the `spare` powers a message used (`used`: they were written).
#[inline(always)]
fn wipe_spare(spare: &mut MaybeUninit<Spare>, used: bool) {
    if used {
        // SAFETY: `used` means `Key::high_powers` initialised `spare`.
        unsafe { spare.assume_init_mut() }.zeroize();
    }
}

/// The powers one message reads: `h` and `hk` laid out as in [`Key`], in
/// the key or in a [`Spare`]. All 8 entries are readable when `cap` is 8;
/// otherwise only the first `EAGER` (the message has at most `EAGER`
/// GHASH blocks and another thread may be writing the others).
#[derive(Clone, Copy)]
struct Powers<'a> {
    token: AesClmul,
    h: *const __m128i,
    hk: *const __m128i,
    /// The highest power readable: all of them (`8`) or `EAGER`. (A
    /// word, not a `bool`: the view is copied through the stack, and an
    /// 8-byte load of a 1-byte store stalls store-to-load forwarding.)
    cap: usize,
    _from: PhantomData<&'a Key>,
}

impl Powers<'_> {
    /// `(H^(j+1), its Karatsuba half)` for `j < 8` on a full view.
    #[inline(always)]
    fn get(&self, j: usize) -> (__m128i, __m128i) {
        let j = j & 7;
        // SAFETY: j < 8: inside both arrays, all readable in a full view
        // (the only kind the 8-block aggregates use).
        unsafe { (self.h.add(j).read(), self.hk.add(j).read()) }
    }
}

x86_shared::ghash_queue!("aes,pclmulqdq,sse2,ssse3,sse4.1", 8);

/// Hashes 8 reflected blocks into `acc` at once.
#[inline]
#[target_feature(enable = "aes,pclmulqdq,sse2,ssse3,sse4.1")]
fn absorb8(pw: &Powers<'_>, acc: __m128i, b: &[__m128i; 8]) -> __m128i {
    let (h, hk) = pw.get(7);
    let mut sum = mul_parts(_mm_xor_si128(b[0], acc), h, hk);
    for (i, x) in b.iter().enumerate().skip(1) {
        let (h, hk) = pw.get(7 - i);
        sum = xor3(sum, mul_parts(*x, h, hk));
    }
    reduce(sum)
}

impl GhashKey<8> for Powers<'_> {
    #[inline(always)]
    fn power(&self, e: usize) -> (__m128i, __m128i) {
        // Without the high powers, only the first EAGER entries are readable.
        let j = e.wrapping_sub(1) & (self.cap - 1);
        // SAFETY: cap is 4 or 8, so j < 8, inside both arrays; when
        // cap = EAGER, j < EAGER (entries written at key setup).
        unsafe { (self.h.add(j).read(), self.hk.add(j).read()) }
    }

    #[inline(always)]
    fn capacity(&self) -> usize {
        self.cap
    }

    #[inline(always)]
    fn absorb_aggregate(&self, acc: __m128i, chunk: &[u8]) -> __m128i {
        let mut b = [ZERO; 8];
        for (x, block) in b.iter_mut().zip(chunk.chunks_exact(16)) {
            // SAFETY: `block` has 16 bytes; `self.token` proves the SSE2 and
            // SSSE3 that `load` and `bswap` use.
            *x = unsafe { bswap(load(block.as_ptr())) };
        }
        let _proof: AesClmul = self.token;
        // SAFETY: `self.token` proves the features `absorb8` enables; the
        // queue calls this only at full capacity.
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
    /// The powers a message of `blocks` GHASH blocks reads: the key's own
    /// when they suffice or once the high ones are published; else the
    /// high ones are computed now, into the key (first message to need
    /// them) or into `spare` (while another thread is writing the key's).
    /// The flag says `spare` was written: the caller wipes it.
    #[inline(always)]
    fn powers<'a>(
        &'a self,
        blocks: usize,
        spare: &'a mut MaybeUninit<Spare>,
    ) -> (Powers<'a>, bool) {
        let view = |full| Powers {
            token: self.token,
            h: self.h.get().cast::<__m128i>().cast_const(),
            hk: self.hk.get().cast::<__m128i>().cast_const(),
            cap: if full { 8 } else { EAGER },
            _from: PhantomData,
        };
        if self.lazy.ready() {
            return (view(true), false);
        }
        if blocks <= EAGER {
            return (view(false), false);
        }
        self.high_powers(spare)
    }

    /// [`powers`](Self::powers) when the high powers are needed and not
    /// published: out of line, it runs once per key (or under contention).
    #[cold]
    #[inline(never)]
    fn high_powers<'a>(&'a self, spare: &'a mut MaybeUninit<Spare>) -> (Powers<'a>, bool) {
        let (h, hk) = (
            self.h.get().cast::<__m128i>(),
            self.hk.get().cast::<__m128i>(),
        );
        if self.lazy.claim() {
            // SAFETY: `self.token` proves the features `fill_high`
            // enables; entries 0..EAGER were written at setup; this thread
            // alone may write entries EAGER..8 now (claimed), and no
            // reader reads them before `publish` below.
            unsafe { fill_high(h.cast_const(), h, hk) };
            self.lazy.publish();
            let view = Powers {
                token: self.token,
                h: h.cast_const(),
                hk: hk.cast_const(),
                cap: 8,
                _from: PhantomData,
            };
            return (view, false);
        }
        let s = spare.write(Spare {
            h: [ZERO; 8],
            hk: [ZERO; 8],
        });
        for j in 0..EAGER {
            // SAFETY: entries 0..EAGER of the key's arrays were written at
            // setup and are never written again through `&self`.
            unsafe {
                s.h[j] = h.add(j).read();
                s.hk[j] = hk.add(j).read();
            }
        }
        let (sh, shk) = (s.h.as_mut_ptr(), s.hk.as_mut_ptr());
        // SAFETY: as above; `sh` and `shk` are 8-entry arrays of ours.
        unsafe { fill_high(sh.cast_const(), sh, shk) };
        let view = Powers {
            token: self.token,
            h: sh.cast_const(),
            hk: shk.cast_const(),
            cap: 8,
            _from: PhantomData,
        };
        (view, true)
    }

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
            h: UnsafeCell::new([ZERO; 8]),
            hk: UnsafeCell::new([ZERO; 8]),
            lazy: LazyPowers::new(),
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

    /// Expands `key` (16 or 32 bytes) and precomputes `H^1..H^4`, storing
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

x86_shared::entry_points_lazy!(Key);

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
    // Powers by a shallow tree: H^2; H^3, H^4 (two products deep; H^5..H^8
    // come later, in `fill_high`); the Karatsuba halves are off the
    // critical path.
    let h2 = mul_reduce(h1, h1);
    let p = [h1, h2, mul_reduce(h1, h2), mul_reduce(h2, h2)];
    let (h, hk) = (k.h.get_mut(), k.hk.get_mut());
    for (j, v) in p.into_iter().enumerate() {
        h[j] = v;
        hk[j] = karatsuba(v);
    }
}

/// High ⊕ low qword in both qwords.
#[inline]
#[target_feature(enable = "aes,pclmulqdq,sse2,ssse3,sse4.1")]
fn karatsuba(h: __m128i) -> __m128i {
    _mm_xor_si128(h, _mm_shuffle_epi32::<0x4E>(h))
}

/// Writes `H^5..H^8` and their Karatsuba halves into entries 4..8 of `h`
/// and `hk` from `H^1..H^4` in entries 0..4 of `src`: four independent
/// products with `H^4`.
///
/// # Safety
/// `src`, `h` and `hk` point to 8-entry arrays (`src` may be `h`);
/// entries 0..4 of `src` are readable, entries 4..8 of `h` and `hk`
/// writable, and nothing else reads or writes those meanwhile.
#[target_feature(enable = "aes,pclmulqdq,sse2,ssse3,sse4.1")]
unsafe fn fill_high(src: *const __m128i, h: *mut __m128i, hk: *mut __m128i) {
    // SAFETY: entries 0..4 of `src` are readable and entries 4..8 of `h`
    // and `hk` writable (caller); every offset is under 8.
    unsafe {
        let h4 = src.add(EAGER - 1).read();
        for j in 0..EAGER {
            let v = mul_reduce(src.add(j).read(), h4);
            h.add(EAGER + j).write(v);
            hk.add(EAGER + j).write(karatsuba(v));
        }
    }
}

#[target_feature(enable = "aes,pclmulqdq,sse2,ssse3,sse4.1")]
fn j0_impl(pw: &Powers<'_>, nonce: &[u8]) -> __m128i {
    let mut g = Ghash::new();
    g.absorb_padded(pw, nonce);
    g.finish(pw, 0, nonce.len())
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
fn product(sum: &mut [__m128i; 3], pw: &Powers<'_>, x: __m128i, i: usize) {
    let (h, hk) = pw.get(7 - (i & 7));
    *sum = xor3(*sum, mul_parts(x, h, hk));
}

/// One 8-block step of the bulk loops: AES rounds on `$s` with the GHASH
/// products of `$x` (reflected blocks, accumulator already folded into
/// `$x[0]`) placed between them, one per round, then the reduction;
/// evaluates to the new accumulator. A macro so that it is always inlined
/// (LLVM kept a function version out of line, spilling every register).
macro_rules! stitched8 {
    ($nr:ident, $k:expr, $pw:expr, $s:expr, $x:expr) => {{
        let (k, pw, s, x): (&Key, &Powers<'_>, &mut [__m128i; 8], &[__m128i; 8]) =
            ($k, $pw, $s, $x);
        // Opaque per iteration, so LLVM cannot hoist every round key into a
        // register for the whole loop and then run the rounds of one block
        // after another (see `x86_vaes::stitched16`).
        let k: &Key = core::hint::black_box(k);
        let pw: &Powers<'_> = core::hint::black_box(pw);
        for v in s.iter_mut() {
            *v = _mm_xor_si128(*v, k.rk[0]);
        }
        let mut sum = [_mm_setzero_si128(); 3];
        round8(s, k.rk[1]);
        product(&mut sum, pw, x[0], 0);
        round8(s, k.rk[2]);
        product(&mut sum, pw, x[1], 1);
        round8(s, k.rk[3]);
        product(&mut sum, pw, x[2], 2);
        round8(s, k.rk[4]);
        product(&mut sum, pw, x[3], 3);
        round8(s, k.rk[5]);
        product(&mut sum, pw, x[4], 4);
        round8(s, k.rk[6]);
        product(&mut sum, pw, x[5], 5);
        round8(s, k.rk[7]);
        product(&mut sum, pw, x[6], 6);
        round8(s, k.rk[8]);
        product(&mut sum, pw, x[7], 7);
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
    pw: &Powers<'_>,
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
    xor_tail::<8, SEAL, Powers<'_>>(pw, g, tail, &ks);
    ks.zeroize();
}

#[target_feature(enable = "aes,pclmulqdq,sse2,ssse3,sse4.1")]
fn seal_impl<const NR: usize>(
    k: &Key,
    pw: &Powers<'_>,
    j0: &[u8; 16],
    aad: &[u8],
    buf: &mut [u8],
) -> __m128i {
    let len = buf.len();
    let j0 = from_bytes(j0);
    let [mask] = encrypt_n::<1, NR>(&k.rk, [j0]);
    let mut ctr = bswap(j0);
    let mut g = Ghash::new();
    if !aad.is_empty() {
        g.absorb_padded(pw, aad);
    }
    let (bulk, tail) = buf.split_at_mut(len - len % 128);
    let mut chunks = bulk.chunks_exact_mut(128);
    if let Some(first) = chunks.next() {
        g.flush(pw);
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
            g.acc = stitched8!(NR, k, pw, &mut s, &prev);
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
        g.acc = absorb8(pw, g.acc, &prev);
    }
    crypt_tail::<NR, true>(k, pw, &mut g, &mut ctr, tail);
    _mm_xor_si128(g.finish(pw, aad.len(), len), mask)
}

#[target_feature(enable = "aes,pclmulqdq,sse2,ssse3,sse4.1")]
fn open_impl<const NR: usize>(
    k: &Key,
    pw: &Powers<'_>,
    j0: &[u8; 16],
    aad: &[u8],
    buf: &mut [u8],
) -> __m128i {
    let len = buf.len();
    let j0 = from_bytes(j0);
    let [mask] = encrypt_n::<1, NR>(&k.rk, [j0]);
    let mut ctr = bswap(j0);
    let mut g = Ghash::new();
    if !aad.is_empty() {
        g.absorb_padded(pw, aad);
    }
    g.flush(pw);
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
        g.acc = stitched8!(NR, k, pw, &mut s, &x);
        for i in 0..8 {
            // SAFETY: `chunk` has 128 bytes and i < 8.
            unsafe { store(chunk.as_mut_ptr().add(16 * i), _mm_xor_si128(c[i], s[i])) };
        }
    }
    crypt_tail::<NR, false>(k, pw, &mut g, &mut ctr, tail);
    _mm_xor_si128(g.finish(pw, aad.len(), len), mask)
}

impl Zeroize for Key {
    fn zeroize(&mut self) {
        self.rk.zeroize();
        self.h.get_mut().zeroize();
        self.hk.get_mut().zeroize();
        self.lazy.reset();
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
        // SAFETY: no other reference to the key exists in this test.
        for v in unsafe { (*k.h.get()).iter().chain(&*k.hk.get()) } {
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
        let Some(token) = crate::cpu::aes_clmul() else {
            return; // backend not available on this CPU
        };
        let key = [0x3cu8; 32];
        let nonce = [0x11u8; 12];
        let soft = AesGcm256::new_with(AesGcmBackend::Soft, &key);
        let j0 = super::super::mode::j0_from_96_bit_iv(&nonce).unwrap();
        for aad_len in [0usize, 16, 100, 300] {
            for len in [
                0usize, 15, 16, 48, 64, 65, 100, 127, 128, 200, 255, 256, 300, 1000,
            ] {
                let aad = vec![0xa7u8; aad_len];
                let msg: Vec<u8> = (0..len).map(|i| i as u8).collect();
                let mut want = msg.clone();
                let want_tag = soft
                    .encrypt_in_place_detached(&nonce, &aad, &mut want)
                    .unwrap();
                let mut fresh = Key::zeroed_held(token);
                fresh.fill(&key);
                let mut busy = Key::zeroed_held(token);
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
