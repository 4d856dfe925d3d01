//! The optional ecosystem trait impls (issue 11) against independent
//! implementations and hostile callers, on seeded random inputs:
//!
//! - `aead`: `AeadInOut` (in place, in/out, detached), the blanket `Aead`
//!   and the deprecated `AeadInPlace` give the bytes of hpcrypt's own API and
//!   of RustCrypto's `aes-gcm`; a tampered message leaves no plaintext in any
//!   buffer the caller can see; odd lengths are errors, never panics.
//! - `digest`: `Digest`, `hmac::Hmac`/`HmacReset`/`SimpleHmac` and
//!   `hkdf::Hkdf` over hpcrypt's SHA-2 give the bytes of `sha2`-based ones,
//!   for random lengths and streaming splits, with `reset`/`finalize_reset`,
//!   and the block-level core around every padding boundary.
//! - `signature`: the trait `Verifier` accepts exactly what hpcrypt's own
//!   `verify` accepts (C2SP edge-case vectors and random corruptions).
//! - `serde`: hostile strings/bytes/sequences are errors; a public key
//!   decodes iff `from_bytes` accepts it; secret types have no serde impl.
//!
//! Run with `--all-features`; each module needs only its own feature.

#![allow(clippy::unwrap_used)]

mod common;

#[allow(unused_imports)]
use rand::{rngs::StdRng, Rng, RngExt, SeedableRng};

/// `len` random bytes.
#[allow(dead_code)]
fn bytes(rng: &mut StdRng, len: usize) -> Vec<u8> {
    let mut v = vec![0u8; len];
    rng.fill_bytes(&mut v);
    v
}

/// Up to `max - 1` random bytes.
#[allow(dead_code)]
fn some_bytes(rng: &mut StdRng, max: usize) -> Vec<u8> {
    let len = rng.random_range(0..max);
    bytes(rng, len)
}

/// Splits `data` into random-length pieces (empty ones included).
#[allow(dead_code)]
fn random_chunks<'a>(rng: &mut StdRng, mut data: &'a [u8]) -> Vec<&'a [u8]> {
    let mut out = Vec::new();
    while !data.is_empty() {
        let n = rng.random_range(0..=data.len().min(200));
        let (a, b) = data.split_at(n);
        out.push(a);
        data = b;
    }
    out
}

/// Lengths around the SHA-2 padding boundaries of both block sizes.
#[allow(dead_code)]
const EDGES: [usize; 20] = [
    0, 1, 55, 56, 57, 63, 64, 65, 111, 112, 113, 119, 120, 127, 128, 129, 191, 192, 255, 256,
];

#[cfg(feature = "aead")]
mod aead_differential {
    use super::*;
    use aead::inout::InOutBuf;
    use aead::{AeadInOut, KeyInit, Nonce, Tag};
    use aes_gcm::aead::Payload;
    use hpcrypt::aead::{Aead as HpAead, AesGcm128, AesGcm256};

