//! Counts over the classified corpus, computed once at index time and stored with the
//! index, so `qbank stats` and `qbank index` print them without reading every question.

use serde::{Deserialize, Serialize};

use crate::corpus::Corpus;
use crate::question::{Category, Level, Provenance, Question};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    pub questions: usize,
    pub with_explanation: usize,
    /// Groups of two or more questions that ask the same thing.
    pub clusters: usize,
    /// Questions once duplicates are counted once.
    pub distinct: usize,
    pub sources: Vec<SourceStats>,
    pub categories: Vec<CategoryStats>,
    pub levels: Vec<LevelStats>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SourceStats {
    pub source: String,
    /// The file name within the corpus directory, or among the built-in lists.
    pub file: String,
    /// Whether the list is one of those compiled into qbank.
    #[serde(default)]
    pub built_in: bool,
    pub bytes: u64,
    pub questions: usize,
    pub with_explanation: usize,
    pub stated_levels: usize,
    pub section_categories: usize,
    pub warnings: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryStats {
    pub category: Category,
    pub questions: usize,
    /// From a source heading.
    pub section: usize,
    /// Stated by the source for the question alone.
    #[serde(default)]
    pub stated: usize,
    pub inferred: usize,
    pub overridden: usize,
    /// Questions per level, in `Level::ALL` order.
    pub by_level: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LevelStats {
    pub level: Level,
    pub questions: usize,
    pub stated: usize,
    pub inferred: usize,
    pub overridden: usize,
}

impl Stats {
    pub fn new(corpus: &Corpus, questions: &[Question]) -> Stats {
        // One pass over the questions: a corpus may hold a million of them in a hundred
        // lists.
        let mut counts: std::collections::HashMap<&str, [usize; 4]> =
            std::collections::HashMap::new();
        for q in questions {
            let count = counts.entry(q.source.as_str()).or_default();
            count[0] += 1;
            count[1] += usize::from(has_own_explanation(q));
            count[2] += usize::from(q.level_source == Provenance::Stated);
            count[3] += usize::from(q.category_source == Provenance::Section);
        }
        let sources = corpus
            .sources
            .iter()
            .map(|source| {
                let [
                    questions,
                    with_explanation,
                    stated_levels,
                    section_categories,
                ] = counts.get(source.key.as_str()).copied().unwrap_or_default();
                SourceStats {
                    source: source.key.clone(),
                    file: source.file.clone(),
                    built_in: source.built_in,
                    bytes: source.bytes,
                    questions,
                    with_explanation,
                    stated_levels,
                    section_categories,
                    warnings: source.warnings.len(),
                }
            })
            .collect();
        let categories = Category::ALL
            .iter()
            .map(|&category| {
                let mine = || questions.iter().filter(move |q| q.category == category);
                CategoryStats {
                    category,
                    questions: mine().count(),
                    section: mine()
                        .filter(|q| q.category_source == Provenance::Section)
                        .count(),
                    stated: mine()
                        .filter(|q| q.category_source == Provenance::Stated)
                        .count(),
                    inferred: mine()
                        .filter(|q| q.category_source == Provenance::Inferred)
                        .count(),
                    overridden: mine()
                        .filter(|q| q.category_source == Provenance::Override)
                        .count(),
                    by_level: Level::ALL
                        .iter()
                        .map(|&level| mine().filter(|q| q.level == level).count())
                        .collect(),
                }
            })
            .collect();
        let levels = Level::ALL
            .iter()
            .map(|&level| {
                let mine = || questions.iter().filter(move |q| q.level == level);
                LevelStats {
                    level,
                    questions: mine().count(),
                    stated: mine()
                        .filter(|q| q.level_source == Provenance::Stated)
                        .count(),
                    inferred: mine()
                        .filter(|q| q.level_source == Provenance::Inferred)
                        .count(),
                    overridden: mine()
                        .filter(|q| q.level_source == Provenance::Override)
                        .count(),
                }
            })
            .collect();
        let mut cluster_sizes: std::collections::HashMap<&str, usize> = Default::default();
        for q in questions {
            *cluster_sizes.entry(q.cluster.as_str()).or_default() += 1;
        }
        Stats {
            clusters: cluster_sizes.values().filter(|&&n| n > 1).count(),
            distinct: cluster_sizes.len(),
            questions: questions.len(),
            with_explanation: questions.iter().filter(|q| has_own_explanation(q)).count(),
            sources,
            categories,
            levels,
        }
    }

    pub fn source_keys(&self) -> Vec<&str> {
        self.sources.iter().map(|s| s.source.as_str()).collect()
    }
}

fn has_own_explanation(q: &Question) -> bool {
    q.explanation.is_some() && q.explanation_from.is_none()
}
