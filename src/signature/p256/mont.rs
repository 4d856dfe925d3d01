//! Montgomery arithmetic modulo a 256-bit odd modulus on four 64-bit limbs,
//! shared by the field (mod p, `field.rs`) and the scalars (mod n,
//! `scalar.rs`).
//!
//! A value a is held as ā = a·R mod m with R = 2^256, little-endian limbs,
//! always fully reduced (ā < m). The Montgomery product of ā and b̄ is
//! ā·b̄·R⁻¹ mod m = (ab)·R mod m (word-by-word reduction, Handbook of
//! Applied Cryptography Algorithm 14.32), so products stay in the form.
//!
//! Constant time: every function runs the same instructions for every
//! value; the final "subtract m if ≥ m" is a masked select on the borrow.

/// A 256-bit odd modulus and the constants its Montgomery form needs, all
/// computed at compile time from `M`.
pub(crate) trait Modulus {
    /// The modulus, little-endian limbs. Must be odd and above 2^255.
    const M: [u64; 4];
    /// −m⁻¹ mod 2^64.
    const M0_INV: u64 = neg_inv64(Self::M[0]);
    /// R² mod m, to enter the form with one Montgomery product.
    const R2: [u64; 4] = r2_mod(&Self::M);
    /// R mod m: the form of 1.
    const R1: [u64; 4] = r_mod(&Self::M);
}

/// −m⁻¹ mod 2^64 by Newton's iteration (each step doubles the correct bits).
const fn neg_inv64(m0: u64) -> u64 {
    let mut inv: u64 = 1; // correct to 1 bit for odd m0
    let mut i = 0;
    while i < 6 {
        inv = inv.wrapping_mul(2u64.wrapping_sub(m0.wrapping_mul(inv)));
        i += 1;
    }
    inv.wrapping_neg()
}

/// 2^256 mod m = 2^256 − m (m > 2^255).
const fn r_mod(m: &[u64; 4]) -> [u64; 4] {
    sub_const(&[0; 4], m).0
}

/// R² mod m by 256 modular doublings of R mod m.
const fn r2_mod(m: &[u64; 4]) -> [u64; 4] {
    let mut x = r_mod(m);
    let mut i = 0;
    while i < 256 {
        // 2x < 2m < 2^257: keep the carry, then subtract m once if needed.
        let top = x[3] >> 63;
        let d = [
            x[0] << 1,
            (x[1] << 1) | (x[0] >> 63),
            (x[2] << 1) | (x[1] >> 63),
            (x[3] << 1) | (x[2] >> 63),
        ];
        let (s, borrow) = sub_const(&d, m);
        x = if top == 1 || !borrow { s } else { d };
        i += 1;
    }
    x
}

/// a − b and the borrow out, for const evaluation.
const fn sub_const(a: &[u64; 4], b: &[u64; 4]) -> ([u64; 4], bool) {
    let mut out = [0u64; 4];
    let mut borrow = false;
    let mut i = 0;
    while i < 4 {
        let (d1, b1) = a[i].overflowing_sub(b[i]);
        let (d2, b2) = d1.overflowing_sub(borrow as u64);
        out[i] = d2;
        borrow = b1 || b2;
        i += 1;
    }
    (out, borrow)
}

/// a + b + carry → (sum, carry out), carries 0 or 1.
#[inline(always)]
pub(crate) const fn adc(a: u64, b: u64, carry: u64) -> (u64, u64) {
    let t = (a as u128) + (b as u128) + (carry as u128);
    (t as u64, (t >> 64) as u64)
}

/// a − b − borrow → (difference, borrow out), borrows 0 or 1.
#[inline(always)]
pub(crate) const fn sbb(a: u64, b: u64, borrow: u64) -> (u64, u64) {
    let t = (a as u128).wrapping_sub((b as u128) + (borrow as u128));
    (t as u64, ((t >> 64) as u64) & 1)
}

