//! What each fuzz target does with one input: llmcost's public loaders, importer,
//! sweep parser and engine, called as the commands call them.
//!
//! The targets in `fuzz_targets/` are one line each around these functions, and
//! the main crate's `tests/it/fuzz_regressions.rs` includes this file to replay every
//! saved crash in `fuzz/regressions/<target>/`, so a crash found once stays a test.
//!
//! An error is the expected answer to a bad input and is no finding: only a panic
//! is (an index out of bounds, an overflow caught by debug assertions, or a broken
//! promise asserted here, such as an imported catalog that loads back as other models).
//! `root` is the repository root: scenarios resolve the files they name (routing
//! rules, measured matrices) against its `scenarios/` folder, as the shipped ones do.

use chrono::NaiveDate;
use llmcost::cli::assignment;
use llmcost::engine::{explain, ladder, simulate};
use llmcost::input::Source;
use llmcost::pricing::{Catalog, Header, Selection, implausible, litellm, to_yaml};
use llmcost::report::{CsvCells, Format, Report, render};
use llmcost::scenario::Scenario;
use llmcost::sweep::{Sweep, SweepReport};
use llmcost::usage;
use std::path::Path;
use std::sync::OnceLock;

/// The line that ends the scenario and starts the catalog in a `simulate` input.
pub const CATALOG_SEPARATOR: &str = "\n=== catalog ===\n";

/// The shipped scenarios a `set_values` input may name on its first line (with
/// the catalog each names); an input whose first line names none sweeps the first.
pub const SWEPT_SCENARIOS: [&str; 5] = [
    "service-company",
    "service-company-optimized",
    "service-company-routing",
    "service-company-uncertain",
    "routellm-mt-bench",
];

/// Sweeps of at most this many points are run in full, with a break-even when
/// they vary one parameter; larger ones price their first and last points.
const FULL_RUN_POINTS: usize = 16;

const FORMATS: [Format; 5] = [
    Format::Table { width: None },
    Format::Table { width: Some(40) },
    Format::Csv {
        cells: CsvCells::Guarded,
    },
    Format::Json,
    Format::Markdown,
];

/// The input as text; the commands read files as UTF-8 and refuse anything else
/// before any parsing, so other bytes reach no code worth fuzzing.
fn text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}

/// Formats an error as the command line would print it (line lookup, hints).
fn shown(e: impl std::fmt::Display) {
    let _ = e.to_string();
}

/// Renders a report in every output format.
fn rendered(report: &dyn Report) {
    for format in FORMATS {
        if let Err(e) = render(report, format) {
            shown(e);
        }
    }
}

/// A scenario document, loaded and checked.
pub fn scenario(data: &[u8], root: &Path) {
    let Some(text) = text(data) else { return };
    if let Err(e) = Scenario::from_source(Source::new("fuzz.yaml", text), Some(&root.join("scenarios"))) {
        shown(e);
    }
}

/// A catalog document, loaded and validated; then every id and alias looked up,
/// every model's prices checked for plausibility, and the catalog written with
/// `to_yaml`, which must load back as the same models.
pub fn catalog(data: &[u8]) {
    let Some(text) = text(data) else { return };
    let catalog = match Catalog::from_source(&Source::new("fuzz.yaml", text)) {
        Ok(c) => c,
        Err(e) => return shown(e),
    };
    for model in &catalog.models {
        for id in std::iter::once(&model.id).chain(&model.aliases) {
            assert!(catalog.model(id).is_ok(), "`{id}` of a loaded catalog is not found");
        }
        let _ = implausible(model);
        let _ = catalog.price_warnings(model);
    }
    let header = Header {
        name: catalog.name.clone(),
        as_of: catalog.as_of,
        currency: catalog.currency.clone(),
        source: catalog.source.clone(),
        comments: Vec::new(),
    };
    let written = to_yaml(&header, &catalog.models);
    match Catalog::from_source(&Source::new("written.yaml", written.as_str())) {
        Ok(loaded) => assert_eq!(
            loaded.models, catalog.models,
            "the catalog, written, loads as other models:\n{written}"
        ),
        Err(e) => panic!("the catalog, written, does not load: {e}\n{written}"),
    }
}

/// A LiteLLM price list, imported; the imported models are written as a catalog
/// and loaded back, which must give the same models or a clean error.
pub fn litellm(data: &[u8]) {
    let Some(text) = text(data) else { return };
    let import = match litellm::import(&Source::new("fuzz.json", text), &Selection::default()) {
        Ok(i) => i,
        Err(e) => return shown(e),
    };
    if import.models.is_empty() {
        return;
    }
    // The command's header names entries in its comments; so do these.
    let header = Header {
        name: "litellm".into(),
        as_of: NaiveDate::from_ymd_opt(2026, 1, 31).expect("a valid date"),
        currency: "USD".into(),
        source: "LiteLLM fuzz.json, imported by llmcost".into(),
        comments: import
            .summary
            .shadowed
            .iter()
            .map(|s| format!("{} beside {}", s.entry, s.kept))
            .collect(),
    };
    let written = to_yaml(&header, &import.models);
    match Catalog::from_source(&Source::new("imported.yaml", written.as_str())) {
        Ok(loaded) => {
            // A catalog lists its models by id, whatever their order in the file.
            let mut imported = import.models;
            imported.sort_by(|a, b| a.id.cmp(&b.id));
            assert_eq!(
                loaded.models, imported,
                "the written catalog loads as other models:\n{written}"
            );
            assert_eq!(
                (&loaded.name, loaded.as_of, &loaded.currency, &loaded.source),
                (&header.name, header.as_of, &header.currency, &header.source),
                "the written catalog loads with another header:\n{written}"
            );
        }
        Err(e) => shown(e),
    }
}

