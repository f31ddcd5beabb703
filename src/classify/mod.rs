//! Category and level for every question, each with its provenance and a confidence.
//!
//! 1. A category or level the source states for the question alone (a column of a
//!    structured file) gives `stated`, when it is one of ours; otherwise a heading that
//!    clearly names one category gives `category_source = section`, and a heading that
//!    states a level gives `level_source = stated` (see [`lexicon`]).
//! 2. Those questions are the training data for the category of the rest: a question
//!    without a clear heading gets the category its nearest labelled neighbours have
//!    (BM25 similarity, scored in memory: the question and its explanation as the
//!    query), blended with the keyword lexicon. A level without a stated one comes from
//!    the level model ([`training`]): what the question asks, by the level rubric's
//!    gold set, not its category.
//! 3. `overrides.toml` in the corpus pins whatever the user disagrees with.
//!
//! [`evaluate`] measures the inference by leaving one source out at a time.

mod features;
pub mod gold;
pub mod lexicon;
pub mod model;
mod neighbours;
pub mod training;

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;

use crate::corpus::{Overrides, Record};
use crate::question::{Category, Level, Provenance, Question};

pub use lexicon::{heading_level, heading_topic, section_category, stated_level};
use neighbours::Neighbours;

/// Neighbours consulted for each inference.
const NEIGHBOURS: usize = 15;
/// Share of the neighbours' vote in the category blend (the lexicon has the rest).
/// Chosen with `qbank eval-classify`: 0.3 with 15 neighbours scored best on the project
/// corpus.
const NEIGHBOUR_WEIGHT: f32 = 0.3;
/// Share of the category model in the blend for questions without a heading; the
/// neighbours and the lexicon share the rest as above. Cross-validated on the gold set:
/// 329 of 377 right at 0.5, 332 at 0.7; at 0.7 what a corpus's own headings teach no
/// longer moves anything, so the two kinds of evidence share equally.
const MODEL_WEIGHT: f32 = 0.5;
/// How sure the category model must be to overrule a heading's category. Chosen by
/// cross-validation on the gold set: 332 of 377 right at 0.5 and 0.6, 330 at 0.7, 328
/// at 0.8, 297 when headings always win.
const OVERRULE_HEADING: f32 = 0.6;

/// Classifies every record of the corpus: headings first, then inference trained on
/// what the headings label, then the user's overrides.
pub fn classify(records: Vec<Record>, overrides: &Overrides) -> Vec<Question> {
    classify_parts(vec![records], overrides)
}

/// `classify` over the records of several lists, in order: each list's records are
/// let go as soon as they are classified, so that a large corpus is not held twice
/// over (as records and as questions) while the last list is classified.
pub fn classify_parts(parts: Vec<Vec<Record>>, overrides: &Overrides) -> Vec<Question> {
    let labels: Vec<Vec<Labels>> = parts
        .iter()
        .map(|part| part.iter().map(Labels::of).collect())
        .collect();
    let classifier =
        Classifier::train(parts.iter().flatten().zip(labels.iter().flatten().copied()));
    let mut questions = Vec::with_capacity(parts.iter().map(Vec::len).sum());
    for (part, labels) in parts.into_iter().zip(labels) {
        // Inference is a query per question: spread over the cores, in order. The
        // records are moved into the questions, not copied.
        questions.par_extend(
            part.into_par_iter()
                .zip(labels)
                .map(|(record, labels)| classify_one(record, labels, &classifier, overrides)),
        );
    }
    questions
}

fn classify_one(
    record: Record,
    labels: Labels,
    classifier: &Classifier,
    overrides: &Overrides,
) -> Question {
    let pin = overrides.get(&record.id).copied().unwrap_or_default();
    let (category, category_source, category_confidence) = match pin.category {
        Some(c) => (c, Provenance::Override, 1.0),
        None => classifier.category_given(&record, labels),
    };
    let (level, level_source, level_confidence) = match (pin.level, labels.level) {
        (Some(l), _) => (l, Provenance::Override, 1.0),
        (None, Some(l)) => (l, Provenance::Stated, 1.0),
        (None, None) => {
            let (l, confidence) = classifier.level(&record);
            (l, Provenance::Inferred, confidence)
        }
    };
    let Record {
        id,
        source,
        number,
        line,
        question,
        title,
        code,
        explanation,
        headings,
        ..
    } = record;
    let section = topical_headings(&headings, title.as_deref())
        .last()
        .cloned();
    Question {
        cluster: id.clone(),
        id,
        source,
        number,
        line,
        question,
        title,
        code,
        explanation,
        section,
        category,
        category_source,
        category_confidence,
        level,
        level_source,
        level_confidence,
        duplicates: Vec::new(),
        explanation_from: None,
        concepts: Vec::new(),
    }
}

