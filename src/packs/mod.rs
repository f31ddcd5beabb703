//! Packs: question lists people publish, brought in with `qbank add` and kept up to
//! date with `qbank update`. Each pack is a folder of the packs directory (beside the
//! per-user indexes) holding the lists taken from its source and a manifest
//! (`.qbank-pack.json`: where it came from, when, the validators to ask whether it
//! changed, the files taken and the licence). The packs directory is read as a corpus
//! with the built-in lists, so a pack's source keys are `NAME/PATH`.
//!
//! A pack is fetched and read into a hidden staging folder beside it and moved into
//! place only when complete: a download or unpack that fails, or is cut short, leaves
//! the packs as they were.

pub mod fetch;
mod unpack;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use crate::corpus::{self, Lists};
pub use fetch::{Limits, Validators};

/// The folder of the per-user data directory that holds the packs.
pub const PACKS: &str = "packs";
/// A pack's manifest, in its folder (hidden: the corpus reader passes it over).
pub const MANIFEST: &str = ".qbank-pack.json";
/// Replaces `https://github.com` for `OWNER/REPO` sources (a mirror).
pub const GITHUB_ENV: &str = "QBANK_GITHUB";
const GITHUB: &str = "https://github.com";

/// The built-in catalogue of well-known lists.
const CATALOGUE: &str = include_str!("catalogue.toml");

#[derive(Debug, thiserror::Error)]
pub enum PackError {
    #[error(
        "'{0}' is not a file or folder here, a URL, OWNER/REPO, or a name from the catalogue \
         (`qbank add --list`)"
    )]
    Source(String),
    #[error("a pack named '{0}' exists; `qbank update {0}` fetches it again, or give --name")]
    Exists(String),
    #[error("no pack named '{0}' (`qbank packs` lists them)")]
    Missing(String),
    #[error(
        "'{0}' cannot name a pack: use letters, digits, '-', '_' and '.', not starting with '.'"
    )]
    BadName(String),
    #[error("{url}: HTTP {status} {reason}")]
    Http {
        url: String,
        status: u16,
        reason: String,
    },
    #[error("cannot download {url}: {detail}")]
    Network { url: String, detail: String },
    #[error("{url} is larger than {} MB (--max-size raises the limit)", limit / 1_000_000)]
    TooLarge { url: String, limit: u64 },
    #[error("refused the archive {archive}: {entry} is {why}")]
    Unsafe {
        archive: String,
        entry: String,
        why: String,
    },
    #[error("cannot read the archive {archive}: {detail}")]
    Archive { archive: String, detail: String },
    #[error("'{path}' is not in {source_name}")]
    NotInSource { path: String, source_name: String },
    #[error("{0} holds no questions qbank can read; nothing added")]
    NoQuestions(String),
    #[error("{}: {error}", path.display())]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error(transparent)]
    Corpus(#[from] corpus::CorpusError),
    #[error("interrupted; the packs are as they were")]
    Interrupted,
}

impl PackError {
    pub fn io(path: &Path, error: std::io::Error) -> PackError {
        PackError::Io {
            path: path.to_path_buf(),
            error,
        }
    }
}

/// Where a pack's lists come from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Origin {
    /// A file at a URL: a list, or an archive of lists (told by its bytes).
    Url { url: String },
    /// A GitHub repository's default branch, as an archive; the files or folders in it
    /// to take (all when empty).
    Github {
        owner: String,
        repo: String,
        paths: Vec<String>,
    },
    /// A file or folder on this machine.
    Local { path: PathBuf },
}

/// What is recorded of a pack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub name: String,
    /// The source as given to `qbank add`.
    pub source: String,
    pub origin: Origin,
    /// The URL the files came from, after redirects.
    pub url: Option<String>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// When it was fetched, RFC 3339 UTC.
    pub fetched: String,
    /// The files taken, relative to the pack's folder.
    pub files: Vec<String>,
    /// The licence file taken with the lists, if the source has one at its top.
    pub licence_file: Option<String>,
    /// The licence as the catalogue states it, for a pack added by name.
    pub licence_stated: Option<String>,
    pub questions: usize,
    pub with_explanation: usize,
}

