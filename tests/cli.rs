//! The real binary on temporary corpora and indexes: what a user types and sees.

mod common;

use std::fs;

use common::{TestEnv, json_of, stdout_of};
use predicates::prelude::*;
use predicates::str::contains;

const RESULT_FIELDS: &[&str] = &[
    "category",
    "category_confidence",
    "category_source",
    "cluster",
    "code",
    "concepts",
    "duplicates",
    "explanation",
    "explanation_from",
    "id",
    "level",
    "level_confidence",
    "level_source",
    "line",
    "number",
    "question",
    "score",
    "section",
    "source",
    "title",
];

#[test]
fn first_search_builds_the_index_and_says_so_then_reuses_it() {
    let env = TestEnv::with_project_corpus();
    env.qbank()
        .args(["search", "rate", "limiting"])
        .assert()
        .success()
        .stderr(contains("building the index"))
        .stdout(contains("rate limiting"));
    env.qbank()
        .args(["search", "rate limiting"])
        .assert()
        .success()
        .stderr(predicate::str::is_empty());
}

#[test]
fn index_prints_a_summary_per_source() {
    let env = TestEnv::with_project_corpus();
    let out = stdout_of(env.qbank().arg("index"));
    for (source, count) in [
        ("backend-128", "128"),
        ("essentials-49", "49"),
        ("explained-100", "100"),
        ("leveled-50", "50"),
        ("quickfire-50", "50"),
    ] {
        let row = out
            .lines()
            .find(|l| l.contains(source))
            .unwrap_or_else(|| panic!("no row for {source} in\n{out}"));
        assert!(row.contains(count), "{row}");
    }
    assert!(out.contains("indexed 377 questions"), "{out}");
}

#[test]
fn json_results_keep_the_contract() {
    let env = TestEnv::with_project_corpus();
    let json = env.search_json(&["jwt", "--no-collapse"]);
    assert_eq!(json["query"], "jwt");
    let results = json["results"].as_array().expect("results");
    assert!(!results.is_empty());
    // `total` counts matching questions, duplicates included.
    assert_eq!(json["total"].as_u64(), Some(results.len() as u64));
    for result in results {
        let mut keys: Vec<&str> = result
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        assert_eq!(keys, RESULT_FIELDS);
    }
    let scores: Vec<f64> = results
        .iter()
        .map(|r| r["score"].as_f64().expect("score"))
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    let top = &results[0];
    assert!(
        top["question"].as_str().is_some_and(|q| q.contains("JWT")),
        "{top}"
    );
}

#[test]
fn jsonl_prints_one_result_per_line() {
    let env = TestEnv::with_project_corpus();
    let out = stdout_of(
        env.qbank()
            .args(["search", "cache", "--format", "jsonl", "-n", "3"]),
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3);
    for line in lines {
        let value: serde_json::Value = serde_json::from_str(line).expect("JSON line");
        assert_eq!(
            value.as_object().map(|o| o.len()),
            Some(RESULT_FIELDS.len())
        );
    }
}

#[test]
fn stemming_finds_other_forms_of_a_word() {
    let env = TestEnv::with_project_corpus();
    let json = env.search_json(&["caching", "-n", "50"]);
    let questions: Vec<&str> = json["results"]
        .as_array()
        .expect("results")
        .iter()
        .filter_map(|r| r["question"].as_str())
        .collect();
    assert!(
        questions.iter().any(|q| q.contains("cache ")),
        "{questions:?}"
    );
    assert!(
        questions.iter().any(|q| q.contains("caching")),
        "{questions:?}"
    );
}

