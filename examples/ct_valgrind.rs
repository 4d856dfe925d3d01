//! Constant-time check under valgrind's memcheck, used as a taint tracker.
//!
//! Secret inputs are marked *undefined* with a memcheck client request; then
//! every primitive runs on every backend available under valgrind. Memcheck
//! reports any conditional jump or memory address that depends on undefined
//! data, i.e. on a secret. Results that are public by design (a digest, a
//! ciphertext, a verdict) are marked defined again before they are used.
//!
//! ```sh
//! cargo build --release --example ct_valgrind
//! valgrind --error-exitcode=1 --suppressions=ct/valgrind.supp target/release/examples/ct_valgrind
//! # must pass; with `leak-demo` as argument it must fail
//! ```
//!
//! Outside valgrind the client requests are no-ops, so the program also runs
//! natively (and then checks nothing).

mod memcheck {
    //! Memcheck client requests (valgrind.h, `VALGRIND_MAKE_MEM_UNDEFINED` /
    //! `VALGRIND_MAKE_MEM_DEFINED`). The request is the "special instruction
    //! preamble" valgrind recognises: four rotations of rdi that leave it
    //! unchanged, then `xchg rbx, rbx`; rax points at the request block and
    //! rdx carries the result. On a real CPU the sequence does nothing.
    //! This is test tooling, not library code: the library itself has no asm.

    const MAKE_MEM_UNDEFINED: u64 = 0x4d43_0001; // ('M' << 24 | 'C' << 16) + 1
    const MAKE_MEM_DEFINED: u64 = 0x4d43_0002; // ('M' << 24 | 'C' << 16) + 2

    #[cfg(target_arch = "x86_64")]
    fn request(code: u64, addr: *const u8, len: usize) {
        let args: [u64; 6] = [code, addr as u64, len as u64, 0, 0, 0];
        let mut result: u64 = 0;
        // SAFETY: the sequence only rotates rdi back to its value and
        // exchanges rbx with itself; it reads `args` through rax and writes
        // rdx, both declared. Valgrind intercepts it; a CPU executes no-ops.
        unsafe {
            core::arch::asm!(
                "rol rdi, 3", "rol rdi, 13", "rol rdi, 61", "rol rdi, 51",
                "xchg rbx, rbx",
                in("rax") args.as_ptr(),
                inout("rdx") result,
                out("rdi") _,
                options(nostack),
            );
        }
        let _ = result;
    }

    /// Other architectures (aarch64 under QEMU in CI) build the example
    /// with no-op requests: it then runs the primitives and checks nothing.
    #[cfg(not(target_arch = "x86_64"))]
    fn request(_code: u64, _addr: *const u8, _len: usize) {}

    /// Marks `buf` as secret: memcheck flags any branch or address that depends on it.
    pub fn secret(buf: &[u8]) {
        request(MAKE_MEM_UNDEFINED, buf.as_ptr(), buf.len());
    }

    /// Marks `buf` as public again (a digest, a ciphertext, a verdict).
    pub fn public(buf: &[u8]) {
        request(MAKE_MEM_DEFINED, buf.as_ptr(), buf.len());
    }

    /// Marks `value` public and returns the bytes memcheck saw. `public(&x)`
    /// hands over a shared borrow, which the compiler may assume is not
    /// written, so later code can keep using a register copy of `x` that
    /// still carries the secret's taint (P-256 verification did: its
    /// signature bytes were copied from such a register, not from the
    /// memory marked defined). Through `&mut` the request may write
    /// `value`, so it is read back from memory.
    pub fn declassified<T: Copy>(mut value: T) -> T {
        let len = core::mem::size_of::<T>();
        request(MAKE_MEM_DEFINED, (&mut value as *mut T).cast::<u8>(), len);
        value
    }
}

use memcheck::{declassified, public, secret};

/// A deliberately leaky function: branches on a secret byte. `leak-demo`
/// runs it so CI can show the checker catches what it should.
#[inline(never)]
fn leaky_compare(a: &[u8], b: &[u8]) -> bool {
    for (x, y) in a.iter().zip(b) {
        if x != y {
            return false;
        }
    }
    true
}

fn check_sha2() {
    use hpcrypt::backend::{Sha256Backend, Sha512Backend};
    use hpcrypt::hash::{Hash, Sha224, Sha256, Sha384, Sha512};
    let mut msg = vec![0x42u8; 300];
    secret(&msg);
    for b in Sha256Backend::available() {
        for len in [0, 1, 55, 56, 64, 300] {
            let d = Sha256::hash_with(b, &msg[..len]);
            public(d.as_ref());
            let d = Sha224::hash_with(b, &msg[..len]);
            public(d.as_ref());
            let mut h = Sha256::new_with(b);
            h.update(&msg[..len / 2]);
            h.update(&msg[len / 2..len]);
            public(h.finalize().as_ref());
        }
        println!("  sha256/{}: ok", b.name());
    }
    for b in Sha512Backend::available() {
        for len in [0, 1, 111, 112, 128, 300] {
            public(Sha512::hash_with(b, &msg[..len]).as_ref());
            public(Sha384::hash_with(b, &msg[..len]).as_ref());
        }
        println!("  sha512/{}: ok", b.name());
    }
    msg.fill(0);
}

