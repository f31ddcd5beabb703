//! Any bytes as a source list (see `qbank::fuzzing::parse_source`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| qbank::fuzzing::parse_source(bytes));
