//! P-256 keys in PKCS#8 (RFC 5208/5958) wrapping an RFC 5915
//! `ECPrivateKey`, in SEC 1 `ECPrivateKey` DER ("traditional" OpenSSL
//! `EC PRIVATE KEY`), and in SubjectPublicKeyInfo (RFC 5480), DER and
//! RFC 7468 PEM.
//!
//! The DER is read and written by the RustCrypto `pkcs8`, `spki`, `sec1`
//! and `der` crates (strict DER); this file applies the profile:
//!
//! - the algorithm is id-ecPublicKey (1.2.840.10045.2.1) with the
//!   `namedCurve` prime256v1 (1.2.840.10045.3.1.7) as parameters (RFC 5480
//!   §2.1.1); another algorithm is [`Error::UnsupportedKeyAlgorithm`], as is
//!   another curve or `implicitCurve`/`specifiedCurve` parameters;
//! - the AlgorithmIdentifier's parameters must be present (RFC 5480
//!   §2.1.1), in PKCS#8 as in SPKI; inside PKCS#8 the `ECPrivateKey` may
//!   name the curve again in `parameters [0]` (RFC 5915 §3; OpenSSL omits
//!   it, others write it), and then it must be P-256 too. A bare SEC 1
//!   `ECPrivateKey` must name it (RFC 5915 §3: "MUST always include the
//!   parameters field");
//! - `privateKey` is exactly 32 octets (RFC 5915 §3: ⌈log2(n)/8⌉), a
//!   scalar in [1, n−1];
//! - an embedded public key (`ECPrivateKey` `publicKey [1]`, or PKCS#8 v2
//!   `publicKey`) must be the one the scalar derives
//!   ([`Error::PublicKeyMismatch`]): trusting a foreign public key is how
//!   signers leak their keys;
//! - the SPKI `subjectPublicKey` holds a SEC 1 point, uncompressed (65
//!   bytes) or compressed (33, RFC 5480 §2.2 "MAY"), with no unused bits.
//!
//! Written documents are what OpenSSL 3 writes: PKCS#8 v1 with the curve in
//! the AlgorithmIdentifier and an `ECPrivateKey` carrying the uncompressed
//! public key but no parameters (138 bytes); SEC 1 with both parameters and
//! public key (121 bytes); SPKI with the uncompressed point (91 bytes).
//! Secret documents are [`SecretDocument`]s or `Zeroizing` strings, wiped
//! when dropped.

use ::pkcs8::{AlgorithmIdentifierRef, KeyError, ObjectIdentifier, PrivateKeyInfoRef};
use der::asn1::{BitStringRef, OctetStringRef};
use der::{AnyRef, Decode, Encode, SecretDocument};
use sec1::{EcParameters, EcPrivateKey};
use spki::SubjectPublicKeyInfoRef;
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use super::{P256SigningKey, P256VerifyingKey};
use crate::Error;

/// id-ecPublicKey, RFC 5480 §2.1.1.
///
/// ```
/// assert_eq!(hpcrypt::signature::p256::EC_PUBLIC_KEY_OID.to_string(), "1.2.840.10045.2.1");
/// ```
pub const EC_PUBLIC_KEY_OID: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");

/// secp256r1 / prime256v1 / P-256, RFC 5480 §2.1.1.1.
///
/// ```
/// assert_eq!(hpcrypt::signature::p256::P256_OID.to_string(), "1.2.840.10045.3.1.7");
/// ```
pub const P256_OID: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");

/// The AlgorithmIdentifier RFC 5480 §2.1.1 prescribes for a P-256 key.
fn algorithm() -> AlgorithmIdentifierRef<'static> {
    AlgorithmIdentifierRef {
        oid: EC_PUBLIC_KEY_OID,
        parameters: Some(AnyRef::from(&P256_OID)),
    }
}

