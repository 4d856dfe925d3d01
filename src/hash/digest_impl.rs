//! RustCrypto `digest` 0.11 traits for SHA-224/256/384/512 (feature
//! `digest`).
//!
//! Two levels, as the `digest` crate defines them:
//! - the hashers themselves implement `Update`, `FixedOutput`,
//!   `FixedOutputReset`, `Reset`, `HashMarker`, `OutputSizeUser` and
//!   `BlockSizeUser`, so the blanket `digest::Digest` (and `DynDigest`)
//!   applies: [`Sha256`] drops into code generic over `D: Digest`, and into
//!   `hmac::SimpleHmac<D>` / `hkdf::SimpleHkdf<D>`;
//! - [`Sha2Core`] is the block-level core (`UpdateCore`, `FixedOutputCore`,
//!   eager block buffer) and the hashers are its `CoreProxy`, which is what
//!   `digest::block_api::EagerHash` asks for: `hmac::Hmac<Sha256>` and
//!   `hkdf::Hkdf<Sha256>` work too, and run on the same backends
//!   (SHA-NI, AVX2) as [`Hash`];
//! - `const_oid::AssociatedOid` (digest's `oid` feature) gives each its
//!   NIST object identifier (RFC 5754 §2), which code that builds
//!   `AlgorithmIdentifier`s (PKCS#1 v1.5 `DigestInfo`, X.509) asks for.
//!
//! ```
//! use digest::Digest;
//! fn fingerprint<D: Digest>(data: &[u8]) -> Vec<u8> {
//!     D::digest(data).to_vec()
//! }
//! let d = fingerprint::<hpcrypt::hash::Sha256>(b"abc");
//! assert_eq!(d, hpcrypt::hash::Sha256::hash(b"abc").as_ref());
//! ```

use super::{BlockHash, Hash, Sha224, Sha256, Sha384, Sha512};
use core::fmt;
use digest::block_api::{
    AlgorithmName, BlockSizeUser, Buffer, BufferKindUser, CoreProxy, Eager, FixedOutputCore,
    UpdateCore,
};
use digest::common::Block;
use digest::const_oid::{AssociatedOid, ObjectIdentifier};
use digest::consts::{U128, U28, U32, U48, U64};
use digest::{FixedOutput, FixedOutputReset, HashMarker, Output, OutputSizeUser, Reset, Update};
use zeroize::Zeroize;

/// The block-level SHA-2 core that `digest::block_api` and `hmac::Hmac`
/// drive: the chaining state, how many bytes went into it, and the backend.
/// Partial blocks live in the caller's `Buffer`, not here.
///
/// The state follows secret key blocks inside HMAC, so it is wiped on drop.
///
/// ```
/// use digest::block_api::{CoreProxy, FixedOutputCore};
/// use hpcrypt::hash::{digest_impl::Sha2Core, Sha256};
/// let core = Sha2Core::<Sha256>::default();
/// let sha = <Sha256 as CoreProxy>::compose(core, Default::default());
/// assert_eq!(digest::Digest::finalize(sha)[..], Sha256::hash(b"")[..]);
/// ```
pub struct Sha2Core<H: BlockHash> {
    backend: H::Backend,
    state: H::State,
    /// Bytes compressed into `state` (a multiple of the block length).
    compressed: u64,
}

impl<H: BlockHash> Sha2Core<H> {
    /// The core of `hasher` (its buffered tail is returned separately by
    /// [`CoreProxy::decompose`]).
    fn of(hasher: &H) -> Self {
        let (backend, state, compressed, _) = hasher.parts();
        Self {
            backend,
            state,
            compressed,
        }
    }
}

impl<H: BlockHash> Default for Sha2Core<H> {
    /// The IV on the fastest backend this CPU has.
    fn default() -> Self {
        Self::of(&H::new())
    }
}

impl<H: BlockHash> Clone for Sha2Core<H> {
    fn clone(&self) -> Self {
        Self {
            backend: self.backend,
            state: self.state,
            compressed: self.compressed,
        }
    }
}

impl<H: BlockHash> Drop for Sha2Core<H> {
    fn drop(&mut self) {
        self.state.zeroize();
    }
}

impl<H: BlockHash> zeroize::ZeroizeOnDrop for Sha2Core<H> {}

