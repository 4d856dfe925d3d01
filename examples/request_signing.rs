//! Layer 3, payload integrity: HMAC-SHA256 request signing with a replay
//! window, and AWS Signature Version 4's signing-key derivation.
//!
//! Run with `cargo run --release --example request_signing`.
//!
//! The signed string is `METHOD \n path \n timestamp \n hex(SHA-256(body))`.
//! The server:
//! 1. refuses timestamps outside [now − 5 min, now + 1 min] (cheap, first);
//! 2. recomputes the MAC with a precomputed HMAC key and compares it in
//!    constant time (`HmacSha256Key::verify`);
//! 3. remembers the MACs it accepted inside the window, so the same request
//!    replayed within those five minutes is refused too. Only verified
//!    requests enter that cache, so junk cannot fill it.
//!
//! SigV4 derives a per-day, per-region, per-service key from the long-term
//! secret with four chained HMACs; the example checks it against the values
//! AWS publishes.

use std::collections::HashMap;
use std::fmt;

use hpcrypt::hash::Sha256;
use hpcrypt::mac::{HmacSha256, HmacSha256Key};

/// Oldest accepted request, in seconds.
const MAX_AGE_SECS: u64 = 300;
/// Furthest accepted clock skew into the future, in seconds.
const MAX_SKEW_SECS: u64 = 60;

/// A request as it arrives: the signature and timestamp came in headers.
#[derive(Clone, Debug)]
struct SignedRequest {
    method: String,
    path: String,
    timestamp: u64,
    body: Vec<u8>,
    /// Lower-case hex HMAC-SHA256 (the `X-Signature` header).
    signature: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SignatureError {
    /// Method or path contains a line break (it would shift the fields of
    /// the signed string), or the signature is not 64 hex digits.
    Malformed,
    TooOld,
    FromTheFuture,
    BadSignature,
    Replayed,
}

impl fmt::Display for SignatureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SignatureError::Malformed => "malformed request or signature",
            SignatureError::TooOld => "timestamp older than 5 minutes",
            SignatureError::FromTheFuture => "timestamp more than 1 minute ahead",
            SignatureError::BadSignature => "signature does not match",
            SignatureError::Replayed => "replay of an accepted request",
        })
    }
}

impl std::error::Error for SignatureError {}

/// The string both sides MAC. Refuses line breaks in method and path: with
/// them, `("GET\n/a", "/b")` and `("GET", "/a\n/b")` would sign the same text.
fn string_to_sign(
    method: &str,
    path: &str,
    timestamp: u64,
    body: &[u8],
) -> Result<String, SignatureError> {
    if [method, path].iter().any(|s| s.contains(['\n', '\r'])) {
        return Err(SignatureError::Malformed);
    }
    Ok(format!(
        "{method}\n{path}\n{timestamp}\n{}",
        Sha256::hash(body).to_hex()
    ))
}

/// Client side: signs a request with the shared secret.
fn sign_request(
    key: &HmacSha256Key,
    method: &str,
    path: &str,
    timestamp: u64,
    body: &[u8],
) -> Result<SignedRequest, SignatureError> {
    let message = string_to_sign(method, path, timestamp, body)?;
    Ok(SignedRequest {
        method: method.to_string(),
        path: path.to_string(),
        timestamp,
        body: body.to_vec(),
        signature: key.mac(message.as_bytes()).to_hex(),
    })
}

/// Server side: the precomputed key plus the MACs accepted in the window.
struct RequestVerifier {
    key: HmacSha256Key,
    seen: HashMap<[u8; 32], u64>,
}

impl RequestVerifier {
    fn new(secret: &[u8]) -> Self {
        RequestVerifier {
            key: HmacSha256Key::new(secret),
            seen: HashMap::new(),
        }
    }

