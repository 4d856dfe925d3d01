//! The properties the fuzz targets check, shared by `fuzz/` (libFuzzer feeds
//! them) and `tests/regressions.rs` (which replays every saved input under
//! `tests/regressions/<target>/` in `cargo test`). Each check takes the raw
//! fuzzer bytes and panics if a property fails.
#![allow(dead_code)]

use hpcrypt::backend::{Sha256Backend, Sha512Backend};
use hpcrypt::hash::{Hash, Sha224, Sha256, Sha384, Sha512};

/// Splits `data` at fuzzer-chosen points (taken from its first four bytes).
fn pieces(data: &[u8]) -> (Vec<usize>, &[u8]) {
    let (head, body) = data.split_at(data.len().min(4));
    (head.iter().map(|&b| usize::from(b)).collect(), body)
}

fn streamed<H: Hash>(mut h: H, data: &[u8], cuts: &[usize]) -> Vec<u8> {
    let mut rest = data;
    for &c in cuts {
        let (a, b) = rest.split_at(c.min(rest.len()));
        h.update(a);
        rest = b;
    }
    h.update(rest);
    h.finalize().as_ref().to_vec()
}

/// SHA-2: every backend, one-shot and streamed at fuzzer-chosen splits,
/// equals the `sha2` crate.
pub fn sha2_diff(data: &[u8]) {
    use sha2::Digest as _;
    let (cuts, msg) = pieces(data);
    let w224 = sha2::Sha224::digest(msg).to_vec();
    let w256 = sha2::Sha256::digest(msg).to_vec();
    let w384 = sha2::Sha384::digest(msg).to_vec();
    let w512 = sha2::Sha512::digest(msg).to_vec();
    for b in Sha256Backend::available() {
        assert_eq!(
            Sha224::hash_with(b, msg).to_vec(),
            w224,
            "sha224 {}",
            b.name()
        );
        assert_eq!(
            Sha256::hash_with(b, msg).to_vec(),
            w256,
            "sha256 {}",
            b.name()
        );
        assert_eq!(
            streamed(Sha224::new_with(b), msg, &cuts),
            w224,
            "sha224 {} streamed",
            b.name()
        );
        assert_eq!(
            streamed(Sha256::new_with(b), msg, &cuts),
            w256,
            "sha256 {} streamed",
            b.name()
        );
    }
    for b in Sha512Backend::available() {
        assert_eq!(
            Sha384::hash_with(b, msg).to_vec(),
            w384,
            "sha384 {}",
            b.name()
        );
        assert_eq!(
            Sha512::hash_with(b, msg).to_vec(),
            w512,
            "sha512 {}",
            b.name()
        );
        assert_eq!(
            streamed(Sha384::new_with(b), msg, &cuts),
            w384,
            "sha384 {} streamed",
            b.name()
        );
        assert_eq!(
            streamed(Sha512::new_with(b), msg, &cuts),
            w512,
            "sha512 {} streamed",
            b.name()
        );
    }
}

/// Ed25519 verification of arbitrary bytes: `key (32) || sig (64) || msg`.
/// Never panics; every backend gives the same verdict; `verify_strict`
/// accepts only what `verify` accepts.
pub fn ed25519_verify(data: &[u8]) {
    use hpcrypt::signature::ed25519::Ed25519Backend;
    use hpcrypt::signature::Ed25519VerifyingKey;
    if data.len() < 96 {
        // Short inputs still must not panic anywhere.
        let _ = Ed25519VerifyingKey::from_slice(data);
        let _ = hpcrypt::signature::Ed25519Signature::from_slice(data);
        return;
    }
    let (key, rest) = data.split_at(32);
    let (sig, msg) = rest.split_at(64);
    let Ok(vk) = Ed25519VerifyingKey::from_slice(key) else {
        return;
    };
    let mut verdicts = Ed25519Backend::available().map(|b| {
        let loose = vk.verify_with(b, msg, sig, false).is_ok();
        let strict = vk.verify_with(b, msg, sig, true).is_ok();
        assert!(
            loose || !strict,
            "verify_strict accepted what verify rejected ({})",
            b.name()
        );
        (loose, strict)
    });
    let first = verdicts.next().expect("soft backend");
    for v in verdicts {
        assert_eq!(v, first, "Ed25519 backends disagree");
    }
}

