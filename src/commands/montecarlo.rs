//! `llmcost montecarlo`: many seeded months of a scenario, every strategy on
//! the same sampled workload, with the chance of exceeding a budget.

use super::inputs::Inputs;
use super::publish::{bills, publish_with};
use crate::cli::MonteCarloArgs;
use crate::engine::simulate;
use crate::exit::Outcome;
use crate::montecarlo::{self, EXACT_UP_TO, MonteCarloReport, Settings};
use crate::output::note;
use crate::output::progress::Progress;
use crate::report::chart::{self, ChartFormat};
use crate::report::html::{Extras, Figure};
use crate::report::sink::Outputs;
use anyhow::Context;

pub fn run(args: MonteCarloArgs) -> anyhow::Result<Outcome> {
    if let Some(path) = &args.plot {
        ChartFormat::of(path)?;
    }
    let inputs = Inputs::load(&args.input)?;
    if args.per_interaction {
        montecarlo::check_per_interaction(&inputs.scenario, args.runs)?;
    }
    let budget = args
        .budget
        .as_ref()
        .map(|b| b.in_currency(&inputs.catalog.currency).context("--budget"))
        .transpose()?;
    let settings = Settings {
        runs: args.runs,
        seed: args.seed,
        threads: threads(args.threads),
        exact_up_to: if args.per_interaction { u64::MAX } else { EXACT_UP_TO },
    };
    let exact = simulate(&inputs.scenario, &inputs.catalog)?;
    let progress = Progress::new(settings.runs, "montecarlo", note::quiet());
    let samples = montecarlo::sample(&inputs.scenario, &inputs.catalog, settings, &|n| progress.advance(n));
    progress.finish();
    let report = MonteCarloReport::new(&inputs.scenario, &exact, &samples?, &settings, budget);
    let chart = report.chart();
    let mut charts = Outputs::new();
    if let Some(path) = &args.plot {
        charts.add("--plot", Some(path), chart::render(&chart, path)?)?;
    }
    let mut extras = Extras::default();
    if args.output.html() {
        extras.figures.push(Figure::drawn(&chart.title, &chart)?);
        extras.details = bills(&inputs.scenario, &inputs.catalog)?;
    }
    publish_with(&report, &report.warnings, &args.output, charts, &extras)?;
    Ok(Outcome::Success)
}

/// The worker threads `--threads` asks for, else one per core.
pub(super) fn threads(asked: Option<u64>) -> usize {
    match asked {
        Some(t) => usize::try_from(t).unwrap_or(usize::MAX),
        None => std::thread::available_parallelism().map_or(1, usize::from),
    }
}