#[test]
fn filters_restrict_results() {
    let env = TestEnv::with_project_corpus();
    let json = env.search_json(&[
        "api",
        "--category",
        "security",
        "--level",
        "beginner",
        "-n",
        "50",
    ]);
    let results = json["results"].as_array().expect("results");
    assert!(!results.is_empty());
    for r in results {
        assert_eq!(r["category"], "security");
        assert_eq!(r["level"], "beginner");
    }
    let json = env.search_json(&[
        "database",
        "--source",
        "quickfire-50",
        "--source",
        "essentials-49",
        "-n",
        "50",
    ]);
    let results = json["results"].as_array().expect("results");
    assert!(results.len() > 2);
    assert!(results.iter().all(|r| {
        let source = r["source"].as_str().unwrap_or_default();
        source == "quickfire-50" || source == "essentials-49"
    }));
    // Repeated values of one filter widen it; different filters narrow each other.
    let devops =
        env.search_json(&["deployment", "--category", "devops", "-n", "50"])["total"].as_u64();
    let both = env.search_json(&[
        "deployment",
        "--category",
        "devops",
        "--category",
        "architecture",
        "-n",
        "50",
    ])["total"]
        .as_u64();
    assert!(both > devops, "{both:?} vs {devops:?}");
}

#[test]
fn unknown_filter_values_are_errors_that_list_the_valid_ones() {
    let env = TestEnv::with_project_corpus();
    env.qbank()
        .args(["search", "x", "--category", "cooking"])
        .assert()
        .code(2)
        .stderr(contains("unknown category 'cooking'").and(contains("databases, security")));
    env.qbank()
        .args(["search", "x", "--level", "guru"])
        .assert()
        .code(2)
        .stderr(contains("beginner, intermediate, advanced"));
    env.qbank()
        .args(["search", "cache", "--source", "nope"])
        .assert()
        .code(2)
        .stderr(contains("unknown source 'nope'").and(contains("explained-100")));
}

#[test]
fn exit_codes_follow_grep() {
    let env = TestEnv::with_project_corpus();
    env.qbank().args(["search", "kubernetes"]).assert().code(0);
    env.qbank()
        .args(["search", "zyzzyva"])
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty())
        .stderr(contains("no questions match 'zyzzyva'"));
    env.qbank()
        .args(["search", "x", "--limit", "0"])
        .assert()
        .code(2);
    env.qbank()
        .args(["search", "what is the"])
        .assert()
        .code(2)
        .stderr(contains("no searchable terms"));
    env.qbank()
        .args(["search", "nosuchfield:word"])
        .assert()
        .code(2)
        .stderr(contains("unknown field"));
}

#[test]
fn questions_with_all_words_rank_before_those_with_some() {
    let env = TestEnv::with_project_corpus();
    let json = env.search_json(&["rate", "limiting", "--exact", "--no-collapse", "-n", "100"]);
    let all_words = json["with_all_words"].as_u64().expect("count") as usize;
    let results = json["results"].as_array().expect("results");
    assert!(all_words >= 3 && results.len() > all_words, "{json}");
    for (rank, r) in results.iter().enumerate() {
        let text =
            format!("{} {} {}", r["question"], r["explanation"], r["section"]).to_lowercase();
        let (rate, limit) = (text.contains("rate"), text.contains("limit"));
        if rank < all_words {
            assert!(rate && limit, "rank {rank}: {text}");
        } else {
            assert!(rate != limit, "rank {rank}: {text}");
        }
    }
    env.qbank()
        .args(["search", "kubernetes", "palindrome"])
        .assert()
        .success()
        .stderr(contains("no question has all of"));
}

#[test]
fn quoted_phrases_and_field_prefixes_work() {
    let env = TestEnv::with_project_corpus();
    let json = env.search_json(&["\"load balancer\"", "-n", "50"]);
    for r in json["results"].as_array().expect("results") {
        let text = format!("{} {}", r["question"], r["explanation"])
            .to_lowercase()
            .replace('-', " ");
        // Phrases match through stemming: "load balancer" also finds "load balancing".
        assert!(text.contains("load balanc"), "{text}");
    }
    let json = env.search_json(&["category:devops docker", "-n", "50"]);
    let results = json["results"].as_array().expect("results");
    assert!(!results.is_empty());
    assert!(results.iter().all(|r| r["category"] == "devops"));
}

