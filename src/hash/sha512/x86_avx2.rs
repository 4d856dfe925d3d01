//! SHA-512 compression with an AVX2 message schedule (two blocks at once).
//!
//! Zen 3 has no SHA-512 instructions, so the rounds stay scalar (with BMI2's
//! `rorx`). What AVX2 buys is the message schedule: each 256-bit register holds
//! two consecutive schedule words of block A in its low 128-bit lane and the
//! same two words of block B in its high lane, so one vector step produces four
//! words. FIPS 180-4 (6.4.2 step 1) makes W[t] and W[t+1] independent of each
//! other, and `vpalignr` works within lanes, so the two blocks never mix.
//!
//! The schedule for both blocks is computed while block A's rounds run (the
//! two are independent, so the out-of-order core overlaps them); block B's
//! rounds then read their W+K from the buffer with nothing else to do.
#![allow(unsafe_code)]

use super::soft::{eight_rounds, eight_rounds_with};
use super::K;
use crate::cpu::Avx2;
use core::arch::x86_64::*;

/// Compresses every 128-byte block of `blocks` into `state`.
#[inline]
pub(super) fn compress(_proof: Avx2, state: &mut [u64; 8], blocks: &[u8]) {
    // SAFETY: the `Avx2` token exists only after `cpu::avx2()` detected avx,
    // avx2, bmi1 and bmi2, exactly the features `compress_avx2` enables.
    unsafe { compress_avx2(state, blocks) }
}

#[target_feature(enable = "avx,avx2,bmi1,bmi2")]
fn compress_avx2(state: &mut [u64; 8], blocks: &[u8]) {
    let mut pairs = blocks.chunks_exact(256);
    if blocks.len() >= 256 {
        two_blocks_at_a_time(state, &mut pairs);
    }
    let rest = pairs.remainder();
    if rest.len() == 128 {
        one_block(state, rest);
    }
}

/// Every pair of blocks `pairs` yields.
#[target_feature(enable = "avx,avx2,bmi1,bmi2")]
#[inline]
fn two_blocks_at_a_time(state: &mut [u64; 8], pairs: &mut core::slice::ChunksExact<'_, u8>) {
    // W+K of the 40 schedule pairs in chunks of 8: pair 8c + r is
    // `wk[c][r]`, [0..2] for block A and [2..4] for block B.
    let mut wk = [[[0u64; 4]; 8]; 5];
    for pair in pairs.by_ref() {
        let (a, b) = pair.split_at(128);
        schedule_and_rounds_a(state, a, b, &mut wk);
        let mut v = *state;
        for chunk in &wk {
            eight_rounds(&mut v, lane_words(chunk, 0, 2));
            eight_rounds(&mut v, lane_words(chunk, 1, 2));
        }
        add_into(state, &v);
    }
    crate::wipe::wipe(wk.as_flattened_mut().as_flattened_mut());
}

/// One block on its own (an odd block, and every block of a short message or
/// an HMAC pad): the schedule in 128-bit registers, two words per vector, and
/// W+K in a ring of eight pairs. The two-block path's 1280-byte buffer would
/// cost more to clear and wipe than the vector work it saves.
#[target_feature(enable = "avx,avx2,bmi1,bmi2")]
#[inline]
fn one_block(state: &mut [u64; 8], block: &[u8]) {
    let bswap = _mm_set_epi64x(0x0809_0a0b_0c0d_0e0f, 0x0001_0203_0405_0607);
    let mut x = [_mm_setzero_si128(); 8];
    // Slot j % 8 holds W+K of pair j.
    let mut wk = [[0u64; 2]; 8];
    for (j, (xj, bytes)) in x.iter_mut().zip(block.chunks_exact(16)).enumerate() {
        // SAFETY: `bytes` is a 16-byte chunk of the block.
        *xj = _mm_shuffle_epi8(unsafe { _mm_loadu_si128(bytes.as_ptr().cast()) }, bswap);
        store_wk_one(&mut wk[j], *xj, &K_PAIRS[0][j]);
    }
    let mut v = *state;
    for k in &K_PAIRS[1..] {
        sixteen_rounds_one(&mut v, &mut x, &mut wk, k);
    }
    eight_rounds(&mut v, ring_words(&wk, 0));
    eight_rounds(&mut v, ring_words(&wk, 4));
    add_into(state, &v);
    crate::wipe::wipe(wk.as_flattened_mut());
}

/// Rounds of the pairs in ring slots 0..4, then those slots take the next
/// four pairs (K from `k`); likewise for slots 4..8. A loop of four steps
/// rather than written out, like the two-block path.
#[target_feature(enable = "avx,avx2,bmi1,bmi2")]
#[inline]
fn sixteen_rounds_one(
    v: &mut [u64; 8],
    x: &mut [__m128i; 8],
    wk: &mut [[u64; 2]; 8],
    k: &[[u64; 2]; 8],
) {
    let (k_lo, k_hi) = k.split_at(4);
    eight_rounds(v, ring_words(wk, 0));
    for (r, kr) in k_lo.iter().enumerate() {
        schedule_pair_one(x, r, wk, kr);
    }
    eight_rounds(v, ring_words(wk, 4));
    for (r, kr) in k_hi.iter().enumerate() {
        schedule_pair_one(x, 4 + r, wk, kr);
    }
}

