//! AES-GCM against NIST CAVP (GCMVS encrypt and decrypt, every IV and tag
//! length, the FAIL cases) and Wycheproof, through every backend this CPU
//! supports; every backend against the portable one at block and
//! parallel-width boundaries; tampering; hostile lengths.

mod common;
use common::{jhex, read_kv, read_wycheproof, report};
use hpcrypt::aead::aes_gcm::TRUNCATED_TAG_LENS;
use hpcrypt::aead::{Aead, AesGcm128, AesGcm256};
use hpcrypt::backend::AesGcmBackend;
use hpcrypt::Error;

/// One key of either size on one backend, through the truncated-tag API
/// (which takes every tag length) and the `Aead` trait (16-byte tags).
trait Cipher {
    fn seal(&self, nonce: &[u8], aad: &[u8], buf: &mut [u8], tag: &mut [u8]) -> Result<(), Error>;
    fn open(&self, nonce: &[u8], aad: &[u8], buf: &mut [u8], tag: &[u8]) -> Result<(), Error>;
    fn seal_vec(&self, nonce: &[u8], pt: &[u8], aad: &[u8]) -> Result<Vec<u8>, Error>;
    fn open_vec(&self, nonce: &[u8], sealed: &[u8], aad: &[u8]) -> Result<Vec<u8>, Error>;
}

macro_rules! impl_cipher {
    ($t:ty) => {
        impl Cipher for $t {
            fn seal(
                &self,
                nonce: &[u8],
                aad: &[u8],
                buf: &mut [u8],
                tag: &mut [u8],
            ) -> Result<(), Error> {
                self.encrypt_in_place_detached_truncated(nonce, aad, buf, tag)
            }
            fn open(
                &self,
                nonce: &[u8],
                aad: &[u8],
                buf: &mut [u8],
                tag: &[u8],
            ) -> Result<(), Error> {
                if tag.len() == 16 {
                    self.decrypt_in_place_detached(nonce, aad, buf, tag)
                } else {
                    self.decrypt_in_place_detached_truncated(nonce, aad, buf, tag, tag.len())
                }
            }
            fn seal_vec(&self, nonce: &[u8], pt: &[u8], aad: &[u8]) -> Result<Vec<u8>, Error> {
                self.encrypt(nonce, pt, aad)
            }
            fn open_vec(&self, nonce: &[u8], sealed: &[u8], aad: &[u8]) -> Result<Vec<u8>, Error> {
                self.decrypt(nonce, sealed, aad)
            }
        }
    };
}
impl_cipher!(AesGcm128);
impl_cipher!(AesGcm256);

fn backends() -> Vec<AesGcmBackend> {
    AesGcmBackend::available().collect()
}

/// The key on backend `b`, or `None` for key sizes we do not implement (192).
fn cipher(b: AesGcmBackend, key: &[u8]) -> Option<Box<dyn Cipher>> {
    match key.len() {
        16 => Some(Box::new(AesGcm128::new_with(b, key.try_into().ok()?))),
        32 => Some(Box::new(AesGcm256::new_with(b, key.try_into().ok()?))),
        _ => None,
    }
}

/// A failed open must leave no plaintext: the buffer is either untouched
/// ciphertext (verify-then-decrypt) or all zeros (fused paths).
fn assert_no_plaintext(buf: &[u8], ciphertext: &[u8], plaintext: &[u8], what: &str) {
    assert!(
        buf == ciphertext || buf.iter().all(|&b| b == 0),
        "{what}: buffer after failed open is neither ciphertext nor zeros"
    );
    if !plaintext.is_empty() && plaintext.iter().any(|&b| b != 0) {
        assert_ne!(buf, plaintext, "{what}: plaintext released");
    }
}

