//! Portable, constant-time AES-128/256 encryption (FIPS 197), bitsliced over
//! four blocks at a time. No table lookups anywhere, key schedule included.
//!
//! # Layout
//!
//! Four 16-byte blocks are 512 bits: eight 64-bit *planes*. Plane `b` holds
//! bit `b` of every byte of all four blocks; inside a plane, byte `(r, c)`
//! (row `r`, column `c` of the FIPS 197 state, i.e. input byte `r + 4c`) of
//! block `k` sits at bit `16r + 4c + k`. So each row is one 16-bit lane and
//! each column one nibble of it, which makes the round functions cheap:
//!
//! - SubBytes is a Boolean circuit over the eight planes (Boyar and Peralta,
//!   "A depth-16 circuit for the AES S-box", 2011: 113 gates);
//! - ShiftRows rotates row lane `r` right by `4r` bits;
//! - MixColumns needs "the byte one row down", which is a rotation of the
//!   whole plane by 16 bits, and `xtime` is a fixed XOR of planes.
//!
//! Getting blocks into and out of planes is a byte interleave followed by
//! three "swapmove" exchanges of a plane-index bit with a bit-position bit
//! (see [`pack`]).

/// Four blocks in bitsliced form.
pub(crate) type Planes = [u64; 8];

/// Round keys in bitsliced form (each replicated for the four block slots).
/// Index 0 is the initial AddRoundKey; AES-128 uses 11, AES-256 all 15.
pub(crate) type RoundKeys = [Planes; 15];

/// Spreads the four bytes of `x` to the even byte positions of a `u64`.
#[inline(always)]
fn spread_bytes(x: u64) -> u64 {
    let x = (x | (x << 16)) & 0x0000_FFFF_0000_FFFF;
    (x | (x << 8)) & 0x00FF_00FF_00FF_00FF
}

/// Inverse of [`spread_bytes`]: gathers the even bytes into the low 32 bits.
#[inline(always)]
fn gather_bytes(x: u64) -> u64 {
    let x = x & 0x00FF_00FF_00FF_00FF;
    let x = (x | (x >> 8)) & 0x0000_FFFF_0000_FFFF;
    (x | (x >> 16)) & 0x0000_0000_FFFF_FFFF
}

/// Exchanges the bits of `a` selected by `mask << shift` with the bits of
/// `b` selected by `mask`.
#[inline(always)]
fn swapmove(a: &mut u64, b: &mut u64, mask: u64, shift: u32) {
    let t = ((*a >> shift) ^ *b) & mask;
    *b ^= t;
    *a ^= t << shift;
}

/// Exchanges plane-index bit `k` with bit-position bit `k`, for k = 0, 1, 2.
/// An involution: the same function packs and unpacks.
#[inline(always)]
fn transpose(q: &mut Planes) {
    let [q0, q1, q2, q3, q4, q5, q6, q7] = q;
    swapmove(q0, q1, 0x5555_5555_5555_5555, 1);
    swapmove(q2, q3, 0x5555_5555_5555_5555, 1);
    swapmove(q4, q5, 0x5555_5555_5555_5555, 1);
    swapmove(q6, q7, 0x5555_5555_5555_5555, 1);
    swapmove(q0, q2, 0x3333_3333_3333_3333, 2);
    swapmove(q1, q3, 0x3333_3333_3333_3333, 2);
    swapmove(q4, q6, 0x3333_3333_3333_3333, 2);
    swapmove(q5, q7, 0x3333_3333_3333_3333, 2);
    swapmove(q0, q4, 0x0F0F_0F0F_0F0F_0F0F, 4);
    swapmove(q1, q5, 0x0F0F_0F0F_0F0F_0F0F, 4);
    swapmove(q2, q6, 0x0F0F_0F0F_0F0F_0F0F, 4);
    swapmove(q3, q7, 0x0F0F_0F0F_0F0F_0F0F, 4);
}

