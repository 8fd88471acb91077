//! `llmcost usage price --sql`: the statement run on DuckDB (its Python
//! package) and on PostgreSQL over the canonical usage fixture
//! (tests/fixtures/usage/canonical-usage.csv, and with a service tier column
//! canonical-usage-tiers.csv read with `--sql-service-tier`, and with
//! request ids, some repeated, canonical-usage-ids.csv read with
//! `--sql-request-id`, and with model names as gateways, Bedrock and
//! snapshots write them, canonical-usage-names.csv, and with an
//! `inference_geo` column read with `--sql-region`,
//! canonical-usage-regions.csv), priced at
//! tests/fixtures/usage/sql-prices.yaml, gives
//! every model's cost and the total to the last digit as the tariff gives
//! them when the same rows are priced as usage records, and as worked out by
//! hand. So does sql-periods-usage.csv at sql-periods.yaml, whose prices
//! change on a day: each row at the rates of the UTC day it started, in a
//! session whose time zone is not UTC, with `start_time` a time with a zone
//! or without one; and a row on a day no price period holds
//! (sql-periods-early.csv) has a line of its own.

use crate::common::{Scratch, llmcost, repo};
use crate::postgres_support;
use chrono::{DateTime, Utc};
use llmcost::pricing::Catalog;
use llmcost::usage::{Origin, Pricer, Usage, UsageTokens};
use predicates::str::contains;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashSet};
use std::io::Write;
use std::process::{Command, Stdio};
use std::str::FromStr;

const PRICES: &str = "tests/fixtures/usage/sql-prices.yaml";
const USAGE: &str = "tests/fixtures/usage/canonical-usage.csv";
const TIERS: &str = "tests/fixtures/usage/canonical-usage-tiers.csv";
const IDS: &str = "tests/fixtures/usage/canonical-usage-ids.csv";
const PERIOD_PRICES: &str = "tests/fixtures/usage/sql-periods.yaml";

/// The columns of the fixtures: name, DuckDB type, PostgreSQL type.
const COLUMNS: [(&str, &str, &str); 13] = [
    ("start_time", "TIMESTAMPTZ", "timestamptz"),
    ("model", "VARCHAR", "text"),
    ("requests", "BIGINT", "bigint"),
    ("input_tokens", "BIGINT", "bigint"),
    ("cache_read_tokens", "BIGINT", "bigint"),
    ("cache_write_5m_tokens", "BIGINT", "bigint"),
    ("cache_write_1h_tokens", "BIGINT", "bigint"),
    ("output_tokens", "BIGINT", "bigint"),
    ("reasoning_tokens", "BIGINT", "bigint"),
    ("batch", "BOOLEAN", "boolean"),
    ("service_tier", "VARCHAR", "text"),
    ("request_id", "VARCHAR", "text"),
    ("inference_geo", "VARCHAR", "text"),
];

/// A fixture, the columns it has (the first `columns` of [`COLUMNS`]), the
/// `usage price --sql` flags that fit it and the catalog that prices it.
#[derive(Clone, Copy)]
struct Fixture {
    path: &'static str,
    columns: usize,
    flags: &'static [&'static str],
    prices: &'static str,
    /// `--since`: the rows that started before it are outside the window.
    since: Option<&'static str>,
}

const PLAIN: Fixture = Fixture {
    path: USAGE,
    columns: 10,
    flags: &[],
    prices: PRICES,
    since: None,
};
const TIERED: Fixture = Fixture {
    path: TIERS,
    columns: 11,
    flags: &["--sql-service-tier"],
    prices: PRICES,
    since: None,
};
const WITH_IDS: Fixture = Fixture {
    path: IDS,
    columns: 12,
    flags: &["--sql-service-tier", "--sql-request-id"],
    prices: PRICES,
    since: None,
};
const NAMES: Fixture = Fixture {
    path: "tests/fixtures/usage/canonical-usage-names.csv",
    ..PLAIN
};
const REGIONS: Fixture = Fixture {
    path: "tests/fixtures/usage/canonical-usage-regions.csv",
    columns: 13,
    flags: &["--sql-region"],
    ..PLAIN
};
const SINCE: Fixture = Fixture {
    since: Some("2026-11-02T00:00:00Z"),
    ..PLAIN
};
const PERIODS: Fixture = Fixture {
    path: "tests/fixtures/usage/sql-periods-usage.csv",
    columns: 12,
    flags: &["--sql-service-tier", "--sql-request-id"],
    prices: PERIOD_PRICES,
    since: None,
};
const EARLY: Fixture = Fixture {
    path: "tests/fixtures/usage/sql-periods-early.csv",
    prices: PERIOD_PRICES,
    ..PLAIN
};