/// GCMVS encrypt: `PT` under `Key`, `IV`, `AAD` gives `CT` and a `Taglen`-bit `Tag`.
fn run_cavp_encrypt(file: &str) {
    let names: Vec<_> = backends().iter().map(|b| b.name()).collect();
    report(&format!("aes-gcm {file}"), &names);
    let mut count = 0;
    for mut r in read_kv(file) {
        r.int("Count");
        let (key, iv, pt, aad, ct, tag) = (
            r.hex("Key"),
            r.hex("IV"),
            r.hex("PT"),
            r.hex("AAD"),
            r.hex("CT"),
            r.hex("Tag"),
        );
        assert_eq!(r.section_int("Taglen"), tag.len() * 8, "{r}");
        assert_eq!(r.section_int("IVlen"), iv.len() * 8, "{r}");
        assert_eq!(r.section_int("PTlen"), pt.len() * 8, "{r}");
        assert_eq!(r.section_int("AADlen"), aad.len() * 8, "{r}");
        assert_eq!(r.section_int("Keylen"), key.len() * 8, "{r}");
        for b in backends() {
            let c = cipher(b, &key).expect("128/256-bit key");
            let mut buf = pt.clone();
            let mut t = vec![0u8; tag.len()];
            c.seal(&iv, &aad, &mut buf, &mut t).expect("seal");
            assert_eq!((&buf, &t), (&ct, &tag), "{} {r}", b.name());
            c.open(&iv, &aad, &mut buf, &t).expect("open own output");
            assert_eq!(buf, pt, "{} {r}", b.name());
            if tag.len() == 16 {
                let sealed = c.seal_vec(&iv, &pt, &aad).expect("seal vec");
                assert_eq!(sealed, [ct.as_slice(), tag.as_slice()].concat(), "{r}");
                assert_eq!(c.open_vec(&iv, &sealed, &aad).expect("open vec"), pt);
            }
        }
        r.done();
        count += 1;
    }
    assert_eq!(count, 7875, "{file}");
}

/// GCMVS decrypt: either `PT` comes out, or the record says `FAIL` and the
/// open must fail without releasing the would-be plaintext.
fn run_cavp_decrypt(file: &str) {
    let names: Vec<_> = backends().iter().map(|b| b.name()).collect();
    report(&format!("aes-gcm {file}"), &names);
    let (mut pass, mut fail) = (0, 0);
    for mut r in read_kv(file) {
        r.int("Count");
        let (key, iv, ct, aad, tag) = (
            r.hex("Key"),
            r.hex("IV"),
            r.hex("CT"),
            r.hex("AAD"),
            r.hex("Tag"),
        );
        assert_eq!(r.section_int("Taglen"), tag.len() * 8, "{r}");
        assert_eq!(r.section_int("IVlen"), iv.len() * 8, "{r}");
        assert_eq!(r.section_int("AADlen"), aad.len() * 8, "{r}");
        assert_eq!(r.section_int("Keylen"), key.len() * 8, "{r}");
        let expected = if r.has("FAIL") {
            None
        } else {
            Some(r.hex("PT"))
        };
        for b in backends() {
            let c = cipher(b, &key).expect("128/256-bit key");
            let mut buf = ct.clone();
            let got = c.open(&iv, &aad, &mut buf, &tag);
            match &expected {
                Some(pt) => {
                    assert_eq!(got, Ok(()), "{} {r}", b.name());
                    assert_eq!(&buf, pt, "{} {r}", b.name());
                }
                None => {
                    assert_eq!(got, Err(Error::AuthenticationFailed), "{} {r}", b.name());
                    // CTR is its own inverse: sealing the ciphertext gives
                    // the plaintext a careless open would have released.
                    let mut would_be = ct.clone();
                    c.seal(&iv, &aad, &mut would_be, &mut [0u8; 16])
                        .expect("seal");
                    assert_no_plaintext(&buf, &ct, &would_be, &format!("{} {r}", b.name()));
                }
            }
        }
        if expected.is_some() {
            pass += 1
        } else {
            fail += 1
        }
        r.done();
    }
    assert_eq!(pass + fail, 7875, "{file}");
    assert!(fail > 3000, "{file}: FAIL records were not seen");
}

#[test]
fn aes_gcm_cavp_encrypt_128() {
    run_cavp_encrypt("nist-cavp/gcm/gcmEncryptExtIV128.rsp");
}

#[test]
fn aes_gcm_cavp_encrypt_256() {
    run_cavp_encrypt("nist-cavp/gcm/gcmEncryptExtIV256.rsp");
}

#[test]
fn aes_gcm_cavp_decrypt_128() {
    run_cavp_decrypt("nist-cavp/gcm/gcmDecrypt128.rsp");
}

#[test]
fn aes_gcm_cavp_decrypt_256() {
    run_cavp_decrypt("nist-cavp/gcm/gcmDecrypt256.rsp");
}

