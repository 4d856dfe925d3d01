//! P-256 ECDSA with SHA-256 against the official vectors, through every
//! backend: RFC 6979 A.2.5 (deterministic signatures), NIST CAVP KeyPair,
//! PKV, SigGen and SigVer (the P-256 sections; SigVer and SigGen only
//! `[P-256,SHA-256]`, the hash ES256 uses), and Wycheproof's P1363
//! (r ‖ s) verification file with its exact verdicts.

mod common;

use common::{jhex, read_kv, read_wycheproof, report, vector_path};
use hpcrypt::backend::P256Backend;
use hpcrypt::signature::{
    P256PreparedVerifyingKey, P256Signature, P256SigningKey, P256VerifyingKey, Signer, Verifier,
};
use std::collections::BTreeMap;

fn arr<const N: usize>(v: &[u8]) -> [u8; N] {
    v.try_into().expect("length")
}

/// The verdict of `vk` on backend `b`, plain and prepared
/// (`P256VerifyingKey::prepare_with`), which must agree: the prepared key
/// is checked against every vector the plain key is.
fn verify_both(vk: &P256VerifyingKey, b: P256Backend, msg: &[u8], sig: &P256Signature) -> bool {
    let plain = vk.verify_with(b, msg, sig).is_ok();
    let prepared = vk.prepare_with(b).verify_with(b, msg, sig).is_ok();
    assert_eq!(plain, prepared, "prepared key disagrees [{}]", b.name());
    plain
}

fn report_backends() {
    let names: Vec<&str> = P256Backend::available().map(P256Backend::name).collect();
    report("p256", &names);
}

/// One CAVP ECDSA record: its `[curve]` or `[curve,hash]` section and its
/// `key = value` lines (hex values left as text).
struct CavpRecord {
    section: String,
    line: usize,
    fields: BTreeMap<String, String>,
}

impl CavpRecord {
    fn hex(&self, key: &str) -> Vec<u8> {
        let v = &self.fields[key];
        hex::decode(v).unwrap_or_else(|e| panic!("line {}: {key}: {e}", self.line))
    }

    /// A field element or scalar as exactly 32 bytes, or `None` when the
    /// file's integer does not fit (PKV's 65-digit out-of-range values).
    fn int32(&self, key: &str) -> Option<[u8; 32]> {
        let v = self.fields[key].trim_start_matches('0');
        if v.len() > 64 {
            return None;
        }
        let padded = format!("{v:0>64}");
        Some(arr(&hex::decode(padded).expect("hex")))
    }
}

/// Reads a CAVP ECDSA file. Section headers are the bracket lines naming a
/// curve (`[P-256]`, `[P-256,SHA-256]`); other bracket lines (KeyPair's
/// `[B.4.2 ...]`) and `N = ...` counters are skipped.
fn read_cavp(rel: &str) -> Vec<CavpRecord> {
    let text = std::fs::read_to_string(vector_path(rel)).expect("vector file");
    let mut out = Vec::new();
    let mut section = String::new();
    let mut current: Option<CavpRecord> = None;
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim_end_matches('\r').trim();
        if line.starts_with('#') {
            continue;
        }
        if line.is_empty() {
            out.extend(current.take());
            continue;
        }
        if let Some(inner) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            out.extend(current.take());
            let is_curve = inner.len() > 2 && matches!(&inner[..2], "P-" | "K-" | "B-");
            if is_curve {
                section = inner.to_string();
            }
            continue;
        }
        let (k, v) = line.split_once('=').expect("key = value");
        let (k, v) = (k.trim(), v.trim());
        if k == "N" {
            continue;
        }
        current
            .get_or_insert_with(|| CavpRecord {
                section: section.clone(),
                line: i + 1,
                fields: BTreeMap::new(),
            })
            .fields
            .insert(k.to_string(), v.to_string());
    }
    out.extend(current);
    out
}

fn cavp_section(rel: &str, section: &str) -> Vec<CavpRecord> {
    let all = read_cavp(rel);
    let skipped: std::collections::BTreeSet<&str> = all
        .iter()
        .map(|r| r.section.as_str())
        .filter(|s| *s != section)
        .collect();
    println!(
        "{rel}: checking [{section}], skipping {} other sections",
        skipped.len()
    );
    let ours: Vec<CavpRecord> = all.into_iter().filter(|r| r.section == section).collect();
    assert!(!ours.is_empty(), "{rel}: no [{section}] records");
    ours
}