/// One entry of the catalogue.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CatalogueEntry {
    pub name: String,
    /// `OWNER/REPO` on GitHub.
    pub source: String,
    pub paths: Vec<String>,
    pub licence: String,
    pub description: String,
}

/// The built-in catalogue.
pub fn catalogue() -> Vec<CatalogueEntry> {
    #[derive(Deserialize)]
    struct File {
        pack: Vec<CatalogueEntry>,
    }
    // Compiled in and checked by a test: a parse error cannot reach a user.
    toml::from_str::<File>(CATALOGUE)
        .map(|file| file.pack)
        .unwrap_or_default()
}

/// What `qbank add` was asked for, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    pub origin: Origin,
    /// The pack's name unless `--name` gives one.
    pub name: String,
    pub licence_stated: Option<String>,
}

/// Reads a source as `qbank add` takes it: a file or folder here, a URL (of a list, an
/// archive, or a GitHub repository), `OWNER/REPO[:PATH]`, or a catalogue name.
pub fn resolve(source: &str, current_dir: &Path) -> Result<Resolved, PackError> {
    let source = source.trim();
    let local = current_dir.join(source);
    if !source.is_empty() && local.exists() {
        let path = std::path::absolute(&local).unwrap_or(local);
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        return Ok(Resolved {
            name: corpus::slug(&stem),
            origin: Origin::Local { path },
            licence_stated: None,
        });
    }
    if let Some(rest) = source
        .strip_prefix("https://")
        .or_else(|| source.strip_prefix("http://"))
    {
        let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
        let on_github =
            host.eq_ignore_ascii_case("github.com") || host.eq_ignore_ascii_case("www.github.com");
        if on_github && let Some(resolved) = github_url(path) {
            return Ok(resolved);
        }
        let last = path
            .split(['?', '#'])
            .next()
            .unwrap_or("")
            .rsplit('/')
            .find(|s| !s.is_empty())
            .unwrap_or(host);
        let stem = [
            ".tar.gz",
            ".tgz",
            ".zip",
            ".md",
            ".markdown",
            ".txt",
            ".json",
            ".yaml",
        ]
        .iter()
        .find_map(|ext| last.strip_suffix(ext))
        .unwrap_or(last);
        return Ok(Resolved {
            name: corpus::slug(stem),
            origin: Origin::Url {
                url: source.to_string(),
            },
            licence_stated: None,
        });
    }
    if let Some(entry) = catalogue().into_iter().find(|e| e.name == source) {
        let (owner, repo) = entry
            .source
            .split_once('/')
            .ok_or_else(|| PackError::Source(source.to_string()))?;
        return Ok(Resolved {
            name: entry.name.clone(),
            origin: Origin::Github {
                owner: owner.to_string(),
                repo: repo.to_string(),
                paths: entry.paths.clone(),
            },
            licence_stated: Some(entry.licence),
        });
    }
    let (repository, path) = source.split_once(':').unwrap_or((source, ""));
    if let Some((owner, repo)) = repository.split_once('/')
        && is_github_name(owner)
        && is_github_name(repo)
    {
        return Ok(github(owner, repo, path));
    }
    Err(PackError::Source(source.to_string()))
}

/// `OWNER/REPO`, `OWNER/REPO.git`, `OWNER/REPO/tree/BRANCH/PATH` of a github.com URL;
/// `None` for other pages (a release archive is a plain URL).
fn github_url(path: &str) -> Option<Resolved> {
    let parts: Vec<&str> = path
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .split('/')
        .filter(|p| !p.is_empty())
        .collect();
    match parts.as_slice() {
        [owner, repo] => {
            let (repo, inside) = repo.split_once(':').unwrap_or((repo, ""));
            Some(github(owner, repo.trim_end_matches(".git"), inside))
        }
        [owner, repo, "tree" | "blob", _branch, inside @ ..] => {
            Some(github(owner, repo, &inside.join("/")))
        }
        _ => None,
    }
}

