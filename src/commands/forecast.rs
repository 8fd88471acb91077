//! `llmcost forecast`: the month to date priced, the rest of the month
//! sampled from a scenario calibrated on the same logs, against a budget;
//! exit code 3 when the chance of exceeding it is above
//! `--fail-above-probability`.

use super::montecarlo::threads;
use super::publish::{publish, publish_text};
use super::usage::catalog;
use crate::cli::ForecastArgs;
use crate::exit::Outcome;
use crate::montecarlo::{EXACT_UP_TO, Settings};
use crate::output::note;
use crate::output::progress::Progress;
use crate::report::Format;
use crate::report::focus::forecast_csv;
use crate::report::sink::Outputs;
use crate::usage::calibrate::Calibrator;
use crate::usage::forecast::{self, Inputs, Month, NoCallsInMonth};
use crate::usage::{Names, Pricer, Tiering, Window, logs_name, read_logs};
use anyhow::Context;
use chrono::{DateTime, NaiveDate, Utc};

pub fn run(args: ForecastArgs) -> anyhow::Result<Outcome> {
    let catalog = catalog(args.pricing.as_deref())?;
    let budget = args.budget.in_currency(&catalog.currency).context("--budget")?;
    let mapping = args.read.mapping()?;
    let user_window = args.read.window()?;
    let logs = logs_name(&args.logs);
    let month = match args.month {
        Some(first) => Month::of(first),
        None => {
            // A first pass for the latest call, whose month is forecast.
            let mut latest: Option<DateTime<Utc>> = None;
            read_logs(&args.logs, &Window::all(), mapping.as_ref(), |usage| {
                latest = Some(latest.map_or(usage.start, |l| l.max(usage.start)));
            })?;
            let latest = latest.ok_or_else(|| {
                NoCallsInMonth(format!(
                    "{logs}: no call to forecast from\n  hint: check that LOGS holds calls"
                ))
            })?;
            Month::of(latest.date_naive())
        }
    };
    let month_window = month.window();
    let own_window = user_window.since.is_none() && user_window.until.is_none();
    let focus = match args.output.report_format() {
        Format::Focus { cells } => Some(cells),
        _ => None,
    };
    let mut pricer = if focus.is_some() {
        Pricer::with_charges(&catalog)
    } else {
        Pricer::new(&catalog)
    };
    let mut calibrator = Calibrator::new(&catalog, Some(&Tiering::Model));
    let mut names = Names::new(&catalog);
    let mut through: Option<NaiveDate> = None;
    let mut failed = None;
    let mut warnings = read_logs(&args.logs, &month_window, mapping.as_ref(), |usage| {
        through = Some(through.map_or(usage.start.date_naive(), |t| t.max(usage.start.date_naive())));
        if own_window && forecast::priced(&mut names, &usage) {
            calibrator.add(&usage);
        }
        if failed.is_none()
            && let Err(e) = pricer.add(&usage)
        {
            failed = Some(e);
        }
    })?;
    if let Some(e) = failed {
        return Err(e.into());
    }
    let through = through.ok_or_else(|| {
        NoCallsInMonth(format!(
            "{logs}: no call in {}\n  hint: forecast a month the logs hold calls in (--month YYYY-MM), or leave --month out for the month of the latest call",
            month.name()
        ))
    })?;
    let calibration_window = if own_window {
        month.to_date(through)
    } else {
        // The calibration reads the logs again, over --since/--until.
        read_logs(&args.logs, &user_window, mapping.as_ref(), |usage| {
            calibrator.add(&usage)
        })?;
        user_window
    };
    let calibration = calibrator.finish(&logs, &calibration_window)?;
    warnings.extend(calibration.notes());
    let actual = pricer.finish(&logs);
    warnings.extend(actual.notes.iter().cloned());
    let settings = Settings {
        runs: args.runs,
        seed: args.seed,
        threads: threads(args.threads),
        exact_up_to: EXACT_UP_TO,
    };
    let inputs = Inputs {
        actual: &actual,
        calibration: &calibration,
        catalog: &catalog,
        month,
        through,
        budget,
    };
    let progress = Progress::new(settings.runs, "forecast", note::quiet());
    let result = forecast::forecast(&inputs, settings, &|n| progress.advance(n));
    progress.finish();
    let result = result?;
    match (focus, &actual.charges) {
        (Some(cells), Some(charges)) => {
            let text = forecast_csv(&result, charges, &catalog, cells)?;
            publish_text(text, &warnings, &args.output, Outputs::new())?;
        }
        _ => publish(&result, &warnings, &args.output)?,
    }
    Ok(match args.fail_above_probability {
        Some(p) if result.exceed() > p => Outcome::ThresholdCrossed,
        _ => Outcome::Success,
    })
}
