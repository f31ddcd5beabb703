//! The level and category models and what they learn from: the gold set
//! (`tests/data/levels.tsv`, labelled blind by the level rubric and the category scopes)
//! joined with the built-in lists it labels. The models are learnt once per process,
//! when a question is first classified: the same examples give the same weights on every
//! machine, and no file of numbers is shipped.

use std::sync::{Arc, LazyLock};

use super::features::{category_features, level_features};
use super::gold::GoldSet;
use super::model::{self, LinearModel, Training};
use crate::corpus::{self, Lists};
use crate::question::{Category, Level};

/// The gold set, compiled in: its labels of the built-in lists train the models.
pub const GOLD: &str = include_str!("../../tests/data/levels.tsv");

/// One labelled question.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    pub id: String,
    pub question: String,
    pub explanation: Option<String>,
    pub level: Level,
    pub category: Category,
}

/// The built-in questions the gold set labels. Both are compiled in and checked by the
/// tests, so neither can fail here; if one did, the models would learn from nothing:
/// every level intermediate and every category fundamentals, with low confidences.
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
                category: label.category,
            })
        })
        .collect()
}

/// How the models are trained. Twenty passes: more fit the training questions better
/// and the held-out ones worse (`qbank eval-classify` cross-validates the level model).
pub const TRAINING: Training = Training {
    epochs: 20,
    learning_rate: 0.2,
    l2: 1e-4,
};

/// Tempers the level model's probabilities. Fitted on the gold set's cross-validated
/// predictions by their likelihood (negative log-likelihood 228 at 1, 188 at 1.5, 181
/// at 2, 187 at 2.5): with it, the levels given with confidence 0.8 or more are right
/// nine times in ten on questions the model has not learnt from.
pub const TEMPERATURE: f32 = 2.0;

/// Both models, learnt from the same examples.
pub struct Models {
    pub level: LevelModel,
    pub category: CategoryModel,
}

impl Models {
    pub fn train(examples: &[Example]) -> Models {
        Models {
            level: train(examples),
            category: train_category(examples),
        }
    }
}

/// Learns a level model from labelled questions.
pub fn train(examples: &[Example]) -> LevelModel {
    let model = learn(examples, Level::ALL.len(), |e| {
        (
            level_features(&e.question, e.explanation.as_deref()),
            e.level.index(),
        )
    });
    LevelModel(model.with_temperature(TEMPERATURE))
}

/// Learns a category model from labelled questions.
pub fn train_category(examples: &[Example]) -> CategoryModel {
    CategoryModel(learn(examples, Category::ALL.len(), |e| {
        (
            category_features(&e.question, e.explanation.as_deref()),
            e.category.index(),
        )
    }))
}

fn learn(
    examples: &[Example],
    classes: usize,
    labelled: impl Fn(&Example) -> (Vec<model::Feature>, usize),
) -> LinearModel {
    let data: Vec<_> = examples.iter().map(labelled).collect();
    LinearModel::train(&data, classes, TRAINING)
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

/// A learnt category model.
pub struct CategoryModel(LinearModel);

impl CategoryModel {
    /// The probability of each category, in `Category::ALL` order.
    pub fn probabilities(&self, question: &str, explanation: Option<&str>) -> Vec<f32> {
        self.0
            .probabilities(&category_features(question, explanation))
    }
}

static MODELS: LazyLock<Arc<Models>> = LazyLock::new(|| Arc::new(Models::train(&examples())));

/// The models learnt from every built-in example.
pub fn built_in() -> Arc<Models> {
    Arc::clone(&MODELS)
}
