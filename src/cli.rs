//! The command line, defined once: parsing, help, completions and the man page all
//! come from these types.

use std::num::NonZeroUsize;
use std::path::PathBuf;

use clap::builder::{PossibleValue, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};
use clap_complete::engine::{ArgValueCandidates, ArgValueCompleter};
use qbank::{Category, Level};

/// The heading of the options every command takes, apart from each command's own.
const GLOBAL: &str = "Global options";

/// The query syntax, for `search --help` and the search man page alike.
macro_rules! query_syntax {
    () => {
        "Query syntax: several words must all match (if none does, any may); \
        \"quoted phrase\" (exact); +required -excluded; a OR b; word* (prefix); field:word on \
        question, title, code, explanation, section, category, level or source. Words also find their \
        synonyms (synonyms.toml), near spellings, and split or joined forms, ranked below \
        the words as typed; --exact turns that off."
    };
}

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
    after_help = "Exit status: 0 when something matched, 1 when nothing did, 2 on an error.\n\n\
        Examples:\n  \
        qbank search rate limiting\n  \
        qbank show backend-128:21\n  \
        qbank --corpus ~/questions quiz -c databases -n 5",
    max_term_width = 100
)]
pub struct Cli {
    /// Directory of source lists (*.md, *.txt) [env: QBANK_CORPUS] [default: ./corpus if
    /// it holds lists, else the lists built into qbank]
    #[arg(long, global = true, value_name = "DIR", value_hint = clap::ValueHint::DirPath, help_heading = GLOBAL)]
    pub corpus: Option<PathBuf>,

    /// Add the built-in lists to the corpus directory's [env: QBANK_WITH_BUILTIN]
    #[arg(long, global = true, help_heading = GLOBAL)]
    pub with_builtin: bool,

    /// Directory of the search index [env: QBANK_INDEX] [default: ./index beside
    /// ./corpus, else a folder per corpus in the per-user data directory]
    #[arg(long, global = true, value_name = "DIR", value_hint = clap::ValueHint::DirPath, help_heading = GLOBAL)]
    pub index: Option<PathBuf>,

    /// When to use colours (auto: when stdout is a terminal and NO_COLOR is unset)
    #[arg(long, global = true, value_enum, ignore_case = true, default_value_t = ColorChoice::Auto, value_name = "WHEN", help_heading = GLOBAL)]
    pub color: ColorChoice,

