//! SHA-256 compression with the Intel SHA extensions (SHA-NI).
//!
//! The whole multi-block loop is one `#[target_feature]` function so that the
//! state stays in XMM registers from the first block to the last.
//!
//! Register layout (Intel, "New Instructions Supporting the Secure Hash
//! Algorithm on Intel Architecture Processors"): `sha256rnds2` keeps the
//! working variables as two vectors, ABEF and CDGH, and does two rounds per
//! instruction, taking W+K for those rounds from the low 64 bits of its third
//! operand. `sha256msg1`/`sha256msg2` compute the message schedule four words
//! at a time.
#![allow(unsafe_code)]

use super::K;
use crate::cpu::ShaNi;
use core::arch::x86_64::*;

/// Compresses every 64-byte block of `blocks` into `state`.
#[inline]
pub(super) fn compress(_proof: ShaNi, state: &mut [u32; 8], blocks: &[u8]) {
    // SAFETY: the `ShaNi` token exists only after `cpu::shani()` detected
    // sha, sse2, ssse3 and sse4.1, exactly the features `compress_shani` enables.
    unsafe { compress_shani(state, blocks) }
}

#[target_feature(enable = "sha,sse2,ssse3,sse4.1")]
fn compress_shani(state: &mut [u32; 8], blocks: &[u8]) {
    // Byte-swaps each 32-bit word: the message is big-endian.
    let bswap = _mm_set_epi64x(0x0c0d_0e0f_0809_0a0b, 0x0405_0607_0001_0203);

    // SAFETY: `state` is 32 bytes, read as two unaligned 16-byte vectors.
    let (dcba, hgfe) = unsafe {
        (
            _mm_loadu_si128(state.as_ptr().cast()),
            _mm_loadu_si128(state.as_ptr().add(4).cast()),
        )
    };
    let cdab = _mm_shuffle_epi32::<0xB1>(dcba);
    let efgh = _mm_shuffle_epi32::<0x1B>(hgfe);
    let mut abef = _mm_alignr_epi8::<8>(cdab, efgh);
    let mut cdgh = _mm_blend_epi16::<0xF0>(efgh, cdab);

    for block in blocks.chunks_exact(64) {
        let (abef_in, cdgh_in) = (abef, cdgh);
        // SAFETY: `block` is exactly 64 bytes, read as four unaligned vectors.
        let w = unsafe {
            let p = block.as_ptr();
            [
                _mm_shuffle_epi8(_mm_loadu_si128(p.cast()), bswap),
                _mm_shuffle_epi8(_mm_loadu_si128(p.add(16).cast()), bswap),
                _mm_shuffle_epi8(_mm_loadu_si128(p.add(32).cast()), bswap),
                _mm_shuffle_epi8(_mm_loadu_si128(p.add(48).cast()), bswap),
            ]
        };

        // 16 groups of four rounds, written out so every vector stays in a
        // register. Group i uses W[4i..4i+4]; from group 4 on, those words
        // come from the schedule W[t] = σ1(W[t-2]) + W[t-7] + σ0(W[t-15]) + W[t-16],
        // computed as msg2(msg1(W[t-16..], W[t-12..]) + W[t-7..t-3], W[t-4..]).
        let [mut w0, mut w1, mut w2, mut w3] = w;
        four_rounds(&mut abef, &mut cdgh, w0, 0);
        four_rounds(&mut abef, &mut cdgh, w1, 1);
        four_rounds(&mut abef, &mut cdgh, w2, 2);
        four_rounds(&mut abef, &mut cdgh, w3, 3);
        for group in [4, 8, 12] {
            w0 = schedule(w0, w1, w2, w3);
            four_rounds(&mut abef, &mut cdgh, w0, group);
            w1 = schedule(w1, w2, w3, w0);
            four_rounds(&mut abef, &mut cdgh, w1, group + 1);
            w2 = schedule(w2, w3, w0, w1);
            four_rounds(&mut abef, &mut cdgh, w2, group + 2);
            w3 = schedule(w3, w0, w1, w2);
            four_rounds(&mut abef, &mut cdgh, w3, group + 3);
        }

        abef = _mm_add_epi32(abef, abef_in);
        cdgh = _mm_add_epi32(cdgh, cdgh_in);
    }

    let feba = _mm_shuffle_epi32::<0x1B>(abef);
    let dchg = _mm_shuffle_epi32::<0xB1>(cdgh);
    let dcba = _mm_blend_epi16::<0xF0>(feba, dchg);
    let hgfe = _mm_alignr_epi8::<8>(dchg, feba);
    // SAFETY: `state` is 32 bytes, written as two unaligned 16-byte vectors.
    unsafe {
        _mm_storeu_si128(state.as_mut_ptr().cast(), dcba);
        _mm_storeu_si128(state.as_mut_ptr().add(4).cast(), hgfe);
    }
}

