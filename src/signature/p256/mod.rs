//! ECDSA over NIST P-256 with SHA-256 (FIPS 186-5 §6.4; JWS `ES256`,
//! RFC 7518 §3.4), written from the standards.
//!
//! - [`P256SigningKey`]: a secret scalar d ∈ [1, n−1] (wiped on drop) and
//!   the public key derived from it. Signing is deterministic (RFC 6979
//!   with HMAC-SHA-256) and constant time in d and the nonce;
//!   [`P256SigningKey::sign_hedged_with`] mixes in fresh randomness
//!   (RFC 6979 §3.6).
//! - [`P256VerifyingKey`]: a point on the curve, decoded from SEC 1 bytes
//!   (uncompressed or compressed) with the range and on-curve checks.
//! - [`P256PreparedVerifyingKey`]: a verifying key with precomputed
//!   multiples ([`P256VerifyingKey::prepare`]): half the point doublings
//!   per verification, for a key that checks many signatures.
//! - [`P256Signature`]: r ‖ s, 64 bytes (the JWS form).
//!
//! Verification accepts exactly what FIPS 186-5 §6.4.2 accepts: r and s in
//! [1, n−1] and x([e·s⁻¹]G + [r·s⁻¹]Q) ≡ r (mod n). A signature and its
//! "high-s" twin (r, n − s) both verify, as the standard says; there is no
//! low-s rule.
//!
//! ```
//! use hpcrypt::signature::{P256SigningKey, P256VerifyingKey};
//! let signing_key = P256SigningKey::from_bytes(&[7u8; 32])?;
//! let signature = signing_key.sign(b"header.payload");
//!
//! // The verifier holds only the public point.
//! let public: [u8; 65] = signing_key.verifying_key().to_sec1_uncompressed();
//! let verifying_key = P256VerifyingKey::from_sec1_bytes(&public)?;
//! verifying_key.verify(b"header.payload", &signature)?;
//! assert!(verifying_key.verify(b"header.payloaX", &signature).is_err());
//! # Ok::<(), hpcrypt::Error>(())
//! ```

mod backend;
mod ecdsa;
mod field;
mod jacobian;
mod mont;
#[cfg(test)] // the reference variable-base multiplication of the unit tests
mod mul;
mod point;
mod prepared;
mod rfc6979;
mod scalar;
mod table;
#[rustfmt::skip] // generated; `table::tests::tables_regenerate` checks it
mod table_data;
mod vartime;
#[cfg(target_arch = "x86_64")]
mod x86_avx2;
#[cfg(target_arch = "x86_64")]
mod x86_bmi2;

// Key and signature formats (README "P-256 key formats").
mod der;
#[cfg(feature = "jwk")]
mod jwk;
#[cfg(feature = "pkcs8")]
mod pkcs8;

#[cfg(feature = "pkcs8")]
pub use self::pkcs8::{EC_PUBLIC_KEY_OID, P256_OID};
pub use backend::P256Backend;
pub use der::{DerSignature, DER_SIGNATURE_MAX_LEN};
pub use prepared::P256PreparedVerifyingKey;

use crate::hash::Sha256;
use crate::signature::{Signer, Verifier};
use crate::wipe::{depth, scrubbed, Held};
use crate::Error;
use point::AffinePoint;
use scalar::Scalar;
use subtle::ConstantTimeEq;
use zeroize::{Zeroize, ZeroizeOnDrop};

/// The backend P-256 runs on here (`hpcrypt::backends()`).
#[doc(hidden)]
pub fn backend_name() -> &'static str {
    P256Backend::detect().name()
}

/// A P-256 ECDSA secret key: the scalar d ∈ [1, n−1] and the public key
/// Q = \[d\]G derived from it.
///
/// d is wiped when the key is dropped (it lives on the heap with `alloc`,
/// so moves copy a pointer). `Debug` shows only the public key. Not
/// `Clone`: rebuild from [`to_bytes`](Self::to_bytes) if a copy is needed.
///
/// ```
/// use hpcrypt::signature::{P256SigningKey, Signer, Verifier};
/// let key = P256SigningKey::from_bytes(&[7u8; 32])?;
/// let sig = Signer::sign(&key, b"hello");
/// Verifier::verify(&key.verifying_key(), b"hello", sig.as_ref())?;
/// # Ok::<(), hpcrypt::Error>(())
/// ```
pub struct P256SigningKey {
    secrets: Held<SigningSecrets>,
    verifying_key: P256VerifyingKey,
}