    /// Print long output directly instead of through the pager (QBANK_PAGER, PAGER,
    /// else less)
    #[arg(long, global = true, help_heading = GLOBAL)]
    pub no_pager: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the index from the corpus (replaces the old index only when complete)
    #[command(after_help = "Examples:\n  \
        qbank index\n  \
        qbank index --force\n  \
        qbank --corpus ~/questions --index ~/questions-index index")]
    Index {
        /// Start over: remove the index there first (once the corpus has been read),
        /// and take back an index directory whose marker is gone. For a damaged index.
        #[arg(long)]
        force: bool,
    },
    /// Search questions and explanations
    #[command(after_help = concat!(
        query_syntax!(),
        "\n\nExamples:\n  \
        qbank search rate limiting\n  \
        qbank search '\"load balancer\" -nginx' -l intermediate\n  \
        qbank search k8s --explain-score --format json"
    ))]
    Search(SearchArgs),
    /// Questions related to one (by id) or to a text; its duplicates are listed apart
    #[command(after_help = "Examples:\n  \
        qbank related backend-128:21\n  \
        qbank related --text 'how do you shard a database' -n 5")]
    Related(RelatedArgs),
    /// Write a set of questions (filtered, optionally searched) as Markdown, JSON, JSON
    /// lines, CSV or Anki cards
    #[command(
        after_help = "Without a query, every question that passes the filters, ordered by \
        category, level, source and number; with one, the matches in rank order. The format \
        follows -o's extension (.md, .json, .jsonl, .csv, .txt/.tsv for Anki) unless --format \
        says otherwise; Markdown by default.\n\n\
        Examples:\n  \
        qbank export -c security -o security.md\n  \
        qbank export caching --format jsonl > caching.jsonl\n  \
        qbank export -l beginner -o cards.txt"
    )]
    Export(ExportArgs),
    /// Practise: questions drawn at random (or those due), the explanation on Enter, a
    /// grade you give yourself, a score at the end; the grades are remembered
    #[command(
        after_help = "Answers are read line by line from standard input, so a quiz can be \
        scripted: Enter shows the explanation, then you grade yourself as in Anki: 1 again \
        (didn't know it), 2 hard, 3 good, 4 easy (y is 3, n is 1); q quits (the summary is \
        still printed). Each grade is recorded and schedules the question again (FSRS): \
        --due asks what is due first. Words that are all question ids ask exactly those.\n\n\
        Examples:\n  \
        qbank quiz\n  \
        qbank quiz --due -n 20\n  \
        qbank quiz -c databases -l intermediate -n 5\n  \
        qbank quiz --missed\n  \
        qbank quiz backend-128:21 explained-100:7"
    )]
    Quiz(QuizArgs),
    /// What practice has covered: what is due, the streak, and how well each category
    /// and level is known
    #[command(
        after_help = "Grades are kept per user, in progress.sqlite3 in the per-user \
        data directory (on Linux $XDG_DATA_HOME/qbank, else ~/.local/share/qbank), per \
        duplicate cluster: duplicates share them. QBANK_NOW (an RFC 3339 time) sets the time qbank takes as now.\n\n\
        Examples:\n  \
        qbank progress\n  \
        qbank progress -c databases --format json\n  \
        qbank progress --reset"
    )]
    Progress(ProgressArgs),
    /// Browse interactively: the results narrow as you type, the selected question's
    /// explanation beside them; mark, open, export
    #[command(
        after_help = "Keys: type to search (the same search as `qbank search`); \
        Up/Down, PageUp/PageDown, Home/End, Ctrl-N/Ctrl-P move; Space marks (after moving); \
        Enter opens the question full screen (there: r or 1-9 opens a related one, Esc comes \
        back); Tab shows related questions instead of the explanation; Ctrl-T and Ctrl-L \
        cycle the category and the level; Ctrl-E exports the marked questions (else all \
        the results, up to 1,600) to a file whose format follows its extension; Esc leaves, Ctrl-C too.\n\n\
        It needs a terminal: from a script or a pipe, use `qbank search`. With --print or \
        --pick, the chosen ids go to standard output (the interface is drawn on the \
        terminal), one a line; exit status 0 when some were chosen, 1 when none, 130 after \
        Ctrl-C (or Esc when picking).\n\n\
        Examples:\n  \
        qbank browse\n  \
        qbank browse rate limiting -c apis\n  \
        qbank show $(qbank browse --pick caching)\n  \
        qbank search cache --format tsv | fzf --with-nth 2.. --preview 'qbank show {1}'"
    )]
    Browse(BrowseArgs),
    /// Show one question in full
    #[command(after_help = "Examples:\n  \
        qbank show backend-128:21\n  \
        qbank show explained-100:7 --format json")]
    Show {
        /// Question id, as printed by search (e.g. backend-128:21)
        #[arg(value_name = "ID", add = ArgValueCompleter::new(crate::complete::ids))]
        id: String,
        /// Output format
        #[arg(long, value_enum, ignore_case = true, default_value_t = DetailFormat::Table)]
        format: DetailFormat,
    },
    /// Count questions by source, category and level
    #[command(after_help = "Examples:\n  \
        qbank stats\n  \
        qbank --corpus ~/questions stats --format json")]
    Stats {
        /// Output format
        #[arg(long, value_enum, ignore_case = true, default_value_t = DetailFormat::Table)]
        format: DetailFormat,
    },
    /// Measure category and level inference by leave-one-source-out cross-validation,
    /// and against a gold set labelled from the level rubric
    #[command(
        name = "eval-classify",
        after_help = "Examples:\n  \
        qbank eval-classify\n  \
        qbank eval-classify --gold tests/data/levels.tsv --format json"
    )]
    EvalClassify {
        /// Output format
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
    #[command(after_help = "Examples:\n  \
        qbank eval tests/data/judgments.toml\n  \
        qbank eval tests/data/judgments.toml --per-query --format json")]
    Eval {
        /// TOML judgments: [[query]] with text, kind and relevant = { "id" = grade }
        #[arg(value_name = "JUDGMENTS", value_hint = clap::ValueHint::FilePath)]
        judgments: PathBuf,
        /// Also list every query's figures
        #[arg(long)]
        per_query: bool,
        /// Output format
        #[arg(long, value_enum, ignore_case = true, default_value_t = DetailFormat::Table)]
        format: DetailFormat,
    },
    /// Add a pack: a published list (a URL of a list or an archive, a GitHub repository,
    /// a catalogue name, or a file or folder here), kept in the per-user data directory
    /// and searched with the built-in lists
    #[command(
        after_help = "A GitHub repository is OWNER/REPO, optionally :PATH inside it \
        (or its URL); its default branch is fetched as an archive. Nothing from an archive is \
        executed, and nothing lands outside the pack's folder. Packs are their authors' work \
        under their own licences; `qbank packs` shows where each came from.\n\n\
        Examples:\n  \
        qbank add --list\n  \
        qbank add devops-exercises\n  \
        qbank add h5bp/Front-end-Developer-Interview-Questions:src/questions --name frontend\n  \
        qbank add https://example.com/questions.md"
    )]
    Add(AddArgs),
    /// List the packs, with their question counts and where they came from
    #[command(after_help = "Examples:\n  \
        qbank packs\n  \
        qbank packs --format json")]
    Packs {
        /// Output format
        #[arg(long, value_enum, ignore_case = true, default_value_t = DetailFormat::Table)]
        format: DetailFormat,
    },
    /// Fetch packs again (all, or those named): a source that has not changed changes
    /// nothing, and a failed fetch leaves the pack as it was
    #[command(after_help = "Examples:\n  \
        qbank update\n  \
        qbank update devops-exercises")]
    Update(UpdateArgs),
    /// Remove a pack (asks first, unless --yes)
    #[command(after_help = "Examples:\n  \
        qbank remove devops-exercises\n  \
        qbank remove frontend --yes")]
    Remove {
        /// The pack's name, as `qbank packs` lists it
        #[arg(value_name = "NAME", add = ArgValueCandidates::new(crate::complete::packs))]
        name: String,
        /// Remove without asking
        #[arg(long, short = 'y')]
        yes: bool,
    },
    /// Show which corpus and index are in use, and why
    #[command(after_help = "Examples:\n  \
        qbank info\n  \
        cd ~/questions && qbank info --format json")]
    Info {
        /// Output format
        #[arg(long, value_enum, ignore_case = true, default_value_t = DetailFormat::Table)]
        format: DetailFormat,
    },
    /// Print the script that makes a shell complete qbank's commands, options and values
    #[command(
        after_help = "The script asks qbank for the values at each Tab (categories, levels, \
        sources, question ids from the index); source it from the shell's startup file so \
        that it matches the installed qbank. Nushell's script is static: commands, options, \
        categories, levels and formats, but no sources or ids.\n\n\
        Examples:\n  \
        echo 'source <(qbank completions bash)' >> ~/.bashrc\n  \
        qbank completions fish > ~/.config/fish/completions/qbank.fish\n  \
        qbank completions zsh --static > _qbank"
    )]
    Completions {
        /// The shell to complete in
        #[arg(value_enum, ignore_case = true)]
        shell: CompletionShell,
        /// A script that holds every choice itself and never runs qbank: no sources or
        /// ids (the only kind for nushell)
        #[arg(long = "static")]
        static_script: bool,
    },
    /// Print a man page (roff), or write them all to a directory
    #[command(after_help = "Examples:\n  \
        qbank man | man -l -\n  \
        qbank man search | man -l -\n  \
        qbank man --dir ~/.local/share/man/man1")]
    Man(ManArgs),
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// The command whose page to print (qbank's own page without it)
    #[arg(value_name = "COMMAND", conflicts_with = "dir", add = ArgValueCandidates::new(crate::complete::man_pages))]
    pub page: Option<String>,

    /// Write qbank.1 and a qbank-COMMAND.1 per command into DIR (created if missing)
    #[arg(long, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CompletionShell {
    Bash,
    Elvish,
    Fish,
    Nushell,
    Powershell,
    Zsh,
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

    /// Output format
    #[arg(long, value_enum, ignore_case = true, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

