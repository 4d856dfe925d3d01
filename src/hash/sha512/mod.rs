//! SHA-384 and SHA-512 (FIPS 180-4 §6.4, §6.5): one engine, two IVs.

#[cfg(target_arch = "aarch64")]
mod aarch64_sha512;
mod soft;
#[cfg(target_arch = "x86_64")]
pub(crate) mod x86_avx2;

use super::block_hash::impl_block_hash;
use super::md::{pad, BlockBuffer};
use super::{define_hasher, truncate};
use zeroize::Zeroize;

/// FIPS 180-4 §4.2.3: first 64 bits of the fractional parts of the cube roots
/// of the first 80 primes (regenerated and compared by a unit test below).
pub(crate) const K: [u64; 80] = [
    0x428a2f98d728ae22,
    0x7137449123ef65cd,
    0xb5c0fbcfec4d3b2f,
    0xe9b5dba58189dbbc,
    0x3956c25bf348b538,
    0x59f111f1b605d019,
    0x923f82a4af194f9b,
    0xab1c5ed5da6d8118,
    0xd807aa98a3030242,
    0x12835b0145706fbe,
    0x243185be4ee4b28c,
    0x550c7dc3d5ffb4e2,
    0x72be5d74f27b896f,
    0x80deb1fe3b1696b1,
    0x9bdc06a725c71235,
    0xc19bf174cf692694,
    0xe49b69c19ef14ad2,
    0xefbe4786384f25e3,
    0x0fc19dc68b8cd5b5,
    0x240ca1cc77ac9c65,
    0x2de92c6f592b0275,
    0x4a7484aa6ea6e483,
    0x5cb0a9dcbd41fbd4,
    0x76f988da831153b5,
    0x983e5152ee66dfab,
    0xa831c66d2db43210,
    0xb00327c898fb213f,
    0xbf597fc7beef0ee4,
    0xc6e00bf33da88fc2,
    0xd5a79147930aa725,
    0x06ca6351e003826f,
    0x142929670a0e6e70,
    0x27b70a8546d22ffc,
    0x2e1b21385c26c926,
    0x4d2c6dfc5ac42aed,
    0x53380d139d95b3df,
    0x650a73548baf63de,
    0x766a0abb3c77b2a8,
    0x81c2c92e47edaee6,
    0x92722c851482353b,
    0xa2bfe8a14cf10364,
    0xa81a664bbc423001,
    0xc24b8b70d0f89791,
    0xc76c51a30654be30,
    0xd192e819d6ef5218,
    0xd69906245565a910,
    0xf40e35855771202a,
    0x106aa07032bbd1b8,
    0x19a4c116b8d2d0c8,
    0x1e376c085141ab53,
    0x2748774cdf8eeb99,
    0x34b0bcb5e19b48a8,
    0x391c0cb3c5c95a63,
    0x4ed8aa4ae3418acb,
    0x5b9cca4f7763e373,
    0x682e6ff3d6b2b8a3,
    0x748f82ee5defb2fc,
    0x78a5636f43172f60,
    0x84c87814a1f0ab72,
    0x8cc702081a6439ec,
    0x90befffa23631e28,
    0xa4506cebde82bde9,
    0xbef9a3f7b2c67915,
    0xc67178f2e372532b,
    0xca273eceea26619c,
    0xd186b8c721c0c207,
    0xeada7dd6cde0eb1e,
    0xf57d4f7fee6ed178,
    0x06f067aa72176fba,
    0x0a637dc5a2c898a6,
    0x113f9804bef90dae,
    0x1b710b35131c471b,
    0x28db77f523047d84,
    0x32caab7b40c72493,
    0x3c9ebe0a15c9bebc,
    0x431d67c49c100d4c,
    0x4cc5d4becb3e42b6,
    0x597f299cfc657e2a,
    0x5fcb6fab3ad6faec,
    0x6c44198c4a475817,
];

/// FIPS 180-4 §5.3.5: SHA-512 initial hash value.
const IV_512: [u64; 8] = [
    0x6a09e667f3bcc908,
    0xbb67ae8584caa73b,
    0x3c6ef372fe94f82b,
    0xa54ff53a5f1d36f1,
    0x510e527fade682d1,
    0x9b05688c2b3e6c1f,
    0x1f83d9abfb41bd6b,
    0x5be0cd19137e2179,
];

/// FIPS 180-4 §5.3.4: SHA-384 initial hash value.
const IV_384: [u64; 8] = [
    0xcbbb9d5dc1059ed8,
    0x629a292a367cd507,
    0x9159015a3070dd17,
    0x152fecd8f70e5939,
    0x67332667ffc00b31,
    0x8eb44a8768581511,
    0xdb0c2e0d64f98fa7,
    0x47b5481dbefa4fa4,
];

