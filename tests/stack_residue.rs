//! Stack residue: after an operation returns and its objects are dropped,
//! no copy of key-equivalent material may remain in the dead stack below
//! the caller (README, "Zeroization").
//!
//! Method, for every secret-holding operation on every backend this CPU has:
//! 1. zero `REGION` bytes of stack below the driver's frame;
//! 2. run the operation in its own `#[inline(never)]` function, one frame
//!    deeper than a `PAD`-byte spacer, with its secrets on the heap, and
//!    drop everything it made;
//! 3. copy the dead stack back (`snapshot`) and look for every 16-byte
//!    window of every expected secret, at every byte offset.
//!
//! The expected secrets are computed here, independently of hpcrypt: the
//! RFC 8032 expansion through the `sha2` crate, the FIPS 197 key schedule
//! written below, `H = AES_K(0^128)` through the `aes` crate that `aes-gcm`
//! re-exports, HMAC pad states through `sha2`'s bare compression functions.
//! Secrets are searched in every form an implementation is known to keep
//! them in (bytes, machine words, SHA-NI's ABEF/CDGH order, reflected and
//! twisted GHASH keys, signed radix-16 scalar digits).
//!
//! Controls: a planted copy must be found (else the scan is blind and the
//! test fails) and a no-op must find nothing (else the region was not
//! zeroed). In debug builds frames are far larger than the library's scrub
//! depths, so only the controls run there; CI runs `--release`.
//!
//! Why `unsafe` is acceptable here: `snapshot` reads stack memory below the
//! live frames, which Rust's abstract machine calls uninitialised. It is a
//! diagnostic trick, as a core dump or a read-past-end bug would do: the
//! reads are volatile byte loads from addresses inside this thread's own
//! mapped stack (the region was just written by `zero_below`), so they
//! cannot fault, and their values are only compared, never trusted. It
//! lives in this test file only; the crate itself forbids `unsafe` outside
//! arch backends.

use std::collections::HashMap;
use std::hint::black_box;

use aes_gcm::aes::cipher::{BlockEncrypt, KeyInit};
use hpcrypt::aead::{Aead, AesGcm128, AesGcm256};
use hpcrypt::backend::{AesGcmBackend, Ed25519Backend, P256Backend, Sha256Backend, Sha512Backend};
use hpcrypt::hash::{Hash, Sha256, Sha384, Sha512};
use hpcrypt::kdf::Hkdf;
use hpcrypt::mac::{Hmac, HmacKey, Mac};
use hpcrypt::signature::{Ed25519SigningKey, P256SigningKey};
use sha2::Digest as _;

/// Stack zeroed below the driver before each operation.
const REGION: usize = 192 * 1024;
/// Spacer between the driver and the operation, so that `snapshot`'s own
/// frame never lands on what the operation left.
const PAD: usize = 4096;
/// Bytes skipped right below the driver's marker (driver and snapshot frames).
const SKIP: usize = 2048;
/// Bytes scanned: well inside the zeroed region.
const SCAN: usize = REGION - 16 * 1024;
const WINDOW: usize = 16;

// ---------------------------------------------------------------------------
// The stack machinery.

#[inline(never)]
fn zero_below() {
    let z = [0u8; REGION];
    black_box(&z);
}

#[inline(never)]
fn at_depth(op: &dyn Fn()) {
    let pad = [0u8; PAD];
    black_box(&pad);
    op();
    black_box(&pad);
}

/// Copies `out.len()` bytes of dead stack ending `SKIP` bytes below `top`.
/// Makes no calls, so nothing overwrites the region while it is copied.
#[inline(never)]
fn snapshot(top: usize, out: &mut [u8]) {
    let start = top - SKIP - out.len();
    for (i, b) in out.iter_mut().enumerate() {
        let p = std::ptr::with_exposed_provenance::<u8>(start + i);
        // SAFETY (test-only diagnostic, see the module comment): `p` lies in
        // this thread's stack, below the live frames and inside the region
        // `zero_below` just wrote, so it is mapped; a volatile byte load
        // cannot be removed or reordered and its value is only compared.
        #[allow(unsafe_code)]
        {
            *b = unsafe { std::ptr::read_volatile(p) };
        }
    }
}

/// Runs `op` over freshly zeroed stack and returns what it left there.
#[inline(never)]
fn residue(op: &dyn Fn()) -> Vec<u8> {
    let mut snap = vec![0u8; SCAN];
    let marker = 0u8;
    let top = black_box(&marker as *const u8).expose_provenance();
    zero_below();
    at_depth(op);
    snapshot(top, &mut snap);
    snap
}

// ---------------------------------------------------------------------------
// Secrets and the search.

/// Named byte patterns, indexed by their 16-byte windows.
#[derive(Default)]
struct Secrets {
    windows: HashMap<[u8; WINDOW], String>,
}

impl Secrets {
    fn add(&mut self, name: &str, bytes: &[u8]) {
        for (i, w) in bytes.windows(WINDOW).enumerate() {
            // Windows of one repeated byte (padding) are not secret.
            if w.iter().all(|&b| b == w[0]) {
                continue;
            }
            self.windows
                .entry(w.try_into().unwrap())
                .or_insert_with(|| format!("{name}[{i}..]"));
        }
    }

    /// Every secret found in `snap`, with the number of hits.
    fn find(&self, snap: &[u8]) -> Vec<(String, usize)> {
        let mut hits: HashMap<&str, usize> = HashMap::new();
        let mut i = 0;
        while i + WINDOW <= snap.len() {
            let w: [u8; WINDOW] = snap[i..i + WINDOW].try_into().unwrap();
            if let Some(name) = self.windows.get(&w) {
                *hits.entry(name.as_str()).or_default() += 1;
                i += WINDOW; // count one copy once
            } else {
                i += 1;
            }
        }
        let mut v: Vec<_> = hits.into_iter().map(|(k, n)| (k.to_string(), n)).collect();
        v.sort();
        v
    }
}

