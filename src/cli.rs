//! The command line, defined once: parsing, help, completions and the man page all
//! come from these types.

use std::num::NonZeroUsize;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use qbank::{Category, Level};

#[derive(Debug, Parser)]
#[command(
    name = "qbank",
    version,
    about = "Search backend-developer interview questions, offline",
    long_about = "Search backend-developer interview questions, offline.\n\n\
        qbank reads question lists (its built-in ones, or a corpus directory of yours) into \
        a full-text index and ranks the questions that match your words, with their \
        explanations. The index builds itself on first use and whenever the corpus \
        changes; `qbank info` says which corpus and index are in use, and why.",
    after_help = "Exit status: 0 when something matched, 1 when nothing did, 2 on an error.",
    max_term_width = 100
)]
pub struct Cli {
    /// Directory of source lists (*.md, *.txt) [env: QBANK_CORPUS] [default: ./corpus if
    /// it holds lists, else the lists built into qbank]
    #[arg(long, global = true, value_name = "DIR")]
    pub corpus: Option<PathBuf>,

    /// Add the built-in lists to the corpus directory's [env: QBANK_WITH_BUILTIN]
    #[arg(long, global = true)]
    pub with_builtin: bool,

    /// Directory of the search index [env: QBANK_INDEX] [default: ./index beside
    /// ./corpus, else a folder per corpus in the per-user data directory]
    #[arg(long, global = true, value_name = "DIR")]
    pub index: Option<PathBuf>,

    /// When to use colours (auto: when stdout is a terminal and NO_COLOR is unset)
    #[arg(long, global = true, value_enum, ignore_case = true, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// Print long output directly instead of through the pager (QBANK_PAGER, PAGER,
    /// else less)
    #[arg(long, global = true)]
    pub no_pager: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the index from the corpus (replaces the old index only when complete)
    Index {
        /// Start over: remove the index there first (once the corpus has been read),
        /// and take back an index directory whose marker is gone. For a damaged index.
        #[arg(long)]
        force: bool,
    },
    /// Search questions and explanations
    #[command(
        after_help = "Query syntax: several words must all match (if none does, any may); \
        \"quoted phrase\" (exact); +required -excluded; a OR b; word* (prefix); field:word on \
        question, title, code, explanation, section, category, level or source. Words also find their \
        synonyms (synonyms.toml), near spellings, and split or joined forms, ranked below \
        the words as typed; --exact turns that off."
    )]
    Search(SearchArgs),
    /// Questions related to one (by id) or to a text; its duplicates are listed apart
    Related(RelatedArgs),
    /// Write a set of questions (filtered, optionally searched) as Markdown, JSON, JSON
    /// lines, CSV or Anki cards
    #[command(
        after_help = "Without a query, every question that passes the filters, ordered by \
        category, level, source and number; with one, the matches in rank order. The format \
        follows -o's extension (.md, .json, .jsonl, .csv, .txt/.tsv for Anki) unless --format \
        says otherwise; Markdown by default."
    )]
    Export(ExportArgs),
    /// Practise: questions drawn at random, the explanation on Enter, a score at the end
    #[command(
        after_help = "Answers are read line by line from standard input, so a quiz can be \
        scripted: Enter shows the explanation, then y or n says whether you knew it; q quits \
        (the summary is still printed)."
    )]
    Quiz(QuizArgs),
    /// Show one question in full
    Show {
        /// Question id, as printed by search (e.g. backend-128:21)
        id: String,
        #[arg(long, value_enum, ignore_case = true, default_value_t = DetailFormat::Table)]
        format: DetailFormat,
    },
    /// Count questions by source, category and level
    Stats {
        #[arg(long, value_enum, ignore_case = true, default_value_t = DetailFormat::Table)]
        format: DetailFormat,
    },
    /// Measure category and level inference by leave-one-source-out cross-validation,
    /// and against a gold set labelled from the level rubric
    #[command(name = "eval-classify")]
    EvalClassify {
        #[arg(long, value_enum, ignore_case = true, default_value_t = DetailFormat::Table)]
        format: DetailFormat,
        /// Gold labels (`id<TAB>level<TAB>category` lines, as tests/data/levels.tsv):
        /// also report level accuracy, each level's recall, category accuracy and
        /// accuracy by confidence against them
        #[arg(long, value_name = "FILE")]
        gold: Option<std::path::PathBuf>,
    },
    /// Measure search relevance against a judgments file (nDCG@10, MRR, recall@10 per
    /// kind of query), plain BM25 and forgiving search side by side
    Eval {
        /// TOML judgments: [[query]] with text, kind and relevant = { "id" = grade }
        #[arg(value_name = "JUDGMENTS")]
        judgments: PathBuf,
        /// Also list every query's figures
        #[arg(long)]
        per_query: bool,
        #[arg(long, value_enum, ignore_case = true, default_value_t = DetailFormat::Table)]
        format: DetailFormat,
    },
    /// Show which corpus and index are in use, and why
    Info {
        #[arg(long, value_enum, ignore_case = true, default_value_t = DetailFormat::Table)]
        format: DetailFormat,
    },
    /// Print shell completions
    Completions {
        #[arg(value_enum, ignore_case = true)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff)
    Man,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words to search for (several words need no quotes; put a query that starts with
    /// '-' after `--`, or in quotes after another word: "cache -redis")
    #[arg(required = true, value_name = "QUERY")]
    pub query: Vec<String>,

    #[command(flatten)]
    pub filters: FilterArgs,

    #[command(flatten)]
    pub page: PageArgs,

    /// Show every member of a duplicate cluster, not only the best-ranked one
    #[arg(long)]
    pub no_collapse: bool,

    /// Search the words only as typed (and their stems): no synonyms, typo matching,
    /// or split and joined words
    #[arg(long)]
    pub exact: bool,

    /// Show for each result its score and which words matched, and how (exact,
    /// stemmed, fuzzy, synonym, split, joined, prefix)
    #[arg(long)]
    pub explain_score: bool,

    #[arg(long, value_enum, ignore_case = true, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Words to search for; without them, every question that passes the filters
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,

    #[command(flatten)]
    pub filters: FilterArgs,

    /// Output format [default: from the extension of -o, else markdown]
    #[arg(long, value_enum, ignore_case = true)]
    pub format: Option<ExportFormat>,

    /// Write to FILE instead of standard output (written whole, then moved into place)
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Replace FILE if it exists
    #[arg(long, requires = "output")]
    pub force: bool,

    /// Every member of a duplicate cluster, not one question per cluster
    #[arg(long)]
    pub no_collapse: bool,

    /// Search the query only as typed (see `search --exact`)
    #[arg(long)]
    pub exact: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Markdown,
    Json,
    Jsonl,
    Csv,
    Anki,
}

#[derive(Debug, Args)]
pub struct QuizArgs {
    /// Words to choose questions by; without them, every question that passes the filters
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,

    #[command(flatten)]
    pub filters: FilterArgs,

    /// How many questions
    #[arg(long, short = 'n', default_value = "10", value_name = "N", value_parser = parse_count, allow_negative_numbers = true)]
    pub count: NonZeroUsize,

    /// Seed of the draw: the same seed and corpus give the same quiz [default: from the clock]
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
}

#[derive(Debug, Args)]
pub struct RelatedArgs {
    /// Question id, as printed by search (e.g. backend-128:21)
    #[arg(
        required_unless_present = "text",
        conflicts_with = "text",
        value_name = "ID"
    )]
    pub id: Option<String>,

    /// Find questions related to this text instead of a question
    #[arg(long, value_name = "TEXT")]
    pub text: Option<String>,

    #[command(flatten)]
    pub filters: FilterArgs,

    #[command(flatten)]
    pub page: PageArgs,

    #[arg(long, value_enum, ignore_case = true, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

