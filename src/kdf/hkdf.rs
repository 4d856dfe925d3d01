//! HKDF (RFC 5869) over SHA-256, SHA-384 and SHA-512.
//!
//! Extract: `PRK = HMAC(salt, IKM)`, with an empty salt meaning `HashLen`
//! zero bytes (§2.2; HMAC pads a short key with zeros, so both give the same
//! PRK). Expand: `T(i) = HMAC(PRK, T(i-1) || info || i)` for `i = 1..=N`,
//! `OKM` = the first `L` bytes of `T(1) || T(2) || …`, `L ≤ 255·HashLen` (§2.3).
//!
//! [`Prk`] holds the PRK as a precomputed [`HmacKey`]: its pad states are
//! hashed once, when the PRK is made, and every block of every expand reuses
//! them.
//!
//! ```
//! use hpcrypt::kdf::HkdfSha256;
//!
//! // Per-field encryption keys from one master secret.
//! let prk = HkdfSha256::extract(b"app salt", b"master secret");
//! let mut email_key = [0u8; 32];
//! let mut phone_key = [0u8; 32];
//! prk.expand(b"field:email", &mut email_key)?;
//! prk.expand(b"field:phone", &mut phone_key)?;
//! assert_ne!(email_key, phone_key);
//!
//! // Or in one call.
//! let mut okm = [0u8; 32];
//! HkdfSha256::derive(b"app salt", b"master secret", b"field:email", &mut okm)?;
//! assert_eq!(okm, email_key);
//! # Ok::<(), hpcrypt::Error>(())
//! ```

use core::fmt;
use core::marker::PhantomData;

use crate::hash::{BlockHash, Sha256, Sha384, Sha512};
use crate::mac::hmac::oneshot_unscrubbed;
use crate::mac::HmacKey;
use crate::wipe::{depth, scrubbed_by_width};
use crate::Error;

/// The largest digest (SHA-512), for PRK buffers.
const MAX_HASH_LEN: usize = 64;

/// HKDF-SHA-256: PRKs of 32 bytes, up to 255 × 32 bytes of output.
///
/// ```
/// use hpcrypt::kdf::HkdfSha256;
/// let mut okm = [0u8; 42];
/// HkdfSha256::derive(b"salt", b"input key material", b"info", &mut okm)?;
/// assert_eq!(HkdfSha256::MAX_OUTPUT_LEN, 255 * 32);
/// # Ok::<(), hpcrypt::Error>(())
/// ```
pub type HkdfSha256 = Hkdf<Sha256>;
/// HKDF-SHA-384: PRKs of 48 bytes, up to 255 × 48 bytes of output.
///
/// ```
/// use hpcrypt::kdf::HkdfSha384;
/// let mut okm = [0u8; 42];
/// HkdfSha384::derive(b"salt", b"input key material", b"info", &mut okm)?;
/// assert_eq!(HkdfSha384::MAX_OUTPUT_LEN, 255 * 48);
/// # Ok::<(), hpcrypt::Error>(())
/// ```
pub type HkdfSha384 = Hkdf<Sha384>;
/// HKDF-SHA-512: PRKs of 64 bytes, up to 255 × 64 bytes of output.
///
/// ```
/// use hpcrypt::kdf::HkdfSha512;
/// let mut okm = [0u8; 42];
/// HkdfSha512::derive(b"salt", b"input key material", b"info", &mut okm)?;
/// assert_eq!(HkdfSha512::MAX_OUTPUT_LEN, 255 * 64);
/// # Ok::<(), hpcrypt::Error>(())
/// ```
pub type HkdfSha512 = Hkdf<Sha512>;

/// Expand assembles `T(i-1) || info || i` in a stack buffer of this size when
/// it fits (one-shot compression, no block buffer), else streams.
const EXPAND_BUF_LEN: usize = 256;

