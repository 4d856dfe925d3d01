//! HMAC (RFC 2104, FIPS 198-1) over every SHA-2.
//!
//! `HMAC(K, m) = H((K0 ^ opad) || H((K0 ^ ipad) || m))`, where `K0` is the key
//! zero-padded to one block, or the key's digest zero-padded when the key is
//! longer than a block (RFC 2104 §2). Both pads are exactly one block, so the
//! whole key dependence is two chaining states: [`HmacKey`] computes them
//! once, and each message then costs only its own blocks, one padding block
//! and one outer block, run straight on the compression function
//! ([`BlockHash`]).
//!
//! ```
//! use hpcrypt::mac::{HmacSha256, HmacSha256Key, Mac};
//!
//! // One-shot.
//! let tag = HmacSha256::mac(b"key", b"The quick brown fox jumps over the lazy dog");
//! assert_eq!(
//!     tag.to_hex(),
//!     "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8"
//! );
//!
//! // A precomputed key for per-request use: no key hashing per message.
//! let key = HmacSha256Key::new(b"key");
//! assert_eq!(key.mac(b"The quick brown fox jumps over the lazy dog"), tag);
//! assert!(key.verify(b"The quick brown fox jumps over the lazy dog", tag.as_ref()).is_ok());
//! ```

use core::fmt;

use zeroize::Zeroize;

use super::Mac;
use crate::hash::{BlockHash, Sha224, Sha256, Sha384, Sha512};
use crate::wipe::{depth, per_message, scrubbed, scrubbed_by_width, Held};
use crate::Error;

/// The largest block of any supported hash (SHA-384/512: 128 bytes).
const MAX_BLOCK_LEN: usize = 128;
/// The largest digest of any supported hash (SHA-512: 64 bytes).
const MAX_OUTPUT_LEN: usize = 64;

/// The shortest truncated tag [`Hmac::verify_truncated`] ever accepts, in
/// bytes: RFC 2104 §5 asks for at least 80 bits (and at least half the hash
/// output, which the check adds).
///
/// ```
/// use hpcrypt::mac::{hmac::MIN_TRUNCATED_TAG_LEN, HmacSha256Key};
/// let key = HmacSha256Key::new(b"k");
/// let tag = key.mac(b"m");
/// assert_eq!(MIN_TRUNCATED_TAG_LEN, 10);
/// // SHA-256's floor is half its output (16 bytes), above this minimum.
/// assert!(key.verify_truncated(b"m", &tag[..MIN_TRUNCATED_TAG_LEN], 0).is_err());
/// assert!(key.verify_truncated(b"m", &tag[..16], 0).is_ok());
/// ```
pub const MIN_TRUNCATED_TAG_LEN: usize = 10;

/// HMAC-SHA-224: any key length, 28-byte tags.
///
/// ```
/// use hpcrypt::mac::HmacSha224;
/// assert_eq!(HmacSha224::mac(b"key", b"message").len(), 28);
/// ```
pub type HmacSha224 = Hmac<Sha224>;
/// HMAC-SHA-256 (JWT `HS256`, most request-signing schemes): any key length, 32-byte tags.
///
/// ```
/// use hpcrypt::mac::HmacSha256;
/// assert_eq!(HmacSha256::mac(b"key", b"message").len(), 32);
/// ```
pub type HmacSha256 = Hmac<Sha256>;
/// HMAC-SHA-384 (JWT `HS384`): any key length, 48-byte tags.
///
/// ```
/// use hpcrypt::mac::HmacSha384;
/// assert_eq!(HmacSha384::mac(b"key", b"message").len(), 48);
/// ```
pub type HmacSha384 = Hmac<Sha384>;
/// HMAC-SHA-512 (JWT `HS512`): any key length, 64-byte tags.
///
/// ```
/// use hpcrypt::mac::HmacSha512;
/// assert_eq!(HmacSha512::mac(b"key", b"message").len(), 64);
/// ```
pub type HmacSha512 = Hmac<Sha512>;

