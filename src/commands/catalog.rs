//! `llmcost catalog`: validate, list, show, import and export price catalogs.

use super::publish::publish;
use crate::cli::{
    CatalogArgs, CatalogCommand, ExportArgs, ImportArgs, ImportFormat, ListArgs, SelectArgs, ShowArgs, ValidateArgs,
};
use crate::embedded;
use crate::exit::Outcome;
use crate::input::{InputError, Source};
use crate::output::note::note;
use crate::pricing::genai_prices;
use crate::pricing::litellm::{self, Summary};
use crate::pricing::{Catalog, Header, Model, Selection, compare, implausible, merge, to_yaml};
use crate::report::{Against, CatalogListing, ModelSheet, RateExport, ValidatedCatalog, Validation, render, sink};
use anyhow::Context;
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

pub fn run(args: CatalogArgs) -> anyhow::Result<Outcome> {
    match args.command {
        CatalogCommand::Validate(a) => validate(a),
        CatalogCommand::List(a) => list(a),
        CatalogCommand::Show(a) => show(a),
        CatalogCommand::Import(a) => import(a),
        CatalogCommand::Export(a) => export(a),
    }
}

/// The catalog at `file`, or the embedded one; with `--as-of`, its rates of that day.
fn load(file: Option<&Path>, as_of: Option<NaiveDate>) -> Result<Catalog, InputError> {
    let catalog = match file {
        Some(path) => Catalog::load(path)?,
        None => Catalog::from_source(&embedded::default_catalog())?,
    };
    match as_of {
        Some(day) => catalog.at(day),
        None => Ok(catalog),
    }
}

fn selection(args: SelectArgs) -> Selection {
    Selection {
        providers: args.providers,
        models: args.models,
    }
}

fn validate(args: ValidateArgs) -> anyhow::Result<Outcome> {
    let mut catalogs = Vec::new();
    let mut loaded = Vec::new();
    let mut invalid = 0;
    for file in &args.files {
        match Catalog::load(file) {
            Ok(c) => {
                catalogs.push(ValidatedCatalog {
                    file: c.file.clone(),
                    name: c.name.clone(),
                    as_of: c.as_of.to_string(),
                    models: c.models.len(),
                    warnings: c.models.iter().flat_map(implausible).collect(),
                });
                loaded.push(c);
            }
            Err(e) => {
                eprintln!("error: {}", crate::report::visible_lines(&e.to_string()));
                invalid += 1;
            }
        }
    }
    let warnings: usize = catalogs.iter().map(|c| c.warnings.len()).sum();
    // The valid catalogs are reported beside the errors on stdout; a report
    // file is written only by a run that succeeds, like every other file.
    let to_file = args.output.output.as_ref().is_some_and(|p| p.as_os_str() != "-");
    if !catalogs.is_empty() && (invalid == 0 || !to_file) && args.against.is_none() {
        publish(&Validation { catalogs }, &[], &args.output)?;
    }
    if invalid > 0 {
        anyhow::bail!(
            "{invalid} of {} catalog{} {} not valid",
            args.files.len(),
            if args.files.len() == 1 { "" } else { "s" },
            if invalid == 1 { "is" } else { "are" }
        );
    }
    if let (Some(other), [catalog]) = (&args.against, loaded.as_slice()) {
        return against(&args, catalog, other, warnings);
    }
    if args.strict && warnings > 0 {
        eprintln!("threshold crossed: {warnings} implausible price(s) and --strict");
        return Ok(Outcome::ThresholdCrossed);
    }
    Ok(Outcome::Success)
}

