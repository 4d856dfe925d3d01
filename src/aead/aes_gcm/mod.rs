//! AES-GCM (NIST SP 800-38D) with 128- and 256-bit keys: [`AesGcm128`] and
//! [`AesGcm256`].
//!
//! - Nonces: 12 bytes is the fast path (`J0 = IV || 0^31 || 1`); any other
//!   non-empty length is accepted and turned into `J0` with GHASH
//!   (SP 800-38D §7.1 step 2). An empty nonce is an error.
//! - Tags: 16 bytes through the [`Aead`] trait. The shorter lengths
//!   SP 800-38D allows (12..=15 bytes, and 8 or 4 bytes for the uses its
//!   Appendix C describes) only through the explicit `*_truncated` methods.
//! - Limits: plaintext at most 2^36 − 32 bytes, AAD and nonce at most
//!   2^61 − 1 bytes; longer inputs give [`Error::MessageTooLong`]
//!   (or [`Error::InvalidNonceLength`]) before anything is touched.
//! - Decryption releases no plaintext unless the tag verified. The portable
//!   backend computes the tag first and decrypts only on a match; the
//!   hardware backends decrypt and hash in one pass and zero the whole
//!   buffer when the tag does not match.
//! - The key schedule, `H` and its precomputed powers live in the key
//!   object and are zeroized when it is dropped.
//!
//! The backend (portable, AES-NI + PCLMULQDQ, or VAES + VPCLMULQDQ on
//! 256-bit registers) is chosen once, when the key is set up, and stored in it.
//!
//! ```
//! use hpcrypt::aead::{Aead, AesGcm256};
//!
//! let key = [0x42u8; 32];
//! let nonce = [7u8; 12]; // never reuse a nonce with the same key
//! let cipher = AesGcm256::new(&key);
//! let sealed = cipher.encrypt(&nonce, b"4111 1111 1111 1111", b"card")?;
//! assert_eq!(sealed.len(), 19 + 16);
//! let opened = cipher.decrypt(&nonce, &sealed, b"card")?;
//! assert_eq!(opened, b"4111 1111 1111 1111");
//! # Ok::<(), hpcrypt::Error>(())
//! ```

#[cfg(target_arch = "aarch64")]
mod aarch64_aes_pmull;
mod aes_soft;
mod ghash_soft;
mod mode;
mod soft;
#[cfg(target_arch = "x86_64")]
mod x86_aesni;
#[cfg(target_arch = "x86_64")]
mod x86_shared;
#[cfg(target_arch = "x86_64")]
mod x86_vaes;

use super::Aead;
use crate::wipe::{depth, per_message, scrubbed, Held};
use crate::Error;
#[cfg(feature = "alloc")]
use alloc::vec::Vec;
use core::fmt;
#[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
use mode::fused_verdict;
use mode::{check_lengths, check_nonce_length, j0_from_96_bit_iv, tag_matches};
pub use mode::{MAX_AAD_LEN, MAX_PLAINTEXT_LEN, TRUNCATED_TAG_LENS};

/// Which implementation an AES-GCM key runs.
///
/// Only [`AesGcmBackend::detect`] and [`AesGcmBackend::available`] make
/// accelerated values, so holding one proves the CPU supports it.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AesGcmBackend {
    /// Portable Rust: bitsliced AES, table-free GHASH; constant time.
    Soft,
    /// AES-NI + PCLMULQDQ, 8 blocks per iteration.
    #[cfg(target_arch = "x86_64")]
    AesNiClmul(crate::cpu::AesClmul),
    /// VAES + VPCLMULQDQ on 256-bit registers, 16 blocks per iteration.
    #[cfg(target_arch = "x86_64")]
    VaesAvx2(crate::cpu::VaesAvx2),
    /// ARMv8 AES + PMULL, 8 blocks per iteration.
    #[cfg(target_arch = "aarch64")]
    ArmAesPmull(crate::cpu::AesPmull),
}

impl AesGcmBackend {
    /// The fastest backend this CPU supports.
    #[inline]
    pub fn detect() -> Self {
        #[cfg(target_arch = "x86_64")]
        if let Some(token) = crate::cpu::vaes_avx2() {
            return Self::VaesAvx2(token);
        }
        #[cfg(target_arch = "x86_64")]
        if let Some(token) = crate::cpu::aes_clmul() {
            return Self::AesNiClmul(token);
        }
        #[cfg(target_arch = "aarch64")]
        if let Some(token) = crate::cpu::aes_pmull() {
            return Self::ArmAesPmull(token);
        }
        Self::Soft
    }

