//! Jacobian coordinates (X : Y : Z), x = X/Z², y = Y/Z³. The classic
//! formulas for a = −3 are cheaper than the complete ones (a doubling costs
//! 4M + 4S instead of 8M + 3S + 2·b, a mixed addition 8M + 3S instead of
//! 11M + 2·b) but have exceptional cases (equal or opposite inputs, the
//! identity).
//!
//! - `vartime_*`: verification only; the exceptional cases are handled by
//!   branches on public data.
//! - [`JacobianPoint::add_affine_incomplete`]: constant time, no branch,
//!   for the fixed-base multiplication of `table.rs`, whose doc comment
//!   proves that the exceptional cases never reach it (the identity is
//!   handled there by masked selects).
//!
//! Formulas: Bernstein–Lange, Explicit-Formulas Database, `dbl-2001-b`
//! (rearranged with 2Y, below), `madd-2004-hmv`, `add-1998-cmo-2`.

use super::field::FieldElement;
use super::point::AffinePoint;
use subtle::{Choice, ConditionallySelectable};

/// A point in Jacobian coordinates; Z = 0 is the identity.
#[derive(Clone, Copy, Debug)]
pub(crate) struct JacobianPoint {
    pub(crate) x: FieldElement,
    pub(crate) y: FieldElement,
    pub(crate) z: FieldElement,
}

