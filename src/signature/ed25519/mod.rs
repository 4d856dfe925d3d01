//! Ed25519 signatures (RFC 8032 §5.1), written from the RFC.
//!
//! - [`Ed25519SigningKey`]: the 32-byte RFC 8032 secret seed, its expanded
//!   scalar and prefix (all wiped on drop), and the public key derived from
//!   them. Signing is deterministic and constant time.
//! - [`Ed25519VerifyingKey`]: a decoded public key. Decoding rejects
//!   non-canonical encodings and the eight small-order points.
//! - [`Ed25519Signature`]: R ‖ S, 64 bytes.
//! - [`verify_batch`]: many signatures at once.
//!
//! What each verification function accepts (tested against the C2SP/CCTV
//! edge cases; see the README's acceptance table):
//!
//! | input                                   | `verify` | `verify_strict` | `verify_batch` |
//! |-----------------------------------------|----------|-----------------|----------------|
//! | S ≥ L                                   | reject   | reject          | reject         |
//! | non-canonical A or R (y ≥ p, or x = 0 with sign bit) | reject | reject | reject     |
//! | small-order A                           | reject   | reject          | reject         |
//! | small-order R                           | accept   | reject          | accept         |
//! | A or R with a small-order component     | accept   | accept          | accept         |
//! | equation                                | cofactored: `[8]([S]B − R − [k]A) = O` | same | same, with random 128-bit weights |
//!
//! `verify` uses the cofactored equation, RFC 8032 §5.1.7's stated check, so
//! that a batch accepts exactly the signatures that `verify` accepts (up to a
//! 2^-128 chance for a batch containing an invalid signature).
//!
//! ```
//! use hpcrypt::signature::{Ed25519, Signer, Verifier};
//! let signing_key = Ed25519::generate();
//! let signature = signing_key.sign(b"header.payload");
//! let verifying_key = signing_key.verifying_key();
//! assert!(verifying_key.verify(b"header.payload", signature.as_ref()).is_ok());
//! assert!(verifying_key.verify(b"header.payloaX", signature.as_ref()).is_err());
//! ```

mod backend;
// Batch verification draws its random weights from the OS (`getrandom`)
// or from the caller's RNG (`rand_core`); with neither it has no entry point.
#[cfg(feature = "alloc")]
#[cfg_attr(
    not(any(feature = "getrandom", feature = "rand_core")),
    allow(dead_code)
)]
mod batch;
mod field;
#[cfg(feature = "jwk")]
mod jwk;
mod keypair;
mod lattice;
#[cfg(feature = "pkcs8")]
mod pkcs8;
mod point;
mod scalar;
mod table;
#[rustfmt::skip] // generated; `table::tests::tables_regenerate` checks it
mod table_data;
mod vartime;
mod vector;
#[cfg(target_arch = "x86_64")]
mod x86_bmi2;
// Ecosystem glue (issue 11): conversions, and each optional crate's traits
// in its own file behind the feature of the same name.
mod conversions;
#[cfg(feature = "rand_core")]
mod generate;
#[cfg(feature = "serde")]
mod serde_impl;
#[cfg(feature = "signature")]
mod signature_impl;

#[cfg(feature = "pkcs8")]
pub use self::pkcs8::ED25519_OID;
pub use backend::Ed25519Backend;
#[cfg(all(feature = "alloc", feature = "rand_core"))]
pub use batch::verify_batch_from_rng;
#[cfg(all(feature = "alloc", feature = "getrandom"))]
pub use batch::{verify_batch, verify_batch_with};
#[cfg(feature = "pem")]
pub use der::pem::LineEnding;
pub use keypair::KEYPAIR_LEN;

use crate::hash::sha512::Sha512Backend;
use crate::hash::{BlockHash, Hash, Sha512};
use crate::signature::{Signer, Verifier};
use crate::wipe::{depth, scrubbed, Held};
use crate::Error;
use point::EdwardsPoint;
use scalar::Scalar;
use zeroize::{Zeroize, ZeroizeOnDrop};

/// The backend Ed25519 runs on here (`hpcrypt::backends()`).
#[doc(hidden)]
pub fn backend_name() -> &'static str {
    Ed25519Backend::detect().name()
}