fn github(owner: &str, repo: &str, path: &str) -> Resolved {
    let path = path.trim_matches('/');
    Resolved {
        name: corpus::slug(repo),
        origin: Origin::Github {
            owner: owner.to_string(),
            repo: repo.to_string(),
            paths: if path.is_empty() {
                Vec::new()
            } else {
                vec![path.to_string()]
            },
        },
        licence_stated: None,
    }
}

fn is_github_name(part: &str) -> bool {
    !part.is_empty()
        && part
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && part != "."
        && part != ".."
}

/// A pack's name: what `--source` and `update`/`remove` take, and its folder's name.
pub fn check_name(name: &str) -> Result<(), PackError> {
    let fine = !name.is_empty()
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.'));
    if fine {
        Ok(())
    } else {
        Err(PackError::BadName(name.to_string()))
    }
}

/// What fetching gave: files in the staging folder, or word that nothing changed.
enum Filled {
    Files {
        files: Vec<String>,
        url: Option<String>,
        validators: Validators,
    },
    Unchanged,
}

/// What `update` did to a pack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Updated {
    /// The source says nothing changed (HTTP 304): the pack is as it was.
    Unchanged,
    Replaced(Box<Manifest>),
}

/// Progress of a fetch: bytes downloaded and the total if known.
pub type Progress<'a> = &'a mut dyn FnMut(u64, Option<u64>);

/// The packs directory.
#[derive(Debug, Clone)]
pub struct Packs {
    dir: PathBuf,
}

impl Packs {
    pub fn new(dir: impl Into<PathBuf>) -> Packs {
        Packs { dir: dir.into() }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Whether there is at least one pack: only then is the packs directory a corpus.
    pub fn any(dir: &Path) -> bool {
        fs::read_dir(dir).is_ok_and(|entries| {
            entries
                .flatten()
                .any(|e| !is_hidden(&e.file_name()) && e.path().join(MANIFEST).is_file())
        })
    }

    /// Every pack, by name.
    pub fn list(&self) -> Result<Vec<Manifest>, PackError> {
        let entries = match fs::read_dir(&self.dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(PackError::io(&self.dir, e)),
        };
        let mut packs = Vec::new();
        for entry in entries.flatten() {
            if is_hidden(&entry.file_name()) || !entry.path().join(MANIFEST).is_file() {
                continue;
            }
            packs.push(read_manifest(&entry.path())?);
        }
        packs.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(packs)
    }

    pub fn get(&self, name: &str) -> Result<Manifest, PackError> {
        let folder = self.dir.join(name);
        if check_name(name).is_err() || !folder.join(MANIFEST).is_file() {
            return Err(PackError::Missing(name.to_string()));
        }
        read_manifest(&folder)
    }

    /// Fetches a source into a new pack named `name`.
    pub fn add(
        &self,
        source: &str,
        resolved: &Resolved,
        name: &str,
        limits: Limits,
        progress: Progress,
    ) -> Result<Manifest, PackError> {
        check_name(name)?;
        let folder = self.dir.join(name);
        if folder.exists() {
            return Err(PackError::Exists(name.to_string()));
        }
        // Ctrl-C stops the download at its next read; the staging folder goes with it.
        let _deferral = crate::interrupt::defer();
        let staging = self.staging(name)?;
        let filled = fill(
            &resolved.origin,
            &staging.path,
            &Validators::default(),
            limits,
            progress,
        )?;
        let Filled::Files {
            files,
            url,
            validators,
        } = filled
        else {
            // Nothing was asked to be unchanged against: a server that says 304 anyway
            // gave nothing.
            return Err(PackError::NoQuestions(source.to_string()));
        };
        let manifest = Manifest {
            name: name.to_string(),
            source: source.to_string(),
            origin: resolved.origin.clone(),
            url,
            etag: validators.etag,
            last_modified: validators.last_modified,
            fetched: now(),
            licence_file: licence_in(&files),
            licence_stated: resolved.licence_stated.clone(),
            files,
            questions: 0,
            with_explanation: 0,
        };
        let manifest = finish(&staging.path, manifest, source)?;
        staging.publish(&folder, None)?;
        Ok(manifest)
    }

    /// Fetches a pack's source again: with validators, so that an unchanged source
    /// changes nothing; otherwise the new files replace the pack as a whole.
    pub fn update(
        &self,
        name: &str,
        limits: Limits,
        progress: Progress,
    ) -> Result<Updated, PackError> {
        let old = self.get(name)?;
        let _deferral = crate::interrupt::defer();
        let staging = self.staging(name)?;
        let previous = Validators {
            etag: old.etag.clone(),
            last_modified: old.last_modified.clone(),
        };
        let filled = fill(&old.origin, &staging.path, &previous, limits, progress)?;
        let Filled::Files {
            files,
            url,
            validators,
        } = filled
        else {
            return Ok(Updated::Unchanged);
        };
        let manifest = Manifest {
            url,
            etag: validators.etag,
            last_modified: validators.last_modified,
            fetched: now(),
            licence_file: licence_in(&files),
            files,
            ..old.clone()
        };
        let manifest = finish(&staging.path, manifest, &old.source)?;
        let aside = self.dir.join(format!(".old-{name}-{}", std::process::id()));
        staging.publish(&self.dir.join(name), Some(&aside))?;
        Ok(Updated::Replaced(Box::new(manifest)))
    }

    /// Removes a pack: moved aside (hidden) at once, then deleted.
    pub fn remove(&self, name: &str) -> Result<Manifest, PackError> {
        let manifest = self.get(name)?;
        let folder = self.dir.join(name);
        let aside = self
            .dir
            .join(format!(".removed-{name}-{}", std::process::id()));
        fs::rename(&folder, &aside).map_err(|e| PackError::io(&folder, e))?;
        fs::remove_dir_all(&aside).map_err(|e| PackError::io(&aside, e))?;
        Ok(manifest)
    }

    /// A new staging folder for `name`; what earlier runs left (they were cut short)
    /// is removed first.
    fn staging(&self, name: &str) -> Result<Staging, PackError> {
        fs::create_dir_all(&self.dir).map_err(|e| PackError::io(&self.dir, e))?;
        self.clean_leftovers();
        let path = self
            .dir
            .join(format!(".staging-{name}-{}", std::process::id()));
        if path.exists() {
            fs::remove_dir_all(&path).map_err(|e| PackError::io(&path, e))?;
        }
        fs::create_dir(&path).map_err(|e| PackError::io(&path, e))?;
        Ok(Staging {
            path,
            published: false,
        })
    }

    /// Removes hidden work folders older than an hour: a run that was killed left
    /// them; one younger may belong to a run in progress.
    fn clean_leftovers(&self) {
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let ours = [".staging-", ".old-", ".removed-"]
                .iter()
                .any(|p| name.starts_with(p));
            let old = entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| SystemTime::now().duration_since(t).ok())
                .is_some_and(|age| age.as_secs() > 3600);
            if ours && old {
                let _ = fs::remove_dir_all(entry.path());
            }
        }
    }
}