/// `validate FILE --against OTHER`: the prices of `catalog` that differ from
/// OTHER's, on the catalog's date, by more than `--tolerance`; crossing it is
/// a threshold crossed (exit 3).
fn against(args: &ValidateArgs, catalog: &Catalog, other: &Path, warnings: usize) -> anyhow::Result<Outcome> {
    let other = Catalog::load(other)?;
    let other = if other.price_changes().is_empty() {
        other
    } else {
        other.at(catalog.as_of)?
    };
    let report = Against {
        catalog: catalog.name.clone(),
        other: other.name.clone(),
        tolerance: args.tolerance,
        comparison: compare(catalog, &other, args.tolerance),
    };
    if warnings > 0 {
        note(format_args!(
            "{warnings} implausible price(s) in {}; `llmcost catalog validate {}` names them",
            catalog.name, catalog.file
        ));
    }
    publish(&report, &[], &args.output)?;
    let n = report.comparison.disagreements.len();
    if n == 0 {
        return Ok(Outcome::Success);
    }
    eprintln!(
        "threshold crossed: {n} price(s) differ from {} by more than {}%",
        other.name,
        crate::money::exact(args.tolerance)
    );
    Ok(Outcome::ThresholdCrossed)
}

fn list(args: ListArgs) -> anyhow::Result<Outcome> {
    let catalog = load(args.pricing.file(), args.pricing.as_of)?;
    let wanted = selection(args.select);
    let models = catalog
        .models
        .iter()
        .filter(|m| {
            let names: Vec<&str> = std::iter::once(m.id.as_str())
                .chain(m.aliases.iter().map(String::as_str))
                .collect();
            wanted.matches(&[&m.provider], &names)
        })
        .collect();
    publish(
        &CatalogListing {
            catalog: &catalog,
            models,
        },
        &[],
        &args.output,
    )?;
    Ok(Outcome::Success)
}

fn show(args: ShowArgs) -> anyhow::Result<Outcome> {
    let catalog = load(args.pricing.file(), args.pricing.as_of)?;
    let model = catalog.model(&args.id).map_err(|unknown| {
        let e = InputError::file(&catalog.file, unknown.to_string());
        match unknown.hint() {
            Some(hint) => e.with_hint(hint),
            None => e,
        }
    })?;
    publish(
        &ModelSheet {
            catalog: &catalog,
            model,
        },
        &catalog.price_warnings(model),
        &args.output,
    )?;
    Ok(Outcome::Success)
}

fn export(args: ExportArgs) -> anyhow::Result<Outcome> {
    let catalog = load(args.pricing.file(), args.pricing.as_of)?;
    let text = render(&RateExport { catalog: &catalog }, args.report_format())?;
    sink::write(args.output.as_deref(), &text)?;
    Ok(Outcome::Success)
}

/// Today's date (UTC), the default date of an imported price list.
fn today() -> NaiveDate {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    chrono::DateTime::from_timestamp(i64::try_from(seconds).unwrap_or(0), 0)
        .map(|t| t.date_naive())
        .unwrap_or_default()
}

/// Where the catalog goes: a file, or stdout for nothing or `-`.
fn output_file(output: Option<&Path>) -> Option<&Path> {
    output.filter(|p| p.as_os_str() != "-")
}

