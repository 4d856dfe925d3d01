//! Build script: declares the `hpcrypt_backend` override cfg so that
//! `--cfg hpcrypt_backend="soft"` is a checked, documented configuration, and
//! rebuilds when it changes.
fn main() {
    println!("cargo::rustc-check-cfg=cfg(hpcrypt_backend, values(\"soft\"))");
    println!("cargo::rerun-if-env-changed=RUSTFLAGS");
    println!("cargo::rerun-if-env-changed=CARGO_ENCODED_RUSTFLAGS");
    println!("cargo::rerun-if-changed=build.rs");
    // AES-GCM's VAES backend needs the `vaes`/`vpclmulqdq` target features
    // and their 256-bit intrinsics, stable since Rust 1.89; older
    // compilers (down to the MSRV) build everything else.
    println!("cargo::rustc-check-cfg=cfg(hpcrypt_vaes)");
    if rustc_minor_version().is_some_and(|minor| minor >= 89) {
        println!("cargo::rustc-cfg=hpcrypt_vaes");
    }
    if let Ok(flags) = std::env::var("CARGO_ENCODED_RUSTFLAGS") {
        if flags.contains("hpcrypt_backend") {
            println!("cargo::warning=hpcrypt: backend override active (portable code only)");
        }
    }
}

/// The minor version of the compiler Cargo uses (`rustc 1.MINOR.x ...`).
fn rustc_minor_version() -> Option<u32> {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let out = std::process::Command::new(rustc)
        .arg("--version")
        .output()
        .ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    text.split_whitespace()
        .nth(1)?
        .split('.')
        .nth(1)?
        .parse()
        .ok()
}
