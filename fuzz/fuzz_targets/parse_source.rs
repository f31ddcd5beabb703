//! Any bytes as a source list: decoding, parsing and ids must never panic, and every
//! question they yield must have text and a unique id.
#![no_main]

use std::collections::HashSet;
use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let path = Path::new("fuzz.md");
    let Ok(text) = qbank::corpus::decode(path, bytes) else {
        return;
    };
    if let Ok(source) = qbank::corpus::read_source("fuzz", path, &text, bytes.len() as u64) {
        let mut ids = HashSet::new();
        for record in &source.records {
            assert!(!record.question.trim().is_empty(), "empty question");
            assert!(ids.insert(record.id.clone()), "duplicate id {}", record.id);
        }
    }
});