/// HKDF (RFC 5869) over the SHA-2 hash `H`; a namespace for
/// [`extract`](Self::extract), [`from_prk`](Self::from_prk) and
/// [`derive`](Self::derive).
///
/// ```
/// use hpcrypt::kdf::HkdfSha512;
/// let mut okm = [0u8; 64];
/// HkdfSha512::derive(b"", b"input key material", b"context", &mut okm)?;
/// # Ok::<(), hpcrypt::Error>(())
/// ```
pub struct Hkdf<H: BlockHash>(PhantomData<H>);

impl<H: BlockHash> Hkdf<H> {
    /// The most output one PRK can expand to: 255·HashLen bytes (§2.3).
    ///
    /// ```
    /// use hpcrypt::kdf::HkdfSha256;
    /// assert_eq!(HkdfSha256::MAX_OUTPUT_LEN, 8160);
    /// ```
    pub const MAX_OUTPUT_LEN: usize = 255 * H::OUTPUT_LEN;

    /// HKDF-Extract: the PRK of `ikm` under `salt`. An empty salt means
    /// `HashLen` zero bytes (RFC 5869 §2.2).
    ///
    /// ```
    /// use hpcrypt::kdf::HkdfSha256;
    /// let prk = HkdfSha256::extract(b"", b"shared secret");
    /// let mut key = [0u8; 32];
    /// prk.expand(b"aes key", &mut key)?;
    /// # Ok::<(), hpcrypt::Error>(())
    /// ```
    #[inline]
    pub fn extract(salt: &[u8], ikm: &[u8]) -> Prk<H> {
        Self::extract_with(H::detect(), salt, ikm)
    }

    /// [`extract`](Self::extract) through a chosen backend, for tests and benches.
    #[doc(hidden)]
    #[inline]
    pub fn extract_with(backend: H::Backend, salt: &[u8], ikm: &[u8]) -> Prk<H> {
        // Derivation: scrubbed (README, "Zeroization").
        scrubbed_by_width::<{ depth::HKDF_256 }, { depth::HKDF }, _>(H::BLOCK_LEN > 64, || {
            Self::extract_unscrubbed(backend, salt, ikm)
        })
    }

    /// The PRK's bytes exist only inside this frame, wiped before return.
    #[inline(always)]
    fn extract_unscrubbed(backend: H::Backend, salt: &[u8], ikm: &[u8]) -> Prk<H> {
        let mut prk = [0u8; MAX_HASH_LEN];
        let n = H::OUTPUT_LEN;
        let mut tag = oneshot_unscrubbed::<H>(backend, salt, ikm);
        prk[..n].copy_from_slice(tag.as_ref());
        H::wipe_output(&mut tag);
        let key = HmacKey::new_unscrubbed(backend, &prk[..n]);
        crate::wipe::wipe(&mut prk);
        Prk { key }
    }

    /// HKDF-Extract returning the PRK bytes, for protocols that must store
    /// or transmit the PRK itself. The returned value is not wiped on drop;
    /// prefer [`extract`](Self::extract).
    ///
    /// ```
    /// use hpcrypt::kdf::HkdfSha256;
    /// let bytes = HkdfSha256::extract_bytes(b"salt", b"ikm");
    /// let (mut a, mut b) = ([0u8; 16], [0u8; 16]);
    /// HkdfSha256::from_prk(bytes.as_ref())?.expand(b"x", &mut a)?;
    /// HkdfSha256::extract(b"salt", b"ikm").expand(b"x", &mut b)?;
    /// assert_eq!(a, b);
    /// # Ok::<(), hpcrypt::Error>(())
    /// ```
    #[inline]
    pub fn extract_bytes(salt: &[u8], ikm: &[u8]) -> H::Output {
        Self::extract_bytes_with(H::detect(), salt, ikm)
    }

