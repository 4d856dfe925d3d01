//! Portable SHA-512 compression (FIPS 180-4 §6.4.2).
//!
//! Only additions, rotations and bitwise logic on 64-bit words with a fixed
//! schedule: constant time by construction.

use super::K;

/// Compresses every 128-byte block of `blocks` into `state`.
pub(super) fn compress(state: &mut [u64; 8], blocks: &[u8]) {
    for block in blocks.chunks_exact(128) {
        let mut w = [0u64; 80];
        for (word, bytes) in w.iter_mut().zip(block.chunks_exact(8)) {
            let mut b = [0u8; 8];
            b.copy_from_slice(bytes);
            *word = u64::from_be_bytes(b);
        }
        for t in 16..80 {
            w[t] = sigma1(w[t - 2])
                .wrapping_add(w[t - 7])
                .wrapping_add(sigma0(w[t - 15]))
                .wrapping_add(w[t - 16]);
        }
        let mut v = *state;
        for (w8, k8) in w.chunks_exact(8).zip(K.chunks_exact(8)) {
            let mut wk = [0u64; 8];
            for ((out, w), k) in wk.iter_mut().zip(w8).zip(k8) {
                *out = w.wrapping_add(*k);
            }
            eight_rounds(&mut v, |i| wk[i]);
        }
        for (s, v) in state.iter_mut().zip(v) {
            *s = s.wrapping_add(v);
        }
    }
}

/// Eight rounds (FIPS 180-4 §6.4.2 step 3) with `wk(i)` = K[t+i] + W[t+i]
/// (a closure, so that callers read W+K from wherever they keep it).
///
/// Instead of shifting all eight working variables after each round, the
/// variables stay put and each call of [`round`] names them rotated by one;
/// after eight rounds the names line up again.
#[inline(always)]
pub(super) fn eight_rounds(v: &mut [u64; 8], wk: impl Fn(usize) -> u64) {
    eight_rounds_with(v, wk, |_| {});
}

/// [`eight_rounds`] calling `between(k)` after rounds 2k and 2k+1
/// (k = 0..4): an accelerated caller puts one step of its vector message
/// schedule there, so that program order mixes the vector and the scalar
/// work evenly (the closure is inlined; for `eight_rounds` it is empty).
#[inline(always)]
pub(super) fn eight_rounds_with(
    v: &mut [u64; 8],
    wk: impl Fn(usize) -> u64,
    mut between: impl FnMut(usize),
) {
    let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = *v;
    // Maj(a, b, c) = b ^ ((a ^ b) & (b ^ c)), and this round's a ^ b is the
    // next round's b ^ c: carrying it saves two operations a round.
    let mut bc = b ^ c;
    round(a, b, &mut d, e, f, g, &mut h, &mut bc, wk(0));
    round(h, a, &mut c, d, e, f, &mut g, &mut bc, wk(1));
    between(0);
    round(g, h, &mut b, c, d, e, &mut f, &mut bc, wk(2));
    round(f, g, &mut a, b, c, d, &mut e, &mut bc, wk(3));
    between(1);
    round(e, f, &mut h, a, b, c, &mut d, &mut bc, wk(4));
    round(d, e, &mut g, h, a, b, &mut c, &mut bc, wk(5));
    between(2);
    round(c, d, &mut f, g, h, a, &mut b, &mut bc, wk(6));
    round(b, c, &mut e, f, g, h, &mut a, &mut bc, wk(7));
    between(3);
    *v = [a, b, c, d, e, f, g, h];
}

/// One round: the new `a` is written to `h` and the new `e` to `d`; `bc`
/// holds b ^ c on entry and a ^ b on exit.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn round(a: u64, b: u64, d: &mut u64, e: u64, f: u64, g: u64, h: &mut u64, bc: &mut u64, wk: u64) {
    let big_s1 = e.rotate_right(14) ^ e.rotate_right(18) ^ e.rotate_right(41);
    // Ch(e, f, g) = ((f ^ g) & e) ^ g: one temporary register (the
    // `andn` form needs two, and the rounds run short of registers).
    let ch = ((f ^ g) & e) ^ g;
    let t1 = h.wrapping_add(wk).wrapping_add(ch).wrapping_add(big_s1);
    let big_s0 = a.rotate_right(28) ^ a.rotate_right(34) ^ a.rotate_right(39);
    let ab = a ^ b;
    let maj = b ^ (ab & *bc);
    *bc = ab;
    *d = d.wrapping_add(t1);
    *h = t1.wrapping_add(big_s0.wrapping_add(maj));
}

/// σ0 of the message schedule (FIPS 180-4 (4.12)).
#[inline(always)]
fn sigma0(x: u64) -> u64 {
    x.rotate_right(1) ^ x.rotate_right(8) ^ (x >> 7)
}

/// σ1 of the message schedule (FIPS 180-4 (4.13)).
#[inline(always)]
fn sigma1(x: u64) -> u64 {
    x.rotate_right(19) ^ x.rotate_right(61) ^ (x >> 6)
}