fn import(args: ImportArgs) -> anyhow::Result<Outcome> {
    let src = Source::read(&args.file, args.from.what())?;
    let file_name = args
        .file
        .file_name()
        .map_or_else(|| src.name.clone(), |n| n.to_string_lossy().into_owned());
    let wanted = selection(args.select);
    let imported = match args.from {
        ImportFormat::Litellm => {
            let import = litellm::import(&src, &wanted)?;
            if import.models.is_empty() {
                anyhow::bail!(
                    "{}: no text model (chat, completion, responses) to import ({})",
                    src.name,
                    left_out(&import.summary)
                );
            }
            Imported {
                default_name: "litellm",
                source: format!("LiteLLM {file_name} (https://github.com/BerriAI/litellm), imported by llmcost"),
                comments: comments(&file_name, &import.summary, &wanted),
                done: format!(
                    "imported {} models from {} ({} entries)",
                    import.summary.imported, src.name, import.summary.entries
                ),
                left_out: left_out(&import.summary),
                models: import.models,
            }
        }
        ImportFormat::GenaiPrices => {
            let import = genai_prices::import(&src, &wanted)?;
            let left_out = genai_left_out(&import.summary);
            if import.models.is_empty() {
                anyhow::bail!("{}: no model priced per token to import ({left_out})", src.name);
            }
            Imported {
                default_name: "genai-prices",
                source: format!(
                    "genai-prices {file_name} (https://github.com/pydantic/genai-prices), imported by llmcost"
                ),
                comments: vec![
                    format!("Imported from genai-prices' {file_name} by `llmcost catalog import --from genai-prices`."),
                    "USD per 1,000,000 tokens as the file lists them; requests_kcount / 1,000 per request.".into(),
                    "A start_date constraint starts a price period; a rate's one tier is long_context.".into(),
                    format!(
                        "{} of {} models imported; left out: {left_out}.",
                        import.summary.imported, import.summary.entries
                    ),
                ],
                done: format!(
                    "imported {} models from {} ({} models of {} providers)",
                    import.summary.imported, src.name, import.summary.entries, import.summary.providers
                ),
                left_out,
                models: import.models,
            }
        }
    };
    let out = output_file(args.output.as_deref());
    let name = args.name.unwrap_or_else(|| {
        out.and_then(Path::file_stem)
            .map_or_else(|| imported.default_name.into(), |s| s.to_string_lossy().into_owned())
    });
    let as_of = args.as_of.unwrap_or_else(|| {
        let today = today();
        note(format!(
            "prices dated {today} (today); pass --as-of for the day they were true"
        ));
        today
    });
    let header = Header {
        name,
        as_of,
        currency: "USD".into(),
        source: args.source.unwrap_or(imported.source),
        comments: imported.comments,
    };
    let (header, models) = with_history(header, imported.models, &args.snapshots, args.from, &wanted)?;
    let text = to_yaml(&header, &models);
    // Whatever is written must load: check it before anything reaches the disk.
    let written_as = out.map_or_else(|| "the imported catalog".to_string(), |p| p.display().to_string());
    let catalog = Catalog::from_source(&Source::new(written_as, text.as_str()))
        .context("the imported catalog does not load; nothing was written")?;
    sink::write(out, &text)?;
    let target = out.map_or_else(|| PathBuf::from("stdout"), Path::to_path_buf);
    note(format_args!(
        "{} into {}; left out: {}",
        imported.done,
        target.display(),
        imported.left_out
    ));
    let warnings = catalog.warnings.iter().count();
    if warnings > 0 {
        note(format_args!(
            "{warnings} implausible price(s) as the source lists them; `llmcost catalog validate {}` names them",
            target.display()
        ));
    }
    Ok(Outcome::Success)
}

/// The models an import read, and what it says about them.
struct Imported {
    default_name: &'static str,
    source: String,
    comments: Vec<String>,
    done: String,
    left_out: String,
    models: Vec<Model>,
}

/// The models of a price list in `format`.
fn read_list(path: &Path, format: ImportFormat, wanted: &Selection) -> anyhow::Result<Vec<Model>> {
    let src = Source::read(path, format.what())?;
    Ok(match format {
        ImportFormat::Litellm => litellm::import(&src, wanted)?.models,
        ImportFormat::GenaiPrices => genai_prices::import(&src, wanted)?.models,
    })
}

/// "2 time-of-day prices, 1 not priced per token, ..."
fn genai_left_out(s: &genai_prices::Summary) -> String {
    let parts: Vec<String> = [
        (s.not_selected, "not selected"),
        (s.without_token_prices, "not priced per token"),
        (s.time_of_day, "time-of-day prices"),
        (s.several_tiers, "with rates of several tiers"),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, what)| format!("{n} {what}"))
    .collect();
    let mut text = if parts.is_empty() {
        "nothing".to_string()
    } else {
        parts.join(", ")
    };
    if s.qualified > 0 {
        text.push_str(&format!(
            " ({} ids another provider also lists imported as provider/id)",
            s.qualified
        ));
    }
    text
}

