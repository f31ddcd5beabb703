//! The `Question` record and its canonical vocabularies (category, level, provenance).
//! Every other module speaks in these types: the parser yields them, the index stores
//! them, the searcher returns them and the renderer prints them.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// One interview question as read from a source list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Question {
    /// `<source>:<number>`, with `-2`, `-3`, ... appended to repeats of a number.
    pub id: String,
    /// The source key: the corpus file name without its extension.
    pub source: String,
    /// The number the list gives the question (or its position when it gives none).
    pub number: u32,
    /// The 1-based line of the source file where the question starts.
    pub line: u32,
    /// The question as plain text: markdown emphasis removed, whitespace collapsed.
    pub question: String,
    /// The name the source gives the question (a topic heading above it), if any.
    #[serde(default)]
    pub title: Option<String>,
    /// Code the question asks about ("What does this print?"), as fenced markdown.
    #[serde(default)]
    pub code: Option<String>,
    /// The answer as written in the source (markdown kept); for a question without one,
    /// read back from the index, a duplicate's answer (see `explanation_from`).
    pub explanation: Option<String>,
    /// The nearest section heading above the question, without markdown.
    pub section: Option<String>,
    pub category: Category,
    pub category_source: Provenance,
    /// How sure qbank is of the category, in [0, 1]: 1 when a heading or an override
    /// gives it.
    pub category_confidence: f32,
    pub level: Level,
    pub level_source: Provenance,
    /// How sure qbank is of the level, in [0, 1]: 1 when stated or overridden.
    pub level_confidence: f32,
    /// The id of the canonical member of the question's duplicate cluster (its own id
    /// when it has no duplicate).
    pub cluster: String,
    /// The other members of its cluster: questions that ask the same thing.
    pub duplicates: Vec<String>,
    /// When the explanation is borrowed from a duplicate, that duplicate's id.
    pub explanation_from: Option<String>,
    /// The concepts the question names (see `concepts`), tagged at index time.
    pub concepts: Vec<String>,
}

/// Code kept as fenced markdown, split into its info string (the language, when the
/// fence names one) and the code between the fences. Text that is not fenced is all
/// code.
pub fn fenced_code(code: &str) -> (Option<&str>, &str) {
    let trimmed = code.trim_matches('\n');
    let Some((first, rest)) = trimmed.split_once('\n') else {
        return (None, trimmed);
    };
    let fence = first.trim_start();
    let marker = fence.chars().next().filter(|c| matches!(c, '`' | '~'));
    let Some(marker) = marker else {
        return (None, trimmed);
    };
    let run = fence.chars().take_while(|&c| c == marker).count();
    if run < 3 {
        return (None, trimmed);
    }
    let info = fence[run..].trim();
    let language = info.split_whitespace().next();
    let body = match rest.rsplit_once('\n') {
        Some((body, last)) if is_closing_fence(last, marker, run) => body,
        None if is_closing_fence(rest, marker, run) => "",
        _ => rest,
    };
    (language, body)
}

fn is_closing_fence(line: &str, marker: char, run: usize) -> bool {
    let line = line.trim();
    line.len() >= run && line.chars().all(|c| c == marker)
}

/// A question as unit tests need one: an id (`source:number`) and a text, everything
/// else plain.
#[cfg(test)]
pub(crate) fn sample(id: &str, question: &str) -> Question {
    Question {
        id: id.to_string(),
        source: id.split(':').next().unwrap_or_default().to_string(),
        number: 1,
        line: 1,
        question: question.to_string(),
        title: None,
        code: None,
        explanation: None,
        section: None,
        category: Category::Fundamentals,
        category_source: Provenance::Inferred,
        category_confidence: 0.5,
        level: Level::Beginner,
        level_source: Provenance::Inferred,
        level_confidence: 0.5,
        cluster: id.to_string(),
        duplicates: Vec::new(),
        explanation_from: None,
        concepts: Vec::new(),
    }
}

