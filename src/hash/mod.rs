//! SHA-2 hash functions (FIPS 180-4): SHA-224, SHA-256, SHA-384, SHA-512.
//!
//! Each hasher picks its backend once, in [`Hash::new`], and keeps it:
//! SHA-NI for SHA-224/256 and an AVX2 message schedule for SHA-384/512 where the
//! CPU has them, portable code everywhere else. All backends give identical
//! results; the tests run every official vector through each one.
//!
//! ```
//! use hpcrypt::hash::{Hash, Sha256};
//!
//! // One-shot.
//! let digest = Sha256::hash(b"abc");
//! assert_eq!(
//!     digest.to_hex(),
//!     "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
//! );
//!
//! // Streaming gives the same answer.
//! let mut h = Sha256::new();
//! h.update(b"a");
//! h.update(b"bc");
//! assert_eq!(h.finalize(), digest);
//! ```

pub(crate) mod block_hash;
#[cfg(feature = "digest")]
pub mod digest_impl;
pub(crate) mod md;
pub mod sha256;
pub mod sha512;

pub use crate::bytes::Digest;
pub use block_hash::BlockHash;
pub use sha256::{Sha224, Sha256};
pub use sha512::{Sha384, Sha512};

/// A cryptographic hash function.
///
/// `Clone` copies the whole state (HMAC uses that to reuse precomputed pad
/// states); dropping a hasher wipes its state and buffered input.
///
/// ```
/// use hpcrypt::hash::{Hash, Sha512};
/// fn fingerprint<H: Hash>(data: &[u8]) -> H::Output { H::hash(data) }
/// assert_eq!(fingerprint::<Sha512>(b"x").as_ref().len(), Sha512::OUTPUT_LEN);
/// ```
pub trait Hash: Clone + Default {
    /// Digest length in bytes.
    const OUTPUT_LEN: usize;
    /// Block length in bytes (the HMAC pad length).
    const BLOCK_LEN: usize;
    /// The digest type.
    type Output: AsRef<[u8]> + Copy + Eq + core::fmt::Debug;

    /// A fresh hasher, using the fastest backend this CPU supports.
    ///
    /// ```
    /// use hpcrypt::hash::{Hash, Sha256};
    /// let h = Sha256::new();
    /// assert_eq!(h.finalize(), Sha256::hash(b""));
    /// ```
    fn new() -> Self;

    /// Absorbs `data`. Any split of the input gives the same digest.
    ///
    /// ```
    /// use hpcrypt::hash::{Hash, Sha384};
    /// let mut h = Sha384::new();
    /// for chunk in b"a long message in pieces".chunks(5) {
    ///     h.update(chunk);
    /// }
    /// assert_eq!(h.finalize(), Sha384::hash(b"a long message in pieces"));
    /// ```
    fn update(&mut self, data: &[u8]);

    /// Pads, finishes and returns the digest ([`OUTPUT_LEN`](Self::OUTPUT_LEN)
    /// bytes).
    ///
    /// ```
    /// use hpcrypt::hash::{Hash, Sha224};
    /// let mut h = Sha224::new();
    /// h.update(b"abc");
    /// assert_eq!(h.finalize().len(), 28);
    /// ```
    fn finalize(self) -> Self::Output;

    /// Hashes `data` in one call.
    ///
    /// ```
    /// use hpcrypt::hash::{Hash, Sha512};
    /// let d = Sha512::hash(b"abc");
    /// assert_eq!(&d.to_hex()[..16], "ddaf35a193617aba");
    /// ```
    fn hash(data: &[u8]) -> Self::Output {
        let mut h = Self::new();
        h.update(data);
        h.finalize()
    }
}