/// Converts four blocks to planes.
///
/// Step 1 puts, for block `k`, the bytes of even columns (`c0 = 0`) into
/// word `k` and of odd columns into word `4 + k`, byte position `2r + c1`
/// (`c = c0 + 2c1`): an interleave of the low and high halves of the block.
/// A bit is then indexed by word bits `(c0, k1, k0)` and position bits
/// `(r1, r0, c1, b2, b1, b0)`. Step 2 ([`transpose`]) exchanges word bit `i`
/// with position bit `i`, giving word = `b` and position
/// `(r1, r0, c1, c0, k1, k0)` = `16r + 4c + k`: the layout above.
#[inline(always)]
pub(crate) fn pack(blocks: &[[u8; 16]; 4]) -> Planes {
    let mut q = [0u64; 8];
    for (k, block) in blocks.iter().enumerate() {
        let (lo, hi) = block.split_at(8);
        let lo = u64::from_le_bytes(lo.try_into().unwrap_or_default());
        let hi = u64::from_le_bytes(hi.try_into().unwrap_or_default());
        q[k] = spread_bytes(lo & 0xFFFF_FFFF) | (spread_bytes(hi & 0xFFFF_FFFF) << 8);
        q[4 + k] = spread_bytes(lo >> 32) | (spread_bytes(hi >> 32) << 8);
    }
    transpose(&mut q);
    q
}

/// Converts planes back to four blocks (inverse of [`pack`]).
#[inline(always)]
pub(crate) fn unpack(mut q: Planes) -> [[u8; 16]; 4] {
    transpose(&mut q);
    let mut out = [[0u8; 16]; 4];
    for (k, block) in out.iter_mut().enumerate() {
        let (even, odd) = (q[k], q[4 + k]);
        let lo = gather_bytes(even) | (gather_bytes(odd) << 32);
        let hi = gather_bytes(even >> 8) | (gather_bytes(odd >> 8) << 32);
        block[..8].copy_from_slice(&lo.to_le_bytes());
        block[8..].copy_from_slice(&hi.to_le_bytes());
    }
    out
}

