//! SHA-256 and SHA-512: hpcrypt (dispatch and portable) beside ring and
//! RustCrypto, in one criterion run so the ratios are comparable.

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use hpcrypt::backend::{Sha256Backend, Sha512Backend};
use hpcrypt::hash::{Sha256, Sha512};
use sha2::Digest as _;

fn sha256(c: &mut Criterion) {
    let mut g = c.benchmark_group("sha256/hash");
    for size in [32usize, 64, 1024, 16 * 1024, 1 << 20] {
        let data = vec![0x5au8; size];
        g.throughput(Throughput::Bytes(size as u64));
        g.bench_with_input(BenchmarkId::new("hpcrypt", size), &data, |b, d| {
            b.iter(|| Sha256::hash(black_box(d)))
        });
        g.bench_with_input(BenchmarkId::new("hpcrypt-soft", size), &data, |b, d| {
            b.iter(|| Sha256::hash_with(Sha256Backend::Soft, black_box(d)))
        });
        g.bench_with_input(BenchmarkId::new("ring", size), &data, |b, d| {
            b.iter(|| ring::digest::digest(&ring::digest::SHA256, black_box(d)))
        });
        g.bench_with_input(BenchmarkId::new("rustcrypto", size), &data, |b, d| {
            b.iter(|| sha2::Sha256::digest(black_box(d)))
        });
    }
    g.finish();
}

fn sha512(c: &mut Criterion) {
    let mut g = c.benchmark_group("sha512/hash");
    for size in [64usize, 1024, 16 * 1024] {
        let data = vec![0x5au8; size];
        g.throughput(Throughput::Bytes(size as u64));
        g.bench_with_input(BenchmarkId::new("hpcrypt", size), &data, |b, d| {
            b.iter(|| Sha512::hash(black_box(d)))
        });
        if let Some(be) = Sha512Backend::available().find(|b| b.name() == "avx2") {
            g.bench_with_input(BenchmarkId::new("hpcrypt-avx2", size), &data, |b, d| {
                b.iter(|| Sha512::hash_with(be, black_box(d)))
            });
        }
        g.bench_with_input(BenchmarkId::new("hpcrypt-soft", size), &data, |b, d| {
            b.iter(|| Sha512::hash_with(Sha512Backend::Soft, black_box(d)))
        });
        g.bench_with_input(BenchmarkId::new("ring", size), &data, |b, d| {
            b.iter(|| ring::digest::digest(&ring::digest::SHA512, black_box(d)))
        });
        g.bench_with_input(BenchmarkId::new("rustcrypto", size), &data, |b, d| {
            b.iter(|| sha2::Sha512::digest(black_box(d)))
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(std::time::Duration::from_millis(500))
        .measurement_time(std::time::Duration::from_secs(2));
    targets = sha256, sha512
}
criterion_main!(benches);
