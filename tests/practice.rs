//! Practice that remembers: quizzes record grades in the per-user progress file, `--due`,
//! `--new` and `--missed` choose from them, `progress` reports them. The clock is set
//! with QBANK_NOW, so days pass in a test.

mod common;

use std::io::Write;
use std::process::Stdio;

use common::TestEnv;

const DAY_1: &str = "2026-03-01T09:00:00Z";
const DAY_2: &str = "2026-03-02T09:00:00Z";
const DAY_30: &str = "2026-03-30T09:00:00Z";

/// Runs a quiz at `now` with these answers; returns stdout.
fn quiz(env: &TestEnv, now: &str, args: &[&str], answers: &str) -> String {
    let output = env
        .qbank()
        .env("QBANK_NOW", now)
        .arg("quiz")
        .args(args)
        .write_stdin(answers)
        .output()
        .expect("runs");
    assert!(output.status.success(), "{output:?}");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The ids a quiz asked, in order.
fn asked(out: &str) -> Vec<String> {
    out.lines()
        .filter_map(|l| l.strip_prefix("Question "))
        .filter_map(|l| l.split_once('[').map(|(_, rest)| rest))
        .filter_map(|rest| rest.split(' ').next())
        .map(str::to_string)
        .collect()
}

fn progress(env: &TestEnv, now: &str, args: &[&str]) -> serde_json::Value {
    let output = env
        .qbank()
        .env("QBANK_NOW", now)
        .args(["progress", "--format", "json"])
        .args(args)
        .output()
        .expect("runs");
    assert!(output.status.success(), "{output:?}");
    serde_json::from_slice(&output.stdout).expect("JSON")
}

fn progress_file(env: &TestEnv) -> std::path::PathBuf {
    env.home().join(".local/share/qbank/progress.sqlite3")
}

#[test]
fn grades_are_remembered_and_due_questions_come_back_first() {
    let env = TestEnv::with_project_corpus();
    // Day 1: three databases questions, graded again, good, easy.
    let day1 = quiz(
        &env,
        DAY_1,
        &["-c", "databases", "-n", "3", "--seed", "4"],
        "\n1\n\n3\n\n4\n",
    );
    let first = asked(&day1);
    assert_eq!(first.len(), 3, "{day1}");
    assert!(
        day1.contains("Next review: tomorrow (2026-03-02)"),
        "{day1}"
    );
    let report = progress(&env, DAY_1, &[]);
    assert_eq!(report["reviews"], 3);
    assert_eq!(report["seen"], 3);
    assert_eq!(report["due_now"], 0);
    assert_eq!(report["streak_days"], 1);

    // Day 2: the one missed is due, and asked before anything new.
    let report = progress(&env, DAY_2, &["-c", "databases"]);
    assert_eq!(report["due_now"], 1);
    let missed = quiz(&env, DAY_2, &["--missed", "-c", "databases"], "q\n");
    assert_eq!(asked(&missed), [first[0].clone()]);
    let day2 = quiz(
        &env,
        DAY_2,
        &["--due", "-c", "databases", "-n", "3", "--seed", "9"],
        "\n3\n\n3\n\n3\n",
    );
    let second = asked(&day2);
    assert_eq!(second[0], first[0], "the due question first: {day2}");
    assert!(
        !second[1..].iter().any(|id| first.contains(id)),
        "then new ones"
    );
    let report = progress(&env, DAY_2, &[]);
    assert_eq!(
        (report["reviews"].as_u64(), report["streak_days"].as_u64()),
        (Some(6), Some(2))
    );
    assert_eq!(report["due_now"], 0);

    // --new asks only questions never graded: 46 databases questions, 5 graded.
    let new = quiz(
        &env,
        DAY_2,
        &["--new", "-c", "databases", "-n", "100"],
        "q\n",
    );
    assert!(new.contains("Quiz: 41 of 46 questions"), "{new}");

    // A month later everything graded is due; the categories say how well each is known.
    let report = progress(&env, DAY_30, &[]);
    assert_eq!(report["due_now"], 5);
    assert_eq!(report["streak_days"], 0);
    assert_eq!(report["longest_streak_days"], 2);
    let databases = report["by_category"]
        .as_array()
        .expect("categories")
        .iter()
        .find(|c| c["name"] == "databases")
        .cloned()
        .expect("databases");
    assert_eq!(
        (databases["seen"].as_u64(), databases["known"].as_u64()),
        (Some(5), Some(5))
    );

    // Asking for ids asks exactly those, in that order.
    let named = quiz(&env, DAY_30, &[&first[2], &first[1]], "q\n");
    assert!(named.contains(&format!("[{} ", first[2])), "{named}");
    assert!(
        named.contains("Quiz: 2 of 2 questions (the questions named"),
        "{named}"
    );
}

/// Started together on a new progress file, which both create: the race is lost only
/// now and then, so it is run on a few new files.
#[test]
fn two_quizzes_at_once_keep_every_grade() {
    for _ in 0..4 {
        two_quizzes_at_once_on_a_new_file();
    }
}

fn two_quizzes_at_once_on_a_new_file() {
    let env = TestEnv::with_project_corpus();
    env.index();
    let children: Vec<_> = (0..2)
        .map(|seed| {
            let mut child = env
                .process()
                .env("QBANK_NOW", DAY_1)
                .args(["quiz", "-n", "8", "--seed", &seed.to_string()])
                .stdin(Stdio::piped())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("quiz starts");
            let mut stdin = child.stdin.take().expect("stdin");
            stdin
                .write_all("\n3\n".repeat(8).as_bytes())
                .expect("answers");
            drop(stdin);
            child
        })
        .collect();
    for child in children {
        let output = child.wait_with_output().expect("quiz ends");
        assert!(output.status.success(), "{output:?}");
        assert!(
            output.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    assert_eq!(progress(&env, DAY_1, &[])["reviews"], 16);
}

#[test]
fn a_damaged_progress_file_is_kept_aside_and_a_newer_one_refused() {
    let env = TestEnv::with_project_corpus();
    let file = progress_file(&env);
    std::fs::create_dir_all(file.parent().expect("dir")).expect("dir");
    std::fs::write(&file, "my notes, not a database").expect("written");
    let output = env
        .qbank()
        .env("QBANK_NOW", DAY_1)
        .args(["quiz", "-n", "1", "--seed", "1"])
        .write_stdin("\n3\n")
        .output()
        .expect("runs");
    assert!(output.status.success(), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("could not be read; it is kept as"),
        "{stderr}"
    );
    let kept: Vec<_> = std::fs::read_dir(file.parent().expect("dir"))
        .expect("listed")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".damaged-"))
        .collect();
    assert_eq!(kept.len(), 1);
    assert_eq!(
        std::fs::read_to_string(kept[0].path()).expect("read"),
        "my notes, not a database"
    );
    assert_eq!(progress(&env, DAY_1, &[])["reviews"], 1);

    // A file from a newer qbank: a clear error, exit 2, the file as it was.
    let newer = std::process::Command::new("python3")
        .arg("-c")
        .arg(format!(
            "import sqlite3; c = sqlite3.connect({:?}); c.execute('PRAGMA user_version = 9'); c.commit()",
            file.display().to_string()
        ))
        .status()
        .expect("python3 runs");
    assert!(newer.success());
    let before = std::fs::read(&file).expect("read");
    let output = env.qbank().args(["progress"]).output().expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("written by a newer qbank"), "{stderr}");
    assert!(
        std::fs::read(&file).expect("read") == before,
        "the file changed"
    );
}

#[test]
fn reset_asks_first_and_has_explanation_keeps_explained_questions() {
    let env = TestEnv::with_project_corpus();
    quiz(
        &env,
        DAY_1,
        &["-n", "2", "--seed", "3", "--has-explanation"],
        "\n3\n\n1\n",
    );
    env.qbank()
        .args(["progress", "--reset"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("add --yes"));
    assert_eq!(progress(&env, DAY_1, &[])["reviews"], 2);
    env.qbank()
        .args(["progress", "--reset", "--yes"])
        .assert()
        .success()
        .stderr(predicates::str::contains("deleted 2 grades"));
    assert_eq!(progress(&env, DAY_1, &[])["reviews"], 0);
    let out = quiz(
        &env,
        DAY_1,
        &["-n", "20", "--seed", "3", "--has-explanation"],
        &"\n3\n".repeat(20),
    );
    assert!(!out.contains("No explanation in the corpus."), "{out}");
}
