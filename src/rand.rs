//! The operating system's secure random number generator.
//!
//! [`SecureRng`] implements `rand_core`'s `RngCore + CryptoRng` so it plugs
//! into code that expects an RNG; [`fill_random`] and [`random_bytes`] are the
//! short forms. Every call reads from `getrandom` directly: there is no
//! user-space state to fork, clone or leak.
//!
//! The only error is [`Error::RandomnessUnavailable`], when the operating
//! system cannot supply randomness (in practice: never after boot on Linux,
//! macOS and Windows).
//!
//! ```
//! use hpcrypt::aead::AesGcm256;
//!
//! let key: [u8; 32] = hpcrypt::rand::random_bytes()?; // a fresh AES-256 key
//! let cipher = AesGcm256::new(&key);
//!
//! let mut api_secret = [0u8; 24];
//! hpcrypt::rand::fill_random(&mut api_secret)?; // fill an existing buffer
//! # let _ = cipher;
//! # Ok::<(), hpcrypt::Error>(())
//! ```

use crate::Error;

/// Fills `dest` with bytes from the operating system's CSPRNG.
///
/// ```
/// let mut key = [0u8; 32];
/// hpcrypt::rand::fill_random(&mut key)?;
/// # Ok::<(), hpcrypt::Error>(())
/// ```
pub fn fill_random(dest: &mut [u8]) -> Result<(), Error> {
    getrandom::getrandom(dest).map_err(|_| Error::RandomnessUnavailable)
}

/// Returns `N` fresh random bytes from the operating system's CSPRNG.
///
/// ```
/// let nonce: [u8; 12] = hpcrypt::rand::random_bytes()?;
/// # Ok::<(), hpcrypt::Error>(())
/// ```
pub fn random_bytes<const N: usize>() -> Result<[u8; N], Error> {
    let mut out = [0u8; N];
    fill_random(&mut out)?;
    Ok(out)
}

/// A `rand_core` RNG backed by the operating system (`getrandom`).
///
/// ```
/// use rand_core::RngCore;
/// let mut rng = hpcrypt::rand::SecureRng;
/// let mut secret = [0u8; 32];
/// rng.fill_bytes(&mut secret);
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct SecureRng;

impl rand_core::RngCore for SecureRng {
    fn next_u32(&mut self) -> u32 {
        let mut b = [0u8; 4];
        self.fill_bytes(&mut b);
        u32::from_le_bytes(b)
    }

    fn next_u64(&mut self) -> u64 {
        let mut b = [0u8; 8];
        self.fill_bytes(&mut b);
        u64::from_le_bytes(b)
    }

    /// Panics only if the operating system cannot supply randomness at all,
    /// which `rand_core` gives this method no other way to report; use
    /// [`try_fill_bytes`](rand_core::RngCore::try_fill_bytes) or
    /// [`fill_random`] to get an `Err` instead.
    #[allow(clippy::panic)]
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        if fill_random(dest).is_err() {
            panic!("hpcrypt: the operating system's random number generator failed");
        }
    }

    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core::Error> {
        getrandom::getrandom(dest).map_err(|e| rand_core::Error::from(e.code()))
    }
}

impl rand_core::CryptoRng for SecureRng {}