/// Which compression function a SHA-384/512 hasher runs.
///
/// Only [`Sha512Backend::detect`] and [`Sha512Backend::available`] make
/// accelerated values, so holding one proves the CPU supports it.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sha512Backend {
    /// Portable Rust, constant time.
    Soft,
    /// AVX2 message schedule for two blocks at once, BMI2 rounds.
    #[cfg(target_arch = "x86_64")]
    Avx2(crate::cpu::Avx2),
    /// ARMv8.2 SHA-512 instructions (FEAT_SHA512).
    #[cfg(target_arch = "aarch64")]
    ArmSha512(crate::cpu::Sha512),
}

impl Sha512Backend {
    /// The fastest backend this CPU supports.
    #[inline]
    pub fn detect() -> Self {
        #[cfg(target_arch = "x86_64")]
        if let Some(token) = crate::cpu::avx2() {
            return Self::Avx2(token);
        }
        #[cfg(target_arch = "aarch64")]
        if let Some(token) = crate::cpu::sha512() {
            return Self::ArmSha512(token);
        }
        Self::Soft
    }

    /// Every backend this CPU supports, portable first.
    pub fn available() -> impl Iterator<Item = Self> {
        #[cfg(target_arch = "x86_64")]
        let accelerated = crate::cpu::avx2().map(Self::Avx2);
        #[cfg(target_arch = "aarch64")]
        let accelerated = crate::cpu::sha512().map(Self::ArmSha512);
        #[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
        let accelerated = None;
        core::iter::once(Self::Soft).chain(accelerated)
    }

    /// A stable short name (`"soft"`, `"avx2"`, `"arm-sha512"`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Soft => "soft",
            #[cfg(target_arch = "x86_64")]
            Self::Avx2(_) => "avx2",
            #[cfg(target_arch = "aarch64")]
            Self::ArmSha512(_) => "arm-sha512",
        }
    }

    /// Runs the compression function over `blocks` (a multiple of 128 bytes).
    #[inline(always)]
    fn compress(self, state: &mut [u64; 8], blocks: &[u8]) {
        match self {
            Self::Soft => soft::compress(state, blocks),
            #[cfg(target_arch = "x86_64")]
            Self::Avx2(token) => x86_avx2::compress(token, state, blocks),
            #[cfg(target_arch = "aarch64")]
            Self::ArmSha512(token) => aarch64_sha512::compress(token, state, blocks),
        }
    }
}

/// Chaining state, partial block and backend of a SHA-384/512 computation.
#[derive(Clone)]
pub(crate) struct Engine {
    state: [u64; 8],
    buffer: BlockBuffer<128>,
    backend: Sha512Backend,
}

impl Engine {
    #[inline(always)]
    pub(crate) fn new(iv: [u64; 8], backend: Sha512Backend) -> Self {
        Self {
            state: iv,
            buffer: BlockBuffer::new(),
            backend,
        }
    }

    pub(crate) fn backend(&self) -> Sha512Backend {
        self.backend
    }

    #[inline(always)]
    pub(crate) fn update(&mut self, data: &[u8]) {
        let (state, backend) = (&mut self.state, self.backend);
        self.buffer
            .update(data, |blocks| backend.compress(state, blocks));
    }

    #[inline(always)]
    pub(crate) fn finalize(&mut self) -> [u8; 64] {
        finish(
            &mut self.state,
            self.backend,
            self.buffer.tail(),
            self.buffer.total(),
        )
    }

    /// Hashes `data` without a block buffer: whole blocks go straight from
    /// the input to the backend, only the tail is copied for padding.
    #[inline(always)]
    pub(crate) fn oneshot(iv: [u64; 8], backend: Sha512Backend, data: &[u8]) -> [u8; 64] {
        Self::finish_from(&iv, backend, data, 0)
    }
}

/// HMAC/HKDF hooks ([`BlockHash`](crate::hash::BlockHash)): run the
/// compression function on a bare chaining state. They reuse `compress` and
/// `finish` unchanged, so they hash exactly as the hasher does.
impl Engine {
    /// The chaining state after compressing one `128`-byte block from `iv`.
    #[inline(always)]
    pub(crate) fn state_after_block(
        iv: [u64; 8],
        backend: Sha512Backend,
        block: &[u8],
        state: &mut [u64; 8],
    ) {
        *state = iv;
        backend.compress(state, block);
    }

    /// The digest of a message whose first `prior_len` bytes (a multiple of
    /// the block) left `state`, followed by `data`.
    #[inline(always)]
    pub(crate) fn finish_from(
        from: &[u64; 8],
        backend: Sha512Backend,
        data: &[u8],
        prior_len: u64,
    ) -> [u8; 64] {
        // The working copy is the only copy this function makes; wiped below.
        let mut state = *from;
        let (blocks, tail) = data.split_at(data.len() - data.len() % 128);
        if !blocks.is_empty() {
            backend.compress(&mut state, blocks);
        }
        let total = prior_len.wrapping_add(data.len() as u64);
        let out = finish(&mut state, backend, tail, total);
        crate::wipe::wipe(&mut state);
        out
    }