    /// One cipher through every `aead` 0.6 entry point, checked against
    /// hpcrypt's own `Aead` and `aes-gcm` 0.10.
    fn check<C, R>(key: &[u8], rng: &mut StdRng)
    where
        C: AeadInOut + KeyInit + HpAead,
        R: aes_gcm::aead::Aead + aes_gcm::aead::KeyInit,
    {
        let ours = <C as KeyInit>::new_from_slice(key).unwrap();
        let peer = <R as aes_gcm::aead::KeyInit>::new_from_slice(key).unwrap();
        let len = if rng.random_bool(0.3) {
            rng.random_range(0..40)
        } else {
            rng.random_range(0..700)
        };
        let pt = bytes(rng, len);
        let aad = some_bytes(rng, 70);
        let n = bytes(rng, 12);
        let nonce = Nonce::<C>::try_from(&n[..]).unwrap();

        // Expected: hpcrypt's own API, and aes-gcm.
        let own = HpAead::encrypt(&ours, &n, &pt, &aad).unwrap();
        let want = peer
            .encrypt(
                aes_gcm::Nonce::from_slice(&n),
                Payload {
                    msg: &pt,
                    aad: &aad,
                },
            )
            .unwrap();
        assert_eq!(own, want, "hpcrypt Aead vs aes-gcm, len {len}");

        // In place on a Vec.
        let mut buf = pt.clone();
        ours.encrypt_in_place(&nonce, &aad, &mut buf).unwrap();
        assert_eq!(buf, want);
        // Blanket `aead::Aead`.
        let via_blanket = aead::Aead::encrypt(
            &ours,
            &nonce,
            aead::Payload {
                msg: &pt,
                aad: &aad,
            },
        )
        .unwrap();
        assert_eq!(via_blanket, want);
        // In/out with distinct buffers, detached tag.
        let mut out = vec![0x5au8; len];
        let tag = ours
            .encrypt_inout_detached(&nonce, &aad, InOutBuf::new(&pt, &mut out).unwrap())
            .unwrap();
        assert_eq!(out, want[..len]);
        assert_eq!(tag[..], want[len..]);

        // Decryption of the genuine message, every way.
        let mut buf = want.clone();
        ours.decrypt_in_place(&nonce, &aad, &mut buf).unwrap();
        assert_eq!(buf, pt);
        let mut out = vec![0x5au8; len];
        ours.decrypt_inout_detached(
            &nonce,
            &aad,
            InOutBuf::new(&want[..len], &mut out).unwrap(),
            &tag,
        )
        .unwrap();
        assert_eq!(out, pt);
        let opened = aead::Aead::decrypt(
            &ours,
            &nonce,
            aead::Payload {
                msg: &want,
                aad: &aad,
            },
        )
        .unwrap();
        assert_eq!(opened, pt);

        // Tampering: one flipped bit in ciphertext, tag, AAD or nonce.
        let mut ct = want.clone();
        let mut bad_aad = aad.clone();
        let mut bad_n = n.clone();
        match rng.random_range(0..3) {
            0 if !aad.is_empty() => {
                let i = rng.random_range(0..aad.len());
                bad_aad[i] ^= 1 << rng.random_range(0..8);
            }
            1 => {
                let i = rng.random_range(0..12);
                bad_n[i] ^= 1 << rng.random_range(0..8);
            }
            _ => {
                let i = rng.random_range(0..ct.len());
                ct[i] ^= 1 << rng.random_range(0..8);
            }
        }
        let bad_nonce = Nonce::<C>::try_from(&bad_n[..]).unwrap();
        let no_plaintext = |buf: &[u8], what: &str| {
            // The buffer holds the ciphertext or zeros, never plaintext
            // (a 1-byte message may coincide; check only real content).
            if len >= 4 {
                assert_ne!(&buf[..len], &pt[..], "{what}: plaintext released");
                assert!(
                    buf[..len] == ct[..len] || buf[..len].iter().all(|&b| b == 0),
                    "{what}: buffer holds neither ciphertext nor zeros"
                );
            }
        };
        let mut buf = ct.clone();
        assert!(ours
            .decrypt_in_place(&bad_nonce, &bad_aad, &mut buf)
            .is_err());
        no_plaintext(&buf, "decrypt_in_place");
        let mut out = vec![0x5au8; len];
        let bad_tag = Tag::<C>::try_from(&ct[len..]).unwrap();
        assert!(ours
            .decrypt_inout_detached(
                &bad_nonce,
                &bad_aad,
                InOutBuf::new(&ct[..len], &mut out).unwrap(),
                &bad_tag,
            )
            .is_err());
        no_plaintext(&out, "decrypt_inout_detached (in/out)");
        let mut buf = ct[..len].to_vec();
        assert!(ours
            .decrypt_inout_detached(&bad_nonce, &bad_aad, buf.as_mut_slice().into(), &bad_tag)
            .is_err());
        no_plaintext(&buf, "decrypt_inout_detached (in place)");
        #[allow(deprecated)]
        {
            use aead::AeadInPlace;
            let mut buf = ct[..len].to_vec();
            assert!(AeadInPlace::decrypt_in_place_detached(
                &ours, &bad_nonce, &bad_aad, &mut buf, &bad_tag
            )
            .is_err());
            no_plaintext(&buf, "AeadInPlace::decrypt_in_place_detached");
        }
        assert!(aead::Aead::decrypt(
            &ours,
            &bad_nonce,
            aead::Payload {
                msg: &ct,
                aad: &bad_aad,
            },
        )
        .is_err());
    }

    #[test]
    fn aead_traits_match_hpcrypt_and_aes_gcm_and_release_nothing_on_forgery() {
        let mut rng = StdRng::seed_from_u64(0x11_aead);
        for _ in 0..300 {
            let k16 = bytes(&mut rng, 16);
            check::<AesGcm128, aes_gcm::Aes128Gcm>(&k16, &mut rng);
            let k32 = bytes(&mut rng, 32);
            check::<AesGcm256, aes_gcm::Aes256Gcm>(&k32, &mut rng);
        }
    }

