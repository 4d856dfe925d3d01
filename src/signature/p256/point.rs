//! P-256 points: y² = x³ − 3x + b over GF(p) (FIPS 186-5, SP 800-186
//! §3.2.1.3), affine, with the SEC 1 v2 §2.3.3–2.3.4 encodings
//! (0x04 ‖ x ‖ y, or 0x02/0x03 ‖ x).
//!
//! The tests' reference arithmetic lives here too: homogeneous projective
//! coordinates (X : Y : Z), x = X/Z, y = Y/Z, identity (0 : 1 : 0), with
//! the complete group law of Renes, Costello and Batina, "Complete
//! addition formulas for prime order elliptic curves" (EUROCRYPT 2016),
//! Algorithms 4 (addition), 5 (mixed addition) and 6 (doubling) for
//! a = −3: one formula for every pair of inputs, the identity and P + P
//! included. It generates the tables (`table.rs`) and checks the faster
//! Jacobian paths (`jacobian.rs`), whose exceptional cases the callers
//! exclude (`table.rs` proves it for the fixed-base multiplication).

use super::field::FieldElement;
use subtle::{Choice, ConditionallySelectable, ConstantTimeEq};

/// The curve coefficient b (Montgomery form, built at compile time).
pub(crate) const B: FieldElement = FieldElement::from_canonical_limbs_const([
    0x3bce_3c3e_27d2_604b,
    0x651d_06b0_cc53_b0f6,
    0xb3eb_bd55_7698_86bc,
    0x5ac6_35d8_aa3a_93e7,
]);

/// The base point G (SP 800-186 §3.2.1.3); the tables of `table_data.rs`
/// are generated from it.
#[cfg(test)]
pub(crate) const G: AffinePoint = AffinePoint {
    x: FieldElement::from_canonical_limbs_const([
        0xf4a1_3945_d898_c296,
        0x7703_7d81_2deb_33a0,
        0xf8bc_e6e5_63a4_40f2,
        0x6b17_d1f2_e12c_4247,
    ]),
    y: FieldElement::from_canonical_limbs_const([
        0xcbb6_4068_37bf_51f5,
        0x2bce_3357_6b31_5ece,
        0x8ee7_eb4a_7c0f_9e16,
        0x4fe3_42e2_fe1a_7f9b,
    ]),
};

/// A point in affine coordinates (never the identity).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct AffinePoint {
    pub(crate) x: FieldElement,
    pub(crate) y: FieldElement,
}

/// A point in homogeneous projective coordinates (the tests' reference).
#[cfg(test)]
#[derive(Clone, Copy, Debug)]
pub(crate) struct ProjectivePoint {
    pub(crate) x: FieldElement,
    pub(crate) y: FieldElement,
    pub(crate) z: FieldElement,
}

#[cfg(test)]
impl ProjectivePoint {
    /// The identity (0 : 1 : 0).
    pub(crate) const IDENTITY: Self = Self {
        x: FieldElement::ZERO,
        y: FieldElement::ONE,
        z: FieldElement::ZERO,
    };

    /// (x : y : 1).
    #[inline(always)]
    pub(crate) fn from_affine(p: &AffinePoint) -> Self {
        Self {
            x: p.x,
            y: p.y,
            z: FieldElement::ONE,
        }
    }