/// The secret scalar d, as a residue and as its 32 big-endian bytes
/// (int2octets(x), RFC 6979 §2.3.3). Wiped on drop.
struct SigningSecrets {
    d: Scalar,
    bytes: [u8; 32],
}

impl Drop for SigningSecrets {
    fn drop(&mut self) {
        self.d.zeroize();
        self.bytes.zeroize();
    }
}

impl P256SigningKey {
    /// A fresh key from the operating system's RNG (`getrandom`).
    ///
    /// # Panics
    /// Only if the operating system cannot supply randomness at all; use
    /// [`try_generate`](Self::try_generate) to get an `Err` instead.
    ///
    /// ```
    /// use hpcrypt::signature::P256SigningKey;
    /// let key = P256SigningKey::generate();
    /// let sig = key.sign(b"m");
    /// assert!(key.verifying_key().verify(b"m", &sig).is_ok());
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
    /// [`Error::RandomnessUnavailable`]. Candidates are 32 random bytes,
    /// redrawn until they are in [1, n−1] (FIPS 186-5 A.2.2, rejection
    /// sampling; a redraw happens with probability below 2^-32).
    ///
    /// ```
    /// let key = hpcrypt::signature::P256SigningKey::try_generate()?;
    /// # Ok::<(), hpcrypt::Error>(())
    /// ```
    #[cfg(feature = "getrandom")]
    pub fn try_generate() -> Result<Self, Error> {
        let mut bytes = [0u8; 32];
        loop {
            crate::rand::fill_random(&mut bytes)?;
            if let Ok(key) = Self::from_bytes(&bytes) {
                bytes.zeroize();
                return Ok(key);
            }
        }
    }

    /// The key for a big-endian 32-byte scalar d, which must be in
    /// [1, n−1]; anything else is [`Error::InvalidKeyEncoding`].
    ///
    /// ```
    /// use hpcrypt::signature::P256SigningKey;
    /// assert!(P256SigningKey::from_bytes(&[1u8; 32]).is_ok());
    /// assert!(P256SigningKey::from_bytes(&[0u8; 32]).is_err());
    /// assert!(P256SigningKey::from_bytes(&[0xffu8; 32]).is_err()); // ≥ n
    /// ```
    pub fn from_bytes(bytes: &[u8; 32]) -> Result<Self, Error> {
        Self::from_bytes_with(P256Backend::detect(), bytes)
    }

    /// [`from_bytes`](Self::from_bytes) on a chosen backend (tests, benches).
    #[doc(hidden)]
    pub fn from_bytes_with(backend: P256Backend, bytes: &[u8; 32]) -> Result<Self, Error> {
        // Key setup: scrubbed (README, "Zeroization").
        scrubbed::<{ depth::P256_KEY }, _>(|| Self::derive_key_pair(backend, bytes))
    }

    /// d from bytes (range checked in constant time), Q = [d]G.
    #[inline(always)]
    fn derive_key_pair(backend: P256Backend, bytes: &[u8; 32]) -> Result<Self, Error> {
        let (d, in_range) = Scalar::from_bytes(bytes);
        let secrets = Held::new(SigningSecrets { d, bytes: *bytes });
        // The verdict is about to be returned anyway: branching on it
        // reveals nothing more than the result does.
        if !bool::from(in_range & !d.is_zero()) {
            return Err(Error::InvalidKeyEncoding);
        }
        let q = backend.public_key(&secrets.d);
        Ok(Self {
            secrets,
            verifying_key: P256VerifyingKey { point: q },
        })
    }

    /// The 32-byte big-endian scalar d (a copy of the secret: handle it
    /// like the key).
    ///
    /// ```
    /// use hpcrypt::signature::P256SigningKey;
    /// let key = P256SigningKey::from_bytes(&[9u8; 32])?;
    /// assert_eq!(key.to_bytes(), [9u8; 32]);
    /// # Ok::<(), hpcrypt::Error>(())
    /// ```
    pub fn to_bytes(&self) -> [u8; 32] {
        self.secrets.bytes
    }

