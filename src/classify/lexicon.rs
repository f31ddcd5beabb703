//! What words say: which headings name a category or state a level, and the keyword
//! lexicons that point a question's own text at a category or a level. Each phrase of a
//! lexicon that occurs adds its weight (its number of words, unless a `^weight` is
//! given) to its category or level.

use rustc_hash::FxHashMap;
use std::ops::Range;
use std::sync::LazyLock;

use crate::question::{Category, Level};

/// What a heading says about the questions beneath it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Topic {
    /// Only a level ("Intermediate Level", "Senior"): look further up for the topic.
    LevelOnly,
    /// Names exactly one category.
    Clear(Category),
    /// Names no category, or several ("Miscellaneous", "HTTP & Protocols").
    Unclear,
}

/// The category the nearest topical heading names, if it names exactly one.
pub fn section_category(headings: &[String]) -> Option<Category> {
    for heading in headings.iter().rev() {
        match heading_topic(heading) {
            Topic::LevelOnly => continue,
            Topic::Clear(category) => return Some(category),
            Topic::Unclear => return None,
        }
    }
    None
}

/// The level stated by the nearest heading that states one.
pub fn stated_level(headings: &[String]) -> Option<Level> {
    headings.iter().rev().find_map(|h| heading_level(h))
}

/// Words that say nothing about a heading's topic (besides `LABEL_NOUNS`).
#[rustfmt::skip]
const HEADING_FILLER: &[&str] = &[
    "and", "the", "of", "for", "in", "on", "a", "an", "to", "with", "part", "section",
    "about",
];

/// What a heading names, whatever else it says: real lists wrap the topic in
/// "Questions about ...:", number it, add emoji or a back-to-top link. Only the words
/// of the topic are matched against the lexicon: punctuation, emoji and numbers are not
/// words, filler and label nouns are dropped, and plurals folded, so that "Questions
/// about Databases:", "2. Database 🗄️" and "Database Interview Questions" all read
/// "database".
fn topic_words(heading: &str) -> Vec<String> {
    let words = words(heading);
    // "Basic" in "Databases: Basic" states a level, it does not name the basics.
    let levels = level_word_positions(&words);
    words
        .into_iter()
        .enumerate()
        .filter(|(i, _)| !levels.contains(i))
        .map(|(_, w)| w)
        .filter(|w| {
            !HEADING_FILLER.contains(&w.as_str())
                && !LABEL_NOUNS.contains(&w.as_str())
                && !w.chars().all(|c| c.is_ascii_digit())
        })
        .map(|w| fold_plural(&w))
        .collect()
}

/// A word without a plural ending ("services" → "service", "technologies" →
/// "technology"); words that only look plural ("class", "status", "analysis") are kept.
fn fold_plural(word: &str) -> String {
    if word.len() > 4
        && let Some(stem) = word.strip_suffix("ies")
    {
        return format!("{stem}y");
    }
    let looks_singular = ["ss", "us", "is"].iter().any(|end| word.ends_with(end));
    match word.strip_suffix('s') {
        Some(stem) if word.len() > 3 && !looks_singular => stem.to_string(),
        _ => word.to_string(),
    }
}

pub fn heading_topic(heading: &str) -> Topic {
    let words = words(heading);
    let categories: Vec<Category> = HEADING_LEXICON
        .matches(&topic_words(heading))
        .into_iter()
        .map(|(category, _)| category)
        .collect();
    if let Some(&first) = categories.first() {
        return if categories.iter().all(|&c| c == first) {
            Topic::Clear(first)
        } else {
            Topic::Unclear
        };
    }
    let level_words = level_word_positions(&words);
    let only_level = !level_words.is_empty()
        && words.iter().enumerate().all(|(i, w)| {
            level_words.contains(&i)
                || HEADING_FILLER.contains(&w.as_str())
                || LABEL_NOUNS.contains(&w.as_str())
                || w.chars().all(|c| c.is_ascii_digit())
        });
    if only_level {
        Topic::LevelOnly
    } else {
        Topic::Unclear
    }
}

/// Level words: (word, level, whether the word always labels a level). Words such as
/// "advanced" or "basic" are also ordinary adjectives ("Advanced Topics", "Database
/// Advanced Concepts"); they state a level only in a label position: alone, in
/// parentheses, after "level", or before "level", "questions", "developer" and the like.
const LEVEL_WORDS: &[(&str, Level, bool)] = &[
    ("beginner", Level::Beginner, true),
    ("beginners", Level::Beginner, true),
    ("junior", Level::Beginner, true),
    ("juniors", Level::Beginner, true),
    ("fresher", Level::Beginner, true),
    ("freshers", Level::Beginner, true),
    ("entry", Level::Beginner, false),
    ("basic", Level::Beginner, false),
    ("easy", Level::Beginner, false),
    ("intermediate", Level::Intermediate, true),
    ("mid", Level::Intermediate, false),
    ("medium", Level::Intermediate, false),
    ("advanced", Level::Advanced, false),
    ("senior", Level::Advanced, true),
    ("seniors", Level::Advanced, true),
    ("expert", Level::Advanced, false),
    ("experts", Level::Advanced, false),
    ("hard", Level::Advanced, false),
];

