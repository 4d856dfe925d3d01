//! SHA-224 and SHA-256 (FIPS 180-4 §6.2, §6.3): one engine, two IVs.

#[cfg(target_arch = "aarch64")]
mod aarch64_sha2;
mod soft;
#[cfg(target_arch = "x86_64")]
pub(crate) mod x86_shani;

use super::block_hash::impl_block_hash;
use super::md::{pad, BlockBuffer};
use super::{define_hasher, truncate};
use zeroize::Zeroize;

/// FIPS 180-4 §4.2.2: first 32 bits of the fractional parts of the cube roots
/// of the first 64 primes (regenerated and compared by a unit test below).
pub(crate) const K: [u32; 64] = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

/// FIPS 180-4 §5.3.3: SHA-256 initial hash value.
const IV_256: [u32; 8] = [
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

/// FIPS 180-4 §5.3.2: SHA-224 initial hash value.
const IV_224: [u32; 8] = [
    0xc1059ed8, 0x367cd507, 0x3070dd17, 0xf70e5939, 0xffc00b31, 0x68581511, 0x64f98fa7, 0xbefa4fa4,
];

/// Which compression function a SHA-224/256 hasher runs.
///
/// Only [`Sha256Backend::detect`] and [`Sha256Backend::available`] make
/// accelerated values, so holding one proves the CPU supports it.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sha256Backend {
    /// Portable Rust, constant time.
    Soft,
    /// Intel SHA extensions (SHA-NI).
    #[cfg(target_arch = "x86_64")]
    ShaNi(crate::cpu::ShaNi),
    /// ARMv8 SHA-256 instructions (FEAT_SHA256).
    #[cfg(target_arch = "aarch64")]
    ArmSha2(crate::cpu::Sha2),
}

impl Sha256Backend {
    /// The fastest backend this CPU supports.
    #[inline]
    pub fn detect() -> Self {
        #[cfg(target_arch = "x86_64")]
        if let Some(token) = crate::cpu::shani() {
            return Self::ShaNi(token);
        }
        #[cfg(target_arch = "aarch64")]
        if let Some(token) = crate::cpu::sha2() {
            return Self::ArmSha2(token);
        }
        Self::Soft
    }

    /// Every backend this CPU supports, portable first.
    pub fn available() -> impl Iterator<Item = Self> {
        #[cfg(target_arch = "x86_64")]
        let accelerated = crate::cpu::shani().map(Self::ShaNi);
        #[cfg(target_arch = "aarch64")]
        let accelerated = crate::cpu::sha2().map(Self::ArmSha2);
        #[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
        let accelerated = None;
        core::iter::once(Self::Soft).chain(accelerated)
    }

    /// A stable short name (`"soft"`, `"sha-ni"`, `"arm-sha2"`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Soft => "soft",
            #[cfg(target_arch = "x86_64")]
            Self::ShaNi(_) => "sha-ni",
            #[cfg(target_arch = "aarch64")]
            Self::ArmSha2(_) => "arm-sha2",
        }
    }

    /// Runs the compression function over `blocks` (a multiple of 64 bytes).
    #[inline(always)]
    fn compress(self, state: &mut [u32; 8], blocks: &[u8]) {
        match self {
            Self::Soft => soft::compress(state, blocks),
            #[cfg(target_arch = "x86_64")]
            Self::ShaNi(token) => x86_shani::compress(token, state, blocks),
            #[cfg(target_arch = "aarch64")]
            Self::ArmSha2(token) => aarch64_sha2::compress(token, state, blocks),
        }
    }
}

/// Chaining state, partial block and backend of a SHA-224/256 computation.
#[derive(Clone)]
pub(crate) struct Engine {
    state: [u32; 8],
    buffer: BlockBuffer<64>,
    backend: Sha256Backend,
}

impl Engine {
    #[inline(always)]
    pub(crate) fn new(iv: [u32; 8], backend: Sha256Backend) -> Self {
        Self {
            state: iv,
            buffer: BlockBuffer::new(),
            backend,
        }
    }

    pub(crate) fn backend(&self) -> Sha256Backend {
        self.backend
    }

    #[inline(always)]
    pub(crate) fn update(&mut self, data: &[u8]) {
        let (state, backend) = (&mut self.state, self.backend);
        self.buffer
            .update(data, |blocks| backend.compress(state, blocks));
    }

    #[inline(always)]
    pub(crate) fn finalize(&mut self) -> [u8; 32] {
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
    pub(crate) fn oneshot(iv: [u32; 8], backend: Sha256Backend, data: &[u8]) -> [u8; 32] {
        Self::finish_from(&iv, backend, data, 0)
    }
}

/// HMAC/HKDF hooks ([`BlockHash`](crate::hash::BlockHash)): run the
/// compression function on a bare chaining state. They reuse `compress` and
/// `finish` unchanged, so they hash exactly as the hasher does.
impl Engine {
    /// The chaining state after compressing one `64`-byte block from `iv`.
    #[inline(always)]
    pub(crate) fn state_after_block(
        iv: [u32; 8],
        backend: Sha256Backend,
        block: &[u8],
        state: &mut [u32; 8],
    ) {
        *state = iv;
        backend.compress(state, block);
    }

