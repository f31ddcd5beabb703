//! Category and level inference measured on the project's corpus, and overrides.

mod common;

use std::path::Path;

use common::{TestEnv, json_lines_of, json_of, stdout_of};
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

/// Floors a little below what `qbank eval-classify` measures against the sources' own
/// headings and stated levels (74.9% for categories; 50% for levels leaving out their
/// source and leaving out one question), so that a regression fails. The yardstick is
/// the sources' labelling, which the gold set agrees with on 166 of the 219 headed
/// questions: the category model follows the gold set where they differ.
#[test]
fn cross_validated_accuracy_stays_above_its_floor() {
    let evaluation = evaluate(&project_records());
    let category = evaluation.category.accuracy().expect("labelled categories");
    let level = evaluation.level.accuracy().expect("stated levels");
    let level_one_out = evaluation.level_one_out.accuracy().expect("stated levels");
    assert_eq!(evaluation.category.labelled, 219);
    assert_eq!(evaluation.level.labelled, 50);
    assert!(category >= 0.70, "category accuracy {category}");
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
            Provenance::Inferred => {}
            other => panic!("unexpected category source {other}"),
        }
        assert!(matches!(
            q.level_source,
            Provenance::Stated | Provenance::Inferred
        ));
    }
    // A heading's category stands unless the model is sure (0.6 or more) of another.
    let mut overruled = 0;
    for (record, q) in records.iter().zip(&questions) {
        let Some(section) = classify::Labels::of(record).category else {
            assert_eq!(q.category_source, Provenance::Inferred, "{q:?}");
            continue;
        };
        if q.category_source == Provenance::Inferred {
            overruled += 1;
            assert_ne!(q.category, section, "{q:?}");
            assert!(q.category_confidence >= 0.6, "{q:?}");
        } else {
            assert_eq!(q.category, section, "{q:?}");
        }
    }
    assert!(
        (1..219).contains(&overruled),
        "{overruled} headings overruled"
    );
    // The model has learnt these questions: its inferences on them are sure.
    let inferred_confidences: Vec<f32> = questions
        .iter()
        .filter(|q| q.category_source == Provenance::Inferred)
        .map(|q| q.category_confidence)
        .collect();
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

fn gold_set() -> qbank::classify::gold::GoldSet {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    qbank::classify::gold::GoldSet::parse(
        &std::fs::read_to_string(root.join("tests/data/levels.tsv")).expect("gold set"),
    )
    .expect("gold set parses")
}

fn print_report(what: &str, report: &qbank::classify::gold::GoldReport) {
    println!(
        "{what}: {} questions, level accuracy {:.3}, recall {:.3}/{:.3}/{:.3}, category accuracy {:.3}, calibration {:?}",
        report.questions,
        report.level_accuracy(),
        report.recall(Level::Beginner),
        report.recall(Level::Intermediate),
        report.recall(Level::Advanced),
        report.category_accuracy(),
        report.calibration
    );
}

/// The models learn from the gold set (tests/data/levels.tsv, labelled blind from the
/// level rubric and the category scopes); on questions they have not learnt from they
/// are measured by cross-validation. The floors sit just below what they measure today,
/// so that a change that loses accuracy or calibration fails.
#[test]
fn cross_validated_levels_and_categories_hold_their_floors() {
    use qbank::classify::{gold, training};
    assert_eq!(
        training::examples().len(),
        377,
        "every built-in question is in the gold set"
    );
    let built_in = corpus::load(&corpus::Lists::BuiltIn).expect("built-in lists");
    let records: Vec<Record> = built_in.records().cloned().collect();
    let report = gold::cross_validate(&records, &gold_set(), 5);
    print_report("cross-validated", &report);
    assert_eq!(report.questions, 377);
    assert!(report.level_accuracy() >= 0.80, "level accuracy");
    assert!(report.recall(Level::Beginner) >= 0.71, "beginner recall");
    assert!(
        report.recall(Level::Intermediate) >= 0.88,
        "intermediate recall"
    );
    assert!(report.recall(Level::Advanced) >= 0.64, "advanced recall");
    assert!(report.category_accuracy() >= 0.86, "category accuracy");
    // Calibrated: a confident level is a right level nine times in ten.
    let (accuracy, confident) = report.accuracy_at(0.8);
    assert!(confident >= 200, "{confident} confident levels");
    assert!(
        accuracy >= 0.89,
        "accuracy at confidence 0.8 or more: {accuracy}"
    );
}

