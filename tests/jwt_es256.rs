//! ES256 (RFC 7518 §3.4) through `hpcrypt::jwt::PROVIDER`: what a user of
//! jsonwebtoken 12 sees after `hpcrypt::jwt::install_default()`.
//!
//! Every way jsonwebtoken hands over a P-256 key (PKCS#8 DER and PEM, SEC 1
//! DER via `from_ec_der`, the SEC 1 point, SPKI DER, `x`/`y` components, an
//! `EC` JWK) signs and verifies; tampered tokens, wrong keys, algorithm
//! confusion and malformed keys are errors of jsonwebtoken's kinds, never
//! panics; ES384 stays `UnsupportedAlgorithm`. Interop: RFC 7515 A.3's
//! published token; fixed tokens PyJWT made (`tests/jwt_fixtures/
//! es256-tokens.txt`); live, when present, PyJWT verifying hpcrypt's tokens
//! and the `openssl` command signing and verifying (`openssl dgst -sha256`,
//! DER signatures converted with `P256Signature::{from_der, to_der}`).

use std::process::Command;

mod jwt_common;
use jwt_common::{
    assert_hs256_confusion_refused, assert_tampering_refused, b64, claims, fixtures, kind, root,
    setup, validation, Claims,
};

use hpcrypt::signature::{LineEnding, P256Signature, P256SigningKey, P256VerifyingKey};
use jsonwebtoken::crypto::{sign, verify, KeyUtils};
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::jwk::{EllipticCurve, Jwk, ThumbprintHash};
use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header};

/// The P-256 group order n (FIPS 186-5, SEC 2), big-endian.
const N: [u8; 32] = [
    0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51,
];

fn vector(f: &str) -> String {
    std::fs::read_to_string(root().join("test-vectors/p256-key-formats").join(f)).unwrap()
}

/// Key A of the P-256 key-format vectors (made by `openssl genpkey`).
fn key_a() -> P256SigningKey {
    P256SigningKey::from_pkcs8_pem(&vector("openssl/p256-a-pkcs8.pem")).unwrap()
}

fn unb64(s: &str) -> Vec<u8> {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(s)
        .unwrap()
}

/// Every way jsonwebtoken builds an ES256 signing key from hpcrypt's output.
fn encoding_keys(key: &P256SigningKey) -> Vec<EncodingKey> {
    vec![
        EncodingKey::from_ec_der(key.to_pkcs8_der().unwrap().as_bytes()),
        EncodingKey::from_ec_pem(key.to_pkcs8_pem(LineEnding::LF).unwrap().as_bytes()).unwrap(),
        // SEC 1 DER (from `openssl ec -outform DER`), read by hpcrypt's signer.
        EncodingKey::from_ec_der(key.to_sec1_der().unwrap().as_bytes()),
    ]
}

/// Every way jsonwebtoken builds an ES256 verifying key.
fn decoding_keys(vk: &P256VerifyingKey) -> Vec<DecodingKey> {
    let jwk: Jwk = serde_json::from_str(&vk.to_jwk()).unwrap();
    vec![
        DecodingKey::from_ec_pem(vk.to_public_key_pem(LineEnding::LF).unwrap().as_bytes()).unwrap(),
        DecodingKey::from_ec_der(&vk.to_sec1_uncompressed()),
        DecodingKey::from_ec_der(&vk.to_sec1_compressed()),
        DecodingKey::from_ec_der(&vk.to_public_key_der().unwrap()),
        DecodingKey::from_ec_components(&b64(&vk.x()), &b64(&vk.y())).unwrap(),
        DecodingKey::from_jwk(&jwk).unwrap(),
    ]
}

// --- round trips -------------------------------------------------------------

#[test]
fn round_trips_with_every_key_form() {
    setup();
    let c = claims();
    for key in [key_a(), P256SigningKey::from_bytes(&[0x42; 32]).unwrap()] {
        for enc in encoding_keys(&key) {
            let token = encode(&Header::new(Algorithm::ES256), &c, &enc).unwrap();
            let sig = unb64(token.rsplit_once('.').unwrap().1);
            assert_eq!(sig.len(), 64, "JWS ES256 signatures are r || s");
            for dec in decoding_keys(&key.verifying_key()) {
                let got = decode::<Claims>(&token, &dec, &validation(Algorithm::ES256)).unwrap();
                assert_eq!(got.claims, c);
                assert_eq!(got.header.alg, Algorithm::ES256);
            }
        }
    }
}

