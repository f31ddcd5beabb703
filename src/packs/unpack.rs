//! Archives (`.tar.gz`, `.zip`) opened with care: nothing in one is executed or linked,
//! and nothing lands outside the folder it is unpacked into. An entry with `..`, an
//! absolute path, or a link (symbolic or hard) that points outside the archive refuses
//! the whole archive, named in the error; links inside it are passed over. Only source
//! lists, and a licence near the top, are taken.

use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};

use super::PackError;
use crate::corpus;

/// What a downloaded file is, by its first bytes (a URL's name can say anything).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    TarGz,
    Zip,
    /// Not an archive: a list itself.
    Plain,
}

pub fn kind_of(path: &Path) -> Result<Kind, PackError> {
    let mut head = [0u8; 4];
    let mut file = File::open(path).map_err(|e| PackError::io(path, e))?;
    let n = file.read(&mut head).map_err(|e| PackError::io(path, e))?;
    Ok(match &head[..n] {
        [0x1f, 0x8b, ..] => Kind::TarGz,
        [b'P', b'K', 3, 4] | [b'P', b'K', 5, 6] => Kind::Zip,
        _ => Kind::Plain,
    })
}

/// Which entries to take.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Drop the first folder of every path (a GitHub archive holds `REPO-BRANCH/…`).
    pub strip_top: bool,
    /// Files or folders to take (after stripping), `/`-separated; all when empty.
    pub paths: Vec<String>,
}

/// One entry of an archive, as read.
enum Entry<'a> {
    File(Box<dyn Read + 'a>),
    Folder,
    /// A link to `target` (relative to the link's folder if symbolic, to the archive's
    /// top if hard).
    Link {
        target: PathBuf,
        hard: bool,
    },
    /// Devices, FIFOs and the like: never made.
    Other,
}

/// Unpacks the lists of `archive` (named `name` in errors) into `into`, which must
/// exist; returns the files taken, relative to `into`, `/`-separated.
pub fn extract(
    archive: &Path,
    name: &str,
    kind: Kind,
    selection: &Selection,
    max_bytes: u64,
    into: &Path,
) -> Result<Vec<String>, PackError> {
    let mut taker = Taker {
        name,
        selection,
        max_bytes,
        into,
        written: 0,
        taken: Vec::new(),
    };
    let file = File::open(archive).map_err(|e| PackError::io(archive, e))?;
    let bad = |detail: String| PackError::Archive {
        archive: name.to_string(),
        detail,
    };
    match kind {
        Kind::TarGz => {
            let mut tar = tar::Archive::new(flate2::read::GzDecoder::new(file));
            for entry in tar.entries().map_err(|e| bad(e.to_string()))? {
                let mut entry = entry.map_err(|e| bad(e.to_string()))?;
                let path = entry.path().map_err(|e| bad(e.to_string()))?.into_owned();
                let link = entry
                    .link_name()
                    .map_err(|e| bad(e.to_string()))?
                    .map(|l| l.into_owned());
                let kind = entry.header().entry_type();
                let read = if kind.is_dir() {
                    Entry::Folder
                } else if kind.is_symlink() || kind.is_hard_link() {
                    Entry::Link {
                        target: link.unwrap_or_default(),
                        hard: kind.is_hard_link(),
                    }
                } else if kind.is_file() {
                    Entry::File(Box::new(&mut entry))
                } else {
                    Entry::Other
                };
                taker.take(&path, read)?;
            }
        }
        Kind::Zip => {
            let mut zip = zip::ZipArchive::new(file).map_err(|e| bad(e.to_string()))?;
            for i in 0..zip.len() {
                let mut entry = zip.by_index(i).map_err(|e| bad(e.to_string()))?;
                // Zip names use `/`; a `\` is read as one too, so that `..\x` is seen.
                let name = entry.name().map_err(|e| bad(e.to_string()))?;
                let path = PathBuf::from(name.replace('\\', "/"));
                let read = if entry.is_dir() {
                    Entry::Folder
                } else if entry.is_symlink() {
                    let mut target = String::new();
                    entry
                        .read_to_string(&mut target)
                        .map_err(|e| bad(e.to_string()))?;
                    Entry::Link {
                        target: PathBuf::from(target.replace('\\', "/")),
                        hard: false,
                    }
                } else if entry.is_file() {
                    Entry::File(Box::new(&mut entry))
                } else {
                    Entry::Other
                };
                taker.take(&path, read)?;
            }
        }
        Kind::Plain => return Err(bad("not an archive".to_string())),
    }
    Ok(taker.taken)
}

struct Taker<'a> {
    name: &'a str,
    selection: &'a Selection,
    max_bytes: u64,
    into: &'a Path,
    written: u64,
    taken: Vec<String>,
}

