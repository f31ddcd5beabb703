//! `qbank browse`: owns the terminal (raw mode, the alternate screen, restored on every
//! way out, a panic included) and runs the loop of keys, model and drawing.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{Context, Result};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{self, Event};
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::crossterm::{cursor, execute};

use qbank::browse::{self, IndexFinder, Model, Outcome, Palette};
use qbank::export::{self, Format, Selection};
use qbank::locations::Locations;
use qbank::render;
use qbank::search::{Highlights, Hit, Searcher};

use crate::app::{self, ERROR, FOUND, INTERRUPTED, NOT_FOUND};
use crate::cli::{BrowseArgs, ColorChoice};

pub fn run(locations: &Locations, color: ColorChoice, args: BrowseArgs) -> Result<ExitCode> {
    let prints = args.print || args.pick;
    // With --print or --pick, stdout carries the ids and the screen is drawn on the
    // terminal itself, as fzf does.
    let not_a_terminal = if !std::io::stdin().is_terminal() {
        Some("standard input")
    } else if !prints && !std::io::stdout().is_terminal() {
        Some("standard output")
    } else {
        None
    };
    if let Some(stream) = not_a_terminal {
        eprintln!(
            "qbank: browse is interactive and {stream} is not a terminal; `qbank search` \
             answers scripts and pipes (--format json, jsonl, ids or tsv)"
        );
        return Ok(ExitCode::from(ERROR));
    }
    let index = app::open_fresh(locations)?;
    // Concepts are loaded whatever the first query: it grows as it is typed.
    let searcher =
        app::searcher(locations, &index)?.with_concepts(app::concepts_of(locations, &index)?);
    let finder = IndexFinder { searcher };
    let mut model = Model::new(
        &args.query.join(" "),
        app::filters(&args.filters),
        args.pick,
        &finder,
    );
    let palette = Palette {
        color: match color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        },
    };
    let outcome = {
        let _screen = Screen::enter()?;
        let mut terminal = Terminal::new(CrosstermBackend::new(terminal_out()))
            .context("cannot draw on the terminal")?;
        run_loop(&mut terminal, &mut model, &finder, palette)?
    };
    match outcome {
        Outcome::Leave(ids) => {
            if !prints {
                return Ok(ExitCode::from(FOUND));
            }
            if ids.is_empty() {
                return Ok(ExitCode::from(NOT_FOUND));
            }
            let text: String = ids.iter().map(|id| format!("{id}\n")).collect();
            let mut stdout = std::io::stdout().lock();
            match stdout
                .write_all(text.as_bytes())
                .and_then(|()| stdout.flush())
            {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    Err(e).context("cannot write to standard output")
                }
                _ => Ok(ExitCode::from(FOUND)),
            }
        }
        _ => Ok(ExitCode::from(INTERRUPTED)),
    }
}

fn run_loop(
    terminal: &mut Terminal<CrosstermBackend<Box<dyn Write>>>,
    model: &mut Model,
    finder: &IndexFinder,
    palette: Palette,
) -> Result<Outcome> {
    // An existing file is replaced only when its name is given twice in a row.
    let mut replacing: Option<String> = None;
    loop {
        terminal
            .draw(|frame| browse::draw(frame, model, palette))
            .context("cannot draw on the terminal")?;
        let key = match event::read().context("cannot read the keyboard")? {
            Event::Key(key) => key,
            // A resize redraws at the new size.
            _ => continue,
        };
        // The tests' way to check that a panic leaves the terminal as it was.
        if cfg!(debug_assertions) && std::env::var_os("QBANK_BROWSE_PANIC").is_some() {
            panic!("QBANK_BROWSE_PANIC is set");
        }
        match model.handle(key, finder) {
            Outcome::Continue => {
                // Asked whether to replace, and answered otherwise (Esc, another name).
                if model.prompt.is_none() {
                    replacing = None;
                }
            }
            Outcome::Export { path, ids } => {
                let path = expand_home(&path);
                let force = replacing.as_deref() == Some(path.as_str());
                if !force && Path::new(&path).is_file() {
                    model.ask_again(
                        path.clone(),
                        "exists: Enter replaces it, Esc cancels".to_string(),
                    );
                    replacing = Some(path);
                    continue;
                }
                replacing = None;
                let done = export_to(&finder.searcher, Path::new(&path), &ids, force, model);
                model.exported(done);
            }
            done => return Ok(done),
        }
    }
}

