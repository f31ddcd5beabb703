//! Any text as a query against the project's corpus (see `qbank::fuzzing`).
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use qbank::fuzzing::QueryHarness;

static HARNESS: OnceLock<QueryHarness> = OnceLock::new();

fuzz_target!(|bytes: &[u8]| {
    let harness = HARNESS.get_or_init(|| {
        QueryHarness::new(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpus"))
    });
    if let Ok(text) = std::str::from_utf8(bytes) {
        harness.query(text);
    }
});