#[test]
fn invalid_syntax_is_read_leniently_with_a_note() {
    let env = TestEnv::with_project_corpus();
    env.qbank()
        .args(["search", "O(n) complexity"])
        .assert()
        .success()
        .stderr(contains("not valid syntax"));
    env.qbank()
        .args(["search", "what's", "a", "hash", "table?"])
        .assert()
        .success()
        .stdout(contains("hash table"));
}

#[test]
fn limit_and_offset_page_through_results() {
    let env = TestEnv::with_project_corpus();
    let all = env.search_ids(&["database", "-n", "8"]);
    let page = env.search_ids(&["database", "-n", "3", "--offset", "2"]);
    assert_eq!(all.len(), 8);
    assert_eq!(page, all[2..5]);
}

#[test]
fn table_output_shows_rank_id_category_level_question_and_explanation() {
    let env = TestEnv::with_project_corpus();
    let out = stdout_of(env.qbank().args(["search", "process thread", "-n", "1"]));
    let first = out.lines().nth(3).expect("a row");
    assert!(
        first.contains(" 1 ") && first.contains("explained-100:1"),
        "{out}"
    );
    assert!(
        first.contains("concurrency") || first.contains("fundamentals"),
        "{out}"
    );
    assert!(out.contains("independent program"), "{out}");
    assert!(!out.contains('\u{1b}'), "no colour when not a terminal");
    let coloured = stdout_of(
        env.qbank()
            .args(["search", "process", "-n", "1", "--color", "always"]),
    );
    assert!(coloured.contains("\u{1b}["), "{coloured}");
}

#[test]
fn show_prints_every_field_and_exits_1_for_an_unknown_id() {
    let env = TestEnv::with_project_corpus();
    let out = stdout_of(env.qbank().args(["show", "leveled-50:43"]));
    for wanted in [
        "Explain the difference between optimistic and pessimistic locking",
        "databases (section, confidence 1.00)",
        "advanced (stated, confidence 1.00)",
        "Database Advanced Concepts",
        "leveled-50.md:",
    ] {
        assert!(out.contains(wanted), "{wanted} not in\n{out}");
    }
    let json: serde_json::Value =
        json_of(
            env.qbank()
                .args(["show", "explained-100:7", "--format", "json"]),
        );
    assert_eq!(json["id"], "explained-100:7");
    assert_eq!(json["number"], 7);
    assert!(json["explanation"].as_str().is_some());
    env.qbank()
        .args(["show", "explained-100:999"])
        .assert()
        .code(1)
        .stderr(contains("no question with id"));
}