    /// [`extract_bytes`](Self::extract_bytes) through a chosen backend.
    #[doc(hidden)]
    #[inline]
    pub fn extract_bytes_with(backend: H::Backend, salt: &[u8], ikm: &[u8]) -> H::Output {
        scrubbed_by_width::<{ depth::HKDF_256 }, { depth::HKDF }, _>(H::BLOCK_LEN > 64, || {
            oneshot_unscrubbed::<H>(backend, salt, ikm)
        })
    }

    /// A PRK holder for an existing pseudorandom key (RFC 5869 §2.3: at
    /// least `HashLen` bytes, usually the output of extract). A shorter
    /// `prk` is [`Error::InvalidKeyLength`].
    ///
    /// ```
    /// use hpcrypt::kdf::HkdfSha256;
    /// assert!(HkdfSha256::from_prk(&[7u8; 32]).is_ok());
    /// assert_eq!(HkdfSha256::from_prk(&[7u8; 31]).err(), Some(hpcrypt::Error::InvalidKeyLength));
    /// ```
    #[inline]
    pub fn from_prk(prk: &[u8]) -> Result<Prk<H>, Error> {
        Self::from_prk_with(H::detect(), prk)
    }

    /// [`from_prk`](Self::from_prk) through a chosen backend.
    #[doc(hidden)]
    #[inline]
    pub fn from_prk_with(backend: H::Backend, prk: &[u8]) -> Result<Prk<H>, Error> {
        if prk.len() < H::OUTPUT_LEN {
            return Err(Error::InvalidKeyLength);
        }
        Ok(Prk {
            key: HmacKey::new_with(backend, prk),
        })
    }

    /// Extract then expand, in one call: fills `okm` from `ikm`, `salt` and
    /// `info`. More than [`MAX_OUTPUT_LEN`](Self::MAX_OUTPUT_LEN) bytes is
    /// [`Error::OutputTooLong`], checked before any work, with `okm` untouched.
    ///
    /// ```
    /// use hpcrypt::kdf::HkdfSha256;
    /// // RFC 5869 A.1
    /// let salt: Vec<u8> = (0x00..=0x0c).collect();
    /// let info: Vec<u8> = (0xf0..=0xf9).collect();
    /// let mut okm = [0u8; 42];
    /// HkdfSha256::derive(&salt, &[0x0b; 22], &info, &mut okm)?;
    /// assert_eq!(okm[..4], [0x3c, 0xb2, 0x5f, 0x25]);
    /// # Ok::<(), hpcrypt::Error>(())
    /// ```
    #[inline]
    pub fn derive(salt: &[u8], ikm: &[u8], info: &[u8], okm: &mut [u8]) -> Result<(), Error> {
        Self::derive_with(H::detect(), salt, ikm, info, okm)
    }

    /// [`derive`](Self::derive) through a chosen backend.
    #[doc(hidden)]
    #[inline]
    pub fn derive_with(
        backend: H::Backend,
        salt: &[u8],
        ikm: &[u8],
        info: &[u8],
        okm: &mut [u8],
    ) -> Result<(), Error> {
        if okm.len() > Self::MAX_OUTPUT_LEN {
            return Err(Error::OutputTooLong);
        }
        scrubbed_by_width::<{ depth::HKDF_256 }, { depth::HKDF }, _>(H::BLOCK_LEN > 64, || {
            Self::extract_unscrubbed(backend, salt, ikm).expand_unscrubbed(info, okm)
        })
    }
}

/// Shows the hash only.
impl<H: BlockHash> fmt::Debug for Hkdf<H> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Hkdf")
            .field("hash", &core::any::type_name::<H>())
            .finish()
    }
}

