//! SHA-2 against NIST CAVP (SHAVS byte-oriented ShortMsg, LongMsg, Monte),
//! through every backend this CPU supports, one-shot and streaming.

mod common;
use common::{read_kv, report};
use hpcrypt::backend::{Sha256Backend, Sha512Backend};
use hpcrypt::hash::{Hash, Sha224, Sha256, Sha384, Sha512};

type OneShot = Box<dyn Fn(&[u8]) -> Vec<u8>>;
type Pieces = Box<dyn Fn(&[u8], usize) -> Vec<u8>>;

/// One backend of one hash, as functions over bytes.
pub struct Impl {
    pub backend: &'static str,
    pub block_len: usize,
    pub oneshot: OneShot,
    /// Hashes the message fed in pieces of the given size.
    pub pieces: Pieces,
}

macro_rules! impls_of {
    ($h:ty, $backends:expr) => {
        $backends
            .map(|b| Impl {
                backend: b.name(),
                block_len: <$h>::BLOCK_LEN,
                oneshot: Box::new(move |m: &[u8]| <$h>::hash_with(b, m).to_vec()),
                pieces: Box::new(move |m: &[u8], n: usize| {
                    let mut h = <$h>::new_with(b);
                    for piece in m.chunks(n) {
                        h.update(piece);
                    }
                    h.finalize().to_vec()
                }),
            })
            .collect::<Vec<_>>()
    };
}

fn impls(alg: &str) -> Vec<Impl> {
    let all = match alg {
        "SHA224" => impls_of!(Sha224, Sha256Backend::available()),
        "SHA256" => impls_of!(Sha256, Sha256Backend::available()),
        "SHA384" => impls_of!(Sha384, Sha512Backend::available()),
        "SHA512" => impls_of!(Sha512, Sha512Backend::available()),
        _ => unreachable!(),
    };
    report(alg, &all.iter().map(|i| i.backend).collect::<Vec<_>>());
    all
}

const ALGS: [&str; 4] = ["SHA224", "SHA256", "SHA384", "SHA512"];

/// ShortMsg and LongMsg: `Len` bits of `Msg` hash to `MD`. ShortMsg is also
/// fed in every piece size from 1 to one block plus one; LongMsg in a few.
fn run_msg_file(kind: &str) {
    for alg in ALGS {
        let file = format!("nist-cavp/sha/{alg}{kind}.rsp");
        let records = read_kv(&file);
        for imp in impls(alg) {
            let mut count = 0;
            for mut r in read_kv(&file) {
                let bits = r.int("Len");
                let mut msg = r.hex("Msg");
                msg.truncate(bits / 8);
                let md = r.hex("MD");
                assert_eq!(r.section_int("L"), md.len(), "{r}");
                assert_eq!((imp.oneshot)(&msg), md, "{alg} {} {r}", imp.backend);
                let sizes: Vec<usize> = if kind == "ShortMsg" {
                    (1..=imp.block_len + 1).collect()
                } else {
                    vec![1, 7, 63, 64, 65, 127, 128, 129, 1000]
                };
                for n in sizes {
                    assert_eq!(
                        (imp.pieces)(&msg, n),
                        md,
                        "{alg} {} pieces of {n} {r}",
                        imp.backend
                    );
                }
                r.done();
                count += 1;
            }
            assert_eq!(count, records.len());
        }
    }
}

#[test]
fn sha2_cavp_short_msg() {
    run_msg_file("ShortMsg");
}

#[test]
fn sha2_cavp_long_msg() {
    run_msg_file("LongMsg");
}

/// SHAVS §6.4 Monte Carlo: MD0 = MD1 = MD2 = Seed; 1000 times
/// MDi = H(MDi-3 || MDi-2 || MDi-1); the last is checkpoint j and the next seed.
#[test]
fn sha2_cavp_monte() {
    for alg in ALGS {
        let file = format!("nist-cavp/sha/{alg}Monte.rsp");
        for imp in impls(alg) {
            let mut records = read_kv(&file).into_iter();
            let mut first = records.next().expect("seed record");
            let mut seed = first.hex("Seed");
            first.done();
            let mut checkpoints = 0;
            for mut r in records {
                let (mut a, mut b, mut c) = (seed.clone(), seed.clone(), seed.clone());
                let mut m = Vec::with_capacity(3 * seed.len());
                for _ in 0..1000 {
                    m.clear();
                    m.extend_from_slice(&a);
                    m.extend_from_slice(&b);
                    m.extend_from_slice(&c);
                    let next = (imp.oneshot)(&m);
                    (a, b, c) = (b, c, next);
                }
                assert_eq!(r.int("COUNT"), checkpoints, "{r}");
                assert_eq!(c, r.hex("MD"), "{alg} {} {r}", imp.backend);
                seed = c;
                r.done();
                checkpoints += 1;
            }
            assert_eq!(checkpoints, 100, "{file}");
        }
    }
}

/// Every backend agrees with portable code on lengths around block and
/// padding boundaries, one-shot and streamed in odd pieces.
#[test]
fn sha2_backends_agree_at_boundaries() {
    let data: Vec<u8> = (0..(1 << 20) + 300).map(|i| (i * 131 + 7) as u8).collect();
    let mut lens: Vec<usize> = vec![
        0, 1, 15, 16, 17, 55, 56, 63, 64, 65, 111, 112, 127, 128, 129,
    ];
    lens.extend([
        191,
        192,
        255,
        256,
        257,
        383,
        384,
        385,
        511,
        512,
        513,
        1000,
        4096,
        1 << 20,
    ]);
    for alg in ALGS {
        let all = impls(alg);
        let (soft, rest) = all.split_first().expect("soft");
        assert_eq!(soft.backend, "soft");
        for &n in &lens {
            let want = (soft.oneshot)(&data[..n]);
            assert_eq!((soft.pieces)(&data[..n], 97), want, "{alg} soft pieces {n}");
            for imp in rest {
                assert_eq!(
                    (imp.oneshot)(&data[..n]),
                    want,
                    "{alg} {} len {n}",
                    imp.backend
                );
                assert_eq!(
                    (imp.pieces)(&data[..n], 300),
                    want,
                    "{alg} {} pieces len {n}",
                    imp.backend
                );
            }
        }
    }
}

/// The default hasher (what users get) matches the portable one.
#[test]
fn sha2_default_dispatch_matches_soft() {
    let m = b"hpcrypt dispatch check";
    assert_eq!(
        Sha224::hash(m).to_vec(),
        Sha224::hash_with(Sha256Backend::Soft, m).to_vec()
    );
    assert_eq!(
        Sha256::hash(m).to_vec(),
        Sha256::hash_with(Sha256Backend::Soft, m).to_vec()
    );
    assert_eq!(
        Sha384::hash(m).to_vec(),
        Sha384::hash_with(Sha512Backend::Soft, m).to_vec()
    );
    assert_eq!(
        Sha512::hash(m).to_vec(),
        Sha512::hash_with(Sha512Backend::Soft, m).to_vec()
    );
}
