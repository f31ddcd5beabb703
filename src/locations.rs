//! Where the corpus and the index are, and why: a flag, an environment variable, or
//! the default beside the current directory.

use std::fmt;
use std::path::{Path, PathBuf};

pub const CORPUS_ENV: &str = "QBANK_CORPUS";
pub const INDEX_ENV: &str = "QBANK_INDEX";
pub const DEFAULT_CORPUS: &str = "corpus";
pub const DEFAULT_INDEX: &str = "index";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Flag,
    Environment(&'static str),
    Default,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Flag => f.write_str("command-line flag"),
            Origin::Environment(name) => write!(f, "environment variable {name}"),
            Origin::Default => f.write_str("default, relative to the current directory"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub path: PathBuf,
    pub origin: Origin,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Locations {
    pub corpus: Location,
    pub index: Location,
}

impl Locations {
    /// Resolves both directories: the flag if given, else the environment variable if
    /// set and not empty, else the default.
    pub fn resolve(corpus_flag: Option<&Path>, index_flag: Option<&Path>) -> Locations {
        Locations {
            corpus: resolve_one(corpus_flag, CORPUS_ENV, DEFAULT_CORPUS),
            index: resolve_one(index_flag, INDEX_ENV, DEFAULT_INDEX),
        }
    }
}

fn resolve_one(flag: Option<&Path>, env: &'static str, default: &str) -> Location {
    if let Some(path) = flag {
        return Location {
            path: path.to_path_buf(),
            origin: Origin::Flag,
        };
    }
    match std::env::var_os(env) {
        Some(value) if !value.is_empty() => Location {
            path: PathBuf::from(value),
            origin: Origin::Environment(env),
        },
        _ => Location {
            path: PathBuf::from(default),
            origin: Origin::Default,
        },
    }
}