/// A precomputed HMAC-SHA-224 key (28-byte tags).
///
/// ```
/// use hpcrypt::mac::HmacSha224Key;
/// let key = HmacSha224Key::new(b"key");
/// let tag = key.mac(b"message");
/// assert!(key.verify(b"message", tag.as_ref()).is_ok());
/// ```
pub type HmacSha224Key = HmacKey<Sha224>;
/// A precomputed HMAC-SHA-256 key (32-byte tags).
///
/// ```
/// use hpcrypt::mac::HmacSha256Key;
/// let key = HmacSha256Key::new(b"key");
/// let tag = key.mac(b"message");
/// assert!(key.verify(b"message", tag.as_ref()).is_ok());
/// ```
pub type HmacSha256Key = HmacKey<Sha256>;
/// A precomputed HMAC-SHA-384 key (48-byte tags).
///
/// ```
/// use hpcrypt::mac::HmacSha384Key;
/// let key = HmacSha384Key::new(b"key");
/// let tag = key.mac(b"message");
/// assert!(key.verify(b"message", tag.as_ref()).is_ok());
/// ```
pub type HmacSha384Key = HmacKey<Sha384>;
/// A precomputed HMAC-SHA-512 key (64-byte tags).
///
/// ```
/// use hpcrypt::mac::HmacSha512Key;
/// let key = HmacSha512Key::new(b"key");
/// let tag = key.mac(b"message");
/// assert!(key.verify(b"message", tag.as_ref()).is_ok());
/// ```
pub type HmacSha512Key = HmacKey<Sha512>;

/// The two pad states of a key (RFC 2104 §2 steps 1-4 and 6-7 up to the
/// first block): together equivalent to the key, so wiped on drop, built in
/// place and only ever passed by reference.
struct PadStates<S: Copy + Default + Zeroize> {
    inner: S,
    outer: S,
}

impl<S: Copy + Default + Zeroize> PadStates<S> {
    #[inline(always)]
    fn zeroed() -> Self {
        Self {
            inner: S::default(),
            outer: S::default(),
        }
    }
}

impl<S: Copy + Default + Zeroize> Drop for PadStates<S> {
    fn drop(&mut self) {
        self.inner.zeroize();
        self.outer.zeroize();
    }
}

/// Fills `states` with the pad states of `key` through `backend`. Every
/// temporary holding `K0` or a pad is wiped before returning.
#[inline(always)]
fn pad_states<H: BlockHash>(backend: H::Backend, key: &[u8], states: &mut PadStates<H::State>) {
    let mut ipad = [0u8; MAX_BLOCK_LEN];
    let mut opad = [0u8; MAX_BLOCK_LEN];
    // The key length is public; only the key bytes are secret.
    if key.len() > H::BLOCK_LEN {
        H::hash_into(backend, key, &mut ipad);
    } else if let Some(dst) = ipad.get_mut(..key.len()) {
        dst.copy_from_slice(key);
    }
    let block = H::BLOCK_LEN;
    for (i, o) in ipad[..block].iter_mut().zip(opad[..block].iter_mut()) {
        *o = *i ^ 0x5c;
        *i ^= 0x36;
    }
    // The two blocks are independent, so the core overlaps them; a fused
    // two-block SHA-NI call measured no faster.
    H::state_after_block(backend, &ipad[..block], &mut states.inner);
    H::state_after_block(backend, &opad[..block], &mut states.outer);
    crate::wipe::wipe(&mut ipad);
    crate::wipe::wipe(&mut opad);
}

/// One-shot HMAC with the pad states on this frame (no allocation), wiped on
/// drop; callers scrub around it.
#[inline(always)]
pub(crate) fn oneshot_unscrubbed<H: BlockHash>(
    backend: H::Backend,
    key: &[u8],
    data: &[u8],
) -> H::Output {
    let mut states = PadStates::zeroed();
    pad_states::<H>(backend, key, &mut states);
    H::hmac_finish(backend, &states.inner, &states.outer, data)
}

