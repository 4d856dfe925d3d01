//! Wiping secrets: buffers we own, key material we hold, and the dead stack
//! an operation leaves behind.
//!
//! Three tools, one rule each (README, "Zeroization"):
//! - [`wipe`] clears a buffer we own before it goes out of scope.
//!   `zeroize` writes element by element through volatile stores, which is
//!   right for `Drop` impls but costs tens of nanoseconds on a 128-byte
//!   padding block that a one-shot hash fills on every call. Here the buffer
//!   is cleared with ordinary (vectorised) stores and then handed to
//!   `black_box`, which the optimiser must treat as a read, so the stores
//!   cannot be removed as dead.
//! - [`Held`] keeps long-lived key material (AES-GCM key schedules, Ed25519
//!   expanded keys, HMAC pad states) at one address: with `alloc` on the
//!   heap, so that moving the owning object (into a `Box`, `Vec`, `Arc`, a
//!   struct field, or out of a function) copies a pointer, never the key.
//! - [`scrubbed`] runs an operation one frame down and then overwrites the
//!   `N` bytes of stack below the caller: copies that Rust makes and we
//!   cannot name (by-value temporaries, register spills in backend frames,
//!   arrays returned from finishers) die there. `N` is measured per
//!   operation (`tests/stack_residue.rs` prints the depth with
//!   `STACK_RESIDUE_DEPTH=1`) and chosen with a margin.
//!
//! None of this reaches copies in registers, copies the caller makes
//! itself, or pages the OS swaps out.

use zeroize::DefaultIsZeroes;

/// Overwrites `buf` with zeros in a way the optimiser keeps.
#[inline(always)]
pub(crate) fn wipe<T: DefaultIsZeroes>(buf: &mut [T]) {
    buf.fill(T::default());
    core::hint::black_box(buf);
}

/// Overwrites 16 KiB of stack below the caller's frame with zeros: the
/// dead frames of whatever the caller called before.
///
/// hpcrypt already scrubs after key setup, signing, derivation and each
/// AEAD/MAC message (README, "Zeroization"); call this after your own code
/// handled secrets on the stack (parsed keys, decrypted fields), e.g. once
/// per request. It costs about 0.3 µs and cannot reach registers or the
/// caller's own live frame.
///
/// ```
/// use hpcrypt::aead::{Aead, AesGcm256};
/// fn handle(key: &[u8; 32]) -> Vec<u8> {
///     let cipher = AesGcm256::new(key);
///     cipher.encrypt(&[0u8; 12], b"field", b"").unwrap_or_default()
/// }
/// let out = handle(&[7u8; 32]);
/// hpcrypt::scrub_stack(); // whatever `handle` left below this frame is gone
/// assert_eq!(out.len(), 5 + 16);
/// ```
#[inline(never)]
pub fn scrub_stack() {
    scrub_below::<{ 16 * 1024 }>();
}

/// Zeroes `N` bytes of stack directly below the caller's frame.
///
/// The local array occupies exactly the region where the frames of the
/// functions the caller just returned from were; `black_box` makes the
/// zeroing observable, so it cannot be removed as a dead store.
#[inline(never)]
pub(crate) fn scrub_below<const N: usize>() {
    let mut dead = [0u8; N];
    core::hint::black_box(&mut dead);
}

/// Runs `f` in a frame of its own, then scrubs `N` bytes of stack below the
/// caller, which covers every frame `f` used if its depth is at most `N`.
///
/// The result travels by return value: for large types Rust builds it in
/// the caller's slot (return-value pointer), for small ones in registers.
#[inline(always)]
pub(crate) fn scrubbed<const N: usize, R>(f: impl FnOnce() -> R) -> R {
    let r = run_below(f);
    scrub_below::<N>();
    r
}

/// [`scrubbed`] with a depth chosen by hash width: `SMALL` for SHA-224/256,
/// `LARGE` for SHA-384/512 (whose AVX2 frames are deeper). `large` is a
/// per-monomorphisation constant (`H::BLOCK_LEN > 64`), so the branch folds.
#[inline(always)]
pub(crate) fn scrubbed_by_width<const SMALL: usize, const LARGE: usize, R>(
    large: bool,
    f: impl FnOnce() -> R,
) -> R {
    if large {
        scrubbed::<LARGE, R>(f)
    } else {
        scrubbed::<SMALL, R>(f)
    }
}

/// A per-message operation (AEAD seal/open, MAC finish): scrubbed like
/// [`scrubbed`] with the `scrub-messages` feature, else run as is (it wipes
/// what it creates; callers scrub with [`scrub_stack`] where they choose).
/// Measured cost of the scrub: about +25% on a 16-byte AES-GCM seal or a
/// 64-byte HMAC (README, "Zeroization").
#[inline(always)]
pub(crate) fn per_message<const N: usize, R>(f: impl FnOnce() -> R) -> R {
    #[cfg(feature = "scrub-messages")]
    {
        scrubbed::<N, R>(f)
    }
    #[cfg(not(feature = "scrub-messages"))]
    {
        f()
    }
}

/// `f()`, never inlined: its frame and everything below it are what
/// [`scrubbed`] clears afterwards.
#[inline(never)]
fn run_below<R>(f: impl FnOnce() -> R) -> R {
    f()
}