/// The shipped scenarios of `SWEPT_SCENARIOS` with their catalogs, loaded once.
fn shipped(root: &Path) -> &'static [(Scenario, Catalog)] {
    static SHIPPED: OnceLock<Vec<(Scenario, Catalog)>> = OnceLock::new();
    SHIPPED.get_or_init(|| {
        SWEPT_SCENARIOS
            .iter()
            .map(|name| {
                let path = root.join("scenarios").join(format!("{name}.yaml"));
                let scenario = Scenario::load(&path).expect("a shipped scenario loads");
                let file = scenario.catalog.clone().expect("a shipped scenario names its catalog");
                let catalog = Catalog::load(&file).expect("a shipped catalog loads");
                (scenario, catalog)
            })
            .collect()
    })
}

/// `--set PATH=VALUES` options, one a line, swept over a shipped scenario that
/// the first line may name: read and checked as `sweep` does, then priced.
pub fn set_values(data: &[u8], root: &Path) {
    let Some(text) = text(data) else { return };
    let shipped = shipped(root);
    let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
    let ((scenario, catalog), options) = match SWEPT_SCENARIOS.iter().position(|n| *n == first.trim()) {
        Some(i) => (&shipped[i], rest),
        None => (&shipped[0], text),
    };
    let sets = match options.lines().map(assignment).collect::<Result<Vec<_>, _>>() {
        Ok(sets) => sets,
        Err(e) => return shown(e),
    };
    let sweep = match Sweep::new(scenario, catalog, &sets, false) {
        Ok(s) => s,
        Err(e) => return shown(e),
    };
    let points = sweep.points();
    if points <= FULL_RUN_POINTS {
        let breakeven = match (sweep.sets.len(), &scenario.strategies[..]) {
            (1, [a, b, ..]) => Some((a.name.as_str(), b.name.as_str())),
            _ => None,
        };
        let mut rows = Vec::new();
        let run = sweep.frame().and_then(|frame| {
            sweep
                .run(breakeven, |row| {
                    rows.push(row.clone());
                    Ok(())
                })
                .map(|(breakeven, warnings)| SweepReport {
                    rows,
                    breakeven,
                    warnings,
                    ..frame
                })
        });
        match run {
            Ok(report) => rendered(&report),
            Err(e) => shown(e),
        }
    } else {
        for index in [0, points - 1] {
            if let Err(e) = sweep.price(&sweep.point(index)) {
                shown(e);
            }
        }
    }
}

/// A scenario and a catalog (after `CATALOG_SEPARATOR`), loaded, then every
/// strategy priced, explained and laddered, and the report rendered.
pub fn simulate_pair(data: &[u8], root: &Path) {
    let Some(text) = text(data) else { return };
    let Some((scenario_text, catalog_text)) = text.split_once(CATALOG_SEPARATOR) else {
        return;
    };
    let scenario = match Scenario::from_source(Source::new("fuzz.yaml", scenario_text), Some(&root.join("scenarios"))) {
        Ok(s) => s,
        Err(e) => return shown(e),
    };
    let catalog = match Catalog::from_source(&Source::new("fuzz-catalog.yaml", catalog_text)) {
        Ok(c) => c,
        Err(e) => return shown(e),
    };
    match simulate(&scenario, &catalog) {
        Ok(report) => rendered(&report),
        Err(e) => return shown(e),
    }
    for index in 0..scenario.strategies.len() {
        match explain(&scenario, &catalog, index) {
            Ok(report) => rendered(&report),
            Err(e) => shown(e),
        }
        match ladder(&scenario, &catalog, index) {
            Ok(report) => rendered(&report),
            Err(e) => shown(e),
        }
    }
}

/// A provider's usage export or cost report (OpenAI, Anthropic, Bedrock), read
/// as `usage price` reads it; its records priced on the usage tests' catalog
/// and the report rendered in every format, its cost lines compared with them.
pub fn usage_export(data: &[u8], root: &Path) {
    static PRICES: OnceLock<Catalog> = OnceLock::new();
    let Some(text) = text(data) else { return };
    let catalog = PRICES.get_or_init(|| {
        Catalog::load(&root.join("tests/fixtures/usage/prices.yaml")).expect("the usage tests' catalog loads")
    });
    let mut pricer = usage::Pricer::new(catalog).comparing();
    match usage::usage_of("fuzz.json", text) {
        Ok((_, records)) => {
            for record in &records {
                if let Err(e) = pricer.add(record) {
                    return shown(e);
                }
            }
        }
        Err(e) => shown(e),
    }
    match usage::costs_of("fuzz.json", text) {
        Ok((_, lines)) => {
            if let Err(e) = pricer.compare(&lines) {
                return shown(e);
            }
        }
        Err(e) => shown(e),
    }
    rendered(&pricer.finish("fuzz.json"));
}
