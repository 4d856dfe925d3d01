//! Secrets in key documents leave no copy in freed heap memory (rule 4),
//! on the error paths and the "wrong reader" paths too: a private JWK or
//! PEM given to the public-key reader, a private JWK of another curve, a
//! private block given to the reader of the other format, a block whose
//! body is not one DER value. One module per key type below.
//!
//! The global allocator scans every block as it is freed for the test
//! secrets (the Ed25519 seed of RFC 8037 Appendix A.1 = RFC 8032 §7.1 test
//! 1, the P-256 scalar of RFC 7515 Appendix A.3), raw and as the JWK's
//! base64url `d`; a test passes when no freed block held any of them.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};

use zeroize::Zeroizing;

/// RFC 8037 Appendix A.1 `d`, decoded.
const ED25519_SEED: [u8; 32] = [
    0x9d, 0x61, 0xb1, 0x9d, 0xef, 0xfd, 0x5a, 0x60, 0xba, 0x84, 0x4a, 0xf4, 0x92, 0xec, 0x2c, 0xc4,
    0x44, 0x49, 0xc5, 0x69, 0x7b, 0x32, 0x69, 0x19, 0x70, 0x3b, 0xac, 0x03, 0x1c, 0xae, 0x7f, 0x60,
];
/// RFC 8037 Appendix A.1 `d`.
const ED25519_D: &str = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A";

/// RFC 7515 Appendix A.3.1 `d`, decoded.
const P256_SCALAR: [u8; 32] = [
    0x8e, 0x9b, 0x10, 0x9e, 0x71, 0x90, 0x98, 0xbf, 0x98, 0x04, 0x87, 0xdf, 0x1f, 0x5d, 0x77, 0xe9,
    0xcb, 0x29, 0x60, 0x6e, 0xbe, 0xd2, 0x26, 0x3b, 0x5f, 0x57, 0xc2, 0x13, 0xdf, 0x84, 0xf4, 0xb2,
];
/// RFC 7515 Appendix A.3.1 `d`.
const P256_D: &str = "jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI";

/// Halves, so that a block holding either half of a secret counts.
const NEEDLES: [&[u8]; 8] = [
    ED25519_SEED.split_at(16).0,
    ED25519_SEED.split_at(16).1,
    ED25519_D.as_bytes().split_at(21).0,
    ED25519_D.as_bytes().split_at(21).1,
    P256_SCALAR.split_at(16).0,
    P256_SCALAR.split_at(16).1,
    P256_D.as_bytes().split_at(21).0,
    P256_D.as_bytes().split_at(21).1,
];

static ARMED: AtomicBool = AtomicBool::new(false);
static HITS: AtomicUsize = AtomicUsize::new(0);
/// One test at a time holds secrets while the scan is armed.
static SERIAL: Mutex<()> = Mutex::new(());

struct ScanOnFree;

// SAFETY: allocation is `System`'s, zero-filled so that every byte of a
// block is initialised when `dealloc` reads it; `dealloc` reads only the
// block it is about to free, live for `layout.size()` bytes per
// GlobalAlloc's contract, and then frees it with `System`.
unsafe impl GlobalAlloc for ScanOnFree {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's layout, forwarded (GlobalAlloc::alloc).
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if ARMED.load(Ordering::SeqCst) {
            // SAFETY: `ptr` is a live, zero-initialised allocation of
            // `layout.size()` bytes until it is freed below.
            let block = unsafe { std::slice::from_raw_parts(ptr, layout.size()) };
            if NEEDLES
                .iter()
                .any(|n| block.windows(n.len()).any(|w| w == *n))
            {
                HITS.fetch_add(1, Ordering::SeqCst);
            }
        }
        // SAFETY: allocated by `System` with this layout (GlobalAlloc::dealloc).
        unsafe { System.dealloc(ptr, layout) }
    }
    // `realloc` is GlobalAlloc's default: alloc, copy, and `dealloc` above,
    // so the block a reallocation leaves behind is scanned too.
}

#[global_allocator]
static SCAN: ScanOnFree = ScanOnFree;

fn serial() -> MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|e| e.into_inner())
}

/// A named case of [`freed_copies`].
type Case<'a> = (&'static str, Box<dyn FnOnce() + 'a>);

/// Runs `f` with the scan armed; the number of freed blocks that held the
/// secret.
fn freed_copies(f: impl FnOnce()) -> usize {
    HITS.store(0, Ordering::SeqCst);
    ARMED.store(true, Ordering::SeqCst);
    f();
    ARMED.store(false, Ordering::SeqCst);
    HITS.load(Ordering::SeqCst)
}