/// SubBytes on all 64 bytes at once: the Boyar–Peralta circuit. Its inputs
/// U0..U7 are the bits of a byte from most to least significant, so U0 is
/// plane 7; its outputs S0..S7 likewise.
#[inline(always)]
fn sub_bytes(q: &mut Planes) {
    let [u7, u6, u5, u4, u3, u2, u1, u0] = *q;

    // Top linear layer.
    let t1 = u0 ^ u3;
    let t2 = u0 ^ u5;
    let t3 = u0 ^ u6;
    let t4 = u3 ^ u5;
    let t5 = u4 ^ u6;
    let t6 = t1 ^ t5;
    let t7 = u1 ^ u2;
    let t8 = u7 ^ t6;
    let t9 = u7 ^ t7;
    let t10 = t6 ^ t7;
    let t11 = u1 ^ u5;
    let t12 = u2 ^ u5;
    let t13 = t3 ^ t4;
    let t14 = t6 ^ t11;
    let t15 = t5 ^ t11;
    let t16 = t5 ^ t12;
    let t17 = t9 ^ t16;
    let t18 = u3 ^ u7;
    let t19 = t7 ^ t18;
    let t20 = t1 ^ t19;
    let t21 = u6 ^ u7;
    let t22 = t7 ^ t21;
    let t23 = t2 ^ t22;
    let t24 = t2 ^ t10;
    let t25 = t20 ^ t17;
    let t26 = t3 ^ t16;
    let t27 = t1 ^ t12;
    let d = u7;

    // Middle non-linear layer (inversion in GF(2^4)^2).
    let m1 = t13 & t6;
    let m2 = t23 & t8;
    let m3 = t14 ^ m1;
    let m4 = t19 & d;
    let m5 = m4 ^ m1;
    let m6 = t3 & t16;
    let m7 = t22 & t9;
    let m8 = t26 ^ m6;
    let m9 = t20 & t17;
    let m10 = m9 ^ m6;
    let m11 = t1 & t15;
    let m12 = t4 & t27;
    let m13 = m12 ^ m11;
    let m14 = t2 & t10;
    let m15 = m14 ^ m11;
    let m16 = m3 ^ m2;
    let m17 = m5 ^ t24;
    let m18 = m8 ^ m7;
    let m19 = m10 ^ m15;
    let m20 = m16 ^ m13;
    let m21 = m17 ^ m15;
    let m22 = m18 ^ m13;
    let m23 = m19 ^ t25;
    let m24 = m22 ^ m23;
    let m25 = m22 & m20;
    let m26 = m21 ^ m25;
    let m27 = m20 ^ m21;
    let m28 = m23 ^ m25;
    let m29 = m28 & m27;
    let m30 = m26 & m24;
    let m31 = m20 & m23;
    let m32 = m27 & m31;
    let m33 = m27 ^ m25;
    let m34 = m21 & m22;
    let m35 = m24 & m34;
    let m36 = m24 ^ m25;
    let m37 = m21 ^ m29;
    let m38 = m32 ^ m33;
    let m39 = m23 ^ m30;
    let m40 = m35 ^ m36;
    let m41 = m38 ^ m40;
    let m42 = m37 ^ m39;
    let m43 = m37 ^ m38;
    let m44 = m39 ^ m40;
    let m45 = m42 ^ m41;
    let m46 = m44 & t6;
    let m47 = m40 & t8;
    let m48 = m39 & d;
    let m49 = m43 & t16;
    let m50 = m38 & t9;
    let m51 = m37 & t17;
    let m52 = m42 & t15;
    let m53 = m45 & t27;
    let m54 = m41 & t10;
    let m55 = m44 & t13;
    let m56 = m40 & t23;
    let m57 = m39 & t19;
    let m58 = m43 & t3;
    let m59 = m38 & t22;
    let m60 = m37 & t20;
    let m61 = m42 & t1;
    let m62 = m45 & t4;
    let m63 = m41 & t2;

    // Bottom linear layer (includes the affine map).
    let l0 = m61 ^ m62;
    let l1 = m50 ^ m56;
    let l2 = m46 ^ m48;
    let l3 = m47 ^ m55;
    let l4 = m54 ^ m58;
    let l5 = m49 ^ m61;
    let l6 = m62 ^ l5;
    let l7 = m46 ^ l3;
    let l8 = m51 ^ m59;
    let l9 = m52 ^ m53;
    let l10 = m53 ^ l4;
    let l11 = m60 ^ l2;
    let l12 = m48 ^ m51;
    let l13 = m50 ^ l0;
    let l14 = m52 ^ m61;
    let l15 = m55 ^ l1;
    let l16 = m56 ^ l0;
    let l17 = m57 ^ l1;
    let l18 = m58 ^ l8;
    let l19 = m63 ^ l4;
    let l20 = l0 ^ l1;
    let l21 = l1 ^ l7;
    let l22 = l3 ^ l12;
    let l23 = l18 ^ l2;
    let l24 = l15 ^ l9;
    let l25 = l6 ^ l10;
    let l26 = l7 ^ l9;
    let l27 = l8 ^ l10;
    let l28 = l11 ^ l14;
    let l29 = l11 ^ l17;
    let s0 = l6 ^ l24;
    let s1 = !(l16 ^ l26);
    let s2 = !(l19 ^ l28);
    let s3 = l6 ^ l21;
    let s4 = l20 ^ l22;
    let s5 = l25 ^ l29;
    let s6 = !(l13 ^ l27);
    let s7 = !(l6 ^ l23);

    *q = [s7, s6, s5, s4, s3, s2, s1, s0];
}

/// ShiftRows: row `r` (bits `16r..16r+16`) rotates right by `4r` bits, so
/// that new column `c` is old column `c + r`.
#[inline(always)]
fn shift_rows(q: &mut Planes) {
    for x in q.iter_mut() {
        let v = *x;
        *x = (v & 0x0000_0000_0000_FFFF)
            | ((v >> 4) & 0x0000_0000_0FFF_0000)
            | ((v << 12) & 0x0000_0000_F000_0000)
            | ((v >> 8) & 0x0000_00FF_0000_0000)
            | ((v << 8) & 0x0000_FF00_0000_0000)
            | ((v >> 12) & 0x000F_0000_0000_0000)
            | ((v << 4) & 0xFFF0_0000_0000_0000);
    }
}

