//! `serde` for Ed25519 public keys and signatures (feature `serde`): hex in
//! human-readable formats, bytes in binary ones (see `crate::serde_impl`).
//! A public key is decoded with the checks of
//! [`Ed25519VerifyingKey::from_bytes`]. [`Ed25519SigningKey`](super::Ed25519SigningKey)
//! deliberately has no serde support.

use super::{Ed25519Signature, Ed25519VerifyingKey};
use crate::serde_impl::{deserialize, serialize};
use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

/// ```
/// use hpcrypt::signature::{Ed25519SigningKey, Ed25519VerifyingKey};
/// let vk = Ed25519SigningKey::from_bytes(&[1u8; 32]).verifying_key();
/// let json = serde_json::to_string(&vk)?;
/// assert_eq!(json.len(), 2 + 64);
/// assert_eq!(serde_json::from_str::<Ed25519VerifyingKey>(&json)?, vk);
/// // The identity point is refused, as by `from_bytes`.
/// let identity = format!("\"01{}\"", "00".repeat(31));
/// assert!(serde_json::from_str::<Ed25519VerifyingKey>(&identity).is_err());
/// # Ok::<(), serde_json::Error>(())
/// ```
impl Serialize for Ed25519VerifyingKey {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize(&self.bytes, serializer)
    }
}

impl<'de> Deserialize<'de> for Ed25519VerifyingKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let bytes = deserialize::<D, 32>(deserializer)?;
        Self::from_bytes(&bytes).map_err(de::Error::custom)
    }
}

/// ```
/// use hpcrypt::signature::{Ed25519Signature, Ed25519SigningKey, Signer};
/// let sig = Ed25519SigningKey::from_bytes(&[1u8; 32]).sign(b"m");
/// let json = serde_json::to_string(&sig)?;
/// assert_eq!(serde_json::from_str::<Ed25519Signature>(&json)?, sig);
/// # Ok::<(), serde_json::Error>(())
/// ```
impl Serialize for Ed25519Signature {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize(&self.0, serializer)
    }
}

impl<'de> Deserialize<'de> for Ed25519Signature {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize::<D, 64>(deserializer).map(Self)
    }
}
