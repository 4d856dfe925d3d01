//! hpcrypt's main job, in one table: every primitive's speed on this machine,
//! hpcrypt beside ring and RustCrypto, and the backend dispatch chose.
//!
//! Run with `cargo run --release --example speed`. Each cell is the fastest of
//! several timed batches; the last column is the best peer's time divided by
//! hpcrypt's (above 1.00 means hpcrypt is faster). For criterion statistics use
//! `cargo bench`.

use std::hint::black_box;
use std::time::{Duration, Instant};

/// One timed operation; its result is passed through `black_box`.
type Op = Box<dyn FnMut()>;

/// One line of the table: the same operation done by each implementation.
struct Row {
    primitive: &'static str,
    op: String,
    /// Bytes processed per call, or 0 for operations counted per call.
    bytes: usize,
    impls: Vec<(&'static str, Op)>,
}

impl Row {
    fn new(primitive: &'static str, op: impl Into<String>, bytes: usize) -> Self {
        Row {
            primitive,
            op: op.into(),
            bytes,
            impls: Vec::new(),
        }
    }

    fn with<R>(mut self, name: &'static str, mut f: impl FnMut() -> R + 'static) -> Self {
        self.impls
            .push((name, Box::new(move || drop(black_box(f())))));
        self
    }
}

/// Seconds per call of `f`: the fastest of nine batches sized to take ~10 ms
/// each. On a shared machine preemption only ever adds time, so the minimum
/// is the stable estimate; criterion (`cargo bench`) gives full statistics.
fn time_per_call(f: &mut dyn FnMut()) -> f64 {
    let mut n = 1u64;
    loop {
        let t = Instant::now();
        for _ in 0..n {
            f();
        }
        if t.elapsed() > Duration::from_millis(10) || n > (1 << 30) {
            break;
        }
        n *= 2;
    }
    let mut samples: Vec<f64> = (0..9)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..n {
                f();
            }
            t.elapsed().as_secs_f64() / n as f64
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    samples[0]
}

/// `Row::bytes` value for operations reported as operations per second.
const OPS_PER_SEC: usize = usize::MAX;

fn cell(secs: f64, bytes: usize) -> String {
    if bytes == OPS_PER_SEC {
        format!("{:>9.0} op/s", 1.0 / secs)
    } else if bytes > 0 {
        format!("{:>9.1} MB/s", bytes as f64 / secs / 1e6)
    } else if secs < 1e-6 {
        format!("{:>9.1} ns  ", secs * 1e9)
    } else {
        format!("{:>9.2} us  ", secs * 1e6)
    }
}

fn sha2_rows(rows: &mut Vec<Row>) {
    use hpcrypt::hash::{Sha256, Sha512};
    use ring::digest::{digest, SHA256, SHA512};
    use sha2::Digest as _;
    for size in [32usize, 1024, 16384] {
        let d = vec![0xa5u8; size];
        let (d1, d2, d3) = (d.clone(), d.clone(), d);
        rows.push(
            Row::new("sha256", format!("hash {size} B"), size)
                .with("hpcrypt", move || Sha256::hash(black_box(&d1)))
                .with("ring", move || digest(&SHA256, black_box(&d2)))
                .with("rustcrypto", move || sha2::Sha256::digest(black_box(&d3))),
        );
    }
    for size in [64usize, 16384] {
        let d = vec![0xa5u8; size];
        let (d1, d2, d3) = (d.clone(), d.clone(), d);
        rows.push(
            Row::new("sha512", format!("hash {size} B"), size)
                .with("hpcrypt", move || Sha512::hash(black_box(&d1)))
                .with("ring", move || digest(&SHA512, black_box(&d2)))
                .with("rustcrypto", move || sha2::Sha512::digest(black_box(&d3))),
        );
    }
}

fn mac_rows(rows: &mut Vec<Row>) {
    use hmac::Mac as _;
    use hpcrypt::mac::{HmacSha256, HmacSha256Key, HmacSha512};
    const KEY: [u8; 32] = [0x4b; 32];
    for size in [32usize, 64, 300, 1024, 16384] {
        let d = vec![0xa5u8; size];
        let (d1, d2, d3) = (d.clone(), d.clone(), d);
        rows.push(
            Row::new("hmac-sha256", format!("one-shot {size} B"), size)
                .with("hpcrypt", move || {
                    HmacSha256::mac(black_box(&KEY), black_box(&d1))
                })
                .with("ring", move || {
                    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, black_box(&KEY));
                    ring::hmac::sign(&key, black_box(&d2))
                })
                .with("rustcrypto", move || {
                    let mut m = hmac::Hmac::<sha2::Sha256>::new_from_slice(black_box(&KEY))
                        .expect("any key length");
                    m.update(black_box(&d3));
                    m.finalize().into_bytes()
                }),
        );
    }
    for size in [32usize, 64, 300, 1024] {
        let d = vec![0xa5u8; size];
        let (d1, d2, d3) = (d.clone(), d.clone(), d);
        let ours = HmacSha256Key::new(&KEY);
        let ring_key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, &KEY);
        let rc = hmac::Hmac::<sha2::Sha256>::new_from_slice(&KEY).expect("any key length");
        rows.push(
            Row::new("hmac-sha256", format!("keyed {size} B"), size)
                .with("hpcrypt", move || black_box(&ours).mac(black_box(&d1)))
                .with("ring", move || {
                    ring::hmac::sign(black_box(&ring_key), black_box(&d2))
                })
                .with("rustcrypto", move || {
                    let mut m = black_box(&rc).clone();
                    m.update(black_box(&d3));
                    m.finalize().into_bytes()
                }),
        );
    }
    let d = vec![0xa5u8; 64];
    let (d1, d2, d3) = (d.clone(), d.clone(), d);
    rows.push(
        Row::new("hmac-sha512", "one-shot 64 B", 64)
            .with("hpcrypt", move || {
                HmacSha512::mac(black_box(&KEY), black_box(&d1))
            })
            .with("ring", move || {
                let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA512, black_box(&KEY));
                ring::hmac::sign(&key, black_box(&d2))
            })
            .with("rustcrypto", move || {
                let mut m = hmac::Hmac::<sha2::Sha512>::new_from_slice(black_box(&KEY))
                    .expect("any key length");
                m.update(black_box(&d3));
                m.finalize().into_bytes()
            }),
    );
}

