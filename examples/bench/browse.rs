//! Keystroke-to-screen latency of `qbank browse`: each key handled by the model (a
//! search when the query changes) and the screen drawn through crossterm into memory,
//! as the terminal would receive it. Keys are those of a person typing queries letter
//! by letter, moving through the results and switching the preview.

use std::num::NonZeroUsize;
use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result};
use qbank::browse::{self, IndexFinder, Model, Palette};
use qbank::concepts::Concepts;
use qbank::corpus::Lists;
use qbank::search::{Filters, Searcher};
use qbank::synonyms::Synonyms;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

use crate::latency::percentile;

/// The queries typed, one letter at a time, each cleared with Ctrl-U afterwards.
const QUERIES: &[&str] = &[
    "rate limiting",
    "cache invalidaton",
    "how do you shard a database",
    "kubernetes pod",
    "what happens when a service is slow",
];

/// Prints p50 and p99 of a key's handling and drawing, for typing and for moving.
pub fn run(corpus: &Path, index: &Path, runs: NonZeroUsize) -> Result<()> {
    let open = qbank::index::open(index)
        .with_context(|| format!("opening the index in {}", index.display()))?;
    let lists = Lists::Dir(corpus.to_path_buf());
    let synonyms = Synonyms::for_corpus(&lists)
        .with_context(|| format!("reading the synonyms of {}", corpus.display()))?;
    let concepts = match Concepts::saved(&open.path) {
        Some(concepts) => concepts,
        None => Concepts::for_corpus(&lists)?,
    };
    let finder = IndexFinder {
        searcher: Searcher::new(&open)
            .with_synonyms(synonyms)
            .with_concepts(concepts),
    };
    let viewport = Viewport::Fixed(Rect::new(0, 0, 120, 40));
    let mut terminal = Terminal::with_options(
        CrosstermBackend::new(Sink::default()),
        TerminalOptions { viewport },
    )?;
    let palette = Palette { color: true };
    let mut model = Model::new("", Filters::default(), false, &finder);
    let (mut typing, mut moving) = (Vec::new(), Vec::new());
    // The slowest key typed, and the query it made.
    let mut slowest: (std::time::Duration, String) = Default::default();
    for _ in 0..runs.get() {
        for query in QUERIES {
            let mut keys: Vec<(KeyEvent, bool)> = query
                .chars()
                .map(|c| (key(KeyCode::Char(c), KeyModifiers::NONE), true))
                .collect();
            for code in [KeyCode::Down, KeyCode::Down, KeyCode::PageDown, KeyCode::Up] {
                keys.push((key(code, KeyModifiers::NONE), false));
            }
            keys.push((key(KeyCode::Tab, KeyModifiers::NONE), false));
            keys.push((key(KeyCode::Down, KeyModifiers::NONE), false));
            keys.push((key(KeyCode::Tab, KeyModifiers::NONE), false));
            keys.push((key(KeyCode::Char('u'), KeyModifiers::CONTROL), true));
            for (key, types) in keys {
                let start = Instant::now();
                model.handle(key, &finder);
                terminal.draw(|frame| browse::draw(frame, &mut model, palette))?;
                let took = start.elapsed();
                if types && took > slowest.0 {
                    slowest = (took, model.query.clone());
                }
                if types { &mut typing } else { &mut moving }.push(took);
            }
        }
    }
    println!(
        "browse, 120×40, {} questions: {} keys typed, {} moves",
        open.manifest.stats.questions,
        typing.len(),
        moving.len()
    );
    println!("{:<40} {:>8} {:>8}", "key to screen", "p50 ms", "p99 ms");
    for (name, times) in [
        ("typing (search and draw)", &mut typing),
        ("moving, preview, related (draw)", &mut moving),
    ] {
        times.sort_unstable();
        println!(
            "{:<40} {:>8.2} {:>8.2}",
            name,
            percentile(times, 50),
            percentile(times, 99)
        );
    }
    println!(
        "slowest key typed: {:.2} ms, to the query {:?}",
        slowest.0.as_secs_f64() * 1000.0,
        slowest.1
    );
    Ok(())
}

/// Where the escape sequences go: counted, then dropped, as a terminal would take them.
#[derive(Default)]
struct Sink {
    bytes: usize,
}

impl std::io::Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.bytes += buf.len();
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn key(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, modifiers)
}