/// Ed25519 signing against ed25519-dalek: `seed (32) || flips (4) || msg`.
/// Signatures are byte-equal on every backend; then the signature is
/// mutated at fuzzer-chosen bits and our `verify`/`verify_strict` verdicts
/// must equal dalek's `verify`/`verify_strict` (the key is honest, so the
/// documented differences, small-order and mixed-order A, cannot arise).
pub fn ed25519_sign_diff(data: &[u8]) {
    use ed25519_dalek::{Signer as _, Verifier as _};
    use hpcrypt::signature::ed25519::Ed25519Backend;
    use hpcrypt::signature::{Ed25519SigningKey, Signer as _, Verifier as _};
    if data.len() < 36 {
        return;
    }
    let (seed, rest) = data.split_at(32);
    let (flips, msg) = rest.split_at(4);
    let seed: [u8; 32] = seed.try_into().expect("32 bytes");
    let ours = Ed25519SigningKey::from_bytes(&seed);
    let theirs = ed25519_dalek::SigningKey::from_bytes(&seed);
    assert_eq!(
        ours.verifying_key().to_bytes(),
        theirs.verifying_key().to_bytes()
    );
    let want = theirs.sign(msg).to_bytes();
    for b in Ed25519Backend::available() {
        assert_eq!(
            ours.sign_with(b, msg).to_bytes(),
            want,
            "signature differs on {}",
            b.name()
        );
    }
    let mut sig = ours.sign(msg).to_bytes();
    for &f in flips {
        if f != 0 {
            sig[usize::from(f) % 64] ^= 1 << (f % 8);
        }
    }
    let vk = ours.verifying_key();
    let dvk = theirs.verifying_key();
    let dsig = ed25519_dalek::Signature::from_bytes(&sig);
    assert_eq!(
        vk.verify(msg, &sig).is_ok(),
        dvk.verify(msg, &dsig).is_ok(),
        "verify verdict differs"
    );
    assert_eq!(
        vk.verify_strict(msg, &sig).is_ok(),
        dvk.verify_strict(msg, &dsig).is_ok(),
        "verify_strict verdict differs"
    );
}

/// AES-GCM open of arbitrary input: `key (32) || nonce_len (1) || nonce ||
/// aad_len (1) || aad || ciphertext || tag (16)`, on every backend. Never a
/// panic; a rejected open leaves no plaintext (the buffer is the ciphertext
/// or zeros); every backend gives the same verdict and plaintext; the
/// verdict equals the `aes-gcm` crate's whenever the nonce is 12 bytes.
pub fn aes_gcm_open(data: &[u8]) {
    use hpcrypt::aead::{Aead, AesGcm256};
    use hpcrypt::backend::AesGcmBackend;
    let Some((key, rest)) = data.split_first_chunk::<32>() else {
        return;
    };
    let Some((&nlen, rest)) = rest.split_first() else {
        return;
    };
    let Some((nonce, rest)) = rest.split_at_checked(usize::from(nlen % 40)) else {
        return;
    };
    let Some((&alen, rest)) = rest.split_first() else {
        return;
    };
    let Some((aad, rest)) = rest.split_at_checked(usize::from(alen)) else {
        return;
    };
    let Some((ct, tag)) = rest.split_at_checked(rest.len().saturating_sub(16)) else {
        return;
    };
    let mut first: Option<Option<Vec<u8>>> = None;
    for b in AesGcmBackend::available() {
        let cipher = AesGcm256::new_with(b, key);
        let mut buf = ct.to_vec();
        let got = match cipher.decrypt_in_place_detached(nonce, aad, &mut buf, tag) {
            Ok(()) => Some(buf),
            Err(_) => {
                assert!(
                    buf == ct || buf.iter().all(|&x| x == 0),
                    "plaintext released on failure ({})",
                    b.name()
                );
                None
            }
        };
        match &first {
            None => first = Some(got),
            Some(f) => assert_eq!(f, &got, "AES-GCM backends disagree ({})", b.name()),
        }
    }
    if nonce.len() == 12 && tag.len() == 16 {
        use aes_gcm::aead::{AeadInPlace, KeyInit};
        let oracle = aes_gcm::Aes256Gcm::new(key.into());
        let mut buf = ct.to_vec();
        let ok = oracle
            .decrypt_in_place_detached(nonce.into(), aad, &mut buf, tag.into())
            .is_ok();
        assert_eq!(
            first.flatten().is_some(),
            ok,
            "verdict differs from aes-gcm"
        );
    }
}

