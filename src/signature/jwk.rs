//! What the JSON Web Key readers of both curves share (RFC 7517 §4, RFC
//! 7515 §2): parsing one JSON object with its `kty` and `crv` checked,
//! strict unpadded base64url of exactly 32 bytes, and wiping every string
//! of the parsed document when it is dropped.
//!
//! JSON is parsed by `serde_json`, base64url decoded by `base64ct`
//! (constant time, strict: padding and non-canonical trailing bits are
//! refused). A private JWK handed to a public-key reader, or refused for
//! its `kty`/`crv`, still carries `d`: hence [`Members`]' wiping drop.

use alloc::string::String;

use base64ct::{Base64UrlUnpadded, Encoding};
use serde_json::{Map, Value};
use zeroize::{Zeroize, Zeroizing};

use crate::Error;

/// base64url length of 32 bytes without padding: ⌈32·4/3⌉.
pub(crate) const B64_32: usize = 43;

/// The members of a parsed JWK; on drop every string in them (and in any
/// nested value) is wiped, so that a `d` the caller did not take out is not
/// left in freed memory. serde_json caps nesting at 128, which bounds the
/// recursion of [`wipe`].
pub(crate) struct Members(Map<String, Value>);

impl Drop for Members {
    fn drop(&mut self) {
        self.0.values_mut().for_each(wipe);
    }
}

fn wipe(value: &mut Value) {
    match value {
        Value::String(s) => s.zeroize(),
        Value::Array(a) => a.iter_mut().for_each(wipe),
        Value::Object(o) => o.values_mut().for_each(wipe),
        _ => {}
    }
}

/// Parses a JWK object whose `kty` and `crv` must be the given ones.
///
/// Errors: [`Error::InvalidKeyEncoding`] (not a JSON object, `kty`/`crv`
/// missing or not strings), [`Error::UnsupportedKeyAlgorithm`] (another
/// key type or curve).
pub(crate) fn parse(json: &str, kty: &str, crv: &str) -> Result<Members, Error> {
    let mut value: Value = serde_json::from_str(json).map_err(|_| Error::InvalidKeyEncoding)?;
    let Value::Object(map) = &mut value else {
        wipe(&mut value);
        return Err(Error::InvalidKeyEncoding);
    };
    let members = Members(core::mem::take(map));
    for (member, expected) in [("kty", kty), ("crv", crv)] {
        match members.0.get(member) {
            Some(Value::String(v)) if v == expected => {}
            Some(Value::String(_)) => return Err(Error::UnsupportedKeyAlgorithm),
            _ => return Err(Error::InvalidKeyEncoding),
        }
    }
    Ok(members)
}

/// Decodes exactly 32 bytes of unpadded base64url into `out`.
fn decode_32(text: &str, out: &mut [u8; 32]) -> Result<(), Error> {
    if text.len() != B64_32 {
        return Err(Error::InvalidKeyEncoding);
    }
    let decoded = Base64UrlUnpadded::decode(text, out).map_err(|_| Error::InvalidKeyEncoding)?;
    if decoded.len() != 32 {
        return Err(Error::InvalidKeyEncoding);
    }
    Ok(())
}

impl Members {
    /// The public member `name`: 32 bytes of unpadded base64url.
    ///
    /// Errors: [`Error::InvalidKeyEncoding`] if missing, not a string or
    /// not exactly 32 bytes.
    pub(crate) fn bytes_32(&self, name: &str) -> Result<[u8; 32], Error> {
        let Some(Value::String(text)) = self.0.get(name) else {
            return Err(Error::InvalidKeyEncoding);
        };
        let mut out = [0u8; 32];
        decode_32(text, &mut out)?;
        Ok(out)
    }

    /// Moves the secret member `name` out (no copy left in the map) and
    /// decodes it into `out`, which the caller wipes.
    pub(crate) fn take_secret_32(&mut self, name: &str, out: &mut [u8; 32]) -> Result<(), Error> {
        let text = match self.0.remove(name) {
            Some(Value::String(text)) => Zeroizing::new(text),
            Some(mut other) => {
                wipe(&mut other);
                return Err(Error::InvalidKeyEncoding);
            }
            None => return Err(Error::InvalidKeyEncoding),
        };
        decode_32(&text, out)
    }
}