    /// The public key Q = \[d\]G (derived when the key was made).
    ///
    /// ```
    /// use hpcrypt::signature::P256SigningKey;
    /// let key = P256SigningKey::from_bytes(&[9u8; 32])?;
    /// assert_eq!(key.verifying_key().to_sec1_uncompressed()[0], 0x04);
    /// # Ok::<(), hpcrypt::Error>(())
    /// ```
    pub fn verifying_key(&self) -> P256VerifyingKey {
        self.verifying_key
    }

    /// Signs `msg` with SHA-256 and an RFC 6979 deterministic nonce: the
    /// same key and message always give the same signature. Constant time
    /// in the key and the nonce.
    ///
    /// ```
    /// use hpcrypt::signature::P256SigningKey;
    /// let key = P256SigningKey::from_bytes(&[9u8; 32])?;
    /// let sig = key.sign(b"m");
    /// assert_eq!(sig, key.sign(b"m"));
    /// assert!(key.verifying_key().verify(b"m", &sig).is_ok());
    /// # Ok::<(), hpcrypt::Error>(())
    /// ```
    pub fn sign(&self, msg: &[u8]) -> P256Signature {
        self.sign_with(P256Backend::detect(), msg)
    }

    /// [`sign`](Self::sign) on a chosen backend (tests, benches).
    #[doc(hidden)]
    pub fn sign_with(&self, backend: P256Backend, msg: &[u8]) -> P256Signature {
        // Signing: scrubbed (README, "Zeroization").
        scrubbed::<{ depth::P256_SIGN }, _>(|| self.sign_rfc6979_unscrubbed(backend, msg, &[]))
    }

    /// Signs with a hedged nonce: RFC 6979 §3.6's variant, with `entropy`
    /// (fresh random bytes) as the extra input k'. The nonce stays safe if
    /// either the randomness or the deterministic derivation holds up (a
    /// weak RNG cannot leak the key; a fault or side channel on the
    /// deterministic path is harder to repeat). Signatures differ per call
    /// but verify like any other.
    ///
    /// ```
    /// use hpcrypt::signature::P256SigningKey;
    /// let key = P256SigningKey::from_bytes(&[9u8; 32])?;
    /// let sig = key.sign_hedged_with(b"m", &[0x5a; 32]);
    /// assert_ne!(sig, key.sign(b"m"));
    /// assert!(key.verifying_key().verify(b"m", &sig).is_ok());
    /// # Ok::<(), hpcrypt::Error>(())
    /// ```
    pub fn sign_hedged_with(&self, msg: &[u8], entropy: &[u8; 32]) -> P256Signature {
        let backend = P256Backend::detect();
        scrubbed::<{ depth::P256_SIGN }, _>(|| self.sign_rfc6979_unscrubbed(backend, msg, entropy))
    }

    /// [`sign_hedged_with`](Self::sign_hedged_with) with 32 bytes from the
    /// operating system's RNG, or [`Error::RandomnessUnavailable`].
    ///
    /// ```
    /// use hpcrypt::signature::P256SigningKey;
    /// let key = P256SigningKey::from_bytes(&[9u8; 32])?;
    /// let sig = key.try_sign_hedged(b"m")?;
    /// assert!(key.verifying_key().verify(b"m", &sig).is_ok());
    /// # Ok::<(), hpcrypt::Error>(())
    /// ```
    #[cfg(feature = "getrandom")]
    pub fn try_sign_hedged(&self, msg: &[u8]) -> Result<P256Signature, Error> {
        let mut entropy = [0u8; 32];
        crate::rand::fill_random(&mut entropy)?;
        let sig = self.sign_hedged_with(msg, &entropy);
        entropy.zeroize();
        Ok(sig)
    }