/// `Ok` if the AlgorithmIdentifier is id-ecPublicKey with the P-256 name
/// as parameters (RFC 5480 §2.1.1: "MUST always be present", in PKCS#8 as
/// in SPKI; OpenSSL and pyca/cryptography refuse it absent too).
fn check_algorithm(algorithm: &AlgorithmIdentifierRef<'_>) -> Result<(), Error> {
    if algorithm.oid != EC_PUBLIC_KEY_OID {
        return Err(Error::UnsupportedKeyAlgorithm);
    }
    let Some(parameters) = algorithm.parameters else {
        return Err(Error::InvalidKeyEncoding);
    };
    // ECParameters is a CHOICE: namedCurve OID, implicitCurve NULL,
    // specifiedCurve SEQUENCE. Only the P-256 name is supported.
    match parameters.decode_as::<ObjectIdentifier>() {
        Ok(oid) if oid == P256_OID => Ok(()),
        _ => Err(Error::UnsupportedKeyAlgorithm),
    }
}

/// The parts of a decoded private key, borrowed from the document (the
/// secret is not copied).
pub(crate) struct PrivateParts<'a> {
    /// The 32-byte big-endian private scalar (range not yet checked).
    pub(crate) scalar: &'a [u8; 32],
    /// Every public key the document carries (SEC 1 encoding), each of
    /// which must be the scalar's.
    pub(crate) public_keys: [Option<&'a [u8]>; 2],
}

/// Checks an `ECPrivateKey`; `named_outside`: the PKCS#8 AlgorithmIdentifier
/// already named P-256.
fn ec_private_key<'a>(
    key: &EcPrivateKey<'a>,
    named_outside: bool,
) -> Result<PrivateParts<'a>, Error> {
    match key.parameters {
        Some(EcParameters::NamedCurve(oid)) if oid == P256_OID => {}
        Some(_) => return Err(Error::UnsupportedKeyAlgorithm),
        None if named_outside => {}
        None => return Err(Error::InvalidKeyEncoding),
    }
    let scalar: &[u8; 32] = key
        .private_key
        .try_into()
        .map_err(|_| Error::InvalidKeyEncoding)?;
    Ok(PrivateParts {
        scalar,
        public_keys: [key.public_key, None],
    })
}

/// Reads PKCS#8 v1 or v2 DER holding an RFC 5915 `ECPrivateKey`.
pub(crate) fn decode_pkcs8(der: &[u8]) -> Result<PrivateParts<'_>, Error> {
    let info = PrivateKeyInfoRef::from_der(der).map_err(|_| Error::InvalidKeyEncoding)?;
    pkcs8_parts(&info)
}

/// The RFC 5915 profile of a parsed PKCS#8 document.
fn pkcs8_parts<'a>(info: &PrivateKeyInfoRef<'a>) -> Result<PrivateParts<'a>, Error> {
    check_algorithm(&info.algorithm)?;
    let inner = EcPrivateKey::from_der(info.private_key.as_bytes())
        .map_err(|_| Error::InvalidKeyEncoding)?;
    let mut parts = ec_private_key(&inner, true)?;
    if let Some(public_key) = &info.public_key {
        parts.public_keys[1] = Some(public_key.as_bytes().ok_or(Error::InvalidKeyEncoding)?);
    }
    Ok(parts)
}

/// Reads a SEC 1 `ECPrivateKey` DER document, which must name P-256.
pub(crate) fn decode_sec1(der: &[u8]) -> Result<PrivateParts<'_>, Error> {
    let key = EcPrivateKey::from_der(der).map_err(|_| Error::InvalidKeyEncoding)?;
    ec_private_key(&key, false)
}

/// Reads SubjectPublicKeyInfo DER; returns the SEC 1 point bytes.
pub(crate) fn decode_spki(der: &[u8]) -> Result<&[u8], Error> {
    let spki = SubjectPublicKeyInfoRef::from_der(der).map_err(|_| Error::InvalidKeyEncoding)?;
    spki_point(&spki)
}

/// The RFC 5480 profile of a parsed SubjectPublicKeyInfo.
fn spki_point<'a>(spki: &SubjectPublicKeyInfoRef<'a>) -> Result<&'a [u8], Error> {
    check_algorithm(&spki.algorithm)?;
    spki.subject_public_key
        .as_bytes()
        .ok_or(Error::InvalidKeyEncoding)
}