/// Checks `tag` against `computed` in constant time (lengths are public).
fn check_full(computed: &[u8], tag: &[u8]) -> Result<(), Error> {
    if crate::ct::constant_time_eq(computed, tag) {
        Ok(())
    } else {
        Err(Error::AuthenticationFailed)
    }
}

/// Checks a truncated `tag` (the leftmost bytes of `computed`) after its
/// length passed the policy in [`Hmac::verify_truncated`].
fn check_truncated(computed: &[u8], tag: &[u8], min_len: usize) -> Result<(), Error> {
    let floor = MIN_TRUNCATED_TAG_LEN.max(computed.len().div_ceil(2));
    if tag.len() < min_len || tag.len() < floor {
        return Err(Error::InvalidTagLength);
    }
    match computed.get(..tag.len()) {
        Some(prefix) => check_full(prefix, tag),
        None => Err(Error::InvalidTagLength),
    }
}

/// A precomputed HMAC key: the chaining states after `K0 ^ ipad` and
/// `K0 ^ opad`, computed once.
///
/// Per message it costs no key processing at all: [`mac`](Self::mac) reads
/// the two states (kept on the heap with `alloc`, so moving the key never
/// copies them) and runs the message, one padding block and one outer
/// block. Keep one per secret for request signing or JWT verification.
/// Both states are wiped on drop; `Debug` shows no secret.
///
/// ```
/// use hpcrypt::mac::HmacSha256Key;
/// let key = HmacSha256Key::new(b"webhook secret");
/// let tag = key.mac(b"POST\n/v1/pay\n1700000000");
/// assert!(key.verify(b"POST\n/v1/pay\n1700000000", tag.as_ref()).is_ok());
/// assert!(key.verify(b"POST\n/v1/pay\n1700000001", tag.as_ref()).is_err());
/// ```
pub struct HmacKey<H: BlockHash> {
    /// On the heap (with `alloc`): moving the key moves a pointer.
    states: Held<PadStates<H::State>>,
    backend: H::Backend,
}

impl<H: BlockHash> HmacKey<H> {
    /// Precomputes the pad states of `key` (any length; keys longer than a
    /// block are hashed first, RFC 2104 §2).
    ///
    /// ```
    /// use hpcrypt::mac::{HmacSha256, HmacSha256Key};
    /// let long_key = [0xaa; 131]; // longer than the 64-byte block: hashed first
    /// let key = HmacSha256Key::new(&long_key);
    /// assert_eq!(key.mac(b"data"), HmacSha256::mac(&long_key, b"data"));
    /// ```
    #[inline]
    pub fn new(key: &[u8]) -> Self {
        Self::new_with(H::detect(), key)
    }

    /// [`new`](Self::new) through a chosen backend, for tests and benches.
    #[doc(hidden)]
    #[inline]
    pub fn new_with(backend: H::Backend, key: &[u8]) -> Self {
        // Key setup: scrub the frames it used (README, "Zeroization").
        scrubbed_by_width::<{ depth::HMAC_KEY_256 }, { depth::HMAC_KEY }, _>(
            H::BLOCK_LEN > 64,
            || Self::new_unscrubbed(backend, key),
        )
    }

    /// [`new_with`](Self::new_with) without the stack scrub, for callers
    /// that scrub around a larger operation (HKDF).
    #[inline(always)]
    pub(crate) fn new_unscrubbed(backend: H::Backend, key: &[u8]) -> Self {
        let mut states = Held::new(PadStates::zeroed());
        pad_states::<H>(backend, key, &mut states);
        Self { states, backend }
    }

    /// The tag of `data`.
    ///
    /// ```
    /// use hpcrypt::mac::HmacSha512Key;
    /// let key = HmacSha512Key::new(&[0x0b; 20]);
    /// assert!(key.mac(b"Hi There").to_hex().starts_with("87aa7cdea5ef619d"));
    /// ```
    #[inline]
    pub fn mac(&self, data: &[u8]) -> H::Output {
        // Per message: the states are read by reference and the finishers
        // wipe their working copies; the portable compression's spills are
        // scrubbed with `scrub-messages` (README, "Zeroization").
        per_message::<{ depth::HMAC_MESSAGE }, _>(|| self.mac_unscrubbed(data))
    }

