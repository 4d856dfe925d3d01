//! Portable GCM: counter mode over the bitsliced AES ([`super::aes_soft`])
//! and GHASH over the table-free multiply ([`super::ghash_soft`]).
//!
//! Decryption here is two passes, "verify, then decrypt": the caller asks
//! for the tag of the ciphertext first and runs the keystream only after it
//! matched, so a forged message never produces plaintext at all.

use super::aes_soft::{self, RoundKeys};
use super::ghash_soft;
use super::mode::lengths_block;
use crate::wipe::wipe;
use zeroize::Zeroize;

/// Expanded AES key and GHASH key for the portable backend.
pub(crate) struct Key {
    rk: RoundKeys,
    ghash: ghash_soft::Key,
}

/// `inc32` (SP 800-38D §6.2): the last 32 bits, big-endian, plus one.
#[inline(always)]
fn inc32(block: &mut [u8; 16]) {
    let mut c = [0u8; 4];
    c.copy_from_slice(&block[12..]);
    let next = u32::from_be_bytes(c).wrapping_add(1);
    block[12..].copy_from_slice(&next.to_be_bytes());
}

impl Key {
    /// Expands a key of `NK` words (`NR = NK + 6` rounds) and derives
    /// `H = E(K, 0^128)`. `key` has `4 * NK` bytes (checked by the caller).
    pub(crate) fn new<const NK: usize, const NR: usize>(key: &[u8]) -> Self {
        let rk = aes_soft::expand_key::<NK>(key);
        let mut blocks = [[0u8; 16]; 4];
        aes_soft::encrypt4::<NR>(&rk, &mut blocks);
        let h = u128::from_be_bytes(blocks[0]);
        wipe(blocks.as_flattened_mut());
        Self {
            rk,
            ghash: ghash_soft::Key::new(h),
        }
    }

    /// J0 for a nonce that is not 96 bits: `GHASH(IV || 0^(s+64) || [len(IV)]_64)`.
    pub(crate) fn j0_from_nonce(&self, nonce: &[u8]) -> [u8; 16] {
        let mut y = 0u128;
        self.ghash.update_padded(&mut y, nonce);
        y = self
            .ghash
            .mul(y ^ u128::from_be_bytes(lengths_block(0, nonce.len())));
        y.to_be_bytes()
    }

    /// XORs the keystream for counters `inc32(J0), inc32^2(J0), ...` onto
    /// `buf` and returns `E(K, J0)`, the tag mask. J0 rides in the first
    /// batch of four blocks, so short messages cost one batch.
    pub(crate) fn keystream<const NR: usize>(&self, j0: &[u8; 16], buf: &mut [u8]) -> [u8; 16] {
        let mut counter = *j0;
        let mut batch = [[0u8; 16]; 4];
        let mut mask = [0u8; 16];
        // The virtual stream is one mask block followed by `buf`.
        let total_blocks = 1 + buf.len().div_ceil(16);
        let mut done = 0usize; // blocks of the virtual stream produced
        let mut offset = 0usize; // bytes of `buf` consumed
        while done < total_blocks {
            for slot in batch.iter_mut() {
                *slot = counter;
                inc32(&mut counter);
            }
            aes_soft::encrypt4::<NR>(&self.rk, &mut batch);
            for (i, ks) in batch.iter().enumerate() {
                if done + i == 0 {
                    mask = *ks;
                    continue;
                }
                let Some(rest) = buf.get_mut(offset..) else {
                    break;
                };
                let n = rest.len().min(16);
                for (b, k) in rest[..n].iter_mut().zip(ks) {
                    *b ^= k;
                }
                offset += n;
            }
            done += 4;
        }
        wipe(batch.as_flattened_mut());
        wipe(&mut counter);
        mask
    }

    /// The full tag over `aad` and `ciphertext`: `GHASH ⊕ mask`.
    pub(crate) fn tag(&self, aad: &[u8], ciphertext: &[u8], mask: &[u8; 16]) -> [u8; 16] {
        let mut y = 0u128;
        self.ghash.update_padded(&mut y, aad);
        self.ghash.update_padded(&mut y, ciphertext);
        y = self
            .ghash
            .mul(y ^ u128::from_be_bytes(lengths_block(aad.len(), ciphertext.len())));
        (y ^ u128::from_be_bytes(*mask)).to_be_bytes()
    }

    /// Encrypts `buf` in place and returns the full tag.
    pub(crate) fn seal<const NR: usize>(
        &self,
        j0: &[u8; 16],
        aad: &[u8],
        buf: &mut [u8],
    ) -> [u8; 16] {
        let mut mask = self.keystream::<NR>(j0, buf);
        let tag = self.tag(aad, buf, &mask);
        wipe(&mut mask);
        tag
    }

    /// The full tag of `ciphertext` (nothing is decrypted).
    pub(crate) fn open_tag<const NR: usize>(
        &self,
        j0: &[u8; 16],
        aad: &[u8],
        ciphertext: &[u8],
    ) -> [u8; 16] {
        let mut mask = self.keystream::<NR>(j0, &mut []);
        let tag = self.tag(aad, ciphertext, &mask);
        wipe(&mut mask);
        tag
    }
}

impl Zeroize for Key {
    fn zeroize(&mut self) {
        self.rk.as_flattened_mut().zeroize();
        self.ghash.zeroize();
    }
}

impl Drop for Key {
    fn drop(&mut self) {
        self.zeroize();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zeroize_wipes_round_keys_and_hash_key() {
        let mut k = Key::new::<8, 14>(&[0x5a; 32]);
        assert!(k.rk.as_flattened().iter().any(|&w| w != 0));
        assert_ne!(k.ghash.mul(1 << 127), 0);
        k.zeroize();
        assert!(k.rk.as_flattened().iter().all(|&w| w == 0));
        assert_eq!(k.ghash.mul(u128::MAX), 0, "H must be zero");
    }
}