/// RFC 7515 Appendix A.3: the published ES256 JWS verifies with the
/// published key, and hpcrypt's signature over the same input too (ECDSA
/// nonces differ, so the bytes do not).
#[test]
fn rfc7515_appendix_a3() {
    setup();
    let input = b"eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";
    let sig =
        "DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q";
    let x = "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU";
    let y = "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0";
    let d = "jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI";
    let dec = DecodingKey::from_ec_components(x, y).unwrap();
    assert!(verify(sig, input, &dec, Algorithm::ES256).unwrap());
    let jwk = format!(r#"{{"kty":"EC","crv":"P-256","x":"{x}","y":"{y}","d":"{d}"}}"#);
    let key = P256SigningKey::from_jwk(&jwk).unwrap();
    let enc = EncodingKey::from_ec_der(key.to_pkcs8_der().unwrap().as_bytes());
    let ours = sign(input, &enc, Algorithm::ES256).unwrap();
    assert!(verify(&ours, input, &dec, Algorithm::ES256).unwrap());
    // RFC 6979: hpcrypt's signatures are deterministic.
    assert_eq!(ours, sign(input, &enc, Algorithm::ES256).unwrap());
    let mut flipped = unb64(sig);
    flipped[10] ^= 1;
    assert!(!verify(&b64(&flipped), input, &dec, Algorithm::ES256).unwrap_or(false));
}

/// n − s for a big-endian 32-byte s (0 < s < n).
fn negate_mod_n(s: &[u8]) -> Vec<u8> {
    let mut out = vec![0u8; 32];
    let mut borrow = 0i16;
    for i in (0..32).rev() {
        let v = i16::from(N[i]) - i16::from(s[i]) - borrow;
        borrow = i16::from(v < 0);
        out[i] = v.rem_euclid(256) as u8;
    }
    out
}

/// FIPS 186-5 accepts s and n − s alike (ECDSA signatures are malleable;
/// JWS does not forbid it), and only those: r or s of 0 or ≥ n fail.
#[test]
fn high_s_verifies_and_out_of_range_values_do_not() {
    setup();
    let key = key_a();
    let token = encode(
        &Header::new(Algorithm::ES256),
        &claims(),
        &encoding_keys(&key)[0],
    )
    .unwrap();
    let (input, sig) = token.rsplit_once('.').unwrap();
    let sig = unb64(sig);
    let dec = &decoding_keys(&key.verifying_key())[0];
    let mut other_s = sig[..32].to_vec();
    other_s.extend(negate_mod_n(&sig[32..]));
    assert!(verify(&b64(&other_s), input.as_bytes(), dec, Algorithm::ES256).unwrap());
    let mut r_plus_n = sig.clone();
    r_plus_n[..32].copy_from_slice(&N);
    for bad in [
        [0u8; 64].to_vec(),
        [sig[..32].to_vec(), vec![0; 32]].concat(),
        [vec![0; 32], sig[32..].to_vec()].concat(),
        [sig[..32].to_vec(), N.to_vec()].concat(),
        r_plus_n,
        [0xffu8; 64].to_vec(),
    ] {
        assert!(!verify(&b64(&bad), input.as_bytes(), dec, Algorithm::ES256).unwrap_or(false));
    }
}

// --- refusals ------------------------------------------------------------------

#[test]
fn tampered_tokens_are_refused() {
    setup();
    let key = key_a();
    let token = encode(
        &Header::new(Algorithm::ES256),
        &claims(),
        &encoding_keys(&key)[0],
    )
    .unwrap();
    let dec = &decoding_keys(&key.verifying_key())[0];
    assert_tampering_refused(&token, dec, Algorithm::ES256);
    // The signature re-encoded as DER (what X.509 carries) is not JWS's r ‖ s.
    let (input, sig) = token.rsplit_once('.').unwrap();
    let der = P256Signature::from_slice(&unb64(sig)).unwrap().to_der();
    let as_der = format!("{input}.{}", b64(der.as_ref()));
    assert_eq!(
        kind(decode::<Claims>(
            &as_der,
            dec,
            &validation(Algorithm::ES256)
        )),
        ErrorKind::InvalidSignature
    );
}

#[test]
fn wrong_keys_are_refused() {
    setup();
    let token = encode(
        &Header::new(Algorithm::ES256),
        &claims(),
        &encoding_keys(&key_a())[0],
    )
    .unwrap();
    let other = P256SigningKey::from_bytes(&[8; 32]).unwrap();
    for dec in decoding_keys(&other.verifying_key()) {
        assert_eq!(
            kind(decode::<Claims>(
                &token,
                &dec,
                &validation(Algorithm::ES256)
            )),
            ErrorKind::InvalidSignature
        );
    }
}

/// An HS256 token whose MAC key is the P-256 public key's bytes must not
/// verify under that key, whatever the validation lists; keys of one family
/// are refused by another's signer and verifier.
#[test]
fn alg_confusion_is_refused() {
    setup();
    let key = key_a();
    let vk = key.verifying_key();
    let p = &hpcrypt::jwt::PROVIDER;
    for public in [
        vk.to_sec1_uncompressed().to_vec(),
        vk.to_public_key_pem(LineEnding::LF).unwrap().into_bytes(),
    ] {
        for dec in decoding_keys(&vk) {
            assert_hs256_confusion_refused(&public, &dec, Algorithm::ES256);
        }
    }
    let ec = &encoding_keys(&key)[0];
    assert_eq!(
        kind((p.signer_factory)(&Algorithm::HS256, ec)),
        ErrorKind::InvalidKeyFormat
    );
    assert_eq!(
        kind((p.signer_factory)(&Algorithm::EdDSA, ec)),
        ErrorKind::InvalidKeyFormat
    );
    let secret = EncodingKey::from_secret(b"secret").unwrap();
    assert_eq!(
        kind((p.signer_factory)(&Algorithm::ES256, &secret)),
        ErrorKind::InvalidKeyFormat
    );
    let ed = hpcrypt::signature::Ed25519SigningKey::from_bytes(&[1; 32]);
    let ed_enc = EncodingKey::from_ed_der(ed.to_pkcs8_der().unwrap().as_bytes());
    assert_eq!(
        kind((p.signer_factory)(&Algorithm::ES256, &ed_enc)),
        ErrorKind::InvalidKeyFormat
    );
    let ed_dec = DecodingKey::from_ed_der(&ed.verifying_key().to_bytes());
    assert_eq!(
        kind((p.verifier_factory)(&Algorithm::ES256, &ed_dec)),
        ErrorKind::InvalidKeyFormat
    );
    // Ed25519 PKCS#8 labelled as EC is still not a P-256 key.
    let ed_as_ec = EncodingKey::from_ec_der(ed.to_pkcs8_der().unwrap().as_bytes());
    assert_eq!(
        kind((p.signer_factory)(&Algorithm::ES256, &ed_as_ec)),
        ErrorKind::InvalidEcdsaKey
    );
}

/// ES384 (and the RSA family) stay unsupported, with any key.
#[test]
fn es384_stays_unsupported() {
    setup();
    let p = &hpcrypt::jwt::PROVIDER;
    let p384 =
        std::fs::read(root().join("test-vectors/p256-key-formats/openssl/p384-pkcs8.der")).unwrap();
    for enc in [
        EncodingKey::from_ec_der(&p384),
        encoding_keys(&key_a()).remove(0),
    ] {
        assert_eq!(
            kind((p.signer_factory)(&Algorithm::ES384, &enc)),
            ErrorKind::UnsupportedAlgorithm
        );
        assert_eq!(
            kind(sign(b"m", &enc, Algorithm::ES384)),
            ErrorKind::UnsupportedAlgorithm
        );
    }
    for dec in decoding_keys(&key_a().verifying_key()) {
        assert_eq!(
            kind((p.verifier_factory)(&Algorithm::ES384, &dec)),
            ErrorKind::UnsupportedAlgorithm
        );
    }
    let u: &KeyUtils = &p.key_utils;
    assert_eq!(
        kind((u.ec_pub_components_from_private_key)(
            &p384,
            Algorithm::ES384
        )),
        ErrorKind::UnsupportedAlgorithm
    );
}

/// Malformed and foreign-curve keys are `InvalidEcdsaKey`, never a panic.
#[test]
fn malformed_keys_are_errors() {
    setup();
    let read =
        |f: &str| std::fs::read(root().join("test-vectors/p256-key-formats").join(f)).unwrap();
    for bad in [
        b"".to_vec(),
        b"\x30\x00".to_vec(),
        read("openssl/p384-pkcs8.der"),
        read("openssl/secp256k1-pkcs8.der"),
        read("openssl/p256-a-pkcs8-enc.der"),
        read("invalid/pkcs8-mismatched-public-key.der"),
        read("invalid/sec1-scalar-zero.der"),
        read("openssl/p256-a-pub.der"),
    ] {
        assert_eq!(
            kind(sign(
                b"m",
                &EncodingKey::from_ec_der(&bad),
                Algorithm::ES256
            )),
            ErrorKind::InvalidEcdsaKey
        );
    }
    let vk = key_a().verifying_key();
    let mut off = vk.to_sec1_uncompressed();
    off[64] ^= 1;
    let mut identity = [0u8; 65];
    identity[0] = 4;
    let token = encode(
        &Header::new(Algorithm::ES256),
        &claims(),
        &encoding_keys(&key_a())[0],
    )
    .unwrap();
    let mut decs = vec![
        DecodingKey::from_ec_der(&off),
        DecodingKey::from_ec_der(&identity),
        DecodingKey::from_ec_der(&[0u8]),
        DecodingKey::from_ec_der(b""),
        DecodingKey::from_ec_der(&read("invalid/spki-off-curve.der")),
        DecodingKey::from_ec_der(&read("openssl/p256-a-pub-explicit.der")),
        DecodingKey::from_ec_der(&read("openssl/p256-a-pkcs8.der")),
    ];
    for (x, y) in [
        (b64(&vk.x()[1..]), b64(&vk.y())),
        (b64(&vk.x()), String::new()),
        (b64(&[vk.x().as_slice(), &[0]].concat()), b64(&vk.y())),
        (b64(&vk.x()), b64(&off[33..])),
    ] {
        decs.push(DecodingKey::from_ec_components(&x, &y).unwrap());
    }
    for dec in decs {
        assert_eq!(
            kind(decode::<Claims>(
                &token,
                &dec,
                &validation(Algorithm::ES256)
            )),
            ErrorKind::InvalidEcdsaKey
        );
    }
    // jsonwebtoken's own PEM reader takes only PKCS#8 (`PRIVATE KEY`): an
    // `EC PRIVATE KEY` block is its InvalidKeyFormat, before hpcrypt is asked.
    assert_eq!(
        kind(EncodingKey::from_ec_pem(
            vector("openssl/p256-a-sec1.pem").as_bytes()
        )),
        ErrorKind::InvalidKeyFormat
    );
}

// --- JWK helpers (key_utils) ---------------------------------------------------

/// `Jwk::from_encoding_key` asks the provider for `x`, `y`; they match
/// hpcrypt's own JWK, and the RFC 7638 thumbprint is the SHA-256 of the
/// canonical members computed independently.
#[test]
fn jwk_from_encoding_key_and_thumbprint() {
    setup();
    let key = key_a();
    let vk = key.verifying_key();
    let ours: Jwk = serde_json::from_str(&vk.to_jwk()).unwrap();
    for enc in encoding_keys(&key) {
        let jwk = Jwk::from_encoding_key(&enc, Algorithm::ES256).unwrap();
        assert_eq!(jwk.algorithm, ours.algorithm);
        let canonical = format!(
            r#"{{"crv":"P-256","kty":"EC","x":"{}","y":"{}"}}"#,
            b64(&vk.x()),
            b64(&vk.y())
        );
        use sha2::Digest as _;
        assert_eq!(
            jwk.thumbprint(ThumbprintHash::SHA256).unwrap(),
            b64(&sha2::Sha256::digest(canonical.as_bytes()))
        );
    }
    let u: &KeyUtils = &hpcrypt::jwt::PROVIDER.key_utils;
    let (crv, x, y) = (u.ec_pub_components_from_private_key)(
        key.to_pkcs8_der().unwrap().as_bytes(),
        Algorithm::ES256,
    )
    .unwrap();
    assert_eq!(
        (crv, x, y),
        (EllipticCurve::P256, vk.x().to_vec(), vk.y().to_vec())
    );
    assert_eq!(
        kind((u.ec_pub_components_from_private_key)(
            b"x",
            Algorithm::ES256
        )),
        ErrorKind::InvalidEcdsaKey
    );
    assert_eq!(
        kind((u.ec_pub_components_from_private_key)(
            key.to_pkcs8_der().unwrap().as_bytes(),
            Algorithm::EdDSA
        )),
        ErrorKind::InvalidEcdsaKey
    );
}

// --- tokens and signatures from other implementations ---------------------------

#[test]
fn fixed_pyjwt_tokens_verify() {
    setup();
    let text = std::fs::read_to_string(fixtures().join("es256-tokens.txt")).unwrap();
    let vk = key_a().verifying_key();
    let mut n = 0;
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let mut parts = line.split(' ');
        let (issuer, alg, token) = (
            parts.next().unwrap(),
            parts.next().unwrap(),
            parts.next().unwrap(),
        );
        assert_eq!(alg, "ES256");
        for dec in decoding_keys(&vk) {
            let got = decode::<Claims>(token, &dec, &validation(Algorithm::ES256))
                .unwrap_or_else(|e| panic!("{issuer}: {e}"));
            assert_eq!(got.claims, claims());
        }
        n += 1;
    }
    assert_eq!(n, 3);
}

