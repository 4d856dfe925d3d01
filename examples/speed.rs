//! hpcrypt's main job, in one table: every primitive's speed on this machine,
//! beside the fastest peers that have it (ring, aws-lc-rs, RustCrypto and
//! ed25519-dalek), and every hpcrypt backend this CPU can run.
//!
//! Run with `cargo run --release --example speed` (well under a minute; add
//! words after `--` to keep only matching rows, e.g. `-- ed25519`). The
//! report prints its own legend: each cell is the fastest of several timed
//! batches, `ratio` is the best peer's time divided by hpcrypt's (above 1.00
//! means hpcrypt is faster), and `spread` says how much the batches disagreed
//! (a busy machine shows up there). For criterion statistics use `cargo bench`.

use std::hint::black_box;
use std::time::Instant;

use hpcrypt::backend::{AesGcmBackend, Ed25519Backend, P256Backend, Sha256Backend, Sha512Backend};

/// One timed operation; its result goes through `black_box`.
type Op = Box<dyn FnMut()>;

fn op<R>(mut f: impl FnMut() -> R + 'static) -> Op {
    Box::new(move || drop(black_box(f())))
}

/// The peer columns, in order. For Ed25519 the RustCrypto column is
/// ed25519-dalek (the RustCrypto-compatible Ed25519 crate).
const PEERS: [&str; 3] = ["ring", "aws-lc-rs", "RustCrypto"];
const RING: usize = 0;
const AWS_LC: usize = 1;
const RUSTCRYPTO: usize = 2;

/// A row's spread above this fraction means the batches disagreed: the
/// machine was busy and the row's ratio may be off.
const BUSY_SPREAD: f64 = 0.10;

/// One line of the table: the same operation by hpcrypt (default dispatch),
/// by each other hpcrypt backend, and by each peer that has it.
struct Row {
    primitive: &'static str,
    op: String,
    /// Bytes processed per call, or 0 for operations counted per call.
    bytes: usize,
    ours: Op,
    /// Backends other than the one dispatch chose: `(name, op)`.
    backends: Vec<(&'static str, Op)>,
    peers: [Option<Op>; 3],
}

impl Row {
    fn new<R>(
        primitive: &'static str,
        op_name: impl Into<String>,
        bytes: usize,
        ours: impl FnMut() -> R + 'static,
    ) -> Self {
        Row {
            primitive,
            op: op_name.into(),
            bytes,
            ours: op(ours),
            backends: Vec::new(),
            peers: [None, None, None],
        }
    }

    fn peer<R>(mut self, column: usize, f: impl FnMut() -> R + 'static) -> Self {
        self.peers[column] = Some(op(f));
        self
    }

    /// Adds `f` as backend `name`'s sub-row unless `name` is the default
    /// (already the `hpcrypt` column).
    fn backend<R>(
        mut self,
        name: &'static str,
        default: &'static str,
        f: impl FnMut() -> R + 'static,
    ) -> Self {
        if name != default {
            self.backends.push((name, op(f)));
        }
        self
    }
}

/// Seconds per call: the fastest of `BATCHES` batches of ~1.5 ms each, and the
/// spread: how far the fourth-fastest batch is from the fastest. A quiet
/// machine repeats its best time within a few percent; a large spread means
/// the minimum itself was a lucky draw.
#[derive(Clone, Copy)]
struct Timing {
    secs: f64,
    spread: f64,
}

const BATCHES: usize = 20;
/// Which sorted batch the spread compares with the fastest (the fourth).
const SPREAD_RANK: usize = 3;

/// Seconds since an arbitrary start that count only while this thread runs.
///
/// On Linux this is the thread's CPU clock, so time spent descheduled (other
/// processes compiling on a shared machine) is not charged to the batch that
/// happened to be running; elsewhere it is wall time, where preemption only
/// ever adds time and the minimum over batches is the stable estimate.
#[cfg(target_os = "linux")]
fn now() -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec; CLOCK_THREAD_CPUTIME_ID
    // exists on every Linux the standard library supports.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9
}

#[cfg(not(target_os = "linux"))]
fn now() -> f64 {
    use std::sync::OnceLock;
    static START: OnceLock<Instant> = OnceLock::new();
    START.get_or_init(Instant::now).elapsed().as_secs_f64()
}

/// Times every operation of one row, interleaved: each round runs one batch
/// of each operation in turn, so a burst of load from other processes slows
/// all columns of the row alike instead of whichever was being timed.
fn measure_row(ops: &mut [&mut Op]) -> Vec<Timing> {
    // Calls per batch, per operation: doubled until a batch takes ~1.5 ms.
    let calls: Vec<u64> = ops
        .iter_mut()
        .map(|f| {
            let mut n = 1u64;
            loop {
                let t = now();
                for _ in 0..n {
                    f();
                }
                if now() - t > 1.5e-3 || n > (1 << 30) {
                    return n;
                }
                n *= 2;
            }
        })
        .collect();
    let mut samples = vec![Vec::with_capacity(BATCHES); ops.len()];
    for _ in 0..BATCHES {
        for ((f, &n), out) in ops.iter_mut().zip(&calls).zip(samples.iter_mut()) {
            let t = now();
            for _ in 0..n {
                f();
            }
            out.push((now() - t) / n as f64);
        }
    }
    samples
        .into_iter()
        .map(|mut s| {
            s.sort_by(f64::total_cmp);
            Timing {
                secs: s[0],
                spread: s[SPREAD_RANK] / s[0] - 1.0,
            }
        })
        .collect()
}

/// How a row shows its numbers: MB/s for bulk data (1 KiB and up, higher is
/// better), time per call otherwise (lower is better).
#[derive(Clone, Copy)]
enum Unit {
    MbPerSec(usize),
    Nanos,
    Micros,
}

impl Unit {
    fn for_row(bytes: usize, secs: f64) -> Unit {
        if bytes >= 1024 {
            Unit::MbPerSec(bytes)
        } else if secs < 1e-6 {
            Unit::Nanos
        } else {
            Unit::Micros
        }
    }

