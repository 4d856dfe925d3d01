//! HMAC-SHA-224/256/384/512 against RFC 4231, NIST CAVP `HMAC.rsp` and
//! Wycheproof, through every SHA backend this CPU supports, in every form:
//! one-shot, precomputed key, streaming (in pieces), `verify` and
//! `verify_truncated`. Plus the truncated-tag policy, backend agreement at
//! key and message length boundaries, and no panics on absurd inputs.

mod common;
use common::{jhex, read_kv, read_wycheproof, report};
use hpcrypt::backend::{Sha256Backend, Sha512Backend};
use hpcrypt::hash::{Sha224, Sha256, Sha384, Sha512};
use hpcrypt::mac::{Hmac, HmacKey, Mac};
use hpcrypt::Error;

type MacFn = Box<dyn Fn(&[u8], &[u8]) -> Vec<u8>>;
type PiecesFn = Box<dyn Fn(&[u8], &[u8], usize) -> Vec<u8>>;
type VerifyFn = Box<dyn Fn(&[u8], &[u8], &[u8]) -> Result<(), Error>>;
type TruncFn = Box<dyn Fn(&[u8], &[u8], &[u8], usize) -> Result<(), Error>>;

/// One backend of one HMAC, as functions over bytes.
struct Impl {
    alg: &'static str,
    backend: &'static str,
    tag_len: usize,
    block_len: usize,
    /// `Mac::mac` (one-shot).
    oneshot: MacFn,
    /// `HmacKey::new(key).mac(data)`.
    keyed: MacFn,
    /// `Mac::new` + `update` in pieces of the given size + `finalize`.
    pieces: PiecesFn,
    /// `HmacKey::start` + `update` in pieces + `finalize`.
    keyed_pieces: PiecesFn,
    /// `Mac::verify` (key, data, tag).
    verify: VerifyFn,
    /// `HmacKey::verify` (key, data, tag).
    keyed_verify: VerifyFn,
    /// `Hmac::verify_truncated` (key, data, tag, min_len).
    verify_truncated: TruncFn,
    /// `HmacKey::verify_truncated` (key, data, tag, min_len).
    keyed_verify_truncated: TruncFn,
}

macro_rules! impls_of {
    ($alg:literal, $h:ty, $backends:expr) => {
        $backends
            .map(|b| Impl {
                alg: $alg,
                backend: b.name(),
                tag_len: <Hmac<$h> as Mac>::TAG_LEN,
                block_len: <$h as hpcrypt::hash::Hash>::BLOCK_LEN,
                oneshot: Box::new(move |k: &[u8], m: &[u8]| Hmac::<$h>::mac_with(b, k, m).to_vec()),
                keyed: Box::new(move |k: &[u8], m: &[u8]| {
                    HmacKey::<$h>::new_with(b, k).mac(m).to_vec()
                }),
                pieces: Box::new(move |k: &[u8], m: &[u8], n: usize| {
                    let mut h = Hmac::<$h>::new_with(b, k);
                    for piece in m.chunks(n) {
                        h.update(piece);
                    }
                    h.finalize().to_vec()
                }),
                keyed_pieces: Box::new(move |k: &[u8], m: &[u8], n: usize| {
                    let key = HmacKey::<$h>::new_with(b, k);
                    let mut h = key.start();
                    for piece in m.chunks(n) {
                        h.update(piece);
                    }
                    h.finalize().to_vec()
                }),
                verify: Box::new(move |k: &[u8], m: &[u8], t: &[u8]| {
                    let mut h = Hmac::<$h>::new_with(b, k);
                    h.update(m);
                    h.verify(t)
                }),
                keyed_verify: Box::new(move |k: &[u8], m: &[u8], t: &[u8]| {
                    HmacKey::<$h>::new_with(b, k).verify(m, t)
                }),
                verify_truncated: Box::new(move |k: &[u8], m: &[u8], t: &[u8], min: usize| {
                    let mut h = Hmac::<$h>::new_with(b, k);
                    h.update(m);
                    h.verify_truncated(t, min)
                }),
                keyed_verify_truncated: Box::new(
                    move |k: &[u8], m: &[u8], t: &[u8], min: usize| {
                        HmacKey::<$h>::new_with(b, k).verify_truncated(m, t, min)
                    },
                ),
            })
            .collect::<Vec<_>>()
    };
}

