//! Variable-time double-scalar multiplication [a]G + [b]Q for ECDSA
//! verification (every input public): interleaved width-w NAF, w = 12 for
//! G (`table::G_NAF_WIDTH`: odd multiples 1·G … 2047·G precomputed in
//! `table_data.rs`) and w = 5
//! for Q (1·Q … 15·Q computed per call and made affine with one batched
//! inversion, so every addition is mixed), one shared chain of doublings,
//! in Jacobian coordinates (`jacobian.rs`: cheaper doublings, exceptional
//! cases branched on, which public data allows).
//!
//! With a prepared key (`prepared.rs`) the scalars are split into 128-bit
//! halves and four NAFs share 128 doublings: [`vartime_double_mul_split`]
//! over G's and G' = [2^128]G's static tables and the key's
//! [`SplitTables`] (Q's and [2^128]Q's odd multiples, width
//! [`Q_SPLIT_WIDTH`]). Measured (speed example, Zen 4): Q width 7 verifies
//! in 32.1 µs after a 44 µs preparation, width 6 in 33.3 µs after 33 µs;
//! G' width 12 vs 8 (a 4 KiB table): 32.1 vs 32.8 µs.

use super::field::FieldElement;
use super::jacobian::JacobianPoint;
use super::point::AffinePoint;
use super::scalar::Scalar;
use super::table::{G_HI_NAF_WIDTH, G_HI_ODD_MULTIPLES, G_NAF_WIDTH, G_ODD_MULTIPLES};

/// Width-w NAF digits of a 256-bit integer (little-endian limbs), least
/// significant first: every non-zero digit is odd, |d| < 2^(w−1), and any
/// w consecutive digits hold at most one non-zero. 257 digits suffice.
/// w ≤ 15 (the digits are `i16`).
///
/// Scans bit positions with a carry instead of subtracting digits from a
/// copy of k: where bit i of k equals the carry the digit is 0; otherwise
/// the w bits from i plus the carry form an odd window v, taken as v or
/// v − 2^w (carry 1) so that |d| < 2^(w−1), and the next w − 1 digits are
/// 0 (k − Σ digits is then divisible by 2^(i+w)).
pub(crate) fn vartime_wnaf(k: &[u64; 4], w: u32) -> [i16; 257] {
    vartime_wnaf_digits::<257>(k, w)
}

/// The first L digits of k's width-w NAF ([`vartime_wnaf`]'s scan): all
/// of them when k < 2^(L−1) (L = 129 for a 128-bit half, whose top carry
/// lands on digit 128).
#[inline(always)]
pub(crate) fn vartime_wnaf_digits<const L: usize>(k: &[u64; 4], w: u32) -> [i16; L] {
    let mut naf = [0i16; L];
    let x = [k[0], k[1], k[2], k[3], 0u64];
    let bits = |pos: usize, n: usize| -> u64 {
        let (limb, off) = (pos / 64, pos % 64);
        let mut v = x[limb] >> off;
        if off + n > 64 && limb < 4 {
            v |= x[limb + 1] << (64 - off);
        }
        v & ((1u64 << n) - 1)
    };
    let w = w as usize;
    let mut carry = 0u64;
    let mut i = 0;
    while i < L {
        if bits(i, 1) == carry {
            i += 1;
            continue;
        }
        let v = bits(i, w) + carry; // odd, below 2^w
        carry = (v >> (w - 1)) & 1;
        naf[i] = (v as i64 - ((carry as i64) << w)) as i16;
        i += w;
    }
    naf
}