    /// Every backend this CPU supports, portable first.
    pub fn available() -> impl Iterator<Item = Self> {
        #[cfg(target_arch = "x86_64")]
        let accelerated = [
            crate::cpu::aes_clmul().map(Self::AesNiClmul),
            crate::cpu::vaes_avx2().map(Self::VaesAvx2),
        ];
        #[cfg(target_arch = "aarch64")]
        let accelerated = [crate::cpu::aes_pmull().map(Self::ArmAesPmull)];
        #[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
        let accelerated: [Option<Self>; 0] = [];
        core::iter::once(Self::Soft).chain(accelerated.into_iter().flatten())
    }

    /// A stable short name (`"soft"`, `"aesni-clmul"`, `"vaes-avx2"`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Soft => "soft",
            #[cfg(target_arch = "x86_64")]
            Self::AesNiClmul(_) => "aesni-clmul",
            #[cfg(target_arch = "x86_64")]
            Self::VaesAvx2(_) => "vaes-avx2",
            #[cfg(target_arch = "aarch64")]
            Self::ArmAesPmull(_) => "arm-aes-pmull",
        }
    }
}

/// The expanded key of one backend: AES round keys and GHASH key material,
/// each in a heap cell of its own size ([`Held`], with `alloc`): moving
/// the key object (into a `Box`, `Arc`, a struct) copies a pointer, never
/// the key schedule. One cell per backend rather than one for the enum:
/// the hardware keys (0.5 and 1 KiB, 16-byte aligned) then stay in
/// malloc's small-size fast path instead of sharing the portable key's
/// larger size class.
// Without `alloc` the keys are inline; on aarch64 the portable key is the
// largest variant.
#[allow(clippy::large_enum_variant)]
enum Engine {
    Soft(Held<soft::Key>),
    #[cfg(target_arch = "x86_64")]
    AesNi(Held<x86_aesni::Key>),
    #[cfg(target_arch = "x86_64")]
    Vaes(Held<x86_vaes::Key>),
    #[cfg(target_arch = "aarch64")]
    Arm(Held<aarch64_aes_pmull::Key>),
}

/// GCM with an AES key of `NK` words and `NR` rounds (4/10 or 8/14).
struct Gcm<const NK: usize, const NR: usize> {
    engine: Engine,
}

impl<const NK: usize, const NR: usize> Gcm<NK, NR> {
    /// Sets up the key for `backend` and hands it to `place`.
    /// `key` has `4 * NK` bytes (the public constructors take arrays).
    ///
    /// The hardware backends' key cell is allocated zeroed first, before any
    /// secret exists, and then filled in place inside [`scrubbed`]: no copy
    /// of the ~1 KiB key object is made (returned by value through a
    /// `match` and `Box::new`, it was built in a temporary and copied), and
    /// the scrub covers only the fill's own small frames, not malloc's.
    /// Key setup is scrubbed (README, "Zeroization"): the stack copies it
    /// made die. The portable backend builds its key by value (its
    /// bitsliced schedule is made in deep frames anyway) under the deeper
    /// scrub.
    #[inline(always)]
    fn new_then<R>(backend: AesGcmBackend, key: &[u8], place: impl FnOnce(Self) -> R) -> R {
        let engine = match backend {
            AesGcmBackend::Soft => scrubbed::<{ depth::AES_GCM_KEY }, _>(|| {
                Engine::Soft(Held::new(soft::Key::new::<NK, NR>(key)))
            }),
            #[cfg(target_arch = "x86_64")]
            AesGcmBackend::AesNiClmul(t) => {
                let mut k = x86_aesni::Key::empty_held(t);
                scrubbed::<{ depth::AES_GCM_KEY_X86 }, _>(|| k.fill(key));
                Engine::AesNi(k)
            }
            #[cfg(target_arch = "x86_64")]
            AesGcmBackend::VaesAvx2(t) => {
                let mut k = x86_vaes::Key::empty_held(t);
                scrubbed::<{ depth::AES_GCM_KEY_X86 }, _>(|| k.fill(key));
                Engine::Vaes(k)
            }
            #[cfg(target_arch = "aarch64")]
            AesGcmBackend::ArmAesPmull(t) => {
                let mut k = Held::new(aarch64_aes_pmull::Key::zeroed(t));
                scrubbed::<{ depth::AES_GCM_KEY }, _>(|| k.fill(key));
                Engine::Arm(k)
            }
        };
        place(Self { engine })
    }