/// a + b·c + carry → (low, high); never overflows 128 bits.
#[inline(always)]
pub(crate) const fn mac(a: u64, b: u64, c: u64, carry: u64) -> (u64, u64) {
    let t = (a as u128) + (b as u128) * (c as u128) + (carry as u128);
    (t as u64, (t >> 64) as u64)
}

/// (hi:a) − m if that is non-negative, else a, where hi ∈ {0, 1} and the
/// value hi·2^256 + a is below 2m. Masked, no branch.
#[inline(always)]
pub(crate) fn reduce_once<M: Modulus>(a: &[u64; 4], hi: u64) -> [u64; 4] {
    let m = M::M;
    let (d0, b) = sbb(a[0], m[0], 0);
    let (d1, b) = sbb(a[1], m[1], b);
    let (d2, b) = sbb(a[2], m[2], b);
    let (d3, b) = sbb(a[3], m[3], b);
    let (_, b) = sbb(hi, 0, b);
    // b = 1: the subtraction went negative, keep a.
    let keep = b.wrapping_neg();
    [
        (a[0] & keep) | (d0 & !keep),
        (a[1] & keep) | (d1 & !keep),
        (a[2] & keep) | (d2 & !keep),
        (a[3] & keep) | (d3 & !keep),
    ]
}

/// (a + b) mod m for a, b < m.
#[inline(always)]
pub(crate) fn add<M: Modulus>(a: &[u64; 4], b: &[u64; 4]) -> [u64; 4] {
    let (s0, c) = adc(a[0], b[0], 0);
    let (s1, c) = adc(a[1], b[1], c);
    let (s2, c) = adc(a[2], b[2], c);
    let (s3, c) = adc(a[3], b[3], c);
    reduce_once::<M>(&[s0, s1, s2, s3], c)
}

/// (a − b) mod m for a, b < m: subtract, then add m back under the borrow mask.
#[inline(always)]
pub(crate) fn sub<M: Modulus>(a: &[u64; 4], b: &[u64; 4]) -> [u64; 4] {
    let m = M::M;
    let (d0, bw) = sbb(a[0], b[0], 0);
    let (d1, bw) = sbb(a[1], b[1], bw);
    let (d2, bw) = sbb(a[2], b[2], bw);
    let (d3, bw) = sbb(a[3], b[3], bw);
    let mask = bw.wrapping_neg();
    let (r0, c) = adc(d0, m[0] & mask, 0);
    let (r1, c) = adc(d1, m[1] & mask, c);
    let (r2, c) = adc(d2, m[2] & mask, c);
    let (r3, _) = adc(d3, m[3] & mask, c);
    [r0, r1, r2, r3]
}

/// The Montgomery product a·b·R⁻¹ mod m for a, b < m.
///
/// The 512-bit product t is reduced one limb at a time: adding q·m with
/// q = t₀·(−m⁻¹) mod 2^64 clears the low limb, which is then dropped
/// (a division by 2^64). After four rounds t < 2m, so one masked
/// subtraction finishes.
#[inline(always)]
pub(crate) fn mul<M: Modulus>(a: &[u64; 4], b: &[u64; 4]) -> [u64; 4] {
    montgomery_reduce::<M>(&product(a, b))
}

/// The 512-bit product a·b (schoolbook, row by row).
#[inline(always)]
pub(crate) fn product(a: &[u64; 4], b: &[u64; 4]) -> [u64; 8] {
    let mut t = [0u64; 8];
    for i in 0..4 {
        let mut carry = 0;
        for j in 0..4 {
            let (lo, hi) = mac(t[i + j], a[i], b[j], carry);
            t[i + j] = lo;
            carry = hi;
        }
        t[i + 4] = carry;
    }
    t
}

/// The Montgomery square a·a·R⁻¹ mod m (the Fermat reference's).
#[cfg(test)]
#[inline(always)]
pub(crate) fn square<M: Modulus>(a: &[u64; 4]) -> [u64; 4] {
    montgomery_reduce::<M>(&square_product(a))
}

