//! Structured question files (CSV, TSV, an Anki export, JSON, JSON lines, YAML) and a
//! cloned repository of lists read as a corpus. The fixtures are in
//! `tests/fixtures/shapes/`.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use predicates::prelude::*;
use predicates::str::contains;
use qbank::corpus::{self, Corpus, Lists, Record};

use common::TestEnv;

fn shapes() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/shapes")
}

fn load_shapes() -> Corpus {
    corpus::load(&Lists::Dir(shapes())).expect("the shapes load")
}

fn records<'a>(corpus: &'a Corpus, source: &str) -> Vec<&'a Record> {
    corpus.records().filter(|r| r.source == source).collect()
}

/// Id, line, question and explanation of each record of a source.
fn summary(corpus: &Corpus, source: &str) -> Vec<(String, u32, String, Option<String>)> {
    records(corpus, source)
        .into_iter()
        .map(|r| {
            (
                r.id.clone(),
                r.line,
                r.question.clone(),
                r.explanation.clone(),
            )
        })
        .collect()
}

/// Stated category, stated level and headings of each record of a source.
fn labels(corpus: &Corpus, source: &str) -> Vec<(Option<String>, Option<String>, Vec<String>)> {
    records(corpus, source)
        .into_iter()
        .map(|r| {
            (
                r.stated_category.clone(),
                r.stated_level.clone(),
                r.headings.clone(),
            )
        })
        .collect()
}

/// The warnings about one fixture, without the directory before its name.
fn warnings(corpus: &Corpus, file: &str) -> Vec<String> {
    let prefix = format!("{}/", shapes().display());
    corpus
        .warnings()
        .map(ToString::to_string)
        .filter_map(|w| w.strip_prefix(&prefix).map(str::to_string))
        .filter(|w| w.starts_with(file))
        .collect()
}

fn s(text: &str) -> String {
    text.to_string()
}

fn some(text: &str) -> Option<String> {
    Some(text.to_string())
}

#[test]
fn a_spreadsheet_csv_gives_its_rows_with_their_topic_and_difficulty() {
    let corpus = load_shapes();
    assert_eq!(
        summary(&corpus, "cards"),
        [
            (
                s("cards:1"),
                2,
                s("What does a write-ahead log protect against?"),
                some(
                    "Losing committed changes when the process dies: each change is written \
                     to the log before the data files, and replayed at start-up."
                ),
            ),
            (
                s("cards:2"),
                3,
                s("Why is \"SELECT *\" discouraged in application queries?"),
                some(
                    "It reads columns nobody uses,\nand it breaks when a column is added or \
                     reordered."
                ),
            ),
            (
                s("cards:3"),
                6,
                s("What is a health check endpoint for?"),
                None,
            ),
        ]
    );
    let databases = || (some("Databases"), vec![s("Databases")]);
    assert_eq!(
        labels(&corpus, "cards"),
        [
            (databases().0, some("Intermediate"), databases().1),
            (databases().0, some("junior"), databases().1),
            (some("DevOps"), None, vec![s("DevOps")]),
        ]
    );
    assert_eq!(
        warnings(&corpus, "cards.csv"),
        ["cards.csv:5: this row has no question text; skipped"]
    );
}

#[test]
fn a_tsv_keeps_code_as_a_fenced_block_and_drops_a_dash_answer() {
    let corpus = load_shapes();
    assert_eq!(
        summary(&corpus, "deck"),
        [
            (
                s("deck:1"),
                2,
                s("What does this print?"),
                some("nil, then 2")
            ),
            (
                s("deck:2"),
                3,
                s("How do you find which process holds a port?"),
                None
            ),
        ]
    );
    let first = records(&corpus, "deck")[0];
    assert_eq!(
        first.code.as_deref(),
        Some("```\nfmt.Println(m[\"a\"])\n```")
    );
    assert_eq!(first.stated_level.as_deref(), Some("senior"));
    assert!(warnings(&corpus, "deck.tsv").is_empty());
}

