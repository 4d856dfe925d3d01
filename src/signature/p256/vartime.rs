//! Variable-time double-scalar multiplication [a]G + [b]Q for ECDSA
//! verification (every input public): interleaved width-w NAF, w = 8 for
//! G (odd multiples 1·G … 127·G precomputed in `table_data.rs`) and w = 5
//! for Q (1·Q … 15·Q computed per call), one shared chain of doublings,
//! in Jacobian coordinates (`jacobian.rs`: cheaper doublings, exceptional
//! cases branched on, which public data allows).

use super::jacobian::JacobianPoint;
use super::point::AffinePoint;
use super::scalar::Scalar;
use super::table::G_ODD_MULTIPLES;

/// Width-w NAF digits of a 256-bit integer (little-endian limbs), least
/// significant first: every non-zero digit is odd, |d| < 2^(w−1), and any
/// w consecutive digits hold at most one non-zero. 257 digits suffice.
pub(crate) fn vartime_wnaf(k: &[u64; 4], w: u32) -> [i8; 257] {
    let mut naf = [0i8; 257];
    let mut x = [k[0], k[1], k[2], k[3], 0u64];
    let width = 1i64 << w;
    let half = width >> 1;
    let mut i = 0;
    while i < 257 && x.iter().any(|&l| l != 0) {
        if x[0] & 1 == 1 {
            let mut d = (x[0] & (width as u64 - 1)) as i64;
            if d >= half {
                d -= width;
            }
            naf[i] = d as i8;
            // x −= d (d odd, |d| < 2^(w−1)): the low w bits become zero.
            if d > 0 {
                sub_small(&mut x, d as u64);
            } else {
                add_small(&mut x, (-d) as u64);
            }
        }
        shr1(&mut x);
        i += 1;
    }
    naf
}

fn add_small(x: &mut [u64; 5], v: u64) {
    let mut carry = v;
    for limb in x.iter_mut() {
        let (s, c) = limb.overflowing_add(carry);
        *limb = s;
        carry = u64::from(c);
        if carry == 0 {
            break;
        }
    }
}

fn sub_small(x: &mut [u64; 5], v: u64) {
    let mut borrow = v;
    for limb in x.iter_mut() {
        let (s, b) = limb.overflowing_sub(borrow);
        *limb = s;
        borrow = u64::from(b);
        if borrow == 0 {
            break;
        }
    }
}

fn shr1(x: &mut [u64; 5]) {
    for i in 0..4 {
        x[i] = (x[i] >> 1) | (x[i + 1] << 63);
    }
    x[4] >>= 1;
}

/// [a]G + [b]Q in Jacobian coordinates, variable time.
#[inline(always)]
pub(crate) fn vartime_double_mul(a: &Scalar, b: &Scalar, q: &AffinePoint) -> JacobianPoint {
    let naf_a = vartime_wnaf(&a.to_canonical(), 8);
    let naf_b = vartime_wnaf(&b.to_canonical(), 5);
    // 1Q, 3Q, …, 15Q.
    let q1 = JacobianPoint::from_affine(q);
    let mut q_odd = [q1; 8];
    let q2 = q1.vartime_double();
    for i in 1..8 {
        q_odd[i] = q_odd[i - 1].vartime_add(&q2);
    }
    let top = (0..257)
        .rev()
        .find(|&i| naf_a[i] != 0 || naf_b[i] != 0)
        .unwrap_or(0);
    let mut acc = JacobianPoint::IDENTITY;
    for i in (0..=top).rev() {
        acc = acc.vartime_double();
        let db = naf_b[i];
        if db > 0 {
            acc = acc.vartime_add(&q_odd[(db >> 1) as usize]);
        } else if db < 0 {
            acc = acc.vartime_add(&q_odd[((-db) >> 1) as usize].neg());
        }
        let da = naf_a[i];
        if da > 0 {
            acc = acc.vartime_add_affine(&G_ODD_MULTIPLES[(da >> 1) as usize]);
        } else if da < 0 {
            let p = G_ODD_MULTIPLES[((-da) >> 1) as usize];
            acc = acc.vartime_add_affine(&AffinePoint {
                x: p.x,
                y: p.y.neg(),
            });
        }
    }
    acc
}

#[cfg(test)]
mod tests {
    use super::super::mul::mul;
    use super::super::point::{ProjectivePoint, G};
    use super::*;

    #[test]
    fn wnaf_recomposes() {
        for k in [
            [0u64; 4],
            [u64::MAX; 4],
            [1, 0, 0, 0],
            [0x5555_5555_5555_5555; 4],
        ] {
            for w in [5u32, 8] {
                let naf = vartime_wnaf(&k, w);
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
}
