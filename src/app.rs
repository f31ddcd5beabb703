//! Runs one command: resolves locations, keeps the index fresh, calls the library and
//! hands its results to the renderer.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::CommandFactory;
use indicatif::{ProgressBar, ProgressFinish, ProgressStyle};

use qbank::corpus::{Lists, built_in};
use qbank::eval::{self, Judgments};
use qbank::export::{self, ExportError, Format, Selection};
use qbank::index::{self, Freshness, IndexError, OpenIndex, Phase, Start, StoreError};
use qbank::locations::{Flags, INDEX_ENV, IndexOrigin, LocationError, Locations, Surroundings};
use qbank::quiz;
use qbank::render::{self, Look};
use qbank::search::{Filters, Hits, Mode, Related, Request, Searcher};
use qbank::synonyms::Synonyms;

use qbank::sample::Spread;
use std::num::NonZeroUsize;

use qbank::progress;

use crate::cli::{
    BalanceBy, Cli, ColorChoice, Command, CompletionShell, DetailFormat, ExportArgs, ExportFormat,
    FilterArgs, ListFormat, ManArgs, ProgressArgs, QuizArgs, RelatedArgs, SearchArgs,
};
use crate::man;
use crate::pack_commands;

/// Exit statuses, as grep has them.
pub const FOUND: u8 = 0;
pub const NOT_FOUND: u8 = 1;
pub const ERROR: u8 = 2;
/// Stopped by Ctrl-C (128 + SIGINT, as shells report it).
pub const INTERRUPTED: u8 = 130;

pub fn run(cli: Cli) -> Result<ExitCode> {
    let flags = Flags {
        corpus: cli.corpus.as_deref(),
        index: cli.index.as_deref(),
        with_builtin: cli.with_builtin,
    };
    // Resolved only by the commands that use them: completions and the man page work
    // whatever the environment says.
    let locations = || Locations::resolve(&flags, &Surroundings::of_process());
    let _ = PAGING.set(!cli.no_pager);
    let look = Look {
        color: use_color(cli.color),
        width: output_width(),
    };
    match cli.command {
        Command::Index { force } => index_command(&locations()?, &look, force),
        Command::Search(args) => search_command(&locations()?, &look, args),
        Command::Related(args) => related_command(&locations()?, &look, args),
        Command::Export(args) => export_command(&locations()?, args),
        Command::Quiz(args) => quiz_command(&locations()?, args),
        Command::Progress(args) => progress_command(&locations()?, &look, args),
        Command::Browse(args) => crate::browse_command::run(&locations()?, cli.color, args),
        Command::Show { id, format } => show_command(&locations()?, &look, &id, format),
        Command::Stats { format } => stats_command(&locations()?, &look, format),
        Command::Eval {
            judgments,
            per_query,
            format,
        } => eval_command(&locations()?, &look, &judgments, per_query, format),
        Command::Info { format } => info_command(&locations()?, &look, format),
        Command::Add(args) => pack_commands::add(|| Ok(locations()?), &look, args),
        Command::Packs { format } => pack_commands::list(&look, format),
        Command::Update(args) => pack_commands::update(|| Ok(locations()?), args),
        Command::Remove { name, yes } => pack_commands::remove(|| Ok(locations()?), &name, yes),
        Command::EvalClassify { format, gold } => {
            eval_classify_command(&locations()?, &look, format, gold.as_deref())
        }
        Command::Completions {
            shell,
            static_script,
        } => print(&completion_script(shell, static_script)?),
        Command::Man(ManArgs { page, dir: None }) => {
            let page = man::page(page.as_deref())?;
            print(&String::from_utf8_lossy(&page))
        }
        Command::Man(ManArgs { dir: Some(dir), .. }) => {
            let written = man::write_all(&dir)
                .with_context(|| format!("cannot write the man pages into {}", dir.display()))?;
            eprintln!(
                "qbank: wrote {} man pages into {}",
                written.len(),
                dir.display()
            );
            Ok(ExitCode::from(FOUND))
        }
    }
}

