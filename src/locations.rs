//! Where the corpus and the index are, and why.
//!
//! The corpus: `--corpus DIR`, else `$QBANK_CORPUS`, else `./corpus` when it holds
//! source lists, else the lists built into qbank; `--with-builtin` (or
//! `$QBANK_WITH_BUILTIN`) adds the built-in lists to a directory's.
//!
//! The index: `--index DIR`, else `$QBANK_INDEX`, else `./index` when the corpus is
//! `./corpus`, else a folder of its own under the per-user data directory
//! (`$XDG_DATA_HOME/qbank/indexes/` on Linux), named after the corpus, so that two
//! corpora never overwrite each other's index.

use std::ffi::OsString;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::corpus::{self, Lists};

pub const CORPUS_ENV: &str = "QBANK_CORPUS";
pub const INDEX_ENV: &str = "QBANK_INDEX";
pub const WITH_BUILTIN_ENV: &str = "QBANK_WITH_BUILTIN";
/// The corpus and index directories looked for in the current directory.
pub const LOCAL_CORPUS: &str = "corpus";
pub const LOCAL_INDEX: &str = "index";
/// The folder of the per-user data directory that holds one index per corpus.
pub const INDEXES: &str = "indexes";

/// Why a location was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// A command-line flag, by name.
    Flag(&'static str),
    Environment(&'static str),
    /// `./corpus` holds source lists.
    LocalCorpus,
    /// `./index`, beside the corpus found in the current directory.
    BesideLocalCorpus,
    /// No corpus given, and none in the current directory.
    BuiltIn,
    /// The per-user data directory, in the corpus's own folder.
    UserData,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Flag(name) => write!(f, "{name} flag"),
            Origin::Environment(name) => write!(f, "environment variable {name}"),
            Origin::LocalCorpus => f.write_str("found in the current directory"),
            Origin::BesideLocalCorpus => {
                f.write_str("beside the corpus found in the current directory")
            }
            Origin::BuiltIn => write!(
                f,
                "no --corpus, no {CORPUS_ENV}, no source lists in ./{LOCAL_CORPUS}"
            ),
            Origin::UserData => f.write_str("per-user data directory, this corpus's folder"),
        }
    }
}

/// The corpus in use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorpusChoice {
    pub lists: Lists,
    pub origin: Origin,
    /// What added the built-in lists to a directory's, if anything did.
    pub added_built_in: Option<Origin>,
}

/// The index in use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexChoice {
    pub path: PathBuf,
    pub origin: Origin,
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
    /// `None` when the platform has none (no home directory).
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
        .map(|strategy| strategy.data_dir());
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
        "cannot tell where to keep the index: there is no home directory (is HOME set?); \
         give --index DIR or set {INDEX_ENV}"
    )]
    NoDataDir,
    #[error("{WITH_BUILTIN_ENV}={0:?} is neither on (1, true, yes) nor off (0, false, no)")]
    BadWithBuiltIn(String),
}

impl Locations {
    /// Chooses the corpus and the index in the documented order (see the module
    /// documentation). Nothing is read but the names in `./corpus`.
    pub fn resolve(flags: &Flags, around: &Surroundings) -> Result<Locations, LocationError> {
        let corpus = choose_corpus(flags, around)?;
        let index = choose_index(flags, around, &corpus)?;
        Ok(Locations { corpus, index })
    }
}

fn choose_corpus(flags: &Flags, around: &Surroundings) -> Result<CorpusChoice, LocationError> {
    let local = around.current_dir.join(LOCAL_CORPUS);
    let (dir, origin) = if let Some(path) = flags.corpus {
        (
            Some(around.current_dir.join(path)),
            Origin::Flag("--corpus"),
        )
    } else if let Some(path) = non_empty(&around.corpus_var) {
        (
            Some(around.current_dir.join(path)),
            Origin::Environment(CORPUS_ENV),
        )
    } else if holds_lists(&local) {
        (Some(local), Origin::LocalCorpus)
    } else {
        (None, Origin::BuiltIn)
    };
    let added_built_in = if flags.with_builtin {
        Some(Origin::Flag("--with-builtin"))
    } else if switched_on(&around.with_builtin_var)? {
        Some(Origin::Environment(WITH_BUILTIN_ENV))
    } else {
        None
    };
    let (lists, added_built_in) = match dir {
        None => (Lists::BuiltIn, None),
        Some(dir) if added_built_in.is_some() => (Lists::DirWithBuiltIn(dir), added_built_in),
        Some(dir) => (Lists::Dir(dir), None),
    };
    Ok(CorpusChoice {
        lists,
        origin,
        added_built_in,
    })
}