/// How a database holds a fixture: whether its `start_time` is a time with
/// a zone (`timestamptz`) or without one (`timestamp`, UTC), and the
/// session's time zone.
#[derive(Clone, Copy)]
struct Held {
    zoned: bool,
    zone: &'static str,
}

const IN_UTC: Held = Held {
    zoned: true,
    zone: "UTC",
};

/// Sessions in which a row's local day is not its UTC day: 23:30 UTC is
/// the next day in Tokyo, 00:30 UTC the day before in Los Angeles.
const AWAY: [Held; 3] = [
    Held {
        zoned: true,
        zone: "Asia/Tokyo",
    },
    Held {
        zoned: true,
        zone: "America/Los_Angeles",
    },
    Held {
        zoned: false,
        zone: "Asia/Tokyo",
    },
];

impl Held {
    /// The fixture's columns, each with its type in DuckDB and PostgreSQL.
    fn columns(self, fixture: Fixture) -> impl Iterator<Item = (&'static str, &'static str, &'static str)> {
        COLUMNS[..fixture.columns].iter().map(move |&(name, duck, pg)| {
            if name == "start_time" && !self.zoned {
                (name, "TIMESTAMP", "timestamp")
            } else {
                (name, duck, pg)
            }
        })
    }
}

/// The costs a run found: by catalog model, the names it could not price
/// (cost NULL), the models with records on a day no price period holds
/// (cost NULL) and their records, the total, and the rows left out for
/// repeating a request id.
#[derive(Debug, PartialEq, Eq)]
struct Costs {
    by_model: BTreeMap<String, Decimal>,
    unknown: Vec<String>,
    no_price: Vec<(String, u64)>,
    total: Decimal,
    repeated: u64,
    /// Rows that started outside the window.
    outside: u64,
}

impl Costs {
    /// `by_model` and `total` as written, nothing unknown, unpriced or repeated.
    fn priced(by_model: &[(&str, &str)], total: &str) -> Self {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        Costs {
            by_model: by_model.iter().map(|&(m, c)| (m.to_string(), d(c))).collect(),
            unknown: Vec::new(),
            no_price: Vec::new(),
            total: d(total),
            repeated: 0,
            outside: 0,
        }
    }

    /// From result rows `line|model|records|cost` (`NULL` for no value).
    fn of(rows: &str) -> Self {
        let mut costs = Costs {
            by_model: BTreeMap::new(),
            unknown: Vec::new(),
            no_price: Vec::new(),
            total: Decimal::MIN,
            repeated: 0,
            outside: 0,
        };
        for row in rows.lines() {
            let cells: Vec<&str> = row.split('|').collect();
            let cost = || {
                Decimal::from_str(cells[3])
                    .unwrap_or_else(|e| panic!("{row}: {e}"))
                    .normalize()
            };
            match cells[0] {
                "model" => {
                    costs.by_model.insert(cells[1].to_string(), cost());
                }
                "not_in_catalog" => {
                    assert_eq!(cells[3], "NULL", "{row}");
                    costs.unknown.push(cells[1].to_string());
                }
                "no_price_on_day" => {
                    assert_eq!(cells[3], "NULL", "{row}");
                    costs.no_price.push((cells[1].to_string(), cells[2].parse().unwrap()));
                }
                "repeated" => {
                    assert_eq!(cells[3], "NULL", "{row}");
                    costs.repeated = cells[2].parse().unwrap();
                }
                "outside_window" => {
                    assert_eq!(cells[3], "NULL", "{row}");
                    costs.outside = cells[2].parse().unwrap();
                }
                "total" => costs.total = cost(),
                other => panic!("unexpected line {other}: {row}"),
            }
        }
        costs
    }
}

