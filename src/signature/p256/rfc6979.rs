//! Deterministic nonces, RFC 6979 §3.2, with HMAC-SHA-256 and
//! qlen = hlen = 256 (so bits2int is plain big-endian decoding and one
//! HMAC output fills a candidate), plus the §3.6 variant that mixes extra
//! data k' (fresh randomness, for the hedged signer) into steps d and f.
//!
//! The HMAC key K and the chain value V are secret; they live in this
//! struct and are wiped on drop. Every HMAC key object wipes itself too.

use crate::hash::{BlockHash, Sha256};
use crate::mac::HmacKey;
use zeroize::Zeroize;

/// The HMAC_DRBG state (K, V) of RFC 6979 §3.2.
pub(crate) struct NonceGenerator {
    k: [u8; 32],
    v: [u8; 32],
}

impl NonceGenerator {
    /// Steps b–g: V = 0x01…, K = 0x00…, then two rounds of
    /// K = HMAC_K(V ‖ b ‖ int2octets(x) ‖ bits2octets(h1) ‖ k'),
    /// V = HMAC_K(V) with b = 0x00, then 0x01.
    #[inline(always)]
    pub(crate) fn new(x: &[u8; 32], h1_mod_n: &[u8; 32], extra: &[u8]) -> Self {
        let mut g = Self {
            k: [0x00; 32],
            v: [0x01; 32],
        };
        for b in [0x00u8, 0x01] {
            let k = hmac(&g.k, &[&g.v, &[b], x, h1_mod_n, extra]);
            g.k = k;
            g.v = hmac(&g.k, &[&g.v]);
        }
        g
    }

    /// Step h.2: the next candidate T = V = HMAC_K(V) (32 bytes = qlen).
    #[inline(always)]
    pub(crate) fn candidate(&mut self) -> [u8; 32] {
        self.v = hmac(&self.k, &[&self.v]);
        self.v
    }

    /// Step h.3 after an unsuitable candidate: K = HMAC_K(V ‖ 0x00),
    /// V = HMAC_K(V).
    #[inline(always)]
    pub(crate) fn reject(&mut self) {
        self.k = hmac(&self.k, &[&self.v, &[0x00]]);
        self.v = hmac(&self.k, &[&self.v]);
    }
}

impl Drop for NonceGenerator {
    fn drop(&mut self) {
        self.k.zeroize();
        self.v.zeroize();
    }
}

/// HMAC-SHA-256 under `key` of the concatenation of `parts`.
#[inline(always)]
fn hmac(key: &[u8; 32], parts: &[&[u8]]) -> [u8; 32] {
    let mac = HmacKey::<Sha256>::new_unscrubbed(<Sha256 as BlockHash>::detect(), key);
    let mut tag = mac.mac_parts(parts);
    let out = tag.to_bytes();
    Sha256::wipe_output(&mut tag);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6979 A.2.5, P-256 / SHA-256, message "sample": the first
    /// candidate is the nonce k.
    #[test]
    fn rfc6979_sample_nonce() {
        let x = hex32("c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721");
        // SHA-256("sample") = af2bdbe1...; below n, so bits2octets(h1) = h1.
        let h1: [u8; 32] = crate::hash::Sha256::hash(b"sample").into();
        let mut g = NonceGenerator::new(&x, &h1, &[]);
        assert_eq!(
            g.candidate(),
            hex32("a6e3c57dd01abe90086538398355dd4c3b17aa873382b0f24d6129493d8aad60")
        );
    }

    fn hex32(s: &str) -> [u8; 32] {
        let mut out = [0u8; 32];
        for (i, o) in out.iter_mut().enumerate() {
            *o = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap();
        }
        out
    }
}
