//! The index directory on disk and how a new index replaces the old one.
//!
//! ```text
//! index/
//!   .qbank-index     marker: this directory belongs to qbank
//!   .lock            held by the process that is building
//!   CURRENT          name of the generation that serves queries
//!   gen-<time>-<pid>/  complete Tantivy indexes, one per build
//!   tmp-<time>-<pid>/  a build in progress (or the leftover of an interrupted one)
//! ```
//!
//! A build writes a `tmp-` directory, renames it to `gen-` when complete, then
//! atomically replaces `CURRENT` (write a temporary file, rename it over). Readers read
//! `CURRENT` and open that generation, so they see either the old index or the new one,
//! never a half-built one. Under the lock, a build removes every directory that
//! `CURRENT` does not name: leftovers of interrupted runs and superseded generations.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

const MARKER: &str = ".qbank-index";
const MARKER_TEXT: &str = "This directory holds qbank's search index; `qbank index` rebuilds it.\n";
const LOCK: &str = ".lock";
const CURRENT: &str = "CURRENT";
const GENERATION_PREFIX: &str = "gen-";
const TEMPORARY_PREFIX: &str = "tmp-";
/// Files a directory may hold and still be taken over as a new index directory.
const HARMLESS: &[&str] = &[".gitkeep", ".gitignore", ".DS_Store"];

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{}: {error}", path.display())]
    Io { path: PathBuf, error: io::Error },
    #[error(
        "{} is not a qbank index directory (it has files but no {MARKER} marker); \
         choose another --index directory, or empty this one",
        .0.display()
    )]
    Foreign(PathBuf),
    #[error(
        "{} is not a directory; choose another --index directory",
        .0.display()
    )]
    NotADirectory(PathBuf),
    #[error(
        "{} looks like a qbank index directory but its {MARKER} marker is missing; \
         run `qbank index --force` to take it back",
        .0.display()
    )]
    MarkerMissing(PathBuf),
}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> StoreError + '_ {
    move |source| StoreError::Io {
        path: path.to_path_buf(),
        error: source,
    }
}

/// An index directory owned by qbank.
#[derive(Debug, Clone)]
pub struct Store {
    root: PathBuf,
}

