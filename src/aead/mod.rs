//! Authenticated encryption with associated data.
//!
//! [`Aead`] is the interface; AES-GCM implements it ([`AesGcm256`],
//! [`AesGcm128`]). Decryption releases no plaintext unless the tag verified:
//! on failure the buffer holds no plaintext.

#[cfg(feature = "aead")]
mod aead_impl;
pub mod aes_gcm;

pub use aes_gcm::{AesGcm128, AesGcm256};

use crate::Error;
#[cfg(feature = "alloc")]
use alloc::vec::Vec;

/// An AEAD cipher with a fixed key.
///
/// Nonces are `&[u8]` so that arrays and `Vec<u8>` both work; each
/// implementation documents which lengths it accepts and returns
/// [`Error::InvalidNonceLength`] for others.
pub trait Aead {
    /// Key length in bytes.
    const KEY_LEN: usize;
    /// The recommended nonce length in bytes.
    const NONCE_LEN: usize;
    /// Tag length in bytes.
    const TAG_LEN: usize;

    /// Encrypts `buffer` in place and returns the tag.
    fn encrypt_in_place_detached(
        &self,
        nonce: &[u8],
        aad: &[u8],
        buffer: &mut [u8],
    ) -> Result<[u8; 16], Error>;

    /// Verifies `tag` and decrypts `buffer` in place. On any error the
    /// buffer holds no plaintext (it is zeroed or was never decrypted).
    fn decrypt_in_place_detached(
        &self,
        nonce: &[u8],
        aad: &[u8],
        buffer: &mut [u8],
        tag: &[u8],
    ) -> Result<(), Error>;

    /// Encrypts `plaintext` and returns `ciphertext || tag`.
    #[cfg(feature = "alloc")]
    fn encrypt(&self, nonce: &[u8], plaintext: &[u8], aad: &[u8]) -> Result<Vec<u8>, Error> {
        let mut out = Vec::with_capacity(plaintext.len() + Self::TAG_LEN);
        out.extend_from_slice(plaintext);
        let tag = self.encrypt_in_place_detached(nonce, aad, &mut out)?;
        out.extend_from_slice(tag.get(..Self::TAG_LEN).ok_or(Error::InvalidTagLength)?);
        Ok(out)
    }

    /// Verifies and decrypts `ciphertext || tag`; returns the plaintext only
    /// if the tag verified.
    #[cfg(feature = "alloc")]
    fn decrypt(
        &self,
        nonce: &[u8],
        ciphertext_and_tag: &[u8],
        aad: &[u8],
    ) -> Result<Vec<u8>, Error> {
        let split = ciphertext_and_tag
            .len()
            .checked_sub(Self::TAG_LEN)
            .ok_or(Error::AuthenticationFailed)?;
        let (ct, tag) = ciphertext_and_tag.split_at(split);
        let mut out = ct.to_vec();
        self.decrypt_in_place_detached(nonce, aad, &mut out, tag)?;
        Ok(out)
    }
}

/// `nonce || ciphertext || tag` with a fresh random nonce of
/// `A::NONCE_LEN` bytes (the body of the AES-GCM `seal_with_random_nonce`).
#[cfg(all(feature = "alloc", feature = "getrandom"))]
pub(crate) fn seal_with_random_nonce<A: Aead>(
    aead: &A,
    plaintext: &[u8],
    aad: &[u8],
) -> Result<Vec<u8>, Error> {
    let mut out = Vec::with_capacity(A::NONCE_LEN + plaintext.len() + A::TAG_LEN);
    out.resize(A::NONCE_LEN, 0);
    crate::rand::fill_random(&mut out)?;
    out.extend_from_slice(plaintext);
    let (nonce, body) = out.split_at_mut(A::NONCE_LEN);
    let tag = aead.encrypt_in_place_detached(nonce, aad, body)?;
    out.extend_from_slice(tag.get(..A::TAG_LEN).ok_or(Error::InvalidTagLength)?);
    Ok(out)
}

/// Inverse of [`seal_with_random_nonce`]: splits off the nonce and the tag,
/// verifies, decrypts. Too-short inputs are authentication failures.
#[cfg(feature = "alloc")]
pub(crate) fn open_with_random_nonce<A: Aead>(
    aead: &A,
    sealed: &[u8],
    aad: &[u8],
) -> Result<Vec<u8>, Error> {
    let (nonce, rest) = sealed
        .split_at_checked(A::NONCE_LEN)
        .ok_or(Error::AuthenticationFailed)?;
    let split = rest
        .len()
        .checked_sub(A::TAG_LEN)
        .ok_or(Error::AuthenticationFailed)?;
    let (ciphertext, tag) = rest.split_at(split);
    let mut out = ciphertext.to_vec();
    aead.decrypt_in_place_detached(nonce, aad, &mut out, tag)?;
    Ok(out)
}
