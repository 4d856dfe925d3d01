//! [`BlockHash`]: the SHA-2 hooks that HMAC and HKDF drive directly.
//!
//! HMAC (RFC 2104) hashes `(K0 ^ ipad) || message` and `(K0 ^ opad) || inner`,
//! where each pad is exactly one block. A precomputed HMAC key therefore only
//! needs the two chaining states after those blocks; each message then costs
//! the message blocks, one padding block and one outer block, with no buffer
//! in between. These hooks expose exactly that and nothing more: a state
//! after one block, a finish from a state, and a streaming hasher resumed from
//! a state. They do not change how SHA-2 hashes anything (`tests/sha2.rs`).

use super::Hash;

pub(crate) mod sealed {
    /// Keeps [`BlockHash`](super::BlockHash) implemented by this crate only.
    pub trait Sealed {}
}

/// A [`Hash`] whose compression function HMAC and HKDF can drive directly.
///
/// Implemented by [`Sha224`](super::Sha224), [`Sha256`](super::Sha256),
/// [`Sha384`](super::Sha384) and [`Sha512`](super::Sha512); sealed, because
/// the hooks below only make sense for a Merkle–Damgård hash whose chaining
/// state is the whole state. The hooks are crate internals (hidden from the
/// docs); users only name the trait in bounds, e.g. `Hmac<H: BlockHash>`.
///
/// ```
/// use hpcrypt::hash::{BlockHash, Sha256};
/// fn takes<H: BlockHash>() -> usize { H::OUTPUT_LEN }
/// assert_eq!(takes::<Sha256>(), 32);
/// ```
pub trait BlockHash: Hash + sealed::Sealed {
    /// The backend enum of the engine (`Sha256Backend`, `Sha512Backend`).
    #[doc(hidden)]
    // The auto-trait bounds here and on `State` keep these hidden types out of
    // the public pages' auto-trait impls (rustdoc prints what it cannot prove).
    type Backend: Copy
        + Eq
        + core::fmt::Debug
        + Send
        + Sync
        + Unpin
        + core::panic::UnwindSafe
        + core::panic::RefUnwindSafe
        + 'static;

    /// The chaining state (eight words); a secret when it follows a key block.
    #[doc(hidden)]
    type State: Copy
        + Default
        + zeroize::Zeroize
        + Send
        + Sync
        + Unpin
        + core::panic::UnwindSafe
        + core::panic::RefUnwindSafe
        + 'static;

    /// The fastest backend this CPU supports (what [`Hash::new`] uses).
    #[doc(hidden)]
    fn detect() -> Self::Backend;

    /// Writes the digest of `data` into `out[..OUTPUT_LEN]` (`out` must be
    /// at least `OUTPUT_LEN` long) and wipes the temporary it came from.
    #[doc(hidden)]
    fn hash_into(backend: Self::Backend, data: &[u8], out: &mut [u8]);

    /// Writes into `state` the chaining state after compressing exactly one
    /// block from the IV (in place: a pad state is key-equivalent, so it is
    /// never returned by value). `block.len()` must be `BLOCK_LEN`.
    #[doc(hidden)]
    fn state_after_block(backend: Self::Backend, block: &[u8], state: &mut Self::State);

    /// The digest of `prefix || data`, where `state` is the chaining state
    /// after the `prior_len` bytes of `prefix` (a multiple of `BLOCK_LEN`).
    /// Whole blocks of `data` go straight to the backend; only the tail is
    /// copied for padding. The working copy of `state` is wiped.
    #[doc(hidden)]
    fn finish_from(
        backend: Self::Backend,
        state: &Self::State,
        data: &[u8],
        prior_len: u64,
    ) -> Self::Output;

    /// HMAC's two finishing hashes (RFC 2104 steps 5 and 8): the tag of
    /// `data` given the inner and outer pad states, i.e.
    /// `H(outer prefix || H(inner prefix || data))` with one-block prefixes.
    /// The SHA-NI backend does both in one call.
    #[doc(hidden)]
    fn hmac_finish(
        backend: Self::Backend,
        inner: &Self::State,
        outer: &Self::State,
        data: &[u8],
    ) -> Self::Output;

