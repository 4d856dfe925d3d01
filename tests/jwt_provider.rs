//! `hpcrypt::jwt` as jsonwebtoken 12's crypto provider: what a user of
//! jsonwebtoken sees after one `hpcrypt::jwt::install_default()` call.
//!
//! No built-in jsonwebtoken provider is compiled in (the dev-dependency has
//! neither `rust_crypto` nor `aws_lc_rs`), so nothing but hpcrypt can sign or
//! verify here; every test installs it first (harmless when repeated).
//! Tokens from other implementations are fixed files
//! (`tests/jwt_fixtures/tokens.txt`, made once by jsonwebtoken's own
//! `rust_crypto` provider and by PyJWT 2.6.0): hpcrypt must accept them and,
//! HMAC and Ed25519 being deterministic, produce the very same signature over
//! the same signing input, so that they accept hpcrypt's tokens too. If a
//! `python3` with PyJWT is on the PATH, PyJWT also checks fresh hpcrypt
//! tokens live.

mod jwt_common;
use jwt_common::{
    assert_hs256_confusion_refused, assert_tampering_refused, b64, claims, fixtures, kind, root,
    setup, validation, Claims,
};

use hpcrypt::signature::{Ed25519SigningKey, LineEnding};
use jsonwebtoken::crypto::{sign, verify, CryptoProvider, KeyUtils};
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::jwk::{EllipticCurve, Jwk, ThumbprintHash};
use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};

const HMAC: [Algorithm; 3] = [Algorithm::HS256, Algorithm::HS384, Algorithm::HS512];
// ES256 is supported (tests/jwt_es256.rs); ES384 is not.
const UNSUPPORTED: [Algorithm; 7] = [
    Algorithm::RS256,
    Algorithm::RS384,
    Algorithm::RS512,
    Algorithm::PS256,
    Algorithm::PS384,
    Algorithm::PS512,
    Algorithm::ES384,
];

fn secret() -> Vec<u8> {
    let hex = std::fs::read_to_string(fixtures().join("hmac-secret.hex")).unwrap();
    hex::decode(hex.trim()).unwrap()
}

/// Key A of the key-format vectors.
fn key_a() -> Ed25519SigningKey {
    let pem = std::fs::read_to_string(
        root().join("test-vectors/key-formats/openssl/ed25519-a-pkcs8v1.pem"),
    )
    .unwrap();
    Ed25519SigningKey::from_pkcs8_pem(&pem).unwrap()
}

/// Every way jsonwebtoken builds an EdDSA signing key from hpcrypt's output.
fn ed_encoding_keys(key: &Ed25519SigningKey) -> Vec<EncodingKey> {
    vec![
        EncodingKey::from_ed_der(key.to_pkcs8_der().unwrap().as_bytes()),
        EncodingKey::from_ed_der(key.to_pkcs8_v2_der().unwrap().as_bytes()),
        EncodingKey::from_ed_pem(key.to_pkcs8_pem(LineEnding::LF).unwrap().as_bytes()).unwrap(),
    ]
}

