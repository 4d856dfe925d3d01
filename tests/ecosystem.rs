//! hpcrypt handed to real generic consumers from the ecosystem, one module
//! per optional feature (each compiled only with its feature; CI runs this
//! file with `--all-features`). Every module checks the answer against
//! hpcrypt's own API or a published vector, so a wrong glue impl fails.
//!
//! - `digest`: RustCrypto `hmac` 0.13 (`Hmac<D>` needs the block-level core,
//!   `SimpleHmac<D>` only `Digest`) and `hkdf` 0.13 over hpcrypt's SHA-2;
//!   code generic over `digest::Digest` and `DynDigest`.
//! - `signature`: the `signature` crate's own generic code (its blanket
//!   `AsyncSigner`/`AsyncVerifier` over any `Signer`/`Verifier`), a
//!   `Signer + Keypair` bound, `SignatureEncoding`.
//! - `aead`: the `aead-stream` STREAM construction (`EncryptorBE32<A>` for
//!   any `AeadInOut + KeyInit`) and `aead`'s blanket `Aead`.
//! - `rand_core`: keys from `rand` 0.10 RNGs, `rand`'s `RngExt` on `SecureRng`.
//! - `serde`: `serde_test` tokens in readable and compact form, JSON.

#![allow(clippy::unwrap_used)]

#[cfg(feature = "digest")]
mod digest_consumers {
    use digest::{Digest, DynDigest, FixedOutputReset};
    use hkdf_0_13::Hkdf;
    use hmac_0_13::{Hmac, KeyInit, Mac, SimpleHmac};
    use hpcrypt::hash::{Sha224, Sha256, Sha384, Sha512};

    /// RFC 4231 test case 2 ("Jefe"), all four SHA-2 tags.
    const KEY: &[u8] = b"Jefe";
    const DATA: &[u8] = b"what do ya want for nothing?";
    const TAG_224: &str = "a30e01098bc6dbbf45690f3a7e9e6d0f8bbea2a39e6148008fd05e44";
    const TAG_256: &str = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
    const TAG_384: &str = "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649";
    const TAG_512: &str = "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737";

    fn hmac_core<D: digest::block_api::EagerHash>(key: &[u8], data: &[u8]) -> Vec<u8>
    where
        Hmac<D>: KeyInit + Mac,
    {
        let mut m = <Hmac<D> as KeyInit>::new_from_slice(key).unwrap();
        // Odd splits exercise the eager block buffer around the core.
        for chunk in data.chunks(7) {
            m.update(chunk);
        }
        m.finalize().into_bytes().to_vec()
    }

    fn hmac_simple<D: Digest + digest::block_api::BlockSizeUser + Clone>(
        key: &[u8],
        data: &[u8],
    ) -> Vec<u8> {
        let mut m = <SimpleHmac<D> as KeyInit>::new_from_slice(key).unwrap();
        m.update(data);
        m.finalize().into_bytes().to_vec()
    }

    #[test]
    fn hmac_0_13_over_hpcrypt_sha2_matches_rfc4231() {
        assert_eq!(hex::encode(hmac_core::<Sha224>(KEY, DATA)), TAG_224);
        assert_eq!(hex::encode(hmac_core::<Sha256>(KEY, DATA)), TAG_256);
        assert_eq!(hex::encode(hmac_core::<Sha384>(KEY, DATA)), TAG_384);
        assert_eq!(hex::encode(hmac_core::<Sha512>(KEY, DATA)), TAG_512);
        assert_eq!(hex::encode(hmac_simple::<Sha256>(KEY, DATA)), TAG_256);
        assert_eq!(hex::encode(hmac_simple::<Sha512>(KEY, DATA)), TAG_512);
        // Longer than a block, many lengths: the core agrees with hpcrypt's HMAC.
        let key = [0xabu8; 131];
        for len in [0, 1, 55, 56, 63, 64, 65, 111, 112, 127, 128, 129, 1000] {
            let msg: Vec<u8> = (0..len).map(|i| i as u8).collect();
            assert_eq!(
                hmac_core::<Sha256>(&key, &msg),
                hpcrypt::mac::HmacSha256::mac(&key, &msg).as_ref(),
                "len {len}"
            );
            assert_eq!(
                hmac_core::<Sha384>(&key, &msg),
                hpcrypt::mac::HmacSha384::mac(&key, &msg).as_ref(),
                "len {len}"
            );
        }
    }