/// The completion script for a shell: by default the one `COMPLETE=SHELL qbank` prints,
/// which asks qbank for the values at each Tab; with `static_script`, or for nushell
/// (which `CompleteEnv` does not serve), one that holds every choice itself.
fn completion_script(shell: CompletionShell, static_script: bool) -> Result<String> {
    use clap_complete::Shell;
    use clap_complete::env::{self, EnvCompleter};
    let (registration, generator): (&dyn EnvCompleter, Shell) = match shell {
        CompletionShell::Bash => (&env::Bash, Shell::Bash),
        CompletionShell::Elvish => (&env::Elvish, Shell::Elvish),
        CompletionShell::Fish => (&env::Fish, Shell::Fish),
        CompletionShell::Powershell => (&env::Powershell, Shell::PowerShell),
        CompletionShell::Zsh => (&env::Zsh, Shell::Zsh),
        CompletionShell::Nushell => {
            let mut out = Vec::new();
            let nushell = clap_complete_nushell::Nushell;
            clap_complete::generate(nushell, &mut Cli::command(), "qbank", &mut out);
            return Ok(String::from_utf8_lossy(&out).into_owned());
        }
    };
    let mut out = Vec::new();
    if static_script {
        clap_complete::generate(generator, &mut Cli::command(), "qbank", &mut out);
    } else {
        registration.write_registration("COMPLETE", "qbank", "qbank", &completer(), &mut out)?;
        if shell == CompletionShell::Bash {
            out.extend_from_slice(BASH_COLONS.as_bytes());
        }
    }
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// Bash splits the words of a command line at ':' (it is in COMP_WORDBREAKS), and question
/// ids hold one (`backend-128:21`): this joins the pieces back before qbank sees them, and
/// hands bash only the part of each candidate it will replace (what follows the last
/// ':'). Without it, `qbank show backend-128:2<Tab>` would offer nothing.
const BASH_COLONS: &str = r#"
_qbank_complete() {
    local -a words=()
    local i cword=0 after_colon=false
    for (( i = 0; i < ${#COMP_WORDS[@]}; i++ )); do
        local word="${COMP_WORDS[i]}"
        if (( ${#words[@]} > 0 )) && { [[ $word == ":" ]] || $after_colon; }; then
            words[${#words[@]}-1]+="$word"
        else
            words+=("$word")
        fi
        if [[ $word == ":" ]]; then after_colon=true; else after_colon=false; fi
        if (( i == COMP_CWORD )); then cword=$(( ${#words[@]} - 1 )); fi
    done
    local typed="${COMP_WORDS[COMP_CWORD]}" whole="${words[cword]}"
    local -a COMP_WORDS=("${words[@]}")
    local COMP_CWORD=$cword
    _clap_complete_qbank "$1" "$whole" "${words[cword-1]}"
    local before="${whole:0:${#whole}-${#typed}}"
    if [[ -n $before && ${#COMPREPLY[@]} -gt 0 ]]; then
        COMPREPLY=("${COMPREPLY[@]#"$before"}")
    fi
}
if [[ "${BASH_VERSINFO[0]}" -eq 4 && "${BASH_VERSINFO[1]}" -ge 4 || "${BASH_VERSINFO[0]}" -gt 4 ]]; then
    complete -o nospace -o bashdefault -o nosort -F _qbank_complete qbank
else
    complete -o nospace -o bashdefault -F _qbank_complete qbank
fi
"#;

/// The program the script runs at each Tab: this one, as it was started (a relative
/// path made absolute, so the script works from any directory; a bare name stays one,
/// found on PATH like `qbank` itself).
fn completer() -> String {
    let argv0 = std::env::args_os()
        .next()
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| "qbank".into());
    let path = if argv0.components().count() > 1 && argv0.is_relative() {
        std::env::current_dir()
            .map(|dir| dir.join(&argv0))
            .unwrap_or(argv0)
    } else {
        argv0
    };
    path.to_string_lossy().into_owned()
}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

/// Columns to fit output to: `COLUMNS` when set (git reads it first too), else the
/// terminal's width, else 100: a pipe or a file has no width, and 100 columns read well
/// in an editor.
fn output_width() -> u16 {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|columns| columns.trim().parse::<u16>().ok())
        .filter(|&columns| columns > 0)
        .or_else(|| terminal_size::terminal_size_of(std::io::stdout()).map(|(width, _)| width.0))
        .unwrap_or(100)
        .max(20)
}

/// Whether long output may go through a pager: set once, from `--no-pager`.
static PAGING: std::sync::OnceLock<bool> = std::sync::OnceLock::new();

/// Writes to stdout, through the pager when it is a terminal too short for the text;
/// a closed pipe (`qbank search x | head`) is not an error.
pub(crate) fn print(text: &str) -> Result<ExitCode> {
    if PAGING.get().copied().unwrap_or(false) && crate::pager::page(text) {
        return Ok(ExitCode::from(FOUND));
    }
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => Ok(ExitCode::from(FOUND)),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::from(FOUND)),
        Err(e) => Err(e).context("cannot write to standard output"),
    }
}

/// A build's progress on stderr, step by step: a bar for the steps that count (files
/// read, questions written), a spinner for the others. indicatif draws nothing when
/// stderr is not a terminal.
fn progress_bar() -> impl FnMut(Phase, usize, usize) {
    let mut current: Option<(Phase, ProgressBar)> = None;
    move |phase, done, total| {
        if current.as_ref().map(|(shown, _)| *shown) != Some(phase) {
            // Dropping the previous bar clears it.
            current = Some((phase, step_bar(phase, total)));
        }
        if let Some((_, bar)) = &current {
            bar.set_position(done as u64);
        }
    }
}

fn step_bar(phase: Phase, total: usize) -> ProgressBar {
    let counted = matches!(phase, Phase::Reading | Phase::Writing);
    let template = if counted {
        "{spinner} {msg} {bar:30} {pos}/{len}"
    } else {
        "{spinner} {msg}: {len} questions, {elapsed}"
    };
    let bar = ProgressBar::new(total as u64).with_finish(ProgressFinish::AndClear);
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style);
    }
    bar.set_message(phase.as_str());
    if !counted {
        bar.enable_steady_tick(std::time::Duration::from_millis(100));
    }
    bar
}

fn waiting_message() {
    eprintln!("qbank: the index is being rebuilt by another process; waiting for it");
}

/// Builds the index and reports warnings on stderr.
fn build(locations: &Locations, start: Start) -> Result<index::BuildReport, IndexError> {
    let report = index::build_with(
        &locations.corpus.lists,
        &locations.index.path,
        start,
        waiting_message,
        progress_bar(),
    )?;
    print_warnings(&report);
    Ok(report)
}

fn print_warnings(report: &index::BuildReport) {
    for warning in report.corpus.warnings() {
        eprintln!("qbank: warning: {warning}");
    }
    for key in &report.corpus.replaced {
        eprintln!("qbank: note: your list '{key}' replaces the built-in list of that name");
    }
}

fn index_command(locations: &Locations, look: &Look, force: bool) -> Result<ExitCode> {
    if locations.index.origin == IndexOrigin::Temporary {
        return Err(LocationError::NowhereToKeepTheIndex.into());
    }
    // Searches read the corpus's synonyms and concepts files; a broken one is reported
    // now, by the command that reads the corpus, and the index is left as it was.
    Synonyms::for_corpus(&locations.corpus.lists)?;
    qbank::concepts::Concepts::for_corpus(&locations.corpus.lists)?;
    let report = build(locations, if force { Start::Over } else { Start::Keep })?;
    let mut out = render::sources_table(&report.manifest.stats, look);
    out.push_str(&format!(
        "indexed {} from {} into {}\n",
        render::questions(report.manifest.stats.questions),
        locations.corpus.lists,
        locations.index.path.display()
    ));
    print(&out)
}

/// The index a command reads: the one in its place, or, when the per-user data
/// directory cannot be written, one built for this command alone.
pub(crate) struct Serving {
    open: OpenIndex,
    /// Holds the temporary index until the command is done. Declared after `open`, so
    /// the index is closed before its directory is removed.
    _scratch: Option<tempfile::TempDir>,
}

impl std::ops::Deref for Serving {
    type Target = OpenIndex;

    fn deref(&self) -> &OpenIndex {
        &self.open
    }
}

impl From<OpenIndex> for Serving {
    fn from(open: OpenIndex) -> Serving {
        Serving {
            open,
            _scratch: None,
        }
    }
}

/// Opens the index, building or rebuilding it first when it is missing or stale. If a
/// rebuild fails, the previous index (when there is one) keeps serving.
pub(crate) fn open_fresh(locations: &Locations) -> Result<Serving> {
    let corpus = &locations.corpus.lists;
    if locations.index.origin == IndexOrigin::Temporary {
        eprintln!(
            "qbank: no home directory to keep the index in; using a temporary one (--index DIR \
             or {INDEX_ENV} keeps it)"
        );
        return open_scratch(corpus);
    }
    let previous = match index::open(&locations.index.path) {
        Ok(open) => match index::freshness(&open, corpus) {
            Ok(Freshness::Fresh) => return Ok(open.into()),
            Ok(Freshness::Stale(reason)) => {
                eprintln!("qbank: the index is out of date ({reason}); rebuilding it");
                Some(open)
            }
            Err(e) => {
                eprintln!(
                    "qbank: warning: cannot check the corpus ({e}); using the index as built"
                );
                return Ok(open.into());
            }
        },
        Err(IndexError::Missing(_)) => {
            // A corpus that is not there is said before "building".
            qbank::corpus::files(corpus)?;
            eprintln!(
                "qbank: building the index of {corpus} in {} (first use)",
                locations.index.path.display()
            );
            None
        }
        Err(IndexError::Unreadable { detail, .. }) => {
            eprintln!("qbank: the index cannot be read ({detail}); rebuilding it");
            None
        }
        Err(e) => return Err(e.into()),
    };
    let rebuilt = index::rebuild(
        corpus,
        &locations.index.path,
        waiting_message,
        progress_bar(),
    );
    match rebuilt {
        Ok(report) => {
            if let Some(report) = &report {
                print_warnings(report);
            }
            Ok(index::open(&locations.index.path)?.into())
        }
        Err(e @ IndexError::Interrupted(_)) => Err(e.into()),
        Err(e) => match previous {
            Some(open) => {
                eprintln!("qbank: warning: rebuilding failed: {e}");
                eprintln!("qbank: warning: answering from the previous index");
                Ok(open.into())
            }
            None if unwritable_data_dir(locations, &e) => {
                eprintln!(
                    "qbank: warning: cannot keep the index in the per-user data directory \
                     ({e}); using a temporary one (--index DIR or {INDEX_ENV} keeps it)"
                );
                open_scratch(corpus)
            }
            None => Err(e.into()),
        },
    }
}

/// Whether a build failed only because the per-user data directory, which the user did
/// not choose, cannot be written (a read-only home, a container user without one).
fn unwritable_data_dir(locations: &Locations, error: &IndexError) -> bool {
    locations.index.origin == IndexOrigin::UserData
        && matches!(error, IndexError::Store(StoreError::Io { .. }))
}

/// Builds the corpus into a temporary directory that lasts as long as the command.
fn open_scratch(corpus: &Lists) -> Result<Serving> {
    let scratch = tempfile::tempdir().context("cannot create a temporary directory")?;
    let path = scratch.path().join("index");
    let report = index::build(corpus, &path, waiting_message, progress_bar())?;
    print_warnings(&report);
    Ok(Serving {
        open: index::open(&path)?,
        _scratch: Some(scratch),
    })
}

fn search_command(locations: &Locations, look: &Look, args: SearchArgs) -> Result<ExitCode> {
    let index = open_fresh(locations)?;
    let searcher = searcher_for(locations, &index, &args.query.join(" "))?;
    let request = Request {
        query: args.query.join(" "),
        filters: filters(&args.filters),
        limit: args.page.limit.get(),
        offset: args.page.offset,
        collapse: !args.no_collapse,
        mode: if args.exact {
            Mode::Exact
        } else {
            Mode::Forgiving
        },
        explain: args.explain_score,
    };
    let hits = searcher.search(&request)?;
    if let Some(problem) = &hits.lenient {
        eprintln!("qbank: note: the query is not valid syntax ({problem}); read it as plain words");
    }
    if hits.relaxed {
        eprintln!(
            "qbank: no question has all of '{}'; showing questions with any of them",
            request.query
        );
    }
    if hits.hits.is_empty() {
        if hits.total > 0 {
            eprintln!(
                "qbank: {} match, none past offset {}",
                render::questions(hits.total),
                request.offset
            );
        } else {
            eprintln!("qbank: no questions match '{}'", request.query);
            explain_no_match(&hits);
        }
        if args.format == ListFormat::Json {
            print(&render::hits_json(&hits)?)?;
        }
        return Ok(ExitCode::from(NOT_FOUND));
    }
    let out = match args.format {
        ListFormat::Table => render::hits_table(&hits, look),
        ListFormat::Json => render::hits_json(&hits)?,
        ListFormat::Jsonl => render::hits_jsonl(&hits)?,
        ListFormat::Ids => render::hits_ids(&hits),
        ListFormat::Tsv => render::hits_tsv(&hits),
    };
    print(&out)
}

/// What may help when nothing matched: how many match without the filters, and the
/// query respelled.
fn explain_no_match(hits: &Hits) {
    if let Some(count) = hits.without_filters.filter(|&n| n > 0) {
        let verb = if count == 1 { "matches" } else { "match" };
        eprintln!(
            "qbank: {} {verb} without the filters (--category, --level, --source, \
             --min-confidence)",
            render::questions(count)
        );
    }
    if let Some(suggestion) = &hits.suggestion {
        eprintln!("qbank: did you mean: {suggestion}");
    }
}

fn show_command(
    locations: &Locations,
    look: &Look,
    id: &str,
    format: DetailFormat,
) -> Result<ExitCode> {
    let index = open_fresh(locations)?;
    let searcher = Searcher::new(&index);
    let Some(question) = searcher.get(id.trim())? else {
        eprintln!(
            "qbank: no question with id '{id}' (ids look like backend-128:21; `qbank search` prints them)"
        );
        return Ok(ExitCode::from(NOT_FOUND));
    };
    let file = index
        .manifest
        .stats
        .sources
        .iter()
        .find(|s| s.source == question.source)
        .map(|s| match locations.corpus.lists.dir() {
            Some(dir) if !s.built_in => dir.join(&s.file).display().to_string(),
            _ => format!("{}{}", built_in::PREFIX, s.file),
        });
    let related: Vec<qbank::Question> = searcher
        .related(
            &Related::Question(Box::new(question.clone())),
            &Request::new("", 5),
        )
        .map(|hits| hits.hits.into_iter().map(|hit| hit.question).collect())
        .unwrap_or_default();
    let out = match format {
        DetailFormat::Table => render::question_detail(&question, &related, file.as_deref(), look),
        DetailFormat::Json => render::question_json(&question, &related)?,
    };
    print(&out)
}

fn stats_command(locations: &Locations, look: &Look, format: DetailFormat) -> Result<ExitCode> {
    let index = open_fresh(locations)?;
    let stats = &index.manifest.stats;
    let out = match format {
        DetailFormat::Table => render::stats_tables(stats, look),
        DetailFormat::Json => serde_json::to_string_pretty(stats)? + "\n",
    };
    print(&out)
}

fn info_command(locations: &Locations, look: &Look, format: DetailFormat) -> Result<ExitCode> {
    let corpus = &locations.corpus;
    let mut corpus_why = corpus.origin.to_string();
    if let Some(added) = corpus.added_built_in {
        corpus_why.push_str(&format!("; built-in lists added by {added}"));
    }
    let temporary = locations.index.origin == IndexOrigin::Temporary;
    let index_path = if temporary {
        "a temporary directory".to_string()
    } else {
        locations.index.path.display().to_string()
    };
    let mut rows: Vec<(String, String)> = vec![
        ("corpus".into(), format!("{} ({corpus_why})", corpus.lists)),
        (
            "index".into(),
            format!("{index_path} ({})", locations.index.origin),
        ),
    ];
    let mut json = serde_json::json!({
        "corpus": {
            "path": corpus.lists.dir(),
            "built_in": corpus.lists.has_built_in(),
            "origin": corpus.origin.to_string(),
            "built_in_added_by": corpus.added_built_in.map(|o| o.to_string()),
        },
        "index": {
            "path": (!temporary).then_some(&locations.index.path),
            "origin": locations.index.origin.to_string(),
        },
    });
    let synonyms = match Synonyms::for_corpus(&locations.corpus.lists) {
        Ok(synonyms) => format!("{} ({} groups)", synonyms.origin, synonyms.len()),
        Err(e) => format!("unusable: {e}"),
    };
    rows.push(("synonyms".into(), synonyms.clone()));
    json["synonyms"] = synonyms.into();
    match index::open(&locations.index.path) {
        _ if temporary => {
            let state = "built by each command that reads it, then removed";
            rows.push(("state".into(), state.to_string()));
            json["state"] = state.into();
        }
        Ok(open) => {
            let state = match index::freshness(&open, &locations.corpus.lists) {
                Ok(Freshness::Fresh) => "up to date".to_string(),
                Ok(Freshness::Stale(reason)) => {
                    format!("stale: {reason} (the next command rebuilds it)")
                }
                Err(e) => format!("unknown: {e}"),
            };
            let built = render::timestamp(&open.manifest);
            rows.push((
                "questions".into(),
                open.manifest.stats.questions.to_string(),
            ));
            rows.push((
                "sources".into(),
                open.manifest.stats.sources.len().to_string(),
            ));
            rows.push((
                "built".into(),
                format!("{built} by qbank {}", open.manifest.qbank_version),
            ));
            rows.push(("state".into(), state.clone()));
            json["questions"] = open.manifest.stats.questions.into();
            json["sources"] = open.manifest.stats.sources.len().into();
            json["built_at"] = built.into();
            json["state"] = state.into();
        }
        Err(e) => {
            let state = match e {
                IndexError::Missing(_) => {
                    "not built yet (the first search, or `qbank index`, builds it)".to_string()
                }
                e => e.to_string(),
            };
            rows.push(("state".into(), state.clone()));
            json["state"] = state.into();
        }
    }
    let out = match format {
        DetailFormat::Table => render::info_table(&rows, look),
        DetailFormat::Json => serde_json::to_string_pretty(&json)? + "\n",
    };
    print(&out)
}

/// Parts the gold set is dealt into to cross-validate the level model.
const GOLD_FOLDS: usize = 5;

fn eval_classify_command(
    locations: &Locations,
    look: &Look,
    format: DetailFormat,
    gold: Option<&std::path::Path>,
) -> Result<ExitCode> {
    let corpus = qbank::corpus::load(&locations.corpus.lists)?;
    let records: Vec<_> = corpus.records().cloned().collect();
    let evaluation = qbank::classify::evaluate(&records);
    let gold = match gold {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("reading {}", path.display()))?;
            let set = qbank::classify::gold::GoldSet::parse(&text)
                .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
            let questions = qbank::classify::classify(records, &corpus.overrides);
            Some(qbank::classify::gold::compare(&questions, &set))
        }
        None => None,
    };
    // The level model learns from the gold set: on questions it has not learnt from,
    // it is measured by cross-validation.
    let built_in = qbank::corpus::load(&qbank::corpus::Lists::BuiltIn)?;
    let built_in: Vec<_> = built_in.records().cloned().collect();
    let gold_set = qbank::classify::gold::GoldSet::parse(qbank::classify::training::GOLD)
        .map_err(|e| anyhow::anyhow!("the built-in gold set: {e}"))?;
    let cross_validated = qbank::classify::gold::cross_validate(&built_in, &gold_set, GOLD_FOLDS);
    let out = match format {
        DetailFormat::Table => {
            let mut out = render::evaluation_table(&evaluation, look);
            out.push('\n');
            out.push_str(&render::gold_table(
                &format!("built-in lists, {GOLD_FOLDS}-fold cross-validated"),
                &cross_validated,
                look,
            ));
            out.push_str(&format!(
                "The models learn from the gold set's {} built-in questions; each fifth is \
                 classified by models trained on the other four (levels inferred, \
                 categories as served).\n",
                cross_validated.questions
            ));
            if let Some(report) = &gold {
                out.push('\n');
                out.push_str(&render::gold_table(
                    "against the gold set, as served",
                    report,
                    look,
                ));
            }
            out
        }
        DetailFormat::Json => {
            serde_json::to_string_pretty(&serde_json::json!({
                "cross_validation": evaluation,
                "levels_cross_validated": cross_validated,
                "gold": gold,
            }))? + "\n"
        }
    };
    print(&out)
}

fn eval_command(
    locations: &Locations,
    look: &Look,
    judgments: &std::path::Path,
    per_query: bool,
    format: DetailFormat,
) -> Result<ExitCode> {
    let judgments = Judgments::read(judgments)?;
    let index = open_fresh(locations)?;
    let concepts = concepts_of(locations, &index)?;
    let searcher = searcher(locations, &index)?.with_concepts(concepts);
    let exact = eval::evaluate(&searcher, &judgments, Mode::Exact)?;
    let forgiving = eval::evaluate(&searcher, &judgments, Mode::Forgiving)?;
    let out = match format {
        DetailFormat::Table => {
            let mut out = render::relevance_table(&exact, &forgiving, look);
            if per_query {
                out = render::relevance_queries_table(&exact, &forgiving, look) + &out;
            }
            out
        }
        DetailFormat::Json => {
            let json = serde_json::json!({
                "judgments": judgments.path,
                "cutoff": eval::CUTOFF,
                "modes": [exact, forgiving],
            });
            serde_json::to_string_pretty(&json)? + "\n"
        }
    };
    print(&out)
}

/// The searcher every query command uses: the index and the corpus's synonyms.
pub(crate) fn searcher<'a>(locations: &Locations, index: &'a OpenIndex) -> Result<Searcher<'a>> {
    let synonyms = Synonyms::for_corpus(&locations.corpus.lists)?;
    Ok(Searcher::new(index).with_synonyms(synonyms))
}

/// A searcher that also understands described problems, for a query long enough to
/// be one (the concepts are only loaded then).
fn searcher_for<'a>(
    locations: &Locations,
    index: &'a OpenIndex,
    query: &str,
) -> Result<Searcher<'a>> {
    let searcher = searcher(locations, index)?;
    if !qbank::concepts::worth_matching(query) {
        return Ok(searcher);
    }
    Ok(searcher.with_concepts(concepts_of(locations, index)?))
}

/// The concepts the index was built with (saved analysed beside it), else the
/// corpus's.
pub(crate) fn concepts_of(
    locations: &Locations,
    index: &OpenIndex,
) -> Result<qbank::concepts::Concepts> {
    match qbank::concepts::Concepts::saved(&index.path) {
        Some(concepts) => Ok(concepts),
        None => Ok(qbank::concepts::Concepts::for_corpus(
            &locations.corpus.lists,
        )?),
    }
}

/// The request of `export` and `quiz`: every question the filters (and query) select.
fn selection_request(
    query: &[String],
    filters: &FilterArgs,
    collapse: bool,
    exact: bool,
) -> Request {
    Request {
        filters: self::filters(filters),
        collapse,
        mode: if exact { Mode::Exact } else { Mode::Forgiving },
        ..Request::new(query.join(" "), 1)
    }
}

/// The filters and query in words, for export headers and messages.
fn describe(request: &Request) -> String {
    let f = &request.filters;
    let mut parts = Vec::new();
    let join = |values: Vec<String>| values.join(" or ");
    if !f.categories.is_empty() {
        parts.push(format!(
            "category {}",
            join(f.categories.iter().map(|c| c.to_string()).collect())
        ));
    }
    if !f.levels.is_empty() {
        parts.push(format!(
            "level {}",
            join(f.levels.iter().map(|l| l.to_string()).collect())
        ));
    }
    if !f.sources.is_empty() {
        parts.push(format!("source {}", join(f.sources.clone())));
    }
    if f.has_explanation {
        parts.push("with an explanation".to_string());
    }
    if !request.query.trim().is_empty() {
        parts.push(format!("matching \"{}\"", request.query.trim()));
    }
    if parts.is_empty() {
        "every question".to_string()
    } else {
        parts.join(", ")
    }
}

fn export_command(locations: &Locations, args: ExportArgs) -> Result<ExitCode> {
    let index = open_fresh(locations)?;
    let searcher = searcher_for(locations, &index, &args.query.join(" "))?;
    let request = selection_request(&args.query, &args.filters, !args.no_collapse, args.exact);
    let description = describe(&request);
    let hits = searcher.select(&request)?;
    if hits.hits.is_empty() {
        eprintln!("qbank: no questions match ({description}); nothing exported");
        explain_no_match(&hits);
        return Ok(ExitCode::from(NOT_FOUND));
    }
    // `-o -` is standard output, as for most tools that take a file name.
    let output = args
        .output
        .as_deref()
        .filter(|path| *path != std::path::Path::new("-"));
    let format = match (args.format, output) {
        (Some(format), _) => format.into(),
        (None, Some(path)) => Format::from_extension(path).unwrap_or(Format::Markdown),
        (None, None) => Format::Markdown,
    };
    let (hits, description) = if sampled(&args) {
        let (sample, how) = drawn(&args, hits.hits);
        (sample, format!("{how} of {description}"))
    } else {
        (hits, description)
    };
    let selection = Selection {
        hits: &hits.hits,
        ranked: !request.query.trim().is_empty() && !sampled(&args),
        description,
        answers: args.answers,
    };
    let count = hits.hits.len();
    let mut bar = export_progress(count);
    let mut progress = |done: usize| {
        if let Some(bar) = &bar {
            bar.set_position(done as u64);
        }
    };
    match output {
        // On a terminal, the text is shown as the other commands' is, paged when long.
        None if std::io::stdout().is_terminal() => {
            let mut text = Vec::new();
            export::write(format, &selection, &mut text, &mut progress)?;
            print(&String::from_utf8_lossy(&text))?;
        }
        None => {
            let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
            let written = export::write(format, &selection, &mut stdout, &mut progress)
                .map_err(anyhow::Error::from)
                .and_then(|()| stdout.flush().map_err(anyhow::Error::from));
            if let Err(e) = written {
                // Every writer (csv, serde_json, plain) reports a closed pipe its own way.
                let kind = e
                    .downcast_ref::<std::io::Error>()
                    .map(std::io::Error::kind)
                    .or_else(|| match e.downcast_ref::<ExportError>() {
                        Some(ExportError::Io(io)) => Some(io.kind()),
                        Some(ExportError::Json(json)) => json.io_error_kind(),
                        Some(ExportError::Csv(csv)) => match csv.kind() {
                            csv::ErrorKind::Io(io) => Some(io.kind()),
                            _ => None,
                        },
                        None => None,
                    });
                let broken_pipe = kind == Some(std::io::ErrorKind::BrokenPipe);
                if !broken_pipe {
                    return Err(e.context("cannot write to standard output"));
                }
            }
        }
        Some(path) => {
            write_replacing(path, args.force, |out| {
                export::write(format, &selection, out, &mut progress).map_err(anyhow::Error::from)
            })?;
        }
    }
    if let Some(bar) = bar.take() {
        bar.finish_and_clear();
    }
    match output {
        Some(path) => eprintln!(
            "qbank: exported {} to {}",
            render::questions(count),
            path.display()
        ),
        None if std::io::stderr().is_terminal() => {
            eprintln!("qbank: exported {}", render::questions(count))
        }
        None => {}
    }
    Ok(ExitCode::from(FOUND))
}

fn sampled(args: &ExportArgs) -> bool {
    args.sample.is_some() || args.per_category.is_some()
}

/// The interview set `--sample` or `--per-category` asks for, drawn from the hits, and
/// how it was drawn, in words; says its seed and any share the selection could not
/// fill.
fn drawn(args: &ExportArgs, hits: Vec<qbank::search::Hit>) -> (Hits, String) {
    let spread = match (args.per_category, args.balance.as_slice()) {
        (Some(each), _) => Spread::PerCategory(each.get()),
        (None, []) => Spread::Anywhere,
        (None, by) => Spread::Balance {
            category: by.contains(&BalanceBy::Category),
            level: by.contains(&BalanceBy::Level),
        },
    };
    let seed = args.seed.unwrap_or_else(clock_seed);
    let how = match spread {
        Spread::PerCategory(each) => format!("{each} a category drawn at random (seed {seed})"),
        Spread::Anywhere => format!("drawn at random (seed {seed})"),
        Spread::Balance { category, level } => format!(
            "drawn at random, balanced by {} (seed {seed})",
            match (category, level) {
                (true, true) => "category and level",
                (true, false) => "category",
                _ => "level",
            }
        ),
    };
    let pool = hits.into_iter().map(|hit| hit.question).collect();
    let count = args.sample.map_or(0, NonZeroUsize::get);
    let mut sample = qbank::sample::draw(pool, count, spread, seed);
    // A category asked for by name that nothing was drawn from is short too.
    if let Spread::PerCategory(each) = spread {
        for category in &args.filters.category {
            if !sample.questions.iter().any(|q| q.category == *category) {
                sample.shortfalls.push(qbank::sample::Shortfall {
                    group: category.to_string(),
                    wanted: each,
                    taken: 0,
                });
            }
        }
    }
    eprintln!(
        "qbank: drew {} with seed {seed} (--seed {seed} draws the same set)",
        render::questions(sample.questions.len())
    );
    for short in &sample.shortfalls {
        eprintln!(
            "qbank: warning: {} {} wanted from {}, only {} there",
            short.wanted,
            if short.wanted == 1 { "was" } else { "were" },
            short.group,
            short.taken
        );
    }
    let mut out = Hits::none("");
    out.total = sample.questions.len();
    out.hits = sample
        .questions
        .into_iter()
        .map(|question| qbank::search::Hit {
            score: 0.0,
            question,
            highlights: Default::default(),
            matches: Vec::new(),
        })
        .collect();
    (out, how)
}

/// A seed for a draw nobody gave one for.
fn clock_seed() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64)
}

/// A bar on stderr for exports large enough to take a moment (indicatif hides it when
/// stderr is not a terminal).
fn export_progress(count: usize) -> Option<ProgressBar> {
    (count >= 5_000).then(|| {
        let bar = ProgressBar::new(count as u64);
        if let Ok(style) = ProgressStyle::with_template("{spinner} exporting {bar:30} {pos}/{len}")
        {
            bar.set_style(style);
        }
        bar
    })
}

/// Writes a file whole into a temporary file beside it, then moves it into place, so a
/// reader never sees half a file and a failure leaves any previous file as it was. An
/// existing file is replaced only with `force`; the directory must exist. A symbolic
/// link is written through: the file it points at is replaced, in its own directory,
/// and the link stays. A terminal, a pipe or another character device (`/dev/stdout`)
/// is written in place, never replaced; other special files are refused.
pub(crate) fn write_replacing(
    path: &std::path::Path,
    force: bool,
    write: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    let shown = path;
    let target = link_target(path)?;
    let path = target.as_path();
    if let Ok(metadata) = std::fs::metadata(path) {
        let kind = metadata.file_type();
        if !kind.is_file() && !kind.is_dir() {
            return write_in_place(shown, path, &kind, write);
        }
    }
    let parent = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => std::path::Path::new("."),
    };
    if !parent.is_dir() {
        anyhow::bail!(
            "cannot write {}: the directory {} does not exist",
            path.display(),
            parent.display()
        );
    }
    if path.is_dir() {
        anyhow::bail!("cannot write {}: it is a directory", path.display());
    }
    if path.exists() && !force {
        anyhow::bail!(
            "{} already exists; add --force to replace it",
            path.display()
        );
    }
    let mut file = tempfile::Builder::new()
        .prefix(".qbank-export-")
        .tempfile_in(parent)
        .with_context(|| format!("cannot create a file in {}", parent.display()))?;
    {
        let mut out = std::io::BufWriter::new(file.as_file_mut());
        write(&mut out)?;
        out.flush()
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    file.as_file()
        .sync_all()
        .with_context(|| format!("cannot write {}", path.display()))?;
    set_export_permissions(file.as_file(), path);
    let persisted = if force {
        file.persist(path).map(drop)
    } else {
        // Another process may have created the file meanwhile: still never replace it.
        file.persist_noclobber(path).map(drop)
    };
    persisted.map_err(|e| {
        if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            anyhow::anyhow!(
                "{} already exists; add --force to replace it",
                path.display()
            )
        } else {
            anyhow::Error::from(e.error).context(format!("cannot write {}", path.display()))
        }
    })
}

