//! Reading a corpus (a directory of lists, the lists built into qbank, or both): which
//! files are source lists, decoding them, and turning each into question records with
//! stable ids. Knows nothing of the index.

pub mod built_in;
mod entry;
mod markdown;
mod overrides;
mod structured;

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use rayon::prelude::*;

pub use entry::collapse_whitespace;
pub use overrides::{FILE_NAME as OVERRIDES_FILE, Override, OverrideError, Overrides};

/// File extensions read as source lists: markdown and plain text, and the structured
/// formats (`structured.rs`).
pub const EXTENSIONS: &[&str] = &[
    "md", "markdown", "txt", "csv", "tsv", "json", "jsonl", "yaml", "yml",
];

/// How the names of a repository's own papers start, in any case: they hold no
/// questions.
const PAPERS: &[&str] = &[
    "license",
    "licence",
    "contributing",
    "changelog",
    "code_of_conduct",
];

/// How a security policy's name starts, in capitals only, as GitHub names it: a list
/// of security questions may well be `security.md`.
const SECURITY_POLICY: &str = "SECURITY";

/// Folders of tools, not of lists: a cloned repository's dependencies and builds.
const NOT_LIST_FOLDERS: &[&str] = &["node_modules", "target"];

/// A question as read from its source list, before classification.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Record {
    pub id: String,
    pub source: String,
    pub number: u32,
    pub line: u32,
    pub question: String,
    /// The name the source gives the question, if any.
    pub title: Option<String>,
    /// Code the question asks about, as fenced markdown.
    pub code: Option<String>,
    pub explanation: Option<String>,
    /// Section headings above the question, outermost first, without markdown.
    pub headings: Vec<String>,
    /// The category and level the source states for this question alone (a column of
    /// a structured file), as written.
    pub stated_category: Option<String>,
    pub stated_level: Option<String>,
}

/// One source list and what it yielded.
#[derive(Debug, Clone)]
pub struct Source {
    pub key: String,
    /// Where it is, as messages name it (`built-in:NAME` for a built-in list).
    pub path: PathBuf,
    /// The file name.
    pub file: String,
    pub built_in: bool,
    pub bytes: u64,
    pub records: Vec<Record>,
    pub warnings: Vec<Warning>,
}

/// Something the corpus reader passed over (a line it could not place, or a whole
/// file); indexing goes on without it.
#[derive(Debug, Clone, PartialEq)]
pub struct Warning {
    pub path: PathBuf,
    /// The line, when the warning is about one rather than the whole file.
    pub line: Option<u32>,
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.path.display(), self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

/// The whole corpus: every source list, the built-in ones first, each part in file-name
/// order.
#[derive(Debug, Clone)]
pub struct Corpus {
    pub lists: Lists,
    pub sources: Vec<Source>,
    /// The user's pins from `overrides.toml`, checked against the questions.
    pub overrides: Overrides,
    /// A hash of every file's name and bytes: equal hashes mean equal corpora.
    pub content_hash: String,
    /// Source keys of built-in lists a user's list of the same key replaced.
    pub replaced: Vec<String>,
    /// Files passed over, with why: links that lead nowhere, folders that cannot be
    /// read, binary files, files without questions. They are not among `sources`.
    pub passed_over: Vec<Warning>,
}

impl Corpus {
    pub fn records(&self) -> impl Iterator<Item = &Record> {
        self.sources.iter().flat_map(|s| s.records.iter())
    }

    /// Moves every record out, in corpus order, leaving the sources' other facts: a
    /// build hands them on instead of holding two copies of a large corpus.
    pub fn take_records(&mut self) -> Vec<Record> {
        let mut records = Vec::with_capacity(self.len());
        for source in &mut self.sources {
            records.append(&mut source.records);
        }
        records
    }

