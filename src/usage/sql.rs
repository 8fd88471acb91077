//! `usage price --sql`: one SQL statement that prices a usage table where it
//! lives, with the rules of `tariff::bill_paid`. Every rate is the tariff's
//! (`CallRates` of an answer, so every default rate of docs/default-rates.md
//! applies), worked out here for each catalog model in each billing class it
//! has (standard / batch, and priority / flex when the table has a service
//! tier column; below / above its long-context threshold; cache writes for 5
//! minutes and 1 hour), divided by 1M exactly and inlined as a table of rates
//! keyed by every name the catalog finds the model by (its id and aliases);
//! a row's model name is found among them as `models::resolve` finds a
//! logged name. The statement decides each row's class as `bill_paid` does (its mode as
//! `record::mode_of` does) and multiplies exactly in the dialect's decimal type; given request
//! ids, it prices one row of each (the earliest); given an `inference_geo`
//! column, a row in a region its model lists pays the rates the tariff
//! gives there (`CallRates::in_region`); given a time window, the rows that
//! started outside it are counted, not priced. A catalog with price periods
//! gives each model's classes once per period (`Model::by_period`), with the
//! days they hold, and a row pays the rates of the UTC day of its start, as
//! `usage price` bills a record (`Model::on`). docs/usage.md gives
//! the table's columns, the dialects and the precision.

mod dialect;
mod rates;

pub use dialect::Dialect;

use super::Window;
use super::models::STRIPPED;
use super::record::TIERS;
use crate::money::PLACES;
use crate::notes::Notes;
use crate::pricing::{Catalog, Model};
use crate::tariff::Mode;
use chrono::NaiveDate;
use dialect::Scale;
use rates::{Period, classes};
use std::fmt::Write as _;

/// The columns of the usage table, in the order a bill prices them, each
/// with the rate column that prices it (the fee is per request).
const PRICED: [(&str, &str); 7] = [
    ("input_tokens", "r_input"),
    ("cache_read_tokens", "r_cache_read"),
    ("cache_write_5m_tokens", "r_cache_write_5m"),
    ("cache_write_1h_tokens", "r_cache_write_1h"),
    ("output_tokens", "r_output"),
    ("reasoning_tokens", "r_reasoning"),
    ("requests", "r_fee"),
];

/// The columns that make up a call's prompt (every input token).
const PROMPT: [&str; 4] = [
    "input_tokens",
    "cache_read_tokens",
    "cache_write_5m_tokens",
    "cache_write_1h_tokens",
];

/// The non-rate columns of the rates table.
const KEYS: [&str; 5] = ["name", "model_id", "mode", "long_context", "above_tokens"];

/// The columns of the rates table that give the days its rates hold (the
/// first, and the first they no longer hold; NULL for an open end), when
/// the catalog lists price periods.
const DAYS: [&str; 2] = ["valid_from", "valid_until"];

/// The usage table a statement reads: its name, whether it has a
/// `service_tier` column, whether it has `request_id` and `start_time`
/// columns by which rows repeating a call are counted once, and whether it
/// has an `inference_geo` column.
#[derive(Debug, Clone, Copy)]
pub struct Table<'a> {
    pub name: &'a str,
    pub service_tier: bool,
    pub request_id: bool,
    /// An `inference_geo` column: a row in a region the model lists pays its
    /// rates times the region's multiplier.
    pub region: bool,
    /// The rows priced: those whose `start_time` is in the window; the
    /// others are counted on a line of their own.
    pub window: Window,
}

impl Table<'_> {
    /// The billing classes a row of the table can be in.
    fn modes(&self) -> &'static [Mode] {
        if self.service_tier {
            &[Mode::Standard, Mode::Batch, Mode::Priority, Mode::Flex]
        } else {
            &[Mode::Standard, Mode::Batch]
        }
    }

    /// A row's billing class (`Mode::name`) as `record::mode_of` finds it: the
    /// batch API first, then the service tier.
    fn mode(&self, dialect: Dialect) -> String {
        let mut cases = vec![format!("WHEN COALESCE(u.batch, FALSE) THEN '{}'", Mode::Batch.name())];
        if self.service_tier {
            for (mode, names) in TIERS {
                let names: Vec<String> = names.iter().map(|n| dialect.text(n)).collect();
                cases.push(format!(
                    "WHEN u.service_tier IN ({}) THEN '{}'",
                    names.join(", "),
                    mode.name()
                ));
            }
        }
        format!("CASE {} ELSE '{}' END", cases.join(" "), Mode::Standard.name())
    }
}