/// Writes `ECPrivateKey` (without or with the curve name) into a wiped
/// buffer; returns it with its length.
fn encode_ec_private_key(
    scalar: &[u8; 32],
    public_key: &[u8; 65],
    with_parameters: bool,
) -> Result<(Zeroizing<[u8; 128]>, usize), Error> {
    let key = EcPrivateKey {
        private_key: scalar,
        parameters: with_parameters.then_some(EcParameters::NamedCurve(P256_OID)),
        public_key: Some(public_key),
    };
    let mut buf = Zeroizing::new([0u8; 128]);
    let len = key
        .encode_to_slice(&mut *buf)
        .map_err(|_| Error::InvalidKeyEncoding)?
        .len();
    Ok((buf, len))
}

/// PKCS#8 v1 DER of the scalar and its uncompressed public key.
pub(crate) fn encode_pkcs8(
    scalar: &[u8; 32],
    public_key: &[u8; 65],
) -> Result<SecretDocument, Error> {
    let (inner, len) = encode_ec_private_key(scalar, public_key, false)?;
    let info = PrivateKeyInfoRef::new(
        algorithm(),
        OctetStringRef::new(inner.get(..len).unwrap_or_default())
            .map_err(|_| Error::InvalidKeyEncoding)?,
    );
    SecretDocument::encode_msg(&info).map_err(|_| Error::InvalidKeyEncoding)
}

/// SEC 1 `ECPrivateKey` DER of the scalar, naming P-256 and carrying the
/// uncompressed public key.
pub(crate) fn encode_sec1(
    scalar: &[u8; 32],
    public_key: &[u8; 65],
) -> Result<SecretDocument, Error> {
    let (buf, len) = encode_ec_private_key(scalar, public_key, true)?;
    SecretDocument::try_from(buf.get(..len).unwrap_or_default())
        .map_err(|_| Error::InvalidKeyEncoding)
}

/// SubjectPublicKeyInfo DER of an uncompressed point.
pub(crate) fn encode_spki(public_key: &[u8; 65]) -> Result<alloc::vec::Vec<u8>, Error> {
    let spki = SubjectPublicKeyInfoRef {
        algorithm: algorithm(),
        subject_public_key: BitStringRef::from_bytes(public_key)
            .map_err(|_| Error::InvalidKeyEncoding)?,
    };
    spki.to_der().map_err(|_| Error::InvalidKeyEncoding)
}

/// The signing key of `parts`: the scalar must be in [1, n−1] and every
/// embedded public key must be the one it derives.
fn signing_key(parts: &PrivateParts<'_>) -> Result<P256SigningKey, Error> {
    let key = P256SigningKey::from_bytes(parts.scalar).map_err(|_| Error::InvalidKeyEncoding)?;
    let public = key.verifying_key();
    for embedded in parts.public_keys.iter().flatten() {
        let matches = match embedded.len() {
            65 => public.to_sec1_uncompressed().ct_eq(*embedded),
            33 => public.to_sec1_compressed().ct_eq(*embedded),
            _ => 0.into(),
        };
        if !bool::from(matches) {
            return Err(Error::PublicKeyMismatch);
        }
    }
    Ok(key)
}

/// Our error as the `pkcs8` crate's, for the trait impls.
fn to_pkcs8_error(e: Error, oid: ObjectIdentifier) -> ::pkcs8::Error {
    match e {
        Error::PublicKeyMismatch => ::pkcs8::Error::KeyMalformed(KeyError::Invalid),
        Error::UnsupportedKeyAlgorithm => {
            ::pkcs8::Error::PublicKey(spki::Error::OidUnknown { oid })
        }
        Error::InvalidPublicKey => ::pkcs8::Error::PublicKey(spki::Error::KeyMalformed),
        _ => ::pkcs8::Error::Asn1(der::Tag::OctetString.value_error().into()),
    }
}

fn to_spki_error(e: Error, oid: ObjectIdentifier) -> spki::Error {
    match e {
        Error::UnsupportedKeyAlgorithm => spki::Error::OidUnknown { oid },
        _ => spki::Error::KeyMalformed,
    }
}