    /// FIPS 186-5 §6.4.1 with the RFC 6979 §3.2 nonce (k' = `extra`).
    ///
    /// A candidate outside [1, n−1] (probability below 2^-32 per candidate)
    /// or an r or s of 0 (2^-255) makes the loop draw the next one; that
    /// branch reveals only that a candidate was discarded, as RFC 6979
    /// step h.3 prescribes.
    #[inline(always)]
    fn sign_rfc6979_unscrubbed(
        &self,
        backend: P256Backend,
        msg: &[u8],
        extra: &[u8],
    ) -> P256Signature {
        let h1: [u8; 32] = Sha256::hash(msg).into();
        let e = Scalar::from_bytes_reduced(&h1);
        let mut nonces = rfc6979::NonceGenerator::new(&self.secrets.bytes, &e.to_bytes(), extra);
        loop {
            let mut t = nonces.candidate();
            let (mut k, in_range) = Scalar::from_bytes(&t);
            t.zeroize();
            if bool::from(in_range & !k.is_zero()) {
                let (sig, ok) = backend.sign_with_nonce(&self.secrets.d, &e, &k);
                k.zeroize();
                if bool::from(ok) {
                    return P256Signature(sig);
                }
            }
            k.zeroize();
            nonces.reject();
        }
    }
}

impl ZeroizeOnDrop for P256SigningKey {}

impl core::fmt::Debug for P256SigningKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("P256SigningKey")
            .field("verifying_key", &self.verifying_key)
            .finish_non_exhaustive()
    }
}

impl Signer for P256SigningKey {
    type Signature = P256Signature;

    /// ECDSA P-256 / SHA-256 with an RFC 6979 nonce; see
    /// [`P256SigningKey::sign`].
    fn sign(&self, msg: &[u8]) -> P256Signature {
        P256SigningKey::sign(self, msg)
    }
}

/// A P-256 public key: a point on the curve other than the identity
/// (decoding checks the range of the coordinates and the curve equation).
///
/// ```
/// use hpcrypt::signature::{P256SigningKey, P256VerifyingKey};
/// let vk = P256SigningKey::from_bytes(&[1u8; 32])?.verifying_key();
/// let again = P256VerifyingKey::from_sec1_bytes(&vk.to_sec1_compressed())?;
/// assert_eq!(vk, again);
/// # Ok::<(), hpcrypt::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct P256VerifyingKey {
    point: AffinePoint,
}

impl P256VerifyingKey {
    /// Decodes a SEC 1 point (v2 §2.3.4): 65 bytes 0x04 ‖ x ‖ y or 33 bytes
    /// 0x02/0x03 ‖ x. [`Error::InvalidPublicKey`] for any other length or
    /// tag, the identity, a coordinate ≥ p, or a point not on the curve.
    ///
    /// ```
    /// use hpcrypt::signature::{P256SigningKey, P256VerifyingKey};
    /// use hpcrypt::Error;
    /// let vk = P256SigningKey::from_bytes(&[1u8; 32])?.verifying_key();
    /// assert!(P256VerifyingKey::from_sec1_bytes(&vk.to_sec1_uncompressed()).is_ok());
    /// assert_eq!(P256VerifyingKey::from_sec1_bytes(&[0]), Err(Error::InvalidPublicKey));
    /// # Ok::<(), hpcrypt::Error>(())
    /// ```
    pub fn from_sec1_bytes(bytes: &[u8]) -> Result<Self, Error> {
        AffinePoint::from_sec1(bytes)
            .map(|point| Self { point })
            .ok_or(Error::InvalidPublicKey)
    }

    /// The key with affine coordinates (x, y), big-endian (a JWK's `x` and
    /// `y`): [`Error::InvalidPublicKey`] if either is ≥ p or the point is
    /// not on the curve.
    ///
    /// ```
    /// use hpcrypt::signature::{P256SigningKey, P256VerifyingKey};
    /// let vk = P256SigningKey::from_bytes(&[1u8; 32])?.verifying_key();
    /// assert_eq!(P256VerifyingKey::from_affine_coordinates(&vk.x(), &vk.y())?, vk);
    /// assert!(P256VerifyingKey::from_affine_coordinates(&vk.x(), &vk.x()).is_err());
    /// # Ok::<(), hpcrypt::Error>(())
    /// ```
    pub fn from_affine_coordinates(x: &[u8; 32], y: &[u8; 32]) -> Result<Self, Error> {
        AffinePoint::from_coordinates(x, y)
            .map(|point| Self { point })
            .ok_or(Error::InvalidPublicKey)
    }

