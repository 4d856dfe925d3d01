//! Ed25519 against the official vectors: RFC 8032 §7.1, the 1024-line
//! `sign.input`, Wycheproof, and the C2SP/CCTV edge cases with the exact set
//! of flags each verification function accepts (the README's table).

mod common;

use common::{jhex, read_kv, read_wycheproof, report, vector_path};
use hpcrypt::signature::ed25519::verify_batch;
use hpcrypt::signature::{
    Ed25519Signature, Ed25519SigningKey, Ed25519VerifyingKey, Signer, Verifier,
};
use std::collections::BTreeSet;

fn arr<const N: usize>(v: &[u8]) -> [u8; N] {
    v.try_into().expect("length")
}

fn report_backends() {
    let names: Vec<&str> = hpcrypt::backends()
        .filter(|(p, _)| *p == "ed25519")
        .map(|(_, b)| b)
        .collect();
    report("ed25519", &names);
}

/// Signs and verifies one known-answer vector through every entry point.
fn check_known_answer(what: &str, seed: &[u8], public: &[u8], msg: &[u8], sig: &[u8]) {
    let key = Ed25519SigningKey::from_bytes(&arr(seed));
    let vk = key.verifying_key();
    assert_eq!(vk.to_bytes().as_slice(), public, "{what}: public key");
    assert_eq!(key.to_bytes().as_slice(), seed, "{what}: seed round trip");
    let ours = key.sign(msg);
    assert_eq!(ours.to_bytes().as_slice(), sig, "{what}: signature");
    let parsed = Ed25519VerifyingKey::from_bytes(&arr(public)).expect("public key decodes");
    assert_eq!(parsed, vk);
    assert!(parsed.verify(msg, sig).is_ok(), "{what}: verify");
    assert!(
        parsed.verify_strict(msg, sig).is_ok(),
        "{what}: verify_strict"
    );
    let sig = Ed25519Signature::from_slice(sig).expect("64 bytes");
    assert!(
        verify_batch(&[msg], &[sig], &[parsed]).is_ok(),
        "{what}: batch"
    );
    // One flipped bit anywhere in the signature or message fails.
    let mut bad = sig.to_bytes();
    bad[7] ^= 0x10;
    assert!(parsed.verify(msg, &bad).is_err(), "{what}: flipped R bit");
    let mut bad = sig.to_bytes();
    bad[40] ^= 0x01;
    assert!(parsed.verify(msg, &bad).is_err(), "{what}: flipped S bit");
    let mut m = msg.to_vec();
    m.push(0);
    assert!(
        parsed.verify(&m, sig.as_ref()).is_err(),
        "{what}: longer message"
    );
}

#[test]
fn ed25519_rfc8032_section_7_1() {
    report_backends();
    let mut n = 0;
    for mut rec in read_kv("rfc/rfc8032-ed25519.txt") {
        let name = rec.str("name");
        let (seed, public) = (rec.hex("secret_key"), rec.hex("public_key"));
        let (msg, sig) = (rec.hex("message"), rec.hex("signature"));
        check_known_answer(&format!("{rec} {name}"), &seed, &public, &msg, &sig);
        rec.done();
        n += 1;
    }
    assert_eq!(n, 5);
}

#[test]
fn ed25519_sign_input_1024_lines() {
    report_backends();
    let text = std::fs::read_to_string(vector_path("rfc/sign.input")).expect("sign.input");
    let mut msgs = Vec::new();
    let mut sigs = Vec::new();
    let mut keys = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let f: Vec<&str> = line.split(':').collect();
        assert_eq!(f.len(), 5, "line {i}");
        let sk = hex::decode(f[0]).expect("hex");
        let pk = hex::decode(f[1]).expect("hex");
        let msg = hex::decode(f[2]).expect("hex");
        let sm = hex::decode(f[3]).expect("hex");
        assert_eq!(&sk[32..], &pk[..], "line {i}: sk = seed ‖ pk");
        assert_eq!(&sm[64..], &msg[..], "line {i}: sm = sig ‖ msg");
        assert_eq!(msg.len(), i);
        check_known_answer(
            &format!("sign.input line {}", i + 1),
            &sk[..32],
            &pk,
            &msg,
            &sm[..64],
        );
        msgs.push(msg);
        sigs.push(Ed25519Signature::from_slice(&sm[..64]).expect("64"));
        keys.push(Ed25519VerifyingKey::from_bytes(&arr(&pk)).expect("pk"));
    }
    assert_eq!(msgs.len(), 1024);
    // The whole file as one batch, then with one signature broken.
    let refs: Vec<&[u8]> = msgs.iter().map(Vec::as_slice).collect();
    assert!(verify_batch(&refs, &sigs, &keys).is_ok());
    let mut bad = sigs.clone();
    let mut b = bad[517].to_bytes();
    b[33] ^= 1;
    bad[517] = Ed25519Signature::from_bytes(&b);
    assert!(verify_batch(&refs, &bad, &keys).is_err());
    // A signature moved to another message fails too.
    let mut swapped = sigs.clone();
    swapped.swap(3, 4);
    assert!(verify_batch(&refs, &swapped, &keys).is_err());
}

