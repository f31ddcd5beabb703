//! Export in every format, parsed back; overwrite protection; formula neutralising;
//! the Markdown round trip through qbank's own parser; the quiz through stdin.

mod common;

use std::collections::BTreeMap;
use std::fs;

use common::{TestEnv, json_of, stdout_of};
use predicates::str::contains;
use serde_json::Value;

fn export_json(env: &TestEnv, args: &[&str]) -> Vec<Value> {
    let json = json_of(
        env.qbank()
            .arg("export")
            .args(args)
            .args(["--format", "json"]),
    );
    json.as_array().expect("an array").clone()
}

/// (question, explanation, category, level) of every question, counted.
fn content(rows: &[Value]) -> BTreeMap<(String, String, String, String), usize> {
    let mut out = BTreeMap::new();
    for r in rows {
        let key = (
            r["question"].as_str().unwrap_or_default().to_string(),
            r["explanation"].as_str().unwrap_or_default().to_string(),
            r["category"].as_str().unwrap_or_default().to_string(),
            r["level"].as_str().unwrap_or_default().to_string(),
        );
        *out.entry(key).or_default() += 1;
    }
    out
}

#[test]
fn json_and_jsonl_hold_the_objects_search_prints() {
    let env = TestEnv::with_project_corpus();
    let rows = export_json(&env, &["--category", "databases", "--level", "advanced"]);
    assert!(!rows.is_empty());
    assert!(
        rows.iter()
            .all(|r| r["category"] == "databases" && r["level"] == "advanced")
    );
    // Without a query: canonical members, by source and number, no score.
    let keys: Vec<(String, u64)> = rows
        .iter()
        .map(|r| {
            (
                r["source"].as_str().unwrap_or_default().to_string(),
                r["number"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    assert!(
        rows.iter()
            .all(|r| r["score"].is_null() && r["id"] == r["cluster"])
    );
    // The same field names as search results.
    let search = env.search_json(&["index", "-n", "1"]);
    let fields = |v: &Value| {
        let mut keys: Vec<String> = v.as_object().expect("object").keys().cloned().collect();
        keys.sort();
        keys
    };
    assert_eq!(fields(&rows[0]), fields(&search["results"][0]));
    // With a query: the search's order, every match.
    let ranked = export_json(&env, &["rate limiting"]);
    let searched = env.search_ids(&["rate limiting", "-n", "1000"]);
    let ids: Vec<&str> = ranked
        .iter()
        .map(|r| r["id"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(ids, searched);
    assert!(ranked.iter().all(|r| r["score"].is_f64()));
    // JSON lines: the same objects, one per line.
    let lines = stdout_of(
        env.qbank()
            .args(["export", "rate limiting", "--format", "jsonl"]),
    );
    let parsed: Vec<Value> = lines
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert_eq!(parsed, ranked);
}

#[test]
fn csv_parses_back_and_neutralises_formulas() {
    let env = TestEnv::empty();
    env.write(
        "tricky.md",
        "1. =HYPERLINK(\"http://x\") what is this?\n2. -1 or +1, which is \"true\"?\n3. @mention, a comma, and\ttab?\n4. What is a plain question?\n",
    );
    let out = env.dir.path().join("set.csv");
    env.qbank()
        .args(["export", "-o"])
        .arg(&out)
        .assert()
        .success()
        .stderr(contains("exported 4 questions to"));
    let mut reader = csv::Reader::from_path(&out).expect("csv");
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    assert_eq!(
        header[..6],
        ["id", "source", "number", "line", "question", "explanation"]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), 4);
    let question = |id: &str| {
        rows.iter()
            .find(|r| &r[0] == id)
            .map(|r| r[4].to_string())
            .expect("row")
    };
    assert_eq!(
        question("tricky:1"),
        "'=HYPERLINK(\"http://x\") what is this?"
    );
    assert_eq!(question("tricky:2"), "'-1 or +1, which is \"true\"?");
    assert_eq!(question("tricky:3"), "'@mention, a comma, and tab?");
    assert_eq!(question("tricky:4"), "What is a plain question?");
}

#[test]
fn markdown_reads_back_as_the_same_questions() {
    let env = TestEnv::with_project_corpus();
    let everything = export_json(&env, &["--no-collapse"]);
    assert_eq!(everything.len(), 377);
    let copy = TestEnv::empty();
    let file = copy.corpus.join("export.md");
    env.qbank()
        .args(["export", "--no-collapse", "-o"])
        .arg(&file)
        .assert()
        .success();
    let text = fs::read_to_string(&file).expect("markdown");
    assert!(
        text.starts_with("# qbank export\n\n377 questions: every question;"),
        "{}",
        &text[..200]
    );
    assert!(text.contains("## Databases\n\n### Beginner\n\n"));
    assert!(
        text.contains("**Explanation** (from explained-100:"),
        "borrowed explanations are attributed"
    );
    copy.qbank()
        .arg("index")
        .assert()
        .success()
        .stderr(predicates::str::is_empty());
    let read_back = export_json(&copy, &["--no-collapse"]);
    assert_eq!(content(&read_back), content(&everything));
    // A filtered export says what produced it.
    let filtered =
        stdout_of(
            env.qbank()
                .args(["export", "-c", "security", "-l", "intermediate", "jwt"]),
        );
    assert!(
        filtered.contains("category security, level intermediate, matching \"jwt\""),
        "{filtered}"
    );
}

/// Exports `env`'s corpus as Markdown into a fresh corpus, indexes that, and returns
/// both sets of questions as `export --format json` prints them, in the same order.
fn markdown_round_trip(env: &TestEnv) -> (Vec<Value>, Vec<Value>) {
    let original = export_json(env, &["--no-collapse"]);
    let copy = TestEnv::empty();
    let file = copy.corpus.join("export.md");
    env.qbank()
        .args(["export", "--no-collapse", "-o"])
        .arg(&file)
        .assert()
        .success();
    copy.qbank()
        .arg("index")
        .assert()
        .success()
        .stderr(predicates::str::is_empty());
    let mut read_back = export_json(&copy, &["--no-collapse"]);
    // The export is numbered anew: match questions by their text.
    read_back.sort_by_key(|r| {
        original
            .iter()
            .position(|o| o["question"] == r["question"])
            .unwrap_or(usize::MAX)
    });
    (original, read_back)
}

/// The fields a round trip keeps, exactly.
fn kept(rows: &[Value], field: &str) -> Vec<Value> {
    rows.iter().map(|r| r[field].clone()).collect()
}

#[test]
fn markdown_keeps_an_explanation_that_opens_with_code() {
    let env = TestEnv::empty();
    env.write(
        "queries.md",
        "# Queries\n\n\
         1. What does this query return for an empty table?\n   \
         **Explanation**:\n\n   \
         ```sql\n   SELECT count(*) FROM t;\n   ```\n\n   \
         One row: `0`. Aggregates without `GROUP BY` always return a row.\n\n\
         2. Why index a foreign key column?\n   \
         **Explanation**: Joins and cascading deletes look rows up by it.\n",
    );
    let (original, read_back) = markdown_round_trip(&env);
    assert_eq!(
        original[0]["explanation"],
        "```sql\nSELECT count(*) FROM t;\n```\n\nOne row: `0`. Aggregates without `GROUP BY` \
         always return a row."
    );
    assert_eq!(read_back.len(), original.len());
    assert_eq!(kept(&read_back, "question"), kept(&original, "question"));
    assert_eq!(
        kept(&read_back, "explanation"),
        kept(&original, "explanation")
    );
}

/// A question over code, read by a parser that fills `code`: the code and the
/// explanation come back exactly.
#[test]
fn markdown_keeps_the_code_a_question_asks_about() {
    let env = TestEnv::empty();
    env.write(
        "output.md",
        "# Output\n\n\
         1. What is the output of this code?\n\n   \
         ```js\n   console.log(typeof null);\n\n   console.log(typeof []);\n   ```\n\n   \
         **Explanation**:\n\n   ```\n   object\n   object\n   ```\n\n   \
         Both are objects to `typeof`.\n\n\
         2. What is the output of this code?\n\n   \
         ```js\n   console.log(0.1 + 0.2 === 0.3);\n   ```\n",
    );
    let (original, read_back) = markdown_round_trip(&env);
    assert_eq!(
        kept(&original, "code"),
        [
            "```js\nconsole.log(typeof null);\n\nconsole.log(typeof []);\n```",
            "```js\nconsole.log(0.1 + 0.2 === 0.3);\n```",
        ]
    );
    assert_eq!(
        original[0]["explanation"],
        "```\nobject\nobject\n```\n\nBoth are objects to `typeof`."
    );
    // Same words, different code: two questions, neither borrowing the other's answer.
    assert_ne!(original[0]["cluster"], original[1]["cluster"]);
    assert!(original[1]["explanation"].is_null());
    assert_eq!(read_back.len(), original.len());
    for field in ["question", "code", "explanation"] {
        assert_eq!(kept(&read_back, field), kept(&original, field), "{field}");
    }
}

/// A topic heading above a question is its title, in the source and in the export.
#[test]
fn markdown_keeps_titles() {
    let env = TestEnv::empty();
    env.write(
        "design.md",
        "# Questions about Code Design:\n\n\
         #### Law of Demeter\n\n\
         Why does talking only to your immediate friends reduce coupling?\n\n\
         #### Dependency Hell\n\n\
         How do you get out of a dependency version conflict?\n",
    );
    let (original, read_back) = markdown_round_trip(&env);
    assert_eq!(
        kept(&original, "title"),
        ["Law of Demeter", "Dependency Hell"]
    );
    for field in ["question", "title", "code", "explanation"] {
        assert_eq!(kept(&read_back, field), kept(&original, field), "{field}");
    }
}

#[test]
fn anki_cards_have_the_import_header_and_three_columns() {
    let env = TestEnv::with_project_corpus();
    let text = stdout_of(
        env.qbank()
            .args(["export", "-c", "security", "--format", "anki"]),
    );
    assert!(
        text.starts_with("#separator:tab\n#html:false\n#tags column:3\n"),
        "{text}"
    );
    let body: String = text.lines().skip(3).map(|l| format!("{l}\n")).collect();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .has_headers(false)
        .from_reader(body.as_bytes());
    let cards: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("card")).collect();
    let expected = export_json(&env, &["-c", "security"]);
    assert_eq!(cards.len(), expected.len());
    for (card, row) in cards.iter().zip(&expected) {
        assert_eq!(card.len(), 3);
        assert_eq!(&card[0], row["question"].as_str().unwrap_or_default());
        match row["explanation"].as_str() {
            Some(explanation) => assert!(card[1].starts_with(explanation)),
            None => assert!(card[1].starts_with("No explanation in the corpus.")),
        }
        assert_eq!(
            &card[2],
            format!(
                "qbank::security qbank::{}",
                row["level"].as_str().unwrap_or_default()
            )
        );
    }
}

#[test]
fn files_are_never_overwritten_without_force() {
    let env = TestEnv::with_project_corpus();
    let out = env.dir.path().join("set.md");
    fs::write(&out, "keep me").expect("write");
    env.qbank()
        .args(["export", "jwt", "-o"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(contains("already exists; add --force"));
    assert_eq!(fs::read_to_string(&out).expect("read"), "keep me");
    env.qbank()
        .args(["export", "jwt", "--force", "-o"])
        .arg(&out)
        .assert()
        .success();
    assert!(
        fs::read_to_string(&out)
            .expect("read")
            .starts_with("# qbank export")
    );
    // No temporary file is left beside it.
    let names: Vec<String> = fs::read_dir(env.dir.path())
        .expect("dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".qbank-export"))
        .collect();
    assert!(names.is_empty(), "{names:?}");
    env.qbank()
        .args(["export", "jwt", "-o"])
        .arg(env.dir.path().join("no/such/dir/set.md"))
        .assert()
        .code(2)
        .stderr(contains("does not exist"));
    // Nothing selected: exit 1, no file.
    let none = env.dir.path().join("none.json");
    env.qbank()
        .args(["export", "zzzqqq", "-o"])
        .arg(&none)
        .assert()
        .code(1);
    assert!(!none.exists());
}

/// A symbolic link is written through: its target gets the export, the link stays a
/// link (also one that points at nothing yet). A character device is written in place,
/// never replaced, and `-o -` is standard output.
#[cfg(unix)]
#[test]
fn writes_go_through_links_and_never_replace_special_files() {
    use std::os::unix::fs::{FileTypeExt, symlink};
    let env = TestEnv::with_project_corpus();
    let dir = env.dir.path();
    let target = dir.join("target.md");
    let link = dir.join("link.md");
    fs::write(&target, "keep me").expect("write");
    symlink("target.md", &link).expect("symlink");
    env.qbank()
        .args(["export", "jwt", "-o"])
        .arg(&link)
        .assert()
        .code(2)
        .stderr(contains("already exists; add --force"));
    assert_eq!(fs::read_to_string(&target).expect("read"), "keep me");
    env.qbank()
        .args(["export", "jwt", "--force", "-o"])
        .arg(&link)
        .assert()
        .success();
    assert!(
        fs::symlink_metadata(&link)
            .expect("link")
            .file_type()
            .is_symlink(),
        "the link stays a link"
    );
    assert!(
        fs::read_to_string(&target)
            .expect("read")
            .starts_with("# qbank export")
    );
    // A link to a file that does not exist yet creates the file where it points.
    let dangling = dir.join("dangling.md");
    symlink("created.md", &dangling).expect("symlink");
    env.qbank()
        .args(["export", "jwt", "-o"])
        .arg(&dangling)
        .assert()
        .success();
    assert!(dir.join("created.md").is_file());
    assert!(
        fs::symlink_metadata(&dangling)
            .expect("link")
            .file_type()
            .is_symlink()
    );
    // A character device is written to, not replaced (no --force needed: nothing is).
    env.qbank()
        .args(["export", "jwt", "-o", "/dev/null"])
        .assert()
        .success();
    assert!(
        fs::metadata("/dev/null")
            .expect("/dev/null")
            .file_type()
            .is_char_device()
    );
    // `-o -` is standard output, in the format asked for.
    let csv = stdout_of(
        env.qbank()
            .args(["export", "jwt", "-o", "-", "--format", "csv"]),
    );
    assert!(csv.starts_with("id,source,"), "{csv}");
    assert!(!dir.join("-").exists());
}

fn quiz(env: &TestEnv, args: &[&str], answers: &str) -> String {
    let output = env
        .qbank()
        .arg("quiz")
        .args(args)
        .write_stdin(answers)
        .output()
        .expect("runs");
    assert!(output.status.success(), "{output:?}");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn quiz_is_scripted_through_stdin_and_reproducible() {
    let env = TestEnv::with_project_corpus();
    let out = quiz(
        &env,
        &["-c", "databases", "--count", "3", "--seed", "42"],
        "\ny\n\nn\n\nyes\n",
    );
    assert!(out.contains("Quiz: 3 of "), "{out}");
    assert!(out.contains("Question 3 of 3"), "{out}");
    assert!(out.contains("Score: 2 of 3 (66%)"), "{out}");
    // The second question was answered no: it is the one missed.
    let missed = out
        .lines()
        .find_map(|l| l.strip_prefix("Missed: "))
        .expect("missed line");
    let second = out
        .lines()
        .find_map(|l| l.strip_prefix("Question 2 of 3  ["))
        .and_then(|rest| rest.split(' ').next())
        .expect("second question");
    assert_eq!(missed, second);
    // The same seed asks the same questions.
    let asked = |out: &str| -> Vec<String> {
        out.lines()
            .filter(|l| l.starts_with("Question "))
            .map(String::from)
            .collect()
    };
    let again = quiz(
        &env,
        &["-c", "databases", "--count", "3", "--seed", "42"],
        "q\n",
    );
    assert_eq!(asked(&again)[0], asked(&out)[0]);
    assert!(again.contains("Stopped after 0 of 3 questions."), "{again}");
    // Running out of input ends the quiz with its summary.
    let short = quiz(&env, &["--count", "2", "--seed", "1"], "\nn\n");
    assert!(short.contains("Stopped after 1 of 2 questions."), "{short}");
    assert!(short.contains("Score: 0 of 1 (0%)"), "{short}");
    env.qbank().args(["quiz", "zzzqqq"]).assert().code(1);
}

#[test]
fn a_reader_that_stops_early_is_not_an_error_in_any_format() {
    use std::io::Read;
    let env = TestEnv::with_project_corpus();
    env.index();
    for format in ["json", "jsonl", "csv", "markdown", "anki"] {
        // More than a pipe holds, so qbank is still writing when the reader goes away.
        let mut child = env
            .process()
            .args(["export", "--no-collapse", "--format", format])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("qbank starts");
        let mut stdout = child.stdout.take().expect("piped stdout");
        let mut first = [0u8; 16];
        stdout.read_exact(&mut first).expect("some output");
        drop(stdout);
        let output = child.wait_with_output().expect("qbank ends");
        assert_eq!(
            output.status.code(),
            Some(0),
            "{format}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}