/// MixColumns: `s'_r = 2 s_r + 3 s_{r+1} + s_{r+2} + s_{r+3}`
/// `= 2 t_r + s_{r+1} + t_{r+2}` with `t_r = s_r + s_{r+1}`.
/// "Row `r + 1`" is the plane rotated by 16 bits; multiplication by 2 in
/// GF(2^8) (`x^8 = x^4 + x^3 + x + 1`) moves plane `b` to `b + 1` and feeds
/// plane 7 back into planes 0, 1, 3 and 4.
#[inline(always)]
fn mix_columns(q: &mut Planes) {
    let s1 = q.map(|x| x.rotate_right(16));
    let mut t = [0u64; 8];
    for i in 0..8 {
        t[i] = q[i] ^ s1[i];
    }
    let xt = [
        t[7],
        t[0] ^ t[7],
        t[1],
        t[2] ^ t[7],
        t[3] ^ t[7],
        t[4],
        t[5],
        t[6],
    ];
    for i in 0..8 {
        q[i] = xt[i] ^ s1[i] ^ t[i].rotate_right(32);
    }
}

#[inline(always)]
fn add_round_key(q: &mut Planes, rk: &Planes) {
    for (x, k) in q.iter_mut().zip(rk) {
        *x ^= k;
    }
}

/// Encrypts four blocks given in plane form with `NR` rounds.
#[inline(always)]
fn encrypt_planes<const NR: usize>(rk: &RoundKeys, q: &mut Planes) {
    add_round_key(q, &rk[0]);
    for k in &rk[1..NR] {
        sub_bytes(q);
        shift_rows(q);
        mix_columns(q);
        add_round_key(q, k);
    }
    sub_bytes(q);
    shift_rows(q);
    add_round_key(q, &rk[NR]);
}

/// Encrypts four blocks in place with `NR` rounds (10: AES-128, 14: AES-256).
#[inline]
pub(crate) fn encrypt4<const NR: usize>(rk: &RoundKeys, blocks: &mut [[u8; 16]; 4]) {
    let mut q = pack(blocks);
    encrypt_planes::<NR>(rk, &mut q);
    *blocks = unpack(q);
    crate::wipe::wipe(&mut q);
}

/// SubWord (FIPS 197 §5.2) through the bitsliced S-box, so the key
/// schedule is constant time too.
fn sub_word(w: [u8; 4]) -> [u8; 4] {
    let mut block = [[0u8; 16]; 4];
    block[0][..4].copy_from_slice(&w);
    let mut q = pack(&block);
    sub_bytes(&mut q);
    let out = unpack(q);
    let mut r = [0u8; 4];
    r.copy_from_slice(&out[0][..4]);
    crate::wipe::wipe(&mut q);
    r
}