/// RFC 6979 A.2.5: key derivation, the exact deterministic signature, and
/// verification, on every backend.
#[test]
fn rfc6979_a25_p256_sha256() {
    report_backends();
    let records = read_kv("rfc/rfc6979-ecdsa-p256.txt");
    assert_eq!(records.len(), 2);
    for mut rec in records {
        let name = rec.str("name");
        assert_eq!(rec.str("curve"), "P-256");
        assert_eq!(rec.str("hash"), "SHA-256");
        let d = rec.hex("private_key");
        let public = rec.hex("public_key");
        let msg = rec.hex("message");
        let _k = rec.hex("k"); // the nonce is internal: checked through r and s
        let r = rec.hex("r");
        let s = rec.hex("s");
        let sig = rec.hex("signature");
        let _der = rec.hex("signature_der"); // the DER form: p256keys' tests
        assert_eq!([r.as_slice(), s.as_slice()].concat(), sig, "{name}");
        for b in P256Backend::available() {
            let key = P256SigningKey::from_bytes_with(b, &arr(&d)).expect("key");
            let vk = key.verifying_key();
            assert_eq!(
                vk.to_sec1_uncompressed().as_slice(),
                public,
                "{name} [{}]",
                b.name()
            );
            let ours = key.sign_with(b, &msg);
            assert_eq!(
                ours.to_bytes().as_slice(),
                sig,
                "{name} [{}]: signature",
                b.name()
            );
            let parsed = P256Signature::from_slice(&sig).expect("64 bytes");
            assert!(verify_both(&vk, b, &msg, &parsed), "{name} [{}]", b.name());
            assert!(!verify_both(&vk, b, b"other", &parsed));
        }
        let key = P256SigningKey::from_bytes(&arr(&d)).expect("key");
        assert_eq!(Signer::sign(&key, &msg).as_ref(), sig.as_slice());
        let vk = P256VerifyingKey::from_sec1_bytes(&public).expect("public key");
        assert!(Verifier::verify(&vk, &msg, &sig).is_ok());
        rec.done();
    }
}

/// KeyPair.rsp `[P-256]`: d gives (Qx, Qy).
#[test]
fn cavp_keypair_p256() {
    let records = cavp_section("nist-cavp/ecdsa/KeyPair.rsp", "P-256");
    assert_eq!(records.len(), 10);
    for rec in &records {
        let d = rec.int32("d").expect("d");
        let (qx, qy) = (rec.int32("Qx").expect("Qx"), rec.int32("Qy").expect("Qy"));
        for b in P256Backend::available() {
            let vk = P256SigningKey::from_bytes_with(b, &d)
                .expect("d in range")
                .verifying_key();
            assert_eq!(
                (vk.x(), vk.y()),
                (qx, qy),
                "line {} [{}]",
                rec.line,
                b.name()
            );
        }
    }
}

/// PKV.rsp `[P-256]`: the public-key check's verdict equals `Result`
/// (out-of-range coordinates and off-curve points refused).
#[test]
fn cavp_pkv_p256() {
    let records = cavp_section("nist-cavp/ecdsa/PKV.rsp", "P-256");
    assert_eq!(records.len(), 12);
    let mut passes = 0;
    for rec in &records {
        let expect = rec.fields["Result"].starts_with('P');
        let got = match (rec.int32("Qx"), rec.int32("Qy")) {
            (Some(x), Some(y)) => {
                let by_coords = P256VerifyingKey::from_affine_coordinates(&x, &y).is_ok();
                let mut sec1 = vec![0x04];
                sec1.extend_from_slice(&x);
                sec1.extend_from_slice(&y);
                let by_sec1 = P256VerifyingKey::from_sec1_bytes(&sec1).is_ok();
                assert_eq!(by_coords, by_sec1, "line {}", rec.line);
                by_coords
            }
            _ => false, // a coordinate that does not fit 32 bytes is ≥ p
        };
        assert_eq!(got, expect, "line {}: {}", rec.line, rec.fields["Result"]);
        passes += usize::from(got);
    }
    assert_eq!(passes, 4);
}