    /// `take_records`, each source's records apart (in corpus order).
    pub fn take_records_by_source(&mut self) -> Vec<Vec<Record>> {
        self.sources
            .iter_mut()
            .map(|source| std::mem::take(&mut source.records))
            .collect()
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Warning> {
        self.passed_over
            .iter()
            .chain(self.sources.iter().flat_map(|s| s.warnings.iter()))
    }

    pub fn len(&self) -> usize {
        self.sources.iter().map(|s| s.records.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Why a corpus could not be read. Any of these stops indexing: nothing is replaced.
#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    #[error("corpus directory {} does not exist", .0.display())]
    Missing(PathBuf),
    #[error("{} is not a directory", .0.display())]
    NotADirectory(PathBuf),
    #[error(
        "corpus directory {} holds no source lists (*.md, *.txt, *.csv, *.tsv, *.json, *.jsonl, *.yaml files)",
        .0.display()
    )]
    NoSources(PathBuf),
    #[error("cannot read {}: {error}", path.display())]
    Read {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("{}: {reason}", path.display())]
    NotText { path: PathBuf, reason: String },
    /// A NUL byte: a file to pass over, not a text to read.
    #[error("{}: binary file (NUL byte at line {line}), not a text source list", path.display())]
    Binary { path: PathBuf, line: u32 },
    #[error("no questions found in {corpus}{}", listed(.passed_over))]
    NoQuestions {
        corpus: String,
        /// Why each file gave none.
        passed_over: Vec<Warning>,
    },
    #[error(transparent)]
    Overrides(#[from] OverrideError),
    #[error("{} and {} both give the source key '{key}'; rename one", first.display(), second.display())]
    DuplicateKey {
        key: String,
        first: PathBuf,
        second: PathBuf,
    },
}

fn listed(warnings: &[Warning]) -> String {
    warnings.iter().map(|w| format!("\n  {w}")).collect()
}

/// Which source lists make a corpus.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Lists {
    /// Every list in a directory, and its `overrides.toml`.
    Dir(PathBuf),
    /// The lists compiled into qbank.
    BuiltIn,
    /// The built-in lists and a directory's: a list of the directory replaces the
    /// built-in one with the same source key, and the directory's overrides are laid
    /// over the built-in ones. The directory may hold overrides alone.
    DirWithBuiltIn(PathBuf),
}

impl Lists {
    /// The directory of the user's lists, if the corpus has one.
    pub fn dir(&self) -> Option<&Path> {
        match self {
            Lists::Dir(dir) | Lists::DirWithBuiltIn(dir) => Some(dir),
            Lists::BuiltIn => None,
        }
    }

    pub fn has_built_in(&self) -> bool {
        !matches!(self, Lists::Dir(_))
    }
}

impl fmt::Display for Lists {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Lists::Dir(dir) => write!(f, "{}", dir.display()),
            Lists::BuiltIn => f.write_str("the built-in lists"),
            Lists::DirWithBuiltIn(dir) => write!(f, "{} and the built-in lists", dir.display()),
        }
    }
}

/// One file of a corpus: a source list or an overrides file, on disk or built in.
#[derive(Debug, Clone)]
pub struct CorpusFile {
    /// The source key of a list; the file name of an overrides file.
    pub key: String,
    /// Where it is, as messages name it (`built-in:NAME` for a built-in file).
    pub path: PathBuf,
    /// The file name, as `stats` and `show` name it.
    pub name: String,
    /// The contents of a built-in file.
    pub built_in: Option<&'static [u8]>,
}

impl CorpusFile {
    fn on_disk(key: String, path: PathBuf) -> CorpusFile {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        CorpusFile {
            key,
            path,
            name,
            built_in: None,
        }
    }

    /// Adds the file to a corpus hash: its key, its name and whether it is built in
    /// (a renamed list, or a copy of a built-in one, is another corpus), and its bytes.
    fn hash(&self, hasher: &mut blake3::Hasher, bytes: &[u8]) {
        hasher.update(self.name.as_bytes());
        hasher.update(&[0, u8::from(self.built_in.is_some())]);
        hash_file(hasher, &self.key, bytes);
    }

    fn read(&self) -> Result<Cow<'static, [u8]>, CorpusError> {
        match self.built_in {
            Some(bytes) => Ok(bytes.into()),
            None => fs::read(&self.path)
                .map(Into::into)
                .map_err(|error| CorpusError::Read {
                    path: self.path.clone(),
                    error,
                }),
        }
    }
}

/// Every file whose change makes the index stale, in the order they are read and
/// hashed.
#[derive(Debug, Clone, Default)]
pub struct CorpusFiles {
    pub lists: Vec<CorpusFile>,
    /// Overrides files, the one that wins last.
    pub overrides: Vec<CorpusFile>,
    /// Source keys of built-in lists replaced by a user's list of the same key.
    pub replaced: Vec<String>,
    /// What the search for lists passed over, with why.
    pub passed_over: Vec<Warning>,
}

impl CorpusFiles {
    fn all(&self) -> impl Iterator<Item = &CorpusFile> {
        self.lists.iter().chain(&self.overrides)
    }
}