    fn label(self) -> &'static str {
        match self {
            Unit::MbPerSec(_) => "MB/s",
            Unit::Nanos => "ns",
            Unit::Micros => "µs",
        }
    }

    fn cell(self, secs: f64) -> String {
        match self {
            Unit::MbPerSec(bytes) => format!("{:.0}", bytes as f64 / secs / 1e6),
            Unit::Nanos => format!("{:.1}", secs * 1e9),
            Unit::Micros => format!("{:.2}", secs * 1e6),
        }
    }
}

fn sha2_rows(rows: &mut Vec<Row>) {
    use hpcrypt::hash::{Sha256, Sha512};
    use sha2::Digest as _;
    let default = Sha256Backend::detect().name();
    for size in [32usize, 1024, 16384] {
        let d = vec![0xa5u8; size];
        let mut row = Row::new("sha256", format!("hash {size} B"), size, {
            let d = d.clone();
            move || Sha256::hash(black_box(&d))
        });
        for b in Sha256Backend::available() {
            let d = d.clone();
            row = row.backend(b.name(), default, move || {
                Sha256::hash_with(b, black_box(&d))
            });
        }
        let (d1, d2, d3) = (d.clone(), d.clone(), d);
        rows.push(
            row.peer(RING, move || {
                ring::digest::digest(&ring::digest::SHA256, black_box(&d1))
            })
            .peer(AWS_LC, move || {
                aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, black_box(&d2))
            })
            .peer(RUSTCRYPTO, move || sha2::Sha256::digest(black_box(&d3))),
        );
    }
    let default = Sha512Backend::detect().name();
    for size in [64usize, 1024, 16384] {
        let d = vec![0xa5u8; size];
        let mut row = Row::new("sha512", format!("hash {size} B"), size, {
            let d = d.clone();
            move || Sha512::hash(black_box(&d))
        });
        for b in Sha512Backend::available() {
            let d = d.clone();
            row = row.backend(b.name(), default, move || {
                Sha512::hash_with(b, black_box(&d))
            });
        }
        let (d1, d2, d3) = (d.clone(), d.clone(), d);
        rows.push(
            row.peer(RING, move || {
                ring::digest::digest(&ring::digest::SHA512, black_box(&d1))
            })
            .peer(AWS_LC, move || {
                aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA512, black_box(&d2))
            })
            .peer(RUSTCRYPTO, move || sha2::Sha512::digest(black_box(&d3))),
        );
    }
}

fn mac_rows(rows: &mut Vec<Row>) {
    use hmac::Mac as _;
    use hpcrypt::mac::{HmacSha256, HmacSha256Key, HmacSha512};
    const KEY: [u8; 32] = [0x4b; 32];
    let default = Sha256Backend::detect().name();
    for size in [32usize, 64, 300, 1024, 16384] {
        let d = vec![0xa5u8; size];
        let mut row = Row::new("hmac-sha256", format!("one-shot {size} B"), size, {
            let d = d.clone();
            move || HmacSha256::mac(black_box(&KEY), black_box(&d))
        });
        for b in Sha256Backend::available() {
            let d = d.clone();
            row = row.backend(b.name(), default, move || {
                HmacSha256::mac_with(b, black_box(&KEY), black_box(&d))
            });
        }
        let (d1, d2, d3) = (d.clone(), d.clone(), d);
        rows.push(
            row.peer(RING, move || {
                let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, black_box(&KEY));
                ring::hmac::sign(&key, black_box(&d1))
            })
            .peer(AWS_LC, move || {
                let key = aws_lc_rs::hmac::Key::new(aws_lc_rs::hmac::HMAC_SHA256, black_box(&KEY));
                aws_lc_rs::hmac::sign(&key, black_box(&d2))
            })
            .peer(RUSTCRYPTO, move || {
                let mut m = hmac::Hmac::<sha2::Sha256>::new_from_slice(black_box(&KEY))
                    .expect("any key length");
                m.update(black_box(&d3));
                m.finalize().into_bytes()
            }),
        );
    }
    for size in [32usize, 64, 300, 1024] {
        let d = vec![0xa5u8; size];
        let ours = HmacSha256Key::new(&KEY);
        let mut row = Row::new("hmac-sha256", format!("keyed {size} B"), size, {
            let d = d.clone();
            move || black_box(&ours).mac(black_box(&d))
        });
        for b in Sha256Backend::available() {
            let d = d.clone();
            let key = HmacSha256Key::new_with(b, &KEY);
            row = row.backend(b.name(), default, move || {
                black_box(&key).mac(black_box(&d))
            });
        }
        let (d1, d2, d3) = (d.clone(), d.clone(), d);
        let ring_key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, &KEY);
        let aws_key = aws_lc_rs::hmac::Key::new(aws_lc_rs::hmac::HMAC_SHA256, &KEY);
        let rc = hmac::Hmac::<sha2::Sha256>::new_from_slice(&KEY).expect("any key length");
        rows.push(
            row.peer(RING, move || {
                ring::hmac::sign(black_box(&ring_key), black_box(&d1))
            })
            .peer(AWS_LC, move || {
                aws_lc_rs::hmac::sign(black_box(&aws_key), black_box(&d2))
            })
            .peer(RUSTCRYPTO, move || {
                let mut m = black_box(&rc).clone();
                m.update(black_box(&d3));
                m.finalize().into_bytes()
            }),
        );
    }
    let default = Sha512Backend::detect().name();
    let d = vec![0xa5u8; 64];
    let mut row = Row::new("hmac-sha512", "one-shot 64 B", 64, {
        let d = d.clone();
        move || HmacSha512::mac(black_box(&KEY), black_box(&d))
    });
    for b in Sha512Backend::available() {
        let d = d.clone();
        row = row.backend(b.name(), default, move || {
            HmacSha512::mac_with(b, black_box(&KEY), black_box(&d))
        });
    }
    let (d1, d2, d3) = (d.clone(), d.clone(), d);
    rows.push(
        row.peer(RING, move || {
            let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA512, black_box(&KEY));
            ring::hmac::sign(&key, black_box(&d1))
        })
        .peer(AWS_LC, move || {
            let key = aws_lc_rs::hmac::Key::new(aws_lc_rs::hmac::HMAC_SHA512, black_box(&KEY));
            aws_lc_rs::hmac::sign(&key, black_box(&d2))
        })
        .peer(RUSTCRYPTO, move || {
            let mut m = hmac::Hmac::<sha2::Sha512>::new_from_slice(black_box(&KEY))
                .expect("any key length");
            m.update(black_box(&d3));
            m.finalize().into_bytes()
        }),
    );
}