    #[test]
    fn hkdf_0_13_over_hpcrypt_sha256_matches_rfc5869_case1() {
        let ikm = [0x0bu8; 22];
        let salt: Vec<u8> = (0x00..=0x0c).collect();
        let info: Vec<u8> = (0xf0..=0xf9).collect();
        let mut okm = [0u8; 42];
        Hkdf::<Sha256>::new(Some(&salt), &ikm)
            .expand(&info, &mut okm)
            .unwrap();
        assert_eq!(
            hex::encode(okm),
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"
        );
        let mut ours = [0u8; 42];
        hpcrypt::kdf::HkdfSha256::derive(&salt, &ikm, &info, &mut ours).unwrap();
        assert_eq!(okm, ours);
    }

    /// Code generic over `Digest` gets the same bytes as the inherent one-shot.
    #[test]
    fn generic_digest_code_agrees_with_inherent_hash() {
        fn digest_in_pieces<D: Digest>(data: &[u8]) -> Vec<u8> {
            let mut d = D::new();
            for c in data.chunks(13) {
                Digest::update(&mut d, c);
            }
            d.finalize().to_vec()
        }
        let data: Vec<u8> = (0..777u32).map(|i| (i * 7) as u8).collect();
        assert_eq!(
            digest_in_pieces::<Sha224>(&data),
            Sha224::hash(&data).as_ref()
        );
        assert_eq!(
            digest_in_pieces::<Sha256>(&data),
            Sha256::hash(&data).as_ref()
        );
        assert_eq!(
            digest_in_pieces::<Sha384>(&data),
            Sha384::hash(&data).as_ref()
        );
        assert_eq!(
            digest_in_pieces::<Sha512>(&data),
            Sha512::hash(&data).as_ref()
        );
        assert_eq!(<Sha256 as Digest>::output_size(), 32);

        // Reset, finalize_reset and the object-safe `DynDigest`.
        let mut h = <Sha256 as Digest>::new_with_prefix(b"abc");
        let first = FixedOutputReset::finalize_fixed_reset(&mut h);
        assert_eq!(first[..], Sha256::hash(b"abc")[..]);
        Digest::update(&mut h, b"abc");
        assert_eq!(Digest::finalize(h)[..], first[..]);
        let mut boxed: Box<dyn DynDigest> = Box::new(<Sha512 as Digest>::new());
        boxed.update(b"abc");
        let mut out = [0u8; 64];
        boxed.finalize_into_reset(&mut out).unwrap();
        assert_eq!(out, Sha512::hash(b"abc").to_bytes());
    }

    /// The NIST hash OIDs (RFC 5754 §2), and the object-safe
    /// `DynDigestWithOid` that X.509/PKCS#1 code takes.
    #[test]
    fn associated_oids() {
        use digest::const_oid::AssociatedOid;
        assert_eq!(Sha224::OID.to_string(), "2.16.840.1.101.3.4.2.4");
        assert_eq!(Sha256::OID.to_string(), "2.16.840.1.101.3.4.2.1");
        assert_eq!(Sha384::OID.to_string(), "2.16.840.1.101.3.4.2.2");
        assert_eq!(Sha512::OID.to_string(), "2.16.840.1.101.3.4.2.3");
        let d: Box<dyn digest::DynDigestWithOid> = Box::new(<Sha256 as Digest>::new());
        assert_eq!(d.oid(), Sha256::OID);
    }

    /// The `CoreProxy` split and re-join are lossless at any point.
    #[test]
    fn core_decompose_compose_round_trip() {
        use digest::block_api::CoreProxy;
        let data: Vec<u8> = (0..300u32).map(|i| i as u8).collect();
        for split in [0, 1, 64, 65, 127, 128, 129, 299] {
            let mut h = <Sha512 as Digest>::new();
            Digest::update(&mut h, &data[..split]);
            let (core, buffer) = h.decompose();
            let mut h = Sha512::compose(core, buffer);
            Digest::update(&mut h, &data[split..]);
            assert_eq!(
                Digest::finalize(h)[..],
                Sha512::hash(&data)[..],
                "split {split}"
            );
        }
    }
}

