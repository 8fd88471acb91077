//! `llmcost montecarlo`: many seeded months of a scenario, every strategy on
//! the same sampled workload, with the chance of exceeding a budget.

use super::inputs::Inputs;
use super::publish::publish;
use crate::cli::MonteCarloArgs;
use crate::engine::simulate;
use crate::exit::{Outcome, UsageError};
use crate::input::parse_decimal;
use crate::money;
use crate::montecarlo::{self, EXACT_UP_TO, MonteCarloReport, Settings};
use crate::output::progress::Progress;
use crate::report::chart::{self, ChartFormat};
use rust_decimal::Decimal;

pub fn run(args: MonteCarloArgs) -> anyhow::Result<Outcome> {
    if let Some(path) = &args.plot {
        ChartFormat::of(path)?;
    }
    let inputs = Inputs::load(&args.input)?;
    if args.per_interaction {
        montecarlo::check_per_interaction(&inputs.scenario, args.runs).map_err(UsageError)?;
    }
    let budget = args
        .budget
        .as_deref()
        .map(|b| budget(b, &inputs.catalog.currency))
        .transpose()?;
    let threads = match args.threads {
        Some(t) => t as usize,
        None => std::thread::available_parallelism().map_or(1, usize::from),
    };
    let settings = Settings {
        runs: args.runs,
        seed: args.seed,
        threads,
        exact_up_to: if args.per_interaction { u64::MAX } else { EXACT_UP_TO },
    };
    let exact = simulate(&inputs.scenario, &inputs.catalog)?;
    let progress = Progress::new(settings.runs, "montecarlo", args.quiet);
    let samples = montecarlo::sample(&inputs.scenario, &inputs.catalog, settings, &|n| progress.advance(n));
    progress.finish();
    let report = MonteCarloReport::new(&inputs.scenario, &exact, &samples?, &settings, budget);
    publish(&report, &report.warnings, &args.output)?;
    if let Some(path) = &args.plot {
        chart::write(&report.chart(), path)?;
    }
    Ok(Outcome::Success)
}

/// A budget in the catalog's currency: `500`, `$500`, `USD 500`, `500 USD`.
fn budget(text: &str, currency: &str) -> Result<Decimal, UsageError> {
    let symbol = money::symbol(currency);
    let t = text.trim();
    let bare = [symbol.trim(), currency]
        .iter()
        .find_map(|mark| t.strip_prefix(mark).or_else(|| t.strip_suffix(mark)))
        .unwrap_or(t)
        .trim()
        .replace(',', "");
    match parse_decimal(&bare) {
        Ok(v) if !v.is_sign_negative() || v.is_zero() => Ok(v),
        Ok(v) => Err(UsageError(format!("--budget {text}: {v} is negative"))),
        Err(_) => Err(UsageError(format!(
            "--budget {text}: not an amount of money in {currency}; write it like `500` or `{}500`",
            symbol
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::budget;
    use rust_decimal_macros::dec;

    #[test]
    fn budgets_read_with_or_without_the_currency() {
        assert_eq!(budget("500", "USD").unwrap(), dec!(500));
        assert_eq!(budget("$1,250.50", "USD").unwrap(), dec!(1250.50));
        assert_eq!(budget("80 USD", "USD").unwrap(), dec!(80));
        assert_eq!(budget("EUR 80", "EUR").unwrap(), dec!(80));
        assert!(budget("€80", "USD").is_err());
        assert!(
            budget("lots", "USD")
                .unwrap_err()
                .0
                .contains("not an amount of money in USD")
        );
        assert!(budget("-5", "USD").unwrap_err().0.contains("negative"));
    }
}