/// The file a path names, through any symbolic links (also one that points at nothing
/// yet: the file is created where it points).
fn link_target(path: &std::path::Path) -> Result<std::path::PathBuf> {
    let mut target = path.to_path_buf();
    // As many links as the kernel follows before it gives up (ELOOP).
    for _ in 0..40 {
        match std::fs::symlink_metadata(&target) {
            Ok(metadata) if metadata.file_type().is_symlink() => {
                let link = std::fs::read_link(&target)
                    .with_context(|| format!("cannot read the link {}", target.display()))?;
                // A relative link is relative to the directory that holds it.
                target = match target.parent() {
                    Some(dir) => dir.join(link),
                    None => link,
                };
            }
            _ => return Ok(target),
        }
    }
    anyhow::bail!(
        "cannot write {}: too many levels of symbolic links",
        path.display()
    )
}

/// Writes to a special file where it is: a character device or a pipe is a stream to
/// write to, not a file to replace.
fn write_in_place(
    shown: &std::path::Path,
    path: &std::path::Path,
    kind: &std::fs::FileType,
    write: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    #[cfg(unix)]
    let stream = {
        use std::os::unix::fs::FileTypeExt;
        kind.is_char_device() || kind.is_fifo()
    };
    #[cfg(not(unix))]
    let stream = {
        let _ = kind;
        false
    };
    if !stream {
        anyhow::bail!("cannot write {}: it is not a regular file", shown.display());
    }
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .with_context(|| format!("cannot write {}", shown.display()))?;
    let mut out = std::io::BufWriter::new(file);
    write(&mut out)?;
    out.flush()
        .with_context(|| format!("cannot write {}", shown.display()))
}