fn hkdf_rows(rows: &mut Vec<Row>) {
    use hpcrypt::kdf::HkdfSha256;
    /// ring's and aws-lc-rs's HKDF output length, as their `KeyType`.
    struct Len(usize);
    impl ring::hkdf::KeyType for Len {
        fn len(&self) -> usize {
            self.0
        }
    }
    impl aws_lc_rs::hkdf::KeyType for Len {
        fn len(&self) -> usize {
            self.0
        }
    }
    const SALT: [u8; 32] = [0x73; 32];
    const IKM: [u8; 32] = [0x0b; 32];
    const INFO: &[u8] = b"hpcrypt field key v1";
    let default = Sha256Backend::detect().name();
    for len in [32usize, 128] {
        let mut row = Row::new("hkdf-sha256", format!("derive {len} B"), len, move || {
            let mut okm = [0u8; 128];
            HkdfSha256::derive(black_box(&SALT), black_box(&IKM), INFO, &mut okm[..len])
                .map(|()| okm)
        });
        for b in Sha256Backend::available() {
            row = row.backend(b.name(), default, move || {
                let mut okm = [0u8; 128];
                HkdfSha256::derive_with(b, black_box(&SALT), black_box(&IKM), INFO, &mut okm[..len])
                    .map(|()| okm)
            });
        }
        rows.push(
            row.peer(RING, move || {
                let mut okm = [0u8; 128];
                ring::hkdf::Salt::new(ring::hkdf::HKDF_SHA256, black_box(&SALT))
                    .extract(black_box(&IKM))
                    .expand(&[INFO], Len(len))
                    .and_then(|o| o.fill(&mut okm[..len]))
                    .map(|()| okm)
            })
            .peer(AWS_LC, move || {
                let mut okm = [0u8; 128];
                aws_lc_rs::hkdf::Salt::new(aws_lc_rs::hkdf::HKDF_SHA256, black_box(&SALT))
                    .extract(black_box(&IKM))
                    .expand(&[INFO], Len(len))
                    .and_then(|o| o.fill(&mut okm[..len]))
                    .map(|()| okm)
            })
            .peer(RUSTCRYPTO, move || {
                let mut okm = [0u8; 128];
                hkdf::Hkdf::<sha2::Sha256>::new(Some(black_box(&SALT)), black_box(&IKM))
                    .expand(INFO, &mut okm[..len])
                    .map(|()| okm)
            }),
        );
    }
}