/// Runs one case and returns what was found.
fn check(secrets: &Secrets, op: &dyn Fn()) -> Vec<(String, usize)> {
    // Twice: the first run may page in stack and take lazy-binding paths.
    residue(op);
    let snap = residue(op);
    if std::env::var_os("STACK_RESIDUE_DEPTH").is_some() {
        // The deepest byte written below the spacer: how far the
        // operation's frames reached (what the scrub depths are chosen from).
        let deepest = snap.iter().position(|&b| b != 0).unwrap_or(SCAN);
        eprintln!(
            "  depth below the operation's caller: {} bytes",
            SCAN - deepest + SKIP - PAD
        );
    }
    secrets.find(&snap)
}

/// The verdicts of a whole test: every case's findings.
#[derive(Default)]
struct Report {
    failures: Vec<String>,
    cases: usize,
}

impl Report {
    fn case(&mut self, name: &str, secrets: &Secrets, op: &dyn Fn()) {
        self.cases += 1;
        if std::env::var_os("STACK_RESIDUE_DEPTH").is_some() {
            eprintln!("{name}");
        }
        let found = check(secrets, op);
        if !found.is_empty() && cfg!(not(debug_assertions)) {
            self.failures.push(format!("{name}: {found:?}"));
        }
        if !found.is_empty() {
            eprintln!("residue {name}: {found:?}");
        }
    }

    fn finish(self) {
        eprintln!("{} cases, {} with residue", self.cases, self.failures.len());
        assert!(
            self.failures.is_empty(),
            "secrets left on the stack:\n{}",
            self.failures.join("\n")
        );
    }
}

/// Deterministic secret bytes, different for every label.
fn secret_bytes(label: &str, n: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(n);
    let mut ctr = 0u32;
    while out.len() < n {
        let mut h = sha2::Sha256::new();
        h.update(b"stack_residue");
        h.update(label.as_bytes());
        h.update(ctr.to_be_bytes());
        out.extend_from_slice(&h.finalize());
        ctr += 1;
    }
    out.truncate(n);
    out
}

// ---------------------------------------------------------------------------
// Controls.

#[inline(never)]
fn planted_copy(secret: &[u8]) {
    let mut local = [0u8; 64];
    local[..secret.len()].copy_from_slice(secret);
    black_box(&mut local);
}

#[test]
fn controls_planted_copy_found_noop_clean() {
    let secret = secret_bytes("control", 48);
    let mut s = Secrets::default();
    s.add("control", &secret);
    let found = check(&s, &|| planted_copy(&secret));
    assert!(
        !found.is_empty(),
        "the planted copy was not found: the scan is blind"
    );
    let found = check(&s, &|| {});
    assert!(found.is_empty(), "a no-op left secrets: {found:?}");
    // A planted copy one spacer deeper is found too (the scan reaches down).
    let found = check(&s, &|| {
        let pad = [0u8; 32 * 1024];
        black_box(&pad);
        planted_copy(&secret);
        black_box(&pad);
    });
    assert!(!found.is_empty(), "a deep planted copy was not found");
}

// ---------------------------------------------------------------------------
// SHA-2 and HMAC expectations.

fn sha256_state_after(iv: [u32; 8], block: &[u8]) -> [u32; 8] {
    let mut st = iv;
    sha2::compress256(
        &mut st,
        &[*sha2::digest::generic_array::GenericArray::from_slice(
            block,
        )],
    );
    st
}

fn sha512_state_after(iv: [u64; 8], block: &[u8]) -> [u64; 8] {
    let mut st = iv;
    sha2::compress512(
        &mut st,
        &[*sha2::digest::generic_array::GenericArray::from_slice(
            block,
        )],
    );
    st
}

const IV_256: [u32; 8] = [
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];
const IV_512: [u64; 8] = [
    0x6a09e667f3bcc908,
    0xbb67ae8584caa73b,
    0x3c6ef372fe94f82b,
    0xa54ff53a5f1d36f1,
    0x510e527fade682d1,
    0x9b05688c2b3e6c1f,
    0x1f83d9abfb41bd6b,
    0x5be0cd19137e2179,
];
const IV_384: [u64; 8] = [
    0xcbbb9d5dc1059ed8,
    0x629a292a367cd507,
    0x9159015a3070dd17,
    0x152fecd8f70e5939,
    0x67332667ffc00b31,
    0x8eb44a8768581511,
    0xdb0c2e0d64f98fa7,
    0x47b5481dbefa4fa4,
];

/// A SHA-256 chaining state in every layout an engine keeps it: words in
/// memory order, the big-endian digest bytes, and SHA-NI's ABEF/CDGH
/// registers (lane 0 = F, resp. H).
fn add_state256(s: &mut Secrets, name: &str, st: &[u32; 8]) {
    let le: Vec<u8> = st.iter().flat_map(|w| w.to_le_bytes()).collect();
    let be: Vec<u8> = st.iter().flat_map(|w| w.to_be_bytes()).collect();
    let [a, b, c, d, e, f, g, h] = *st;
    let abef: Vec<u8> = [f, e, b, a].iter().flat_map(|w| w.to_le_bytes()).collect();
    let cdgh: Vec<u8> = [h, g, d, c].iter().flat_map(|w| w.to_le_bytes()).collect();
    s.add(&format!("{name}/words"), &le);
    s.add(&format!("{name}/bytes"), &be);
    s.add(&format!("{name}/abef"), &abef);
    s.add(&format!("{name}/cdgh"), &cdgh);
}

fn add_state512(s: &mut Secrets, name: &str, st: &[u64; 8]) {
    let le: Vec<u8> = st.iter().flat_map(|w| w.to_le_bytes()).collect();
    let be: Vec<u8> = st.iter().flat_map(|w| w.to_be_bytes()).collect();
    s.add(&format!("{name}/words"), &le);
    s.add(&format!("{name}/bytes"), &be);
}

/// K0 (RFC 2104 §2): the key, or its digest when longer than a block.
/// How much of K0 (and of K0 ^ ipad / opad) to search: the key-bearing bytes
/// (the key itself, or its digest when it is longer than a block, RFC 2104
/// §2) plus half a window, so that every searched window holds at least 8
/// secret bytes. A window of one key byte and 15 bytes of zero padding would
/// match unrelated stack contents by chance (a flaky false positive).
fn k0_key_bearing(key_len: usize, block: usize, digest_len: usize) -> usize {
    let secret = if key_len > block { digest_len } else { key_len };
    (secret + WINDOW / 2).clamp(WINDOW, block)
}