    /// Wrong key lengths and too-short sealed buffers are errors; nonce
    /// and tag types cannot be built from wrong-length slices.
    #[test]
    fn aead_wrong_lengths_are_errors() {
        for len in 0..=64 {
            let key = vec![1u8; len];
            assert_eq!(
                <AesGcm128 as KeyInit>::new_from_slice(&key).is_ok(),
                len == 16
            );
            assert_eq!(
                <AesGcm256 as KeyInit>::new_from_slice(&key).is_ok(),
                len == 32
            );
            assert_eq!(Nonce::<AesGcm256>::try_from(&key[..]).is_ok(), len == 12);
            assert_eq!(Tag::<AesGcm256>::try_from(&key[..]).is_ok(), len == 16);
        }
        let cipher = <AesGcm256 as KeyInit>::new(&[3u8; 32].into());
        let nonce = Nonce::<AesGcm256>::default();
        for len in 0..16 {
            let mut buf = vec![0u8; len];
            assert!(cipher.decrypt_in_place(&nonce, b"", &mut buf).is_err());
            assert!(aead::Aead::decrypt(&cipher, &nonce, &buf[..]).is_err());
        }
    }
}

#[cfg(feature = "digest")]
mod digest_differential {
    use super::*;
    use digest::{Digest, FixedOutputReset, Reset};
    use hpcrypt::hash::{Sha224, Sha256, Sha384, Sha512};

    /// The `sha2` digest of `data`.
    fn peer<P: sha2::Digest>(data: &[u8]) -> Vec<u8> {
        P::digest(data).to_vec()
    }

    /// The `hmac` 0.12 tag over `sha2`'s `P`.
    macro_rules! peer_hmac {
        ($p:ty, $key:expr, $data:expr) => {{
            use hmac::Mac as _;
            let mut m = <hmac::Hmac<$p> as hmac::Mac>::new_from_slice($key).unwrap();
            m.update($data);
            m.finalize().into_bytes().to_vec()
        }};
    }

    /// `D` (hpcrypt) and `want` (`sha2`) agree on `data` fed in random pieces,
    /// after a clone, and through `finalize_reset`/`reset` reuse.
    fn check_hash<D>(rng: &mut StdRng, data: &[u8], want: Vec<u8>)
    where
        D: Digest + FixedOutputReset + Reset + Clone,
    {
        let mut h = D::new();
        let chunks = random_chunks(rng, data);
        let half = chunks.len() / 2;
        for c in &chunks[..half] {
            Digest::update(&mut h, c);
        }
        let forked = h.clone();
        for c in &chunks[half..] {
            Digest::update(&mut h, c);
        }
        let mut forked = forked;
        for c in &chunks[half..] {
            Digest::update(&mut forked, c);
        }
        assert_eq!(
            Digest::finalize(forked).to_vec(),
            want,
            "clone, len {}",
            data.len()
        );
        assert_eq!(
            Digest::finalize_reset(&mut h).to_vec(),
            want,
            "len {}",
            data.len()
        );
        // After finalize_reset the hasher is fresh.
        Digest::update(&mut h, data);
        assert_eq!(Digest::finalize_reset(&mut h).to_vec(), want);
        // Junk, then reset, then the data.
        Digest::update(&mut h, &data[..data.len() / 3]);
        Digest::update(&mut h, b"junk");
        Digest::reset(&mut h);
        Digest::update(&mut h, data);
        assert_eq!(Digest::finalize(h).to_vec(), want);
        assert_eq!(D::digest(data).to_vec(), want);
    }

    #[test]
    fn digest_matches_sha2_on_random_lengths_and_splits() {
        let mut rng = StdRng::seed_from_u64(0x11_d16e);
        let mut lens: Vec<usize> = EDGES.to_vec();
        lens.extend((0..150).map(|_| rng.random_range(0..2000)));
        for len in lens {
            let data = bytes(&mut rng, len);
            check_hash::<Sha224>(&mut rng, &data, peer::<sha2::Sha224>(&data));
            check_hash::<Sha256>(&mut rng, &data, peer::<sha2::Sha256>(&data));
            check_hash::<Sha384>(&mut rng, &data, peer::<sha2::Sha384>(&data));
            check_hash::<Sha512>(&mut rng, &data, peer::<sha2::Sha512>(&data));
        }
    }