/// Scrub depths, in bytes, per operation class. Measured on x86-64 (Zen 4,
/// every backend, `--release`) with `tests/stack_residue.rs` and
/// `STACK_RESIDUE_DEPTH=1` on the unscrubbed code: the deepest byte an
/// operation wrote below its caller (largest backend in brackets). Chosen
/// with at least 1.5x margin; a scrub costs about 40 ns per KiB on this
/// (busy) machine.
pub(crate) mod depth {
    /// Ed25519 `from_bytes` 3.0 KiB, `sign` 3.6 KiB (`avx512-ifma` and
    /// `soft` alike); a new backend with deeper frames fails
    /// `tests/stack_residue.rs` until this grows.
    pub(crate) const ED25519_KEY: usize = 8 * 1024;
    /// See [`ED25519_KEY`].
    pub(crate) const ED25519_SIGN: usize = 8 * 1024;
    /// P-256 `from_bytes` (key setup). Not yet measured on the unscrubbed
    /// code (with the scrub in place `STACK_RESIDUE_DEPTH=1` reports the
    /// scrub's own 16.4 KiB frame); `tests/stack_residue.rs` finds no
    /// residue at this depth on `soft` and `bmi2`. Measuring it may allow
    /// a smaller (cheaper) value.
    pub(crate) const P256_KEY: usize = 16 * 1024;
    /// P-256 `sign`: as [`P256_KEY`].
    pub(crate) const P256_SIGN: usize = 16 * 1024;
    /// AES-GCM key setup on the x86-64 backends, which fill a key cell
    /// allocated (not zeroed) beforehand, so only the fill runs under the scrub:
    /// `setup` is a leaf that stays in the red zone (under 0.1 KiB below
    /// `run_below`, `aesni-clmul` and `vaes-avx2`); the whole `new` with
    /// malloc, free and the drop reaches 1.3 KiB (no secrets in those).
    /// 0.5 KiB leaves a 5x margin over the fill; `tests/stack_residue.rs`
    /// fails if a compiler change makes `setup` spill deeper.
    #[cfg(target_arch = "x86_64")]
    pub(crate) const AES_GCM_KEY_X86: usize = 512;
    /// AES-GCM key setup otherwise: 4.9 KiB (`soft`); the aarch64 backend
    /// (not measured here) keeps this depth too.
    pub(crate) const AES_GCM_KEY: usize = 8 * 1024;
    /// AES-GCM seal and open: 2.7 KiB (`vaes-avx2`), 1.8 KiB
    /// (`aesni-clmul`), 0.9 KiB (`soft`). Only with `scrub-messages`.
    pub(crate) const AES_GCM_MESSAGE: usize = 4 * 1024;
    /// HMAC key setup (and one-shot MAC) over SHA-384/512: 2.7 KiB (`avx2`,
    /// long key).
    pub(crate) const HMAC_KEY: usize = 4 * 1024;
    /// HMAC key setup over SHA-224/256: 0.9 KiB (`soft`), 0.6 KiB (`sha-ni`).
    pub(crate) const HMAC_KEY_256: usize = 2 * 1024;
    /// HMAC finish with a precomputed key: 2.6 KiB (SHA-512 `avx2`), 0.8 KiB
    /// (SHA-256 `soft`), 0.5 KiB (`sha-ni`). Only with `scrub-messages`
    /// (and for `HmacKey::start`).
    pub(crate) const HMAC_MESSAGE: usize = 4 * 1024;
    /// HKDF extract/expand/derive over SHA-384/512: 3.9 KiB (`avx2`).
    pub(crate) const HKDF: usize = 8 * 1024;
    /// HKDF over SHA-256: 1.7 KiB (`soft`), 1.3 KiB (`sha-ni`).
    pub(crate) const HKDF_256: usize = 4 * 1024;
}

/// Key material kept at a fixed address while its owner moves: on the heap
/// with `alloc`, inline without (then moves may copy it; see the README).
///
/// `T` must wipe itself on drop; `Held` only decides where it lives.
pub(crate) struct Held<T>(
    #[cfg(feature = "alloc")] alloc::boxed::Box<T>,
    #[cfg(not(feature = "alloc"))] T,
);

impl<T> Held<T> {
    /// Places `value` (call inside [`scrubbed`]: the by-value argument is a
    /// stack copy until it reaches the heap).
    #[inline(always)]
    pub(crate) fn new(value: T) -> Self {
        #[cfg(feature = "alloc")]
        {
            Self(alloc::boxed::Box::new(value))
        }
        #[cfg(not(feature = "alloc"))]
        {
            Self(value)
        }
    }
}

#[cfg(feature = "alloc")]
impl<T> Held<T> {
    /// Takes a value already on the heap (e.g. from `Box::new_zeroed`,
    /// which an arch backend may use to skip the stack temporary that
    /// `Box::new` of a large zeroed value still costs).
    #[cfg(target_arch = "x86_64")]
    #[inline(always)]
    pub(crate) fn from_box(value: alloc::boxed::Box<T>) -> Self {
        Self(value)
    }
}

impl<T> core::ops::Deref for Held<T> {
    type Target = T;
    #[inline(always)]
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> core::ops::DerefMut for Held<T> {
    #[inline(always)]
    fn deref_mut(&mut self) -> &mut T {
        &mut self.0
    }
}
