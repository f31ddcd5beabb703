//! How qbank fits the shell: completions that complete values, man pages, help.

mod common;

use std::fs;

use common::{TestEnv, stdout_of};
use predicates::prelude::*;
use predicates::str::contains;
use qbank::{Category, Level};

/// What the shell gets back at a Tab after `words`, by fish's protocol (the simplest:
/// the words after `--`, the last one being completed; a candidate per line, its help
/// after a tab).
fn complete(env: &TestEnv, words: &[&str]) -> Vec<(String, String)> {
    let output = env
        .bare()
        .env("COMPLETE", "fish")
        .arg("--")
        .arg("qbank")
        .args(words)
        .output()
        .expect("runs");
    assert!(output.status.success(), "{output:?}");
    assert!(output.stderr.is_empty(), "{output:?}");
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| {
            let (value, help) = line.split_once('\t').unwrap_or((line, ""));
            (value.to_string(), help.to_string())
        })
        .collect()
}

fn values(candidates: &[(String, String)]) -> Vec<&str> {
    candidates.iter().map(|(v, _)| v.as_str()).collect()
}

#[test]
fn categories_and_levels_complete() {
    let env = TestEnv::empty();
    assert_eq!(
        values(&complete(&env, &["search", "-c", "net"])),
        ["networking"]
    );
    assert_eq!(
        values(&complete(&env, &["export", "--category", ""])),
        Category::slugs()
    );
    assert_eq!(values(&complete(&env, &["quiz", "-l", ""])), Level::slugs());
    assert_eq!(
        values(&complete(&env, &["related", "--level", "adv"])),
        ["advanced"]
    );
}

#[test]
fn sources_and_ids_complete_from_the_built_index() {
    let env = TestEnv::with_project_corpus();
    env.bare().arg("index").assert().success();
    let ids = complete(&env, &["show", "backend-128:2"]);
    let expected: Vec<String> = std::iter::once("backend-128:2".to_string())
        .chain((20..=29).map(|n| format!("backend-128:{n}")))
        .collect();
    assert_eq!(values(&ids), expected);
    // Each id comes with its question, to choose by.
    assert!(
        ids.iter()
            .all(|(_, help)| help.starts_with("What") || help.starts_with("How")),
        "{ids:?}"
    );
    let related = complete(&env, &["related", "Quickfire-50:4"]);
    assert!(values(&related).contains(&"quickfire-50:4"), "{related:?}");
    assert_eq!(
        values(&complete(&env, &["search", "-s", ""])),
        [
            "backend-128",
            "essentials-49",
            "explained-100",
            "leveled-50",
            "quickfire-50"
        ]
    );
    // The locations typed on the command line count.
    let elsewhere = TestEnv::empty();
    let corpus = env.corpus.to_string_lossy().into_owned();
    let index = env.index.to_string_lossy().into_owned();
    let ids = complete(
        &elsewhere,
        &[
            "--corpus",
            &corpus,
            "--index",
            &index,
            "show",
            "leveled-50:1",
        ],
    );
    assert!(values(&ids).contains(&"leveled-50:10"), "{ids:?}");
}

#[test]
fn completion_never_builds_the_index() {
    let env = TestEnv::with_project_corpus();
    assert!(complete(&env, &["show", "backend"]).is_empty());
    // Sources come from the corpus's file names instead.
    assert!(values(&complete(&env, &["search", "-s", "lev"])).contains(&"leveled-50"));
    assert!(!env.index.exists());
}

#[test]
fn completions_print_a_script_for_each_shell() {
    let env = TestEnv::empty();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let script = stdout_of(env.bare().args(["completions", shell]));
        // The script asks qbank itself at each Tab.
        assert!(script.contains("COMPLETE"), "{shell}: {script}");
        let fixed = stdout_of(env.bare().args(["completions", shell, "--static"]));
        assert!(fixed.contains("--category"), "{shell}: {fixed}");
    }
    let bash = stdout_of(env.bare().args(["completions", "bash"]));
    assert!(bash.contains("complete -o nospace -o bashdefault -o nosort -F _qbank_complete qbank"));
    let nushell = stdout_of(env.bare().args(["completions", "nushell"]));
    assert!(
        nushell.contains("export extern \"qbank search\"") && nushell.contains("networking"),
        "{nushell}"
    );
}