    /// A streaming hasher that continues from `state` after `prior_len`
    /// bytes (a multiple of `BLOCK_LEN`).
    #[doc(hidden)]
    fn resume(backend: Self::Backend, state: &Self::State, prior_len: u64) -> Self;

    /// The inverse of [`resume`](Self::resume) plus an update: the backend,
    /// the chaining state, the bytes compressed into it (a multiple of
    /// `BLOCK_LEN`) and the buffered tail. The `digest` block-level core
    /// (`hash::digest_impl`) is built on it.
    #[doc(hidden)]
    fn parts(&self) -> (Self::Backend, Self::State, u64, &[u8]);

    /// Pads and finishes in place, writes the digest into
    /// `out[..OUTPUT_LEN]`, and wipes the state and buffered input: the
    /// by-reference form of [`Hash::finalize`], which moves the hasher.
    #[doc(hidden)]
    fn finalize_into(&mut self, out: &mut [u8]);

    /// Overwrites a digest that held derived key material (a PRK, a T(i))
    /// with zeros, in a way the optimiser keeps.
    #[doc(hidden)]
    fn wipe_output(out: &mut Self::Output);
}

/// Implements [`BlockHash`] for a hasher defined with `define_hasher!` over
/// an engine with `oneshot`, `state_after_block`, `finish_from`,
/// `hmac_finish` and `resume` hooks.
macro_rules! impl_block_hash {
    ($name:ident, $backend:ty, $state:ty, $iv:expr, $out:literal) => {
        impl $crate::hash::block_hash::sealed::Sealed for $name {}

        impl $crate::hash::BlockHash for $name {
            type Backend = $backend;
            type State = $state;

            #[inline(always)]
            fn detect() -> $backend {
                <$backend>::detect()
            }

            #[inline(always)]
            fn hash_into(backend: $backend, data: &[u8], out: &mut [u8]) {
                let mut full = Engine::oneshot($iv, backend, data);
                if let Some(dst) = out.get_mut(..$out) {
                    dst.copy_from_slice(&full[..$out]);
                }
                $crate::wipe::wipe(&mut full);
            }

            #[inline(always)]
            fn state_after_block(backend: $backend, block: &[u8], state: &mut $state) {
                Engine::state_after_block($iv, backend, block, state)
            }

            #[inline(always)]
            fn finish_from(
                backend: $backend,
                state: &$state,
                data: &[u8],
                prior_len: u64,
            ) -> $crate::hash::Digest<$out> {
                truncate(Engine::finish_from(state, backend, data, prior_len))
            }

            #[inline(always)]
            fn hmac_finish(
                backend: $backend,
                inner: &$state,
                outer: &$state,
                data: &[u8],
            ) -> $crate::hash::Digest<$out> {
                truncate(Engine::hmac_finish(inner, outer, backend, data, $out))
            }

            #[inline(always)]
            fn resume(backend: $backend, state: &$state, prior_len: u64) -> Self {
                Self(Engine::resume(state, backend, prior_len))
            }

            #[inline(always)]
            fn finalize_into(&mut self, out: &mut [u8]) {
                let mut full = self.0.finalize();
                if let Some(dst) = out.get_mut(..$out) {
                    dst.copy_from_slice(&full[..$out]);
                }
                $crate::wipe::wipe(&mut full);
                self.0.clear();
            }

            #[inline(always)]
            fn wipe_output(out: &mut $crate::hash::Digest<$out>) {
                *out = $crate::hash::Digest::from_bytes([0u8; $out]);
                core::hint::black_box(out);
            }

            #[inline(always)]
            fn parts(&self) -> ($backend, $state, u64, &[u8]) {
                let tail = self.0.buffer.tail();
                let compressed = self.0.buffer.total().wrapping_sub(tail.len() as u64);
                (self.0.backend, self.0.state, compressed, tail)
            }
        }
    };
}
pub(crate) use impl_block_hash;
