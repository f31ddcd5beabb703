//! `qbank browse` end to end: the real binary in a shell in tmux, driven by keys the
//! way a person types them, the screen read back with `capture-pane`. `.ci/run`
//! installs tmux where it is missing.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::TestEnv;

/// A tmux server of the test's own (its own socket), killed when dropped.
struct Tmux {
    socket: String,
}

impl Tmux {
    /// A 100×30 session running a plain shell in `dir`, with the environment the
    /// other tests give qbank.
    fn start(env: &TestEnv, name: &str) -> Tmux {
        let socket = format!("qbank-{name}-{}", std::process::id());
        let tmux = Tmux { socket };
        let home = env.home();
        std::fs::create_dir_all(&home).expect("home");
        let status = Command::new("tmux")
            .args(["-L", &tmux.socket, "-f", "/dev/null", "new-session", "-d"])
            .args(["-x", "100", "-y", "30", "-c"])
            .arg(env.dir.path())
            .args(["env", "-i"])
            .arg(format!("HOME={}", home.display()))
            .arg(format!(
                "PATH={}",
                std::env::var("PATH").unwrap_or_default()
            ))
            .args(["TERM=screen", "NO_COLOR=1", "PS1=$ "])
            .args(["bash", "--norc", "--noprofile"])
            .status()
            .expect("tmux runs (.ci/run installs it; apt-get install tmux)");
        assert!(status.success(), "tmux could not start a session");
        tmux
    }

    fn tmux(&self) -> Command {
        let mut command = Command::new("tmux");
        command.args(["-L", &self.socket]);
        command
    }

    /// Sends keys as tmux names them (`Enter`, `Down`, `C-e`, `Escape`).
    fn keys(&self, keys: &[&str]) {
        let status = self
            .tmux()
            .args(["send-keys", "-t", "0"])
            .args(keys)
            .status()
            .expect("tmux send-keys");
        assert!(status.success());
    }

    /// Types text literally, one key at a time as a person would.
    fn type_text(&self, text: &str) {
        for c in text.chars() {
            let status = self
                .tmux()
                .args(["send-keys", "-t", "0", "-l"])
                .arg(c.to_string())
                .status()
                .expect("tmux send-keys");
            assert!(status.success());
        }
    }

    fn screen(&self) -> String {
        let output = self
            .tmux()
            .args(["capture-pane", "-p", "-t", "0"])
            .output()
            .expect("tmux capture-pane");
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// What tmux knows of the pane: `#{alternate_on}`, `#{cursor_flag}`.
    fn pane(&self, format: &str) -> String {
        let output = self
            .tmux()
            .args(["display-message", "-p", "-t", "0", format])
            .output()
            .expect("tmux display-message");
        String::from_utf8_lossy(&output.stdout).trim().to_string()
    }

    /// Waits (up to 30 s, for a first build of the index) until the screen shows
    /// `text`, and returns the screen.
    fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "the screen never showed {text:?}; it shows:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.tmux().arg("kill-server").status();
    }
}

/// The command line that runs qbank on the test's corpus and index.
fn qbank_line(env: &TestEnv, args: &str) -> String {
    format!(
        "'{}' --corpus '{}' --index '{}' {args}",
        env!("CARGO_BIN_EXE_qbank"),
        env.corpus.display(),
        env.index.display()
    )
}