/// Shows the backend only: the state may follow a key block.
impl<H: BlockHash> fmt::Debug for Sha2Core<H> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sha2Core")
            .field("backend", &self.backend)
            .finish_non_exhaustive()
    }
}

impl<H: BlockHash> HashMarker for Sha2Core<H> {}

/// Ties a hasher to its `typenum` sizes and implements both levels.
macro_rules! impl_digest {
    ($name:ident, $out:ty, $block:ty, $alg:literal, $oid:literal) => {
        impl HashMarker for $name {}

        /// id-sha* under NIST's hashAlgs arc (RFC 5754 §2).
        impl AssociatedOid for $name {
            const OID: ObjectIdentifier = ObjectIdentifier::new_unwrap($oid);
        }

        impl OutputSizeUser for $name {
            type OutputSize = $out;
        }

        impl BlockSizeUser for $name {
            type BlockSize = $block;
        }

        impl Update for $name {
            #[inline]
            fn update(&mut self, data: &[u8]) {
                Hash::update(self, data)
            }
        }

        impl FixedOutput for $name {
            #[inline]
            fn finalize_into(self, out: &mut Output<Self>) {
                out.copy_from_slice(Hash::finalize(self).as_ref());
            }
        }

        impl Reset for $name {
            fn reset(&mut self) {
                *self = <Self as Hash>::new();
            }
        }

        impl FixedOutputReset for $name {
            fn finalize_into_reset(&mut self, out: &mut Output<Self>) {
                let done = core::mem::take(self);
                out.copy_from_slice(Hash::finalize(done).as_ref());
            }
        }

        impl AlgorithmName for $name {
            fn write_alg_name(f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str($alg)
            }
        }

        impl OutputSizeUser for Sha2Core<$name> {
            type OutputSize = $out;
        }

        impl BlockSizeUser for Sha2Core<$name> {
            type BlockSize = $block;
        }

        impl BufferKindUser for Sha2Core<$name> {
            type BufferKind = Eager;
        }

        impl AlgorithmName for Sha2Core<$name> {
            fn write_alg_name(f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str($alg)
            }
        }

        impl UpdateCore for Sha2Core<$name> {
            /// Whole blocks straight into the backend: a hasher resumed
            /// from this state with an empty buffer compresses them all.
            #[inline]
            fn update_blocks(&mut self, blocks: &[Block<Self>]) {
                let mut h = <$name>::resume(self.backend, &self.state, self.compressed);
                Hash::update(&mut h, Block::<Self>::slice_as_flattened(blocks));
                *self = Self::of(&h);
            }
        }

        impl FixedOutputCore for Sha2Core<$name> {
            /// FIPS 180-4 padding of the buffered tail, through the same
            /// `finish_from` that one-shot hashing and HMAC use. The tail is
            /// consumed: the buffer is left empty, as the padding of
            /// RustCrypto's own cores leaves it (`hmac` expects that).
            #[inline]
            fn finalize_fixed_core(&mut self, buffer: &mut Buffer<Self>, out: &mut Output<Self>) {
                let digest = <$name>::finish_from(
                    self.backend,
                    &self.state,
                    buffer.get_data(),
                    self.compressed,
                );
                buffer.reset();
                out.copy_from_slice(digest.as_ref());
            }
        }

        impl CoreProxy for $name {
            type Core = Sha2Core<$name>;

            fn compose(core: Self::Core, buffer: Buffer<Self::Core>) -> Self {
                let mut h = <$name>::resume(core.backend, &core.state, core.compressed);
                Hash::update(&mut h, buffer.get_data());
                h
            }

            fn decompose(self) -> (Self::Core, Buffer<Self::Core>) {
                let (_, _, _, tail) = self.parts();
                // The tail is always shorter than a block, so this is `Ok`.
                let buffer = Buffer::<Self::Core>::try_new(tail).unwrap_or_default();
                (Sha2Core::of(&self), buffer)
            }
        }
    };
}

impl_digest!(Sha224, U28, U64, "SHA-224", "2.16.840.1.101.3.4.2.4");
impl_digest!(Sha256, U32, U64, "SHA-256", "2.16.840.1.101.3.4.2.1");
impl_digest!(Sha384, U48, U128, "SHA-384", "2.16.840.1.101.3.4.2.2");
impl_digest!(Sha512, U64, U128, "SHA-512", "2.16.840.1.101.3.4.2.3");