    /// HMAC through `hmac` 0.13 over hpcrypt (block-level core, reset core,
    /// `SimpleHmac`) against `hmac` 0.12 over `sha2`.
    fn check_hmac<D>(rng: &mut StdRng, key: &[u8], data: &[u8], want: Vec<u8>)
    where
        D: digest::block_api::EagerHash + Digest + digest::block_api::BlockSizeUser + Clone,
        hmac_0_13::Hmac<D>: hmac_0_13::KeyInit + hmac_0_13::Mac + Clone,
        hmac_0_13::HmacReset<D>: hmac_0_13::KeyInit + hmac_0_13::Mac + FixedOutputReset,
    {
        use hmac_0_13::{KeyInit, Mac};

        let chunks = random_chunks(rng, data);
        let mut m = <hmac_0_13::Hmac<D> as KeyInit>::new_from_slice(key).unwrap();
        for c in &chunks {
            Mac::update(&mut m, c);
        }
        let copy = m.clone();
        assert_eq!(
            m.finalize().into_bytes().to_vec(),
            want,
            "Hmac len {}",
            data.len()
        );
        assert!(copy.verify_slice(&want).is_ok());

        let mut r = <hmac_0_13::HmacReset<D> as KeyInit>::new_from_slice(key).unwrap();
        for c in &chunks {
            Mac::update(&mut r, c);
        }
        assert_eq!(r.finalize_reset().into_bytes().to_vec(), want);
        Mac::update(&mut r, b"junk");
        Mac::reset(&mut r);
        Mac::update(&mut r, data);
        assert_eq!(r.finalize_reset().into_bytes().to_vec(), want);

        let mut s = <hmac_0_13::SimpleHmac<D> as KeyInit>::new_from_slice(key).unwrap();
        for c in &chunks {
            Mac::update(&mut s, c);
        }
        assert_eq!(s.finalize().into_bytes().to_vec(), want);
    }

    #[test]
    fn hmac_over_hpcrypt_matches_hmac_over_sha2() {
        let mut rng = StdRng::seed_from_u64(0x11_4ac);
        let mut cases: Vec<(usize, usize)> = EDGES.iter().map(|&l| (l, l)).collect();
        cases.extend((0..80).map(|_| (rng.random_range(0..300), rng.random_range(0..1500))));
        for (klen, dlen) in cases {
            let key = bytes(&mut rng, klen);
            let data = bytes(&mut rng, dlen);
            let want = peer_hmac!(sha2::Sha224, &key, &data);
            check_hmac::<Sha224>(&mut rng, &key, &data, want);
            let want = peer_hmac!(sha2::Sha256, &key, &data);
            check_hmac::<Sha256>(&mut rng, &key, &data, want);
            let want = peer_hmac!(sha2::Sha384, &key, &data);
            check_hmac::<Sha384>(&mut rng, &key, &data, want);
            let want = peer_hmac!(sha2::Sha512, &key, &data);
            check_hmac::<Sha512>(&mut rng, &key, &data, want);
        }
    }

    #[test]
    fn hkdf_over_hpcrypt_matches_hkdf_over_sha2() {
        let mut rng = StdRng::seed_from_u64(0x11_4d7);
        for _ in 0..60 {
            let salt = some_bytes(&mut rng, 200);
            let ikm = some_bytes(&mut rng, 200);
            let info = some_bytes(&mut rng, 100);
            let len = rng.random_range(1..600);
            macro_rules! one {
                ($ours:ty, $peer:ty, $max:expr) => {{
                    let mut a = vec![0u8; len];
                    let mut b = vec![0u8; len];
                    let ra = hkdf_0_13::Hkdf::<$ours>::new(Some(&salt), &ikm).expand(&info, &mut a);
                    let rb = hkdf::Hkdf::<$peer>::new(Some(&salt), &ikm).expand(&info, &mut b);
                    assert_eq!(ra.is_ok(), rb.is_ok());
                    assert_eq!(ra.is_ok(), len <= $max);
                    assert_eq!(a, b);
                    let (prk_a, _) = hkdf_0_13::Hkdf::<$ours>::extract(Some(&salt), &ikm);
                    let (prk_b, _) = hkdf::Hkdf::<$peer>::extract(Some(&salt), &ikm);
                    assert_eq!(prk_a[..], prk_b[..]);
                }};
            }
            one!(Sha224, sha2::Sha224, 255 * 28);
            one!(Sha256, sha2::Sha256, 255 * 32);
            one!(Sha384, sha2::Sha384, 255 * 48);
            one!(Sha512, sha2::Sha512, 255 * 64);
        }
        // Too long for SHA-256 (more than 255 blocks) is an error for both.
        let mut big = vec![0u8; 255 * 32 + 1];
        assert!(hkdf_0_13::Hkdf::<Sha256>::new(None, b"k")
            .expand(b"", &mut big)
            .is_err());
    }

