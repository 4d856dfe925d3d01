//! Ed25519 against `ed25519-dalek` as an oracle: byte-equal signatures and
//! public keys for random seeds and messages, and equal verdicts on random
//! and mutated keys, signatures and messages.
//!
//! Known, documented differences are excluded explicitly (they only arise
//! for crafted inputs, never for random ones): hpcrypt refuses small-order
//! public keys at parse time, and `verify` is cofactored where dalek's is
//! cofactorless (the CCTV test pins down hpcrypt's exact behaviour there).

use ed25519_dalek::Verifier as _;
use hpcrypt::backend::Ed25519Backend;
use hpcrypt::signature::ed25519::{verify_batch, verify_batch_with};
use hpcrypt::signature::{
    Ed25519Signature, Ed25519SigningKey, Ed25519VerifyingKey, Signer, Verifier,
};
use proptest::prelude::*;

/// hpcrypt's and dalek's verdicts on (key bytes, msg, sig bytes).
fn verdicts(key: &[u8; 32], msg: &[u8], sig: &[u8; 64]) -> (bool, Option<bool>) {
    let ours = Ed25519VerifyingKey::from_bytes(key).is_ok_and(|k| k.verify(msg, sig).is_ok());
    let dalek_key = ed25519_dalek::VerifyingKey::from_bytes(key);
    let theirs = match dalek_key {
        // dalek accepts small-order keys; hpcrypt refuses them: not comparable.
        Ok(k) if k.is_weak() => None,
        Ok(k) => Some(
            k.verify(msg, &ed25519_dalek::Signature::from_bytes(sig))
                .is_ok(),
        ),
        Err(_) => Some(false),
    };
    (ours, theirs)
}