/// The parts of a statement that choose a row's rates by its day. With
/// price periods, a CTE gives each row its UTC day, the rates of that day
/// are joined, and a row of a catalog model with none that day has a line of
/// its own; without, the table is read as it is and a name the rates table
/// has is always priced.
struct Dating {
    /// The CTE of the rows with their day (`llmcost_day`), or nothing.
    rows: String,
    /// What the statement reads the rows from: that CTE or the table.
    source: String,
    /// The join that finds a row's model in the catalog, whatever its day,
    /// as `n`; without periods, the rates' join (`r`) does.
    names: &'static str,
    listed: &'static str,
    /// The rates' join's condition on the day, the rates' alias as `{r}`.
    in_period: &'static str,
    /// The column of rows of a catalog model with no rates on their day,
    /// their line, and their group.
    unpriced: &'static str,
    line: &'static str,
    group: &'static str,
}

impl Dating {
    /// Every row of `table` priced at its model's one set of rates.
    fn every_day(table: String) -> Self {
        Dating {
            rows: String::new(),
            source: table,
            names: "",
            listed: "r",
            in_period: "",
            unpriced: "",
            line: "",
            group: "",
        }
    }

    /// Each row of `table` priced at the rates of its UTC day.
    fn by_day(dialect: Dialect, table: &str) -> Self {
        Dating {
            rows: format!(
                "dated AS (\n  SELECT t.*, {} AS llmcost_day\n  FROM {table} AS t\n),\n",
                dialect.utc_day("t.start_time")
            ),
            source: "dated".into(),
            names: "\n  LEFT JOIN (SELECT DISTINCT name, model_id FROM rates) AS n\n    ON n.name = k.name",
            listed: "n",
            in_period: "\n    AND ({r}.valid_from IS NULL OR {r}.valid_from <= u.llmcost_day)\n    \
                        AND ({r}.valid_until IS NULL OR u.llmcost_day < {r}.valid_until)",
            unpriced: "\n    r.model_id IS NULL AS unpriced,",
            line: "WHEN unpriced THEN 'no_price_on_day' ",
            group: "unpriced, ",
        }
    }
}

