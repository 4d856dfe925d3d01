//! Ed25519's public functions on empty, short, long and absurd inputs:
//! every call returns `Err` or a value, never panics.

use hpcrypt::signature::ed25519::verify_batch;
use hpcrypt::signature::{
    Ed25519Signature, Ed25519SigningKey, Ed25519VerifyingKey, Signer, Verifier,
};

const LENGTHS: &[usize] = &[0, 1, 31, 32, 33, 63, 64, 65, 127, 128, 129, 4096];

#[test]
fn ed25519_no_panic_on_any_length() {
    let key = Ed25519SigningKey::from_bytes(&[5u8; 32]);
    let vk = key.verifying_key();
    for &len in LENGTHS {
        for fill in [0x00u8, 0xff, 0x5a] {
            let data = vec![fill; len];
            assert!(vk.verify(&data, &data).is_err());
            assert!(vk.verify_strict(&data, &data).is_err());
            let _ = Ed25519Signature::from_slice(&data);
            let _ = Ed25519VerifyingKey::from_slice(&data);
            let sig = key.sign(&data);
            assert!(vk.verify(&data, sig.as_ref()).is_ok());
        }
    }
}

#[test]
fn ed25519_no_panic_on_every_key_and_signature_pattern() {
    let msg = b"no panic";
    let key = Ed25519SigningKey::from_bytes(&[6u8; 32]);
    let good = key.sign(msg).to_bytes();
    // Keys: all-zero, all-one bits, each single byte value repeated, and
    // every single-byte change of a valid key.
    let mut keys: Vec<[u8; 32]> = (0..=255u8).map(|b| [b; 32]).collect();
    let pk = key.verifying_key().to_bytes();
    for i in 0..32 {
        for v in [0u8, 0x80, 0xff] {
            let mut k = pk;
            k[i] = v;
            keys.push(k);
        }
    }
    for k in &keys {
        if let Ok(vk) = Ed25519VerifyingKey::from_bytes(k) {
            let _ = vk.verify(msg, &good);
            let _ = vk.verify_strict(msg, &good);
            let _ = verify_batch(&[msg], &[Ed25519Signature::from_bytes(&good)], &[vk]);
        }
    }
    // Signatures: every byte pattern in R and in S.
    let vk = key.verifying_key();
    for b in 0..=255u8 {
        for half in 0..2 {
            let mut s = good;
            s[32 * half..32 * half + 32].fill(b);
            assert!(vk.verify(msg, &s).is_err());
            assert!(vk.verify_strict(msg, &s).is_err());
            let sig = Ed25519Signature::from_bytes(&s);
            assert!(verify_batch(&[msg], &[sig], &[vk]).is_err());
        }
    }
}

#[test]
fn ed25519_no_panic_in_batches_of_odd_shapes() {
    let key = Ed25519SigningKey::from_bytes(&[8u8; 32]);
    let vk = key.verifying_key();
    let sig = key.sign(b"");
    let msgs: Vec<&[u8]> = vec![b""; 5];
    for (m, s, k) in [
        (5usize, 4usize, 5usize),
        (0, 1, 0),
        (5, 5, 0),
        (0, 0, 0),
        (5, 5, 5),
    ] {
        let r = verify_batch(&msgs[..m], &vec![sig; s], &vec![vk; k]);
        assert_eq!(r.is_ok(), m == s && s == k);
    }
}