fn statement(dialect: &str, fixture: Fixture) -> String {
    let out = llmcost()
        .args(["usage", "price", "--sql", dialect, "--pricing", fixture.prices])
        .args(fixture.flags)
        .args(fixture.since.iter().flat_map(|since| ["--since", since]))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// A fixture's rows, as cells by column name.
fn fixture_rows(fixture: Fixture) -> Vec<BTreeMap<String, String>> {
    let text = std::fs::read_to_string(repo(fixture.path)).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    lines
        .map(|line| {
            header
                .iter()
                .map(|h| h.to_string())
                .zip(line.split(',').map(String::from))
                .collect()
        })
        .collect()
}

/// A fixture priced as usage records by the tariff (`usage price`'s own
/// path), a row whose request id an earlier row had left out.
fn native(fixture: Fixture) -> Costs {
    let catalog = Catalog::load(&repo(fixture.prices)).unwrap();
    let mut pricer = Pricer::new(&catalog);
    let (mut seen, mut repeated, mut outside) = (HashSet::new(), 0, 0);
    let since = fixture
        .since
        .map(|s| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc));
    for (i, row) in fixture_rows(fixture).iter().enumerate() {
        let start = DateTime::parse_from_rfc3339(&row["start_time"])
            .unwrap()
            .with_timezone(&Utc);
        if since.is_some_and(|since| start < since) {
            outside += 1;
            continue;
        }
        if let Some(id) = row.get("request_id").filter(|id| !id.is_empty())
            && !seen.insert(id.clone())
        {
            repeated += 1;
            continue;
        }
        let n = |c: &str| row[c].parse::<u64>().unwrap();
        let usage = Usage {
            origin: Origin {
                source: fixture.path.into(),
                line: Some(i as u64 + 2),
            },
            start,
            model: row["model"].clone(),
            requests: n("requests"),
            tokens: UsageTokens {
                input: n("input_tokens"),
                cache_read: n("cache_read_tokens"),
                cache_write_5m: n("cache_write_5m_tokens"),
                cache_write_1h: n("cache_write_1h_tokens"),
                output: n("output_tokens"),
                reasoning: n("reasoning_tokens"),
            },
            unpriced: BTreeMap::new(),
            long_context: None,
            batch: row["batch"] == "true",
            service_tier: row.get("service_tier").filter(|t| !t.is_empty()).cloned(),
            recorded_cost: None,
            labels: row
                .get("inference_geo")
                .filter(|geo| !geo.is_empty())
                .map(|geo| ("inference_geo".to_string(), geo.clone()))
                .into_iter()
                .collect(),
            tags: Vec::new(),
            prompt: None,
            id: None,
        };
        pricer.add(&usage).unwrap();
    }
    let priced = pricer.finish(fixture.path);
    Costs {
        by_model: priced
            .by_model
            .into_iter()
            .map(|(m, t)| (m, t.cost.normalize()))
            .collect(),
        unknown: priced.unknown.into_iter().map(|u| u.model).collect(),
        no_price: Vec::new(),
        total: priced.total.cost.normalize(),
        repeated,
        outside,
    }
}

/// By hand, USD per 1M tokens from sql-prices.yaml:
/// - gpt-4.1: 10,000 × 2 + 2,000 × 0.5 + 1,500 × 8 = 33,000; on the batch
///   API 30,000 × 1 + 3,000 × 4 = 42,000; 0.075 in all.
/// - claude-sonnet-4-5: a call of 135,000 input tokens, below 200,000:
///   5,000 × 3 + 100,000 × 0.3 + 20,000 × 3.75 + 10,000 × 6 (1-hour writes) +
///   2,000 × 15 = 210,000; by its alias, 210,000 input tokens, above:
///   150,000 × 6 + 60,000 × 0.6 + 1,000 × 22.5 = 958,500; two calls of
///   350,000 input tokens, 175,000 on average, below: 300,000 × 3 +
///   50,000 × 0.3 + 4,000 × 15 = 975,000; 2.1435 in all.
/// - gemini-2.5-pro: 290,000 input tokens, above: 250,000 × 2.5 + 40,000 ×
///   0.25 (0.125 scaled like input) + 3,000 × 15 + 2,000 reasoning × 15 (the
///   output rate) = 710,000, and a $0.001 fee; on the batch API, half the
///   rates: 100,000 × 0.625 + 5,000 × 5 + 1,000 × 5 = 92,500 and the fee;
///   a row counting no calls is below: 300,000 × 1.25 + 1,000 × 10 =
///   385,000, no fee; 1.1895 in all.
/// - mystery-model-1: not in the catalog, not priced.
fn by_hand() -> Costs {
    Costs {
        unknown: vec!["mystery-model-1".into()],
        ..Costs::priced(
            &[
                ("claude-sonnet-4-5", "2.1435"),
                ("gemini-2.5-pro", "1.1895"),
                ("gpt-4.1", "0.075"),
            ],
            "3.408",
        )
    }
}