#[derive(Debug, Args)]
pub struct BrowseArgs {
    /// Words to start with (the query can be edited at once)
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,

    #[command(flatten)]
    pub filters: FilterArgs,

    /// On leaving, print the marked questions' ids to standard output, one a line
    #[arg(long)]
    pub print: bool,

    /// Enter chooses and leaves: print the marked ids, else the selected one, one a
    /// line (Esc chooses nothing)
    #[arg(long, conflicts_with = "print")]
    pub pick: bool,
}

/// How much and how long a download may take.
#[derive(Debug, Args)]
pub struct FetchArgs {
    /// Largest download (and unpacked size) accepted, in megabytes
    #[arg(long, default_value_t = 50, value_name = "MB")]
    pub max_size: u64,

    /// Seconds to wait to connect, and for each read, before giving up
    #[arg(long, default_value_t = 30, value_name = "SECONDS")]
    pub timeout: u64,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// A URL (of a list, a .tar.gz or .zip, or a GitHub repository), OWNER/REPO[:PATH],
    /// a name from the catalogue, or a file or folder
    #[arg(value_name = "SOURCE", required_unless_present = "list")]
    pub source: Option<String>,

    /// The pack's name [default: from the source]
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,

    /// Show the catalogue of well-known lists instead
    #[arg(long, conflicts_with_all = ["source", "name"])]
    pub list: bool,

