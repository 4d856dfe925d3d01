//! Points of edwards25519: -x² + y² = 1 + d·x²·y² over GF(2^255 - 19).
//!
//! Formulas are those of Hisil, Wong, Carter and Dawson, "Twisted Edwards
//! Curves Revisited" (2008), §3.1 (a = -1), which are complete on this curve:
//! no input needs special-casing, so they run in constant time.
//!
//! Representations:
//! - [`EdwardsPoint`] (extended): (X:Y:Z:T), x = X/Z, y = Y/Z, T = XY/Z.
//! - [`ProjectivePoint`]: (X:Y:Z), enough to double.
//! - [`CompletedPoint`]: ((X:Z), (Y:T)), x = X/Z, y = Y/T; what an addition
//!   or a doubling produces before the final multiplications.
//! - [`AffineNielsPoint`]: (y+x, y-x, 2dxy), a table entry with Z = 1.
//! - [`ProjectiveNielsPoint`]: (Y+X, Y-X, Z, 2dT), a variable-base table entry.
//!
//! Every type is generic over the field representation ([`Field`]), with
//! the portable 5×51-bit [`Fe`] as the default: the formulas are written
//! once and monomorphised per field backend (`field::Fe64` for the
//! BMI2 backend), never copied.

use super::field::{Field, FieldElement as Fe};
use core::ops::{Add, Neg, Sub};
use subtle::{Choice, ConditionallySelectable, ConstantTimeEq};

/// A point in extended coordinates.
#[derive(Clone, Copy, Debug)]
pub(crate) struct EdwardsPoint<F = Fe> {
    pub(crate) x: F,
    pub(crate) y: F,
    pub(crate) z: F,
    pub(crate) t: F,
}

/// A point in projective coordinates (no T).
#[derive(Clone, Copy, Debug)]
pub(crate) struct ProjectivePoint<F = Fe> {
    pub(crate) x: F,
    pub(crate) y: F,
    pub(crate) z: F,
}

/// The "completed" result of an addition or doubling: x = X/Z, y = Y/T.
#[derive(Clone, Copy, Debug)]
pub(crate) struct CompletedPoint<F = Fe> {
    pub(crate) x: F,
    pub(crate) y: F,
    pub(crate) z: F,
    pub(crate) t: F,
}

/// (y + x, y - x, 2·d·x·y) of an affine point: 7 multiplications per
/// mixed addition.
#[derive(Clone, Copy, Debug)]
pub(crate) struct AffineNielsPoint<F = Fe> {
    pub(crate) y_plus_x: F,
    pub(crate) y_minus_x: F,
    pub(crate) xy2d: F,
}

/// (Y + X, Y - X, Z, 2·d·T) of an extended point.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ProjectiveNielsPoint<F = Fe> {
    pub(crate) y_plus_x: F,
    pub(crate) y_minus_x: F,
    pub(crate) z: F,
    pub(crate) t2d: F,
}

impl EdwardsPoint<Fe> {
    /// The base point B of RFC 8032 §5.1: y = 4/5, x even. (The run-time
    /// code uses the tables built from it; the generator and tests use it.)
    #[cfg(test)]
    pub(crate) const BASEPOINT: Self = Self {
        x: Fe([
            0x62d608f25d51a,
            0x412a4b4f6592a,
            0x75b7171a4b31d,
            0x1ff60527118fe,
            0x216936d3cd6e5,
        ]),
        y: Fe([
            0x6666666666658,
            0x4cccccccccccc,
            0x1999999999999,
            0x3333333333333,
            0x6666666666666,
        ]),
        z: Fe::ONE,
        t: Fe([
            0x68ab3a5b7dda3,
            0x00eea2a5eadbb,
            0x2af8df483c27e,
            0x332b375274732,
            0x67875f0fd78b7,
        ]),
    };
}

impl<F: Field> EdwardsPoint<F> {
    /// The neutral element (0, 1).
    pub(crate) const IDENTITY: Self = Self {
        x: F::ZERO,
        y: F::ONE,
        z: F::ONE,
        t: F::ZERO,
    };