fn k0(key: &[u8], block: usize, digest: impl Fn(&[u8]) -> Vec<u8>) -> Vec<u8> {
    let mut k = if key.len() > block {
        digest(key)
    } else {
        key.to_vec()
    };
    k.resize(block, 0);
    k
}

/// The secrets an HMAC-SHA-256 key leaves: K0 ^ ipad / opad (the key-bearing
/// part) and both pad states.
fn hmac256_secrets(s: &mut Secrets, name: &str, key: &[u8]) -> ([u32; 8], [u32; 8]) {
    let k = k0(key, 64, |d| sha2::Sha256::digest(d).to_vec());
    let ipad: Vec<u8> = k.iter().map(|b| b ^ 0x36).collect();
    let opad: Vec<u8> = k.iter().map(|b| b ^ 0x5c).collect();
    let used = k0_key_bearing(key.len(), 64, 32);
    s.add(&format!("{name}/key"), key);
    s.add(&format!("{name}/k0"), &k[..used]);
    s.add(&format!("{name}/ipad-block"), &ipad[..used]);
    s.add(&format!("{name}/opad-block"), &opad[..used]);
    let inner = sha256_state_after(IV_256, &ipad);
    let outer = sha256_state_after(IV_256, &opad);
    add_state256(s, &format!("{name}/inner"), &inner);
    add_state256(s, &format!("{name}/outer"), &outer);
    (inner, outer)
}

fn hmac512_secrets(s: &mut Secrets, name: &str, key: &[u8], iv: [u64; 8], out_len: usize) {
    let digest = |d: &[u8]| {
        if out_len == 64 {
            sha2::Sha512::digest(d).to_vec()
        } else {
            sha2::Sha384::digest(d).to_vec()
        }
    };
    let k = k0(key, 128, digest);
    let ipad: Vec<u8> = k.iter().map(|b| b ^ 0x36).collect();
    let opad: Vec<u8> = k.iter().map(|b| b ^ 0x5c).collect();
    let used = k0_key_bearing(key.len(), 128, out_len);
    s.add(&format!("{name}/key"), key);
    s.add(&format!("{name}/k0"), &k[..used]);
    s.add(&format!("{name}/ipad-block"), &ipad[..used]);
    s.add(&format!("{name}/opad-block"), &opad[..used]);
    add_state512(s, &format!("{name}/inner"), &sha512_state_after(iv, &ipad));
    add_state512(s, &format!("{name}/outer"), &sha512_state_after(iv, &opad));
}

fn hmac256_ref(key: &[u8], data: &[u8]) -> Vec<u8> {
    use hmac::Mac as _;
    let mut m = <hmac::Hmac<sha2::Sha256> as hmac::Mac>::new_from_slice(key).unwrap();
    m.update(data);
    m.finalize().into_bytes().to_vec()
}

// ---------------------------------------------------------------------------
// The operations under test: each in its own non-inlined function, secrets
// on the heap, everything it makes dropped before it returns.

/// Hashing a secret in pieces, finished in place (`finalize_reset`): the
/// README's rule for secret input. (`finalize(self)` moves the hasher, and
/// Rust leaves the caller's moved-from original unwiped: a caller move.)
#[inline(never)]
fn op_sha256_stream(b: Sha256Backend, secret: &[u8]) {
    let mut h = Sha256::new_with(b);
    h.update(b"api-key:");
    h.update(secret);
    black_box(h.finalize_reset());
}

#[inline(never)]
fn op_sha256_oneshot(b: Sha256Backend, secret: &[u8]) {
    black_box(Sha256::hash_with(b, secret));
}

#[inline(never)]
fn op_sha512_oneshot(b: Sha512Backend, secret: &[u8]) {
    black_box(Sha512::hash_with(b, secret));
}

#[inline(never)]
fn op_sha512_stream(b: Sha512Backend, secret: &[u8]) {
    let mut h = Sha512::new_with(b);
    h.update(b"api-key:");
    h.update(secret);
    black_box(h.finalize_reset());
}

#[inline(never)]
fn op_hmac256_key_new(b: Sha256Backend, key: &[u8]) {
    let k = HmacKey::<Sha256>::new_with(b, key);
    black_box(&k);
    // Moved into the heap, and a streaming MAC moved out of a function.
    let k = Box::new(HmacKey::<Sha256>::new_with(b, key));
    black_box(&k);
    let a = std::sync::Arc::new(k.start());
    black_box(&a);
}

/// Per-message operations leave their backends' spills unless the crate
/// scrubs every message (`scrub-messages`) or the caller scrubs, as the
/// README tells callers to: this is that call.
fn after_messages() {
    if !cfg!(feature = "scrub-messages") {
        hpcrypt::scrub_stack();
    }
}

#[inline(never)]
fn op_hmac256_key_mac_verify(k: &HmacKey<Sha256>, msg: &[u8]) {
    let tag = k.mac(msg);
    black_box(&tag);
    black_box(k.verify(msg, tag.as_ref()).is_ok());
    after_messages();
}

#[inline(never)]
fn op_hmac256_oneshot(b: Sha256Backend, key: &[u8], msg: &[u8]) {
    black_box(Hmac::<Sha256>::mac_with(b, key, msg));
}

#[inline(never)]
fn op_hmac256_stream(b: Sha256Backend, key: &[u8], msg: &[u8]) {
    let mut m = Hmac::<Sha256>::new_with(b, key);
    m.update(msg);
    black_box(m.finalize());
    let mut m = Hmac::<Sha256>::new_with(b, key);
    m.update(msg);
    black_box(m.verify(&[0u8; 32]).is_ok());
    after_messages();
}

#[inline(never)]
fn op_hmac512_key(b: Sha512Backend, key: &[u8], msg: &[u8]) {
    let k = HmacKey::<Sha512>::new_with(b, key);
    black_box(k.mac(msg));
    let k = HmacKey::<Sha384>::new_with(b, key);
    black_box(k.mac(msg));
    after_messages();
}

