//! The parser and classifier on the five source lists of the project's own corpus.

use std::path::Path;

use qbank::corpus::{self, Corpus};
use qbank::{Category, Level, Provenance, Question, classify};

fn corpus() -> Corpus {
    corpus::load(&corpus::Lists::Dir(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus"),
    ))
    .expect("corpus loads")
}

fn questions() -> Vec<Question> {
    let corpus = corpus();
    classify::classify(corpus.records().cloned().collect(), &corpus.overrides)
}

fn find<'a>(questions: &'a [Question], id: &str) -> &'a Question {
    questions
        .iter()
        .find(|q| q.id == id)
        .unwrap_or_else(|| panic!("no question {id}"))
}

#[test]
fn every_list_yields_exactly_its_questions() {
    let corpus = corpus();
    let counts: Vec<_> = corpus
        .sources
        .iter()
        .map(|s| (s.key.as_str(), s.records.len()))
        .collect();
    assert_eq!(
        counts,
        [
            ("backend-128", 128),
            ("essentials-49", 49),
            ("explained-100", 100),
            ("leveled-50", 50),
            ("quickfire-50", 50),
        ]
    );
    assert_eq!(corpus.len(), 377);
    let warnings: Vec<_> = corpus.warnings().map(|w| w.to_string()).collect();
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn ids_are_unique_and_numbers_follow_the_lists() {
    let corpus = corpus();
    let mut ids: Vec<_> = corpus.records().map(|r| r.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 377);
    for source in &corpus.sources {
        let numbers: Vec<u32> = source.records.iter().map(|r| r.number).collect();
        let expected: Vec<u32> = (1..=source.records.len() as u32).collect();
        assert_eq!(numbers, expected, "{}", source.key);
    }
}

#[test]
fn explanations_and_stated_levels() {
    let questions = questions();
    let explained = questions.iter().filter(|q| q.explanation.is_some()).count();
    assert_eq!(explained, 100);
    assert!(
        questions
            .iter()
            .filter(|q| q.explanation.is_some())
            .all(|q| q.source == "explained-100")
    );
    let stated: Vec<_> = questions
        .iter()
        .filter(|q| q.level_source == Provenance::Stated)
        .collect();
    assert_eq!(stated.len(), 50);
    assert!(stated.iter().all(|q| q.source == "leveled-50"));
    let level_of = |id| find(&questions, id).level;
    assert_eq!(level_of("leveled-50:1"), Level::Beginner);
    assert_eq!(level_of("leveled-50:18"), Level::Beginner);
    assert_eq!(level_of("leveled-50:19"), Level::Intermediate);
    assert_eq!(level_of("leveled-50:37"), Level::Intermediate);
    assert_eq!(level_of("leveled-50:38"), Level::Advanced);
    assert_eq!(level_of("leveled-50:50"), Level::Advanced);
}

#[test]
fn sample_texts_are_exact_typos_included() {
    let questions = questions();
    assert_eq!(
        find(&questions, "essentials-49:12").question,
        "Explain the difference between authantication and authorization with a simpla example."
    );
    assert_eq!(
        find(&questions, "essentials-49:17").question,
        "What's the difference between a GET request and a POST request in terms of data handling?"
    );
    assert_eq!(
        find(&questions, "quickfire-50:50").question,
        "What is an error handler in backend?"
    );
    let process = find(&questions, "explained-100:1");
    assert_eq!(
        process.question,
        "What is the difference between a process and a thread?"
    );
    let explanation = process.explanation.as_deref().expect("explained");
    assert!(explanation.starts_with("A process is an independent program in execution"));
    assert!(explanation.ends_with("within a single process."));
    assert_eq!(
        find(&questions, "explained-100:5")
            .explanation
            .as_deref()
            .map(|e| e.contains("`Array.map()`")),
        Some(true)
    );
    let last = find(&questions, "explained-100:100");
    assert_eq!(
        last.question,
        "What is the importance of code reviews in backend development?"
    );
    assert!(
        last.explanation
            .as_deref()
            .is_some_and(|e| e.starts_with("Code reviews ensure"))
    );
    assert_eq!(
        find(&questions, "explained-100:2")
            .explanation
            .as_deref()
            .map(|e| e.contains("It’s useful")),
        Some(true)
    );
}

#[test]
fn sections_are_the_nearest_heading_without_markdown() {
    let questions = questions();
    let section = |id| find(&questions, id).section.clone();
    assert_eq!(section("leveled-50:1").as_deref(), Some("HTTP & Protocols"));
    assert_eq!(
        section("leveled-50:43").as_deref(),
        Some("Database Advanced Concepts")
    );
    assert_eq!(
        section("backend-128:21").as_deref(),
        Some("Databases and Data Storage")
    );
    assert_eq!(
        section("explained-100:81").as_deref(),
        Some("Practical Coding Questions")
    );
    assert_eq!(section("essentials-49:1"), None);
    assert_eq!(section("quickfire-50:1"), None);
}

#[test]
fn categories_come_from_clear_headings_and_are_inferred_otherwise() {
    let questions = questions();
    let category = |id| {
        let q = find(&questions, id);
        (q.category, q.category_source)
    };
    assert_eq!(
        category("backend-128:21"),
        (Category::Databases, Provenance::Section)
    );
    assert_eq!(
        category("leveled-50:43"),
        (Category::Databases, Provenance::Section)
    );
    assert_eq!(
        category("explained-100:2"),
        (Category::Fundamentals, Provenance::Section)
    );
    // Under the same "Programming Fundamentals" heading, processes and threads are
    // concurrency by our scopes: the category model is sure enough to overrule it.
    assert_eq!(
        category("explained-100:1"),
        (Category::Concurrency, Provenance::Inferred)
    );
    assert_eq!(category("backend-128:1").1, Provenance::Inferred);
    assert_eq!(category("leveled-50:16").1, Provenance::Inferred);
    assert_eq!(category("explained-100:76").1, Provenance::Inferred);
    assert_eq!(category("explained-100:84").1, Provenance::Inferred);
    assert_eq!(
        category("essentials-49:27"),
        (Category::Security, Provenance::Inferred)
    );
    assert_eq!(
        category("quickfire-50:22"),
        (Category::Networking, Provenance::Inferred)
    );
    assert!(
        questions
            .iter()
            .all(|q| q.level_source != Provenance::Section)
    );
    assert!(
        questions
            .iter()
            .all(|q| q.category_source != Provenance::Stated)
    );
}

#[test]
fn the_built_in_lists_are_the_project_corpus_compiled_in() {
    let on_disk = corpus();
    let built_in = corpus::load(&corpus::Lists::BuiltIn).expect("the built-in lists load");
    let files = |corpus: &Corpus| -> Vec<(String, bool)> {
        corpus
            .sources
            .iter()
            .map(|s| (s.file.clone(), s.built_in))
            .collect()
    };
    assert_eq!(
        files(&built_in),
        files(&on_disk)
            .into_iter()
            .map(|(file, _)| (file, true))
            .collect::<Vec<_>>()
    );
    assert_eq!(
        built_in.records().collect::<Vec<_>>(),
        on_disk.records().collect::<Vec<_>>()
    );
    assert_eq!(built_in.overrides, on_disk.overrides);
    // The same lists, one set built in: another corpus as far as staleness goes.
    assert_ne!(built_in.content_hash, on_disk.content_hash);
    assert_eq!(
        built_in.sources[0].path,
        Path::new("built-in:backend-128.md")
    );
}
