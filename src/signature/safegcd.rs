//! Constant-time modular inversion for any odd modulus below 2^256, by
//! Bernstein–Yang divsteps ("Fast constant-time gcd computation and
//! modular inversion", 2019), with the half-delta start (δ = 1/2).
//!
//! Shared by both curves: GF(2^255 − 19) for Ed25519 (`ed25519/field/
//! inverse.rs`), GF(p) and the scalars mod n for P-256 (`p256/field.rs`,
//! `p256/scalar.rs`). Each modulus is a type implementing [`Modulus`]; its
//! radix-2^62 limbs and its inverse mod 2^62 are computed at compile time.
//!
//! Why: a Fermat inversion is ~255 squarings in one long latency chain.
//! Here the divsteps run on 64-bit words (ten batches of 59), and only the
//! ten batch matrices touch the 256-bit numbers.
//!
//! # Iteration bound
//!
//! The divstep count must cover every input, since the loop never looks
//! at g. For f = M odd and 0 ≤ g < M < 2^256, Bernstein–Yang's Theorem
//! 11.2 (δ = 1) gives ⌊(49·256 + 57)/17⌋ = 741 divsteps; Wuille's convex
//! hull analysis ("Bounds on divsteps iterations in safegcd",
//! sipa/safegcd-bounds) lowers that to 724 for δ = 1 and proves **590**
//! for the half-delta variant used here, for all inputs below 2^256. So
//! 10 × 59 = 590 suffices for every modulus this module accepts (P-256's
//! p and n are ≥ 2^255, 2^255 − 19 is just below; the bound depends only
//! on the bit length 256).
//!
//! # Representation
//!
//! Numbers in five limbs of radix 2^62, limbs 0..3 in [0, 2^62), the top
//! limb signed. Per batch, a 2×2 matrix T (entries scaled by 2^62, with
//! |u| + |v| ≤ 2^62 and |q| + |r| ≤ 2^62) is built from the low 64 bits of
//! f and g, then (f, g) ← T·(f, g) / 2^62 exactly, and (d, e) ←
//! T·(d, e) / 2^62 mod M, where adding a multiple of M makes the division
//! exact. Invariants: f ≡ d·x/c and g ≡ e·x/c (mod M) for the start
//! value e = c; at the end f = ±1, so c/x = ±d. d and e stay in
//! (−2M, M), so the top limb stays below 2^10 in magnitude.
//!
//! The modulus itself is held in balanced limbs (each in [−2^61, 2^61)):
//! for sparse moduli most of them are 0 or a power of two, which LLVM
//! folds into shifts (2^255 − 19 = [−19, 0, 0, 0, 2^7]; P-256's p =
//! [−1, 2^34, 0, 2^6 − 2^38, 2^8]).
//!
//! Constant time: a fixed number of steps, masks instead of branches, no
//! memory index depends on a value.

/// 2^62 − 1.
const M62: u64 = u64::MAX >> 2;

/// An odd modulus below 2^256 and its compile-time constants. Implement
/// only `M`; the rest derive from it.
pub(crate) trait Modulus {
    /// The modulus, little-endian 64-bit words. Must be odd.
    const M: [u64; 4];
    /// M in balanced radix-2^62 limbs (see the module doc).
    const BALANCED: [i64; 5] = balanced62(&Self::M);
    /// M in radix-2^62 limbs 0..3 in [0, 2^62): the start value of f.
    const CANONICAL: [i64; 5] = radix62(&Self::M);
    /// M⁻¹ mod 2^62.
    const INV62: u64 = inv62(Self::M[0]);
}

/// Four 64-bit words to five radix-2^62 limbs.
#[allow(clippy::cast_possible_wrap)]
const fn radix62(w: &[u64; 4]) -> [i64; 5] {
    [
        (w[0] & M62) as i64,
        (((w[0] >> 62) | (w[1] << 2)) & M62) as i64,
        (((w[1] >> 60) | (w[2] << 4)) & M62) as i64,
        (((w[2] >> 58) | (w[3] << 6)) & M62) as i64,
        (w[3] >> 56) as i64,
    ]
}

/// Radix-2^62 limbs moved into [−2^61, 2^61) by carrying upward.
const fn balanced62(w: &[u64; 4]) -> [i64; 5] {
    let mut l = radix62(w);
    let mut i = 0;
    while i < 4 {
        if l[i] >= 1 << 61 {
            l[i] -= 1 << 62;
            l[i + 1] += 1;
        }
        i += 1;
    }
    l
}

/// m⁻¹ mod 2^62 by Newton's iteration x ← x·(2 − m·x) (each step doubles
/// the correct low bits; m·m ≡ 1 mod 8 to start).
const fn inv62(m0: u64) -> u64 {
    assert!(m0 & 1 == 1, "the modulus must be odd");
    let mut x = m0;
    let mut i = 0;
    while i < 6 {
        x = x.wrapping_mul(2u64.wrapping_sub(m0.wrapping_mul(x)));
        i += 1;
    }
    x & M62
}