/// Length of a secret key (the RFC 8032 seed) in bytes.
///
/// ```
/// use hpcrypt::signature::{ed25519::SECRET_KEY_LEN, Ed25519SigningKey};
/// assert_eq!(Ed25519SigningKey::from_bytes(&[1; SECRET_KEY_LEN]).to_bytes().len(), 32);
/// ```
pub const SECRET_KEY_LEN: usize = 32;
/// Length of an encoded public key in bytes.
///
/// ```
/// use hpcrypt::signature::{ed25519::PUBLIC_KEY_LEN, Ed25519SigningKey};
/// let key = Ed25519SigningKey::from_bytes(&[1; 32]);
/// assert_eq!(key.verifying_key().to_bytes().len(), PUBLIC_KEY_LEN);
/// ```
pub const PUBLIC_KEY_LEN: usize = 32;
/// Length of a signature (R ‖ S) in bytes.
///
/// ```
/// use hpcrypt::signature::{ed25519::SIGNATURE_LEN, Ed25519SigningKey, Signer};
/// let key = Ed25519SigningKey::from_bytes(&[1; 32]);
/// assert_eq!(key.sign(b"m").to_bytes().len(), SIGNATURE_LEN);
/// ```
pub const SIGNATURE_LEN: usize = 64;

/// The Ed25519 algorithm (RFC 8032 §5.1, "PureEdDSA" over edwards25519
/// with SHA-512).
///
/// ```
/// use hpcrypt::signature::{Ed25519, Signer};
/// let key = Ed25519::generate();
/// let sig = key.sign(b"msg");
/// assert_eq!(sig.to_bytes().len(), 64);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Ed25519;

impl Ed25519 {
    /// A fresh signing key from the operating system's RNG; see
    /// [`Ed25519SigningKey::generate`] (panics only if the OS RNG fails;
    /// [`Ed25519SigningKey::try_generate`] returns an `Err` instead).
    ///
    /// ```
    /// use hpcrypt::signature::Ed25519;
    /// let a = Ed25519::generate();
    /// let b = Ed25519::generate();
    /// assert_ne!(a.verifying_key().to_bytes(), b.verifying_key().to_bytes());
    /// ```
    #[cfg(feature = "getrandom")]
    pub fn generate() -> Ed25519SigningKey {
        Ed25519SigningKey::generate()
    }
}

/// An Ed25519 secret key: the 32-byte RFC 8032 seed, the scalar and prefix
/// expanded from it, and the public key derived from them.
///
/// The public key is always computed from the secret, never supplied by the
/// caller, so signing cannot be turned into an oracle for a mismatched key.
/// Seed, scalar and prefix are wiped when the key is dropped (best effort:
/// copies the compiler makes in registers cannot be reached). `Debug` shows
/// only the public key. Not `Clone`: rebuild from [`to_bytes`](Self::to_bytes)
/// if a copy is really needed.
///
/// ```
/// use hpcrypt::signature::{Ed25519SigningKey, Signer, Verifier};
/// let seed = [7u8; 32];
/// let key = Ed25519SigningKey::from_bytes(&seed);
/// let sig = key.sign(b"hello");
/// key.verifying_key().verify(b"hello", sig.as_ref())?;
/// # Ok::<(), hpcrypt::Error>(())
/// ```
pub struct Ed25519SigningKey {
    /// On the heap (with `alloc`): moving the key moves a pointer.
    secrets: Held<SigningSecrets>,
    verifying_key: Ed25519VerifyingKey,
}

/// The secret half of a signing key: the seed and its RFC 8032 §5.1.5
/// expansion. Built in place, read by reference, wiped on drop.
struct SigningSecrets {
    seed: [u8; 32],
    scalar: Scalar,
    prefix: [u8; 32],
}

impl SigningSecrets {
    /// Wipes every secret field (used by `Drop`; tested in unit tests).
    fn wipe(&mut self) {
        self.seed.zeroize();
        self.scalar.zeroize();
        self.prefix.zeroize();
    }
}

impl Drop for SigningSecrets {
    fn drop(&mut self) {
        self.wipe();
    }
}