/// The AES-GCM rows of one key size: key setup, seal (no AAD) at each
/// size, and seal and open of short messages with a 16-byte AAD (the
/// field-encryption shape), each backend by name beside the peers.
macro_rules! gcm_rows {
    ($rows:expr, $prim:literal, $ours:ident, $key:expr, $ring:path, $awslc:path, $rc:ty, $seal_sizes:expr, $aad_sizes:expr, $open_sizes:expr) => {{
        use aes_gcm::aead::{AeadInPlace, KeyInit};
        use hpcrypt::aead::{$ours, Aead};
        let rows: &mut Vec<Row> = $rows;
        let key = $key;
        const NONCE: [u8; 12] = [0x24; 12];
        const AAD: [u8; 16] = [0xAA; 16];
        let default = AesGcmBackend::detect().name();

        // Each key is built and dropped inside the call, as a caller does.
        let mut row = Row::new($prim, "key setup", 0, move || {
            $ours::new(black_box(&key)).backend()
        });
        for b in AesGcmBackend::available() {
            row = row.backend(b.name(), default, move || {
                $ours::new_with(b, black_box(&key)).backend()
            });
        }
        rows.push(
            row.peer(RING, move || {
                ring::aead::UnboundKey::new(&$ring, black_box(&key))
                    .map(ring::aead::LessSafeKey::new)
            })
            .peer(AWS_LC, move || {
                aws_lc_rs::aead::UnboundKey::new(&$awslc, black_box(&key))
                    .map(aws_lc_rs::aead::LessSafeKey::new)
            })
            .peer(RUSTCRYPTO, move || <$rc>::new(black_box(&key).into())),
        );

        // Seal, in place with a detached tag for everyone.
        let seal_cases = $seal_sizes.into_iter().map(|s| (s, 0usize));
        let aad_cases = $aad_sizes.into_iter().map(|s| (s, AAD.len()));
        for (size, aad_len) in seal_cases.chain(aad_cases) {
            let aad = &AAD[..aad_len];
            let name = if aad_len == 0 {
                format!("seal {size} B")
            } else {
                format!("seal {size} B, {aad_len} B AAD")
            };
            let ours = $ours::new(&key);
            let mut buf = vec![0u8; size];
            let mut row = Row::new($prim, name, size, move || {
                ours.encrypt_in_place_detached(&NONCE, black_box(aad), black_box(&mut buf))
            });
            for b in AesGcmBackend::available() {
                let k = $ours::new_with(b, &key);
                let mut buf = vec![0u8; size];
                row = row.backend(b.name(), default, move || {
                    k.encrypt_in_place_detached(&NONCE, black_box(aad), black_box(&mut buf))
                });
            }
            let ring_key = ring::aead::LessSafeKey::new(
                ring::aead::UnboundKey::new(&$ring, &key).expect("key"),
            );
            let aws_key = aws_lc_rs::aead::LessSafeKey::new(
                aws_lc_rs::aead::UnboundKey::new(&$awslc, &key).expect("key"),
            );
            let rc = <$rc>::new(&key.into());
            let (mut b1, mut b2, mut b3) = (vec![0u8; size], vec![0u8; size], vec![0u8; size]);
            rows.push(
                row.peer(RING, move || {
                    ring_key.seal_in_place_separate_tag(
                        ring::aead::Nonce::assume_unique_for_key(NONCE),
                        ring::aead::Aad::from(black_box(aad)),
                        black_box(&mut b1),
                    )
                })
                .peer(AWS_LC, move || {
                    aws_key.seal_in_place_separate_tag(
                        aws_lc_rs::aead::Nonce::assume_unique_for_key(NONCE),
                        aws_lc_rs::aead::Aad::from(black_box(aad)),
                        black_box(&mut b2),
                    )
                })
                .peer(RUSTCRYPTO, move || {
                    rc.encrypt_in_place_detached(&NONCE.into(), black_box(aad), black_box(&mut b3))
                }),
            );
        }

        // Open restores the ciphertext before each call (a copy of the
        // message, the same for every column).
        for (size, aad_len) in $open_sizes {
            let aad: &'static [u8] = &AAD[..aad_len];
            let name = if aad_len == 0 {
                format!("open {size} B")
            } else {
                format!("open {size} B, {aad_len} B AAD")
            };
            let mut ct = vec![0x5au8; size];
            let tag = $ours::new(&key)
                .encrypt_in_place_detached(&NONCE, aad, &mut ct)
                .expect("seal");
            let ct_tag = [ct.as_slice(), tag.as_slice()].concat();
            let open_with = move |k: $ours, ct: Vec<u8>| {
                let mut buf = ct.clone();
                move || {
                    buf.copy_from_slice(&ct);
                    k.decrypt_in_place_detached(&NONCE, black_box(aad), black_box(&mut buf), &tag)
                }
            };
            let mut row = Row::new($prim, name, size, open_with($ours::new(&key), ct.clone()));
            for b in AesGcmBackend::available() {
                row = row.backend(
                    b.name(),
                    default,
                    open_with($ours::new_with(b, &key), ct.clone()),
                );
            }
            let ring_key = ring::aead::LessSafeKey::new(
                ring::aead::UnboundKey::new(&$ring, &key).expect("key"),
            );
            let aws_key = aws_lc_rs::aead::LessSafeKey::new(
                aws_lc_rs::aead::UnboundKey::new(&$awslc, &key).expect("key"),
            );
            let rc = <$rc>::new(&key.into());
            let (ct_tag1, ct_tag2) = (ct_tag.clone(), ct_tag);
            let (mut b1, mut b2, mut b3) = (ct_tag1.clone(), ct_tag2.clone(), ct.clone());
            rows.push(
                row.peer(RING, move || {
                    b1.copy_from_slice(&ct_tag1);
                    ring_key
                        .open_in_place(
                            ring::aead::Nonce::assume_unique_for_key(NONCE),
                            ring::aead::Aad::from(black_box(aad)),
                            black_box(&mut b1),
                        )
                        .map(|p| p.len())
                })
                .peer(AWS_LC, move || {
                    b2.copy_from_slice(&ct_tag2);
                    aws_key
                        .open_in_place(
                            aws_lc_rs::aead::Nonce::assume_unique_for_key(NONCE),
                            aws_lc_rs::aead::Aad::from(black_box(aad)),
                            black_box(&mut b2),
                        )
                        .map(|p| p.len())
                })
                .peer(RUSTCRYPTO, move || {
                    b3.copy_from_slice(&ct);
                    rc.decrypt_in_place_detached(
                        &NONCE.into(),
                        black_box(aad),
                        black_box(&mut b3),
                        (&tag).into(),
                    )
                }),
            );
        }
    }};
}

fn aead_rows(rows: &mut Vec<Row>) {
    gcm_rows!(
        rows,
        "aes256gcm",
        AesGcm256,
        [0x42u8; 32],
        ring::aead::AES_256_GCM,
        aws_lc_rs::aead::AES_256_GCM,
        aes_gcm::Aes256Gcm,
        [16usize, 64, 1024, 16384],
        [16usize, 64],
        [(16usize, 16usize), (64, 16), (1024, 0), (16384, 0)]
    );
    gcm_rows!(
        rows,
        "aes128gcm",
        AesGcm128,
        [0x42u8; 16],
        ring::aead::AES_128_GCM,
        aws_lc_rs::aead::AES_128_GCM,
        aes_gcm::Aes128Gcm,
        [16usize, 64, 1024, 16384],
        [16usize, 64],
        [(16usize, 16usize), (64, 16), (1024, 0), (16384, 0)]
    );
}