/// What a record's source says of it: the category and level it states for the
/// question alone (a column of a structured file), else what its headings say.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Labels {
    pub category: Option<Category>,
    /// Whether `category` is stated for the question alone rather than by a heading.
    pub category_stated: bool,
    pub level: Option<Level>,
}

impl Labels {
    pub fn of(record: &Record) -> Labels {
        let headings = topical_headings(&record.headings, record.title.as_deref());
        // A stated value that is not one of ours says nothing: the headings, or
        // inference, decide instead.
        let stated_category = record
            .stated_category
            .as_deref()
            .and_then(lexicon::named_category);
        let stated = record
            .stated_level
            .as_deref()
            .and_then(lexicon::named_level);
        // qbank's own Markdown export files each question under the category it was
        // given (an override included): read back, those headings state it.
        let own_export = record
            .headings
            .first()
            .is_some_and(|h| h.trim() == crate::export::MARKDOWN_TITLE);
        let section = section_category(headings);
        Labels {
            category: stated_category.or(section),
            category_stated: stated_category.is_some() || (own_export && section.is_some()),
            level: stated.or_else(|| stated_level(headings)),
        }
    }
}

/// The headings above a question that head a section: without the innermost one when
/// it is the question's own title ("Law of Demeter" names the question, not the topic
/// of the questions around it).
fn topical_headings<'h>(headings: &'h [String], title: Option<&str>) -> &'h [String] {
    match (headings.split_last(), title) {
        (Some((last, rest)), Some(title)) if last.trim() == title.trim() => rest,
        _ => headings,
    }
}

/// Infers categories from labelled examples, and levels from the level rubric. It reads
/// only a question's text and explanation, never its headings.
pub struct Classifier {
    categories: Neighbours<Category>,
    models: Arc<training::Models>,
}

impl Classifier {
    /// Learns from the records whose labels are known, beside the built-in models.
    pub fn train<'a>(examples: impl IntoIterator<Item = (&'a Record, Labels)>) -> Classifier {
        Classifier::train_with(examples, training::built_in())
    }

    /// Learns from the records whose labels are known, beside the given models.
    pub fn train_with<'a>(
        examples: impl IntoIterator<Item = (&'a Record, Labels)>,
        models: Arc<training::Models>,
    ) -> Classifier {
        let mut categories = Vec::new();
        for (record, labels) in examples {
            if let Some(category) = labels.category {
                categories.push((record, category));
            }
        }
        // Only the examples kept have their text copied.
        let categories = neighbours::spread(categories, neighbours::MAX_EXAMPLES);
        Classifier {
            categories: Neighbours::new(
                categories
                    .into_iter()
                    .map(|(record, category)| (category_text(record), category))
                    .collect(),
            ),
            models,
        }
    }

    /// The category of a question without a heading that names one: the category
    /// model, blended with the question's nearest labelled neighbours in this corpus and
    /// the keyword lexicon (which let a corpus's own headings teach).
    pub fn category(&self, record: &Record) -> (Category, f32) {
        let model = self
            .models
            .category
            .probabilities(&record.question, record.explanation.as_deref());
        let votes = self.categories.vote(&category_text(record), NEIGHBOURS);
        let lexicon = lexicon::category_scores(&record.question, record.explanation.as_deref());
        blend(
            Category::ALL,
            &[
                (MODEL_WEIGHT, &model),
                ((1.0 - MODEL_WEIGHT) * NEIGHBOUR_WEIGHT, &votes),
                ((1.0 - MODEL_WEIGHT) * (1.0 - NEIGHBOUR_WEIGHT), &lexicon),
            ],
            Category::Fundamentals,
        )
    }

    /// The category of a question given what its source says of it: a category stated
    /// for the question alone wins; a heading's is checked by the model; otherwise it is
    /// inferred.
    pub fn category_given(&self, record: &Record, labels: Labels) -> (Category, Provenance, f32) {
        match labels.category {
            Some(c) if labels.category_stated => (c, Provenance::Stated, 1.0),
            Some(c) => self.category_under(record, c),
            None => {
                let (c, confidence) = self.category(record);
                (c, Provenance::Inferred, confidence)
            }
        }
    }

    /// The category of a question under a heading that names `section`: the heading's,
    /// unless the category model is confident the question is about something else (a
    /// list's "Databases" section that asks "What is caching?").
    pub fn category_under(
        &self,
        record: &Record,
        section: Category,
    ) -> (Category, Provenance, f32) {
        let model = self
            .models
            .category
            .probabilities(&record.question, record.explanation.as_deref());
        let (best, p) = model::best(&model);
        let best = Category::ALL[best];
        if best != section && p >= OVERRULE_HEADING {
            (best, Provenance::Inferred, p)
        } else {
            (section, Provenance::Section, 1.0)
        }
    }

    /// The level by the level model ([`training`]): from what the question asks, never
    /// from its category or from the levels other questions state (a list's level
    /// sections are grouped by topic, and would teach that a topic has one level).
    pub fn level(&self, record: &Record) -> (Level, f32) {
        self.models
            .level
            .level(&record.question, record.explanation.as_deref())
    }
}

