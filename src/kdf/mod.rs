//! Key derivation functions: HKDF (RFC 5869) over SHA-256, SHA-384 and SHA-512.
//!
//! ```
//! use hpcrypt::kdf::HkdfSha256;
//! let mut okm = [0u8; 32];
//! HkdfSha256::derive(b"salt", b"input key material", b"purpose", &mut okm)?;
//! # Ok::<(), hpcrypt::Error>(())
//! ```

pub mod hkdf;
pub use hkdf::{Hkdf, HkdfSha256, HkdfSha384, HkdfSha512, Prk};