    fn verify(&mut self, req: &SignedRequest, now: u64) -> Result<(), SignatureError> {
        // Written without subtraction: `now - 300` underflows (and panics in
        // debug builds) for small `now`, and hostile timestamps are arbitrary.
        if req.timestamp.saturating_add(MAX_AGE_SECS) < now {
            return Err(SignatureError::TooOld);
        }
        if req.timestamp > now.saturating_add(MAX_SKEW_SECS) {
            return Err(SignatureError::FromTheFuture);
        }
        let mut tag = [0u8; 32];
        hex::decode_to_slice(&req.signature, &mut tag).map_err(|_| SignatureError::Malformed)?;
        let message = string_to_sign(&req.method, &req.path, req.timestamp, &req.body)?;
        self.key
            .verify(message.as_bytes(), &tag)
            .map_err(|_| SignatureError::BadSignature)?;
        // Forget what has aged out of the window, then check for a replay.
        self.seen
            .retain(|_, ts| ts.saturating_add(MAX_AGE_SECS) >= now);
        if self.seen.insert(tag, req.timestamp).is_some() {
            return Err(SignatureError::Replayed);
        }
        Ok(())
    }
}

/// The four keys of the SigV4 derivation.
struct SigV4Keys {
    k_date: [u8; 32],
    k_region: [u8; 32],
    k_service: [u8; 32],
    k_signing: [u8; 32],
}

/// kDate = HMAC("AWS4" + secret, date), kRegion = HMAC(kDate, region),
/// kService = HMAC(kRegion, service), kSigning = HMAC(kService, "aws4_request").
fn sigv4_keys(secret: &str, date: &str, region: &str, service: &str) -> SigV4Keys {
    let k_secret = zeroize::Zeroizing::new(format!("AWS4{secret}"));
    let k_date = HmacSha256::mac(k_secret.as_bytes(), date.as_bytes()).to_bytes();
    let k_region = HmacSha256::mac(&k_date, region.as_bytes()).to_bytes();
    let k_service = HmacSha256::mac(&k_region, service.as_bytes()).to_bytes();
    let k_signing = HmacSha256::mac(&k_service, b"aws4_request").to_bytes();
    SigV4Keys {
        k_date,
        k_region,
        k_service,
        k_signing,
    }
}

/// The SigV4 signature: hex(HMAC(kSigning, string to sign)).
fn sigv4_signature(k_signing: &[u8; 32], string_to_sign: &str) -> String {
    HmacSha256::mac(k_signing, string_to_sign.as_bytes()).to_hex()
}

/// AWS's published example inputs and outputs.
///
/// The 2012 values are from "Examples of how to derive a signing key for
/// Signature Version 4",
/// <https://docs.aws.amazon.com/general/latest/gr/signature-v4-examples.html>
/// (the four intermediate keys). The 2015 values are from "Task 3: Calculate
/// the signature for AWS Signature Version 4",
/// <https://docs.aws.amazon.com/general/latest/gr/sigv4-calculate-signature.html>
/// (the IAM ListUsers example: signing key, string to sign, signature).
mod aws_example {
    pub const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    pub const DATE_2012: &str = "20120215";
    pub const K_DATE_2012: &str =
        "969fbb94feb542b71ede6f87fe4d5fa29c789342b0f407474670f0c2489e0a0d";
    pub const K_REGION_2012: &str =
        "69daa0209cd9c5ff5c8ced464a696fd4252e981430b10e3d3fd8e2f197d7a70c";
    pub const K_SERVICE_2012: &str =
        "f72cfd46f26bc4643f06a11eabb6c0ba18780c19a8da0c31ace671265e3c87fa";
    pub const K_SIGNING_2012: &str =
        "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d";

    pub const DATE_2015: &str = "20150830";
    pub const K_SIGNING_2015: &str =
        "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9";
    pub const STRING_TO_SIGN_2015: &str = "AWS4-HMAC-SHA256\n20150830T123600Z\n\
        20150830/us-east-1/iam/aws4_request\n\
        f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59";
    pub const SIGNATURE_2015: &str =
        "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7";
}