/// The files of a corpus. A directory must exist; on its own it must hold at least one
/// list.
pub fn files(lists: &Lists) -> Result<CorpusFiles, CorpusError> {
    let mut files = CorpusFiles::default();
    if lists.has_built_in() {
        for (name, bytes) in built_in::FILES {
            let file = CorpusFile {
                key: source_key(Path::new(name)),
                path: PathBuf::from(format!("{}{name}", built_in::PREFIX)),
                name: (*name).to_string(),
                built_in: Some(*bytes),
            };
            if *name == OVERRIDES_FILE {
                files.overrides.push(CorpusFile {
                    key: OVERRIDES_FILE.to_string(),
                    ..file
                });
            } else {
                files.lists.push(file);
            }
        }
    }
    if let Some(dir) = lists.dir() {
        let Walk {
            lists: own,
            passed_over,
            ..
        } = dir_lists(dir)?;
        files.passed_over = passed_over;
        if own.is_empty() && !lists.has_built_in() {
            return Err(CorpusError::NoSources(dir.to_path_buf()));
        }
        let replaced: Vec<String> = files
            .lists
            .iter()
            .filter(|built_in| own.iter().any(|(key, _)| *key == built_in.key))
            .map(|built_in| built_in.key.clone())
            .collect();
        files.lists.retain(|file| !replaced.contains(&file.key));
        files.replaced = replaced;
        files.lists.extend(
            own.into_iter()
                .map(|(key, path)| CorpusFile::on_disk(key, path)),
        );
        let overrides = dir.join(OVERRIDES_FILE);
        if overrides.exists() {
            files
                .overrides
                .push(CorpusFile::on_disk(OVERRIDES_FILE.to_string(), overrides));
        }
    }
    Ok(files)
}

/// The source lists under `dir`, in it and in every folder below it, sorted by source
/// key, and what was passed over with why. Read as a corpus, a cloned repository of
/// lists leaves out what holds none: hidden files and folders (`.git`), a repository's
/// papers (LICENSE, CONTRIBUTING, …), `node_modules` and `target`. Links are followed;
/// a folder reached again through one is not read again, so a link loop ends.
fn dir_lists(dir: &Path) -> Result<Walk, CorpusError> {
    let metadata = fs::metadata(dir).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => CorpusError::Missing(dir.to_path_buf()),
        _ => CorpusError::Read {
            path: dir.to_path_buf(),
            error: e,
        },
    })?;
    if !metadata.is_dir() {
        return Err(CorpusError::NotADirectory(dir.to_path_buf()));
    }
    let mut walk = Walk::default();
    if let Ok(canonical) = fs::canonicalize(dir) {
        walk.visited.insert(canonical);
    }
    walk.folder(dir, &[])?;
    walk.lists.sort();
    for pair in walk.lists.windows(2) {
        if pair[0].0 == pair[1].0 {
            return Err(CorpusError::DuplicateKey {
                key: pair[0].0.clone(),
                first: pair[0].1.clone(),
                second: pair[1].1.clone(),
            });
        }
    }
    Ok(walk)
}

/// The search for lists under a corpus directory.
#[derive(Default)]
struct Walk {
    /// Source key and path of each list.
    lists: Vec<(String, PathBuf)>,
    passed_over: Vec<Warning>,
    /// Folders read, by their canonical paths.
    visited: HashSet<PathBuf>,
}

impl Walk {
    /// Reads one folder, `folders` the names of those it is in below the corpus
    /// directory. The corpus directory itself must be readable; a folder below it that
    /// is not is a warning, as another part of a repository would be no reason to
    /// index none of it.
    /// A folder that cannot be read: an error for the corpus directory itself, a
    /// warning below it.
    fn unreadable(
        &mut self,
        dir: &Path,
        error: std::io::Error,
        top: bool,
    ) -> Result<(), CorpusError> {
        if top {
            return Err(CorpusError::Read {
                path: dir.to_path_buf(),
                error,
            });
        }
        self.pass_over(dir, &error);
        Ok(())
    }

    fn folder(&mut self, dir: &Path, folders: &[String]) -> Result<(), CorpusError> {
        let top = folders.is_empty();
        let entries = match fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(error) => return self.unreadable(dir, error, top),
        };
        for entry in entries {
            let entry = match entry {
                Ok(entry) => entry,
                Err(error) => {
                    self.unreadable(dir, error, top)?;
                    continue;
                }
            };
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            let path = entry.path();
            // Follows links. A directory, pipe or device with a list's name is not a
            // list (reading a pipe would wait forever).
            match fs::metadata(&path) {
                Ok(metadata) if metadata.is_dir() => {
                    let skipped = NOT_LIST_FOLDERS.contains(&name.to_lowercase().as_str());
                    let canonical = fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
                    if !skipped && self.visited.insert(canonical) {
                        let mut inner = folders.to_vec();
                        inner.push(name);
                        self.folder(&path, &inner)?;
                    }
                }
                Ok(metadata) => {
                    if metadata.is_file() && is_list_name(&path) {
                        let key = folders
                            .iter()
                            .map(|folder| slug(folder))
                            .chain([source_key(&path)])
                            .collect::<Vec<_>>()
                            .join("/");
                        self.lists.push((key, path));
                    }
                }
                // A link that leads nowhere, or in a loop: only a list's is worth a word.
                Err(error) => {
                    if is_list_name(&path) {
                        self.pass_over(&path, &error);
                    }
                }
            }
        }
        Ok(())
    }

    fn pass_over(&mut self, path: &Path, error: &std::io::Error) {
        self.passed_over.push(Warning {
            path: path.to_path_buf(),
            line: None,
            message: format!("cannot be read ({error}); passed over"),
        });
    }
}