/// Comment text on one line.
fn comment(text: &str) -> String {
    text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

/// The statement that prices the usage table `table` (docs/usage.md gives
/// its columns) at `catalog`'s rates in `dialect`: one row per model (its
/// catalog id) and per name the catalog lacks (cost NULL), and a total.
pub fn statement(catalog: &Catalog, dialect: Dialect, table: &Table) -> String {
    let mut notes = Notes::default();
    let dated = catalog.models.iter().any(|m| m.history.is_some());
    let models: Vec<(&Model, Vec<Period>)> = catalog
        .models
        .iter()
        .map(|m| {
            let periods = m
                .by_period()
                .into_iter()
                .map(|(from, until, model)| {
                    // A default rate of one period is said with its days.
                    let mut said = Notes::default();
                    let classes = classes(&model, table.modes(), table.region, &mut said);
                    let days = match m.history {
                        Some(_) => format!(" (prices {})", days_text(from, until)),
                        None => String::new(),
                    };
                    for note in said.iter() {
                        notes.add(format!("{note}{days}"));
                    }
                    Period {
                        from,
                        until,
                        model,
                        classes,
                    }
                })
                .collect();
            (m, periods)
        })
        .collect();
    let scale = Scale::of(
        models
            .iter()
            .flat_map(|(_, ps)| ps.iter().flat_map(|p| p.classes.iter().flat_map(|c| c.rates))),
    );
    let decimal = dialect.decimal(scale);
    let mut rows = Vec::new();
    for (model, periods) in &models {
        let names = std::iter::once(&model.id).chain(&model.aliases);
        for name in names {
            for period in periods {
                let above = period
                    .model
                    .long_context
                    .as_ref()
                    .map_or("NULL".to_string(), |lc| lc.above_tokens.to_string());
                for class in &period.classes {
                    let mut row = vec![
                        dialect.text(name),
                        dialect.text(&model.id),
                        dialect.text(class.mode.name()),
                        bool(class.long),
                        format!("CAST({above} AS {})", dialect.integer()),
                    ];
                    if table.region {
                        row.push(dialect.text(class.region.as_deref().unwrap_or_default()));
                    }
                    if dated {
                        row.extend([date(period.from), date(period.until)]);
                    }
                    row.extend(class.rates.iter().map(|&r| dialect.number(r, &decimal)));
                    rows.push(row);
                }
            }
        }
    }
    let days: &[&str] = if dated { &DAYS } else { &[] };
    let region: &[&str] = if table.region { &["region"] } else { &[] };
    let names: Vec<&str> = KEYS
        .iter()
        .chain(region)
        .chain(days)
        .copied()
        .chain(PRICED.iter().map(|(_, rate)| *rate))
        .collect();
    let mut sql = String::new();
    let _ = writeln!(
        sql,
        "-- llmcost usage price --sql {}: the usage in {} priced at catalog {} (as of {}, {}).",
        dialect.name(),
        comment(table.name),
        comment(&catalog.name),
        catalog.as_of,
        comment(&catalog.currency)
    );
    let _ = writeln!(
        sql,
        "-- Rates per token (the fee per request) as {decimal}: every cost is exact{}.",
        if scale.fraction > PLACES {
            format!(", each line rounded to {PLACES} places as llmcost carries it")
        } else {
            String::new()
        }
    );
    if dated {
        let _ = writeln!(
            sql,
            "-- Price periods: a row pays the rates of the UTC day of its start_time, from valid_from \
             until the day before valid_until (NULL: open); a model's row on a day none holds is on the line no_price_on_day."
        );
    }
    if let Some(condition) = in_window(dialect, &table.window) {
        let _ = writeln!(
            sql,
            "-- Rows that started {}: {condition} (microseconds since 1970-01-01 UTC); the others are counted \
             on the line outside_window.",
            window_text(&table.window)
        );
    }
    for note in notes.iter() {
        let _ = writeln!(sql, "-- default rate: {}", comment(note));
    }
    let prompt = PROMPT.map(|c| format!("COALESCE(u.{c}, 0)")).join(" + ");
    let requests = "COALESCE(u.requests, 0)";
    let terms: Vec<String> = PRICED
        .iter()
        .map(|(column, rate)| {
            let rate = if table.region {
                format!("COALESCE(g.{rate}, r.{rate})")
            } else {
                format!("r.{rate}")
            };
            let term = format!("COALESCE(u.{column}, 0) * {rate}");
            if scale.fraction > PLACES {
                format!("ROUND({term}, {PLACES})")
            } else {
                term
            }
        })
        .collect();
    let string = dialect.string();
    // With a window, the rows outside it are counted on a line of their own.
    let table_name = dialect.table(table.name);
    let (windowed, outside_line, table_name) = match in_window(dialect, &table.window) {
        Some(condition) => (
            format!("windowed AS (\n  SELECT t.*\n  FROM {table_name} AS t\n  WHERE {condition}\n),\n"),
            format!(
                "SELECT 'outside_window', CAST(NULL AS {string}), COUNT(*), SUM(COALESCE(t.requests, 0)), CAST(NULL AS {decimal})
FROM {table_name} AS t
WHERE NOT COALESCE({condition}, FALSE)
UNION ALL
"
            ),
            "windowed".to_string(),
        ),
        None => (String::new(), String::new(), table_name),
    };
    let resolved = resolved(dialect, &table_name);
    let dating = if dated {
        Dating::by_day(dialect, &table_name)
    } else {
        Dating::every_day(table_name)
    };
    let table_name = &dating.source;
    // With request ids, the rows sharing one are numbered from the earliest;
    // only the first is priced, the others counted on a line of their own.
    let (numbered, kept, first_only, repeated_line) = if table.request_id {
        (
            format!(
                "numbered AS (
  SELECT t.*,
    CASE WHEN COALESCE(CAST(t.request_id AS {string}), '') = '' THEN 1
      ELSE ROW_NUMBER() OVER (PARTITION BY t.request_id ORDER BY t.start_time) END AS llmcost_nth
  FROM {table_name} AS t
),
"
            ),
            "numbered AS u".to_string(),
            "\n  WHERE u.llmcost_nth = 1".to_string(),
            format!(
                "SELECT 'repeated', CAST(NULL AS {string}), COUNT(*), SUM(COALESCE(requests, 0)), CAST(NULL AS {decimal})
FROM numbered
WHERE llmcost_nth > 1
UNION ALL
"
            ),
        )
    } else {
        (
            String::new(),
            format!("{table_name} AS u"),
            String::new(),
            String::new(),
        )
    };
    // A row's rates: the list price's (`r`), and with regions its region's
    // where its model lists one (`g`), which then price its tokens.
    let join = |alias: &str, region: &str| {
        format!(
            "\n  LEFT JOIN rates AS {alias}\n    ON {alias}.name = k.name\n    AND {alias}.mode = {mode}\n    \
             AND {alias}.long_context = ({requests} > 0 AND {alias}.above_tokens IS NOT NULL\n      \
             AND {prompt} > {alias}.above_tokens * {requests}){region}{}",
            dating.in_period.replace("{r}", alias),
            mode = table.mode(dialect),
        )
    };
    let rates_join = if table.region {
        join("r", "\n    AND r.region = ''") + &join("g", "\n    AND g.region = u.inference_geo")
    } else {
        join("r", "")
    };
    let _ = write!(
        sql,
        "WITH rates AS (
  {inline}
),
{windowed}{resolved}{dated_rows}{numbered}priced AS (
  SELECT
    COALESCE({listed}.model_id, u.model) AS model,
    {listed}.model_id IS NULL AS unknown,{unpriced}
    {requests} AS requests,
    {cost} AS cost
  FROM {kept}
  LEFT JOIN resolved AS k
    ON k.model = u.model{names}{rates_join}{first_only}
)
SELECT
  CASE WHEN unknown THEN 'not_in_catalog' {unpriced_line}ELSE 'model' END AS line,
  model,
  COUNT(*) AS records,
  SUM(requests) AS requests,
  SUM(cost) AS cost
FROM priced
GROUP BY unknown, {group}model
UNION ALL
{repeated_line}{outside_line}SELECT 'total', CAST(NULL AS {string}), COUNT(*), SUM(requests), COALESCE(SUM(cost), 0)
FROM priced
ORDER BY 1, 2;
",
        inline = dialect.inline(&rows, &names, scale),
        cost = terms.join("\n      + "),
        dated_rows = dating.rows,
        resolved = resolved,
        listed = dating.listed,
        unpriced = dating.unpriced,
        names = dating.names,
        unpriced_line = dating.line,
        group = dating.group,
    );
    sql
}

