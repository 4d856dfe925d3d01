//! ECDSA signatures in DER: `ECDSA-Sig-Value ::= SEQUENCE { r INTEGER,
//! s INTEGER }` (RFC 3279 §2.2.3, SEC 1 §C.8), the form X.509, TLS,
//! OpenSSL (`openssl dgst -sign`) and Java use, against the fixed 64-byte
//! `r ‖ s` of JWS (RFC 7518 §3.4) that [`P256Signature`] holds.
//!
//! Written by hand (a few dozen lines, no allocation, no feature needed)
//! and strict, because a lenient DER parser makes signatures malleable
//! (one signature, many encodings; Wycheproof's "BER" cases):
//!
//! - the SEQUENCE and both INTEGERs use the short length form (every length
//!   here is below 128, so a long form is never the DER one, X.690 §10.1);
//! - each INTEGER is minimal (no leading `00` unless the next byte has its
//!   top bit set) and non-negative (X.690 §8.3.2), with 1 to 33 content
//!   bytes, at most 32 significant;
//! - nothing follows `s` inside the SEQUENCE, nothing follows the SEQUENCE.
//!
//! The parser checks form only: `r` and `s` in [1, n−1] is verification's
//! business (FIPS 186-5 §6.4.2), so `r = 0` parses and then fails to verify.

use super::P256Signature;
use crate::Error;

/// Longest DER ECDSA-Sig-Value for P-256: `30 46 02 21 00 r 02 21 00 s`.
pub const DER_SIGNATURE_MAX_LEN: usize = 72;

/// A DER-encoded P-256 ECDSA signature (8 to 72 bytes), as
/// [`P256Signature::to_der`](super::P256Signature::to_der) writes it.
///
/// ```
/// use hpcrypt::signature::P256Signature;
/// let sig = P256Signature::from_bytes(&[1u8; 64]);
/// let der = sig.to_der();
/// assert_eq!(der.as_ref()[0], 0x30);
/// assert_eq!(P256Signature::from_der(der.as_ref())?.to_bytes(), sig.to_bytes());
/// # Ok::<(), hpcrypt::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct DerSignature {
    bytes: [u8; DER_SIGNATURE_MAX_LEN],
    len: usize,
}

impl DerSignature {
    /// The encoding's length in bytes.
    ///
    /// ```
    /// let der = hpcrypt::signature::P256Signature::from_bytes(&[0x7f; 64]).to_der();
    /// assert_eq!(der.len(), 70);
    /// ```
    #[allow(clippy::len_without_is_empty)] // never empty
    pub fn len(&self) -> usize {
        self.len
    }

    /// The encoding as a byte slice.
    ///
    /// ```
    /// let der = hpcrypt::signature::P256Signature::from_bytes(&[0x80; 64]).to_der();
    /// assert_eq!(der.as_bytes().len(), 72);
    /// ```
    pub fn as_bytes(&self) -> &[u8] {
        self.bytes.get(..self.len).unwrap_or_default()
    }
}

impl AsRef<[u8]> for DerSignature {
    fn as_ref(&self) -> &[u8] {
        self.as_bytes()
    }
}

impl core::fmt::Debug for DerSignature {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("DerSignature(")?;
        for b in self.as_bytes() {
            write!(f, "{b:02x}")?;
        }
        f.write_str(")")
    }
}

const SEQUENCE: u8 = 0x30;
const INTEGER: u8 = 0x02;

/// Reads one strict DER INTEGER at the start of `input` into the 32-byte
/// big-endian `out`; returns the rest of `input`.
fn read_integer<'a>(input: &'a [u8], out: &mut [u8]) -> Result<&'a [u8], Error> {
    let [INTEGER, len, rest @ ..] = input else {
        return Err(Error::InvalidSignature);
    };
    let len = usize::from(*len);
    // Short form only, at least one content byte, at most 33 (a 32-byte
    // value with its top bit set needs a leading 00).
    if len == 0 || len > 33 || rest.len() < len {
        return Err(Error::InvalidSignature);
    }
    let (content, rest) = rest.split_at(len);
    let mut value = content;
    if let [first, second, ..] = content {
        if *first == 0 {
            if second & 0x80 == 0 {
                return Err(Error::InvalidSignature); // non-minimal
            }
            value = &content[1..];
        }
    }
    if content[0] & 0x80 != 0 {
        return Err(Error::InvalidSignature); // negative
    }
    if value.len() > out.len() {
        return Err(Error::InvalidSignature); // more than 32 significant bytes
    }
    let start = out.len() - value.len();
    out[start..].copy_from_slice(value);
    Ok(rest)
}

/// Parses a strict DER ECDSA-Sig-Value into fixed `r ‖ s` (each 32 bytes,
/// big-endian, left-padded with zeros).
pub(crate) fn decode(der: &[u8]) -> Result<[u8; 64], Error> {
    let [SEQUENCE, len, body @ ..] = der else {
        return Err(Error::InvalidSignature);
    };
    if usize::from(*len) != body.len() || *len >= 0x80 {
        return Err(Error::InvalidSignature);
    }
    let mut rs = [0u8; 64];
    let (r, s) = rs.split_at_mut(32);
    let rest = read_integer(body, r)?;
    let rest = read_integer(rest, s)?;
    if !rest.is_empty() {
        return Err(Error::InvalidSignature);
    }
    Ok(rs)
}

