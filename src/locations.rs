//! Where the corpus and the index are, and why.
//!
//! The corpus: `--corpus DIR`, else `$QBANK_CORPUS`, else `./corpus` when it holds
//! question lists (files that yield questions), else the lists built into qbank;
//! `--with-builtin` (or `$QBANK_WITH_BUILTIN`) adds the built-in lists to a directory's.
//!
//! The index: `--index DIR`, else `$QBANK_INDEX`, else `./index` when the corpus is
//! `./corpus`, else a folder of its own under the per-user data directory
//! (`$XDG_DATA_HOME/qbank/indexes/` on Linux), named after the corpus, so that two
//! corpora never overwrite each other's index; with no home directory, a temporary
//! index for each command.

use std::ffi::OsString;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::corpus::{self, CorpusError, Lists};
use crate::packs;

pub const CORPUS_ENV: &str = "QBANK_CORPUS";
pub const INDEX_ENV: &str = "QBANK_INDEX";
pub const WITH_BUILTIN_ENV: &str = "QBANK_WITH_BUILTIN";
/// The corpus and index directories looked for in the current directory.
pub const LOCAL_CORPUS: &str = "corpus";
pub const LOCAL_INDEX: &str = "index";
/// The folder of the per-user data directory that holds one index per corpus.
pub const INDEXES: &str = "indexes";

/// Why a corpus was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CorpusOrigin {
    Flag,
    Environment,
    /// `./corpus` holds source lists.
    CurrentDirectory,
    /// No corpus given, and none in the current directory.
    BuiltIn,
    /// As `BuiltIn`, with the packs added by `qbank add`.
    BuiltInAndPacks,
}

impl fmt::Display for CorpusOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CorpusOrigin::Flag => f.write_str("--corpus flag"),
            CorpusOrigin::Environment => write!(f, "environment variable {CORPUS_ENV}"),
            CorpusOrigin::CurrentDirectory => f.write_str("found in the current directory"),
            CorpusOrigin::BuiltIn => write!(
                f,
                "no --corpus, no {CORPUS_ENV}, no question lists in ./{LOCAL_CORPUS}"
            ),
            CorpusOrigin::BuiltInAndPacks => write!(
                f,
                "no --corpus, no {CORPUS_ENV}, no question lists in ./{LOCAL_CORPUS}; \
                 with the packs added by `qbank add`"
            ),
        }
    }
}

/// What added the built-in lists to a directory's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddedBy {
    Flag,
    Environment,
}

impl fmt::Display for AddedBy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AddedBy::Flag => f.write_str("--with-builtin flag"),
            AddedBy::Environment => write!(f, "environment variable {WITH_BUILTIN_ENV}"),
        }
    }
}

/// Why an index directory was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexOrigin {
    Flag,
    Environment,
    /// `./index`, beside the corpus found in the current directory.
    BesideLocalCorpus,
    /// The per-user data directory, in the corpus's own folder.
    UserData,
    /// There is no per-user data directory (no home, or a relative one): every command
    /// that reads the index builds a temporary one.
    Temporary,
}

impl fmt::Display for IndexOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IndexOrigin::Flag => f.write_str("--index flag"),
            IndexOrigin::Environment => write!(f, "environment variable {INDEX_ENV}"),
            IndexOrigin::BesideLocalCorpus => {
                f.write_str("beside the corpus found in the current directory")
            }
            IndexOrigin::UserData => f.write_str("per-user data directory, this corpus's folder"),
            IndexOrigin::Temporary => write!(
                f,
                "no home directory to keep it in, as HOME is unset or not an absolute \
                 path; no --index, no {INDEX_ENV}"
            ),
        }
    }
}

/// The corpus in use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorpusChoice {
    pub lists: Lists,
    pub origin: CorpusOrigin,
    /// What added the built-in lists to a directory's, if anything did.
    pub added_built_in: Option<AddedBy>,
}

