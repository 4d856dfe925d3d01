//! AES-GCM: hpcrypt (dispatch, AES-NI, portable) beside ring and RustCrypto
//! `aes-gcm`, in one criterion run so the ratios are comparable. Seal is in
//! place with a detached tag for everyone; open restores the ciphertext
//! outside the timed region (`iter_batched_ref`).

use aes_gcm::aead::{AeadInPlace, KeyInit};
use criterion::measurement::WallTime;
use criterion::{
    black_box, criterion_group, criterion_main, BatchSize, BenchmarkGroup, BenchmarkId, Criterion,
    Throughput,
};
use hpcrypt::aead::{Aead, AesGcm128, AesGcm256};
use hpcrypt::backend::AesGcmBackend;
use ring::aead::{Aad, LessSafeKey, Nonce, UnboundKey, AES_128_GCM, AES_256_GCM};

const KEY: [u8; 32] = [0x42; 32];
const NONCE: [u8; 12] = [0x24; 12];
const SIZES: [usize; 7] = [16, 64, 1024, 1350, 8 * 1024, 16 * 1024, 1 << 20];

fn backend(name: &str) -> Option<AesGcmBackend> {
    AesGcmBackend::available().find(|b| b.name() == name)
}

/// Our variants: the dispatched default, then each backend by name.
fn ours() -> Vec<(&'static str, AesGcm256)> {
    let mut v = vec![("hpcrypt", AesGcm256::new(&KEY))];
    if let Some(b) = backend("vaes-avx2") {
        v.push(("hpcrypt-vaes", AesGcm256::new_with(b, &KEY)));
    }
    if let Some(b) = backend("aesni-clmul") {
        v.push(("hpcrypt-aesni", AesGcm256::new_with(b, &KEY)));
    }
    v.push((
        "hpcrypt-soft",
        AesGcm256::new_with(AesGcmBackend::Soft, &KEY),
    ));
    v
}

fn batch(size: usize) -> BatchSize {
    if size >= 1 << 20 {
        BatchSize::LargeInput
    } else {
        BatchSize::SmallInput
    }
}

fn seal_group(g: &mut BenchmarkGroup<'_, WallTime>, sizes: &[usize], aad: &[u8]) {
    let ring_key = LessSafeKey::new(UnboundKey::new(&AES_256_GCM, &KEY).expect("key"));
    let rc_key = aes_gcm::Aes256Gcm::new(&KEY.into());
    for &size in sizes {
        g.throughput(Throughput::Bytes(size as u64));
        for (id, key) in ours() {
            if id == "hpcrypt-soft" && size > 16 * 1024 {
                continue; // portable at 1 MiB only slows the run down
            }
            let mut buf = vec![0x5a; size];
            g.bench_function(BenchmarkId::new(id, size), |b| {
                b.iter(|| {
                    key.encrypt_in_place_detached(&NONCE, black_box(aad), black_box(&mut buf))
                })
            });
        }
        let mut buf = vec![0x5a; size];
        g.bench_function(BenchmarkId::new("ring", size), |b| {
            b.iter(|| {
                ring_key.seal_in_place_separate_tag(
                    Nonce::assume_unique_for_key(NONCE),
                    Aad::from(black_box(aad)),
                    black_box(&mut buf),
                )
            })
        });
        g.bench_function(BenchmarkId::new("rustcrypto", size), |b| {
            b.iter(|| {
                rc_key.encrypt_in_place_detached(&NONCE.into(), black_box(aad), black_box(&mut buf))
            })
        });
    }
}

fn open_group(g: &mut BenchmarkGroup<'_, WallTime>, sizes: &[usize], aad: &[u8]) {
    let ring_key = LessSafeKey::new(UnboundKey::new(&AES_256_GCM, &KEY).expect("key"));
    let rc_key = aes_gcm::Aes256Gcm::new(&KEY.into());
    for &size in sizes {
        g.throughput(Throughput::Bytes(size as u64));
        let mut ct = vec![0x5a; size];
        let tag = AesGcm256::new(&KEY)
            .encrypt_in_place_detached(&NONCE, aad, &mut ct)
            .expect("seal");
        for (id, key) in ours() {
            if id == "hpcrypt-soft" && size > 16 * 1024 {
                continue;
            }
            g.bench_function(BenchmarkId::new(id, size), |b| {
                b.iter_batched_ref(
                    || ct.clone(),
                    |buf| {
                        key.decrypt_in_place_detached(&NONCE, black_box(aad), buf, &tag)
                            .expect("open")
                    },
                    batch(size),
                )
            });
        }
        let ct_tag = [ct.as_slice(), tag.as_slice()].concat();
        g.bench_function(BenchmarkId::new("ring", size), |b| {
            b.iter_batched_ref(
                || ct_tag.clone(),
                |buf| {
                    ring_key
                        .open_in_place(
                            Nonce::assume_unique_for_key(NONCE),
                            Aad::from(black_box(aad)),
                            buf,
                        )
                        .map(|p| p.len())
                        .expect("open")
                },
                batch(size),
            )
        });
        g.bench_function(BenchmarkId::new("rustcrypto", size), |b| {
            b.iter_batched_ref(
                || ct.clone(),
                |buf| {
                    rc_key
                        .decrypt_in_place_detached(
                            &NONCE.into(),
                            black_box(aad),
                            buf,
                            (&tag).into(),
                        )
                        .expect("open")
                },
                batch(size),
            )
        });
    }
}