/// The days a price period holds, in words: `from 2026-11-15 until 2026-12-01`.
fn days_text(from: Option<NaiveDate>, until: Option<NaiveDate>) -> String {
    let from = from.map(|d| format!("from {d}"));
    let until = until.map(|d| format!("until {d}"));
    [from, until].into_iter().flatten().collect::<Vec<_>>().join(" ")
}

/// `window` in words: `from 2026-11-01T00:00:00Z until 2026-12-01T00:00:00Z`.
fn window_text(window: &Window) -> String {
    let at = |label: &str, bound: Option<chrono::DateTime<chrono::Utc>>| {
        bound.map(|b| format!("{label} {}", b.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)))
    };
    [at("from", window.since), at("until", window.until)]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The condition that a row of the table (`t`) started in `window`; none
/// for a window open at both ends.
fn in_window(dialect: Dialect, window: &Window) -> Option<String> {
    let micros = dialect.epoch_micros("t.start_time");
    let bounds: Vec<String> = [(window.since, ">="), (window.until, "<")]
        .into_iter()
        .filter_map(|(bound, op)| bound.map(|at| format!("{micros} {op} {}", at.timestamp_micros())))
        .collect();
    (!bounds.is_empty()).then(|| bounds.join(" AND "))
}

/// The CTE that finds each model name of `table` in the catalog as `usage
/// price` does (`models::resolve`): the name as written, or once the
/// prefixes, version and date of [`STRIPPED`] are taken off in turn, the
/// first the rates table has (`name`; NULL when none is). Each distinct name
/// is looked up once.
fn resolved(dialect: Dialect, table: &str) -> String {
    let strip = |name: String, pattern: &str| format!("REGEXP_REPLACE({name}, {}, '')", dialect.text(pattern));
    let mut candidate = strip("m.model".to_string(), STRIPPED[0]);
    let mut joins = vec!["  LEFT JOIN names AS n0 ON n0.name = m.model".to_string()];
    for (i, pattern) in STRIPPED[1..].iter().enumerate() {
        candidate = strip(candidate, pattern);
        joins.push(format!("  LEFT JOIN names AS n{0} ON n{0}.name = {candidate}", i + 1));
    }
    let found: Vec<String> = (0..joins.len()).map(|i| format!("n{i}.name")).collect();
    format!(
        "names AS (\n  SELECT DISTINCT name FROM rates\n),\nresolved AS (\n  SELECT m.model, COALESCE({}) AS name\n  \
         FROM (SELECT DISTINCT model FROM {table}) AS m\n{}\n),\n",
        found.join(", "),
        joins.join("\n")
    )
}

fn bool(value: bool) -> String {
    if value { "TRUE" } else { "FALSE" }.to_string()
}

/// A date literal, NULL for none.
fn date(day: Option<NaiveDate>) -> String {
    day.map_or("CAST(NULL AS DATE)".to_string(), |d| format!("DATE '{d}'"))
}

#[cfg(test)]
#[path = "sql_tests.rs"]
mod tests;