/// Wycheproof: valid tests seal and open to the stated values; invalid ones
/// (modified tags, and 0-length IVs, which SP 800-38D forbids) are refused.
#[test]
fn aes_gcm_wycheproof() {
    let names: Vec<_> = backends().iter().map(|b| b.name()).collect();
    report("aes-gcm wycheproof", &names);
    let (mut run, mut skipped, mut empty_iv) = (0, 0, 0);
    for (group, test) in read_wycheproof("wycheproof/aes_gcm_test.json") {
        let id = test["tcId"].as_u64().expect("tcId");
        let (key, iv, aad, msg, ct, tag) = (
            jhex(&test, "key"),
            jhex(&test, "iv"),
            jhex(&test, "aad"),
            jhex(&test, "msg"),
            jhex(&test, "ct"),
            jhex(&test, "tag"),
        );
        assert_eq!(group["tagSize"].as_u64(), Some(128));
        let valid = match test["result"].as_str() {
            Some("valid") => true,
            Some("invalid") => false,
            other => panic!("tcId {id}: unexpected result {other:?}"),
        };
        if key.len() == 24 {
            skipped += 1;
            continue;
        }
        for b in backends() {
            let c = cipher(b, &key).expect("128/256-bit key");
            let what = format!("{} tcId {id}", b.name());
            if iv.is_empty() {
                assert!(!valid, "{what}");
                let mut buf = msg.clone();
                let got = c.seal(&iv, &aad, &mut buf, &mut [0u8; 16]);
                assert_eq!(got, Err(Error::InvalidNonceLength), "{what}");
                assert_eq!(buf, msg, "{what}: buffer touched");
                let mut buf = ct.clone();
                let got = c.open(&iv, &aad, &mut buf, &tag);
                assert_eq!(got, Err(Error::InvalidNonceLength), "{what}");
                continue;
            }
            let mut buf = ct.clone();
            let got = c.open(&iv, &aad, &mut buf, &tag);
            if valid {
                assert_eq!(got, Ok(()), "{what}");
                assert_eq!(buf, msg, "{what}");
                let mut buf = msg.clone();
                let mut t = [0u8; 16];
                c.seal(&iv, &aad, &mut buf, &mut t).expect("seal");
                assert_eq!(
                    (buf.as_slice(), t.as_slice()),
                    (ct.as_slice(), tag.as_slice()),
                    "{what}"
                );
            } else {
                assert_eq!(got, Err(Error::AuthenticationFailed), "{what}");
                assert_no_plaintext(&buf, &ct, &msg, &what);
            }
        }
        if iv.is_empty() {
            empty_iv += 1;
        }
        run += 1;
    }
    println!(
        "aes-gcm wycheproof: {run} tests run ({empty_iv} with empty IVs, rejected), \
         {skipped} AES-192 tests skipped (AES-192 is not implemented)"
    );
    assert!(run > 200 && empty_iv > 0);
}

/// Deterministic test data.
fn pattern(len: usize, seed: u8) -> Vec<u8> {
    (0..len)
        .map(|i| {
            (i as u32)
                .wrapping_mul(2654435761)
                .wrapping_add(u32::from(seed)) as u8
                ^ (i >> 8) as u8
        })
        .collect()
}

/// Seals and opens `pt` on backend `b` and returns `ct || tag`.
fn seal_on(b: AesGcmBackend, key: &[u8], nonce: &[u8], aad: &[u8], pt: &[u8]) -> Vec<u8> {
    let c = cipher(b, key).expect("key");
    let mut buf = pt.to_vec();
    let mut tag = [0u8; 16];
    c.seal(nonce, aad, &mut buf, &mut tag).expect("seal");
    let mut opened = buf.clone();
    c.open(nonce, aad, &mut opened, &tag).expect("open");
    assert_eq!(opened, pt, "{} round trip len {}", b.name(), pt.len());
    buf.extend_from_slice(&tag);
    buf
}