/// Rounds 4i .. 4i+4: two `sha256rnds2`, each taking W+K of two rounds from
/// the low half of its third operand.
#[target_feature(enable = "sha,sse2,ssse3,sse4.1")]
#[inline]
fn four_rounds(abef: &mut __m128i, cdgh: &mut __m128i, w: __m128i, i: usize) {
    let wk = _mm_add_epi32(w, k4(i));
    *cdgh = _mm_sha256rnds2_epu32(*cdgh, *abef, wk);
    *abef = _mm_sha256rnds2_epu32(*abef, *cdgh, _mm_shuffle_epi32::<0x0E>(wk));
}

/// The next four schedule words from the previous sixteen
/// (`m0` = W[t-16..t-12] … `m3` = W[t-4..t]).
#[target_feature(enable = "sha,sse2,ssse3,sse4.1")]
#[inline]
fn schedule(m0: __m128i, m1: __m128i, m2: __m128i, m3: __m128i) -> __m128i {
    let t = _mm_add_epi32(_mm_sha256msg1_epu32(m0, m1), _mm_alignr_epi8::<4>(m3, m2));
    _mm_sha256msg2_epu32(t, m3)
}

/// Round constants K[4i..4i+4] as one vector.
#[target_feature(enable = "sha,sse2,ssse3,sse4.1")]
#[inline]
fn k4(i: usize) -> __m128i {
    let k = &K[4 * i..4 * i + 4];
    // Bit-casts of public constants.
    _mm_set_epi32(k[3] as i32, k[2] as i32, k[1] as i32, k[0] as i32)
}

/// HMAC's two finishing hashes in one call (RFC 2104 steps 5 and 8), for
/// SHA-256 (`digest_words` = 8) and SHA-224 (7): compresses `blocks` and then
/// the padded last block(s) `padded` into the inner pad state `inner`, builds
/// the outer block from the inner digest while it is still in registers
/// (digest words, `0x80` word, zeros, bit length of pad block + digest), and
/// compresses it into the outer pad state `outer`. Returns the outer state,
/// whose first `digest_words` words are the tag. The inner digest is never
/// stored, serialised or re-read.
#[inline]
pub(super) fn hmac_finish(
    _proof: ShaNi,
    inner: &[u32; 8],
    blocks: &[u8],
    padded: &[u8],
    outer: &[u32; 8],
    digest_words: usize,
) -> [u32; 8] {
    // SAFETY: the `ShaNi` token exists only after `cpu::shani()` detected
    // sha, sse2, ssse3 and sse4.1, exactly the features `hmac_finish_shani` enables.
    unsafe { hmac_finish_shani(inner, blocks, padded, outer, digest_words) }
}

#[target_feature(enable = "sha,sse2,ssse3,sse4.1")]
fn hmac_finish_shani(
    inner: &[u32; 8],
    blocks: &[u8],
    padded: &[u8],
    outer: &[u32; 8],
    digest_words: usize,
) -> [u32; 8] {
    let (mut abef, mut cdgh) = load_state(inner);
    for block in blocks
        .chunks_exact(64)
        .filter_map(|b| b.first_chunk::<64>())
    {
        (abef, cdgh) = block_rounds(abef, cdgh, load_block(block));
    }
    for block in padded
        .chunks_exact(64)
        .filter_map(|b| b.first_chunk::<64>())
    {
        (abef, cdgh) = block_rounds(abef, cdgh, load_block(block));
    }
    // W[0..8] of the outer block are the inner state words A..H themselves
    // (the digest is their big-endian serialisation, and W is read
    // big-endian), so the vectors in memory order are the schedule input.
    let (dcba, hgfe) = state_words(abef, cdgh);
    let one_bit = 0x8000_0000u32 as i32;
    let w = if digest_words == 7 {
        // SHA-224: 28 digest bytes, then 0x80; (64 + 28)·8 = 736 bits.
        [
            dcba,
            _mm_insert_epi32::<3>(hgfe, one_bit),
            _mm_setzero_si128(),
            _mm_set_epi32(736, 0, 0, 0),
        ]
    } else {
        // SHA-256: 32 digest bytes, then 0x80; (64 + 32)·8 = 768 bits.
        [
            dcba,
            hgfe,
            _mm_set_epi32(0, 0, 0, one_bit),
            _mm_set_epi32(768, 0, 0, 0),
        ]
    };
    let (abef_o, cdgh_o) = load_state(outer);
    let (abef_o, cdgh_o) = block_rounds(abef_o, cdgh_o, w);
    let (dcba_o, hgfe_o) = state_words(abef_o, cdgh_o);
    let mut out = [0u32; 8];
    // SAFETY: `out` is 32 bytes, written as two unaligned 16-byte vectors.
    unsafe {
        _mm_storeu_si128(out.as_mut_ptr().cast(), dcba_o);
        _mm_storeu_si128(out.as_mut_ptr().add(4).cast(), hgfe_o);
    }
    out
}