/// SigVer.rsp `[P-256,SHA-256]`: the verdict equals `Result`.
#[test]
fn cavp_sigver_p256_sha256() {
    let records = cavp_section("nist-cavp/ecdsa/SigVer.rsp", "P-256,SHA-256");
    assert_eq!(records.len(), 15);
    for rec in &records {
        let msg = rec.hex("Msg");
        let (qx, qy) = (rec.int32("Qx").expect("Qx"), rec.int32("Qy").expect("Qy"));
        let sig = [rec.int32("R").expect("R"), rec.int32("S").expect("S")].concat();
        let sig = P256Signature::from_slice(&sig).expect("64 bytes");
        let expect = rec.fields["Result"].starts_with('P');
        match P256VerifyingKey::from_affine_coordinates(&qx, &qy) {
            Ok(vk) => {
                for b in P256Backend::available() {
                    let got = verify_both(&vk, b, &msg, &sig);
                    assert_eq!(got, expect, "line {} [{}]", rec.line, b.name());
                }
            }
            // "Q changed" may leave the curve: then the key is refused.
            Err(_) => assert!(!expect, "line {}: valid key refused", rec.line),
        }
    }
}

/// SigGen.txt `[P-256,SHA-256]`: d gives (Qx, Qy), and (R, S) verifies
/// (k was random, so our deterministic signer cannot reproduce R and S).
#[test]
fn cavp_siggen_p256_sha256() {
    let records = cavp_section("nist-cavp/ecdsa/SigGen.txt", "P-256,SHA-256");
    assert_eq!(records.len(), 15);
    for rec in &records {
        let msg = rec.hex("Msg");
        let d = rec.int32("d").expect("d");
        let sig = [rec.int32("R").expect("R"), rec.int32("S").expect("S")].concat();
        let sig = P256Signature::from_slice(&sig).expect("64 bytes");
        for b in P256Backend::available() {
            let key = P256SigningKey::from_bytes_with(b, &d).expect("d");
            let vk = key.verifying_key();
            assert_eq!(vk.x(), rec.int32("Qx").expect("Qx"), "line {}", rec.line);
            assert_eq!(vk.y(), rec.int32("Qy").expect("Qy"), "line {}", rec.line);
            assert!(
                verify_both(&vk, b, &msg, &sig),
                "line {} [{}]",
                rec.line,
                b.name()
            );
            // Our own signature of the same message verifies too.
            assert!(verify_both(&vk, b, &msg, &key.sign_with(b, &msg)));
        }
    }
}

/// Wycheproof `ecdsa_secp256r1_sha256_p1363_test.json`: every test's
/// verdict exactly (`valid` → Ok, `invalid` → Err; the file has no
/// `acceptable` cases), through the byte-slice `Verifier` (which refuses
/// signatures that are not 64 bytes) and every backend.
#[test]
fn wycheproof_p1363() {
    let tests = read_wycheproof("wycheproof/ecdsa_secp256r1_sha256_p1363_test.json");
    assert_eq!(tests.len(), 262);
    let (mut valid, mut invalid) = (0, 0);
    for (group, test) in &tests {
        assert_eq!(group["sha"], "SHA-256");
        let pk = &group["publicKey"];
        let vk = P256VerifyingKey::from_sec1_bytes(&jhex(pk, "uncompressed")).expect("group key");
        let wx = jhex(pk, "wx");
        let wy = jhex(pk, "wy");
        // wx, wy are minimal big-endian integers (a leading 00 when the top
        // bit is set, fewer bytes when the top byte is 0): left-pad to 32.
        let strip = |v: &[u8]| -> [u8; 32] {
            let v = &v[v.len().saturating_sub(32)..];
            let mut out = [0u8; 32];
            out[32 - v.len()..].copy_from_slice(v);
            out
        };
        assert_eq!(
            vk,
            P256VerifyingKey::from_affine_coordinates(&strip(&wx), &strip(&wy)).expect("wx, wy")
        );
        let msg = jhex(test, "msg");
        let sig = jhex(test, "sig");
        let id = &test["tcId"];
        let expect = match test["result"].as_str() {
            Some("valid") => true,
            Some("invalid") => false,
            other => panic!("tcId {id}: unexpected result {other:?}"),
        };
        assert_eq!(
            Verifier::verify(&vk, &msg, &sig).is_ok(),
            expect,
            "tcId {id} {}",
            test["comment"]
        );
        if let Ok(parsed) = P256Signature::from_slice(&sig) {
            for b in P256Backend::available() {
                assert_eq!(
                    verify_both(&vk, b, &msg, &parsed),
                    expect,
                    "tcId {id} [{}]",
                    b.name()
                );
            }
        } else {
            assert!(!expect, "tcId {id}: a valid signature must be 64 bytes");
        }
        if expect {
            valid += 1;
        } else {
            invalid += 1;
        }
    }
    assert_eq!((valid, invalid), (173, 89));
}

