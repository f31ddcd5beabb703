//! The source lists compiled into qbank (by `build.rs`, from the repository's
//! `corpus/`): the corpus a bare `qbank` searches when no other is given.

/// Shown where a built-in file's path would be: `built-in:backend-128.md:12`.
pub const PREFIX: &str = "built-in:";

/// File name and contents of every built-in list, and of `overrides.toml` if the
/// repository's corpus has one, sorted by name.
pub static FILES: &[(&str, &[u8])] = include!(concat!(env!("OUT_DIR"), "/built_in_corpus.rs"));

/// A digest of the built-in files and the built-in concepts, computed when qbank was
/// built: it differs between two qbanks exactly when what they build in differs.
pub const DIGEST: u64 = include!(concat!(env!("OUT_DIR"), "/built_in_digest.rs"));

/// A hash of the built-in files, names and contents: it changes exactly when a qbank
/// with other built-in lists is installed.
pub fn fingerprint() -> blake3::Hash {
    let mut hasher = blake3::Hasher::new();
    for (name, bytes) in FILES {
        super::hash_file(&mut hasher, name, bytes);
    }
    hasher.finalize()
}