/// AES-GCM seal/open round trip: `key (32) || nonce (12) || aad_len (1) ||
/// aad || plaintext`. Every backend seals to the `aes-gcm` crate's bytes and
/// opens its own output; one flipped ciphertext or tag bit is rejected.
pub fn aes_gcm_roundtrip(data: &[u8]) {
    use aes_gcm::aead::{AeadInPlace, KeyInit};
    use hpcrypt::aead::{Aead, AesGcm128, AesGcm256};
    use hpcrypt::backend::AesGcmBackend;
    let Some((key, rest)) = data.split_first_chunk::<32>() else {
        return;
    };
    let Some((nonce, rest)) = rest.split_first_chunk::<12>() else {
        return;
    };
    let Some((&alen, rest)) = rest.split_first() else {
        return;
    };
    let Some((aad, pt)) = rest.split_at_checked(usize::from(alen).min(rest.len())) else {
        return;
    };
    let mut want256 = pt.to_vec();
    let tag256 = aes_gcm::Aes256Gcm::new(key.into())
        .encrypt_in_place_detached(nonce.into(), aad, &mut want256)
        .expect("oracle seal");
    let key128: &[u8; 16] = key[..16].try_into().expect("16 bytes");
    let mut want128 = pt.to_vec();
    let tag128 = aes_gcm::Aes128Gcm::new(key128.into())
        .encrypt_in_place_detached(nonce.into(), aad, &mut want128)
        .expect("oracle seal");
    for b in AesGcmBackend::available() {
        let c = AesGcm256::new_with(b, key);
        let mut buf = pt.to_vec();
        let tag = c
            .encrypt_in_place_detached(nonce, aad, &mut buf)
            .expect("seal");
        assert_eq!(
            (&buf, &tag[..]),
            (&want256, &tag256[..]),
            "AES-256-GCM seal differs ({})",
            b.name()
        );
        c.decrypt_in_place_detached(nonce, aad, &mut buf, &tag)
            .expect("open own output");
        assert_eq!(buf, pt);
        if !pt.is_empty() {
            let mut bad = want256.clone();
            bad[usize::from(alen) % pt.len()] ^= 1;
            assert!(c
                .decrypt_in_place_detached(nonce, aad, &mut bad, &tag)
                .is_err());
        }
        let mut bad_tag = tag;
        bad_tag[usize::from(alen) % 16] ^= 0x80;
        let mut buf = want256.clone();
        assert!(c
            .decrypt_in_place_detached(nonce, aad, &mut buf, &bad_tag)
            .is_err());
        let c = AesGcm128::new_with(b, key128);
        let mut buf = pt.to_vec();
        let tag = c
            .encrypt_in_place_detached(nonce, aad, &mut buf)
            .expect("seal");
        assert_eq!(
            (&buf, &tag[..]),
            (&want128, &tag128[..]),
            "AES-128-GCM seal differs ({})",
            b.name()
        );
    }
}

/// Splits off a length-prefixed field: one length byte, then that many bytes
/// (fewer if the input ends).
fn field(data: &[u8]) -> (&[u8], &[u8]) {
    match data.split_first() {
        Some((&n, rest)) => rest.split_at(usize::from(n).min(rest.len())),
        None => (&[], &[]),
    }
}

