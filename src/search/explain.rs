//! Why a question matched: which variant of each query word it contains, in which
//! field, and how that variant relates to what was typed.

use serde::Serialize;
use tantivy::tokenizer::TextAnalyzer;

use super::plan::{How, Node, Variant};
use crate::analysis::analyzer;
use crate::index::Fields;
use crate::question::Question;

/// One query word (or phrase) found in a question.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TermMatch {
    /// What the user typed.
    pub typed: String,
    /// The words of the question that matched, as written there.
    pub matched: String,
    pub how: How,
    /// The fields it was found in: question, explanation, section.
    pub fields: Vec<&'static str>,
}

/// A field's analysed tokens: position, term and byte range in the text.
struct Tokens<'a> {
    text: &'a str,
    tokens: Vec<(usize, String, usize, usize)>,
}

impl<'a> Tokens<'a> {
    fn new(analyzer: &mut TextAnalyzer, text: &'a str) -> Self {
        let mut stream = analyzer.token_stream(text);
        let mut tokens = Vec::new();
        while stream.advance() {
            let t = stream.token();
            tokens.push((t.position, t.text.clone(), t.offset_from, t.offset_to));
        }
        Tokens { text, tokens }
    }

    /// The text of the first occurrence of the variant's term or phrase.
    fn find(&self, variant: &Variant) -> Option<&'a str> {
        let (first_offset, first_term) = variant.terms.first()?;
        for (i, (position, term, from, _)) in self.tokens.iter().enumerate() {
            if term != first_term {
                continue;
            }
            let mut end = self.tokens[i].3;
            let all_found = variant.terms[1..].iter().all(|(offset, wanted)| {
                let at = position + offset - first_offset;
                let found = self.tokens[i..]
                    .iter()
                    .find(|(p, t, _, _)| *p == at && t == wanted);
                if let Some(token) = found {
                    end = end.max(token.3);
                }
                found.is_some()
            });
            if all_found {
                return self.text.get(*from..end);
            }
        }
        None
    }
}

/// Every variant of the plan that the question contains, once each.
pub fn matches(plan: &Node, question: &Question, fields: &Fields) -> Vec<TermMatch> {
    let mut analyzer = analyzer();
    let own_explanation = match &question.explanation_from {
        None => question.explanation.as_deref().unwrap_or(""),
        Some(_) => "",
    };
    let texts = [
        (fields.question, "question", question.question.as_str()),
        (
            fields.title,
            "title",
            question.title.as_deref().unwrap_or(""),
        ),
        (fields.explanation, "explanation", own_explanation),
        (fields.code, "code", question.code.as_deref().unwrap_or("")),
        (
            fields.section,
            "section",
            question.section.as_deref().unwrap_or(""),
        ),
    ];
    let tokens: Vec<_> = texts
        .iter()
        .map(|&(field, name, text)| (field, name, Tokens::new(&mut analyzer, text)))
        .collect();
    let mut out: Vec<TermMatch> = Vec::new();
    for piece in plan.pieces() {
        for variant in &piece.variants {
            let mut found: Option<TermMatch> = None;
            for (field, name, tokens) in &tokens {
                if !piece.fields.iter().any(|(f, _)| f == field) {
                    continue;
                }
                let Some(matched) = tokens.find(variant) else {
                    continue;
                };
                match &mut found {
                    Some(m) => m.fields.push(name),
                    None => {
                        found = Some(TermMatch {
                            typed: piece.typed.clone(),
                            matched: matched.to_string(),
                            how: how(variant.how, &piece.typed, matched),
                            fields: vec![name],
                        })
                    }
                }
            }
            if let Some(m) = found
                && !out
                    .iter()
                    .any(|o| o.typed == m.typed && o.matched.eq_ignore_ascii_case(&m.matched))
            {
                out.push(m);
            }
        }
    }
    out
}

/// An exact variant found written otherwise ("caches" for "cache") was found by its stem.
fn how(how: How, typed: &str, matched: &str) -> How {
    if how == How::Exact && !typed.eq_ignore_ascii_case(matched) {
        How::Stemmed
    } else {
        how
    }
}