/// [`schedule_pair`] for one block in a 128-bit register.
#[target_feature(enable = "avx,avx2,bmi1,bmi2")]
#[inline]
fn schedule_pair_one(x: &mut [__m128i; 8], r: usize, wk: &mut [[u64; 2]; 8], k: &[u64; 2]) {
    let w16 = x[r];
    let w15 = _mm_alignr_epi8::<8>(x[(r + 1) % 8], w16);
    let w7 = _mm_alignr_epi8::<8>(x[(r + 5) % 8], x[(r + 4) % 8]);
    let w2 = x[(r + 7) % 8];
    let next = _mm_add_epi64(
        _mm_add_epi64(w16, sigma0_one(w15)),
        _mm_add_epi64(w7, sigma1_one(w2)),
    );
    x[r] = next;
    store_wk_one(&mut wk[r], next, k);
}

/// Stores W+K of one pair into its ring slot, `k` from [`K_PAIRS`].
#[target_feature(enable = "avx,avx2,bmi1,bmi2")]
#[inline]
fn store_wk_one(dst: &mut [u64; 2], w: __m128i, k: &[u64; 2]) {
    // SAFETY: `k` and `dst` are 16 bytes; unaligned load and store.
    unsafe {
        let k = _mm_loadu_si128(k.as_ptr().cast());
        _mm_storeu_si128(dst.as_mut_ptr().cast(), _mm_add_epi64(w, k));
    }
}

/// K by schedule pair: pair 8c + r is `K_PAIRS[c][r]` = [K[2j], K[2j+1]]
/// with j = 8c + r.
static K_PAIRS: [[[u64; 2]; 8]; 5] = {
    let mut out = [[[0u64; 2]; 8]; 5];
    let mut j = 0;
    while j < 40 {
        out[j / 8][j % 8] = [K[2 * j], K[2 * j + 1]];
        j += 1;
    }
    out
};

/// W+K of the eight rounds starting at pair `first` (a multiple of 4), from the ring.
#[inline(always)]
fn ring_words(wk: &[[u64; 2]; 8], first: usize) -> impl Fn(usize) -> u64 + '_ {
    move |i| wk[(first + i / 2) % 8][i % 2]
}

/// σ0 on two lanes.
#[target_feature(enable = "avx,avx2,bmi1,bmi2")]
#[inline]
fn sigma0_one(x: __m128i) -> __m128i {
    let ror1 = _mm_or_si128(_mm_srli_epi64::<1>(x), _mm_slli_epi64::<63>(x));
    let ror8 = _mm_or_si128(_mm_srli_epi64::<8>(x), _mm_slli_epi64::<56>(x));
    _mm_xor_si128(_mm_xor_si128(ror1, ror8), _mm_srli_epi64::<7>(x))
}

/// σ1 on two lanes.
#[target_feature(enable = "avx,avx2,bmi1,bmi2")]
#[inline]
fn sigma1_one(x: __m128i) -> __m128i {
    let ror19 = _mm_or_si128(_mm_srli_epi64::<19>(x), _mm_slli_epi64::<45>(x));
    let ror61 = _mm_or_si128(_mm_srli_epi64::<61>(x), _mm_slli_epi64::<3>(x));
    _mm_xor_si128(_mm_xor_si128(ror19, ror61), _mm_srli_epi64::<6>(x))
}

/// Computes the schedule of blocks `a` and `b` into `wk` while running all 80
/// rounds of block `a` on `state`.
///
/// The 64 rounds that overlap the schedule are a loop of four 16-round
/// steps (one schedule step per two rounds), not written out, and so are
/// [`one_block`]'s: the compression function shrinks from about 5800 to
/// 2600 instructions, and on Zen 4 1 KiB messages (four pairs and a padding
/// block) hash 5 % faster, 16 KiB and 64 B unchanged, because less code
/// competes for the decoded-instruction cache.
#[target_feature(enable = "avx,avx2,bmi1,bmi2")]
#[inline]
fn schedule_and_rounds_a(state: &mut [u64; 8], a: &[u8], b: &[u8], wk: &mut [[[u64; 4]; 8]; 5]) {
    // Byte-swaps each 64-bit word: the message is big-endian.
    let bswap = _mm256_set_epi64x(
        0x0809_0a0b_0c0d_0e0f,
        0x0001_0203_0405_0607,
        0x0809_0a0b_0c0d_0e0f,
        0x0001_0203_0405_0607,
    );
    let mut x = [_mm256_setzero_si256(); 8];
    for (j, xj) in x.iter_mut().enumerate() {
        let (lo, hi) = (&a[16 * j..16 * j + 16], &b[16 * j..16 * j + 16]);
        // SAFETY: `lo` and `hi` are 16-byte slices (a and b are 128 bytes).
        let words = unsafe { _mm256_loadu2_m128i(hi.as_ptr().cast(), lo.as_ptr().cast()) };
        *xj = _mm256_shuffle_epi8(words, bswap);
        store_wk(&mut wk[0][j], *xj, &K2[0][j]);
    }

    // Chunk c of rounds (rounds 16c .. 16c+16) reads schedule chunk c, which
    // the previous step produced while running chunk c - 1. Slot r of `x`
    // always holds a pair j with j % 8 == r, so `x` stays in registers.
    let mut v = *state;
    for c in 1..5 {
        let (done, todo) = wk.split_at_mut(c);
        let (prev, next) = (&done[c - 1], &mut todo[0]);
        let k = &K2[c];
        eight_rounds_with(&mut v, lane_words(prev, 0, 0), |r| {
            schedule_pair(&mut x, r, &mut next[r], &k[r])
        });
        eight_rounds_with(&mut v, lane_words(prev, 1, 0), |r| {
            schedule_pair(&mut x, 4 + r, &mut next[4 + r], &k[4 + r])
        });
    }
    eight_rounds(&mut v, lane_words(&wk[4], 0, 0));
    eight_rounds(&mut v, lane_words(&wk[4], 1, 0));
    add_into(state, &v);
}