/// Every backend agrees with the portable one: all lengths 0..=300 with a
/// few AAD lengths, around 8- and 16-block strides (the AES-NI and VAES
/// loop widths), 1 MiB, and odd nonce lengths.
#[test]
fn aes_gcm_backends_agree_with_soft() {
    let all = backends();
    report(
        "aes-gcm agreement",
        &all.iter().map(|b| b.name()).collect::<Vec<_>>(),
    );
    let (soft, rest) = all.split_first().expect("soft");
    assert_eq!(*soft, AesGcmBackend::Soft);
    let big = pattern((1 << 20) + 300, 1);
    let aad_all = pattern(600, 2);
    let mut lens: Vec<usize> = (0..=300).collect();
    for w in [8 * 16, 16 * 16] {
        for k in 1..=5 {
            lens.extend([k * w - 1, k * w, k * w + 1]);
        }
    }
    lens.extend([1000, 4096, 8191, 16384, 1 << 20]);
    for key_len in [16usize, 32] {
        let key = pattern(key_len, key_len as u8);
        for &n in &lens {
            let aads: &[usize] = if n <= 300 { &[0, 13] } else { &[0, 16, 300] };
            for &a in aads {
                let nonce = pattern(12, n as u8);
                let want = seal_on(*soft, &key, &nonce, &aad_all[..a], &big[..n]);
                for &b in rest {
                    let got = seal_on(b, &key, &nonce, &aad_all[..a], &big[..n]);
                    assert_eq!(got, want, "{} key {key_len} len {n} aad {a}", b.name());
                }
            }
        }
        // AAD alone around the widths, and odd nonce lengths (GHASH-derived J0).
        for a in [
            1usize, 15, 16, 17, 127, 128, 129, 255, 256, 257, 511, 512, 513,
        ] {
            let want = seal_on(*soft, &key, &[3u8; 12], &aad_all[..a], &big[..40]);
            for &b in rest {
                assert_eq!(
                    seal_on(b, &key, &[3u8; 12], &aad_all[..a], &big[..40]),
                    want
                );
            }
        }
        for nl in [1usize, 8, 11, 13, 16, 17, 64, 128, 129, 300] {
            let nonce = pattern(nl, 9);
            let want = seal_on(*soft, &key, &nonce, b"aad", &big[..300]);
            for &b in rest {
                assert_eq!(
                    seal_on(b, &key, &nonce, b"aad", &big[..300]),
                    want,
                    "nonce {nl}"
                );
            }
        }
    }
}

/// GF(2^128) multiply straight from SP 800-38D §6.3 Algorithm 1 (blocks
/// read big-endian), for building test inputs.
fn gf_mul(x: u128, y: u128) -> u128 {
    let (mut z, mut v) = (0u128, y);
    for i in 0..128 {
        if (x >> (127 - i)) & 1 == 1 {
            z ^= v;
        }
        v = (v >> 1) ^ if v & 1 == 1 { 0xE1 << 120 } else { 0 };
    }
    z
}

/// `h^(2^128 - 2) = h^-1`.
fn gf_inv(h: u128) -> u128 {
    let (mut r, mut s) = (1u128 << 127, h);
    for _ in 1..128 {
        s = gf_mul(s, s);
        r = gf_mul(r, s);
    }
    r
}

/// The 32-bit counter wraps inside a message without carrying into the
/// rest of the block (SP 800-38D inc32). A 16-byte nonce is solved for so
/// that J0 = GHASH(N || [0]_64 || [128]_64) ends in 0xffff_fff0; 20 blocks
/// then cross the wrap. Checked against `aes-gcm` on every backend.
#[test]
fn aes_gcm_counter_wraps_mod_2_32() {
    use aes_gcm::aead::{Aead as _, KeyInit, Payload};
    use aes_gcm::aes::cipher::BlockEncrypt;
    for key_len in [16usize, 32] {
        let key = pattern(key_len, 0x11);
        let mut h = aes_gcm::aes::Block::default();
        if key_len == 16 {
            aes_gcm::aes::Aes128::new_from_slice(&key)
                .expect("key")
                .encrypt_block(&mut h);
        } else {
            aes_gcm::aes::Aes256::new_from_slice(&key)
                .expect("key")
                .encrypt_block(&mut h);
        }
        let h = u128::from_be_bytes(h.into());
        let h_inv = gf_inv(h);
        assert_eq!(gf_mul(h, h_inv), 1 << 127);
        let j0 = 0x0123_4567_89ab_cdef_0011_2233_ffff_fff0u128;
        let lengths = 128u128; // [0]_64 || [128]_64
        let nonce = gf_mul(gf_mul(j0, h_inv) ^ lengths, h_inv).to_be_bytes();
        let pt = pattern(20 * 16 + 5, 4);
        let payload = Payload {
            msg: &pt,
            aad: b"wrap",
        };
        let want = if key_len == 16 {
            aes_gcm::AesGcm::<aes_gcm::aes::Aes128, aes_gcm::aead::consts::U16>::new_from_slice(
                &key,
            )
            .expect("key")
            .encrypt((&nonce).into(), payload)
        } else {
            aes_gcm::AesGcm::<aes_gcm::aes::Aes256, aes_gcm::aead::consts::U16>::new_from_slice(
                &key,
            )
            .expect("key")
            .encrypt((&nonce).into(), payload)
        }
        .expect("oracle");
        for b in backends() {
            assert_eq!(
                seal_on(b, &key, &nonce, b"wrap", &pt),
                want,
                "{} key {key_len}",
                b.name()
            );
        }
    }
}

