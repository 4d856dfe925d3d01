//! HKDF-SHA-256/384/512 against RFC 5869 (cases 1-3) and Wycheproof, through
//! every SHA backend this CPU supports: `extract` + `expand`, `from_prk`,
//! `derive`; the 255·HashLen limit (`Err`, output untouched); expand's
//! in-buffer and streaming paths against a plain HMAC construction; no panics
//! on empty or huge inputs.

mod common;
use common::{jhex, read_kv, read_wycheproof, report};
use hpcrypt::backend::{Sha256Backend, Sha512Backend};
use hpcrypt::hash::{Sha256, Sha384, Sha512};
use hpcrypt::kdf::Hkdf;
use hpcrypt::mac::{Hmac, Mac};
use hpcrypt::Error;

type ExtractFn = Box<dyn Fn(&[u8], &[u8]) -> Vec<u8>>;
/// (salt, ikm, info, okm) -> result
type DeriveFn = Box<dyn Fn(&[u8], &[u8], &[u8], &mut [u8]) -> Result<(), Error>>;
/// (prk, info, okm) -> result
type FromPrkFn = Box<dyn Fn(&[u8], &[u8], &mut [u8]) -> Result<(), Error>>;

/// One backend of one HKDF, as functions over bytes.
struct Impl {
    alg: &'static str,
    backend: &'static str,
    hash_len: usize,
    /// `extract_bytes`: the PRK.
    extract: ExtractFn,
    /// `extract(salt, ikm).expand(info, okm)`.
    extract_expand: DeriveFn,
    /// `derive(salt, ikm, info, okm)`.
    derive: DeriveFn,
    /// `from_prk(prk)?.expand(info, okm)`.
    from_prk: FromPrkFn,
    /// RFC 5869 §2.3 written out with the streaming `Hmac` (the oracle for
    /// expand's fast path).
    reference_expand: FromPrkFn,
}

macro_rules! impls_of {
    ($alg:literal, $h:ty, $backends:expr) => {
        $backends
            .map(|b| Impl {
                alg: $alg,
                backend: b.name(),
                hash_len: <Hmac<$h> as Mac>::TAG_LEN,
                extract: Box::new(move |s: &[u8], k: &[u8]| {
                    Hkdf::<$h>::extract_bytes_with(b, s, k).to_vec()
                }),
                extract_expand: Box::new(move |s: &[u8], k: &[u8], i: &[u8], o: &mut [u8]| {
                    Hkdf::<$h>::extract_with(b, s, k).expand(i, o)
                }),
                derive: Box::new(move |s: &[u8], k: &[u8], i: &[u8], o: &mut [u8]| {
                    Hkdf::<$h>::derive_with(b, s, k, i, o)
                }),
                from_prk: Box::new(move |p: &[u8], i: &[u8], o: &mut [u8]| {
                    Hkdf::<$h>::from_prk_with(b, p)?.expand(i, o)
                }),
                reference_expand: Box::new(move |p: &[u8], i: &[u8], o: &mut [u8]| {
                    let n = <Hmac<$h> as Mac>::TAG_LEN;
                    if o.len() > 255 * n {
                        return Err(Error::OutputTooLong);
                    }
                    let mut prev = Vec::new();
                    for (c, chunk) in o.chunks_mut(n).enumerate() {
                        let mut m = Hmac::<$h>::new_with(b, p);
                        m.update(&prev);
                        m.update(i);
                        m.update(&[c as u8 + 1]);
                        prev = m.finalize().to_vec();
                        chunk.copy_from_slice(&prev[..chunk.len()]);
                    }
                    Ok(())
                }),
            })
            .collect::<Vec<_>>()
    };
}

fn impls(alg: &str) -> Vec<Impl> {
    let all = match alg {
        "SHA-256" => impls_of!("SHA-256", Sha256, Sha256Backend::available()),
        "SHA-384" => impls_of!("SHA-384", Sha384, Sha512Backend::available()),
        "SHA-512" => impls_of!("SHA-512", Sha512, Sha512Backend::available()),
        _ => panic!("unknown hash {alg}"),
    };
    report(
        &format!("HKDF-{alg}"),
        &all.iter().map(|i| i.backend).collect::<Vec<_>>(),
    );
    all
}

const ALGS: [&str; 3] = ["SHA-256", "SHA-384", "SHA-512"];