#[cfg(feature = "signature")]
mod signature_consumers {
    use hpcrypt::signature::{Ed25519Signature, Ed25519SigningKey, Ed25519VerifyingKey};
    use signature::{AsyncSigner, AsyncVerifier, Keypair, SignatureEncoding, Signer, Verifier};
    use std::future::Future;
    use std::pin::pin;
    use std::task::{Context, Poll, Waker};

    /// Polls a future that never waits (the blanket impls are synchronous).
    fn ready<F: Future>(f: F) -> F::Output {
        match pin!(f).poll(&mut Context::from_waker(Waker::noop())) {
            Poll::Ready(v) => v,
            Poll::Pending => panic!("a synchronous signer returned Pending"),
        }
    }

    /// The `signature` crate's generic code: `AsyncSigner` and
    /// `AsyncVerifier` are blanket-implemented for every `Signer`/`Verifier`.
    #[test]
    fn signature_crate_blanket_async_traits_run_hpcrypt() {
        let key = Ed25519SigningKey::from_bytes(&[9u8; 32]);
        let sig: Ed25519Signature = ready(AsyncSigner::sign_async(&key, b"msg")).unwrap();
        let vk = Keypair::verifying_key(&key);
        assert!(ready(AsyncVerifier::verify_async(&vk, b"msg", &sig)).is_ok());
        assert!(ready(AsyncVerifier::verify_async(&vk, b"msh", &sig)).is_err());
        // The same bytes as hpcrypt's own signer (Ed25519 is deterministic).
        assert_eq!(sig, hpcrypt::signature::Signer::sign(&key, b"msg"));
    }

    /// A consumer written the way RustCrypto documents it: generic over
    /// the signer and its keypair, storing signatures via `SignatureEncoding`.
    struct TokenIssuer<S: Signer<Ed25519Signature> + Keypair> {
        signer: S,
    }

    impl<S> TokenIssuer<S>
    where
        S: Signer<Ed25519Signature> + Keypair,
        S::VerifyingKey: Verifier<Ed25519Signature>,
    {
        fn issue(&self, claims: &[u8]) -> Vec<u8> {
            let sig = self.signer.sign(claims);
            [claims, sig.to_bytes().as_ref()].concat()
        }

        fn check(&self, token: &[u8]) -> Result<(), signature::Error> {
            let (claims, sig) = token.split_at(token.len().saturating_sub(64));
            let sig = Ed25519Signature::try_from(sig).map_err(signature::Error::from)?;
            self.signer.verifying_key().verify(claims, &sig)
        }
    }

    #[test]
    fn generic_signer_keypair_consumer() {
        let issuer = TokenIssuer {
            signer: Ed25519SigningKey::from_bytes(&[3u8; 32]),
        };
        let mut token = issuer.issue(b"sub=alice");
        assert!(issuer.check(&token).is_ok());
        token[0] ^= 1;
        assert!(issuer.check(&token).is_err());
        assert!(issuer.check(b"short").is_err());
        // RFC 8032 §7.1 TEST 1 through the `signature` traits.
        let sk = Ed25519SigningKey::from_bytes(
            &hex::decode("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
                .unwrap()
                .try_into()
                .unwrap(),
        );
        let sig: Ed25519Signature = Signer::sign(&sk, b"");
        assert_eq!(
            hex::encode(sig.to_vec_bytes()),
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
        );
        let vk: Ed25519VerifyingKey = Keypair::verifying_key(&sk);
        assert!(Verifier::verify(&vk, b"", &sig).is_ok());
        assert_eq!(SignatureEncoding::encoded_len(&sig), 64);
    }

    trait ToVecBytes {
        fn to_vec_bytes(&self) -> Vec<u8>;
    }
    impl<T: SignatureEncoding> ToVecBytes for T {
        fn to_vec_bytes(&self) -> Vec<u8> {
            SignatureEncoding::to_bytes(self).as_ref().to_vec()
        }
    }
}

#[cfg(feature = "aead")]
mod aead_consumers {
    use aead::{AeadInOut, KeyInit};
    use aead_stream::{DecryptorBE32, EncryptorBE32};
    use hpcrypt::aead::{Aead, AesGcm128, AesGcm256};