/// Temporary files are private (0600); an export gets the permissions of the file it
/// replaces, or the usual 0644.
fn set_export_permissions(file: &std::fs::File, path: &std::path::Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let permissions = std::fs::metadata(path)
            .map(|m| m.permissions())
            .unwrap_or_else(|_| std::fs::Permissions::from_mode(0o644));
        let _ = file.set_permissions(permissions);
    }
    #[cfg(not(unix))]
    let _ = (file, path);
}

fn quiz_command(locations: &Locations, args: QuizArgs) -> Result<ExitCode> {
    let index = open_fresh(locations)?;
    let searcher = searcher_for(locations, &index, &args.query.join(" "))?;
    let mut store = open_progress()?;
    let known = store.known()?;
    let now = now()?;
    let seed = args.seed.unwrap_or_else(clock_seed);
    let (questions, available, described) = match by_ids(&searcher, &args.query)? {
        Some(asked) => {
            let count = asked.len();
            (asked, count, "the questions named".to_string())
        }
        None => {
            let request = selection_request(&args.query, &args.filters, true, false);
            let pool = selected(&searcher, &request)?;
            if pool.is_empty() {
                eprintln!("qbank: no questions match ({})", describe(&request));
                return Ok(ExitCode::from(NOT_FOUND));
            }
            let choice = if args.due {
                progress::Choice::Due
            } else if args.new {
                progress::Choice::New
            } else if args.missed {
                progress::Choice::Missed
            } else {
                progress::Choice::Any
            };
            let available = pool.len();
            let chosen = progress::choose(pool, &known, choice, args.count.get(), seed, now);
            if chosen.is_empty() {
                let why = match choice {
                    progress::Choice::New => "every question there has been graded",
                    progress::Choice::Missed => "none was last graded 1 (again)",
                    _ => "nothing is due and none is new",
                };
                eprintln!("qbank: nothing to ask ({}): {why}", describe(&request));
                return Ok(ExitCode::from(NOT_FOUND));
            }
            (chosen, available, describe(&request))
        }
    };
    let due = questions
        .iter()
        .filter(|q| known.of(q).is_some_and(|k| k.due <= now))
        .count();
    let mut record = |question: &qbank::Question, grade: progress::Grade| {
        let now = self::now().map_err(|e| e.to_string())?;
        store
            .record(question, grade, now)
            .map(|due| format!("Next review: {}.", when(due, now)))
            .map_err(|e| e.to_string())
    };
    // Not locked for the whole quiz: Ctrl-C prints the score from another thread.
    let mut stdout = std::io::stdout();
    let result = writeln!(
        stdout,
        "Quiz: {} of {available} questions ({described}; {due} due); seed {seed} (--seed {seed} \
         replays it).",
        questions.len(),
    )
    .and_then(|()| {
        quiz::run(
            &questions,
            &mut std::io::stdin().lock(),
            &mut stdout,
            usize::from(output_width()),
            &mut record,
        )
        .map(drop)
    });
    match result {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::from(FOUND)),
        other => {
            other.context("cannot run the quiz")?;
            Ok(ExitCode::from(FOUND))
        }
    }
}

