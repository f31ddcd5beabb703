//! The properties the fuzz targets (`fuzz/`) check, shared with the regression tests
//! that replay what the fuzzers found (`tests/fuzz_regressions.rs`). Each function
//! panics when a property fails; that is what a fuzzer looks for.

use std::collections::HashSet;
use std::path::Path;

use crate::corpus::Lists;
use crate::index::{self, OpenIndex};
use crate::search::{Mode, Request, Searcher};
use crate::synonyms::Synonyms;

/// Any bytes as a source list, in every format qbank reads: decoding and parsing never
/// panic, and every question they yield has text and an id of its own.
pub fn parse_source(bytes: &[u8]) {
    for name in [
        "fuzz.md",
        "fuzz.txt",
        "fuzz.csv",
        "fuzz.tsv",
        "fuzz.json",
        "fuzz.jsonl",
        "fuzz.yaml",
    ] {
        let path = Path::new(name);
        let Ok(text) = crate::corpus::decode(path, bytes) else {
            return;
        };
        if let Ok(source) = crate::corpus::read_source("fuzz", path, &text, bytes.len() as u64) {
            let mut ids = HashSet::new();
            for record in &source.records {
                assert!(!record.question.trim().is_empty(), "empty question");
                assert!(ids.insert(record.id.clone()), "duplicate id {}", record.id);
            }
        }
    }
}

/// An index over a corpus directory, built once, to run queries against.
pub struct QueryHarness {
    _dir: tempfile::TempDir,
    index: OpenIndex,
    synonyms: Synonyms,
}

impl QueryHarness {
    pub fn new(corpus_dir: &Path) -> QueryHarness {
        let dir = tempfile::tempdir().expect("temporary directory");
        let index_dir = dir.path().join("index");
        let corpus = Lists::Dir(corpus_dir.to_path_buf());
        index::build(&corpus, &index_dir, || {}, |_, _, _| {}).expect("the corpus indexes");
        QueryHarness {
            index: index::open(&index_dir).expect("the index opens"),
            synonyms: Synonyms::for_corpus(&corpus).expect("synonyms"),
            _dir: dir,
        }
    }

    /// Any text as a query, in both modes: an answer or an error, never a panic, and
    /// never more results than asked for.
    pub fn query(&self, text: &str) {
        let searcher = Searcher::new(&self.index).with_synonyms(self.synonyms.clone());
        for mode in [Mode::Forgiving, Mode::Exact] {
            let request = Request {
                mode,
                explain: true,
                ..Request::new(text, 5)
            };
            if let Ok(hits) = searcher.search(&request) {
                assert!(hits.hits.len() <= 5, "{} results", hits.hits.len());
                assert!(hits.hits.len() <= hits.total);
            }
        }
    }
}
