//! SHA-512 compression with the ARMv8.2 SHA-512 instructions (FEAT_SHA512).
//!
//! The state is four vectors AB, CD, EF, GH (low lane first). Two rounds
//! (FIPS 180-4 §6.4.2 step 3, rounds t and t+1) are one `sha512h`, which
//! yields both rounds' T1 from E..H and `W+K` (its pseudocode in the Arm
//! ARM: Σ1, Ch, and the new E of round t computed on the way), and one
//! `sha512h2`, which adds T2 (Σ0, Maj) to give the new A and B; the new
//! E and F are C and D plus the two T1. `sha512su0`/`sha512su1` extend the
//! message schedule two words at a time (§6.4.2 step 1).
#![allow(unsafe_code)]

use super::K;
use crate::cpu::Sha512;
use core::arch::aarch64::*;

/// Compresses every 128-byte block of `blocks` into `state`.
#[inline]
pub(super) fn compress(_proof: Sha512, state: &mut [u64; 8], blocks: &[u8]) {
    // SAFETY: the `Sha512` token exists only after `cpu::sha512()` detected
    // sha3 (FEAT_SHA512 and FEAT_SHA3), exactly the feature
    // `compress_sha512` enables.
    unsafe { compress_sha512(state, blocks) }
}

#[target_feature(enable = "sha3")]
fn compress_sha512(state: &mut [u64; 8], blocks: &[u8]) {
    // SAFETY: `state` is 64 bytes, read as four 16-byte vectors.
    let [mut ab, mut cd, mut ef, mut gh] = unsafe {
        let p = state.as_ptr();
        [
            vld1q_u64(p),
            vld1q_u64(p.add(2)),
            vld1q_u64(p.add(4)),
            vld1q_u64(p.add(6)),
        ]
    };

    for block in blocks.chunks_exact(128) {
        let start = [ab, cd, ef, gh];
        // w[i % 8] holds W[2i], W[2i+1] (big-endian words, byte-reversed).
        let mut w = [vdupq_n_u64(0); 8];
        for (v, bytes) in w.iter_mut().zip(block.chunks_exact(16)) {
            // SAFETY: `bytes` is exactly 16 bytes.
            *v = vreinterpretq_u64_u8(vrev64q_u8(unsafe { vld1q_u8(bytes.as_ptr()) }));
        }

        for pair in 0..40 {
            let slot = pair % 8;
            let wk = vaddq_u64(w[slot], k2(pair));
            if pair < 32 {
                // W[t] = σ1(W[t-2]) + W[t-7] + σ0(W[t-15]) + W[t-16] for
                // t = 2·pair + 16, 2·pair + 17.
                let s0 = vsha512su0q_u64(w[slot], w[(slot + 1) % 8]);
                let w9_10 = vextq_u64::<1>(w[(slot + 4) % 8], w[(slot + 5) % 8]);
                w[slot] = vsha512su1q_u64(s0, w[(slot + 7) % 8], w9_10);
            }
            // sha512h operands: [H + (W+K)[t], G + (W+K)[t+1]] with the
            // lanes as the instruction wants them ([G.., H..]), [F, G], [D, E].
            let fg = vextq_u64::<1>(ef, gh);
            let de = vextq_u64::<1>(cd, ef);
            let sum = vaddq_u64(gh, vextq_u64::<1>(wk, wk));
            let t1 = vsha512hq_u64(sum, fg, de);
            let new_ef = vaddq_u64(cd, t1);
            let new_ab = vsha512h2q_u64(t1, cd, ab);
            (gh, ef, cd, ab) = (ef, new_ef, ab, new_ab);
        }

        ab = vaddq_u64(ab, start[0]);
        cd = vaddq_u64(cd, start[1]);
        ef = vaddq_u64(ef, start[2]);
        gh = vaddq_u64(gh, start[3]);
    }

    // SAFETY: `state` is 64 bytes, written as four 16-byte vectors.
    unsafe {
        let p = state.as_mut_ptr();
        vst1q_u64(p, ab);
        vst1q_u64(p.add(2), cd);
        vst1q_u64(p.add(4), ef);
        vst1q_u64(p.add(6), gh);
    }
}

/// Round constants K[2i], K[2i+1] as one vector.
#[target_feature(enable = "sha3")]
#[inline]
fn k2(i: usize) -> uint64x2_t {
    let k: &[u64; 2] = K[2 * i..2 * i + 2].try_into().unwrap_or(&[0; 2]);
    // SAFETY: `k` is two u64s, read as one 16-byte vector.
    unsafe { vld1q_u64(k.as_ptr()) }
}