    /// Whether `T: ZeroizeOnDrop`, decided at compile time (see
    /// `serde_hostile::Probe`).
    struct Wipes<T>(core::marker::PhantomData<T>);
    // Named only when a type lacks the impl (then the test fails to build).
    #[allow(dead_code)]
    trait NoWipe {
        const ON_DROP: bool = false;
    }
    impl<T> NoWipe for Wipes<T> {}
    impl<T: zeroize::ZeroizeOnDrop> Wipes<T> {
        #[allow(dead_code)]
        const ON_DROP: bool = true;
    }

    /// Secrets pass through `digest`'s block buffers around hpcrypt's core
    /// (the key-dependent message tail in `hmac::Hmac<Sha256>`, each output
    /// block HKDF feeds back) and its MAC outputs; the `digest` feature has
    /// them wiped on drop, like hpcrypt's own core.
    #[test]
    fn buffers_and_mac_outputs_around_the_core_wipe_on_drop() {
        use digest::block_api::Buffer;
        use hpcrypt::hash::digest_impl::Sha2Core;
        const { assert!(Wipes::<Sha2Core<Sha256>>::ON_DROP) };
        const { assert!(Wipes::<Buffer<Sha2Core<Sha256>>>::ON_DROP) };
        const { assert!(Wipes::<Buffer<Sha2Core<Sha512>>>::ON_DROP) };
        const { assert!(Wipes::<digest::CtOutput<hmac_0_13::Hmac<Sha256>>>::ON_DROP) };
    }

    /// The block-level core driven the way `digest`'s wrappers drive it:
    /// whole blocks through `update_blocks` (several at once), the tail in an
    /// eager `Buffer`, `finalize_fixed_core`; and `decompose`/`compose`
    /// at every split around the padding boundaries.
    #[test]
    fn block_core_at_padding_boundaries() {
        use digest::block_api::{Buffer, CoreProxy, FixedOutputCore, UpdateCore};
        fn run<D>(data: &[u8], first: usize) -> Vec<u8>
        where
            D: CoreProxy,
            D::Core: UpdateCore + FixedOutputCore + Default,
        {
            let mut core = D::Core::default();
            let mut buffer = Buffer::<D::Core>::default();
            let (a, b) = data.split_at(first);
            buffer.digest_blocks(a, |blocks| core.update_blocks(blocks));
            buffer.digest_blocks(b, |blocks| core.update_blocks(blocks));
            let mut out = Default::default();
            core.finalize_fixed_core(&mut buffer, &mut out);
            // Finalizing consumes the buffered tail, as `sha2`'s core does
            // (its padding empties the buffer; `hmac` says "should reset").
            assert!(buffer.get_data().is_empty(), "tail left in the buffer");
            out.to_vec()
        }
        let mut rng = StdRng::seed_from_u64(0x11_b10c);
        let data = bytes(&mut rng, 600);
        for &len in EDGES.iter().chain(&[300, 383, 384, 385, 599]) {
            let msg = &data[..len];
            for first in [0, 1.min(len), len / 2, len.saturating_sub(1), len] {
                assert_eq!(
                    run::<Sha256>(msg, first),
                    peer::<sha2::Sha256>(msg),
                    "sha256 len {len} first {first}"
                );
                assert_eq!(run::<Sha224>(msg, first), peer::<sha2::Sha224>(msg));
                assert_eq!(
                    run::<Sha512>(msg, first),
                    peer::<sha2::Sha512>(msg),
                    "sha512 len {len} first {first}"
                );
                assert_eq!(run::<Sha384>(msg, first), peer::<sha2::Sha384>(msg));
                let mut h = <Sha512 as Digest>::new();
                Digest::update(&mut h, &msg[..first]);
                let (core, buf) = h.decompose();
                let mut h = Sha512::compose(core, buf);
                Digest::update(&mut h, &msg[first..]);
                assert_eq!(Digest::finalize(h).to_vec(), peer::<sha2::Sha512>(msg));
                let mut h = <Sha256 as Digest>::new();
                Digest::update(&mut h, &msg[..first]);
                let (core, buf) = h.decompose();
                let mut h = Sha256::compose(core, buf);
                Digest::update(&mut h, &msg[first..]);
                assert_eq!(Digest::finalize(h).to_vec(), peer::<sha2::Sha256>(msg));
            }
        }
    }
}

#[cfg(feature = "signature")]
mod signature_differential {
    use super::*;
    use hpcrypt::signature::{Ed25519Signature, Ed25519SigningKey, Ed25519VerifyingKey};
    use signature::{Keypair, SignatureEncoding};