fn python_with_pyjwt() -> Option<&'static str> {
    ["/usr/bin/python3", "python3"].into_iter().find(|p| {
        Command::new(p)
            .args(["-c", "import jwt, cryptography"])
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// Live check, if PyJWT is installed: PyJWT verifies fresh hpcrypt tokens
/// signed from every key form, with the public key as SPKI PEM and as JWK.
#[test]
fn pyjwt_verifies_hpcrypt_tokens_when_available() {
    setup();
    let Some(python) = python_with_pyjwt() else {
        println!(
            "note: no python3 with PyJWT; live PyJWT check skipped (fixed tokens still checked)"
        );
        return;
    };
    const SCRIPT: &str = r#"
import sys, json, jwt
token, pem, jwk = sys.argv[1:4]
for key in (pem.encode(), jwt.PyJWK.from_json(jwk).key):
    c = jwt.decode(token, key, algorithms=["ES256"], audience="https://api.example.com",
                   issuer="https://auth.example.com")
print(c["sub"], jwt.__version__)
"#;
    let mut version = String::new();
    for key in [key_a(), P256SigningKey::from_bytes(&[0x42; 32]).unwrap()] {
        let vk = key.verifying_key();
        let pem = vk.to_public_key_pem(LineEnding::LF).unwrap();
        for enc in encoding_keys(&key) {
            let token = encode(&Header::new(Algorithm::ES256), &claims(), &enc).unwrap();
            let out = Command::new(python)
                .args(["-c", SCRIPT, &token, &pem, &vk.to_jwk()])
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "PyJWT refused hpcrypt's ES256: {out:?}"
            );
            let out = String::from_utf8(out.stdout).unwrap();
            let (sub, v) = out.trim().split_once(' ').unwrap();
            assert_eq!(sub, "user-42");
            version = v.to_string();
        }
    }
    println!("checked: PyJWT {version} ({python}) verified hpcrypt's ES256 tokens");
}

/// Live check, if the `openssl` command is present: it verifies hpcrypt's
/// signatures (converted to DER with `to_der`), and hpcrypt verifies its
/// DER signatures (converted with `from_der`) inside a JWS.
#[test]
fn openssl_signs_and_verifies_with_hpcrypt_when_available() {
    setup();
    if !Command::new("openssl")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success())
    {
        println!("note: no openssl command; OpenSSL ES256 interop skipped");
        return;
    }
    let dir = std::env::temp_dir().join(format!("hpcrypt-es256-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let key = key_a();
    let vk = key.verifying_key();
    let key_pem = dir.join("key.pem");
    let pub_pem = dir.join("pub.pem");
    std::fs::write(
        &key_pem,
        key.to_sec1_pem(LineEnding::LF).unwrap().as_bytes(),
    )
    .unwrap();
    std::fs::write(&pub_pem, vk.to_public_key_pem(LineEnding::LF).unwrap()).unwrap();
    let enc = &encoding_keys(&key)[0];
    let dec = &decoding_keys(&vk)[0];
    for i in 0..8 {
        let c = Claims {
            jti: format!("openssl-{i}"),
            ..claims()
        };
        // hpcrypt signs, OpenSSL verifies.
        let token = encode(&Header::new(Algorithm::ES256), &c, enc).unwrap();
        let (input, sig) = token.rsplit_once('.').unwrap();
        let der = P256Signature::from_slice(&unb64(sig)).unwrap().to_der();
        let (msg, sig_file) = (dir.join("msg"), dir.join("sig.der"));
        std::fs::write(&msg, input).unwrap();
        std::fs::write(&sig_file, der.as_ref()).unwrap();
        let out = Command::new("openssl")
            .args(["dgst", "-sha256", "-verify"])
            .arg(&pub_pem)
            .arg("-signature")
            .arg(&sig_file)
            .arg(&msg)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "openssl refused hpcrypt's signature: {out:?}"
        );
        // OpenSSL signs (DER), hpcrypt verifies the JWS.
        let out = Command::new("openssl")
            .args(["dgst", "-sha256", "-sign"])
            .arg(&key_pem)
            .arg(&msg)
            .output()
            .unwrap();
        assert!(out.status.success());
        let rs = P256Signature::from_der(&out.stdout).unwrap();
        assert_eq!(
            rs.to_der().as_ref(),
            out.stdout.as_slice(),
            "DER round trip"
        );
        let theirs = format!("{input}.{}", b64(&rs.to_bytes()));
        assert_eq!(
            decode::<Claims>(&theirs, dec, &validation(Algorithm::ES256))
                .unwrap()
                .claims,
            c
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
    println!("checked: openssl dgst verified 8 hpcrypt ES256 signatures and signed 8 that hpcrypt verified");
}
