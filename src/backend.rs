//! Backend registry, for tests, benches, fuzzing and the speed example.
//!
//! Each primitive's backend enum lives beside its code; this module lists
//! them in one place. `available()` on each enum yields only backends the CPU
//! supports, so nothing here can hand out an unsound choice.
#![doc(hidden)]

pub use crate::aead::aes_gcm::AesGcmBackend;
pub use crate::cpu::FORCE_SOFT;
pub use crate::hash::sha256::Sha256Backend;
pub use crate::hash::sha512::Sha512Backend;
pub use crate::signature::ed25519::Ed25519Backend;
pub use crate::signature::p256::P256Backend;

/// The feature lists each accelerated backend detects; each must equal the
/// `#[target_feature(enable = ...)]` list of its entry function (checked in
/// `tests/backends.rs`). `(backend name, source file, features)`.
#[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
pub use crate::cpu::FEATURE_LISTS;

/// The default choice for each primitive.
pub(crate) fn chosen() -> [(&'static str, &'static str); 7] {
    let sha256 = Sha256Backend::detect().name();
    let sha512 = Sha512Backend::detect().name();
    [
        ("sha224", sha256),
        ("sha256", sha256),
        ("sha384", sha512),
        ("sha512", sha512),
        ("aes-gcm", AesGcmBackend::detect().name()),
        ("ed25519", crate::signature::ed25519::backend_name()),
        ("p256", crate::signature::p256::backend_name()),
    ]
}
