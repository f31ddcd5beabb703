//! Every input the fuzzers (`fuzz/`) ever failed on, replayed through the same checks:
//! `tests/fixtures/fuzz/<target>/` holds them, one file each.

use std::fs;
use std::path::{Path, PathBuf};

use qbank::fuzzing::{self, QueryHarness};

fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz")
        .join(target);
    let mut found: Vec<(PathBuf, Vec<u8>)> = fs::read_dir(&dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .map(|p| {
                    let bytes = fs::read(&p).expect("readable fixture");
                    (p, bytes)
                })
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

#[test]
fn source_lists_the_fuzzer_broke_now_parse() {
    let found = inputs("parse_source");
    assert!(!found.is_empty(), "the fixtures are there");
    for (path, bytes) in found {
        eprintln!("{}", path.display());
        fuzzing::parse_source(&bytes);
    }
}

#[test]
fn queries_the_fuzzer_broke_now_answer() {
    let harness = QueryHarness::new(&Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus"));
    // Besides what the fuzzer found, the syntax characters one by one and together.
    let mut queries: Vec<String> = inputs("query")
        .into_iter()
        .map(|(_, bytes)| String::from_utf8_lossy(&bytes).into_owned())
        .collect();
    queries.extend(
        [
            "", "\"", "(", ")", "*", "+", "-", "^", "~", ":", "[", "{", "!", "\\", "a:", "*:*",
            "\"\"~2",
        ]
        .iter()
        .map(|s| s.to_string()),
    );
    queries.push("+-\"()[]{}^~*:!\\ OR AND NOT".to_string());
    for query in queries {
        harness.query(&query);
    }
}