/// A pseudorandom key, ready to expand: the HMAC pad states of the PRK,
/// computed once. Wiped on drop; `Debug` shows no secret.
///
/// ```
/// use hpcrypt::kdf::HkdfSha384;
/// let prk = HkdfSha384::extract(b"salt", b"ikm");
/// let mut okm = [0u8; 48];
/// prk.expand(b"info", &mut okm)?;
/// assert_eq!(prk.expand(b"info", &mut [0u8; 255 * 48 + 1]), Err(hpcrypt::Error::OutputTooLong));
/// # Ok::<(), hpcrypt::Error>(())
/// ```
pub struct Prk<H: BlockHash> {
    key: HmacKey<H>,
}

impl<H: BlockHash> Prk<H> {
    /// HKDF-Expand: fills `okm` with output keying material bound to
    /// `info`. More than 255·HashLen bytes is [`Error::OutputTooLong`],
    /// checked before anything is written (`okm` is left untouched).
    ///
    /// ```
    /// use hpcrypt::kdf::HkdfSha256;
    /// let prk = HkdfSha256::from_prk(&[1u8; 32])?;
    /// let mut okm = [0u8; 100];
    /// prk.expand(b"ctx", &mut okm)?;
    /// let mut big = vec![9u8; 255 * 32 + 1];
    /// assert!(prk.expand(b"ctx", &mut big).is_err());
    /// assert!(big.iter().all(|&b| b == 9)); // untouched
    /// # Ok::<(), hpcrypt::Error>(())
    /// ```
    pub fn expand(&self, info: &[u8], okm: &mut [u8]) -> Result<(), Error> {
        scrubbed_by_width::<{ depth::HKDF_256 }, { depth::HKDF }, _>(H::BLOCK_LEN > 64, || {
            self.expand_unscrubbed(info, okm)
        })
    }

    /// HKDF-Expand; every T(i) is wiped from this frame before returning.
    #[inline(always)]
    fn expand_unscrubbed(&self, info: &[u8], okm: &mut [u8]) -> Result<(), Error> {
        if okm.len() > Hkdf::<H>::MAX_OUTPUT_LEN {
            return Err(Error::OutputTooLong);
        }
        let hash_len = H::OUTPUT_LEN;
        // Fast path: `T(i-1) || info || i` assembled in place in one buffer;
        // T(i) overwrites the front for the next round.
        let mut buf = [0u8; EXPAND_BUF_LEN];
        let msg_len = hash_len + info.len() + 1;
        if let Some(msg) = buf.get_mut(..msg_len) {
            msg[hash_len..msg_len - 1].copy_from_slice(info);
            let mut start = hash_len; // T(0) is empty
            for (i, chunk) in okm.chunks_mut(hash_len).enumerate() {
                // i < 255 because okm.len() <= 255·HashLen.
                msg[msg_len - 1] = (i as u8).wrapping_add(1);
                let mut t = self.key.mac_unscrubbed(&msg[start..]);
                chunk.copy_from_slice(&t.as_ref()[..chunk.len()]);
                msg[..hash_len].copy_from_slice(t.as_ref());
                H::wipe_output(&mut t);
                start = 0;
            }
            crate::wipe::wipe(&mut buf);
            return Ok(());
        }
        // Long info: stream each block from the precomputed key.
        let mut prev = [0u8; 64];
        let mut prev_len = 0;
        for (i, chunk) in okm.chunks_mut(hash_len).enumerate() {
            let counter = [(i as u8).wrapping_add(1)];
            let mut t = self.key.mac_parts(&[&prev[..prev_len], info, &counter]);
            chunk.copy_from_slice(&t.as_ref()[..chunk.len()]);
            prev[..hash_len].copy_from_slice(t.as_ref());
            H::wipe_output(&mut t);
            prev_len = hash_len;
        }
        crate::wipe::wipe(&mut prev);
        Ok(())
    }
}

/// Shows the hash only, never the key.
impl<H: BlockHash> fmt::Debug for Prk<H> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Prk")
            .field("hash", &core::any::type_name::<H>())
            .finish_non_exhaustive()
    }
}

impl<H: BlockHash> zeroize::ZeroizeOnDrop for Prk<H> {}