impl Store {
    pub fn new(root: &Path) -> Store {
        Store {
            root: root.to_path_buf(),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The generation directory `CURRENT` names, if there is one.
    pub fn current(&self) -> Result<Option<PathBuf>, StoreError> {
        let path = self.root.join(CURRENT);
        match fs::read_to_string(&path) {
            Ok(name) => {
                let name = name.trim();
                let valid = name.starts_with(GENERATION_PREFIX)
                    && !name.contains(['/', '\\'])
                    && name != "."
                    && name != "..";
                Ok(valid.then(|| self.root.join(name)))
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) if e.kind() == io::ErrorKind::NotADirectory => Ok(None),
            Err(e) => Err(io_error(&path)(e)),
        }
    }

    /// Whether a `CURRENT` file is there, naming a generation or not.
    pub fn has_current_file(&self) -> bool {
        self.root.join(CURRENT).is_file()
    }

    /// Creates the directory (and its marker) if needed, refusing one that holds
    /// anything qbank did not put there. With `adopt`, a directory whose marker is gone
    /// but which holds only what qbank writes (generations, `CURRENT`, the lock) is
    /// taken back; a directory with anything else never is.
    pub fn prepare(&self, adopt: bool) -> Result<(), StoreError> {
        if self.root.exists() && !self.root.is_dir() {
            return Err(StoreError::NotADirectory(self.root.clone()));
        }
        fs::create_dir_all(&self.root).map_err(io_error(&self.root))?;
        let marker = self.root.join(MARKER);
        if marker.exists() {
            return Ok(());
        }
        let mut looks_like_ours = false;
        for entry in fs::read_dir(&self.root).map_err(io_error(&self.root))? {
            let entry = entry.map_err(io_error(&self.root))?;
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if HARMLESS.contains(&name.as_ref()) {
                continue;
            }
            if is_ours(&name) || name == LOCK {
                looks_like_ours = true;
                continue;
            }
            return Err(StoreError::Foreign(self.root.clone()));
        }
        if looks_like_ours && !adopt {
            return Err(StoreError::MarkerMissing(self.root.clone()));
        }
        fs::write(&marker, MARKER_TEXT).map_err(io_error(&marker))
    }

    /// Takes the build lock, waiting for another build to finish first. `on_wait` runs
    /// once if the lock is busy. The lock is released when the returned file is dropped
    /// (also when the process dies).
    pub fn lock(&self, on_wait: impl FnOnce()) -> Result<File, StoreError> {
        let path = self.root.join(LOCK);
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(io_error(&path))?;
        match file.try_lock() {
            Ok(()) => return Ok(file),
            Err(fs::TryLockError::WouldBlock) => on_wait(),
            Err(fs::TryLockError::Error(e)) => return Err(io_error(&path)(e)),
        }
        file.lock().map_err(io_error(&path))?;
        Ok(file)
    }

    /// A fresh directory to build a new generation in. Call with the lock held.
    pub fn new_build_dir(&self) -> Result<PathBuf, StoreError> {
        let stamp = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let path = self
            .root
            .join(format!("{TEMPORARY_PREFIX}{stamp}-{}", std::process::id()));
        fs::create_dir(&path).map_err(io_error(&path))?;
        Ok(path)
    }

    /// Makes a complete build the current generation. Call with the lock held.
    pub fn publish(&self, build_dir: &Path) -> Result<PathBuf, StoreError> {
        let name = build_dir
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_prefix(TEMPORARY_PREFIX))
            .map(|n| format!("{GENERATION_PREFIX}{n}"))
            .ok_or_else(|| StoreError::Io {
                path: build_dir.to_path_buf(),
                error: io::Error::other("not a build directory"),
            })?;
        let generation = self.root.join(&name);
        fs::rename(build_dir, &generation).map_err(io_error(build_dir))?;
        sync_dir(&self.root);
        let pending = self
            .root
            .join(format!("{CURRENT}.{}.tmp", std::process::id()));
        let mut file = File::create(&pending).map_err(io_error(&pending))?;
        file.write_all(format!("{name}\n").as_bytes())
            .and_then(|()| file.sync_all())
            .map_err(io_error(&pending))?;
        fs::rename(&pending, self.root.join(CURRENT)).map_err(io_error(&pending))?;
        sync_dir(&self.root);
        Ok(generation)
    }

    /// Removes build leftovers and superseded generations: everything but the current
    /// generation. Call with the lock held. Failures are ignored: a file still in use
    /// (on some systems) is simply removed by a later build.
    pub fn clean(&self) {
        let current = self.current().ok().flatten();
        let Ok(entries) = fs::read_dir(&self.root) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name();
            let name = name.to_string_lossy();
            let leftover = name.starts_with(GENERATION_PREFIX)
                || name.starts_with(TEMPORARY_PREFIX)
                || (name.starts_with(CURRENT) && name.ends_with(".tmp"));
            if leftover && Some(&path) != current.as_ref() {
                remove(&path);
            }
        }
    }

    /// Removes everything qbank wrote here but the marker and the lock, the current
    /// generation and `CURRENT` included: `qbank index --force` starting over from a
    /// damaged index. Call with the lock held.
    pub fn reset(&self) {
        let Ok(entries) = fs::read_dir(&self.root) else {
            return;
        };
        for entry in entries.flatten() {
            if is_ours(&entry.file_name().to_string_lossy()) {
                remove(&entry.path());
            }
        }
    }

    /// Names of build leftovers present now (for tests and `info`).
    pub fn leftovers(&self) -> Vec<String> {
        let current = self.current().ok().flatten();
        fs::read_dir(&self.root)
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| Some(e.path()) != current)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(GENERATION_PREFIX) || n.starts_with(TEMPORARY_PREFIX))
            .collect()
    }
}

/// Names qbank writes in an index directory (besides the marker and the lock).
fn is_ours(name: &str) -> bool {
    name.starts_with(GENERATION_PREFIX)
        || name.starts_with(TEMPORARY_PREFIX)
        || name.starts_with(CURRENT)
}

fn remove(path: &Path) {
    let _ = if path.is_dir() {
        fs::remove_dir_all(path)
    } else {
        fs::remove_file(path)
    };
}

/// Makes a rename durable. Not every platform can open a directory for this; where it
/// cannot, the rename is still atomic, only not yet flushed.
fn sync_dir(dir: &Path) {
    if let Ok(file) = File::open(dir) {
        let _ = file.sync_all();
    }
}