/// A 2×2 transition matrix [u v; q r], entries scaled by 2^62.
struct Matrix {
    u: i64,
    v: i64,
    q: i64,
    r: i64,
}

/// 59 divsteps on the low 64 bits of f (odd) and g; returns the new δ
/// (as 2δ) and the matrix with 2^62·(f', g') = T·(f, g).
///
/// One divstep: if δ > 0 and g is odd, (δ, f, g) ← (1 − δ, g, (g − f)/2);
/// else if g is odd, (δ, f, g) ← (1 + δ, f, (g + f)/2); else
/// (δ, f, g) ← (1 + δ, f, g/2). Written as: swap (f, g) ← (g, −f) and
/// negate δ under a mask, add f to g if g is odd, halve g, double the
/// first row (the matrix tracks 2^i·(f_i, g_i) so it needs no halving).
#[inline(always)]
#[allow(clippy::cast_possible_wrap, clippy::cast_sign_loss)]
fn divsteps_59(mut delta2: i64, f0: u64, g0: u64) -> (i64, Matrix) {
    let (mut f, mut g) = (f0 as i64, g0 as i64);
    // 2^3·2^59 = 2^62: the scale after the 59 doublings.
    let (mut u, mut v, mut q, mut r) = (8i64, 0i64, 0i64, 8i64);
    for _ in 0..59 {
        // All ones if g is odd; all ones if δ > 0 (2δ > 0).
        let odd = -(g & 1);
        let positive = (-delta2) >> 63;
        let swap = odd & positive;
        // (f, g) ← (g, −f), (u, v, q, r) ← (q, r, −u, −v), δ ← −δ.
        let (nf, ng) = (g, f.wrapping_neg());
        f ^= (f ^ nf) & swap;
        g ^= (g ^ ng) & swap;
        let (nu, nv, nq, nr) = (q, r, u.wrapping_neg(), v.wrapping_neg());
        u ^= (u ^ nu) & swap;
        v ^= (v ^ nv) & swap;
        q ^= (q ^ nq) & swap;
        r ^= (r ^ nr) & swap;
        delta2 = (delta2 ^ swap) - swap;
        // g odd (still odd after a swap: f is odd): g += f, row 2 += row 1.
        g = g.wrapping_add(f & odd);
        q = q.wrapping_add(u & odd);
        r = r.wrapping_add(v & odd);
        // δ ← δ + 1, g ← g/2 (exact: g is even now), row 1 doubles.
        delta2 += 2;
        g >>= 1;
        u = u.wrapping_shl(1);
        v = v.wrapping_shl(1);
    }
    (delta2, Matrix { u, v, q, r })
}

/// The low 64 bits of a radix-2^62 number.
#[inline(always)]
#[allow(clippy::cast_sign_loss)]
fn low64(a: &[i64; 5]) -> u64 {
    (a[0] as u64) | ((a[1] as u64) << 62)
}

/// (f, g) ← T·(f, g) / 2^62, exact (the divsteps cleared the low bits).
#[inline(always)]
#[allow(clippy::cast_possible_truncation, clippy::cast_possible_wrap)]
fn update_fg(f: &mut [i64; 5], g: &mut [i64; 5], t: &Matrix) {
    let (u, v, q, r) = (
        i128::from(t.u),
        i128::from(t.v),
        i128::from(t.q),
        i128::from(t.r),
    );
    let mut cf = u * i128::from(f[0]) + v * i128::from(g[0]);
    let mut cg = q * i128::from(f[0]) + r * i128::from(g[0]);
    cf >>= 62;
    cg >>= 62;
    for i in 1..5 {
        cf += u * i128::from(f[i]) + v * i128::from(g[i]);
        cg += q * i128::from(f[i]) + r * i128::from(g[i]);
        f[i - 1] = (cf as u64 & M62) as i64;
        g[i - 1] = (cg as u64 & M62) as i64;
        cf >>= 62;
        cg >>= 62;
    }
    f[4] = cf as i64;
    g[4] = cg as i64;
}

