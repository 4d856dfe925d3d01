//! AES-GCM with the ARMv8 Cryptography Extensions: AESE/AESMC for AES
//! (FEAT_AES) and PMULL for GHASH (FEAT_PMULL).
//!
//! - AES (FIPS 197): each round is an `AESE` (AddRoundKey, ShiftRows,
//!   SubBytes) immediately followed by its `AESMC` (MixColumns) on the same
//!   register, the pair ARM cores fuse; eight counter blocks are in flight
//!   at once so the pairs of different blocks overlap in the pipeline. The
//!   key schedule's SubWord also runs on `AESE` (a word repeated in all four
//!   columns is unchanged by ShiftRows), so no table is indexed by key bytes.
//! - GHASH (SP 800-38D §6.4) is computed as POLYVAL (RFC 8452 Appendix A):
//!   `GHASH(H, X) = rev(POLYVAL(mulX(rev H), rev X_1, …))`, where `rev`
//!   reverses the 16 bytes. POLYVAL's bit order is the one PMULL
//!   multiplies in, so a block product is four 64×64 PMULLs and the
//!   reduction (a multiplication by x^-128 modulo
//!   x^128 + x^127 + x^126 + x^121 + 1) is two more. Eight blocks are
//!   multiplied by H^8 … H^1 and summed unreduced, with one reduction per
//!   group. Every step is a fixed instruction sequence: constant time.
//! - Opening decrypts and hashes the same ciphertext group in one pass; the
//!   caller compares tags and wipes the buffer on a mismatch.
#![allow(unsafe_code)]

use crate::cpu::AesPmull;
use core::arch::aarch64::*;
use zeroize::Zeroize;

/// Round keys and GHASH key powers for the ARMv8 backend.
pub(crate) struct Key {
    token: AesPmull,
    /// AES round keys in byte order; AES-128 uses the first 11.
    rk: [[u8; 16]; 15],
    /// `h[i]` = H^(i+1) in the POLYVAL domain, as (low, high) 64-bit halves.
    h: [[u64; 2]; 8],
}

/// Blocks per group: AES blocks in flight, GHASH blocks per reduction.
const GROUP: usize = 8;

/// The POLYVAL reduction constant: x^127 + x^126 + x^121 as the high half
/// of the modulus with x^128 removed, shifted down by 64 (bits 63, 62, 57).
const POLY_HI: u64 = 0xc200_0000_0000_0000;

impl Key {
    /// The proof token this key was built with.
    pub(crate) fn token(&self) -> AesPmull {
        self.token
    }

    /// An all-zero key holding `token`, to be filled in place by
    /// [`fill`](Self::fill).
    #[inline(always)]
    pub(crate) fn zeroed(token: AesPmull) -> Self {
        Key {
            token,
            rk: [[0; 16]; 15],
            h: [[0; 2]; 8],
        }
    }

    /// Expands `key` (16 or 32 bytes) and precomputes `H^1..H^8`.
    #[inline(always)]
    pub(crate) fn fill(&mut self, key: &[u8]) {
        // SAFETY: the `AesPmull` token exists only after `cpu::aes_pmull()`
        // detected aes (FEAT_AES and FEAT_PMULL), the feature `setup` enables.
        unsafe { setup(self, key) };
    }

    /// J0 for a nonce that is not 96 bits long (SP 800-38D §7.1 step 2).
    pub(crate) fn j0_from_nonce(&self, nonce: &[u8]) -> [u8; 16] {
        // SAFETY: `self.token` proves aes, the feature `j0_impl` enables.
        unsafe { j0_impl(self, nonce) }
    }

    /// Encrypts `buf` in place; returns the full tag.
    #[inline]
    pub(crate) fn seal<const NR: usize>(
        &self,
        j0: &[u8; 16],
        aad: &[u8],
        buf: &mut [u8],
    ) -> [u8; 16] {
        // SAFETY: `self.token` proves aes, the feature `crypt` enables.
        unsafe { crypt::<NR, true>(self, j0, aad, buf) }
    }

