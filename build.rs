//! Compiles the repository's `corpus/` into the binary: every source list (`*.md`,
//! `*.txt`, `*.csv`, …, at the top of `corpus/`) and the overrides file, so that an installed `qbank` has questions to search
//! wherever it runs. The synonym dictionary is built in by `src/synonyms.rs` itself.

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

fn main() {
    let manifest_dir = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let corpus = Path::new(&manifest_dir).join("corpus");
    // Cargo looks at every file under a directory named here.
    println!("cargo::rerun-if-changed=corpus");

    let mut names: Vec<String> = fs::read_dir(&corpus)
        .expect("the repository has a corpus/ directory")
        .map(|entry| entry.expect("corpus/ can be listed"))
        // Links are followed, as when a corpus directory is read at run time.
        .filter(|entry| fs::metadata(entry.path()).is_ok_and(|m| m.is_file()))
        .filter_map(|entry| entry.file_name().into_string().ok())
        .filter(|name| !name.starts_with('.') && (is_list(name) || name == "overrides.toml"))
        .collect();
    names.sort();

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
    fs::write(out, code).expect("OUT_DIR is writable");
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