/// The models of the list dated `header.as_of` merged with those of the
/// `--snapshot` lists into price periods (`pricing::merge`), dated by the newest list.
fn with_history(
    mut header: Header,
    models: Vec<Model>,
    snapshots: &[(NaiveDate, PathBuf)],
    format: ImportFormat,
    wanted: &Selection,
) -> anyhow::Result<(Header, Vec<Model>)> {
    if snapshots.is_empty() {
        return Ok((header, models));
    }
    let mut lists = vec![(header.as_of, models)];
    for (day, path) in snapshots {
        lists.push((*day, read_list(path, format, wanted)?));
    }
    lists.sort_by_key(|(day, _)| *day);
    if let Some(pair) = lists.windows(2).find(|pair| pair[0].0 == pair[1].0) {
        anyhow::bail!(
            "two price lists are dated {}; each list of a history needs its own day (--as-of for FILE, DATE=FILE for --snapshot)",
            pair[0].0
        );
    }
    let days: Vec<String> = lists.iter().map(|(day, _)| day.to_string()).collect();
    header.comments.push(format!(
        "Price history from {} lists dated {}: a price holds from the first list that shows it until a later one shows another.",
        lists.len(),
        days.join(", ")
    ));
    header.as_of = lists.last().map_or(header.as_of, |(day, _)| *day);
    let models = merge(&lists, &header.name, Model::charges_as);
    Ok((header, models))
}

/// "3400 not selected, 1406 not text models (image_generation 414, ...), ..."
fn left_out(s: &Summary) -> String {
    let parts = left_out_parts(s);
    if parts.is_empty() {
        "nothing".into()
    } else {
        parts.join(", ")
    }
}

fn left_out_parts(s: &Summary) -> Vec<String> {
    let modes: Vec<String> = s.other_modes.iter().map(|(mode, n)| format!("{mode} {n}")).collect();
    let mut parts = Vec::new();
    if s.not_selected > 0 {
        parts.push(format!("{} not selected", s.not_selected));
    }
    if !modes.is_empty() {
        parts.push(format!(
            "{} not text models ({})",
            s.other_mode_count(),
            modes.join(", ")
        ));
    }
    if s.without_token_prices > 0 {
        parts.push(format!("{} not priced per token", s.without_token_prices));
    }
    if !s.shadowed.is_empty() {
        parts.push(format!(
            "{} with the id of another entry (such as {} beside {})",
            s.shadowed.len(),
            s.shadowed[0].entry,
            s.shadowed[0].kept
        ));
    }
    parts
}

/// The comment block at the top of an imported catalog.
fn comments(file: &str, s: &Summary, wanted: &Selection) -> Vec<String> {
    let mut lines = vec![
        format!("Imported from LiteLLM's {file} by `llmcost catalog import --from litellm`."),
        "USD per 1,000,000 tokens: per-token prices multiplied by 1,000,000 exactly (2.5e-06 -> 2.5).".into(),
        "Ids drop the provider prefixes gemini/, deepseek/, mistral/ and xai/; the prefixed id stays an alias.".into(),
        "A cache-write price of 0 means no separate write charge and is left out (writes bill at input).".into(),
    ];
    if !wanted.providers.is_empty() || !wanted.models.is_empty() {
        lines.push(format!(
            "Selected: providers [{}], ids [{}].",
            wanted.providers.join(", "),
            wanted.models.join(", ")
        ));
    }
    let parts = left_out_parts(s);
    if parts.is_empty() {
        lines.push(format!("{} of {} entries imported.", s.imported, s.entries));
    } else {
        lines.push(format!("{} of {} entries imported; left out:", s.imported, s.entries));
        lines.extend(parts.into_iter().map(|part| format!("  {part}")));
    }
    lines
}