    /// [`mac`](Self::mac) without the scrub, inside a larger scrubbed
    /// operation (HKDF).
    #[inline(always)]
    pub(crate) fn mac_unscrubbed(&self, data: &[u8]) -> H::Output {
        H::hmac_finish(self.backend, &self.states.inner, &self.states.outer, data)
    }

    /// The tag of the concatenation of `parts`, streamed from the pad
    /// states without a heap allocation (HKDF's long-info expand). The inner
    /// hasher and digest live on this frame and are wiped.
    #[inline(always)]
    pub(crate) fn mac_parts(&self, parts: &[&[u8]]) -> H::Output {
        let prior = H::BLOCK_LEN as u64;
        let mut inner = H::resume(self.backend, &self.states.inner, prior);
        for part in parts {
            inner.update(part);
        }
        let mut digest = [0u8; MAX_OUTPUT_LEN];
        inner.finalize_into(&mut digest);
        let n = H::OUTPUT_LEN;
        let tag = H::finish_from(self.backend, &self.states.outer, &digest[..n], prior);
        crate::wipe::wipe(&mut digest);
        tag
    }

    /// Checks a full-length `tag` of `data` in constant time. Any other
    /// length is [`Error::AuthenticationFailed`].
    ///
    /// ```
    /// use hpcrypt::mac::HmacSha256Key;
    /// let key = HmacSha256Key::new(b"k");
    /// let tag = key.mac(b"m");
    /// assert!(key.verify(b"m", &tag[..]).is_ok());
    /// assert!(key.verify(b"m", &tag[..16]).is_err());
    /// ```
    #[inline]
    pub fn verify(&self, data: &[u8], tag: &[u8]) -> Result<(), Error> {
        check_full(self.mac(data).as_ref(), tag)
    }

    /// Checks a truncated `tag` (the leftmost `tag.len()` bytes of the full
    /// tag) with the policy of [`Hmac::verify_truncated`].
    ///
    /// ```
    /// use hpcrypt::mac::HmacSha256Key;
    /// use hpcrypt::Error;
    /// let key = HmacSha256Key::new(b"k");
    /// let tag = key.mac(b"m");
    /// assert!(key.verify_truncated(b"m", &tag[..16], 16).is_ok());
    /// assert_eq!(key.verify_truncated(b"m", &tag[..12], 12), Err(Error::InvalidTagLength));
    /// ```
    #[inline]
    pub fn verify_truncated(&self, data: &[u8], tag: &[u8], min_len: usize) -> Result<(), Error> {
        check_truncated(self.mac(data).as_ref(), tag, min_len)
    }

    /// A streaming [`Hmac`] under this key, for messages that arrive in
    /// pieces. Costs a heap allocation (with `alloc`: the pad states must
    /// not move with the object), two state copies and a 2 KiB stack
    /// scrub; no key processing.
    ///
    /// ```
    /// use hpcrypt::mac::{HmacSha256Key, Mac};
    /// let key = HmacSha256Key::new(b"k");
    /// let mut m = key.start();
    /// m.update(b"hello ");
    /// m.update(b"world");
    /// assert_eq!(m.finalize(), key.mac(b"hello world"));
    /// ```
    #[inline]
    pub fn start(&self) -> Hmac<H> {
        // Copies both pad states into the new heap state through a stack
        // temporary: scrubbed like key setup.
        scrubbed::<{ depth::HMAC_MESSAGE }, _>(|| self.start_unscrubbed())
    }

    #[inline(always)]
    fn start_unscrubbed(&self) -> Hmac<H> {
        Hmac {
            st: Held::new(Stream {
                inner: H::resume(self.backend, &self.states.inner, H::BLOCK_LEN as u64),
                outer: self.states.outer,
            }),
            backend: self.backend,
        }
    }
}

/// Shows the hash and backend only, never the pad states.
impl<H: BlockHash> fmt::Debug for HmacKey<H> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HmacKey")
            .field("hash", &core::any::type_name::<H>())
            .field("backend", &self.backend)
            .finish_non_exhaustive()
    }
}

