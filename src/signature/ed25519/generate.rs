//! Key generation from the caller's RNG (feature `rand_core`, `rand_core`
//! 0.10). The names are RustCrypto's (`crypto_common::Generate`):
//! `generate_from_rng` for an infallible cryptographic RNG,
//! `try_generate_from_rng` for a fallible one. They work without
//! `getrandom`, so bare-metal and wasm builds can make keys from their own
//! entropy source.

use super::Ed25519SigningKey;
use rand_core::{CryptoRng, TryCryptoRng};
use zeroize::Zeroize;

impl Ed25519SigningKey {
    /// A fresh key from 32 bytes of `rng` (any `rand_core` 0.10
    /// `CryptoRng`: `rand::rngs::SysRng`, `rand::rng()`, a seeded
    /// ChaCha, or `hpcrypt::rand::SecureRng`).
    ///
    /// ```
    /// # #[cfg(feature = "getrandom")] {
    /// use hpcrypt::signature::{Ed25519SigningKey, Signer, Verifier};
    /// let mut rng = hpcrypt::rand::SecureRng;
    /// let key = Ed25519SigningKey::generate_from_rng(&mut rng);
    /// let sig = key.sign(b"m");
    /// assert!(key.verifying_key().verify(b"m", sig.as_ref()).is_ok());
    /// # }
    /// ```
    pub fn generate_from_rng<R: CryptoRng + ?Sized>(rng: &mut R) -> Self {
        let mut seed = [0u8; 32];
        rng.fill_bytes(&mut seed);
        let key = Self::from_bytes(&seed);
        seed.zeroize();
        key
    }

    /// Like [`generate_from_rng`](Self::generate_from_rng) for an RNG that
    /// can fail; its error is passed through and no key is made.
    ///
    /// ```
    /// # #[cfg(feature = "getrandom")] {
    /// use hpcrypt::signature::Ed25519SigningKey;
    /// let key = Ed25519SigningKey::try_generate_from_rng(&mut hpcrypt::rand::SecureRng);
    /// assert!(key.is_ok());
    /// # }
    /// ```
    pub fn try_generate_from_rng<R: TryCryptoRng + ?Sized>(rng: &mut R) -> Result<Self, R::Error> {
        let mut seed = [0u8; 32];
        let filled = rng.try_fill_bytes(&mut seed);
        let key = filled.map(|()| Self::from_bytes(&seed));
        seed.zeroize();
        key
    }
}
