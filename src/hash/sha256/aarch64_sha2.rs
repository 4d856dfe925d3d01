//! SHA-256 compression with the ARMv8 SHA-2 instructions (FEAT_SHA256).
//!
//! The whole multi-block loop is one `#[target_feature]` function so that the
//! state stays in NEON registers from the first block to the last.
//!
//! Register layout (Arm A64 ISA, SHA256H/SHA256H2/SHA256SU0/SHA256SU1):
//! the working variables are two vectors, ABCD and EFGH in natural order;
//! `sha256h` and `sha256h2` together do four rounds, taking W+K for those
//! rounds as one vector, and `sha256su0`/`sha256su1` compute the message
//! schedule four words at a time.
#![allow(unsafe_code)]

use super::K;
use crate::cpu::Sha2;
use core::arch::aarch64::*;

/// Compresses every 64-byte block of `blocks` into `state`.
#[inline]
pub(super) fn compress(_proof: Sha2, state: &mut [u32; 8], blocks: &[u8]) {
    // SAFETY: the `Sha2` token exists only after `cpu::sha2()` detected
    // sha2 (FEAT_SHA256), exactly the feature `compress_sha2` enables.
    unsafe { compress_sha2(state, blocks) }
}

#[target_feature(enable = "sha2")]
fn compress_sha2(state: &mut [u32; 8], blocks: &[u8]) {
    // SAFETY: `state` is 32 bytes, read as two 16-byte vectors.
    let (mut abcd, mut efgh) =
        unsafe { (vld1q_u32(state.as_ptr()), vld1q_u32(state.as_ptr().add(4))) };

    for block in blocks.chunks_exact(64) {
        let (abcd_in, efgh_in) = (abcd, efgh);
        // SAFETY: `block` is exactly 64 bytes, read as four 16-byte vectors.
        // The message is big-endian: each 32-bit word is byte-reversed.
        let mut w = unsafe {
            let p = block.as_ptr();
            [
                vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(p))),
                vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(p.add(16)))),
                vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(p.add(32)))),
                vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(p.add(48)))),
            ]
        };

        // 16 groups of four rounds. Group i uses W[4i..4i+4], held in
        // w[i % 4]; while groups remain, that slot is then overwritten with
        // W[4i+16..4i+20] = su1(su0(W[4i..], W[4i+4..]), W[4i+8..], W[4i+12..])
        // (FIPS 180-4 §6.2.2 step 1, four words at a time).
        for group in 0..16 {
            let slot = group % 4;
            let wk = vaddq_u32(w[slot], k4(group));
            if group < 12 {
                let next = vsha256su0q_u32(w[slot], w[(slot + 1) % 4]);
                w[slot] = vsha256su1q_u32(next, w[(slot + 2) % 4], w[(slot + 3) % 4]);
            }
            let abcd_before = abcd;
            abcd = vsha256hq_u32(abcd, efgh, wk);
            efgh = vsha256h2q_u32(efgh, abcd_before, wk);
        }

        abcd = vaddq_u32(abcd, abcd_in);
        efgh = vaddq_u32(efgh, efgh_in);
    }

    // SAFETY: `state` is 32 bytes, written as two 16-byte vectors.
    unsafe {
        vst1q_u32(state.as_mut_ptr(), abcd);
        vst1q_u32(state.as_mut_ptr().add(4), efgh);
    }
}

/// Round constants K[4i..4i+4] as one vector.
#[target_feature(enable = "sha2")]
#[inline]
fn k4(i: usize) -> uint32x4_t {
    let k: &[u32; 4] = K[4 * i..4 * i + 4].try_into().unwrap_or(&[0; 4]);
    // SAFETY: `k` is four u32s, read as one 16-byte vector.
    unsafe { vld1q_u32(k.as_ptr()) }
}
