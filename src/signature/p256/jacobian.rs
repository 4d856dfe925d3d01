//! Jacobian coordinates (X : Y : Z), x = X/Z², y = Y/Z³, for variable-time
//! verification only: the classic formulas for a = −3 are cheaper than the
//! complete ones (a doubling costs 3M + 5S instead of 8M + 3S + 2·b) but
//! have exceptional cases (equal or opposite inputs, the identity), which
//! are handled here by branches on public data. Formulas: Bernstein–Lange,
//! Explicit-Formulas Database, `dbl-2001-b`, `madd-2007-bl`, `add-2007-bl`.

use super::field::FieldElement;
use super::point::AffinePoint;

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

    /// 2·self, `dbl-2001-b` (a = −3): 3M + 5S.
    #[inline(always)]
    pub(crate) fn vartime_double(&self) -> Self {
        if self.vartime_is_identity() {
            return *self;
        }
        let delta = self.z.square();
        let gamma = self.y.square();
        let beta = self.x.mul(&gamma);
        let t = self.x.sub(&delta).mul(&self.x.add(&delta));
        let alpha = t.double().add(&t);
        let beta4 = beta.double().double();
        let x3 = alpha.square().sub(&beta4.double());
        let z3 = self.y.add(&self.z).square().sub(&gamma).sub(&delta);
        let gamma2 = gamma.square();
        let gamma2_8 = gamma2.double().double().double();
        let y3 = alpha.mul(&beta4.sub(&x3)).sub(&gamma2_8);
        Self {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    /// self + (x2, y2), `madd-2007-bl`: 7M + 4S.
    #[inline(always)]
    pub(crate) fn vartime_add_affine(&self, p: &AffinePoint) -> Self {
        if self.vartime_is_identity() {
            return Self::from_affine(p);
        }
        let z1z1 = self.z.square();
        let u2 = p.x.mul(&z1z1);
        let s2 = p.y.mul(&self.z).mul(&z1z1);
        let h = u2.sub(&self.x);
        let r = s2.sub(&self.y).double();
        if h == FieldElement::ZERO {
            return if r == FieldElement::ZERO {
                Self::from_affine(p).vartime_double()
            } else {
                Self::IDENTITY
            };
        }
        let hh = h.square();
        let i = hh.double().double();
        let j = h.mul(&i);
        let v = self.x.mul(&i);
        let x3 = r.square().sub(&j).sub(&v.double());
        let y3 = r.mul(&v.sub(&x3)).sub(&self.y.mul(&j).double());
        let z3 = self.z.add(&h).square().sub(&z1z1).sub(&hh);
        Self {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    /// self + other, `add-2007-bl`: 11M + 5S.
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
        let s1 = self.y.mul(&other.z).mul(&z2z2);
        let s2 = other.y.mul(&self.z).mul(&z1z1);
        let h = u2.sub(&u1);
        let r = s2.sub(&s1).double();
        if h == FieldElement::ZERO {
            return if r == FieldElement::ZERO {
                self.vartime_double()
            } else {
                Self::IDENTITY
            };
        }
        let i = h.double().square();
        let j = h.mul(&i);
        let v = u1.mul(&i);
        let x3 = r.square().sub(&j).sub(&v.double());
        let y3 = r.mul(&v.sub(&x3)).sub(&s1.mul(&j).double());
        let z3 = self.z.add(&other.z).square().sub(&z1z1).sub(&z2z2).mul(&h);
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
}