/// Flipping one bit of the ciphertext, the tag, the AAD or the nonce makes
/// the open fail, and the buffer then holds no plaintext.
#[test]
fn aes_gcm_tamper_fails_and_releases_nothing() {
    for b in backends() {
        for key_len in [16usize, 32] {
            let key = pattern(key_len, 5);
            let c = cipher(b, &key).expect("key");
            for len in [1usize, 16, 17, 64, 129, 255, 256, 257, 1000, 4096] {
                let pt = pattern(len, 6);
                let aad = pattern(20, 7);
                let nonce = pattern(12, 8);
                let mut ct = pt.clone();
                let mut tag = [0u8; 16];
                c.seal(&nonce, &aad, &mut ct, &mut tag).expect("seal");
                let what = |w: &str| format!("{} key {key_len} len {len}: {w}", b.name());
                let check = |n: &[u8], a: &[u8], body: &[u8], t: &[u8], w: &str| {
                    let mut buf = body.to_vec();
                    assert_eq!(
                        c.open(n, a, &mut buf, t),
                        Err(Error::AuthenticationFailed),
                        "{}",
                        what(w)
                    );
                    assert_no_plaintext(&buf, body, &pt, &what(w));
                };
                for bit in [0usize, 7, 8 * len - 1] {
                    let mut bad = ct.clone();
                    bad[bit / 8] ^= 1 << (bit % 8);
                    check(&nonce, &aad, &bad, &tag, "ciphertext bit");
                }
                for bit in [0usize, 77, 127] {
                    let mut bad = tag;
                    bad[bit / 8] ^= 1 << (bit % 8);
                    check(&nonce, &aad, &ct, &bad, "tag bit");
                }
                let mut bad = aad.clone();
                bad[3] ^= 0x10;
                check(&nonce, &bad, &ct, &tag, "aad bit");
                let mut bad = nonce.clone();
                bad[11] ^= 0x80;
                check(&bad, &aad, &ct, &tag, "nonce bit");
                check(&nonce, &aad[..19], &ct, &tag, "aad truncated");
                // Truncated tags: a flipped bit in the kept prefix fails too.
                for tl in [4usize, 8, 12, 15] {
                    let mut bad = tag[..tl].to_vec();
                    bad[tl - 1] ^= 1;
                    check(&nonce, &aad, &ct, &bad, "truncated tag bit");
                    let mut buf = ct.clone();
                    c.open(&nonce, &aad, &mut buf, &tag[..tl])
                        .expect("truncated ok");
                    assert_eq!(buf, pt);
                }
            }
        }
    }
}

