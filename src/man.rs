//! The man pages: qbank(1), and qbank-COMMAND(1) for each command, from the same
//! definition as `--help`, with the sections a help screen has no room for (categories
//! and levels, environment, files).

use std::io;
use std::path::{Path, PathBuf};

use clap::CommandFactory;
use clap_mangen::Man;
use qbank::locations::{CORPUS_ENV, INDEX_ENV, WITH_BUILTIN_ENV};
use qbank::{Category, Level};
use roff::{Roff, bold, italic, roman};

use crate::cli::Cli;

/// The commands that have a page of their own, in the order `--help` lists them.
pub fn page_names() -> Vec<String> {
    built()
        .get_subcommands()
        .filter(|c| !c.is_hide_set())
        .map(|c| c.get_name().to_string())
        .collect()
}

/// A command that has no page.
#[derive(Debug, thiserror::Error)]
#[error("no man page for '{0}' (pages: {pages})", pages = page_names().join(", "))]
pub struct NoSuchPage(pub String);

/// The page of a command, or qbank's own.
pub fn page(name: Option<&str>) -> Result<Vec<u8>, NoSuchPage> {
    let cli = built();
    let cmd = match name {
        None => cli,
        Some(name) => {
            let wanted = name.trim().to_ascii_lowercase();
            cli.get_subcommands()
                .find(|c| c.get_name() == wanted)
                .cloned()
                .ok_or_else(|| NoSuchPage(name.to_string()))?
        }
    };
    let mut out = Vec::new();
    // Writing into memory cannot fail.
    let _ = render(&cmd, &mut out);
    Ok(out)
}

/// The string definition the roff crate puts before everything it writes: once per
/// page is enough, and clap_mangen writes each section on its own.
const APOSTROPHE_PREAMBLE: &str = ".ie \\n(.g .ds Aq \\(aq\n.el .ds Aq '\n";

/// Writes every page into `dir` and returns their paths, qbank.1 first.
pub fn write_all(dir: &Path) -> io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let cli = built();
    let mut written = Vec::new();
    for cmd in std::iter::once(&cli).chain(cli.get_subcommands().filter(|c| !c.is_hide_set())) {
        let path = dir.join(format!("{}.1", display_name(cmd)));
        let mut page = Vec::new();
        render(cmd, &mut page)?;
        std::fs::write(&path, page)?;
        written.push(path);
    }
    Ok(written)
}

/// The command line, built: subcommands then carry their page names (`qbank-search`)
/// and full usage (`qbank search`). `qbank help` is `--help` by another name, and has
/// no page.
fn built() -> clap::Command {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    cmd
}

fn display_name(cmd: &clap::Command) -> &str {
    cmd.get_display_name().unwrap_or_else(|| cmd.get_name())
}

/// One page: clap_mangen's sections, then the text after the options split into
/// sections of their own by their labels ("Query syntax:", "Examples:"), then qbank's.
fn render(cmd: &clap::Command, w: &mut dyn io::Write) -> io::Result<()> {
    let mut page = Vec::new();
    render_sections(cmd, &mut page)?;
    let page = String::from_utf8_lossy(&page);
    let body = page.replace(APOSTROPHE_PREAMBLE, "");
    w.write_all(APOSTROPHE_PREAMBLE.as_bytes())?;
    w.write_all(body.as_bytes())
}

fn render_sections(cmd: &clap::Command, w: &mut dyn io::Write) -> io::Result<()> {
    let is_main = cmd.get_name() == "qbank";
    let version = env!("CARGO_PKG_VERSION");
    let man = Man::new(cmd.clone()).source(format!("qbank {version}"));
    man.render_title(w)?;
    man.render_name_section(w)?;
    man.render_synopsis_section(w)?;
    man.render_description_section(w)?;
    man.render_options_section(w)?;
    if cmd.has_subcommands() {
        man.render_subcommands_section(w)?;
    }
    let mut roff = Roff::new();
    if let Some(text) = cmd.get_after_long_help().or_else(|| cmd.get_after_help()) {
        after_help(&mut roff, &text.to_string());
    }
    let filters = cmd.get_arguments().any(|a| a.get_id() == "category");
    if is_main || filters {
        categories_and_levels(&mut roff);
    }
    environment(&mut roff);
    files(&mut roff);
    see_also(&mut roff, is_main);
    // clap_mangen's VERSION section wants a version on the command itself, which only
    // qbank's has.
    roff.control("SH", ["VERSION"]);
    roff.text([roman(format!("v{version}"))]);
    roff.to_writer(w)
}

/// Each paragraph that starts with a short label ("Exit status: …") becomes a section
/// of that name; others are notes. Examples are commands, set as typed.
fn after_help(roff: &mut Roff, text: &str) {
    let mut notes = Vec::new();
    for paragraph in text.split("\n\n") {
        let labelled = paragraph
            .split_once(':')
            .filter(|(label, _)| label.split_whitespace().count() <= 3 && !label.contains('\n'));
        let Some((label, body)) = labelled else {
            notes.push(paragraph);
            continue;
        };
        roff.control("SH", [label.to_uppercase().as_str()]);
        if label == "Examples" {
            for line in body.lines().map(str::trim).filter(|l| !l.is_empty()) {
                roff.control("PP", []);
                roff.text([bold(line)]);
            }
        } else {
            roff.text([roman(body.trim())]);
        }
    }
    if !notes.is_empty() {
        roff.control("SH", ["NOTES"]);
        for note in notes {
            roff.control("PP", []);
            roff.text([roman(note.trim())]);
        }
    }
}