fn seal(c: &mut Criterion) {
    let mut g = c.benchmark_group("aes-256-gcm/seal");
    seal_group(&mut g, &SIZES, b"");
    g.finish();
    let mut g = c.benchmark_group("aes-256-gcm/seal-aad16");
    seal_group(&mut g, &[16, 64, 1024, 16 * 1024], &[0xAA; 16]);
    g.finish();
}

fn open(c: &mut Criterion) {
    let mut g = c.benchmark_group("aes-256-gcm/open");
    open_group(&mut g, &SIZES, b"");
    g.finish();
    let mut g = c.benchmark_group("aes-256-gcm/open-aad16");
    open_group(&mut g, &[16, 64, 1024, 16 * 1024], &[0xAA; 16]);
    g.finish();
}

fn aes128(c: &mut Criterion) {
    let key = [0x42u8; 16];
    let size = 16 * 1024;
    let mut g = c.benchmark_group("aes-128-gcm/seal");
    g.throughput(Throughput::Bytes(size as u64));
    let mut buf = vec![0x5a; size];
    let mut ids = vec![("hpcrypt", AesGcm128::new(&key))];
    if let Some(b) = backend("vaes-avx2") {
        ids.push(("hpcrypt-vaes", AesGcm128::new_with(b, &key)));
    }
    if let Some(b) = backend("aesni-clmul") {
        ids.push(("hpcrypt-aesni", AesGcm128::new_with(b, &key)));
    }
    ids.push((
        "hpcrypt-soft",
        AesGcm128::new_with(AesGcmBackend::Soft, &key),
    ));
    for (id, k) in ids {
        g.bench_function(BenchmarkId::new(id, size), |b| {
            b.iter(|| k.encrypt_in_place_detached(&NONCE, b"", black_box(&mut buf)))
        });
    }
    let ring_key = LessSafeKey::new(UnboundKey::new(&AES_128_GCM, &key).expect("key"));
    g.bench_function(BenchmarkId::new("ring", size), |b| {
        b.iter(|| {
            ring_key.seal_in_place_separate_tag(
                Nonce::assume_unique_for_key(NONCE),
                Aad::empty(),
                black_box(&mut buf),
            )
        })
    });
    let rc_key = aes_gcm::Aes128Gcm::new(&key.into());
    g.bench_function(BenchmarkId::new("rustcrypto", size), |b| {
        b.iter(|| rc_key.encrypt_in_place_detached(&NONCE.into(), b"", black_box(&mut buf)))
    });
    g.finish();
}