/// Hostile lengths never panic and never touch the buffer: wrong key
/// lengths, empty nonces, tags of every wrong length, a mismatched
/// declared tag length, too-short sealed inputs.
#[test]
fn aes_gcm_wrong_lengths_are_errors() {
    for n in [0usize, 1, 15, 17, 24, 31, 33, 64] {
        assert_eq!(
            AesGcm128::new_from_slice(&vec![0; n]).err(),
            Some(Error::InvalidKeyLength)
        );
        if n != 16 {
            assert_eq!(
                AesGcm256::new_from_slice(&vec![0; n]).err(),
                Some(Error::InvalidKeyLength)
            );
        }
    }
    assert!(AesGcm128::new_from_slice(&[0; 16]).is_ok());
    assert!(AesGcm256::new_from_slice(&[0; 32]).is_ok());
    for b in backends() {
        let c = AesGcm256::new_with(b, &[7; 32]);
        let pt = pattern(50, 1);
        let mut buf = pt.clone();
        assert_eq!(
            c.encrypt_in_place_detached(&[], b"", &mut buf),
            Err(Error::InvalidNonceLength)
        );
        assert_eq!(c.encrypt(&[], &pt, b""), Err(Error::InvalidNonceLength));
        assert_eq!(buf, pt);
        let tag = c
            .encrypt_in_place_detached(&[1; 12], b"", &mut buf)
            .expect("seal");
        let ct = buf.clone();
        for tl in 0..=40usize {
            let t: Vec<u8> = tag.iter().copied().cycle().take(tl).collect();
            let mut buf = ct.clone();
            let got = c.decrypt_in_place_detached(&[1; 12], b"", &mut buf, &t);
            if tl == 16 {
                assert_eq!(got, Ok(()));
            } else {
                assert_eq!(got, Err(Error::InvalidTagLength), "tag len {tl}");
                assert_eq!(buf, ct);
            }
            let mut buf = ct.clone();
            let mut out = vec![0u8; tl];
            let got = c.encrypt_in_place_detached_truncated(&[1; 12], b"", &mut buf, &mut out);
            assert_eq!(
                got.is_ok(),
                TRUNCATED_TAG_LENS.contains(&tl),
                "truncated seal {tl}"
            );
            if got.is_err() {
                assert_eq!(buf, ct, "buffer touched for tag len {tl}");
            }
            // Declared length must match the tag given.
            for declared in [4usize, 8, 12, 16, 17] {
                let mut buf = ct.clone();
                let got =
                    c.decrypt_in_place_detached_truncated(&[1; 12], b"", &mut buf, &t, declared);
                if tl != declared || !TRUNCATED_TAG_LENS.contains(&declared) {
                    assert_eq!(
                        got,
                        Err(Error::InvalidTagLength),
                        "tag {tl} declared {declared}"
                    );
                    assert_eq!(buf, ct);
                }
            }
        }
        let mut buf = ct.clone();
        assert_eq!(
            c.decrypt_in_place_detached(&[], b"", &mut buf, &tag),
            Err(Error::InvalidNonceLength)
        );
        for n in 0..16 {
            assert_eq!(
                c.decrypt(&[1; 12], &vec![0; n], b""),
                Err(Error::AuthenticationFailed)
            );
        }
        for n in 0..28 {
            assert_eq!(
                c.open_with_random_nonce(&vec![0; n], b""),
                Err(Error::AuthenticationFailed),
                "sealed len {n}"
            );
        }
    }
}

/// The random-nonce helpers: layout, uniqueness, tamper, round trip.
#[test]
fn aes_gcm_random_nonce_helpers() {
    for b in backends() {
        let c = AesGcm128::new_with(b, &[3; 16]);
        let a = c.seal_with_random_nonce(b"secret", b"ctx").expect("seal");
        let a2 = c.seal_with_random_nonce(b"secret", b"ctx").expect("seal");
        assert_eq!(a.len(), 12 + 6 + 16);
        assert_ne!(a[..12], a2[..12], "nonces repeat");
        assert_eq!(
            c.open_with_random_nonce(&a, b"ctx").expect("open"),
            b"secret"
        );
        // The layout is nonce || ct || tag, so the trait can open it too.
        assert_eq!(
            c.decrypt(&a[..12], &a[12..], b"ctx").expect("open"),
            b"secret"
        );
        assert!(c.open_with_random_nonce(&a, b"other").is_err());
        let mut bad = a.clone();
        bad[0] ^= 1;
        assert!(c.open_with_random_nonce(&bad, b"ctx").is_err());
    }
}

/// `Debug` names the type and backend, never key bytes.
#[test]
fn aes_gcm_debug_shows_no_key() {
    let key = [0xABu8; 32];
    for b in backends() {
        let s = format!("{:?}", AesGcm256::new_with(b, &key));
        assert!(s.starts_with("AesGcm256"), "{s}");
        assert!(s.contains(b.name()), "{s}");
        assert!(
            !s.to_lowercase().contains("ab, ") && !s.contains("171"),
            "{s}"
        );
    }
    let s = format!("{:?}", AesGcm128::new(&[0x5A; 16]));
    assert!(!s.contains("90") && !s.to_lowercase().contains("5a"), "{s}");
}