fn verdict(ok: bool) -> &'static str {
    if ok {
        "matches AWS"
    } else {
        "MISMATCH"
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let secret: [u8; 32] = hpcrypt::rand::random_bytes()?;
    let client_key = HmacSha256Key::new(&secret);
    let mut server = RequestVerifier::new(&secret);
    let now = 1_700_000_000;

    println!("HMAC-SHA256 request signing (METHOD\\npath\\ntimestamp\\nsha256(body)):");
    let body = br#"{"amount":4200,"currency":"EUR"}"#;
    let req = sign_request(&client_key, "POST", "/v1/payments", now, body)?;
    println!(
        "  X-Timestamp: {}  X-Signature: {}",
        req.timestamp, req.signature
    );
    let mut report = |label: &str, r: &SignedRequest, at: u64| match server.verify(r, at) {
        Ok(()) => println!("  {label:<40} accepted"),
        Err(e) => println!("  {label:<40} REJECTED ({e})"),
    };
    report("signed request, 2 s later", &req, now + 2);
    report("the same request again (replay)", &req, now + 30);
    let mut changed = req.clone();
    changed.body = br#"{"amount":9900,"currency":"EUR"}"#.to_vec();
    report("body changed in transit", &changed, now + 2);
    let mut changed = req.clone();
    changed.path = "/v1/refunds".into();
    report("path changed in transit", &changed, now + 2);
    let old = sign_request(&client_key, "POST", "/v1/payments", now - 360, body)?;
    report("validly signed, 6 minutes old", &old, now);
    let ahead = sign_request(&client_key, "POST", "/v1/payments", now + 120, body)?;
    report("validly signed, 2 minutes ahead", &ahead, now);

    println!(
        "\nAWS SigV4 signing key, AWS's example (secret wJalr…EXAMPLEKEY, 20120215/us-east-1/iam):"
    );
    use aws_example::*;
    let k = sigv4_keys(SECRET, DATE_2012, "us-east-1", "iam");
    for (name, got, want) in [
        ("kDate", k.k_date, K_DATE_2012),
        ("kRegion", k.k_region, K_REGION_2012),
        ("kService", k.k_service, K_SERVICE_2012),
        ("kSigning", k.k_signing, K_SIGNING_2012),
    ] {
        let got = hex::encode(got);
        println!("  {name:<9} {got}  {}", verdict(got == want));
    }
    let k = sigv4_keys(SECRET, DATE_2015, "us-east-1", "iam");
    let sig = sigv4_signature(&k.k_signing, STRING_TO_SIGN_2015);
    println!("AWS's IAM ListUsers example (20150830):");
    println!(
        "  kSigning  {}  {}",
        hex::encode(k.k_signing),
        verdict(hex::encode(k.k_signing) == K_SIGNING_2015)
    );
    println!("  signature {sig}  {}", verdict(sig == SIGNATURE_2015));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use hmac::Mac as _;

    const T: u64 = 1_700_000_000;

    fn setup() -> (HmacSha256Key, RequestVerifier) {
        let secret = [0x42u8; 32];
        (HmacSha256Key::new(&secret), RequestVerifier::new(&secret))
    }

    fn reference_hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
        let mut m = hmac::Hmac::<sha2::Sha256>::new_from_slice(key).unwrap();
        m.update(data);
        m.finalize().into_bytes().into()
    }

    #[test]
    fn aws_2012_signing_key_chain() {
        use aws_example::*;
        let k = sigv4_keys(SECRET, DATE_2012, "us-east-1", "iam");
        assert_eq!(hex::encode(k.k_date), K_DATE_2012);
        assert_eq!(hex::encode(k.k_region), K_REGION_2012);
        assert_eq!(hex::encode(k.k_service), K_SERVICE_2012);
        assert_eq!(hex::encode(k.k_signing), K_SIGNING_2012);
    }

    #[test]
    fn aws_2015_signing_key_and_signature() {
        use aws_example::*;
        let k = sigv4_keys(SECRET, DATE_2015, "us-east-1", "iam");
        assert_eq!(hex::encode(k.k_signing), K_SIGNING_2015);
        assert_eq!(
            sigv4_signature(&k.k_signing, STRING_TO_SIGN_2015),
            SIGNATURE_2015
        );
    }

    #[test]
    fn sigv4_chain_agrees_with_the_hmac_crate() {
        for (date, region, service) in [
            ("20240229", "eu-central-1", "s3"),
            ("19700101", "ap-southeast-2", "execute-api"),
            ("", "", ""),
        ] {
            let secret = "x".repeat(date.len() * 5 + 1);
            let k_date = reference_hmac(format!("AWS4{secret}").as_bytes(), date.as_bytes());
            let k_region = reference_hmac(&k_date, region.as_bytes());
            let k_service = reference_hmac(&k_region, service.as_bytes());
            let k_signing = reference_hmac(&k_service, b"aws4_request");
            assert_eq!(
                sigv4_keys(&secret, date, region, service).k_signing,
                k_signing
            );
        }
    }

    #[test]
    fn signature_is_hmac_of_the_documented_string() {
        let (key, _) = setup();
        let req = sign_request(&key, "PUT", "/v1/items/7", T, b"hello").unwrap();
        let expected = format!(
            "PUT\n/v1/items/7\n{T}\n2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
        );
        assert_eq!(
            req.signature,
            hex::encode(reference_hmac(&[0x42; 32], expected.as_bytes()))
        );
    }

    #[test]
    fn accepts_once_then_refuses_replay() {
        let (key, mut server) = setup();
        let req = sign_request(&key, "POST", "/v1/pay", T, b"{}").unwrap();
        assert_eq!(server.verify(&req, T), Ok(()));
        assert_eq!(server.verify(&req, T + 1), Err(SignatureError::Replayed));
        // Once the request has aged out, the window check refuses it instead.
        assert_eq!(
            server.verify(&req, T + MAX_AGE_SECS + 1),
            Err(SignatureError::TooOld)
        );
        // A fresh signature for the same call is a new request.
        let again = sign_request(&key, "POST", "/v1/pay", T + 1, b"{}").unwrap();
        assert_eq!(server.verify(&again, T + 1), Ok(()));
    }

    #[test]
    fn replay_window_edges() {
        let (key, mut server) = setup();
        let at = |ts| sign_request(&key, "GET", "/", ts, b"").unwrap();
        assert_eq!(server.verify(&at(T - MAX_AGE_SECS), T), Ok(()));
        assert_eq!(
            server.verify(&at(T - MAX_AGE_SECS - 1), T),
            Err(SignatureError::TooOld)
        );
        assert_eq!(server.verify(&at(T + MAX_SKEW_SECS), T), Ok(()));
        assert_eq!(
            server.verify(&at(T + MAX_SKEW_SECS + 1), T),
            Err(SignatureError::FromTheFuture)
        );
        // Extreme values: errors, never an overflow panic.
        assert_eq!(
            server.verify(&at(u64::MAX), 0),
            Err(SignatureError::FromTheFuture)
        );
        assert_eq!(server.verify(&at(0), u64::MAX), Err(SignatureError::TooOld));
        assert_eq!(server.verify(&at(0), 0), Ok(()));
    }

    #[test]
    fn every_field_is_covered() {
        let (key, mut server) = setup();
        let req = sign_request(&key, "POST", "/v1/pay", T, b"{\"a\":1}").unwrap();
        let mut variants = Vec::new();
        let mut r = req.clone();
        r.method = "PUT".into();
        variants.push(r);
        let mut r = req.clone();
        r.path = "/v1/pay/".into();
        variants.push(r);
        let mut r = req.clone();
        r.timestamp += 1;
        variants.push(r);
        let mut r = req.clone();
        r.body.push(b' ');
        variants.push(r);
        let mut r = req.clone();
        r.signature
            .replace_range(..1, if &r.signature[..1] == "0" { "1" } else { "0" });
        variants.push(r);
        for v in &variants {
            assert_eq!(
                server.verify(v, T),
                Err(SignatureError::BadSignature),
                "{v:?}"
            );
        }
        // The untouched request still verifies: failures did not poison the cache.
        assert_eq!(server.verify(&req, T), Ok(()));
    }

    #[test]
    fn malformed_input_is_an_error() {
        let (key, mut server) = setup();
        assert_eq!(
            sign_request(&key, "GET\n/a", "/b", T, b"").err(),
            Some(SignatureError::Malformed)
        );
        let mut req = sign_request(&key, "GET", "/", T, b"").unwrap();
        let bad_signatures = [
            String::new(),
            "zz".repeat(32),
            req.signature[..62].to_string(),
            format!("{}0", req.signature),
        ];
        for bad in bad_signatures {
            req.signature = bad;
            assert_eq!(server.verify(&req, T), Err(SignatureError::Malformed));
        }
        req.path = "/\r\n".into();
        req.signature = "00".repeat(32);
        assert_eq!(server.verify(&req, T), Err(SignatureError::Malformed));
    }
}