fn choose_index(
    flags: &Flags,
    around: &Surroundings,
    corpus: &CorpusChoice,
) -> Result<IndexChoice, LocationError> {
    let (path, origin) = if let Some(path) = flags.index {
        (around.current_dir.join(path), Origin::Flag("--index"))
    } else if let Some(path) = non_empty(&around.index_var) {
        (
            around.current_dir.join(path),
            Origin::Environment(INDEX_ENV),
        )
    } else if is_local_corpus(&corpus.lists, around) {
        (
            around.current_dir.join(LOCAL_INDEX),
            Origin::BesideLocalCorpus,
        )
    } else {
        let data_dir = around.data_dir.as_ref().ok_or(LocationError::NoDataDir)?;
        let folder = folder_name(&corpus.lists, &around.current_dir);
        (data_dir.join(INDEXES).join(folder), Origin::UserData)
    };
    Ok(IndexChoice { path, origin })
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

/// Whether a directory has a source list in it, by name only: whether the lists can
/// be read is for the build to say, naming the file.
fn holds_lists(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|entry| corpus::is_list_name(&entry.path()))
    })
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
pub fn folder_name(lists: &Lists, current_dir: &Path) -> String {
    let built_in = corpus::built_in::fingerprint();
    let Some(dir) = lists.dir() else {
        return format!("built-in-{}", &built_in.to_hex()[..16]);
    };
    let absolute = std::fs::canonicalize(current_dir.join(dir))
        .or_else(|_| std::path::absolute(current_dir.join(dir)))
        .unwrap_or_else(|_| dir.to_path_buf());
    let mut hasher = blake3::Hasher::new();
    hasher.update(absolute.as_os_str().as_encoded_bytes());
    let mut name = corpus::source_key(Path::new(
        absolute.file_name().unwrap_or(absolute.as_os_str()),
    ));
    if lists.has_built_in() {
        hasher.update(b"\0and the built-in lists\0");
        hasher.update(built_in.as_bytes());
        name.push_str("-with-built-in");
    }
    format!("{name}-{}", &hasher.finalize().to_hex()[..16])
}

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
        assert_eq!(chosen.corpus.origin, Origin::Flag("--corpus"));
        assert_eq!(chosen.index.path, dir.path().join("index-flag"));

        let chosen = Locations::resolve(&Flags::default(), &around).expect("resolves");
        assert_eq!(chosen.corpus.lists, Lists::Dir(dir.path().join("from-env")));
        assert_eq!(chosen.corpus.origin, Origin::Environment(CORPUS_ENV));
        assert_eq!(chosen.index.path, dir.path().join("index-env"));

        around.corpus_var = Some("".into());
        around.index_var = None;
        let chosen = Locations::resolve(&Flags::default(), &around).expect("resolves");
        assert_eq!(chosen.corpus.lists, Lists::Dir(dir.path().join("corpus")));
        assert_eq!(chosen.corpus.origin, Origin::LocalCorpus);
        assert_eq!(chosen.index.path, dir.path().join("index"));
        assert_eq!(chosen.index.origin, Origin::BesideLocalCorpus);
    }

    #[test]
    fn without_a_corpus_around_the_built_in_lists_are_indexed_in_the_data_directory() {
        let dir = tempfile::tempdir().expect("temporary directory");
        // A corpus/ without lists is not a corpus.
        std::fs::create_dir(dir.path().join("corpus")).expect("corpus");
        std::fs::write(dir.path().join("corpus/notes.pdf"), "x").expect("file");
        let chosen = Locations::resolve(&Flags::default(), &around(dir.path())).expect("resolves");
        assert_eq!(chosen.corpus.lists, Lists::BuiltIn);
        assert_eq!(chosen.corpus.origin, Origin::BuiltIn);
        assert_eq!(chosen.index.origin, Origin::UserData);
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
            (dir.path().join("index"), Origin::BesideLocalCorpus)
        );
        let (with_built_in, origin) = index_of(local, true);
        assert_eq!(origin, Origin::UserData);
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
    fn no_home_and_no_index_given_is_an_error() {
        let dir = tempfile::tempdir().expect("temporary directory");
        let around = Surroundings {
            current_dir: dir.path().to_path_buf(),
            data_dir: None,
            ..Surroundings::default()
        };
        assert_eq!(
            Locations::resolve(&Flags::default(), &around),
            Err(LocationError::NoDataDir)
        );
    }
}
