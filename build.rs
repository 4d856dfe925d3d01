//! Build script: declares the `hpcrypt_backend` override cfg so that
//! `--cfg hpcrypt_backend="soft"` is a checked, documented configuration, and
//! rebuilds when it changes.
fn main() {
    println!("cargo::rustc-check-cfg=cfg(hpcrypt_backend, values(\"soft\"))");
    println!("cargo::rerun-if-env-changed=RUSTFLAGS");
    println!("cargo::rerun-if-env-changed=CARGO_ENCODED_RUSTFLAGS");
    println!("cargo::rerun-if-changed=build.rs");
    if let Ok(flags) = std::env::var("CARGO_ENCODED_RUSTFLAGS") {
        if flags.contains("hpcrypt_backend") {
            println!("cargo::warning=hpcrypt: backend override active (portable code only)");
        }
    }
}