#[test]
fn the_scan_sees_an_unwiped_copy() {
    let _g = serial();
    for (d, secret) in [(ED25519_D, ED25519_SEED), (P256_D, P256_SCALAR)] {
        assert_eq!(freed_copies(|| drop(d.to_string())), 1);
        assert_eq!(freed_copies(|| drop(secret.to_vec())), 1);
        assert_eq!(freed_copies(|| drop(Zeroizing::new(secret.to_vec()))), 0);
    }
}

/// Ed25519 keys: PKCS#8 v1/v2 DER and PEM, JWK (RFC 8037), keypair bytes.
mod ed25519 {
    use super::{freed_copies, serial, Case, ED25519_D as D, ED25519_SEED as SEED};
    use hpcrypt::signature::{Ed25519SigningKey, Ed25519VerifyingKey, LineEnding};
    use zeroize::Zeroizing;

    fn key() -> Ed25519SigningKey {
        Ed25519SigningKey::from_bytes(&SEED)
    }

    /// The private JWK, wiped on drop like everything else holding the seed.
    fn private_jwk() -> Zeroizing<String> {
        let jwk = key().to_jwk();
        assert!(jwk.contains(D), "RFC 8037 A.1 d");
        jwk
    }

    fn private_pem() -> Zeroizing<String> {
        key().to_pkcs8_pem(LineEnding::LF).unwrap()
    }

    #[test]
    fn reading_and_writing_leave_no_copy() {
        let _g = serial();
        let (jwk, pem) = (private_jwk(), private_pem());
        let v2 = key().to_pkcs8_v2_der().unwrap();
        let k = key();
        let cases: [Case; 7] = [
            (
                "from_jwk",
                Box::new(|| drop(Ed25519SigningKey::from_jwk(&jwk).unwrap())),
            ),
            (
                "from_pkcs8_pem",
                Box::new(|| drop(Ed25519SigningKey::from_pkcs8_pem(&pem).unwrap())),
            ),
            (
                "from_pkcs8_der",
                Box::new(|| drop(Ed25519SigningKey::from_pkcs8_der(v2.as_bytes()).unwrap())),
            ),
            ("to_jwk", Box::new(|| drop(k.to_jwk()))),
            (
                "to_pkcs8_pem",
                Box::new(|| drop(k.to_pkcs8_pem(LineEnding::CRLF).unwrap())),
            ),
            (
                "to_pkcs8_v2_der",
                Box::new(|| drop(k.to_pkcs8_v2_der().unwrap())),
            ),
            ("to_keypair_bytes", Box::new(|| drop(k.to_keypair_bytes()))),
        ];
        for (name, f) in cases {
            assert_eq!(freed_copies(f), 0, "{name}");
        }
    }

    /// RFC 8037 §2 lets a public-key reader take a private JWK (it reads `x`
    /// only); `d` is still wiped.
    #[test]
    fn a_private_jwk_read_as_public_leaves_no_d() {
        let _g = serial();
        let jwk = private_jwk();
        assert_eq!(
            freed_copies(|| assert!(Ed25519VerifyingKey::from_jwk(&jwk).is_ok())),
            0
        );
    }

    /// A private JWK of another curve (an X25519 key, say) is refused, and its
    /// `d` is wiped on the way out.
    #[test]
    fn a_refused_private_jwk_leaves_no_d() {
        let _g = serial();
        let jwk = private_jwk();
        for (from, to) in [
            ("Ed25519", "X25519"),
            ("OKP", "EC"),
            ("\"crv\"", "\"curve\""),
        ] {
            let other = Zeroizing::new(jwk.replace(from, to));
            assert_eq!(
                freed_copies(|| assert!(Ed25519SigningKey::from_jwk(&other).is_err())),
                0,
                "{from} -> {to}"
            );
            assert_eq!(
                freed_copies(|| assert!(Ed25519VerifyingKey::from_jwk(&other).is_err())),
                0,
                "{from} -> {to}"
            );
        }
    }

    /// A `PRIVATE KEY` block handed to the public-key reader, or one whose body
    /// has bytes after the DER, is refused without leaving the seed behind.
    #[test]
    fn a_refused_private_pem_leaves_no_seed() {
        let _g = serial();
        let pem = private_pem();
        assert_eq!(
            freed_copies(|| assert!(Ed25519VerifyingKey::from_public_key_pem(&pem).is_err())),
            0
        );
        let longer = Zeroizing::new(pem.replace("\n-----END", "\nAAAA\n-----END"));
        assert_eq!(
            freed_copies(|| assert!(Ed25519SigningKey::from_pkcs8_pem(&longer).is_err())),
            0
        );
    }
}

/// P-256 keys: PKCS#8, SEC 1 `EC PRIVATE KEY` DER and PEM, JWK (RFC 7518 §6.2).
mod p256 {
    use super::{freed_copies, serial, Case, P256_D as D, P256_SCALAR as SEED};
    use hpcrypt::signature::{LineEnding, P256SigningKey, P256VerifyingKey};
    use zeroize::Zeroizing;