/// By hand, the rows canonical-usage-tiers.csv adds (a service tier on the
/// batch API is on the batch API: the second row costs as before):
/// - gpt-4.1 in priority: 10,000 × 3.5 + 1,000 × 14 = 49,000; in flex:
///   20,000 × 1 + 2,000 × 0.25 + 1,000 × 4 = 24,500; in `default`, standard:
///   1,000 × 2 + 100 × 8 = 2,800; 0.075 + 0.0763 = 0.1513 in all.
/// - claude-sonnet-4-5 in `priority_on_demand`, a tier it lists no rates for:
///   standard, 1,000 × 3 + 100 × 15 = 4,500; 2.148 in all.
fn by_hand_with_tiers() -> Costs {
    let mut costs = by_hand();
    let d = |s: &str| Decimal::from_str(s).unwrap();
    costs.by_model.insert("gpt-4.1".into(), d("0.1513"));
    costs.by_model.insert("claude-sonnet-4-5".into(), d("2.148"));
    costs.total = d("3.4888");
    costs
}

/// By hand, canonical-usage-ids.csv: the rows of canonical-usage.csv, each
/// with a request id but the 0-call gemini-2.5-pro row, then again the first
/// gpt-4.1 row (`r-1`), `r-3` at a later time with other counts, the
/// mystery-model-1 row (`r-9`), all three left out, and the gemini-2.5-pro
/// row without an id, which counts again: 300,000 × 1.25 + 1,000 × 10 =
/// 385,000 per 1M more, 1.5745 in all.
fn by_hand_with_ids() -> Costs {
    let mut costs = by_hand();
    let d = |s: &str| Decimal::from_str(s).unwrap();
    costs.by_model.insert("gemini-2.5-pro".into(), d("1.5745"));
    costs.total = d("3.793");
    costs.repeated = 3;
    costs
}

/// By hand, canonical-usage.csv from 2026-11-02: the four rows of November
/// 1 are outside the window; the rest as in [`by_hand`]: claude-sonnet-4-5's
/// two calls of 975,000 per 1M, gemini-2.5-pro's 1.1895, 2.1645 in all.
fn by_hand_since() -> Costs {
    Costs {
        unknown: vec!["mystery-model-1".into()],
        outside: 4,
        ..Costs::priced(
            &[("claude-sonnet-4-5", "0.975"), ("gemini-2.5-pro", "1.1895")],
            "2.1645",
        )
    }
}

/// By hand, canonical-usage-names.csv, each name found as `usage price`
/// finds it: written with a gateway's prefix (`openai/`, two of them), as a
/// snapshot (`-2025-04-14`), as a Bedrock model id (`us.anthropic.`,
/// `-20250929`, `-v1:0` taken off), by an alias behind a prefix:
/// - gpt-4.1: 10,000 × 2 + 1,000 × 8 = 28,000; twice 1,000 × 2 + 100 × 8 =
///   2,800; 0.0336 in all.
/// - claude-sonnet-4-5: twice 1,000 × 3 + 100 × 15 = 4,500: 0.009.
/// - gemini-2.5-pro: 1,000 × 1.25 + 100 × 10 = 2,250 and the $0.001 fee:
///   0.00325.
/// - mystery/model-2025-01-01: found by no name, not priced, named as written.
fn by_hand_names() -> Costs {
    Costs {
        unknown: vec!["mystery/model-2025-01-01".into()],
        ..Costs::priced(
            &[
                ("claude-sonnet-4-5", "0.009"),
                ("gemini-2.5-pro", "0.00325"),
                ("gpt-4.1", "0.0336"),
            ],
            "0.04585",
        )
    }
}