/// Words after which a level word labels the heading ("Advanced Level", "Senior Questions").
const LABEL_NOUNS: &[&str] = &[
    "level",
    "levels",
    "question",
    "questions",
    "developer",
    "developers",
    "engineer",
    "engineers",
    "candidate",
    "candidates",
    "interview",
    "interviews",
    "role",
    "roles",
];

fn level_word_positions(words: &[String]) -> Vec<usize> {
    (0..words.len())
        .filter(|&i| level_word_at(words, i, "").is_some())
        .collect()
}

fn level_word_at(words: &[String], i: usize, heading: &str) -> Option<Level> {
    let &(word, level, always) = LEVEL_WORDS.iter().find(|(w, _, _)| *w == words[i])?;
    if always {
        return Some(level);
    }
    let next = words.get(i + 1).map(String::as_str);
    let previous = i.checked_sub(1).map(|p| words[p].as_str());
    let labelled = next.is_some_and(|n| LABEL_NOUNS.contains(&n))
        || previous == Some("level")
        || words.len() == 1
        || (!heading.is_empty() && heading.to_lowercase().contains(&format!("({word}")));
    // "Entry" and "Mid" are levels only as "entry level" and "mid-level".
    if matches!(word, "entry" | "mid") && next != Some("level") {
        return None;
    }
    labelled.then_some(level)
}

/// The level a heading states, if it states exactly one.
pub fn heading_level(heading: &str) -> Option<Level> {
    let words = words(heading);
    let mut found = (0..words.len()).filter_map(|i| level_word_at(&words, i, heading));
    let first = found.next()?;
    found.all(|l| l == first).then_some(first)
}

/// The category a source states for one question (a column of a structured file), if
/// it is one of ours: a slug ("data-structures"), or a name that reads as one heading's
/// topic ("Databases", "REST APIs").
pub fn named_category(value: &str) -> Option<Category> {
    if let Ok(category) = value.parse() {
        return Some(category);
    }
    match heading_topic(value) {
        Topic::Clear(category) => Some(category),
        Topic::LevelOnly | Topic::Unclear => None,
    }
}

/// The level a source states for one question (a column): a slug, or a level word
/// anywhere in it ("senior", "Mid", "hard"). A column holds nothing but the level, so
/// its words need not be in a label position as a heading's do.
pub fn named_level(value: &str) -> Option<Level> {
    if let Ok(level) = value.parse() {
        return Some(level);
    }
    let mut found = words(value).into_iter().filter_map(|w| {
        LEVEL_WORDS
            .iter()
            .find(|(word, _, _)| *word == w)
            .map(|&(_, level, _)| level)
            .or(match w.as_str() {
                "mid" | "middle" => Some(Level::Intermediate),
                _ => None,
            })
    });
    let first = found.next()?;
    found.all(|l| l == first).then_some(first)
}

/// Lexicon scores of a question for each category, in `Category::ALL` order: the
/// question counts fully, its explanation a quarter.
pub fn category_scores(question: &str, explanation: Option<&str>) -> [f32; 12] {
    let mut scores = [0.0f32; 12];
    for (category, weight) in CATEGORY_LEXICON.matches(&words(question)) {
        scores[category.index()] += weight;
    }
    if let Some(explanation) = explanation {
        for (category, weight) in CATEGORY_LEXICON.matches(&words(explanation)) {
            scores[category.index()] += weight * 0.25;
        }
    }
    scores
}