impl Ed25519SigningKey {
    /// A fresh key from the operating system's RNG (`getrandom`).
    ///
    /// # Panics
    /// Only if the operating system cannot supply randomness at all (as
    /// `rand_core`'s `OsRng` does); use [`try_generate`](Self::try_generate)
    /// to get an `Err` instead.
    ///
    /// ```
    /// use hpcrypt::signature::{Ed25519SigningKey, Signer, Verifier};
    /// let key = Ed25519SigningKey::generate();
    /// let sig = key.sign(b"m");
    /// assert!(key.verifying_key().verify(b"m", sig.as_ref()).is_ok());
    /// ```
    #[allow(clippy::panic)]
    #[cfg(feature = "getrandom")]
    pub fn generate() -> Self {
        match Self::try_generate() {
            Ok(key) => key,
            Err(_) => panic!("hpcrypt: the operating system's random number generator failed"),
        }
    }

    /// A fresh key from the operating system's RNG, or
    /// [`Error::RandomnessUnavailable`].
    ///
    /// ```
    /// let key = hpcrypt::signature::Ed25519SigningKey::try_generate()?;
    /// # Ok::<(), hpcrypt::Error>(())
    /// ```
    #[cfg(feature = "getrandom")]
    pub fn try_generate() -> Result<Self, Error> {
        let mut seed = [0u8; 32];
        crate::rand::fill_random(&mut seed)?;
        let key = Self::from_bytes(&seed);
        seed.zeroize();
        Ok(key)
    }

    /// The key for an RFC 8032 32-byte secret (the seed). Any 32 bytes are
    /// a valid seed.
    ///
    /// ```
    /// use hpcrypt::signature::Ed25519SigningKey;
    /// let key = Ed25519SigningKey::from_bytes(&[0u8; 32]);
    /// assert_eq!(key.to_bytes(), [0u8; 32]);
    /// ```
    pub fn from_bytes(seed: &[u8; 32]) -> Self {
        Self::from_bytes_with(Ed25519Backend::detect(), seed)
    }

    /// [`from_bytes`](Self::from_bytes) on a chosen backend (tests, benches).
    #[doc(hidden)]
    pub fn from_bytes_with(backend: Ed25519Backend, seed: &[u8; 32]) -> Self {
        // Key setup: scrubbed (README, "Zeroization").
        scrubbed::<{ depth::ED25519_KEY }, _>(|| Self::expand(backend, seed))
    }

    /// RFC 8032 §5.1.5, straight into the key's own (heap) storage:
    /// h = SHA-512(seed); s = clamp(h[..32]); prefix = h[32..].
    #[inline(always)]
    fn expand(backend: Ed25519Backend, seed: &[u8; 32]) -> Self {
        let mut secrets = Held::new(SigningSecrets {
            seed: [0u8; 32],
            scalar: Scalar::ZERO,
            prefix: [0u8; 32],
        });
        secrets.seed.copy_from_slice(seed);
        let mut h = [0u8; 64];
        Sha512::hash_into(Sha512Backend::detect(), seed, &mut h);
        let mut s_bytes = [0u8; 32];
        s_bytes.copy_from_slice(&h[..32]);
        s_bytes[0] &= 248;
        s_bytes[31] &= 127;
        s_bytes[31] |= 64;
        secrets.prefix.copy_from_slice(&h[32..]);
        // [s]B = [s mod L]B because B has order L, and S is computed mod L.
        secrets.scalar = Scalar::from_bytes_mod_order(&s_bytes);
        crate::wipe::wipe(&mut h);
        crate::wipe::wipe(&mut s_bytes);
        let (a, a_bytes) = backend.mul_base_encoded(&secrets.scalar);
        let verifying_key = Ed25519VerifyingKey {
            bytes: a_bytes,
            minus_a: -&a,
        };
        Self {
            secrets,
            verifying_key,
        }
    }

    /// The 32-byte seed this key was made from (a copy of the secret:
    /// handle it like the key).
    ///
    /// ```
    /// use hpcrypt::signature::Ed25519SigningKey;
    /// let key = Ed25519SigningKey::generate();
    /// let seed = key.to_bytes(); // store encrypted; rebuild with from_bytes
    /// let again = Ed25519SigningKey::from_bytes(&seed);
    /// assert_eq!(again.verifying_key(), key.verifying_key());
    /// ```
    pub fn to_bytes(&self) -> [u8; 32] {
        self.secrets.seed
    }