    /// 0x04 ‖ x ‖ y (SEC 1 §2.3.3, uncompressed; what SPKI and most
    /// protocols carry).
    ///
    /// ```
    /// use hpcrypt::signature::P256SigningKey;
    /// let vk = P256SigningKey::from_bytes(&[1u8; 32])?.verifying_key();
    /// assert_eq!(vk.to_sec1_uncompressed()[1..33], vk.x());
    /// # Ok::<(), hpcrypt::Error>(())
    /// ```
    pub fn to_sec1_uncompressed(&self) -> [u8; 65] {
        self.point.to_sec1_uncompressed()
    }

    /// (0x02 + (y mod 2)) ‖ x (SEC 1 §2.3.3, compressed).
    ///
    /// ```
    /// use hpcrypt::signature::P256SigningKey;
    /// let vk = P256SigningKey::from_bytes(&[1u8; 32])?.verifying_key();
    /// assert_eq!(vk.to_sec1_compressed()[0] & 0xfe, 0x02);
    /// # Ok::<(), hpcrypt::Error>(())
    /// ```
    pub fn to_sec1_compressed(&self) -> [u8; 33] {
        self.point.to_sec1_compressed()
    }

    /// The affine x coordinate, big-endian.
    ///
    /// ```
    /// use hpcrypt::signature::P256SigningKey;
    /// let vk = P256SigningKey::from_bytes(&[1u8; 32])?.verifying_key();
    /// assert_eq!(vk.x().len(), 32);
    /// # Ok::<(), hpcrypt::Error>(())
    /// ```
    pub fn x(&self) -> [u8; 32] {
        self.point.x.to_bytes()
    }

    /// The affine y coordinate, big-endian.
    ///
    /// ```
    /// use hpcrypt::signature::P256SigningKey;
    /// let vk = P256SigningKey::from_bytes(&[1u8; 32])?.verifying_key();
    /// assert_eq!(vk.y(), vk.to_sec1_uncompressed()[33..]);
    /// # Ok::<(), hpcrypt::Error>(())
    /// ```
    pub fn y(&self) -> [u8; 32] {
        self.point.y.to_bytes()
    }

    /// Checks `sig` on `msg` (FIPS 186-5 §6.4.2 with SHA-256):
    /// [`Error::InvalidSignature`] unless r, s ∈ [1, n−1] and the equation
    /// holds. Both s and n − s verify (no low-s rule).
    ///
    /// ```
    /// use hpcrypt::signature::P256SigningKey;
    /// let key = P256SigningKey::from_bytes(&[1u8; 32])?;
    /// let sig = key.sign(b"m");
    /// assert!(key.verifying_key().verify(b"m", &sig).is_ok());
    /// assert!(key.verifying_key().verify(b"n", &sig).is_err());
    /// # Ok::<(), hpcrypt::Error>(())
    /// ```
    pub fn verify(&self, msg: &[u8], sig: &P256Signature) -> Result<(), Error> {
        self.verify_with(P256Backend::detect(), msg, sig)
    }

    /// [`verify`](Self::verify) on a chosen backend (tests, benches).
    #[doc(hidden)]
    pub fn verify_with(
        &self,
        backend: P256Backend,
        msg: &[u8],
        sig: &P256Signature,
    ) -> Result<(), Error> {
        let h: [u8; 32] = Sha256::hash(msg).into();
        let e = Scalar::from_bytes_reduced(&h);
        if backend.vartime_verify(&self.point, &e, &sig.0) {
            Ok(())
        } else {
            Err(Error::InvalidSignature)
        }
    }
}

impl Verifier for P256VerifyingKey {
    /// `signature` must be 64 bytes r ‖ s; anything else is
    /// [`Error::InvalidSignature`].
    fn verify(&self, msg: &[u8], signature: &[u8]) -> Result<(), Error> {
        let sig = P256Signature::from_slice(signature)?;
        P256VerifyingKey::verify(self, msg, &sig)
    }
}

