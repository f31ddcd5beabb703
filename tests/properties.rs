//! Property tests: any query text, any page arguments. qbank answers or says what is
//! wrong; it never panics, and its exit status is 0, 1 or 2.

mod common;

use std::path::Path;

use common::TestEnv;
use proptest::prelude::*;
use proptest::test_runner::{TestCaseError, TestRunner};
use qbank::fuzzing::QueryHarness;

/// Query text: words, the query syntax's characters, operators, field prefixes and
/// non-ASCII letters, in any mix.
fn query_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[a-z]{1,10}",
        "[+\\-\"()\\[\\]{}^~*:!\\\\/'.,?]{1,3}",
        Just("OR".to_string()),
        Just("AND".to_string()),
        Just("NOT".to_string()),
        Just("category:".to_string()),
        Just("level:".to_string()),
        Just("question:".to_string()),
        "[\\u{e0}-\\u{ff}\\u{400}-\\u{45f}\\u{4e00}-\\u{4e2f}]{1,4}",
        "[ \\t\\n]{1,2}",
        Just("k8s".to_string()),
        Just("back-end".to_string()),
    ];
    prop::collection::vec(piece, 0..12).prop_map(|pieces| pieces.concat())
}

fn project_corpus() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

/// Runs `check` on `cases` values of `strategy`; on a failure, panics with the smallest
/// failing value proptest finds.
fn for_all<S: Strategy>(
    cases: u32,
    strategy: S,
    check: impl Fn(S::Value) -> Result<(), TestCaseError>,
) where
    S::Value: std::fmt::Debug,
{
    let mut runner = TestRunner::new(ProptestConfig::with_cases(cases));
    if let Err(e) = runner.run(&strategy, check) {
        panic!("{e}");
    }
}

#[test]
fn any_query_answers_or_errs_without_panicking() {
    let harness = QueryHarness::new(&project_corpus());
    for_all(400, query_text(), |text| {
        harness.query(&text);
        Ok(())
    });
    for_all(40, ("[a-z]{3,8}", 50usize..400), |(word, repeat)| {
        harness.query(&vec![word; repeat].join(" "));
        Ok(())
    });
}

#[test]
fn the_binary_exits_0_1_or_2_for_any_query_and_page() {
    let env = TestEnv::with_project_corpus();
    env.index();
    let limit = prop_oneof![
        Just("0".to_string()),
        "[0-9]{1,25}",
        Just("-1".to_string()),
        Just("x".to_string())
    ];
    let offset = prop_oneof![Just("0".to_string()), "[0-9]{1,25}"];
    for_all(
        24,
        (query_text(), limit, offset),
        |(text, limit, offset)| {
            let output = env
                .qbank()
                .args([
                    "search", "--limit", &limit, "--offset", &offset, "--format", "json", "--",
                ])
                .arg(&text)
                .output()
                .expect("runs");
            let code = output.status.code();
            prop_assert!(
                matches!(code, Some(0..=2)),
                "exit {code:?} for {text:?} {limit} {offset}"
            );
            let stderr = String::from_utf8_lossy(&output.stderr);
            prop_assert!(!stderr.contains("unexpected failure"), "{stderr}");
            Ok(())
        },
    );
}

#[test]
fn page_arguments_out_of_range() {
    let env = TestEnv::with_project_corpus();
    env.index();
    // Zero, a negative or a non-numeric limit: an error naming the value.
    for bad in ["0", "-1", "ten", ""] {
        env.qbank()
            .args(["search", "cache", &format!("--limit={bad}")])
            .assert()
            .code(2)
            .stderr(predicates::str::contains(format!(
                "invalid value '{bad}' for '--limit <N>': give a whole number from 1 up"
            )));
    }
    // The largest limit there is: every match.
    env.qbank()
        .args(["search", "cache", "--limit", &usize::MAX.to_string()])
        .assert()
        .success();
    // An offset past the end: nothing, exit 1, and why.
    env.qbank()
        .args(["search", "cache", "--offset", &usize::MAX.to_string()])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("none past offset"));
    // A number too large for the platform: an error naming the argument.
    env.qbank()
        .args(["search", "cache", "--offset", "99999999999999999999999"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "invalid value '99999999999999999999999' for '--offset <N>': too large",
        ));
}
