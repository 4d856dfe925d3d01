//! Ed25519: hpcrypt beside ring and ed25519-dalek (2.x, default serial u64
//! backend) in one criterion run, so the ratios are comparable.
//!
//! Groups: `ed25519/keygen` (key from a 32-byte seed), `ed25519/sign`
//! (64 B and 300 B messages, ~ a JWT), `ed25519/verify` (300 B, key already
//! parsed where the API allows it), `ed25519/verify_batch` (64 signatures).

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use ed25519_dalek::{Signer as _, Verifier as _};
use hpcrypt::signature::{Ed25519Signature, Ed25519SigningKey, Signer, Verifier};
use ring::signature::KeyPair as _;

const SEED: [u8; 32] = [0x4d; 32];

fn keygen(c: &mut Criterion) {
    let mut g = c.benchmark_group("ed25519/keygen");
    g.throughput(Throughput::Elements(1));
    g.bench_function("hpcrypt", |b| {
        b.iter(|| Ed25519SigningKey::from_bytes(black_box(&SEED)).verifying_key())
    });
    g.bench_function("ring", |b| {
        b.iter(|| {
            ring::signature::Ed25519KeyPair::from_seed_unchecked(black_box(&SEED))
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
    let dalek = ed25519_dalek::SigningKey::from_bytes(&SEED);
    for size in [64usize, 300] {
        let msg = vec![0x61u8; size];
        g.throughput(Throughput::Bytes(size as u64));
        g.bench_with_input(BenchmarkId::new("hpcrypt", size), &msg, |b, m| {
            b.iter(|| ours.sign(black_box(m)))
        });
        g.bench_with_input(BenchmarkId::new("ring", size), &msg, |b, m| {
            b.iter(|| ring_key.sign(black_box(m)))
        });
        g.bench_with_input(BenchmarkId::new("dalek", size), &msg, |b, m| {
            b.iter(|| dalek.sign(black_box(m)))
        });
    }
    g.finish();
}

fn verify(c: &mut Criterion) {
    let mut g = c.benchmark_group("ed25519/verify");
    let size = 300usize;
    let msg = vec![0x61u8; size];
    let key = Ed25519SigningKey::from_bytes(&SEED);
    let vk = key.verifying_key();
    let sig = key.sign(&msg).to_bytes();
    let ring_pk = ring::signature::UnparsedPublicKey::new(&ring::signature::ED25519, vk.to_bytes());
    let dalek_vk = ed25519_dalek::VerifyingKey::from_bytes(&vk.to_bytes()).expect("key");
    let dalek_sig = ed25519_dalek::Signature::from_bytes(&sig);
    g.throughput(Throughput::Bytes(size as u64));
    g.bench_function(BenchmarkId::new("hpcrypt", size), |b| {
        b.iter(|| vk.verify(black_box(&msg), black_box(&sig)).is_ok())
    });
    g.bench_function(BenchmarkId::new("hpcrypt-strict", size), |b| {
        b.iter(|| vk.verify_strict(black_box(&msg), black_box(&sig)).is_ok())
    });
    g.bench_function(BenchmarkId::new("ring", size), |b| {
        b.iter(|| ring_pk.verify(black_box(&msg), black_box(&sig)).is_ok())
    });
    g.bench_function(BenchmarkId::new("dalek", size), |b| {
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
    let msgs: Vec<Vec<u8>> = (0..n).map(|i| vec![i as u8; 300]).collect();
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
