//! Build script, one job: declare the `--cfg hpcrypt_backend="soft"` override (portable code only) as a checked cfg, and say when it is active.
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