impl TryFrom<PrivateKeyInfoRef<'_>> for P256SigningKey {
    type Error = ::pkcs8::Error;

    /// RFC 5915 inside PKCS#8 v1 or v2, as
    /// [`from_pkcs8_der`](P256SigningKey::from_pkcs8_der).
    fn try_from(info: PrivateKeyInfoRef<'_>) -> ::pkcs8::Result<Self> {
        pkcs8_parts(&info)
            .and_then(|parts| signing_key(&parts))
            .map_err(|e| to_pkcs8_error(e, info.algorithm.oid))
    }
}

impl ::pkcs8::EncodePrivateKey for P256SigningKey {
    /// PKCS#8 v1 as OpenSSL writes it; see the module documentation.
    fn to_pkcs8_der(&self) -> ::pkcs8::Result<SecretDocument> {
        P256SigningKey::to_pkcs8_der(self).map_err(|e| to_pkcs8_error(e, EC_PUBLIC_KEY_OID))
    }
}

impl TryFrom<SubjectPublicKeyInfoRef<'_>> for P256VerifyingKey {
    type Error = spki::Error;

    /// RFC 5480, as [`from_public_key_der`](P256VerifyingKey::from_public_key_der).
    fn try_from(spki: SubjectPublicKeyInfoRef<'_>) -> spki::Result<Self> {
        spki_point(&spki)
            .and_then(P256VerifyingKey::from_sec1_bytes)
            .map_err(|e| to_spki_error(e, spki.algorithm.oid))
    }
}

impl spki::EncodePublicKey for P256VerifyingKey {
    /// SubjectPublicKeyInfo with the uncompressed point, 91 bytes.
    fn to_public_key_der(&self) -> spki::Result<spki::Document> {
        let der = encode_spki(&self.to_sec1_uncompressed())
            .map_err(|e| to_spki_error(e, EC_PUBLIC_KEY_OID))?;
        spki::Document::try_from(der).map_err(spki::Error::Asn1)
    }
}

impl P256SigningKey {
    /// Reads a PKCS#8 DER document (v1, or v2 whose public key must match)
    /// holding an RFC 5915 `ECPrivateKey` on P-256, as OpenSSL
    /// (`openssl pkcs8 -topk8 -nocrypt -outform DER`), pyca/cryptography,
    /// Java and Go write it. Encrypted PKCS#8 is refused.
    ///
    /// Errors: [`Error::InvalidKeyEncoding`] (malformed, curve not named,
    /// scalar not 32 octets or not in [1, n−1]),
    /// [`Error::UnsupportedKeyAlgorithm`] (another algorithm or curve),
    /// [`Error::PublicKeyMismatch`] (an embedded public key is not the
    /// scalar's).
    ///
    /// ```
    /// use hpcrypt::signature::P256SigningKey;
    /// let key = P256SigningKey::from_bytes(&[7u8; 32])?;
    /// let der = key.to_pkcs8_der()?;
    /// let again = P256SigningKey::from_pkcs8_der(der.as_bytes())?;
    /// assert_eq!(again.verifying_key(), key.verifying_key());
    /// # Ok::<(), hpcrypt::Error>(())
    /// ```
    pub fn from_pkcs8_der(der: &[u8]) -> Result<Self, Error> {
        signing_key(&decode_pkcs8(der)?)
    }

    /// Reads a SEC 1 / RFC 5915 `ECPrivateKey` DER document (what
    /// `openssl ec -outform DER` writes); it must name P-256 in its
    /// `parameters`. Errors as [`from_pkcs8_der`](Self::from_pkcs8_der).
    ///
    /// ```
    /// use hpcrypt::signature::P256SigningKey;
    /// let key = P256SigningKey::from_bytes(&[7u8; 32])?;
    /// let der = key.to_sec1_der()?;
    /// assert_eq!(P256SigningKey::from_sec1_der(der.as_bytes())?.verifying_key(), key.verifying_key());
    /// # Ok::<(), hpcrypt::Error>(())
    /// ```
    pub fn from_sec1_der(der: &[u8]) -> Result<Self, Error> {
        signing_key(&decode_sec1(der)?)
    }