/// Every backend of the HMAC named `alg` ("SHA-224" … "SHA-512").
fn impls(alg: &str) -> Vec<Impl> {
    let all = match alg {
        "SHA-224" => impls_of!("SHA-224", Sha224, Sha256Backend::available()),
        "SHA-256" => impls_of!("SHA-256", Sha256, Sha256Backend::available()),
        "SHA-384" => impls_of!("SHA-384", Sha384, Sha512Backend::available()),
        "SHA-512" => impls_of!("SHA-512", Sha512, Sha512Backend::available()),
        _ => panic!("unknown hash {alg}"),
    };
    report(
        &format!("HMAC-{alg}"),
        &all.iter().map(|i| i.backend).collect::<Vec<_>>(),
    );
    all
}

const ALGS: [&str; 4] = ["SHA-224", "SHA-256", "SHA-384", "SHA-512"];

/// A copy of `tag` with one bit flipped.
fn flipped(tag: &[u8], bit: usize) -> Vec<u8> {
    let mut t = tag.to_vec();
    let i = bit / 8 % t.len();
    t[i] ^= 1 << (bit % 8);
    t
}

/// Checks one known-answer `(key, data, tag)` through every form of `imp`.
/// `tag` may be truncated (the leftmost bytes of the full tag).
fn check_kat(imp: &Impl, key: &[u8], data: &[u8], tag: &[u8], piece_sizes: &[usize], ctx: &str) {
    let ctx = format!("HMAC-{} {} {ctx}", imp.alg, imp.backend);
    let n = tag.len();
    let full = (imp.oneshot)(key, data);
    assert_eq!(full.len(), imp.tag_len, "{ctx}");
    assert_eq!(&full[..n], tag, "{ctx}: one-shot");
    assert_eq!((imp.keyed)(key, data), full, "{ctx}: precomputed key");
    for &p in piece_sizes {
        assert_eq!((imp.pieces)(key, data, p), full, "{ctx}: pieces of {p}");
        assert_eq!(
            (imp.keyed_pieces)(key, data, p),
            full,
            "{ctx}: key.start() pieces of {p}"
        );
    }
    if n == imp.tag_len {
        assert_eq!((imp.verify)(key, data, tag), Ok(()), "{ctx}: verify");
        assert_eq!(
            (imp.keyed_verify)(key, data, tag),
            Ok(()),
            "{ctx}: key verify"
        );
        for bit in [0, 7, 8 * n - 1] {
            let bad = flipped(tag, bit);
            assert_eq!(
                (imp.verify)(key, data, &bad),
                Err(Error::AuthenticationFailed),
                "{ctx}: flipped bit {bit}"
            );
            assert_eq!(
                (imp.keyed_verify)(key, data, &bad),
                Err(Error::AuthenticationFailed),
                "{ctx}: key verify, flipped bit {bit}"
            );
        }
    } else {
        // A truncated tag never passes the full-length check.
        assert_eq!(
            (imp.verify)(key, data, tag),
            Err(Error::AuthenticationFailed),
            "{ctx}: truncated tag through verify"
        );
        assert_eq!(
            (imp.keyed_verify)(key, data, tag),
            Err(Error::AuthenticationFailed),
            "{ctx}: truncated tag through key verify"
        );
    }
    // The explicit call accepts the published length when the caller states
    // it, if it meets the RFC 2104 §5 floor (80 bits and half the output);
    // RFC 4231 case 5 truncates SHA-384/512 to 128 bits, below that floor:
    // those tags are refused by length (the prefix check above covers them).
    let floor = 10.max(imp.tag_len / 2);
    if n < floor {
        for min in [0, n] {
            assert_eq!(
                (imp.verify_truncated)(key, data, tag, min),
                Err(Error::InvalidTagLength),
                "{ctx}: below the floor of {floor} bytes"
            );
            assert_eq!(
                (imp.keyed_verify_truncated)(key, data, tag, min),
                Err(Error::InvalidTagLength),
                "{ctx}: below the floor of {floor} bytes"
            );
        }
        return;
    }
    assert_eq!((imp.verify_truncated)(key, data, tag, n), Ok(()), "{ctx}");
    assert_eq!(
        (imp.keyed_verify_truncated)(key, data, tag, n),
        Ok(()),
        "{ctx}"
    );
    assert_eq!(
        (imp.verify_truncated)(key, data, tag, n + 1),
        Err(Error::InvalidTagLength),
        "{ctx}: shorter than min_len"
    );
    let bad = flipped(tag, 8 * n - 1);
    assert_eq!(
        (imp.verify_truncated)(key, data, &bad, n),
        Err(Error::AuthenticationFailed),
        "{ctx}: truncated, flipped last bit"
    );
    assert_eq!(
        (imp.keyed_verify_truncated)(key, data, &bad, n),
        Err(Error::AuthenticationFailed),
        "{ctx}: key truncated, flipped last bit"
    );
}

