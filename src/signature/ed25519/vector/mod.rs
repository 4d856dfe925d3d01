//! Vector backends: four field elements at once in 256-bit registers, one
//! per 64-bit lane, with the four extended coordinates (X, Y, Z, T) of a
//! point in the four lanes.
//!
//! Each backend is a directory with the same two layers:
//!
//! - `field.rs`: `F4`, four elements of GF(2^255 − 19) lane-wise (limb k of
//!   every lane in vector k), with lane-wise `mul`, `square`, additions and
//!   subtractions that end reduced, lane permutations and blends;
//! - `point.rs`: `Point4` / `Cached4` and the Hisil–Wong–Carter–Dawson
//!   formulas rearranged into two vector multiplications per addition or
//!   doubling, and the multiplication loops on them;
//! - `mod.rs`: the safe entry points, each taking the backend's `cpu` token
//!   (the proof that calling its `#[target_feature]` functions is sound).
//!
//! Backends: `x86_ifma` (AVX-512 IFMA, 5 limbs of 51 bits per lane) and
//! `x86_avx2` (AVX2 `vpmuludq`, 10 limbs of 25.5 bits per lane).

#[cfg(target_arch = "x86_64")]
pub(super) mod x86_avx2;
#[cfg(target_arch = "x86_64")]
pub(super) mod x86_ifma;

#[cfg(all(test, target_arch = "x86_64"))]
mod tests {
    /// Every `#[target_feature]` of a vector backend's files is exactly its
    /// token's feature list (`tests/backends.rs` checks only the one file
    /// `cpu.rs` names per token).
    #[test]
    fn every_file_enables_its_token_features() {
        let backends: [(&str, &[&str]); 2] = [
            (
                crate::cpu::AVX2_FEATURES,
                &[
                    include_str!("x86_avx2/mod.rs"),
                    include_str!("x86_avx2/field.rs"),
                    include_str!("x86_avx2/point.rs"),
                ],
            ),
            (
                crate::cpu::IFMA_FEATURES,
                &[
                    include_str!("x86_ifma/mod.rs"),
                    include_str!("x86_ifma/field.rs"),
                    include_str!("x86_ifma/point.rs"),
                ],
            ),
        ];
        for (features, files) in backends {
            let enable = std::format!("#[target_feature(enable = \"{features}\")]");
            for src in files {
                let count = src.matches("#[target_feature(").count();
                assert!(count > 0);
                assert_eq!(src.matches(&enable).count(), count, "{enable}");
            }
        }
    }
}
