//! HKDF-SHA-256 extract + expand (a fresh derivation per call, as per-field
//! key derivation does): hpcrypt (dispatch and portable) beside ring and
//! RustCrypto, in one criterion run so the ratios are comparable.

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use hpcrypt::backend::Sha256Backend;
use hpcrypt::kdf::{Hkdf, HkdfSha256};

const SALT: [u8; 32] = [0x73; 32];
const IKM: [u8; 32] = [0x0b; 32];
const INFO: &[u8] = b"hpcrypt field key v1";

/// ring's HKDF output length, as its `KeyType`.
struct Len(usize);
impl ring::hkdf::KeyType for Len {
    fn len(&self) -> usize {
        self.0
    }
}

fn hkdf_sha256(c: &mut Criterion) {
    let mut g = c.benchmark_group("hkdf-sha256/extract-expand");
    for len in [32usize, 128] {
        g.throughput(Throughput::Bytes(len as u64));
        g.bench_function(BenchmarkId::new("hpcrypt", len), |b| {
            let mut okm = vec![0u8; len];
            b.iter(|| {
                HkdfSha256::derive(black_box(&SALT), black_box(&IKM), black_box(INFO), &mut okm)
                    .unwrap();
                black_box(&okm);
            })
        });
        g.bench_function(BenchmarkId::new("hpcrypt-soft", len), |b| {
            let mut okm = vec![0u8; len];
            b.iter(|| {
                Hkdf::<hpcrypt::hash::Sha256>::derive_with(
                    Sha256Backend::Soft,
                    black_box(&SALT),
                    black_box(&IKM),
                    black_box(INFO),
                    &mut okm,
                )
                .unwrap();
                black_box(&okm);
            })
        });
        g.bench_function(BenchmarkId::new("ring", len), |b| {
            let mut okm = vec![0u8; len];
            b.iter(|| {
                ring::hkdf::Salt::new(ring::hkdf::HKDF_SHA256, black_box(&SALT))
                    .extract(black_box(&IKM))
                    .expand(&[black_box(INFO)], Len(len))
                    .unwrap()
                    .fill(&mut okm)
                    .unwrap();
                black_box(&okm);
            })
        });
        g.bench_function(BenchmarkId::new("rustcrypto", len), |b| {
            let mut okm = vec![0u8; len];
            b.iter(|| {
                hkdf::Hkdf::<sha2::Sha256>::new(Some(black_box(&SALT)), black_box(&IKM))
                    .expand(black_box(INFO), &mut okm)
                    .unwrap();
                black_box(&okm);
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
    targets = hkdf_sha256
}
criterion_main!(benches);
