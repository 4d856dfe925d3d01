//! Constant-time inversion in GF(2^255 - 19) by Bernstein–Yang divsteps
//! ("Fast constant-time gcd computation and modular inversion", 2019),
//! with the half-delta start (δ = 1/2), for which 590 divsteps reach
//! g = 0 for any modulus below 2^256.
//!
//! Why: the encoding of [s]B (key generation, signing) needs one
//! inversion; Fermat's chain is 254 squarings in a row, one long latency
//! chain. Here the 590 divsteps run on 64-bit words (ten batches of 59),
//! and only the batch matrices touch the 255-bit numbers.
//!
//! Representation: numbers in five limbs of radix 2^62, limbs 0..3 in
//! [0, 2^62), the top limb signed. Per batch, a 2×2 matrix T (entries
//! scaled by 2^62) is built from the low 64 bits of f and g, then
//! (f, g) ← T·(f, g) / 2^62 exactly, and (d, e) ← T·(d, e) / 2^62 mod p,
//! where adding a multiple of p makes the division exact. Invariants:
//! f ≡ d·x and g ≡ e·x (mod p); at the end f = ±1, so 1/x = ±d.
//!
//! Constant time: a fixed number of steps, masks instead of branches, no
//! memory index depends on a value.

/// 2^62 - 1.
const M62: u64 = u64::MAX >> 2;

/// p = 2^255 - 19 in signed radix-2^62 limbs: -19 + 2^7·2^248.
const P: [i64; 5] = [-19, 0, 0, 0, 128];

/// p^-1 mod 2^62, by Newton's iteration x ← x·(2 - p·x) (each step doubles
/// the number of correct low bits; p·p ≡ 1 mod 8 to start).
const P_INV62: u64 = {
    let p0 = 0u64.wrapping_sub(19); // p mod 2^64
    let mut x = p0;
    let mut i = 0;
    while i < 6 {
        x = x.wrapping_mul(2u64.wrapping_sub(p0.wrapping_mul(x)));
        i += 1;
    }
    x & M62
};

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
/// One divstep: if δ > 0 and g is odd, (δ, f, g) ← (1 - δ, g, (g - f)/2);
/// else if g is odd, (δ, f, g) ← (1 + δ, f, (g + f)/2); else
/// (δ, f, g) ← (1 + δ, f, g/2). Written as: swap (f, g) ← (g, -f) and
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
        // (f, g) ← (g, -f), (u, v, q, r) ← (q, r, -u, -v), δ ← -δ.
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

/// (d, e) ← T·(d, e) / 2^62 mod p, with d, e kept in (-2p, p): before the
/// division, md·p and me·p are added, md and me chosen so that the low
/// 62 bits become zero (and starting from u, v, q, r under the signs of d
/// and e, which keeps the range).
#[inline(always)]
#[allow(
    clippy::cast_possible_truncation,
    clippy::cast_possible_wrap,
    clippy::cast_sign_loss
)]
fn update_de(d: &mut [i64; 5], e: &mut [i64; 5], t: &Matrix) {
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
    // md ≡ -cd/p (mod 2^62), moved from its start by less than 2^62.
    md -= (P_INV62.wrapping_mul(cd as u64).wrapping_add(md as u64) & M62) as i64;
    me -= (P_INV62.wrapping_mul(ce as u64).wrapping_add(me as u64) & M62) as i64;
    let (md, me) = (i128::from(md), i128::from(me));
    cd += md * i128::from(P[0]);
    ce += me * i128::from(P[0]);
    cd >>= 62;
    ce >>= 62;
    for i in 1..5 {
        cd += u * i128::from(d[i]) + v * i128::from(e[i]) + md * i128::from(P[i]);
        ce += q * i128::from(d[i]) + r * i128::from(e[i]) + me * i128::from(P[i]);
        d[i - 1] = (cd as u64 & M62) as i64;
        e[i - 1] = (ce as u64 & M62) as i64;
        cd >>= 62;
        ce >>= 62;
    }
    d[4] = cd as i64;
    e[4] = ce as i64;
}

/// a + (p if mask), then limbs 0..3 back into [0, 2^62).
#[inline(always)]
#[allow(clippy::cast_possible_wrap, clippy::cast_sign_loss)]
fn add_p_masked(a: &mut [i64; 5], mask: i64) {
    let mut c = 0i64;
    for i in 0..4 {
        c += a[i] + (P[i] & mask);
        a[i] = (c as u64 & M62) as i64;
        c >>= 62;
    }
    a[4] += c + (P[4] & mask);
}

/// -a if mask, limbs 0..3 back into [0, 2^62).
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

/// 1/x mod p for x < p given as four little-endian words (0 gives 0).
#[inline(always)]
#[allow(clippy::cast_possible_wrap, clippy::cast_sign_loss)]
pub(crate) fn invert_canonical(x: [u64; 4]) -> [u64; 4] {
    let [w0, w1, w2, w3] = x;
    let mut g = [
        (w0 & M62) as i64,
        (((w0 >> 62) | (w1 << 2)) & M62) as i64,
        (((w1 >> 60) | (w2 << 4)) & M62) as i64,
        (((w2 >> 58) | (w3 << 6)) & M62) as i64,
        (w3 >> 56) as i64,
    ];
    let mut f = [(1i64 << 62) - 19, M62 as i64, M62 as i64, M62 as i64, 127];
    let (mut d, mut e) = ([0i64; 5], [1i64, 0, 0, 0, 0]);
    // δ = 1/2, kept as 2δ.
    let mut delta2 = 1i64;
    for _ in 0..10 {
        let (nd, t) = divsteps_59(delta2, low64(&f), low64(&g));
        delta2 = nd;
        update_fg(&mut f, &mut g, &t);
        update_de(&mut d, &mut e, &t);
    }
    // Now g = 0 and f = ±1 (x ≠ 0), d·x ≡ f. d ∈ (-2p, p): to [0, p).
    let negative = d[4] >> 63;
    add_p_masked(&mut d, negative);
    negate_masked(&mut d, f[4] >> 63);
    let negative = d[4] >> 63;
    add_p_masked(&mut d, negative);
    let l = d.map(|x| x as u64);
    [
        l[0] | (l[1] << 62),
        (l[1] >> 2) | (l[2] << 60),
        (l[2] >> 4) | (l[3] << 58),
        (l[3] >> 6) | (l[4] << 56),
    ]
}
