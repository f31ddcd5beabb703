//! Daily use of the real binary: output fitted to the width and paged on a terminal,
//! the next page named, messages that say what to do, Ctrl-C in a quiz, a build's
//! progress. Terminal behaviour is checked under `script`, which gives the binary a
//! pseudo-terminal of a size set with `stty`.

mod common;

use std::collections::HashSet;
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{TestEnv, json_of, stdout_of, synthetic_list};
use predicates::prelude::*;
use predicates::str::contains;

/// Columns a line takes on a terminal.
fn width(line: &str) -> usize {
    line.chars().count()
}

/// A token as a table or card shows it, without the punctuation around it.
fn bare(token: &str) -> String {
    token
        .trim_matches(|c: char| matches!(c, ',' | ';' | '(' | ')' | ':' | '.' | '?'))
        .to_string()
}

/// Every word the results' JSON holds, and the words qbank adds around them: a word of
/// the table output outside this set is a piece of a split word.
fn words_of(results: &serde_json::Value) -> HashSet<String> {
    let mut words: HashSet<String> = [
        "#",
        "id",
        "category",
        "level",
        "question",
        "also",
        "in",
        "…",
        "qbank",
        "show",
        "for",
        "all",
        "of",
        "it",
        "shown",
        "matching",
        "--offset",
        "more",
        "questions",
        "question",
    ]
    .iter()
    .map(|w| w.to_string())
    .collect();
    for result in results.as_array().expect("results") {
        for field in [
            "id",
            "category",
            "level",
            "question",
            "explanation",
            "title",
        ] {
            if let Some(text) = result[field].as_str() {
                words.extend(text.split_whitespace().map(bare));
            }
        }
        for duplicate in result["duplicates"].as_array().expect("duplicates") {
            words.insert(duplicate.as_str().unwrap_or_default().to_string());
        }
    }
    words
}

fn table_words(out: &str) -> Vec<String> {
    out.split(|c: char| c.is_whitespace() || "│┆─┌┐└┘├┤┬┴┼╞╡╪═".contains(c))
        .filter(|w| !w.is_empty())
        .map(bare)
        .filter(|w| !w.is_empty() && !w.chars().all(|c| c.is_ascii_digit() || c == '–'))
        .collect()
}

#[test]
fn tables_fit_the_columns_they_are_given_and_never_split_a_word() {
    let env = TestEnv::with_project_corpus();
    env.index();
    let query = ["search", "cache", "-n", "6"];
    let json = json_of(env.qbank().args(query).args(["--format", "json"]));
    let known = words_of(&json["results"]);
    for columns in [60usize, 72, 80, 100, 132] {
        let out = stdout_of(env.qbank().env("COLUMNS", columns.to_string()).args(query));
        assert!(out.contains('│'), "a table at {columns}:\n{out}");
        for line in out.lines() {
            assert!(width(line) <= columns, "{columns} columns:\n{line}\n{out}");
        }
        for word in table_words(&out) {
            assert!(
                known.contains(&word),
                "'{word}' is not a whole word at {columns} columns:\n{out}"
            );
        }
    }
    // Without a terminal and without COLUMNS: 100 columns, used in full by long text.
    let out = stdout_of(env.qbank().args(query));
    assert_eq!(out.lines().map(width).max(), Some(100), "{out}");
}

#[test]
fn narrow_output_is_cards_with_one_field_a_line() {
    let env = TestEnv::with_project_corpus();
    env.index();
    let out = stdout_of(
        env.qbank()
            .env("COLUMNS", "44")
            .args(["search", "rate", "limiting", "-n", "2"]),
    );
    assert!(!out.contains('│'), "{out}");
    assert!(
        out.contains("#1\n  id: explained-100:20\n  category: apis\n"),
        "{out}"
    );
    assert!(out.contains("#2\n"), "{out}");
    for line in out.lines() {
        assert!(width(line) <= 44, "{line}\n{out}");
    }
    let stats = stdout_of(env.qbank().env("COLUMNS", "44").arg("stats"));
    assert!(stats.contains("backend-128\n  questions: 128\n"), "{stats}");
}