/// Every question the request selects, one per cluster.
fn selected(searcher: &Searcher, request: &Request) -> Result<Vec<qbank::Question>> {
    Ok(searcher
        .select(request)?
        .hits
        .into_iter()
        .map(|hit| hit.question)
        .collect())
}

/// The questions named, when every word of the query is a question's id.
fn by_ids(searcher: &Searcher, words: &[String]) -> Result<Option<Vec<qbank::Question>>> {
    if words.is_empty() || !words.iter().all(|w| w.contains(':')) {
        return Ok(None);
    }
    let mut found = Vec::new();
    for word in words {
        match searcher.get(word.trim())? {
            Some(question) => found.push(question),
            None if found.is_empty() => return Ok(None),
            None => anyhow::bail!("no question with id '{word}' (`qbank search` prints ids)"),
        }
    }
    Ok(Some(found))
}

/// When a question is due again, in words.
fn when(due: chrono::DateTime<chrono::Utc>, now: chrono::DateTime<chrono::Utc>) -> String {
    let days = (due - now).num_days();
    let date = due.format("%Y-%m-%d");
    match days {
        ..=0 => "today".to_string(),
        1 => format!("tomorrow ({date})"),
        n => format!("in {n} days ({date})"),
    }
}

/// The environment variable that sets the time qbank takes as now (for scripted
/// practice and demonstrations).
const NOW_ENV: &str = "QBANK_NOW";

