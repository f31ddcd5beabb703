//! Questions asked in one's own words: the concept layer evokes concepts from a
//! described problem, adds their names to the search, tags questions, and reads a
//! corpus's own `concepts.toml`.

mod common;

use common::{TestEnv, json_of, stdout_of};
use predicates::str::contains;

#[test]
fn a_described_problem_finds_the_question_that_names_it() {
    let env = TestEnv::with_project_corpus();
    env.index();
    let query = "how can another app read my calendar without my password";
    let json = json_of(
        env.qbank()
            .args(["search", query, "--format", "json", "-n", "3"]),
    );
    let understood = json["understood_as"].as_array().expect("understood_as");
    assert_eq!(understood[0]["concept"], "oauth", "{json}");
    let top = json["results"][0]["question"].as_str().unwrap_or_default();
    assert!(top.to_lowercase().contains("oauth"), "{json}");
    // Plain BM25 (--exact) does not understand it, and finds no OAuth question first.
    let exact = json_of(
        env.qbank()
            .args(["search", query, "--exact", "--format", "json", "-n", "1"]),
    );
    let exact_top = exact["results"][0]["question"].as_str().unwrap_or_default();
    assert!(!exact_top.to_lowercase().contains("oauth"), "{exact}");
    let shown = stdout_of(
        env.qbank()
            .args(["search", query, "--explain-score", "-n", "1"]),
    );
    assert!(shown.starts_with("understood as: oauth (from '"), "{shown}");
}

#[test]
fn a_concept_finds_questions_that_name_it_in_other_words_and_explains_why() {
    let env = TestEnv::with_project_corpus();
    env.index();
    // Nothing typed is in the question, whose wording splits the concept's name:
    // "optimistic and pessimistic locking".
    let query = "two staff members edit the same recrod and one person's changes silently vanish";
    let json = json_of(env.qbank().args([
        "search",
        query,
        "--format",
        "json",
        "-n",
        "3",
        "--explain-score",
    ]));
    assert_eq!(
        json["understood_as"][0]["concept"], "optimistic locking",
        "{json}"
    );
    let top = &json["results"][0];
    let question = top["question"].as_str().unwrap_or_default().to_lowercase();
    assert!(
        question.contains("optimistic") && question.contains("pessimistic locking"),
        "{json}"
    );
    let concept_match = top["matches"]
        .as_array()
        .and_then(|matches| matches.iter().find(|m| m["how"] == "concept"))
        .unwrap_or_else(|| panic!("no concept among the matches: {json}"));
    assert_eq!(concept_match["matched"], "optimistic locking", "{json}");
    assert_eq!(concept_match["fields"][0], "question", "{json}");
    let shown = stdout_of(
        env.qbank()
            .args(["search", query, "--explain-score", "-n", "1"])
            .env("COLUMNS", "200"),
    );
    assert!(
        shown.contains("concept optimistic locking (question)"),
        "{shown}"
    );
}

#[test]
fn keyword_queries_are_not_expanded() {
    let env = TestEnv::with_project_corpus();
    env.index();
    let json = json_of(env.qbank().args(["search", "jwt", "--format", "json"]));
    assert_eq!(json["understood_as"], serde_json::json!([]), "{json}");
}

#[test]
fn questions_carry_the_concepts_they_name() {
    let env = TestEnv::with_project_corpus();
    env.index();
    let json = json_of(
        env.qbank()
            .args(["show", "backend-128:43", "--format", "json"]),
    );
    let concepts: Vec<&str> = json["concepts"]
        .as_array()
        .expect("concepts")
        .iter()
        .filter_map(|c| c.as_str())
        .collect();
    assert!(concepts.contains(&"jwt"), "{json}");
    let table = stdout_of(env.qbank().args(["show", "backend-128:43"]));
    assert!(
        table.contains("concepts") && table.contains("jwt"),
        "{table}"
    );
}

#[test]
fn a_corpus_adds_its_own_concepts_and_a_broken_file_names_its_line() {
    let env = TestEnv::empty();
    env.write(
        "ops.md",
        "# Operations\n\n1. What is a runbook?\n2. How do you size a thread pool?\n",
    );
    env.write(
        "concepts.toml",
        "[[concept]]\nname = \"runbook\"\naliases = [\"playbook\"]\n\
         phrasings = [\"written steps the on-call engineer follows at night\"]\n\
         category = \"devops\"\n",
    );
    env.index();
    let json = json_of(env.qbank().args([
        "search",
        "steps our on-call engineer follows at night",
        "--format",
        "json",
    ]));
    assert_eq!(json["results"][0]["id"], "ops:1", "{json}");
    // An edit of the concepts makes the index stale: the next search rebuilds it.
    env.write(
        "concepts.toml",
        "[[concept]]\nname = \"thread pool\"\n\
         phrasings = [\"how many workers should run tasks at once\"]\n\
         category = \"concurrency\"\n",
    );
    let json = json_of(env.qbank().args([
        "search",
        "how many workers should run tasks at once",
        "--format",
        "json",
    ]));
    assert_eq!(json["results"][0]["id"], "ops:2", "{json}");
    env.write(
        "concepts.toml",
        "[[concept]]\nname = \"runbook\"\ncategory = 7\n",
    );
    env.qbank()
        .arg("index")
        .assert()
        .code(2)
        .stderr(contains("concepts.toml:3"));
}
