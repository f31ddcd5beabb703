//! What the level and category models see of a question: its stemmed words and word
//! pairs, how it opens ("what is", "how would you", "design"), its length and number of
//! clauses, the rubric's scores, and how long its explanation is.

use std::borrow::Cow;
use std::cell::RefCell;

use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
};

use super::lexicon;
use super::model::Feature;
use crate::analysis::CachedStemmer;

thread_local! {
    /// Question words are kept: for a level, "what", "how" and "why" are the signal.
    static STEMMER: RefCell<TextAnalyzer> = RefCell::new(
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(CachedStemmer)
            .build(),
    );
}

/// Stemmed, lower-cased words; apostrophes dropped ("what's" is "whats").
fn stems(text: &str) -> Vec<String> {
    let text: Cow<str> = if text.contains(['\'', '’']) {
        Cow::Owned(text.replace(['\'', '’'], ""))
    } else {
        Cow::Borrowed(text)
    };
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

/// A feature's id: its kind and its parts, hashed (FNV-1a, 64 bits). Millions of
/// questions are classified at index time; ids spare a string per feature, and two
/// features of these models sharing an id is vanishingly unlikely.
fn id(kind: &str, parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for &byte in bytes {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    };
    eat(kind.as_bytes());
    for part in parts {
        // A separator no word contains: ("ab", "c") and ("a", "bc") differ.
        eat(&[0x1f]);
        eat(part.as_bytes());
    }
    hash
}

/// Words, word pairs and the opening words, each once.
fn word_features(words: &[String], weight: f32, features: &mut Vec<Feature>) {
    let mut ids: Vec<u64> = Vec::with_capacity(words.len() * 2 + 3);
    ids.extend(words.iter().map(|w| id("w", &[w])));
    ids.extend(words.windows(2).map(|pair| id("b", &[&pair[0], &pair[1]])));
    let opening: Vec<&str> = words.iter().take(3).map(String::as_str).collect();
    for (n, kind) in ["f1", "f2", "f3"].iter().enumerate() {
        if opening.len() > n {
            ids.push(id(kind, &opening[..=n]));
        }
    }
    ids.sort_unstable();
    ids.dedup();
    features.extend(ids.into_iter().map(|id| (id, weight)));
}

/// Features for the level model.
pub fn level_features(question: &str, explanation: Option<&str>) -> Vec<Feature> {
    let words = stems(question);
    let mut features = Vec::with_capacity(words.len() * 2 + 12);
    word_features(&words, 1.0, &mut features);
    let length = match words.len() {
        0..=4 => "1-4",
        5..=7 => "5-7",
        8..=11 => "8-11",
        12..=16 => "12-16",
        17..=24 => "17-24",
        _ => "25+",
    };
    features.push((id("len", &[length]), 1.0));
    let clauses = question.matches([',', ';', '?']).count()
        + words.iter().filter(|w| *w == "and" || *w == "or").count();
    features.push((id("clauses", &[&clauses.min(4).to_string()]), 1.0));
    let rubric = lexicon::level_scores(question, explanation);
    for (name, score) in ["beginner", "intermediate", "advanced"].iter().zip(rubric) {
        features.push((id("rubric", &[name]), (score / 3.0).min(2.0)));
    }
    let explained = explanation.map_or(0, |e| e.split_whitespace().count());
    let depth = match explained {
        0 => "none",
        1..=24 => "short",
        25..=79 => "medium",
        _ => "long",
    };
    features.push((id("explanation", &[depth]), 1.0));
    features
}

/// Features for the category model: the question's words, its explanation's words at a
/// lower weight, and the category lexicon's shares.
pub fn category_features(question: &str, explanation: Option<&str>) -> Vec<Feature> {
    let words = stems(question);
    let mut features = Vec::with_capacity(words.len() * 2 + 12);
    word_features(&words, 1.0, &mut features);
    if let Some(explanation) = explanation {
        let asked: Vec<u64> = words.iter().map(|w| id("w", &[w])).collect();
        let mut extra: Vec<u64> = stems(explanation)
            .iter()
            .map(|w| id("w", &[w]))
            .filter(|id| !asked.contains(id))
            .collect();
        extra.sort_unstable();
        extra.dedup();
        features.extend(extra.into_iter().map(|id| (id, 0.3)));
    }
    let scores = lexicon::category_scores(question, explanation);
    let total: f32 = scores.iter().sum();
    if total > 0.0 {
        for (category, score) in crate::question::Category::ALL.iter().zip(scores) {
            if score > 0.0 {
                features.push((id("lexicon", &[category.as_str()]), 2.0 * score / total));
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
        let ids: Vec<u64> = features.iter().map(|(id, _)| *id).collect();
        assert!(ids.contains(&id("f3", &["how", "would", "you"])), "{ids:?}");
        assert!(ids.contains(&id("w", &["shard"])), "{ids:?}");
        assert!(ids.contains(&id("explanation", &["none"])), "{ids:?}");
        assert_ne!(id("b", &["ab", "c"]), id("b", &["a", "bc"]));
    }
}