    /// Decrypts `buf` in place and returns the full tag of the ciphertext;
    /// the caller compares it and wipes `buf` on mismatch.
    #[inline]
    pub(crate) fn open<const NR: usize>(
        &self,
        j0: &[u8; 16],
        aad: &[u8],
        buf: &mut [u8],
    ) -> [u8; 16] {
        // SAFETY: `self.token` proves aes, the feature `crypt` enables.
        unsafe { crypt::<NR, false>(self, j0, aad, buf) }
    }
}

impl Zeroize for Key {
    fn zeroize(&mut self) {
        self.rk.zeroize();
        self.h.zeroize();
    }
}

impl Drop for Key {
    fn drop(&mut self) {
        self.zeroize();
    }
}

/// 16 bytes as a register.
#[target_feature(enable = "aes")]
#[inline]
fn load(b: &[u8; 16]) -> uint8x16_t {
    // SAFETY: `b` is 16 readable bytes.
    unsafe { vld1q_u8(b.as_ptr()) }
}

/// A register as 16 bytes.
#[target_feature(enable = "aes")]
#[inline]
fn store(v: uint8x16_t) -> [u8; 16] {
    let mut b = [0u8; 16];
    // SAFETY: `b` is 16 writable bytes.
    unsafe { vst1q_u8(b.as_mut_ptr(), v) };
    b
}

/// Reverses the 16 bytes: GHASH's block order to POLYVAL's and back.
#[target_feature(enable = "aes")]
#[inline]
fn rev(v: uint8x16_t) -> uint64x2_t {
    let r = vrev64q_u8(v);
    vreinterpretq_u64_u8(vextq_u8::<8>(r, r))
}

/// [`rev`] in the other direction.
#[target_feature(enable = "aes")]
#[inline]
fn unrev(v: uint64x2_t) -> uint8x16_t {
    let r = vrev64q_u8(vreinterpretq_u8_u64(v));
    vextq_u8::<8>(r, r)
}

/// SubWord (FIPS 197 §5.2) on AESE: with the word in all four columns,
/// ShiftRows moves nothing and the zero round key adds nothing.
#[target_feature(enable = "aes")]
#[inline]
fn sub_word(w: u32) -> u32 {
    let v = vaeseq_u8(vreinterpretq_u8_u32(vdupq_n_u32(w)), vdupq_n_u8(0));
    vgetq_lane_u32::<0>(vreinterpretq_u32_u8(v))
}

/// The AES key schedule (FIPS 197 §5.2) for a 16- or 32-byte key, words
/// little-endian so byte 0 of a word is its low byte.
#[target_feature(enable = "aes")]
fn expand_key(key: &[u8], rk: &mut [[u8; 16]; 15]) {
    let nk = key.len() / 4;
    let nr = nk + 6;
    let mut w = [0u32; 60];
    for (word, bytes) in w.iter_mut().zip(key.chunks_exact(4)) {
        let mut b = [0u8; 4];
        b.copy_from_slice(bytes);
        *word = u32::from_le_bytes(b);
    }
    let mut rcon = 1u32;
    for i in nk..4 * (nr + 1) {
        let mut temp = w[i - 1];
        if i % nk == 0 {
            // RotWord moves byte 1 to byte 0: a right rotation of the
            // little-endian word.
            temp = sub_word(temp.rotate_right(8)) ^ rcon;
            // Rcon doubles in GF(2^8) (public values).
            rcon = (rcon << 1) ^ (0x11b & 0u32.wrapping_sub(rcon >> 7));
        } else if nk > 6 && i % nk == 4 {
            temp = sub_word(temp);
        }
        w[i] = w[i - nk] ^ temp;
    }
    for (round_key, words) in rk.iter_mut().zip(w.chunks_exact(4)).take(nr + 1) {
        for (bytes, word) in round_key.chunks_exact_mut(4).zip(words) {
            bytes.copy_from_slice(&word.to_le_bytes());
        }
    }
    w.zeroize();
}

/// The round keys in registers.
#[target_feature(enable = "aes")]
#[inline]
fn round_keys<const NR: usize>(k: &Key) -> [uint8x16_t; 15] {
    let mut rk = [vdupq_n_u8(0); 15];
    for (r, bytes) in rk.iter_mut().zip(k.rk.iter()).take(NR + 1) {
        *r = load(bytes);
    }
    rk
}

