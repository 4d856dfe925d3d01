//! The 64-byte `seed ‖ public key` form of an Ed25519 secret key.
//!
//! libsodium (`crypto_sign_SECRETKEYBYTES`), Go's `crypto/ed25519`
//! `PrivateKey`, TweetNaCl and many JavaScript libraries hold a secret key as
//! the RFC 8032 seed followed by the public key. The public half is
//! redundant; reading it back, we derive the public key from the seed and
//! refuse a mismatch ([`Error::PublicKeyMismatch`]) rather than trust it: a
//! signer that used a foreign public key would leak its secret scalar
//! through two signatures of one message.

use subtle::ConstantTimeEq;
use zeroize::{Zeroize, Zeroizing};

use super::Ed25519SigningKey;
use crate::Error;

/// Length of the `seed ‖ public key` form in bytes.
///
/// ```
/// assert_eq!(hpcrypt::signature::ed25519::KEYPAIR_LEN, 64);
/// ```
pub const KEYPAIR_LEN: usize = 64;

impl Ed25519SigningKey {
    /// The key for a 64-byte `seed ‖ public key` (libsodium, Go). `Err`
    /// ([`Error::PublicKeyMismatch`]) if the second half is not the public
    /// key the seed derives.
    ///
    /// ```
    /// use hpcrypt::signature::Ed25519SigningKey;
    /// let key = Ed25519SigningKey::from_bytes(&[9u8; 32]);
    /// let both = key.to_keypair_bytes();
    /// let again = Ed25519SigningKey::from_keypair_bytes(&both)?;
    /// assert_eq!(again.verifying_key(), key.verifying_key());
    /// let mut wrong = *both;
    /// wrong[63] ^= 1;
    /// assert!(Ed25519SigningKey::from_keypair_bytes(&wrong).is_err());
    /// # Ok::<(), hpcrypt::Error>(())
    /// ```
    pub fn from_keypair_bytes(bytes: &[u8; KEYPAIR_LEN]) -> Result<Self, Error> {
        let mut seed = [0u8; 32];
        seed.copy_from_slice(&bytes[..32]);
        let key = Self::from_bytes(&seed);
        seed.zeroize();
        key.check_public_key(&bytes[32..])?;
        Ok(key)
    }

    /// `seed ‖ public key`, 64 bytes, wiped when dropped.
    ///
    /// ```
    /// use hpcrypt::signature::Ed25519SigningKey;
    /// let key = Ed25519SigningKey::from_bytes(&[1u8; 32]);
    /// assert_eq!(key.to_keypair_bytes()[32..], key.verifying_key().to_bytes());
    /// ```
    pub fn to_keypair_bytes(&self) -> Zeroizing<[u8; KEYPAIR_LEN]> {
        // Rust does not build a returned local in the caller's slot: it
        // fills a local and copies it out, which would leave the seed in
        // this dead frame. So fill a wiped-on-drop scratch array and copy it
        // into the return value, which the copy writes directly.
        let mut scratch = Zeroizing::new([0u8; KEYPAIR_LEN]);
        scratch[..32].copy_from_slice(&self.secrets.seed);
        scratch[32..].copy_from_slice(&self.verifying_key.bytes);
        Zeroizing::new(*scratch)
    }

    /// `Ok` if `public` is the encoding of this key's public key.
    /// Compared in constant time although both sides are public, so that
    /// the check never needs a second look.
    pub(super) fn check_public_key(&self, public: &[u8]) -> Result<(), Error> {
        if bool::from(self.verifying_key.bytes.as_slice().ct_eq(public)) {
            Ok(())
        } else {
            Err(Error::PublicKeyMismatch)
        }
    }
}
