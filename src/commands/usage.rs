//! `llmcost usage`: real usage read from logs and exports, priced.

use super::publish::publish;
use crate::cli::{UsageArgs, UsageCommand, UsagePriceArgs};
use crate::embedded;
use crate::exit::Outcome;
use crate::input::InputError;
use crate::pricing::Catalog;
use crate::report::sink::Outputs;
use crate::usage::{Pricer, Table, logs_name, one_currency, price_logs, read_costs, statement};
use std::path::Path;

pub fn run(args: UsageArgs) -> anyhow::Result<Outcome> {
    match args.command {
        UsageCommand::Price(args) => price(args),
    }
}

fn price(args: UsagePriceArgs) -> anyhow::Result<Outcome> {
    let catalog = catalog(args.pricing.as_deref())?;
    let window = args.read.window()?;
    let logs = match (args.sql, &args.logs) {
        (Some(dialect), _) => {
            let table = Table {
                name: &args.sql_table,
                service_tier: args.sql_service_tier,
                request_id: args.sql_request_id,
                region: args.sql_region,
                window,
            };
            let sql = statement(&catalog, dialect.into(), &table);
            let mut outputs = Outputs::new();
            outputs.add("--output", args.output.output.as_deref(), sql)?;
            outputs.write()?;
            return Ok(Outcome::Success);
        }
        (None, Some(logs)) => logs,
        // clap requires LOGS without --sql.
        (None, None) => anyhow::bail!("no LOGS to price"),
    };
    let mapping = args.read.mapping()?;
    let mut pricer = Pricer::new(&catalog);
    if args.costs.is_some() {
        pricer = pricer.comparing();
    }
    let (mut read, failed) = price_logs(logs, &window, mapping.as_ref(), &mut pricer)?;
    if let Some(e) = failed {
        return Err(e.into());
    }
    if let Some(path) = &args.costs {
        let (_, mut lines) = read_costs(path)?;
        one_currency(&lines)?;
        if let Some(line) = lines.iter().find(|l| l.currency != catalog.currency) {
            return Err(InputError::file(
                &path.display().to_string(),
                format!(
                    "bills in {}, and catalog `{}` prices in {}: the two cannot be compared",
                    line.currency, catalog.name, catalog.currency
                ),
            )
            .with_hint("price with a catalog in the report's currency (--pricing)")
            .into());
        }
        let before = lines.len();
        lines.retain(|l| window.contains(l.start));
        if lines.len() < before {
            read.push(format!(
                "{} cost report lines outside the time window were left out",
                before - lines.len()
            ));
        }
        pricer.compare(&lines)?;
    }
    let report = pricer.finish(&logs_name(logs));
    read.extend(report.notes.iter().cloned());
    publish(&report, &read, &args.output)?;
    Ok(Outcome::Success)
}

/// The catalog that prices logged calls: `pricing`, or the embedded default.
pub(super) fn catalog(pricing: Option<&Path>) -> anyhow::Result<Catalog> {
    Ok(match pricing {
        Some(path) => Catalog::load(path)?,
        None => Catalog::from_source(&embedded::default_catalog())?,
    })
}
