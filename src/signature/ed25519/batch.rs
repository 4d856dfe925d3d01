//! Batch verification: one multi-scalar multiplication for many signatures.

use super::scalar::Scalar;
use super::{challenge, Ed25519Backend, Ed25519Signature, Ed25519VerifyingKey};
use crate::hash::{Hash, Sha512};
use crate::Error;

/// Verifies `sigs[i]` on `msgs[i]` under `keys[i]` for every i, all at once.
///
/// Each signature gets the decoding checks of
/// [`Verifier::verify`](crate::signature::Verifier::verify) (64 bytes,
/// S < L, canonical R; keys are already canonical and not of small order),
/// then one cofactored equation with 128-bit weights z_i: 32 bytes from the
/// operating system's RNG hashed with the whole batch (every R_i, S_i, A_i
/// and H(R_i ‖ A_i ‖ M_i)), so a forger cannot choose signatures to fit them:
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
/// The RNG's 32 bytes only seed the weights, which are hashed together with
/// the whole batch (as in `verify_batch`): a stuck, failed or predictable RNG
/// (a hardware RNG that fails typically repeats one value) cannot make the
/// check vacuous (all weights zero) or cancellable (equal or known weights).
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

/// The batch equation with weights seeded by `fill_seed` (32 bytes).
fn verify_batch_weighted(
    backend: Ed25519Backend,
    msgs: &[&[u8]],
    sigs: &[Ed25519Signature],
    keys: &[Ed25519VerifyingKey],
    fill_seed: impl FnOnce(&mut [u8]) -> Result<(), Error>,
) -> Result<(), Error> {
    use alloc::vec::Vec;
    let n = msgs.len();
    if sigs.len() != n || keys.len() != n {
        return Err(Error::LengthMismatch);
    }
    if n == 0 {
        return Ok(());
    }
    let mut seed = [0u8; 32];
    fill_seed(&mut seed)?;

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

    let ks: Vec<Scalar> = msgs
        .iter()
        .zip(sigs)
        .zip(keys)
        .map(|((msg, sig), key)| challenge(sig.r_bytes(), &key.bytes, msg))
        .collect();
    let weights = batch_weights(&seed, sigs, keys, &ks);

    let mut scalars = Vec::with_capacity(2 * n);
    let mut points = Vec::with_capacity(2 * n);
    let mut b_coeff = Scalar::ZERO;
    for (((w, &k), key), (s, r)) in weights
        .chunks_exact(16)
        .zip(&ks)
        .zip(keys)
        .zip(s_values.iter().zip(&r_points))
    {
        let mut zb = [0u8; 32];
        zb[..16].copy_from_slice(w);
        let z = Scalar::from_bytes_mod_order(&zb);
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

/// The 128-bit weights z_i (16 bytes each), derived from the RNG's `seed`
/// and the whole batch: blocks of SHA-512(T ‖ j), where
/// T = SHA-512(label ‖ seed ‖ (R_i ‖ S_i ‖ A_i ‖ k_i) for every i) and
/// k_i = H(R_i ‖ A_i ‖ M_i) binds the message.
///
/// With a good RNG the weights are as unpredictable as the seed. With a
/// stuck or predictable one they are still a hash of the batch, so a forger
/// must commit to every signature before learning the weights (the
/// "synthetic randomness" of deterministic batch verifiers); raw RNG bytes
/// as weights would instead be all zero (every batch passes) or all equal
/// (errors in S_i that sum to zero cancel) when the RNG is stuck.
fn batch_weights(
    seed: &[u8; 32],
    sigs: &[Ed25519Signature],
    keys: &[Ed25519VerifyingKey],
    ks: &[Scalar],
) -> alloc::vec::Vec<u8> {
    let mut t = Sha512::new();
    t.update(b"hpcrypt ed25519 batch weights v1");
    t.update(seed);
    for ((sig, key), k) in sigs.iter().zip(keys).zip(ks) {
        t.update(&sig.0);
        t.update(&key.bytes);
        t.update(k.as_bytes());
    }
    let t = t.finalize();
    let mut weights = alloc::vec![0u8; 16 * sigs.len()];
    for (j, chunk) in (0u64..).zip(weights.chunks_mut(64)) {
        let mut h = Sha512::new();
        h.update(t.as_ref());
        h.update(&j.to_le_bytes());
        let block = h.finalize();
        chunk.copy_from_slice(&block[..chunk.len()]);
    }
    weights
}