fn category_text(record: &Record) -> String {
    match &record.explanation {
        Some(explanation) => format!("{}\n{explanation}", record.question),
        None => record.question.clone(),
    }
}

/// Blends several kinds of evidence, each a score per label: every kind is normalised
/// to shares, the kinds that have any evidence are weighted (their weights rescaled to
/// sum to 1), and the label with the largest blended share wins, that share being its
/// confidence. Ties go to the label listed first; with no evidence at all, `fallback`
/// with confidence 0.
fn blend<K: Copy>(all: &[K], evidence: &[(f32, &[f32])], fallback: K) -> (K, f32) {
    let mut blended = vec![0.0f32; all.len()];
    let mut total_weight = 0.0;
    for (weight, scores) in evidence {
        let total: f32 = scores.iter().sum();
        if total <= 0.0 {
            continue;
        }
        total_weight += weight;
        for (b, s) in blended.iter_mut().zip(scores.iter()) {
            *b += weight * s / total;
        }
    }
    if total_weight <= 0.0 {
        return (fallback, 0.0);
    }
    let mut best = (fallback, -1.0f32);
    for (&label, &share) in all.iter().zip(&blended) {
        let share = share / total_weight;
        if share > best.1 {
            best = (label, share);
        }
    }
    (best.0, best.1.clamp(0.0, 1.0))
}

/// Accuracy of the inference on one group of labelled questions.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Score {
    pub labelled: usize,
    pub correct: usize,
}

impl Score {
    pub fn accuracy(&self) -> Option<f64> {
        (self.labelled > 0).then(|| self.correct as f64 / self.labelled as f64)
    }

    fn add(&mut self, correct: bool) {
        self.labelled += 1;
        self.correct += usize::from(correct);
    }
}

/// Cross-validation results: per held-out source, and overall.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Evaluation {
    /// Per source: category and level accuracy when that source's labels are hidden
    /// and inferred from every other source.
    pub by_source: BTreeMap<String, (Score, Score)>,
    pub category: Score,
    pub level: Score,
    /// Levels again, leaving out one question at a time (the other stated levels are
    /// the training data), for corpora where one source states all the levels.
    pub level_one_out: Score,
}