fn now() -> Result<chrono::DateTime<chrono::Utc>> {
    match std::env::var(NOW_ENV) {
        Ok(text) if !text.trim().is_empty() => chrono::DateTime::parse_from_rfc3339(text.trim())
            .map(|t| t.with_timezone(&chrono::Utc))
            .with_context(|| {
                format!("{NOW_ENV}={text} is not an RFC 3339 time (such as 2026-03-01T09:00:00Z)")
            }),
        _ => Ok(chrono::Utc::now()),
    }
}

/// The progress file in the per-user data directory, open; says so when a damaged one
/// had to be kept aside.
fn open_progress() -> Result<progress::Store> {
    let path = progress_path()?;
    let (store, aside) = progress::Store::open(&path)?;
    if let Some(aside) = aside {
        eprintln!(
            "qbank: warning: {} could not be read; it is kept as {} and a new one started",
            path.display(),
            aside.display()
        );
    }
    Ok(store)
}

fn progress_path() -> Result<std::path::PathBuf> {
    match Surroundings::of_process().data_dir {
        Some(dir) => Ok(dir.join(progress::FILE_NAME)),
        None => anyhow::bail!("no home directory to keep practice progress in"),
    }
}

fn progress_command(locations: &Locations, look: &Look, args: ProgressArgs) -> Result<ExitCode> {
    let mut store = open_progress()?;
    if args.reset {
        let count = store.reviews()?.len();
        let path = progress_path()?;
        if !args.yes {
            if !std::io::stdin().is_terminal() {
                anyhow::bail!(
                    "--reset deletes {} recorded in {}; add --yes to do it without asking",
                    grades(count),
                    path.display()
                );
            }
            eprint!(
                "Delete {} recorded in {}? [y/N] ",
                grades(count),
                path.display()
            );
            let mut answer = String::new();
            std::io::stdin().read_line(&mut answer)?;
            if !matches!(answer.trim().to_lowercase().as_str(), "y" | "yes") {
                eprintln!("qbank: nothing deleted");
                return Ok(ExitCode::from(NOT_FOUND));
            }
        }
        let deleted = store.reset()?;
        eprintln!("qbank: deleted {}", grades(deleted));
        return Ok(ExitCode::from(FOUND));
    }
    let index = open_fresh(locations)?;
    let searcher = Searcher::new(&index);
    let request = selection_request(&[], &args.filters, true, false);
    let pool = selected(&searcher, &request)?;
    let report = progress::report(&pool, &store.known()?, &store.reviews()?, now()?);
    let out = match args.format {
        DetailFormat::Table => render::progress_tables(&report, look),
        DetailFormat::Json => serde_json::to_string_pretty(&report)? + "\n",
    };
    print(&out)
}

