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
use core::mem::MaybeUninit;
use zeroize::Zeroize;

/// Round keys and GHASH key powers for the AES-NI backend. Key setup
/// writes the round keys and `H^1..H^EAGER`; `H^(EAGER+1)..H^8` are written
/// once, by the first message with more GHASH blocks ([`LazyPowers`]),
/// through a shared key (hence the `UnsafeCell`). Entries not written yet
/// stay uninitialised (`MaybeUninit`): nothing zeroes the key's heap cell
/// first, and nothing reads an entry before it is written.
#[repr(C)]
pub(crate) struct Key {
    token: AesClmul,
    /// AES round keys; AES-128 uses the first 11 (the others are zero).
    rk: [MaybeUninit<__m128i>; 15],
    /// `h[i]` = `H^(i+1)·x^-1`, reflected (twisted powers).
    h: UnsafeCell<[MaybeUninit<__m128i>; 8]>,
    /// `hk[i]`: both qwords = high ⊕ low qword of `h[i]` (Karatsuba).
    hk: UnsafeCell<[MaybeUninit<__m128i>; 8]>,
    /// Whether `H^5..H^8` are written.
    lazy: LazyPowers,
}

// SAFETY: the only write through a shared `&Key` is the one-time write of
// the high powers (`Key::with_powers`): done by the single thread whose
// `LazyPowers::claim` succeeded, to entries no reader touches until it
// sees `LazyPowers::ready` (Acquire, after the writer's Release). Every
// other byte is written only through `&mut Key` (setup, zeroize).
unsafe impl Sync for Key {}

/// Powers computed at key setup: `H^1..H^EAGER`.
const EAGER: usize = 4;

impl Key {
    /// The round keys (all 15 written by `setup`).
    #[inline(always)]
    fn rk(&self) -> &[__m128i; 15] {
        // SAFETY: `setup` wrote all 15 entries, and they are written again
        // only through `&mut self`; `MaybeUninit<T>` has `T`'s layout.
        unsafe { &*self.rk.as_ptr().cast::<[__m128i; 15]>() }
    }

    /// `(H^(j+1), its Karatsuba half)` for `j < 8`: only for entries
    /// written (`j < EAGER`, or all once the high powers are published;
    /// `with_powers` guarantees it for every message).
    #[inline(always)]
    fn get(&self, j: usize) -> (__m128i, __m128i) {
        let j = j & 7;
        // SAFETY: j < 8, inside both arrays; written (see above).
        unsafe {
            (
                self.h.get().cast::<__m128i>().add(j).read(),
                self.hk.get().cast::<__m128i>().add(j).read(),
            )
        }
    }
}

x86_shared::ghash_queue!("aes,pclmulqdq,sse2,ssse3,sse4.1", 8);

/// Hashes 8 reflected blocks into `acc` at once.
#[inline]
#[target_feature(enable = "aes,pclmulqdq,sse2,ssse3,sse4.1")]
fn absorb8(pw: &Key, acc: __m128i, b: &[__m128i; 8]) -> __m128i {
    let (h, hk) = pw.get(7);
    let mut sum = mul_parts(_mm_xor_si128(b[0], acc), h, hk);
    for (i, x) in b.iter().enumerate().skip(1) {
        let (h, hk) = pw.get(7 - i);
        sum = xor3(sum, mul_parts(*x, h, hk));
    }
    reduce(sum)
}

impl GhashKey<8> for Key {
    #[inline(always)]
    fn power(&self, e: usize) -> (__m128i, __m128i) {
        self.get(e.wrapping_sub(1))
    }

