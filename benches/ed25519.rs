//! Ed25519: hpcrypt (every backend this CPU has, by name) beside ring,
//! aws-lc-rs and ed25519-dalek in one criterion run, so the ratios are
//! comparable.
//!
//! Groups: `ed25519/keygen` (key pair from a 32-byte seed), `ed25519/sign`
//! (64 B message), `ed25519/verify` (64 B, key already parsed where the API
//! allows it), `ed25519/verify_batch` (64 signatures; ring and aws-lc-rs
//! have no batch API).
//!
//! Rows: `hpcrypt` is what dispatch picks; `hpcrypt-soft`, `hpcrypt-bmi2`
//! (the 4×64-bit MULX field), `hpcrypt-avx2` (the AVX2 vector backend),
//! `hpcrypt-ifma` force one backend each (only those
//! `Ed25519Backend::available()` lists), so a machine with AVX-512 still
//! measures the backends of machines without it. ed25519-dalek 2.x on
//! x86-64 builds curve25519-dalek's `simd` backend and picks AVX2 at run
//! time for its variable-base and multi-scalar work, so `dalek` includes
//! its AVX2 path. aws-lc-rs runs s2n-bignum's x86-64 assembly.

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use ed25519_dalek::{Signer as _, Verifier as _};
use hpcrypt::backend::Ed25519Backend;
use hpcrypt::signature::{Ed25519Signature, Ed25519SigningKey, Signer, Verifier};
use ring::signature::KeyPair as _;

const SEED: [u8; 32] = [0x4d; 32];
const MSG_LEN: usize = 64;

/// The bench row of a backend: `hpcrypt-<short name>`.
fn row(b: Ed25519Backend) -> String {
    let short = match b.name() {
        "avx512-ifma" => "ifma",
        other => other,
    };
    format!("hpcrypt-{short}")
}

fn keygen(c: &mut Criterion) {
    let mut g = c.benchmark_group("ed25519/keygen");
    g.throughput(Throughput::Elements(1));
    g.bench_function("hpcrypt", |b| {
        b.iter(|| Ed25519SigningKey::from_bytes(black_box(&SEED)).verifying_key())
    });
    for be in Ed25519Backend::available() {
        g.bench_function(row(be), |b| {
            b.iter(|| Ed25519SigningKey::from_bytes_with(be, black_box(&SEED)).verifying_key())
        });
    }
    g.bench_function("ring", |b| {
        b.iter(|| {
            ring::signature::Ed25519KeyPair::from_seed_unchecked(black_box(&SEED))
                .expect("seed")
                .public_key()
                .as_ref()[0]
        })
    });
    g.bench_function("aws-lc-rs", |b| {
        use aws_lc_rs::signature::KeyPair as _;
        b.iter(|| {
            aws_lc_rs::signature::Ed25519KeyPair::from_seed_unchecked(black_box(&SEED))
                .expect("seed")
                .public_key()
                .as_ref()[0]
        })
    });
    g.bench_function("dalek", |b| {
        b.iter(|| ed25519_dalek::SigningKey::from_bytes(black_box(&SEED)).verifying_key())
    });
    g.finish();
}

fn sign(c: &mut Criterion) {
    let mut g = c.benchmark_group("ed25519/sign");
    let ours = Ed25519SigningKey::from_bytes(&SEED);
    let ring_key = ring::signature::Ed25519KeyPair::from_seed_unchecked(&SEED).expect("seed");
    let aws_key = aws_lc_rs::signature::Ed25519KeyPair::from_seed_unchecked(&SEED).expect("seed");
    let dalek = ed25519_dalek::SigningKey::from_bytes(&SEED);
    let msg = vec![0x61u8; MSG_LEN];
    g.throughput(Throughput::Bytes(MSG_LEN as u64));
    g.bench_with_input(BenchmarkId::new("hpcrypt", MSG_LEN), &msg, |b, m| {
        b.iter(|| ours.sign(black_box(m)))
    });
    for be in Ed25519Backend::available() {
        g.bench_with_input(BenchmarkId::new(row(be), MSG_LEN), &msg, |b, m| {
            b.iter(|| ours.sign_with(be, black_box(m)))
        });
    }
    g.bench_with_input(BenchmarkId::new("ring", MSG_LEN), &msg, |b, m| {
        b.iter(|| ring_key.sign(black_box(m)))
    });
    g.bench_with_input(BenchmarkId::new("aws-lc-rs", MSG_LEN), &msg, |b, m| {
        b.iter(|| aws_key.sign(black_box(m)))
    });
    g.bench_with_input(BenchmarkId::new("dalek", MSG_LEN), &msg, |b, m| {
        b.iter(|| dalek.sign(black_box(m)))
    });
    g.finish();
}