/// SEC 1 encodings round-trip, compressed points decode to the same key,
/// and malformed encodings are refused.
#[test]
fn sec1_encodings() {
    for seed in 1u8..=16 {
        let vk = P256SigningKey::from_bytes(&[seed; 32])
            .expect("key")
            .verifying_key();
        let u = vk.to_sec1_uncompressed();
        let c = vk.to_sec1_compressed();
        assert_eq!(P256VerifyingKey::from_sec1_bytes(&u), Ok(vk));
        assert_eq!(P256VerifyingKey::from_sec1_bytes(&c), Ok(vk));
        let mut flipped = c;
        flipped[0] ^= 1;
        let other = P256VerifyingKey::from_sec1_bytes(&flipped).expect("−Q");
        assert_eq!(other.x(), vk.x());
        assert_ne!(other.y(), vk.y());
        for bad in [&u[..64], &u[..], &c[..32]] {
            let mut b = bad.to_vec();
            if b.len() == 65 {
                b[0] = 0x05;
            }
            assert!(P256VerifyingKey::from_sec1_bytes(&b).is_err());
        }
    }
    assert!(P256VerifyingKey::from_sec1_bytes(&[]).is_err());
    assert!(P256VerifyingKey::from_sec1_bytes(&[0x00]).is_err());
    // x = 0 is not on the curve's compressed form? b is a square or not:
    // either way the answer must be an Ok/Err, never a panic.
    let _ = P256VerifyingKey::from_sec1_bytes(&[0x02; 33]);
}

/// Both s and n − s verify (FIPS 186-5 has no low-s rule), and r or s
/// equal to 0 or n are refused.
#[test]
fn high_s_and_range() {
    const N: [u8; 32] = [
        0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63,
        0x25, 0x51,
    ];
    let key = P256SigningKey::from_bytes(&[3; 32]).expect("key");
    let vk = key.verifying_key();
    let sig = key.sign(b"m");
    // n − s, big-endian subtraction.
    let s = sig.s();
    let mut neg = [0u8; 32];
    let mut borrow = 0i16;
    for i in (0..32).rev() {
        let d = N[i] as i16 - s[i] as i16 - borrow;
        neg[i] = d.rem_euclid(256) as u8;
        borrow = i16::from(d < 0);
    }
    let twin = P256Signature::from_slice(&[sig.r(), neg].concat()).expect("64");
    assert!(vk.verify(b"m", &twin).is_ok());
    for (r, s) in [
        ([0u8; 32], sig.s()),
        (sig.r(), [0u8; 32]),
        (N, sig.s()),
        (sig.r(), N),
    ] {
        let bad = P256Signature::from_slice(&[r, s].concat()).expect("64");
        assert!(vk.verify(b"m", &bad).is_err());
    }
}

/// The prepared key is `Send + Sync + Clone` and a `Verifier`; the plain
/// key stays `Copy` and 64 bytes (the affine point).
#[test]
fn prepared_key_traits() {
    fn shared<T: Send + Sync + Clone + Verifier>() {}
    fn copy<T: Copy + Send + Sync + Verifier>() {}
    shared::<P256PreparedVerifyingKey>();
    copy::<P256VerifyingKey>();
    assert_eq!(std::mem::size_of::<P256VerifyingKey>(), 64);
    let key = P256SigningKey::from_bytes(&[3u8; 32]).expect("key");
    let prepared = key.verifying_key().prepare();
    let sig = key.sign(b"m");
    assert!(Verifier::verify(&prepared.clone(), b"m", sig.as_ref()).is_ok());
    assert!(Verifier::verify(&prepared, b"m", &sig.as_ref()[..63]).is_err());
    assert_eq!(
        P256PreparedVerifyingKey::from(key.verifying_key()),
        prepared
    );
    assert!(format!("{prepared:?}").starts_with("P256PreparedVerifyingKey(P256VerifyingKey("));
}