fn grades(n: usize) -> String {
    if n == 1 {
        "1 grade".to_string()
    } else {
        format!("{n} grades")
    }
}

impl From<ExportFormat> for Format {
    fn from(format: ExportFormat) -> Format {
        match format {
            ExportFormat::Markdown => Format::Markdown,
            ExportFormat::Json => Format::Json,
            ExportFormat::Jsonl => Format::Jsonl,
            ExportFormat::Csv => Format::Csv,
            ExportFormat::Anki => Format::Anki,
            ExportFormat::Html => Format::Html,
        }
    }
}

pub(crate) fn filters(args: &FilterArgs) -> Filters {
    Filters {
        categories: args.category.clone(),
        levels: args.level.clone(),
        sources: args.source.iter().map(|s| s.to_lowercase()).collect(),
        min_confidence: args.min_confidence,
        has_explanation: args.has_explanation,
    }
}

fn related_command(locations: &Locations, look: &Look, args: RelatedArgs) -> Result<ExitCode> {
    let index = open_fresh(locations)?;
    let searcher = Searcher::new(&index);
    let of = match (&args.id, &args.text) {
        (Some(id), _) => match searcher.get(id.trim())? {
            Some(question) => Related::Question(Box::new(question)),
            None => {
                eprintln!("qbank: no question with id '{id}' (`qbank search` prints ids)");
                if args.format == ListFormat::Json {
                    print(&render::related_json(&Hits::none(""), &[])?)?;
                }
                return Ok(ExitCode::from(NOT_FOUND));
            }
        },
        (None, Some(text)) => Related::Text(text.clone()),
        (None, None) => anyhow::bail!("give a question id or --text"),
    };
    let request = Request {
        filters: filters(&args.filters),
        offset: args.page.offset,
        ..Request::new("", args.page.limit.get())
    };
    let hits = searcher.related(&of, &request)?;
    let duplicates = match &of {
        Related::Question(q) => q.duplicates.clone(),
        Related::Text(_) => Vec::new(),
    };
    if hits.hits.is_empty() {
        eprintln!("qbank: no related questions");
        if args.format == ListFormat::Json {
            print(&render::related_json(&hits, &duplicates)?)?;
        }
        return Ok(ExitCode::from(NOT_FOUND));
    }
    let out = match args.format {
        ListFormat::Table => {
            let mut out = String::new();
            if let Related::Question(q) = &of {
                out.push_str(&look.wrap(&format!("{}: {}", q.id, q.question)));
                out.push('\n');
                if !duplicates.is_empty() {
                    out.push_str(&look.wrap(&format!("duplicates: {}", duplicates.join(", "))));
                    out.push('\n');
                }
            }
            out + &render::hits_table(&hits, look)
        }
        ListFormat::Json => render::related_json(&hits, &duplicates)?,
        ListFormat::Jsonl => render::hits_jsonl(&hits)?,
        ListFormat::Ids => render::hits_ids(&hits),
        ListFormat::Tsv => render::hits_tsv(&hits),
    };
    print(&out)
}
