use hpcrypt::signature::{Ed25519SigningKey, Signer, Verifier};
fn main() {
    let what = std::env::args().nth(1).unwrap_or_default();
    let n: usize = std::env::args()
        .nth(2)
        .map(|s| s.parse().unwrap())
        .unwrap_or(20000);
    let key = Ed25519SigningKey::from_bytes(&[7; 32]);
    let vk = key.verifying_key();
    let msg = [0x61u8; 300];
    let sig = key.sign(&msg);
    let t = std::time::Instant::now();
    let mut acc = 0u8;
    for i in 0..n {
        match what.as_str() {
            "keygen" => {
                acc ^= Ed25519SigningKey::from_bytes(&[i as u8; 32])
                    .verifying_key()
                    .to_bytes()[0]
            }
            "sign" => acc ^= key.sign(&msg).to_bytes()[0],
            "verify" => acc ^= vk.verify(&msg, sig.as_ref()).is_ok() as u8,
            "sq" => {
                acc ^= hpcrypt::signature::ed25519::__internals::squarings(1000, &[i as u8; 32])[0]
            }
            "mul" => acc ^= hpcrypt::signature::ed25519::__internals::muls(1000, &[i as u8; 32])[0],
            "mulbase" => {
                acc ^= hpcrypt::signature::ed25519::__internals::mul_base(1, &[i as u8; 32])[0]
            }
            _ => panic!(),
        }
    }
    println!(
        "{what}: {:.2} us/op ({acc})",
        t.elapsed().as_secs_f64() * 1e6 / n as f64
    );
}