/// By hand, canonical-usage-regions.csv read with `--sql-region`:
/// claude-sonnet-4-5 lists `us` at 1.1 (every token rate, not the fee):
/// - claude-sonnet-4-5 in `us`: (1,000 × 3 + 2,000 × 0.3 + 100 × 15) × 1.1 =
///   5,610; above the threshold, (210,000 × 6 + 1,000 × 22.5) × 1.1 =
///   1,410,750; by its alias on the batch API, half the rates (the default):
///   (1,000 × 1.5 + 100 × 7.5) × 1.1 = 2,475; in `global`, in `eu` (which it
///   lists no multiplier for) and in none, list rates: 3 × (1,000 × 3 + 100
///   × 15) = 13,500; 1.432335 in all.
/// - gemini-2.5-pro in `us`, which it lists no multiplier for: 1,000 × 1.25
///   + 100 × 10 = 2,250 and the $0.001 fee: 0.00325.
fn by_hand_regions() -> Costs {
    Costs::priced(
        &[("claude-sonnet-4-5", "1.432335"), ("gemini-2.5-pro", "0.00325")],
        "1.435585",
    )
}

/// By hand, USD per 1M tokens from sql-periods.yaml, sql-periods-usage.csv
/// read with `--sql-service-tier --sql-request-id` (until 2026-11-15 is the
/// first period, from it the second):
/// - large: p-1 at 23:30 on 2026-11-14, first period: 10,000 × 10 + 2,000 ×
///   2.5 + 1,000 × 40 = 145,000; p-2 at 00:30 on 2026-11-15, second: 10,000
///   × 2 + 2,000 × 0.5 + 1,000 × 8 = 29,000; p-3 by its alias on the batch
///   API, first: 20,000 × 5 + 2,000 × 20 = 140,000; priority, second (p-4):
///   10,000 × 3.5 + 1,000 × 14 = 49,000, first (p-5): 10,000 × 20 + 1,000 ×
///   80 = 280,000; flex, first, which has no flex rates (p-6): standard,
///   10,000 × 10 + 1,000 × 40 = 140,000, second (p-7): 10,000 × 1 + 4,000 ×
///   0.25 (0.5 scaled like input) + 1,000 × 4 = 15,000; batch, second, which
///   lists none (p-8): half, 10,000 × 1 + 1,000 × 4 = 14,000; 0.812 in all.
///   p-1 again on 2026-11-16 is left out.
/// - claude: first period, 135,000 input tokens, below 200,000 (p-9): 5,000
///   × 3 + 100,000 × 0.3 + 20,000 × 3.75 + 10,000 × 6 + 2,000 × 15 =
///   210,000; 210,000, above (p-10): 150,000 × 6 + 60,000 × 0.6 + 1,000 ×
///   22.5 = 958,500; second period, which has no long-context rates: the
///   same 210,000 (p-11) 150,000 × 2 + 60,000 × 0.2 + 1,000 × 10 = 322,000,
///   and p-12 5,000 × 2 + 100,000 × 0.2 + 20,000 × 2.5 + 10,000 × 4 + 2,000
///   × 10 = 140,000; 1.6305 in all.
/// - fresh at midnight on 2026-11-10, the day its one period starts:
///   100,000 × 1 + 5,000 × 4 + 1,000 reasoning × 4 = 124,000 and a $0.001
///   fee: 0.125.
/// - small, one price on any day (2026-11-01 and 2020-01-01): 2 × (10,000 ×
///   0.5 + 1,000 × 2) = 14,000: 0.014.
/// - mystery-model-1: not in the catalog, not priced.
fn by_hand_periods() -> Costs {
    Costs {
        unknown: vec!["mystery-model-1".into()],
        repeated: 1,
        ..Costs::priced(
            &[
                ("claude", "1.6305"),
                ("fresh", "0.125"),
                ("large", "0.812"),
                ("small", "0.014"),
            ],
            "2.5815",
        )
    }
}

