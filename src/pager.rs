//! Long output on a terminal goes through a pager, as git's and bat's does:
//! `QBANK_PAGER`, else `PAGER`, else `less`. Output that fits the screen, output to a
//! pipe or a file, `--no-pager`, and a pager set to `cat` or to nothing print directly.

use std::io::{IsTerminal, Write};
use std::process::{Command, Stdio};

/// Shows `text` through the pager when stdout is a terminal too short for it. Returns
/// false when it did not (the caller prints the text itself).
pub fn page(text: &str) -> bool {
    let stdout = std::io::stdout();
    if !stdout.is_terminal() {
        return false;
    }
    let Some((_, terminal_size::Height(rows))) = terminal_size::terminal_size_of(&stdout) else {
        return false;
    };
    if text.lines().count() < usize::from(rows) {
        return false;
    }
    let Some(mut command) = pager() else {
        return false;
    };
    let Ok(mut child) = command.stdin(Stdio::piped()).spawn() else {
        return false;
    };
    // Ctrl-C belongs to the pager while it runs (less uses it to stop a search), not
    // to qbank: deferred, then forgotten.
    let deferral = qbank::interrupt::defer();
    if let Some(mut input) = child.stdin.take() {
        // Quitting the pager early closes the pipe: not an error.
        let _ = input.write_all(text.as_bytes());
    }
    let status = child.wait();
    drop(deferral);
    qbank::interrupt::forget();
    // A shell that cannot find the pager's command says so and exits 127 (126: not
    // executable): the text is then printed as if there were no pager.
    !matches!(status.map(|s| s.code()), Ok(Some(126 | 127)))
}

fn pager() -> Option<Command> {
    let chosen = std::env::var("QBANK_PAGER")
        .or_else(|_| std::env::var("PAGER"))
        .ok();
    match chosen.as_deref().map(str::trim) {
        Some("" | "cat") => None,
        Some(line) => Some(shell(line)),
        None => {
            let mut less = Command::new("less");
            // Colours shown, not escaped (R); and unless the user set their own options,
            // quit when the text fits after all (F) and leave it on the screen (X), as
            // git does.
            less.arg("-R");
            if std::env::var_os("LESS").is_none() {
                less.env("LESS", "FRX");
            }
            Some(less)
        }
    }
}

/// A pager given as a command line, with its arguments (`less -S`).
#[cfg(unix)]
fn shell(line: &str) -> Command {
    let mut command = Command::new("sh");
    command.arg("-c").arg(line);
    command
}

#[cfg(not(unix))]
fn shell(line: &str) -> Command {
    let mut words = line.split_whitespace();
    let mut command = Command::new(words.next().unwrap_or("more"));
    command.args(words);
    command
}