    #[command(flatten)]
    pub fetch: FetchArgs,

    /// Output format (of --list)
    #[arg(long, value_enum, ignore_case = true, default_value_t = DetailFormat::Table)]
    pub format: DetailFormat,
}

#[derive(Debug, Args)]
pub struct UpdateArgs {
    /// The packs to fetch again [default: every pack]
    #[arg(value_name = "NAME", add = ArgValueCandidates::new(crate::complete::packs))]
    pub names: Vec<String>,

    #[command(flatten)]
    pub fetch: FetchArgs,
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

    /// A random set of N of the questions selected (an interview set): the same seed
    /// and corpus draw the same set
    #[arg(long, value_name = "N", value_parser = parse_count, help_heading = "Interview sets")]
    pub sample: Option<NonZeroUsize>,

    /// K random questions of each category selected
    #[arg(long, value_name = "K", value_parser = parse_count, conflicts_with_all = ["sample", "balance"], help_heading = "Interview sets")]
    pub per_category: Option<NonZeroUsize>,

    /// Spread the sample as evenly as can be over the categories, the levels, or both
    /// (category,level)
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        value_name = "BY",
        requires = "sample",
        help_heading = "Interview sets"
    )]
    pub balance: Vec<BalanceBy>,

    /// Seed of the draw [default: from the clock, and printed]
    #[arg(long, value_name = "S", help_heading = "Interview sets")]
    pub seed: Option<u64>,

    /// With --format html: the explanations in an answers section at the end, from a
    /// new page
    #[arg(long, help_heading = "Interview sets")]
    pub answers: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BalanceBy {
    Category,
    Level,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Markdown,
    Json,
    Jsonl,
    Csv,
    Anki,
    /// One self-contained page to print (an interview sheet)
    Html,
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

    /// What is due for review first (the longest overdue first), then new questions
    #[arg(long, group = "choice")]
    pub due: bool,

    /// Only questions never graded
    #[arg(long, group = "choice")]
    pub new: bool,

    /// Only questions last graded 1 (again: didn't know it)
    #[arg(long, group = "choice")]
    pub missed: bool,
}

#[derive(Debug, Args)]
pub struct ProgressArgs {
    #[command(flatten)]
    pub filters: FilterArgs,

    /// Delete every grade recorded (asks first)
    #[arg(long)]
    pub reset: bool,

    /// With --reset: delete without asking
    #[arg(long, short = 'y', requires = "reset")]
    pub yes: bool,

    /// Output format
    #[arg(long, value_enum, ignore_case = true, default_value_t = DetailFormat::Table)]
    pub format: DetailFormat,
}