    /// HMAC's two finishing hashes (RFC 2104 steps 5 and 8): `data` from
    /// the inner pad state, then the `out_len`-byte inner digest from the
    /// outer pad state.
    #[inline(always)]
    pub(crate) fn hmac_finish(
        inner: &[u64; 8],
        outer: &[u64; 8],
        backend: Sha512Backend,
        data: &[u8],
        out_len: usize,
    ) -> [u8; 64] {
        let mut inner_digest = Self::finish_from(inner, backend, data, 128);
        let out = Self::finish_from(outer, backend, &inner_digest[..out_len], 128);
        crate::wipe::wipe(&mut inner_digest);
        out
    }

    /// A streaming engine continuing from `state` after `prior_len` bytes
    /// (a multiple of the block).
    #[inline(always)]
    pub(crate) fn resume(state: &[u64; 8], backend: Sha512Backend, prior_len: u64) -> Self {
        Self {
            state: *state,
            buffer: BlockBuffer::with_total(prior_len),
            backend,
        }
    }
}

/// Pads, compresses the last block(s) and serialises the state big-endian.
#[inline(always)]
fn finish(state: &mut [u64; 8], backend: Sha512Backend, tail: &[u8], total: u64) -> [u8; 64] {
    let mut last = [[0u8; 128]; 2];
    let used = pad::<128, 16>(tail, total, &mut last);
    backend.compress(state, &last.as_flattened()[..used]);
    crate::wipe::wipe(last.as_flattened_mut());
    let mut out = [0u8; 64];
    for (chunk, word) in out.chunks_exact_mut(8).zip(state.iter()) {
        chunk.copy_from_slice(&word.to_be_bytes());
    }
    out
}

impl Engine {
    /// Wipes the state and buffered input (after an in-place finish, and on drop).
    #[inline(always)]
    pub(crate) fn clear(&mut self) {
        self.state.zeroize();
        self.buffer.zeroize();
    }
}

impl Drop for Engine {
    fn drop(&mut self) {
        self.clear();
    }
}

define_hasher!(
    /// SHA-512 (FIPS 180-4): 64-byte digests, 128-byte blocks.
    ///
    /// ```
    /// use hpcrypt::hash::{Hash, Sha512};
    /// assert!(Sha512::hash(b"abc").to_hex().starts_with("ddaf35a193617aba"));
    /// ```
    Sha512, Engine, Sha512Backend, IV_512, 64, 128
);

define_hasher!(
    /// SHA-384 (FIPS 180-4): SHA-512 with another IV, truncated to 48 bytes.
    ///
    /// ```
    /// use hpcrypt::hash::{Hash, Sha384};
    /// assert!(Sha384::hash(b"abc").to_hex().starts_with("cb00753f45a35e8b"));
    /// ```
    Sha384, Engine, Sha512Backend, IV_384, 48, 128
);

impl_block_hash!(Sha512, Sha512Backend, [u64; 8], IV_512, 64);
impl_block_hash!(Sha384, Sha512Backend, [u64; 8], IV_384, 48);

#[cfg(test)]
mod tests {
    /// The round constants are the cube roots the spec says they are.
    #[test]
    fn k_is_cube_roots_of_primes() {
        let primes = (2u32..).filter(|n| (2..*n).all(|d| n % d != 0));
        for (k, p) in super::K.iter().zip(primes) {
            // The low 64 bits of floor(cbrt(p) * 2^64), by integer bisection
            // on x^3 <= p * 2^192 with a 256-bit cube.
            let (mut lo, mut hi) = (0u128, 1u128 << 73);
            while hi - lo > 1 {
                let mid = (lo + hi) / 2;
                if cube_le(mid, p) {
                    lo = mid
                } else {
                    hi = mid
                }
            }
            assert_eq!(*k, lo as u64, "prime {p}");
        }
    }

    /// x^3 <= p * 2^192, with x < 2^73, in 64-bit limbs.
    fn cube_le(x: u128, p: u32) -> bool {
        let sq = mul(&[x as u64, (x >> 64) as u64], &[x as u64, (x >> 64) as u64]);
        let cube = mul(&sq[..4], &[x as u64, (x >> 64) as u64]);
        let bound = [0, 0, 0, u64::from(p)];
        for i in (0..cube.len()).rev() {
            let b = bound.get(i).copied().unwrap_or(0);
            if cube[i] != b {
                return cube[i] < b;
            }
        }
        true
    }

    fn mul(a: &[u64], b: &[u64]) -> [u64; 8] {
        let mut out = [0u64; 8];
        for (i, &x) in a.iter().enumerate() {
            let mut carry = 0u128;
            for (j, &y) in b.iter().enumerate() {
                let t = u128::from(x) * u128::from(y) + u128::from(out[i + j]) + carry;
                out[i + j] = t as u64;
                carry = t >> 64;
            }
            out[i + b.len()] = carry as u64;
        }
        out
    }
}