/// Defines a public hasher type over an engine (`sha256::Engine`,
/// `sha512::Engine`) that produces `$full` bytes of state, truncated to `$out`.
macro_rules! define_hasher {
    ($(#[$doc:meta])* $name:ident, $engine:ty, $backend:ty, $iv:expr, $out:literal, $block:literal) => {
        $(#[$doc])*
        #[derive(Clone)]
        pub struct $name($engine);

        impl $name {
            /// Hashes `data` in one call, with no trait to import (the same
            /// as [`Hash::hash`](crate::hash::Hash::hash)).
            ///
            /// ```
            #[doc = concat!("use hpcrypt::hash::", stringify!($name), ";")]
            #[doc = concat!("let digest = ", stringify!($name), "::hash(b\"abc\");")]
            #[doc = concat!("assert_eq!(digest.len(), ", stringify!($out), ");")]
            /// ```
            #[inline]
            pub fn hash(data: &[u8]) -> $crate::hash::Digest<$out> {
                Self::hash_with(<$backend>::detect(), data)
            }

            /// A hasher that uses `backend`, for tests, benches and fuzzing.
            /// Backends come only from `available()`, so this cannot select
            /// one the CPU lacks.
            #[doc(hidden)]
            pub fn new_with(backend: $backend) -> Self {
                Self(<$engine>::new($iv, backend))
            }

            /// One-shot hash through a chosen backend.
            #[doc(hidden)]
            pub fn hash_with(backend: $backend, data: &[u8]) -> $crate::hash::Digest<$out> {
                truncate(<$engine>::oneshot($iv, backend, data))
            }

            /// The backend this hasher runs on.
            #[doc(hidden)]
            pub fn backend(&self) -> $backend {
                self.0.backend()
            }

            /// Finishes in place: returns the digest and leaves a fresh
            /// hasher, the state and buffered input wiped.
            ///
            /// Use it when the input is secret (an API key hashed in
            /// pieces): [`Hash::finalize`]($crate::hash::Hash::finalize) takes the hasher by value, and
            /// that move can leave the caller's original, with the buffered
            /// tail of the input, in its dead stack frame.
            ///
            /// ```
            #[doc = concat!("use hpcrypt::hash::{Hash, ", stringify!($name), "};")]
            #[doc = concat!("let mut h = ", stringify!($name), "::new();")]
            /// h.update(b"sk_live_");
            /// h.update(b"secret");
            #[doc = concat!("assert_eq!(h.finalize_reset(), ", stringify!($name), "::hash(b\"sk_live_secret\"));")]
            #[doc = concat!("assert_eq!(h.finalize_reset(), ", stringify!($name), "::hash(b\"\"));")]
            /// ```
            #[inline]
            pub fn finalize_reset(&mut self) -> $crate::hash::Digest<$out> {
                let out = truncate(self.0.finalize());
                let backend = self.0.backend();
                self.0.clear();
                self.0 = <$engine>::new($iv, backend);
                out
            }
        }

        impl Default for $name {
            fn default() -> Self {
                <Self as $crate::hash::Hash>::new()
            }
        }

        /// Shows only the type and backend: the state depends on the input.
        impl core::fmt::Debug for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.debug_struct(stringify!($name))
                    .field("backend", &self.0.backend())
                    .finish_non_exhaustive()
            }
        }

        impl $crate::hash::Hash for $name {
            const OUTPUT_LEN: usize = $out;
            const BLOCK_LEN: usize = $block;
            type Output = $crate::hash::Digest<$out>;

            #[inline]
            fn new() -> Self {
                Self::new_with(<$backend>::detect())
            }

            #[inline]
            fn update(&mut self, data: &[u8]) {
                self.0.update(data)
            }

            /// Finishes in place and wipes before the hasher is dropped;
            /// always inlined, so the by-value `self` is the caller's own
            /// hasher, not a copy of its buffered input.
            #[inline(always)]
            fn finalize(mut self) -> Self::Output {
                let out = truncate(self.0.finalize());
                self.0.clear();
                out
            }

            #[inline]
            fn hash(data: &[u8]) -> Self::Output {
                Self::hash_with(<$backend>::detect(), data)
            }
        }

        impl zeroize::ZeroizeOnDrop for $name {}
    };
}
pub(crate) use define_hasher;

/// The leftmost `N` bytes of a full state (SHA-224 and SHA-384 are truncations).
#[inline(always)]
pub(crate) fn truncate<const F: usize, const N: usize>(full: [u8; F]) -> Digest<N> {
    let mut out = [0u8; N];
    out.copy_from_slice(&full[..N]);
    Digest::from_bytes(out)
}
