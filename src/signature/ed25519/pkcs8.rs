//! Ed25519 keys in PKCS#8 (RFC 5208, RFC 5958) and SubjectPublicKeyInfo
//! (RFC 5280 §4.1.2.7) DER, and in RFC 7468 PEM, as RFC 8410 profiles them.
//!
//! The DER itself is read and written by the RustCrypto `pkcs8`, `spki` and
//! `der` crates; this file only applies RFC 8410's rules for Ed25519:
//!
//! - the algorithm is id-Ed25519 (1.3.101.112) and its parameters are
//!   absent (§3); any other OID is [`Error::UnsupportedKeyAlgorithm`];
//! - the private key is `CurvePrivateKey ::= OCTET STRING` of the 32-byte
//!   seed, wrapped in PKCS#8's own OCTET STRING (§7);
//! - a v2 document (`OneAsymmetricKey`, RFC 5958) may carry the public key
//!   in `[1]`; if it is not the key the seed derives, the document is refused
//!   with [`Error::PublicKeyMismatch`] (RFC 8410 Appendix A lists a
//!   mismatched public key among the errors an importer must handle);
//!   attributes `[0]` are skipped;
//! - the SPKI `subjectPublicKey` BIT STRING holds the 32-byte key with no
//!   unused bits.
//!
//! Written documents are PKCS#8 **v1** (version 0, no public key, 48 bytes),
//! RFC 8410 §7's own form and what OpenSSL, Go and Java write; every reader
//! we know of takes it. [`to_pkcs8_v2_der`](Ed25519SigningKey::to_pkcs8_v2_der)
//! writes v2 (with the public key) for readers that insist on it (ring's
//! `Ed25519KeyPair::from_pkcs8`).
//!
//! Secret documents are [`SecretDocument`]s and PEM text is
//! `Zeroizing<String>`: both are wiped when dropped.

use ::pkcs8::{AlgorithmIdentifierRef, KeyError, ObjectIdentifier, PrivateKeyInfoRef};
use der::asn1::{BitStringRef, OctetStringRef};
use der::{Decode, Encode, SecretDocument};
use spki::{Document, SubjectPublicKeyInfoRef};
use zeroize::{Zeroize, Zeroizing};

use super::{Ed25519SigningKey, Ed25519VerifyingKey};
use crate::Error;

/// id-Ed25519, RFC 8410 §3.
///
/// ```
/// assert_eq!(hpcrypt::signature::ed25519::ED25519_OID.to_string(), "1.3.101.112");
/// ```
pub const ED25519_OID: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");

/// The AlgorithmIdentifier RFC 8410 §3 prescribes: the OID, parameters absent.
const ALGORITHM: AlgorithmIdentifierRef<'static> = AlgorithmIdentifierRef {
    oid: ED25519_OID,
    parameters: None,
};

/// `Ok` for id-Ed25519 without parameters.
fn check_algorithm(algorithm: &AlgorithmIdentifierRef<'_>) -> spki::Result<()> {
    algorithm.assert_algorithm_oid(ED25519_OID)?;
    if algorithm.parameters.is_some() {
        return Err(spki::Error::KeyMalformed);
    }
    Ok(())
}

/// Maps the format crates' errors onto [`Error`]. A mismatched v2 public key
/// is the only [`KeyError::Invalid`] this file produces.
fn from_pkcs8_error(e: ::pkcs8::Error) -> Error {
    match e {
        ::pkcs8::Error::KeyMalformed(KeyError::Invalid) => Error::PublicKeyMismatch,
        ::pkcs8::Error::PublicKey(e) => from_spki_error(e),
        _ => Error::InvalidKeyEncoding,
    }
}

fn from_spki_error(e: spki::Error) -> Error {
    match e {
        spki::Error::OidUnknown { .. } => Error::UnsupportedKeyAlgorithm,
        _ => Error::InvalidKeyEncoding,
    }
}

