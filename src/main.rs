mod app;
mod browse_command;
mod cli;
mod complete;
mod man;
mod pack_commands;
mod pager;

use std::process::ExitCode;

use clap::{CommandFactory, Parser};
use qbank::index::IndexError;

/// An index build allocates millions of small strings across threads; mimalloc keeps
/// them faster to allocate and more compactly than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // Before anything else: at a Tab, the shell runs `COMPLETE=SHELL qbank -- WORDS…`
    // and reads stdout as the candidates, and a damaged index met while listing them
    // must stay as quiet as it is for a search.
    panic_messages();
    clap_complete::CompleteEnv::with_factory(cli::Cli::command).complete();
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            if let Some(hint) = cli::hint(&error) {
                eprintln!("{hint}");
            }
            let code = u8::try_from(error.exit_code()).unwrap_or(app::ERROR);
            return exit_now(ExitCode::from(code));
        }
    };
    qbank::interrupt::on_ctrl_c(on_ctrl_c);
    if arms_ctrl_c(&cli.command) {
        qbank::interrupt::arm();
    }
    let code = match std::panic::catch_unwind(|| app::run(cli)) {
        Err(_) => ExitCode::from(app::ERROR),
        Ok(Err(error)) if is_pack_interrupted(&error) => {
            eprintln!("qbank: {error}");
            ExitCode::from(app::INTERRUPTED)
        }
        Ok(Ok(_)) if qbank::interrupt::requested() => interrupted(),
        Ok(Ok(code)) => code,
        Ok(Err(error)) if is_interrupted(&error) => interrupted(),
        Ok(Err(error)) => {
            eprintln!("qbank: error: {error:#}");
            ExitCode::from(app::ERROR)
        }
    };
    exit_now(code)
}

/// Ends the process at once, output flushed, without the exit handlers: the
/// allocator's (mimalloc, linked in) hands every freed page back to the system, a call
/// for each region, work a process that is ending does not need.
fn exit_now(code: ExitCode) -> ExitCode {
    use std::io::Write;
    let flushed = std::io::stdout().flush().is_ok() && std::io::stderr().flush().is_ok();
    #[cfg(unix)]
    if flushed && let Some(status) = (0..=u8::MAX).find(|&s| ExitCode::from(s) == code) {
        // SAFETY: `_exit` ends the process and nothing runs after it. Every file qbank
        // writes is closed (and a temporary one removed) when its owner is dropped, which
        // happened before this point; stdout and stderr were flushed above.
        unsafe { libc::_exit(i32::from(status)) }
    }
    // An unflushed stdout (a closed pipe) takes the ordinary way out.
    code
}

/// Commands that own Ctrl-C from the start: they build, download, keep a score or
/// take over the terminal. The others only read, and end by the signal itself unless
/// they turn out to need a build (the build arms the handler then).
fn arms_ctrl_c(command: &cli::Command) -> bool {
    use cli::Command::*;
    match command {
        Index { .. } | Quiz(_) | Browse(_) | Add(_) | Update(_) | Remove { .. } => true,
        EvalClassify { .. } | Eval { .. } => true,
        Search(_) | Related(_) | Export(_) | Progress(_) | Show { .. } | Stats { .. } => false,
        Packs { .. } | Info { .. } | Completions { .. } | Man(_) => false,
    }
}

/// Ctrl-C: a build in progress stops at its next check and cleans up; anything else
/// has nothing to clean up and ends at once (a quiz with its score so far), with the
/// shell's status for SIGINT.
fn on_ctrl_c() {
    // In the browser, Ctrl-C is a key; a SIGINT from elsewhere ends it, and the
    // terminal must not stay raw.
    browse_command::restore_if_active();
    if !qbank::interrupt::request() {
        if let Some(farewell) = qbank::interrupt::farewell() {
            use std::io::Write;
            let mut stdout = std::io::stdout();
            let _ = write!(stdout, "\n{farewell}").and_then(|()| stdout.flush());
        }
        std::process::exit(i32::from(app::INTERRUPTED));
    }
}

fn is_interrupted(error: &anyhow::Error) -> bool {
    matches!(
        error.downcast_ref::<IndexError>(),
        Some(IndexError::Interrupted(_))
    )
}

fn is_pack_interrupted(error: &anyhow::Error) -> bool {
    matches!(
        error.downcast_ref::<qbank::packs::PackError>(),
        Some(qbank::packs::PackError::Interrupted)
    )
}

fn interrupted() -> ExitCode {
    eprintln!("qbank: interrupted; the index was left as it was");
    ExitCode::from(app::INTERRUPTED)
}

/// A panic is a bug, or Tantivy meeting a damaged index file (it indexes arrays with
/// what it reads): either way a clear message and exit status 2, not a backtrace.
fn panic_messages() {
    std::panic::set_hook(Box::new(|info| {
        if qbank::index::panic_is_handled() {
            return;
        }
        // The last components of the source path say enough (crate, module, line).
        let location = info
            .location()
            .map(|l| {
                let parts: Vec<&str> = l.file().rsplit('/').take(3).collect();
                let short: Vec<&str> = parts.into_iter().rev().collect();
                format!(" at {}:{}", short.join("/"), l.line())
            })
            .unwrap_or_default();
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        eprintln!(
            "qbank: error: unexpected failure ({message}{location}); if the index is \
         damaged, `qbank index --force` rebuilds it; otherwise this is a bug in qbank"
        );
    }));
}
