//! The English analyzer shared by the index and the classifier: how text becomes the
//! terms that are searched and compared.

use rustc_hash::FxHashMap;

use tantivy::tokenizer::{
    AsciiFoldingFilter, BoxTokenStream, LowerCaser, RemoveLongFilter, SimpleTokenizer,
    StopWordFilter, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
};

/// Name of the English analyzer used by the text fields.
pub const ANALYZER: &str = "qbank_en";

/// Name of the analyzer of the `words` field: words as written, only lower-cased and
/// folded to ASCII, so that spelling suggestions and typo matches are real words.
pub const WORDS_ANALYZER: &str = "qbank_words";

/// Words too common in interview questions to tell them apart ("what is", "how would
/// you", "explain"). Dropped at index and query time alike, so "what is a cookie"
/// searches for "cookie".
const STOP_WORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "of", "to", "in", "on", "at", "by", "for", "with", "from", "as",
    "into", "about", "is", "are", "was", "were", "be", "been", "being", "it", "its", "this",
    "that", "these", "those", "there", "their", "they", "them", "what", "whats", "which", "who",
    "whom", "how", "why", "when", "where", "do", "does", "did", "can", "could", "would", "should",
    "will", "shall", "may", "might", "must", "you", "your", "yours", "we", "our", "i", "me", "my",
    "he", "she", "his", "her", "s", "explain", "describe", "discuss", "some", "any", "each",
    "such", "than", "then", "so", "if", "also", "have", "has", "had", "vs", "versus", "t", "d",
    "ll", "m", "re", "ve", "don", "doesn", "isn", "aren", "won", "didn", "can", "couldn", "wouldn",
    "shouldn",
];

pub fn analyzer() -> TextAnalyzer {
    analyzer_stemming_with(CachedStemmer)
}

/// The English analyzer with the stemming filter given: the cache, or (to check it)
/// Tantivy's own.
fn analyzer_stemming_with(stemmer: impl TokenFilter) -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(AcronymPlural)
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(StopWordFilter::remove(
            STOP_WORDS.iter().map(|w| w.to_string()),
        ))
        .filter(stemmer)
        .build()
}

pub fn words_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// Whether a lower-cased word is one of the common words the analyzer drops.
pub fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.contains(&word)
}

/// Strips the plural `s` of an upper-case acronym ("JWTs", "CDNs", "VMs"), which the
/// English stemmer keeps when the acronym has no vowel. Runs before lower-casing: only
/// the casing tells "CDNs" (plural) from "DNS" (an acronym ending in S).
#[derive(Clone)]
struct AcronymPlural;

impl TokenFilter for AcronymPlural {
    type Tokenizer<T: Tokenizer> = AcronymPluralFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> Self::Tokenizer<T> {
        AcronymPluralFilter(tokenizer)
    }
}

#[derive(Clone)]
struct AcronymPluralFilter<T>(T);

impl<T: Tokenizer> Tokenizer for AcronymPluralFilter<T> {
    type TokenStream<'a> = AcronymPluralStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        AcronymPluralStream(self.0.token_stream(text))
    }
}

struct AcronymPluralStream<S>(S);

impl<S: TokenStream> TokenStream for AcronymPluralStream<S> {
    fn advance(&mut self) -> bool {
        if !self.0.advance() {
            return false;
        }
        let text = &mut self.0.token_mut().text;
        if let Some(stem) = text.strip_suffix('s')
            && stem.len() >= 2
            && stem
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
            && stem.bytes().any(|b| b.is_ascii_uppercase())
        {
            text.truncate(stem.len());
        }
        true
    }

    fn token(&self) -> &Token {
        self.0.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.0.token_mut()
    }
}

/// Tantivy's English stemmer (the same Snowball algorithm), remembering the words it
/// has stemmed: a corpus repeats a few thousand words a million times, and the stemmer
/// was a tenth of a large build's time. Each copy of the analyzer (one per writing or
/// classifying thread) keeps its own memory, started empty.
#[derive(Clone)]
pub struct CachedStemmer;

/// How many words a stem cache holds before it starts over.
const CACHED_STEMS: usize = 100_000;

impl TokenFilter for CachedStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> Self::Tokenizer<T> {
        CachedStemmerFilter {
            inner: tokenizer,
            stems: FxHashMap::default(),
        }
    }
}

pub struct CachedStemmerFilter<T> {
    inner: T,
    // Keyed by a quick hash: the words are the corpus's own, hashed millions of times.
    stems: FxHashMap<String, String>,
}

impl<T: Clone> Clone for CachedStemmerFilter<T> {
    /// A copy starts with an empty memory: analyzers are copied per thread and per
    /// segment, and copying a full cache each time would cost more than it saves.
    fn clone(&self) -> Self {
        CachedStemmerFilter {
            inner: self.inner.clone(),
            stems: FxHashMap::default(),
        }
    }
}

impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        if self.stems.len() >= CACHED_STEMS {
            self.stems.clear();
        }
        CachedStemmerStream {
            tail: self.inner.token_stream(text),
            stems: &mut self.stems,
        }
    }
}

pub struct CachedStemmerStream<'a, S> {
    tail: S,
    stems: &'a mut FxHashMap<String, String>,
}

impl<S: TokenStream> TokenStream for CachedStemmerStream<'_, S> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let text = &mut self.tail.token_mut().text;
        match self.stems.get(text.as_str()) {
            Some(stem) => text.clone_from(stem),
            None => {
                let stem = frostem::Stemmer::new(frostem::Algorithm::English)
                    .stem(text)
                    .into_owned();
                let word = std::mem::replace(text, stem.clone());
                self.stems.insert(word, stem);
            }
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// The distinct analysed terms of a text, in order of first appearance.
pub fn terms(text: &str) -> Vec<String> {
    with_terms(text, |stream| {
        let mut out: Vec<String> = Vec::new();
        while stream.advance() {
            let term = &stream.token().text;
            if !out.contains(term) {
                out.push(term.clone());
            }
        }
        out
    })
}

/// The distinct analysed terms of a text with how often each occurs, in order of first
/// appearance, and the number of terms in all (the text's length as BM25 counts it).
pub fn term_counts(text: &str) -> (Vec<(String, u32)>, u32) {
    with_terms(text, |stream| {
        let mut counts: Vec<(String, u32)> = Vec::new();
        let mut length = 0u32;
        while stream.advance() {
            length = length.saturating_add(1);
            let term = &stream.token().text;
            match counts.iter_mut().find(|(t, _)| t == term) {
                Some((_, n)) => *n += 1,
                None => counts.push((term.clone(), 1)),
            }
        }
        (counts, length)
    })
}

fn with_terms<R>(text: &str, read: impl FnOnce(&mut BoxTokenStream<'_>) -> R) -> R {
    thread_local! {
        // Building an analyzer (its stop-word set, its stemmer) costs more than
        // analysing a question: each thread builds one.
        static ANALYZER: std::cell::RefCell<TextAnalyzer> = std::cell::RefCell::new(analyzer());
    }
    ANALYZER.with_borrow_mut(|analyzer| read(&mut analyzer.token_stream(text)))
}

/// The analysed terms of a text with their positions, in order (repeats kept): what a
/// phrase of this text must match.
pub fn positioned_terms(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(usize, String)> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        let token = stream.token();
        out.push((token.position, token.text.clone()));
    }
    out
}

/// The words of a text as written (lower-cased, folded), with their analysed term when
/// they have one (common words have none).
pub fn words_and_terms(text: &str) -> Vec<(String, Option<String>)> {
    let mut tokenizer = SimpleTokenizer::default();
    let mut words = words_analyzer();
    let mut english = analyzer();
    let mut stream = tokenizer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        // Each raw word goes through both analyzers whole: the English one needs its
        // case to tell an acronym's plural ("JWTs").
        let raw = &stream.token().text;
        if let Some(word) = first_token(&mut words, raw) {
            out.push((word, first_token(&mut english, raw)));
        }
    }
    out
}

/// The first token the analyzer makes of a text: for one word, its analysed form (none
/// for a common word).
pub fn first_token(analyzer: &mut TextAnalyzer, text: &str) -> Option<String> {
    let mut stream = analyzer.token_stream(text);
    stream.advance().then(|| stream.token().text.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every token of `text`, as `analyzer` gives them.
    fn all_tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
    }

    #[test]
    fn the_stem_cache_stems_as_tantivys_stemmer_on_first_sight_and_after() {
        use tantivy::tokenizer::{Language, Stemmer};
        let mut plain = analyzer_stemming_with(Stemmer::new(Language::English));
        let mut cached = analyzer();
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/corpus/explained-100.md"
        ))
        .expect("a built-in list");
        let expected = all_tokens(&mut plain, &text);
        assert!(expected.len() > 1000);
        // Twice through one analyzer: the second pass reads every stem from the cache.
        assert_eq!(all_tokens(&mut cached, &text), expected);
        assert_eq!(all_tokens(&mut cached, &text), expected);
        // Each token's stem is the same whether or not an earlier text put it there.
        for line in text.lines().take(200) {
            assert_eq!(all_tokens(&mut cached, line), all_tokens(&mut plain, line));
        }
    }

    #[test]
    fn analyzer_stems_and_drops_question_words() {
        assert_eq!(terms("What is caching?"), ["cach"]);
        assert_eq!(terms("cache"), ["cach"]);
        assert_eq!(terms("How do you store passwords"), ["store", "password"]);
    }

    #[test]
    fn acronym_plurals_meet_their_singular() {
        assert_eq!(terms("JWTs CDNs"), terms("JWT CDN"));
        // Acronyms that end in S are not plurals.
        assert_eq!(terms("DNS TLS"), ["dns", "tls"]);
    }
}
