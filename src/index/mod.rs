//! Building the Tantivy index from the corpus, and opening it for queries.

mod schema;
mod store;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use tantivy::indexer::NoMergePolicy;
use tantivy::{Index, IndexReader, ReloadPolicy};

pub use schema::{ANSWERED, Fields, schema, spelt_id};
pub use store::{Store, StoreError};

use crate::classify;
use crate::concepts::Concepts;
use crate::corpus::{self, Corpus, CorpusError, Lists};
use crate::duplicates;
use crate::interrupt::{self, Interrupted};
use crate::question::Question;
use crate::stats::Stats;

/// Bumped whenever parsing, classification or the schema change what an index holds,
/// so that indexes built by an older qbank are rebuilt (16: columns that spell a
/// question's id).
pub const FORMAT: u32 = 16;

/// What qbank stores with each index (as the Tantivy commit payload): how it was built
/// and from what, and the counts `stats` prints.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub qbank_version: String,
    /// Seconds since the Unix epoch.
    pub built_at: u64,
    /// The corpus, as `qbank info` names it.
    #[serde(alias = "corpus_dir")]
    pub corpus: String,
    pub content_hash: String,
    pub stat_signature: String,
    pub stats: Stats,
}

#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error(transparent)]
    Corpus(#[from] CorpusError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("no index in {} yet; run `qbank index` to build it", .0.display())]
    Missing(PathBuf),
    #[error(
        "the index in {} cannot be read ({detail}); run `qbank index --force` to rebuild it",
        path.display()
    )]
    Unreadable { path: PathBuf, detail: String },
    #[error("cannot write the index in {}: {error}", path.display())]
    Write {
        path: PathBuf,
        error: tantivy::TantivyError,
    },
    #[error(transparent)]
    Interrupted(#[from] Interrupted),
}

/// An open index, ready for queries.
pub struct OpenIndex {
    pub index: Index,
    pub reader: IndexReader,
    pub fields: Fields,
    pub manifest: Manifest,
    /// The generation directory being read.
    pub path: PathBuf,
}

/// What a build did.
pub struct BuildReport {
    pub corpus: Corpus,
    pub manifest: Manifest,
    pub path: PathBuf,
}

/// Reads the corpus, classifies it and writes a new index generation, then makes it the
/// current one. Any error leaves the previous index in place.
pub fn build(
    corpus: &Lists,
    index_dir: &Path,
    on_wait: impl FnOnce(),
    progress: impl FnMut(Phase, usize, usize),
) -> Result<BuildReport, IndexError> {
    build_with(corpus, index_dir, Start::Keep, on_wait, progress)
}

/// The steps of a build, in order, as its progress reports them: with how many of how
/// many files (reading) or questions (writing) are done; the steps between report
/// only that they started.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Reading,
    Classifying,
    Duplicates,
    Writing,
}

impl Phase {
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Reading => "reading source lists",
            Phase::Classifying => "classifying questions",
            Phase::Duplicates => "finding duplicates",
            Phase::Writing => "writing the index",
        }
    }
}

/// What a build does with the index already there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// Keep it serving until the new one is complete.
    Keep,
    /// Remove it first, and take back a qbank directory whose marker is gone: for an
    /// index too damaged to keep (`qbank index --force`).
    Over,
}

pub fn build_with(
    corpus: &Lists,
    index_dir: &Path,
    start: Start,
    on_wait: impl FnOnce(),
    progress: impl FnMut(Phase, usize, usize),
) -> Result<BuildReport, IndexError> {
    // A corpus that is not there leaves no index directory behind.
    corpus::files(corpus)?;
    let first = !index_dir.exists();
    let store = Store::new(index_dir);
    store.prepare(start == Start::Over)?;
    let lock = store.lock(on_wait)?;
    let built = build_locked(&store, corpus, start, progress);
    drop(lock);
    unless_first_failed(index_dir, first, built)
}

/// A first build that fails (a list that cannot be read, a full disk) leaves no index
/// directory behind: there was none before it.
fn unless_first_failed<T>(
    index_dir: &Path,
    first: bool,
    built: Result<T, IndexError>,
) -> Result<T, IndexError> {
    if built.is_err() && first {
        let _ = std::fs::remove_dir_all(index_dir);
    }
    built
}