fn hkdf_rows(rows: &mut Vec<Row>) {
    use hpcrypt::kdf::HkdfSha256;
    /// ring's HKDF output length, as its `KeyType`.
    struct Len(usize);
    impl ring::hkdf::KeyType for Len {
        fn len(&self) -> usize {
            self.0
        }
    }
    const SALT: [u8; 32] = [0x73; 32];
    const IKM: [u8; 32] = [0x0b; 32];
    const INFO: &[u8] = b"hpcrypt field key v1";
    for len in [32usize, 128] {
        rows.push(
            Row::new("hkdf-sha256", format!("derive {len} B"), len)
                .with("hpcrypt", move || {
                    let mut okm = [0u8; 128];
                    HkdfSha256::derive(black_box(&SALT), black_box(&IKM), INFO, &mut okm[..len])
                        .map(|()| okm)
                })
                .with("ring", move || {
                    let mut okm = [0u8; 128];
                    ring::hkdf::Salt::new(ring::hkdf::HKDF_SHA256, black_box(&SALT))
                        .extract(black_box(&IKM))
                        .expand(&[INFO], Len(len))
                        .and_then(|o| o.fill(&mut okm[..len]))
                        .map(|()| okm)
                })
                .with("rustcrypto", move || {
                    let mut okm = [0u8; 128];
                    hkdf::Hkdf::<sha2::Sha256>::new(Some(black_box(&SALT)), black_box(&IKM))
                        .expand(INFO, &mut okm[..len])
                        .map(|()| okm)
                }),
        );
    }
}

fn ed25519_rows(rows: &mut Vec<Row>) {
    use ed25519_dalek::{Signer as _, Verifier as _};
    use hpcrypt::signature::{Ed25519SigningKey, Signer, Verifier};
    use ring::signature::KeyPair as _;
    const SEED: [u8; 32] = [0x4d; 32];
    rows.push(
        Row::new("ed25519", "key from seed", OPS_PER_SEC)
            .with("hpcrypt", || {
                Ed25519SigningKey::from_bytes(black_box(&SEED)).verifying_key()
            })
            .with("ring", || {
                let k = ring::signature::Ed25519KeyPair::from_seed_unchecked(black_box(&SEED));
                k.map(|k| k.public_key().as_ref()[0])
            })
            .with("dalek", || {
                ed25519_dalek::SigningKey::from_bytes(black_box(&SEED)).verifying_key()
            }),
    );
    let msg = vec![0x61u8; 300];
    let ours = Ed25519SigningKey::from_bytes(&SEED);
    let vk = ours.verifying_key();
    let sig = ours.sign(&msg).to_bytes();
    let ring_key = ring::signature::Ed25519KeyPair::from_seed_unchecked(&SEED).expect("seed");
    let dalek = ed25519_dalek::SigningKey::from_bytes(&SEED);
    let (m1, m2, m3) = (msg.clone(), msg.clone(), msg.clone());
    rows.push(
        Row::new("ed25519", "sign 300 B", OPS_PER_SEC)
            .with("hpcrypt", move || ours.sign(black_box(&m1)))
            .with("ring", move || ring_key.sign(black_box(&m2)))
            .with("dalek", move || dalek.sign(black_box(&m3))),
    );
    let ring_pk = ring::signature::UnparsedPublicKey::new(&ring::signature::ED25519, vk.to_bytes());
    let dalek_vk = ed25519_dalek::VerifyingKey::from_bytes(&vk.to_bytes()).expect("key");
    let dalek_sig = ed25519_dalek::Signature::from_bytes(&sig);
    let (m1, m2, m3) = (msg.clone(), msg.clone(), msg);
    rows.push(
        Row::new("ed25519", "verify 300 B", OPS_PER_SEC)
            .with("hpcrypt", move || {
                vk.verify(black_box(&m1), black_box(&sig)).is_ok()
            })
            .with("ring", move || {
                ring_pk.verify(black_box(&m2), black_box(&sig)).is_ok()
            })
            .with("dalek", move || {
                dalek_vk.verify(black_box(&m3), &dalek_sig).is_ok()
            }),
    );
}