/// A staging folder, removed unless published.
struct Staging {
    path: PathBuf,
    published: bool,
}

impl Staging {
    /// Moves the staging folder to `folder`; an existing one is first moved to
    /// `aside`, then deleted.
    fn publish(mut self, folder: &Path, aside: Option<&Path>) -> Result<(), PackError> {
        if let Some(aside) = aside {
            fs::rename(folder, aside).map_err(|e| PackError::io(folder, e))?;
            if let Err(e) = fs::rename(&self.path, folder) {
                // Put the old pack back: it keeps serving.
                let _ = fs::rename(aside, folder);
                return Err(PackError::io(folder, e));
            }
            let _ = fs::remove_dir_all(aside);
        } else {
            fs::rename(&self.path, folder).map_err(|e| PackError::io(folder, e))?;
        }
        self.published = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.published {
            let _ = fs::remove_dir_all(&self.path);
        }
    }
}

/// Counts the staged pack's questions (refusing a pack without any) and writes its
/// manifest.
fn finish(staging: &Path, mut manifest: Manifest, source: &str) -> Result<Manifest, PackError> {
    let corpus = match corpus::load(&Lists::Dir(staging.to_path_buf())) {
        Ok(corpus) => corpus,
        Err(corpus::CorpusError::NoSources(_)) => {
            return Err(PackError::NoQuestions(source.to_string()));
        }
        Err(e) => return Err(e.into()),
    };
    let records = corpus.sources.iter().flat_map(|s| &s.records);
    manifest.questions = records.clone().count();
    manifest.with_explanation = records.filter(|r| r.explanation.is_some()).count();
    if manifest.questions == 0 {
        return Err(PackError::NoQuestions(source.to_string()));
    }
    let path = staging.join(MANIFEST);
    let json = serde_json::to_string_pretty(&manifest)
        .map_err(|e| PackError::io(&path, std::io::Error::other(e)))?;
    fs::write(&path, json + "\n").map_err(|e| PackError::io(&path, e))?;
    Ok(manifest)
}

