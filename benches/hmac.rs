//! HMAC-SHA-256 and HMAC-SHA-512: hpcrypt (dispatch and portable) beside ring
//! and RustCrypto, in one criterion run so the ratios are comparable.
//!
//! `oneshot` includes the key setup (a fresh key per message, as a server
//! that looks up a secret per request does); `keyed` reuses a precomputed
//! key (hpcrypt `HmacKey`, ring `hmac::Key`, a cloned RustCrypto `Hmac`).

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use hmac::Mac as _;
use hpcrypt::backend::{Sha256Backend, Sha512Backend};
use hpcrypt::hash::{Sha256, Sha512};
use hpcrypt::mac::{Hmac, HmacKey, HmacSha256, HmacSha256Key, HmacSha512};

const KEY: [u8; 32] = [0x4b; 32];
const SIZES: [usize; 5] = [32, 64, 300, 1024, 16 * 1024];

fn hmac_sha256_oneshot(c: &mut Criterion) {
    let mut g = c.benchmark_group("hmac-sha256/oneshot");
    for size in SIZES {
        let data = vec![0x5au8; size];
        g.throughput(Throughput::Bytes(size as u64));
        g.bench_with_input(BenchmarkId::new("hpcrypt", size), &data, |b, d| {
            b.iter(|| HmacSha256::mac(black_box(&KEY), black_box(d)))
        });
        g.bench_with_input(BenchmarkId::new("hpcrypt-soft", size), &data, |b, d| {
            b.iter(|| Hmac::<Sha256>::mac_with(Sha256Backend::Soft, black_box(&KEY), black_box(d)))
        });
        g.bench_with_input(BenchmarkId::new("ring", size), &data, |b, d| {
            b.iter(|| {
                let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, black_box(&KEY));
                ring::hmac::sign(&key, black_box(d))
            })
        });
        g.bench_with_input(BenchmarkId::new("rustcrypto", size), &data, |b, d| {
            b.iter(|| {
                let mut m = hmac::Hmac::<sha2::Sha256>::new_from_slice(black_box(&KEY)).unwrap();
                m.update(black_box(d));
                m.finalize().into_bytes()
            })
        });
    }
    g.finish();
}

fn hmac_sha256_keyed(c: &mut Criterion) {
    let mut g = c.benchmark_group("hmac-sha256/keyed");
    let ours = HmacSha256Key::new(&KEY);
    let soft = HmacKey::<Sha256>::new_with(Sha256Backend::Soft, &KEY);
    let ring_key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, &KEY);
    let rc = hmac::Hmac::<sha2::Sha256>::new_from_slice(&KEY).unwrap();
    for size in SIZES {
        let data = vec![0x5au8; size];
        g.throughput(Throughput::Bytes(size as u64));
        g.bench_with_input(BenchmarkId::new("hpcrypt", size), &data, |b, d| {
            b.iter(|| black_box(&ours).mac(black_box(d)))
        });
        g.bench_with_input(BenchmarkId::new("hpcrypt-soft", size), &data, |b, d| {
            b.iter(|| black_box(&soft).mac(black_box(d)))
        });
        g.bench_with_input(BenchmarkId::new("ring", size), &data, |b, d| {
            b.iter(|| ring::hmac::sign(black_box(&ring_key), black_box(d)))
        });
        g.bench_with_input(BenchmarkId::new("rustcrypto", size), &data, |b, d| {
            b.iter(|| {
                let mut m = black_box(&rc).clone();
                m.update(black_box(d));
                m.finalize().into_bytes()
            })
        });
    }
    g.finish();
}

fn hmac_sha512_oneshot(c: &mut Criterion) {
    let mut g = c.benchmark_group("hmac-sha512/oneshot");
    {
        let size = 64usize;
        let data = vec![0x5au8; size];
        g.throughput(Throughput::Bytes(size as u64));
        g.bench_with_input(BenchmarkId::new("hpcrypt", size), &data, |b, d| {
            b.iter(|| HmacSha512::mac(black_box(&KEY), black_box(d)))
        });
        g.bench_with_input(BenchmarkId::new("hpcrypt-soft", size), &data, |b, d| {
            b.iter(|| Hmac::<Sha512>::mac_with(Sha512Backend::Soft, black_box(&KEY), black_box(d)))
        });
        g.bench_with_input(BenchmarkId::new("ring", size), &data, |b, d| {
            b.iter(|| {
                let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA512, black_box(&KEY));
                ring::hmac::sign(&key, black_box(d))
            })
        });
        g.bench_with_input(BenchmarkId::new("rustcrypto", size), &data, |b, d| {
            b.iter(|| {
                let mut m = hmac::Hmac::<sha2::Sha512>::new_from_slice(black_box(&KEY)).unwrap();
                m.update(black_box(d));
                m.finalize().into_bytes()
            })
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(std::time::Duration::from_millis(500))
        .measurement_time(std::time::Duration::from_secs(2));
    targets = hmac_sha256_oneshot, hmac_sha256_keyed, hmac_sha512_oneshot
}
criterion_main!(benches);