/// Rebuilds a stale or missing index, as a command that reads the index does. When
/// another process holds the build lock, it waits, and then builds only if the index
/// is still not fresh: the other process was most likely rebuilding it from the same
/// corpus, and several searches started after an edit should not rebuild in turn.
/// Returns `None` when there was nothing left to build.
pub fn rebuild(
    corpus: &Lists,
    index_dir: &Path,
    on_wait: impl FnOnce(),
    progress: impl FnMut(Phase, usize, usize),
) -> Result<Option<BuildReport>, IndexError> {
    corpus::files(corpus)?;
    let first = !index_dir.exists();
    let store = Store::new(index_dir);
    store.prepare(false)?;
    let mut waited = false;
    let lock = store.lock(|| {
        waited = true;
        on_wait();
    })?;
    if waited {
        let fresh = open(index_dir)
            .ok()
            .is_some_and(|open| freshness(&open, corpus).is_ok_and(|f| f == Freshness::Fresh));
        if fresh {
            return Ok(None);
        }
    }
    let built = build_locked(&store, corpus, Start::Keep, progress).map(Some);
    drop(lock);
    unless_first_failed(index_dir, first, built)
}

/// The build itself, with the lock held.
fn build_locked(
    store: &Store,
    lists: &Lists,
    start: Start,
    mut progress: impl FnMut(Phase, usize, usize),
) -> Result<BuildReport, IndexError> {
    // From here on Ctrl-C waits for a check, so that nothing half-written stays.
    let _deferral = interrupt::defer();
    interrupt::check()?;
    store.clean();
    let stat_signature = corpus::stat_signature(lists)?;
    let mut corpus =
        corpus::load_with_progress(lists, |done, total| progress(Phase::Reading, done, total))?;
    interrupt::check()?;
    let records = corpus.take_records_by_source();
    progress(Phase::Classifying, 0, records.iter().map(Vec::len).sum());
    let mut questions: Vec<Question> = classify::classify_parts(records, &corpus.overrides);
    interrupt::check()?;
    progress(Phase::Duplicates, 0, questions.len());
    duplicates::group(&mut questions);
    interrupt::check()?;
    // A concepts file that cannot be read is reported by `qbank index` before it
    // builds; a build started by a search tags with the built-in concepts then.
    let concepts = Concepts::for_corpus(lists).unwrap_or_else(|_| Concepts::built_in());
    // Tagged on every core: each question's tags are its own.
    questions.par_iter_mut().for_each(|question| {
        let text = match &question.title {
            Some(title) => format!("{title}. {}", question.question),
            None => question.question.clone(),
        };
        question.concepts = concepts.tags(&text);
    });
    let manifest = Manifest {
        format: FORMAT,
        qbank_version: env!("CARGO_PKG_VERSION").to_string(),
        built_at: SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs()),
        corpus: lists.to_string(),
        content_hash: corpus.content_hash.clone(),
        stat_signature,
        stats: Stats::new(&corpus, &questions),
    };
    if start == Start::Over {
        // Only now that the corpus has been read: a bad corpus leaves the index as it was.
        store.reset();
    }
    let build_dir = store.new_build_dir()?;
    let total = questions.len();
    let written = write_generation(&build_dir, questions, &manifest, |done| {
        progress(Phase::Writing, done, total);
    })
    .and_then(|()| {
        concepts
            .save(&build_dir)
            .map_err(|e| BuildStop::Tantivy(tantivy::TantivyError::IoError(e.into())))
    });
    if written.is_err() || interrupt::requested() {
        // Nothing of a failed or interrupted build stays behind.
        let _ = std::fs::remove_dir_all(&build_dir);
    }
    match written {
        Err(BuildStop::Interrupted) => return Err(Interrupted.into()),
        Err(BuildStop::Tantivy(source)) => {
            return Err(IndexError::Write {
                path: build_dir,
                error: source,
            });
        }
        Ok(()) => interrupt::check()?,
    }
    let path = store.publish(&build_dir)?;
    store.clean();
    Ok(BuildReport {
        corpus,
        manifest,
        path,
    })
}

/// Why writing a generation stopped.
enum BuildStop {
    Interrupted,
    Tantivy(tantivy::TantivyError),
}

impl From<tantivy::TantivyError> for BuildStop {
    fn from(e: tantivy::TantivyError) -> Self {
        BuildStop::Tantivy(e)
    }
}

/// From this many questions on, the index is written by several threads.
const MANY_QUESTIONS: usize = 100_000;
const MAX_WRITER_THREADS: usize = 4;
/// Memory each writer thread fills before it writes a segment (Tantivy's unit: bytes).
const WRITER_BUDGET_PER_THREAD: usize = 64_000_000;

/// Documents written between two checks for Ctrl-C.
const CHECK_EVERY: usize = 1024;

