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
    let keys: Vec<Ed25519SigningKey> = (0..64)
        .map(|i| Ed25519SigningKey::from_bytes(&[i as u8; 32]))
        .collect();
    let msgs: Vec<Vec<u8>> = (0..64).map(|i| vec![i as u8; 300]).collect();
    let refs: Vec<&[u8]> = msgs.iter().map(Vec::as_slice).collect();
    let sigs: Vec<_> = keys.iter().zip(&refs).map(|(k, m)| k.sign(m)).collect();
    let vks: Vec<_> = keys.iter().map(|k| k.verifying_key()).collect();
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
            "batch" => {
                acc ^= hpcrypt::signature::ed25519::verify_batch(&refs, &sigs, &vks).is_ok() as u8
            }
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
