//! P-256 ECDSA (ES256): hpcrypt (every backend this CPU has, by name)
//! beside ring, aws-lc-rs and RustCrypto `p256` in one criterion run, so
//! the ratios are comparable.
//!
//! Groups: `p256/keygen` (key object from a 32-byte scalar, public key
//! derived; ring and aws-lc-rs take the public key too and check it, which
//! costs them the same [d]G), `p256/sign` (64 B message; ring and aws-lc-rs
//! mix random bytes into the nonce, hpcrypt and `p256` use RFC 6979),
//! `p256/verify` (64 B, key parsed once where the API allows it: ring has
//! no parsed-key API, so its row parses the SEC 1 point each time) and
//! `p256/verify_parse` (key parsed from its SEC 1 bytes on every call);
//! `p256/verify_prepared` (hpcrypt's `P256PreparedVerifyingKey`, beside
//! aws-lc-rs's parsed key) and `p256/prepare` (its one-time cost).
//!
//! Rows: `hpcrypt` is what dispatch picks; `hpcrypt-soft`, `hpcrypt-bmi2`
//! force one backend each (only those `P256Backend::available()` lists).
//! ring and aws-lc-rs run hand-written x86-64 assembly.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use hpcrypt::backend::P256Backend;
use hpcrypt::signature::{P256Signature, P256SigningKey, P256VerifyingKey};
use p256::ecdsa::signature::{Signer as _, Verifier as _};

const D: [u8; 32] = [0x4d; 32];
const MSG: [u8; 64] = [0x61; 64];

fn row(b: P256Backend) -> String {
    format!("hpcrypt-{}", b.name())
}

fn public() -> [u8; 65] {
    P256SigningKey::from_bytes(&D)
        .expect("key")
        .verifying_key()
        .to_sec1_uncompressed()
}

fn keygen(c: &mut Criterion) {
    let mut g = c.benchmark_group("p256/keygen");
    g.throughput(Throughput::Elements(1));
    let q = public();
    g.bench_function("hpcrypt", |b| {
        b.iter(|| P256SigningKey::from_bytes(black_box(&D)).map(|k| k.verifying_key()))
    });
    for be in P256Backend::available() {
        g.bench_function(row(be), |b| {
            b.iter(|| P256SigningKey::from_bytes_with(be, black_box(&D)).map(|k| k.verifying_key()))
        });
    }
    let rng = ring::rand::SystemRandom::new();
    g.bench_function("ring", |b| {
        b.iter(|| {
            ring::signature::EcdsaKeyPair::from_private_key_and_public_key(
                &ring::signature::ECDSA_P256_SHA256_FIXED_SIGNING,
                black_box(&D),
                &q,
                &rng,
            )
            .is_ok()
        })
    });
    g.bench_function("aws-lc-rs", |b| {
        b.iter(|| {
            aws_lc_rs::signature::EcdsaKeyPair::from_private_key_and_public_key(
                &aws_lc_rs::signature::ECDSA_P256_SHA256_FIXED_SIGNING,
                black_box(&D),
                &q,
            )
            .is_ok()
        })
    });
    g.bench_function("p256", |b| {
        b.iter(|| p256::ecdsa::SigningKey::from_slice(black_box(&D)).map(|k| *k.verifying_key()))
    });
    g.finish();
}

fn sign(c: &mut Criterion) {
    let mut g = c.benchmark_group("p256/sign");
    g.throughput(Throughput::Elements(1));
    let q = public();
    let ours = P256SigningKey::from_bytes(&D).expect("key");
    g.bench_function("hpcrypt", |b| b.iter(|| ours.sign(black_box(&MSG))));
    for be in P256Backend::available() {
        g.bench_function(row(be), |b| b.iter(|| ours.sign_with(be, black_box(&MSG))));
    }
    let rng = ring::rand::SystemRandom::new();
    let ring_key = ring::signature::EcdsaKeyPair::from_private_key_and_public_key(
        &ring::signature::ECDSA_P256_SHA256_FIXED_SIGNING,
        &D,
        &q,
        &rng,
    )
    .expect("ring key");
    g.bench_function("ring", |b| {
        b.iter(|| ring_key.sign(&rng, black_box(&MSG)).is_ok())
    });
    let aws_rng = aws_lc_rs::rand::SystemRandom::new();
    let aws_key = aws_lc_rs::signature::EcdsaKeyPair::from_private_key_and_public_key(
        &aws_lc_rs::signature::ECDSA_P256_SHA256_FIXED_SIGNING,
        &D,
        &q,
    )
    .expect("aws key");
    g.bench_function("aws-lc-rs", |b| {
        b.iter(|| aws_key.sign(&aws_rng, black_box(&MSG)).is_ok())
    });
    let rc = p256::ecdsa::SigningKey::from_slice(&D).expect("p256 key");
    g.bench_function("p256", |b| {
        b.iter(|| -> p256::ecdsa::Signature { rc.sign(black_box(&MSG)) })
    });
    g.finish();
}