/// Whether a file name is a source list's: a list extension, not hidden, and not one of
/// a repository's papers (`LICENSE.md`, `CONTRIBUTING.md`, …).
pub fn is_list_name(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let is_list = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()));
    let lower = name.to_ascii_lowercase();
    let is_paper =
        PAPERS.iter().any(|paper| lower.starts_with(paper)) || name.starts_with(SECURITY_POLICY);
    is_list && !is_paper && !name.starts_with('.')
}

/// The line (from 1) of a byte offset in a text, for messages that point into a file.
pub fn line_at(text: &str, offset: usize) -> u32 {
    let newlines = text.bytes().take(offset).filter(|&b| b == b'\n').count();
    u32::try_from(newlines + 1).unwrap_or(u32::MAX)
}

/// The source key of a file at the top of a corpus: the slug of its stem (so ids stay
/// `<key>:<number>`). A file in a folder below has the folders' slugs before it,
/// joined by `/` (`topics/devops/readme`).
pub fn source_key(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy())
        .unwrap_or_default();
    slug(&stem)
}

/// A name lowercased, with every run of characters other than letters, digits, `_` and
/// `.` turned into one `-`; `source` if nothing is left.
pub fn slug(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() || c == '_' || c == '.' {
            key.push(c);
        } else if !key.ends_with('-') {
            key.push('-');
        }
    }
    let key = key.trim_matches('-');
    if key.is_empty() {
        "source".to_string()
    } else {
        key.to_string()
    }
}