/// The index in use. With [`IndexOrigin::Temporary`] the path is empty: there is no
/// place to keep one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexChoice {
    pub path: PathBuf,
    pub origin: IndexOrigin,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Locations {
    pub corpus: CorpusChoice,
    pub index: IndexChoice,
}

/// What the command line asked for.
#[derive(Debug, Clone, Copy, Default)]
pub struct Flags<'a> {
    pub corpus: Option<&'a Path>,
    pub index: Option<&'a Path>,
    pub with_builtin: bool,
}

/// What the process finds around it: its environment variables, its current
/// directory, and the platform's per-user data directory for qbank.
#[derive(Debug, Clone, Default)]
pub struct Surroundings {
    pub corpus_var: Option<OsString>,
    pub index_var: Option<OsString>,
    pub with_builtin_var: Option<OsString>,
    /// Relative paths are resolved against it; empty for the process's own.
    pub current_dir: PathBuf,
    /// `None` when there is none (no home directory, or a relative one).
    pub data_dir: Option<PathBuf>,
}

impl Surroundings {
    pub fn of_process() -> Surroundings {
        use etcetera::AppStrategy;
        let data_dir = etcetera::choose_app_strategy(etcetera::AppStrategyArgs {
            top_level_domain: "org".to_string(),
            author: "qbank".to_string(),
            app_name: "qbank".to_string(),
        })
        .ok()
        .map(|strategy| strategy.data_dir())
        // A relative HOME would give every working directory an index of its own.
        .filter(|dir| dir.is_absolute());
        Surroundings {
            corpus_var: std::env::var_os(CORPUS_ENV),
            index_var: std::env::var_os(INDEX_ENV),
            with_builtin_var: std::env::var_os(WITH_BUILTIN_ENV),
            current_dir: PathBuf::new(),
            data_dir,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LocationError {
    #[error(
        "there is no home directory to keep the index in (HOME unset or not an absolute \
         path); give --index DIR or set {INDEX_ENV}"
    )]
    NowhereToKeepTheIndex,
    #[error(
        "{WITH_BUILTIN_ENV}={0:?} is neither on (1, true, yes, on) nor off (0, false, no, off, empty)"
    )]
    BadWithBuiltIn(String),
}

impl Locations {
    /// Chooses the corpus and the index in the documented order (see the module
    /// documentation). Nothing is read but the entries of `./corpus`.
    pub fn resolve(flags: &Flags, around: &Surroundings) -> Result<Locations, LocationError> {
        let corpus = choose_corpus(flags, around)?;
        let index = choose_index(flags, around, &corpus);
        Ok(Locations { corpus, index })
    }
}

fn choose_corpus(flags: &Flags, around: &Surroundings) -> Result<CorpusChoice, LocationError> {
    let local = around.current_dir.join(LOCAL_CORPUS);
    let (dir, origin) = if let Some(path) = flags.corpus {
        (Some(around.current_dir.join(path)), CorpusOrigin::Flag)
    } else if let Some(path) = non_empty(&around.corpus_var) {
        (
            Some(around.current_dir.join(path)),
            CorpusOrigin::Environment,
        )
    } else if is_a_corpus(&local, &around.current_dir.join(LOCAL_INDEX)) {
        (Some(local), CorpusOrigin::CurrentDirectory)
    } else {
        (None, CorpusOrigin::BuiltIn)
    };
    let added_built_in = if flags.with_builtin {
        Some(AddedBy::Flag)
    } else if switched_on(&around.with_builtin_var)? {
        Some(AddedBy::Environment)
    } else {
        None
    };
    let packs = around
        .data_dir
        .as_ref()
        .map(|data| data.join(packs::PACKS))
        .filter(|packs| packs::Packs::any(packs));
    let (origin, packs) = match (origin, packs) {
        (CorpusOrigin::BuiltIn, Some(packs)) => (CorpusOrigin::BuiltInAndPacks, Some(packs)),
        (origin, _) => (origin, None),
    };
    let (lists, added_built_in) = match (dir, packs) {
        // The packs are read as a directory of lists beside the built-in ones; their
        // source keys (`PACK/FILE`) never meet a built-in one's.
        (None, Some(packs)) => (Lists::DirWithBuiltIn(packs), None),
        (None, None) => (Lists::BuiltIn, None),
        (Some(dir), _) if added_built_in.is_some() => (Lists::DirWithBuiltIn(dir), added_built_in),
        (Some(dir), _) => (Lists::Dir(dir), None),
    };
    Ok(CorpusChoice {
        lists,
        origin,
        added_built_in,
    })
}