    /// self + rhs, RCB Algorithm 4 (a = −3): 12M + 2 multiplications by b.
    #[inline(always)]
    pub(crate) fn add(&self, rhs: &Self) -> Self {
        let (x1, y1, z1) = (&self.x, &self.y, &self.z);
        let (x2, y2, z2) = (&rhs.x, &rhs.y, &rhs.z);
        let mut t0 = x1.mul(x2);
        let mut t1 = y1.mul(y2);
        let mut t2 = z1.mul(z2);
        let mut t3 = x1.add(y1);
        let mut t4 = x2.add(y2);
        t3 = t3.mul(&t4);
        t4 = t0.add(&t1);
        t3 = t3.sub(&t4);
        t4 = y1.add(z1);
        let mut x3 = y2.add(z2);
        t4 = t4.mul(&x3);
        x3 = t1.add(&t2);
        t4 = t4.sub(&x3);
        x3 = x1.add(z1);
        let mut y3 = x2.add(z2);
        x3 = x3.mul(&y3);
        y3 = t0.add(&t2);
        y3 = x3.sub(&y3);
        let mut z3 = B.mul(&t2);
        x3 = y3.sub(&z3);
        z3 = x3.double();
        x3 = x3.add(&z3);
        z3 = t1.sub(&x3);
        x3 = t1.add(&x3);
        y3 = B.mul(&y3);
        t1 = t2.double();
        t2 = t1.add(&t2);
        y3 = y3.sub(&t2);
        y3 = y3.sub(&t0);
        t1 = y3.double();
        y3 = t1.add(&y3);
        t1 = t0.double();
        t0 = t1.add(&t0);
        t0 = t0.sub(&t2);
        t1 = t4.mul(&y3);
        t2 = t0.mul(&y3);
        y3 = x3.mul(&z3);
        y3 = y3.add(&t2);
        x3 = t3.mul(&x3);
        x3 = x3.sub(&t1);
        z3 = t4.mul(&z3);
        t1 = t3.mul(&t0);
        z3 = z3.add(&t1);
        Self {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    /// self + (x2, y2), RCB Algorithm 5 (a = −3): 11M + 2 multiplications
    /// by b. Complete for every self, the identity included; the affine
    /// input is never the identity.
    #[inline(always)]
    pub(crate) fn add_mixed(&self, rhs: &AffinePoint) -> Self {
        let (x1, y1, z1) = (&self.x, &self.y, &self.z);
        let (x2, y2) = (&rhs.x, &rhs.y);
        let mut t0 = x1.mul(x2);
        let mut t1 = y1.mul(y2);
        let mut t3 = x2.add(y2);
        let mut t4 = x1.add(y1);
        t3 = t3.mul(&t4);
        t4 = t0.add(&t1);
        t3 = t3.sub(&t4);
        t4 = y2.mul(z1);
        t4 = t4.add(y1);
        let mut y3 = x2.mul(z1);
        y3 = y3.add(x1);
        let mut z3 = B.mul(z1);
        let mut x3 = y3.sub(&z3);
        z3 = x3.double();
        x3 = x3.add(&z3);
        z3 = t1.sub(&x3);
        x3 = t1.add(&x3);
        y3 = B.mul(&y3);
        t1 = z1.double();
        let mut t2 = t1.add(z1);
        y3 = y3.sub(&t2);
        y3 = y3.sub(&t0);
        t1 = y3.double();
        y3 = t1.add(&y3);
        t1 = t0.double();
        t0 = t1.add(&t0);
        t0 = t0.sub(&t2);
        t1 = t4.mul(&y3);
        t2 = t0.mul(&y3);
        y3 = x3.mul(&z3);
        y3 = y3.add(&t2);
        x3 = t3.mul(&x3);
        x3 = x3.sub(&t1);
        z3 = t4.mul(&z3);
        t1 = t3.mul(&t0);
        z3 = z3.add(&t1);
        Self {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    /// 2·self, RCB Algorithm 6 (a = −3): 8M + 3S + 2 multiplications by b.
    #[inline(always)]
    pub(crate) fn double(&self) -> Self {
        let (x, y, z) = (&self.x, &self.y, &self.z);
        let mut t0 = x.square();
        let t1 = y.square();
        let mut t2 = z.square();
        let mut t3 = x.mul(y);
        t3 = t3.double();
        let mut z3 = x.mul(z);
        z3 = z3.double();
        let mut y3 = B.mul(&t2);
        y3 = y3.sub(&z3);
        let mut x3 = y3.double();
        y3 = x3.add(&y3);
        x3 = t1.sub(&y3);
        y3 = t1.add(&y3);
        y3 = x3.mul(&y3);
        x3 = x3.mul(&t3);
        t3 = t2.double();
        t2 = t2.add(&t3);
        z3 = B.mul(&z3);
        z3 = z3.sub(&t2);
        z3 = z3.sub(&t0);
        t3 = z3.double();
        z3 = z3.add(&t3);
        t3 = t0.double();
        t0 = t3.add(&t0);
        t0 = t0.sub(&t2);
        t0 = t0.mul(&z3);
        y3 = y3.add(&t0);
        t0 = y.mul(z);
        t0 = t0.double();
        z3 = t0.mul(&z3);
        x3 = x3.sub(&z3);
        z3 = t0.mul(&t1);
        z3 = z3.double();
        z3 = z3.double();
        Self {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    /// −self.
    #[inline(always)]
    pub(crate) fn neg(&self) -> Self {
        Self {
            x: self.x,
            y: self.y.neg(),
            z: self.z,
        }
    }

    /// 1 if self is the identity (Z = 0).
    #[inline(always)]
    pub(crate) fn is_identity(&self) -> Choice {
        self.z.is_zero()
    }

    /// The affine point, or an unspecified value and 0 for the identity.
    /// Constant time (one inversion by a fixed chain).
    #[inline(always)]
    pub(crate) fn to_affine(self) -> (AffinePoint, Choice) {
        let zinv = self.z.invert();
        (
            AffinePoint {
                x: self.x.mul(&zinv),
                y: self.y.mul(&zinv),
            },
            !self.is_identity(),
        )
    }
}

#[cfg(test)]
impl ConditionallySelectable for ProjectivePoint {
    #[inline(always)]
    fn conditional_select(a: &Self, b: &Self, choice: Choice) -> Self {
        Self {
            x: FieldElement::conditional_select(&a.x, &b.x, choice),
            y: FieldElement::conditional_select(&a.y, &b.y, choice),
            z: FieldElement::conditional_select(&a.z, &b.z, choice),
        }
    }
}

impl ConditionallySelectable for AffinePoint {
    #[inline(always)]
    fn conditional_select(a: &Self, b: &Self, choice: Choice) -> Self {
        Self {
            x: FieldElement::conditional_select(&a.x, &b.x, choice),
            y: FieldElement::conditional_select(&a.y, &b.y, choice),
        }
    }
}

#[cfg(test)]
impl ConstantTimeEq for ProjectivePoint {
    /// Equality as group elements: X1·Z2 = X2·Z1 and Y1·Z2 = Y2·Z1, and
    /// neither side the non-point (0 : 0 : 0) (which would pass the two
    /// cross products with anything; Y = 0 never happens on P-256, whose
    /// prime order leaves no point of order 2).
    #[inline(always)]
    fn ct_eq(&self, other: &Self) -> Choice {
        self.x.mul(&other.z).ct_eq(&other.x.mul(&self.z))
            & self.y.mul(&other.z).ct_eq(&other.y.mul(&self.z))
            & !self.y.is_zero()
            & !other.y.is_zero()
    }
}

impl AffinePoint {
    /// 1 if y² = x³ − 3x + b.
    #[inline(always)]
    pub(crate) fn is_on_curve(&self) -> Choice {
        self.y.square().ct_eq(&rhs(&self.x))
    }

    /// SEC 1 §2.3.4 decoding of a public point (public data: returns early
    /// on malformed input). `None` for a wrong length or tag, a coordinate
    /// ≥ p, a point off the curve, an x with no y (compressed), or the
    /// identity (the one-byte 0x00 encoding, refused as a public key).
    pub(crate) fn from_sec1(bytes: &[u8]) -> Option<Self> {
        match (bytes.first(), bytes.len()) {
            (Some(0x04), 65) => {
                let x: &[u8; 32] = bytes[1..33].try_into().ok()?;
                let y: &[u8; 32] = bytes[33..65].try_into().ok()?;
                Self::from_coordinates(x, y)
            }
            (Some(&tag @ (0x02 | 0x03)), 33) => {
                let x: &[u8; 32] = bytes[1..33].try_into().ok()?;
                let (x, ok) = FieldElement::from_bytes(x);
                if !bool::from(ok) {
                    return None;
                }
                let (y, is_root) = rhs(&x).sqrt();
                if !bool::from(is_root) {
                    return None;
                }
                let flip = y.is_odd() ^ Choice::from(tag & 1);
                let y = FieldElement::conditional_select(&y, &y.neg(), flip);
                Some(Self { x, y })
            }
            _ => None,
        }
    }

    /// The point (x, y) from big-endian coordinates: `None` if either is
    /// ≥ p or the point is not on the curve.
    pub(crate) fn from_coordinates(x: &[u8; 32], y: &[u8; 32]) -> Option<Self> {
        let (x, okx) = FieldElement::from_bytes(x);
        let (y, oky) = FieldElement::from_bytes(y);
        let p = Self { x, y };
        bool::from(okx & oky & p.is_on_curve()).then_some(p)
    }

    /// 0x04 ‖ x ‖ y.
    pub(crate) fn to_sec1_uncompressed(self) -> [u8; 65] {
        let mut out = [0u8; 65];
        out[0] = 0x04;
        out[1..33].copy_from_slice(&self.x.to_bytes());
        out[33..].copy_from_slice(&self.y.to_bytes());
        out
    }

    /// (0x02 + (y mod 2)) ‖ x.
    pub(crate) fn to_sec1_compressed(self) -> [u8; 33] {
        let mut out = [0u8; 33];
        out[0] = 0x02 | self.y.is_odd().unwrap_u8();
        out[1..].copy_from_slice(&self.x.to_bytes());
        out
    }
}

/// x³ − 3x + b.
#[inline(always)]
fn rhs(x: &FieldElement) -> FieldElement {
    let x3 = x.square().mul(x);
    let three_x = x.double().add(x);
    x3.sub(&three_x).add(&B)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_point_is_on_curve() {
        assert!(bool::from(G.is_on_curve()));
    }

    /// The complete formulas agree with each other on every kind of input:
    /// P + P = 2P, P + O = P, O + O = O, P + (−P) = O, mixed = full.
    #[test]
    fn complete_formulas_agree() {
        let g = ProjectivePoint::from_affine(&G);
        let o = ProjectivePoint::IDENTITY;
        let g2 = g.double();
        assert!(bool::from(g.add(&g).ct_eq(&g2)));
        assert!(bool::from(o.add_mixed(&G).ct_eq(&g)));
        assert!(bool::from(g.add_mixed(&G).ct_eq(&g2)));
        assert!(bool::from(g.add(&o).ct_eq(&g)));
        assert!(bool::from(o.add(&o).is_identity()));
        assert!(bool::from(o.double().is_identity()));
        assert!(bool::from(g.add(&g.neg()).is_identity()));
        let g3 = g2.add(&g);
        assert!(bool::from(g3.ct_eq(&g2.add_mixed(&G))));
        let (a3, ok) = g3.to_affine();
        assert!(bool::from(ok & a3.is_on_curve()));
        let (a2, _) = g2.to_affine();
        assert!(bool::from(g3.add(&g2).ct_eq(&g.add(&g2.double()))));
        assert!(bool::from(a2.is_on_curve()));
    }

    #[test]
    fn sec1_round_trip() {
        let (p, _) = ProjectivePoint::from_affine(&G).double().to_affine();
        let u = p.to_sec1_uncompressed();
        let c = p.to_sec1_compressed();
        assert_eq!(AffinePoint::from_sec1(&u), Some(p));
        assert_eq!(AffinePoint::from_sec1(&c), Some(p));
        let mut bad = u;
        bad[64] ^= 1;
        assert_eq!(AffinePoint::from_sec1(&bad), None);
        assert_eq!(AffinePoint::from_sec1(&[0]), None);
        assert_eq!(AffinePoint::from_sec1(&u[..64]), None);
    }
}