/// A cheap signature of the corpus files (names, sizes, modification times; built-in
/// files by their contents), used to tell without reading them whether the corpus
/// changed since the index was built.
pub fn stat_signature(lists: &Lists) -> Result<String, CorpusError> {
    let mut hasher = blake3::Hasher::new();
    for file in files(lists)?.all() {
        hasher.update(file.key.as_bytes());
        hasher.update(&[0]);
        hasher.update(file.name.as_bytes());
        hasher.update(&[0]);
        // Built-in files are covered by the digest below.
        if file.built_in.is_none() {
            let metadata = fs::metadata(&file.path).map_err(|source| CorpusError::Read {
                path: file.path.clone(),
                error: source,
            })?;
            hash_size_and_time(&mut hasher, &metadata);
        }
    }
    // The built-in files and concepts, as compiled in: a qbank with others tags and
    // reads otherwise.
    hasher.update(&built_in::DIGEST.to_le_bytes());
    if let Some(dir) = lists.dir() {
        match fs::metadata(dir.join(crate::concepts::FILE_NAME)) {
            Ok(metadata) => {
                hasher.update(b"\0concepts\0");
                hash_size_and_time(&mut hasher, &metadata);
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(error) => {
                return Err(CorpusError::Read {
                    path: dir.join(crate::concepts::FILE_NAME),
                    error,
                });
            }
        }
    }
    Ok(hasher.finalize().to_hex().to_string())
}

/// A file's size and modification time (to the nanosecond where the file system keeps
/// it): what the stat signature knows of a file without reading it.
fn hash_size_and_time(hasher: &mut blake3::Hasher, metadata: &fs::Metadata) {
    let modified = metadata
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    hasher.update(&metadata.len().to_le_bytes());
    hasher.update(&modified.to_le_bytes());
}

/// The hash of every file's key and contents that [`load`] computes, without parsing.
pub fn content_hash(lists: &Lists) -> Result<String, CorpusError> {
    let mut hasher = blake3::Hasher::new();
    for file in files(lists)?.all() {
        file.hash(&mut hasher, &file.read()?);
    }
    hash_concepts(lists, &mut hasher);
    Ok(hasher.finalize().to_hex().to_string())
}

/// Adds the corpus directory's `concepts.toml` to a corpus hash: the questions are
/// tagged with its concepts, and the index keeps them, so an edit makes it stale.
fn hash_concepts(lists: &Lists, hasher: &mut blake3::Hasher) {
    // The built-in concepts too: a binary with other concepts tags questions otherwise.
    hasher.update(blake3::hash(crate::concepts::BUILT_IN.as_bytes()).as_bytes());
    let Some(dir) = lists.dir() else {
        return;
    };
    if let Ok(bytes) = fs::read(dir.join(crate::concepts::FILE_NAME)) {
        hasher.update(b"\0concepts\0");
        hasher.update(blake3::hash(&bytes).as_bytes());
    }
}

/// Reads and parses every source list of a corpus.
pub fn load(lists: &Lists) -> Result<Corpus, CorpusError> {
    load_with_progress(lists, |_, _| {})
}

/// Like [`load`], calling `progress(done, total)` after each file.
pub fn load_with_progress(
    lists: &Lists,
    mut progress: impl FnMut(usize, usize),
) -> Result<Corpus, CorpusError> {
    let mut files = files(lists)?;
    let mut passed_over = std::mem::take(&mut files.passed_over);
    let mut hasher = blake3::Hasher::new();
    let mut sources = Vec::with_capacity(files.lists.len());
    let mut done = 0;
    // A few files per core at a time are read and parsed in parallel; the hash and the
    // first error follow file order, as reading one by one would.
    let batch = 2 * rayon::current_num_threads();
    for files_in_batch in files.lists.chunks(batch) {
        let read: Vec<_> = files_in_batch.par_iter().map(read_list).collect();
        for (file, read) in files_in_batch.iter().zip(read) {
            let (bytes, mut source) = read?;
            file.hash(&mut hasher, &bytes);
            // A file without questions is no source: a search could not name it.
            if source.records.is_empty() {
                passed_over.append(&mut source.warnings);
            } else {
                sources.push(source);
            }
            done += 1;
            progress(done, files.lists.len());
        }
    }
    if sources.is_empty() {
        return Err(CorpusError::NoQuestions {
            corpus: lists.to_string(),
            passed_over,
        });
    }
    let known: Vec<&str> = sources
        .iter()
        .flat_map(|s| s.records.iter().map(|r| r.id.as_str()))
        .collect();
    let mut overrides = Overrides::default();
    for file in &files.overrides {
        let bytes = file.read()?;
        file.hash(&mut hasher, &bytes);
        let text = decode(&file.path, &bytes)?;
        let mut layer = Overrides::parse(&file.path, &text)?;
        if file.built_in.is_some() {
            // Built-in pins of a list the user replaced pin questions that are not there.
            layer.retain(|id| {
                let source = id.split_once(':').map_or(id, |(source, _)| source);
                !files.replaced.iter().any(|key| key == source)
            });
        }
        layer.check_ids(known.iter().copied())?;
        overrides.lay_over(layer);
    }
    Ok(Corpus {
        lists: lists.clone(),
        sources,
        overrides,
        content_hash: {
            hash_concepts(lists, &mut hasher);
            hasher.finalize().to_hex().to_string()
        },
        replaced: files.replaced,
        passed_over,
    })
}

/// Whether a folder holds a question list: a file under a list's name that yields
/// questions. Files are read until one does, so a folder of prose named like lists
/// (`corpus/train.txt`) holds none. A file that cannot be read counts, so that the
/// build says why.
pub fn holds_questions(dir: &Path) -> bool {
    let Ok(files) = files(&Lists::Dir(dir.to_path_buf())) else {
        return false;
    };
    files.lists.iter().any(|file| match read_list(file) {
        Ok((_, source)) => !source.records.is_empty(),
        Err(_) => true,
    })
}

/// Reads, decodes and parses one source list; its bytes go to the content hash. A
/// binary file gives a source without records and a warning: a repository holds such
/// files under a list's name now and then, and they hold no questions to lose.
fn read_list(file: &CorpusFile) -> Result<(Cow<'static, [u8]>, Source), CorpusError> {
    let bytes = file.read()?;
    let text = match decode(&file.path, &bytes) {
        Ok(text) => text,
        Err(CorpusError::Binary { path, line }) => {
            let warning = Warning {
                path,
                line: Some(line),
                message: "binary file (a NUL byte), not a text source list; passed over"
                    .to_string(),
            };
            let source = Source {
                key: file.key.clone(),
                path: file.path.clone(),
                file: file.name.clone(),
                built_in: file.built_in.is_some(),
                bytes: bytes.len() as u64,
                records: Vec::new(),
                warnings: vec![warning],
            };
            return Ok((bytes, source));
        }
        Err(error) => return Err(error),
    };
    let mut source = read_source(&file.key, &file.path, &text, bytes.len() as u64)?;
    source.file.clone_from(&file.name);
    source.built_in = file.built_in.is_some();
    Ok((bytes, source))
}

/// Adds one source file to a corpus content hash.
pub fn hash_file(hasher: &mut blake3::Hasher, key: &str, bytes: &[u8]) {
    hasher.update(key.as_bytes());
    hasher.update(&[0]);
    hasher.update(&(bytes.len() as u64).to_le_bytes());
    hasher.update(bytes);
}

/// Longest question text accepted, in characters: far beyond any real question, so a
/// longer one means a file that is not a question list (or a missing line break).
pub const MAX_QUESTION_CHARS: usize = 10_000;
/// Longest explanation accepted, in characters.
pub const MAX_EXPLANATION_CHARS: usize = 1_000_000;

/// Parses the text of one source list into records with ids: a structured file by its
/// format (`structured.rs`), any other as markdown. A file without questions gives a
/// source without records and a warning saying so.
pub fn read_source(key: &str, path: &Path, text: &str, bytes: u64) -> Result<Source, CorpusError> {
    let mut warnings = Vec::new();
    let mut warn = |line: Option<u32>, message: String| {
        warnings.push(Warning {
            path: path.to_path_buf(),
            line,
            message,
        })
    };
    let (text, first_control) = strip_controls(text);
    if let Some(line) = first_control {
        warn(
            Some(line),
            "control characters removed (terminal escapes and the like; the first is here)"
                .to_string(),
        );
    }
    let format = structured::Format::of(path, &text);
    let parsed = match format {
        Some(format) => structured::parse(format, &text),
        None => markdown::parse(&text),
    };
    for (line, message) in parsed.warnings {
        warn(Some(line), message);
    }
    if parsed.entries.is_empty() {
        let expected = format.map_or(
            "expected numbered or bulleted items, or headings ending in '?'",
            structured::Format::expected,
        );
        warn(
            None,
            format!("no questions found ({expected}); passed over"),
        );
    }
    // Number → (times seen, line of its first question).
    let mut seen: HashMap<u32, (u32, u32, Vec<String>)> = HashMap::new();
    let mut previous = 0;
    let mut records = Vec::with_capacity(parsed.entries.len());
    'entries: for entry in parsed.entries {
        for (what, chars, limit) in [
            (
                "a question",
                entry.question.chars().count(),
                MAX_QUESTION_CHARS,
            ),
            (
                "an explanation",
                entry
                    .explanation
                    .as_deref()
                    .map_or(0, |e| e.chars().count()),
                MAX_EXPLANATION_CHARS,
            ),
        ] {
            // Not a question list, or a line break missing: this entry alone is passed
            // over, so that one odd file in a cloned repository stops nothing.
            if chars > limit {
                warn(
                    Some(entry.line),
                    format!(
                        "{what} of {chars} characters (the limit is {limit}), passed over: \
                         is a line break missing?"
                    ),
                );
                continue 'entries;
            }
        }
        let number = entry.number.unwrap_or(previous + 1);
        previous = number;
        let (repeat, first_line, last_headings) =
            seen.entry(number).or_insert((0, entry.line, Vec::new()));
        *repeat += 1;
        let id = if *repeat == 1 {
            format!("{key}:{number}")
        } else {
            let id = format!("{key}:{number}-{repeat}");
            // Numbering that restarts under a new heading is how lists are written;
            // a number used twice in one section is a slip worth a word.
            if *last_headings == entry.headings {
                warn(
                    Some(entry.line),
                    format!(
                        "number {number} is used again (first at line {first_line}); this question's id is {id}"
                    ),
                );
            }
            id
        };
        last_headings.clone_from(&entry.headings);
        records.push(Record {
            id,
            source: key.to_string(),
            number,
            line: entry.line,
            question: entry.question,
            title: entry.title,
            code: entry.code,
            explanation: entry.explanation,
            headings: entry.headings,
            stated_category: entry.stated_category,
            stated_level: entry.stated_level,
        });
    }
    Ok(Source {
        key: key.to_string(),
        path: path.to_path_buf(),
        file: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        built_in: false,
        bytes,
        records,
        warnings,
    })
}