#[inline(never)]
fn op_hkdf256(b: Sha256Backend, salt: &[u8], ikm: &[u8], info: &[u8], okm: &mut [u8]) {
    let prk = Hkdf::<Sha256>::extract_with(b, salt, ikm);
    prk.expand(info, okm).unwrap();
    black_box(&prk);
    let prk = Box::new(Hkdf::<Sha256>::extract_with(b, salt, ikm));
    black_box(&prk);
}

#[inline(never)]
fn op_hkdf256_derive(b: Sha256Backend, salt: &[u8], ikm: &[u8], info: &[u8], okm: &mut [u8]) {
    Hkdf::<Sha256>::derive_with(b, salt, ikm, info, okm).unwrap();
}

#[inline(never)]
fn op_hkdf512(b: Sha512Backend, salt: &[u8], ikm: &[u8], info: &[u8], okm: &mut [u8]) {
    Hkdf::<Sha512>::derive_with(b, salt, ikm, info, okm).unwrap();
}

#[test]
fn sha2_and_hmac_and_hkdf_leave_no_secret() {
    let mut r = Report::default();
    let msg = secret_bytes("public message", 100);
    for b in Sha256Backend::available() {
        let n = b.name();
        // SHA-2 streaming of a secret (the API-key storage guide).
        let api = secret_bytes(&format!("api {n}"), 40);
        let mut s = Secrets::default();
        s.add("api-key", &api);
        r.case(&format!("sha256 stream [{n}]"), &s, &|| {
            op_sha256_stream(b, &api)
        });
        r.case(&format!("sha256 one-shot [{n}]"), &s, &|| {
            op_sha256_oneshot(b, &api)
        });

        for key_len in [32usize, 64, 100] {
            let key = secret_bytes(&format!("hmac {n} {key_len}"), key_len);
            let mut s = Secrets::default();
            hmac256_secrets(&mut s, "hmac256", &key);
            r.case(
                &format!("HmacKey<Sha256>::new {key_len} [{n}]"),
                &s,
                &|| op_hmac256_key_new(b, &key),
            );
            let k = Box::new(HmacKey::<Sha256>::new_with(b, &key));
            r.case(
                &format!("HmacKey<Sha256>::mac+verify {key_len} [{n}]"),
                &s,
                &|| op_hmac256_key_mac_verify(&k, &msg),
            );
            drop(k);
            r.case(&format!("Hmac<Sha256>::mac {key_len} [{n}]"), &s, &|| {
                op_hmac256_oneshot(b, &key, &msg)
            });
            r.case(&format!("Hmac<Sha256> stream {key_len} [{n}]"), &s, &|| {
                op_hmac256_stream(b, &key, &msg)
            });
        }

        // HKDF: PRK, its pad states, every T(i), and the IKM.
        for (okm_len, info_len) in [(32usize, 16usize), (42, 10), (255 * 32, 30), (100, 300)] {
            let salt = secret_bytes(&format!("salt {n}"), 16);
            let ikm = secret_bytes(&format!("ikm {n} {okm_len}"), 32);
            let info = secret_bytes("info", info_len);
            let prk = hmac256_ref(&salt, &ikm);
            let mut s = Secrets::default();
            s.add("ikm", &ikm);
            s.add("prk", &prk);
            hmac256_secrets(&mut s, "prk-hmac", &prk);
            let mut expected = vec![0u8; okm_len];
            hkdf::Hkdf::<sha2::Sha256>::from_prk(&prk)
                .unwrap()
                .expand(&info, &mut expected)
                .unwrap();
            // T(i) beyond the first: the caller's OKM is on the heap, so
            // every block is a copy of derived key material.
            s.add("okm", &expected);
            let okm = std::cell::RefCell::new(vec![0u8; okm_len]);
            r.case(
                &format!("HKDF-SHA-256 extract+expand {okm_len}/{info_len} [{n}]"),
                &s,
                &|| op_hkdf256(b, &salt, &ikm, &info, &mut okm.borrow_mut()),
            );
            assert_eq!(*okm.borrow(), expected);
            r.case(
                &format!("HKDF-SHA-256 derive {okm_len}/{info_len} [{n}]"),
                &s,
                &|| op_hkdf256_derive(b, &salt, &ikm, &info, &mut okm.borrow_mut()),
            );
        }
    }
    for b in Sha512Backend::available() {
        let n = b.name();
        let api = secret_bytes(&format!("api512 {n}"), 40);
        let mut s = Secrets::default();
        s.add("api-key", &api);
        r.case(&format!("sha512 stream [{n}]"), &s, &|| {
            op_sha512_stream(b, &api)
        });
        r.case(&format!("sha512 one-shot [{n}]"), &s, &|| {
            op_sha512_oneshot(b, &api)
        });
        for key_len in [48usize, 200] {
            let key = secret_bytes(&format!("hmac512 {n} {key_len}"), key_len);
            let mut s = Secrets::default();
            hmac512_secrets(&mut s, "hmac512", &key, IV_512, 64);
            hmac512_secrets(&mut s, "hmac384", &key, IV_384, 48);
            r.case(&format!("HmacKey<Sha512/384> {key_len} [{n}]"), &s, &|| {
                op_hmac512_key(b, &key, &msg)
            });
        }
        let salt = secret_bytes(&format!("salt512 {n}"), 16);
        let ikm = secret_bytes(&format!("ikm512 {n}"), 64);
        let prk = {
            use hmac::Mac as _;
            let mut m = <hmac::Hmac<sha2::Sha512> as hmac::Mac>::new_from_slice(&salt).unwrap();
            m.update(&ikm);
            m.finalize().into_bytes().to_vec()
        };
        let mut s = Secrets::default();
        s.add("ikm", &ikm);
        s.add("prk", &prk);
        hmac512_secrets(&mut s, "prk-hmac", &prk, IV_512, 64);
        let mut expected = vec![0u8; 300];
        hkdf::Hkdf::<sha2::Sha512>::from_prk(&prk)
            .unwrap()
            .expand(b"ctx", &mut expected)
            .unwrap();
        s.add("okm", &expected);
        let okm = std::cell::RefCell::new(vec![0u8; 300]);
        r.case(&format!("HKDF-SHA-512 derive 300 [{n}]"), &s, &|| {
            op_hkdf512(b, &salt, &ikm, b"ctx", &mut okm.borrow_mut())
        });
        assert_eq!(*okm.borrow(), expected);
    }
    r.finish();
}