fn write_generation(
    dir: &Path,
    mut questions: Vec<Question>,
    manifest: &Manifest,
    mut written: impl FnMut(usize),
) -> Result<(), BuildStop> {
    let index = Index::create_in_dir(dir, schema())?;
    schema::register_analyzers(&index);
    let fields = Fields::new(&index.schema())?;
    // One thread keeps one segment, and documents in corpus order, for a small corpus; a
    // large one is written by every core, each with its own memory budget.
    let threads = if questions.len() < MANY_QUESTIONS {
        1
    } else {
        std::thread::available_parallelism().map_or(1, |n| n.get().min(MAX_WRITER_THREADS))
    };
    let mut writer: tantivy::IndexWriter =
        index.writer_with_num_threads(threads, threads * WRITER_BUDGET_PER_THREAD)?;
    // No merges while writing: they would hold the questions and two copies of the
    // segments they merge at once; the segments are merged once, below.
    writer.set_merge_policy(Box::new(NoMergePolicy));
    add_documents(&mut writer, &fields, &mut questions, &mut written)?;
    let payload = serde_json::to_string(manifest)
        .map_err(|e| tantivy::TantivyError::InternalError(e.to_string()))?;
    written(questions.len());
    let mut commit = writer.prepare_commit()?;
    commit.set_payload(&payload);
    commit.commit()?;
    // Several threads leave several segments, and every search opens each of them and
    // looks each word up in each (at 1M, eight segments cost a search 2 to 4 ms more
    // than one). They are merged into one, with the questions' last text let go
    // first: the merge then adds nothing to the build's peak memory.
    drop(questions);
    let segments = index.searchable_segment_ids()?;
    if segments.len() > 1 {
        interrupt::check().map_err(|_| BuildStop::Interrupted)?;
        writer.merge(&segments).wait()?;
    }
    writer.wait_merging_threads()?;
    Ok(())
}

/// Adds the questions in corpus order, letting each one's text go once it is in the
/// writer (what a later question borrows excepted), so that the corpus and the
/// writer's buffers do not peak together.
fn add_documents(
    writer: &mut tantivy::IndexWriter,
    fields: &Fields,
    questions: &mut [Question],
    written: &mut impl FnMut(usize),
) -> Result<(), BuildStop> {
    let at: HashMap<&str, usize> = questions
        .iter()
        .enumerate()
        .map(|(i, q)| (q.id.as_str(), i))
        .collect();
    // Whose explanation each question borrows (`duplicates::group`), and where each
    // cluster's canonical member is (its id is the cluster's).
    let lender: Vec<Option<usize>> = questions
        .iter()
        .map(|q| {
            q.explanation_from
                .as_deref()
                .and_then(|from| at.get(from).copied())
        })
        .collect();
    let cluster_at: Vec<u64> = questions
        .iter()
        .enumerate()
        .map(|(i, q)| at.get(q.cluster.as_str()).copied().unwrap_or(i) as u64)
        .collect();
    drop(at);
    let mut lends = vec![false; questions.len()];
    for &j in lender.iter().flatten() {
        lends[j] = true;
    }
    for i in 0..questions.len() {
        if i % CHECK_EVERY == 0 {
            if interrupt::requested() {
                return Err(BuildStop::Interrupted);
            }
            written(i);
        }
        let lent = lender[i].and_then(|j| questions[j].explanation.as_deref());
        writer.add_document(fields.document((i as u64, cluster_at[i]), &questions[i], lent))?;
        let_go(&mut questions[i], lends[i]);
    }
    Ok(())
}

/// Frees a written question's text, its explanation kept when another borrows it.
fn let_go(question: &mut Question, keep_explanation: bool) {
    let Question {
        id,
        source,
        question,
        title,
        code,
        explanation,
        section,
        cluster,
        duplicates,
        explanation_from,
        concepts,
        ..
    } = question;
    for text in [id, source, question, cluster] {
        *text = String::new();
    }
    for text in [title, code, section, explanation_from] {
        *text = None;
    }
    if !keep_explanation {
        *explanation = None;
    }
    *duplicates = Vec::new();
    *concepts = Vec::new();
}

/// Opens the current index generation. A generation replaced between reading `CURRENT`
/// and opening it is retried with the new one.
pub fn open(index_dir: &Path) -> Result<OpenIndex, IndexError> {
    // Said before anything is built: a file given as the index directory.
    if index_dir.exists() && !index_dir.is_dir() {
        return Err(StoreError::NotADirectory(index_dir.to_path_buf()).into());
    }
    let store = Store::new(index_dir);
    let mut last_error = None;
    for _ in 0..3 {
        let Some(path) = store.current()? else {
            if store.has_current_file() {
                return Err(IndexError::Unreadable {
                    path: index_dir.to_path_buf(),
                    detail: "its CURRENT file names no generation".to_string(),
                });
            }
            return Err(IndexError::Missing(index_dir.to_path_buf()));
        };
        match open_generation(&path) {
            Ok(open) => return Ok(open),
            Err(detail) => last_error = Some((path, detail)),
        }
    }
    let (path, detail) = last_error.unwrap_or_else(|| (index_dir.to_path_buf(), String::new()));
    Err(IndexError::Unreadable { path, detail })
}