    /// hpcrypt's own verdict and the `signature` trait's, on the same input.
    fn verdicts(key: &[u8; 32], msg: &[u8], sig: &[u8; 64]) -> (bool, bool) {
        let Ok(vk) = Ed25519VerifyingKey::from_bytes(key) else {
            return (false, false);
        };
        let own = hpcrypt::signature::Verifier::verify(&vk, msg, sig).is_ok();
        let sig = Ed25519Signature::from(*sig);
        let theirs = signature::Verifier::verify(&vk, msg, &sig).is_ok();
        (own, theirs)
    }

    fn arr<const N: usize>(hex_str: &str) -> [u8; N] {
        hex::decode(hex_str).unwrap().try_into().unwrap()
    }

    /// The C2SP edge cases (small-order R and A, non-canonical encodings,
    /// mixed-order points): the trait is exactly as strict as `verify`.
    #[test]
    fn trait_verifier_is_as_strict_as_own_verify_on_cctv() {
        let text = std::fs::read_to_string(crate::common::vector_path("cctv/ed25519vectors.json"))
            .expect("cctv");
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        let mut accepted = 0;
        for v in json.as_array().unwrap() {
            let key = arr::<32>(v["key"].as_str().unwrap());
            let sig = arr::<64>(v["sig"].as_str().unwrap());
            let msg = v["msg"].as_str().unwrap().as_bytes();
            let (own, theirs) = verdicts(&key, msg, &sig);
            assert_eq!(own, theirs, "cctv #{}", v["number"]);
            accepted += usize::from(own);
        }
        assert!(accepted > 0);
    }

    /// Random keys and messages; corrupted signatures (a flipped bit, S + L,
    /// wrong message) are refused by both; round trips of the encodings.
    #[test]
    fn trait_verifier_on_random_corruptions_and_round_trips() {
        // L, the group order (RFC 8032 §5.1), little-endian.
        const L: [u8; 32] = [
            0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9,
            0xde, 0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
        ];
        let mut rng = StdRng::seed_from_u64(0x11_5161);
        for _ in 0..100 {
            let sk = Ed25519SigningKey::from_bytes(&bytes(&mut rng, 32).try_into().unwrap());
            let vk: Ed25519VerifyingKey = Keypair::verifying_key(&sk);
            assert_eq!(vk, sk.verifying_key());
            let msg = some_bytes(&mut rng, 300);
            let sig: Ed25519Signature = signature::Signer::sign(&sk, &msg);
            assert_eq!(sig, hpcrypt::signature::Signer::sign(&sk, &msg));
            let key = vk.to_bytes();
            assert_eq!(verdicts(&key, &msg, &sig), (true, true));

            // SignatureEncoding round trips.
            let repr: [u8; 64] = SignatureEncoding::to_bytes(&sig);
            assert_eq!(Ed25519Signature::try_from(&repr[..]).unwrap(), sig);
            assert_eq!(SignatureEncoding::encoded_len(&sig), 64);
            assert_eq!(Ed25519Signature::from(repr), sig);
            assert_eq!(Ed25519VerifyingKey::try_from(&key[..]).unwrap(), vk);
            assert!(Ed25519Signature::try_from(&repr[..63]).is_err());

            let mut flipped = *sig;
            let i = rng.random_range(0..64);
            flipped[i] ^= 1 << rng.random_range(0..8);
            assert_eq!(verdicts(&key, &msg, &flipped), (false, false));

            // S + L: the same point equation, refused as non-canonical.
            let mut malleated = *sig;
            let mut carry = 0u16;
            for j in 0..32 {
                let s = u16::from(malleated[32 + j]) + u16::from(L[j]) + carry;
                malleated[32 + j] = s as u8;
                carry = s >> 8;
            }
            assert_eq!(verdicts(&key, &msg, &malleated), (false, false));

            let mut other = msg.clone();
            other.push(0);
            assert_eq!(verdicts(&key, &other, &sig), (false, false));
        }
    }
}

#[cfg(feature = "serde")]
mod serde_hostile {
    use hpcrypt::hash::Digest;
    use hpcrypt::signature::{Ed25519Signature, Ed25519VerifyingKey};
    use serde_test::{assert_de_tokens, assert_de_tokens_error, Compact, Configure, Token};