impl<H: BlockHash> zeroize::ZeroizeOnDrop for HmacKey<H> {}

/// HMAC over the SHA-2 hash `H`: streaming ([`Mac::new`], [`Mac::update`],
/// [`Mac::finalize`]) and one-shot ([`Mac::mac`]).
///
/// [`Mac::verify`] accepts only the full-length tag. Truncated tags are
/// accepted only through [`verify_truncated`](Self::verify_truncated), with
/// a minimum length the caller states. For many messages under one key, use
/// [`HmacKey`]. The inner hasher and the outer pad state are wiped on drop;
/// `Debug` shows no secret.
///
/// ```
/// use hpcrypt::mac::{HmacSha256, Mac};
/// let mut m = HmacSha256::new(b"key");
/// m.update(b"The quick brown fox ");
/// m.update(b"jumps over the lazy dog");
/// let tag = HmacSha256::mac(b"key", b"The quick brown fox jumps over the lazy dog");
/// assert!(m.verify(tag.as_ref()).is_ok());
/// ```
pub struct Hmac<H: BlockHash> {
    /// On the heap (with `alloc`): `finalize(self)` and other moves copy a
    /// pointer, not the buffered input or the pad states.
    st: Held<Stream<H>>,
    backend: H::Backend,
}

/// A streaming HMAC's secrets: the inner hash resumed after `K0 ^ ipad`
/// (wipes itself on drop) and the outer pad state (wiped here).
struct Stream<H: BlockHash> {
    inner: H,
    outer: H::State,
}

impl<H: BlockHash> Drop for Stream<H> {
    fn drop(&mut self) {
        self.outer.zeroize();
    }
}

impl<H: BlockHash> Hmac<H> {
    /// One-shot HMAC of `data` under `key`, the same as [`Mac::mac`] but
    /// callable without importing the trait.
    ///
    /// ```
    /// use hpcrypt::mac::HmacSha256;
    /// let secret = [7u8; 32];
    /// let tag = HmacSha256::mac(&secret, b"GET\n/v1/items");
    /// assert_eq!(tag.len(), 32);
    /// ```
    #[inline]
    pub fn mac(key: &[u8], data: &[u8]) -> H::Output {
        Self::mac_with(H::detect(), key, data)
    }

    /// [`Mac::new`] through a chosen backend, for tests and benches.
    #[doc(hidden)]
    #[inline]
    pub fn new_with(backend: H::Backend, key: &[u8]) -> Self {
        scrubbed_by_width::<{ depth::HMAC_KEY_256 }, { depth::HMAC_KEY }, _>(
            H::BLOCK_LEN > 64,
            || HmacKey::<H>::new_unscrubbed(backend, key).start_unscrubbed(),
        )
    }

    /// [`Mac::mac`] through a chosen backend, for tests and benches.
    #[doc(hidden)]
    #[inline]
    pub fn mac_with(backend: H::Backend, key: &[u8], data: &[u8]) -> H::Output {
        // Key setup included, so scrubbed; the pad states stay on the stack
        // (no allocation) and are wiped on drop.
        scrubbed_by_width::<{ depth::HMAC_KEY_256 }, { depth::HMAC_KEY }, _>(
            H::BLOCK_LEN > 64,
            || oneshot_unscrubbed::<H>(backend, key, data),
        )
    }