fn ed25519_rows(rows: &mut Vec<Row>) {
    use ed25519_dalek::{Signer as _, Verifier as _};
    use hpcrypt::signature::{Ed25519SigningKey, Signer, Verifier};
    const SEED: [u8; 32] = [0x4d; 32];
    let default = Ed25519Backend::detect().name();

    let mut row = Row::new("ed25519", "key from seed", 0, || {
        Ed25519SigningKey::from_bytes(black_box(&SEED)).verifying_key()
    });
    for b in Ed25519Backend::available() {
        row = row.backend(b.name(), default, move || {
            Ed25519SigningKey::from_bytes_with(b, black_box(&SEED)).verifying_key()
        });
    }
    rows.push(
        row.peer(RING, || {
            use ring::signature::KeyPair as _;
            let k = ring::signature::Ed25519KeyPair::from_seed_unchecked(black_box(&SEED));
            k.map(|k| k.public_key().as_ref()[0])
        })
        .peer(AWS_LC, || {
            use aws_lc_rs::signature::KeyPair as _;
            let k = aws_lc_rs::signature::Ed25519KeyPair::from_seed_unchecked(black_box(&SEED));
            k.map(|k| k.public_key().as_ref()[0])
        })
        .peer(RUSTCRYPTO, || {
            ed25519_dalek::SigningKey::from_bytes(black_box(&SEED)).verifying_key()
        }),
    );

    let msg = vec![0x61u8; 300];
    let ours = Ed25519SigningKey::from_bytes(&SEED);
    let vk = ours.verifying_key();
    let sig = ours.sign(&msg).to_bytes();

    let mut row = Row::new("ed25519", "sign 300 B", 0, {
        let m = msg.clone();
        move || ours.sign(black_box(&m))
    });
    for b in Ed25519Backend::available() {
        let key = Ed25519SigningKey::from_bytes_with(b, &SEED);
        let m = msg.clone();
        row = row.backend(b.name(), default, move || key.sign_with(b, black_box(&m)));
    }
    let ring_key = ring::signature::Ed25519KeyPair::from_seed_unchecked(&SEED).expect("seed");
    let aws_key = aws_lc_rs::signature::Ed25519KeyPair::from_seed_unchecked(&SEED).expect("seed");
    let dalek = ed25519_dalek::SigningKey::from_bytes(&SEED);
    let (m1, m2, m3) = (msg.clone(), msg.clone(), msg.clone());
    rows.push(
        row.peer(RING, move || ring_key.sign(black_box(&m1)))
            .peer(AWS_LC, move || aws_key.sign(black_box(&m2)))
            .peer(RUSTCRYPTO, move || dalek.sign(black_box(&m3))),
    );

    let mut row = Row::new("ed25519", "verify 300 B", 0, {
        let m = msg.clone();
        move || vk.verify(black_box(&m), black_box(&sig)).is_ok()
    });
    for b in Ed25519Backend::available() {
        let m = msg.clone();
        row = row.backend(b.name(), default, move || {
            vk.verify_with(b, black_box(&m), black_box(&sig), false)
                .is_ok()
        });
    }
    let ring_pk = ring::signature::UnparsedPublicKey::new(&ring::signature::ED25519, vk.to_bytes());
    let aws_pk =
        aws_lc_rs::signature::UnparsedPublicKey::new(&aws_lc_rs::signature::ED25519, vk.to_bytes());
    let dalek_vk = ed25519_dalek::VerifyingKey::from_bytes(&vk.to_bytes()).expect("key");
    let dalek_sig = ed25519_dalek::Signature::from_bytes(&sig);
    let (m1, m2, m3) = (msg.clone(), msg.clone(), msg);
    rows.push(
        row.peer(RING, move || {
            ring_pk.verify(black_box(&m1), black_box(&sig)).is_ok()
        })
        .peer(AWS_LC, move || {
            aws_pk.verify(black_box(&m2), black_box(&sig)).is_ok()
        })
        .peer(RUSTCRYPTO, move || {
            dalek_vk.verify(black_box(&m3), &dalek_sig).is_ok()
        }),
    );

    // A batch of 64 signatures (64-byte messages, distinct keys), per call;
    // ring and aws-lc-rs have no batch API.
    let keys: Vec<Ed25519SigningKey> = (0..64u8)
        .map(|i| Ed25519SigningKey::from_bytes(&[i; 32]))
        .collect();
    let msgs: Vec<Vec<u8>> = (0..64u8).map(|i| vec![i; 64]).collect();
    let sigs: Vec<_> = keys.iter().zip(&msgs).map(|(k, m)| k.sign(m)).collect();
    let vks: Vec<_> = keys.iter().map(Ed25519SigningKey::verifying_key).collect();
    let batch = std::rc::Rc::new((msgs, sigs, vks));
    let run = |b: Option<Ed25519Backend>, batch: std::rc::Rc<(Vec<Vec<u8>>, Vec<_>, Vec<_>)>| {
        move || {
            let refs: Vec<&[u8]> = batch.0.iter().map(Vec::as_slice).collect();
            let (sigs, vks) = (&batch.1, &batch.2);
            match b {
                None => hpcrypt::signature::ed25519::verify_batch(black_box(&refs), sigs, vks),
                Some(b) => {
                    hpcrypt::signature::ed25519::verify_batch_with(b, black_box(&refs), sigs, vks)
                }
            }
            .is_ok()
        }
    };
    let mut row = Row::new("ed25519", "verify_batch of 64", 0, run(None, batch.clone()));
    for b in Ed25519Backend::available() {
        row = row.backend(b.name(), default, run(Some(b), batch.clone()));
    }
    let dalek_vks: Vec<_> = batch
        .2
        .iter()
        .map(|k| ed25519_dalek::VerifyingKey::from_bytes(&k.to_bytes()).expect("key"))
        .collect();
    let dalek_sigs: Vec<_> = batch
        .1
        .iter()
        .map(|s| ed25519_dalek::Signature::from_bytes(&s.to_bytes()))
        .collect();
    rows.push(row.peer(RUSTCRYPTO, move || {
        let refs: Vec<&[u8]> = batch.0.iter().map(Vec::as_slice).collect();
        ed25519_dalek::verify_batch(black_box(&refs), &dalek_sigs, &dalek_vks).is_ok()
    }));
}