/// The text without control characters (but line breaks and tabs), which would reach
/// a terminal as escape sequences, and the line of the first one removed. Terminal
/// escape sequences (`ESC [ … m` and the like) go whole, not only their ESC.
fn strip_controls(text: &str) -> (Cow<'_, str>, Option<u32>) {
    let is_stray = |c: char| c.is_control() && c != '\n' && c != '\t';
    let Some(first) = text.find(is_stray) else {
        return (Cow::Borrowed(text), None);
    };
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            match chars.peek() {
                // CSI: parameters and intermediates, then one final byte.
                Some('[') => {
                    chars.next();
                    while let Some(&next) = chars.peek() {
                        chars.next();
                        if ('@'..='~').contains(&next) {
                            break;
                        }
                    }
                }
                // OSC: up to BEL or ESC \.
                Some(']') => {
                    while let Some(next) = chars.next() {
                        if next == '\u{7}'
                            || (next == '\u{1b}' && chars.next_if_eq(&'\\').is_some())
                        {
                            break;
                        }
                    }
                }
                _ => {}
            }
        } else if !is_stray(c) {
            out.push(c);
        }
    }
    (Cow::Owned(out), Some(line_at(text, first)))
}

/// Decodes a file's bytes as text: UTF-8, or UTF-16 when a byte-order mark says so
/// (as Windows editors save it); removes the byte-order mark and turns CRLF and CR line
/// endings into LF. Binary files and invalid UTF-8 or UTF-16 are errors.
pub fn decode(path: &Path, bytes: &[u8]) -> Result<String, CorpusError> {
    let not_text = |reason: String| CorpusError::NotText {
        path: path.to_path_buf(),
        reason,
    };
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return decode_utf16(rest, u16::from_le_bytes).map_err(not_text);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return decode_utf16(rest, u16::from_be_bytes).map_err(not_text);
    }
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Err(CorpusError::Binary {
            path: path.to_path_buf(),
            line: u32::try_from(line_of(bytes, at)).unwrap_or(u32::MAX),
        });
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        not_text(format!(
            "not UTF-8 text (invalid byte at line {}); save it as UTF-8 to index it",
            line_of(bytes, e.valid_up_to())
        ))
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    Ok(unix_line_endings(text))
}

