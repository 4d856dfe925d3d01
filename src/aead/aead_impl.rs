//! RustCrypto `aead` 0.6 traits for AES-GCM (feature `aead`): `KeyInit`,
//! `AeadCore` (12-byte nonce, 16-byte tag after the ciphertext) and
//! `AeadInOut`, which gives the in-place `encrypt_in_place`/
//! `decrypt_in_place` methods and, through `aead`'s blanket impls, its
//! `Aead` (with `aead/alloc`) and deprecated `AeadInPlace`. Also
//! `From<hpcrypt::Error>` for `aead::Error`.
//!
//! The work is done by the same code as hpcrypt's own [`Aead`]: no
//! plaintext is released unless the tag verified.
//!
//! ```
//! use aead::{AeadInOut, KeyInit};
//! use hpcrypt::aead::AesGcm256;
//!
//! let cipher = <AesGcm256 as KeyInit>::new(&[0x42u8; 32].into());
//! let nonce = [7u8; 12].into();
//! let mut buf: Vec<u8> = b"4111 1111 1111 1111".to_vec();
//! cipher.encrypt_in_place(&nonce, b"card", &mut buf)?;
//! assert_eq!(buf.len(), 19 + 16);
//! cipher.decrypt_in_place(&nonce, b"card", &mut buf)?;
//! assert_eq!(buf, b"4111 1111 1111 1111");
//! # Ok::<(), aead::Error>(())
//! ```

use super::{Aead, AesGcm128, AesGcm256};
use aead::consts::{U12, U16, U32};
use aead::inout::InOutBuf;
use aead::{AeadCore, AeadInOut, Key, KeyInit, KeySizeUser, Nonce, Tag, TagPosition};

/// Implements the `aead` traits for one key size over hpcrypt's [`Aead`].
macro_rules! impl_aead {
    ($name:ident, $key:ty) => {
        impl KeySizeUser for $name {
            type KeySize = $key;
        }

        impl KeyInit for $name {
            fn new(key: &Key<Self>) -> Self {
                <$name>::new(&key.0)
            }
        }

        impl AeadCore for $name {
            type NonceSize = U12;
            type TagSize = U16;
            const TAG_POSITION: TagPosition = TagPosition::Postfix;
        }

        impl AeadInOut for $name {
            /// Copies the input to the output (when they differ) and
            /// encrypts there.
            fn encrypt_inout_detached(
                &self,
                nonce: &Nonce<Self>,
                associated_data: &[u8],
                buffer: InOutBuf<'_, '_, u8>,
            ) -> aead::Result<Tag<Self>> {
                let out = buffer.into_out_with_copied_in();
                let tag = self.encrypt_in_place_detached(nonce.as_slice(), associated_data, out)?;
                Ok(tag.into())
            }

            /// Copies the ciphertext to the output (when they differ) and
            /// opens it there; on failure the output holds no plaintext.
            fn decrypt_inout_detached(
                &self,
                nonce: &Nonce<Self>,
                associated_data: &[u8],
                buffer: InOutBuf<'_, '_, u8>,
                tag: &Tag<Self>,
            ) -> aead::Result<()> {
                let out = buffer.into_out_with_copied_in();
                self.decrypt_in_place_detached(nonce.as_slice(), associated_data, out, tag)?;
                Ok(())
            }
        }
    };
}

impl_aead!(AesGcm128, U16);
impl_aead!(AesGcm256, U32);

/// `aead::Error` is opaque by design; every hpcrypt error maps to it.
///
/// ```
/// let e: aead::Error = hpcrypt::Error::AuthenticationFailed.into();
/// assert_eq!(e, aead::Error);
/// ```
impl From<crate::Error> for aead::Error {
    fn from(_: crate::Error) -> Self {
        aead::Error
    }
}
