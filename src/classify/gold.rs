//! A gold set of levels and categories, labelled by people from the level rubric
//! (`tests/data/levels.tsv`), and how the classifier agrees with it: level accuracy,
//! each level's recall, category accuracy, and a calibration table (accuracy by
//! confidence).

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;

use super::training::{self, Example};
use super::{Classifier, Labels};
use crate::corpus::Record;
use crate::question::{Category, Level, Question};

/// One labelled question.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldLabel {
    pub level: Level,
    pub category: Category,
}

/// Gold labels by question id.
#[derive(Debug, Default)]
pub struct GoldSet {
    pub labels: HashMap<String, GoldLabel>,
}

impl GoldSet {
    /// Reads `id<TAB>level<TAB>category[<TAB>note]` lines; `#` starts a comment line.
    pub fn parse(text: &str) -> Result<GoldSet, String> {
        let mut labels = HashMap::new();
        for (number, line) in text.lines().enumerate() {
            let line = line.trim_end();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            let (Some(id), Some(level), Some(category)) =
                (fields.first(), fields.get(1), fields.get(2))
            else {
                return Err(format!(
                    "line {}: expected id, level and category",
                    number + 1
                ));
            };
            let level = level
                .parse::<Level>()
                .map_err(|e| format!("line {}: {e}", number + 1))?;
            let category = category
                .parse::<Category>()
                .map_err(|e| format!("line {}: {e}", number + 1))?;
            labels.insert((*id).to_string(), GoldLabel { level, category });
        }
        Ok(GoldSet { labels })
    }
}

/// How the classifier agrees with the gold set, over the questions both know.
#[derive(Debug, Default, Serialize)]
pub struct GoldReport {
    pub questions: usize,
    pub level_correct: usize,
    /// Per level (beginner, intermediate, advanced): gold count and how many of them
    /// the classifier gave that level.
    pub level_recall: [(usize, usize); 3],
    /// Questions whose category was compared (none when only levels are measured).
    pub category_questions: usize,
    pub category_correct: usize,
    /// Level accuracy by confidence: (lower bound, questions, correct), bins of 0.2.
    pub calibration: Vec<(f32, usize, usize)>,
}

impl GoldReport {
    pub fn level_accuracy(&self) -> f64 {
        ratio(self.level_correct, self.questions)
    }

    pub fn category_accuracy(&self) -> f64 {
        ratio(self.category_correct, self.category_questions)
    }

    pub fn recall(&self, level: Level) -> f64 {
        let (gold, found) = self.level_recall[level.index()];
        ratio(found, gold)
    }

    /// Accuracy of the levels given with at least this confidence, and how many.
    pub fn accuracy_at(&self, confidence: f32) -> (f64, usize) {
        let (n, correct) = self
            .calibration
            .iter()
            .filter(|(lower, _, _)| *lower >= confidence - f32::EPSILON)
            .fold((0, 0), |(n, c), (_, bn, bc)| (n + bn, c + bc));
        (ratio(correct, n), n)
    }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

impl GoldReport {
    fn new() -> GoldReport {
        GoldReport {
            calibration: (0..5).map(|i| (i as f32 * 0.2, 0, 0)).collect(),
            ..GoldReport::default()
        }
    }

    fn add_level(&mut self, gold: Level, given: Level, confidence: f32) {
        let right = gold == given;
        self.questions += 1;
        self.level_correct += usize::from(right);
        self.level_recall[gold.index()].0 += 1;
        self.level_recall[gold.index()].1 += usize::from(right);
        let bin = ((confidence / 0.2) as usize).min(4);
        self.calibration[bin].1 += 1;
        self.calibration[bin].2 += usize::from(right);
    }
}

/// Compares classified questions with the gold set.
pub fn compare(questions: &[Question], gold: &GoldSet) -> GoldReport {
    let mut report = GoldReport::new();
    for question in questions {
        let Some(label) = gold.labels.get(&question.id) else {
            continue;
        };
        report.add_level(label.level, question.level, question.level_confidence);
        report.category_questions += 1;
        report.category_correct += usize::from(question.category == label.category);
    }
    report
}

/// How the models do on questions they have not learnt from: the records the gold set
/// labels are dealt into `folds` parts by position, and each part is classified by
/// models trained on the others' gold labels (and neighbours on the others' headings).
/// Levels are inferred even where a heading states one; categories are as served:
/// stated, a heading's unless the model overrules it, or inferred.
pub fn cross_validate(records: &[Record], gold: &GoldSet, folds: usize) -> GoldReport {
    let folds = folds.max(2);
    let labelled: Vec<(&Record, &GoldLabel)> = records
        .iter()
        .filter_map(|r| gold.labels.get(&r.id).map(|label| (r, label)))
        .collect();
    let mut report = GoldReport::new();
    for fold in 0..folds {
        let (held_out, learnt): (Vec<_>, Vec<_>) = labelled
            .iter()
            .enumerate()
            .partition(|(i, _)| i % folds == fold);
        let examples: Vec<Example> = learnt
            .iter()
            .map(|(_, (record, label))| Example {
                id: record.id.clone(),
                question: record.question.clone(),
                explanation: record.explanation.clone(),
                level: label.level,
                category: label.category,
            })
            .collect();
        let models = Arc::new(training::Models::train(&examples));
        let classifier = Classifier::train_with(
            learnt
                .iter()
                .map(|(_, (record, _))| (*record, Labels::of(record))),
            models,
        );
        for (_, (record, label)) in held_out {
            let (level, confidence) = classifier.level(record);
            report.add_level(label.level, level, confidence);
            let (category, _, _) = classifier.category_given(record, Labels::of(record));
            report.category_questions += 1;
            report.category_correct += usize::from(category == label.category);
        }
    }
    report
}