    /// The public key (derived from the secret when the key was made).
    ///
    /// ```
    /// use hpcrypt::signature::Ed25519SigningKey;
    /// // RFC 8032 §7.1, test 1.
    /// let seed = [
    ///     0x9d, 0x61, 0xb1, 0x9d, 0xef, 0xfd, 0x5a, 0x60, 0xba, 0x84, 0x4a, 0xf4, 0x92, 0xec,
    ///     0x2c, 0xc4, 0x44, 0x49, 0xc5, 0x69, 0x7b, 0x32, 0x69, 0x19, 0x70, 0x3b, 0xac, 0x03,
    ///     0x1c, 0xae, 0x7f, 0x60,
    /// ];
    /// let public = Ed25519SigningKey::from_bytes(&seed).verifying_key().to_bytes();
    /// assert_eq!(&public[..4], &[0xd7, 0x5a, 0x98, 0x01]);
    /// ```
    pub fn verifying_key(&self) -> Ed25519VerifyingKey {
        self.verifying_key
    }
}

impl ZeroizeOnDrop for Ed25519SigningKey {}

impl core::fmt::Debug for Ed25519SigningKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Ed25519SigningKey")
            .field("verifying_key", &self.verifying_key)
            .finish_non_exhaustive()
    }
}

impl Signer for Ed25519SigningKey {
    type Signature = Ed25519Signature;

    /// RFC 8032 §5.1.6, constant time in the secret.
    fn sign(&self, msg: &[u8]) -> Ed25519Signature {
        self.sign_with(Ed25519Backend::detect(), msg)
    }
}

impl Ed25519SigningKey {
    /// [`Signer::sign`] on a chosen backend (tests, benches).
    #[doc(hidden)]
    pub fn sign_with(&self, backend: Ed25519Backend, msg: &[u8]) -> Ed25519Signature {
        // Signing: scrubbed (README, "Zeroization").
        scrubbed::<{ depth::ED25519_SIGN }, _>(|| self.sign_unscrubbed(backend, msg))
    }

    /// RFC 8032 §5.1.6. The nonce r and every hash of the prefix stay in
    /// this frame (hashes finished in place) and are wiped.
    #[inline(always)]
    fn sign_unscrubbed(&self, backend: Ed25519Backend, msg: &[u8]) -> Ed25519Signature {
        // r = SHA-512(prefix ‖ M) mod L
        let mut h = Sha512::new();
        h.update(&self.secrets.prefix);
        h.update(msg);
        let mut r_wide = [0u8; 64];
        h.finalize_into(&mut r_wide);
        let mut r = Scalar::from_bytes_mod_order_wide(&r_wide);
        crate::wipe::wipe(&mut r_wide);
        // R = [r]B
        let (_, r_bytes) = backend.mul_base_encoded(&r);
        // k = SHA-512(R ‖ A ‖ M) mod L; S = r + k·s mod L
        let k = challenge(&r_bytes, &self.verifying_key.bytes, msg);
        let s = Scalar::mul_add(&k, &self.secrets.scalar, &r);
        r.zeroize();
        let mut sig = [0u8; 64];
        sig[..32].copy_from_slice(&r_bytes);
        sig[32..].copy_from_slice(s.as_bytes());
        Ed25519Signature(sig)
    }
}

/// k = SHA-512(R ‖ A ‖ M) mod L (RFC 8032 §5.1.6 step 5, §5.1.7 step 2).
fn challenge(r: &[u8; 32], a: &[u8; 32], msg: &[u8]) -> Scalar {
    let mut h = Sha512::new();
    h.update(r);
    h.update(a);
    h.update(msg);
    Scalar::from_bytes_mod_order_wide(&h.finalize().into())
}

/// An Ed25519 public key: a canonical encoding of a point that is not of
/// small order (decoding checks both).
///
/// ```
/// use hpcrypt::signature::{Ed25519SigningKey, Ed25519VerifyingKey};
/// let vk = Ed25519SigningKey::from_bytes(&[1u8; 32]).verifying_key();
/// let again = Ed25519VerifyingKey::from_bytes(&vk.to_bytes())?;
/// assert_eq!(vk, again);
/// // The identity point (0, 1) is a small-order key: refused.
/// let mut identity = [0u8; 32];
/// identity[0] = 1;
/// assert!(Ed25519VerifyingKey::from_bytes(&identity).is_err());
/// # Ok::<(), hpcrypt::Error>(())
/// ```
#[derive(Clone, Copy)]
pub struct Ed25519VerifyingKey {
    bytes: [u8; 32],
    /// -A, which verification adds.
    minus_a: EdwardsPoint,
}