#[test]
fn the_man_page_of_search_has_the_query_syntax() {
    let env = TestEnv::empty();
    let page = stdout_of(env.bare().args(["man", "search"]));
    assert!(page.contains(".TH qbank-search 1"), "{page}");
    for section in [
        "QUERY SYNTAX",
        "EXAMPLES",
        "CATEGORIES AND LEVELS",
        "ENVIRONMENT",
        "FILES",
    ] {
        // roff quotes a heading of several words.
        let heading = if section.contains(' ') {
            format!(".SH \"{section}\"")
        } else {
            format!(".SH {section}")
        };
        assert!(page.contains(&heading), "{section}: {page}");
    }
    assert!(page.contains("quoted phrase"));
    assert!(page.contains("QBANK_INDEX") && page.contains("synonyms.toml"));
    for category in Category::slugs() {
        assert!(page.contains(&category.replace('-', "\\-")), "{category}");
    }
    let main = stdout_of(env.bare().arg("man"));
    assert!(main.contains("qbank\\-search(1)"), "{main}");
    assert!(!main.contains("qbank\\-help(1)"), "{main}");
    env.bare()
        .args(["man", "cooking"])
        .assert()
        .code(2)
        .stderr(contains("no man page for 'cooking'").and(contains("search")));
}

#[test]
fn man_dir_writes_a_page_per_command() {
    let env = TestEnv::empty();
    let dir = env.dir.path().join("man1");
    env.bare()
        .args(["man", "--dir"])
        .arg(&dir)
        .assert()
        .success()
        .stdout(predicate::str::is_empty());
    let mut names = common::names_in(&dir);
    names.sort();
    let mut expected: Vec<String> = [
        "completions",
        "eval",
        "add",
        "browse",
        "eval-classify",
        "export",
        "index",
        "info",
        "man",
        "packs",
        "progress",
        "quiz",
        "related",
        "remove",
        "search",
        "show",
        "stats",
        "update",
    ]
    .iter()
    .map(|c| format!("qbank-{c}.1"))
    .chain(std::iter::once("qbank.1".to_string()))
    .collect();
    expected.sort();
    assert_eq!(names, expected);
    let search = fs::read_to_string(dir.join("qbank-search.1")).expect("page");
    assert!(search.contains("QUERY SYNTAX"));
}

#[test]
fn help_sets_global_options_apart_and_ends_with_examples() {
    let env = TestEnv::empty();
    let help = stdout_of(env.bare().args(["search", "--help"]));
    let own = help.find("\nOptions:").expect("own options");
    let global = help.find("\nGlobal options:").expect("global options");
    let examples = help.find("\nExamples:\n  qbank search").expect("examples");
    assert!(own < global && global < examples, "{help}");
    assert!(help.contains("Query syntax:"), "{help}");
    // The global options are listed only under their heading.
    assert_eq!(help.matches("--corpus <DIR>").count(), 1, "{help}");
    assert!(help[global..].contains("--corpus <DIR>"), "{help}");
    // -c lists every category (the help may wrap the list).
    let flat = help.split_whitespace().collect::<Vec<_>>().join(" ");
    for category in Category::slugs() {
        assert!(flat.contains(category), "{category}: {help}");
    }
    for command in [
        "index",
        "search",
        "related",
        "export",
        "quiz",
        "show",
        "stats",
        "eval",
        "eval-classify",
        "info",
        "completions",
        "man",
    ] {
        let help = stdout_of(env.bare().args([command, "--help"]));
        let examples = help.find("\nExamples:\n  ").expect(command);
        assert!(help[examples..].contains("qbank"), "{command}: {help}");
    }
}