impl TryFrom<PrivateKeyInfoRef<'_>> for Ed25519SigningKey {
    type Error = ::pkcs8::Error;

    /// RFC 8410 §7: v1, or v2 whose public key must match the seed.
    fn try_from(info: PrivateKeyInfoRef<'_>) -> ::pkcs8::Result<Self> {
        check_algorithm(&info.algorithm)?;
        let curve_private_key: &OctetStringRef = info.private_key.decode_into()?;
        let seed: &[u8; 32] = curve_private_key.as_bytes().try_into().map_err(|_| {
            ::pkcs8::Error::KeyMalformed(if curve_private_key.as_bytes().len() < 32 {
                KeyError::TooShort
            } else {
                KeyError::TooLong
            })
        })?;
        let key = Ed25519SigningKey::from_bytes(seed);
        if let Some(public_key) = &info.public_key {
            let public_key = public_key
                .as_bytes()
                .ok_or(::pkcs8::Error::KeyMalformed(KeyError::TooLong))?;
            key.check_public_key(public_key)
                .map_err(|_| ::pkcs8::Error::KeyMalformed(KeyError::Invalid))?;
        }
        Ok(key)
    }
}

impl ::pkcs8::EncodePrivateKey for Ed25519SigningKey {
    /// PKCS#8 v1; see the module documentation.
    fn to_pkcs8_der(&self) -> ::pkcs8::Result<SecretDocument> {
        self.encode_pkcs8(false)
    }
}

impl Ed25519SigningKey {
    fn encode_pkcs8(&self, with_public_key: bool) -> ::pkcs8::Result<SecretDocument> {
        // CurvePrivateKey: OCTET STRING (04 20) ‖ seed, on the stack and wiped.
        let mut inner = Zeroizing::new([0u8; 34]);
        let inner_len = OctetStringRef::new(&self.secrets.seed)?
            .encode_to_slice(&mut *inner)?
            .len();
        let mut info = PrivateKeyInfoRef::new(
            ALGORITHM,
            OctetStringRef::new(inner.get(..inner_len).unwrap_or_default())?,
        );
        if with_public_key {
            info.public_key = Some(BitStringRef::from_bytes(&self.verifying_key.bytes)?);
        }
        let doc = SecretDocument::encode_msg(&info)?;
        inner.zeroize();
        Ok(doc)
    }

    /// Reads a PKCS#8 DER document: v1 (`PrivateKeyInfo`) or v2
    /// (`OneAsymmetricKey`, with or without attributes; its public key must
    /// match the seed). Encrypted PKCS#8 is refused.
    ///
    /// Errors: [`Error::InvalidKeyEncoding`] (malformed),
    /// [`Error::UnsupportedKeyAlgorithm`] (not id-Ed25519),
    /// [`Error::PublicKeyMismatch`] (v2 public key is not the seed's).
    ///
    /// ```
    /// use hpcrypt::signature::Ed25519SigningKey;
    /// let key = Ed25519SigningKey::from_bytes(&[4u8; 32]);
    /// let der = key.to_pkcs8_der()?;
    /// let again = Ed25519SigningKey::from_pkcs8_der(der.as_bytes())?;
    /// assert_eq!(again.verifying_key(), key.verifying_key());
    /// # Ok::<(), hpcrypt::Error>(())
    /// ```
    pub fn from_pkcs8_der(der: &[u8]) -> Result<Self, Error> {
        let info = PrivateKeyInfoRef::from_der(der).map_err(|_| Error::InvalidKeyEncoding)?;
        Self::try_from(info).map_err(from_pkcs8_error)
    }

    /// PKCS#8 v1 DER (48 bytes), wiped on drop. v1 because every PKCS#8
    /// reader takes it; [`to_pkcs8_v2_der`](Self::to_pkcs8_v2_der) adds the
    /// public key.
    ///
    /// ```
    /// use hpcrypt::signature::Ed25519SigningKey;
    /// let der = Ed25519SigningKey::from_bytes(&[4u8; 32]).to_pkcs8_der()?;
    /// assert_eq!(der.as_bytes().len(), 48);
    /// # Ok::<(), hpcrypt::Error>(())
    /// ```
    pub fn to_pkcs8_der(&self) -> Result<SecretDocument, Error> {
        self.encode_pkcs8(false).map_err(from_pkcs8_error)
    }

    /// PKCS#8 v2 DER (RFC 5958 `OneAsymmetricKey` version 1 with the public
    /// key, 83 bytes), wiped on drop: the form ring's `from_pkcs8` requires.
    ///
    /// ```
    /// use hpcrypt::signature::Ed25519SigningKey;
    /// let key = Ed25519SigningKey::from_bytes(&[4u8; 32]);
    /// let der = key.to_pkcs8_v2_der()?;
    /// assert_eq!(der.as_bytes().len(), 83);
    /// assert_eq!(der.as_bytes()[4], 1); // version 1 = v2
    /// # Ok::<(), hpcrypt::Error>(())
    /// ```
    pub fn to_pkcs8_v2_der(&self) -> Result<SecretDocument, Error> {
        self.encode_pkcs8(true).map_err(from_pkcs8_error)
    }
}