// ---------------------------------------------------------------------------
// Ed25519 expectations (RFC 8032 §5.1.5, §5.1.6) and operations.

/// L = 2^252 + 27742317777372353535851937790883648493, little-endian words.
const L: [u64; 4] = [
    0x5812631a5cf5d3ed,
    0x14def9dea2f79cd6,
    0x0000000000000000,
    0x1000000000000000,
];

/// `x mod L` for a little-endian integer of any length.
fn mod_l(x: &[u8]) -> [u8; 32] {
    mod_m(x, &L)
}

/// `x mod m` (m < 2^256) for a little-endian integer of any length, by
/// shift-and-subtract (slow and obviously right), as little-endian bytes.
fn mod_m(x: &[u8], m: &[u64; 4]) -> [u8; 32] {
    let m5 = [m[0], m[1], m[2], m[3], 0];
    let mut r = [0u64; 5];
    for byte in x.iter().rev() {
        for bit in (0..8).rev() {
            // r = 2r + bit
            let mut carry = u64::from((byte >> bit) & 1);
            for w in r.iter_mut() {
                let next = *w >> 63;
                *w = (*w << 1) | carry;
                carry = next;
            }
            // if r >= m: r -= m
            let ge = (0..5)
                .rev()
                .find(|&i| r[i] != m5[i])
                .is_none_or(|i| r[i] > m5[i]);
            if ge {
                let mut borrow = 0u64;
                for (w, l) in r.iter_mut().zip(m5) {
                    let (d, b1) = w.overflowing_sub(l);
                    let (d, b2) = d.overflowing_sub(borrow);
                    *w = d;
                    borrow = u64::from(b1 || b2);
                }
            }
        }
    }
    let mut out = [0u8; 32];
    for (i, w) in r[..4].iter().enumerate() {
        out[8 * i..8 * i + 8].copy_from_slice(&w.to_le_bytes());
    }
    out
}

/// Signed radix-16 digits in [-8, 8) (the fixed-base multiplication's
/// recoding of a scalar), as bytes.
fn radix16(s: &[u8; 32]) -> Vec<u8> {
    let mut d = [0i8; 64];
    for (i, b) in s.iter().enumerate() {
        d[2 * i] = (b & 15) as i8;
        d[2 * i + 1] = (b >> 4) as i8;
    }
    for i in 0..63 {
        let carry = (d[i] + 8) >> 4;
        d[i] -= carry << 4;
        d[i + 1] += carry;
    }
    d.iter().map(|&x| x as u8).collect()
}

fn add_scalar(s: &mut Secrets, name: &str, x: &[u8; 32]) {
    s.add(name, x);
    s.add(&format!("{name}/radix16"), &radix16(x));
}

#[inline(never)]
fn op_ed25519_from_bytes(b: Ed25519Backend, seed: &[u8; 32]) {
    let k = Ed25519SigningKey::from_bytes_with(b, seed);
    black_box(&k);
}

#[inline(never)]
fn op_ed25519_boxed(b: Ed25519Backend, seed: &[u8; 32]) {
    let k = Box::new(Ed25519SigningKey::from_bytes_with(b, seed));
    black_box(&k);
    let v = vec![Ed25519SigningKey::from_bytes_with(b, seed)];
    black_box(&v);
    let a = std::sync::Arc::new(Ed25519SigningKey::from_bytes_with(b, seed));
    black_box(&a);
}

#[inline(never)]
fn op_ed25519_sign(b: Ed25519Backend, k: &Ed25519SigningKey, msgs: &[Vec<u8>]) {
    for m in msgs {
        black_box(k.sign_with(b, m));
    }
}

/// Key export to the caller's (wiped-on-drop) buffers: the seed may reach
/// only the returned value, never a dead frame of the exporter.
#[inline(never)]
fn op_ed25519_export(k: &Ed25519SigningKey, form: usize) {
    match form {
        0 => {
            black_box(&k.to_keypair_bytes());
        }
        1 => {
            black_box(&k.to_jwk());
        }
        _ => {
            black_box(&k.to_pkcs8_v2_der().unwrap());
        }
    }
}

#[test]
fn ed25519_leaves_no_secret() {
    let mut r = Report::default();
    for b in Ed25519Backend::available() {
        let n = b.name();
        let seed: Box<[u8; 32]> =
            Box::new(secret_bytes(&format!("ed {n}"), 32).try_into().unwrap());
        let h = sha2::Sha512::digest(&seed[..]);
        let mut s_bytes: [u8; 32] = h[..32].try_into().unwrap();
        s_bytes[0] &= 248;
        s_bytes[31] &= 127;
        s_bytes[31] |= 64;
        let prefix: [u8; 32] = h[32..].try_into().unwrap();
        let mut s = Secrets::default();
        s.add("seed", &seed[..]);
        add_scalar(&mut s, "s", &s_bytes);
        add_scalar(&mut s, "s mod L", &mod_l(&s_bytes));
        s.add("prefix", &prefix);
        r.case(&format!("Ed25519SigningKey::from_bytes [{n}]"), &s, &|| {
            op_ed25519_from_bytes(b, &seed)
        });
        r.case(
            &format!("Ed25519SigningKey into Box/Vec/Arc [{n}]"),
            &s,
            &|| op_ed25519_boxed(b, &seed),
        );

        let msgs: Vec<Vec<u8>> = (0..5)
            .map(|i| secret_bytes(&format!("msg {i}"), 10 + 70 * i))
            .collect();
        let mut s2 = Secrets::default();
        s2.add("seed", &seed[..]);
        add_scalar(&mut s2, "s", &s_bytes);
        add_scalar(&mut s2, "s mod L", &mod_l(&s_bytes));
        s2.add("prefix", &prefix);
        for (i, m) in msgs.iter().enumerate() {
            let mut hr = sha2::Sha512::new();
            hr.update(prefix);
            hr.update(m);
            let r_wide = hr.finalize();
            s2.add(&format!("r_wide[{i}]"), &r_wide);
            add_scalar(&mut s2, &format!("r[{i}]"), &mod_l(&r_wide));
        }
        let key = Box::new(Ed25519SigningKey::from_bytes_with(b, &seed));
        r.case(&format!("Ed25519SigningKey::sign x5 [{n}]"), &s2, &|| {
            op_ed25519_sign(b, &key, &msgs)
        });
        for (form, name) in ["to_keypair_bytes", "to_jwk", "to_pkcs8_v2_der"]
            .iter()
            .enumerate()
        {
            r.case(&format!("Ed25519SigningKey::{name} [{n}]"), &s, &|| {
                op_ed25519_export(&key, form)
            });
        }
    }
    r.finish();
}