/// Where a category or level comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Provenance {
    /// The source states it: a column of a structured file gives the category or the
    /// level of the question, or a heading states the level.
    Stated,
    /// A heading of the source names the category.
    Section,
    /// Decided by qbank from the question's own text.
    Inferred,
    /// Pinned by the corpus's overrides file.
    Override,
}

impl Provenance {
    pub fn as_str(self) -> &'static str {
        match self {
            Provenance::Stated => "stated",
            Provenance::Section => "section",
            Provenance::Inferred => "inferred",
            Provenance::Override => "override",
        }
    }
}

impl fmt::Display for Provenance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Provenance {
    type Err = UnknownValue;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "stated" => Ok(Provenance::Stated),
            "section" => Ok(Provenance::Section),
            "inferred" => Ok(Provenance::Inferred),
            "override" => Ok(Provenance::Override),
            _ => Err(UnknownValue::new(
                "provenance",
                s,
                &["stated", "section", "inferred", "override"],
            )),
        }
    }
}

/// A value that is not one of a vocabulary's words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {kind} '{value}' (valid: {})", valid.join(", "))]
pub struct UnknownValue {
    pub kind: &'static str,
    pub value: String,
    pub valid: Vec<String>,
}

impl UnknownValue {
    pub fn new(kind: &'static str, value: &str, valid: &[&str]) -> Self {
        UnknownValue {
            kind,
            value: value.to_string(),
            valid: valid.iter().map(|v| v.to_string()).collect(),
        }
    }
}

/// Declares a closed vocabulary: an enum with a slug per variant, parsing, display and
/// serde as the slug, and the list of all variants in their canonical order.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident, $kind:literal, { $($variant:ident => $slug:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name {
            $(#[serde(rename = $slug)] $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $slug),+
                }
            }

            /// Position in `ALL`.
            pub fn index(self) -> usize {
                self as usize
            }

            pub fn slugs() -> Vec<&'static str> {
                Self::ALL.iter().map(|v| v.as_str()).collect()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = UnknownValue;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let wanted = s.trim().to_lowercase();
                Self::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str() == wanted)
                    .ok_or_else(|| UnknownValue::new($kind, s, &Self::slugs()))
            }
        }
    };
}

vocabulary!(
    /// The canonical categories; every question has exactly one.
    Category, "category", {
        Fundamentals => "fundamentals",
        DataStructures => "data-structures",
        Apis => "apis",
        Databases => "databases",
        Security => "security",
        Performance => "performance",
        Architecture => "architecture",
        Devops => "devops",
        Testing => "testing",
        Concurrency => "concurrency",
        Networking => "networking",
        Observability => "observability",
    }
);

vocabulary!(
    /// How senior a candidate a question is aimed at.
    Level, "level", {
        Beginner => "beginner",
        Intermediate => "intermediate",
        Advanced => "advanced",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocabularies_round_trip_through_their_slugs() {
        for category in Category::ALL {
            assert_eq!(category.as_str().parse::<Category>(), Ok(*category));
        }
        for level in Level::ALL {
            assert_eq!(level.as_str().parse::<Level>(), Ok(*level));
        }
        assert_eq!(" Databases ".parse::<Category>(), Ok(Category::Databases));
    }

    #[test]
    fn fenced_code_splits_into_language_and_body() {
        assert_eq!(
            fenced_code("```js\nconsole.log(1);\n\nx();\n```"),
            (Some("js"), "console.log(1);\n\nx();")
        );
        assert_eq!(
            fenced_code("````\n```\ninner\n```\n````\n"),
            (None, "```\ninner\n```")
        );
        assert_eq!(
            fenced_code("~~~ sql extra\nSELECT 1;\n~~~"),
            (Some("sql"), "SELECT 1;")
        );
        assert_eq!(fenced_code("```\n```"), (None, ""));
        assert_eq!(fenced_code("x = 1\ny = 2"), (None, "x = 1\ny = 2"));
    }

    #[test]
    fn unknown_values_list_the_valid_ones() {
        let err = "expert".parse::<Level>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown level 'expert' (valid: beginner, intermediate, advanced)"
        );
    }
}
