mod app;
mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match app::run(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("qbank: error: {error:#}");
            ExitCode::from(app::ERROR)
        }
    }
}