/// The level rubric, version 1, scored from a question's wording (and the length of its
/// explanation, if it has one). Every category can hold all three levels:
///
/// - **beginner**: recall or define one everyday concept, or name a basic fact ("What
///   is a cookie?", "What does HTTP stand for?");
/// - **intermediate**: explain how or why something works, compare two things, apply a
///   technique in practice, implement a bounded piece ("How does OAuth 2.0 work?",
///   "Implement a rate limiter");
/// - **advanced**: design, or trade-offs across several concerns; distributed or
///   at-scale behaviour, failure modes, consistency ("Design a globally available
///   session store", "How would you prevent deadlocks in a sharded database?").
///
/// Returns a score per level (beginner, intermediate, advanced); the category plays no
/// part.
pub fn level_scores(question: &str, explanation: Option<&str>) -> [f32; 3] {
    let words = words(question);
    let text = format!(" {} ", words.join(" "));
    let has = |phrase: &str| has_words(&words, phrase);
    let starts = |phrase: &str| starts_with_words(&words, phrase);
    let mut scores = [0.0f32; 3];
    let [beginner, intermediate, advanced] = &mut scores;
    let length = words.len();

    // Recall or definition of one concept.
    let asks_what = starts("what is") || starts("what are") || starts("whats");
    let compares = has("difference")
        || has("differences")
        || has("differ")
        || has("vs")
        || has("versus")
        || has("compare")
        || has("pros and cons")
        || has("advantages and disadvantages");
    // "What is X?", also with the everyday follow-up ("…, and why is it used?").
    let follow_up = [
        "and why",
        "and how",
        "and when",
        "and where",
        "and what",
        "why is it",
        "why do we",
    ]
    .iter()
    .any(|p| has(p));
    // "…, and how does it work?", "…, and how can it be prevented?": explain how.
    let asks_how = [
        "how does it work",
        "how do they work",
        "how it works",
        "prevent",
        "mitigat",
    ]
    .iter()
    .any(|p| text.contains(p));
    if asks_what && asks_how {
        *intermediate += 2.5;
    }
    // Defining a concept that takes experience to understand is not recall.
    let deep_concept = !INTERMEDIATE_CONCEPTS.matches(&words).is_empty();
    if asks_what && deep_concept {
        *intermediate += 2.5;
    }
    if asks_what && !compares && (length <= 8 || (follow_up && length <= 16)) {
        *beginner += 2.0;
    }
    if starts("what is the purpose of")
        || starts("what is the role of")
        || starts("can you explain what")
        || starts("what is the concept of")
    {
        *beginner += 1.0;
    }
    if compares && length <= 10 {
        *beginner += 1.0;
    }
    if has("stand for") || starts("define") || starts("name") || starts("list") {
        *beginner += 1.5;
    }
    if (starts("explain") || starts("describe")) && length <= 6 {
        *beginner += 1.0;
    }
    // Explaining how or why, comparing, applying.
    if compares {
        *intermediate += 2.0;
    }
    if starts("how does") || starts("how do") || starts("how is") || starts("how are") {
        *intermediate += 1.5;
    }
    if starts("why") || has("explain how") || has("explain why") || has("describe how") {
        *intermediate += 1.5;
    }
    if starts("how would you") || starts("how can you") || starts("how to") {
        *intermediate += 1.5;
    }
    if ["implement", "write", "build", "create", "code"]
        .iter()
        .any(|w| starts(w))
        || has("when would you")
        || has("when should you")
        || has("when to use")
    {
        *intermediate += 1.5;
    }
    if length > 8 && (starts("explain") || starts("describe") || starts("discuss")) {
        *intermediate += 1.0;
    }
    // Design, scale, failure, consistency.
    let at_scale: f32 = ADVANCED_LEXICON.matches(&words).iter().map(|m| m.1).sum();
    // Naming a distributed-systems idea ("What is the CAP theorem?") is explaining it;
    // designing with it, or for scale and failure, is advanced.
    let definition = asks_what || starts("explain the concept");
    *advanced += if definition { 0.6 } else { 1.8 } * at_scale;
    if has("scale") || has("scaling") || has("traffic") {
        *advanced += 1.0;
    }
    if starts("design") || has("design a") || has("design the") || has("architect") {
        *advanced += 1.0;
    }
    // Several concerns at once, and long answers, lean away from recall.
    let concerns = words.iter().filter(|w| *w == "and").count() + question.matches(',').count();
    if concerns >= 2 || length > 20 {
        *intermediate += 0.5;
        *advanced += 0.3;
    }
    if explanation.is_some_and(|e| e.len() > 800) {
        *intermediate += 0.3;
        *advanced += 0.3;
    }
    let beginner_words: f32 = BEGINNER_LEXICON.matches(&words).iter().map(|m| m.1).sum();
    *beginner += beginner_words;
    scores
}

/// Whether the words of `phrase` (separated by single spaces) follow one another in
/// `words`: what `format!(" {} ", words.join(" ")).contains(&format!(" {phrase} "))`
/// says, without writing either string or searching the text (every question is
/// scored at index time).
fn has_words(words: &[String], phrase: &str) -> bool {
    let first = phrase.split(' ').next().unwrap_or(phrase);
    words
        .iter()
        .enumerate()
        .any(|(at, word)| word == first && starts_with_words(&words[at..], phrase))
}