/// Computes schedule pair `j` (W[2j], W[2j+1] of both blocks) into slot `r`
/// = j % 8 of `x` and its W+K into `wk[j]`:
/// W[t] = σ1(W[t-2]) + W[t-7] + σ0(W[t-15]) + W[t-16] (FIPS 180-4 (6.4.2)).
#[target_feature(enable = "avx,avx2,bmi1,bmi2")]
#[inline]
fn schedule_pair(x: &mut [__m256i; 8], r: usize, wk: &mut [u64; 4], k: &[u64; 4]) {
    let w16 = x[r];
    let w15 = _mm256_alignr_epi8::<8>(x[(r + 1) % 8], w16);
    let w7 = _mm256_alignr_epi8::<8>(x[(r + 5) % 8], x[(r + 4) % 8]);
    let w2 = x[(r + 7) % 8];
    let next = _mm256_add_epi64(
        _mm256_add_epi64(w16, sigma0(w15)),
        _mm256_add_epi64(w7, sigma1(w2)),
    );
    x[r] = next;
    store_wk(wk, next, k);
}

/// Stores W+K for one schedule pair (both lanes), `k` from [`K2`].
#[target_feature(enable = "avx,avx2,bmi1,bmi2")]
#[inline]
fn store_wk(dst: &mut [u64; 4], w: __m256i, k: &[u64; 4]) {
    // SAFETY: `k` and `dst` are 32 bytes; unaligned load and store.
    unsafe {
        let k = _mm256_loadu_si256(k.as_ptr().cast());
        _mm256_storeu_si256(dst.as_mut_ptr().cast(), _mm256_add_epi64(w, k));
    }
}

/// K laid out like the two-block W+K buffer: pair 8c + r is `K2[c][r]` =
/// [K[2j], K[2j+1], K[2j], K[2j+1]] with j = 8c + r (one load per pair).
static K2: [[[u64; 4]; 8]; 5] = {
    let mut out = [[[0u64; 4]; 8]; 5];
    let mut j = 0;
    while j < 40 {
        let (k0, k1) = (K[2 * j], K[2 * j + 1]);
        out[j / 8][j % 8] = [k0, k1, k0, k1];
        j += 1;
    }
    out
};

/// W+K of round 8h + i of a chunk (h = 0 or 1) for the block in lane `at`
/// (0 for A, 2 for B).
#[inline(always)]
fn lane_words(chunk: &[[u64; 4]; 8], h: usize, at: usize) -> impl Fn(usize) -> u64 + '_ {
    move |i| chunk[4 * h + i / 2][at + i % 2]
}

#[target_feature(enable = "avx,avx2,bmi1,bmi2")]
#[inline]
fn add_into(state: &mut [u64; 8], v: &[u64; 8]) {
    for (s, v) in state.iter_mut().zip(v) {
        *s = s.wrapping_add(*v);
    }
}

/// Rotate right each 64-bit lane by `R` (`L` = 64 − `R`; AVX2 has no rotate).
#[target_feature(enable = "avx,avx2,bmi1,bmi2")]
#[inline]
fn ror<const R: i32, const L: i32>(x: __m256i) -> __m256i {
    _mm256_or_si256(_mm256_srli_epi64::<R>(x), _mm256_slli_epi64::<L>(x))
}

/// σ0 (FIPS 180-4 (4.12)) on four lanes.
#[target_feature(enable = "avx,avx2,bmi1,bmi2")]
#[inline]
fn sigma0(x: __m256i) -> __m256i {
    _mm256_xor_si256(
        _mm256_xor_si256(ror::<1, 63>(x), ror::<8, 56>(x)),
        _mm256_srli_epi64::<7>(x),
    )
}

/// σ1 (FIPS 180-4 (4.13)) on four lanes.
#[target_feature(enable = "avx,avx2,bmi1,bmi2")]
#[inline]
fn sigma1(x: __m256i) -> __m256i {
    _mm256_xor_si256(
        _mm256_xor_si256(ror::<19, 45>(x), ror::<61, 3>(x)),
        _mm256_srli_epi64::<6>(x),
    )
}