fn aead_rows(rows: &mut Vec<Row>) {
    use aes_gcm::aead::{AeadInPlace, KeyInit};
    use hpcrypt::aead::{Aead, AesGcm256};
    use ring::aead::{Aad, LessSafeKey, Nonce, UnboundKey, AES_256_GCM};
    const KEY: [u8; 32] = [0x42; 32];
    const NONCE: [u8; 12] = [0x24; 12];
    for size in [64usize, 1024, 16384] {
        let ours = AesGcm256::new(&KEY);
        let theirs = LessSafeKey::new(UnboundKey::new(&AES_256_GCM, &KEY).expect("key"));
        let rc = aes_gcm::Aes256Gcm::new(&KEY.into());
        let (mut b1, mut b2, mut b3) = (vec![0u8; size], vec![0u8; size], vec![0u8; size]);
        rows.push(
            Row::new("aes256gcm", format!("seal {size} B"), size)
                .with("hpcrypt", move || {
                    ours.encrypt_in_place_detached(&NONCE, b"", black_box(&mut b1))
                })
                .with("ring", move || {
                    theirs.seal_in_place_separate_tag(
                        Nonce::assume_unique_for_key(NONCE),
                        Aad::empty(),
                        black_box(&mut b2),
                    )
                })
                .with("rustcrypto", move || {
                    rc.encrypt_in_place_detached(&NONCE.into(), b"", black_box(&mut b3))
                }),
        );
    }
    // Open restores the ciphertext before each call (a 1 KiB copy, the
    // same for every column).
    let size = 1024;
    let ours = AesGcm256::new(&KEY);
    let mut ct = vec![0x5au8; size];
    let tag = ours
        .encrypt_in_place_detached(&NONCE, b"", &mut ct)
        .expect("seal");
    let ct_tag = [ct.as_slice(), tag.as_slice()].concat();
    let theirs = LessSafeKey::new(UnboundKey::new(&AES_256_GCM, &KEY).expect("key"));
    let rc = aes_gcm::Aes256Gcm::new(&KEY.into());
    let (ct1, ct3) = (ct.clone(), ct);
    let (mut b1, mut b2, mut b3) = (ct1.clone(), ct_tag.clone(), ct3.clone());
    rows.push(
        Row::new("aes256gcm", format!("open {size} B"), size)
            .with("hpcrypt", move || {
                b1.copy_from_slice(&ct1);
                ours.decrypt_in_place_detached(&NONCE, b"", black_box(&mut b1), &tag)
            })
            .with("ring", move || {
                b2.copy_from_slice(&ct_tag);
                theirs
                    .open_in_place(
                        Nonce::assume_unique_for_key(NONCE),
                        Aad::empty(),
                        black_box(&mut b2),
                    )
                    .map(|p| p.len())
            })
            .with("rustcrypto", move || {
                b3.copy_from_slice(&ct3);
                rc.decrypt_in_place_detached(&NONCE.into(), b"", black_box(&mut b3), (&tag).into())
            }),
    );
}

fn main() {
    println!(
        "hpcrypt {} speed on this machine",
        env!("CARGO_PKG_VERSION")
    );
    println!();
    println!("backends chosen by run-time dispatch:");
    for (primitive, backend) in hpcrypt::backends() {
        println!("  {primitive:<10} {backend}");
    }
    println!();

    let mut rows = Vec::new();
    sha2_rows(&mut rows);
    mac_rows(&mut rows);
    hkdf_rows(&mut rows);
    aead_rows(&mut rows);
    ed25519_rows(&mut rows);

    println!(
        "{:<10} {:<22} {:>14} {:>14} {:>14} {:>14} {:>8}",
        "primitive", "operation", "hpcrypt", "ring", "rustcrypto", "dalek", "vs best"
    );
    for mut row in rows {
        let mut times = Vec::new();
        for (name, f) in row.impls.iter_mut() {
            times.push((*name, time_per_call(f.as_mut())));
        }
        let ours = times
            .iter()
            .find(|(n, _)| *n == "hpcrypt")
            .map(|t| t.1)
            .unwrap_or(f64::NAN);
        let best_peer = times
            .iter()
            .filter(|(n, _)| *n != "hpcrypt")
            .map(|t| t.1)
            .fold(f64::INFINITY, f64::min);
        let col = |name: &str| {
            times
                .iter()
                .find(|(n, _)| *n == name)
                .map(|t| cell(t.1, row.bytes))
                .unwrap_or_else(|| format!("{:>14}", "-"))
        };
        println!(
            "{:<10} {:<22} {:>14} {:>14} {:>14} {:>14} {:>7.2}x",
            row.primitive,
            row.op,
            col("hpcrypt"),
            col("ring"),
            col("rustcrypto"),
            col("dalek"),
            best_peer / ours
        );
    }
}