/// Every way jsonwebtoken builds an EdDSA verifying key.
fn ed_decoding_keys(key: &Ed25519SigningKey) -> Vec<DecodingKey> {
    let vk = key.verifying_key();
    let jwk: Jwk = serde_json::from_str(&vk.to_jwk()).unwrap();
    let x = &vk.to_jwk()[r#"{"kty":"OKP","crv":"Ed25519","x":""#.len()..][..43].to_string();
    vec![
        DecodingKey::from_ed_der(&vk.to_bytes()),
        DecodingKey::from_ed_pem(vk.to_public_key_pem(LineEnding::LF).unwrap().as_bytes()).unwrap(),
        DecodingKey::from_ed_components(x).unwrap(),
        DecodingKey::from_jwk(&jwk).unwrap(),
    ]
}

// --- round trips -------------------------------------------------------------

#[test]
fn hmac_round_trips_with_validation() {
    setup();
    let c = claims();
    for alg in HMAC {
        for (enc, dec) in [
            (
                EncodingKey::from_secret(&secret()).unwrap(),
                DecodingKey::from_secret(&secret()).unwrap(),
            ),
            (
                EncodingKey::from_base64_secret("c2VjcmV0").unwrap(),
                DecodingKey::from_base64_secret("c2VjcmV0").unwrap(),
            ),
        ] {
            let token = encode(&Header::new(alg), &c, &enc).unwrap();
            let got = decode::<Claims>(&token, &dec, &validation(alg)).unwrap();
            assert_eq!(got.claims, c);
            assert_eq!(got.header.alg, alg);
        }
    }
}

#[test]
fn eddsa_round_trips_with_der_pem_and_jwk_keys() {
    setup();
    let key = Ed25519SigningKey::from_bytes(&[0x42; 32]);
    let c = claims();
    for enc in ed_encoding_keys(&key) {
        let token = encode(&Header::new(Algorithm::EdDSA), &c, &enc).unwrap();
        for dec in ed_decoding_keys(&key) {
            let got = decode::<Claims>(&token, &dec, &validation(Algorithm::EdDSA)).unwrap();
            assert_eq!(got.claims, c);
        }
    }
}

/// RFC 8037 Appendix A.4: the published JWS, byte for byte.
#[test]
fn rfc8037_appendix_a4() {
    setup();
    let jwk = r#"{"kty":"OKP","crv":"Ed25519","d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#;
    let key = Ed25519SigningKey::from_jwk(jwk).unwrap();
    let input = b"eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc";
    let sig =
        "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg";
    let enc = EncodingKey::from_ed_der(key.to_pkcs8_der().unwrap().as_bytes());
    assert_eq!(sign(input, &enc, Algorithm::EdDSA).unwrap(), sig);
    let dec =
        DecodingKey::from_ed_components("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo").unwrap();
    assert!(verify(sig, input, &dec, Algorithm::EdDSA).unwrap());
}

// --- JWK helpers (key_utils) ---------------------------------------------------

/// RFC 8037 Appendix A.3: the RFC 7638 SHA-256 thumbprint of the A.2 key;
/// SHA-384 and SHA-512 against the `sha2` crate.
#[test]
fn jwk_thumbprints_and_x_from_a_private_key() {
    setup();
    let jwk = r#"{"kty":"OKP","crv":"Ed25519","d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#;
    let key = Ed25519SigningKey::from_jwk(jwk).unwrap();
    // jsonwebtoken's `Jwk::from_encoding_key` itself takes only the 48-byte
    // PKCS#8 v1 form (one more reason hpcrypt writes v1); key_utils below
    // also reads v2.
    let mut encs = ed_encoding_keys(&key);
    encs.remove(1);
    for enc in encs {
        let public = Jwk::from_encoding_key(&enc, Algorithm::EdDSA).unwrap();
        let expected: Jwk = serde_json::from_value(serde_json::json!({
            "kty": "OKP", "crv": "Ed25519", "alg": "EdDSA",
            "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo",
        }))
        .unwrap();
        assert_eq!(public, expected);
        assert_eq!(
            public.thumbprint(ThumbprintHash::SHA256).unwrap(),
            "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"
        );
        use base64::Engine as _;
        use sha2::Digest as _;
        let pre =
            br#"{"crv":"Ed25519","kty":"OKP","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#;
        let b64 = |d: &[u8]| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(d);
        assert_eq!(
            public.thumbprint(ThumbprintHash::SHA384).unwrap(),
            b64(&sha2::Sha384::digest(pre))
        );
        assert_eq!(
            public.thumbprint(ThumbprintHash::SHA512).unwrap(),
            b64(&sha2::Sha512::digest(pre))
        );
    }
    let utils: &KeyUtils = &hpcrypt::jwt::PROVIDER.key_utils;
    let der = key.to_pkcs8_der().unwrap();
    for doc in [der.as_bytes(), key.to_pkcs8_v2_der().unwrap().as_bytes()] {
        assert_eq!(
            (utils.ed_pub_components_from_private_key)(doc, &EllipticCurve::Ed25519).unwrap(),
            key.verifying_key().to_bytes()
        );
    }
    assert_eq!(
        kind((utils.ed_pub_components_from_private_key)(
            &der.as_bytes()[..40],
            &EllipticCurve::Ed25519
        )),
        ErrorKind::InvalidEddsaKey
    );
    assert_eq!(
        kind((utils.ed_pub_components_from_private_key)(
            der.as_bytes(),
            &EllipticCurve::P256
        )),
        ErrorKind::InvalidAlgorithm
    );
}

// --- refusals ------------------------------------------------------------------

#[test]
fn tampered_tokens_are_refused() {
    setup();
    let key = Ed25519SigningKey::from_bytes(&[7; 32]);
    let c = claims();
    let mut cases = vec![(
        encode(
            &Header::new(Algorithm::EdDSA),
            &c,
            &ed_encoding_keys(&key)[0],
        )
        .unwrap(),
        ed_decoding_keys(&key).remove(0),
        Algorithm::EdDSA,
    )];
    for alg in HMAC {
        cases.push((
            encode(
                &Header::new(alg),
                &c,
                &EncodingKey::from_secret(&secret()).unwrap(),
            )
            .unwrap(),
            DecodingKey::from_secret(&secret()).unwrap(),
            alg,
        ));
    }
    for (token, dec, alg) in cases {
        assert_tampering_refused(&token, &dec, alg);
    }
}

#[test]
fn wrong_keys_are_refused() {
    setup();
    let c = claims();
    let key = Ed25519SigningKey::from_bytes(&[7; 32]);
    let other = Ed25519SigningKey::from_bytes(&[8; 32]);
    let token = encode(
        &Header::new(Algorithm::EdDSA),
        &c,
        &ed_encoding_keys(&key)[0],
    )
    .unwrap();
    for dec in ed_decoding_keys(&other) {
        assert_eq!(
            kind(decode::<Claims>(
                &token,
                &dec,
                &validation(Algorithm::EdDSA)
            )),
            ErrorKind::InvalidSignature
        );
    }
    for alg in HMAC {
        let token = encode(
            &Header::new(alg),
            &c,
            &EncodingKey::from_secret(&secret()).unwrap(),
        )
        .unwrap();
        let mut wrong = secret();
        wrong[0] ^= 1;
        assert_eq!(
            kind(decode::<Claims>(
                &token,
                &DecodingKey::from_secret(&wrong).unwrap(),
                &validation(alg)
            )),
            ErrorKind::InvalidSignature
        );
    }
}

/// The classic confusion: an HS256 token whose MAC key is the EdDSA public
/// key's bytes must not verify under that EdDSA key, whatever the
/// validation lists.
#[test]
fn alg_confusion_is_refused() {
    setup();
    let key = Ed25519SigningKey::from_bytes(&[9; 32]);
    let public = key.verifying_key().to_bytes();
    for dec in ed_decoding_keys(&key) {
        assert_hs256_confusion_refused(&public, &dec, Algorithm::EdDSA);
    }
    // And an EdDSA key handed to the HMAC signer, or a secret to EdDSA.
    let p = &hpcrypt::jwt::PROVIDER;
    let enc = &ed_encoding_keys(&key)[0];
    assert_eq!(
        kind((p.signer_factory)(&Algorithm::HS256, enc)),
        ErrorKind::InvalidKeyFormat
    );
    let secret = EncodingKey::from_secret(&public).unwrap();
    assert_eq!(
        kind((p.signer_factory)(&Algorithm::EdDSA, &secret)),
        ErrorKind::InvalidKeyFormat
    );
}

#[test]
fn unsupported_algorithms_are_errors() {
    setup();
    let p = &hpcrypt::jwt::PROVIDER;
    let keys = [
        (
            EncodingKey::from_rsa_der(b"not a key"),
            DecodingKey::from_rsa_der(b"not a key"),
        ),
        (
            EncodingKey::from_ec_der(b"not a key"),
            DecodingKey::from_ec_der(b"not a key"),
        ),
        (
            EncodingKey::from_secret(b"secret").unwrap(),
            DecodingKey::from_secret(b"secret").unwrap(),
        ),
    ];
    for alg in UNSUPPORTED {
        for (enc, dec) in &keys {
            assert_eq!(
                kind((p.signer_factory)(&alg, enc)),
                ErrorKind::UnsupportedAlgorithm
            );
            assert_eq!(
                kind((p.verifier_factory)(&alg, dec)),
                ErrorKind::UnsupportedAlgorithm
            );
        }
        assert_eq!(
            kind(sign(b"m", &keys[0].0, alg)),
            ErrorKind::UnsupportedAlgorithm
        );
    }
    let rsa = DecodingKey::from_rsa_components("AQAB", "AQAB").unwrap();
    assert_eq!(
        kind(decode::<Claims>(
            "eyJhbGciOiJSUzI1NiJ9.e30.AAAA",
            &rsa,
            &Validation::new(Algorithm::RS256)
        )),
        ErrorKind::UnsupportedAlgorithm
    );
    let u = &p.key_utils;
    assert_eq!(
        kind((u.rsa_pub_components_from_private_key)(b"x")),
        ErrorKind::UnsupportedAlgorithm
    );
    assert_eq!(
        kind((u.rsa_pub_components_from_public_key)(b"x")),
        ErrorKind::UnsupportedAlgorithm
    );
    assert_eq!(
        kind((u.ec_pub_components_from_private_key)(
            b"x",
            Algorithm::ES384
        )),
        ErrorKind::UnsupportedAlgorithm
    );
    assert!(Jwk::from_encoding_key(&keys[0].0, Algorithm::RS256).is_err());
    assert!(Jwk::from_encoding_key(&keys[1].0, Algorithm::ES256).is_err());
}

/// Malformed Ed25519 keys are `InvalidEddsaKey`, never a panic (jsonwebtoken
/// 12.0.0's own RustCrypto verifier panics on an `x` shorter than 32 bytes).
#[test]
fn malformed_ed25519_keys_are_errors() {
    setup();
    let token = encode(
        &Header::new(Algorithm::EdDSA),
        &claims(),
        &ed_encoding_keys(&key_a())[0],
    )
    .unwrap();
    let mut identity = [0u8; 32];
    identity[0] = 1;
    for x in [
        "AAAA".to_string(),
        String::new(),
        "A".repeat(43),
        "_".repeat(44),
        b64(&identity),
        b64(&[0u8; 33]),
    ] {
        let Ok(dec) = DecodingKey::from_ed_components(&x) else {
            continue;
        };
        assert_eq!(
            kind(decode::<Claims>(
                &token,
                &dec,
                &validation(Algorithm::EdDSA)
            )),
            ErrorKind::InvalidEddsaKey,
            "{x:?}"
        );
    }
    // SPKI DER is not what `DecodingKey::from_ed_der` takes (the raw key is).
    let spki = key_a().verifying_key().to_public_key_der().unwrap();
    assert_eq!(
        kind(decode::<Claims>(
            &token,
            &DecodingKey::from_ed_der(&spki),
            &validation(Algorithm::EdDSA)
        )),
        ErrorKind::InvalidEddsaKey
    );
    for bad in [&b""[..], b"\x30\x00", &spki] {
        assert_eq!(
            kind(sign(b"m", &EncodingKey::from_ed_der(bad), Algorithm::EdDSA)),
            ErrorKind::InvalidEddsaKey
        );
    }
}

// --- install_default -----------------------------------------------------------

static OTHER: CryptoProvider = CryptoProvider {
    signer_factory: |_, _| Err(ErrorKind::Provider("other".into()).into()),
    verifier_factory: |_, _| Err(ErrorKind::Provider("other".into()).into()),
    key_utils: KeyUtils::new_unimplemented(),
};

#[test]
fn install_default_is_idempotent_and_never_panics() {
    setup();
    assert!(hpcrypt::jwt::install_default());
    assert!(hpcrypt::jwt::is_default());
    // Another provider cannot displace it, and trying is not a panic.
    assert!(OTHER.install_default().is_err());
    assert!(hpcrypt::jwt::install_default());
    assert!(std::ptr::eq(
        CryptoProvider::try_get_default().unwrap(),
        &hpcrypt::jwt::PROVIDER
    ));
}

// --- tokens from other implementations -------------------------------------------

#[test]
fn fixed_tokens_from_rust_crypto_and_pyjwt_verify_and_match() {
    setup();
    let text = std::fs::read_to_string(fixtures().join("tokens.txt")).unwrap();
    let c = claims();
    let key = key_a();
    let mut seen = std::collections::BTreeSet::new();
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let mut it = line.split(' ');
        let (issuer, alg, token) = (it.next().unwrap(), it.next().unwrap(), it.next().unwrap());
        let alg: Algorithm = alg.parse().unwrap();
        let (enc, dec) = if alg == Algorithm::EdDSA {
            (
                ed_encoding_keys(&key).remove(0),
                ed_decoding_keys(&key).remove(0),
            )
        } else {
            (
                EncodingKey::from_secret(&secret()).unwrap(),
                DecodingKey::from_secret(&secret()).unwrap(),
            )
        };
        let got = decode::<Claims>(token, &dec, &validation(alg))
            .unwrap_or_else(|e| panic!("{issuer} {alg:?}: {e}"));
        assert_eq!(got.claims, c);
        // The same signing input signed by hpcrypt: the same signature.
        let (input, sig) = token.rsplit_once('.').unwrap();
        assert_eq!(
            sign(input.as_bytes(), &enc, alg).unwrap(),
            sig,
            "{issuer} {alg:?}"
        );
        seen.insert((issuer.split('-').next().unwrap().to_string(), alg as u8));
    }
    assert_eq!(seen.len(), 8, "4 algorithms from each of 2 issuers");
}

