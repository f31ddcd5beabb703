//! qbank run the way an installed binary is: from its own directory, in a working
//! directory without a corpus, with a fresh home directory.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;
use tempfile::TempDir;

use common::{ids, names_in, project_corpus};

/// A machine where qbank was just installed: a copy of the binary, an empty home and
/// an empty working directory.
struct Installed {
    root: TempDir,
    binary: PathBuf,
}

impl Installed {
    fn new() -> Installed {
        let root = tempfile::tempdir().expect("temporary directory");
        for dir in ["bin", "home", "work"] {
            fs::create_dir(root.path().join(dir)).expect("directory");
        }
        let binary = root.path().join("bin/qbank");
        // A link rather than a copy where it can: a file just written may still be
        // open in a process another test is starting, and then cannot be run.
        fs::hard_link(env!("CARGO_BIN_EXE_qbank"), &binary)
            .or_else(|_| fs::copy(env!("CARGO_BIN_EXE_qbank"), &binary).map(drop))
            .expect("install the binary");
        Installed { root, binary }
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.root.path().join(relative)
    }

    fn home(&self) -> PathBuf {
        self.path("home")
    }

    fn work(&self) -> PathBuf {
        self.path("work")
    }

    /// `qbank` in the working directory, with only `HOME` to go by.
    fn qbank(&self) -> Command {
        let mut cmd = Command::new(&self.binary);
        cmd.current_dir(self.work())
            .env("HOME", self.home())
            .env("NO_COLOR", "1")
            .env_remove("XDG_DATA_HOME")
            .env_remove("QBANK_CORPUS")
            .env_remove("QBANK_INDEX")
            .env_remove("QBANK_WITH_BUILTIN")
            .env_remove("COLUMNS");
        cmd
    }

    /// The per-user index folders, by name.
    fn index_folders(&self, data_home: &Path) -> Vec<String> {
        names_in(&data_home.join("qbank/indexes"))
    }

    fn default_data_home(&self) -> PathBuf {
        self.home().join(".local/share")
    }

    /// Writes a source list (or any file) into a directory under the root.
    fn write(&self, relative: &str, contents: &str) -> PathBuf {
        let path = self.path(relative);
        fs::create_dir_all(path.parent().expect("parent")).expect("directory");
        fs::write(&path, contents).expect("write");
        path
    }
}

