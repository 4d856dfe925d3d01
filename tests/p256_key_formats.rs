//! P-256 key formats (features `pkcs8`, `pem`, `jwk`): every file of
//! `test-vectors/p256-key-formats/` in, the verdict of `expected.txt` out
//! (the exact error for refused files, the bytes back for canonical ones);
//! round trips; keys written by ring read here and the other way round;
//! keys written here read by OpenSSL and pyca/cryptography.
//!
//! The foreign readers run only if the `openssl` command and a `python3`
//! with `cryptography` are on the PATH; a missing tool is reported with a
//! printed note and that half is skipped (the byte-exact comparisons with
//! the OpenSSL- and pyca-written files hold regardless).

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use hpcrypt::signature::{LineEnding, P256SigningKey, P256VerifyingKey};
use hpcrypt::Error;

fn dir() -> PathBuf {
    common::vector_path("p256-key-formats")
}

fn walk(d: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(d).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

fn error_named(name: &str) -> Error {
    match name {
        "InvalidKeyEncoding" => Error::InvalidKeyEncoding,
        "UnsupportedKeyAlgorithm" => Error::UnsupportedKeyAlgorithm,
        "PublicKeyMismatch" => Error::PublicKeyMismatch,
        "InvalidPublicKey" => Error::InvalidPublicKey,
        other => panic!("unknown error name {other}"),
    }
}

/// A key read from a file, and the file written back in the same form.
struct Loaded {
    scalar: Option<[u8; 32]>,
    public: [u8; 65],
    written: Vec<u8>,
}

fn load(kind: &str, encoding: &str, bytes: &[u8]) -> Result<Loaded, Error> {
    let text = || std::str::from_utf8(bytes).unwrap();
    let private = |k: P256SigningKey, written: Vec<u8>| Loaded {
        scalar: Some(k.to_bytes()),
        public: k.verifying_key().to_sec1_uncompressed(),
        written,
    };
    let public = |k: P256VerifyingKey, written: Vec<u8>| Loaded {
        scalar: None,
        public: k.to_sec1_uncompressed(),
        written,
    };
    let lf = LineEnding::LF;
    Ok(match (kind, encoding) {
        ("pkcs8" | "encrypted-pkcs8", "der") => {
            let k = P256SigningKey::from_pkcs8_der(bytes)?;
            let w = k.to_pkcs8_der()?.as_bytes().to_vec();
            private(k, w)
        }
        ("pkcs8", "pem") => {
            let k = P256SigningKey::from_pkcs8_pem(text())?;
            let w = k.to_pkcs8_pem(lf)?.as_bytes().to_vec();
            private(k, w)
        }
        ("sec1", "der") => {
            let k = P256SigningKey::from_sec1_der(bytes)?;
            let w = k.to_sec1_der()?.as_bytes().to_vec();
            private(k, w)
        }
        ("sec1", "pem") => {
            let k = P256SigningKey::from_sec1_pem(text())?;
            let w = k.to_sec1_pem(lf)?.as_bytes().to_vec();
            private(k, w)
        }
        ("spki", "der") => {
            let k = P256VerifyingKey::from_public_key_der(bytes)?;
            let w = k.to_public_key_der()?;
            public(k, w)
        }
        ("spki", "pem") => {
            let k = P256VerifyingKey::from_public_key_pem(text())?;
            let w = k.to_public_key_pem(lf)?.into_bytes();
            public(k, w)
        }
        ("jwk-private", "json") => {
            let k = P256SigningKey::from_jwk(text())?;
            let w = format!("{}\n", *k.to_jwk()).into_bytes();
            private(k, w)
        }
        ("jwk-public", "json") => {
            let k = P256VerifyingKey::from_jwk(text())?;
            let w = format!("{}\n", k.to_jwk()).into_bytes();
            public(k, w)
        }
        other => panic!("unknown kind/encoding {other:?}"),
    })
}

#[test]
fn every_key_file_gives_its_expected_result() {
    let records = common::read_kv("p256-key-formats/expected.txt");
    assert_eq!(records.len(), 57, "expected.txt lists 57 files");
    let on_disk = walk(&dir()).len() - 1; // minus expected.txt
    assert_eq!(on_disk, records.len(), "every file has a record");
    let (mut ok, mut refused) = (0, 0);
    for mut r in records {
        let file = r.str("file");
        let bytes = std::fs::read(dir().join(&file)).unwrap();
        let (kind, encoding) = (r.str("kind"), r.str("encoding"));
        let (scalar, public) = (r.hex("scalar"), r.hex("public_key"));
        let canonical = r.str("canonical") == "yes";
        let error = r.str("error");
        r.str("note");
        let got = load(&kind, &encoding, &bytes);
        match r.str("result").as_str() {
            "ok" => {
                let got = got.unwrap_or_else(|e| panic!("{file}: {e:?}"));
                assert_eq!(got.public.as_slice(), public, "{file}");
                match got.scalar {
                    Some(s) => assert_eq!(s.as_slice(), scalar, "{file}"),
                    None => assert!(scalar.is_empty(), "{file}"),
                }
                if canonical {
                    assert_eq!(got.written, bytes, "{file}: written back differs");
                }
                ok += 1;
            }
            "error" => {
                assert_eq!(got.err(), Some(error_named(&error)), "{file}");
                refused += 1;
            }
            other => panic!("{file}: result {other}"),
        }
        r.done();
    }
    println!("p256 key files: {ok} accepted, {refused} refused as expected");
}

/// A file refused by one reader is refused by the others too (never a
/// key from the wrong kind of document).
#[test]
fn readers_do_not_cross_kinds() {
    let read = |f: &str| std::fs::read(dir().join(f)).unwrap();
    let text = |f: &str| String::from_utf8(read(f)).unwrap();
    assert!(P256SigningKey::from_sec1_der(&read("openssl/p256-a-pkcs8.der")).is_err());
    assert!(P256SigningKey::from_pkcs8_der(&read("openssl/p256-a-sec1.der")).is_err());
    assert!(P256VerifyingKey::from_public_key_der(&read("openssl/p256-a-pkcs8.der")).is_err());
    assert!(P256SigningKey::from_pkcs8_der(&read("openssl/p256-a-pub.der")).is_err());
    assert!(P256SigningKey::from_sec1_pem(&text("openssl/p256-a-pkcs8.pem")).is_err());
    assert!(P256SigningKey::from_pkcs8_pem(&text("openssl/p256-a-sec1.pem")).is_err());
    assert!(P256VerifyingKey::from_public_key_pem(&text("openssl/p256-a-pkcs8.pem")).is_err());
    assert!(P256SigningKey::from_jwk(&text("jwk/p256-a-public.jwk")).is_err());
    // A private JWK is also a public one.
    assert_eq!(
        P256VerifyingKey::from_jwk(&text("jwk/p256-a-private.jwk")).unwrap(),
        P256VerifyingKey::from_jwk(&text("jwk/p256-a-public.jwk")).unwrap()
    );
}

fn key(i: u8) -> P256SigningKey {
    let mut d = [0u8; 32];
    for (j, b) in d.iter_mut().enumerate() {
        *b = (j as u8).wrapping_mul(29).wrapping_add(i.wrapping_mul(101)) | 1;
    }
    d[0] &= 0x7f; // below n
    P256SigningKey::from_bytes(&d).unwrap()
}

/// Every format round-trips for many keys.
#[test]
fn every_format_round_trips() {
    for i in 0..16u8 {
        let k = key(i);
        let vk = k.verifying_key();
        let same = |x: P256SigningKey| assert_eq!(x.to_bytes(), k.to_bytes());
        same(P256SigningKey::from_pkcs8_der(k.to_pkcs8_der().unwrap().as_bytes()).unwrap());
        same(P256SigningKey::from_sec1_der(k.to_sec1_der().unwrap().as_bytes()).unwrap());
        same(P256SigningKey::from_pkcs8_pem(&k.to_pkcs8_pem(LineEnding::CRLF).unwrap()).unwrap());
        same(P256SigningKey::from_sec1_pem(&k.to_sec1_pem(LineEnding::LF).unwrap()).unwrap());
        same(P256SigningKey::from_jwk(&k.to_jwk()).unwrap());
        let der = vk.to_public_key_der().unwrap();
        assert_eq!(P256VerifyingKey::from_public_key_der(&der).unwrap(), vk);
        let pem = vk.to_public_key_pem(LineEnding::LF).unwrap();
        assert_eq!(P256VerifyingKey::from_public_key_pem(&pem).unwrap(), vk);
        assert_eq!(P256VerifyingKey::from_jwk(&vk.to_jwk()).unwrap(), vk);
    }
}

/// The RustCrypto traits give the same documents as the inherent methods.
#[test]
fn pkcs8_and_spki_traits_agree_with_the_inherent_methods() {
    let k = key(3);
    let der = pkcs8::EncodePrivateKey::to_pkcs8_der(&k).unwrap();
    assert_eq!(der.as_bytes(), k.to_pkcs8_der().unwrap().as_bytes());
    let again =
        <P256SigningKey as pkcs8::DecodePrivateKey>::from_pkcs8_der(der.as_bytes()).unwrap();
    assert_eq!(again.to_bytes(), k.to_bytes());
    let vk = k.verifying_key();
    let spki = spki::EncodePublicKey::to_public_key_der(&vk).unwrap();
    assert_eq!(spki.as_bytes(), vk.to_public_key_der().unwrap());
    assert_eq!(
        <P256VerifyingKey as spki::DecodePublicKey>::from_public_key_der(spki.as_bytes()).unwrap(),
        vk
    );
    let read = |f: &str| std::fs::read(dir().join(f)).unwrap();
    assert!(matches!(
        <P256SigningKey as pkcs8::DecodePrivateKey>::from_pkcs8_der(&read(
            "openssl/p384-pkcs8.der"
        )),
        Err(pkcs8::Error::PublicKey(spki::Error::OidUnknown { .. }))
    ));
    assert!(matches!(
        <P256SigningKey as pkcs8::DecodePrivateKey>::from_pkcs8_der(&read(
            "invalid/pkcs8-mismatched-public-key.der"
        )),
        Err(pkcs8::Error::KeyMalformed(pkcs8::KeyError::Invalid))
    ));
}

/// Hostile input never panics: every truncation and every single-bit flip
/// of the vector files gives `Ok` or `Err`.
#[test]
fn mutated_documents_never_panic() {
    for p in walk(&dir()) {
        let bytes = std::fs::read(&p).unwrap();
        let all = |b: &[u8]| {
            let _ = P256SigningKey::from_pkcs8_der(b);
            let _ = P256SigningKey::from_sec1_der(b);
            let _ = P256VerifyingKey::from_public_key_der(b);
            if let Ok(s) = std::str::from_utf8(b) {
                let _ = P256SigningKey::from_pkcs8_pem(s);
                let _ = P256SigningKey::from_sec1_pem(s);
                let _ = P256VerifyingKey::from_public_key_pem(s);
                let _ = P256SigningKey::from_jwk(s);
                let _ = P256VerifyingKey::from_jwk(s);
            }
        };
        for n in 0..bytes.len() {
            all(&bytes[..n]);
        }
        for i in 0..bytes.len().min(160) * 8 {
            let mut m = bytes.clone();
            m[i / 8] ^= 1 << (i % 8);
            all(&m);
        }
    }
}

// --- ring ----------------------------------------------------------------------

/// ring writes PKCS#8 (`generate_pkcs8`); hpcrypt reads it and derives the
/// same public key, and ring reads hpcrypt's PKCS#8.
#[test]
fn ring_documents_both_ways() {
    use ring::signature::{EcdsaKeyPair, KeyPair as _, ECDSA_P256_SHA256_FIXED_SIGNING as ALG};
    let rng = ring::rand::SystemRandom::new();
    for _ in 0..16 {
        let doc = EcdsaKeyPair::generate_pkcs8(&ALG, &rng).unwrap();
        let ring_key = EcdsaKeyPair::from_pkcs8(&ALG, doc.as_ref(), &rng).unwrap();
        let ours = P256SigningKey::from_pkcs8_der(doc.as_ref()).unwrap();
        assert_eq!(
            ours.verifying_key().to_sec1_uncompressed().as_slice(),
            ring_key.public_key().as_ref()
        );
        let back =
            EcdsaKeyPair::from_pkcs8(&ALG, ours.to_pkcs8_der().unwrap().as_bytes(), &rng).unwrap();
        assert_eq!(back.public_key().as_ref(), ring_key.public_key().as_ref());
    }
}

// --- OpenSSL and pyca/cryptography -----------------------------------------

fn run(cmd: &mut Command, stdin: &[u8]) -> Option<Vec<u8>> {
    use std::io::Write as _;
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .ok()?;
    child.stdin.take().unwrap().write_all(stdin).ok()?;
    let out = child.wait_with_output().ok()?;
    out.status.success().then_some(out.stdout)
}

fn have_openssl() -> bool {
    Command::new("openssl")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn have_pyca() -> bool {
    Command::new("python3")
        .args(["-c", "import cryptography"])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// OpenSSL reads what hpcrypt writes (PKCS#8 DER and PEM, SEC 1 DER and
/// PEM, SPKI DER and PEM) and derives the same public key.
#[test]
fn openssl_reads_hpcrypt_keys() {
    if !have_openssl() {
        println!("note: no openssl command; OpenSSL reader check skipped");
        return;
    }
    for i in 0..4 {
        let k = key(i);
        let spki = k.verifying_key().to_public_key_der().unwrap();
        let docs: Vec<(&str, &str, Vec<u8>)> = vec![
            ("pkey", "DER", k.to_pkcs8_der().unwrap().as_bytes().to_vec()),
            (
                "pkey",
                "PEM",
                k.to_pkcs8_pem(LineEnding::LF).unwrap().as_bytes().to_vec(),
            ),
            ("ec", "DER", k.to_sec1_der().unwrap().as_bytes().to_vec()),
            (
                "ec",
                "PEM",
                k.to_sec1_pem(LineEnding::LF).unwrap().as_bytes().to_vec(),
            ),
        ];
        for (cmd, form, doc) in docs {
            let out = run(
                Command::new("openssl").args([cmd, "-inform", form, "-pubout", "-outform", "DER"]),
                &doc,
            )
            .unwrap_or_else(|| panic!("openssl {cmd} -inform {form} refused hpcrypt's key"));
            assert_eq!(out, spki, "openssl {cmd} -inform {form}");
        }
        let pem = k.verifying_key().to_public_key_pem(LineEnding::LF).unwrap();
        let out = run(
            Command::new("openssl").args(["pkey", "-pubin", "-outform", "DER"]),
            pem.as_bytes(),
        )
        .unwrap();
        assert_eq!(out, spki);
    }
    println!(
        "checked: openssl pkey/ec read hpcrypt's PKCS#8 and SEC 1 (DER, PEM) and SPKI PEM \
         and derived the same public key"
    );
}

/// pyca/cryptography reads what hpcrypt writes, JWKs included (through
/// their numbers), and derives the same public key.
#[test]
fn pyca_reads_hpcrypt_keys() {
    if !have_pyca() {
        println!("note: no python3 with cryptography; pyca reader check skipped");
        return;
    }
    const SCRIPT: &str = r#"
import sys, json, base64
from cryptography.hazmat.primitives import serialization as s
from cryptography.hazmat.primitives.asymmetric import ec
kind, data = sys.argv[1], sys.stdin.buffer.read()
X962, U = s.Encoding.X962, s.PublicFormat.UncompressedPoint
if kind == "der": pub = s.load_der_private_key(data, None).public_key()
elif kind == "pem": pub = s.load_pem_private_key(data, None).public_key()
elif kind == "spki-der": pub = s.load_der_public_key(data)
elif kind == "spki-pem": pub = s.load_pem_public_key(data)
else:
    j = json.loads(data)
    b = lambda v: int.from_bytes(base64.urlsafe_b64decode(v + "=="), "big")
    k = ec.derive_private_key(b(j["d"]), ec.SECP256R1())
    pub = k.public_key()
    assert pub.public_numbers().x == b(j["x"]) and pub.public_numbers().y == b(j["y"])
sys.stdout.write(pub.public_bytes(X962, U).hex())
"#;
    for i in 0..4 {
        let k = key(i);
        let vk = k.verifying_key();
        let want = hex::encode(vk.to_sec1_uncompressed());
        let docs: Vec<(&str, Vec<u8>)> = vec![
            ("der", k.to_pkcs8_der().unwrap().as_bytes().to_vec()),
            (
                "pem",
                k.to_pkcs8_pem(LineEnding::LF).unwrap().as_bytes().to_vec(),
            ),
            ("der", k.to_sec1_der().unwrap().as_bytes().to_vec()),
            (
                "pem",
                k.to_sec1_pem(LineEnding::LF).unwrap().as_bytes().to_vec(),
            ),
            ("spki-der", vk.to_public_key_der().unwrap()),
            (
                "spki-pem",
                vk.to_public_key_pem(LineEnding::LF).unwrap().into_bytes(),
            ),
            ("jwk", k.to_jwk().as_bytes().to_vec()),
        ];
        for (kind, doc) in docs {
            let out = run(Command::new("python3").args(["-c", SCRIPT, kind]), &doc)
                .unwrap_or_else(|| panic!("pyca refused hpcrypt's {kind}"));
            assert_eq!(String::from_utf8(out).unwrap(), want, "pyca {kind}");
        }
    }
    println!(
        "checked: pyca/cryptography loaded hpcrypt's PKCS#8, SEC 1, SPKI (DER, PEM) and JWK \
         with the same public key"
    );
}