/// Q's odd multiples 1Q, 3Q, …, 15Q in affine form, so that the main
/// loop adds them with the mixed formula (8M + 3S instead of 12M + 4S).
///
/// They are computed in Jacobian coordinates (3Q = 2Q + Q mixed, then
/// (2i + 1)Q = (2i − 1)Q + 2Q) and brought to affine form with ONE field
/// inversion for all eight Z (Montgomery's trick: prefix products, one
/// inverse, then each Zᵢ⁻¹ peeled off with two multiplications, 3·7M),
/// then X·Z⁻², Y·Z⁻³ per point (1S + 3M). About 53M + 1 inversion, repaid
/// by the ~43 additions of the width-5 NAF saving 5 field multiplications
/// each. No Z is 0: (2i + 1)Q ≠ O for i < 8 since Q has prime order n.
#[inline(always)]
pub(crate) fn vartime_odd_multiples(q: &AffinePoint) -> [AffinePoint; 8] {
    let q2 = JacobianPoint::from_affine(q).vartime_double();
    let mut jac = [q2; 8];
    jac[0] = JacobianPoint::from_affine(q);
    jac[1] = q2.vartime_add_affine(q);
    for i in 2..8 {
        jac[i] = jac[i - 1].vartime_add(&q2);
    }
    // prefix[i] = Z1·…·Zi (jac[0] has Z = 1 and is skipped).
    let mut prefix = [FieldElement::ONE; 8];
    for i in 1..8 {
        prefix[i] = if i == 1 {
            jac[1].z
        } else {
            prefix[i - 1].mul(&jac[i].z)
        };
    }
    let mut inv = prefix[7].invert();
    let mut out = [*q; 8];
    for i in (1..8).rev() {
        let zinv = if i == 1 { inv } else { inv.mul(&prefix[i - 1]) };
        inv = inv.mul(&jac[i].z);
        let zinv2 = zinv.square();
        out[i] = AffinePoint {
            x: jac[i].x.mul(&zinv2),
            y: jac[i].y.mul(&zinv2.mul(&zinv)),
        };
    }
    out
}

/// [a]G + [b]Q in Jacobian coordinates, variable time.
#[inline(always)]
pub(crate) fn vartime_double_mul(a: &Scalar, b: &Scalar, q: &AffinePoint) -> JacobianPoint {
    let naf_a = vartime_wnaf(&a.to_canonical(), G_NAF_WIDTH);
    let naf_b = vartime_wnaf(&b.to_canonical(), 5);
    let q_odd = vartime_odd_multiples(q);
    let top = (0..257)
        .rev()
        .find(|&i| naf_a[i] != 0 || naf_b[i] != 0)
        .unwrap_or(0);
    let mut acc = JacobianPoint::IDENTITY;
    for i in (0..=top).rev() {
        acc = acc.vartime_double();
        let db = naf_b[i];
        if db != 0 {
            acc = acc.vartime_add_affine(&signed(&q_odd[(db.unsigned_abs() >> 1) as usize], db));
        }
        let da = naf_a[i];
        if da != 0 {
            acc = acc.vartime_add_affine(&signed(
                &G_ODD_MULTIPLES[(da.unsigned_abs() >> 1) as usize],
                da,
            ));
        }
    }
    acc
}

/// Width of the NAF digits of v's halves with a prepared key: the tables
/// hold 2^(w−2) odd multiples of Q and of Q' = [2^128]Q, computed once
/// per key, so w is wider than the per-call w = 5 (~128/(w + 1) additions
/// per half: w = 7 adds ~16 times per half, 32 entries each, 2 KiB per
/// table).
pub(crate) const Q_SPLIT_WIDTH: u32 = 7;

/// Entries per prepared table.
pub(crate) const Q_SPLIT_ODD: usize = 1 << (Q_SPLIT_WIDTH - 2);

/// A prepared public key's precomputation: (2i + 1)·Q and
/// (2i + 1)·[2^128]Q for i < [`Q_SPLIT_ODD`], affine.
#[derive(Clone, Copy)]
pub(crate) struct SplitTables {
    pub(crate) q: [AffinePoint; Q_SPLIT_ODD],
    pub(crate) q_hi: [AffinePoint; Q_SPLIT_ODD],
}