/// Live check, if PyJWT is installed: PyJWT verifies fresh hpcrypt tokens.
#[test]
fn pyjwt_verifies_hpcrypt_tokens_when_available() {
    setup();
    let python = ["/usr/bin/python3", "python3"].into_iter().find(|p| {
        std::process::Command::new(p)
            .args(["-c", "import jwt, cryptography"])
            .output()
            .is_ok_and(|o| o.status.success())
    });
    let Some(python) = python else {
        println!(
            "note: no python3 with PyJWT; live PyJWT check skipped (fixed tokens still checked)"
        );
        return;
    };
    let key = key_a();
    let c = claims();
    let public_pem = key
        .verifying_key()
        .to_public_key_pem(LineEnding::LF)
        .unwrap();
    let mut tokens = vec![(
        "EdDSA",
        encode(
            &Header::new(Algorithm::EdDSA),
            &c,
            &ed_encoding_keys(&key)[2],
        )
        .unwrap(),
    )];
    for (name, alg) in [("HS256", HMAC[0]), ("HS384", HMAC[1]), ("HS512", HMAC[2])] {
        let enc = EncodingKey::from_secret(&secret()).unwrap();
        tokens.push((name, encode(&Header::new(alg), &c, &enc).unwrap()));
    }
    const SCRIPT: &str = r#"
import sys, jwt
alg, token, secret_hex, pem = sys.argv[1:5]
key = pem.encode() if alg == "EdDSA" else bytes.fromhex(secret_hex)
c = jwt.decode(token, key, algorithms=[alg], audience="https://api.example.com",
               issuer="https://auth.example.com")
print(c["sub"])
"#;
    let secret_hex = hex::encode(secret());
    for (alg, token) in tokens {
        let out = std::process::Command::new(python)
            .args(["-c", SCRIPT, alg, &token, &secret_hex, &public_pem])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "PyJWT refused hpcrypt's {alg}: {out:?}"
        );
        assert_eq!(String::from_utf8(out.stdout).unwrap().trim(), "user-42");
    }
    println!("checked: PyJWT ({python}) verified hpcrypt's HS256/384/512 and EdDSA tokens");
}
