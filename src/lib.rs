//! # hpcrypt
//!
//! Low-level cryptographic primitives written from scratch: SHA-2, HMAC, HKDF,
//! AES-GCM and Ed25519, behind small traits ([`hash::Hash`], [`mac::Mac`],
//! [`aead::Aead`], [`signature::Signer`]/[`signature::Verifier`]).
//!
//! Every primitive has a portable, constant-time implementation that always
//! compiles, and x86-64 backends (SHA-NI, AVX2, AES-NI + PCLMULQDQ, VAES +
//! VPCLMULQDQ, AVX-512 IFMA for Ed25519) chosen once at run time. [`backends`]
//! says which ones this machine uses.
//!
//! | module | what | example |
//! | --- | --- | --- |
//! | [`hash`] | SHA-224/256/384/512 | `Sha256::hash(data)` → 32-byte [`hash::Digest`] |
//! | [`mac`] | HMAC over each SHA-2 | `HmacSha256::mac(key, data)` → 32-byte [`mac::Tag`] |
//! | [`kdf`] | HKDF over each SHA-2 | `HkdfSha256::derive(salt, ikm, info, &mut okm)` |
//! | [`aead`] | AES-128/256-GCM | `AesGcm256::new(&key).encrypt(&nonce, pt, aad)` → `ct ‖ tag` |
//! | [`signature`] | Ed25519 | `Ed25519SigningKey::from_bytes(&seed).sign(msg)` → 64 bytes |
//! | [`rand`] | the OS RNG | `rand::random_bytes::<32>()` |
//! | [`ct`] | constant-time comparison | `ct::constant_time_eq(a, b)` |
//!
//! Every fallible call returns [`Error`]; none panics on caller input.
//!
//! ```
//! use hpcrypt::hash::{Hash, Sha256};
//! let digest = Sha256::hash(b"hello");
//! assert_eq!(&digest.to_hex()[..8], "2cf24dba");
//! ```
//!
//! Security policy: no branch, index or table lookup depends on a secret in
//! portable code; secrets are zeroized on drop, and the stack that key setup,
//! signing, derivation and each AEAD/MAC message used is scrubbed before
//! return (registers and the caller's own copies cannot be reached; README,
//! "Zeroization"); no public function panics on caller input.
//! The crate has not been audited; see `SECURITY.md` for how to report a
//! vulnerability, and the README for how each promise is tested.
#![no_std]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![deny(unsafe_code)]
#![deny(unsafe_op_in_unsafe_fn)]
#![warn(missing_docs, rust_2018_idioms)]
#![warn(clippy::undocumented_unsafe_blocks)]
#![cfg_attr(
    not(test),
    warn(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

#[cfg(feature = "alloc")]
extern crate alloc;
#[cfg(any(feature = "std", test))]
extern crate std;

pub mod aead;
pub mod backend;
mod bytes;
mod cpu;
pub mod ct;
mod error;
pub mod hash;
#[cfg(feature = "jsonwebtoken")]
#[cfg_attr(docsrs, doc(cfg(feature = "jsonwebtoken")))]
pub mod jwt;
pub mod kdf;
pub mod mac;
#[cfg(feature = "getrandom")]
pub mod rand;
#[cfg(feature = "serde")]
mod serde_impl;
pub mod signature;
mod wipe;

pub use error::Error;
pub use wipe::scrub_stack;

/// The README's Rust snippets, compiled and run by `cargo test` (doctests) so
/// that the quick start cannot drift from the API.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

/// What run-time dispatch chose on this machine: `(primitive, backend)` pairs.
///
/// Primitives: `"sha224"`, `"sha256"`, `"sha384"`, `"sha512"` (HMAC and
/// HKDF run on these), `"aes-gcm"`, `"ed25519"`, `"p256"`. Backend names are stable:
/// `"soft"` (portable, every target), `"sha-ni"` (SHA-224/256), `"avx2"`
/// (SHA-384/512, and Ed25519), `"aesni-clmul"` and `"vaes-avx2"` (AES-GCM),
/// `"bmi2"` (Ed25519, P-256) and `"avx512-ifma"` (Ed25519); on aarch64 `"arm-sha2"`,
/// `"arm-sha512"` and `"arm-aes-pmull"`.
///
/// ```
/// for (primitive, backend) in hpcrypt::backends() {
///     println!("{primitive:10} {backend}");
/// }
/// assert!(hpcrypt::backends().any(|(p, _)| p == "sha256"));
/// ```
pub fn backends() -> impl Iterator<Item = (&'static str, &'static str)> {
    backend::chosen().into_iter()
}