/// ES256: key from a 32-byte scalar, sign, verify (key parsed once, and
/// parsed from its SEC 1 bytes each time). ring and aws-lc-rs mix random
/// bytes into their nonces; hpcrypt's and `p256`'s are RFC 6979.
fn p256_rows(rows: &mut Vec<Row>) {
    use hpcrypt::signature::{P256SigningKey, P256VerifyingKey};
    use p256::ecdsa::signature::{Signer as _, Verifier as _};
    const D: [u8; 32] = [0x4d; 32];
    let default = P256Backend::detect().name();
    let ours = P256SigningKey::from_bytes(&D).expect("key");
    let vk = ours.verifying_key();
    let q = vk.to_sec1_uncompressed();
    let rng = ring::rand::SystemRandom::new();
    let aws_rng = aws_lc_rs::rand::SystemRandom::new();

    let mut row = Row::new("p256", "key from scalar", 0, || {
        P256SigningKey::from_bytes(black_box(&D)).map(|k| k.verifying_key())
    });
    for b in P256Backend::available() {
        row = row.backend(b.name(), default, move || {
            P256SigningKey::from_bytes_with(b, black_box(&D)).map(|k| k.verifying_key())
        });
    }
    let (r1, r2) = (rng.clone(), aws_rng.clone());
    rows.push(
        row.peer(RING, move || {
            ring::signature::EcdsaKeyPair::from_private_key_and_public_key(
                &ring::signature::ECDSA_P256_SHA256_FIXED_SIGNING,
                black_box(&D),
                &q,
                &r1,
            )
            .is_ok()
        })
        .peer(AWS_LC, move || {
            let _ = &r2;
            aws_lc_rs::signature::EcdsaKeyPair::from_private_key_and_public_key(
                &aws_lc_rs::signature::ECDSA_P256_SHA256_FIXED_SIGNING,
                black_box(&D),
                &q,
            )
            .is_ok()
        })
        .peer(RUSTCRYPTO, || {
            p256::ecdsa::SigningKey::from_slice(black_box(&D)).map(|k| *k.verifying_key())
        }),
    );

    let msg = vec![0x61u8; 64];
    let sig = ours.sign(&msg);
    let mut row = Row::new("p256", "sign 64 B", 0, {
        let m = msg.clone();
        move || ours.sign(black_box(&m))
    });
    for b in P256Backend::available() {
        let key = P256SigningKey::from_bytes_with(b, &D).expect("key");
        let m = msg.clone();
        row = row.backend(b.name(), default, move || key.sign_with(b, black_box(&m)));
    }
    let ring_key = ring::signature::EcdsaKeyPair::from_private_key_and_public_key(
        &ring::signature::ECDSA_P256_SHA256_FIXED_SIGNING,
        &D,
        &q,
        &rng,
    )
    .expect("ring key");
    let aws_key = aws_lc_rs::signature::EcdsaKeyPair::from_private_key_and_public_key(
        &aws_lc_rs::signature::ECDSA_P256_SHA256_FIXED_SIGNING,
        &D,
        &q,
    )
    .expect("aws key");
    let rc_key = p256::ecdsa::SigningKey::from_slice(&D).expect("p256 key");
    let (m1, m2, m3) = (msg.clone(), msg.clone(), msg.clone());
    let (r1, r2) = (rng.clone(), aws_rng.clone());
    rows.push(
        row.peer(RING, move || ring_key.sign(&r1, black_box(&m1)).is_ok())
            .peer(AWS_LC, move || aws_key.sign(&r2, black_box(&m2)).is_ok())
            .peer(RUSTCRYPTO, move || -> p256::ecdsa::Signature {
                rc_key.sign(black_box(&m3))
            }),
    );

    let mut row = Row::new("p256", "verify 64 B", 0, {
        let m = msg.clone();
        move || vk.verify(black_box(&m), black_box(&sig)).is_ok()
    });
    for b in P256Backend::available() {
        let m = msg.clone();
        row = row.backend(b.name(), default, move || {
            vk.verify_with(b, black_box(&m), black_box(&sig)).is_ok()
        });
    }
    let ring_pk =
        ring::signature::UnparsedPublicKey::new(&ring::signature::ECDSA_P256_SHA256_FIXED, q);
    let aws_pk = aws_lc_rs::signature::ParsedPublicKey::new(
        &aws_lc_rs::signature::ECDSA_P256_SHA256_FIXED,
        q,
    )
    .expect("aws key");
    let rc_vk = p256::ecdsa::VerifyingKey::from_sec1_bytes(&q).expect("p256 key");
    let rc_sig = p256::ecdsa::Signature::from_slice(sig.as_ref()).expect("sig");
    let (m1, m2, m3) = (msg.clone(), msg.clone(), msg.clone());
    rows.push(
        row.peer(RING, move || {
            ring_pk
                .verify(black_box(&m1), black_box(sig.as_ref()))
                .is_ok()
        })
        .peer(AWS_LC, move || {
            aws_pk
                .verify_sig(black_box(&m2), black_box(sig.as_ref()))
                .is_ok()
        })
        .peer(RUSTCRYPTO, move || {
            rc_vk.verify(black_box(&m3), &rc_sig).is_ok()
        }),
    );

    // The prepared key (`P256VerifyingKey::prepare`: Q's and [2^128]Q's
    // odd multiples, 128 doublings per verification) beside the same peers
    // as "verify 64 B" (their parsed keys; none has a prepared form).
    let prepared = vk.prepare();
    let mut row = Row::new("p256", "verify 64 B, prepared key", 0, {
        let (m, k) = (msg.clone(), prepared.clone());
        move || k.verify(black_box(&m), black_box(&sig)).is_ok()
    });
    for b in P256Backend::available() {
        let (m, k) = (msg.clone(), vk.prepare_with(b));
        row = row.backend(b.name(), default, move || {
            k.verify_with(b, black_box(&m), black_box(&sig)).is_ok()
        });
    }
    let ring_pk =
        ring::signature::UnparsedPublicKey::new(&ring::signature::ECDSA_P256_SHA256_FIXED, q);
    let aws_pk = aws_lc_rs::signature::ParsedPublicKey::new(
        &aws_lc_rs::signature::ECDSA_P256_SHA256_FIXED,
        q,
    )
    .expect("aws key");
    let rc_vk = p256::ecdsa::VerifyingKey::from_sec1_bytes(&q).expect("p256 key");
    let (m1, m2, m3) = (msg.clone(), msg.clone(), msg.clone());
    rows.push(
        row.peer(RING, move || {
            ring_pk
                .verify(black_box(&m1), black_box(sig.as_ref()))
                .is_ok()
        })
        .peer(AWS_LC, move || {
            aws_pk
                .verify_sig(black_box(&m2), black_box(sig.as_ref()))
                .is_ok()
        })
        .peer(RUSTCRYPTO, move || {
            rc_vk.verify(black_box(&m3), &rc_sig).is_ok()
        }),
    );

    // Preparation alone: no peer has a prepared key, so the row has no
    // peer columns (their one-time step is parsing the point, the
    // "verify 64 B + SEC1 key" row below includes it).
    let mut row = Row::new("p256", "prepare key", 0, move || black_box(&vk).prepare());
    for b in P256Backend::available() {
        row = row.backend(b.name(), default, move || black_box(&vk).prepare_with(b));
    }
    rows.push(row);

    let row = Row::new("p256", "verify 64 B + SEC1 key", 0, {
        let m = msg.clone();
        move || {
            P256VerifyingKey::from_sec1_bytes(black_box(&q))
                .and_then(|k| k.verify(black_box(&m), black_box(&sig)))
                .is_ok()
        }
    });
    let (m1, m2, m3) = (msg.clone(), msg.clone(), msg);
    rows.push(
        row.peer(RING, move || {
            ring::signature::UnparsedPublicKey::new(
                &ring::signature::ECDSA_P256_SHA256_FIXED,
                black_box(&q),
            )
            .verify(black_box(&m1), black_box(sig.as_ref()))
            .is_ok()
        })
        .peer(AWS_LC, move || {
            aws_lc_rs::signature::UnparsedPublicKey::new(
                &aws_lc_rs::signature::ECDSA_P256_SHA256_FIXED,
                black_box(&q),
            )
            .verify(black_box(&m2), black_box(sig.as_ref()))
            .is_ok()
        })
        .peer(RUSTCRYPTO, move || {
            p256::ecdsa::VerifyingKey::from_sec1_bytes(black_box(&q))
                .map(|k| k.verify(black_box(&m3), &rc_sig).is_ok())
                .unwrap_or(false)
        }),
    );
}

