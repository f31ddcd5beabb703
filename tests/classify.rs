//! Category and level inference measured on the project's corpus, and overrides.

mod common;

use std::path::Path;

use common::{TestEnv, json_of, stdout_of};
use predicates::prelude::*;
use predicates::str::contains;
use qbank::classify::{self, evaluate};
use qbank::corpus::{self, Overrides, Record};
use qbank::{Category, Level, Provenance};

fn project_records() -> Vec<Record> {
    let corpus = corpus::load(&corpus::Lists::Dir(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus"),
    ))
    .expect("corpus");
    corpus.records().cloned().collect()
}

/// Floors a little below what `qbank eval-classify` measures (82.6% for categories; 50%
/// for levels leaving out their source, 64% leaving out one question), so that a regression fails.
#[test]
fn cross_validated_accuracy_stays_above_its_floor() {
    let evaluation = evaluate(&project_records());
    let category = evaluation.category.accuracy().expect("labelled categories");
    let level = evaluation.level.accuracy().expect("stated levels");
    let level_one_out = evaluation.level_one_out.accuracy().expect("stated levels");
    assert_eq!(evaluation.category.labelled, 219);
    assert_eq!(evaluation.level.labelled, 50);
    assert!(category >= 0.80, "category accuracy {category}");
    assert!(level >= 0.46, "level accuracy {level}");
    assert!(
        level_one_out >= 0.44,
        "level accuracy, one out {level_one_out}"
    );
}

#[test]
fn evaluation_never_reads_the_headings_it_predicts() {
    // The headings are the only signal: questions share no words with each other or
    // with any lexicon. Reading a question's own heading would score every one right.
    let record = |source: &str, n: u32, word: &str| Record {
        id: format!("{source}:{n}"),
        source: source.to_string(),
        number: n,
        line: n,
        question: format!("{word}?"),
        headings: vec!["Networking".to_string(), "Senior".to_string()],
        ..Record::default()
    };
    let records = [
        record("a", 1, "zorblax"),
        record("a", 2, "quintessor"),
        record("b", 1, "flimbrel"),
        record("b", 2, "grontwick"),
    ];
    let evaluation = evaluate(&records);
    assert_eq!(evaluation.category.labelled, 4);
    assert_eq!(evaluation.category.correct, 0);
    assert_eq!(evaluation.level.correct, 0);
}

#[test]
fn every_question_has_provenance_and_a_confidence_in_range() {
    let records = project_records();
    let questions = classify::classify(records.clone(), &Overrides::default());
    assert_eq!(questions.len(), 377);
    for q in &questions {
        assert!((0.0..=1.0).contains(&q.category_confidence), "{q:?}");
        assert!((0.0..=1.0).contains(&q.level_confidence), "{q:?}");
        match q.category_source {
            Provenance::Section => assert_eq!(q.category_confidence, 1.0),
            Provenance::Inferred => {
                assert!(q.category_confidence < 1.0 || q.category_confidence > 0.0)
            }
            other => panic!("unexpected category source {other}"),
        }
        assert!(matches!(
            q.level_source,
            Provenance::Stated | Provenance::Inferred
        ));
    }
    let inferred = questions
        .iter()
        .filter(|q| q.category_source == Provenance::Inferred)
        .count();
    assert_eq!(inferred, 377 - 219);
    // Confidence tells sure inferences from unsure ones.
    let inferred_confidences: Vec<f32> = questions
        .iter()
        .filter(|q| q.category_source == Provenance::Inferred)
        .map(|q| q.category_confidence)
        .collect();
    assert!(
        inferred_confidences.iter().any(|&c| c < 0.5),
        "{inferred_confidences:?}"
    );
    assert!(
        inferred_confidences.iter().any(|&c| c > 0.8),
        "{inferred_confidences:?}"
    );
    // Cross-list duplicates of labelled questions take their label.
    let deadlocks = questions
        .iter()
        .find(|q| q.id == "essentials-49:47")
        .expect("deadlocks question");
    assert_eq!(deadlocks.category, Category::Databases);
}

#[test]
fn eval_classify_prints_the_table() {
    let env = TestEnv::with_project_corpus();
    let out = stdout_of(env.qbank().arg("eval-classify"));
    for wanted in [
        "backend-128",
        "explained-100",
        "leveled-50",
        "all sources",
        "219",
        "%",
    ] {
        assert!(out.contains(wanted), "{wanted} not in\n{out}");
    }
}

