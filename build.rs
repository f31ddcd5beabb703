//! Compiles the repository's `corpus/` into the binary: every source list (`*.md`,
//! `*.txt`, `*.csv`, …, at the top of `corpus/`) and the overrides file, so that an installed `qbank` has questions to search
//! wherever it runs. The synonym dictionary is built in by `src/synonyms.rs` itself.
//! Also a digest of those files and of the built-in concepts (`corpus::built_in::DIGEST`),
//! and, on x86-64 Linux, the executable linked at a fixed address (`link_at_a_fixed_address`).

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

fn main() {
    let manifest_dir = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let corpus = Path::new(&manifest_dir).join("corpus");
    // Cargo looks at every file under a directory named here.
    println!("cargo::rerun-if-changed=corpus");
    link_at_a_fixed_address();

    let mut names: Vec<String> = fs::read_dir(&corpus)
        .expect("the repository has a corpus/ directory")
        .map(|entry| entry.expect("corpus/ can be listed"))
        // Links are followed, as when a corpus directory is read at run time.
        .filter(|entry| fs::metadata(entry.path()).is_ok_and(|m| m.is_file()))
        .filter_map(|entry| entry.file_name().into_string().ok())
        .filter(|name| !name.starts_with('.') && (is_list(name) || name == "overrides.toml"))
        .collect();
    names.sort();

    // A digest of everything built in that the index depends on (the lists, overrides
    // and concepts): what tells, without hashing those bytes at every run, that an
    // index was built by a qbank with other built-in files.
    let mut digest = Fnv::default();
    for name in names.iter().map(String::as_str).chain(["concepts.toml"]) {
        let bytes = fs::read(corpus.join(name)).expect("the corpus files can be read");
        digest.write(name.as_bytes());
        digest.write(&(bytes.len() as u64).to_le_bytes());
        digest.write(&bytes);
    }

    let mut code = String::from("&[\n");
    for name in &names {
        // Paths relative to the manifest directory keep the generated code free of
        // this machine's paths.
        writeln!(
            code,
            "    ({name:?}, include_bytes!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/corpus/\", {name:?}))),"
        )
        .expect("writing to a String");
    }
    code.push(']');
    let out =
        Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("built_in_corpus.rs");
    fs::write(&out, code).expect("OUT_DIR is writable");
    fs::write(
        out.with_file_name("built_in_digest.rs"),
        format!("{:#018x}", digest.0),
    )
    .expect("OUT_DIR is writable");
}

/// On x86-64 Linux the `qbank` executable is linked at a fixed address (not as a
/// position-independent executable): the dynamic loader then has no pointers to
/// relocate, where a PIE build makes it rewrite some 33,000 of them, touching 150 pages,
/// before every command (0.5 to 0.8 ms, about a sixth of `qbank --version`). The image
/// then always loads at the same address; the stack, heap and libraries still move.
fn link_at_a_fixed_address() {
    let target = |key: &str| env::var(key).unwrap_or_default();
    if target("CARGO_CFG_TARGET_OS") == "linux"
        && target("CARGO_CFG_TARGET_ARCH") == "x86_64"
        && target("CARGO_CFG_TARGET_ENV") == "gnu"
    {
        println!("cargo::rustc-link-arg-bins=-no-pie");
    }
}

/// FNV-1a, 64 bits: enough to tell one set of built-in files from another (not a
/// defence against anyone).
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// The same test as `corpus::EXTENSIONS` (a build script cannot use the crate it
/// builds), in any case.
fn is_list(name: &str) -> bool {
    const EXTENSIONS: &[&str] = &[
        "md", "markdown", "txt", "csv", "tsv", "json", "jsonl", "yaml", "yml",
    ];
    Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| e.eq_ignore_ascii_case(x)))
}