impl Ed25519VerifyingKey {
    /// Decodes a public key (RFC 8032 §5.1.3). Errors with
    /// [`Error::InvalidPublicKey`] for an encoding that is not canonical
    /// (y ≥ p; x = 0 with the sign bit set), is not on the curve, or is one
    /// of the eight points of small order.
    ///
    /// ```
    /// use hpcrypt::signature::{Ed25519SigningKey, Ed25519VerifyingKey};
    /// use hpcrypt::Error;
    /// let public = Ed25519SigningKey::from_bytes(&[1; 32]).verifying_key().to_bytes();
    /// assert!(Ed25519VerifyingKey::from_bytes(&public).is_ok());
    /// // The identity point (y = 1) has small order: refused.
    /// let mut identity = [0u8; 32];
    /// identity[0] = 1;
    /// assert_eq!(Ed25519VerifyingKey::from_bytes(&identity).err(), Some(Error::InvalidPublicKey));
    /// ```
    pub fn from_bytes(bytes: &[u8; 32]) -> Result<Self, Error> {
        let a = Ed25519Backend::detect()
            .decompress(bytes)
            .ok_or(Error::InvalidPublicKey)?;
        if bool::from(a.is_small_order()) {
            return Err(Error::InvalidPublicKey);
        }
        Ok(Self {
            bytes: *bytes,
            minus_a: -&a,
        })
    }

    /// Decodes a public key from a slice: `Err` unless it is 32 bytes and
    /// [`from_bytes`](Self::from_bytes) accepts it.
    ///
    /// ```
    /// use hpcrypt::signature::Ed25519VerifyingKey;
    /// assert!(Ed25519VerifyingKey::from_slice(&[0u8; 31]).is_err());
    /// ```
    pub fn from_slice(bytes: &[u8]) -> Result<Self, Error> {
        let arr: &[u8; 32] = bytes.try_into().map_err(|_| Error::InvalidPublicKey)?;
        Self::from_bytes(arr)
    }

    /// The 32-byte encoding (what a JWK's `x` or a key file carries).
    ///
    /// ```
    /// use hpcrypt::signature::{Ed25519SigningKey, Ed25519VerifyingKey};
    /// let vk = Ed25519SigningKey::from_bytes(&[1; 32]).verifying_key();
    /// assert_eq!(Ed25519VerifyingKey::from_bytes(&vk.to_bytes())?, vk);
    /// # Ok::<(), hpcrypt::Error>(())
    /// ```
    pub fn to_bytes(&self) -> [u8; 32] {
        self.bytes
    }

    /// Like [`Verifier::verify`], and also rejects a signature whose R is
    /// of small order (see the module table).
    ///
    /// ```
    /// use hpcrypt::signature::{Ed25519SigningKey, Signer};
    /// let key = Ed25519SigningKey::from_bytes(&[3u8; 32]);
    /// let sig = key.sign(b"m");
    /// assert!(key.verifying_key().verify_strict(b"m", sig.as_ref()).is_ok());
    /// ```
    pub fn verify_strict(&self, msg: &[u8], signature: &[u8]) -> Result<(), Error> {
        self.verify_with(Ed25519Backend::detect_verify(), msg, signature, true)
    }

    /// `verify` (`strict` false) or `verify_strict` on a chosen backend
    /// (tests, benches).
    #[doc(hidden)]
    pub fn verify_with(
        &self,
        backend: Ed25519Backend,
        msg: &[u8],
        signature: &[u8],
        strict: bool,
    ) -> Result<(), Error> {
        let sig = Ed25519Signature::from_slice(signature)?;
        self.vartime_verify(backend, msg, &sig, strict)
    }

    /// The verification shared by `verify` and `verify_strict`.
    fn vartime_verify(
        &self,
        backend: Ed25519Backend,
        msg: &[u8],
        sig: &Ed25519Signature,
        strict: bool,
    ) -> Result<(), Error> {
        let parts = sig.vartime_decode(backend)?;
        if strict && bool::from(parts.r.is_small_order()) {
            return Err(Error::InvalidSignature);
        }
        let k = challenge(sig.r_bytes(), &self.bytes, msg);
        if self.vartime_cofactored_equation_holds(backend, &k, &parts) {
            Ok(())
        } else {
            Err(Error::InvalidSignature)
        }
    }