    fn key() -> P256SigningKey {
        P256SigningKey::from_bytes(&SEED).unwrap()
    }

    /// The private JWK, wiped on drop like everything else holding the scalar.
    fn private_jwk() -> Zeroizing<String> {
        let jwk = key().to_jwk();
        assert!(jwk.contains(D), "RFC 7515 A.3.1 d");
        jwk
    }

    #[test]
    fn reading_and_writing_leave_no_copy() {
        let _g = serial();
        let jwk = private_jwk();
        let pkcs8_pem = key().to_pkcs8_pem(LineEnding::LF).unwrap();
        let sec1_pem = key().to_sec1_pem(LineEnding::LF).unwrap();
        let pkcs8 = key().to_pkcs8_der().unwrap();
        let sec1 = key().to_sec1_der().unwrap();
        let k = key();
        let cases: [Case; 10] = [
            (
                "from_jwk",
                Box::new(|| drop(P256SigningKey::from_jwk(&jwk).unwrap())),
            ),
            (
                "from_pkcs8_pem",
                Box::new(|| drop(P256SigningKey::from_pkcs8_pem(&pkcs8_pem).unwrap())),
            ),
            (
                "from_sec1_pem",
                Box::new(|| drop(P256SigningKey::from_sec1_pem(&sec1_pem).unwrap())),
            ),
            (
                "from_pkcs8_der",
                Box::new(|| drop(P256SigningKey::from_pkcs8_der(pkcs8.as_bytes()).unwrap())),
            ),
            (
                "from_sec1_der",
                Box::new(|| drop(P256SigningKey::from_sec1_der(sec1.as_bytes()).unwrap())),
            ),
            ("to_jwk", Box::new(|| drop(k.to_jwk()))),
            (
                "to_pkcs8_pem",
                Box::new(|| drop(k.to_pkcs8_pem(LineEnding::CRLF).unwrap())),
            ),
            (
                "to_sec1_pem",
                Box::new(|| drop(k.to_sec1_pem(LineEnding::LF).unwrap())),
            ),
            ("to_pkcs8_der", Box::new(|| drop(k.to_pkcs8_der().unwrap()))),
            ("to_sec1_der", Box::new(|| drop(k.to_sec1_der().unwrap()))),
        ];
        for (name, f) in cases {
            assert_eq!(freed_copies(f), 0, "{name}");
        }
    }

    /// A public-key reader may take a private JWK (it reads `x`, `y` only);
    /// `d` is still wiped.
    #[test]
    fn a_private_jwk_read_as_public_leaves_no_d() {
        let _g = serial();
        let jwk = private_jwk();
        assert_eq!(
            freed_copies(|| assert!(P256VerifyingKey::from_jwk(&jwk).is_ok())),
            0
        );
    }

    /// A private JWK of another curve or key type is refused, and its `d` is
    /// wiped on the way out.
    #[test]
    fn a_refused_private_jwk_leaves_no_d() {
        let _g = serial();
        let jwk = private_jwk();
        for (from, to) in [
            ("P-256", "P-384"),
            ("\"EC\"", "\"OKP\""),
            ("\"crv\"", "\"curve\""),
        ] {
            let other = Zeroizing::new(jwk.replace(from, to));
            assert_eq!(
                freed_copies(|| assert!(P256SigningKey::from_jwk(&other).is_err())),
                0,
                "{from} -> {to}"
            );
            assert_eq!(
                freed_copies(|| assert!(P256VerifyingKey::from_jwk(&other).is_err())),
                0,
                "{from} -> {to}"
            );
        }
    }

    /// Private PEM blocks handed to the wrong reader, or with bytes after the
    /// DER, are refused without leaving the scalar behind.
    #[test]
    fn a_refused_private_pem_leaves_no_scalar() {
        let _g = serial();
        let pkcs8 = key().to_pkcs8_pem(LineEnding::LF).unwrap();
        let sec1 = key().to_sec1_pem(LineEnding::LF).unwrap();
        for pem in [&pkcs8, &sec1] {
            assert_eq!(
                freed_copies(|| assert!(P256VerifyingKey::from_public_key_pem(pem).is_err())),
                0
            );
        }
        assert_eq!(
            freed_copies(|| assert!(P256SigningKey::from_sec1_pem(&pkcs8).is_err())),
            0
        );
        assert_eq!(
            freed_copies(|| assert!(P256SigningKey::from_pkcs8_pem(&sec1).is_err())),
            0
        );
        for pem in [&pkcs8, &sec1] {
            let longer = Zeroizing::new(pem.replace("\n-----END", "\nAAAA\n-----END"));
            assert_eq!(
                freed_copies(|| {
                    assert!(P256SigningKey::from_pkcs8_pem(&longer).is_err());
                    assert!(P256SigningKey::from_sec1_pem(&longer).is_err());
                }),
                0
            );
        }
    }
}