    /// The digest of a message whose first `prior_len` bytes (a multiple of
    /// the block) left `state`, followed by `data`.
    #[inline(always)]
    pub(crate) fn finish_from(
        from: &[u32; 8],
        backend: Sha256Backend,
        data: &[u8],
        prior_len: u64,
    ) -> [u8; 32] {
        // The working copy is the only copy this function makes; wiped below.
        let mut state = *from;
        let (blocks, tail) = data.split_at(data.len() - data.len() % 64);
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
    /// outer pad state. SHA-NI does both in one call without serialising the
    /// inner digest; portable code runs two [`finish_from`](Self::finish_from)s.
    #[inline(always)]
    pub(crate) fn hmac_finish(
        inner: &[u32; 8],
        outer: &[u32; 8],
        backend: Sha256Backend,
        data: &[u8],
        out_len: usize,
    ) -> [u8; 32] {
        let prior = 64u64;
        match backend {
            #[cfg(target_arch = "x86_64")]
            Sha256Backend::ShaNi(token) => {
                let (blocks, tail) = data.split_at(data.len() - data.len() % 64);
                let mut last = [[0u8; 64]; 2];
                let total = prior.wrapping_add(data.len() as u64);
                let used = pad::<64, 8>(tail, total, &mut last);
                let words = x86_shani::hmac_finish(
                    token,
                    inner,
                    blocks,
                    &last.as_flattened()[..used],
                    outer,
                    out_len / 4,
                );
                crate::wipe::wipe(last.as_flattened_mut());
                let mut out = [0u8; 32];
                for (chunk, word) in out.chunks_exact_mut(4).zip(words.iter()) {
                    chunk.copy_from_slice(&word.to_be_bytes());
                }
                out
            }
            // Portable code and the ARMv8 backend: two plain finishes.
            _ => {
                let mut inner_digest = Self::finish_from(inner, backend, data, prior);
                let out = Self::finish_from(outer, backend, &inner_digest[..out_len], prior);
                crate::wipe::wipe(&mut inner_digest);
                out
            }
        }
    }

    /// A streaming engine continuing from `state` after `prior_len` bytes
    /// (a multiple of the block).
    #[inline(always)]
    pub(crate) fn resume(state: &[u32; 8], backend: Sha256Backend, prior_len: u64) -> Self {
        Self {
            state: *state,
            buffer: BlockBuffer::with_total(prior_len),
            backend,
        }
    }
}

/// Pads, compresses the last block(s) and serialises the state big-endian.
#[inline(always)]
fn finish(state: &mut [u32; 8], backend: Sha256Backend, tail: &[u8], total: u64) -> [u8; 32] {
    let mut last = [[0u8; 64]; 2];
    let used = pad::<64, 8>(tail, total, &mut last);
    backend.compress(state, &last.as_flattened()[..used]);
    crate::wipe::wipe(last.as_flattened_mut());
    let mut out = [0u8; 32];
    for (chunk, word) in out.chunks_exact_mut(4).zip(state.iter()) {
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
    /// SHA-256 (FIPS 180-4): 32-byte digests, 64-byte blocks.
    ///
    /// ```
    /// use hpcrypt::hash::{Hash, Sha256};
    /// let key_id = &Sha256::hash(b"api-secret")[..16];
    /// assert_eq!(key_id.len(), 16);
    /// ```
    Sha256, Engine, Sha256Backend, IV_256, 32, 64
);

define_hasher!(
    /// SHA-224 (FIPS 180-4): SHA-256 with another IV, truncated to 28 bytes.
    ///
    /// ```
    /// use hpcrypt::hash::{Hash, Sha224};
    /// assert_eq!(
    ///     Sha224::hash(b"abc").to_hex(),
    ///     "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7"
    /// );
    /// ```
    Sha224, Engine, Sha256Backend, IV_224, 28, 64
);

impl_block_hash!(Sha256, Sha256Backend, [u32; 8], IV_256, 32);
impl_block_hash!(Sha224, Sha256Backend, [u32; 8], IV_224, 28);

#[cfg(test)]
mod tests {
    /// The round constants are the cube roots the spec says they are.
    #[test]
    fn k_is_cube_roots_of_primes() {
        let primes = (2u32..).filter(|n| (2..*n).all(|d| n % d != 0));
        for (k, p) in super::K.iter().zip(primes) {
            // floor(frac(cbrt(p)) * 2^32), found exactly by integer search on
            // x = floor(cbrt(p) * 2^32): the largest x with x^3 <= p * 2^96.
            let target = u128::from(p) << 96;
            let (mut lo, mut hi) = (0u128, 1u128 << 40);
            while hi - lo > 1 {
                let mid = (lo + hi) / 2;
                if mid * mid * mid <= target {
                    lo = mid
                } else {
                    hi = mid
                }
            }
            assert_eq!(u128::from(*k), lo & 0xffff_ffff, "prime {p}");
        }
    }
}