    #[test]
    fn hostile_strings_are_errors() {
        let huge = "a".repeat(10 << 20);
        let odd = "a".repeat(63);
        let non_ascii = "é".repeat(32); // 64 bytes, 32 chars
        let spaced = format!(" {}", "0".repeat(63));
        let signed = format!("+{}", "0".repeat(63));
        let prefixed = format!("0x{}", "0".repeat(62));
        for s in [
            &huge,
            &odd,
            &non_ascii,
            &spaced,
            &signed,
            &prefixed,
            &String::new(),
        ] {
            let json = serde_json::to_string(s).unwrap();
            assert!(serde_json::from_str::<Digest<32>>(&json).is_err());
            assert!(serde_json::from_str::<Ed25519VerifyingKey>(&json).is_err());
            assert!(serde_json::from_str::<Ed25519Signature>(&json).is_err());
        }
        // Not a string at all.
        for json in [
            "null",
            "1",
            "[]",
            "{}",
            "true",
            &format!("[{}]", "1,".repeat(31) + "1"),
        ] {
            assert!(serde_json::from_str::<Digest<32>>(json).is_err(), "{json}");
            assert!(
                serde_json::from_str::<Ed25519Signature>(json).is_err(),
                "{json}"
            );
        }
    }

    #[test]
    fn hostile_bytes_and_sequences_are_errors() {
        assert_de_tokens_error::<Compact<Ed25519Signature>>(
            &[Token::Bytes(&[0u8; 65])],
            "invalid length 65, expected 64 bytes, or 128 hex digits",
        );
        assert_de_tokens_error::<Compact<Digest<32>>>(
            &[Token::Bytes(&[])],
            "invalid length 0, expected 32 bytes, or 64 hex digits",
        );
        // A sequence of exactly N small integers is accepted (postcard,
        // bincode of a tuple); longer, shorter or out-of-range ones are not.
        let mut seq = vec![Token::Seq { len: Some(32) }];
        seq.extend((0..32).map(|i| Token::U8(i as u8)));
        seq.push(Token::SeqEnd);
        let want: [u8; 32] = core::array::from_fn(|i| i as u8);
        assert_de_tokens(&Digest::<32>::from_bytes(want).compact(), &seq);
        let mut short = vec![Token::Seq { len: Some(31) }];
        short.extend((0..31).map(|_| Token::U8(0)));
        short.push(Token::SeqEnd);
        assert_de_tokens_error::<Compact<Digest<32>>>(
            &short,
            "invalid length 31, expected 32 bytes, or 64 hex digits",
        );
        // (serde_test wants every token consumed: the bad one comes last.)
        assert_de_tokens_error::<Compact<Digest<32>>>(
            &[Token::Seq { len: Some(32) }, Token::U16(300)],
            "invalid value: integer `300`, expected u8",
        );
    }

    /// Every C2SP public key: serde decodes it (hex and bytes) iff
    /// `from_bytes` accepts it; non-canonical y, small order and the
    /// "negative zero" x are among them.
    #[test]
    fn public_keys_decode_iff_from_bytes_accepts() {
        let text = std::fs::read_to_string(crate::common::vector_path("cctv/ed25519vectors.json"))
            .expect("cctv");
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        let mut keys: Vec<[u8; 32]> = json
            .as_array()
            .unwrap()
            .iter()
            .map(|v| {
                hex::decode(v["key"].as_str().unwrap())
                    .unwrap()
                    .try_into()
                    .unwrap()
            })
            .collect();
        // y = p (non-canonical 0), y = p + 1 (non-canonical 1), all-ones,
        // and y = 1 with the sign bit set (x = 0 "negative").
        let mut p = [0xffu8; 32];
        p[0] = 0xed;
        p[31] = 0x7f;
        let mut p1 = p;
        p1[0] = 0xee;
        let mut neg_one = [0u8; 32];
        neg_one[0] = 1;
        neg_one[31] = 0x80;
        keys.extend([p, p1, [0xff; 32], neg_one]);
        for key in keys {
            let want = Ed25519VerifyingKey::from_bytes(&key).is_ok();
            let json = serde_json::to_string(&hex::encode(key)).unwrap();
            assert_eq!(
                serde_json::from_str::<Ed25519VerifyingKey>(&json).is_ok(),
                want
            );
            let de = serde::de::value::BytesDeserializer::<serde::de::value::Error>::new(&key);
            assert_eq!(
                <Ed25519VerifyingKey as serde::Deserialize>::deserialize(de).is_ok(),
                want
            );
        }
    }

    /// Whether `T: Serialize`/`Deserialize`, decided at compile time: an
    /// inherent const (only where the bound holds) shadows the trait's.
    struct Probe<T: ?Sized>(core::marker::PhantomData<T>);
    trait Fallback {
        const SER: bool = false;
        const DE: bool = false;
    }
    impl<T: ?Sized> Fallback for Probe<T> {}
    impl<T: ?Sized + serde::Serialize> Probe<T> {
        #[allow(dead_code)]
        const SER: bool = true;
    }
    impl<T: serde::de::DeserializeOwned> Probe<T> {
        #[allow(dead_code)]
        const DE: bool = true;
    }

