//! `qbank add`, `packs`, `update` and `remove`: the packs a user brings in, fetched
//! by the library's `packs` module, shown by `render`, and indexed with the built-in
//! lists as every other command reads them.

use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use indicatif::{ProgressBar, ProgressFinish, ProgressStyle};
use qbank::locations::{Locations, Surroundings};
use qbank::packs::{self, Limits, Manifest, Packs, Updated};
use qbank::render::{self, Look};

use crate::app::{ERROR, FOUND, open_fresh, print};
use crate::cli::{AddArgs, DetailFormat, FetchArgs, UpdateArgs};

/// The packs directory, beside the per-user indexes.
fn packs() -> Result<Packs> {
    match Surroundings::of_process().data_dir {
        Some(data) => Ok(Packs::new(data.join(packs::PACKS))),
        None => bail!(
            "no per-user data directory to keep packs in (HOME is unset or not an absolute path)"
        ),
    }
}

fn limits(args: &FetchArgs) -> Limits {
    Limits {
        max_bytes: args.max_size.saturating_mul(1_000_000),
        timeout: Duration::from_secs(args.timeout.max(1)),
    }
}

/// A download's progress on stderr (indicatif draws nothing when it is not a terminal).
fn download_bar() -> impl FnMut(u64, Option<u64>) {
    let mut bar: Option<ProgressBar> = None;
    move |done, total| {
        let bar = bar.get_or_insert_with(|| {
            let (bar, template) = match total {
                Some(total) => (
                    ProgressBar::new(total),
                    "{spinner} downloading {bar:30} {bytes}/{total_bytes}",
                ),
                None => (ProgressBar::new_spinner(), "{spinner} downloading {bytes}"),
            };
            if let Ok(style) = ProgressStyle::with_template(template) {
                bar.set_style(style);
            }
            bar.with_finish(ProgressFinish::AndClear)
        });
        bar.set_position(done);
    }
}

/// Indexes the corpus the command line names (with the packs, unless it names a
/// corpus of its own), so that the next search does not wait.
fn reindex(locations: &Locations) -> Result<()> {
    open_fresh(locations).map(drop)
}

fn describe(manifest: &Manifest) -> String {
    let mut text = format!(
        "{} ({} with an explanation)",
        render::questions(manifest.questions),
        manifest.with_explanation
    );
    if let Some(url) = &manifest.url {
        text.push_str(&format!(" from {url}"));
    }
    text
}

pub fn add(
    locations: impl Fn() -> Result<Locations>,
    look: &Look,
    args: AddArgs,
) -> Result<ExitCode> {
    if args.list {
        let catalogue = packs::catalogue();
        return match args.format {
            DetailFormat::Table => print(&render::catalogue_table(&catalogue, look)),
            DetailFormat::Json => print(&(serde_json::to_string_pretty(&catalogue)? + "\n")),
        };
    }
    let source = args.source.unwrap_or_default();
    let packs = packs()?;
    let here = std::env::current_dir().context("cannot read the current directory")?;
    let resolved = packs::resolve(&source, &here)?;
    let name = args.name.unwrap_or_else(|| resolved.name.clone());
    let manifest = packs.add(
        &source,
        &resolved,
        &name,
        limits(&args.fetch),
        &mut download_bar(),
    )?;
    eprintln!("qbank: added the pack {name}: {}", describe(&manifest));
    let licence = manifest.licence_stated.clone().or_else(|| {
        manifest
            .licence_file
            .as_ref()
            .map(|f| format!("see {f} in the pack"))
    });
    eprintln!(
        "qbank: its lists are their authors' work; licence: {}",
        licence.as_deref().unwrap_or("none found in the source")
    );
    reindex(&locations()?)?;
    Ok(ExitCode::from(FOUND))
}

pub fn list(look: &Look, format: DetailFormat) -> Result<ExitCode> {
    let manifests = packs()?.list()?;
    match format {
        DetailFormat::Json => print(&(serde_json::to_string_pretty(&manifests)? + "\n")),
        DetailFormat::Table if manifests.is_empty() => {
            eprintln!("qbank: no packs yet; `qbank add --list` shows some to add");
            Ok(ExitCode::from(crate::app::NOT_FOUND))
        }
        DetailFormat::Table => print(&render::packs_table(&manifests, look)),
    }
}

pub fn update(locations: impl Fn() -> Result<Locations>, args: UpdateArgs) -> Result<ExitCode> {
    let packs = packs()?;
    let names: Vec<String> = if args.names.is_empty() {
        packs.list()?.into_iter().map(|m| m.name).collect()
    } else {
        args.names.clone()
    };
    if names.is_empty() {
        eprintln!("qbank: no packs to update; `qbank add` adds one");
        return Ok(ExitCode::from(crate::app::NOT_FOUND));
    }
    let mut failed = false;
    let mut replaced = false;
    for name in &names {
        match packs.update(name, limits(&args.fetch), &mut download_bar()) {
            Ok(Updated::Unchanged) => eprintln!("qbank: {name} is up to date"),
            Ok(Updated::Replaced(manifest)) => {
                replaced = true;
                eprintln!("qbank: updated {name}: {}", describe(&manifest));
            }
            Err(e) => {
                failed = true;
                eprintln!("qbank: error: {name}: {e}; the pack is as it was");
            }
        }
    }
    if replaced {
        reindex(&locations()?)?;
    }
    Ok(ExitCode::from(if failed { ERROR } else { FOUND }))
}

pub fn remove(
    locations: impl Fn() -> Result<Locations>,
    name: &str,
    yes: bool,
) -> Result<ExitCode> {
    let packs = packs()?;
    let manifest = packs.get(name)?;
    if !yes {
        if !std::io::stdin().is_terminal() {
            bail!(
                "`qbank remove` asks before it deletes; give --yes to remove {name} without asking"
            );
        }
        eprint!(
            "qbank: remove the pack {name} ({})? [y/N] ",
            render::questions(manifest.questions)
        );
        let _ = std::io::stderr().flush();
        let mut answer = String::new();
        std::io::stdin().lock().read_line(&mut answer)?;
        if !matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes") {
            eprintln!("qbank: kept {name}");
            return Ok(ExitCode::from(FOUND));
        }
    }
    packs.remove(name)?;
    eprintln!("qbank: removed the pack {name}");
    reindex(&locations()?)?;
    Ok(ExitCode::from(FOUND))
}
