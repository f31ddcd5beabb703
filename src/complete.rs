//! Values a shell completes that only the corpus knows: source names and question ids.
//!
//! These run at every Tab (`COMPLETE=bash qbank -- …`): they open the index the command
//! line would use but never build it, print nothing of their own, and give nothing
//! rather than fail.

use std::ffi::{OsStr, OsString};
use std::path::PathBuf;

use clap_complete::engine::CompletionCandidate;
use qbank::corpus;
use qbank::index;
use qbank::locations::{Flags, Locations, Surroundings};
use qbank::search::Searcher;

/// Ids offered at once: a longer list helps nobody, and each id costs a stored-document
/// read for its text.
const MOST_IDS: usize = 100;

/// A question text longer than this is cut in the list (shells show one line each).
const HELP_CHARS: usize = 72;

/// Source keys: from the index if one is built, else from the corpus's file names.
pub fn sources() -> Vec<CompletionCandidate> {
    let Some(locations) = locations() else {
        return Vec::new();
    };
    let keys: Vec<String> = match index::open(&locations.index.path) {
        Ok(open) => open
            .manifest
            .stats
            .source_keys()
            .into_iter()
            .map(str::to_string)
            .collect(),
        Err(_) => corpus::files(&locations.corpus.lists)
            .map(|files| files.lists.into_iter().map(|f| f.key).collect())
            .unwrap_or_default(),
    };
    keys.into_iter().map(CompletionCandidate::new).collect()
}

/// Question ids that start with what is typed, each with its question as help. Without
/// a built index, none: reading the corpus would make a Tab take as long as a build.
pub fn ids(typed: &OsStr) -> Vec<CompletionCandidate> {
    let Some(prefix) = typed.to_str() else {
        return Vec::new();
    };
    let Some(locations) = locations() else {
        return Vec::new();
    };
    let Ok(open) = index::open(&locations.index.path) else {
        return Vec::new();
    };
    Searcher::new(&open)
        .ids_starting_with(prefix, MOST_IDS)
        .unwrap_or_default()
        .into_iter()
        .map(|(id, question)| CompletionCandidate::new(id).help(Some(shorten(&question).into())))
        .collect()
}

/// The packs' names, with their question counts.
pub fn packs() -> Vec<CompletionCandidate> {
    let Some(data) = Surroundings::of_process().data_dir else {
        return Vec::new();
    };
    qbank::packs::Packs::new(data.join(qbank::packs::PACKS))
        .list()
        .unwrap_or_default()
        .into_iter()
        .map(|pack| {
            let help = qbank::render::questions(pack.questions);
            CompletionCandidate::new(pack.name).help(Some(help.into()))
        })
        .collect()
}

/// The subcommands that have a man page of their own.
pub fn man_pages() -> Vec<CompletionCandidate> {
    crate::man::page_names()
        .into_iter()
        .map(CompletionCandidate::new)
        .collect()
}

fn shorten(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default();
    if line.chars().count() <= HELP_CHARS {
        return line.to_string();
    }
    let cut: String = line.chars().take(HELP_CHARS - 1).collect();
    format!("{}…", cut.trim_end())
}

/// The locations the command being completed would use: the environment and current
/// directory, and `--corpus`, `--index` and `--with-builtin` if already typed on it.
fn locations() -> Option<Locations> {
    // CompleteEnv passes the words of the command line after `--`.
    let words: Vec<OsString> = std::env::args_os()
        .skip_while(|a| a != "--")
        .skip(1)
        .collect();
    let typed = TypedFlags::of(&words);
    let flags = Flags {
        corpus: typed.corpus.as_deref(),
        index: typed.index.as_deref(),
        with_builtin: typed.with_builtin,
    };
    Locations::resolve(&flags, &Surroundings::of_process()).ok()
}

#[derive(Debug, Default, PartialEq)]
struct TypedFlags {
    corpus: Option<PathBuf>,
    index: Option<PathBuf>,
    with_builtin: bool,
}

impl TypedFlags {
    fn of(words: &[OsString]) -> TypedFlags {
        let mut flags = TypedFlags::default();
        let mut words = words.iter().map(|w| w.to_string_lossy());
        while let Some(word) = words.next() {
            if word == "--" {
                break;
            }
            let (name, inline) = match word.split_once('=') {
                Some((name, value)) => (name.to_string(), Some(value.to_string())),
                None => (word.to_string(), None),
            };
            let slot = match name.as_str() {
                "--corpus" => &mut flags.corpus,
                "--index" => &mut flags.index,
                "--with-builtin" => {
                    flags.with_builtin = true;
                    continue;
                }
                _ => continue,
            };
            let value = inline.or_else(|| words.next().map(|w| w.into_owned()));
            if let Some(value) = value.filter(|v| !v.is_empty()) {
                *slot = Some(PathBuf::from(value));
            }
        }
        flags
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<OsString> {
        line.split(' ').map(OsString::from).collect()
    }

    #[test]
    fn typed_location_flags_are_read_in_both_spellings() {
        let typed = TypedFlags::of(&words("qbank --corpus c --index=i --with-builtin show b"));
        assert_eq!(
            typed,
            TypedFlags {
                corpus: Some(PathBuf::from("c")),
                index: Some(PathBuf::from("i")),
                with_builtin: true,
            }
        );
        assert_eq!(
            TypedFlags::of(&words("qbank show --index")),
            TypedFlags::default()
        );
        assert_eq!(
            TypedFlags::of(&words("qbank search -- --index x")),
            TypedFlags::default()
        );
    }

    #[test]
    fn long_questions_are_cut_to_one_short_line() {
        assert_eq!(shorten("What is REST?\nMore"), "What is REST?");
        let long = "word ".repeat(40);
        let short = shorten(&long);
        assert!(short.ends_with('…') && short.chars().count() <= HELP_CHARS);
    }
}