thread_local! {
    static OPENING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether the current thread is opening an index, where a panic is expected and handled:
/// Tantivy can panic on a damaged file (a truncated footer), which makes the index
/// unreadable, not the program broken. A panic hook may stay quiet for those.
pub fn panic_is_handled() -> bool {
    OPENING.with(std::cell::Cell::get)
}

fn open_generation(path: &Path) -> Result<OpenIndex, String> {
    OPENING.with(|o| o.set(true));
    let opened = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| open_files(path)));
    OPENING.with(|o| o.set(false));
    opened.unwrap_or_else(|payload| {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        // The first line of Tantivy's message says what it met; the rest is its state.
        let what = what.lines().next().unwrap_or_default().chars().take(100);
        Err(format!("a damaged file: {}", what.collect::<String>()))
    })
}

/// What is wrong with an index Tantivy cannot open, in a few words: which file, not
/// Tantivy's debug dump of its error.
fn damage(error: &tantivy::TantivyError) -> String {
    use tantivy::TantivyError;
    use tantivy::directory::error::OpenReadError;
    match error {
        TantivyError::OpenReadError(OpenReadError::FileDoesNotExist(path)) => {
            format!("{} is missing", path.display())
        }
        TantivyError::OpenReadError(OpenReadError::IoError { filepath, .. }) => {
            format!("{} is damaged", filepath.display())
        }
        TantivyError::OpenReadError(OpenReadError::IncompatibleIndex(_)) => {
            "it was written in a format this version cannot read".to_string()
        }
        TantivyError::DataCorruption(_) => {
            // Its fields are private; its message names the file as in file `"name"`.
            let text = error.to_string();
            let file = text
                .split_once("in file `")
                .and_then(|(_, rest)| rest.split_once('`'))
                .map(|(file, _)| file.trim_matches('"').to_string());
            match file {
                Some(file) => format!("{file} is damaged"),
                None => "a file is damaged".to_string(),
            }
        }
        other => {
            let text = other.to_string();
            text.lines()
                .next()
                .unwrap_or_default()
                .chars()
                .take(100)
                .collect()
        }
    }
}

fn open_files(path: &Path) -> Result<OpenIndex, String> {
    let index = Index::open_in_dir(path).map_err(|e| damage(&e))?;
    if index.schema() != schema() {
        return Err("it was built by another version of qbank".to_string());
    }
    schema::register_analyzers(&index);
    let fields = Fields::new(&index.schema()).map_err(|e| e.to_string())?;
    let payload = index
        .load_metas()
        .map_err(|e| damage(&e))?
        .payload
        .ok_or("it has no qbank manifest")?;
    let manifest: Manifest =
        serde_json::from_str(&payload).map_err(|e| format!("unreadable manifest: {e}"))?;
    let reader = index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()
        .map_err(|e: tantivy::TantivyError| damage(&e))?;
    Ok(OpenIndex {
        index,
        reader,
        fields,
        manifest,
        path: path.to_path_buf(),
    })
}

/// Whether an index still matches the corpus it was built from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Freshness {
    Fresh,
    Stale(String),
}

/// Compares the index with the corpus: first by file names, sizes and times (no
/// reading), then, if those differ, by content, so a `touch` alone does not rebuild.
pub fn freshness(open: &OpenIndex, corpus: &Lists) -> Result<Freshness, CorpusError> {
    let manifest = &open.manifest;
    if manifest.format != FORMAT || manifest.qbank_version != env!("CARGO_PKG_VERSION") {
        return Ok(Freshness::Stale(format!(
            "it was built by qbank {} (index format {})",
            manifest.qbank_version, manifest.format
        )));
    }
    let signature = corpus::stat_signature(corpus)?;
    if signature == manifest.stat_signature
        || seen_unchanged(&open.path).is_some_and(|seen| seen == signature)
    {
        return Ok(Freshness::Fresh);
    }
    Ok(if corpus::content_hash(corpus)? == manifest.content_hash {
        remember_unchanged(&open.path, &signature);
        Freshness::Fresh
    } else {
        Freshness::Stale("the corpus has changed since it was built".to_string())
    })
}

/// A file of the generation directory: the stat signature the corpus was last found to
/// have with its contents unchanged, so that after a `touch` (a checkout, an editor
/// saving an unchanged file) the lists are read and hashed once, not at every command.
const SEEN_UNCHANGED: &str = "unchanged-stat-signature";

fn seen_unchanged(generation: &Path) -> Option<String> {
    std::fs::read_to_string(generation.join(SEEN_UNCHANGED)).ok()
}

/// Best effort, written whole or not at all: an index a command cannot write to only
/// hashes the lists again next time.
fn remember_unchanged(generation: &Path, signature: &str) {
    let Ok(mut file) = tempfile::NamedTempFile::new_in(generation) else {
        return;
    };
    if std::io::Write::write_all(&mut file, signature.as_bytes()).is_ok() {
        let _ = file.persist(generation.join(SEEN_UNCHANGED));
    }
}