/// Runs every form of `imp` on one case and checks each gives `okm`
/// (and, when given, that extract gives `prk`).
fn check_kat(
    imp: &Impl,
    salt: &[u8],
    ikm: &[u8],
    info: &[u8],
    prk: Option<&[u8]>,
    okm: &[u8],
    ctx: &str,
) {
    let ctx = format!("HKDF-{} {} {ctx}", imp.alg, imp.backend);
    let got_prk = (imp.extract)(salt, ikm);
    if let Some(prk) = prk {
        assert_eq!(got_prk, prk, "{ctx}: PRK");
    }
    let mut out = vec![0u8; okm.len()];
    (imp.extract_expand)(salt, ikm, info, &mut out).unwrap();
    assert_eq!(out, okm, "{ctx}: extract + expand");
    out.fill(0);
    (imp.derive)(salt, ikm, info, &mut out).unwrap();
    assert_eq!(out, okm, "{ctx}: derive");
    out.fill(0);
    (imp.from_prk)(&got_prk, info, &mut out).unwrap();
    assert_eq!(out, okm, "{ctx}: from_prk + expand");
    out.fill(0);
    (imp.reference_expand)(&got_prk, info, &mut out).unwrap();
    assert_eq!(out, okm, "{ctx}: reference");
    // Every prefix length is a prefix of the output.
    for l in [0, 1, imp.hash_len - 1, imp.hash_len, imp.hash_len + 1] {
        if l <= okm.len() {
            let mut short = vec![0u8; l];
            (imp.derive)(salt, ikm, info, &mut short).unwrap();
            assert_eq!(short, okm[..l], "{ctx}: first {l} bytes");
        }
    }
}

/// RFC 5869 Appendix A, cases 1-3 (HKDF-SHA-256; case 3 has an empty salt
/// and info). Cases 4-7 are HKDF-SHA-1 and not in the file.
#[test]
fn hkdf_rfc5869_cases_1_to_3() {
    for imp in impls("SHA-256") {
        let mut seen = 0;
        for mut r in read_kv("rfc/rfc5869-hkdf.txt") {
            assert_eq!(r.str("hash"), "SHA-256", "{r}");
            let case = r.int("case");
            let (ikm, salt, info) = (r.hex("ikm"), r.hex("salt"), r.hex("info"));
            let (prk, okm) = (r.hex("prk"), r.hex("okm"));
            assert_eq!(r.int("l"), okm.len(), "{r}");
            check_kat(
                &imp,
                &salt,
                &ikm,
                &info,
                Some(&prk),
                &okm,
                &format!("{r} case {case}"),
            );
            r.done();
            seen += 1;
        }
        assert_eq!(seen, 3);
    }
}

/// Wycheproof `hkdf_sha{256,384,512}_test.json`: valid cases produce `okm`
/// in every form; the invalid ones (`SizeTooLarge`, 255·HashLen + 1 bytes)
/// are `Err(OutputTooLong)` with the output buffer untouched.
#[test]
fn hkdf_wycheproof() {
    for (alg, file) in [
        ("SHA-256", "wycheproof/hkdf_sha256_test.json"),
        ("SHA-384", "wycheproof/hkdf_sha384_test.json"),
        ("SHA-512", "wycheproof/hkdf_sha512_test.json"),
    ] {
        for imp in impls(alg) {
            let (mut valid, mut invalid) = (0, 0);
            for (_group, test) in read_wycheproof(file) {
                let (ikm, salt, info) =
                    (jhex(&test, "ikm"), jhex(&test, "salt"), jhex(&test, "info"));
                let size = test["size"].as_u64().expect("size") as usize;
                let okm = jhex(&test, "okm");
                let ctx = format!("{file} tcId {}", test["tcId"]);
                match test["result"].as_str().expect("result") {
                    "valid" => {
                        assert_eq!(okm.len(), size, "{ctx}");
                        check_kat(&imp, &salt, &ikm, &info, None, &okm, &ctx);
                        valid += 1;
                    }
                    "invalid" => {
                        assert!(
                            size > 255 * imp.hash_len,
                            "{ctx}: only size errors expected"
                        );
                        let mut out = vec![0x5au8; size];
                        assert_eq!(
                            (imp.derive)(&salt, &ikm, &info, &mut out),
                            Err(Error::OutputTooLong),
                            "{ctx}"
                        );
                        assert_eq!(
                            (imp.extract_expand)(&salt, &ikm, &info, &mut out),
                            Err(Error::OutputTooLong),
                            "{ctx}"
                        );
                        let prk = (imp.extract)(&salt, &ikm);
                        assert_eq!(
                            (imp.from_prk)(&prk, &info, &mut out),
                            Err(Error::OutputTooLong),
                            "{ctx}"
                        );
                        assert!(out.iter().all(|&b| b == 0x5a), "{ctx}: output was written");
                        invalid += 1;
                    }
                    other => panic!("{ctx}: unexpected result {other}"),
                }
            }
            println!(
                "HKDF-{alg} {}: Wycheproof {valid} valid, {invalid} invalid",
                imp.backend
            );
            assert!(valid > 0 && invalid > 0);
        }
    }
}