#[test]
fn an_anki_export_gives_plain_text_and_its_deck_as_headings() {
    let corpus = load_shapes();
    assert_eq!(
        summary(&corpus, "anki-export"),
        [
            (
                s("anki-export:1"),
                5,
                s("What is a race condition?"),
                some(
                    "Two threads touch shared state and the result depends on who runs \
                     first.\nFix: a lock or an atomic operation."
                ),
            ),
            (
                s("anki-export:2"),
                6,
                s("What does \"idempotent\" mean for an HTTP method?"),
                some(
                    "Sending it twice has the same effect as once:\nGET, PUT and DELETE are; POST is not."
                ),
            ),
            (s("anki-export:3"), 8, s("Explain <em> vs <strong>."), None),
        ]
    );
    assert_eq!(
        labels(&corpus, "anki-export"),
        [
            (
                some("Concurrency"),
                None,
                vec![s("Interview"), s("Concurrency")]
            ),
            (some("HTTP"), None, vec![s("Interview"), s("HTTP")]),
            (some("Interview"), None, vec![s("Interview")]),
        ]
    );
    assert_eq!(
        warnings(&corpus, "anki-export.txt"),
        ["anki-export.txt:7: this note has no question text; skipped"]
    );
}

#[test]
fn a_json_object_with_a_questions_array_gives_each_item_at_its_line() {
    let corpus = load_shapes();
    assert_eq!(
        summary(&corpus, "queues"),
        [
            (
                s("queues:10"),
                4,
                s("What is a dead-letter queue?"),
                some(
                    "A queue that keeps the messages the consumers gave up on, so that they \
                     can be looked at later."
                ),
            ),
            (
                s("queues:11"),
                11,
                s("Kafka or RabbitMQ for an event log you replay?"),
                some("Kafka:\nit keeps the log after consumers read it."),
            ),
            (s("queues:12"), 19, s("What is back-pressure?"), None),
        ]
    );
    assert_eq!(
        labels(&corpus, "queues")[0],
        (some("Messaging"), some("2"), vec![s("Messaging")])
    );
    assert_eq!(
        warnings(&corpus, "queues.json"),
        ["queues.json:16: item 3 has no question text; skipped"]
    );
}

#[test]
fn json_lines_skip_a_broken_line_and_keep_the_rest() {
    let corpus = load_shapes();
    assert_eq!(
        summary(&corpus, "network"),
        [
            (
                s("network:1"),
                1,
                s("What is a CDN?"),
                some("Servers near the users that cache static content.")
            ),
            (
                s("network:2"),
                3,
                s("What does TTL mean in DNS?"),
                some("How long a resolver may cache the answer.")
            ),
            (
                s("network:3"),
                6,
                s("Anycast"),
                some("One address announced from many places; the nearest answers.")
            ),
        ]
    );
    assert_eq!(
        labels(&corpus, "network")[..2],
        [
            (some("Networking"), None, vec![s("Networking")]),
            (None, some("junior"), vec![]),
        ]
    );
    assert_eq!(
        warnings(&corpus, "network.jsonl"),
        [
            "network.jsonl:4: not valid JSON (EOF while parsing a value); this line is skipped",
            "network.jsonl:5: this line has no question text; skipped",
        ]
    );
}

#[test]
fn a_yaml_mapping_with_cards_gives_block_answers_titles_and_numbers() {
    let corpus = load_shapes();
    assert_eq!(
        summary(&corpus, "caching"),
        [
            (
                s("caching:1"),
                4,
                s("What is cache stampede?"),
                some(
                    "Many requests miss the same expired key at once and all go to the \
                     database.\n- Fix: a lock per key, or serving the stale value while one \
                     request refreshes it."
                ),
            ),
            (s("caching:2"), 10, s("What does write-through mean?"), None),
            (
                s("caching:7"),
                12,
                s("Name two eviction policies."),
                some("LRU and LFU.")
            ),
        ]
    );
    let caching = records(&corpus, "caching");
    assert_eq!(
        (
            caching[0].stated_category.as_deref(),
            caching[0].stated_level.as_deref()
        ),
        (Some("Caching"), Some("senior"))
    );
    assert_eq!(caching[2].title.as_deref(), Some("Eviction"));
    assert!(warnings(&corpus, "caching.yaml").is_empty());
}

#[test]
fn broken_json_and_yaml_are_warnings_with_their_line() {
    let env = TestEnv::empty();
    env.write("base.md", "1. What is a load balancer?\n");
    env.write(
        "half.json",
        "[\n  {\"question\": \"What is a lock?\"},\n  {\"question\": \"Cut short\"\n",
    );
    env.write(
        "bad.yaml",
        "- question: What is a lease?\n  answer: [unclosed\n",
    );
    env.write(
        "package.json",
        "{\"name\": \"tools\", \"version\": \"1.0.0\"}\n",
    );
    env.qbank()
        .arg("index")
        .assert()
        .success()
        .stdout(contains("indexed 2 questions"))
        .stderr(
            contains("half.json:4: not valid JSON (EOF while parsing an object)")
                .and(contains("bad.yaml:3: not valid YAML"))
                .and(contains(
                    "package.json: no questions found (expected an array",
                ))
                .and(contains("bad.yaml: no questions found")),
        );
    let ids = common::ids(&env.search_json(&["lock"]));
    assert_eq!(ids, ["half:1"]);
}