#[test]
fn ed25519_wycheproof() {
    report_backends();
    let (mut valid, mut invalid) = (0, 0);
    for (group, test) in read_wycheproof("wycheproof/ed25519_test.json") {
        let id = &test["tcId"];
        let pk = jhex(&group["publicKey"], "pk");
        let msg = jhex(&test, "msg");
        let sig = jhex(&test, "sig");
        let expect_valid = match test["result"].as_str() {
            Some("valid") => true,
            Some("invalid") => false,
            other => panic!("tcId {id}: result {other:?}"),
        };
        let key = Ed25519VerifyingKey::from_bytes(&arr(&pk)).expect("Wycheproof keys are valid");
        let verdict = key.verify(&msg, &sig).is_ok();
        assert_eq!(
            verdict, expect_valid,
            "tcId {id} ({}): verify",
            test["comment"]
        );
        let strict = key.verify_strict(&msg, &sig).is_ok();
        assert_eq!(strict, expect_valid, "tcId {id}: verify_strict");
        if let Ok(s) = Ed25519Signature::from_slice(&sig) {
            let batch = verify_batch(&[&msg], &[s], &[key]).is_ok();
            assert_eq!(batch, expect_valid, "tcId {id}: verify_batch");
        } else {
            assert!(
                !expect_valid,
                "tcId {id}: wrong-length signature marked valid"
            );
        }
        if expect_valid {
            valid += 1;
        } else {
            invalid += 1;
        }
    }
    assert_eq!((valid, invalid), (88, 63));
}

/// One C2SP/CCTV vector.
struct Cctv {
    number: u64,
    key: [u8; 32],
    sig: [u8; 64],
    msg: Vec<u8>,
    flags: BTreeSet<String>,
}

fn read_cctv() -> Vec<Cctv> {
    let path = vector_path("cctv/ed25519vectors.json");
    let text = std::fs::read_to_string(path).expect("cctv");
    let json: serde_json::Value = serde_json::from_str(&text).expect("json");
    let out: Vec<Cctv> = json
        .as_array()
        .expect("array")
        .iter()
        .map(|v| Cctv {
            number: v["number"].as_u64().expect("number"),
            key: arr(&jhex(v, "key")),
            sig: arr(&jhex(v, "sig")),
            msg: v["msg"].as_str().expect("msg").as_bytes().to_vec(),
            flags: v["flags"]
                .as_array()
                .map(|f| {
                    f.iter()
                        .map(|x| x.as_str().expect("flag").to_string())
                        .collect()
                })
                .unwrap_or_default(),
        })
        .collect();
    assert_eq!(out.len(), 914);
    out
}

/// Flags whose vectors `verify` and `verify_batch` accept (README table):
/// small-order R, points with a small-order component, and signatures
/// that hold only under the cofactored equation. Everything else (small-order
/// A, non-canonical A or R, and `reencoded_k`, which only occurs with
/// non-canonical encodings) is rejected.
const ACCEPTED_BY_VERIFY: &[&str] = &[
    "low_order_R",
    "low_order_component_A",
    "low_order_component_R",
    "low_order_residue",
];

/// `verify_strict` additionally rejects small-order R.
const ACCEPTED_BY_VERIFY_STRICT: &[&str] = &[
    "low_order_component_A",
    "low_order_component_R",
    "low_order_residue",
];

fn accepted(v: &Cctv, allowed: &[&str]) -> bool {
    v.flags.iter().all(|f| allowed.contains(&f.as_str()))
}