/// The state as the ABEF and CDGH vectors `sha256rnds2` works on.
#[target_feature(enable = "sha,sse2,ssse3,sse4.1")]
#[inline]
fn load_state(state: &[u32; 8]) -> (__m128i, __m128i) {
    // SAFETY: `state` is 32 bytes, read as two unaligned 16-byte vectors.
    let (dcba, hgfe) = unsafe {
        (
            _mm_loadu_si128(state.as_ptr().cast()),
            _mm_loadu_si128(state.as_ptr().add(4).cast()),
        )
    };
    let cdab = _mm_shuffle_epi32::<0xB1>(dcba);
    let efgh = _mm_shuffle_epi32::<0x1B>(hgfe);
    (
        _mm_alignr_epi8::<8>(cdab, efgh),
        _mm_blend_epi16::<0xF0>(efgh, cdab),
    )
}

/// ABEF and CDGH back to the state words in memory order: (A, B, C, D)
/// and (E, F, G, H), A in the lowest lane.
#[target_feature(enable = "sha,sse2,ssse3,sse4.1")]
#[inline]
fn state_words(abef: __m128i, cdgh: __m128i) -> (__m128i, __m128i) {
    let feba = _mm_shuffle_epi32::<0x1B>(abef);
    let dchg = _mm_shuffle_epi32::<0xB1>(cdgh);
    (
        _mm_blend_epi16::<0xF0>(feba, dchg),
        _mm_alignr_epi8::<8>(dchg, feba),
    )
}

/// W[0..16] of a 64-byte block as four vectors of big-endian words.
#[target_feature(enable = "sha,sse2,ssse3,sse4.1")]
#[inline]
fn load_block(block: &[u8; 64]) -> [__m128i; 4] {
    let bswap = _mm_set_epi64x(0x0c0d_0e0f_0809_0a0b, 0x0405_0607_0001_0203);
    let p = block.as_ptr();
    // SAFETY: `block` is exactly 64 bytes, read as four unaligned vectors.
    unsafe {
        [
            _mm_shuffle_epi8(_mm_loadu_si128(p.cast()), bswap),
            _mm_shuffle_epi8(_mm_loadu_si128(p.add(16).cast()), bswap),
            _mm_shuffle_epi8(_mm_loadu_si128(p.add(32).cast()), bswap),
            _mm_shuffle_epi8(_mm_loadu_si128(p.add(48).cast()), bswap),
        ]
    }
}

/// The 64 rounds of one block on ABEF/CDGH, with the feed-forward addition.
#[target_feature(enable = "sha,sse2,ssse3,sse4.1")]
#[inline]
fn block_rounds(abef_in: __m128i, cdgh_in: __m128i, w: [__m128i; 4]) -> (__m128i, __m128i) {
    let (mut abef, mut cdgh) = (abef_in, cdgh_in);
    let [mut w0, mut w1, mut w2, mut w3] = w;
    four_rounds(&mut abef, &mut cdgh, w0, 0);
    four_rounds(&mut abef, &mut cdgh, w1, 1);
    four_rounds(&mut abef, &mut cdgh, w2, 2);
    four_rounds(&mut abef, &mut cdgh, w3, 3);
    for group in [4, 8, 12] {
        w0 = schedule(w0, w1, w2, w3);
        four_rounds(&mut abef, &mut cdgh, w0, group);
        w1 = schedule(w1, w2, w3, w0);
        four_rounds(&mut abef, &mut cdgh, w1, group + 1);
        w2 = schedule(w2, w3, w0, w1);
        four_rounds(&mut abef, &mut cdgh, w2, group + 2);
        w3 = schedule(w3, w0, w1, w2);
        four_rounds(&mut abef, &mut cdgh, w3, group + 3);
    }
    (_mm_add_epi32(abef, abef_in), _mm_add_epi32(cdgh, cdgh_in))
}