// ---------------------------------------------------------------------------
// P-256 expectations (FIPS 186-5 §6.4.1, RFC 6979 §3.2) and operations.

/// n, the order of the P-256 base point, little-endian words.
const N256: [u64; 4] = [
    0xf3b9cac2fc632551,
    0xbce6faada7179e84,
    0xffffffffffffffff,
    0xffffffff00000000,
];

/// `x mod n` for a little-endian integer of any length.
fn mod_n256(x: &[u8]) -> [u8; 32] {
    mod_m(x, &N256)
}

/// The fixed-base multiplication's recoding of a little-endian scalar
/// (`p256/table.rs`): 37 signed 7-bit digits in [−63, 64], as bytes.
fn signed_7bit_digits(le: &[u8; 32]) -> Vec<u8> {
    let bit = |i: usize| -> i32 {
        if i < 256 {
            i32::from((le[i / 8] >> (i % 8)) & 1)
        } else {
            0
        }
    };
    let mut out = Vec::new();
    let mut carry = 0;
    for j in 0..37 {
        let w: i32 = (0..7).map(|b| bit(7 * j + b) << b).sum::<i32>() + carry;
        carry = i32::from(w > 64);
        out.push((w - 128 * carry) as i8 as u8);
    }
    out
}

/// A scalar in every form the signer keeps it: big-endian bytes,
/// little-endian words, Montgomery form (x·2^256 mod n), signed 7-bit
/// digits.
fn add_p256_scalar(s: &mut Secrets, name: &str, be: &[u8; 32]) {
    let mut le = *be;
    le.reverse();
    s.add(name, be);
    s.add(&format!("{name}/le"), &le);
    let mut shifted = vec![0u8; 32];
    shifted.extend_from_slice(&le);
    s.add(&format!("{name}/mont"), &mod_n256(&shifted));
    s.add(&format!("{name}/digits"), &signed_7bit_digits(&le));
}

/// The RFC 6979 §3.2 nonce for key `d` and message `msg` (HMAC-SHA-256
/// through the `hmac` crate), with the DRBG's K and V after it.
fn rfc6979_k(d: &[u8; 32], msg: &[u8]) -> ([u8; 32], [u8; 32], [u8; 32]) {
    use hmac::Mac as _;
    let hm = |key: &[u8], parts: &[&[u8]]| -> [u8; 32] {
        let mut m = <hmac::Hmac<sha2::Sha256> as hmac::Mac>::new_from_slice(key).unwrap();
        for p in parts {
            m.update(p);
        }
        m.finalize().into_bytes().into()
    };
    let h1: [u8; 32] = sha2::Sha256::digest(msg).into();
    let mut h_le = h1;
    h_le.reverse();
    let mut h_mod = mod_n256(&h_le);
    h_mod.reverse();
    let (mut k, mut v) = ([0u8; 32], [1u8; 32]);
    k = hm(&k, &[&v, &[0], d, &h_mod]);
    v = hm(&k, &[&v]);
    k = hm(&k, &[&v, &[1], d, &h_mod]);
    v = hm(&k, &[&v]);
    v = hm(&k, &[&v]);
    (v, k, v) // the first candidate is accepted except with probability 2^-32
}

#[inline(never)]
fn op_p256_from_bytes(b: P256Backend, d: &[u8; 32]) {
    let k = P256SigningKey::from_bytes_with(b, d).unwrap();
    black_box(&k);
}

#[inline(never)]
fn op_p256_sign(b: P256Backend, k: &P256SigningKey, msgs: &[Vec<u8>]) {
    for m in msgs {
        black_box(k.sign_with(b, m));
    }
}

#[test]
fn p256_leaves_no_secret() {
    let mut r = Report::default();
    for b in P256Backend::available() {
        let n = b.name();
        let mut d: [u8; 32] = secret_bytes(&format!("p256 {n}"), 32).try_into().unwrap();
        d[0] &= 0x7f; // below n
        let d = Box::new(d);
        let mut s = Secrets::default();
        add_p256_scalar(&mut s, "d", &d);
        r.case(&format!("P256SigningKey::from_bytes [{n}]"), &s, &|| {
            op_p256_from_bytes(b, &d)
        });
        let msgs: Vec<Vec<u8>> = (0..3)
            .map(|i| secret_bytes(&format!("p256 msg {i}"), 10 + 70 * i))
            .collect();
        for (i, m) in msgs.iter().enumerate() {
            let (k, drbg_k, drbg_v) = rfc6979_k(&d, m);
            add_p256_scalar(&mut s, &format!("k[{i}]"), &k);
            s.add(&format!("drbg K[{i}]"), &drbg_k);
            s.add(&format!("drbg V[{i}]"), &drbg_v);
        }
        let key = Box::new(P256SigningKey::from_bytes_with(b, &d).unwrap());
        r.case(&format!("P256SigningKey::sign x3 [{n}]"), &s, &|| {
            op_p256_sign(b, &key, &msgs)
        });
    }
    r.finish();
}

// ---------------------------------------------------------------------------
// AES-GCM expectations (FIPS 197 §5.2, SP 800-38D §6.4) and operations.