#[test]
fn ed25519_cctv_accepted_flag_sets() {
    report_backends();
    let vectors = read_cctv();
    let mut counts = [0usize; 3];
    let mut batch_msgs = Vec::new();
    let mut batch_sigs = Vec::new();
    let mut batch_keys = Vec::new();
    for v in &vectors {
        let key = Ed25519VerifyingKey::from_bytes(&v.key);
        let verify = key.is_ok_and(|k| k.verify(&v.msg, &v.sig).is_ok());
        let strict = key.is_ok_and(|k| k.verify_strict(&v.msg, &v.sig).is_ok());
        let sig = Ed25519Signature::from_bytes(&v.sig);
        let batch = key.is_ok_and(|k| verify_batch(&[&v.msg], &[sig], &[k]).is_ok());
        let n = v.number;
        assert_eq!(
            verify,
            accepted(v, ACCEPTED_BY_VERIFY),
            "#{n} {:?}: verify",
            v.flags
        );
        assert_eq!(
            strict,
            accepted(v, ACCEPTED_BY_VERIFY_STRICT),
            "#{n} {:?}: strict",
            v.flags
        );
        assert_eq!(
            batch,
            accepted(v, ACCEPTED_BY_VERIFY),
            "#{n} {:?}: batch",
            v.flags
        );
        counts[0] += usize::from(verify);
        counts[1] += usize::from(strict);
        counts[2] += usize::from(batch);
        if let (true, Ok(k)) = (verify, key) {
            batch_msgs.push(v.msg.as_slice());
            batch_sigs.push(sig);
            batch_keys.push(k);
        }
    }
    println!(
        "cctv: verify accepts {}, verify_strict {}, verify_batch {} of {}",
        counts[0],
        counts[1],
        counts[2],
        vectors.len()
    );
    // Every vector `verify` accepts, in one batch: accepted (the batch never
    // rejects what `verify` accepts, including mixed-order points).
    assert!(verify_batch(&batch_msgs, &batch_sigs, &batch_keys).is_ok());
    // ... and a single broken one makes it fail.
    let mut s = batch_sigs[10].to_bytes();
    s[40] ^= 4;
    batch_sigs[10] = Ed25519Signature::from_bytes(&s);
    assert!(verify_batch(&batch_msgs, &batch_sigs, &batch_keys).is_err());
}

#[test]
fn ed25519_s_at_or_above_l_is_rejected_everywhere() {
    let key = Ed25519SigningKey::from_bytes(&[9u8; 32]);
    let vk = key.verifying_key();
    let msg = b"malleable?";
    let sig = key.sign(msg).to_bytes();
    // S + L is the same scalar mod L: a malleated signature.
    let l: [u8; 32] =
        hex::decode("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010")
            .expect("hex")
            .try_into()
            .expect("32");
    let mut s_plus_l = [0u8; 32];
    let mut carry = 0u16;
    for i in 0..32 {
        let v = u16::from(sig[32 + i]) + u16::from(l[i]) + carry;
        s_plus_l[i] = v as u8;
        carry = v >> 8;
    }
    assert_eq!(carry, 0);
    let mut mall = sig;
    mall[32..].copy_from_slice(&s_plus_l);
    assert!(vk.verify(msg, &sig).is_ok());
    assert!(vk.verify(msg, &mall).is_err());
    assert!(vk.verify_strict(msg, &mall).is_err());
    let mall = Ed25519Signature::from_bytes(&mall);
    assert!(verify_batch(&[msg], &[mall], &[vk]).is_err());
    // S = L exactly, and S with the top bits set.
    for s in [l, [0xff; 32]] {
        let mut bad = sig;
        bad[32..].copy_from_slice(&s);
        assert!(vk.verify(msg, &bad).is_err());
    }
}

#[test]
fn ed25519_verify_rejects_wrong_lengths() {
    let key = Ed25519SigningKey::from_bytes(&[1u8; 32]);
    let vk = key.verifying_key();
    let sig = key.sign(b"m").to_bytes();
    for len in [0usize, 1, 32, 63, 65, 128] {
        let mut v = sig.to_vec();
        v.resize(len, 0);
        assert!(vk.verify(b"m", &v).is_err(), "len {len}");
        assert!(vk.verify_strict(b"m", &v).is_err(), "len {len}");
        assert!(Ed25519Signature::from_slice(&v).is_err(), "len {len}");
    }
    assert!(Ed25519VerifyingKey::from_slice(&[]).is_err());
    assert!(Ed25519VerifyingKey::from_slice(&[0u8; 33]).is_err());
    let s = Ed25519Signature::from_bytes(&sig);
    assert_eq!(
        verify_batch(&[b"m".as_slice()], &[s, s], &[vk]),
        Err(hpcrypt::Error::LengthMismatch)
    );
    assert_eq!(
        verify_batch(&[b"m".as_slice()], &[s], &[vk, vk]),
        Err(hpcrypt::Error::LengthMismatch)
    );
    assert_eq!(verify_batch(&[], &[], &[]), Ok(()));
}

#[test]
fn ed25519_generated_keys_sign_and_verify() {
    for _ in 0..8 {
        let key = hpcrypt::signature::Ed25519::generate();
        let vk = key.verifying_key();
        let sig = key.sign(b"fresh");
        assert!(vk.verify(b"fresh", sig.as_ref()).is_ok());
        let again = Ed25519SigningKey::from_bytes(&key.to_bytes());
        assert_eq!(again.verifying_key(), vk);
        assert_eq!(again.sign(b"fresh"), sig, "deterministic");
    }
    let a = Ed25519SigningKey::try_generate().expect("rng");
    let b = Ed25519SigningKey::try_generate().expect("rng");
    assert_ne!(a.to_bytes(), b.to_bytes());
}