/// The odd multiples of Q and of Q' = [2^128]Q (128 doublings), in
/// Jacobian coordinates, then all made affine with ONE field inversion
/// (Montgomery's trick over the 2·[`Q_SPLIT_ODD`] Z coordinates). No Z is
/// 0: Q has prime order n, and neither 2i + 1 nor (2i + 1)·2^128 is a
/// multiple of n for i < [`Q_SPLIT_ODD`].
#[inline(always)]
pub(crate) fn vartime_split_tables(q: &AffinePoint) -> SplitTables {
    const N: usize = Q_SPLIT_ODD;
    let q1 = JacobianPoint::from_affine(q);
    let mut q_hi = q1;
    for _ in 0..128 {
        q_hi = q_hi.vartime_double();
    }
    let mut jac = [q1; 2 * N];
    for (half, base) in [(0, q1), (N, q_hi)] {
        let twice = base.vartime_double();
        jac[half] = base;
        for i in 1..N {
            jac[half + i] = jac[half + i - 1].vartime_add(&twice);
        }
    }
    // prefix[i] = Z0·…·Zi.
    let mut prefix = [FieldElement::ONE; 2 * N];
    prefix[0] = jac[0].z;
    for i in 1..2 * N {
        prefix[i] = prefix[i - 1].mul(&jac[i].z);
    }
    let mut inv = prefix[2 * N - 1].invert();
    let mut out = [*q; 2 * N];
    for i in (0..2 * N).rev() {
        let zinv = if i == 0 { inv } else { inv.mul(&prefix[i - 1]) };
        inv = inv.mul(&jac[i].z);
        let zinv2 = zinv.square();
        out[i] = AffinePoint {
            x: jac[i].x.mul(&zinv2),
            y: jac[i].y.mul(&zinv2.mul(&zinv)),
        };
    }
    let mut tables = SplitTables {
        q: [*q; N],
        q_hi: [*q; N],
    };
    tables.q.copy_from_slice(&out[..N]);
    tables.q_hi.copy_from_slice(&out[N..]);
    tables
}

/// [a]G + [b]Q with half the doublings, for a prepared Q: a = a0 + 2^128·a1
/// and b = b0 + 2^128·b1 (128-bit halves of the canonical integers), so
/// [a]G + [b]Q = [a0]G + [a1]G' + [b0]Q + [b1]Q' with G' = [2^128]G
/// (static table `G_HI_ODD_MULTIPLES`) and Q' = [2^128]Q (`t`): four
/// interleaved NAFs of 129 digits sharing 128 doublings. The same point
/// as [`vartime_double_mul`], so the same signatures verify.
#[inline(always)]
pub(crate) fn vartime_double_mul_split(a: &Scalar, b: &Scalar, t: &SplitTables) -> JacobianPoint {
    let a = a.to_canonical();
    let b = b.to_canonical();
    let naf_a0 = vartime_wnaf_digits::<129>(&[a[0], a[1], 0, 0], G_NAF_WIDTH);
    let naf_a1 = vartime_wnaf_digits::<129>(&[a[2], a[3], 0, 0], G_HI_NAF_WIDTH);
    let naf_b0 = vartime_wnaf_digits::<129>(&[b[0], b[1], 0, 0], Q_SPLIT_WIDTH);
    let naf_b1 = vartime_wnaf_digits::<129>(&[b[2], b[3], 0, 0], Q_SPLIT_WIDTH);
    let top = (0..129)
        .rev()
        .find(|&i| naf_a0[i] != 0 || naf_a1[i] != 0 || naf_b0[i] != 0 || naf_b1[i] != 0)
        .unwrap_or(0);
    let mut acc = JacobianPoint::IDENTITY;
    let index = |d: i16| (d.unsigned_abs() >> 1) as usize;
    for i in (0..=top).rev() {
        acc = acc.vartime_double();
        let d = naf_b0[i];
        if d != 0 {
            acc = acc.vartime_add_affine(&signed(&t.q[index(d)], d));
        }
        let d = naf_b1[i];
        if d != 0 {
            acc = acc.vartime_add_affine(&signed(&t.q_hi[index(d)], d));
        }
        let d = naf_a0[i];
        if d != 0 {
            acc = acc.vartime_add_affine(&signed(&G_ODD_MULTIPLES[index(d)], d));
        }
        let d = naf_a1[i];
        if d != 0 {
            acc = acc.vartime_add_affine(&signed(&G_HI_ODD_MULTIPLES[index(d)], d));
        }
    }
    acc
}