fn read_manifest(folder: &Path) -> Result<Manifest, PackError> {
    let path = folder.join(MANIFEST);
    let text = fs::read_to_string(&path).map_err(|e| PackError::io(&path, e))?;
    serde_json::from_str(&text).map_err(|e| PackError::io(&path, std::io::Error::other(e)))
}

/// Fetches (or copies) the origin's lists into `staging`.
fn fill(
    origin: &Origin,
    staging: &Path,
    previous: &Validators,
    limits: Limits,
    progress: Progress,
) -> Result<Filled, PackError> {
    match origin {
        Origin::Url { url } => download(
            url,
            staging,
            previous,
            limits,
            progress,
            &Default::default(),
        ),
        Origin::Github { owner, repo, paths } => {
            let base = std::env::var(GITHUB_ENV).unwrap_or_else(|_| GITHUB.to_string());
            let url = format!(
                "{}/{owner}/{repo}/archive/HEAD.tar.gz",
                base.trim_end_matches('/')
            );
            let selection = unpack::Selection {
                strip_top: true,
                paths: paths.clone(),
            };
            let filled = download(&url, staging, previous, limits, progress, &selection)?;
            if let Filled::Files { files, .. } = &filled {
                for path in paths {
                    let path = path.trim_matches('/');
                    let found = files
                        .iter()
                        .any(|f| f == path || f.starts_with(&format!("{path}/")));
                    if !found {
                        return Err(PackError::NotInSource {
                            path: path.to_string(),
                            source_name: format!("{owner}/{repo}"),
                        });
                    }
                }
            }
            Ok(filled)
        }
        Origin::Local { path } => copy_local(path, staging, limits.max_bytes),
    }
}

fn download(
    url: &str,
    staging: &Path,
    previous: &Validators,
    limits: Limits,
    progress: Progress,
    selection: &unpack::Selection,
) -> Result<Filled, PackError> {
    let file = staging.join(".download");
    let downloaded = match fetch::get(url, previous, limits, &file, progress)? {
        fetch::Outcome::NotModified => return Ok(Filled::Unchanged),
        fetch::Outcome::Downloaded(downloaded) => downloaded,
    };
    let files = match unpack::kind_of(&file)? {
        unpack::Kind::Plain => {
            let name = list_file_name(&downloaded.final_url);
            let to = staging.join(&name);
            fs::rename(&file, &to).map_err(|e| PackError::io(&to, e))?;
            vec![name]
        }
        kind => {
            let taken = unpack::extract(&file, url, kind, selection, limits.max_bytes, staging);
            let _ = fs::remove_file(&file);
            taken?
        }
    };
    Ok(Filled::Files {
        files,
        url: Some(downloaded.final_url),
        validators: downloaded.validators,
    })
}

/// The name a downloaded list is kept under: the URL's last part, if it names a list,
/// else that part (or `list`) as Markdown.
fn list_file_name(url: &str) -> String {
    let last = url
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .rsplit('/')
        .find(|s| !s.is_empty() && !s.contains(':'))
        .unwrap_or("list");
    let (stem, extension) = last.rsplit_once('.').unwrap_or((last, ""));
    let stem = corpus::slug(stem);
    if corpus::is_list_name(Path::new(last)) && !extension.is_empty() {
        format!("{stem}.{}", extension.to_ascii_lowercase())
    } else {
        format!("{stem}.md")
    }
}