/// (d, e) ← T·(d, e) / 2^62 mod M, with d, e kept in (−2M, M): before the
/// division, md·M and me·M are added, md and me chosen so that the low
/// 62 bits become zero (and starting from u, v, q, r under the signs of d
/// and e, which keeps the range).
#[inline(always)]
#[allow(
    clippy::cast_possible_truncation,
    clippy::cast_possible_wrap,
    clippy::cast_sign_loss
)]
fn update_de<M: Modulus>(d: &mut [i64; 5], e: &mut [i64; 5], t: &Matrix) {
    let m = M::BALANCED;
    let sd = d[4] >> 63;
    let se = e[4] >> 63;
    let mut md = (t.u & sd) + (t.v & se);
    let mut me = (t.q & sd) + (t.r & se);
    let (u, v, q, r) = (
        i128::from(t.u),
        i128::from(t.v),
        i128::from(t.q),
        i128::from(t.r),
    );
    let mut cd = u * i128::from(d[0]) + v * i128::from(e[0]);
    let mut ce = q * i128::from(d[0]) + r * i128::from(e[0]);
    // md ≡ −cd/M (mod 2^62), moved from its start by less than 2^62.
    md -= (M::INV62.wrapping_mul(cd as u64).wrapping_add(md as u64) & M62) as i64;
    me -= (M::INV62.wrapping_mul(ce as u64).wrapping_add(me as u64) & M62) as i64;
    let (md, me) = (i128::from(md), i128::from(me));
    cd += md * i128::from(m[0]);
    ce += me * i128::from(m[0]);
    cd >>= 62;
    ce >>= 62;
    for i in 1..5 {
        cd += u * i128::from(d[i]) + v * i128::from(e[i]) + md * i128::from(m[i]);
        ce += q * i128::from(d[i]) + r * i128::from(e[i]) + me * i128::from(m[i]);
        d[i - 1] = (cd as u64 & M62) as i64;
        e[i - 1] = (ce as u64 & M62) as i64;
        cd >>= 62;
        ce >>= 62;
    }
    d[4] = cd as i64;
    e[4] = ce as i64;
}

/// a + (M if mask), then limbs 0..3 back into [0, 2^62).
#[inline(always)]
#[allow(clippy::cast_possible_wrap, clippy::cast_sign_loss)]
fn add_m_masked<M: Modulus>(a: &mut [i64; 5], mask: i64) {
    let m = M::BALANCED;
    let mut c = 0i64;
    for i in 0..4 {
        c += a[i] + (m[i] & mask);
        a[i] = (c as u64 & M62) as i64;
        c >>= 62;
    }
    a[4] += c + (m[4] & mask);
}

/// −a if mask, limbs 0..3 back into [0, 2^62).
#[inline(always)]
#[allow(clippy::cast_possible_wrap, clippy::cast_sign_loss)]
fn negate_masked(a: &mut [i64; 5], mask: i64) {
    let mut c = 0i64;
    for x in a.iter_mut().take(4) {
        c += (*x ^ mask) - mask;
        *x = (c as u64 & M62) as i64;
        c >>= 62;
    }
    a[4] = ((a[4] ^ mask) - mask) + c;
}

/// 1/x mod M for x < M given as four little-endian words (0 gives 0).
#[inline(always)]
pub(crate) fn invert<M: Modulus>(x: [u64; 4]) -> [u64; 4] {
    invert_times::<M>(x, [1, 0, 0, 0])
}

/// c/x mod M for x, c < M given as four little-endian words (0 gives 0).
///
/// The factor is free: it is the start value of e. Montgomery-form
/// callers pass c = R² mod M, so that x̄ = x·R gives R²/(x·R) = x⁻¹·R,
/// the Montgomery form of the inverse, with no conversion.
#[inline(always)]
#[allow(clippy::cast_possible_wrap, clippy::cast_sign_loss)]
pub(crate) fn invert_times<M: Modulus>(x: [u64; 4], c: [u64; 4]) -> [u64; 4] {
    let mut g = radix62(&x);
    let mut f = M::CANONICAL;
    let (mut d, mut e) = ([0i64; 5], radix62(&c));
    // δ = 1/2, kept as 2δ.
    let mut delta2 = 1i64;
    for _ in 0..10 {
        let (nd, t) = divsteps_59(delta2, low64(&f), low64(&g));
        delta2 = nd;
        update_fg(&mut f, &mut g, &t);
        update_de::<M>(&mut d, &mut e, &t);
    }
    // Now g = 0 and f = ±1 (x ≠ 0), d·x ≡ f·c. d ∈ (−2M, M): to [0, M).
    let negative = d[4] >> 63;
    add_m_masked::<M>(&mut d, negative);
    negate_masked(&mut d, f[4] >> 63);
    let negative = d[4] >> 63;
    add_m_masked::<M>(&mut d, negative);
    let l = d.map(|x| x as u64);
    [
        l[0] | (l[1] << 62),
        (l[1] >> 2) | (l[2] << 60),
        (l[2] >> 4) | (l[3] << 58),
        (l[3] >> 6) | (l[4] << 56),
    ]
}