/// Whether `words` begin with the words of `phrase`.
fn starts_with_words(words: &[String], phrase: &str) -> bool {
    let (first, rest) = match phrase.split_once(' ') {
        Some((first, rest)) => (first, Some(rest)),
        None => (phrase, None),
    };
    match words.split_first() {
        Some((word, after)) if word == first => {
            rest.is_none_or(|rest| starts_with_words(after, rest))
        }
        _ => false,
    }
}

/// Lowercase words of a text; apostrophes are dropped so "what's" is "whats".
fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .replace(['\'', '’'], "")
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Phrases per category. A phrase is words separated by spaces; a final `*` matches any
/// word that starts with what precedes it; `^w` sets the phrase's weight.
struct Lexicon<K> {
    phrases: Vec<(K, Vec<String>, bool, f32)>,
    /// The phrases by their first word, when it must match exactly: matching looks up
    /// each word of a question instead of trying every phrase at every word (every
    /// question is scored at index time).
    by_first: FxHashMap<String, Vec<usize>>,
    /// One-word prefix phrases ("microservice*") by their first `PREFIX_KEY` bytes: a
    /// word tries only those that begin as it does.
    prefixes: FxHashMap<[u8; PREFIX_KEY], Vec<usize>>,
    /// One-word prefix phrases shorter than that, tried at every word.
    short_prefixes: Vec<usize>,
}

/// How many bytes of a prefix phrase key it in `Lexicon::prefixes`.
const PREFIX_KEY: usize = 3;

fn prefix_key(word: &str) -> Option<[u8; PREFIX_KEY]> {
    word.as_bytes().get(..PREFIX_KEY)?.try_into().ok()
}

impl<K: Copy> Lexicon<K> {
    /// A lexicon matched against `topic_words`: its phrases' plurals folded the same way.
    fn folded(table: &[(K, &[&str])]) -> Self {
        let mut phrases = Lexicon::new(table).phrases;
        for (_, words, _, _) in &mut phrases {
            for word in words.iter_mut() {
                *word = fold_plural(word);
            }
        }
        Lexicon::indexed(phrases)
    }

    fn indexed(phrases: Vec<(K, Vec<String>, bool, f32)>) -> Self {
        let mut by_first: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        let mut prefixes: FxHashMap<[u8; PREFIX_KEY], Vec<usize>> = FxHashMap::default();
        let mut short_prefixes = Vec::new();
        for (index, (_, words, prefix, _)) in phrases.iter().enumerate() {
            if *prefix && words.len() == 1 {
                match prefix_key(&words[0]) {
                    Some(key) => prefixes.entry(key).or_default().push(index),
                    None => short_prefixes.push(index),
                }
            } else if let Some(first) = words.first() {
                by_first.entry(first.clone()).or_default().push(index);
            }
        }
        Lexicon {
            phrases,
            by_first,
            prefixes,
            short_prefixes,
        }
    }

    fn new(table: &[(K, &[&str])]) -> Self {
        let mut phrases = Vec::new();
        for (key, entries) in table {
            for entry in *entries {
                let (text, weight) = match entry.split_once('^') {
                    Some((t, w)) => (t, w.parse().unwrap_or(1.0)),
                    None => (*entry, f32::NAN),
                };
                let prefix = text.ends_with('*');
                let words: Vec<String> = text
                    .trim_end_matches('*')
                    .split(' ')
                    .map(str::to_string)
                    .collect();
                let weight = if weight.is_nan() {
                    words.len() as f32
                } else {
                    weight
                };
                phrases.push((*key, words, prefix, weight));
            }
        }
        Lexicon::indexed(phrases)
    }

    /// Every phrase that occurs in `words` (each counted once), with its weight. A
    /// phrase found only inside a longer phrase's match does not count: "design
    /// patterns" is not also "design".
    fn matches(&self, words: &[String]) -> Vec<(K, f32)> {
        let mut spans: Vec<(usize, Range<usize>)> = Vec::new();
        for (start, word) in words.iter().enumerate() {
            let exact = self.by_first.get(word).into_iter().flatten();
            let prefixed = prefix_key(word)
                .and_then(|key| self.prefixes.get(&key))
                .into_iter()
                .flatten();
            for &index in exact.chain(prefixed).chain(&self.short_prefixes) {
                let (_, phrase, prefix, _) = &self.phrases[index];
                let Some(window) = words.get(start..start + phrase.len()) else {
                    continue;
                };
                let found = window.iter().zip(phrase).enumerate().all(|(i, (w, p))| {
                    if *prefix && i == phrase.len() - 1 {
                        w.starts_with(p.as_str())
                    } else {
                        w == p
                    }
                });
                if found {
                    spans.push((index, start..start + phrase.len()));
                }
            }
        }
        // In the lexicon's order, as the weights are summed and repeats dropped.
        spans.sort_by_key(|(index, span)| (*index, span.start));
        let covered = |span: &Range<usize>| {
            spans.iter().any(|(_, other)| {
                other.len() > span.len() && other.start <= span.start && span.end <= other.end
            })
        };
        let mut counted: Vec<usize> = spans
            .iter()
            .filter(|(_, span)| !covered(span))
            .map(|(index, _)| *index)
            .collect();
        counted.dedup();
        counted
            .into_iter()
            .map(|index| (self.phrases[index].0, self.phrases[index].3))
            .collect()
    }
}