    /// Decodes a point (RFC 8032 §5.1.3) and rejects every non-canonical
    /// encoding: y ≥ p, and x = 0 with the sign bit set. `None` also when
    /// no x exists. Runs in constant time apart from the final verdict,
    /// but is meant for public inputs (keys, the R of a signature). Always
    /// inlined so a backend's `#[target_feature]` function gets its own copy.
    #[inline(always)]
    pub(crate) fn decompress(bytes: &[u8; 32]) -> Option<Self> {
        let y = F::from_bytes(bytes);
        let sign = Choice::from(bytes[31] >> 7);
        // Canonical y: re-encoding gives back the 255 low bits.
        let mut low = *bytes;
        low[31] &= 0x7f;
        let y_canonical = y.to_bytes().ct_eq(&low);
        // x² = (y² - 1) / (d·y² + 1)
        let yy = y.square();
        let u = yy - F::ONE;
        let v = yy.mul(&F::D) + F::ONE;
        let (is_square, mut x) = F::sqrt_ratio(&u, &v);
        // x = 0 has no negative twin: a set sign bit is non-canonical.
        let x_zero = x.is_zero();
        let valid = y_canonical & is_square & !(x_zero & sign);
        // Pick the root whose parity is the sign bit.
        let flip = x.is_negative() ^ sign;
        x = F::conditional_select(&x, &-x, flip);
        if !bool::from(valid) {
            return None;
        }
        Some(Self {
            x,
            y,
            z: F::ONE,
            t: x.mul(&y),
        })
    }

    /// The 32-byte encoding (RFC 8032 §5.1.2): canonical y, with the parity
    /// of x in bit 255. One inversion; constant time. Always inlined so a
    /// backend's `#[target_feature]` function gets its own copy.
    #[inline(always)]
    pub(crate) fn compress(&self) -> [u8; 32] {
        let zinv = self.z.invert();
        let x = self.x.mul(&zinv);
        let y = self.y.mul(&zinv);
        let mut out = y.to_bytes();
        out[31] ^= x.is_negative().unwrap_u8() << 7;
        out
    }

    /// As a projective point (drops T).
    #[inline(always)]
    pub(crate) fn to_projective(self) -> ProjectivePoint<F> {
        ProjectivePoint {
            x: self.x,
            y: self.y,
            z: self.z,
        }
    }

    /// As a variable-base table entry.
    #[inline(always)]
    pub(crate) fn to_projective_niels(self) -> ProjectiveNielsPoint<F> {
        ProjectiveNielsPoint {
            y_plus_x: self.y + self.x,
            y_minus_x: self.y - self.x,
            z: self.z,
            t2d: self.t.mul(&F::D2),
        }
    }

    /// As an affine table entry (one inversion); the table generator's step.
    #[cfg(test)]
    pub(crate) fn to_affine_niels(self) -> AffineNielsPoint<F> {
        let zinv = self.z.invert();
        let x = self.x.mul(&zinv);
        let y = self.y.mul(&zinv);
        AffineNielsPoint {
            y_plus_x: y + x,
            y_minus_x: y - x,
            xy2d: x.mul(&y).mul(&F::D2),
        }
    }

    /// 2·self.
    #[inline(always)]
    pub(crate) fn double(&self) -> Self {
        self.to_projective().double().to_extended()
    }

    /// 8·self: clears the small-order (torsion) component.
    pub(crate) fn mul_by_cofactor(&self) -> Self {
        let p = self.to_projective().double().to_projective();
        let p = p.double().to_projective();
        p.double().to_extended()
    }

    /// True for the neutral element: X = 0 and Y = Z. Constant time.
    pub(crate) fn is_identity(&self) -> Choice {
        self.x.is_zero() & self.y.ct_eq(&self.z)
    }

    /// True when 8·self is the identity, i.e. self is one of the eight
    /// points of small order (RFC 8032 keys and R values of this kind
    /// make forgeries cheap; `verify` refuses such keys).
    pub(crate) fn is_small_order(&self) -> Choice {
        self.mul_by_cofactor().is_identity()
    }

    /// Projective equality: X1·Z2 = X2·Z1 and Y1·Z2 = Y2·Z1.
    #[cfg(test)]
    pub(crate) fn ct_eq(&self, other: &Self) -> Choice {
        let x = self.x.mul(&other.z).ct_eq(&other.x.mul(&self.z));
        let y = self.y.mul(&other.z).ct_eq(&other.y.mul(&self.z));
        x & y
    }

    /// [s]·self by double-and-add over the 256 bits of `s` (little-endian),
    /// variable time; for tests and table generation only.
    #[cfg(test)]
    pub(crate) fn vartime_mul_bytes(&self, s: &[u8; 32]) -> Self {
        let mut acc = Self::IDENTITY;
        for i in (0..256).rev() {
            acc = acc.double();
            if (s[i / 8] >> (i % 8)) & 1 == 1 {
                acc = &acc + self;
            }
        }
        acc
    }
}