    /// [8]([S]B − R − [k]A) = O, through the short multiplier of `lattice.rs`
    /// (half the doublings), or directly if the reduction gave up.
    fn vartime_cofactored_equation_holds(
        &self,
        backend: Ed25519Backend,
        k: &Scalar,
        parts: &SignatureParts,
    ) -> bool {
        match lattice::vartime_short_equation(k, &parts.s, &self.minus_a, &parts.r) {
            Some(eq) => {
                let sum = backend.vartime_four_scalar_mul(&eq);
                bool::from(sum.mul_by_cofactor().is_identity())
            }
            None => self.vartime_cofactored_equation_holds_plain(k, parts),
        }
    }

    /// [8]([S]B − [k]A − R) = O with full-length scalars: the reference for
    /// the lattice path (compared in the unit tests).
    fn vartime_cofactored_equation_holds_plain(&self, k: &Scalar, parts: &SignatureParts) -> bool {
        let sb_minus_ka = vartime::vartime_double_base_mul(k, &self.minus_a, &parts.s);
        let diff = &sb_minus_ka - &parts.r;
        bool::from(diff.mul_by_cofactor().is_identity())
    }
}

impl Verifier for Ed25519VerifyingKey {
    /// RFC 8032 §5.1.7 with the cofactored equation. `signature` must be
    /// 64 bytes; anything else is [`Error::InvalidSignature`].
    fn verify(&self, msg: &[u8], signature: &[u8]) -> Result<(), Error> {
        self.verify_with(Ed25519Backend::detect_verify(), msg, signature, false)
    }
}

impl PartialEq for Ed25519VerifyingKey {
    fn eq(&self, other: &Self) -> bool {
        self.bytes == other.bytes
    }
}

impl Eq for Ed25519VerifyingKey {}

impl core::hash::Hash for Ed25519VerifyingKey {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        self.bytes.hash(state);
    }
}

impl core::fmt::Debug for Ed25519VerifyingKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "Ed25519VerifyingKey(")?;
        for b in self.bytes {
            write!(f, "{b:02x}")?;
        }
        write!(f, ")")
    }
}

impl AsRef<[u8]> for Ed25519VerifyingKey {
    fn as_ref(&self) -> &[u8] {
        &self.bytes
    }
}

/// An Ed25519 signature: the encoded point R followed by the scalar S.
///
/// Parsing only checks the length; S < L and the point encodings are checked
/// when verifying.
///
/// ```
/// use hpcrypt::signature::Ed25519Signature;
/// let sig = Ed25519Signature::from_bytes(&[0u8; 64]);
/// assert_eq!(sig.as_ref().len(), 64);
/// assert!(Ed25519Signature::from_slice(&[0u8; 63]).is_err());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Ed25519Signature([u8; 64]);

/// The decoded halves of a signature.
struct SignatureParts {
    r: EdwardsPoint,
    s: Scalar,
}

impl Ed25519Signature {
    /// Wraps 64 bytes (R ‖ S). No check happens here: a malformed
    /// signature is refused by verification.
    ///
    /// ```
    /// use hpcrypt::signature::{Ed25519Signature, Ed25519SigningKey, Signer, Verifier};
    /// let key = Ed25519SigningKey::from_bytes(&[1; 32]);
    /// let bytes: [u8; 64] = key.sign(b"m").to_bytes();
    /// let sig = Ed25519Signature::from_bytes(&bytes);
    /// assert!(key.verifying_key().verify(b"m", sig.as_ref()).is_ok());
    /// ```
    pub fn from_bytes(bytes: &[u8; 64]) -> Self {
        Self(*bytes)
    }

    /// Wraps a 64-byte slice; any other length is [`Error::InvalidSignature`].
    ///
    /// ```
    /// use hpcrypt::signature::Ed25519Signature;
    /// assert!(Ed25519Signature::from_slice(&[0u8; 64]).is_ok());
    /// assert_eq!(
    ///     Ed25519Signature::from_slice(&[0u8; 65]).err(),
    ///     Some(hpcrypt::Error::InvalidSignature)
    /// );
    /// ```
    pub fn from_slice(bytes: &[u8]) -> Result<Self, Error> {
        let arr: &[u8; 64] = bytes.try_into().map_err(|_| Error::InvalidSignature)?;
        Ok(Self(*arr))
    }

