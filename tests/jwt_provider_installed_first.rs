//! `hpcrypt::jwt::install_default()` after another provider was installed
//! (its own process: jsonwebtoken's default is set once per process) is
//! harmless: no panic, `false`, and the other provider stays in charge.

use jsonwebtoken::crypto::{CryptoProvider, KeyUtils};
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{encode, Algorithm, EncodingKey, Header};

static OTHER: CryptoProvider = CryptoProvider {
    signer_factory: |_, _| Err(ErrorKind::Provider("other".into()).into()),
    verifier_factory: |_, _| Err(ErrorKind::Provider("other".into()).into()),
    key_utils: KeyUtils::new_unimplemented(),
};

#[test]
fn installing_after_another_provider_is_false_and_harmless() {
    assert!(OTHER.install_default().is_ok());
    assert!(!hpcrypt::jwt::install_default());
    assert!(!hpcrypt::jwt::install_default());
    assert!(!hpcrypt::jwt::is_default());
    let key = EncodingKey::from_secret(b"secret").unwrap();
    let err = encode(&Header::new(Algorithm::HS256), &"claims", &key).unwrap_err();
    assert_eq!(*err.kind(), ErrorKind::Provider("other".into()));
}