/// RFC 4231 §4: test cases 1-7 for all four hashes; case 5 publishes only
/// the leftmost 128 bits.
#[test]
fn hmac_rfc4231_all_cases() {
    let records = read_kv("rfc/rfc4231-hmac.txt");
    assert_eq!(records.len(), 28);
    for alg in ALGS {
        for imp in impls(alg) {
            let mut seen = 0;
            for mut r in read_kv("rfc/rfc4231-hmac.txt") {
                if r.str("hash") != alg {
                    continue;
                }
                let case = r.int("case");
                let (key, data, mac) = (r.hex("key"), r.hex("data"), r.hex("mac"));
                if case == 5 {
                    assert_eq!(r.int("truncate"), 16, "{r}");
                    assert_eq!(mac.len(), 16, "{r}");
                } else {
                    assert_eq!(mac.len(), imp.tag_len, "{r}");
                }
                let sizes: Vec<usize> = (1..=imp.block_len + 1).collect();
                check_kat(&imp, &key, &data, &mac, &sizes, &format!("{r} case {case}"));
                r.done();
                seen += 1;
            }
            assert_eq!(seen, 7, "HMAC-{alg}");
        }
    }
}

/// NIST CAVP HMACVS `HMAC.rsp`: every SHA-2 section (`L` = 28, 32, 48, 64
/// bytes) and every tag length `Tlen` in it. The `L = 20` section is
/// HMAC-SHA-1, which hpcrypt does not implement: those 300 records are skipped
/// (and counted, so a changed file is noticed).
#[test]
fn hmac_cavp_all_sha2_sections() {
    let file = "nist-cavp/hmac/HMAC.rsp";
    let total = read_kv(file).len();
    for (l, alg) in [
        (28, "SHA-224"),
        (32, "SHA-256"),
        (48, "SHA-384"),
        (64, "SHA-512"),
    ] {
        for imp in impls(alg) {
            let (mut run, mut skipped_sha1) = (0, 0);
            let mut tlens = std::collections::BTreeSet::new();
            for mut r in read_kv(file) {
                let section = r.section_int("L");
                if section == 20 {
                    skipped_sha1 += 1;
                    continue;
                }
                if section != l {
                    continue;
                }
                let _count = r.int("Count");
                let key = r.hex("Key");
                assert_eq!(r.int("Klen"), key.len(), "{r}");
                let tlen = r.int("Tlen");
                let msg = r.hex("Msg");
                let mac = r.hex("Mac");
                assert_eq!(mac.len(), tlen, "{r}");
                check_kat(
                    &imp,
                    &key,
                    &msg,
                    &mac,
                    &[1, 63, 64, 65, 127],
                    &format!("{r}"),
                );
                tlens.insert(tlen);
                r.done();
                run += 1;
            }
            assert_eq!(skipped_sha1, 300, "SHA-1 records in {file}");
            assert!(run >= 225, "HMAC-{alg}: only {run} records");
            println!(
                "HMAC-{alg} {}: {run} CAVP records, Tlen {tlens:?}; {skipped_sha1} SHA-1 records skipped (of {total})",
                imp.backend
            );
        }
    }
}