/// The 512-bit square a²: the off-diagonal products once, doubled, plus
/// the squares on the diagonal.
#[inline(always)]
pub(crate) fn square_product(a: &[u64; 4]) -> [u64; 8] {
    let mut t = [0u64; 8];
    // Off-diagonal a_i·a_j, i < j.
    for i in 0..3 {
        let mut carry = 0;
        for j in (i + 1)..4 {
            let (lo, hi) = mac(t[i + j], a[i], a[j], carry);
            t[i + j] = lo;
            carry = hi;
        }
        t[i + 4] = carry;
    }
    // Double.
    let mut top = 0;
    for limb in t.iter_mut() {
        let next = *limb >> 63;
        *limb = (*limb << 1) | top;
        top = next;
    }
    // Diagonal a_i².
    let mut carry = 0;
    for i in 0..4 {
        let (lo, hi) = mac(t[2 * i], a[i], a[i], carry);
        t[2 * i] = lo;
        let (lo, c) = adc(t[2 * i + 1], hi, 0);
        t[2 * i + 1] = lo;
        carry = c;
    }
    t
}

/// t·R⁻¹ mod m for t < m·R (in particular t = a·b with a, b < m).
#[inline(always)]
pub(crate) fn montgomery_reduce<M: Modulus>(t: &[u64; 8]) -> [u64; 4] {
    let m = M::M;
    let mut t = *t;
    let mut hi_carry = 0u64;
    for i in 0..4 {
        let q = t[i].wrapping_mul(M::M0_INV);
        let mut carry = 0;
        for j in 0..4 {
            let (lo, hi) = mac(t[i + j], q, m[j], carry);
            t[i + j] = lo;
            carry = hi;
        }
        // Propagate into limb i + 4, collecting the carry of the previous round.
        let (s, c) = adc(t[i + 4], carry, hi_carry);
        t[i + 4] = s;
        hi_carry = c;
    }
    reduce_once::<M>(&[t[4], t[5], t[6], t[7]], hi_carry)
}

/// Big-endian bytes to little-endian limbs (no reduction).
#[inline(always)]
pub(crate) fn limbs_from_be(bytes: &[u8; 32]) -> [u64; 4] {
    let mut out = [0u64; 4];
    for (i, limb) in out.iter_mut().enumerate() {
        let mut w = [0u8; 8];
        w.copy_from_slice(&bytes[24 - 8 * i..32 - 8 * i]);
        *limb = u64::from_be_bytes(w);
    }
    out
}

/// Little-endian limbs to big-endian bytes.
#[inline(always)]
pub(crate) fn limbs_to_be(limbs: &[u64; 4]) -> [u8; 32] {
    let mut out = [0u8; 32];
    for (i, limb) in limbs.iter().enumerate() {
        out[24 - 8 * i..32 - 8 * i].copy_from_slice(&limb.to_be_bytes());
    }
    out
}

/// 1 if a < m (a canonical residue), else 0, in constant time.
#[inline(always)]
pub(crate) fn is_below<M: Modulus>(a: &[u64; 4]) -> u64 {
    let m = M::M;
    let (_, b) = sbb(a[0], m[0], 0);
    let (_, b) = sbb(a[1], m[1], b);
    let (_, b) = sbb(a[2], m[2], b);
    let (_, b) = sbb(a[3], m[3], b);
    b
}

/// a^e for a public exponent e (little-endian limbs), 4-bit fixed windows:
/// the sequence of operations depends on e only, never on a. (The Fermat
/// reference of the inversion tests.)
#[cfg(test)]
pub(crate) fn pow_vartime_exp<M: Modulus>(a: &[u64; 4], e: &[u64; 4]) -> [u64; 4] {
    let mut table = [M::R1; 16];
    for i in 1..16 {
        table[i] = mul::<M>(&table[i - 1], a);
    }
    let mut acc = M::R1;
    for limb in (0..4).rev() {
        for nib in (0..16).rev() {
            for _ in 0..4 {
                acc = square::<M>(&acc);
            }
            let d = ((e[limb] >> (4 * nib)) & 15) as usize;
            // The index is a digit of the public exponent, not of a.
            acc = mul::<M>(&acc, &table[d]);
        }
    }
    acc
}