    fn backend(&self) -> AesGcmBackend {
        match &self.engine {
            Engine::Soft(_) => AesGcmBackend::Soft,
            #[cfg(target_arch = "x86_64")]
            Engine::AesNi(k) => AesGcmBackend::AesNiClmul(k.token()),
            #[cfg(target_arch = "x86_64")]
            Engine::Vaes(k) => AesGcmBackend::VaesAvx2(k.token()),
            #[cfg(target_arch = "aarch64")]
            Engine::Arm(k) => AesGcmBackend::ArmAesPmull(k.token()),
        }
    }

    /// The pre-counter block J0 (SP 800-38D §7.1 step 2).
    #[inline(always)]
    fn j0(&self, nonce: &[u8]) -> Result<[u8; 16], Error> {
        if let Some(j0) = j0_from_96_bit_iv(nonce) {
            return Ok(j0);
        }
        check_nonce_length(nonce)?;
        Ok(match &self.engine {
            Engine::Soft(k) => k.j0_from_nonce(nonce),
            #[cfg(target_arch = "x86_64")]
            Engine::AesNi(k) => k.j0_from_nonce(nonce),
            #[cfg(target_arch = "x86_64")]
            Engine::Vaes(k) => k.j0_from_nonce(nonce),
            #[cfg(target_arch = "aarch64")]
            Engine::Arm(k) => k.j0_from_nonce(nonce),
        })
    }

    /// Encrypts `buf` in place; returns the full 16-byte tag. The backends
    /// spill round keys into their frames: scrubbed with `scrub-messages`
    /// (README, "Zeroization").
    #[inline(always)]
    fn seal(&self, nonce: &[u8], aad: &[u8], buf: &mut [u8]) -> Result<[u8; 16], Error> {
        per_message::<{ depth::AES_GCM_MESSAGE }, _>(|| self.seal_unscrubbed(nonce, aad, buf))
    }

    #[inline(always)]
    fn seal_unscrubbed(&self, nonce: &[u8], aad: &[u8], buf: &mut [u8]) -> Result<[u8; 16], Error> {
        check_lengths(aad.len(), buf.len())?;
        let j0 = self.j0(nonce)?;
        Ok(match &self.engine {
            Engine::Soft(k) => k.seal::<NR>(&j0, aad, buf),
            #[cfg(target_arch = "x86_64")]
            Engine::AesNi(k) => k.seal::<NR>(&j0, aad, buf),
            #[cfg(target_arch = "x86_64")]
            Engine::Vaes(k) => k.seal::<NR>(&j0, aad, buf),
            #[cfg(target_arch = "aarch64")]
            Engine::Arm(k) => k.seal::<NR>(&j0, aad, buf),
        })
    }

    /// Verifies `tag` (whose length the caller validated) and decrypts
    /// `buf` in place; on any error `buf` holds no plaintext.
    #[inline(always)]
    fn open(&self, nonce: &[u8], aad: &[u8], buf: &mut [u8], tag: &[u8]) -> Result<(), Error> {
        per_message::<{ depth::AES_GCM_MESSAGE }, _>(|| self.open_unscrubbed(nonce, aad, buf, tag))
    }