    /// PKCS#8 v1 DER (138 bytes, byte for byte what OpenSSL 3 writes),
    /// wiped on drop.
    ///
    /// ```
    /// use hpcrypt::signature::P256SigningKey;
    /// let der = P256SigningKey::from_bytes(&[7u8; 32])?.to_pkcs8_der()?;
    /// assert_eq!(der.as_bytes().len(), 138);
    /// # Ok::<(), hpcrypt::Error>(())
    /// ```
    pub fn to_pkcs8_der(&self) -> Result<SecretDocument, Error> {
        // The held scalar itself, not a by-value copy (rule 4).
        encode_pkcs8(
            &self.secrets.bytes,
            &self.verifying_key().to_sec1_uncompressed(),
        )
    }

    /// SEC 1 `ECPrivateKey` DER naming P-256, with the public key (121
    /// bytes, as `openssl ec -outform DER` writes), wiped on drop.
    ///
    /// ```
    /// use hpcrypt::signature::P256SigningKey;
    /// let der = P256SigningKey::from_bytes(&[7u8; 32])?.to_sec1_der()?;
    /// assert_eq!(der.as_bytes().len(), 121);
    /// # Ok::<(), hpcrypt::Error>(())
    /// ```
    pub fn to_sec1_der(&self) -> Result<SecretDocument, Error> {
        // The held scalar itself, not a by-value copy (rule 4).
        encode_sec1(
            &self.secrets.bytes,
            &self.verifying_key().to_sec1_uncompressed(),
        )
    }
}

impl P256VerifyingKey {
    /// Reads SubjectPublicKeyInfo DER (RFC 5480): id-ecPublicKey on
    /// prime256v1, the point uncompressed or compressed.
    ///
    /// Errors: [`Error::InvalidKeyEncoding`] (malformed, curve not named,
    /// unused bits), [`Error::UnsupportedKeyAlgorithm`] (another algorithm
    /// or curve), [`Error::InvalidPublicKey`] (not a point of P-256, or the
    /// identity).
    ///
    /// ```
    /// use hpcrypt::signature::{P256SigningKey, P256VerifyingKey};
    /// let vk = P256SigningKey::from_bytes(&[7u8; 32])?.verifying_key();
    /// let der = vk.to_public_key_der()?;
    /// assert_eq!(der.len(), 91);
    /// assert_eq!(P256VerifyingKey::from_public_key_der(&der)?, vk);
    /// # Ok::<(), hpcrypt::Error>(())
    /// ```
    pub fn from_public_key_der(der: &[u8]) -> Result<Self, Error> {
        P256VerifyingKey::from_sec1_bytes(decode_spki(der)?)
    }

    /// SubjectPublicKeyInfo DER with the uncompressed point, 91 bytes.
    ///
    /// ```
    /// use hpcrypt::signature::P256SigningKey;
    /// let vk = P256SigningKey::from_bytes(&[7u8; 32])?.verifying_key();
    /// assert_eq!(vk.to_public_key_der()?[..4], [0x30, 0x59, 0x30, 0x13]);
    /// # Ok::<(), hpcrypt::Error>(())
    /// ```
    pub fn to_public_key_der(&self) -> Result<alloc::vec::Vec<u8>, Error> {
        encode_spki(&self.to_sec1_uncompressed())
    }
}

/// RFC 7468 PEM around the DER above.
#[cfg(feature = "pem")]
pub(crate) mod pem {
    use alloc::vec;
    use alloc::vec::Vec;

    use zeroize::Zeroizing;

    use alloc::string::String;

    use der::pem::LineEnding;

    use super::P256_OID;
    use crate::signature::p256::{P256SigningKey, P256VerifyingKey};
    use crate::Error;