#[test]
fn overrides_pin_categories_and_levels_and_survive_reindexing() {
    let env = TestEnv::with_project_corpus();
    env.index();
    env.write(
        "overrides.toml",
        "# pins\n\"essentials-49:16\" = { category = \"apis\", level = \"beginner\" }\n\"backend-128:86\" = { category = \"apis\" }\n",
    );
    // A changed overrides file makes the index stale.
    env.qbank()
        .args(["show", "essentials-49:16", "--format", "json"])
        .assert()
        .success()
        .stderr(contains("out of date"))
        .stdout(
            contains("\"category_source\": \"override\"").and(contains("\"level\": \"beginner\"")),
        );
    env.index();
    let json: serde_json::Value =
        json_of(
            env.qbank()
                .args(["show", "backend-128:86", "--format", "json"]),
        );
    assert_eq!(json["category"], "apis");
    assert_eq!(json["category_source"], "override");
    assert_eq!(json["category_confidence"], 1.0);
    assert_eq!(json["level_source"], "inferred");
    let stats: serde_json::Value = json_of(env.qbank().args(["stats", "--format", "json"]));
    let overridden: u64 = stats["categories"]
        .as_array()
        .expect("categories")
        .iter()
        .map(|c| c["overridden"].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(overridden, 2);
}

#[test]
fn bad_overrides_are_errors_naming_the_line_and_keep_the_old_index() {
    let env = TestEnv::with_project_corpus();
    env.index();
    for (text, message) in [
        (
            "\"essentials-49:1\" = { category = \"apis\" }\n\"nope:1\" = { level = \"beginner\" }\n",
            "overrides.toml:2: unknown question id 'nope:1'",
        ),
        (
            "\n\"essentials-49:1\" = { category = \"cooking\" }\n",
            "overrides.toml:2: unknown category 'cooking'",
        ),
        (
            "\"essentials-49:1\" = { level = \"guru\" }\n",
            "overrides.toml:1: unknown level 'guru'",
        ),
        ("\"essentials-49:1\" = { category = \n", "overrides.toml:1:"),
    ] {
        env.write("overrides.toml", text);
        env.qbank()
            .arg("index")
            .assert()
            .code(2)
            .stderr(contains(message));
        env.qbank()
            .args(["search", "docker"])
            .assert()
            .success()
            .stderr(contains("previous index"));
    }
}

/// The built-in lists and the shape fixtures against the gold set labelled blind from
/// the level rubric (tests/data/levels.tsv). The floors sit just below what the
/// classifier measures today, so that a change that loses agreement fails.
#[test]
fn agreement_with_the_gold_set_holds_its_floors() {
    use qbank::classify::gold::{GoldSet, compare};
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let gold = GoldSet::parse(
        &std::fs::read_to_string(root.join("tests/data/levels.tsv")).expect("gold set"),
    )
    .expect("gold set parses");
    let built_in = corpus::load(&corpus::Lists::Dir(root.join("corpus"))).expect("corpus loads");
    let mut questions =
        classify::classify(built_in.records().cloned().collect(), &built_in.overrides);
    let shapes = corpus::load(&corpus::Lists::Dir(root.join("tests/fixtures/shapes")))
        .expect("fixtures load");
    let mut shape_questions =
        classify::classify(shapes.records().cloned().collect(), &shapes.overrides);
    for q in &mut shape_questions {
        q.id = format!("shapes/{}", q.id);
    }
    questions.extend(
        shape_questions
            .into_iter()
            .filter(|q| gold.labels.contains_key(&q.id)),
    );
    let report = compare(&questions, &gold);
    println!(
        "gold: {} questions, level accuracy {:.3}, recall {:.3}/{:.3}/{:.3}, category accuracy {:.3}, calibration {:?}",
        report.questions,
        report.level_accuracy(),
        report.recall(Level::Beginner),
        report.recall(Level::Intermediate),
        report.recall(Level::Advanced),
        report.category_accuracy(),
        report.calibration
    );
    assert!(report.questions >= 400, "{}", report.questions);
    assert!(report.level_accuracy() >= 0.70, "level accuracy");
    assert!(report.recall(Level::Beginner) >= 0.56, "beginner recall");
    assert!(
        report.recall(Level::Intermediate) >= 0.82,
        "intermediate recall"
    );
    assert!(report.recall(Level::Advanced) >= 0.53, "advanced recall");
    assert!(report.category_accuracy() >= 0.72, "category accuracy");
}