    #[inline(always)]
    fn open_unscrubbed(
        &self,
        nonce: &[u8],
        aad: &[u8],
        buf: &mut [u8],
        tag: &[u8],
    ) -> Result<(), Error> {
        check_lengths(aad.len(), buf.len())?;
        let j0 = self.j0(nonce)?;
        match &self.engine {
            // Verify, then decrypt: a forgery never reaches the keystream.
            Engine::Soft(k) => {
                let computed = k.open_tag::<NR>(&j0, aad, buf);
                if !tag_matches(&computed, tag) {
                    return Err(Error::AuthenticationFailed);
                }
                k.keystream::<NR>(&j0, buf);
                Ok(())
            }
            // Fused: decrypt while hashing, then zero everything on mismatch.
            #[cfg(target_arch = "x86_64")]
            Engine::AesNi(k) => {
                let computed = k.open::<NR>(&j0, aad, buf);
                fused_verdict(&computed, tag, buf)
            }
            #[cfg(target_arch = "x86_64")]
            Engine::Vaes(k) => {
                let computed = k.open::<NR>(&j0, aad, buf);
                fused_verdict(&computed, tag, buf)
            }
            #[cfg(target_arch = "aarch64")]
            Engine::Arm(k) => {
                let computed = k.open::<NR>(&j0, aad, buf);
                fused_verdict(&computed, tag, buf)
            }
        }
    }
}

