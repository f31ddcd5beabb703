mod app;
mod cli;

use std::process::ExitCode;

use clap::Parser;
use qbank::index::IndexError;

fn main() -> ExitCode {
    // Ctrl-C: a build in progress stops at its next check and cleans up; anything else
    // has nothing to clean up and ends at once, with the shell's status for SIGINT.
    let _ = ctrlc::set_handler(|| {
        if !qbank::interrupt::request() {
            std::process::exit(i32::from(app::INTERRUPTED));
        }
    });
    let cli = cli::Cli::parse();
    match app::run(cli) {
        Ok(_) if qbank::interrupt::requested() => interrupted(),
        Ok(code) => code,
        Err(error) if is_interrupted(&error) => interrupted(),
        Err(error) => {
            eprintln!("qbank: error: {error:#}");
            ExitCode::from(app::ERROR)
        }
    }
}

fn is_interrupted(error: &anyhow::Error) -> bool {
    matches!(
        error.downcast_ref::<IndexError>(),
        Some(IndexError::Interrupted(_))
    )
}

fn interrupted() -> ExitCode {
    eprintln!("qbank: interrupted; the index was left as it was");
    ExitCode::from(app::INTERRUPTED)
}