/// `name version` of a package as locked in this repository's `Cargo.lock`
/// (read at compile time, so the header cannot drift from what was built).
fn locked(name: &str) -> String {
    let versions: Vec<&str> = include_str!("../Cargo.lock")
        .split("[[package]]")
        .filter(|pkg| pkg.lines().any(|l| l == format!("name = \"{name}\"")))
        .filter_map(|pkg| pkg.lines().find_map(|l| l.strip_prefix("version = ")))
        .map(|v| v.trim_matches('"'))
        .collect();
    if versions.is_empty() {
        format!("{name} ?")
    } else {
        format!("{name} {}", versions.join("/"))
    }
}

/// The CPU's model name (and, on x86, family and model numbers, which a
/// VM's model string may leave out), from `/proc/cpuinfo` where there is one.
fn cpu_model() -> String {
    let Ok(info) = std::fs::read_to_string("/proc/cpuinfo") else {
        return "unknown".into();
    };
    let field = |key: &str| {
        info.lines()
            .find(|l| l.split(':').next().map(str::trim) == Some(key))
            .and_then(|l| l.split(':').nth(1))
            .map(|v| v.trim().to_string())
    };
    let name = field("model name")
        .or_else(|| field("Model"))
        .unwrap_or_else(|| "unknown".into());
    match (field("cpu family"), field("model")) {
        (Some(family), Some(model)) => format!("{name} (family {family}, model {model})"),
        _ => name,
    }
}

/// The CPU features hpcrypt's backends (and the peers') care about.
fn cpu_features() -> String {
    #[allow(unused_mut)]
    let mut have: Vec<&str> = Vec::new();
    #[cfg(target_arch = "x86_64")]
    {
        macro_rules! check {
            ($($f:tt),*) => {
                $(if std::is_x86_feature_detected!($f) { have.push($f); })*
            };
        }
        check!(
            "sse4.1",
            "sha",
            "aes",
            "pclmulqdq",
            "avx",
            "avx2",
            "bmi2",
            "adx",
            "vaes",
            "vpclmulqdq",
            "avx512f",
            "avx512vl",
            "avx512ifma"
        );
    }
    #[cfg(target_arch = "aarch64")]
    {
        macro_rules! check {
            ($($f:tt),*) => {
                $(if std::arch::is_aarch64_feature_detected!($f) { have.push($f); })*
            };
        }
        check!("neon", "aes", "pmull", "sha2", "sha3");
    }
    if have.is_empty() {
        "(none that hpcrypt uses)".into()
    } else {
        have.join(" ")
    }
}

/// Every backend this CPU can run for `primitive`, from the backend enums'
/// `available()`, so backends added later show up without editing this file.
fn available_for(primitive: &str) -> Vec<&'static str> {
    match primitive {
        "sha224" | "sha256" => Sha256Backend::available().map(|b| b.name()).collect(),
        "sha384" | "sha512" => Sha512Backend::available().map(|b| b.name()).collect(),
        "aes-gcm" => AesGcmBackend::available().map(|b| b.name()).collect(),
        "ed25519" => Ed25519Backend::available().map(|b| b.name()).collect(),
        "p256" => P256Backend::available().map(|b| b.name()).collect(),
        _ => Vec::new(),
    }
}

fn header() {
    println!(
        "hpcrypt {} speed report ({})",
        env!("CARGO_PKG_VERSION"),
        std::env::consts::ARCH
    );
    println!();
    println!("cpu       {}", cpu_model());
    println!("features  {}", cpu_features());
    println!("backends  chosen by run-time dispatch (and all this CPU can run):");
    for (primitive, chosen) in hpcrypt::backends() {
        let all = available_for(primitive);
        if all.is_empty() {
            println!("          {primitive:<8} {chosen}");
        } else {
            println!("          {primitive:<8} {chosen:<12} ({})", all.join(", "));
        }
    }
    println!(
        "peers     {}, {}, RustCrypto ({}, {}, {}, {}, {}), {}",
        locked("ring"),
        locked("aws-lc-rs"),
        locked("sha2"),
        locked("hmac"),
        locked("hkdf"),
        locked("aes-gcm"),
        locked("p256"),
        locked("ed25519-dalek")
    );
    println!();
    println!("legend    unit: MB/s for 1 KiB and up (higher is better), else time per call");
    println!(
        "          in ns or µs (lower is better); each cell is the fastest of {BATCHES} batches,"
    );
    println!("          run interleaved with the row's other cells so load hits them alike,");
    println!("          timed on the thread's CPU clock (Linux; wall clock elsewhere).");
    println!("          hpcrypt = default dispatch; `  on NAME` rows = the same call on another");
    println!("          hpcrypt backend. For Ed25519 the RustCrypto column is ed25519-dalek.");
    println!("          best = the fastest peer; ratio = best peer time / hpcrypt time");
    println!("          (above 1.00x hpcrypt is faster, below it is slower).");
    println!(
        "          spread = 4th-fastest / fastest batch - 1, the worst cell of the row; over {:.0}%",
        BUSY_SPREAD * 100.0
    );
    println!("          (!) means the machine was busy and the row's ratio is not trustworthy.");
    println!();
}