/// AES-encrypts the blocks of the array `$s` in place with the first
/// `$nr + 1` round keys of `$rk`. Each round of each block is an AESE
/// directly followed by its AESMC, the pair ARM cores fuse; the blocks of a
/// round are independent, so their pairs overlap in the pipeline. A macro,
/// not a function, so that the bulk loop has it inline (a call there would
/// pass eight blocks through memory).
macro_rules! aes_rounds {
    ($s:expr, $rk:expr, $nr:expr) => {
        for round_key in $rk.iter().take($nr - 1) {
            for v in $s.iter_mut() {
                *v = vaesmcq_u8(vaeseq_u8(*v, *round_key));
            }
        }
        for v in $s.iter_mut() {
            *v = veorq_u8(vaeseq_u8(*v, $rk[$nr - 1]), $rk[$nr]);
        }
    };
}

/// AES-encrypts `N` blocks (see [`aes_rounds`]).
#[target_feature(enable = "aes")]
#[inline]
fn encrypt<const N: usize, const NR: usize>(
    rk: &[uint8x16_t; 15],
    mut s: [uint8x16_t; N],
) -> [uint8x16_t; N] {
    aes_rounds!(s, rk, NR);
    s
}

/// The unreduced 256-bit product of two POLYVAL elements as three
/// 128-bit parts (low, middle, high), so sums of products need no
/// reduction until the end.
#[target_feature(enable = "aes")]
#[inline]
fn mul_parts(a: uint64x2_t, b: uint64x2_t) -> [uint64x2_t; 3] {
    let pa = vreinterpretq_p64_u64(a);
    let pb = vreinterpretq_p64_u64(b);
    let lo = vreinterpretq_u64_p128(vmull_p64(vgetq_lane_u64::<0>(a), vgetq_lane_u64::<0>(b)));
    let hi = vreinterpretq_u64_p128(vmull_high_p64(pa, pb));
    let m0 = vreinterpretq_u64_p128(vmull_p64(vgetq_lane_u64::<0>(a), vgetq_lane_u64::<1>(b)));
    let m1 = vreinterpretq_u64_p128(vmull_p64(vgetq_lane_u64::<1>(a), vgetq_lane_u64::<0>(b)));
    [lo, veorq_u64(m0, m1), hi]
}

/// Adds two unreduced products.
#[target_feature(enable = "aes")]
#[inline]
fn add_parts(a: [uint64x2_t; 3], b: [uint64x2_t; 3]) -> [uint64x2_t; 3] {
    [
        veorq_u64(a[0], b[0]),
        veorq_u64(a[1], b[1]),
        veorq_u64(a[2], b[2]),
    ]
}

/// `p · x^-128 mod (x^128 + x^127 + x^126 + x^121 + 1)` (RFC 8452 §3's
/// `dot`), by Montgomery reduction: the low 64 bits `t0` are cancelled by
/// adding `t0 · P` (whose part above x^0 is `t0 · POLY_HI · x^64` plus
/// `t0 · x^128`), then the next 64 bits the same way one limb higher; what
/// is left above x^128 is the result.
#[target_feature(enable = "aes")]
#[inline]
fn reduce(p: [uint64x2_t; 3]) -> uint64x2_t {
    let zero = vdupq_n_u64(0);
    // Fold the middle part into the low and high halves: [t0, t1], [t2, t3].
    let lo = veorq_u64(p[0], vextq_u64::<1>(zero, p[1]));
    let hi = veorq_u64(p[2], vextq_u64::<1>(p[1], zero));
    let a = vreinterpretq_u64_p128(vmull_p64(vgetq_lane_u64::<0>(lo), POLY_HI));
    // [t1 ^ a.lo, t0 ^ a.hi]
    let m = veorq_u64(vextq_u64::<1>(lo, lo), a);
    let b = vreinterpretq_u64_p128(vmull_p64(vgetq_lane_u64::<0>(m), POLY_HI));
    // [t0 ^ a.hi ^ b.lo, t1' ^ b.hi] added to [t2, t3]
    veorq_u64(hi, veorq_u64(vextq_u64::<1>(m, m), b))
}

/// GHASH state: the accumulator in the POLYVAL domain.
struct Ghash {
    acc: uint64x2_t,
    /// `H^1..H^8` in registers.
    h: [uint64x2_t; GROUP],
}

