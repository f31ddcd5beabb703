//! The operations the benchmarks time in process, each as the command line runs it:
//! `benches/search.rs` (criterion) and `bench latency` (p50 and p99) both run this list.
//! `scripts/bench_scale.sh` times the same operations as whole processes; its lists
//! follow this one.

use anyhow::{Context, Result};
use qbank::Category;
use qbank::search::{Filters, Related, Request, Searcher};

/// Searches: single words, several words, a phrase, typos, and one with a filter.
pub const SEARCHES: &[(&str, Option<Category>)] = &[
    ("cache", None),
    ("database", None),
    ("rate limiting", None),
    ("jwt authentication", None),
    ("message queue", None),
    ("\"load balancer\"", None),
    ("kubernets", None),
    ("cahce", None),
    ("replication lag", None),
    ("index", Some(Category::Databases)),
];

/// A question of every corpus `bench generate --seed 1` writes (the second of its first
/// list: the first, "What is a environment?", has no content words to relate by).
pub const RELATED_ID: &str = "synthetic-0001:2";

/// The category the export selects: about a tenth of a generated corpus (seed 1:
/// 10.3% of 10,000 questions, 9.3% of 100,000).
pub const EXPORT_CATEGORY: Category = Category::Performance;

/// Results per page, as the command line's default.
const PAGE: usize = 10;

/// One timed operation.
pub struct Case {
    /// How the command line spells it.
    pub name: String,
    operation: Operation,
}

enum Operation {
    /// `qbank search QUERY`: the first page.
    Search(Request),
    /// `qbank related ID`: the question looked up, then the first page of related ones.
    Related(&'static str),
    /// What `qbank export --category C` selects (duplicates collapsed), before writing.
    Select(Request),
}

/// Every operation, in the order they are reported.
pub fn cases() -> Vec<Case> {
    let mut cases: Vec<Case> = SEARCHES
        .iter()
        .map(|&(query, category)| {
            let mut request = Request::new(query, PAGE);
            let mut name = query.to_string();
            if let Some(category) = category {
                request.filters.categories.push(category);
                name.push_str(&format!(" --category {category}"));
            }
            Case {
                name,
                operation: Operation::Search(request),
            }
        })
        .collect();
    cases.push(Case {
        name: format!("related {RELATED_ID}"),
        operation: Operation::Related(RELATED_ID),
    });
    cases.push(Case {
        name: format!("export --category {EXPORT_CATEGORY} (selection)"),
        operation: Operation::Select(Request {
            filters: Filters {
                categories: vec![EXPORT_CATEGORY],
                ..Filters::default()
            },
            ..Request::new("", 1)
        }),
    });
    cases
}

impl Case {
    /// Runs the operation once; returns how many questions it gave.
    pub fn run(&self, searcher: &Searcher) -> Result<usize> {
        self.hits(searcher)
            .with_context(|| format!("running `{}`", self.name))
    }

    fn hits(&self, searcher: &Searcher) -> Result<usize> {
        let hits = match &self.operation {
            Operation::Search(request) => searcher.search(request)?,
            Operation::Select(request) => searcher.select(request)?,
            Operation::Related(id) => {
                let question = searcher.get(id)?.with_context(|| {
                    format!("no question {id} in the index (is it a corpus of `bench generate --seed 1`?)")
                })?;
                searcher.related(
                    &Related::Question(Box::new(question)),
                    &Request::new("", PAGE),
                )?
            }
        };
        Ok(hits.hits.len())
    }
}