use Category::*;

/// Words that make a heading name a category, matched against its `topic_words`.
#[rustfmt::skip]
static HEADING_LEXICON: LazyLock<Lexicon<Category>> = LazyLock::new(|| {
    Lexicon::folded(&[
        (Fundamentals, &["fundamental*", "basics", "programming", "languages", "frameworks", "framework", "oop"]),
        (DataStructures, &["data structure*", "algorithm*", "dsa"]),
        (Apis, &["api", "apis", "rest", "restful", "graphql", "web", "web services", "http", "file handling", "file uploads"]),
        (Databases, &["database*", "sql", "nosql", "data storage", "storage", "orm", "data modeling", "data modelling"]),
        (Security, &["security", "authentication", "authorization", "auth", "oauth", "encryption", "cryptography"]),
        (Performance, &["performance", "caching", "cache", "optimization", "optimisation"]),
        (Architecture, &[
            "architecture", "system design", "scalability", "scaling", "distributed systems", "microservice*",
            "design", "design patterns", "soa", "service oriented", "messaging", "message queues", "kafka",
            "event driven",
        ]),
        (Devops, &[
            "devops", "ci cd", "deployment*", "cloud", "infrastructure", "containers", "docker", "kubernetes",
            "version control", "code versioning", "source control", "git", "gitops", "tooling", "sre",
            "site reliability", "software distribution", "packaging", "release management",
        ]),
        (Testing, &["testing", "tests", "debugging", "tdd"]),
        (Concurrency, &["concurrency", "concurrent", "multithreading", "threading", "threads", "parallelism", "async"]),
        (Networking, &["networking", "network", "networks", "protocols", "tcp", "dns"]),
        (Observability, &["observability", "logging", "monitoring", "error handling", "errors", "tracing", "metrics"]),
    ])
});