impl Ghash {
    #[target_feature(enable = "aes")]
    #[inline]
    fn new(k: &Key) -> Self {
        let mut h = [vdupq_n_u64(0); GROUP];
        for (v, words) in h.iter_mut().zip(k.h.iter()) {
            // SAFETY: `words` is two readable u64s.
            *v = unsafe { vld1q_u64(words.as_ptr()) };
        }
        Ghash {
            acc: vdupq_n_u64(0),
            h,
        }
    }

    /// Absorbs one block (in GHASH byte order).
    #[target_feature(enable = "aes")]
    #[inline]
    fn block(&mut self, x: uint8x16_t) {
        self.acc = reduce(mul_parts(veorq_u64(self.acc, rev(x)), self.h[0]));
    }

    /// Absorbs a group of blocks with a single reduction:
    /// `(acc ⊕ X1)·H^8 ⊕ X2·H^7 ⊕ … ⊕ X8·H`.
    #[target_feature(enable = "aes")]
    #[inline]
    fn group(&mut self, x: &[uint8x16_t; GROUP]) {
        let mut sum = mul_parts(veorq_u64(self.acc, rev(x[0])), self.h[GROUP - 1]);
        for (i, b) in x.iter().enumerate().skip(1) {
            sum = add_parts(sum, mul_parts(rev(*b), self.h[GROUP - 1 - i]));
        }
        self.acc = reduce(sum);
    }

    /// Absorbs `data` zero-padded to whole blocks.
    #[target_feature(enable = "aes")]
    fn padded(&mut self, data: &[u8]) {
        let mut groups = data.chunks_exact(16 * GROUP);
        for chunk in &mut groups {
            let mut x = [vdupq_n_u8(0); GROUP];
            for (v, b) in x.iter_mut().zip(chunk.chunks_exact(16)) {
                *v = load(b.try_into().unwrap_or(&[0; 16]));
            }
            self.group(&x);
        }
        let mut blocks = groups.remainder().chunks_exact(16);
        for b in &mut blocks {
            self.block(load(b.try_into().unwrap_or(&[0; 16])));
        }
        let tail = blocks.remainder();
        if !tail.is_empty() {
            let mut b = [0u8; 16];
            b[..tail.len()].copy_from_slice(tail);
            self.block(load(&b));
            b.zeroize();
        }
    }

    /// Absorbs the lengths block `[len(A)]_64 || [len(C)]_64` in bits
    /// (SP 800-38D §7.1 step 5) and returns GHASH in byte order.
    #[target_feature(enable = "aes")]
    fn finish(mut self, aad_len: usize, text_len: usize) -> uint8x16_t {
        self.block(load(&super::mode::lengths_block(aad_len, text_len)));
        unrev(self.acc)
    }
}

/// Fills `k`: the key schedule, `H = AES_K(0^128)` and its powers.
#[target_feature(enable = "aes")]
fn setup(k: &mut Key, key: &[u8]) {
    expand_key(key, &mut k.rk);
    let zero = [vdupq_n_u8(0)];
    let [e] = if key.len() == 16 {
        encrypt::<1, 10>(&round_keys::<10>(k), zero)
    } else {
        encrypt::<1, 14>(&round_keys::<14>(k), zero)
    };
    // mulX_POLYVAL(rev(H)) (RFC 8452 Appendix A): rev(H) read
    // little-endian is H read big-endian; doubling with a masked (not
    // branched) reduction.
    let mut bytes = store(e);
    let h = u128::from_be_bytes(bytes);
    let carry = 0u128.wrapping_sub(h >> 127);
    let h1 = (h << 1) ^ (carry & ((u128::from(POLY_HI) << 64) | 1));
    let mut h1_words = [h1 as u64, (h1 >> 64) as u64];
    // SAFETY: `h1_words` is two readable u64s.
    let h1v = unsafe { vld1q_u64(h1_words.as_ptr()) };
    let mut power = h1v;
    for slot in k.h.iter_mut() {
        // SAFETY: `slot` is two writable u64s.
        unsafe { vst1q_u64(slot.as_mut_ptr(), power) };
        power = reduce(mul_parts(power, h1v));
    }
    bytes.zeroize();
    h1_words.zeroize();
}

