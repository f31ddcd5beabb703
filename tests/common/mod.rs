//! Helpers for tests that run the real `qbank` binary against temporary directories.

#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

/// The project's own corpus.
pub fn project_corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

/// A temporary working directory with a corpus and an index directory for qbank.
pub struct TestEnv {
    pub dir: TempDir,
    pub corpus: PathBuf,
    pub index: PathBuf,
}

impl TestEnv {
    /// A copy of the project's corpus (so a test may change it) and no index yet.
    pub fn with_project_corpus() -> TestEnv {
        let env = TestEnv::empty();
        for entry in fs::read_dir(project_corpus()).expect("project corpus") {
            let path = entry.expect("entry").path();
            fs::copy(&path, env.corpus.join(path.file_name().expect("name"))).expect("copy");
        }
        env
    }

    /// An empty corpus directory and no index yet.
    pub fn empty() -> TestEnv {
        let dir = tempfile::tempdir().expect("temporary directory");
        let corpus = dir.path().join("corpus");
        let index = dir.path().join("index");
        fs::create_dir(&corpus).expect("corpus dir");
        TestEnv { dir, corpus, index }
    }

    /// Writes a source list into the corpus.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.corpus.join(name);
        fs::write(&path, contents).expect("write source list");
        path
    }

    /// `qbank` with this corpus and index, a scrubbed environment, no colour.
    pub fn qbank(&self) -> Command {
        let mut cmd = self.bare();
        cmd.arg("--corpus").arg(&self.corpus);
        cmd.arg("--index").arg(&self.index);
        cmd
    }

    /// `qbank` run in this directory with no location flags, and a home directory of
    /// its own inside it (nothing reaches the real per-user data directory).
    pub fn bare(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_qbank"));
        cmd.current_dir(self.dir.path())
            .env("HOME", self.home())
            .env_remove("XDG_DATA_HOME")
            .env_remove("QBANK_CORPUS")
            .env_remove("QBANK_INDEX")
            .env_remove("QBANK_WITH_BUILTIN")
            .env_remove("COLUMNS")
            .env("NO_COLOR", "1");
        cmd
    }

    /// The home directory `bare` gives qbank.
    pub fn home(&self) -> PathBuf {
        self.dir.path().join("home")
    }

    /// `qbank` as a plain process with this corpus and index, for spawning in the
    /// background and signalling.
    pub fn process(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_qbank"));
        cmd.current_dir(self.dir.path())
            .env("HOME", self.home())
            .env_remove("XDG_DATA_HOME")
            .env_remove("QBANK_CORPUS")
            .env_remove("QBANK_INDEX")
            .env_remove("QBANK_WITH_BUILTIN")
            .env("NO_COLOR", "1")
            .arg("--corpus")
            .arg(&self.corpus)
            .arg("--index")
            .arg(&self.index);
        cmd
    }

    /// Runs `qbank index` and expects success.
    pub fn index(&self) {
        self.qbank().arg("index").assert().success();
    }

    /// Runs a search with `--format json` and returns the parsed output.
    pub fn search_json(&self, args: &[&str]) -> serde_json::Value {
        let output = self
            .qbank()
            .arg("search")
            .args(args)
            .args(["--format", "json"])
            .output()
            .expect("runs");
        serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}): {}\nstderr: {}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            )
        })
    }

    /// The ids of a JSON search's results.
    pub fn search_ids(&self, args: &[&str]) -> Vec<String> {
        ids(&self.search_json(args))
    }

    /// Names in the index directory.
    pub fn index_entries(&self) -> Vec<String> {
        names_in(&self.index)
    }
}

/// The names in a directory, sorted; none if it does not exist.
pub fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

pub fn ids(json: &serde_json::Value) -> Vec<String> {
    json["results"]
        .as_array()
        .map(|results| {
            results
                .iter()
                .map(|r| r["id"].as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default()
}

pub fn stdout_of(cmd: &mut Command) -> String {
    String::from_utf8_lossy(&cmd.output().expect("runs").stdout).into_owned()
}

/// Runs a command and parses its standard output as JSON.
pub fn json_of(cmd: &mut Command) -> serde_json::Value {
    let out = stdout_of(cmd);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("not JSON ({e}): {out}"))
}

/// Runs a command and parses its standard output as JSON lines.
pub fn json_lines_of(cmd: &mut Command) -> Vec<serde_json::Value> {
    stdout_of(cmd)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}")))
        .collect()
}

/// Words to build synthetic questions from.
const WORDS: &[&str] = &[
    "cache",
    "database",
    "index",
    "queue",
    "service",
    "token",
    "session",
    "replica",
    "shard",
    "thread",
    "lock",
    "latency",
    "request",
    "response",
    "schema",
    "migration",
    "deploy",
    "container",
    "cluster",
    "gateway",
    "proxy",
    "certificate",
    "hash",
    "password",
    "log",
    "metric",
    "trace",
    "retry",
    "timeout",
    "socket",
    "stream",
    "batch",
    "worker",
    "scheduler",
    "partition",
    "consensus",
    "leader",
    "snapshot",
    "backup",
    "quota",
];

/// A source list of `count` distinct numbered questions, the same for the same seed.
pub fn synthetic_list(count: usize, seed: u64) -> String {
    let mut state = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut next = move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as usize
    };
    let mut out = String::from("# Synthetic questions\n\n## Databases\n\n");
    for n in 1..=count {
        let words: Vec<&str> = (0..6).map(|_| WORDS[next() % WORDS.len()]).collect();
        out.push_str(&format!(
            "{n}. How does the {} {} use a {} with {} and {} ({n}, {})?\n",
            words[0], words[1], words[2], words[3], words[4], words[5]
        ));
    }
    out
}