/// Words that point a question at a category.
#[rustfmt::skip]
static CATEGORY_LEXICON: LazyLock<Lexicon<Category>> = LazyLock::new(|| {
    Lexicon::new(&[
        (Fundamentals, &[
            "backend^0.5", "back end^0.5", "frontend^1", "front end^1", "server^0.5", "client server^3",
            "framework*", "mvc", "design pattern*", "dependency injection", "environment variable*",
            "env var*", "configuration*", "config file*", "json", "crud", "route", "routes", "routing",
            "middleware", "maintainab*", "code review*", "recursion", "recursive", "closure*",
            "pass by value", "pass by reference", "higher order", "oop", "object oriented", "solid",
            "clean code", "responsibilities", "web service^1", "hotfix^0.5",
        ]),
        (DataStructures, &[
            "data structure*", "algorithm*", "complexity", "big o", "hash table*", "hash map*",
            "linked list*", "tree", "trees", "binary", "sort*", "array*", "stack^2", "heap",
            "string^1.5", "palindrome*", "graph", "graphs", "two pointer", "bfs", "dfs", "lru",
            "function to^1.5", "write a function",
        ]),
        (Apis, &[
            "api^0.5", "apis^0.5", "http method*", "status code*", "get request^2", "post request^2",
            "get and post", "put and patch", "request response", "request*^0.5", "rest", "restful",
            "graphql", "endpoint*", "versioning", "webhook*", "cors^2", "paginat*", "websocket*",
            "web socket*", "idempoten*", "upload*", "invalid data", "validat*", "500 internal",
            "api dependencies",
        ]),
        (Databases, &[
            "database*", "db", "sql", "nosql", "schema*", "primary key*", "foreign key*", "index",
            "indexes", "indexing", "normaliz*", "denormaliz*", "normalis*", "join", "joins",
            "subquer*", "transaction*", "acid", "optimistic", "pessimistic", "deadlock*", "orm",
            "orms", "object relational", "migration*", "replication^2", "shard*", "full text search",
            "relational", "mongodb", "postgres*", "mysql", "query^0.5", "queries^0.5",
        ]),
        (Security, &[
            "authenticat*", "authori*", "authantication", "authn", "authz", "oauth*", "jwt*",
            "token*", "session*", "cookie*", "sso", "single sign on", "2fa", "two factor", "mfa",
            "password*", "hash*", "encrypt*", "decrypt*", "tls", "ssl", "sql injection^3",
            "injection", "xss", "csrf", "cross site", "secur*", "secret*", "gdpr", "privacy",
            "man in the middle", "rbac", "access control", "rate limit*", "abuse", "certificate*",
            "asymmetric", "symmetric", "public key*", "private key*", "unauthorized", "vulnerab*",
            "attack*", "third party",
        ]),
        (Performance, &[
            "cach*^2", "evict*", "cdn*", "content delivery", "optimiz*", "optimis*", "lazy loading",
            "connection pool*", "compress*", "gzip", "latency", "throughput", "bottleneck*",
            "performance", "slow", "redis", "memcached", "profil*", "lock contention^3",
        ]),
        (Architecture, &[
            "system design", "design a^1.5", "architect*", "scal*", "microservice*", "monolith*",
            "distributed", "cap", "eventual consistency", "consistency", "load balanc*",
            "reverse prox*", "forward proxy", "proxy", "proxies", "api gateway^3", "message queu*",
            "queue*^0.5", "kafka", "rabbitmq", "event driven", "event sourcing", "saga", "circuit breaker",
            "service discovery", "high availability", "availability", "failover", "redundancy",
            "batch processing", "batch", "stream*", "background job*", "background task*", "jobs",
            "long running", "notification*", "stateless^1.5", "stateful^1.5", "service mesh",
            "traffic", "spike*", "surge", "millions", "fault toleran*", "real time",
            "inter service", "anomal*", "data consistency",
        ]),
        (Devops, &[
            "ci cd", "continuous integration", "continuous deployment", "continuous delivery",
            "pipeline*", "container*", "docker", "kubernetes", "k8s", "orchestration", "cloud",
            "aws", "azure", "gcp", "serverless^3", "infrastructure as code", "iac", "terraform",
            "deploy*", "blue green", "canary", "version control", "git", "release*", "hotfix*",
            "virtual machine*", "vms",
        ]),
        (Testing, &[
            "test*^2", "tdd", "mock*", "unit test*", "integration test*", "debug*", "black box",
            "white box", "qa",
        ]),
        (Concurrency, &[
            "process", "processes", "thread*", "multithread*", "concurren*", "parallel*",
            "race condition*", "lock", "locks", "locking", "mutex*", "semaphore*", "thread pool*",
            "async*", "asynchronous", "synchronous", "sync",
        ]),
        (Networking, &[
            "tcp", "udp", "dns", "socket", "sockets", "http and https^3", "https^1.5", "http 2^3",
            "http 1 1^2", "osi", "ip", "network*", "packet*", "handshake", "protocol*",
        ]),
        (Observability, &[
            "log", "logs", "logging", "log errors^3", "monitor*", "metric*", "tracing", "trace",
            "correlation id*", "observab*", "error handling^3", "error handler*^3", "handle errors",
            "exception*", "retry", "retries", "alert*", "prometheus", "grafana", "error^0.5",
            "errors^0.5", "fails^1", "failure*^1",
        ]),
    ])
});

/// Wording that leans advanced.
#[rustfmt::skip]
static ADVANCED_LEXICON: LazyLock<Lexicon<()>> = LazyLock::new(|| {
    Lexicon::new(&[((), &[
        "design a^1", "design the^1", "you design^1", "architect^1", "at scale^1",
        "large scale^1", "millions^1", "global^1", "multinational^1", "trade off*^1",
        "tradeoff*^1", "distributed^1", "consistency^1", "cap^1", "saga^1", "event sourcing^1",
        "shard*^1", "deadlock*^1", "optimistic^1", "pessimistic^1", "high availability^1",
        "service mesh^1", "circuit breaker^1", "real time^1", "inter service^1", "anomal*^1",
        "fault toleran*^1", "replication^1", "idempoten*^1", "consensus^1", "decompose^1",
        "high load^1", "high traffic^1", "spike*^1", "surge^1", "failover^1", "redundancy^1",
        "orchestration^1", "in production^1",
    ])])
});

