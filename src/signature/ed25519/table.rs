//! Constant-time fixed-base multiplication [s]B (signing, key generation).

use super::point::EdwardsPoint;
use super::scalar::Scalar;
use subtle::{Choice, ConditionallySelectable};

/// [s]B, constant time: a double-and-add ladder over all 256 bits with a
/// masked select (every bit costs one doubling and one addition).
pub(crate) fn mul_base(s: &Scalar) -> EdwardsPoint {
    let b = EdwardsPoint::BASEPOINT;
    let bytes = s.as_bytes();
    let mut acc = EdwardsPoint::IDENTITY;
    for i in (0..256).rev() {
        acc = acc.double();
        let sum = &acc + &b;
        let bit = Choice::from((bytes[i / 8] >> (i % 8)) & 1);
        acc = EdwardsPoint::conditional_select(&acc, &sum, bit);
    }
    acc
}