/// Writes the minimal DER INTEGER for the 32-byte big-endian `value` at
/// `out[at..]`; returns the new end.
fn write_integer(value: &[u8], out: &mut [u8; DER_SIGNATURE_MAX_LEN], at: usize) -> usize {
    let first = value
        .iter()
        .position(|&b| b != 0)
        .unwrap_or(value.len() - 1);
    let significant = &value[first..];
    let pad = usize::from(significant[0] & 0x80 != 0);
    let len = pad + significant.len();
    out[at] = INTEGER;
    out[at + 1] = len as u8; // ≤ 33
    out[at + 2] = 0;
    out[at + 2 + pad..at + 2 + len].copy_from_slice(significant);
    at + 2 + len
}

/// Encodes fixed `r ‖ s` as DER ECDSA-Sig-Value. Public data only
/// (signatures are public), so the length may depend on the values.
pub(crate) fn encode(rs: &[u8; 64]) -> DerSignature {
    let mut bytes = [0u8; DER_SIGNATURE_MAX_LEN];
    let end = write_integer(&rs[..32], &mut bytes, 2);
    let end = write_integer(&rs[32..], &mut bytes, end);
    bytes[0] = SEQUENCE;
    bytes[1] = (end - 2) as u8; // ≤ 70
    DerSignature { bytes, len: end }
}

impl P256Signature {
    /// Reads a DER `ECDSA-Sig-Value` (X.509, TLS, `openssl dgst -sign`),
    /// strictly (see the module documentation); r and s become the fixed
    /// `r ‖ s`. Range is checked by verification, not here.
    ///
    /// Errors: [`Error::InvalidSignature`] for anything but the one DER
    /// encoding of two non-negative INTEGERs of at most 32 bytes.
    ///
    /// ```
    /// use hpcrypt::signature::P256Signature;
    /// let der = [0x30, 0x06, 0x02, 0x01, 0x05, 0x02, 0x01, 0x07];
    /// let sig = P256Signature::from_der(&der)?;
    /// assert_eq!((sig.r()[31], sig.s()[31]), (5, 7));
    /// // BER's long-form length is not DER.
    /// assert!(P256Signature::from_der(&[0x30, 0x81, 0x06, 2, 1, 5, 2, 1, 7]).is_err());
    /// # Ok::<(), hpcrypt::Error>(())
    /// ```
    pub fn from_der(der: &[u8]) -> Result<Self, Error> {
        decode(der).map(|rs| Self::from_bytes(&rs))
    }

    /// The DER `ECDSA-Sig-Value` of this signature (8 to 72 bytes).
    ///
    /// ```
    /// use hpcrypt::signature::P256SigningKey;
    /// let key = P256SigningKey::from_bytes(&[1u8; 32])?;
    /// let der = key.sign(b"m").to_der();
    /// assert_eq!(der.as_ref()[0], 0x30);
    /// # Ok::<(), hpcrypt::Error>(())
    /// ```
    pub fn to_der(&self) -> DerSignature {
        encode(&self.to_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rs(r: &[u8], s: &[u8]) -> [u8; 64] {
        let mut out = [0u8; 64];
        out[32 - r.len()..32].copy_from_slice(r);
        out[64 - s.len()..].copy_from_slice(s);
        out
    }

    #[test]
    fn small_values_round_trip() {
        let sig = rs(&[1], &[0x80]);
        let der = encode(&sig);
        assert_eq!(der.as_bytes(), [0x30, 7, 2, 1, 1, 2, 2, 0, 0x80]);
        assert_eq!(decode(der.as_bytes()), Ok(sig));
        let zero = [0u8; 64];
        assert_eq!(encode(&zero).as_bytes(), [0x30, 6, 2, 1, 0, 2, 1, 0]);
        assert_eq!(decode(encode(&zero).as_bytes()), Ok(zero));
    }

    #[test]
    fn full_values_round_trip() {
        let sig = [0xffu8; 64];
        let der = encode(&sig);
        assert_eq!(der.len(), 72);
        assert_eq!(decode(der.as_bytes()), Ok(sig));
    }

    #[test]
    fn refuses_non_strict_forms() {
        let bad: &[&[u8]] = &[
            &[],
            &[0x30, 0],
            &[0x30, 6, 2, 1, 1, 2, 1, 1, 0], // trailing byte after SEQUENCE
            &[0x30, 9, 2, 1, 1, 2, 1, 1, 5, 0, 0][..], // trailing inside
            &[0x30, 6, 2, 1, 0x81, 2, 1, 1], // negative r
            &[0x30, 7, 2, 2, 0, 1, 2, 1, 1], // non-minimal r
            &[0x30, 7, 2, 1, 1, 2, 2, 0xff, 1], // negative s
            &[0x30, 0x81, 6, 2, 1, 1, 2, 1, 1], // long-form length
            &[0x30, 6, 2, 0, 2, 1, 1, 0],    // empty INTEGER
            &[0x31, 6, 2, 1, 1, 2, 1, 1],    // SET, not SEQUENCE
            &[0x30, 6, 3, 1, 1, 2, 1, 1],    // not INTEGER
            &[0x30, 5, 2, 1, 1, 2, 1],       // truncated
        ];
        for b in bad {
            assert_eq!(decode(b), Err(Error::InvalidSignature), "{b:02x?}");
        }
        // 33 significant bytes
        let mut long = [0x01u8; 40];
        long[..4].copy_from_slice(&[0x30, 38, 2, 33]);
        long[37..].copy_from_slice(&[2, 1, 1]);
        assert_eq!(decode(&long), Err(Error::InvalidSignature));
    }
}