#[test]
fn a_long_path_stays_whole_in_info() {
    let env = TestEnv::with_project_corpus();
    let index = env
        .dir
        .path()
        .join("an-index-directory-with-a-name-long-enough-to-need-a-line-of-its-own");
    let out = stdout_of(
        env.bare()
            .arg("--index")
            .arg(&index)
            .env("COLUMNS", "60")
            .arg("info"),
    );
    let path = index.display().to_string();
    assert!(out.lines().any(|l| l.contains(&path)), "{out}");
}

#[test]
fn show_wraps_code_at_its_own_indentation() {
    let env = TestEnv::empty();
    let long = (1..=30)
        .map(|n| format!("argument_{n}"))
        .collect::<Vec<_>>()
        .join(", ");
    env.write(
        "code.md",
        format!(
            "# Questions about Code\n\n#### Spot the Bug\nWhat does this call return?\n\
             ```python\ndef first(items):\n    return combine({long})\n```\n"
        ),
    );
    let out = stdout_of(env.qbank().env("COLUMNS", "80").args(["show", "code:1"]));
    for line in out.lines() {
        assert!(width(line) <= 80, "{line}\n{out}");
    }
    let code_lines: Vec<&str> = out.lines().filter(|l| l.contains("argument_")).collect();
    assert!(code_lines.len() > 2, "{out}");
    for line in code_lines {
        let value = line.split('┆').nth(1).unwrap_or_default();
        // Four spaces of code indentation, four of the function body, the padding.
        assert!(
            value.starts_with("         ") && !value.starts_with("          "),
            "{out}"
        );
    }
}

/// Runs qbank on a pseudo-terminal of `rows` × `columns`, in `env`'s directory, with
/// the environment `vars`; returns what the terminal showed.
fn on_a_terminal(
    env: &TestEnv,
    rows: u16,
    columns: u16,
    vars: &[(&str, &str)],
    args: &[&str],
) -> String {
    let binary = env!("CARGO_BIN_EXE_qbank");
    let quoted: Vec<String> = args.iter().map(|a| format!("'{a}'")).collect();
    let line = format!(
        "stty rows {rows} cols {columns}; '{binary}' --corpus '{}' --index '{}' {}",
        env.corpus.display(),
        env.index.display(),
        quoted.join(" ")
    );
    let mut command = Command::new("script");
    command
        .args(["-qec", &line, "/dev/null"])
        .current_dir(env.dir.path())
        .env("HOME", env.home())
        .env("NO_COLOR", "1")
        .env_remove("COLUMNS")
        .env_remove("QBANK_PAGER")
        .env_remove("PAGER")
        .stdin(Stdio::null());
    for (name, value) in vars {
        command.env(name, value);
    }
    let output = command.output().expect("script runs");
    String::from_utf8_lossy(&output.stdout).replace('\r', "")
}

#[test]
fn long_output_on_a_terminal_goes_through_the_pager() {
    let env = TestEnv::with_project_corpus();
    env.index();
    let paged = env.dir.path().join("paged.txt");
    let pager = format!("cat > '{}'", paged.display());
    let vars = [("QBANK_PAGER", pager.as_str())];
    let shown = on_a_terminal(&env, 20, 100, &vars, &["search", "cache", "-n", "5"]);
    let text = std::fs::read_to_string(&paged).expect("the pager got the output");
    assert!(
        text.contains("explained-100:41") && text.contains("--offset 5 for more"),
        "{text}"
    );
    assert!(!shown.contains("explained-100:41"), "{shown}");
    std::fs::remove_file(&paged).expect("removed");

    let shown = on_a_terminal(
        &env,
        20,
        100,
        &vars,
        &["--no-pager", "search", "cache", "-n", "5"],
    );
    assert!(shown.contains("explained-100:41"), "{shown}");
    assert!(!paged.exists());
    // Output that fits the screen is printed as it is.
    let shown = on_a_terminal(&env, 200, 100, &vars, &["search", "cache", "-n", "1"]);
    assert!(
        shown.contains("explained-100:41") && !paged.exists(),
        "{shown}"
    );
    // The terminal's width is the table's.
    let shown = on_a_terminal(&env, 200, 70, &vars, &["search", "cache", "-n", "1"]);
    assert!(shown.lines().any(|l| width(l) == 70), "{shown}");
    assert!(shown.lines().all(|l| width(l) <= 70), "{shown}");
}