fn choose_index(flags: &Flags, around: &Surroundings, corpus: &CorpusChoice) -> IndexChoice {
    let (path, origin) = if let Some(path) = flags.index {
        (around.current_dir.join(path), IndexOrigin::Flag)
    } else if let Some(path) = non_empty(&around.index_var) {
        (around.current_dir.join(path), IndexOrigin::Environment)
    } else if is_local_corpus(&corpus.lists, around) {
        (
            around.current_dir.join(LOCAL_INDEX),
            IndexOrigin::BesideLocalCorpus,
        )
    } else if let Some(data_dir) = &around.data_dir {
        let folder = folder_name(&corpus.lists);
        (data_dir.join(INDEXES).join(folder), IndexOrigin::UserData)
    } else {
        (PathBuf::new(), IndexOrigin::Temporary)
    };
    IndexChoice { path, origin }
}

fn non_empty(var: &Option<OsString>) -> Option<&Path> {
    var.as_deref()
        .filter(|value| !value.is_empty())
        .map(Path::new)
}

fn switched_on(var: &Option<OsString>) -> Result<bool, LocationError> {
    let Some(value) = var else {
        return Ok(false);
    };
    let text = value.to_string_lossy();
    match text.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "" | "0" | "false" | "no" | "off" => Ok(false),
        _ => Err(LocationError::BadWithBuiltIn(text.into_owned())),
    }
}

/// Whether `./corpus` is a corpus: a directory holding a question list, in it or in a
/// folder below it (files named like lists that hold no questions, such as the prose of
/// a machine-learning project's `corpus/train.txt`, do not make one). One that exists
/// but cannot be read, or holds lists that cannot be told apart, counts, so that the
/// build says why rather than qbank quietly searching the built-in lists instead.
fn is_a_corpus(dir: &Path, index_beside: &Path) -> bool {
    match corpus::files(&Lists::Dir(dir.to_path_buf())) {
        // An index published beside it was built from its questions: no need to read
        // them again at every command.
        Ok(_) => index_beside.join("CURRENT").is_file() || corpus::holds_questions(dir),
        Err(
            CorpusError::NoSources(_) | CorpusError::Missing(_) | CorpusError::NotADirectory(_),
        ) => false,
        Err(_) => true,
    }
}

/// Whether the corpus is the current directory's `./corpus` on its own, however it was
/// named: its index then lives beside it, in `./index`, as in a qbank checkout.
fn is_local_corpus(lists: &Lists, around: &Surroundings) -> bool {
    let Lists::Dir(dir) = lists else {
        return false;
    };
    let local = around.current_dir.join(LOCAL_CORPUS);
    match (std::fs::canonicalize(dir), std::fs::canonicalize(&local)) {
        (Ok(dir), Ok(local)) => dir == local,
        _ => false,
    }
}

