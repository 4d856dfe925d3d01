//! A P-256 public key prepared for many verifications: the odd multiples
//! of Q and of Q' = [2^128]Q computed once, so each verification splits
//! its scalars into 128-bit halves and needs 128 doublings instead of 256
//! (`vartime::vartime_double_mul_split`). Verification only: everything
//! here is public data.

use super::backend::P256Backend;
use super::scalar::Scalar;
use super::vartime::SplitTables;
use super::{P256Signature, P256VerifyingKey};
use crate::hash::Sha256;
use crate::signature::Verifier;
use crate::Error;

/// A [`P256VerifyingKey`] with precomputed multiples for faster
/// verification of many signatures under the same key (a JWT issuer's key,
/// a pinned server key).
///
/// [`P256VerifyingKey::prepare`] computes, once, the odd multiples
/// (2i + 1)·Q and (2i + 1)·\[2^128\]Q for i < 32 in affine form (one batched
/// inversion for all 64). Each verification then splits u = u0 + 2^128·u1
/// and v = v0 + 2^128·v1 and computes \[u0\]G + \[u1\]G' + \[v0\]Q + \[v1\]Q'
/// (G' = \[2^128\]G from a static table) with 128 point doublings instead of
/// 256. It accepts exactly the signatures [`P256VerifyingKey::verify`]
/// accepts (FIPS 186-5 §6.4.2): the point R is the same.
///
/// Cost: preparing takes about three quarters of one plain verification
/// (measured on a Zen 4 core: 44 µs, against 59 µs per plain and 32 µs per
/// prepared verification; README "P-256 (ES256)"), so it pays off from the
/// second verification under the key on. The prepared key is about 4 KiB
/// (64 affine points), the static G' table 64 KiB. `Clone`, `Send`, `Sync`;
/// nothing in it is secret.
///
/// ```
/// use hpcrypt::signature::{P256SigningKey, Verifier};
/// let signing_key = P256SigningKey::from_bytes(&[7u8; 32])?;
/// let prepared = signing_key.verifying_key().prepare();
/// for msg in [&b"token one"[..], b"token two"] {
///     let sig = signing_key.sign(msg);
///     prepared.verify(msg, &sig)?;
///     Verifier::verify(&prepared, msg, sig.as_ref())?;
/// }
/// assert!(prepared.verify(b"other", &signing_key.sign(b"token one")).is_err());
/// assert_eq!(prepared.verifying_key(), signing_key.verifying_key());
/// # Ok::<(), hpcrypt::Error>(())
/// ```
#[derive(Clone)]
pub struct P256PreparedVerifyingKey {
    key: P256VerifyingKey,
    tables: SplitTables,
}

impl P256VerifyingKey {
    /// This key with the precomputation for faster repeated verification
    /// (see [`P256PreparedVerifyingKey`]: about three quarters of one
    /// verification's cost, then each verification ~45 % cheaper).
    ///
    /// ```
    /// use hpcrypt::signature::P256SigningKey;
    /// let key = P256SigningKey::from_bytes(&[1u8; 32])?;
    /// let prepared = key.verifying_key().prepare();
    /// assert!(prepared.verify(b"m", &key.sign(b"m")).is_ok());
    /// # Ok::<(), hpcrypt::Error>(())
    /// ```
    pub fn prepare(&self) -> P256PreparedVerifyingKey {
        self.prepare_with(P256Backend::detect())
    }

    /// [`prepare`](Self::prepare) on a chosen backend (tests, benches).
    #[doc(hidden)]
    pub fn prepare_with(&self, backend: P256Backend) -> P256PreparedVerifyingKey {
        P256PreparedVerifyingKey {
            key: *self,
            tables: backend.vartime_prepare(&self.point),
        }
    }
}

impl P256PreparedVerifyingKey {
    /// The public key this was prepared from.
    ///
    /// ```
    /// use hpcrypt::signature::P256SigningKey;
    /// let vk = P256SigningKey::from_bytes(&[1u8; 32])?.verifying_key();
    /// assert_eq!(vk.prepare().verifying_key(), vk);
    /// # Ok::<(), hpcrypt::Error>(())
    /// ```
    pub fn verifying_key(&self) -> P256VerifyingKey {
        self.key
    }

    /// Checks `sig` on `msg` exactly as [`P256VerifyingKey::verify`] does
    /// (FIPS 186-5 §6.4.2 with SHA-256; both s and n − s verify):
    /// [`Error::InvalidSignature`] unless r, s ∈ [1, n−1] and the equation
    /// holds.
    ///
    /// ```
    /// use hpcrypt::signature::P256SigningKey;
    /// let key = P256SigningKey::from_bytes(&[1u8; 32])?;
    /// let prepared = key.verifying_key().prepare();
    /// let sig = key.sign(b"m");
    /// assert!(prepared.verify(b"m", &sig).is_ok());
    /// assert!(prepared.verify(b"n", &sig).is_err());
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
        if backend.vartime_verify_prepared(&self.tables, &e, &sig.0) {
            Ok(())
        } else {
            Err(Error::InvalidSignature)
        }
    }
}

impl Verifier for P256PreparedVerifyingKey {
    /// `signature` must be 64 bytes r ‖ s; anything else is
    /// [`Error::InvalidSignature`].
    fn verify(&self, msg: &[u8], signature: &[u8]) -> Result<(), Error> {
        let sig = P256Signature::from_slice(signature)?;
        P256PreparedVerifyingKey::verify(self, msg, &sig)
    }
}

impl From<P256VerifyingKey> for P256PreparedVerifyingKey {
    /// [`P256VerifyingKey::prepare`].
    fn from(key: P256VerifyingKey) -> Self {
        key.prepare()
    }
}

impl PartialEq for P256PreparedVerifyingKey {
    /// Equal keys (the tables follow from the key).
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}

impl Eq for P256PreparedVerifyingKey {}

impl core::fmt::Debug for P256PreparedVerifyingKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_tuple("P256PreparedVerifyingKey")
            .field(&self.key)
            .finish()
    }
}