    /// The 64 bytes R ‖ S (R: the encoded nonce point, S: the scalar).
    ///
    /// ```
    /// use hpcrypt::signature::{Ed25519SigningKey, Signer};
    /// let sig = Ed25519SigningKey::from_bytes(&[1; 32]).sign(b"m").to_bytes();
    /// assert!(sig[63] < 0x20); // S < L < 2^253: the top bits are clear
    /// ```
    pub fn to_bytes(&self) -> [u8; 64] {
        self.0
    }

    fn r_bytes(&self) -> &[u8; 32] {
        self.0.first_chunk::<32>().unwrap_or(&[0; 32])
    }

    fn s_bytes(&self) -> &[u8; 32] {
        self.0.last_chunk::<32>().unwrap_or(&[0; 32])
    }

    /// S < L and a canonical R, or [`Error::InvalidSignature`].
    fn vartime_decode(&self, backend: Ed25519Backend) -> Result<SignatureParts, Error> {
        let s =
            Scalar::vartime_from_canonical_bytes(self.s_bytes()).ok_or(Error::InvalidSignature)?;
        let r = backend
            .decompress(self.r_bytes())
            .ok_or(Error::InvalidSignature)?;
        Ok(SignatureParts { r, s })
    }
}

impl AsRef<[u8]> for Ed25519Signature {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl From<Ed25519Signature> for [u8; 64] {
    fn from(sig: Ed25519Signature) -> Self {
        sig.0
    }
}

impl core::fmt::Debug for Ed25519Signature {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "Ed25519Signature(")?;
        for b in self.0 {
            write!(f, "{b:02x}")?;
        }
        write!(f, ")")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::format;
    use std::string::String;

    #[test]
    fn signing_key_wipe_clears_every_secret() {
        let mut key = Ed25519SigningKey::from_bytes(&[0x42; 32]);
        let secrets = &mut *key.secrets;
        assert_ne!(secrets.seed, [0; 32]);
        assert_ne!(secrets.prefix, [0; 32]);
        assert_ne!(secrets.scalar, Scalar::ZERO);
        secrets.wipe();
        assert_eq!(secrets.seed, [0; 32]);
        assert_eq!(secrets.prefix, [0; 32]);
        assert_eq!(secrets.scalar, Scalar::ZERO);
    }

    /// The lattice path and the plain double-scalar path agree, on valid
    /// signatures, broken ones, and ones whose R carries a small-order
    /// component (which only the cofactored equation accepts).
    #[test]
    fn lattice_and_plain_equations_agree() {
        let order4: EdwardsPoint =
            EdwardsPoint::decompress(&[0u8; 32]).expect("(i, 0) has order 4");
        for i in 0..64u8 {
            let key = Ed25519SigningKey::from_bytes(&[i; 32]);
            let vk = key.verifying_key();
            let msg = [i; 40];
            let mut sig = key.sign(&msg);
            match i % 4 {
                1 => sig.0[40] ^= 1,
                2 => {
                    let r = EdwardsPoint::decompress(sig.r_bytes()).expect("R");
                    let r_mixed = &r + &order4;
                    sig.0[..32].copy_from_slice(&r_mixed.compress());
                }
                3 => sig.0[0] ^= 4,
                _ => {}
            }
            let Ok(parts) = sig.vartime_decode(Ed25519Backend::Soft) else {
                continue;
            };
            let k = challenge(sig.r_bytes(), &vk.bytes, &msg);
            let plain = vk.vartime_cofactored_equation_holds_plain(&k, &parts);
            for b in Ed25519Backend::available() {
                let fast = vk.vartime_cofactored_equation_holds(b, &k, &parts);
                assert_eq!(fast, plain, "case {i} {b:?}");
            }
            let fast = plain;
            assert_eq!(fast, i % 4 == 0, "case {i}");
        }
    }

    #[test]
    fn debug_shows_no_secret() {
        let key = Ed25519SigningKey::from_bytes(&[0x42; 32]);
        let text = format!("{key:?}");
        assert!(!text.contains("4242"));
        assert!(text.contains("Ed25519SigningKey"));
        let scalar_hex: String = key
            .secrets
            .scalar
            .to_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert!(!text.contains(&scalar_hex[..16]));
        let prefix_hex: String = key
            .secrets
            .prefix
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert!(!text.contains(&prefix_hex[..16]));
    }
}
