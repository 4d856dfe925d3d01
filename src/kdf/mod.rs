//! Key derivation functions (HKDF, RFC 5869, once it lands).