/// The AES S-box, from its definition (FIPS 197 §5.1.1): the inverse in
/// GF(2^8) followed by the affine map.
fn sbox() -> [u8; 256] {
    let mul = |mut a: u8, mut b: u8| {
        let mut p = 0u8;
        while b != 0 {
            if b & 1 != 0 {
                p ^= a;
            }
            let hi = a & 0x80;
            a <<= 1;
            if hi != 0 {
                a ^= 0x1b;
            }
            b >>= 1;
        }
        p
    };
    let mut sb = [0u8; 256];
    for (x, out) in sb.iter_mut().enumerate() {
        let inv = (1..=255u8).find(|&y| mul(x as u8, y) == 1).unwrap_or(0);
        let mut v = inv;
        let mut r = inv;
        for _ in 0..4 {
            v = v.rotate_left(1);
            r ^= v;
        }
        *out = r ^ 0x63;
    }
    sb
}

/// FIPS 197 §5.2 KeyExpansion: the round keys as bytes.
fn key_schedule(key: &[u8]) -> Vec<[u8; 16]> {
    let sb = sbox();
    let nk = key.len() / 4;
    let nr = nk + 6;
    let mut w: Vec<[u8; 4]> = key.chunks(4).map(|c| c.try_into().unwrap()).collect();
    let mut rcon = 1u8;
    for i in nk..4 * (nr + 1) {
        let mut t = w[i - 1];
        if i % nk == 0 {
            t = [
                sb[t[1] as usize] ^ rcon,
                sb[t[2] as usize],
                sb[t[3] as usize],
                sb[t[0] as usize],
            ];
            rcon = (rcon << 1) ^ if rcon & 0x80 != 0 { 0x1b } else { 0 };
        } else if nk > 6 && i % nk == 4 {
            t = t.map(|b| sb[b as usize]);
        }
        let prev = w[i - nk];
        w.push([
            prev[0] ^ t[0],
            prev[1] ^ t[1],
            prev[2] ^ t[2],
            prev[3] ^ t[3],
        ]);
    }
    w.chunks(4)
        .map(|c| {
            let mut rk = [0u8; 16];
            for (j, word) in c.iter().enumerate() {
                rk[4 * j..4 * j + 4].copy_from_slice(word);
            }
            rk
        })
        .collect()
}

/// GF(2^128) product in GCM's bit order (SP 800-38D §6.3, Algorithm 1).
fn gf_mul(x: u128, y: u128) -> u128 {
    let r = 0xe1u128 << 120;
    let (mut z, mut v) = (0u128, y);
    for i in 0..128 {
        if (x >> (127 - i)) & 1 == 1 {
            z ^= v;
        }
        v = if v & 1 == 1 { (v >> 1) ^ r } else { v >> 1 };
    }
    z
}

/// H and its powers in every form the GHASH implementations keep them:
/// the block, byte-reflected, and twisted (`H·x^-1`, reflected), each also
/// with its 64-bit halves swapped.
fn add_ghash_key(s: &mut Secrets, h: [u8; 16]) {
    let h = u128::from_be_bytes(h);
    let mut p = h;
    for i in 1..=16 {
        let refl = u128::from_le_bytes(p.to_be_bytes());
        let carry = 0u128.wrapping_sub(refl >> 127);
        let twisted = (refl << 1) ^ (carry & 0xC200_0000_0000_0000_0000_0000_0000_0001);
        for (form, v) in [
            ("block", p.to_be_bytes()),
            ("reflected", refl.to_le_bytes()),
            ("twisted", twisted.to_le_bytes()),
        ] {
            let mut swapped = [0u8; 16];
            swapped[..8].copy_from_slice(&v[8..]);
            swapped[8..].copy_from_slice(&v[..8]);
            s.add(&format!("H^{i}/{form}"), &v);
            s.add(&format!("H^{i}/{form}/swapped"), &swapped);
        }
        // The portable GHASH's Karatsuba layout: high and low 64-bit halves
        // of the twisted key, their XOR, and the bit reversals of all three
        // (twisting the block value or its reflection: both conventions).
        for (form, x) in [("block", p), ("reflected", refl)] {
            let carry = 0u128.wrapping_sub(x >> 127);
            let t = (x << 1) ^ (carry & 0xC200_0000_0000_0000_0000_0000_0000_0001);
            let (h1, h0) = ((t >> 64) as u64, t as u64);
            let h2 = h0 ^ h1;
            let words = [
                h1,
                h0,
                h2,
                h1.reverse_bits(),
                h0.reverse_bits(),
                h2.reverse_bits(),
            ];
            let karatsuba: Vec<u8> = words.iter().flat_map(|w| w.to_le_bytes()).collect();
            s.add(&format!("H^{i}/{form}/karatsuba"), &karatsuba);
            s.add(&format!("H^{i}/{form}/twisted-u128"), &t.to_le_bytes());
        }
        p = gf_mul(p, h);
    }
}

fn aes_secrets(key: &[u8]) -> Secrets {
    let mut s = Secrets::default();
    s.add("key", key);
    for (i, rk) in key_schedule(key).iter().enumerate() {
        s.add(&format!("rk[{i}]"), rk);
    }
    let mut block = aes_gcm::aes::Block::default();
    match key.len() {
        16 => aes_gcm::aes::Aes128::new_from_slice(key)
            .unwrap()
            .encrypt_block(&mut block),
        _ => aes_gcm::aes::Aes256::new_from_slice(key)
            .unwrap()
            .encrypt_block(&mut block),
    }
    add_ghash_key(&mut s, block.into());
    s
}

#[inline(never)]
fn op_aes256_new(b: AesGcmBackend, key: &[u8; 32]) {
    let c = AesGcm256::new_with(b, key);
    black_box(&c);
}

#[inline(never)]
fn op_aes128_new(b: AesGcmBackend, key: &[u8; 16]) {
    let c = AesGcm128::new_with(b, key);
    black_box(&c);
}