    /// Checked at compile time (`const` blocks); the test only names it.
    #[test]
    fn secret_types_have_no_serde_impl() {
        use hpcrypt::aead::{AesGcm128, AesGcm256};
        use hpcrypt::signature::Ed25519SigningKey;
        const { assert!(Probe::<Ed25519VerifyingKey>::SER && Probe::<Ed25519VerifyingKey>::DE) };
        const { assert!(Probe::<Ed25519Signature>::SER && Probe::<Ed25519Signature>::DE) };
        const { assert!(!Probe::<Ed25519SigningKey>::SER && !Probe::<Ed25519SigningKey>::DE) };
        const { assert!(!Probe::<AesGcm128>::SER && !Probe::<AesGcm128>::DE) };
        const { assert!(!Probe::<AesGcm256>::SER && !Probe::<AesGcm256>::DE) };
        const { assert!(!Probe::<hpcrypt::mac::HmacSha256>::SER) };
        const { assert!(!Probe::<hpcrypt::mac::HmacSha256Key>::SER) };
        const { assert!(!Probe::<hpcrypt::mac::HmacSha256Key>::DE) };
        const { assert!(!Probe::<hpcrypt::kdf::Prk<hpcrypt::hash::Sha256>>::SER) };
        const { assert!(!Probe::<hpcrypt::kdf::Prk<hpcrypt::hash::Sha256>>::DE) };
    }
}

/// Batch verification with the caller's RNG (`verify_batch_from_rng`, the
/// entry point for bare metal, where a hardware RNG that fails typically
/// gets stuck at one value): a weak RNG must not let forgeries through.
#[cfg(all(feature = "rand_core", feature = "alloc"))]
mod batch_weights {
    use hpcrypt::signature::ed25519::verify_batch_from_rng;
    use hpcrypt::signature::{Ed25519Signature, Ed25519SigningKey, Signer, Verifier};

    /// An RNG stuck at one byte value (a failed hardware RNG, or a mock).
    struct Stuck(u8);

    impl rand_core::TryRng for Stuck {
        type Error = core::convert::Infallible;
        fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
            Ok(u32::from_le_bytes([self.0; 4]))
        }
        fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
            Ok(u64::from_le_bytes([self.0; 8]))
        }
        fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), Self::Error> {
            dest.fill(self.0);
            Ok(())
        }
    }

    impl rand_core::TryCryptoRng for Stuck {}

    /// `s + delta` on 32-byte little-endian integers (no reduction; the
    /// test's S values stay below L).
    fn add_small(s: &mut [u8], delta: i16) {
        let mut carry = delta;
        for b in s.iter_mut() {
            let v = i16::from(*b) + carry;
            *b = v.rem_euclid(256) as u8;
            carry = v.div_euclid(256);
        }
    }

    #[test]
    fn a_stuck_caller_rng_does_not_let_forgeries_through() {
        let sk = Ed25519SigningKey::from_bytes(&[7u8; 32]);
        let vk = sk.verifying_key();
        let msgs: [&[u8]; 2] = [b"pay alice 1", b"pay bob 2"];
        let honest = [sk.sign(msgs[0]), sk.sign(msgs[1])];
        // Move 1 from S_1 to S_2: each signature is now invalid, but with
        // equal weights z the batch sum z·(S_1 + S_2) does not change.
        let mut f1 = *honest[0];
        let mut f2 = *honest[1];
        add_small(&mut f1[32..], 1);
        add_small(&mut f2[32..], -1);
        assert!(f1[63] < 0x10 && f2[63] < 0x10, "S stays below L");
        let forged = [Ed25519Signature::from(f1), Ed25519Signature::from(f2)];
        assert!(vk.verify(msgs[0], &f1).is_err());
        assert!(vk.verify(msgs[1], &f2).is_err());
        // A signature of the wrong message altogether.
        let garbage = [honest[0], sk.sign(b"something else")];

        for byte in [0x00, 0xff, 0x5a] {
            assert!(
                verify_batch_from_rng(&mut Stuck(byte), &msgs, &honest, &[vk, vk]).is_ok(),
                "stuck at {byte:#04x}: honest batch"
            );
            assert!(
                verify_batch_from_rng(&mut Stuck(byte), &msgs, &forged, &[vk, vk]).is_err(),
                "stuck at {byte:#04x}: S-shifted forgeries accepted"
            );
            assert!(
                verify_batch_from_rng(&mut Stuck(byte), &msgs, &garbage, &[vk, vk]).is_err(),
                "stuck at {byte:#04x}: wrong-message signature accepted"
            );
        }
    }
}
