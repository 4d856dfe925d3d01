//! Constant-time inversion in GF(2^255 − 19): the shared Bernstein–Yang
//! divstep inversion of `signature/safegcd.rs` (590 divsteps from
//! δ = 1/2, enough for any modulus below 2^256), instantiated for p.
//!
//! Why: the encoding of [s]B (key generation, signing) needs one
//! inversion; Fermat's chain is 254 squarings in a row, one long latency
//! chain, and measured slower on every backend.

use crate::signature::safegcd;

/// p = 2^255 − 19; its balanced radix-2^62 limbs are [−19, 0, 0, 0, 2^7],
/// so the divstep updates multiply by it with one small product.
struct P;

impl safegcd::Modulus for P {
    const M: [u64; 4] = [
        0xffff_ffff_ffff_ffed,
        u64::MAX,
        u64::MAX,
        0x7fff_ffff_ffff_ffff,
    ];
}

/// 1/x mod p for x < p given as four little-endian words (0 gives 0).
#[inline(always)]
pub(crate) fn invert_canonical(x: [u64; 4]) -> [u64; 4] {
    safegcd::invert::<P>(x)
}