#[inline(never)]
fn op_aes256_boxed(b: AesGcmBackend, key: &[u8; 32]) {
    let c = Box::new(AesGcm256::new_with(b, key));
    black_box(&c);
    let v = vec![AesGcm256::new_with(b, key)];
    black_box(&v);
    let a = std::sync::Arc::new(AesGcm256::new_with(b, key));
    black_box(&a);
}

#[inline(never)]
fn op_aes256_seal_open(c: &AesGcm256, buf: &mut [u8]) {
    let nonce = [7u8; 12];
    let tag = c.encrypt_in_place_detached(&nonce, b"aad", buf).unwrap();
    c.decrypt_in_place_detached(&nonce, b"aad", buf, &tag)
        .unwrap();
    // A long nonce goes through GHASH, a forged tag through the reject path.
    let tag = c.encrypt_in_place_detached(&[9u8; 20], b"", buf).unwrap();
    black_box(
        c.decrypt_in_place_detached(&[9u8; 20], b"", buf, &[0u8; 16])
            .is_err(),
    );
    black_box(tag);
    after_messages();
}

#[test]
fn aes_gcm_leaves_no_secret() {
    let mut r = Report::default();
    for b in AesGcmBackend::available() {
        let n = b.name();
        let key: Box<[u8; 32]> =
            Box::new(secret_bytes(&format!("aes256 {n}"), 32).try_into().unwrap());
        let s = aes_secrets(&key[..]);
        r.case(&format!("AesGcm256::new [{n}]"), &s, &|| {
            op_aes256_new(b, &key)
        });
        r.case(&format!("AesGcm256 into Box/Vec/Arc [{n}]"), &s, &|| {
            op_aes256_boxed(b, &key)
        });
        let key128: Box<[u8; 16]> =
            Box::new(secret_bytes(&format!("aes128 {n}"), 16).try_into().unwrap());
        let s128 = aes_secrets(&key128[..]);
        r.case(&format!("AesGcm128::new [{n}]"), &s128, &|| {
            op_aes128_new(b, &key128)
        });

        let cipher = Box::new(AesGcm256::new_with(b, &key));
        for len in [16usize, 1024, 5000] {
            let buf = std::cell::RefCell::new(vec![0x42u8; len]);
            r.case(&format!("AesGcm256 seal+open {len} [{n}]"), &s, &|| {
                op_aes256_seal_open(&cipher, &mut buf.borrow_mut())
            });
        }
    }
    r.finish();
}

/// The expectations themselves are right: FIPS 197 Appendix A.3's last
/// round key, H for the all-zero AES-128 key (SP 800-38D test case 1's
/// GHASH key), RFC 4231 test case 1 through the pad states, and the scalar
/// helpers' invariants.
#[test]
fn expectations_match_the_specs() {
    let k =
        hex::decode("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4").unwrap();
    assert_eq!(
        hex::encode(key_schedule(&k)[14]),
        "fe4890d1e6188d0b046df344706c631e"
    );
    let k128 = hex::decode("2b7e151628aed2a6abf7158809cf4f3c").unwrap();
    assert_eq!(
        hex::encode(key_schedule(&k128)[10]),
        "d014f9a8c9ee2589e13f0cc8b6630ca6"
    );
    let mut block = aes_gcm::aes::Block::default();
    aes_gcm::aes::Aes128::new_from_slice(&[0u8; 16])
        .unwrap()
        .encrypt_block(&mut block);
    assert_eq!(hex::encode(block), "66e94bd4ef8a2c3b884cfa59ca342b2e");
    // GF(2^128): 1 (the bit-reflected x^0) is the identity.
    let one = 1u128 << 127;
    assert_eq!(gf_mul(one, 0x1234), 0x1234);

    // RFC 4231 test case 1 finished from our pad states: the states are right.
    let key = [0x0bu8; 20];
    let mut s = Secrets::default();
    let (inner, outer) = hmac256_secrets(&mut s, "t", &key);
    let mut block = b"Hi There".to_vec();
    block.push(0x80);
    block.resize(56, 0);
    block.extend_from_slice(&((64 + 8) * 8u64).to_be_bytes());
    let inner_digest = sha256_state_after(inner, &block);
    let mut block: Vec<u8> = inner_digest.iter().flat_map(|w| w.to_be_bytes()).collect();
    block.push(0x80);
    block.resize(56, 0);
    block.extend_from_slice(&((64 + 32) * 8u64).to_be_bytes());
    let tag: Vec<u8> = sha256_state_after(outer, &block)
        .iter()
        .flat_map(|w| w.to_be_bytes())
        .collect();
    assert_eq!(
        hex::encode(&tag),
        "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
    );
    assert_eq!(hmac256_ref(&key, b"Hi There"), tag);

    // s mod L is below L and congruent (L itself reduces to zero).
    let mut l_bytes = [0u8; 32];
    for (i, w) in L.iter().enumerate() {
        l_bytes[8 * i..8 * i + 8].copy_from_slice(&w.to_le_bytes());
    }
    assert_eq!(mod_l(&l_bytes), [0u8; 32]);
    let mut l_plus_5 = l_bytes;
    l_plus_5[0] += 5;
    let mut five = [0u8; 32];
    five[0] = 5;
    assert_eq!(mod_l(&l_plus_5), five);
    // Signed radix-16 digits recombine to the scalar.
    let x = mod_l(&[0xa7u8; 32]);
    let digits = radix16(&x);
    let mut acc = 0i128;
    for &d in digits[..30].iter().rev() {
        acc = acc * 16 + i128::from(d as i8);
    }
    let low = u128::from_le_bytes(x[..16].try_into().unwrap()) & ((1u128 << 120) - 1);
    assert_eq!(acc.rem_euclid(1i128 << 120), low as i128);
}

/// What a scrub costs here (run with `--ignored --nocapture`): the number
/// behind the per-message depths in `src/wipe.rs`.
#[test]
#[ignore]
fn scrub_cost() {
    let n = 1_000_000u32;
    for _ in 0..3 {
        let t = std::time::Instant::now();
        for _ in 0..n {
            hpcrypt::scrub_stack();
        }
        let per = t.elapsed().as_nanos() as f64 / f64::from(n);
        eprintln!("scrub_stack (16 KiB): {per:.1} ns");
    }
}
