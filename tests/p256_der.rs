//! P-256 ECDSA signatures in DER (`ECDSA-Sig-Value`), on every backend:
//! Wycheproof `ecdsa_secp256r1_sha256_test.json` in, its exact verdict out.
//! Each signature goes through the strict parser `P256Signature::from_der`
//! (a refusal there is an `invalid` verdict) and then verification; each
//! group's key is read from Wycheproof's SubjectPublicKeyInfo DER and PEM
//! and must equal its uncompressed point. Valid signatures are already
//! DER, so `to_der` must give them back byte for byte.

mod common;

use hpcrypt::signature::p256::P256Backend;
use hpcrypt::signature::{P256Signature, P256VerifyingKey};

#[test]
fn wycheproof_der_signatures_on_every_backend() {
    let tests = common::read_wycheproof("wycheproof/ecdsa_secp256r1_sha256_test.json");
    assert_eq!(tests.len(), 484);
    let mut names = Vec::new();
    for backend in P256Backend::available() {
        names.push(backend.name());
        let (mut valid, mut refused_by_parser, mut refused_by_verify) = (0, 0, 0);
        for (group, test) in &tests {
            let id = &test["tcId"];
            let point = common::jhex(&group["publicKey"], "uncompressed");
            let key = P256VerifyingKey::from_public_key_der(&common::jhex(group, "publicKeyDer"))
                .unwrap_or_else(|e| panic!("tcId {id}: SPKI DER: {e:?}"));
            assert_eq!(key.to_sec1_uncompressed().as_slice(), point, "tcId {id}");
            let pem = group["publicKeyPem"].as_str().unwrap();
            assert_eq!(
                P256VerifyingKey::from_public_key_pem(pem).unwrap(),
                key,
                "tcId {id}"
            );
            let (msg, der) = (common::jhex(test, "msg"), common::jhex(test, "sig"));
            let verdict = match P256Signature::from_der(&der) {
                Err(_) => {
                    refused_by_parser += 1;
                    false
                }
                Ok(sig) => {
                    let ok = key.verify_with(backend, &msg, &sig).is_ok();
                    // The prepared key gives the same verdict on every vector.
                    let prepared = key.prepare_with(backend).verify_with(backend, &msg, &sig);
                    assert_eq!(prepared.is_ok(), ok, "tcId {id}: prepared key");
                    if ok {
                        assert_eq!(sig.to_der().as_ref(), der.as_slice(), "tcId {id}: to_der");
                    } else {
                        refused_by_verify += 1;
                    }
                    ok
                }
            };
            let want = match test["result"].as_str().unwrap() {
                "valid" => true,
                "invalid" => false,
                other => panic!("tcId {id}: result {other}"),
            };
            assert_eq!(
                verdict,
                want,
                "{}: tcId {id} ({}) {:?}",
                backend.name(),
                test["comment"],
                test["flags"]
            );
            valid += usize::from(verdict);
        }
        assert_eq!(valid, 174);
        println!(
            "{}: 174 valid, 310 invalid ({refused_by_parser} refused by the DER parser, \
             {refused_by_verify} by verification)",
            backend.name()
        );
    }
    common::report("P-256 DER (Wycheproof)", &names);
}

/// Signatures hpcrypt makes survive DER and back (OpenSSL reading and
/// writing them: `tests/jwt_es256.rs`).
#[test]
fn der_round_trips() {
    use hpcrypt::signature::P256SigningKey;
    let key = P256SigningKey::from_bytes(&[0x11; 32]).unwrap();
    for i in 0..64u32 {
        let sig = key.sign(&i.to_be_bytes());
        let der = sig.to_der();
        assert_eq!(P256Signature::from_der(der.as_ref()).unwrap(), sig);
        assert!((8..=72).contains(&der.len()));
    }
    // Short r and s (leading zeros) and top-bit values (a 00 pad).
    for rs in [[0u8; 64], [0x80; 64], [0x7f; 64], {
        let mut v = [0u8; 64];
        v[31] = 1;
        v[63] = 0x80;
        v
    }] {
        let sig = P256Signature::from_bytes(&rs);
        assert_eq!(P256Signature::from_der(sig.to_der().as_ref()).unwrap(), sig);
    }
}

/// Hostile DER never panics: every truncation, extension and single-bit
/// flip of the Wycheproof signatures is `Ok` or `Err`, and what parses is
/// its own `to_der` (one encoding per signature).
#[test]
fn mutated_der_never_panics() {
    let tests = common::read_wycheproof("wycheproof/ecdsa_secp256r1_sha256_test.json");
    for (_, test) in tests.iter().step_by(3) {
        let der = common::jhex(test, "sig");
        let check = |b: &[u8]| {
            if let Ok(sig) = P256Signature::from_der(b) {
                assert_eq!(sig.to_der().as_ref(), b);
            }
        };
        for n in 0..=der.len() {
            check(&der[..n]);
        }
        let mut longer = der.clone();
        longer.push(0);
        check(&longer);
        for i in 0..der.len() * 8 {
            let mut m = der.clone();
            m[i / 8] ^= 1 << (i % 8);
            check(&m);
        }
    }
}
