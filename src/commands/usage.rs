//! `llmcost usage`: real usage read from logs and exports, priced.

use super::publish::publish;
use crate::cli::{UsageArgs, UsageCommand, UsagePriceArgs};
use crate::embedded;
use crate::exit::Outcome;
use crate::pricing::Catalog;
use crate::usage::table::Mapping;
use crate::usage::{Pricer, Window, logs_name, read_logs};

pub fn run(args: UsageArgs) -> anyhow::Result<Outcome> {
    match args.command {
        UsageCommand::Price(args) => price(args),
    }
}

fn price(args: UsagePriceArgs) -> anyhow::Result<Outcome> {
    let catalog = match &args.pricing {
        Some(path) => Catalog::load(path)?,
        None => Catalog::from_source(&embedded::default_catalog())?,
    };
    let window = Window {
        since: args.since,
        until: args.until,
    };
    let mapping = match (&args.mapping, args.map) {
        (Some(file), map) => Some(Mapping::load(file)?.overridden_by(map.unwrap_or_default())),
        (None, map) => map,
    };
    let mut pricer = Pricer::new(&catalog);
    let mut failed = None;
    let mut read = read_logs(&args.logs, &window, mapping.as_ref(), |usage| {
        if failed.is_none()
            && let Err(e) = pricer.add(&usage)
        {
            failed = Some(e);
        }
    })?;
    if let Some(e) = failed {
        return Err(e.into());
    }
    let report = pricer.finish(&logs_name(&args.logs));
    read.extend(report.notes.iter().cloned());
    publish(&report, &read, &args.output)?;
    Ok(Outcome::Success)
}