impl Taker<'_> {
    fn refuse(&self, entry: &Path, why: &str) -> PackError {
        PackError::Unsafe {
            archive: self.name.to_string(),
            entry: entry.display().to_string(),
            why: why.to_string(),
        }
    }

    fn take(&mut self, path: &Path, entry: Entry) -> Result<(), PackError> {
        let parts = inside(path).map_err(|why| self.refuse(path, why))?;
        if let Entry::Link { target, hard } = &entry {
            let points_inside = if *hard {
                inside(target).is_ok()
            } else {
                let folder = &parts[..parts.len().saturating_sub(1)];
                resolves_inside(folder, target)
            };
            if !points_inside {
                return Err(self.refuse(path, "a link that points outside the archive"));
            }
            // A link inside is passed over: a pack holds plain files only.
            return Ok(());
        }
        let Entry::File(mut reader) = entry else {
            return Ok(());
        };
        let parts = if self.selection.strip_top {
            &parts[1.min(parts.len())..]
        } else {
            &parts[..]
        };
        let relative = parts.join("/");
        if relative.is_empty() || !self.wanted(&relative) {
            return Ok(());
        }
        let target = self.into.join(&relative);
        if let Some(folder) = target.parent() {
            fs::create_dir_all(folder).map_err(|e| PackError::io(folder, e))?;
        }
        let mut file = File::create_new(&target).map_err(|e| PackError::io(&target, e))?;
        let room = self.max_bytes.saturating_sub(self.written);
        let copied = io::copy(&mut reader.by_ref().take(room + 1), &mut file).map_err(|e| {
            PackError::Archive {
                archive: self.name.to_string(),
                detail: format!("{relative}: {e}"),
            }
        })?;
        self.written += copied;
        if copied > room {
            return Err(PackError::TooLarge {
                url: self.name.to_string(),
                limit: self.max_bytes,
            });
        }
        self.taken.push(relative);
        Ok(())
    }

    /// A list inside the selection, or a licence at the top (or in the one folder an
    /// archive usually wraps everything in).
    fn wanted(&self, relative: &str) -> bool {
        let name = relative.rsplit('/').next().unwrap_or(relative);
        if relative.matches('/').count() <= 1 && is_licence(name) {
            return true;
        }
        let selected = self.selection.paths.is_empty()
            || self.selection.paths.iter().any(|p| {
                let p = p.trim_matches('/');
                relative == p || relative.starts_with(&format!("{p}/"))
            });
        selected && corpus::is_list_name(Path::new(relative))
    }
}

/// A licence file's name: `LICENSE`, `LICENCE`, `COPYING`, with any extension.
pub fn is_licence(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    ["LICENSE", "LICENCE", "COPYING"]
        .iter()
        .any(|l| upper.starts_with(l))
}

/// The path's parts, when it stays inside the folder it is read in: no root, no drive,
/// no `..`.
fn inside(path: &Path) -> Result<Vec<String>, &'static str> {
    let mut parts = Vec::new();
    for component in path.components() {
        match component {
            Component::Normal(part) => parts.push(part.to_string_lossy().into_owned()),
            Component::CurDir => {}
            Component::ParentDir => return Err("a path with '..'"),
            Component::RootDir | Component::Prefix(_) => return Err("an absolute path"),
        }
    }
    Ok(parts)
}

/// Whether a symbolic link in `folder` (parts below the archive's top) to `target`
/// stays inside the archive.
fn resolves_inside(folder: &[String], target: &Path) -> bool {
    let mut depth: Vec<&std::ffi::OsStr> = folder.iter().map(std::ffi::OsStr::new).collect();
    for component in target.components() {
        match component {
            Component::Normal(part) => depth.push(part),
            Component::CurDir => {}
            Component::ParentDir => {
                if depth.pop().is_none() {
                    return false;
                }
            }
            Component::RootDir | Component::Prefix(_) => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_links_must_stay_inside() {
        assert!(inside(Path::new("a/b.md")).is_ok());
        assert!(inside(Path::new("./a/b.md")).is_ok());
        assert!(inside(Path::new("../b.md")).is_err());
        assert!(inside(Path::new("a/../../b.md")).is_err());
        assert!(inside(Path::new("/etc/passwd")).is_err());
        let folder = ["top".to_string(), "docs".to_string()];
        assert!(resolves_inside(&folder, Path::new("../readme.md")));
        assert!(resolves_inside(&folder, Path::new("../../x")));
        assert!(!resolves_inside(&folder, Path::new("../../../x")));
        assert!(!resolves_inside(&folder, Path::new("/etc/passwd")));
    }

    #[test]
    fn licences_are_known_by_name() {
        assert!(is_licence("LICENSE"));
        assert!(is_licence("License.md"));
        assert!(is_licence("COPYING.txt"));
        assert!(!is_licence("README.md"));
    }
}