fn verify(c: &mut Criterion) {
    let mut g = c.benchmark_group("ed25519/verify");
    let msg = vec![0x61u8; MSG_LEN];
    let key = Ed25519SigningKey::from_bytes(&SEED);
    let vk = key.verifying_key();
    let sig = key.sign(&msg).to_bytes();
    let ring_pk = ring::signature::UnparsedPublicKey::new(&ring::signature::ED25519, vk.to_bytes());
    let aws_pk =
        aws_lc_rs::signature::UnparsedPublicKey::new(&aws_lc_rs::signature::ED25519, vk.to_bytes());
    let dalek_vk = ed25519_dalek::VerifyingKey::from_bytes(&vk.to_bytes()).expect("key");
    let dalek_sig = ed25519_dalek::Signature::from_bytes(&sig);
    g.throughput(Throughput::Bytes(MSG_LEN as u64));
    g.bench_function(BenchmarkId::new("hpcrypt", MSG_LEN), |b| {
        b.iter(|| vk.verify(black_box(&msg), black_box(&sig)).is_ok())
    });
    for be in Ed25519Backend::available() {
        g.bench_function(BenchmarkId::new(row(be), MSG_LEN), |b| {
            b.iter(|| {
                vk.verify_with(be, black_box(&msg), black_box(&sig), false)
                    .is_ok()
            })
        });
    }
    g.bench_function(BenchmarkId::new("hpcrypt-strict", MSG_LEN), |b| {
        b.iter(|| vk.verify_strict(black_box(&msg), black_box(&sig)).is_ok())
    });
    g.bench_function(BenchmarkId::new("ring", MSG_LEN), |b| {
        b.iter(|| ring_pk.verify(black_box(&msg), black_box(&sig)).is_ok())
    });
    g.bench_function(BenchmarkId::new("aws-lc-rs", MSG_LEN), |b| {
        b.iter(|| aws_pk.verify(black_box(&msg), black_box(&sig)).is_ok())
    });
    g.bench_function(BenchmarkId::new("dalek", MSG_LEN), |b| {
        b.iter(|| {
            dalek_vk
                .verify(black_box(&msg), black_box(&dalek_sig))
                .is_ok()
        })
    });
    g.finish();
}

fn verify_batch(c: &mut Criterion) {
    let mut g = c.benchmark_group("ed25519/verify_batch");
    let n = 64usize;
    let keys: Vec<Ed25519SigningKey> = (0..n)
        .map(|i| Ed25519SigningKey::from_bytes(&[i as u8; 32]))
        .collect();
    let msgs: Vec<Vec<u8>> = (0..n).map(|i| vec![i as u8; MSG_LEN]).collect();
    let refs: Vec<&[u8]> = msgs.iter().map(Vec::as_slice).collect();
    let sigs: Vec<Ed25519Signature> = keys.iter().zip(&refs).map(|(k, m)| k.sign(m)).collect();
    let vks: Vec<_> = keys.iter().map(Ed25519SigningKey::verifying_key).collect();
    let dalek_vks: Vec<_> = vks
        .iter()
        .map(|k| ed25519_dalek::VerifyingKey::from_bytes(&k.to_bytes()).expect("key"))
        .collect();
    let dalek_sigs: Vec<_> = sigs
        .iter()
        .map(|s| ed25519_dalek::Signature::from_bytes(&s.to_bytes()))
        .collect();
    g.throughput(Throughput::Elements(n as u64));
    g.bench_function(BenchmarkId::new("hpcrypt", n), |b| {
        b.iter(|| hpcrypt::signature::ed25519::verify_batch(black_box(&refs), &sigs, &vks).is_ok())
    });
    for be in Ed25519Backend::available() {
        g.bench_function(BenchmarkId::new(row(be), n), |b| {
            b.iter(|| {
                hpcrypt::signature::ed25519::verify_batch_with(be, black_box(&refs), &sigs, &vks)
                    .is_ok()
            })
        });
    }
    g.bench_function(BenchmarkId::new("dalek", n), |b| {
        b.iter(|| ed25519_dalek::verify_batch(black_box(&refs), &dalek_sigs, &dalek_vks).is_ok())
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(std::time::Duration::from_millis(500))
        .measurement_time(std::time::Duration::from_secs(2));
    targets = keygen, sign, verify, verify_batch
}
criterion_main!(benches);