/// p, or −p for a negative digit (public data: a branch).
#[inline(always)]
fn signed(p: &AffinePoint, d: i16) -> AffinePoint {
    if d > 0 {
        *p
    } else {
        AffinePoint {
            x: p.x,
            y: p.y.neg(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::mul::mul;
    use super::super::point::{ProjectivePoint, G};
    use super::*;
    use alloc::vec::Vec;

    #[test]
    fn wnaf_recomposes() {
        for k in [
            [0u64; 4],
            [u64::MAX; 4],
            [1, 0, 0, 0],
            [0x5555_5555_5555_5555; 4],
            [
                0xfff7_ff3f_0123_4567,
                0x8000_0000_0000_0001,
                1 << 63,
                u64::MAX - 5,
            ],
        ] {
            for w in [5u32, 8, G_NAF_WIDTH] {
                let naf = vartime_wnaf(&k, w);
                for (i, &d) in naf.iter().enumerate() {
                    if d != 0 {
                        assert!(d % 2 != 0 && i32::from(d).abs() < 1 << (w - 1));
                        let next = &naf[i + 1..(i + w as usize).min(257)];
                        assert!(next.iter().all(|&e| e == 0), "w {w}");
                    }
                }
                let mut acc = [0i128; 5]; // base 2^64 digits, signed carries
                for (i, &d) in naf.iter().enumerate() {
                    acc[i / 64] += (d as i128) << (i % 64);
                }
                // normalise
                let mut out = [0u64; 5];
                let mut carry = 0i128;
                for j in 0..5 {
                    let v = acc[j] + carry;
                    out[j] = v as u64;
                    carry = v >> 64;
                }
                assert_eq!(&out[..4], &k[..], "w {w}");
                assert_eq!(out[4], 0);
            }
        }
    }

    #[test]
    fn odd_multiples_are_affine_multiples() {
        let g = ProjectivePoint::from_affine(&G);
        let (q, _) = mul(&g, &Scalar::from_bytes_reduced(&[0x5a; 32])).to_affine();
        let qp = ProjectivePoint::from_affine(&q);
        let got = vartime_odd_multiples(&q);
        let mut p = qp;
        for (i, a) in got.iter().enumerate() {
            assert_eq!(*a, p.to_affine().0, "{}Q", 2 * i + 1);
            p = p.add(&qp).add(&qp);
        }
    }

    #[test]
    fn double_mul_matches_constant_time_path() {
        let g = ProjectivePoint::from_affine(&G);
        let (q, _) = mul(&g, &Scalar::from_bytes_reduced(&[0x37; 32])).to_affine();
        let qp = ProjectivePoint::from_affine(&q);
        for i in 0u8..24 {
            let mut a = Scalar::from_bytes_reduced(&[i.wrapping_mul(29); 32]);
            let b = Scalar::from_bytes_reduced(&[i.wrapping_mul(71).wrapping_add(3); 32]);
            if i == 1 {
                // [a]G + [b]Q = O: a = -b·0x37…37.
                a = b.mul(&Scalar::from_bytes_reduced(&[0x37; 32])).neg();
            }
            let expect = mul(&g, &a).add(&mul(&qp, &b));
            let got = vartime_double_mul(&a, &b, &q);
            if bool::from(expect.is_identity()) {
                assert!(got.vartime_is_identity(), "case {i}");
                continue;
            }
            let (e, _) = expect.to_affine();
            let zinv = got.z.invert();
            let z2 = zinv.square();
            assert_eq!(got.x.mul(&z2), e.x, "case {i}");
            assert_eq!(got.y.mul(&z2).mul(&zinv), e.y, "case {i}");
        }
    }

    /// Affine x, y of a Jacobian point, or None for the identity.
    fn affine(p: &JacobianPoint) -> Option<(FieldElement, FieldElement)> {
        if p.vartime_is_identity() {
            return None;
        }
        let zinv = p.z.invert();
        let z2 = zinv.square();
        Some((p.x.mul(&z2), p.y.mul(&z2).mul(&zinv)))
    }

    #[test]
    fn split_tables_are_affine_multiples() {
        let g = ProjectivePoint::from_affine(&G);
        let (q, _) = mul(&g, &Scalar::from_bytes_reduced(&[0x6b; 32])).to_affine();
        let t = vartime_split_tables(&q);
        let mut two_128 = [0u8; 32];
        two_128[15] = 1;
        for (base, table) in [
            (Scalar::from_bytes_reduced(&[0x6b; 32]), &t.q),
            (
                Scalar::from_bytes_reduced(&[0x6b; 32]).mul(&Scalar::from_bytes_reduced(&two_128)),
                &t.q_hi,
            ),
        ] {
            for (i, a) in table.iter().enumerate() {
                let mut k = [0u8; 32];
                k[31] = (2 * i + 1) as u8;
                let m = base.mul(&Scalar::from_bytes_reduced(&k));
                assert_eq!(*a, mul(&g, &m).to_affine().0, "{}·Q", 2 * i + 1);
            }
        }
    }

    /// The split multiplication with a prepared Q equals the plain one on
    /// edge scalars (halves zero, all ones, only one half set, n − 1) and
    /// on pseudo-random ones.
    #[test]
    fn split_double_mul_matches_plain() {
        let g = ProjectivePoint::from_affine(&G);
        let (q, _) = mul(&g, &Scalar::from_bytes_reduced(&[0x37; 32])).to_affine();
        let t = vartime_split_tables(&q);
        let n_minus_1 = Scalar::ZERO.add(
            &Scalar::from_bytes_reduced(&{
                let mut b = [0u8; 32];
                b[31] = 1;
                b
            })
            .neg(),
        );
        let limbs = |l: [u64; 4]| Scalar::from_canonical_limbs_reduced(&l);
        let m = u64::MAX;
        let mut edges = Vec::from([
            limbs([0, 0, 0, 0]),
            limbs([1, 0, 0, 0]),
            limbs([m, m, 0, 0]),
            limbs([0, 0, 1, 0]),
            limbs([0, 0, m, m]),
            limbs([0, 0, 0, 1 << 63]),
            limbs([m, m, m, m]),
            limbs([1, 0, 1, 0]),
            limbs([0, 1 << 63, 0, 0]),
            limbs([m, m, m, 0x7fff_ffff_ffff_ffff]),
            n_minus_1,
        ]);
        // xorshift64: pseudo-random scalars, reproducible.
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..24 {
            edges.push(limbs([next(), next(), next(), next()]));
        }
        for a in &edges {
            for b in &edges {
                let plain = vartime_double_mul(a, b, &q);
                let split = vartime_double_mul_split(a, b, &t);
                assert_eq!(
                    affine(&plain),
                    affine(&split),
                    "{:x?} {:x?}",
                    a.to_canonical(),
                    b.to_canonical()
                );
            }
        }
        // [a]G + [b]Q = O through the split path.
        let b = limbs([next(), next(), 0, 0]);
        let a = b.mul(&Scalar::from_bytes_reduced(&[0x37; 32])).neg();
        assert!(vartime_double_mul_split(&a, &b, &t).vartime_is_identity());
    }
}
