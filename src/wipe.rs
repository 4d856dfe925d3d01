//! Best-effort wiping of short-lived stack buffers on hot paths.
//!
//! `zeroize` writes element by element through volatile stores, which is
//! right for `Drop` impls but costs tens of nanoseconds on a 128-byte padding
//! block that a one-shot hash fills on every call. Here the buffer is cleared
//! with ordinary (vectorised) stores and then handed to `black_box`, which the
//! optimiser must treat as a read, so the stores cannot be removed as dead.
//! Like `zeroize`, this cannot reach copies the compiler made in registers.

use zeroize::DefaultIsZeroes;

/// Overwrites `buf` with zeros in a way the optimiser keeps.
#[inline(always)]
pub(crate) fn wipe<T: DefaultIsZeroes>(buf: &mut [T]) {
    buf.fill(T::default());
    core::hint::black_box(buf);
}