fn hmac_check<H: hpcrypt::hash::BlockHash>(
    b: H::Backend,
    key: &[u8],
    msg: &[u8],
    cuts: &[usize],
    tag: &[u8],
    min: usize,
    want: &[u8],
) {
    use hpcrypt::mac::{Hmac, HmacKey, Mac};
    assert_eq!(Hmac::<H>::mac_with(b, key, msg).as_ref(), want);
    let k = HmacKey::<H>::new_with(b, key);
    assert_eq!(k.mac(msg).as_ref(), want);
    let mut m = k.start();
    let mut rest = msg;
    for &c in cuts {
        let (x, y) = rest.split_at(c.min(rest.len()));
        m.update(x);
        rest = y;
    }
    m.update(rest);
    assert_eq!(m.finalize().as_ref(), want);
    assert_eq!(k.verify(msg, want), Ok(()));
    assert_eq!(k.verify(msg, tag).is_ok(), tag == want);
    let floor = 10.max(want.len() / 2);
    let ok = tag.len() >= min.max(floor) && tag.len() <= want.len() && want.starts_with(tag);
    assert_eq!(k.verify_truncated(msg, tag, min).is_ok(), ok);
}

/// HMAC over every SHA-2 and backend against the `hmac` crate: one-shot,
/// precomputed key, streamed at fuzzer-chosen splits, and the verdicts of
/// `verify`/`verify_truncated` on a fuzzer-chosen tag. Input:
/// `key_len key tag_len tag min cuts(4) msg`.
pub fn hmac_diff(data: &[u8]) {
    use hmac::Mac as _;
    use hpcrypt::hash::{Sha224, Sha256, Sha384, Sha512};
    macro_rules! oracle {
        ($d:ty, $key:expr, $msg:expr) => {{
            let mut m = hmac::Hmac::<$d>::new_from_slice($key).expect("any key length");
            m.update($msg);
            m.finalize().into_bytes().to_vec()
        }};
    }
    let (key, rest) = field(data);
    let (tag, rest) = field(rest);
    let (min, rest) = rest
        .split_first()
        .map_or((0, rest), |(m, r)| (usize::from(*m), r));
    let (cuts, msg) = pieces(rest);
    let w224 = oracle!(sha2::Sha224, key, msg);
    let w256 = oracle!(sha2::Sha256, key, msg);
    let w384 = oracle!(sha2::Sha384, key, msg);
    let w512 = oracle!(sha2::Sha512, key, msg);
    for b in Sha256Backend::available() {
        hmac_check::<Sha224>(b, key, msg, &cuts, tag, min, &w224);
        hmac_check::<Sha256>(b, key, msg, &cuts, tag, min, &w256);
    }
    for b in Sha512Backend::available() {
        hmac_check::<Sha384>(b, key, msg, &cuts, tag, min, &w384);
        hmac_check::<Sha512>(b, key, msg, &cuts, tag, min, &w512);
    }
}

/// HKDF over every SHA-2 and backend against the `hkdf` crate, with
/// fuzzer-chosen salt, IKM, info and output length up to twice the maximum:
/// oversize is `Err(OutputTooLong)` with the output untouched. Input:
/// `len(2, LE) salt_len salt info_len info ikm`.
pub fn hkdf(data: &[u8]) {
    use hpcrypt::hash::{Sha256, Sha384, Sha512};
    use hpcrypt::kdf::Hkdf;
    macro_rules! check {
        ($h:ty, $d:ty, $backends:expr, $salt:expr, $ikm:expr, $info:expr, $len:expr) => {{
            let mut want = vec![0u8; $len];
            let rc = hkdf::Hkdf::<$d>::new(Some($salt), $ikm)
                .expand($info, &mut want)
                .is_ok();
            for b in $backends {
                let mut out = vec![0x5au8; $len];
                let got = Hkdf::<$h>::derive_with(b, $salt, $ikm, $info, &mut out);
                assert_eq!(got.is_ok(), rc);
                if rc {
                    assert_eq!(out, want);
                } else {
                    assert_eq!(got, Err(hpcrypt::Error::OutputTooLong));
                    assert!(out.iter().all(|&x| x == 0x5a), "okm touched on error");
                }
            }
        }};
    }
    let Some((len, rest)) = data.split_first_chunk::<2>() else {
        return;
    };
    let len = usize::from(u16::from_le_bytes(*len)) % (2 * 255 * 64 + 2);
    let (salt, rest) = field(rest);
    let (info, ikm) = field(rest);
    check!(
        Sha256,
        sha2::Sha256,
        Sha256Backend::available(),
        salt,
        ikm,
        info,
        len
    );
    check!(
        Sha384,
        sha2::Sha384,
        Sha512Backend::available(),
        salt,
        ikm,
        info,
        len
    );
    check!(
        Sha512,
        sha2::Sha512,
        Sha512Backend::available(),
        salt,
        ikm,
        info,
        len
    );
}