#[test]
fn stats_counts_sources_categories_and_levels() {
    let env = TestEnv::with_project_corpus();
    let json: serde_json::Value = json_of(env.qbank().args(["stats", "--format", "json"]));
    assert_eq!(json["questions"], 377);
    assert_eq!(json["with_explanation"], 100);
    let stated: u64 = json["levels"]
        .as_array()
        .expect("levels")
        .iter()
        .map(|l| l["stated"].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(stated, 50);
    let by_category: u64 = json["categories"]
        .as_array()
        .expect("categories")
        .iter()
        .map(|c| c["questions"].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(by_category, 377);
    let table = stdout_of(env.qbank().arg("stats"));
    assert!(
        table.contains("observability") && table.contains("intermediate"),
        "{table}"
    );
}

#[test]
fn info_says_where_things_are_and_why() {
    let env = TestEnv::with_project_corpus();
    env.qbank()
        .arg("info")
        .assert()
        .success()
        .stdout(contains("--corpus flag").and(contains("not built yet")));
    env.index();
    env.bare()
        .arg("info")
        .env("QBANK_CORPUS", &env.corpus)
        .env("QBANK_INDEX", &env.index)
        .assert()
        .success()
        .stdout(
            contains("environment variable QBANK_CORPUS")
                .and(contains("up to date"))
                .and(contains("377")),
        );
    // Without flags or variables, ./corpus is found in the current directory.
    env.bare()
        .arg("info")
        .assert()
        .success()
        .stdout(contains("found in the current directory"));
}

#[test]
fn environment_variables_choose_the_corpus_and_index() {
    let env = TestEnv::with_project_corpus();
    env.bare()
        .args(["search", "docker"])
        .env("QBANK_CORPUS", &env.corpus)
        .env("QBANK_INDEX", &env.index)
        .assert()
        .success();
    assert!(env.index_entries().iter().any(|n| n == "CURRENT"));
}

#[test]
fn defaults_are_corpus_and_index_in_the_current_directory() {
    let env = TestEnv::with_project_corpus();
    env.bare().args(["search", "docker"]).assert().success();
    assert!(env.dir.path().join("index").join("CURRENT").exists());
}

#[test]
fn a_changed_corpus_is_reindexed_before_searching() {
    let env = TestEnv::with_project_corpus();
    env.index();
    env.qbank().args(["search", "zanzibar"]).assert().code(1);
    env.write(
        "extra.md",
        "# Extra\n\n1. What is the Zanzibar authorization model?\n",
    );
    env.qbank()
        .args(["search", "zanzibar"])
        .assert()
        .success()
        .stderr(contains("out of date"))
        .stdout(contains("extra:1"));
    // Touching a file without changing it does not rebuild, and the contents are
    // compared once: the generation remembers the new sizes and times.
    let path = env.corpus.join("extra.md");
    let text = fs::read(&path).expect("read");
    fs::write(&path, &text).expect("rewrite");
    let an_hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    fs::File::options()
        .write(true)
        .open(&path)
        .and_then(|file| file.set_modified(an_hour_ago))
        .expect("set the modification time");
    env.qbank()
        .args(["search", "zanzibar"])
        .assert()
        .success()
        .stderr(predicate::str::is_empty());
    let current = fs::read_to_string(env.index.join("CURRENT")).expect("CURRENT");
    let remembered = env
        .index
        .join(current.trim())
        .join("unchanged-stat-signature");
    assert!(remembered.is_file(), "{}", remembered.display());
    let before = fs::read(&remembered).expect("remembered");
    env.qbank()
        .args(["search", "zanzibar"])
        .assert()
        .success()
        .stderr(predicate::str::is_empty());
    assert_eq!(fs::read(&remembered).expect("remembered"), before);
    // What is remembered never hides a change, even one of the same size.
    fs::write(
        &path,
        String::from_utf8(text)
            .expect("text")
            .replace("Zanzibar", "Zanzibaz"),
    )
    .expect("edit");
    env.qbank()
        .args(["search", "zanzibaz"])
        .assert()
        .success()
        .stderr(contains("out of date"))
        .stdout(contains("extra:1"));
}

#[test]
fn a_renamed_list_is_a_change_even_with_the_same_bytes_and_time() {
    let env = TestEnv::with_project_corpus();
    env.index();
    // A rename keeps size and modification time: only the name tells.
    fs::rename(
        env.corpus.join("leveled-50.md"),
        env.corpus.join("leveled-50.txt"),
    )
    .expect("rename");
    env.qbank()
        .args(["show", "leveled-50:43"])
        .assert()
        .success()
        .stderr(contains("out of date"))
        .stdout(contains("leveled-50.txt:80"));
}

#[test]
fn a_failed_build_leaves_the_previous_index_serving() {
    let env = TestEnv::with_project_corpus();
    env.index();
    env.write("broken.md", b"1. What is a caf\xe9?\n");
    env.qbank()
        .arg("index")
        .assert()
        .code(2)
        .stderr(contains("broken.md").and(contains("not UTF-8")));
    env.qbank()
        .args(["search", "docker"])
        .assert()
        .success()
        .stderr(contains("rebuilding failed").and(contains("previous index")))
        .stdout(contains("Docker"));
}

#[test]
fn an_interrupted_build_leaves_the_old_index_and_its_leftovers_are_cleaned() {
    let env = TestEnv::with_project_corpus();
    env.index();
    let before = env.index_entries();
    // What a build killed half-way leaves behind.
    let leftover = env.index.join("tmp-1-999999");
    fs::create_dir(&leftover).expect("leftover");
    fs::write(leftover.join("meta.json"), "{ half written").expect("partial file");
    env.qbank().args(["search", "docker"]).assert().success();
    env.index();
    let after = env.index_entries();
    assert!(!after.iter().any(|n| n.starts_with("tmp-")), "{after:?}");
    assert_eq!(after.len(), before.len(), "{before:?} -> {after:?}");
}

#[test]
fn a_corrupt_current_index_is_rebuilt() {
    let env = TestEnv::with_project_corpus();
    env.index();
    let current = fs::read_to_string(env.index.join("CURRENT")).expect("CURRENT");
    fs::write(env.index.join(current.trim()).join("meta.json"), "garbage").expect("corrupt");
    env.qbank()
        .args(["search", "docker"])
        .assert()
        .success()
        .stderr(contains("cannot be read"));
}

#[test]
fn source_files_without_questions_are_warnings_naming_the_file() {
    for (name, contents, message) in [
        ("empty.md", &b""[..], "no questions found"),
        ("blank.txt", &b"  \n\n\t\n"[..], "no questions found"),
        (
            "title.md",
            &b"# Only a title\n\nSome intro.\n"[..],
            "no questions found",
        ),
        (
            "image.md",
            &b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"[..],
            "binary file",
        ),
    ] {
        let env = TestEnv::with_project_corpus();
        env.write(name, contents);
        env.qbank()
            .arg("index")
            .assert()
            .success()
            .stdout(contains("indexed 377 questions"))
            .stderr(contains(name).and(contains(message)));
    }
}

#[test]
fn a_source_file_that_is_not_utf8_is_an_error_naming_it() {
    let env = TestEnv::with_project_corpus();
    env.write("latin1.txt", b"1. What is a caf\xe9?\n");
    env.qbank()
        .arg("index")
        .assert()
        .code(2)
        .stderr(contains("latin1.txt").and(contains("not UTF-8")));
    assert!(env.index_entries().iter().all(|n| n != "CURRENT"));
}

#[test]
fn unplaced_lines_are_warnings_with_file_and_line() {
    let env = TestEnv::empty();
    env.write(
        "notes.md",
        "1. What is a queue?\n\nA stray remark.\n\n2. What is a stack?\n",
    );
    env.qbank()
        .arg("index")
        .assert()
        .success()
        .stderr(contains("notes.md:3:").and(contains("A stray remark")));
}

#[test]
fn missing_or_empty_corpus_directories_are_errors() {
    let env = TestEnv::empty();
    env.qbank()
        .arg("index")
        .assert()
        .code(2)
        .stderr(contains("holds no source lists"));
    env.bare()
        .args(["--corpus", "does-not-exist", "search", "x"])
        .assert()
        .code(2)
        .stderr(contains("does-not-exist").and(contains("does not exist")));
}

#[test]
fn a_foreign_index_directory_is_never_taken_over() {
    let env = TestEnv::with_project_corpus();
    fs::create_dir(&env.index).expect("dir");
    fs::write(env.index.join("thesis.tex"), "precious").expect("file");
    env.qbank()
        .arg("index")
        .assert()
        .code(2)
        .stderr(contains("not a qbank index directory"));
    assert_eq!(
        fs::read_to_string(env.index.join("thesis.tex")).expect("still there"),
        "precious"
    );
}

#[test]
fn the_index_placeholder_directory_is_accepted() {
    let env = TestEnv::with_project_corpus();
    fs::create_dir(&env.index).expect("dir");
    fs::write(env.index.join(".gitkeep"), "").expect("placeholder");
    env.index();
}

#[test]
fn completions_and_man_page_come_from_the_cli_definition() {
    let env = TestEnv::empty();
    let bash = stdout_of(env.bare().args(["completions", "bash", "--static"]));
    assert!(
        bash.contains("qbank") && bash.contains("--category"),
        "{bash}"
    );
    let man = stdout_of(env.bare().arg("man"));
    assert!(man.starts_with(".ie") || man.contains(".TH qbank"), "{man}");
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let env = TestEnv::with_project_corpus();
    env.index();
    let mut child = env
        .process()
        .args(["search", "database", "-n", "200", "--format", "jsonl"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("wait");
    assert!(output.status.success(), "{output:?}");
    assert!(!String::from_utf8_lossy(&output.stderr).contains("panicked"));
}

#[test]
fn lists_in_other_shapes_are_read_through_the_binary() {
    let env = TestEnv::empty();
    env.write(
        "mixed.md",
        "\u{feff}# Senior Questions\r\n\r\n## Caching\r\n\r\n- What is cache stampede?\r\n  Answer: Many misses at once.\r\n- How do you warm a cache?\r\n\r\n### Explain write-behind caching\r\n\r\nWrites go to the cache first.\r\n\r\n```\r\nflush();\r\n```\r\n",
    );
    env.index();
    let json = env.search_json(&["cache", "-n", "10"]);
    let mut results: Vec<(String, String, String, String)> = json["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap_or_default().to_string(),
                r["level"].as_str().unwrap_or_default().to_string(),
                r["category"].as_str().unwrap_or_default().to_string(),
                r["explanation"].as_str().unwrap_or("-").to_string(),
            )
        })
        .collect();
    results.sort();
    assert_eq!(
        results,
        [
            (
                "mixed:1".into(),
                "advanced".into(),
                "performance".into(),
                "Many misses at once.".into()
            ),
            (
                "mixed:2".into(),
                "advanced".into(),
                "performance".into(),
                "-".into()
            ),
            (
                "mixed:3".into(),
                "advanced".into(),
                "performance".into(),
                "Writes go to the cache first.\n\n```\nflush();\n```".into()
            ),
        ]
    );
}

/// Ids, categories, levels, sources and `--format` values are case-insensitive.
#[test]
fn values_are_case_insensitive_everywhere() {
    let env = TestEnv::with_project_corpus();
    env.index();
    env.qbank()
        .args(["show", "Backend-128:21"])
        .assert()
        .success()
        .stdout(predicates::str::contains("backend-128:21"));
    env.qbank()
        .args(["related", "BACKEND-128:21", "-n", "1"])
        .assert()
        .success();
    let json = json_of(env.qbank().args([
        "search",
        "sql",
        "-c",
        "Databases",
        "-l",
        "BEGINNER",
        "-s",
        "Backend-128",
        "--format",
        "JSON",
    ]));
    let results = json["results"].as_array().expect("results");
    assert!(!results.is_empty(), "{json}");
    for q in results {
        assert_eq!(q["category"], "databases");
        assert_eq!(q["level"], "beginner");
        assert_eq!(q["source"], "backend-128");
    }
    env.qbank()
        .args(["export", "sql", "--format", "JSONL", "--color", "Never"])
        .assert()
        .success();
}

/// Messages that say what to type: a negative count names the range, a format given as
/// an option (`--json`) points at `--format json`, and one question is "1 question".
#[test]
fn mistakes_get_messages_that_say_what_to_type() {
    let env = TestEnv::with_project_corpus();
    env.index();
    env.qbank()
        .args(["search", "cache", "-n", "-1"])
        .assert()
        .code(2)
        .stderr(contains("give a whole number from 1 up").and(contains("-- -1").not()));
    env.qbank()
        .args(["search", "cache", "--offset", "-2"])
        .assert()
        .code(2)
        .stderr(contains("give a whole number from 0 up"));
    env.qbank()
        .args(["search", "cache", "--json"])
        .assert()
        .code(2)
        .stderr(contains("did you mean `--format json`?"));
    let out = env.dir.path().join("one.md");
    env.qbank()
        .args(["export", "-c", "networking", "-l", "beginner", "-o"])
        .arg(&out)
        .assert()
        .success()
        .stderr(contains("exported 1 question to"));
}