impl TryFrom<SubjectPublicKeyInfoRef<'_>> for Ed25519VerifyingKey {
    type Error = spki::Error;

    /// RFC 8410 §4, as [`from_public_key_der`](Self::from_public_key_der).
    fn try_from(spki: SubjectPublicKeyInfoRef<'_>) -> spki::Result<Self> {
        let oid = spki.algorithm.oid;
        Self::from_spki(spki).map_err(|e| match e {
            Error::UnsupportedKeyAlgorithm => spki::Error::OidUnknown { oid },
            _ => spki::Error::KeyMalformed,
        })
    }
}

impl spki::EncodePublicKey for Ed25519VerifyingKey {
    fn to_public_key_der(&self) -> spki::Result<Document> {
        let spki = SubjectPublicKeyInfoRef {
            algorithm: ALGORITHM,
            subject_public_key: BitStringRef::from_bytes(&self.bytes)?,
        };
        Ok(Document::encode_msg(&spki)?)
    }
}

impl Ed25519VerifyingKey {
    /// Reads SubjectPublicKeyInfo DER (RFC 8410 §4).
    ///
    /// Errors: [`Error::InvalidKeyEncoding`] (malformed, or unused bits in
    /// the BIT STRING), [`Error::UnsupportedKeyAlgorithm`] (not id-Ed25519),
    /// [`Error::InvalidPublicKey`] (not a valid Ed25519 point).
    ///
    /// ```
    /// use hpcrypt::signature::{Ed25519SigningKey, Ed25519VerifyingKey};
    /// let vk = Ed25519SigningKey::from_bytes(&[4u8; 32]).verifying_key();
    /// let der = vk.to_public_key_der()?;
    /// assert_eq!(der.len(), 44);
    /// assert_eq!(Ed25519VerifyingKey::from_public_key_der(&der)?, vk);
    /// # Ok::<(), hpcrypt::Error>(())
    /// ```
    pub fn from_public_key_der(der: &[u8]) -> Result<Self, Error> {
        let spki = SubjectPublicKeyInfoRef::from_der(der).map_err(|_| Error::InvalidKeyEncoding)?;
        Self::from_spki(spki)
    }

    fn from_spki(spki: SubjectPublicKeyInfoRef<'_>) -> Result<Self, Error> {
        check_algorithm(&spki.algorithm).map_err(from_spki_error)?;
        let bytes = spki
            .subject_public_key
            .as_bytes()
            .ok_or(Error::InvalidKeyEncoding)?;
        if bytes.len() != 32 {
            return Err(Error::InvalidKeyEncoding);
        }
        Ed25519VerifyingKey::from_slice(bytes)
    }

    /// SubjectPublicKeyInfo DER, 44 bytes.
    ///
    /// ```
    /// let vk = hpcrypt::signature::Ed25519SigningKey::from_bytes(&[4u8; 32]).verifying_key();
    /// assert_eq!(&vk.to_public_key_der()?[..12], &[0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]);
    /// # Ok::<(), hpcrypt::Error>(())
    /// ```
    pub fn to_public_key_der(&self) -> Result<alloc::vec::Vec<u8>, Error> {
        spki::EncodePublicKey::to_public_key_der(self)
            .map(Document::into_vec)
            .map_err(from_spki_error)
    }
}

#[cfg(feature = "pem")]
mod pem {
    use alloc::string::String;
    use alloc::vec;
    use alloc::vec::Vec;

    use ::pkcs8::EncodePrivateKey;
    use der::pem::LineEnding;
    use spki::EncodePublicKey;
    use zeroize::Zeroizing;

    use super::{from_pkcs8_error, from_spki_error};
    use crate::signature::ed25519::{Ed25519SigningKey, Ed25519VerifyingKey};
    use crate::Error;