impl JacobianPoint {
    /// The identity (1 : 1 : 0).
    pub(crate) const IDENTITY: Self = Self {
        x: FieldElement::ONE,
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

    /// Whether this is the identity (public data).
    #[inline(always)]
    pub(crate) fn vartime_is_identity(&self) -> bool {
        self.z == FieldElement::ZERO
    }

    /// 2·self for a = −3 (`dbl-2001-b`'s M = 3(X − Z²)(X + Z²), rearranged
    /// around Y' = 2Y so that no multiplication by 4 or 8 remains):
    /// Z3 = Y'·Z, S = X·Y'² = 4XY², X3 = M² − 2S, Y3 = M(S − X3) − Y'⁴/2
    /// (Y'⁴/2 = 8Y⁴). 4M + 4S and seven additions (the textbook order has
    /// 3M + 5S and eleven, and here a squaring costs a multiplication).
    #[inline(always)]
    pub(crate) fn vartime_double(&self) -> Self {
        if self.vartime_is_identity() {
            return *self;
        }
        let y2 = self.y.double();
        let z3 = y2.mul(&self.z);
        let zz = self.z.square();
        let t = self.x.sub(&zz).mul(&self.x.add(&zz));
        let m = t.double().add(&t);
        let y2y2 = y2.square();
        let s = self.x.mul(&y2y2);
        let x3 = m.square().sub(&s.double());
        let y3 = m.mul(&s.sub(&x3)).sub(&y2y2.square().half());
        Self {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    /// self + (x2, y2), `madd-2004-hmv`: 8M + 3S, with the exceptional
    /// cases (self the identity, self = ±(x2, y2)) branched on.
    #[inline(always)]
    pub(crate) fn vartime_add_affine(&self, p: &AffinePoint) -> Self {
        if self.vartime_is_identity() {
            return Self::from_affine(p);
        }
        let z1z1 = self.z.square();
        let u2 = p.x.mul(&z1z1);
        let s2 = p.y.mul(&z1z1.mul(&self.z));
        let h = u2.sub(&self.x);
        let r = s2.sub(&self.y);
        if h == FieldElement::ZERO {
            return if r == FieldElement::ZERO {
                Self::from_affine(p).vartime_double()
            } else {
                Self::IDENTITY
            };
        }
        let hh = h.square();
        let hhh = hh.mul(&h);
        let v = self.x.mul(&hh);
        let x3 = r.square().sub(&hhh).sub(&v.double());
        let y3 = r.mul(&v.sub(&x3)).sub(&self.y.mul(&hhh));
        Self {
            x: x3,
            y: y3,
            z: self.z.mul(&h),
        }
    }

    /// self + other, `add-1998-cmo-2`: 12M + 4S and seven field additions
    /// (`add-2007-bl`'s 11M + 5S needs thirteen, and here a squaring costs
    /// a multiplication), exceptional cases branched on.
    #[inline(always)]
    pub(crate) fn vartime_add(&self, other: &Self) -> Self {
        if self.vartime_is_identity() {
            return *other;
        }
        if other.vartime_is_identity() {
            return *self;
        }
        let z1z1 = self.z.square();
        let z2z2 = other.z.square();
        let u1 = self.x.mul(&z2z2);
        let u2 = other.x.mul(&z1z1);
        let s1 = self.y.mul(&other.z.mul(&z2z2));
        let s2 = other.y.mul(&self.z.mul(&z1z1));
        let h = u2.sub(&u1);
        let r = s2.sub(&s1);
        if h == FieldElement::ZERO {
            return if r == FieldElement::ZERO {
                self.vartime_double()
            } else {
                Self::IDENTITY
            };
        }
        let hh = h.square();
        let hhh = hh.mul(&h);
        let v = u1.mul(&hh);
        let x3 = r.square().sub(&hhh).sub(&v.double());
        let y3 = r.mul(&v.sub(&x3)).sub(&s1.mul(&hhh));
        let z3 = self.z.mul(&other.z).mul(&h);
        Self {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    /// self + (x2, y2), `madd-2004-hmv`: 8M + 3S, constant time (no
    /// branch, no data-dependent index).
    ///
    /// Incomplete: the result is meaningless when self is the identity
    /// (Z = 0) or self = ±(x2, y2) (then H = 0 and Z3 = 0). Callers must
    /// prove those cases unreachable or replace the result by a masked
    /// select; `table::mul_base` does both.
    #[inline(always)]
    pub(crate) fn add_affine_incomplete(&self, p: &AffinePoint) -> Self {
        let z1z1 = self.z.square();
        let u2 = p.x.mul(&z1z1);
        let s2 = p.y.mul(&z1z1.mul(&self.z));
        let h = u2.sub(&self.x);
        let r = s2.sub(&self.y);
        let z3 = self.z.mul(&h);
        let hh = h.square();
        let hhh = hh.mul(&h);
        let v = self.x.mul(&hh);
        let x3 = r.square().sub(&hhh).sub(&v.double());
        let y3 = r.mul(&v.sub(&x3)).sub(&self.y.mul(&hhh));
        Self {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    /// The affine point and 1, or an unspecified value and 0 for the
    /// identity. Constant time (one inversion).
    #[inline(always)]
    pub(crate) fn to_affine(self) -> (AffinePoint, Choice) {
        let zinv = self.z.invert();
        let zinv2 = zinv.square();
        (
            AffinePoint {
                x: self.x.mul(&zinv2),
                y: self.y.mul(&zinv2.mul(&zinv)),
            },
            !self.z.is_zero(),
        )
    }

    /// x = X/Z² alone (ECDSA's r needs no y): one inversion, 1S + 1M.
    /// 0 for the identity (its Z⁻¹ is 0). Constant time.
    #[inline(always)]
    pub(crate) fn to_affine_x(self) -> FieldElement {
        self.x.mul(&self.z.invert().square())
    }

    /// −self (the tests' exceptional cases).
    #[cfg(test)]
    pub(crate) fn neg(&self) -> Self {
        Self {
            x: self.x,
            y: self.y.neg(),
            z: self.z,
        }
    }
}

impl ConditionallySelectable for JacobianPoint {
    #[inline(always)]
    fn conditional_select(a: &Self, b: &Self, choice: Choice) -> Self {
        Self {
            x: FieldElement::conditional_select(&a.x, &b.x, choice),
            y: FieldElement::conditional_select(&a.y, &b.y, choice),
            z: FieldElement::conditional_select(&a.z, &b.z, choice),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::point::{ProjectivePoint, G};
    use super::*;

    fn same(j: &JacobianPoint, p: &ProjectivePoint) -> bool {
        let (a, a_ok) = j.to_affine();
        let (b, b_ok) = p.to_affine();
        bool::from(a_ok) == bool::from(b_ok) && (!bool::from(b_ok) || a == b)
    }

    /// Every Jacobian formula, its exceptional cases included, against the
    /// complete projective reference; and the field halving they use.
    #[test]
    fn formulas_match_reference() {
        let g = ProjectivePoint::from_affine(&G);
        let jg = JacobianPoint::from_affine(&G);
        let o = JacobianPoint::IDENTITY;
        let g2 = g.double();
        let g3 = g2.add(&g);
        let jg2 = jg.vartime_double();
        let jg3 = jg2.vartime_add_affine(&G);
        assert!(same(&jg2, &g2));
        assert!(same(&jg3, &g3));
        assert!(same(&jg2.add_affine_incomplete(&G), &g3));
        assert!(same(&jg3.vartime_add(&jg2), &g3.add(&g2)));
        assert!(same(&jg3.vartime_add(&jg3), &g3.double()));
        assert!(same(&jg.vartime_add_affine(&G), &g2));
        assert!(jg3.vartime_add(&jg3.neg()).vartime_is_identity());
        assert!(jg.neg().vartime_add_affine(&G).vartime_is_identity());
        assert!(same(&o.vartime_add_affine(&G), &g));
        assert!(same(&o.vartime_add(&jg3), &g3));
        assert!(same(&jg3.vartime_add(&o), &g3));
        assert!(o.vartime_double().vartime_is_identity());
        assert_eq!(jg3.to_affine_x(), g3.to_affine().0.x);
        for a in [G.x, G.y, FieldElement::ONE, FieldElement::ZERO, G.x.neg()] {
            assert_eq!(a.half().double(), a);
        }
    }
}
