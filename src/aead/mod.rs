//! Authenticated encryption with associated data.
//!
//! [`Aead`] is the interface; AES-GCM implements it ([`AesGcm256`],
//! [`AesGcm128`]). Decryption releases no plaintext unless the tag verified:
//! on failure the buffer holds no plaintext.
//!
//! Shapes for AES-256-GCM: a 32-byte key ([`AesGcm128`]: 16), a 12-byte
//! nonce (other non-empty lengths work, slower), a 16-byte tag; the `Vec`
//! forms return `ciphertext ‖ tag`, and `seal_with_random_nonce` returns
//! `nonce ‖ ciphertext ‖ tag`. Errors: [`Error::AuthenticationFailed`] (wrong
//! key, nonce, AAD, ciphertext or tag), [`Error::InvalidNonceLength`] (empty
//! nonce), [`Error::InvalidTagLength`], [`Error::MessageTooLong`] (over
//! 2^36 − 32 bytes).
//!
//! ```
//! use hpcrypt::aead::{Aead, AesGcm256};
//!
//! let cipher = AesGcm256::new(&[0x42; 32]);
//! let nonce = [0x24; 12]; // never reuse a nonce under one key
//! let sealed = cipher.encrypt(&nonce, b"card=4111", b"user:42")?;
//! assert_eq!(sealed.len(), 9 + AesGcm256::TAG_LEN);
//! assert_eq!(cipher.decrypt(&nonce, &sealed, b"user:42")?, b"card=4111");
//! assert_eq!(
//!     cipher.decrypt(&nonce, &sealed, b"user:43"),
//!     Err(hpcrypt::Error::AuthenticationFailed)
//! );
//! # Ok::<(), hpcrypt::Error>(())
//! ```

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
///
/// Write code generic over the cipher (AES-128 or AES-256) with it:
///
/// ```
/// use hpcrypt::aead::{Aead, AesGcm128, AesGcm256};
///
/// fn roundtrip<A: Aead>(cipher: &A) -> Result<(), hpcrypt::Error> {
///     let nonce = vec![7u8; A::NONCE_LEN];
///     let mut buffer = *b"attack at dawn";
///     let tag = cipher.encrypt_in_place_detached(&nonce, b"", &mut buffer)?;
///     cipher.decrypt_in_place_detached(&nonce, b"", &mut buffer, &tag[..A::TAG_LEN])?;
///     assert_eq!(&buffer, b"attack at dawn");
///     Ok(())
/// }
/// roundtrip(&AesGcm128::new(&[1; 16]))?;
/// roundtrip(&AesGcm256::new(&[1; 32]))?;
/// # Ok::<(), hpcrypt::Error>(())
/// ```
pub trait Aead {
    /// Key length in bytes.
    const KEY_LEN: usize;
    /// The recommended nonce length in bytes.
    const NONCE_LEN: usize;
    /// Tag length in bytes.
    const TAG_LEN: usize;

    /// Encrypts `buffer` in place and returns the 16-byte tag (send it with
    /// the ciphertext). Errors: [`Error::InvalidNonceLength`],
    /// [`Error::MessageTooLong`], both before `buffer` is touched.
    ///
    /// ```
    /// use hpcrypt::aead::{Aead, AesGcm256};
    /// let cipher = AesGcm256::new(&[0x42; 32]);
    /// let mut buffer = *b"plaintext";
    /// let tag: [u8; 16] = cipher.encrypt_in_place_detached(&[0; 12], b"aad", &mut buffer)?;
    /// assert_ne!(&buffer, b"plaintext"); // now ciphertext, same length
    /// # Ok::<(), hpcrypt::Error>(())
    /// ```
    fn encrypt_in_place_detached(
        &self,
        nonce: &[u8],
        aad: &[u8],
        buffer: &mut [u8],
    ) -> Result<[u8; 16], Error>;

    /// Verifies `tag` and decrypts `buffer` in place. On any error the
    /// buffer holds no plaintext (it is zeroed or was never decrypted).
    /// A `tag` that is not [`TAG_LEN`](Self::TAG_LEN) bytes is
    /// [`Error::InvalidTagLength`]; a mismatch is
    /// [`Error::AuthenticationFailed`].
    ///
    /// ```
    /// use hpcrypt::aead::{Aead, AesGcm256};
    /// let cipher = AesGcm256::new(&[0x42; 32]);
    /// let mut buffer = *b"plaintext";
    /// let tag = cipher.encrypt_in_place_detached(&[0; 12], b"aad", &mut buffer)?;
    ///
    /// let mut tampered = buffer;
    /// tampered[0] ^= 1;
    /// assert!(cipher.decrypt_in_place_detached(&[0; 12], b"aad", &mut tampered, &tag).is_err());
    /// assert_ne!(&tampered, b"plaintext"); // no plaintext released
    ///
    /// cipher.decrypt_in_place_detached(&[0; 12], b"aad", &mut buffer, &tag)?;
    /// assert_eq!(&buffer, b"plaintext");
    /// # Ok::<(), hpcrypt::Error>(())
    /// ```
    fn decrypt_in_place_detached(
        &self,
        nonce: &[u8],
        aad: &[u8],
        buffer: &mut [u8],
        tag: &[u8],
    ) -> Result<(), Error>;

    /// Encrypts `plaintext` and returns `ciphertext || tag`
    /// (`plaintext.len() + TAG_LEN` bytes).
    ///
    /// ```
    /// use hpcrypt::aead::{Aead, AesGcm256};
    /// let sealed = AesGcm256::new(&[0x42; 32]).encrypt(&[0; 12], b"hello", b"")?;
    /// assert_eq!(sealed.len(), 5 + 16);
    /// # Ok::<(), hpcrypt::Error>(())
    /// ```
    #[cfg(feature = "alloc")]
    fn encrypt(&self, nonce: &[u8], plaintext: &[u8], aad: &[u8]) -> Result<Vec<u8>, Error> {
        let mut out = Vec::with_capacity(plaintext.len() + Self::TAG_LEN);
        out.extend_from_slice(plaintext);
        let tag = self.encrypt_in_place_detached(nonce, aad, &mut out)?;
        out.extend_from_slice(tag.get(..Self::TAG_LEN).ok_or(Error::InvalidTagLength)?);
        Ok(out)
    }

    /// Verifies and decrypts `ciphertext || tag`; returns the plaintext only
    /// if the tag verified. Input shorter than a tag is
    /// [`Error::AuthenticationFailed`].
    ///
    /// ```
    /// use hpcrypt::aead::{Aead, AesGcm256};
    /// let cipher = AesGcm256::new(&[0x42; 32]);
    /// let sealed = cipher.encrypt(&[0; 12], b"hello", b"")?;
    /// assert_eq!(cipher.decrypt(&[0; 12], &sealed, b"")?, b"hello");
    /// assert!(cipher.decrypt(&[0; 12], &sealed[..10], b"").is_err());
    /// # Ok::<(), hpcrypt::Error>(())
    /// ```
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