/// The number of divsteps (from δ = 1/2) until g = 0 for f = M, g = x,
/// one step at a time on the full numbers: the tests' check of the bound.
#[cfg(test)]
pub(crate) fn divstep_count<M: Modulus>(x: [u64; 4]) -> u32 {
    /// a + b (mask) then limbs 0..3 into [0, 2^62), then a / 2 (a is even).
    #[allow(clippy::cast_possible_wrap, clippy::cast_sign_loss)]
    fn add_half(a: &[i64; 5], b: &[i64; 5], mask: i64) -> [i64; 5] {
        let mut s = [0i64; 5];
        let mut c = 0i64;
        for i in 0..4 {
            c += a[i] + (b[i] & mask);
            s[i] = (c as u64 & M62) as i64;
            c >>= 62;
        }
        s[4] = a[4] + (b[4] & mask) + c;
        assert_eq!(s[0] & 1, 0);
        for i in 0..4 {
            s[i] = (s[i] >> 1) | ((s[i + 1] & 1) << 61);
        }
        s[4] >>= 1;
        s
    }
    let (mut f, mut g) = (M::CANONICAL, radix62(&x));
    let mut delta2 = 1i64;
    let mut steps = 0;
    while g != [0; 5] {
        if delta2 > 0 && g[0] & 1 == 1 {
            let mut neg_f = f;
            negate_masked(&mut neg_f, -1);
            (delta2, f, g) = (2 - delta2, g, add_half(&g, &neg_f, -1));
        } else {
            (delta2, g) = (2 + delta2, add_half(&g, &f, -(g[0] & 1)));
        }
        steps += 1;
        assert!(steps <= 590, "bound exceeded");
    }
    steps
}

/// Inputs that need many divsteps for M, among structured values (powers
/// of two, M − 2^k, halves and thirds of M) and pseudo-random ones,
/// the longest first: the hard cases of the inversion tests.
#[cfg(test)]
pub(crate) fn long_runs<M: Modulus>(count: usize) -> std::vec::Vec<[u64; 4]> {
    let m = M::M;
    let sub = |a: [u64; 4], b: [u64; 4]| {
        let mut out = [0u64; 4];
        let mut borrow = false;
        for i in 0..4 {
            let (d1, b1) = a[i].overflowing_sub(b[i]);
            let (d2, b2) = d1.overflowing_sub(u64::from(borrow));
            out[i] = d2;
            borrow = b1 || b2;
        }
        out
    };
    let shr = |a: [u64; 4], k: u32| {
        let mut out = a;
        for _ in 0..k {
            for i in 0..3 {
                out[i] = (out[i] >> 1) | (out[i + 1] << 63);
            }
            out[3] >>= 1;
        }
        out
    };
    let mut candidates = std::vec::Vec::new();
    for k in 0..256 {
        let mut pow = [0u64; 4];
        pow[k / 64] = 1 << (k % 64);
        candidates.push(pow);
        candidates.push(sub(m, pow));
    }
    for k in 1..8 {
        candidates.push(shr(m, k));
    }
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    for _ in 0..1500 {
        let mut x = [0u64; 4];
        for w in &mut x {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            *w = state;
        }
        x[3] &= m[3] >> 1; // below M
        candidates.push(x);
    }
    let mut scored: std::vec::Vec<(u32, [u64; 4])> = candidates
        .into_iter()
        .map(|x| (divstep_count::<M>(x), x))
        .collect();
    scored.sort_by_key(|s| core::cmp::Reverse(s.0));
    scored.into_iter().take(count).map(|(_, x)| x).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2^255 − 19.
    struct P25519;
    impl Modulus for P25519 {
        const M: [u64; 4] = [
            0xffff_ffff_ffff_ffed,
            u64::MAX,
            u64::MAX,
            0x7fff_ffff_ffff_ffff,
        ];
    }

    /// P-256's p.
    struct P256;
    impl Modulus for P256 {
        const M: [u64; 4] = [u64::MAX, 0xffff_ffff, 0, 0xffff_ffff_0000_0001];
    }

    #[test]
    fn balanced_limbs_are_sparse() {
        assert_eq!(P25519::BALANCED, [-19, 0, 0, 0, 128]);
        assert_eq!(P256::BALANCED, [-1, 1 << 34, 0, (1 << 6) - (1 << 38), 256]);
        assert_eq!(P25519::INV62.wrapping_mul(P25519::M[0]) & M62, 1);
        assert_eq!(P256::INV62.wrapping_mul(P256::M[0]) & M62, 1);
    }

    /// Every candidate stays within the 590-step bound (`divstep_count`
    /// asserts it), and the divstep inverse times x is 1.
    #[test]
    fn divsteps_within_bound_and_invert() {
        fn check<M: Modulus>() {
            for x in long_runs::<M>(8) {
                let inv = invert::<M>(x);
                // x · inv ≡ 1: compare c/x for c = x with 1.
                assert_eq!(invert_times::<M>(x, x), [1, 0, 0, 0]);
                assert_eq!(invert::<M>(inv), x);
            }
        }
        check::<P25519>();
        check::<P256>();
    }
}