/// Copies a local list, or a folder's lists and the licence at its top.
fn copy_local(path: &Path, staging: &Path, max_bytes: u64) -> Result<Filled, PackError> {
    let mut pairs: Vec<(PathBuf, String)> = Vec::new();
    if path.is_dir() {
        let files = corpus::files(&Lists::Dir(path.to_path_buf()))?;
        for file in files.lists {
            let relative = file
                .path
                .strip_prefix(path)
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .unwrap_or_else(|_| file.name.clone());
            pairs.push((file.path.clone(), relative));
        }
        if let Ok(entries) = fs::read_dir(path) {
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if unpack::is_licence(&name) && entry.path().is_file() {
                    pairs.push((entry.path(), name));
                }
            }
        }
    } else {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "list.md".to_string());
        pairs.push((path.to_path_buf(), name));
    }
    let mut written = 0u64;
    let mut files = Vec::new();
    for (from, relative) in pairs {
        let to = staging.join(&relative);
        if let Some(folder) = to.parent() {
            fs::create_dir_all(folder).map_err(|e| PackError::io(folder, e))?;
        }
        written += fs::copy(&from, &to).map_err(|e| PackError::io(&from, e))?;
        if written > max_bytes {
            return Err(PackError::TooLarge {
                url: path.display().to_string(),
                limit: max_bytes,
            });
        }
        files.push(relative);
    }
    Ok(Filled::Files {
        files,
        url: None,
        validators: Validators::default(),
    })
}

/// The licence file among the files taken.
fn licence_in(files: &[String]) -> Option<String> {
    files
        .iter()
        .find(|f| unpack::is_licence(f.rsplit('/').next().unwrap_or(f)))
        .cloned()
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

fn now() -> String {
    humantime::format_rfc3339_seconds(SystemTime::now()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_reads() {
        let entries = catalogue();
        assert!(entries.len() >= 5);
        for entry in &entries {
            check_name(&entry.name).expect("a pack name");
            assert!(entry.source.split_once('/').is_some(), "{}", entry.source);
            assert!(!entry.licence.is_empty() && !entry.description.is_empty());
        }
    }

    #[test]
    fn sources_are_read_as_users_write_them() {
        let here = Path::new("/nonexistent-dir-for-test");
        let github = |owner: &str, repo: &str, paths: &[&str]| Origin::Github {
            owner: owner.to_string(),
            repo: repo.to_string(),
            paths: paths.iter().map(|p| p.to_string()).collect(),
        };
        let origin = |source: &str| resolve(source, here).map(|r| r.origin);
        assert_eq!(
            origin("owner/repo").ok(),
            Some(github("owner", "repo", &[]))
        );
        assert_eq!(
            origin("owner/repo:topics/devops").ok(),
            Some(github("owner", "repo", &["topics/devops"]))
        );
        assert_eq!(
            origin("https://github.com/owner/repo.git").ok(),
            Some(github("owner", "repo", &[]))
        );
        assert_eq!(
            origin("https://github.com/owner/repo/tree/main/topics").ok(),
            Some(github("owner", "repo", &["topics"]))
        );
        let url = "https://example.com/lists/backend.tar.gz";
        let resolved = resolve(url, here).expect("a URL");
        assert_eq!(resolved.name, "backend");
        assert_eq!(
            resolved.origin,
            Origin::Url {
                url: url.to_string()
            }
        );
        let named = resolve("devops-exercises", here).expect("in the catalogue");
        assert!(named.licence_stated.is_some());
        assert!(matches!(
            resolve("what is this", here),
            Err(PackError::Source(_))
        ));
    }

    #[test]
    fn names_are_folder_safe() {
        assert!(check_name("devops-exercises").is_ok());
        assert!(check_name("a.b_c-1").is_ok());
        for bad in ["", ".hidden", "a/b", "..", "Upper", "with space"] {
            assert!(check_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_downloaded_list_keeps_its_name_when_it_names_a_list() {
        assert_eq!(
            list_file_name("https://x.org/a/Back End.md?raw=1"),
            "back-end.md"
        );
        assert_eq!(list_file_name("https://x.org/a/README"), "readme.md");
        assert_eq!(list_file_name("https://x.org/"), "x.md");
    }
}