    /// The STREAM construction (Hoang, Reyhanitabar, Rogaway, Vizár 2015)
    /// from `aead-stream`, generic over any `AeadInOut + KeyInit`.
    #[test]
    fn aead_stream_over_hpcrypt_aes_gcm() {
        let key = [0x11u8; 32];
        let prefix = [0x22u8; 7];
        let chunks: [&[u8]; 3] = [b"first chunk", b"second", b"last"];

        let mut enc = EncryptorBE32::<AesGcm256>::new(&key.into(), &prefix.into());
        let c0 = enc.encrypt_next(chunks[0]).unwrap();
        let c1 = enc.encrypt_next(chunks[1]).unwrap();
        let c2 = enc.encrypt_last(chunks[2]).unwrap();

        // STREAM-BE32's nonce: prefix ‖ be32(counter) ‖ last-flag byte;
        // hpcrypt's own API with that nonce gives the same ciphertexts.
        let ours = AesGcm256::new(&key);
        for (i, (ct, pt)) in [&c0, &c1, &c2].into_iter().zip(chunks).enumerate() {
            let mut nonce = [0u8; 12];
            nonce[..7].copy_from_slice(&prefix);
            nonce[7..11].copy_from_slice(&(i as u32).to_be_bytes());
            nonce[11] = u8::from(i == 2);
            assert_eq!(
                ct,
                &Aead::encrypt(&ours, &nonce, pt, b"").unwrap(),
                "chunk {i}"
            );
        }

        let mut dec = DecryptorBE32::<AesGcm256>::new(&key.into(), &prefix.into());
        assert_eq!(dec.decrypt_next(c0.as_slice()).unwrap(), chunks[0]);
        assert_eq!(dec.decrypt_next(c1.as_slice()).unwrap(), chunks[1]);
        // Reordered or truncated streams fail.
        let mut bad = c2.clone();
        bad[0] ^= 1;
        assert!(dec.decrypt_last(bad.as_slice()).is_err());
    }

    /// `aead`'s blanket `Aead` and the in-place API; a tampered message
    /// leaves no plaintext behind.
    #[test]
    fn aead_traits_in_place_and_blanket() {
        let cipher = <AesGcm128 as KeyInit>::new(&[0u8; 16].into());
        // SP 800-38D / GCM paper test case 1 (empty message, zero key and nonce).
        let ct = aead::Aead::encrypt(&cipher, &[0u8; 12].into(), &b""[..]).unwrap();
        assert_eq!(hex::encode(&ct), "58e2fccefa7e3061367f1d57a4e7455a");

        let nonce = [5u8; 12].into();
        let mut buf = b"secret field".to_vec();
        cipher.encrypt_in_place(&nonce, b"aad", &mut buf).unwrap();
        let sealed = buf.clone();
        cipher.decrypt_in_place(&nonce, b"aad", &mut buf).unwrap();
        assert_eq!(buf, b"secret field");
        let mut bad = sealed.clone();
        bad[3] ^= 0x80;
        assert!(cipher.decrypt_in_place(&nonce, b"aad", &mut bad).is_err());
        assert!(!bad.windows(6).any(|w| w == b"secret"));
        assert!(aead::Aead::decrypt(&cipher, &nonce, &sealed[..10]).is_err());
        assert!(<AesGcm256 as KeyInit>::new_from_slice(&[0u8; 31]).is_err());
    }
}

#[cfg(feature = "rand_core")]
mod rand_consumers {
    use hpcrypt::signature::{Ed25519SigningKey, Signer, Verifier};
    use rand::{rngs::StdRng, RngExt, SeedableRng};

    #[test]
    fn keys_from_rand_0_10_rngs() {
        // Seeded: reproducible keys (tests, simulations).
        let a = Ed25519SigningKey::generate_from_rng(&mut StdRng::seed_from_u64(7));
        let b = Ed25519SigningKey::generate_from_rng(&mut StdRng::seed_from_u64(7));
        assert_eq!(a.verifying_key(), b.verifying_key());
        // The thread-local RNG and hpcrypt's OS RNG.
        let c = Ed25519SigningKey::generate_from_rng(&mut rand::rng());
        let d = Ed25519SigningKey::try_generate_from_rng(&mut hpcrypt::rand::SecureRng).unwrap();
        assert_ne!(c.verifying_key(), d.verifying_key());
        let sig = d.sign(b"m");
        assert!(d.verifying_key().verify(b"m", sig.as_ref()).is_ok());
    }