impl<F: Field> ProjectivePoint<F> {
    /// 2·self ("dbl-2008-hwcd" with a = -1): 4 squarings.
    #[inline(always)]
    pub(crate) fn double(&self) -> CompletedPoint<F> {
        let xx = self.x.square();
        let yy = self.y.square();
        let zz2 = self.z.square();
        let zz2 = zz2 + zz2;
        let xy = self.x + self.y;
        let xy_sq = xy.square();
        let yy_plus_xx = yy + xx;
        let yy_minus_xx = yy - xx;
        CompletedPoint {
            x: xy_sq - yy_plus_xx,
            y: yy_plus_xx,
            z: yy_minus_xx,
            t: zz2 - yy_minus_xx,
        }
    }

    /// As an extended point (one multiplication more than projective would
    /// cost, but T is needed for additions).
    #[inline(always)]
    pub(crate) fn to_extended(self) -> EdwardsPoint<F> {
        EdwardsPoint {
            x: self.x.mul(&self.z),
            y: self.y.mul(&self.z),
            z: self.z.square(),
            t: self.x.mul(&self.y),
        }
    }
}

impl<F: Field> CompletedPoint<F> {
    /// To extended coordinates: 4 multiplications.
    #[inline(always)]
    pub(crate) fn to_extended(self) -> EdwardsPoint<F> {
        EdwardsPoint {
            x: self.x.mul(&self.t),
            y: self.y.mul(&self.z),
            z: self.z.mul(&self.t),
            t: self.x.mul(&self.y),
        }
    }

    /// To projective coordinates: 3 multiplications (when the next step is a
    /// doubling).
    #[inline(always)]
    pub(crate) fn to_projective(self) -> ProjectivePoint<F> {
        ProjectivePoint {
            x: self.x.mul(&self.t),
            y: self.y.mul(&self.z),
            z: self.z.mul(&self.t),
        }
    }
}

impl<F: Field> AffineNielsPoint<F> {
    /// The neutral element: (1, 1, 0) (the table lookups build it from
    /// masks; the generator and tests use the constant).
    #[cfg(test)]
    pub(crate) const IDENTITY: Self = Self {
        y_plus_x: F::ONE,
        y_minus_x: F::ONE,
        xy2d: F::ZERO,
    };
}

impl<F: Field> ProjectiveNielsPoint<F> {
    /// The neutral element: (1, 1, 1, 0).
    pub(crate) const IDENTITY: Self = Self {
        y_plus_x: F::ONE,
        y_minus_x: F::ONE,
        z: F::ONE,
        t2d: F::ZERO,
    };
}

// ---- mixed additions: extended + Niels -> completed ("madd-2008-hwcd-3",
// "add-2008-hwcd-3" with k = 2d). Subtraction adds the negated Niels form,
// which swaps y+x with y-x and negates 2dxy.

impl<F: Field> Add<&AffineNielsPoint<F>> for &EdwardsPoint<F> {
    type Output = CompletedPoint<F>;
    #[inline(always)]
    fn add(self, q: &AffineNielsPoint<F>) -> CompletedPoint<F> {
        let pp = (self.y + self.x).mul(&q.y_plus_x);
        let mm = (self.y - self.x).mul(&q.y_minus_x);
        let txy2d = self.t.mul(&q.xy2d);
        let z2 = self.z + self.z;
        CompletedPoint {
            x: pp - mm,
            y: pp + mm,
            z: z2 + txy2d,
            t: z2 - txy2d,
        }
    }
}

impl<F: Field> Sub<&AffineNielsPoint<F>> for &EdwardsPoint<F> {
    type Output = CompletedPoint<F>;
    #[inline(always)]
    fn sub(self, q: &AffineNielsPoint<F>) -> CompletedPoint<F> {
        let pm = (self.y + self.x).mul(&q.y_minus_x);
        let mp = (self.y - self.x).mul(&q.y_plus_x);
        let txy2d = self.t.mul(&q.xy2d);
        let z2 = self.z + self.z;
        CompletedPoint {
            x: pm - mp,
            y: pm + mp,
            z: z2 - txy2d,
            t: z2 + txy2d,
        }
    }
}

impl<F: Field> Add<&ProjectiveNielsPoint<F>> for &EdwardsPoint<F> {
    type Output = CompletedPoint<F>;
    #[inline(always)]
    fn add(self, q: &ProjectiveNielsPoint<F>) -> CompletedPoint<F> {
        let pp = (self.y + self.x).mul(&q.y_plus_x);
        let mm = (self.y - self.x).mul(&q.y_minus_x);
        let tt2d = self.t.mul(&q.t2d);
        let zz = self.z.mul(&q.z);
        let zz2 = zz + zz;
        CompletedPoint {
            x: pp - mm,
            y: pp + mm,
            z: zz2 + tt2d,
            t: zz2 - tt2d,
        }
    }
}