/// Concepts whose definition takes working experience to give: "What is X?" about one
/// of them is intermediate by the rubric, not recall.
#[rustfmt::skip]
static INTERMEDIATE_CONCEPTS: LazyLock<Lexicon<()>> = LazyLock::new(|| {
    Lexicon::new(&[((), &[
        "oauth*", "jwt*", "csrf", "xss", "sql injection", "man in the middle", "tls", "ssl",
        "race condition*", "semaphore*", "deadlock*", "thread pool*", "producer consumer",
        "load balanc*", "message queue*", "service discovery", "api gateway*",
        "event driven", "microservice*", "indexes", "indexing", "normalization",
        "denormalization", "orm", "connection pool*", "replication", "webhook*",
        "graphql", "versioning", "dns", "socket*", "retry", "load testing", "kubernetes",
        "serverless", "auto scaling", "dependency injection", "closure*", "heap",
        "rate limit*", "session management", "design patterns", "cap", "eventual consistency",
        "shard*", "circuit breaker", "idempoten*", "service mesh", "saga",
        "distributed computing", "blue green", "canary",
    ])])
});

/// Wording that leans beginner.
#[rustfmt::skip]
static BEGINNER_LEXICON: LazyLock<Lexicon<()>> = LazyLock::new(|| {
    Lexicon::new(&[((), &[
        "name a few^1", "name some^1", "give examples^1", "stand for^1", "basic^0.5",
        "simple^0.5",
    ])])
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_words_are_found_as_a_padded_search_finds_them() {
        let texts = [
            "what is a cache",
            "a a a",
            "aa aaa a",
            "caché and cache",
            "",
        ];
        let phrases = [
            "a", "a a", "aa", "cache", "what is", "is a c", "caché", "che", "a cache",
        ];
        for text in texts {
            let words: Vec<String> = text.split_whitespace().map(str::to_string).collect();
            let padded = format!(" {} ", words.join(" "));
            for phrase in phrases {
                assert_eq!(
                    has_words(&words, phrase),
                    padded.contains(&format!(" {phrase} ")),
                    "{phrase:?} in {text:?}"
                );
                assert_eq!(
                    starts_with_words(&words, phrase),
                    padded.starts_with(&format!(" {phrase} ")),
                    "{text:?} starts with {phrase:?}"
                );
            }
        }
    }

    fn argmax(scores: &[f32]) -> usize {
        let mut best = 0;
        for (i, &score) in scores.iter().enumerate() {
            if score > scores[best] {
                best = i;
            }
        }
        best
    }

    fn infer_category(question: &str, explanation: Option<&str>) -> Category {
        Category::ALL[argmax(&category_scores(question, explanation))]
    }

    fn infer_level(question: &str) -> Level {
        let scores = level_scores(question, None);
        if scores.iter().all(|&s| s == 0.0) {
            return Level::Intermediate;
        }
        Level::ALL[argmax(&scores)]
    }

    fn headings(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn level_words_in_label_position_state_a_level() {
        for (heading, level) in [
            ("Fundamental Concepts (Beginner)", Some(Level::Beginner)),
            ("Junior Developer Questions", Some(Level::Beginner)),
            ("Entry level", Some(Level::Beginner)),
            ("Intermediate Level", Some(Level::Intermediate)),
            ("Mid-level", Some(Level::Intermediate)),
            ("Advanced Level", Some(Level::Advanced)),
            ("Senior", Some(Level::Advanced)),
            ("Expert Questions", Some(Level::Advanced)),
            ("Advanced Topics", None),
            ("Database Advanced Concepts", None),
            ("Entry points", None),
            ("Junior to Senior", None),
        ] {
            assert_eq!(heading_level(heading), level, "{heading}");
        }
    }

    #[test]
    fn headings_name_one_category_or_none() {
        for (heading, topic) in [
            ("Databases and Data Storage", Topic::Clear(Databases)),
            ("Database Advanced Concepts", Topic::Clear(Databases)),
            ("Scalability & Architecture", Topic::Clear(Architecture)),
            ("Error Handling and Logging", Topic::Clear(Observability)),
            ("HTTP & Protocols", Topic::Unclear),
            ("File Handling & Testing", Topic::Unclear),
            ("Miscellaneous", Topic::Unclear),
            ("Advanced Topics", Topic::Unclear),
            ("Practical Coding Questions", Topic::Unclear),
            ("Problem-Solving and Scenarios", Topic::Unclear),
            ("General Back-End Development Concepts", Topic::Unclear),
            ("Intermediate Level", Topic::LevelOnly),
        ] {
            assert_eq!(heading_topic(heading), topic, "{heading}");
        }
    }

    #[test]
    fn headings_of_published_lists_name_their_topic() {
        for (heading, topic) in [
            (
                "[↑] Questions about Design Patterns:",
                Topic::Clear(Architecture),
            ),
            ("Questions about Code Design:", Topic::Clear(Architecture)),
            ("Questions about Databases:", Topic::Clear(Databases)),
            ("Questions about NoSQL:", Topic::Clear(Databases)),
            ("Questions about Concurrency:", Topic::Clear(Concurrency)),
            (
                "Questions about Distributed Systems:",
                Topic::Clear(Architecture),
            ),
            ("Questions about Security:", Topic::Clear(Security)),
            ("Questions about Web development:", Topic::Clear(Apis)),
            ("Web Questions", Topic::Clear(Apis)),
            ("Questions about code versioning:", Topic::Clear(Devops)),
            ("Questions about Languages:", Topic::Clear(Fundamentals)),
            ("Kafka", Topic::Clear(Architecture)),
            ("Tooling", Topic::Clear(Devops)),
            ("Version Control", Topic::Clear(Devops)),
            ("Software Distribution", Topic::Clear(Devops)),
            ("GitOps", Topic::Clear(Devops)),
            ("SRE", Topic::Clear(Devops)),
            ("DevOps", Topic::Clear(Devops)),
            ("REST APIs", Topic::Clear(Apis)),
            ("Microservices", Topic::Clear(Architecture)),
            ("3. Microservice 🚀", Topic::Clear(Architecture)),
            ("Database Interview Questions", Topic::Clear(Databases)),
            ("General Questions:", Topic::Unclear),
            ("General", Topic::Unclear),
            ("Questions about snippets of code:", Topic::Unclear),
            ("Senior Interview Questions", Topic::LevelOnly),
            ("Basic", Topic::LevelOnly),
            ("Java Basics", Topic::Clear(Fundamentals)),
        ] {
            assert_eq!(heading_topic(heading), topic, "{heading}");
        }
    }

    #[test]
    fn plurals_fold_and_words_that_only_look_plural_stay() {
        for (word, folded) in [
            ("services", "service"),
            ("technologies", "technology"),
            ("apis", "apis"),
            ("class", "class"),
            ("status", "status"),
            ("dns", "dns"),
        ] {
            assert_eq!(fold_plural(word), folded);
        }
    }

    #[test]
    fn stated_columns_name_a_category_or_a_level() {
        assert_eq!(named_category("Databases"), Some(Databases));
        assert_eq!(named_category("data-structures"), Some(DataStructures));
        assert_eq!(named_category("REST APIs"), Some(Apis));
        assert_eq!(named_category("Soft skills"), None);
        assert_eq!(named_category("Senior"), None);
        assert_eq!(named_level("senior"), Some(Level::Advanced));
        assert_eq!(named_level("Mid"), Some(Level::Intermediate));
        assert_eq!(named_level("hard"), Some(Level::Advanced));
        assert_eq!(named_level("Intermediate"), Some(Level::Intermediate));
        assert_eq!(named_level("junior to senior"), None);
        assert_eq!(named_level("n/a"), None);
    }

    #[test]
    fn level_only_headings_defer_to_the_topic_above() {
        let h = headings(&["Databases", "Senior"]);
        assert_eq!(section_category(&h), Some(Databases));
        assert_eq!(stated_level(&h), Some(Level::Advanced));
        let h = headings(&["Fundamental Concepts (Beginner)", "Miscellaneous"]);
        assert_eq!(section_category(&h), None);
        assert_eq!(stated_level(&h), Some(Level::Beginner));
    }

    #[test]
    fn keyword_inference_picks_the_obvious_category() {
        for (question, category) in [
            (
                "How do you protect a server from SQL injection attacks?",
                Security,
            ),
            (
                "What is a load balancer and how does it work?",
                Architecture,
            ),
            (
                "Explain what caching is and how it can improve the performance of a backend?",
                Performance,
            ),
            (
                "What is the difference between a process and a thread?",
                Concurrency,
            ),
            (
                "How would you log errors in a backend application?",
                Observability,
            ),
            (
                "What kind of tests would you write for a new API endpoint?",
                Testing,
            ),
            (
                "Write a function to reverse a string in Python.",
                DataStructures,
            ),
            ("What is JSON?", Fundamentals),
        ] {
            assert_eq!(infer_category(question, None), category, "{question}");
        }
    }

    #[test]
    fn level_inference_reads_the_wording() {
        assert_eq!(infer_level("What is JSON?"), Level::Beginner);
        assert_eq!(
            infer_level("How do you handle database migrations?"),
            Level::Intermediate
        );
        assert_eq!(
            infer_level("How does OAuth 2.0 work, and how does it differ from OpenID Connect?"),
            Level::Intermediate
        );
        assert_eq!(
            infer_level("Implement a rate limiter in Python."),
            Level::Intermediate
        );
        assert_eq!(
            infer_level("How would you prevent deadlocks in a sharded database?"),
            Level::Advanced
        );
        assert_eq!(
            infer_level("How would you design a global, high availability storage system?"),
            Level::Advanced
        );
        assert_eq!(
            infer_level("How do you handle database migrations in your team?"),
            Level::Intermediate
        );
    }
}
