//! Batch verification: one multi-scalar multiplication for many signatures.

use super::scalar::Scalar;
use super::{challenge, Ed25519Backend, Ed25519Signature, Ed25519VerifyingKey};
use crate::Error;

/// Verifies `sigs[i]` on `msgs[i]` under `keys[i]` for every i, all at once.
///
/// Each signature gets the decoding checks of
/// [`Verifier::verify`](crate::signature::Verifier::verify) (64 bytes,
/// S < L, canonical R; keys are already canonical and not of small order),
/// then one cofactored equation with independent random 128-bit weights
/// z_i from the operating system's RNG:
///
/// `[8]·([Σ z_i·S_i]B − Σ [z_i]R_i − Σ [z_i·k_i]A_i) = O`.
///
/// Because `verify` also uses the cofactored equation, a batch in which
/// every signature passes `verify` always passes, and a batch containing a
/// signature that `verify` rejects fails except with probability about
/// 2^-128. (With a cofactorless single verifier the two would differ on
/// points with a small-order component; see the README.)
///
/// `Err(Error::LengthMismatch)` when the three slices differ in length,
/// `Err(Error::InvalidSignature)` when the batch fails (without saying which
/// signature), `Err(Error::RandomnessUnavailable)` if the RNG fails. An
/// empty batch is `Ok`.
///
/// ```
/// use hpcrypt::signature::{ed25519::verify_batch, Ed25519SigningKey, Signer};
/// let keys: Vec<_> = (0..3u8).map(|i| Ed25519SigningKey::from_bytes(&[i; 32])).collect();
/// let msgs: [&[u8]; 3] = [b"a", b"b", b"c"];
/// let sigs: Vec<_> = keys.iter().zip(msgs).map(|(k, m)| k.sign(m)).collect();
/// let vks: Vec<_> = keys.iter().map(|k| k.verifying_key()).collect();
/// assert!(verify_batch(&msgs, &sigs, &vks).is_ok());
/// assert!(verify_batch(&msgs[..2], &sigs, &vks).is_err());
/// ```
#[cfg(feature = "getrandom")]
pub fn verify_batch(
    msgs: &[&[u8]],
    sigs: &[Ed25519Signature],
    keys: &[Ed25519VerifyingKey],
) -> Result<(), Error> {
    verify_batch_with(Ed25519Backend::detect(), msgs, sigs, keys)
}

/// [`verify_batch`] with the weights drawn from the caller's RNG
/// (`rand_core` 0.10; works without `getrandom`).
///
/// ```
/// use hpcrypt::signature::{ed25519::verify_batch_from_rng, Ed25519SigningKey, Signer};
/// let keys: Vec<_> = (0..2u8).map(|i| Ed25519SigningKey::from_bytes(&[i; 32])).collect();
/// let msgs: [&[u8]; 2] = [b"a", b"b"];
/// let sigs: Vec<_> = keys.iter().zip(msgs).map(|(k, m)| k.sign(m)).collect();
/// let vks: Vec<_> = keys.iter().map(|k| k.verifying_key()).collect();
/// # #[cfg(feature = "getrandom")] {
/// let mut rng = hpcrypt::rand::SecureRng;
/// assert!(verify_batch_from_rng(&mut rng, &msgs, &sigs, &vks).is_ok());
/// # }
/// ```
#[cfg(feature = "rand_core")]
pub fn verify_batch_from_rng<R: rand_core::CryptoRng + ?Sized>(
    rng: &mut R,
    msgs: &[&[u8]],
    sigs: &[Ed25519Signature],
    keys: &[Ed25519VerifyingKey],
) -> Result<(), Error> {
    verify_batch_weighted(Ed25519Backend::detect(), msgs, sigs, keys, |w| {
        rng.fill_bytes(w);
        Ok(())
    })
}

/// [`verify_batch`] on a chosen backend (tests, benches).
#[doc(hidden)]
#[cfg(feature = "getrandom")]
pub fn verify_batch_with(
    backend: Ed25519Backend,
    msgs: &[&[u8]],
    sigs: &[Ed25519Signature],
    keys: &[Ed25519VerifyingKey],
) -> Result<(), Error> {
    verify_batch_weighted(backend, msgs, sigs, keys, crate::rand::fill_random)
}

/// The batch equation with weights from `fill_weights` (16 bytes each).
fn verify_batch_weighted(
    backend: Ed25519Backend,
    msgs: &[&[u8]],
    sigs: &[Ed25519Signature],
    keys: &[Ed25519VerifyingKey],
    fill_weights: impl FnOnce(&mut [u8]) -> Result<(), Error>,
) -> Result<(), Error> {
    use alloc::vec::Vec;
    let n = msgs.len();
    if sigs.len() != n || keys.len() != n {
        return Err(Error::LengthMismatch);
    }
    if n == 0 {
        return Ok(());
    }
    let mut weights = alloc::vec![0u8; 16 * n];
    fill_weights(&mut weights)?;

    // RFC 8032 §5.1.7 step 1 for every signature: S < L, R canonical.
    let mut s_values = Vec::with_capacity(n);
    for sig in sigs {
        s_values.push(
            Scalar::vartime_from_canonical_bytes(sig.s_bytes()).ok_or(Error::InvalidSignature)?,
        );
    }
    let r_encodings: Vec<&[u8; 32]> = sigs.iter().map(Ed25519Signature::r_bytes).collect();
    let r_points = backend
        .vartime_decompress_all(&r_encodings)
        .ok_or(Error::InvalidSignature)?;

    let mut scalars = Vec::with_capacity(2 * n);
    let mut points = Vec::with_capacity(2 * n);
    let mut b_coeff = Scalar::ZERO;
    for ((((msg, sig), key), w), (s, r)) in msgs
        .iter()
        .zip(sigs)
        .zip(keys)
        .zip(weights.chunks_exact(16))
        .zip(s_values.iter().zip(&r_points))
    {
        let mut zb = [0u8; 32];
        zb[..16].copy_from_slice(w);
        let z = Scalar::from_bytes_mod_order(&zb);
        let k = challenge(sig.r_bytes(), &key.bytes, msg);
        // Terms moved to one side: [Σ z_i S_i]B + Σ [z_i](−R_i) + Σ [z_i k_i](−A_i) = O.
        b_coeff = Scalar::add(&b_coeff, &Scalar::mul(&z, s));
        scalars.push(z);
        points.push(-r);
        scalars.push(Scalar::mul(&z, &k));
        points.push(key.minus_a);
    }
    let sum = backend.vartime_multiscalar_mul(&b_coeff, &scalars, &points);
    if bool::from(sum.mul_by_cofactor().is_identity()) {
        Ok(())
    } else {
        Err(Error::InvalidSignature)
    }
}