#[derive(Debug, Args)]
pub struct PageArgs {
    /// Number of results to show
    #[arg(long, short = 'n', default_value = "10", value_name = "N", value_parser = parse_count, allow_negative_numbers = true)]
    pub limit: NonZeroUsize,

    /// Number of results to skip (for paging)
    #[arg(long, default_value_t = 0, value_name = "N", value_parser = parse_offset, allow_negative_numbers = true)]
    pub offset: usize,
}

#[derive(Debug, Args)]
pub struct FilterArgs {
    /// Only this category (repeat for several)
    #[arg(long, short = 'c', value_name = "CATEGORY", value_parser = parse_category)]
    pub category: Vec<Category>,

    /// Only this level: beginner, intermediate, advanced (repeat for several)
    #[arg(long, short = 'l', value_name = "LEVEL", value_parser = parse_level)]
    pub level: Vec<Level>,

    /// Only this source list, by file name without extension (repeat for several)
    #[arg(long, short = 's', value_name = "SOURCE")]
    pub source: Vec<String>,

    /// Only labels given with at least this confidence, 0 to 1 (stated labels have 1):
    /// the level's with --level, the category's with --category, both otherwise
    #[arg(long, value_name = "CONFIDENCE", value_parser = parse_confidence)]
    pub min_confidence: Option<f32>,
}

/// A confidence: a number from 0 to 1.
fn parse_confidence(value: &str) -> Result<f32, String> {
    match value.trim().parse::<f32>() {
        Ok(c) if (0.0..=1.0).contains(&c) => Ok(c),
        _ => Err("give a number from 0 to 1, such as 0.8".to_string()),
    }
}

/// A count of results: a whole number from 1 up.
fn parse_count(value: &str) -> Result<NonZeroUsize, String> {
    parse_whole(value, 1).and_then(|n| NonZeroUsize::new(n).ok_or_else(String::new))
}

/// A number of results to skip: a whole number from 0 up.
fn parse_offset(value: &str) -> Result<usize, String> {
    parse_whole(value, 0)
}

fn parse_whole(value: &str, least: usize) -> Result<usize, String> {
    use std::num::IntErrorKind;
    let wanted = format!("give a whole number from {least} up");
    match value.trim().parse::<usize>() {
        Ok(n) if n >= least => Ok(n),
        Ok(_) => Err(wanted),
        Err(e) if *e.kind() == IntErrorKind::PosOverflow => {
            Err(format!("too large: at most {}", usize::MAX))
        }
        Err(_) => Err(wanted),
    }
}

fn parse_category(value: &str) -> Result<Category, String> {
    value
        .parse()
        .map_err(|e: qbank::question::UnknownValue| e.to_string())
}

fn parse_level(value: &str) -> Result<Level, String> {
    value
        .parse()
        .map_err(|e: qbank::question::UnknownValue| e.to_string())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
    Jsonl,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DetailFormat {
    Table,
    Json,
}

/// A hint for a mistyped option that names a format (`--json`): formats are chosen with
/// `--format`.
pub fn hint(error: &clap::Error) -> Option<String> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if error.kind() != ErrorKind::UnknownArgument {
        return None;
    }
    let Some(ContextValue::String(argument)) = error.get(ContextKind::InvalidArg) else {
        return None;
    };
    let name = argument.trim_start_matches('-').to_ascii_lowercase();
    ["json", "jsonl", "csv", "table", "markdown", "anki"]
        .contains(&name.as_str())
        .then(|| format!("qbank: did you mean `--format {name}`?"))
}