#[target_feature(enable = "aes")]
fn j0_impl(k: &Key, nonce: &[u8]) -> [u8; 16] {
    let mut g = Ghash::new(k);
    g.padded(nonce);
    store(g.finish(0, nonce.len()))
}

/// Counter block `i` after J0: J0 with its last 32 bits replaced by
/// `inc32^i` (SP 800-38D §6.2, wrapping mod 2^32). The counter is public.
#[target_feature(enable = "aes")]
#[inline]
fn counter(j0: uint8x16_t, ctr0: u32, i: u32) -> uint8x16_t {
    let lane = ctr0.wrapping_add(i).swap_bytes();
    vreinterpretq_u8_u32(vsetq_lane_u32::<3>(lane, vreinterpretq_u32_u8(j0)))
}

/// GCM-AE (`SEAL`) or the decryption half of GCM-AD: CTR from inc32(J0)
/// over `buf` in place, GHASH over `aad` and the ciphertext, and the tag
/// `GHASH ⊕ E(K, J0)` (SP 800-38D §7.1, §7.2).
#[target_feature(enable = "aes")]
fn crypt<const NR: usize, const SEAL: bool>(
    k: &Key,
    j0: &[u8; 16],
    aad: &[u8],
    buf: &mut [u8],
) -> [u8; 16] {
    let rk = round_keys::<NR>(k);
    let j0v = load(j0);
    let ctr0 = u32::from_be_bytes([j0[12], j0[13], j0[14], j0[15]]);
    let mut g = Ghash::new(k);
    g.padded(aad);
    let text_len = buf.len();

    let mut next = 1u32;
    let mut groups = buf.chunks_exact_mut(16 * GROUP);
    for chunk in &mut groups {
        let mut ks = [vdupq_n_u8(0); GROUP];
        for (i, c) in ks.iter_mut().enumerate() {
            *c = counter(j0v, ctr0, next.wrapping_add(i as u32));
        }
        next = next.wrapping_add(GROUP as u32);
        aes_rounds!(ks, rk, NR);
        let mut input = [vdupq_n_u8(0); GROUP];
        for (v, b) in input.iter_mut().zip(chunk.chunks_exact(16)) {
            *v = load(b.try_into().unwrap_or(&[0; 16]));
        }
        let mut output = [vdupq_n_u8(0); GROUP];
        for ((o, i), s) in output.iter_mut().zip(input.iter()).zip(ks.iter()) {
            *o = veorq_u8(*i, *s);
        }
        // GHASH runs over the ciphertext: the output when sealing, the
        // input when opening (independent of the AES above, so the two
        // overlap).
        g.group(if SEAL { &output } else { &input });
        for (b, o) in chunk.chunks_exact_mut(16).zip(output.iter()) {
            b.copy_from_slice(&store(*o));
        }
    }

    let rest = groups.into_remainder();
    let mut blocks = rest.chunks_exact_mut(16);
    for b in &mut blocks {
        let [s] = encrypt::<1, NR>(&rk, [counter(j0v, ctr0, next)]);
        next = next.wrapping_add(1);
        let input = load((&*b).try_into().unwrap_or(&[0; 16]));
        let output = veorq_u8(input, s);
        g.block(if SEAL { output } else { input });
        b.copy_from_slice(&store(output));
    }
    let tail = blocks.into_remainder();
    if !tail.is_empty() {
        let [s] = encrypt::<1, NR>(&rk, [counter(j0v, ctr0, next)]);
        let mut padded = [0u8; 16];
        padded[..tail.len()].copy_from_slice(tail);
        let input = load(&padded);
        let mut out = store(veorq_u8(input, s));
        tail.copy_from_slice(&out[..tail.len()]);
        // The ciphertext block hashed is zero-padded (the keystream beyond
        // the message is not ciphertext).
        let cipher = if SEAL { &mut out } else { &mut padded };
        cipher[tail.len()..].fill(0);
        g.block(load(cipher));
        padded.zeroize();
        out.zeroize();
    }

    let [tag_mask] = encrypt::<1, NR>(&rk, [j0v]);
    store(veorq_u8(g.finish(aad.len(), text_len), tag_mask))
}