fn json(output: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The current generation of an index directory.
fn generation(index: &Path) -> String {
    fs::read_to_string(index.join("CURRENT")).expect("CURRENT")
}

#[test]
fn a_fresh_home_searches_the_built_in_lists_on_the_first_try_then_reuses_the_index() {
    let installed = Installed::new();
    let first = installed
        .qbank()
        .args(["search", "rate limiting", "--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    assert!(
        stderr(&first).contains("building the index of the built-in lists"),
        "{}",
        stderr(&first)
    );
    let found = json(&first);
    assert_eq!(found["results"][0]["id"], "explained-100:20");
    let question = found["results"][0]["question"].as_str().unwrap_or_default();
    assert!(question.contains("rate limiter"), "{question}");
    // The same answer as from the project's corpus directory.
    let from_checkout = installed
        .qbank()
        .arg("--corpus")
        .arg(project_corpus())
        .args(["--index"])
        .arg(installed.path("checkout-index"))
        .args(["search", "rate limiting", "--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(ids(&json(&from_checkout)), ids(&found));
    assert_eq!(json(&from_checkout)["total"], found["total"]);

    // The index went to the per-user data directory, in a folder of its own, and
    // nothing into the working directory.
    let folders = installed.index_folders(&installed.default_data_home());
    assert_eq!(folders.len(), 1, "{folders:?}");
    assert!(folders[0].starts_with("built-in-"), "{folders:?}");
    assert_eq!(fs::read_dir(installed.work()).expect("work").count(), 0);
    let index = installed
        .default_data_home()
        .join("qbank/indexes")
        .join(&folders[0]);
    let built = generation(&index);

    // A second search reuses it: no message, same answer, same generation.
    let second = installed
        .qbank()
        .args(["search", "rate limiting", "--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(second.status.code(), Some(0));
    assert_eq!(stderr(&second), "");
    assert_eq!(ids(&json(&second)), ids(&found));
    assert_eq!(generation(&index), built);

    // `info` says what was chosen and why.
    let info = json(
        &installed
            .qbank()
            .args(["info", "--format", "json"])
            .output()
            .expect("runs"),
    );
    assert_eq!(info["corpus"]["path"], serde_json::Value::Null);
    assert_eq!(info["corpus"]["built_in"], true);
    assert!(
        info["corpus"]["origin"]
            .as_str()
            .is_some_and(|why| why.contains("no --corpus")),
        "{info}"
    );
    assert_eq!(info["index"]["path"], index.to_string_lossy().as_ref());
    assert!(
        info["index"]["origin"]
            .as_str()
            .is_some_and(|why| why.contains("per-user data directory")),
        "{info}"
    );
    assert_eq!(info["questions"], 377);
    assert_eq!(info["state"], "up to date");
}

#[test]
fn xdg_data_home_is_where_the_index_goes_when_set() {
    let installed = Installed::new();
    let data_home = installed.path("xdg-data");
    installed
        .qbank()
        .env("XDG_DATA_HOME", &data_home)
        .args(["search", "jwt"])
        .assert()
        .success()
        .stdout(contains("JWT"));
    assert_eq!(installed.index_folders(&data_home).len(), 1);
    assert!(!installed.default_data_home().exists());
}

#[test]
fn a_corpus_of_ones_own_gets_its_own_index_and_a_change_to_it_is_detected() {
    let installed = Installed::new();
    let lists = installed.path("team/corpus");
    installed.write(
        "team/corpus/ours.md",
        "# Ours\n\n1. How do we shard the zanzibar ledger?\n",
    );
    // Built-in first, so that there are two folders to keep apart.
    installed.qbank().args(["search", "jwt"]).assert().success();
    let ours = || {
        installed
            .qbank()
            .env("QBANK_CORPUS", &lists)
            .args(["search", "zanzibar", "--format", "json"])
            .output()
            .expect("runs")
    };
    let first = ours();
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    assert_eq!(ids(&json(&first)), ["ours:1"]);
    let folders = installed.index_folders(&installed.default_data_home());
    assert_eq!(folders.len(), 2, "{folders:?}");
    assert!(
        folders.iter().any(|f| f.starts_with("corpus-")),
        "{folders:?}"
    );

    // An edit is noticed: the index in the same folder is rebuilt, with the new question.
    installed.write(
        "team/corpus/ours.md",
        "# Ours\n\n1. How do we shard the zanzibar ledger?\n2. Who reconciles the zanzibar ledger?\n",
    );
    let after = ours();
    assert_eq!(after.status.code(), Some(0));
    assert!(
        stderr(&after).contains("the corpus has changed"),
        "{}",
        stderr(&after)
    );
    assert_eq!(json(&after)["total"], 2);
    assert_eq!(
        installed.index_folders(&installed.default_data_home()),
        folders
    );

    // Each corpus kept its own index: going back to either rebuilds nothing.
    for corpus in [None, Some(&lists)] {
        let mut cmd = installed.qbank();
        if let Some(lists) = corpus {
            cmd.env("QBANK_CORPUS", lists);
        }
        cmd.args(["search", "jwt OR zanzibar"])
            .assert()
            .success()
            .stderr(predicate::str::is_empty());
    }
}

#[test]
fn with_builtin_adds_the_built_in_lists_to_ones_own() {
    let installed = Installed::new();
    let lists = installed.path("mine");
    installed.write(
        "mine/extra.md",
        "# Extra\n\n## Security\n\n1. How do you rotate zanzibar signing keys?\n",
    );
    let stats = |with_builtin: bool| {
        let mut cmd = installed.qbank();
        cmd.arg("--corpus").arg(&lists);
        if with_builtin {
            cmd.arg("--with-builtin");
        }
        json(
            &cmd.args(["stats", "--format", "json"])
                .output()
                .expect("runs"),
        )
    };
    assert_eq!(stats(false)["questions"], 1);
    assert_eq!(stats(true)["questions"], 378);
    let found = json(
        &installed
            .qbank()
            .arg("--corpus")
            .arg(&lists)
            .arg("--with-builtin")
            .args(["search", "zanzibar OR jwt", "--format", "json"])
            .output()
            .expect("runs"),
    );
    let ids = ids(&found);
    assert!(ids.contains(&"extra:1".to_string()), "{ids:?}");
    assert!(
        ids.iter().any(|id| id.starts_with("explained-100:")),
        "{ids:?}"
    );
    // The same through the environment, on the same index.
    installed
        .qbank()
        .env("QBANK_CORPUS", &lists)
        .env("QBANK_WITH_BUILTIN", "1")
        .args(["search", "zanzibar"])
        .assert()
        .success()
        .stderr(predicate::str::is_empty());
    installed
        .qbank()
        .env("QBANK_WITH_BUILTIN", "perhaps")
        .args(["search", "zanzibar"])
        .assert()
        .code(2)
        .stderr(contains("QBANK_WITH_BUILTIN"));
}

#[test]
fn a_list_of_ones_own_replaces_the_built_in_one_of_the_same_name_and_overrides_reach_built_in_questions()
 {
    let installed = Installed::new();
    let lists = installed.path("mine");
    installed.write("mine/quickfire-50.txt", "1. What is a zanzibar cookie?\n");
    installed.write(
        "mine/overrides.toml",
        "\"leveled-50:43\" = { category = \"security\" }\n",
    );
    let qbank = || {
        let mut cmd = installed.qbank();
        cmd.arg("--corpus").arg(&lists).arg("--with-builtin");
        cmd
    };
    qbank()
        .arg("index")
        .assert()
        .success()
        .stderr(contains("'quickfire-50' replaces the built-in list"))
        .stdout(contains("indexed 328 questions"));
    let shown = json(
        &qbank()
            .args(["show", "leveled-50:43", "--format", "json"])
            .output()
            .expect("runs"),
    );
    assert_eq!(shown["category"], "security");
    assert_eq!(shown["category_source"], "override");
    let cookie = json(
        &qbank()
            .args(["show", "quickfire-50:1", "--format", "json"])
            .output()
            .expect("runs"),
    );
    assert_eq!(cookie["question"], "What is a zanzibar cookie?");
}

#[test]
fn a_missing_corpus_is_an_error_and_leaves_nothing_behind() {
    let installed = Installed::new();
    installed
        .qbank()
        .args(["--corpus", "no-such-lists", "search", "jwt"])
        .assert()
        .code(2)
        .stderr(contains("no-such-lists").and(contains("does not exist")));
    assert!(!installed.default_data_home().exists());
}

/// A project that happens to have a `corpus/` of prose (a machine-learning project's
/// training text) does not capture qbank: the built-in lists answer, and no `index/`
/// appears beside it.
#[test]
fn a_corpus_folder_of_prose_is_not_a_corpus() {
    let installed = Installed::new();
    installed.write(
        "work/corpus/train.txt",
        "Once upon a time there was a model.\nIt read a great deal of text and learnt.\n",
    );
    installed
        .qbank()
        .args(["search", "cache", "-n", "1"])
        .assert()
        .success()
        .stdout(contains("caching"));
    assert!(!installed.work().join("index").exists());
    installed
        .qbank()
        .arg("info")
        .assert()
        .success()
        .stdout(contains("no question lists in ./corpus"));
}

/// A first build that fails leaves no index directory behind.
#[test]
fn a_failed_first_build_leaves_nothing_behind() {
    let installed = Installed::new();
    let lists = installed.write("work/lists/a.md", "1. What is caching?\n");
    std::fs::write(&lists, b"1. What is \xff caching?\n").expect("write");
    installed
        .qbank()
        .args(["--corpus", "lists", "--index", "ix", "index"])
        .assert()
        .code(2)
        .stderr(contains("not UTF-8"));
    assert!(!installed.work().join("ix").exists());
}

#[test]
fn a_corpus_in_the_working_directory_is_used_with_an_index_beside_it() {
    let installed = Installed::new();
    installed.write("work/corpus/local.md", "1. What is a zanzibar queue?\n");
    installed
        .qbank()
        .args(["search", "zanzibar"])
        .assert()
        .success()
        .stdout(contains("local:1"));
    assert!(installed.work().join("index/CURRENT").exists());
    assert!(!installed.default_data_home().exists());
}

#[test]
fn a_home_that_cannot_be_written_still_answers_from_a_temporary_index() {
    let installed = Installed::new();
    // A home that is a file: nothing can be created under it, even by root.
    let home = installed.write("home-file", "not a directory\n");
    let found = installed
        .qbank()
        .env("HOME", &home)
        .args(["search", "rate limiting", "--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(found.status.code(), Some(0), "{}", stderr(&found));
    assert!(
        stderr(&found).contains("cannot keep the index") && stderr(&found).contains("--index DIR"),
        "{}",
        stderr(&found)
    );
    assert_eq!(json(&found)["results"][0]["id"], "explained-100:20");
    // Asked to build the index there, qbank says where it could not.
    installed
        .qbank()
        .env("HOME", &home)
        .arg("index")
        .assert()
        .code(2)
        .stderr(contains("home-file"));
}
