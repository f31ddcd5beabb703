//! The level model and what it learns from: the gold set (`tests/data/levels.tsv`,
//! labelled blind by the level rubric) joined with the built-in lists it labels. The
//! model is learnt once per process, when a question's level is first inferred: the
//! same examples give the same weights on every machine.

use std::sync::LazyLock;

use super::features::level_features;
use super::gold::GoldSet;
use super::model::{self, LinearModel, Training};
use crate::corpus::{self, Lists};
use crate::question::Level;

/// The gold set, compiled in: its labels of the built-in lists train the level model.
pub const GOLD: &str = include_str!("../../tests/data/levels.tsv");

/// One labelled question.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    pub id: String,
    pub question: String,
    pub explanation: Option<String>,
    pub level: Level,
}

/// The built-in questions the gold set labels. Both are compiled in and checked by the
/// tests, so neither can fail here; if one did, the model would learn from nothing and
/// call every level intermediate with a low confidence.
pub fn examples() -> Vec<Example> {
    let (Ok(gold), Ok(corpus)) = (GoldSet::parse(GOLD), corpus::load(&Lists::BuiltIn)) else {
        return Vec::new();
    };
    corpus
        .records()
        .filter_map(|record| {
            let label = gold.labels.get(&record.id)?;
            Some(Example {
                id: record.id.clone(),
                question: record.question.clone(),
                explanation: record.explanation.clone(),
                level: label.level,
            })
        })
        .collect()
}

/// How the level model is trained. Twenty passes: more fit the training questions
/// better and the held-out ones worse (`qbank eval-classify` cross-validates it).
pub const TRAINING: Training = Training {
    epochs: 20,
    learning_rate: 0.2,
    l2: 1e-4,
};

/// Tempers the model's probabilities. Fitted on the gold set's cross-validated
/// predictions by their likelihood (negative log-likelihood 228 at 1, 188 at 1.5, 181
/// at 2, 187 at 2.5): with it, the levels given with confidence 0.8 or more are right
/// nine times in ten on questions the model has not learnt from.
pub const TEMPERATURE: f32 = 2.0;

/// Learns a level model from labelled questions.
pub fn train(examples: &[Example]) -> LevelModel {
    let data: Vec<_> = examples
        .iter()
        .map(|e| {
            (
                level_features(&e.question, e.explanation.as_deref()),
                e.level.index(),
            )
        })
        .collect();
    LevelModel(LinearModel::train(&data, Level::ALL.len(), TRAINING).with_temperature(TEMPERATURE))
}

/// A learnt level model.
pub struct LevelModel(LinearModel);

impl LevelModel {
    /// The level with the largest probability, and that probability as its confidence.
    pub fn level(&self, question: &str, explanation: Option<&str>) -> (Level, f32) {
        let (class, p) = model::best(&self.probabilities(question, explanation));
        (Level::ALL[class], p)
    }

    /// The probability of each level (beginner, intermediate, advanced).
    pub fn probabilities(&self, question: &str, explanation: Option<&str>) -> Vec<f32> {
        self.0.probabilities(&level_features(question, explanation))
    }
}

static LEVEL_MODEL: LazyLock<LevelModel> = LazyLock::new(|| train(&examples()));

/// A question's level by the built-in model.
pub fn level(question: &str, explanation: Option<&str>) -> (Level, f32) {
    LEVEL_MODEL.level(question, explanation)
}
