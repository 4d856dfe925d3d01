//! Fixed-size byte outputs (digests, tags) with constant-time equality.
//!
//! [`Digest`](crate::hash::Digest) is re-exported from `hash`, and
//! [`Tag`](crate::mac::Tag) is an alias of it in `mac`: the behaviour users
//! need from them is the same (slicing, hex, `AsRef<[u8]>`, conversion into an
//! array, `==` that does not leak where two values differ).

use core::fmt;
use core::ops::Deref;

/// `N` bytes of hash output: what [`Hash::hash`](crate::hash::Hash::hash)
/// returns (`Digest<32>` for SHA-256, `Digest<64>` for SHA-512). HMAC tags
/// are the same type under the name [`mac::Tag`](crate::mac::Tag).
///
/// `==` runs in constant time. Dereferences to `[u8; N]`, so it slices like an
/// array (`digest[..16]`), and converts into `[u8; N]` with `.into()`.
///
/// ```
/// use hpcrypt::hash::{Hash, Sha256};
/// let d = Sha256::hash(b"abc");
/// assert_eq!(d.len(), 32);
/// assert_eq!(&d[..4], &[0xba, 0x78, 0x16, 0xbf]);
/// let bytes: [u8; 32] = d.into();
/// assert_eq!(bytes[0], 0xba);
/// ```
#[derive(Clone, Copy)]
pub struct Digest<const N: usize>([u8; N]);

impl<const N: usize> Digest<N> {
    /// Wraps raw bytes.
    ///
    /// ```
    /// let d = hpcrypt::hash::Digest::from_bytes([7u8; 32]);
    /// assert_eq!(d[0], 7);
    /// ```
    pub const fn from_bytes(bytes: [u8; N]) -> Self {
        Self(bytes)
    }

    /// The bytes as an array.
    ///
    /// ```
    /// let d = hpcrypt::hash::Digest::from_bytes([7u8; 32]);
    /// assert_eq!(d.to_bytes(), [7u8; 32]);
    /// ```
    pub const fn to_bytes(&self) -> [u8; N] {
        self.0
    }

    /// Lower-case hexadecimal.
    ///
    /// ```
    /// use hpcrypt::hash::{Hash, Sha256};
    /// assert!(Sha256::hash(b"").to_hex().starts_with("e3b0c442"));
    /// ```
    #[cfg(feature = "alloc")]
    pub fn to_hex(&self) -> alloc::string::String {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut s = alloc::string::String::with_capacity(2 * N);
        for &b in &self.0 {
            s.push(char::from(HEX[usize::from(b >> 4)]));
            s.push(char::from(HEX[usize::from(b & 15)]));
        }
        s
    }
}

impl<const N: usize> Deref for Digest<N> {
    type Target = [u8; N];
    fn deref(&self) -> &[u8; N] {
        &self.0
    }
}

impl<const N: usize> AsRef<[u8]> for Digest<N> {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl<const N: usize> From<Digest<N>> for [u8; N] {
    fn from(o: Digest<N>) -> [u8; N] {
        o.0
    }
}

impl<const N: usize> From<[u8; N]> for Digest<N> {
    fn from(bytes: [u8; N]) -> Self {
        Self(bytes)
    }
}

/// Constant time in the content.
impl<const N: usize> PartialEq for Digest<N> {
    fn eq(&self, other: &Self) -> bool {
        crate::ct::constant_time_eq(self.0, other.0)
    }
}

impl<const N: usize> Eq for Digest<N> {}

/// Constant time in the content; compares against any byte array of the same length.
impl<const N: usize> PartialEq<[u8; N]> for Digest<N> {
    fn eq(&self, other: &[u8; N]) -> bool {
        crate::ct::constant_time_eq(self.0, other)
    }
}

impl<const N: usize> fmt::Debug for Digest<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Digest(")?;
        fmt::LowerHex::fmt(self, f)?;
        f.write_str(")")
    }
}

impl<const N: usize> fmt::LowerHex for Digest<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for b in &self.0 {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}