    /// Decodes one RFC 7468 block into a buffer that is wiped when dropped,
    /// and returns its label and the decoded length. The format crates'
    /// own `from_pem` drops the decoded DER unwiped when it is not a single
    /// DER value, and when a `PRIVATE KEY` block reaches the public-key
    /// reader; here no path leaves the secret in freed memory.
    fn decode(pem: &str) -> Result<(&str, Zeroizing<Vec<u8>>, usize), Error> {
        let max = der::pem::Decoder::new(pem.as_bytes())
            .map_err(|_| Error::InvalidKeyEncoding)?
            .remaining_len();
        let mut buf = Zeroizing::new(vec![0u8; max]);
        let (label, der) =
            der::pem::decode(pem.as_bytes(), &mut buf).map_err(|_| Error::InvalidKeyEncoding)?;
        let len = der.len();
        Ok((label, buf, len))
    }

    impl Ed25519SigningKey {
        /// Reads a PEM `PRIVATE KEY` block (RFC 7468 §10) holding PKCS#8
        /// v1 or v2, as [`from_pkcs8_der`](Self::from_pkcs8_der). Any other
        /// label (`PUBLIC KEY`, `ENCRYPTED PRIVATE KEY`, …) is
        /// [`Error::InvalidKeyEncoding`].
        ///
        /// ```
        /// use hpcrypt::signature::Ed25519SigningKey;
        /// let pem = "-----BEGIN PRIVATE KEY-----\n\
        ///            MC4CAQAwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC\n\
        ///            -----END PRIVATE KEY-----\n"; // RFC 8410 §10.3
        /// let key = Ed25519SigningKey::from_pkcs8_pem(pem)?;
        /// assert_eq!(key.to_bytes()[..2], [0xd4, 0xee]);
        /// # Ok::<(), hpcrypt::Error>(())
        /// ```
        pub fn from_pkcs8_pem(pem: &str) -> Result<Self, Error> {
            let (label, der, len) = decode(pem)?;
            if label != "PRIVATE KEY" {
                return Err(Error::InvalidKeyEncoding);
            }
            Self::from_pkcs8_der(der.get(..len).unwrap_or_default())
        }

        /// PKCS#8 v1 as a PEM `PRIVATE KEY` block with `line_ending`,
        /// wiped on drop.
        ///
        /// ```
        /// use hpcrypt::signature::{Ed25519SigningKey, LineEnding};
        /// let pem = Ed25519SigningKey::from_bytes(&[4u8; 32]).to_pkcs8_pem(LineEnding::LF)?;
        /// assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----\n"));
        /// # Ok::<(), hpcrypt::Error>(())
        /// ```
        pub fn to_pkcs8_pem(&self, line_ending: LineEnding) -> Result<Zeroizing<String>, Error> {
            <Self as EncodePrivateKey>::to_pkcs8_pem(self, line_ending).map_err(from_pkcs8_error)
        }
    }

    impl Ed25519VerifyingKey {
        /// Reads a PEM `PUBLIC KEY` block (RFC 7468 §13) holding
        /// SubjectPublicKeyInfo, as
        /// [`from_public_key_der`](Self::from_public_key_der).
        ///
        /// ```
        /// use hpcrypt::signature::Ed25519VerifyingKey;
        /// let pem = "-----BEGIN PUBLIC KEY-----\n\
        ///            MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n\
        ///            -----END PUBLIC KEY-----\n"; // RFC 8410 §10.1
        /// let vk = Ed25519VerifyingKey::from_public_key_pem(pem)?;
        /// assert_eq!(vk.to_bytes()[..2], [0x19, 0xbf]);
        /// # Ok::<(), hpcrypt::Error>(())
        /// ```
        pub fn from_public_key_pem(pem: &str) -> Result<Self, Error> {
            // Decoded as a secret: a private key handed over by mistake
            // must not stay in memory either.
            let (label, der, len) = decode(pem)?;
            if label != "PUBLIC KEY" {
                return Err(Error::InvalidKeyEncoding);
            }
            Self::from_public_key_der(der.get(..len).unwrap_or_default())
        }

        /// SubjectPublicKeyInfo as a PEM `PUBLIC KEY` block with `line_ending`.
        ///
        /// ```
        /// use hpcrypt::signature::{Ed25519SigningKey, LineEnding};
        /// let vk = Ed25519SigningKey::from_bytes(&[4u8; 32]).verifying_key();
        /// assert!(vk.to_public_key_pem(LineEnding::LF)?.starts_with("-----BEGIN PUBLIC KEY-----\n"));
        /// # Ok::<(), hpcrypt::Error>(())
        /// ```
        pub fn to_public_key_pem(&self, line_ending: LineEnding) -> Result<String, Error> {
            <Self as EncodePublicKey>::to_public_key_pem(self, line_ending).map_err(from_spki_error)
        }
    }
}