/// A name typed as `~/…` is in the home directory, as a shell would read it.
fn expand_home(path: &str) -> String {
    match (path.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => Path::new(&home).join(rest).display().to_string(),
        _ => path.to_string(),
    }
}

/// Writes the questions with these ids through `qbank export`'s code, in the format
/// the file's extension names (Markdown otherwise); says how it went.
fn export_to(
    searcher: &Searcher,
    path: &Path,
    ids: &[String],
    force: bool,
    model: &Model,
) -> Result<String, String> {
    let hits: Vec<Hit> = ids
        .iter()
        .filter_map(|id| searcher.get(id).ok().flatten())
        .map(|question| Hit {
            score: 0.0,
            question,
            highlights: Highlights::default(),
            matches: Vec::new(),
        })
        .collect();
    let description = if model.marks.is_empty() {
        let query = model.query.trim();
        if query.is_empty() {
            "the questions listed in qbank browse".to_string()
        } else {
            format!("the results of \"{query}\" in qbank browse")
        }
    } else {
        "the questions marked in qbank browse".to_string()
    };
    let selection = Selection {
        hits: &hits,
        ranked: false,
        description,
        answers: true,
    };
    let format = Format::from_extension(path).unwrap_or(Format::Markdown);
    app::write_replacing(path, force, |out| {
        export::write(format, &selection, out, &mut |_| {}).map_err(anyhow::Error::from)
    })
    .map(|()| {
        format!(
            "exported {} to {}",
            render::questions(hits.len()),
            path.display()
        )
    })
    .map_err(|e| format!("qbank: {e:#}"))
}

/// The terminal in raw mode on the alternate screen, as long as this lives; put back as
/// it was when it is dropped, and by the panic hook before a panic's message is printed
/// (else the message would be lost with the alternate screen).
struct Screen;

impl Screen {
    fn enter() -> Result<Screen> {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
        enable_raw_mode().context("cannot put the terminal in raw mode")?;
        ACTIVE.store(true, Ordering::SeqCst);
        // From here on, a failure restores the terminal as it leaves.
        let screen = Screen;
        let mut tty = terminal_out();
        execute!(tty, EnterAlternateScreen).context("cannot open the alternate screen")?;
        Ok(screen)
    }
}

impl Drop for Screen {
    fn drop(&mut self) {
        restore();
    }
}

/// Whether the terminal is in raw mode on the alternate screen: what a signal that
/// ends the process must put back first.
static ACTIVE: AtomicBool = AtomicBool::new(false);

/// Puts the terminal back if the browser holds it (for the Ctrl-C handler, which
/// ends the process without unwinding).
pub fn restore_if_active() {
    if ACTIVE.load(Ordering::SeqCst) {
        restore();
    }
}

/// Leaves the alternate screen and raw mode, with the cursor shown; safe to repeat.
fn restore() {
    ACTIVE.store(false, Ordering::SeqCst);
    let mut tty = terminal_out();
    let _ = execute!(tty, LeaveAlternateScreen, cursor::Show);
    let _ = disable_raw_mode();
}

/// Where the screen is drawn: stdout when it is the terminal, else the terminal itself.
fn terminal_out() -> Box<dyn Write> {
    if std::io::stdout().is_terminal() {
        return Box::new(std::io::stdout());
    }
    match std::fs::OpenOptions::new().write(true).open("/dev/tty") {
        Ok(tty) => Box::new(tty),
        Err(_) => Box::new(std::io::stderr()),
    }
}