fn verify(c: &mut Criterion) {
    let q = public();
    let key = P256SigningKey::from_bytes(&D).expect("key");
    let vk = key.verifying_key();
    let sig: P256Signature = key.sign(&MSG);
    let sig_bytes = sig.to_bytes();
    let rc_sig = p256::ecdsa::Signature::from_slice(&sig_bytes).expect("sig");

    let mut g = c.benchmark_group("p256/verify");
    g.throughput(Throughput::Elements(1));
    g.bench_function("hpcrypt", |b| {
        b.iter(|| vk.verify(black_box(&MSG), black_box(&sig)).is_ok())
    });
    for be in P256Backend::available() {
        g.bench_function(row(be), |b| {
            b.iter(|| vk.verify_with(be, black_box(&MSG), black_box(&sig)).is_ok())
        });
    }
    let ring_pk =
        ring::signature::UnparsedPublicKey::new(&ring::signature::ECDSA_P256_SHA256_FIXED, q);
    g.bench_function("ring", |b| {
        b.iter(|| {
            ring_pk
                .verify(black_box(&MSG), black_box(&sig_bytes))
                .is_ok()
        })
    });
    let aws_pk = aws_lc_rs::signature::ParsedPublicKey::new(
        &aws_lc_rs::signature::ECDSA_P256_SHA256_FIXED,
        q,
    )
    .expect("aws key");
    g.bench_function("aws-lc-rs", |b| {
        b.iter(|| {
            aws_pk
                .verify_sig(black_box(&MSG), black_box(&sig_bytes))
                .is_ok()
        })
    });
    let rc_vk = p256::ecdsa::VerifyingKey::from_sec1_bytes(&q).expect("p256 key");
    g.bench_function("p256", |b| {
        b.iter(|| rc_vk.verify(black_box(&MSG), &rc_sig).is_ok())
    });
    g.finish();

    // The prepared key (`P256VerifyingKey::prepare`, 128 doublings per
    // verification) beside aws-lc-rs's parsed key, the fastest peer.
    let mut g = c.benchmark_group("p256/verify_prepared");
    g.throughput(Throughput::Elements(1));
    let prepared = vk.prepare();
    g.bench_function("hpcrypt", |b| {
        b.iter(|| prepared.verify(black_box(&MSG), black_box(&sig)).is_ok())
    });
    for be in P256Backend::available() {
        let prepared = vk.prepare_with(be);
        g.bench_function(row(be), |b| {
            b.iter(|| {
                prepared
                    .verify_with(be, black_box(&MSG), black_box(&sig))
                    .is_ok()
            })
        });
    }
    g.bench_function("aws-lc-rs", |b| {
        b.iter(|| {
            aws_pk
                .verify_sig(black_box(&MSG), black_box(&sig_bytes))
                .is_ok()
        })
    });
    g.finish();

    // Preparation alone (no peer has it).
    let mut g = c.benchmark_group("p256/prepare");
    g.throughput(Throughput::Elements(1));
    g.bench_function("hpcrypt", |b| b.iter(|| black_box(&vk).prepare()));
    for be in P256Backend::available() {
        g.bench_function(row(be), |b| b.iter(|| black_box(&vk).prepare_with(be)));
    }
    g.finish();

    let mut g = c.benchmark_group("p256/verify_parse");
    g.throughput(Throughput::Elements(1));
    g.bench_function("hpcrypt", |b| {
        b.iter(|| {
            P256VerifyingKey::from_sec1_bytes(black_box(&q))
                .and_then(|k| k.verify(black_box(&MSG), black_box(&sig)))
                .is_ok()
        })
    });
    g.bench_function("ring", |b| {
        b.iter(|| {
            ring::signature::UnparsedPublicKey::new(
                &ring::signature::ECDSA_P256_SHA256_FIXED,
                black_box(&q),
            )
            .verify(black_box(&MSG), black_box(&sig_bytes))
            .is_ok()
        })
    });
    g.bench_function("aws-lc-rs", |b| {
        b.iter(|| {
            aws_lc_rs::signature::UnparsedPublicKey::new(
                &aws_lc_rs::signature::ECDSA_P256_SHA256_FIXED,
                black_box(&q),
            )
            .verify(black_box(&MSG), black_box(&sig_bytes))
            .is_ok()
        })
    });
    g.bench_function("p256", |b| {
        b.iter(|| {
            p256::ecdsa::VerifyingKey::from_sec1_bytes(black_box(&q))
                .map(|k| k.verify(black_box(&MSG), &rc_sig).is_ok())
                .unwrap_or(false)
        })
    });
    g.finish();
}

criterion_group!(benches, keygen, sign, verify);
criterion_main!(benches);
