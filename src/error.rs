//! The crate's single error type.

use core::fmt;

/// Everything that can go wrong in hpcrypt.
///
/// Variants never carry data derived from secrets: an AEAD or MAC failure says
/// only that authentication failed, never where or by how much, so that an
/// error cannot become an oracle.
///
/// ```
/// use hpcrypt::Error;
/// let e = Error::AuthenticationFailed;
/// assert_eq!(e.to_string(), "authentication failed");
/// ```
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Error {
    /// A key had a length the algorithm does not accept.
    InvalidKeyLength,
    /// A nonce had a length the algorithm does not accept (e.g. an empty GCM nonce).
    InvalidNonceLength,
    /// A tag had a length the algorithm does not accept, or a truncated tag was
    /// shorter than the caller's stated minimum.
    InvalidTagLength,
    /// A signature was malformed (wrong length, non-canonical scalar) or did not verify.
    InvalidSignature,
    /// A public key was malformed, non-canonical or of small order.
    InvalidPublicKey,
    /// An AEAD tag or a MAC did not match. No plaintext was released.
    AuthenticationFailed,
    /// More output was requested than the algorithm can produce (HKDF: 255·HashLen bytes).
    OutputTooLong,
    /// An input exceeded the algorithm's length limit (GCM: 2^36 − 32 bytes of plaintext).
    MessageTooLong,
    /// The operating system's random number generator failed.
    RandomnessUnavailable,
    /// Two inputs that must have equal length (e.g. messages, signatures and
    /// keys in a batch) did not.
    LengthMismatch,
    /// A key document (PKCS#8, SPKI, PEM, JWK, seed ‖ public key) was
    /// malformed: bad DER, base64 or JSON, a wrong PEM label, an encrypted
    /// PKCS#8 document, a key of the wrong length, or a BIT STRING with
    /// unused bits.
    InvalidKeyEncoding,
    /// A well-formed key document for another algorithm (an algorithm OID
    /// other than id-Ed25519 1.3.101.112, or a JWK whose `kty`/`crv` is not
    /// `OKP`/`Ed25519`).
    UnsupportedKeyAlgorithm,
    /// A document carried a public key next to the secret (PKCS#8 v2, JWK
    /// `x`, the 64-byte seed ‖ public key form) that is not the one the
    /// secret derives.
    PublicKeyMismatch,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Error::InvalidKeyLength => "invalid key length",
            Error::InvalidNonceLength => "invalid nonce length",
            Error::InvalidTagLength => "invalid tag length",
            Error::InvalidSignature => "invalid signature",
            Error::InvalidPublicKey => "invalid public key",
            Error::AuthenticationFailed => "authentication failed",
            Error::OutputTooLong => "requested output too long",
            Error::MessageTooLong => "message too long",
            Error::RandomnessUnavailable => "randomness unavailable",
            Error::LengthMismatch => "input lengths do not match",
            Error::InvalidKeyEncoding => "invalid key encoding",
            Error::UnsupportedKeyAlgorithm => "key is for another algorithm",
            Error::PublicKeyMismatch => "public key does not match the private key",
        })
    }
}

/// `core::error::Error` (Rust 1.81+), so `?` into `Box<dyn Error>` works
/// with or without `std`, and `rand_core` 0.10 can carry it.
impl core::error::Error for Error {}