#[derive(Debug, Args)]
pub struct RelatedArgs {
    /// Question id, as printed by search (e.g. backend-128:21)
    #[arg(
        required_unless_present = "text",
        conflicts_with = "text",
        value_name = "ID",
        add = ArgValueCompleter::new(crate::complete::ids)
    )]
    pub id: Option<String>,

    /// Find questions related to this text instead of a question
    #[arg(long, value_name = "TEXT")]
    pub text: Option<String>,

    #[command(flatten)]
    pub filters: FilterArgs,

    #[command(flatten)]
    pub page: PageArgs,

    /// Output format
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
    #[arg(long, short = 'c', value_name = "CATEGORY", value_parser = Vocabulary::new(Category::ALL, Category::as_str, parse_category))]
    pub category: Vec<Category>,

    /// Only this level (repeat for several)
    #[arg(long, short = 'l', value_name = "LEVEL", value_parser = Vocabulary::new(Level::ALL, Level::as_str, parse_level))]
    pub level: Vec<Level>,

    /// Only this source list, by file name without extension (repeat for several)
    #[arg(long, short = 's', value_name = "SOURCE", add = ArgValueCandidates::new(crate::complete::sources))]
    pub source: Vec<String>,

    /// Only labels given with at least this confidence, 0 to 1 (stated labels have 1):
    /// the level's with --level, the category's with --category, both otherwise
    #[arg(long, value_name = "CONFIDENCE", value_parser = parse_confidence)]
    pub min_confidence: Option<f32>,

    /// Only questions with an explanation (their own, or one a duplicate lends them)
    #[arg(long)]
    pub has_explanation: bool,
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

/// A value of a closed vocabulary (categories, levels): parsed by qbank's own rules
/// (case aside, its own message for an unknown word), and listed for clap, so that help,
/// completions and the man page show every value.
#[derive(Clone)]
struct Vocabulary<T: 'static> {
    all: &'static [T],
    name: fn(T) -> &'static str,
    parse: fn(&str) -> Result<T, String>,
}

impl<T> Vocabulary<T> {
    fn new(
        all: &'static [T],
        name: fn(T) -> &'static str,
        parse: fn(&str) -> Result<T, String>,
    ) -> Self {
        Vocabulary { all, name, parse }
    }
}

impl<T: Copy + Send + Sync + 'static> TypedValueParser for Vocabulary<T> {
    type Value = T;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<T, clap::Error> {
        self.parse.parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(
            self.all.iter().map(|v| PossibleValue::new((self.name)(*v))),
        ))
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
    /// One id a line (`qbank show $(qbank search … --format ids -n 1)`)
    Ids,
    /// `id<TAB>question` lines, for fzf and other pickers
    Tsv,
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

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    /// Every option and argument of every command says what it is for: help, the man
    /// pages and the completions' descriptions all show it.
    #[test]
    fn every_argument_has_a_description() {
        fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
            for arg in cmd.get_arguments() {
                let id = arg.get_id().as_str();
                if id == "help" || id == "version" {
                    continue;
                }
                let help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
                if help.trim().is_empty() {
                    missing.push(format!("{path} {id}"));
                }
            }
            for sub in cmd.get_subcommands() {
                walk(sub, &format!("{path} {}", sub.get_name()), missing);
            }
        }
        let mut cmd = Cli::command();
        cmd.build();
        let mut missing = Vec::new();
        walk(&cmd, "qbank", &mut missing);
        assert!(missing.is_empty(), "no description: {missing:?}");
    }

    #[test]
    fn category_and_level_values_come_from_the_vocabularies() {
        let cmd = Cli::command();
        let search = cmd.find_subcommand("search").expect("search");
        let values = |id: &str| -> Vec<String> {
            search
                .get_arguments()
                .find(|a| a.get_id() == id)
                .map(|a| {
                    a.get_possible_values()
                        .iter()
                        .map(|v| v.get_name().to_string())
                        .collect()
                })
                .unwrap_or_default()
        };
        assert_eq!(values("category"), Category::slugs());
        assert_eq!(values("level"), Level::slugs());
    }

    #[test]
    fn the_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