impl<F: Field> Sub<&ProjectiveNielsPoint<F>> for &EdwardsPoint<F> {
    type Output = CompletedPoint<F>;
    #[inline(always)]
    fn sub(self, q: &ProjectiveNielsPoint<F>) -> CompletedPoint<F> {
        let pm = (self.y + self.x).mul(&q.y_minus_x);
        let mp = (self.y - self.x).mul(&q.y_plus_x);
        let tt2d = self.t.mul(&q.t2d);
        let zz = self.z.mul(&q.z);
        let zz2 = zz + zz;
        CompletedPoint {
            x: pm - mp,
            y: pm + mp,
            z: zz2 - tt2d,
            t: zz2 + tt2d,
        }
    }
}

impl<F: Field> Add<&EdwardsPoint<F>> for &EdwardsPoint<F> {
    type Output = EdwardsPoint<F>;
    #[inline]
    fn add(self, q: &EdwardsPoint<F>) -> EdwardsPoint<F> {
        (self + &q.to_projective_niels()).to_extended()
    }
}

impl<F: Field> Sub<&EdwardsPoint<F>> for &EdwardsPoint<F> {
    type Output = EdwardsPoint<F>;
    #[inline]
    fn sub(self, q: &EdwardsPoint<F>) -> EdwardsPoint<F> {
        (self - &q.to_projective_niels()).to_extended()
    }
}

impl<F: Field> Neg for &EdwardsPoint<F> {
    type Output = EdwardsPoint<F>;
    #[inline]
    fn neg(self) -> EdwardsPoint<F> {
        EdwardsPoint {
            x: -self.x,
            y: self.y,
            z: self.z,
            t: -self.t,
        }
    }
}

impl<F: Field> Neg for &AffineNielsPoint<F> {
    type Output = AffineNielsPoint<F>;
    #[inline]
    fn neg(self) -> AffineNielsPoint<F> {
        AffineNielsPoint {
            y_plus_x: self.y_minus_x,
            y_minus_x: self.y_plus_x,
            xy2d: -self.xy2d,
        }
    }
}

impl<F: Field> Neg for &ProjectiveNielsPoint<F> {
    type Output = ProjectiveNielsPoint<F>;
    #[inline]
    fn neg(self) -> ProjectiveNielsPoint<F> {
        ProjectiveNielsPoint {
            y_plus_x: self.y_minus_x,
            y_minus_x: self.y_plus_x,
            z: self.z,
            t2d: -self.t2d,
        }
    }
}

impl<F: Field> ConditionallySelectable for EdwardsPoint<F> {
    #[inline(always)]
    fn conditional_select(a: &Self, b: &Self, c: Choice) -> Self {
        Self {
            x: F::conditional_select(&a.x, &b.x, c),
            y: F::conditional_select(&a.y, &b.y, c),
            z: F::conditional_select(&a.z, &b.z, c),
            t: F::conditional_select(&a.t, &b.t, c),
        }
    }
}

impl<F: Field> ConditionallySelectable for AffineNielsPoint<F> {
    #[inline(always)]
    fn conditional_select(a: &Self, b: &Self, c: Choice) -> Self {
        Self {
            y_plus_x: F::conditional_select(&a.y_plus_x, &b.y_plus_x, c),
            y_minus_x: F::conditional_select(&a.y_minus_x, &b.y_minus_x, c),
            xy2d: F::conditional_select(&a.xy2d, &b.xy2d, c),
        }
    }
}