/// The per-user index folder of a corpus: for a directory, its name and a hash of its
/// absolute path (the same directory, edited, keeps its folder, and the index there is
/// rebuilt when stale); for the built-in lists, a hash of their contents (two qbank
/// versions with different lists keep two indexes).
pub fn folder_name(lists: &Lists) -> String {
    let Some(dir) = lists.dir() else {
        return format!(
            "built-in-{}",
            &corpus::built_in::fingerprint().to_hex()[..16]
        );
    };
    let absolute = std::fs::canonicalize(dir)
        .or_else(|_| std::path::absolute(dir))
        .unwrap_or_else(|_| dir.to_path_buf());
    let mut hasher = blake3::Hasher::new();
    hasher.update(absolute.as_os_str().as_encoded_bytes());
    // The name is for people and the hash keeps folders apart, so a long name is cut.
    let name = absolute.file_name().unwrap_or(absolute.as_os_str());
    let mut name: String = corpus::slug(&name.to_string_lossy())
        .chars()
        .take(MAX_NAME_CHARS)
        .collect();
    if lists.has_built_in() {
        hasher.update(b"\0and the built-in lists\0");
        hasher.update(corpus::built_in::fingerprint().as_bytes());
        name.push_str("-with-built-in");
    }
    format!("{name}-{}", &hasher.finalize().to_hex()[..16])
}

/// The most characters of a directory's name that its index folder's name repeats.
const MAX_NAME_CHARS: usize = 48;

#[cfg(test)]
mod tests {
    use super::*;

    fn around(dir: &Path) -> Surroundings {
        Surroundings {
            current_dir: dir.to_path_buf(),
            data_dir: Some(dir.join("data")),
            ..Surroundings::default()
        }
    }