fn categories_and_levels(roff: &mut Roff) {
    roff.control("SH", ["CATEGORIES AND LEVELS"]);
    roff.text([roman(
        "Every question has one category and one level, stated by its source list, \
         pinned in overrides.toml, or inferred from its text. -c/--category and \
         -l/--level take these values, in any case:",
    )]);
    roff.control("TP", []);
    roff.text([bold("Categories")]);
    roff.text([roman(Category::slugs().join(", "))]);
    roff.control("TP", []);
    roff.text([bold("Levels")]);
    roff.text([roman(Level::slugs().join(", "))]);
}

fn environment(roff: &mut Roff) {
    roff.control("SH", ["ENVIRONMENT"]);
    let vars = [
        (
            CORPUS_ENV,
            "The corpus directory, when --corpus is not given.",
        ),
        (INDEX_ENV, "The index directory, when --index is not given."),
        (
            WITH_BUILTIN_ENV,
            "1, true, yes or on: add the built-in lists to the corpus directory's, as \
             --with-builtin does; 0, false, no, off or empty: do not.",
        ),
        (
            "NO_COLOR",
            "Set and not empty: no colours with --color auto (the default).",
        ),
        (
            "COLUMNS",
            "The width to fit tables to; else the terminal's, else 100 columns. Below 60, \
             results are shown as cards.",
        ),
        (
            "QBANK_PAGER, PAGER",
            "The pager for output taller than the terminal (the first set wins); less -R \
             when neither is set; cat or empty for none. --no-pager turns paging off.",
        ),
        (
            "LESS",
            "When unset, qbank runs less with FRX (quit if the text fits, keep it on the \
             screen), as git does.",
        ),
        (
            "XDG_DATA_HOME",
            "Where the per-user data directory is (qbank/indexes/ below it); \
             ~/.local/share when unset or not an absolute path.",
        ),
        (
            "HOME",
            "Without a home directory (or with a relative one), and no --index or \
             QBANK_INDEX, every command that reads the index builds a temporary one.",
        ),
        (
            "HTTPS_PROXY, HTTP_PROXY, ALL_PROXY, NO_PROXY",
            "The proxy qbank add and qbank update download through, and the hosts they \
             reach directly.",
        ),
        (
            "QBANK_GITHUB",
            "Where OWNER/REPO sources are fetched from instead of https://github.com (a \
             mirror that serves OWNER/REPO/archive/HEAD.tar.gz).",
        ),
        (
            "COMPLETE",
            "Set by the completion scripts (qbank completions) when the shell asks qbank \
             for the values at the cursor; not for setting by hand.",
        ),
    ];
    for (name, what) in vars {
        roff.control("TP", []);
        roff.text([bold(name)]);
        roff.text([roman(what)]);
    }
}

fn files(roff: &mut Roff) {
    roff.control("SH", ["FILES"]);
    let files = [
        (
            "./corpus/",
            "The corpus when no --corpus or QBANK_CORPUS is given and it holds question \
             lists: *.md, *.markdown, *.txt, *.csv, *.tsv, *.json, *.jsonl, *.yaml and \
             *.yml, in it and in folders below it. The file name without its extension is \
             the source key, the first half of every id. Without it, the lists built into \
             qbank.",
        ),
        (
            "./index/",
            "The index of ./corpus, beside it. Any other corpus is indexed in a folder of \
             its own in the per-user data directory: $XDG_DATA_HOME/qbank/indexes/, or \
             ~/.local/share/qbank/indexes/ (on Windows, %APPDATA%\\qbank\\qbank\\data\\indexes\\). An index directory holds a marker \
             (.qbank-index), a lock, CURRENT and the generations it names; qbank never \
             uses or deletes a directory that holds anything else.",
        ),
        (
            "$XDG_DATA_HOME/qbank/packs/",
            "The packs added by qbank add (~/.local/share/qbank/packs/ by default): a \
             folder per pack, holding the lists taken from its source and a manifest \
             (.qbank-pack.json: source, final URL, ETag and Last-Modified, date, files, \
             licence). With no corpus given, they are searched with the built-in lists; \
             their source keys are PACK/FILE.",
        ),
        (
            "CORPUS/synonyms.toml",
            "The search dictionary: groups of words and abbreviations that find each \
             other. Without it, the one built into qbank.",
        ),
        (
            "CORPUS/overrides.toml",
            "Categories and levels pinned by question id, over what a list states or \
             qbank infers.",
        ),
    ];
    for (name, what) in files {
        roff.control("TP", []);
        roff.text([italic(name)]);
        roff.text([roman(what)]);
    }
}

fn see_also(roff: &mut Roff, is_main: bool) {
    roff.control("SH", ["SEE ALSO"]);
    let pages: Vec<String> = if is_main {
        page_names()
            .iter()
            .map(|name| format!("qbank-{name}(1)"))
            .collect()
    } else {
        vec!["qbank(1)".to_string()]
    };
    roff.text([roman(pages.join(", "))]);
}