    /// PKCS#8 (RFC 7468 §10).
    pub(crate) const PRIVATE_KEY: &str = "PRIVATE KEY";
    /// SEC 1 `ECPrivateKey` (the OpenSSL "traditional" label).
    pub(crate) const EC_PRIVATE_KEY: &str = "EC PRIVATE KEY";
    /// SubjectPublicKeyInfo (RFC 7468 §13).
    pub(crate) const PUBLIC_KEY: &str = "PUBLIC KEY";
    const EC_PARAMETERS_END: &str = "-----END EC PARAMETERS-----";

    /// Decodes the one RFC 7468 block of `pem`, which must carry `label`,
    /// into a buffer wiped when dropped; returns it with the DER length.
    /// (The format crates' own `from_pem` drops the decoded DER unwiped on
    /// some error paths; here no path leaves a secret in freed memory.)
    pub(crate) fn decode(pem: &str, label: &str) -> Result<(Zeroizing<Vec<u8>>, usize), Error> {
        let max = der::pem::Decoder::new(pem.as_bytes())
            .map_err(|_| Error::InvalidKeyEncoding)?
            .remaining_len();
        let mut buf = Zeroizing::new(vec![0u8; max]);
        let (found, der) =
            der::pem::decode(pem.as_bytes(), &mut buf).map_err(|_| Error::InvalidKeyEncoding)?;
        if found != label {
            return Err(Error::InvalidKeyEncoding);
        }
        let len = der.len();
        Ok((buf, len))
    }

    /// `openssl ecparam -genkey` writes an `EC PARAMETERS` block before the
    /// `EC PRIVATE KEY` one. If `pem` starts with one, it must name P-256
    /// (`06 08 2a 86 48 ce 3d 03 01 07`); the text after it is returned.
    pub(crate) fn skip_ec_parameters(pem: &str) -> Result<&str, Error> {
        let trimmed = pem.trim_start();
        if !trimmed.starts_with("-----BEGIN EC PARAMETERS-----") {
            return Ok(pem);
        }
        let end = trimmed
            .find(EC_PARAMETERS_END)
            .ok_or(Error::InvalidKeyEncoding)?
            + EC_PARAMETERS_END.len();
        let (block, rest) = trimmed.split_at(end);
        let mut buf = [0u8; 16];
        let (label, der) =
            der::pem::decode(block.as_bytes(), &mut buf).map_err(|_| Error::InvalidKeyEncoding)?;
        let mut expected = [0u8; 10];
        let expected = der::Encode::encode_to_slice(&P256_OID, &mut expected)
            .map_err(|_| Error::InvalidKeyEncoding)?;
        if label != "EC PARAMETERS" || der != expected {
            return Err(Error::UnsupportedKeyAlgorithm);
        }
        Ok(rest)
    }
    impl P256SigningKey {
        /// Reads a PEM `PRIVATE KEY` block (PKCS#8, RFC 7468 §10), as
        /// [`from_pkcs8_der`](Self::from_pkcs8_der). Any other label
        /// (`EC PRIVATE KEY`, `ENCRYPTED PRIVATE KEY`, …) is
        /// [`Error::InvalidKeyEncoding`].
        ///
        /// ```
        /// use hpcrypt::signature::{LineEnding, P256SigningKey};
        /// let key = P256SigningKey::from_bytes(&[7u8; 32])?;
        /// let pem = key.to_pkcs8_pem(LineEnding::LF)?;
        /// assert_eq!(P256SigningKey::from_pkcs8_pem(&pem)?.verifying_key(), key.verifying_key());
        /// # Ok::<(), hpcrypt::Error>(())
        /// ```
        pub fn from_pkcs8_pem(pem: &str) -> Result<Self, Error> {
            let (der, len) = decode(pem, PRIVATE_KEY)?;
            Self::from_pkcs8_der(der.get(..len).unwrap_or_default())
        }