/// Column widths of the table.
const W_PRIM: usize = 11;
const W_OP: usize = 25;
const W_UNIT: usize = 4;
const W_NUM: usize = 10;
const W_BEST: usize = 10;
const W_RATIO: usize = 7;
const W_SPREAD: usize = 7;

fn print_line(
    prim: &str,
    op: &str,
    unit: &str,
    nums: [&str; 4],
    best: &str,
    ratio: &str,
    spread: &str,
) {
    println!(
        "{prim:<W_PRIM$} {op:<W_OP$} {unit:<W_UNIT$} {:>W_NUM$} {:>W_NUM$} {:>W_NUM$} {:>W_NUM$}  {best:<W_BEST$} {ratio:>W_RATIO$} {spread:>W_SPREAD$}",
        nums[0], nums[1], nums[2], nums[3]
    );
}

fn main() {
    let start = Instant::now();
    header();

    let mut rows = Vec::new();
    sha2_rows(&mut rows);
    mac_rows(&mut rows);
    hkdf_rows(&mut rows);
    aead_rows(&mut rows);
    ed25519_rows(&mut rows);
    p256_rows(&mut rows);

    print_line(
        "primitive",
        "operation",
        "unit",
        ["hpcrypt", PEERS[0], PEERS[1], PEERS[2]],
        "best",
        "ratio",
        "spread",
    );
    print_line(
        &"-".repeat(W_PRIM),
        &"-".repeat(W_OP),
        &"-".repeat(W_UNIT),
        [&"-".repeat(W_NUM); 4].map(String::as_str),
        &"-".repeat(W_BEST),
        &"-".repeat(W_RATIO),
        &"-".repeat(W_SPREAD),
    );

    // `cargo run --release --example speed -- ed25519 sha512` keeps only the
    // rows whose primitive or operation contains one of the words.
    let filters: Vec<String> = std::env::args().skip(1).collect();
    rows.retain(|row| {
        filters.is_empty()
            || filters
                .iter()
                .any(|f| row.primitive.contains(f.as_str()) || row.op.contains(f.as_str()))
    });

    let mut busy_rows = 0;
    for mut row in rows {
        // hpcrypt, then each peer present, then each other backend.
        let peer_cols: Vec<usize> = (0..PEERS.len())
            .filter(|&c| row.peers[c].is_some())
            .collect();
        let mut ops: Vec<&mut Op> = vec![&mut row.ours];
        ops.extend(row.peers.iter_mut().flatten());
        ops.extend(row.backends.iter_mut().map(|(_, f)| f));
        let timings = measure_row(&mut ops);
        let ours = timings[0];
        let mut peers: [Option<Timing>; 3] = [None; 3];
        for (k, &c) in peer_cols.iter().enumerate() {
            peers[c] = Some(timings[1 + k]);
        }
        let backend_timings = &timings[1 + peer_cols.len()..];
        // A row without peers (an operation no peer has) shows "-".
        let best = peers
            .iter()
            .enumerate()
            .filter_map(|(i, t)| t.map(|t| (i, t)))
            .min_by(|a, b| a.1.secs.total_cmp(&b.1.secs));
        let ratio = |t: Timing| {
            best.map_or_else(|| "-".into(), |(_, b)| format!("{:.2}x", b.secs / t.secs))
        };
        let spread = peers
            .iter()
            .flatten()
            .map(|t| t.spread)
            .fold(ours.spread, f64::max);
        let busy = spread > BUSY_SPREAD;
        busy_rows += usize::from(busy);

        let unit = Unit::for_row(row.bytes, ours.secs);
        let cells: Vec<String> = std::iter::once(Some(ours))
            .chain(peers)
            .map(|t| t.map_or_else(|| "-".into(), |t| unit.cell(t.secs)))
            .collect();
        print_line(
            row.primitive,
            &row.op,
            unit.label(),
            [&cells[0], &cells[1], &cells[2], &cells[3]],
            best.map_or("-", |(c, _)| PEERS[c]),
            &ratio(ours),
            &format!("{:.0}%{}", spread * 100.0, if busy { "!" } else { " " }),
        );
        for ((name, _), &t) in row.backends.iter().zip(backend_timings) {
            let busy = t.spread > BUSY_SPREAD;
            busy_rows += usize::from(busy);
            print_line(
                "",
                &format!("  on {name}"),
                unit.label(),
                [&unit.cell(t.secs), "", "", ""],
                "",
                &ratio(t),
                &format!("{:.0}%{}", t.spread * 100.0, if busy { "!" } else { " " }),
            );
        }
    }

    println!();
    if busy_rows > 0 {
        println!(
            "warning: {busy_rows} row(s) marked ! had batches more than {:.0}% apart: the machine",
            BUSY_SPREAD * 100.0
        );
        println!("         was busy (or changed clock speed) while they ran, so their ratios may");
        println!(
            "         be off; rerun on a quieter machine or use `cargo bench` for those rows."
        );
    } else {
        println!(
            "every row's spread was under {:.0}%: the timings repeated well.",
            BUSY_SPREAD * 100.0
        );
    }
    println!(
        "total {:.1} s. Criterion statistics: cargo bench --bench sha2|hmac|hkdf|aes_gcm|ed25519",
        start.elapsed().as_secs_f64()
    );
}