/// The ids `qbank search` lists for a query, best first.
fn search_ids(env: &TestEnv, query: &str) -> Vec<String> {
    let output = env
        .qbank()
        .args(["search", query, "--format", "ids", "-n", "5"])
        .output()
        .expect("search runs");
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

#[test]
fn type_move_mark_export_and_leave_with_the_terminal_as_it_was() {
    let env = TestEnv::with_project_corpus();
    env.index();
    let expected = search_ids(&env, "rate limting");
    assert!(expected.len() >= 3, "{expected:?}");
    let tmux = Tmux::start(&env, "browse");
    tmux.keys(&[
        &format!(
            "stty -g > before; {}; echo \"exit=$?\"; stty -g > after; echo \"saved$((6*7))\"",
            qbank_line(&env, "browse")
        ),
        "Enter",
    ]);
    tmux.wait_for("Results");
    assert_eq!(
        tmux.pane("#{alternate_on}"),
        "1",
        "browse draws on the alternate screen"
    );
    // A typo, as typed: the forgiving search finds what `search` finds.
    tmux.type_text("rate limting");
    tmux.wait_for("> rate limting ");
    tmux.wait_for(&expected[0]);
    // Down moves into the list; Space marks there.
    tmux.keys(&["Down", "Space", "Down", "Space"]);
    let screen = tmux.wait_for("2 marked");
    assert!(screen.contains(&format!("● {}", expected[1])), "{screen}");
    assert!(screen.contains(&format!("● {}", expected[2])), "{screen}");
    tmux.keys(&["C-e"]);
    tmux.wait_for("Export to: qbank-export.md");
    tmux.keys(&["C-u"]);
    tmux.type_text("marked.json");
    tmux.keys(&["Enter"]);
    tmux.wait_for("exported 2 questions to marked.json");
    // An existing file is replaced only when its name is given twice in a row.
    std::fs::write(env.dir.path().join("kept.md"), "ORIGINAL").expect("written");
    for _ in 0..2 {
        tmux.keys(&["C-e", "C-u"]);
        tmux.type_text("kept.md");
        tmux.keys(&["Enter"]);
        tmux.wait_for("exists: Enter replaces it");
        tmux.keys(&["Escape"]);
        tmux.wait_for("export cancelled");
    }
    assert_eq!(read(&env.dir.path().join("kept.md")), "ORIGINAL");
    tmux.keys(&["C-e", "C-u"]);
    tmux.type_text("kept.md");
    tmux.keys(&["Enter"]);
    tmux.wait_for("exists: Enter replaces it");
    tmux.keys(&["Enter"]);
    tmux.wait_for("exported 2 questions to kept.md");
    assert!(read(&env.dir.path().join("kept.md")).starts_with("# qbank export"));
    tmux.keys(&["Escape"]);
    let screen = tmux.wait_for("exit=0");
    assert!(!screen.contains("Results"), "the browser is gone: {screen}");

    let exported: serde_json::Value =
        serde_json::from_str(&read(&env.dir.path().join("marked.json"))).expect("JSON export");
    let ids: Vec<&str> = exported
        .as_array()
        .expect("an array of questions")
        .iter()
        .filter_map(|q| q["id"].as_str())
        .collect();
    assert_eq!(ids, [expected[1].as_str(), expected[2].as_str()]);
    // The terminal as it was: the same line settings, the normal screen, a cursor.
    let before = read(&env.dir.path().join("before"));
    tmux.wait_for("saved42");
    let after = read(&env.dir.path().join("after"));
    assert!(!before.trim().is_empty());
    assert_eq!(before, after, "stty settings restored");
    assert_eq!(tmux.pane("#{alternate_on}"), "0");
    assert_eq!(tmux.pane("#{cursor_flag}"), "1");
}

#[test]
fn pick_prints_the_chosen_id_for_the_shell() {
    let env = TestEnv::with_project_corpus();
    env.index();
    let expected = search_ids(&env, "rate limiting");
    let tmux = Tmux::start(&env, "pick");
    tmux.keys(&[
        &format!(
            "{} > picked; echo \"exit=$?\"",
            qbank_line(&env, "browse --pick rate limiting")
        ),
        "Enter",
    ]);
    tmux.wait_for(&expected[0]);
    tmux.keys(&["Down", "Enter"]);
    tmux.wait_for("exit=0");
    assert_eq!(
        read(&env.dir.path().join("picked")),
        format!("{}\n", expected[1])
    );
    // Esc chooses nothing.
    tmux.keys(&[
        &format!(
            "{} > none; echo \"code=$?\"",
            qbank_line(&env, "browse --pick")
        ),
        "Enter",
    ]);
    tmux.wait_for("Results");
    tmux.keys(&["Escape"]);
    tmux.wait_for("code=130");
    assert_eq!(read(&env.dir.path().join("none")), "");
}

#[test]
fn the_terminal_is_restored_after_a_panic() {
    let env = TestEnv::with_project_corpus();
    env.index();
    let tmux = Tmux::start(&env, "panic");
    tmux.keys(&[
        &format!(
            "stty -g > before; QBANK_BROWSE_PANIC=1 {}; echo \"exit=$?\"; stty -g > after; \
             echo \"saved$((6*7))\"",
            qbank_line(&env, "browse")
        ),
        "Enter",
    ]);
    tmux.wait_for("Results");
    tmux.keys(&["x"]);
    let screen = tmux.wait_for("exit=2");
    assert!(
        screen.contains("unexpected failure (QBANK_BROWSE_PANIC is set"),
        "the message is on the normal screen: {screen}"
    );
    tmux.wait_for("saved42");
    assert_eq!(
        read(&env.dir.path().join("before")),
        read(&env.dir.path().join("after"))
    );
    assert_eq!(tmux.pane("#{alternate_on}"), "0");
}

/// The pid of the process the pane's shell is running.
fn child_of_the_shell(tmux: &Tmux) -> String {
    let shell = tmux.pane("#{pane_pid}");
    let start = Instant::now();
    loop {
        let output = Command::new("pgrep")
            .args(["-P", &shell])
            .output()
            .expect("pgrep runs");
        let pid = String::from_utf8_lossy(&output.stdout).trim().to_string();
        if !pid.is_empty() {
            return pid;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "no child of {shell}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn ctrl_c_and_an_outside_interrupt_leave_the_terminal_as_it_was() {
    let env = TestEnv::with_project_corpus();
    env.index();
    let tmux = Tmux::start(&env, "interrupt");
    let line = format!(
        "stty -g > before; {}; echo \"exit=$?\"; stty -g > after; echo \"saved$((6*7))\"",
        qbank_line(&env, "browse cache")
    );
    tmux.keys(&[&line, "Enter"]);
    tmux.wait_for("Results");
    tmux.keys(&["C-c"]);
    tmux.wait_for("exit=130");
    tmux.wait_for("saved42");
    let before = read(&env.dir.path().join("before"));
    assert_eq!(before, read(&env.dir.path().join("after")));
    assert_eq!(tmux.pane("#{alternate_on}"), "0");

    // SIGINT from another process (the key is not a signal in raw mode).
    std::fs::remove_file(env.dir.path().join("after")).expect("removed");
    tmux.keys(&["clear", "Enter"]);
    tmux.keys(&[&line, "Enter"]);
    tmux.wait_for("Results");
    let pid = child_of_the_shell(&tmux);
    let killed = Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    tmux.wait_for("exit=130");
    tmux.wait_for("saved42");
    assert_eq!(before, read(&env.dir.path().join("after")));
    assert_eq!(tmux.pane("#{alternate_on}"), "0");
    assert_eq!(tmux.pane("#{cursor_flag}"), "1");
}

#[test]
fn browse_refuses_when_stdout_is_not_a_terminal_unless_it_prints_ids() {
    let env = TestEnv::with_project_corpus();
    env.index();
    let tmux = Tmux::start(&env, "stdout");
    tmux.keys(&[
        &format!("{} > out; echo \"code=$?\"", qbank_line(&env, "browse")),
        "Enter",
    ]);
    let screen = tmux.wait_for("code=2");
    assert!(
        screen.contains("standard output is not a terminal"),
        "{screen}"
    );
    // --print draws on the terminal and prints the marked ids.
    tmux.keys(&[
        &format!(
            "{} > marked; echo \"printed=$?\"",
            qbank_line(&env, "browse --print cache")
        ),
        "Enter",
    ]);
    tmux.wait_for("Results");
    tmux.keys(&["Down", "Space"]);
    tmux.wait_for("1 marked");
    tmux.keys(&["Escape"]);
    tmux.wait_for("printed=0");
    let printed = read(&env.dir.path().join("marked"));
    let second = search_ids(&env, "cache")[1].clone();
    assert_eq!(printed, format!("{second}\n"));
}

#[test]
fn browse_refuses_without_a_terminal_and_points_at_search() {
    let env = TestEnv::with_project_corpus();
    let output = env.qbank().arg("browse").output().expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("not a terminal") && stderr.contains("qbank search"),
        "{stderr}"
    );
}

#[test]
fn search_lists_ids_and_tab_separated_lines_for_pickers() {
    let env = TestEnv::with_project_corpus();
    let ids = search_ids(&env, "rate limiting");
    assert_eq!(ids.len(), 5);
    assert!(ids.iter().all(|id| id.contains(':') && !id.contains(' ')));
    let output = env
        .qbank()
        .args(["search", "rate limiting", "--format", "tsv", "-n", "5"])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&output.stdout);
    let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split('\t').collect()).collect();
    let json = common::json_lines_of(env.qbank().args([
        "search",
        "rate limiting",
        "--format",
        "jsonl",
        "-n",
        "5",
    ]));
    assert_eq!(rows.len(), 5);
    for ((row, id), hit) in rows.iter().zip(&ids).zip(&json) {
        assert_eq!(row.len(), 2, "{row:?}");
        assert_eq!(row[0], id);
        assert_eq!(Some(row[1]), hit["question"].as_str());
    }
}