/// Leave-one-source-out cross-validation: for each source, trains on the labels of all
/// the others and infers the hidden labels of this one. A question's own headings are
/// never read when predicting it.
pub fn evaluate(records: &[Record]) -> Evaluation {
    let labels: Vec<Labels> = records.iter().map(Labels::of).collect();
    let mut evaluation = Evaluation::default();
    let mut sources: Vec<&str> = records.iter().map(|r| r.source.as_str()).collect();
    sources.dedup();
    // The built-in models learn from the gold set's labels of the built-in lists: a
    // held-out source is held out from them too.
    let examples = training::examples();
    let models_without = |held_out: &dyn Fn(&str) -> bool| {
        let kept: Vec<_> = examples
            .iter()
            .filter(|e| !held_out(&e.id))
            .cloned()
            .collect();
        Arc::new(training::Models::train(&kept))
    };
    for source in sources {
        let training = records
            .iter()
            .zip(labels.iter().copied())
            .filter(|(r, _)| r.source != source);
        let prefix = format!("{source}:");
        let models = models_without(&|id: &str| id.starts_with(&prefix));
        let classifier = Classifier::train_with(training, models);
        let mut category = Score::default();
        let mut level = Score::default();
        for (record, truth) in records
            .iter()
            .zip(&labels)
            .filter(|(r, _)| r.source == source)
        {
            if let Some(truth) = truth.category {
                let correct = classifier.category(record).0 == truth;
                category.add(correct);
                evaluation.category.add(correct);
            }
            if let Some(truth) = truth.level {
                let correct = classifier.level(record).0 == truth;
                level.add(correct);
                evaluation.level.add(correct);
            }
        }
        if category.labelled + level.labelled > 0 {
            evaluation
                .by_source
                .insert(source.to_string(), (category, level));
        }
    }
    for (i, (record, truth)) in records.iter().zip(&labels).enumerate() {
        let Some(truth) = truth.level else { continue };
        let training = records
            .iter()
            .zip(labels.iter().copied())
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, (r, l))| (r, l));
        let models = models_without(&|id: &str| id == record.id);
        let classifier = Classifier::train_with(training, models);
        evaluation
            .level_one_out
            .add(classifier.level(record).0 == truth);
    }
    evaluation
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(id: &str, question: &str, headings: &[&str]) -> Record {
        Record {
            id: id.to_string(),
            source: id.split(':').next().unwrap_or_default().to_string(),
            number: 1,
            line: 1,
            question: question.to_string(),
            headings: headings.iter().map(|h| h.to_string()).collect(),
            ..Record::default()
        }
    }

    #[test]
    fn unlabelled_questions_take_the_label_of_similar_labelled_ones() {
        let records = [
            record("a:1", "What is a Bloom filter?", &["Data Structures"]),
            record(
                "a:2",
                "How does a Bloom filter answer membership?",
                &["Data Structures"],
            ),
            record(
                "b:1",
                "When would you pick a Bloom filter?",
                &["Miscellaneous"],
            ),
        ];
        let questions = classify(records.to_vec(), &Overrides::default());
        assert_eq!(questions[2].category, Category::DataStructures);
        assert_eq!(questions[2].category_source, Provenance::Inferred);
        assert!(questions[2].category_confidence > 0.0);
        assert!(questions[2].category_confidence <= 1.0);
        assert_eq!(questions[0].category_confidence, 1.0);
        // It is the labelled neighbours that teach it: alone, the model places it
        // elsewhere.
        let alone = classify(vec![records[2].clone()], &Overrides::default());
        assert_ne!(alone[0].category, Category::DataStructures);
    }

    #[test]
    fn a_stated_category_and_level_win_over_headings() {
        let stated = |category: &str, level: &str| Record {
            stated_category: Some(category.to_string()),
            stated_level: Some(level.to_string()),
            ..record(
                "a:1",
                "How does the TCP handshake work?",
                &["Networking", "Junior"],
            )
        };
        let questions = classify(
            vec![stated("Databases", "senior"), stated("Soft skills", "any")],
            &Overrides::default(),
        );
        let labels = |q: &Question| {
            (
                q.category,
                q.category_source,
                q.category_confidence,
                q.level,
                q.level_source,
            )
        };
        assert_eq!(
            labels(&questions[0]),
            (
                Category::Databases,
                Provenance::Stated,
                1.0,
                Level::Advanced,
                Provenance::Stated
            )
        );
        // Values that are not ours leave the question to its headings.
        assert_eq!(
            labels(&questions[1]),
            (
                Category::Networking,
                Provenance::Section,
                1.0,
                Level::Beginner,
                Provenance::Stated
            )
        );
        let unplaced = Record {
            stated_category: Some("Soft skills".to_string()),
            ..record("a:2", "How do you pick a shard key?", &[])
        };
        let q = &classify(vec![unplaced], &Overrides::default())[0];
        assert_eq!(q.category_source, Provenance::Inferred);
    }

    #[test]
    fn a_title_heading_is_not_the_section_of_its_question() {
        let titled = Record {
            title: Some("Law of Demeter".to_string()),
            ..record(
                "a:1",
                "Why talk only to your immediate friends?",
                &["Questions about Design Patterns:", "Law of Demeter"],
            )
        };
        let q = &classify(vec![titled], &Overrides::default())[0];
        assert_eq!(q.category, Category::Architecture);
        assert_eq!(q.category_source, Provenance::Section);
        assert_eq!(
            q.section.as_deref(),
            Some("Questions about Design Patterns:")
        );
    }

    #[test]
    fn overrides_win_over_headings_and_inference() {
        let records = [record(
            "a:1",
            "What is a Bloom filter?",
            &["Senior", "Data Structures"],
        )];
        let text = "\"a:1\" = { category = \"performance\", level = \"beginner\" }\n";
        let overrides = Overrides::parse(std::path::Path::new("o.toml"), text).expect("valid");
        let q = &classify(records.to_vec(), &overrides)[0];
        assert_eq!(
            (q.category, q.category_source, q.level, q.level_source),
            (
                Category::Performance,
                Provenance::Override,
                Level::Beginner,
                Provenance::Override
            )
        );
    }

    #[test]
    fn no_evidence_gives_the_fallback_with_zero_confidence() {
        assert_eq!(
            blend(
                Level::ALL,
                &[(0.3, &[0.0; 3]), (0.7, &[0.0; 3])],
                Level::Intermediate
            ),
            (Level::Intermediate, 0.0)
        );
        let (level, confidence) = blend(
            Level::ALL,
            &[
                (NEIGHBOUR_WEIGHT, &[0.0, 0.0, 2.0]),
                (1.0 - NEIGHBOUR_WEIGHT, &[1.0, 0.0, 1.0]),
            ],
            Level::Beginner,
        );
        assert_eq!(level, Level::Advanced);
        let expected = NEIGHBOUR_WEIGHT + (1.0 - NEIGHBOUR_WEIGHT) * 0.5;
        assert!((confidence - expected).abs() < 1e-6, "{confidence}");
    }
}