impl core::hash::Hash for P256VerifyingKey {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        self.to_sec1_compressed().hash(state);
    }
}

impl core::fmt::Debug for P256VerifyingKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "P256VerifyingKey(")?;
        for b in self.to_sec1_compressed() {
            write!(f, "{b:02x}")?;
        }
        write!(f, ")")
    }
}

/// A P-256 ECDSA signature as fixed-width r ‖ s, 32 bytes each, big-endian
/// (IEEE P1363; JWS `ES256`, RFC 7518 §3.4).
///
/// Parsing only checks the length; r, s ∈ [1, n−1] is checked when verifying.
///
/// ```
/// use hpcrypt::signature::P256Signature;
/// let sig = P256Signature::from_bytes(&[1u8; 64]);
/// assert_eq!(sig.r(), [1u8; 32]);
/// assert!(P256Signature::from_slice(&[0u8; 63]).is_err());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct P256Signature([u8; 64]);

impl P256Signature {
    /// Wraps 64 bytes r ‖ s (no range check: verification does it).
    ///
    /// ```
    /// use hpcrypt::signature::P256Signature;
    /// assert_eq!(P256Signature::from_bytes(&[2u8; 64]).to_bytes(), [2u8; 64]);
    /// ```
    pub fn from_bytes(bytes: &[u8; 64]) -> Self {
        Self(*bytes)
    }

    /// Wraps a 64-byte slice; any other length is [`Error::InvalidSignature`].
    ///
    /// ```
    /// use hpcrypt::signature::P256Signature;
    /// assert!(P256Signature::from_slice(&[0u8; 64]).is_ok());
    /// assert_eq!(
    ///     P256Signature::from_slice(&[0u8; 65]).err(),
    ///     Some(hpcrypt::Error::InvalidSignature)
    /// );
    /// ```
    pub fn from_slice(bytes: &[u8]) -> Result<Self, Error> {
        let arr: &[u8; 64] = bytes.try_into().map_err(|_| Error::InvalidSignature)?;
        Ok(Self(*arr))
    }

    /// r ‖ s.
    ///
    /// ```
    /// use hpcrypt::signature::P256Signature;
    /// assert_eq!(P256Signature::from_bytes(&[3u8; 64]).to_bytes(), [3u8; 64]);
    /// ```
    pub fn to_bytes(&self) -> [u8; 64] {
        self.0
    }

    /// r, big-endian.
    ///
    /// ```
    /// use hpcrypt::signature::P256Signature;
    /// let mut b = [0u8; 64];
    /// b[31] = 1;
    /// assert_eq!(P256Signature::from_bytes(&b).r()[31], 1);
    /// ```
    pub fn r(&self) -> [u8; 32] {
        let mut out = [0u8; 32];
        out.copy_from_slice(&self.0[..32]);
        out
    }

    /// s, big-endian.
    ///
    /// ```
    /// use hpcrypt::signature::P256Signature;
    /// let mut b = [0u8; 64];
    /// b[63] = 1;
    /// assert_eq!(P256Signature::from_bytes(&b).s()[31], 1);
    /// ```
    pub fn s(&self) -> [u8; 32] {
        let mut out = [0u8; 32];
        out.copy_from_slice(&self.0[32..]);
        out
    }
}

impl AsRef<[u8]> for P256Signature {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl core::fmt::Debug for P256Signature {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "P256Signature(")?;
        for b in self.0 {
            write!(f, "{b:02x}")?;
        }
        write!(f, ")")
    }
}

/// Constant-time comparison of two signatures' bytes is not needed (they
/// are public); `ConstantTimeEq` is offered for symmetry with MAC tags.
impl ConstantTimeEq for P256Signature {
    fn ct_eq(&self, other: &Self) -> subtle::Choice {
        self.0.ct_eq(&other.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_shows_no_secret() {
        let key = P256SigningKey::from_bytes(&[0x42; 32]).unwrap();
        let text = alloc::format!("{key:?}");
        assert!(!text.contains("4242"));
        assert!(text.contains("P256SigningKey"));
    }
}