/// Defines a public AES-GCM type over `Gcm<NK, NR>`.
macro_rules! aes_gcm_type {
    ($(#[$doc:meta])* $name:ident, $bits:literal, $key_len:literal, $nk:literal, $nr:literal) => {
        $(#[$doc])*
        pub struct $name(Gcm<$nk, $nr>);

        impl $name {
            /// Key length in bytes.
            pub const KEY_LEN: usize = $key_len;

            #[doc = concat!("Sets up an AES-", $bits, "-GCM key: expands the AES key schedule,")]
            /// derives the GHASH key and its powers, and picks the fastest
            /// backend this CPU supports. Reuse the object for many messages.
            ///
            /// ```
            #[doc = concat!("use hpcrypt::aead::", stringify!($name), ";")]
            #[doc = concat!("let cipher = ", stringify!($name), "::new(&[0u8; ", $key_len, "]);")]
            /// ```
            #[inline]
            pub fn new(key: &[u8; $key_len]) -> Self {
                Gcm::new_then(AesGcmBackend::detect(), key, Self)
            }

            #[doc = concat!("Like [`new`](Self::new) for a key given as a slice; any length other")]
            #[doc = concat!("than ", $key_len, " bytes is [`Error::InvalidKeyLength`].")]
            ///
            /// ```
            #[doc = concat!("use hpcrypt::aead::", stringify!($name), ";")]
            #[doc = concat!("assert!(", stringify!($name), "::new_from_slice(&[0u8; ", $key_len, "]).is_ok());")]
            #[doc = concat!("assert!(", stringify!($name), "::new_from_slice(&[0u8; 5]).is_err());")]
            /// ```
            pub fn new_from_slice(key: &[u8]) -> Result<Self, Error> {
                let key: &[u8; $key_len] = key.try_into().map_err(|_| Error::InvalidKeyLength)?;
                Ok(Self::new(key))
            }

            /// A key that uses `backend`, for tests, benches and fuzzing.
            /// Backends come only from `AesGcmBackend::available()`, so this
            /// cannot select one the CPU lacks.
            #[doc(hidden)]
            pub fn new_with(backend: AesGcmBackend, key: &[u8; $key_len]) -> Self {
                Gcm::new_then(backend, key, Self)
            }

            /// The backend this key runs.
            #[doc(hidden)]
            pub fn backend(&self) -> AesGcmBackend {
                self.0.backend()
            }

            /// Encrypts `buffer` in place and writes a tag of `tag.len()`
            /// bytes, which must be one of [`TRUNCATED_TAG_LENS`]
            /// (else [`Error::InvalidTagLength`], and nothing is encrypted).
            ///
            /// Short tags weaken authentication (SP 800-38D Appendix C limits
            /// how much data and how many forgery attempts 32- and 64-bit
            /// tags may see); use them only where a protocol demands them.
            ///
            /// ```
            #[doc = concat!("use hpcrypt::aead::", stringify!($name), ";")]
            #[doc = concat!("let cipher = ", stringify!($name), "::new(&[1u8; ", $key_len, "]);")]
            /// let mut buf = *b"short tag";
            /// let mut tag = [0u8; 12];
            /// cipher.encrypt_in_place_detached_truncated(&[0u8; 12], b"", &mut buf, &mut tag)?;
            /// cipher.decrypt_in_place_detached_truncated(&[0u8; 12], b"", &mut buf, &tag, 12)?;
            /// assert_eq!(&buf, b"short tag");
            /// # Ok::<(), hpcrypt::Error>(())
            /// ```
            pub fn encrypt_in_place_detached_truncated(
                &self,
                nonce: &[u8],
                aad: &[u8],
                buffer: &mut [u8],
                tag: &mut [u8],
            ) -> Result<(), Error> {
                if !TRUNCATED_TAG_LENS.contains(&tag.len()) {
                    return Err(Error::InvalidTagLength);
                }
                let full = self.0.seal(nonce, aad, buffer)?;
                let n = tag.len();
                tag.copy_from_slice(full.get(..n).ok_or(Error::InvalidTagLength)?);
                Ok(())
            }

            /// Verifies a truncated tag and decrypts `buffer` in place.
            ///
            /// `tag_len` is the tag length your protocol fixed (one of
            /// [`TRUNCATED_TAG_LENS`]); `tag` must have exactly that length,
            /// so an attacker cannot shorten the tag to weaken the check.
            /// Otherwise [`Error::InvalidTagLength`]. On any error the
            /// buffer holds no plaintext.
            ///
            /// ```
            #[doc = concat!("use hpcrypt::aead::", stringify!($name), ";")]
            #[doc = concat!("let cipher = ", stringify!($name), "::new(&[1u8; ", $key_len, "]);")]
            /// let mut buf = *b"data";
            /// let mut tag = [0u8; 8];
            /// cipher.encrypt_in_place_detached_truncated(b"nonce-bytes!", b"", &mut buf, &mut tag)?;
            /// // A 4-byte prefix of the tag is refused when the protocol says 8.
            /// assert!(cipher
            ///     .decrypt_in_place_detached_truncated(b"nonce-bytes!", b"", &mut buf, &tag[..4], 8)
            ///     .is_err());
            /// cipher.decrypt_in_place_detached_truncated(b"nonce-bytes!", b"", &mut buf, &tag, 8)?;
            /// assert_eq!(&buf, b"data");
            /// # Ok::<(), hpcrypt::Error>(())
            /// ```
            pub fn decrypt_in_place_detached_truncated(
                &self,
                nonce: &[u8],
                aad: &[u8],
                buffer: &mut [u8],
                tag: &[u8],
                tag_len: usize,
            ) -> Result<(), Error> {
                if tag.len() != tag_len || !TRUNCATED_TAG_LENS.contains(&tag_len) {
                    return Err(Error::InvalidTagLength);
                }
                self.0.open(nonce, aad, buffer, tag)
            }

            /// Encrypts with a fresh random 96-bit nonce and returns
            /// `nonce || ciphertext || tag` (12 + len + 16 bytes), for callers
            /// who should not manage nonces.
            ///
            /// Random nonces are safe for up to 2^32 messages per key
            /// (SP 800-38D §8.3); rotate keys well before that.
            /// [`open_with_random_nonce`](Self::open_with_random_nonce) reverses it.
            ///
            /// ```
            #[doc = concat!("use hpcrypt::aead::", stringify!($name), ";")]
            #[doc = concat!("let cipher = ", stringify!($name), "::new(&[9u8; ", $key_len, "]);")]
            /// let sealed = cipher.seal_with_random_nonce(b"cvv=123", b"field:cvv")?;
            /// assert_eq!(sealed.len(), 12 + 7 + 16);
            /// let opened = cipher.open_with_random_nonce(&sealed, b"field:cvv")?;
            /// assert_eq!(opened, b"cvv=123");
            /// # Ok::<(), hpcrypt::Error>(())
            /// ```
            #[cfg(all(feature = "alloc", feature = "getrandom"))]
            pub fn seal_with_random_nonce(&self, plaintext: &[u8], aad: &[u8]) -> Result<Vec<u8>, Error> {
                super::seal_with_random_nonce(self, plaintext, aad)
            }

            /// Opens `nonce || ciphertext || tag` as made by
            /// [`seal_with_random_nonce`](Self::seal_with_random_nonce).
            /// Inputs shorter than 28 bytes, and any tampering, give
            /// [`Error::AuthenticationFailed`]; no plaintext is returned then.
            ///
            /// ```
            #[doc = concat!("use hpcrypt::aead::", stringify!($name), ";")]
            #[doc = concat!("let cipher = ", stringify!($name), "::new(&[9u8; ", $key_len, "]);")]
            /// let sealed = cipher.seal_with_random_nonce(b"secret", b"aad")?;
            /// assert_eq!(cipher.open_with_random_nonce(&sealed, b"aad")?, b"secret");
            /// assert_eq!(
            ///     cipher.open_with_random_nonce(&sealed[..27], b"aad"),
            ///     Err(hpcrypt::Error::AuthenticationFailed)
            /// );
            /// # Ok::<(), hpcrypt::Error>(())
            /// ```
            #[cfg(feature = "alloc")]
            pub fn open_with_random_nonce(&self, sealed: &[u8], aad: &[u8]) -> Result<Vec<u8>, Error> {
                super::open_with_random_nonce(self, sealed, aad)
            }
        }

        impl Aead for $name {
            const KEY_LEN: usize = $key_len;
            const NONCE_LEN: usize = 12;
            const TAG_LEN: usize = 16;

            /// Nonces of any non-empty length are accepted (12 bytes is
            /// the fast, recommended one).
            #[inline]
            fn encrypt_in_place_detached(
                &self,
                nonce: &[u8],
                aad: &[u8],
                buffer: &mut [u8],
            ) -> Result<[u8; 16], Error> {
                self.0.seal(nonce, aad, buffer)
            }

            /// `tag` must be 16 bytes ([`Error::InvalidTagLength`]
            /// otherwise; shorter tags go through
            /// `decrypt_in_place_detached_truncated`).
            #[inline]
            fn decrypt_in_place_detached(
                &self,
                nonce: &[u8],
                aad: &[u8],
                buffer: &mut [u8],
                tag: &[u8],
            ) -> Result<(), Error> {
                if tag.len() != 16 {
                    return Err(Error::InvalidTagLength);
                }
                self.0.open(nonce, aad, buffer, tag)
            }
        }

        /// Shows the backend, never key material.
        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct(stringify!($name))
                    .field("backend", &self.0.backend().name())
                    .finish_non_exhaustive()
            }
        }

        /// Every backend's key material is wiped when the key is dropped.
        impl zeroize::ZeroizeOnDrop for $name {}
    };
}

