//! The catalogue of bad input (README, "Bad input: warnings and errors"): for each kind,
//! what qbank does. Fixtures are in `tests/fixtures/bad-input/`; the large ones (a 50 MB
//! line, 200,000 questions, deep nesting) and the file-system ones (a symlink loop, an
//! unreadable file) are made by the tests.
//!
//! Every case starts from a working index over a small corpus, adds the bad input and
//! runs `qbank index`. A warning: indexing goes on and stderr names the file and line.
//! An error: exit status 2, a message naming the file (and line where there is one),
//! and the previous index still serving.

mod common;

use std::fs;
use std::path::Path;

use common::{TestEnv, synthetic_list};
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/bad-input")
        .join(name);
    fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A corpus with a working index, before the bad input arrives.
fn indexed_env() -> TestEnv {
    let env = TestEnv::empty();
    env.write(
        "base.md",
        "1. What is a load balancer?\n2. What is a message broker?\n",
    );
    env.index();
    env
}

fn current(env: &TestEnv) -> String {
    fs::read_to_string(env.index.join("CURRENT")).expect("CURRENT")
}

/// `qbank index` fails with exit 2 and these words; the previous index still answers.
fn assert_error(env: &TestEnv, expected: &[&str]) {
    assert_error_running(env, || env.qbank(), expected);
}

/// As `assert_error`, with `qbank` started by `qbank`.
fn assert_error_running(env: &TestEnv, qbank: impl Fn() -> assert_cmd::Command, expected: &[&str]) {
    let before = current(env);
    let mut assertion = qbank().arg("index").assert().code(2);
    for words in expected {
        assertion = assertion.stderr(contains(*words));
    }
    assert_eq!(current(env), before, "the index was replaced");
    // A search tries to rebuild (or cannot even check the corpus), and answers from
    // the old index, saying so.
    qbank()
        .args(["search", "load balancer"])
        .assert()
        .success()
        .stdout(contains("base:1"))
        .stderr(
            contains("answering from the previous index").or(contains("using the index as built")),
        );
}

/// `qbank index` succeeds with the two questions of the corpus before the bad input,
/// and stderr holds these words: the bad file was passed over with a warning.
fn assert_passed_over(env: &TestEnv, expected_stderr: &[&str]) {
    let mut assertion = env
        .qbank()
        .arg("index")
        .assert()
        .success()
        .stdout(contains("indexed 2 questions"));
    for words in expected_stderr {
        assertion = assertion.stderr(contains(*words));
    }
}