/// AES-128-GCM short messages (16 and 64 bytes), sealed without and with a
/// 16-byte AAD and opened with it, beside ring and RustCrypto.
fn aes128_short(c: &mut Criterion) {
    let key = [0x42u8; 16];
    let mut ids = vec![("hpcrypt", AesGcm128::new(&key))];
    if let Some(b) = backend("vaes-avx2") {
        ids.push(("hpcrypt-vaes", AesGcm128::new_with(b, &key)));
    }
    if let Some(b) = backend("aesni-clmul") {
        ids.push(("hpcrypt-aesni", AesGcm128::new_with(b, &key)));
    }
    let ring_key = LessSafeKey::new(UnboundKey::new(&AES_128_GCM, &key).expect("key"));
    let rc_key = aes_gcm::Aes128Gcm::new(&key.into());
    for (group, aad) in [
        ("aes-128-gcm/seal", &[][..]),
        ("aes-128-gcm/seal-aad16", &[0xAA; 16][..]),
    ] {
        let mut g = c.benchmark_group(group);
        for size in [16usize, 64] {
            g.throughput(Throughput::Bytes(size as u64));
            let mut buf = vec![0x5a; size];
            for (id, k) in &ids {
                g.bench_function(BenchmarkId::new(*id, size), |b| {
                    b.iter(|| {
                        k.encrypt_in_place_detached(&NONCE, black_box(aad), black_box(&mut buf))
                    })
                });
            }
            g.bench_function(BenchmarkId::new("ring", size), |b| {
                b.iter(|| {
                    ring_key.seal_in_place_separate_tag(
                        Nonce::assume_unique_for_key(NONCE),
                        Aad::from(black_box(aad)),
                        black_box(&mut buf),
                    )
                })
            });
            g.bench_function(BenchmarkId::new("rustcrypto", size), |b| {
                b.iter(|| {
                    rc_key.encrypt_in_place_detached(
                        &NONCE.into(),
                        black_box(aad),
                        black_box(&mut buf),
                    )
                })
            });
        }
        g.finish();
    }
    let aad = [0xAAu8; 16];
    let mut g = c.benchmark_group("aes-128-gcm/open-aad16");
    for size in [16usize, 64] {
        g.throughput(Throughput::Bytes(size as u64));
        let mut ct = vec![0x5a; size];
        let tag = AesGcm128::new(&key)
            .encrypt_in_place_detached(&NONCE, &aad, &mut ct)
            .expect("seal");
        for (id, k) in &ids {
            g.bench_function(BenchmarkId::new(*id, size), |b| {
                b.iter_batched_ref(
                    || ct.clone(),
                    |buf| {
                        k.decrypt_in_place_detached(&NONCE, black_box(&aad), buf, &tag)
                            .expect("open")
                    },
                    BatchSize::SmallInput,
                )
            });
        }
        let ct_tag = [ct.as_slice(), tag.as_slice()].concat();
        g.bench_function(BenchmarkId::new("ring", size), |b| {
            b.iter_batched_ref(
                || ct_tag.clone(),
                |buf| {
                    ring_key
                        .open_in_place(
                            Nonce::assume_unique_for_key(NONCE),
                            Aad::from(black_box(&aad)),
                            buf,
                        )
                        .map(|p| p.len())
                        .expect("open")
                },
                BatchSize::SmallInput,
            )
        });
        g.bench_function(BenchmarkId::new("rustcrypto", size), |b| {
            b.iter_batched_ref(
                || ct.clone(),
                |buf| {
                    rc_key
                        .decrypt_in_place_detached(
                            &NONCE.into(),
                            black_box(&aad),
                            buf,
                            (&tag).into(),
                        )
                        .expect("open")
                },
                BatchSize::SmallInput,
            )
        });
    }
    g.finish();
}

/// Key setup (expansion, `H` and its powers, and the drop that wipes them)
/// for one key size, every backend by name beside the peers. Each key is
/// built and dropped in place (`black_box(&key)`), the way a caller uses
/// one; returning it from the closure would add a copy of the whole key
/// object (about 1 KiB for ours) to the timing of every crate.
macro_rules! key_setup_group {
    ($c:expr, $group:literal, $ours:ident, $ring_alg:expr, $rc:ty, $key:expr) => {{
        let key = $key;
        let mut g = $c.benchmark_group($group);
        g.bench_function("hpcrypt", |b| {
            b.iter(|| black_box(&$ours::new(black_box(&key))).backend())
        });
        for (id, name) in [
            ("hpcrypt-vaes", "vaes-avx2"),
            ("hpcrypt-aesni", "aesni-clmul"),
        ] {
            if let Some(be) = backend(name) {
                g.bench_function(id, |b| {
                    b.iter(|| black_box(&$ours::new_with(be, black_box(&key))).backend())
                });
            }
        }
        g.bench_function("hpcrypt-soft", |b| {
            b.iter(|| black_box(&$ours::new_with(AesGcmBackend::Soft, black_box(&key))).backend())
        });
        g.bench_function("ring", |b| {
            b.iter(|| {
                let k =
                    LessSafeKey::new(UnboundKey::new(&$ring_alg, black_box(&key)).expect("key"));
                black_box(&k);
            })
        });
        g.bench_function("rustcrypto", |b| {
            b.iter(|| {
                let k = <$rc>::new(black_box(&key).into());
                black_box(&k);
            })
        });
        g.finish();
    }};
}

fn key_setup(c: &mut Criterion) {
    key_setup_group!(
        c,
        "aes-256-gcm/key-setup",
        AesGcm256,
        AES_256_GCM,
        aes_gcm::Aes256Gcm,
        KEY
    );
    key_setup_group!(
        c,
        "aes-128-gcm/key-setup",
        AesGcm128,
        AES_128_GCM,
        aes_gcm::Aes128Gcm,
        [0x42u8; 16]
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(std::time::Duration::from_millis(500))
        .measurement_time(std::time::Duration::from_secs(2));
    targets = seal, open, aes128, aes128_short, key_setup
}
criterion_main!(benches);