/// FIPS 197 §5.2 key expansion for a key of `NK` 32-bit words (4 or 8), in
/// bitsliced form. Returns the `NR + 1` round keys (`NR = NK + 6`).
pub(crate) fn expand_key<const NK: usize>(key: &[u8]) -> RoundKeys {
    let nr = NK + 6;
    let mut w = [[0u8; 4]; 60];
    for (i, word) in w.iter_mut().take(NK).enumerate() {
        for (j, b) in word.iter_mut().enumerate() {
            *b = key.get(4 * i + j).copied().unwrap_or(0);
        }
    }
    let mut rcon = 1u8;
    for i in NK..4 * (nr + 1) {
        let mut temp = w[i - 1];
        if i % NK == 0 {
            temp = sub_word([temp[1], temp[2], temp[3], temp[0]]);
            temp[0] ^= rcon;
            // xtime on a public constant.
            rcon = (rcon << 1) ^ (0x1b * (rcon >> 7));
        } else if NK > 6 && i % NK == 4 {
            temp = sub_word(temp);
        }
        for j in 0..4 {
            w[i][j] = w[i - NK][j] ^ temp[j];
        }
    }
    let mut rk = [[0u64; 8]; 15];
    for (r, planes) in rk.iter_mut().enumerate().take(nr + 1) {
        let mut block = [0u8; 16];
        for (j, word) in w[4 * r..4 * r + 4].iter().enumerate() {
            block[4 * j..4 * j + 4].copy_from_slice(word);
        }
        *planes = pack(&[block; 4]);
        crate::wipe::wipe(&mut block);
    }
    crate::wipe::wipe(w.as_flattened_mut());
    rk
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The S-box from its definition (FIPS 197 §5.1.1): inverse in
    /// GF(2^8), then the affine map, computed slowly.
    fn sbox_reference(x: u8) -> u8 {
        fn mul(mut a: u8, mut b: u8) -> u8 {
            let mut p = 0u8;
            while b != 0 {
                if b & 1 != 0 {
                    p ^= a;
                }
                a = (a << 1) ^ if a & 0x80 != 0 { 0x1b } else { 0 };
                b >>= 1;
            }
            p
        }
        let inv = (1..=255u8).find(|&y| mul(x, y) == 1).unwrap_or(0);
        inv ^ inv.rotate_left(1)
            ^ inv.rotate_left(2)
            ^ inv.rotate_left(3)
            ^ inv.rotate_left(4)
            ^ 0x63
    }

    #[test]
    fn sbox_circuit_matches_definition() {
        for base in (0..256).step_by(64) {
            let mut blocks = [[0u8; 16]; 4];
            for (i, b) in blocks.as_flattened_mut().iter_mut().enumerate() {
                *b = (base + i) as u8;
            }
            let mut q = pack(&blocks);
            sub_bytes(&mut q);
            let out = unpack(q);
            for (i, b) in out.as_flattened().iter().enumerate() {
                assert_eq!(*b, sbox_reference((base + i) as u8), "input {}", base + i);
            }
        }
    }

    #[test]
    fn pack_unpack_roundtrip() {
        let mut blocks = [[0u8; 16]; 4];
        for (i, b) in blocks.as_flattened_mut().iter_mut().enumerate() {
            *b = (i * 37 + 11) as u8;
        }
        assert_eq!(unpack(pack(&blocks)), blocks);
        // Spot-check the documented position: byte (r, c) of block k, bit b,
        // is bit 16r + 4c + k of plane b.
        let mut one = [[0u8; 16]; 4];
        one[2][1 + 4 * 3] = 1 << 5; // block 2, row 1, column 3, bit 5
        let q = pack(&one);
        assert_eq!(q[5], 1u64 << (16 + 12 + 2));
        assert!(q.iter().enumerate().all(|(i, &x)| i == 5 || x == 0));
    }

    fn block_of(hex_str: &str) -> [u8; 16] {
        let mut out = [0u8; 16];
        for (i, b) in out.iter_mut().enumerate() {
            *b = u8::from_str_radix(&hex_str[2 * i..2 * i + 2], 16).unwrap_or(0);
        }
        out
    }

    /// FIPS 197 Appendix C.1 and C.3.
    #[test]
    fn fips197_appendix_c() {
        let pt = block_of("00112233445566778899aabbccddeeff");
        let key: [u8; 32] = core::array::from_fn(|i| i as u8);

        let rk = expand_key::<4>(&key[..16]);
        let mut blocks = [pt; 4];
        encrypt4::<10>(&rk, &mut blocks);
        assert_eq!(blocks, [block_of("69c4e0d86a7b0430d8cdb78070b4c55a"); 4]);

        let rk = expand_key::<8>(&key);
        let mut blocks = [pt; 4];
        encrypt4::<14>(&rk, &mut blocks);
        assert_eq!(blocks, [block_of("8ea2b7ca516745bfeafc49904b496089"); 4]);
    }
}