mod key_formats;
pub use key_formats::key_formats;

/// P-256 verification of arbitrary bytes, differential against RustCrypto
/// `p256`: `mode (1) || key (65, or 33 if mode bit 0) || sig (64) || msg`.
/// Both libraries must accept the same SEC 1 keys, decode them to the same
/// point, and give the same verdict on every backend. With mode bit 1 the
/// key is instead derived from the first 32 key bytes (reduced to a valid
/// scalar), the message signed (deterministic signatures must be equal to
/// `p256`'s), and the signature XORed with the sig bytes before verifying,
/// so that near-valid signatures are explored too.
pub fn p256_verify(data: &[u8]) {
    use hpcrypt::signature::p256::P256Backend;
    use hpcrypt::signature::{P256Signature, P256SigningKey, P256VerifyingKey};
    use p256::ecdsa::signature::{Signer as _, Verifier as _};
    if data.len() < 1 + 65 + 64 {
        // Short inputs still must not panic anywhere.
        let _ = P256VerifyingKey::from_sec1_bytes(data);
        let _ = P256Signature::from_slice(data);
        return;
    }
    let mode = data[0];
    let key_len = if mode & 1 == 1 { 33 } else { 65 };
    let (key_bytes, rest) = data[1..].split_at(key_len);
    let (sig_bytes, msg) = rest.split_at(64);
    let mut sig = [0u8; 64];
    sig.copy_from_slice(sig_bytes);
    let (ours, theirs) = if mode & 2 == 2 {
        let mut d = [0u8; 32];
        d.copy_from_slice(&key_bytes[1..33]);
        d[0] &= 0x7f; // below n
        d[31] |= 1; // not zero
        let ours = P256SigningKey::from_bytes(&d).expect("d in range");
        let theirs = p256::ecdsa::SigningKey::from_slice(&d).expect("d in range");
        let mine = ours.sign(msg).to_bytes();
        let rc: p256::ecdsa::Signature = theirs.sign(msg);
        assert_eq!(&mine[..], &rc.to_bytes()[..], "RFC 6979 signatures differ");
        for (s, m) in sig.iter_mut().zip(mine) {
            *s ^= m; // all-zero sig bytes keep the valid signature
        }
        (Ok(ours.verifying_key()), Ok(*theirs.verifying_key()))
    } else {
        (
            P256VerifyingKey::from_sec1_bytes(key_bytes),
            p256::ecdsa::VerifyingKey::from_sec1_bytes(key_bytes),
        )
    };
    // SEC 1 §2.3.4 tags only: `p256` also reads the non-SEC 1 compact form
    // 0x05 ‖ x and the hybrid 0x06/0x07 ones, which hpcrypt refuses by design.
    if mode & 2 == 0 && !matches!(key_bytes[0], 0x02..=0x04) {
        assert!(ours.is_err(), "a non-SEC 1 point tag was accepted");
        return;
    }
    assert_eq!(ours.is_ok(), theirs.is_ok(), "key acceptance differs");
    let (Ok(vk), Ok(rc_vk)) = (ours, theirs) else {
        return;
    };
    let rc_point = rc_vk.to_sec1_point(false);
    assert_eq!(
        &vk.to_sec1_uncompressed()[..],
        rc_point.as_bytes(),
        "decoded points differ"
    );
    let expect = p256::ecdsa::Signature::from_slice(&sig)
        .map(|s| rc_vk.verify(msg, &s).is_ok())
        .unwrap_or(false);
    let sig = P256Signature::from_bytes(&sig);
    for b in P256Backend::available() {
        assert_eq!(
            vk.verify_with(b, msg, &sig).is_ok(),
            expect,
            "verdict differs from p256 ({})",
            b.name()
        );
    }
}

mod p256_formats;
pub use p256_formats::p256_formats;