/// The shape fixtures are in the gold set but not in what the model learns from: a
/// second held-out measure, on the shapes of real lists.
#[test]
fn levels_of_questions_never_learnt_from_agree_with_the_gold_set() {
    use qbank::classify::gold::compare;
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let gold = gold_set();
    let shapes = corpus::load(&corpus::Lists::Dir(root.join("tests/fixtures/shapes")))
        .expect("fixtures load");
    let mut questions = classify::classify(shapes.records().cloned().collect(), &shapes.overrides);
    for q in &mut questions {
        q.id = format!("shapes/{}", q.id);
    }
    let report = compare(&questions, &gold);
    print_report("shapes", &report);
    assert!(report.questions >= 30, "{}", report.questions);
    assert!(report.level_accuracy() >= 0.48, "level accuracy");
}

/// The built-in lists as served (stated levels win; inferred levels come from a model
/// that has learnt these very questions, so they mostly agree) against the gold set.
#[test]
fn the_built_in_lists_as_served_agree_with_the_gold_set() {
    use qbank::classify::gold::compare;
    let gold = gold_set();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let built_in = corpus::load(&corpus::Lists::Dir(root.join("corpus"))).expect("corpus loads");
    let questions = classify::classify(built_in.records().cloned().collect(), &built_in.overrides);
    let report = compare(&questions, &gold);
    print_report("as served", &report);
    assert_eq!(report.questions, 377);
    // The 50 stated levels of one list agree with the gold set 24 times: they win, as
    // stated levels do, and cap the agreement.
    assert!(report.level_accuracy() >= 0.90, "level accuracy");
    assert!(report.category_accuracy() >= 0.95, "category accuracy");
}

/// `--min-confidence` keeps the labels given with at least that confidence: the level's
/// when levels are filtered, both labels when nothing is; stated labels have 1.
#[test]
fn min_confidence_keeps_only_confident_labels() {
    let env = TestEnv::with_project_corpus();
    env.index();
    let export = |args: &[&str]| {
        json_lines_of(
            env.qbank()
                .args(["export", "--no-collapse", "--format", "jsonl"])
                .args(args),
        )
    };
    let confidence = |q: &serde_json::Value, label: &str| {
        q[format!("{label}_confidence")]
            .as_f64()
            .expect("a confidence")
    };
    let all_beginner = export(&["-l", "beginner"]);
    let confident_beginner = export(&["-l", "beginner", "--min-confidence", "0.8"]);
    let expected: Vec<&serde_json::Value> = all_beginner
        .iter()
        .filter(|q| confidence(q, "level") >= 0.8 - 1e-6)
        .collect();
    assert!(!expected.is_empty() && expected.len() < all_beginner.len());
    assert_eq!(confident_beginner.iter().collect::<Vec<_>>(), expected);
    // Without a label filter both confidences count.
    let both = export(&["--min-confidence", "0.9"]);
    assert!(!both.is_empty());
    for q in &both {
        assert!(confidence(q, "level") >= 0.9 - 1e-6 && confidence(q, "category") >= 0.9 - 1e-6);
    }
    // Search applies it too, and a confidence outside 0 to 1 is a usage error.
    let found = env.search_json(&["cookie", "--min-confidence", "0.9", "-l", "beginner"]);
    let found = found["results"].as_array().expect("results");
    assert!(!found.is_empty());
    for q in found {
        assert!(confidence(q, "level") >= 0.9 - 1e-6, "{q}");
    }
    env.qbank()
        .args(["search", "cookie", "--min-confidence", "1.5"])
        .assert()
        .code(2)
        .stderr(contains("from 0 to 1"));
}

/// Questions from outside the backend domain get a low category confidence, not a
/// confident wrong label; backend questions in the same list get a confident one.
#[test]
fn questions_outside_the_domain_get_a_low_category_confidence() {
    let env = TestEnv::empty();
    env.write(
        "mixed.md",
        "# Quiz\n\n1. What is photosynthesis?\n2. Which organelle makes ATP?\n\
         3. Who was the first Roman emperor?\n4. When did the French Revolution begin?\n\
         5. What is SQL injection, and how do you prevent it?\n\
         6. What is the difference between TCP and UDP?\n",
    );
    let questions = json_lines_of(env.qbank().args(["export", "--format", "jsonl"]));
    assert_eq!(questions.len(), 6);
    for q in &questions {
        let confidence = q["category_confidence"].as_f64().expect("confidence");
        let text = q["question"].as_str().expect("question");
        if text.contains("SQL") || text.contains("TCP") {
            assert!(confidence >= 0.6, "{q}");
        } else {
            assert!(confidence < 0.4, "{q}");
        }
    }
    // And --min-confidence leaves them out.
    let confident = stdout_of(env.qbank().args([
        "export",
        "--format",
        "jsonl",
        "--min-confidence",
        "0.6",
        "-c",
        "security",
        "-c",
        "networking",
    ]));
    assert_eq!(confident.lines().count(), 2, "{confident}");
}
