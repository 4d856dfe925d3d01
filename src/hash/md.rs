//! Merkle–Damgård buffering and length padding shared by SHA-224/256/384/512.
//!
//! FIPS 180-4 §5.1 pads a message with one `1` bit, zeros, and the message
//! length in bits as a big-endian integer of `LEN_BYTES` bytes (8 for SHA-256,
//! 16 for SHA-512), so that the total is a multiple of the block. The buffer
//! here keeps a partial block between `update` calls and hands whole blocks to
//! the compression function in one slice, so that a backend's multi-block loop
//! sees as many blocks as possible at once.

use zeroize::Zeroize;

/// A partial block plus the running message length.
#[derive(Clone)]
pub(crate) struct BlockBuffer<const B: usize> {
    block: [u8; B],
    /// Bytes in `block` (always `< B` between calls).
    filled: usize,
    /// Total bytes absorbed, modulo 2^64 (SHA-512 allows 2^128 bits; inputs
    /// beyond 2^61 bytes are not reachable in practice and wrap).
    total: u64,
}

impl<const B: usize> BlockBuffer<B> {
    pub(crate) const fn new() -> Self {
        Self {
            block: [0; B],
            filled: 0,
            total: 0,
        }
    }

    /// An empty buffer after `total` bytes were absorbed elsewhere (a
    /// multiple of `B`): HMAC resumes from a precomputed pad state.
    pub(crate) const fn with_total(total: u64) -> Self {
        Self {
            block: [0; B],
            filled: 0,
            total,
        }
    }

    /// Absorbs `data`, calling `compress` with slices whose length is a
    /// non-zero multiple of `B`.
    #[inline(always)]
    pub(crate) fn update(&mut self, mut data: &[u8], mut compress: impl FnMut(&[u8])) {
        self.total = self.total.wrapping_add(data.len() as u64);
        if self.filled > 0 {
            let take = (B - self.filled).min(data.len());
            let (head, rest) = data.split_at(take);
            self.block[self.filled..self.filled + take].copy_from_slice(head);
            self.filled += take;
            data = rest;
            if self.filled < B {
                return;
            }
            compress(&self.block);
            self.filled = 0;
        }
        let whole = data.len() - data.len() % B;
        let (blocks, tail) = data.split_at(whole);
        if !blocks.is_empty() {
            compress(blocks);
        }
        self.block[..tail.len()].copy_from_slice(tail);
        self.filled = tail.len();
    }

    /// The buffered bytes of the last, partial block.
    #[inline(always)]
    pub(crate) fn tail(&self) -> &[u8] {
        &self.block[..self.filled]
    }

    /// Total bytes absorbed so far.
    #[inline(always)]
    pub(crate) fn total(&self) -> u64 {
        self.total
    }
}

/// Writes the final one or two padded blocks into `out` (which must be all
/// zero) from the message's last partial block `tail` (`tail.len() < B`) and
/// the message length `total` in bytes, and returns how many bytes of `out`
/// to compress: `B`, or `2·B` when the `0x80` byte and the `LEN_BYTES`-byte
/// length field do not fit after the tail (FIPS 180-4 §5.1.1, §5.1.2).
#[inline(always)]
pub(crate) fn pad<const B: usize, const LEN_BYTES: usize>(
    tail: &[u8],
    total: u64,
    out: &mut [[u8; B]; 2],
) -> usize {
    let flat = out.as_flattened_mut();
    let n = tail.len();
    flat[..n].copy_from_slice(tail);
    flat[n] = 0x80;
    let used = if n + 1 + LEN_BYTES <= B { B } else { 2 * B };
    let bits = u128::from(total) << 3;
    flat[used - LEN_BYTES..used].copy_from_slice(&bits.to_be_bytes()[16 - LEN_BYTES..]);
    used
}

impl<const B: usize> Zeroize for BlockBuffer<B> {
    fn zeroize(&mut self) {
        self.block.zeroize();
        self.filled.zeroize();
        self.total.zeroize();
    }
}