/// By hand, sql-periods-early.csv: fresh one second before its period
/// starts has no price (1 record of 2 calls); at its start 0.125 as above;
/// large on 2026-11-09, first period: 10,000 × 10 + 1,000 × 40 = 140,000.
fn by_hand_early() -> Costs {
    Costs {
        no_price: vec![("fresh".into(), 1)],
        ..Costs::priced(&[("fresh", "0.125"), ("large", "0.14")], "0.265")
    }
}

/// Loads a fixture (`argv[1]`, its columns `argv[2]`) into an in-memory
/// DuckDB whose session is in time zone `argv[3]`, runs `sql`, prints the rows.
const DUCKDB: &str = r#"
import sys, duckdb
con = duckdb.connect()
con.execute(f"SET TimeZone = '{sys.argv[3]}'")
con.execute(f"CREATE TABLE usage AS SELECT * FROM read_csv(?, header = true, columns = {sys.argv[2]})", [sys.argv[1]])
for line, model, records, requests, cost in con.sql(sys.stdin.read()).fetchall():
    print("|".join("NULL" if v is None else str(v) for v in (line, model, records, cost)))
"#;

fn duckdb(sql: &str, fixture: Fixture, held: Held) -> String {
    let columns: Vec<String> = held
        .columns(fixture)
        .map(|(name, duck, _)| format!("'{name}': '{duck}'"))
        .collect();
    let mut child = Command::new("python3")
        .args(["-c", DUCKDB])
        .arg(repo(fixture.path))
        .arg(format!("{{{}}}", columns.join(", ")))
        .arg(held.zone)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 (scripts/test installs it with its duckdb package)");
    child.stdin.take().unwrap().write_all(sql.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "duckdb (scripts/test installs its Python package): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_duckdb_statement_prices_the_table_as_the_tariff_does() {
    for (fixture, by_hand) in [
        (PLAIN, by_hand()),
        (TIERED, by_hand_with_tiers()),
        (WITH_IDS, by_hand_with_ids()),
        (NAMES, by_hand_names()),
        (REGIONS, by_hand_regions()),
        (SINCE, by_hand_since()),
    ] {
        let sql = duckdb(&statement("duckdb", fixture), fixture, IN_UTC);
        let costs = Costs::of(&sql);
        assert_eq!(costs, by_hand, "{}: {sql}", fixture.path);
        assert_eq!(costs, native(fixture), "{}", fixture.path);
    }
}

/// Loads a fixture into a new database `database` of `server`, runs `usage
/// price --sql postgres` on it in a session in the time zone of `held`,
/// returns the rows as `line|model|records|cost`.
fn postgres(server: &postgres_support::Server, database: &str, fixture: Fixture, held: Held) -> String {
    server.database(database);
    let mut client = server.client(database);
    let columns: Vec<String> = held
        .columns(fixture)
        .map(|(name, _, pg)| format!("{name} {pg}"))
        .collect();
    client
        .batch_execute(&format!(
            "CREATE TABLE usage ({}); SET TIME ZONE '{}'",
            columns.join(", "),
            held.zone
        ))
        .unwrap();
    let csv = std::fs::read(repo(fixture.path)).unwrap();
    let mut copy = client
        .copy_in("COPY usage FROM STDIN WITH (FORMAT csv, HEADER true)")
        .unwrap();
    copy.write_all(&csv).unwrap();
    copy.finish().unwrap();
    let mut rows = String::new();
    for message in client.simple_query(&statement("postgres", fixture)).unwrap() {
        if let postgres::SimpleQueryMessage::Row(row) = message {
            let cell = |i: usize| row.get(i).unwrap_or("NULL").to_string();
            rows.push_str(&format!("{}|{}|{}|{}\n", cell(0), cell(1), cell(2), cell(4)));
        }
    }
    rows
}

#[test]
fn the_postgres_statement_prices_the_table_as_the_tariff_does() {
    let server = postgres_support::shared();
    for (n, (fixture, by_hand)) in [
        (PLAIN, by_hand()),
        (TIERED, by_hand_with_tiers()),
        (WITH_IDS, by_hand_with_ids()),
        (NAMES, by_hand_names()),
        (REGIONS, by_hand_regions()),
        (SINCE, by_hand_since()),
    ]
    .into_iter()
    .enumerate()
    {
        let rows = postgres(&server, &format!("usage_sql_{n}"), fixture, IN_UTC);
        let costs = Costs::of(&rows);
        assert_eq!(costs, by_hand, "{}: {rows}", fixture.path);
        assert_eq!(costs, native(fixture), "{}", fixture.path);
    }
}

#[test]
fn the_duckdb_statement_prices_each_row_at_the_rates_of_its_day() {
    let sql = statement("duckdb", PERIODS);
    for held in AWAY {
        let rows = duckdb(&sql, PERIODS, held);
        let costs = Costs::of(&rows);
        assert_eq!(costs, by_hand_periods(), "{}: {rows}", held.zone);
        assert_eq!(costs, native(PERIODS), "{}", held.zone);
    }
}

#[test]
fn the_postgres_statement_prices_each_row_at_the_rates_of_its_day() {
    let server = postgres_support::shared();
    for (n, held) in AWAY.into_iter().enumerate() {
        let rows = postgres(&server, &format!("usage_sql_periods_{n}"), PERIODS, held);
        let costs = Costs::of(&rows);
        assert_eq!(costs, by_hand_periods(), "{}: {rows}", held.zone);
        assert_eq!(costs, native(PERIODS), "{}", held.zone);
    }
}

#[test]
fn a_row_on_a_day_no_price_period_holds_has_a_line_of_its_own() {
    let rows = duckdb(&statement("duckdb", EARLY), EARLY, IN_UTC);
    assert_eq!(Costs::of(&rows), by_hand_early(), "{rows}");
    let rows = postgres(&postgres_support::shared(), "usage_sql_early", EARLY, IN_UTC);
    assert_eq!(Costs::of(&rows), by_hand_early(), "{rows}");
    // `usage price` refuses the rows instead, naming the model, the day and
    // the call (the first row, line 2).
    llmcost()
        .args(["usage", "price", EARLY.path, "--pricing", PERIOD_PRICES, "--map"])
        .arg("time=start_time,input_includes_cache=false,output_includes_reasoning=false")
        .assert()
        .code(1)
        .stderr(contains(format!(
            "sql-periods.yaml:52: models.fresh.periods: model `fresh` has no price on 2026-11-09: \
             its price periods hold from 2026-11-10\n  hint: a call at {}:2 is on that day",
            EARLY.path
        )));
}

#[test]
fn the_statement_reads_the_table_named_and_can_be_written_to_a_file() {
    let scratch = Scratch::new();
    let file = scratch.path("price.sql");
    let out = llmcost()
        .args([
            "usage",
            "price",
            "--sql",
            "duckdb",
            "--sql-table",
            "logs.usage",
            "--pricing",
            PRICES,
            "-o",
        ])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let sql = std::fs::read_to_string(&file).unwrap();
    assert!(
        sql.starts_with("-- llmcost usage price --sql duckdb: the usage in logs.usage "),
        "{sql}"
    );
    assert!(sql.contains("FROM logs.usage AS u"), "{sql}");
}

#[test]
fn logs_and_sql_are_one_or_the_other() {
    let both = llmcost()
        .args(["usage", "price", USAGE, "--sql", "duckdb"])
        .output()
        .unwrap();
    assert_eq!(both.status.code(), Some(2));
    let neither = llmcost().args(["usage", "price"]).output().unwrap();
    assert_eq!(neither.status.code(), Some(2));
    let unknown = llmcost().args(["usage", "price", "--sql", "oracle"]).output().unwrap();
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("duckdb"));
    // The flags that only shape the statement, with LOGS and no --sql.
    for flag in [&["--sql-service-tier"][..], &["--sql-table", "logs.usage"]] {
        let alone = llmcost().args(["usage", "price", USAGE]).args(flag).output().unwrap();
        assert_eq!(alone.status.code(), Some(2), "{flag:?}");
    }
    let window = llmcost()
        .args([
            "usage",
            "price",
            "--sql",
            "duckdb",
            "--since",
            "2026-11-02",
            "--until",
            "2026-11-01",
        ])
        .output()
        .unwrap();
    assert_eq!(window.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&window.stderr).contains("the window holds no call"));
}
