//! The rules of GCM itself (NIST SP 800-38D) that every backend applies
//! the same way: input limits, the pre-counter block for 96-bit IVs, the
//! lengths block that ends GHASH, the tag comparison and the verdict of
//! a fused open. Backends only supply AES and GHASH.

use crate::Error;
use subtle::ConstantTimeEq;

/// Largest plaintext, in bytes: 2^39 − 256 bits (SP 800-38D §5.2.1.1).
pub const MAX_PLAINTEXT_LEN: u64 = (1 << 36) - 32;
/// Largest AAD (and nonce), in bytes: 2^64 − 1 bits.
pub const MAX_AAD_LEN: u64 = (1 << 61) - 1;

/// Tag lengths the `*_truncated` methods accept, in bytes: SP 800-38D
/// §5.2.1.2 (128, 120, 112, 104, 96 bits) and Appendix C (64, 32 bits).
pub const TRUNCATED_TAG_LENS: [usize; 7] = [4, 8, 12, 13, 14, 15, 16];

/// `[len(A)]_64 || [len(C)]_64` in bits (SP 800-38D §7.1 step 5). Lengths
/// were checked against the limits, so the bit counts fit in 64 bits.
#[inline(always)]
pub(super) fn lengths_block(aad_len: usize, text_len: usize) -> [u8; 16] {
    let mut b = [0u8; 16];
    b[..8].copy_from_slice(&(aad_len as u64).wrapping_mul(8).to_be_bytes());
    b[8..].copy_from_slice(&(text_len as u64).wrapping_mul(8).to_be_bytes());
    b
}

/// Rejects inputs over the SP 800-38D limits.
#[inline(always)]
pub(super) fn check_lengths(aad_len: usize, text_len: usize) -> Result<(), Error> {
    let too_long = |len: usize, max: u64| u64::try_from(len).map_or(true, |l| l > max);
    if too_long(text_len, MAX_PLAINTEXT_LEN) || too_long(aad_len, MAX_AAD_LEN) {
        return Err(Error::MessageTooLong);
    }
    Ok(())
}

/// Compares the first `tag.len()` bytes of the computed tag with `tag` in
/// constant time. `tag.len()` was validated (4..=16).
#[inline(always)]
pub(super) fn tag_matches(computed: &[u8; 16], tag: &[u8]) -> bool {
    computed
        .get(..tag.len())
        .is_some_and(|c| bool::from(c.ct_eq(tag)))
}

/// The verdict of a fused (decrypt-while-hashing) open: on a mismatch the
/// whole buffer, which now holds unauthenticated plaintext, is zeroed.
#[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
#[inline(always)]
pub(super) fn fused_verdict(computed: &[u8; 16], tag: &[u8], buf: &mut [u8]) -> Result<(), Error> {
    if tag_matches(computed, tag) {
        Ok(())
    } else {
        crate::wipe::wipe(buf);
        Err(Error::AuthenticationFailed)
    }
}

/// J0 for a 96-bit IV: `IV || 0^31 || 1` (SP 800-38D §7.1 step 2); `None`
/// for other lengths, which go through GHASH in the backend.
#[inline(always)]
pub(super) fn j0_from_96_bit_iv(nonce: &[u8]) -> Option<[u8; 16]> {
    let iv = <[u8; 12]>::try_from(nonce).ok()?;
    let mut j0 = [0u8; 16];
    j0[..12].copy_from_slice(&iv);
    j0[15] = 1;
    Some(j0)
}

/// IVs of other lengths: non-empty and at most 2^64 − 1 bits
/// (SP 800-38D §5.2.1.1).
#[inline(always)]
pub(super) fn check_nonce_length(nonce: &[u8]) -> Result<(), Error> {
    if nonce.is_empty() || u64::try_from(nonce.len()).map_or(true, |l| l > MAX_AAD_LEN) {
        return Err(Error::InvalidNonceLength);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The limits themselves: slices that long cannot be allocated here.
    #[test]
    fn limits_are_enforced() {
        assert_eq!(check_lengths(0, MAX_PLAINTEXT_LEN as usize), Ok(()));
        assert_eq!(
            check_lengths(0, MAX_PLAINTEXT_LEN as usize + 1),
            Err(Error::MessageTooLong)
        );
        assert_eq!(check_lengths(MAX_AAD_LEN as usize, 0), Ok(()));
        assert_eq!(
            check_lengths(MAX_AAD_LEN as usize + 1, 0),
            Err(Error::MessageTooLong)
        );
        assert_eq!(
            check_lengths(usize::MAX, usize::MAX),
            Err(Error::MessageTooLong)
        );
    }

    #[test]
    fn lengths_block_is_bits_big_endian() {
        let b = lengths_block(1, 0x100);
        assert_eq!(b[..8], [0, 0, 0, 0, 0, 0, 0, 8]);
        assert_eq!(b[8..], [0, 0, 0, 0, 0, 0, 8, 0]);
    }
}