/// Writes a file under the corpus, making its folders.
fn put(env: &TestEnv, path: &str, contents: impl AsRef<[u8]>) {
    let path = env.corpus.join(path);
    fs::create_dir_all(path.parent().expect("a parent")).expect("folders");
    fs::write(path, contents).expect("write");
}

/// Every id in the index, in id order.
fn all_ids(env: &TestEnv) -> Vec<String> {
    let json = common::json_of(
        env.qbank()
            .args(["export", "--no-collapse", "--format", "json"]),
    );
    let mut ids: Vec<String> = json
        .as_array()
        .expect("an array")
        .iter()
        .map(|row| row["id"].as_str().unwrap_or_default().to_string())
        .collect();
    ids.sort();
    ids
}

#[test]
fn a_cloned_repository_is_a_corpus_of_its_lists_in_every_folder() {
    let env = TestEnv::empty();
    put(
        &env,
        "README.md",
        "# Backend interview questions\n\nSee the folders.\n",
    );
    put(
        &env,
        "cards.csv",
        "question,answer\nWhat is a VPN?,A tunnel.\n",
    );
    put(
        &env,
        "topics/devops/README.md",
        "1. What is a container?\n2. What is an orchestrator?\n",
    );
    put(
        &env,
        "topics/Data Bases/sql.md",
        "- What is a join?\n- What is an index?\n- What is a view?\n",
    );
    put(&env, "topics/empty.md", "");
    for (path, contents) in [
        ("LICENSE", "MIT License\n"),
        ("LICENSE.md", "1. What may you do with this code?\n"),
        ("CONTRIBUTING.md", "1. How do I add a question?\n"),
        ("CHANGELOG.md", "1. What changed?\n"),
        ("SECURITY.md", "1. How do I report a vulnerability?\n"),
        (".git/info.md", "1. What is a hidden question?\n"),
        (".github/ISSUE_TEMPLATE.md", "1. What went wrong?\n"),
        ("node_modules/pkg/README.md", "1. What is a dependency?\n"),
        ("target/notes.md", "1. What is a build artefact?\n"),
    ] {
        put(&env, path, contents);
    }
    put(
        &env,
        "topics/devops/diagram.png",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
    );
    put(&env, "topics/devops/diagram.md", b"1. What?\n\0\0\0");
    std::os::unix::fs::symlink("../..", env.corpus.join("topics/devops/loop")).expect("symlink");
    std::os::unix::fs::symlink("nowhere.md", env.corpus.join("topics/dangling.md"))
        .expect("symlink");

    env.qbank()
        .arg("index")
        .assert()
        .success()
        .stdout(contains("indexed 6 questions"))
        .stderr(
            contains("README.md: no questions found")
                .and(contains("topics/empty.md: no questions found"))
                .and(contains("topics/devops/diagram.md:2: binary file"))
                .and(contains("topics/dangling.md: cannot be read"))
                .and(contains("LICENSE").not())
                .and(contains("loop").not()),
        );
    assert_eq!(
        all_ids(&env),
        [
            "cards:1",
            "topics/data-bases/sql:1",
            "topics/data-bases/sql:2",
            "topics/data-bases/sql:3",
            "topics/devops/readme:1",
            "topics/devops/readme:2",
        ]
    );
    let ids = env.search_ids(&["container", "--source", "topics/devops/readme"]);
    assert_eq!(ids, ["topics/devops/readme:1"]);
    // The index is fresh until a list in a folder changes.
    env.qbank()
        .args(["search", "join"])
        .assert()
        .success()
        .stderr(contains("out of date").not());
    put(&env, "topics/devops/README.md", "1. What is a container?\n");
    env.qbank()
        .args(["search", "join"])
        .assert()
        .success()
        .stderr(contains("out of date"));
    assert!(!all_ids(&env).contains(&"topics/devops/readme:2".to_string()));
}

#[test]
fn a_corpus_whose_files_hold_no_questions_is_an_error_naming_them() {
    let env = TestEnv::empty();
    env.write("empty.md", "");
    env.write("notes.json", "{\"todo\": []}\n");
    env.qbank().arg("index").assert().code(2).stderr(
        contains("no questions found in")
            .and(contains("empty.md: no questions found"))
            .and(contains("notes.json: no questions found")),
    );
}