impl<F: Field> ConditionallySelectable for ProjectiveNielsPoint<F> {
    #[inline(always)]
    fn conditional_select(a: &Self, b: &Self, c: Choice) -> Self {
        Self {
            y_plus_x: F::conditional_select(&a.y_plus_x, &b.y_plus_x, c),
            y_minus_x: F::conditional_select(&a.y_minus_x, &b.y_minus_x, c),
            z: F::conditional_select(&a.z, &b.z, c),
            t2d: F::conditional_select(&a.t2d, &b.t2d, c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::scalar::L_BYTES;
    use super::*;
    type EdwardsPoint = super::EdwardsPoint<Fe>;

    const B_BYTES: [u8; 32] = [
        0x58, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
        0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
        0x66, 0x66,
    ];

    #[test]
    fn basepoint_constant_matches_its_encoding() {
        let b = EdwardsPoint::decompress(&B_BYTES).expect("B decodes");
        assert!(bool::from(b.ct_eq(&EdwardsPoint::BASEPOINT)));
        assert_eq!(EdwardsPoint::BASEPOINT.compress(), B_BYTES);
        // T = XY/Z
        let bp = EdwardsPoint::BASEPOINT;
        assert_eq!(bp.t.to_bytes(), bp.x.mul(&bp.y).to_bytes());
    }

    #[test]
    fn basepoint_has_order_l() {
        let b = EdwardsPoint::BASEPOINT;
        assert!(bool::from(b.vartime_mul_bytes(&L_BYTES).is_identity()));
        assert!(!bool::from(b.is_identity()));
        assert!(!bool::from(b.is_small_order()));
    }

    #[test]
    fn group_law_is_consistent() {
        let b = EdwardsPoint::BASEPOINT;
        let b2 = b.double();
        let b3 = &b2 + &b;
        let b3_alt = &(&b + &b) + &b;
        assert!(bool::from(b3.ct_eq(&b3_alt)));
        assert!(bool::from((&b3 - &b).ct_eq(&b2)));
        assert!(bool::from((&b3 + &(-&b3)).is_identity()));
        let niels = b.to_affine_niels();
        assert!(bool::from((&b2 + &niels).to_extended().ct_eq(&b3)));
        assert!(bool::from((&b3 - &niels).to_extended().ct_eq(&b2)));
        assert!(bool::from((&b2 - &(-&niels)).to_extended().ct_eq(&b3)));
        let mut three = [0u8; 32];
        three[0] = 3;
        assert!(bool::from(b.vartime_mul_bytes(&three).ct_eq(&b3)));
        // Round trip through the encoding.
        let enc = b3.compress();
        let dec = EdwardsPoint::decompress(&enc).expect("decodes");
        assert!(bool::from(dec.ct_eq(&b3)));
    }

    #[test]
    fn decompress_rejects_non_canonical_encodings() {
        // y = p (≡ 0) and y = p + 1 (≡ 1): y ≥ p.
        let mut p = [0xffu8; 32];
        p[0] = 0xed;
        p[31] = 0x7f;
        let mut p1 = p;
        p1[0] = 0xee;
        assert!(EdwardsPoint::decompress(&p1).is_none());
        // (0, 1) with the sign bit set: x = 0 cannot be negative.
        let mut one = [0u8; 32];
        one[0] = 1;
        assert!(EdwardsPoint::decompress(&one).is_some());
        one[31] = 0x80;
        assert!(EdwardsPoint::decompress(&one).is_none());
        // y = 2 is not on the curve (x² non-square); y = p is (0, p ≡ 0)?
        // No: y = 0 gives x² = -1/1 = -1, a square, so (±i, 0) exists and
        // its encoding with y = p is non-canonical.
        let mut zero = [0u8; 32];
        assert!(EdwardsPoint::decompress(&zero).is_some());
        assert!(EdwardsPoint::decompress(&p).is_none());
        zero[0] = 2;
        assert!(EdwardsPoint::decompress(&zero).is_none());
    }

    #[test]
    fn small_order_points_are_detected() {
        // (0, 1), (0, -1), (±i, 0) and the four of order 8.
        let mut id = [0u8; 32];
        id[0] = 1;
        let p = EdwardsPoint::decompress(&id).expect("identity");
        assert!(bool::from(p.is_small_order()));
        let minus_one = Fe::ONE.neg().to_bytes();
        let p = EdwardsPoint::decompress(&minus_one).expect("order 2");
        assert!(bool::from(p.is_small_order()));
        assert!(!bool::from(p.is_identity()));
        // An order-8 point: y = 0x26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05
        let y8 = [
            0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0, 0x45, 0xc3, 0xf4, 0x89, 0xf2, 0xef,
            0x98, 0xf0, 0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6, 0x33, 0x39, 0xb1, 0x38, 0x02, 0x88,
            0x6d, 0x53, 0xfc, 0x05,
        ];
        let p8 = EdwardsPoint::decompress(&y8).expect("order 8");
        assert!(bool::from(p8.is_small_order()));
        assert!(!bool::from(p8.double().double().is_identity()));
        // B + (order-8 point) is of mixed order: not small.
        let mixed = &EdwardsPoint::BASEPOINT + &p8;
        assert!(!bool::from(mixed.is_small_order()));
    }
}