fn check_agree(key: &[u8; 32], msg: &[u8], sig: &[u8; 64]) -> Result<(), TestCaseError> {
    let (ours, theirs) = verdicts(key, msg, sig);
    if let Ok(k) = Ed25519VerifyingKey::from_bytes(key) {
        for b in Ed25519Backend::available() {
            prop_assert_eq!(
                k.verify_with(b, msg, sig, false).is_ok(),
                ours,
                "{}",
                b.name()
            );
        }
    }
    if let Some(theirs) = theirs {
        prop_assert_eq!(
            ours,
            theirs,
            "key {} sig {}",
            hex::encode(key),
            hex::encode(sig)
        );
    }
    // verify_strict and a one-element batch agree with verify on these inputs
    // (random points are never of small order).
    if let Ok(k) = Ed25519VerifyingKey::from_bytes(key) {
        prop_assert_eq!(k.verify_strict(msg, sig).is_ok(), ours);
        let batch = verify_batch(&[msg], &[Ed25519Signature::from_bytes(sig)], &[k]).is_ok();
        prop_assert_eq!(batch, ours);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn ed25519_signatures_match_dalek(seed in any::<[u8; 32]>(),
                                      msg in proptest::collection::vec(any::<u8>(), 0..400)) {
        let ours = Ed25519SigningKey::from_bytes(&seed);
        let dalek = ed25519_dalek::SigningKey::from_bytes(&seed);
        prop_assert_eq!(ours.verifying_key().to_bytes(), dalek.verifying_key().to_bytes());
        let sig = ours.sign(&msg);
        let want = ed25519_dalek::Signer::sign(&dalek, &msg);
        prop_assert_eq!(sig.to_bytes(), want.to_bytes());
        for b in Ed25519Backend::available() {
            let key = Ed25519SigningKey::from_bytes_with(b, &seed);
            prop_assert_eq!(key.sign_with(b, &msg).to_bytes(), want.to_bytes());
            let vk = key.verifying_key();
            prop_assert!(vk.verify_with(b, &msg, &want.to_bytes(), false).is_ok());
        }
        check_agree(&ours.verifying_key().to_bytes(), &msg, &sig.to_bytes())?;
    }

    #[test]
    fn ed25519_verdicts_match_dalek_on_mutations(seed in any::<[u8; 32]>(),
                                                 msg in proptest::collection::vec(any::<u8>(), 0..300),
                                                 target in 0usize..3,
                                                 byte in any::<usize>(),
                                                 bit in 0u8..8) {
        let key = Ed25519SigningKey::from_bytes(&seed);
        let mut pk = key.verifying_key().to_bytes();
        let mut sig = key.sign(&msg).to_bytes();
        let mut msg = msg;
        match target {
            0 => pk[byte % 32] ^= 1 << bit,
            1 => sig[byte % 64] ^= 1 << bit,
            _ => {
                if msg.is_empty() {
                    msg.push(0);
                } else {
                    let n = msg.len();
                    msg[byte % n] ^= 1 << bit;
                }
            }
        }
        check_agree(&pk, &msg, &sig)?;
        let (ours, _) = verdicts(&pk, &msg, &sig);
        prop_assert!(!ours, "a mutated signature verified");
    }

    #[test]
    fn ed25519_verdicts_match_dalek_on_random_input(pk in any::<[u8; 32]>(),
                                                    sig in proptest::collection::vec(any::<u8>(), 64),
                                                    msg in proptest::collection::vec(any::<u8>(), 0..100)) {
        let sig: [u8; 64] = sig.try_into().expect("64");
        check_agree(&pk, &msg, &sig)?;
    }

    #[test]
    fn ed25519_random_s_below_l_matches_dalek(seed in any::<[u8; 32]>(),
                                              s in any::<[u8; 32]>(),
                                              msg in proptest::collection::vec(any::<u8>(), 0..64)) {
        // A valid R with a random S (top bits cleared so it is often < L).
        let key = Ed25519SigningKey::from_bytes(&seed);
        let mut sig = key.sign(&msg).to_bytes();
        sig[32..].copy_from_slice(&s);
        sig[63] &= 0x0f;
        check_agree(&key.verifying_key().to_bytes(), &msg, &sig)?;
    }

    /// Every backend against `soft` on random keys (random points [a]B) and
    /// random nonces (random scalars [r]B): key generation and signing via
    /// the fixed-base multiplication, batches via the multi-scalar one, with
    /// one signature corrupted half of the time.
    #[test]
    fn ed25519_backends_agree_with_soft(seeds in proptest::collection::vec(any::<[u8; 32]>(), 1..6),
                                        msg in proptest::collection::vec(any::<u8>(), 0..80),
                                        corrupt in any::<Option<(usize, u8)>>()) {
        let soft: Vec<Ed25519SigningKey> = seeds
            .iter()
            .map(|s| Ed25519SigningKey::from_bytes_with(Ed25519Backend::Soft, s))
            .collect();
        let mut sigs: Vec<Ed25519Signature> =
            soft.iter().map(|k| k.sign_with(Ed25519Backend::Soft, &msg)).collect();
        let vks: Vec<_> = soft.iter().map(Ed25519SigningKey::verifying_key).collect();
        if let Some((i, bit)) = corrupt {
            let i = i % sigs.len();
            let mut b = sigs[i].to_bytes();
            b[usize::from(bit) % 64] ^= 1 << (bit % 8);
            sigs[i] = Ed25519Signature::from_bytes(&b);
        }
        let msgs: Vec<&[u8]> = vec![&msg[..]; sigs.len()];
        let want = verify_batch_with(Ed25519Backend::Soft, &msgs, &sigs, &vks).is_ok();
        prop_assert_eq!(want, corrupt.is_none());
        for b in Ed25519Backend::available() {
            for (seed, k) in seeds.iter().zip(&soft) {
                let kb = Ed25519SigningKey::from_bytes_with(b, seed);
                prop_assert_eq!(kb.verifying_key().to_bytes(), k.verifying_key().to_bytes());
                prop_assert_eq!(kb.sign_with(b, &msg).to_bytes(), k.sign_with(Ed25519Backend::Soft, &msg).to_bytes());
            }
            for ((sig, vk), m) in sigs.iter().zip(&vks).zip(&msgs) {
                prop_assert_eq!(
                    vk.verify_with(b, m, &sig.to_bytes(), false).is_ok(),
                    vk.verify_with(Ed25519Backend::Soft, m, &sig.to_bytes(), false).is_ok(),
                    "{}", b.name()
                );
            }
            prop_assert_eq!(verify_batch_with(b, &msgs, &sigs, &vks).is_ok(), want, "{}", b.name());
        }
    }
}
