//! `overrides.toml` in the corpus directory: a user's pins of the category and/or level
//! of questions, by id. They win over headings and inference, and since they live in
//! the corpus they survive every rebuild.
//!
//! ```toml
//! "essentials-49:16" = { category = "apis" }
//! "quickfire-50:45" = { category = "security", level = "beginner" }
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::question::{Category, Level};

/// The file name looked for in the corpus directory.
pub const FILE_NAME: &str = "overrides.toml";

/// What the user pinned for one question.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Override {
    pub category: Option<Category>,
    pub level: Option<Level>,
}

/// Every override, by question id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides {
    pub by_id: BTreeMap<String, Override>,
    /// Line of each id in the file, to name it in errors.
    lines: BTreeMap<String, u32>,
    pub path: Option<PathBuf>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    category: Option<Spanned<String>>,
    level: Option<Spanned<String>>,
}

/// An override file that cannot be used: the message names the line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}:{line}: {message}", path.display())]
pub struct OverrideError {
    pub path: PathBuf,
    pub line: u32,
    pub message: String,
}

impl Overrides {
    /// Parses the text of an overrides file, checking every value.
    pub fn parse(path: &Path, text: &str) -> Result<Overrides, OverrideError> {
        let line_of = |offset: usize| super::line_at(text, offset);
        let error = |line, message: String| OverrideError {
            path: path.to_path_buf(),
            line,
            message,
        };
        let table: BTreeMap<Spanned<String>, Spanned<Entry>> =
            toml::from_str(text).map_err(|e| {
                let line = e.span().map_or(1, |s| line_of(s.start));
                error(line, e.message().trim().to_string())
            })?;
        let mut overrides = Overrides {
            path: Some(path.to_path_buf()),
            ..Overrides::default()
        };
        for (id, entry) in table {
            let line = line_of(id.span().start);
            let entry = entry.into_inner();
            let category = parse_value(&entry.category, &error, &line_of)?;
            let level = parse_value(&entry.level, &error, &line_of)?;
            if category.is_none() && level.is_none() {
                return Err(error(
                    line,
                    format!("'{}' sets neither category nor level", id.get_ref()),
                ));
            }
            overrides.lines.insert(id.get_ref().clone(), line);
            overrides
                .by_id
                .insert(id.into_inner(), Override { category, level });
        }
        Ok(overrides)
    }

    /// Fails on the first id that is not a question of the corpus.
    pub fn check_ids<'a>(
        &self,
        known: impl IntoIterator<Item = &'a str>,
    ) -> Result<(), OverrideError> {
        let known: std::collections::HashSet<&str> = known.into_iter().collect();
        let unknown = self
            .by_id
            .keys()
            .filter(|id| !known.contains(id.as_str()))
            .min_by_key(|id| self.lines.get(*id));
        match unknown {
            Some(id) => Err(OverrideError {
                path: self.path.clone().unwrap_or_default(),
                line: self.lines.get(id).copied().unwrap_or(1),
                message: format!("unknown question id '{id}'"),
            }),
            None => Ok(()),
        }
    }

    /// Lays another file's overrides over these: where both pin the same field of a
    /// question, `top` wins; fields only one pins are kept.
    pub fn lay_over(&mut self, top: Overrides) {
        for (id, pinned) in top.by_id {
            let entry = self.by_id.entry(id).or_default();
            entry.category = pinned.category.or(entry.category);
            entry.level = pinned.level.or(entry.level);
        }
        self.lines.extend(top.lines);
        if top.path.is_some() {
            self.path = top.path;
        }
    }

    /// Keeps only the pins whose id passes.
    pub fn retain(&mut self, keep: impl Fn(&str) -> bool) {
        self.by_id.retain(|id, _| keep(id));
        self.lines.retain(|id, _| keep(id));
    }

    pub fn get(&self, id: &str) -> Option<&Override> {
        self.by_id.get(id)
    }

    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }
}

/// Parses an optional vocabulary value; an unknown one is an error naming its line.
fn parse_value<T: std::str::FromStr<Err = crate::question::UnknownValue>>(
    value: &Option<Spanned<String>>,
    error: &impl Fn(u32, String) -> OverrideError,
    line_of: &impl Fn(usize) -> u32,
) -> Result<Option<T>, OverrideError> {
    value
        .as_ref()
        .map(|v| {
            v.get_ref()
                .parse()
                .map_err(|e| error(line_of(v.span().start), format!("{e}")))
        })
        .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Overrides, String> {
        Overrides::parse(Path::new("c/overrides.toml"), text).map_err(|e| e.to_string())
    }

    #[test]
    fn a_layer_on_top_wins_field_by_field() {
        let mut base = parse(
            "\"a:1\" = { category = \"apis\", level = \"beginner\" }\n\"a:2\" = { level = \"advanced\" }\n",
        )
        .expect("parses");
        let top =
            parse("\"a:1\" = { level = \"advanced\" }\n\"b:1\" = { category = \"security\" }\n")
                .expect("parses");
        base.lay_over(top);
        let pinned = |id: &str| base.get(id).copied().unwrap_or_default();
        assert_eq!(pinned("a:1").category, Some(Category::Apis));
        assert_eq!(pinned("a:1").level, Some(Level::Advanced));
        assert_eq!(pinned("a:2").level, Some(Level::Advanced));
        assert_eq!(pinned("b:1").category, Some(Category::Security));
        base.retain(|id| !id.starts_with("a:"));
        assert_eq!(base.len(), 1);
        assert!(base.get("a:1").is_none());
    }

    #[test]
    fn ids_map_to_categories_and_levels() {
        let overrides = parse(
            "# pins\n\"a:1\" = { category = \"apis\" }\n\"a:2\" = { level = \"Advanced\" }\n",
        )
        .expect("valid");
        assert_eq!(
            overrides.get("a:1"),
            Some(&Override {
                category: Some(Category::Apis),
                level: None
            })
        );
        assert_eq!(
            overrides.get("a:2").and_then(|o| o.level),
            Some(Level::Advanced)
        );
    }

    #[test]
    fn bad_values_name_their_line() {
        let err = parse("\"a:1\" = { category = \"apis\" }\n\"a:2\" = { level = \"guru\" }\n")
            .unwrap_err();
        assert!(
            err.starts_with("c/overrides.toml:2: unknown level 'guru'"),
            "{err}"
        );
        let err = parse("\n\n\"a:1\" = { colour = \"red\" }\n").unwrap_err();
        assert!(err.starts_with("c/overrides.toml:3: "), "{err}");
        let err = parse("\"a:1\" = {}\n").unwrap_err();
        assert!(err.contains("sets neither"), "{err}");
        let err = parse("\"a:1\" = { category = \n").unwrap_err();
        assert!(err.starts_with("c/overrides.toml:1: "), "{err}");
    }

    #[test]
    fn unknown_ids_name_their_line() {
        let overrides =
            parse("\"a:1\" = { category = \"apis\" }\n\"zz:9\" = { category = \"apis\" }\n")
                .expect("valid");
        let err = overrides.check_ids(["a:1", "a:2"]).unwrap_err().to_string();
        assert_eq!(err, "c/overrides.toml:2: unknown question id 'zz:9'");
    }
}