    #[inline(always)]
    fn absorb_aggregate(&self, acc: __m128i, chunk: &[u8]) -> __m128i {
        let mut b = [ZERO; 8];
        for (x, block) in b.iter_mut().zip(chunk.chunks_exact(16)) {
            // SAFETY: `block` has 16 bytes; `self.token` proves the SSE2 and
            // SSSE3 that `load` and `bswap` use.
            *x = unsafe { bswap(load(block.as_ptr())) };
        }
        // SAFETY: `self.token` proves the features `absorb8` enables; the
        // queue calls this only with 8 blocks, which `with_powers` gave
        // all 8 powers.
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
            return f(self);
        }
        let mut copy = Self::empty(self.token);
        copy.rk = self.rk;
        let (ch, chk) = (
            copy.h.get_mut().as_mut_ptr().cast::<__m128i>(),
            copy.hk.get_mut().as_mut_ptr().cast::<__m128i>(),
        );
        // SAFETY: entries 0..EAGER of the key's arrays were written at
        // setup and are never written again through `&self`; `ch` and
        // `chk` are 8-entry arrays of ours; `self.token` proves the
        // features `fill_high` enables.
        unsafe {
            for j in 0..EAGER {
                ch.add(j).write(h.add(j).read());
                chk.add(j).write(hk.add(j).read());
            }
            fill_high(ch.cast_const(), ch, chk);
        }
        copy.lazy.claim();
        copy.lazy.publish();
        f(&copy)
    }

    /// The proof token this key was built with.
    pub(crate) fn token(&self) -> AesClmul {
        self.token
    }

    /// An empty key for `token` (no entry written): made before any secret
    /// exists, then filled in place by [`fill`](Self::fill).
    #[inline(always)]
    fn empty(token: AesClmul) -> Self {
        Key {
            token,
            rk: [MaybeUninit::uninit(); 15],
            h: UnsafeCell::new([MaybeUninit::uninit(); 8]),
            hk: UnsafeCell::new([MaybeUninit::uninit(); 8]),
            lazy: LazyPowers::new(),
        }
    }

    /// An empty key for `token`, made directly in its heap cell (with
    /// `alloc`) before any secret exists, then filled in place by
    /// [`fill`](Self::fill): `Box::new` would build it in a stack temporary
    /// first. Nothing zeroes the entries: `fill` writes every entry a
    /// message reads, and the wipe covers them all.
    #[inline(always)]
    pub(crate) fn empty_held(token: AesClmul) -> Held<Self> {
        #[cfg(feature = "alloc")]
        {
            let layout = core::alloc::Layout::new::<Self>();
            // SAFETY: `Key` is not zero-sized (nonzero layout size).
            let p = unsafe { alloc::alloc::alloc(layout) }.cast::<Self>();
            if p.is_null() {
                alloc::alloc::handle_alloc_error(layout);
            }
            // SAFETY: `p` is valid for writing one `Key` (just allocated
            // with its layout). Only `lazy` needs a value: the token is
            // zero-sized and the arrays are `MaybeUninit`.
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

x86_shared::entry_points!(Key);

/// Fills `k` (round keys, `H` twisted, its powers and their Karatsuba
/// halves) in place.
#[target_feature(enable = "aes,pclmulqdq,sse2,ssse3,sse4.1")]
fn setup(k: &mut Key, key: &[u8]) {
    // Expanded in registers and stored once (AES-128 leaves the last four
    // zero); spills, if any, die in the caller's scrub.
    let mut rk = [_mm_setzero_si128(); 15];
    expand_key_into(key, &mut rk);
    let [e] = if key.len() == 16 {
        encrypt_n::<1, 10>(&rk, [_mm_setzero_si128()])
    } else {
        encrypt_n::<1, 14>(&rk, [_mm_setzero_si128()])
    };
    for (d, s) in k.rk.iter_mut().zip(rk) {
        d.write(s);
    }
    let h1 = twist_vec(bswap(e));
    // Powers by a shallow tree: H^2; H^3, H^4 (two products deep; H^5..H^8
    // come later, in `fill_high`); the Karatsuba halves are off the
    // critical path.
    let h2 = mul_reduce(h1, h1);
    let p = [h1, h2, mul_reduce(h1, h2), mul_reduce(h2, h2)];
    let (h, hk) = (k.h.get_mut(), k.hk.get_mut());
    for (j, v) in p.into_iter().enumerate() {
        h[j].write(v);
        hk[j].write(karatsuba(v));
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
fn j0_impl(pw: &Key, nonce: &[u8]) -> __m128i {
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
fn product(sum: &mut [__m128i; 3], pw: &Key, x: __m128i, i: usize) {
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
        let (k, pw, s, x): (&Key, &Key, &mut [__m128i; 8], &[__m128i; 8]) = ($k, $pw, $s, $x);
        // Opaque per iteration, so LLVM cannot hoist every round key into a
        // register for the whole loop and then run the rounds of one block
        // after another (see `x86_vaes::stitched16`).
        let k: &Key = core::hint::black_box(k);
        let pw: &Key = core::hint::black_box(pw);
        for v in s.iter_mut() {
            *v = _mm_xor_si128(*v, k.rk()[0]);
        }
        let mut sum = [_mm_setzero_si128(); 3];
        round8(s, k.rk()[1]);
        product(&mut sum, pw, x[0], 0);
        round8(s, k.rk()[2]);
        product(&mut sum, pw, x[1], 1);
        round8(s, k.rk()[3]);
        product(&mut sum, pw, x[2], 2);
        round8(s, k.rk()[4]);
        product(&mut sum, pw, x[3], 3);
        round8(s, k.rk()[5]);
        product(&mut sum, pw, x[4], 4);
        round8(s, k.rk()[6]);
        product(&mut sum, pw, x[5], 5);
        round8(s, k.rk()[7]);
        product(&mut sum, pw, x[6], 6);
        round8(s, k.rk()[8]);
        product(&mut sum, pw, x[7], 7);
        round8(s, k.rk()[9]);
        let acc = reduce(sum);
        for r in 10..$nr {
            round8(s, k.rk()[r]);
        }
        for v in s.iter_mut() {
            *v = _mm_aesenclast_si128(*v, k.rk()[$nr]);
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
    pw: &Key,
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
            let v = encrypt_n::<$w, NR>(k.rk(), next_counters::<$w>(ctr));
            ks[..$w].copy_from_slice(&v);
        }};
    }
    match n.div_ceil(16) {
        1 => width!(1),
        2 => width!(2),
        3 | 4 => width!(4),
        _ => width!(8),
    }
    xor_tail::<8, SEAL, Key>(pw, g, tail, &ks);
    ks.zeroize();
}

#[target_feature(enable = "aes,pclmulqdq,sse2,ssse3,sse4.1")]
fn seal_impl<const NR: usize>(k: &Key, j0: &[u8; 16], aad: &[u8], buf: &mut [u8]) -> __m128i {
    let pw = k;
    let len = buf.len();
    let j0 = from_bytes(j0);
    let [mask] = encrypt_n::<1, NR>(k.rk(), [j0]);
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
        let ks = encrypt_n::<8, NR>(k.rk(), next_counters::<8>(&mut ctr));
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
fn open_impl<const NR: usize>(k: &Key, j0: &[u8; 16], aad: &[u8], buf: &mut [u8]) -> __m128i {
    let pw = k;
    let len = buf.len();
    let j0 = from_bytes(j0);
    let [mask] = encrypt_n::<1, NR>(k.rk(), [j0]);
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

/// Overwrites `n` entries from `p` on with zeros (volatile stores: the key
/// is freed right after a drop, and a plain store to memory about to be
/// freed may be removed).
///
/// # Safety
/// `p` is valid for writing `n` entries.
#[inline(always)]
unsafe fn wipe_run(p: *mut __m128i, n: usize) {
    for j in 0..n {
        // SAFETY: j < n (caller).
        unsafe { core::ptr::write_volatile(p.add(j), ZERO) };
    }
}

impl Zeroize for Key {
    /// Wipes every entry the key wrote: the round keys and eager powers,
    /// and the high powers once computed (before, those never held
    /// anything).
    fn zeroize(&mut self) {
        let n = if self.lazy.ready() { 8 } else { EAGER };
        // SAFETY: each run lies inside its array (`&mut self`).
        unsafe {
            wipe_run(self.rk.as_mut_ptr().cast(), 15);
            wipe_run(self.h.get_mut().as_mut_ptr().cast(), n);
            wipe_run(self.hk.get_mut().as_mut_ptr().cast(), n);
        }
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

    /// Every byte of the key object (all written: the test computes the
    /// high powers first; the token is a ZST).
    fn bytes(k: &Key) -> Vec<u8> {
        let mut out = Vec::new();
        for v in k.rk() {
            out.extend_from_slice(&to_bytes(*v));
        }
        for j in 0..8 {
            let (h, hk) = k.get(j);
            out.extend_from_slice(&to_bytes(h));
            out.extend_from_slice(&to_bytes(hk));
        }
        out
    }

    #[test]
    fn zeroize_wipes_round_keys_and_powers() {
        let Some(token) = crate::cpu::aes_clmul() else {
            return; // backend not available on this CPU
        };
        let mut k = Key::empty_held(token);
        k.fill(&[0x5a; 32]);
        let j0 = super::super::mode::j0_from_96_bit_iv(&[0u8; 12]).unwrap();
        k.seal::<14>(&j0, &[], &mut [0u8; 300]);
        assert!(k.lazy.ready());
        assert!(bytes(&k).iter().any(|&b| b != 0));
        k.zeroize();
        assert!(!k.lazy.ready());
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