fn unix_line_endings(text: &str) -> String {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    }
}

/// UTF-16 text after its byte-order mark; the error says what is wrong and where.
fn decode_utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, String> {
    if !bytes.len().is_multiple_of(2) {
        return Err("UTF-16 text with an odd number of bytes (cut short?)".to_string());
    }
    let units = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    let mut text = String::with_capacity(bytes.len() / 2);
    for decoded in char::decode_utf16(units) {
        match decoded {
            Ok('\0') => {
                let line = text.matches('\n').count() + 1;
                return Err(format!(
                    "binary file (NUL character at line {line}), not a text source list"
                ));
            }
            Ok(c) => text.push(c),
            Err(_) => {
                let line = text.matches('\n').count() + 1;
                return Err(format!(
                    "not valid UTF-16 text (a lone surrogate at line {line})"
                ));
            }
        }
    }
    Ok(unix_line_endings(&text))
}

fn line_of(bytes: &[u8], offset: usize) -> usize {
    bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(text: &str) -> Source {
        read_source("s", Path::new("s.md"), text, text.len() as u64).expect("parses")
    }

    #[test]
    fn the_stat_signature_changes_with_a_list_or_the_concepts_and_only_then() {
        let dir = tempfile::tempdir().expect("temp dir");
        let write = |name: &str, text: &str| fs::write(dir.path().join(name), text).expect("write");
        write("a.md", "1. What is A?\n");
        let lists = Lists::Dir(dir.path().to_path_buf());
        let first = stat_signature(&lists).expect("signature");
        assert_eq!(stat_signature(&lists).expect("signature"), first);
        // The concepts file counts by its size and time, as a list does: written again
        // with the same length but another time, the signature moves.
        write("concepts.toml", "# none\n");
        let with_concepts = stat_signature(&lists).expect("signature");
        assert_ne!(with_concepts, first);
        let file = fs::File::options()
            .write(true)
            .open(dir.path().join("concepts.toml"))
            .expect("open");
        file.set_modified(std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(7))
            .expect("set time");
        assert_ne!(stat_signature(&lists).expect("signature"), with_concepts);
        // The built-in lists count by the digest compiled in, not by reading them.
        let built_in = stat_signature(&Lists::BuiltIn).expect("signature");
        assert_eq!(
            stat_signature(&Lists::BuiltIn).expect("signature"),
            built_in
        );
        assert_ne!(built_in, first);
    }

    #[test]
    fn repeated_and_restarted_numbers_get_suffixed_ids() {
        let text =
            "## Junior\n1. What is A?\n2. What is B?\n## Senior\n1. What is C?\n1. What is D?\n";
        let ids: Vec<_> = source(text).records.into_iter().map(|r| r.id).collect();
        assert_eq!(ids, ["s:1", "s:2", "s:1-2", "s:1-3"]);
    }

    #[test]
    fn unnumbered_questions_continue_the_count() {
        let text = "- What is A?\n- What is B?\n";
        let records = source(text).records;
        let got: Vec<_> = records.iter().map(|r| (r.id.as_str(), r.number)).collect();
        assert_eq!(got, [("s:1", 1), ("s:2", 2)]);
    }

    #[test]
    fn crlf_and_bom_are_normalised() {
        let text = decode(Path::new("x.md"), b"\xEF\xBB\xBF1. What?\r\n2. Why?\r\n").expect("text");
        assert_eq!(text, "1. What?\n2. Why?\n");
    }

    #[test]
    fn control_characters_and_terminal_escapes_are_removed_with_their_line() {
        let (text, line) =
            strip_controls("ok\nWhat is \x1b[1;31mred\x1b[0m\x07?\x1b]0;title\x07\tend\n");
        assert_eq!(text, "ok\nWhat is red?\tend\n");
        assert_eq!(line, Some(2));
        let (text, line) = strip_controls("clean\ttext\n");
        assert_eq!((text.as_ref(), line), ("clean\ttext\n", None));
    }

    #[test]
    fn utf16_with_a_byte_order_mark_is_read() {
        let little: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(
                "1. What?\r\n2. Caf\u{e9}?\n"
                    .encode_utf16()
                    .flat_map(u16::to_le_bytes),
            )
            .collect();
        let big: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("1. What?\n".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        let path = Path::new("x.md");
        assert_eq!(
            decode(path, &little).expect("LE"),
            "1. What?\n2. Caf\u{e9}?\n"
        );
        assert_eq!(decode(path, &big).expect("BE"), "1. What?\n");
    }

    #[test]
    fn binary_bad_utf16_and_invalid_utf8_are_errors_naming_the_file() {
        for (bytes, wanted) in [
            (&b"\x89PNG\r\n\x1a\n\0\0"[..], "binary file"),
            (&b"\xFF\xFE1\0.\0\n"[..], "odd number of bytes"),
            (&b"\xFF\xFE1\0\n\0\x00\xDC"[..], "lone surrogate at line 2"),
            (&b"1. ok\n2. bad \xC3\x28\n"[..], "invalid byte at line 2"),
        ] {
            let err = decode(Path::new("lists/x.md"), bytes).unwrap_err();
            let message = err.to_string();
            assert!(message.starts_with("lists/x.md: "), "{message}");
            assert!(message.contains(wanted), "{message}");
        }
    }

    #[test]
    fn a_file_without_questions_is_a_warning_naming_it() {
        let source = read_source("s", Path::new("c/s.md"), "# Just a title\n", 15).expect("read");
        assert!(source.records.is_empty());
        let warnings: Vec<String> = source.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(
            warnings,
            [
                "c/s.md: no questions found (expected numbered or bulleted items, or headings \
              ending in '?'); passed over"
            ]
        );
    }

    #[test]
    fn structured_files_are_read_by_their_format() {
        let text = "question,answer,difficulty\nWhat is a mutex?,A lock.,senior\n,orphan,\n";
        let source = read_source("cards", Path::new("c/cards.csv"), text, 0).expect("read");
        let got: Vec<_> = source
            .records
            .iter()
            .map(|r| {
                (
                    r.id.as_str(),
                    r.question.as_str(),
                    r.stated_level.as_deref(),
                )
            })
            .collect();
        assert_eq!(got, [("cards:1", "What is a mutex?", Some("senior"))]);
        let warnings: Vec<String> = source.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(
            warnings,
            ["c/cards.csv:3: this row has no question text; skipped"]
        );
    }

    #[test]
    fn papers_and_hidden_files_are_not_list_names() {
        for name in [
            "LICENSE.md",
            "license.txt",
            "CONTRIBUTING.md",
            "CHANGELOG.md",
            "SECURITY.md",
            ".notes.md",
            "a.png",
        ] {
            assert!(!is_list_name(Path::new(name)), "{name}");
        }
        for name in ["security.md", "cards.CSV", "q.yml", "README.markdown"] {
            assert!(is_list_name(Path::new(name)), "{name}");
        }
    }

    #[test]
    fn source_keys_are_slugs_of_the_file_stem() {
        assert_eq!(
            source_key(Path::new("c/Fundamentals 50.md")),
            "fundamentals-50"
        );
        assert_eq!(source_key(Path::new("c/a:b.txt")), "a-b");
    }
}