/// Expand's fast path (message assembled in a 256-byte buffer) and its
/// streaming path (longer info) both match RFC 5869 §2.3 written out, at the
/// buffer boundary, at every output length around block multiples, and at
/// the maximum; every backend agrees with portable code.
#[test]
fn hkdf_expand_paths_and_backends_agree() {
    let bytes: Vec<u8> = (0..20_000u32).map(|i| (i * 37 + 11) as u8).collect();
    for alg in ALGS {
        let all = impls(alg);
        let soft = &all[0];
        assert_eq!(soft.backend, "soft");
        let n = soft.hash_len;
        let prk = &bytes[100..100 + n];
        // hash_len + info + 1 == 256 is the last length in the buffer.
        let boundary = 256 - n - 1;
        let info_lens = [0, 1, 13, boundary - 1, boundary, boundary + 1, 1000, 10_000];
        let okm_lens = [0, 1, n - 1, n, n + 1, 2 * n, 3 * n + 5, 255 * n];
        for &il in &info_lens {
            let info = &bytes[..il];
            for &ol in &okm_lens {
                let mut want = vec![0u8; ol];
                (soft.reference_expand)(prk, info, &mut want).unwrap();
                for imp in &all {
                    let mut got = vec![0u8; ol];
                    (imp.from_prk)(prk, info, &mut got).unwrap();
                    assert_eq!(got, want, "HKDF-{alg} {} info {il} okm {ol}", imp.backend);
                }
            }
        }
    }
}

/// RFC 5869 §2.2: an empty salt is HashLen zero bytes.
#[test]
fn hkdf_empty_salt_is_hash_len_zeros() {
    for alg in ALGS {
        for imp in impls(alg) {
            let zeros = vec![0u8; imp.hash_len];
            assert_eq!((imp.extract)(b"", b"ikm"), (imp.extract)(&zeros, b"ikm"));
        }
    }
}

/// `from_prk` rejects a PRK shorter than HashLen (RFC 5869 §2.3) and accepts
/// longer ones (hashed like any long HMAC key).
#[test]
fn hkdf_from_prk_lengths() {
    for alg in ALGS {
        for imp in impls(alg) {
            let mut out = [0x77u8; 16];
            for l in [0, 1, imp.hash_len - 1] {
                assert_eq!(
                    (imp.from_prk)(&vec![1u8; l], b"", &mut out),
                    Err(Error::InvalidKeyLength),
                    "HKDF-{alg} {} prk {l}",
                    imp.backend
                );
            }
            assert_eq!(out, [0x77u8; 16]);
            for l in [imp.hash_len, imp.hash_len + 1, 128, 129, 1000] {
                let prk = vec![3u8; l];
                let mut want = [0u8; 16];
                (imp.reference_expand)(&prk, b"i", &mut want).unwrap();
                (imp.from_prk)(&prk, b"i", &mut out).unwrap();
                assert_eq!(out, want, "HKDF-{alg} {} prk {l}", imp.backend);
            }
        }
    }
}

/// Empty and huge salts, IKMs, infos and output lengths: a value or an
/// `Err`, never a panic; an oversize output is never written.
#[test]
fn hkdf_no_panic_on_absurd_inputs() {
    let huge = vec![0xcdu8; 1 << 18];
    for alg in ALGS {
        for imp in impls(alg) {
            let max = 255 * imp.hash_len;
            for input in [&[][..], &huge[..1], &huge[..]] {
                for ol in [0, 1, max] {
                    let mut out = vec![0u8; ol];
                    assert_eq!((imp.derive)(input, input, input, &mut out), Ok(()));
                    assert_eq!((imp.extract_expand)(input, input, input, &mut out), Ok(()));
                }
                for ol in [max + 1, 2 * max, 1 << 20] {
                    let mut out = vec![0x11u8; ol];
                    assert_eq!(
                        (imp.derive)(input, input, input, &mut out),
                        Err(Error::OutputTooLong)
                    );
                    assert_eq!(
                        (imp.from_prk)(&huge, input, &mut out),
                        Err(Error::OutputTooLong)
                    );
                    assert!(out.iter().all(|&b| b == 0x11));
                }
            }
        }
    }
}

/// `Debug` shows no key material.
#[test]
fn hkdf_debug_shows_no_secret() {
    let prk = hpcrypt::kdf::HkdfSha256::from_prk(&[0x42; 32]).unwrap();
    let s = format!("{prk:?}");
    assert!(s.starts_with("Prk"), "{s}");
    assert!(!s.contains("42, 42") && !s.contains("4242"), "{s}");
}