        /// Reads a PEM `EC PRIVATE KEY` block (SEC 1 `ECPrivateKey`, what
        /// `openssl ec` writes), as [`from_sec1_der`](Self::from_sec1_der).
        /// A leading `EC PARAMETERS` block (`openssl ecparam -genkey`) is
        /// skipped if it names P-256.
        ///
        /// ```
        /// use hpcrypt::signature::{LineEnding, P256SigningKey};
        /// let key = P256SigningKey::from_bytes(&[7u8; 32])?;
        /// let pem = key.to_sec1_pem(LineEnding::LF)?;
        /// assert!(pem.starts_with("-----BEGIN EC PRIVATE KEY-----\n"));
        /// assert_eq!(P256SigningKey::from_sec1_pem(&pem)?.verifying_key(), key.verifying_key());
        /// # Ok::<(), hpcrypt::Error>(())
        /// ```
        pub fn from_sec1_pem(pem: &str) -> Result<Self, Error> {
            let (der, len) = decode(skip_ec_parameters(pem)?, EC_PRIVATE_KEY)?;
            Self::from_sec1_der(der.get(..len).unwrap_or_default())
        }

        /// PKCS#8 v1 as a PEM `PRIVATE KEY` block, wiped on drop.
        ///
        /// ```
        /// use hpcrypt::signature::{LineEnding, P256SigningKey};
        /// let pem = P256SigningKey::from_bytes(&[7u8; 32])?.to_pkcs8_pem(LineEnding::LF)?;
        /// assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----\n"));
        /// # Ok::<(), hpcrypt::Error>(())
        /// ```
        pub fn to_pkcs8_pem(&self, line_ending: LineEnding) -> Result<Zeroizing<String>, Error> {
            self.to_pkcs8_der()?
                .to_pem(PRIVATE_KEY, line_ending)
                .map_err(|_| Error::InvalidKeyEncoding)
        }

        /// SEC 1 `ECPrivateKey` as a PEM `EC PRIVATE KEY` block, wiped on
        /// drop.
        ///
        /// ```
        /// use hpcrypt::signature::{LineEnding, P256SigningKey};
        /// let pem = P256SigningKey::from_bytes(&[7u8; 32])?.to_sec1_pem(LineEnding::LF)?;
        /// assert!(pem.ends_with("-----END EC PRIVATE KEY-----\n"));
        /// # Ok::<(), hpcrypt::Error>(())
        /// ```
        pub fn to_sec1_pem(&self, line_ending: LineEnding) -> Result<Zeroizing<String>, Error> {
            self.to_sec1_der()?
                .to_pem(EC_PRIVATE_KEY, line_ending)
                .map_err(|_| Error::InvalidKeyEncoding)
        }
    }

    impl P256VerifyingKey {
        /// Reads a PEM `PUBLIC KEY` block (SubjectPublicKeyInfo, RFC 7468
        /// §13), as [`from_public_key_der`](Self::from_public_key_der).
        ///
        /// ```
        /// use hpcrypt::signature::{LineEnding, P256SigningKey, P256VerifyingKey};
        /// let vk = P256SigningKey::from_bytes(&[7u8; 32])?.verifying_key();
        /// let pem = vk.to_public_key_pem(LineEnding::LF)?;
        /// assert_eq!(P256VerifyingKey::from_public_key_pem(&pem)?, vk);
        /// # Ok::<(), hpcrypt::Error>(())
        /// ```
        pub fn from_public_key_pem(pem: &str) -> Result<Self, Error> {
            // Decoded into a wiped buffer: a private key handed over by
            // mistake must not stay in memory either.
            let (der, len) = decode(pem, PUBLIC_KEY)?;
            Self::from_public_key_der(der.get(..len).unwrap_or_default())
        }

        /// SubjectPublicKeyInfo as a PEM `PUBLIC KEY` block.
        ///
        /// ```
        /// use hpcrypt::signature::{LineEnding, P256SigningKey};
        /// let vk = P256SigningKey::from_bytes(&[7u8; 32])?.verifying_key();
        /// assert!(vk.to_public_key_pem(LineEnding::LF)?.starts_with("-----BEGIN PUBLIC KEY-----\n"));
        /// # Ok::<(), hpcrypt::Error>(())
        /// ```
        pub fn to_public_key_pem(&self, line_ending: LineEnding) -> Result<String, Error> {
            der::pem::encode_string(PUBLIC_KEY, line_ending, &self.to_public_key_der()?)
                .map_err(|_| Error::InvalidKeyEncoding)
        }
    }
}