#[test]
fn a_page_with_more_after_it_says_how_to_see_them() {
    let env = TestEnv::with_project_corpus();
    env.index();
    let first = stdout_of(env.qbank().args(["search", "cache", "-n", "3"]));
    let total = json_of(env.qbank().args(["search", "cache", "--format", "json"]))["total"]
        .as_u64()
        .expect("total");
    assert!(
        first.contains(&format!(
            "1–3 shown of {total} questions matching; --offset 3 for more"
        )),
        "{first}"
    );
    let second = stdout_of(
        env.qbank()
            .args(["search", "cache", "-n", "3", "--offset", "3"]),
    );
    assert!(second.contains("4–6 shown of"), "{second}");
    let page = |offset: &str| {
        json_of(env.qbank().args([
            "search", "cache", "-n", "3", "--offset", offset, "--format", "json",
        ]))
    };
    assert_eq!(page("0")["next_offset"], 3);
    // The last page has no next one.
    let all = json_of(
        env.qbank()
            .args(["search", "cache", "-n", "1000", "--format", "json"]),
    );
    let rows = all["results"].as_array().expect("results").len();
    assert!(all["next_offset"].is_null(), "{all}");
    let last = page(&(rows - 1).to_string());
    assert!(last["next_offset"].is_null(), "{last}");
    let out = stdout_of(env.qbank().args(["search", "cache", "-n", "1000"]));
    assert!(!out.contains("for more"), "{out}");
}

#[test]
fn nothing_found_says_what_would_find_something() {
    let env = TestEnv::with_project_corpus();
    env.index();
    // Questions about Kubernetes exist, none of them about concurrency.
    env.qbank()
        .args(["search", "kubernetes", "-c", "concurrency"])
        .assert()
        .code(1)
        .stderr(contains("no questions match 'kubernetes'"))
        .stderr(
            predicate::str::is_match(r"\d+ questions? match(es)? without the filters")
                .expect("regex"),
        );
    let json = json_of(env.qbank().args([
        "search",
        "kubernetes",
        "-c",
        "concurrency",
        "--format",
        "json",
    ]));
    assert!(
        json["without_filters"].as_u64().is_some_and(|n| n > 0),
        "{json}"
    );
    env.qbank()
        .args(["export", "cahe"])
        .assert()
        .code(1)
        .stderr(contains("did you mean: cache"));
    env.qbank()
        .args(["export", "kubernetes", "-c", "concurrency"])
        .assert()
        .code(1)
        .stderr(contains("without the filters"));
}

#[test]
fn a_file_given_as_the_index_is_refused_before_building() {
    let env = TestEnv::with_project_corpus();
    let file = env.dir.path().join("notes.txt");
    std::fs::write(&file, "mine").expect("write");
    for args in [&["search", "cache"][..], &["index"][..]] {
        env.bare()
            .arg("--index")
            .arg(&file)
            .args(args)
            .assert()
            .code(2)
            .stderr(contains("notes.txt is not a directory"))
            .stderr(contains("building").not());
    }
    assert_eq!(std::fs::read_to_string(&file).expect("kept"), "mine");
}

#[test]
fn a_damaged_index_is_named_in_one_line_and_rebuilt() {
    let env = TestEnv::with_project_corpus();
    env.index();
    let current = std::fs::read_to_string(env.index.join("CURRENT")).expect("CURRENT");
    let generation = env.index.join(current.trim());
    for entry in std::fs::read_dir(&generation).expect("generation") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "idx") {
            let bytes = std::fs::read(&path).expect("read");
            std::fs::write(&path, &bytes[..bytes.len().min(100)]).expect("truncate");
        }
    }
    let output = env
        .qbank()
        .args(["search", "cache"])
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains(".idx is damaged); rebuilding it") && !stderr.contains("IoError"),
        "{stderr}"
    );
}