    #[test]
    fn rand_rng_ext_on_secure_rng() {
        let mut rng = hpcrypt::rand::SecureRng;
        let secret: [u8; 32] = rng.random();
        let other: [u8; 32] = rng.random();
        assert_ne!(secret, other);
        let mut v = [0u32; 8];
        rng.fill(&mut v[..]);
        assert_ne!(v, [0u32; 8]);
    }
}

#[cfg(feature = "serde")]
#[path = "fuzz_checks/serde_decode.rs"]
mod serde_decode;

#[cfg(feature = "serde")]
mod serde_consumers {
    use hpcrypt::hash::{Digest, Sha256};
    use hpcrypt::signature::{Ed25519Signature, Ed25519SigningKey, Ed25519VerifyingKey, Signer};
    use serde_test::{assert_de_tokens_error, assert_tokens, Configure, Token};

    #[test]
    fn readable_is_hex_and_compact_is_bytes() {
        let vk = Ed25519SigningKey::from_bytes(&[1u8; 32]).verifying_key();
        let hex_vk: &'static str = Box::leak(hex::encode(vk.to_bytes()).into_boxed_str());
        assert_tokens(&vk.readable(), &[Token::Str(hex_vk)]);
        let bytes: &'static [u8] = Box::leak(Box::new(vk.to_bytes()));
        assert_tokens(&vk.compact(), &[Token::Bytes(bytes)]);

        let sig = Ed25519SigningKey::from_bytes(&[1u8; 32]).sign(b"m");
        let hex_sig: &'static str = Box::leak(hex::encode(*sig).into_boxed_str());
        assert_tokens(&sig.readable(), &[Token::Str(hex_sig)]);

        let d = Sha256::hash(b"abc");
        let hex_d: &'static str = Box::leak(d.to_hex().into_boxed_str());
        assert_tokens(&d.readable(), &[Token::Str(hex_d)]);
    }

    #[test]
    fn wrong_lengths_and_bad_keys_are_errors() {
        assert_de_tokens_error::<serde_test::Readable<Digest<32>>>(
            &[Token::Str("abcd")],
            "invalid length 4, expected 32 bytes, or 64 hex digits",
        );
        assert_de_tokens_error::<serde_test::Compact<Ed25519Signature>>(
            &[Token::Bytes(&[0u8; 63])],
            "invalid length 63, expected 64 bytes, or 128 hex digits",
        );
        // A small-order public key is refused as by `from_bytes`.
        let mut identity = [0u8; 32];
        identity[0] = 1;
        let json = serde_json::to_string(&hex::encode(identity)).unwrap();
        assert!(serde_json::from_str::<Ed25519VerifyingKey>(&json).is_err());
        // Upper-case hex is accepted, non-hex is not.
        let d = Sha256::hash(b"x");
        let upper = serde_json::to_string(&d.to_hex().to_uppercase()).unwrap();
        assert_eq!(serde_json::from_str::<Digest<32>>(&upper).unwrap(), d);
        let junk = serde_json::to_string(&"zz".repeat(32)).unwrap();
        assert!(serde_json::from_str::<Digest<32>>(&junk).is_err());
    }
}

/// The `serde_decode` fuzz property on chosen inputs, plus every input the
/// fuzzer saved under `tests/regressions/serde_decode/`.
#[cfg(feature = "serde")]
#[test]
fn serde_decode_fuzz_property_and_regressions() {
    let vk = hpcrypt::signature::Ed25519SigningKey::from_bytes(&[1u8; 32]).verifying_key();
    let mut inputs: Vec<Vec<u8>> = vec![
        vec![],
        vec![0u8; 32],
        vec![0xffu8; 64],
        hex::encode(vk.to_bytes()).into_bytes(),
        hex::encode_upper([7u8; 64]).into_bytes(),
        format!("\"{}\"", hex::encode([3u8; 32])).into_bytes(),
        b"[1,2,3]".to_vec(),
        "é".repeat(32).into_bytes(),
    ];
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/regressions/serde_decode");
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "md") {
                inputs.push(std::fs::read(path).unwrap());
            }
        }
    }
    for data in inputs {
        serde_decode::serde_decode(&data);
    }
}