/// Wycheproof `hmac_sha{224,256,384,512}_test.json`: valid tags verify and
/// match; invalid (modified) tags are rejected. Groups with `tagSize` below
/// the output go through `verify_truncated` with that size as the minimum.
#[test]
fn hmac_wycheproof() {
    for (alg, file) in [
        ("SHA-224", "wycheproof/hmac_sha224_test.json"),
        ("SHA-256", "wycheproof/hmac_sha256_test.json"),
        ("SHA-384", "wycheproof/hmac_sha384_test.json"),
        ("SHA-512", "wycheproof/hmac_sha512_test.json"),
    ] {
        for imp in impls(alg) {
            let (mut valid, mut invalid) = (0, 0);
            for (group, test) in read_wycheproof(file) {
                let tag_size = group["tagSize"].as_u64().expect("tagSize") as usize / 8;
                let key = jhex(&test, "key");
                let msg = jhex(&test, "msg");
                let tag = jhex(&test, "tag");
                let id = &test["tcId"];
                let ctx = format!("HMAC-{alg} {} {file} tcId {id}", imp.backend);
                match test["result"].as_str().expect("result") {
                    "valid" => {
                        assert_eq!(tag.len(), tag_size, "{ctx}");
                        check_kat(&imp, &key, &msg, &tag, &[1, 64], &ctx);
                        valid += 1;
                    }
                    "invalid" => {
                        assert_ne!((imp.oneshot)(&key, &msg)[..tag.len()], tag[..], "{ctx}");
                        if tag_size == imp.tag_len {
                            assert!((imp.verify)(&key, &msg, &tag).is_err(), "{ctx}");
                            assert!((imp.keyed_verify)(&key, &msg, &tag).is_err(), "{ctx}");
                        }
                        assert!(
                            (imp.verify_truncated)(&key, &msg, &tag, tag_size).is_err(),
                            "{ctx}"
                        );
                        assert!(
                            (imp.keyed_verify_truncated)(&key, &msg, &tag, tag_size).is_err(),
                            "{ctx}"
                        );
                        invalid += 1;
                    }
                    other => panic!("{ctx}: unexpected result {other}"),
                }
            }
            println!(
                "HMAC-{alg} {}: Wycheproof {valid} valid, {invalid} invalid",
                imp.backend
            );
            assert!(valid > 0 && invalid > 0);
        }
    }
}

/// Every backend agrees with portable code, in every form, for keys and
/// messages at block and padding boundaries.
#[test]
fn hmac_backends_agree_at_boundaries() {
    let bytes: Vec<u8> = (0..70_000u32).map(|i| (i * 151 + 3) as u8).collect();
    for alg in ALGS {
        let all = impls(alg);
        let soft = &all[0];
        assert_eq!(soft.backend, "soft");
        let b = soft.block_len;
        let key_lens = [0, 1, 16, 32, b / 2, b - 1, b, b + 1, 2 * b + 3, 1000];
        let msg_lens = [
            0,
            1,
            b / 2 - 9,
            b / 2 - 8,
            b - 9,
            b - 8,
            b - 1,
            b,
            b + 1,
            2 * b - 9,
            2 * b,
            300,
            1024,
            16 * 1024,
            65_537,
        ];
        for &kl in &key_lens {
            let key = &bytes[7..7 + kl];
            for &ml in &msg_lens {
                let msg = &bytes[..ml];
                let want = (soft.pieces)(key, msg, 1 + ml / 3);
                for imp in &all {
                    let ctx = format!("HMAC-{alg} {} key {kl} msg {ml}", imp.backend);
                    assert_eq!((imp.oneshot)(key, msg), want, "{ctx}");
                    assert_eq!((imp.keyed)(key, msg), want, "{ctx}");
                    assert_eq!((imp.pieces)(key, msg, 97), want, "{ctx}");
                    assert_eq!((imp.keyed_pieces)(key, msg, b), want, "{ctx}");
                }
            }
        }
    }
}

/// RFC 2104 §2: a key longer than the block is replaced by its digest.
#[test]
fn hmac_long_key_is_hashed() {
    let key = [0x61u8; 200];
    assert_eq!(
        Hmac::<Sha256>::mac(&key, b"msg"),
        Hmac::<Sha256>::mac(Sha256::hash(&key).as_ref(), b"msg")
    );
    assert_eq!(
        Hmac::<Sha384>::mac(&key, b"msg"),
        Hmac::<Sha384>::mac(Sha384::hash(&key).as_ref(), b"msg")
    );
}