#[test]
fn related_in_json_prints_an_object_even_when_it_finds_nothing() {
    let env = TestEnv::with_project_corpus();
    env.index();
    let assert = env
        .qbank()
        .args(["related", "nosuch:1", "--format", "json"])
        .assert()
        .code(1);
    let json: serde_json::Value =
        serde_json::from_slice(&assert.get_output().stdout).expect("JSON");
    assert_eq!(json["total"], 0);
    assert_eq!(json["results"], serde_json::json!([]));
    assert_eq!(json["duplicates"], serde_json::json!([]));
}

#[cfg(unix)]
#[test]
fn ctrl_c_in_a_quiz_prints_the_score_so_far() {
    let env = TestEnv::with_project_corpus();
    env.index();
    let mut child = env
        .process()
        .args(["quiz", "-n", "3", "--seed", "1"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("quiz starts");
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(b"\nn\n").expect("answers");
    stdin.flush().expect("flushed");
    let mut stdout = child.stdout.take().expect("stdout");
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut buffer = [0u8; 4096];
        while let Ok(n) = stdout.read(&mut buffer) {
            if n == 0 || sender.send(buffer[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let mut shown = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    while !String::from_utf8_lossy(&shown).contains("Question 2 of 3") {
        assert!(
            Instant::now() < deadline,
            "{}",
            String::from_utf8_lossy(&shown)
        );
        if let Ok(bytes) = receiver.recv_timeout(Duration::from_millis(100)) {
            shown.extend(bytes);
        }
    }
    let pid = child.id().to_string();
    Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .expect("kill runs");
    let status = child.wait().expect("quiz ends");
    drop(stdin);
    while let Ok(bytes) = receiver.recv_timeout(Duration::from_secs(5)) {
        shown.extend(bytes);
    }
    let shown = String::from_utf8_lossy(&shown);
    assert_eq!(status.code(), Some(130), "{shown}");
    assert!(shown.contains("Stopped after 1 of 3 questions."), "{shown}");
    assert!(shown.contains("Score: 0 of 1 (0%)"), "{shown}");
    let first = shown
        .lines()
        .find_map(|l| l.strip_prefix("Question 1 of 3  ["))
        .and_then(|rest| rest.split(' ').next())
        .expect("the first question's id");
    assert!(shown.contains(&format!("Missed: {first}")), "{shown}");
}

#[test]
fn a_build_shows_each_step_on_a_terminal_only() {
    let env = TestEnv::empty();
    env.write("many.md", synthetic_list(3000, 5));
    let steps = [
        "reading source lists",
        "classifying questions",
        "finding duplicates",
        "writing the index",
    ];
    let shown = on_a_terminal(&env, 24, 100, &[], &["index"]);
    for step in steps {
        assert!(shown.contains(step), "{step} not shown:\n{shown}");
    }
    assert!(shown.contains("indexed 3000 questions"), "{shown}");
    std::fs::remove_dir_all(&env.index).expect("index removed");
    let output = env.qbank().arg("index").output().expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    for step in steps {
        assert!(!stderr.contains(step), "{stderr}");
    }
    assert!(Path::new(&env.index).join("CURRENT").exists());
}

#[test]
fn a_query_that_is_not_valid_syntax_is_told_what_is_wrong() {
    let env = TestEnv::with_project_corpus();
    env.index();
    for (query, problem) in [
        ("\"unclosed cache", "a quote is not closed"),
        ("(cache OR redis", "a parenthesis is not closed"),
        ("cache AND", "'AND' has no word after it"),
        ("cache OR OR redis", "'OR OR': two operators in a row"),
        ("cache^", "cannot read '^'"),
    ] {
        env.qbank()
            .args(["search", query, "-n", "1"])
            .assert()
            .stderr(contains(format!(
                "the query is not valid syntax ({problem}"
            )));
    }
}
