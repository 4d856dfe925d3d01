//! The operating system's secure random number generator (feature
//! `getrandom`, on by default).
//!
//! [`fill_random`] and [`random_bytes`] are the short forms. [`SecureRng`]
//! is the same source as an RNG object: with feature `rand_core` (on by
//! default) it is a `rand_core` 0.10 `CryptoRng`, the version today's `rand`
//! (0.10) uses; with feature `rand_core_0_6` it is also a `rand_core` 0.6
//! `CryptoRng` (for `rand` 0.8 and ed25519-dalek 2). Every call reads from
//! `getrandom` directly: there is no user-space state to fork, clone or leak.
//!
//! Without `getrandom` (bare metal, `wasm32-unknown-unknown`) this module is
//! absent; keys then come from the caller's RNG
//! (`Ed25519SigningKey::generate_from_rng`, feature `rand_core`) or from
//! bytes the caller supplies.
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
    getrandom::fill(dest).map_err(|_| Error::RandomnessUnavailable)
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

/// An RNG backed by the operating system (`getrandom`), for code that takes
/// an RNG object.
///
/// Infallible in the `rand_core` sense, as `rand`'s own OS-backed RNGs are:
/// it panics only if the operating system cannot supply randomness at all,
/// which the infallible traits give no other way to report. Use
/// [`fill_random`] (or `try_fill_bytes` with `rand_core` 0.6) to get an
/// `Err` instead.
///
/// With today's `rand` (0.10, feature `rand_core`):
///
/// ```
/// # #[cfg(feature = "rand_core")] {
/// use rand_core::Rng;
/// let mut rng = hpcrypt::rand::SecureRng;
/// let mut secret = [0u8; 32];
/// rng.fill_bytes(&mut secret);
/// # }
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct SecureRng;

#[cfg(any(feature = "rand_core", feature = "rand_core_0_6"))]
impl SecureRng {
    /// [`fill_random`], panicking only if the OS has no randomness at all.
    #[allow(clippy::panic)]
    fn fill(dest: &mut [u8]) {
        if fill_random(dest).is_err() {
            panic!("hpcrypt: the operating system's random number generator failed");
        }
    }
}

/// `rand_core` 0.10: `TryRng<Error = Infallible>` makes `SecureRng` an `Rng`
/// and, with the marker, a `CryptoRng`, so `rand::RngExt` methods
/// (`rng.random()`) work on it.
#[cfg(feature = "rand_core")]
impl rand_core::TryRng for SecureRng {
    type Error = core::convert::Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        let mut b = [0u8; 4];
        Self::fill(&mut b);
        Ok(u32::from_le_bytes(b))
    }

    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        let mut b = [0u8; 8];
        Self::fill(&mut b);
        Ok(u64::from_le_bytes(b))
    }

    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), Self::Error> {
        Self::fill(dest);
        Ok(())
    }
}

#[cfg(feature = "rand_core")]
impl rand_core::TryCryptoRng for SecureRng {}

#[cfg(feature = "rand_core_0_6")]
impl rand_core_0_6::RngCore for SecureRng {
    fn next_u32(&mut self) -> u32 {
        let mut b = [0u8; 4];
        Self::fill(&mut b);
        u32::from_le_bytes(b)
    }

    fn next_u64(&mut self) -> u64 {
        let mut b = [0u8; 8];
        Self::fill(&mut b);
        u64::from_le_bytes(b)
    }

    fn fill_bytes(&mut self, dest: &mut [u8]) {
        Self::fill(dest);
    }

    /// The `Err` path: `rand_core` 0.6's error from a custom code, since its
    /// `Error::new` needs `std`.
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core_0_6::Error> {
        fill_random(dest).map_err(|_| {
            let code = core::num::NonZeroU32::new(rand_core_0_6::Error::CUSTOM_START)
                .unwrap_or(core::num::NonZeroU32::MIN);
            rand_core_0_6::Error::from(code)
        })
    }
}

#[cfg(feature = "rand_core_0_6")]
impl rand_core_0_6::CryptoRng for SecureRng {}