aes_gcm_type!(
    /// AES-256-GCM: 32-byte key, 12-byte (or any non-empty) nonce, 16-byte tag.
    ///
    /// ```
    /// use hpcrypt::aead::{Aead, AesGcm256};
    /// let key: [u8; 32] = hpcrypt::rand::random_bytes()?;
    /// let cipher = AesGcm256::new(&key);
    ///
    /// // Detached, in place.
    /// let nonce = [0u8; 12];
    /// let mut buf = *b"hello";
    /// let tag = cipher.encrypt_in_place_detached(&nonce, b"hdr", &mut buf)?;
    /// cipher.decrypt_in_place_detached(&nonce, b"hdr", &mut buf, &tag)?;
    /// assert_eq!(&buf, b"hello");
    ///
    /// // A flipped tag bit is refused and the buffer holds no plaintext.
    /// let mut bad = tag;
    /// bad[0] ^= 1;
    /// let mut buf2 = buf;
    /// cipher.encrypt_in_place_detached(&nonce, b"hdr", &mut buf2)?;
    /// assert!(cipher.decrypt_in_place_detached(&nonce, b"hdr", &mut buf2, &bad).is_err());
    /// assert_ne!(&buf2, b"hello");
    /// # Ok::<(), hpcrypt::Error>(())
    /// ```
    AesGcm256, "256", 32, 8, 14
);

aes_gcm_type!(
    /// AES-128-GCM: 16-byte key, 12-byte (or any non-empty) nonce, 16-byte tag.
    ///
    /// ```
    /// use hpcrypt::aead::{Aead, AesGcm128};
    /// let cipher = AesGcm128::new(&[0u8; 16]);
    /// let ct = cipher.encrypt(&[0u8; 12], b"", b"")?;
    /// // SP 800-38D test case 1 (the GCM paper's first vector).
    /// assert_eq!(ct, [0x58, 0xe2, 0xfc, 0xce, 0xfa, 0x7e, 0x30, 0x61,
    ///                 0x36, 0x7f, 0x1d, 0x57, 0xa4, 0xe7, 0x45, 0x5a]);
    /// # Ok::<(), hpcrypt::Error>(())
    /// ```
    AesGcm128, "128", 16, 4, 10
);