/// The truncated-tag policy: floor max(10 bytes, half the output), the
/// caller's minimum, never longer than the output.
#[test]
fn hmac_truncated_tag_policy() {
    for alg in ALGS {
        for imp in impls(alg) {
            let (k, m) = (b"key".as_slice(), b"message".as_slice());
            let full = (imp.oneshot)(k, m);
            let half = imp.tag_len / 2;
            let ctx = format!("HMAC-{alg} {}", imp.backend);
            for n in 0..half {
                assert_eq!(
                    (imp.verify_truncated)(k, m, &full[..n], 0),
                    Err(Error::InvalidTagLength),
                    "{ctx}: {n} bytes is below half the output"
                );
            }
            for n in half..=imp.tag_len {
                assert_eq!(
                    (imp.verify_truncated)(k, m, &full[..n], 0),
                    Ok(()),
                    "{ctx} {n}"
                );
                assert_eq!(
                    (imp.verify_truncated)(k, m, &full[..n], n + 1),
                    Err(Error::InvalidTagLength),
                    "{ctx} {n} < min_len"
                );
            }
            let mut long = full.clone();
            long.push(0);
            assert_eq!(
                (imp.verify_truncated)(k, m, &long, 0),
                Err(Error::InvalidTagLength),
                "{ctx}: longer than the output"
            );
            assert_eq!(
                (imp.verify_truncated)(k, m, &full, usize::MAX),
                Err(Error::InvalidTagLength),
                "{ctx}"
            );
            // Plain verify accepts exactly the full tag.
            assert_eq!((imp.verify)(k, m, &full), Ok(()));
            assert_eq!((imp.verify)(k, m, &long), Err(Error::AuthenticationFailed));
            assert_eq!(
                (imp.verify)(k, m, &full[..half]),
                Err(Error::AuthenticationFailed)
            );
            assert_eq!((imp.verify)(k, m, &[]), Err(Error::AuthenticationFailed));
        }
    }
}

/// Empty and huge keys, messages and tags give a value or an `Err`, never a panic.
#[test]
fn hmac_no_panic_on_absurd_inputs() {
    let huge = vec![0xabu8; 1 << 18];
    for alg in ALGS {
        for imp in impls(alg) {
            for key in [&[][..], &huge[..1], &huge[..]] {
                for msg in [&[][..], &huge[..]] {
                    let t = (imp.oneshot)(key, msg);
                    assert_eq!(t.len(), imp.tag_len);
                    assert_eq!((imp.keyed)(key, msg), t);
                    for tag in [&[][..], &t[..1], &huge[..]] {
                        assert!((imp.verify)(key, msg, tag).is_err());
                        assert!((imp.keyed_verify)(key, msg, tag).is_err());
                        for min in [0, 1, 10, usize::MAX] {
                            assert!((imp.verify_truncated)(key, msg, tag, min).is_err());
                        }
                    }
                }
            }
        }
    }
}

/// `Debug` shows the hash and backend, never key material.
#[test]
fn hmac_debug_shows_no_secret() {
    let key = HmacKey::<Sha256>::new(&[0x42; 32]);
    let s = format!("{key:?}");
    assert!(s.starts_with("HmacKey"), "{s}");
    assert!(!s.contains("42, 42") && !s.contains("4242"), "{s}");
    let m = Hmac::<Sha512>::new(&[0x42; 32]);
    let s = format!("{m:?}");
    assert!(s.starts_with("Hmac"), "{s}");
    assert!(!s.contains("42, 42") && !s.contains("4242"), "{s}");
}

/// The default constructors (what users get) match portable code.
#[test]
fn hmac_default_dispatch_matches_soft() {
    use hpcrypt::mac::{HmacSha224, HmacSha256, HmacSha384, HmacSha512};
    let (k, m) = (b"dispatch key".as_slice(), b"dispatch message".as_slice());
    assert_eq!(
        HmacSha224::mac(k, m),
        Hmac::<Sha224>::mac_with(Sha256Backend::Soft, k, m)
    );
    assert_eq!(
        HmacSha256::mac(k, m),
        Hmac::<Sha256>::mac_with(Sha256Backend::Soft, k, m)
    );
    assert_eq!(
        HmacSha384::mac(k, m),
        Hmac::<Sha384>::mac_with(Sha512Backend::Soft, k, m)
    );
    assert_eq!(
        HmacSha512::mac(k, m),
        Hmac::<Sha512>::mac_with(Sha512Backend::Soft, k, m)
    );
}