    /// Checks a truncated tag: `tag` must be the leftmost `tag.len()` bytes
    /// of the full tag.
    ///
    /// Length policy (RFC 2104 §5, FIPS 198-1 §5): `tag.len()` below
    /// `min_len`, below [`MIN_TRUNCATED_TAG_LEN`] (80 bits), below half the
    /// hash output, or above the output is [`Error::InvalidTagLength`]; a
    /// mismatch is [`Error::AuthenticationFailed`]. The comparison is
    /// constant time. Pass the length your protocol fixes as `min_len`, so
    /// that an attacker cannot shorten the tag they have to guess.
    ///
    /// ```
    /// use hpcrypt::mac::{HmacSha256, Mac};
    /// use hpcrypt::Error;
    /// let tag = HmacSha256::mac(b"k", b"m");
    /// let fresh = || {
    ///     let mut m = HmacSha256::new(b"k");
    ///     m.update(b"m");
    ///     m
    /// };
    /// assert!(fresh().verify_truncated(&tag[..16], 16).is_ok());
    /// // The protocol says 16 bytes: a 12-byte tag is refused before comparing.
    /// assert_eq!(fresh().verify_truncated(&tag[..12], 16), Err(Error::InvalidTagLength));
    /// // Half of SHA-256's output is the floor, whatever min_len says.
    /// assert_eq!(fresh().verify_truncated(&tag[..15], 0), Err(Error::InvalidTagLength));
    /// // A wrong tag of an acceptable length fails authentication.
    /// assert_eq!(fresh().verify_truncated(&[0u8; 16], 16), Err(Error::AuthenticationFailed));
    /// ```
    #[inline]
    pub fn verify_truncated(self, tag: &[u8], min_len: usize) -> Result<(), Error> {
        check_truncated(self.finalize().as_ref(), tag, min_len)
    }
}

impl<H: BlockHash> Mac for Hmac<H> {
    const TAG_LEN: usize = H::OUTPUT_LEN;
    type Tag = H::Output;

    #[inline]
    fn new(key: &[u8]) -> Self {
        Self::new_with(H::detect(), key)
    }

    #[inline]
    fn update(&mut self, data: &[u8]) {
        self.st.inner.update(data);
    }

    /// Finishes in place (the state lives on the heap with `alloc`, so
    /// moving `self` copies a pointer); the finishing frames are scrubbed
    /// with `scrub-messages`.
    #[inline]
    fn finalize(mut self) -> H::Output {
        let backend = self.backend;
        let st = &mut *self.st;
        per_message::<{ depth::HMAC_MESSAGE }, _>(|| {
            let mut inner = [0u8; MAX_OUTPUT_LEN];
            let n = H::OUTPUT_LEN;
            st.inner.finalize_into(&mut inner);
            let tag = H::finish_from(backend, &st.outer, &inner[..n], H::BLOCK_LEN as u64);
            crate::wipe::wipe(&mut inner);
            tag
        })
    }

    /// Checks a full-length tag in constant time; any other length is
    /// [`Error::AuthenticationFailed`] (see
    /// [`verify_truncated`](Hmac::verify_truncated)).
    #[inline]
    fn verify(self, tag: &[u8]) -> Result<(), Error> {
        check_full(self.finalize().as_ref(), tag)
    }

    /// One-shot: pad states, then the message straight through the
    /// compression function, with no block buffer.
    #[inline]
    fn mac(key: &[u8], data: &[u8]) -> H::Output {
        Self::mac_with(H::detect(), key, data)
    }
}

/// Shows the hash and backend only.
impl<H: BlockHash> fmt::Debug for Hmac<H> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Hmac")
            .field("hash", &core::any::type_name::<H>())
            .field("backend", &self.backend)
            .finish_non_exhaustive()
    }
}

impl<H: BlockHash> zeroize::ZeroizeOnDrop for Hmac<H> {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncation_floor() {
        let full = [7u8; 32];
        assert_eq!(
            check_truncated(&full, &full[..15], 0),
            Err(Error::InvalidTagLength)
        );
        assert_eq!(check_truncated(&full, &full[..16], 0), Ok(()));
        assert_eq!(
            check_truncated(&full, &full[..16], 17),
            Err(Error::InvalidTagLength)
        );
        assert_eq!(
            check_truncated(&full, &[7u8; 33], 0),
            Err(Error::InvalidTagLength)
        );
        assert_eq!(
            check_truncated(&full, &[8u8; 20], 0),
            Err(Error::AuthenticationFailed)
        );
        assert_eq!(
            check_full(&full, &full[..31]),
            Err(Error::AuthenticationFailed)
        );
    }
}
