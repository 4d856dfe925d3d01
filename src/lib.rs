//! # hpcrypt
//!
//! Low-level cryptographic primitives written from scratch: SHA-2, HMAC, HKDF,
//! AES-GCM and Ed25519, behind small traits ([`hash::Hash`], [`mac::Mac`],
//! [`aead::Aead`], [`signature::Signer`]/[`signature::Verifier`]).
//!
//! Every primitive has a portable, constant-time implementation that always
//! compiles and x86-64 backends (SHA-NI, AVX2, AES-NI + PCLMULQDQ, VAES +
//! VPCLMULQDQ, 64-bit field arithmetic) chosen once at run time. [`backends`]
//! says which ones this machine uses.
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
pub mod kdf;
pub mod mac;
pub mod rand;
pub mod signature;
mod wipe;

pub use error::Error;
pub use wipe::scrub_stack;

/// What run-time dispatch chose on this machine: `(primitive, backend)` pairs.
///
/// Names are stable: `"soft"` (portable), `"sha-ni"`, `"avx2"`, and later
/// `"aesni-clmul"`, `"vaes-avx2"` and the Ed25519 field backends.
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