/// `qbank index` succeeds; stderr holds these words; returns the ids of the file's
/// questions, in order.
fn assert_indexed(env: &TestEnv, source: &str, expected_stderr: &[&str]) -> Vec<String> {
    let mut assertion = env.qbank().arg("index").assert().success();
    for words in expected_stderr {
        assertion = assertion.stderr(contains(*words));
    }
    let json = common::json_of(env.qbank().args([
        "export",
        "--no-collapse",
        "--format",
        "json",
        "--source",
        source,
    ]));
    let mut rows: Vec<(u64, String)> = json
        .as_array()
        .expect("array")
        .iter()
        .map(|r| {
            (
                r["line"].as_u64().unwrap_or(0),
                r["id"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    rows.sort();
    rows.into_iter().map(|(_, id)| id).collect()
}

#[test]
fn empty_and_whitespace_only_files_are_passed_over_with_a_warning() {
    for name in ["empty.md", "whitespace-only.txt"] {
        let env = indexed_env();
        env.write(name, fixture(name));
        assert_passed_over(&env, &[&format!("{name}: no questions found")]);
    }
}

#[test]
fn a_corpus_of_empty_files_alone_is_an_error() {
    let env = TestEnv::empty();
    env.write("empty.md", fixture("empty.md"));
    env.qbank()
        .arg("index")
        .assert()
        .code(2)
        .stderr(contains("no questions found in").and(contains("empty.md: no questions found")));
}

#[test]
fn a_binary_file_is_passed_over_with_a_warning() {
    let env = indexed_env();
    env.write("png-renamed.md", fixture("png-renamed.md"));
    assert_passed_over(&env, &["png-renamed.md:3: binary file"]);
}

#[test]
fn invalid_utf8_is_an_error_naming_the_line() {
    let env = indexed_env();
    let name = "invalid-utf8-in-the-middle.md";
    env.write(name, fixture(name));
    assert_error(&env, &[name, "not UTF-8 text (invalid byte at line 3)"]);
}

#[test]
fn utf16_with_a_byte_order_mark_is_read() {
    let env = indexed_env();
    env.write("utf16-with-bom.md", fixture("utf16-with-bom.md"));
    let ids = assert_indexed(&env, "utf16-with-bom", &[]);
    assert_eq!(ids, ["utf16-with-bom:1", "utf16-with-bom:2"]);
    env.qbank()
        .args(["search", "UTF-16"])
        .assert()
        .success()
        .stdout(contains("What is UTF-16?"));
}

#[test]
fn a_fifty_megabyte_line_is_passed_over_with_a_warning() {
    // As a question: over the length limit, the one question is passed over and the
    // rest of the corpus indexed.
    let env = indexed_env();
    let mut line = String::from("1. ");
    line.push_str(&"word ".repeat(10_000_000));
    env.write("one-line.md", &line);
    assert_passed_over(
        &env,
        &["one-line.md:1: a question of 49999999 characters (the limit is 10000), passed over"],
    );
    // As plain text: no question at all.
    let env = indexed_env();
    env.write("one-line.md", "x".repeat(50_000_000));
    assert_passed_over(&env, &["one-line.md: no questions found"]);
}

#[test]
fn a_file_of_two_hundred_thousand_questions_is_indexed() {
    let env = indexed_env();
    env.write("many.md", synthetic_list(200_000, 7));
    env.qbank()
        .arg("index")
        .assert()
        .success()
        .stdout(contains("indexed 200002 questions"));
    env.qbank().args(["show", "many:199999"]).assert().success();
}

#[test]
fn numbers_out_of_order_are_kept_repeats_are_warnings() {
    let env = indexed_env();
    env.write(
        "numbers-out-of-order.md",
        fixture("numbers-out-of-order.md"),
    );
    env.write("numbers-repeated.md", fixture("numbers-repeated.md"));
    env.write("numbers-restarting.md", fixture("numbers-restarting.md"));
    let out_of_order = assert_indexed(
        &env,
        "numbers-out-of-order",
        &[
            "numbers-repeated.md:3: number 2 is used again (first at line 2); this question's id is numbers-repeated:2-2",
        ],
    );
    assert_eq!(
        out_of_order,
        [
            "numbers-out-of-order:3",
            "numbers-out-of-order:1",
            "numbers-out-of-order:2"
        ]
    );
    let restarting = assert_indexed(&env, "numbers-restarting", &[]);
    assert_eq!(
        restarting,
        [
            "numbers-restarting:1",
            "numbers-restarting:2",
            "numbers-restarting:1-2",
            "numbers-restarting:2-2"
        ]
    );
}

#[test]
fn a_heading_without_questions_is_passed_over() {
    let env = indexed_env();
    let name = "heading-without-questions.md";
    env.write(name, fixture(name));
    let output = env.qbank().arg("index").output().expect("runs");
    assert!(output.status.success());
    assert!(
        !String::from_utf8_lossy(&output.stderr).contains("warning"),
        "no warning expected"
    );
    let json = env.search_json(&["cache", "--source", "heading-without-questions"]);
    assert_eq!(json["results"][0]["section"], "Caching");
}

#[test]
fn an_explanation_without_a_question_is_a_warning() {
    let env = indexed_env();
    let name = "explanation-without-question.md";
    env.write(name, fixture(name));
    let ids = assert_indexed(
        &env,
        "explanation-without-question",
        &["explanation-without-question.md:5: answer with no question before it"],
    );
    assert_eq!(ids.len(), 2);
}

#[test]
fn an_unclosed_code_block_is_a_warning_naming_where_it_opens() {
    let env = indexed_env();
    let name = "unclosed-code-block.md";
    env.write(name, fixture(name));
    let ids = assert_indexed(
        &env,
        "unclosed-code-block",
        &["unclosed-code-block.md:5: code block opened here is never closed"],
    );
    // The question after it is part of the code block, as Markdown reads it.
    assert_eq!(ids, ["unclosed-code-block:1"]);
}

#[test]
fn deeply_nested_lists_are_read_without_trouble() {
    let env = indexed_env();
    let mut text = String::from("1. What is nesting?\n");
    for depth in 0..500 {
        // Under the item's text (three columns in), each level two further.
        text.push_str(&format!("   {}- level {depth}\n", "  ".repeat(depth)));
    }
    text.push_str("2. What comes after?\n");
    env.write("nested.md", &text);
    let ids = assert_indexed(&env, "nested", &[]);
    assert_eq!(ids, ["nested:1", "nested:2"]);
    let json = env.search_json(&["nesting", "--source", "nested"]);
    let explanation = json["results"][0]["explanation"].as_str().expect("answer");
    assert!(explanation.contains("level 499"));
}

#[test]
fn control_characters_are_removed_with_a_warning() {
    let env = indexed_env();
    let name = "control-characters.md";
    env.write(name, fixture(name));
    assert_indexed(
        &env,
        "control-characters",
        &["control-characters.md:1: control characters removed"],
    );
    let json = env.search_json(&["red", "--source", "control-characters"]);
    assert_eq!(json["results"][0]["question"], "What is red text?");
    let json = env.search_json(&["bell", "--source", "control-characters"]);
    assert_eq!(json["results"][0]["question"], "Who rang the bell?");
}

#[test]
fn a_symlink_loop_is_passed_over_with_a_warning() {
    let env = indexed_env();
    std::os::unix::fs::symlink("loop.md", env.corpus.join("loop.md")).expect("symlink");
    assert_passed_over(&env, &["loop.md: cannot be read", "symbolic links"]);
}

#[test]
fn an_unreadable_file_is_an_error_naming_it() {
    use std::os::unix::fs::PermissionsExt;
    let env = indexed_env();
    let path = env.write("secret.md", "1. What is hidden?\n");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).expect("chmod");
    if fs::read(&path).is_err() {
        assert_error(&env, &["secret.md", "Permission denied"]);
        return;
    }
    // Running as root, which reads any file: qbank runs without the capabilities that
    // let it ignore permissions (setpriv, from util-linux).
    let qbank_without_override = || {
        let mut cmd = assert_cmd::Command::new("setpriv");
        cmd.arg("--bounding-set=-dac_override,-dac_read_search")
            .arg(env!("CARGO_BIN_EXE_qbank"))
            .arg("--corpus")
            .arg(&env.corpus)
            .arg("--index")
            .arg(&env.index)
            .env("HOME", env.home())
            .env_remove("XDG_DATA_HOME")
            .env_remove("QBANK_WITH_BUILTIN")
            .env("NO_COLOR", "1");
        cmd
    };
    let probe = std::process::Command::new("setpriv")
        .args(["--bounding-set=-dac_override,-dac_read_search", "cat"])
        .arg(&path)
        .output()
        .expect("setpriv (util-linux) runs");
    assert!(
        !probe.status.success(),
        "setpriv did not take away root's permission to read"
    );
    assert_error_running(
        &env,
        qbank_without_override,
        &["secret.md", "Permission denied"],
    );
}

#[test]
fn pipes_and_directories_named_like_lists_are_passed_over() {
    let env = indexed_env();
    fs::create_dir(env.corpus.join("folder.md")).expect("dir");
    let fifo = env.corpus.join("pipe.md");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    env.qbank()
        .arg("index")
        .assert()
        .success()
        .stdout(contains("indexed 2 questions"));
    assert!(made, "mkfifo is needed for this test");
}

#[test]
fn a_missing_or_empty_corpus_directory_is_an_error() {
    let env = indexed_env();
    env.bare()
        .args(["--corpus", "no-such-dir", "--index"])
        .arg(&env.index)
        .arg("index")
        .assert()
        .code(2)
        .stderr(contains("no-such-dir").and(contains("does not exist")));
    let empty = env.dir.path().join("empty-corpus");
    fs::create_dir(&empty).expect("dir");
    env.bare()
        .arg("--corpus")
        .arg(&empty)
        .arg("--index")
        .arg(&env.index)
        .arg("index")
        .assert()
        .code(2)
        .stderr(contains("holds no source lists"));
    // The index built from the real corpus is untouched and still answers.
    env.qbank()
        .args(["search", "broker"])
        .assert()
        .success()
        .stdout(contains("base:2"));
}

#[test]
fn numbering_that_restarts_under_a_new_heading_is_no_warning() {
    let env = indexed_env();
    env.write("numbers-restarting.md", fixture("numbers-restarting.md"));
    env.qbank()
        .arg("index")
        .assert()
        .success()
        .stderr(contains("used again").not());
}