fn check_hmac_hkdf() {
    use hpcrypt::backend::{Sha256Backend, Sha512Backend};
    use hpcrypt::hash::{Sha256, Sha512};
    use hpcrypt::kdf::Hkdf;
    use hpcrypt::mac::{Hmac, HmacKey};
    let key = [0x0bu8; 100];
    let msg = [0x61u8; 300];
    let ikm = [0x0cu8; 22];
    for b in Sha256Backend::available() {
        for (klen, mlen) in [(0, 0), (32, 64), (100, 300)] {
            secret(&key);
            secret(&msg);
            let tag = Hmac::<Sha256>::mac_with(b, &key[..klen], &msg[..mlen]);
            public(tag.as_ref());
            let k = HmacKey::<Sha256>::new_with(b, &key[..klen]);
            let tag = k.mac(&msg[..mlen]);
            public(tag.as_ref());
            // verify compares in constant time; its verdict is public.
            let ok = k.verify(&msg[..mlen], tag.as_ref()).is_ok();
            public(&[u8::from(ok)]);
        }
        secret(&ikm);
        let mut okm = [0u8; 100];
        let r = Hkdf::<Sha256>::derive_with(b, b"salt", &ikm, b"info", &mut okm);
        public(&okm);
        assert!(r.is_ok());
        println!("  hmac/hkdf-sha256/{}: ok", b.name());
    }
    for b in Sha512Backend::available() {
        secret(&key);
        secret(&msg);
        let tag = Hmac::<Sha512>::mac_with(b, &key, &msg);
        public(tag.as_ref());
        println!("  hmac-sha512/{}: ok", b.name());
    }
    public(&key);
    public(&msg);
}

fn check_aes_gcm() {
    use hpcrypt::aead::{Aead, AesGcm128, AesGcm256};
    use hpcrypt::backend::AesGcmBackend;
    let key = [0x11u8; 32];
    let nonce = [0x22u8; 12];
    let long_nonce = [0x33u8; 20];
    for b in AesGcmBackend::available() {
        for len in [0usize, 1, 16, 100, 300] {
            let mut buf = vec![0x44u8; len];
            secret(&key);
            secret(&buf);
            let c = AesGcm256::new_with(b, &key);
            let tag = c
                .encrypt_in_place_detached(&nonce, b"aad", &mut buf)
                .expect("seal");
            // Ciphertext and tag are public.
            public(&buf);
            public(&tag);
            let ok = c
                .decrypt_in_place_detached(&nonce, b"aad", &mut buf, &tag)
                .is_ok();
            public(&[u8::from(ok)]);
            assert!(ok);
            // A forged tag: the comparison must not branch on the secret.
            let mut bad = tag;
            bad[0] ^= 1;
            let mut ct = buf.clone();
            let c2 = AesGcm128::new_with(b, &[0x55u8; 16]);
            let rejected = c2
                .decrypt_in_place_detached(&long_nonce, b"", &mut ct, &bad)
                .is_err();
            public(&[u8::from(rejected)]);
            public(&key);
        }
        println!("  aes-gcm/{}: ok", b.name());
    }
}

fn check_ed25519() {
    use hpcrypt::signature::ed25519::Ed25519Backend;
    use hpcrypt::signature::{Ed25519SigningKey, Ed25519VerifyingKey, Verifier};
    let seed = [0x5eu8; 32];
    let msg = b"eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiIxMjMifQ";
    for b in Ed25519Backend::available() {
        secret(&seed);
        let key = Ed25519SigningKey::from_bytes_with(b, &seed);
        // The public key and the signature are public outputs.
        let pk = key.verifying_key().to_bytes();
        public(&pk);
        let sig = key.sign_with(b, msg).to_bytes();
        public(&sig);
        public(&seed);
        // Verification is variable time in public data only: it starts from
        // the public bytes, so nothing it touches is marked secret.
        let vk = Ed25519VerifyingKey::from_bytes(&pk).expect("valid key");
        let verdict = vk.verify(msg, &sig).is_ok();
        assert!(verdict);
        println!("  ed25519/{}: ok", b.name());
    }
}

fn check_p256() {
    use hpcrypt::signature::p256::P256Backend;
    use hpcrypt::signature::{P256Signature, P256SigningKey, P256VerifyingKey};
    let d = [0x5eu8; 32];
    let msg = b"eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiIxMjMifQ";
    for b in P256Backend::available() {
        secret(&d);
        let key = P256SigningKey::from_bytes_with(b, &d).expect("d in [1, n-1]");
        // The public key and the signature are public outputs.
        let pk = key.verifying_key().to_sec1_uncompressed();
        public(&pk);
        let sig = declassified(key.sign_with(b, msg).to_bytes());
        let hedged = key.sign_hedged_with(msg, &[0x17; 32]).to_bytes();
        public(&hedged);
        public(&d);
        // Verification is variable time in public data only: it starts from
        // the public bytes, so nothing it touches may be marked secret.
        let vk = P256VerifyingKey::from_sec1_bytes(&pk).expect("valid key");
        let verdict = vk.verify(msg, &P256Signature::from_bytes(&sig)).is_ok();
        assert!(verdict);
        println!("  p256/{}: ok", b.name());
    }
}

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    if mode == "leak-demo" {
        let a = [1u8, 2, 3, 4];
        let b = [1u8, 2, 9, 4];
        secret(&a);
        let verdict = leaky_compare(&a, &b);
        println!("leak-demo: compared ({verdict}); memcheck must report the branch above");
        return;
    }
    println!("constant-time check (meaningful only under valgrind):");
    check_sha2();
    check_hmac_hkdf();
    check_aes_gcm();
    check_ed25519();
    check_p256();
    println!("all constant-time checks ran");
}
