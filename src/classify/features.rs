//! What the level and category models see of a question: its stemmed words and word
//! pairs, how it opens ("what is", "how would you", "design"), its length and number of
//! clauses, the rubric's scores, and how long its explanation is.

use std::cell::RefCell;
use std::collections::BTreeSet;

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    TextAnalyzer,
};

use super::lexicon;
use super::model::Feature;

thread_local! {
    /// Question words are kept: for a level, "what", "how" and "why" are the signal.
    static STEMMER: RefCell<TextAnalyzer> = RefCell::new(
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(Stemmer::new(Language::English))
            .build(),
    );
}

/// Stemmed, lower-cased words; apostrophes dropped ("what's" is "whats").
fn stems(text: &str) -> Vec<String> {
    let text = text.replace(['\'', '’'], "");
    STEMMER.with(|analyzer| {
        let mut analyzer = analyzer.borrow_mut();
        let mut stream = analyzer.token_stream(&text);
        let mut out = Vec::new();
        while let Some(token) = stream.next() {
            out.push(token.text.clone());
        }
        out
    })
}

/// Words, word pairs and the opening words, each once.
fn word_features(words: &[String], features: &mut Vec<Feature>) {
    let mut seen = BTreeSet::new();
    for word in words {
        seen.insert(format!("w:{word}"));
    }
    for pair in words.windows(2) {
        seen.insert(format!("b:{}_{}", pair[0], pair[1]));
    }
    for n in 1..=3 {
        if words.len() >= n {
            seen.insert(format!("f{n}:{}", words[..n].join("_")));
        }
    }
    features.extend(seen.into_iter().map(|name| (name, 1.0)));
}

/// Features for the level model.
pub fn level_features(question: &str, explanation: Option<&str>) -> Vec<Feature> {
    let words = stems(question);
    let mut features = Vec::with_capacity(words.len() * 2 + 12);
    word_features(&words, &mut features);
    let length = match words.len() {
        0..=4 => "1-4",
        5..=7 => "5-7",
        8..=11 => "8-11",
        12..=16 => "12-16",
        17..=24 => "17-24",
        _ => "25+",
    };
    features.push((format!("len:{length}"), 1.0));
    let clauses = question.matches([',', ';', '?']).count()
        + words.iter().filter(|w| *w == "and" || *w == "or").count();
    features.push((format!("clauses:{}", clauses.min(4)), 1.0));
    let rubric = lexicon::level_scores(question, explanation);
    for (name, score) in ["beginner", "intermediate", "advanced"].iter().zip(rubric) {
        features.push((format!("rubric:{name}"), (score / 3.0).min(2.0)));
    }
    let explained = explanation.map_or(0, |e| e.split_whitespace().count());
    let depth = match explained {
        0 => "none",
        1..=24 => "short",
        25..=79 => "medium",
        _ => "long",
    };
    features.push((format!("explanation:{depth}"), 1.0));
    features
}

/// Features for the category model: the question's words, its explanation's words at a
/// lower weight, and the category lexicon's shares.
pub fn category_features(question: &str, explanation: Option<&str>) -> Vec<Feature> {
    let words = stems(question);
    let mut features = Vec::with_capacity(words.len() * 2 + 12);
    word_features(&words, &mut features);
    if let Some(explanation) = explanation {
        let asked: BTreeSet<&String> = words.iter().collect();
        let extra: BTreeSet<String> = stems(explanation)
            .into_iter()
            .filter(|w| !asked.contains(w))
            .collect();
        features.extend(extra.into_iter().map(|w| (format!("w:{w}"), 0.3)));
    }
    let scores = lexicon::category_scores(question, explanation);
    let total: f32 = scores.iter().sum();
    if total > 0.0 {
        for (category, score) in crate::question::Category::ALL.iter().zip(scores) {
            if score > 0.0 {
                features.push((format!("lexicon:{category}"), 2.0 * score / total));
            }
        }
    }
    features
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn level_features_keep_the_question_form() {
        let features = level_features("How would you design a sharded cache?", None);
        let names: Vec<&str> = features.iter().map(|(n, _)| n.as_str()).collect();
        assert!(names.contains(&"f3:how_would_you"), "{names:?}");
        assert!(names.contains(&"w:shard"), "{names:?}");
        assert!(names.contains(&"explanation:none"), "{names:?}");
    }
}