    fn with_local_corpus() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temporary directory");
        std::fs::create_dir(dir.path().join("corpus")).expect("corpus");
        std::fs::write(dir.path().join("corpus/lists.md"), "1. What is a cache?\n").expect("list");
        dir
    }

    #[test]
    fn flags_come_before_variables_before_the_current_directory() {
        let dir = with_local_corpus();
        let mut around = around(dir.path());
        around.corpus_var = Some("from-env".into());
        around.index_var = Some("index-env".into());
        let flags = Flags {
            corpus: Some(Path::new("from-flag")),
            index: Some(Path::new("index-flag")),
            with_builtin: false,
        };
        let chosen = Locations::resolve(&flags, &around).expect("resolves");
        assert_eq!(
            chosen.corpus.lists,
            Lists::Dir(dir.path().join("from-flag"))
        );
        assert_eq!(chosen.corpus.origin, CorpusOrigin::Flag);
        assert_eq!(chosen.index.path, dir.path().join("index-flag"));

        let chosen = Locations::resolve(&Flags::default(), &around).expect("resolves");
        assert_eq!(chosen.corpus.lists, Lists::Dir(dir.path().join("from-env")));
        assert_eq!(chosen.corpus.origin, CorpusOrigin::Environment);
        assert_eq!(chosen.index.path, dir.path().join("index-env"));

        around.corpus_var = Some("".into());
        around.index_var = None;
        let chosen = Locations::resolve(&Flags::default(), &around).expect("resolves");
        assert_eq!(chosen.corpus.lists, Lists::Dir(dir.path().join("corpus")));
        assert_eq!(chosen.corpus.origin, CorpusOrigin::CurrentDirectory);
        assert_eq!(chosen.index.path, dir.path().join("index"));
        assert_eq!(chosen.index.origin, IndexOrigin::BesideLocalCorpus);
    }

    #[test]
    fn without_a_corpus_around_the_built_in_lists_are_indexed_in_the_data_directory() {
        let dir = tempfile::tempdir().expect("temporary directory");
        // A corpus/ without lists is not a corpus.
        std::fs::create_dir(dir.path().join("corpus")).expect("corpus");
        std::fs::write(dir.path().join("corpus/notes.pdf"), "x").expect("file");
        let chosen = Locations::resolve(&Flags::default(), &around(dir.path())).expect("resolves");
        assert_eq!(chosen.corpus.lists, Lists::BuiltIn);
        assert_eq!(chosen.corpus.origin, CorpusOrigin::BuiltIn);
        assert_eq!(chosen.index.origin, IndexOrigin::UserData);
        assert!(
            chosen
                .index
                .path
                .starts_with(dir.path().join("data/indexes"))
        );
        let folder = chosen.index.path.file_name().expect("folder");
        assert!(
            folder.to_string_lossy().starts_with("built-in-"),
            "{folder:?}"
        );
        // --with-builtin adds nothing to the built-in lists.
        let flags = Flags {
            with_builtin: true,
            ..Flags::default()
        };
        let same = Locations::resolve(&flags, &around(dir.path())).expect("resolves");
        assert_eq!(same, chosen);
    }

    #[test]
    fn every_corpus_has_its_own_index_folder() {
        let dir = with_local_corpus();
        let around = around(dir.path());
        let index_of = |corpus: &str, with_builtin| {
            let flags = Flags {
                corpus: Some(Path::new(corpus)),
                with_builtin,
                ..Flags::default()
            };
            let chosen = Locations::resolve(&flags, &around).expect("resolves");
            (chosen.index.path, chosen.index.origin)
        };
        // The local corpus, named by a flag, keeps ./index.
        let local = dir.path().join("corpus");
        let local = local.to_str().expect("utf-8 path");
        assert_eq!(
            index_of(local, false),
            (dir.path().join("index"), IndexOrigin::BesideLocalCorpus)
        );
        let (with_built_in, origin) = index_of(local, true);
        assert_eq!(origin, IndexOrigin::UserData);
        let (elsewhere, _) = index_of("/srv/lists/corpus", false);
        let (other, _) = index_of("/srv/other/corpus", false);
        let folders = [&with_built_in, &elsewhere, &other];
        for (i, a) in folders.iter().enumerate() {
            for b in &folders[i + 1..] {
                assert_ne!(a, b);
            }
        }
        assert!(
            elsewhere.to_string_lossy().contains("/indexes/corpus-"),
            "{elsewhere:?}"
        );
        assert_eq!(index_of("/srv/lists/corpus", false).0, elsewhere);
    }

    #[test]
    fn the_with_builtin_variable_is_on_or_off_or_an_error() {
        let dir = with_local_corpus();
        let mut around = around(dir.path());
        for (value, on) in [("1", true), ("yes", true), ("0", false), ("", false)] {
            around.with_builtin_var = Some(value.into());
            let chosen = Locations::resolve(&Flags::default(), &around).expect("resolves");
            assert_eq!(chosen.corpus.lists.has_built_in(), on, "{value}");
        }
        around.with_builtin_var = Some("maybe".into());
        assert_eq!(
            Locations::resolve(&Flags::default(), &around),
            Err(LocationError::BadWithBuiltIn("maybe".into()))
        );
    }

    #[test]
    fn without_a_data_directory_the_index_is_temporary_unless_given() {
        let dir = tempfile::tempdir().expect("temporary directory");
        let mut around = Surroundings {
            current_dir: dir.path().to_path_buf(),
            data_dir: None,
            ..Surroundings::default()
        };
        let chosen = Locations::resolve(&Flags::default(), &around).expect("resolves");
        assert_eq!(chosen.index.origin, IndexOrigin::Temporary);
        around.index_var = Some("kept".into());
        let chosen = Locations::resolve(&Flags::default(), &around).expect("resolves");
        assert_eq!(chosen.index.path, dir.path().join("kept"));
    }

    #[test]
    fn a_long_directory_name_is_cut_in_the_folder_name() {
        let long = format!("/srv/{}", "lists".repeat(60));
        let folder = folder_name(&Lists::Dir(long.into()));
        assert!(folder.len() < 100, "{folder}");
        assert!(folder.starts_with("listslists"), "{folder}");
        let dotted = folder_name(&Lists::Dir("/srv/team.v2".into()));
        assert!(dotted.starts_with("team.v2-"), "{dotted}");
    }
}
