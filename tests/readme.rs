//! The README's examples are what the binary prints: every `$ qbank …` line of its
//! console blocks is run, from a directory holding the project's corpus as the
//! repository root does, at 100 columns without colour, and its output (stdout and
//! stderr, as a terminal shows them) compared with the lines under it.
//!
//! After a change to what qbank prints, `QBANK_UPDATE_README=1 cargo test --test readme`
//! writes the new outputs into the README; the diff is then read and committed.

mod common;

use std::path::Path;
use std::process::Command;

use common::TestEnv;

/// One `$ command` of a console block and the lines printed under it.
struct Example {
    command: String,
    /// Line numbers (0-based) of the output in the README: `start..end`.
    start: usize,
    end: usize,
}

fn examples(readme: &str) -> Vec<Example> {
    let lines: Vec<&str> = readme.lines().collect();
    let mut found = Vec::new();
    let mut in_console = false;
    let mut current: Option<Example> = None;
    for (i, line) in lines.iter().enumerate() {
        if !in_console {
            in_console = line.trim_start() == "```console";
            continue;
        }
        let ends_block = line.trim_start() == "```";
        if (ends_block || line.starts_with("$ "))
            && let Some(mut example) = current.take()
        {
            example.end = i;
            // The blank line between two examples is not output.
            while example.end > example.start && lines[example.end - 1].is_empty() {
                example.end -= 1;
            }
            found.push(example);
        }
        if ends_block {
            in_console = false;
        } else if let Some(command) = line.strip_prefix("$ ") {
            current = Some(Example {
                command: command.to_string(),
                start: i + 1,
                end: i + 1,
            });
        }
    }
    found
}

/// Examples that need more than the corpus: the repository's test data, or a
/// directory of their own.
fn runnable(command: &str) -> bool {
    !command.contains("cd ") && !command.contains("tests/")
}

fn run(env: &TestEnv, command: &str) -> String {
    let binary = Path::new(env!("CARGO_BIN_EXE_qbank"));
    let bin_dir = binary.parent().expect("the binary is in a directory");
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut paths = vec![bin_dir.to_path_buf()];
    paths.extend(std::env::split_paths(&path));
    let output = Command::new("sh")
        .arg("-c")
        // Both streams in one, as a terminal shows them; the command's own redirections
        // come after.
        .arg(format!("exec 2>&1; {command}"))
        .current_dir(env.dir.path())
        .env("PATH", std::env::join_paths(paths).expect("a PATH"))
        .env("HOME", env.home())
        .env("COLUMNS", "100")
        .env("NO_COLOR", "1")
        .env_remove("XDG_DATA_HOME")
        .env_remove("QBANK_CORPUS")
        .env_remove("QBANK_INDEX")
        .env_remove("QBANK_WITH_BUILTIN")
        .env_remove("QBANK_PAGER")
        .output()
        .expect("sh runs");
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_readme_examples_print_what_the_binary_prints() {
    let readme_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&readme_path).expect("README.md");
    // ./corpus and ./index, as in the repository's root.
    let env = TestEnv::with_project_corpus();
    run(&env, "qbank index > /dev/null");

    let examples = examples(&readme);
    assert!(examples.len() >= 10, "{} examples found", examples.len());
    let lines: Vec<&str> = readme.lines().collect();
    let mut updated: Vec<String> = Vec::new();
    let mut copied = 0;
    let mut differences = Vec::new();
    for example in examples.iter().filter(|e| runnable(&e.command)) {
        let expected = lines[example.start..example.end]
            .iter()
            .map(|l| l.trim_end())
            .collect::<Vec<_>>()
            .join("\n");
        let actual = run(&env, &example.command);
        if actual != expected {
            differences.push(format!(
                "$ {}\n--- README\n{expected}\n--- qbank\n{actual}",
                example.command
            ));
        }
        updated.extend(lines[copied..example.start].iter().map(|l| l.to_string()));
        updated.extend(actual.lines().map(String::from));
        copied = example.end;
    }
    if std::env::var_os("QBANK_UPDATE_README").is_some() {
        updated.extend(lines[copied..].iter().map(|l| l.to_string()));
        std::fs::write(&readme_path, updated.join("\n") + "\n").expect("README written");
        return;
    }
    assert!(
        differences.is_empty(),
        "README examples differ from what qbank prints (QBANK_UPDATE_README=1 \
         cargo test --test readme rewrites them):\n\n{}",
        differences.join("\n\n")
    );
}

#[test]
fn examples_are_read_from_console_blocks_only() {
    let text = "intro\n```sh\n$ not this\n```\n```console\n$ qbank a\nout 1\n\n$ qbank b\n\
                out 2\nout 3\n```\n$ qbank outside\n";
    let found = examples(text);
    let commands: Vec<&str> = found.iter().map(|e| e.command.as_str()).collect();
    assert_eq!(commands, ["qbank a", "qbank b"]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[found[0].start..found[0].end], ["out 1"]);
    assert_eq!(lines[found[1].start..found[1].end], ["out 2", "out 3"]);
}
