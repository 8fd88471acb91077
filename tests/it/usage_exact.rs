//! `usage price` on a Parquet table read straight from its column batches
//! (whole-unit rates, keyed groups) gives exactly what billing each row on
//! its own with `tariff::bill_paid` and adding decimals gives: seeded random
//! tables over a catalog with every kind of rate (cache writes of both
//! lifetimes, a request fee, service tiers, a region, long-context rates,
//! price periods, a rate with more places than whole units hold), unknown
//! models, buckets of calls, nulls and empty names that send rows through
//! the row-by-row reader, lists of tags with empty and null items, and a
//! time window, and request ids that repeat an earlier row's (counted once).
//! The expectations are summed here from `bill_paid`'s bills of the records
//! the row-by-row reader reads, each id's first in the window kept.

use crate::common::Scratch;
use arrow_array::builder::{
    BooleanBuilder, Decimal128Builder, Int64Builder, ListBuilder, StringBuilder, TimestampMicrosecondBuilder,
};
use arrow_array::cast::AsArray;
use arrow_array::types::{Decimal128Type, Int64Type, TimestampMicrosecondType};
use arrow_array::{Array, ArrayRef, Int64Array, RecordBatch, StringArray};
use chrono::{DateTime, NaiveDate, SecondsFormat, TimeZone, Utc};
use llmcost::input::Source;
use llmcost::notes::Notes;
use llmcost::pricing::Catalog;
use llmcost::tariff::{Paid, bill_paid};
use llmcost::usage::table::{Mapping, TableFormat, read};
use llmcost::usage::{Pricer, Totals, Usage, UsagePrice, Window, price_logs};
use parquet::arrow::ArrowWriter;
use parquet::file::properties::WriterProperties;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use std::sync::Arc;

const CATALOG: &str = "name: exact-test
as_of: 2026-11-30
currency: USD
source: hand-written test prices
models:
  plain: {provider: openai, input: 2, output: 8, cached_input: 0.5}
  fee: {provider: openai, input: 0.15, output: 0.6, cached_input: 0.075, per_request: 0.0001}
  claude:
    provider: anthropic
    input: 3
    output: 15
    cached_input: 0.3
    cache_write: 3.75
    cache_write_1h: 6
    regions: {us: 1.1}
    priority: {input: 6, output: 30}
    flex: {input: 1.5, output: 7.5}
    long_context: {above_tokens: 200000, input: 6, output: 22.5}
  fine: {provider: openai, input: 0.000000000000003, output: 1.123456789012345678}
  dated:
    provider: openai
    periods:
      - until: 2026-11-15
        input: 10
        output: 20
      - from: 2026-11-15
        input: 5
        output: 10
";

const MAPPING: &str = "id=request_id,time=created_at,model=model,requests=requests,input_tokens=prompt,input_includes_cache=true,\
    cache_read_tokens=cached,cache_write_5m_tokens=written,cache_write_1h_tokens=written_1h,\
    output_tokens=completion,output_includes_reasoning=true,reasoning_tokens=reasoning,batch=batch,\
    service_tier=tier,cost=spend,tags=tags,label.team=team,label.inference_geo=geo";

const MODELS: [&str; 7] = ["plain", "fee", "claude", "fine", "dated", "mystery", "claude"];
const TIERS: [Option<&str>; 6] = [
    None,
    Some(""),
    Some("priority"),
    Some("flex"),
    Some("default"),
    Some("flex"),
];
const GEOS: [Option<&str>; 5] = [None, Some("us"), Some("global"), Some("eu"), Some("")];
const TEAMS: [Option<&str>; 5] = [Some("search"), Some("support"), Some(""), None, Some("ops")];
const TAGS: [&str; 4] = ["prod", "eval", "batch-job", "mobile"];

/// `rows` random calls over November 2026, written as Parquet in row groups
/// of 3,000 (and as CSV); one in thirty with an earlier row's id when
/// `repeats`, the ids whole numbers when `whole`.
fn write(path: &Path, rows: usize, seed: u64, (nulls, repeats, whole): (bool, bool, bool), negative: Option<usize>) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let start = Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap().timestamp_micros();
    let (mut time, mut model, mut requests) = (
        TimestampMicrosecondBuilder::new(),
        StringBuilder::new(),
        Int64Builder::new(),
    );
    let mut counts: Vec<Int64Builder> = (0..6).map(|_| Int64Builder::new()).collect();
    let (mut batch, mut tier, mut spend) = (BooleanBuilder::new(), StringBuilder::new(), Decimal128Builder::new());
    let (mut team, mut geo, mut tags) = (
        StringBuilder::new(),
        StringBuilder::new(),
        ListBuilder::new(StringBuilder::new()),
    );
    let mut ids = Vec::new();
    for row in 0..rows {
        // One row in thirty has the id of an earlier row.
        let id = if repeats && row > 0 && rng.random_range(0..30) == 0 {
            rng.random_range(0..row)
        } else {
            row
        };
        ids.push(id as i64);
        let null = |rng: &mut ChaCha8Rng| nulls && rng.random_range(0..40) == 0;
        time.append_value(start + rng.random_range(0..30 * 86_400_000_000i64));
        model.append_value(MODELS[rng.random_range(0..MODELS.len())]);
        requests.append_value([1, 1, 1, 0, 3][rng.random_range(0..5)]);
        // cached, written, written_1h, reasoning, then prompt and completion that include them.
        let big = rng.random_range(0..10) == 0;
        let prompt_base: i64 = if big {
            rng.random_range(150_000..400_000)
        } else {
            rng.random_range(0..5_000)
        };
        let cached: i64 = rng.random_range(0..2_000);
        let written: i64 = if rng.random_range(0..3) == 0 {
            rng.random_range(0..1_000)
        } else {
            0
        };
        let written_1h: i64 = if rng.random_range(0..5) == 0 {
            rng.random_range(0..1_000)
        } else {
            0
        };
        let reasoning: i64 = rng.random_range(0..500);
        let completion: i64 = reasoning + rng.random_range(0..3_000);
        for (n, (builder, value)) in counts
            .iter_mut()
            .zip([
                prompt_base + cached + written + written_1h,
                cached,
                written,
                written_1h,
                completion,
                reasoning,
            ])
            .enumerate()
        {
            // Prompt and completion are required; the others may be missing.
            if n != 0 && n != 4 && null(&mut rng) {
                builder.append_null();
            } else {
                builder.append_value(value);
            }
        }
        if negative == Some(row) {
            // The prompt count written negative.
            let first = counts.first_mut().unwrap();
            let mut values: Vec<Option<i64>> = first.finish().iter().collect();
            *values.last_mut().unwrap() = Some(-5);
            first.extend(values);
        }
        batch.append_value(rng.random_range(0..8) == 0);
        tier.append_option(TIERS[rng.random_range(0..TIERS.len())]);
        if null(&mut rng) || rng.random_range(0..4) == 0 {
            spend.append_null();
        } else {
            spend.append_value(rng.random_range(0..5_000_000i128));
        }
        team.append_option(TEAMS[rng.random_range(0..TEAMS.len())]);
        geo.append_option(GEOS[rng.random_range(0..GEOS.len())]);
        for _ in 0..rng.random_range(0..3) {
            // An empty tag and a null item, now and then, where nulls are written.
            match rng.random_range(0..40) {
                0 if nulls => tags.values().append_value(""),
                1 if nulls => tags.values().append_null(),
                _ => tags.values().append_value(TAGS[rng.random_range(0..TAGS.len())]),
            }
        }
        tags.append(!null(&mut rng));
    }
    let mut columns: Vec<(&str, ArrayRef)> = vec![
        (
            "request_id",
            if whole {
                Arc::new(Int64Array::from(ids))
            } else {
                Arc::new(StringArray::from_iter_values(ids.iter().map(|id| format!("call-{id}"))))
            },
        ),
        ("created_at", Arc::new(time.finish().with_timezone("UTC"))),
        ("model", Arc::new(model.finish())),
        ("requests", Arc::new(requests.finish())),
    ];
    for (name, mut builder) in ["prompt", "cached", "written", "written_1h", "completion", "reasoning"]
        .into_iter()
        .zip(counts)
    {
        columns.push((name, Arc::new(builder.finish())));
    }
    columns.extend([
        ("batch", Arc::new(batch.finish()) as ArrayRef),
        ("tier", Arc::new(tier.finish())),
        (
            "spend",
            Arc::new(spend.finish().with_precision_and_scale(18, 8).unwrap()),
        ),
        ("team", Arc::new(team.finish())),
        ("geo", Arc::new(geo.finish())),
        ("tags", Arc::new(tags.finish())),
    ]);
    let batch = RecordBatch::try_from_iter(columns).unwrap();
    let properties = WriterProperties::builder()
        .set_max_row_group_row_count(Some(3_000))
        .build();
    let mut writer =
        ArrowWriter::try_new(std::fs::File::create(path).unwrap(), batch.schema(), Some(properties)).unwrap();
    writer.write(&batch).unwrap();
    writer.close().unwrap();
    std::fs::write(path.with_extension("csv"), csv_of(&batch)).unwrap();
}

/// The same calls as CSV: times in RFC 3339, nulls as empty cells, tags
/// separated by commas.
fn csv_of(batch: &RecordBatch) -> String {
    let names: Vec<String> = batch.schema().fields().iter().map(|f| f.name().clone()).collect();
    let mut text = names.join(",") + "\n";
    let column = |name: &str| batch.column_by_name(name).unwrap();
    let whole = |c: &ArrayRef| c.data_type() == &arrow_schema::DataType::Int64;
    for i in 0..batch.num_rows() {
        let mut cells = Vec::new();
        for name in &names {
            let c = column(name);
            if c.is_null(i) {
                cells.push(String::new());
                continue;
            }
            let cell = match name.as_str() {
                "created_at" => {
                    let micros = c.as_primitive::<TimestampMicrosecondType>().value(i);
                    let at = DateTime::from_timestamp_micros(micros).unwrap();
                    at.to_rfc3339_opts(SecondsFormat::Micros, true)
                }
                "request_id" if whole(c) => c.as_primitive::<Int64Type>().value(i).to_string(),
                "request_id" | "model" | "tier" | "team" | "geo" => c.as_string::<i32>().value(i).to_string(),
                "batch" => c.as_boolean().value(i).to_string(),
                "spend" => Decimal::from_i128_with_scale(c.as_primitive::<Decimal128Type>().value(i), 8).to_string(),
                "tags" => {
                    let list = c.as_list::<i32>().value(i);
                    let tags = list.as_string::<i32>();
                    let joined: Vec<&str> = (0..tags.len()).map(|j| tags.value(j)).collect();
                    format!("\"{}\"", joined.join(","))
                }
                _ => c.as_primitive::<Int64Type>().value(i).to_string(),
            };
            cells.push(cell);
        }
        text += &(cells.join(",") + "\n");
    }
    text
}

/// Sums of records, by hand.
#[derive(Default)]
struct Expected {
    records: u64,
    requests: u128,
    input: u128,
    cache_read: u128,
    cache_write: u128,
    output: u128,
    reasoning: u128,
    cost: Decimal,
    recorded: Option<Decimal>,
}

impl Expected {
    fn add(&mut self, u: &Usage, cost: Decimal) {
        self.records += 1;
        self.requests += u128::from(u.requests);
        let t = &u.tokens;
        self.input += u128::from(t.input);
        self.cache_read += u128::from(t.cache_read);
        self.cache_write += u128::from(t.cache_write_5m) + u128::from(t.cache_write_1h);
        self.output += u128::from(t.output);
        self.reasoning += u128::from(t.reasoning);
        self.cost += cost;
        if let Some(r) = u.recorded_cost {
            *self.recorded.get_or_insert_default() += r;
        }
    }

    fn check(&self, got: &Totals, what: &str) {
        assert_eq!(got.records, self.records, "{what}: records");
        assert_eq!(got.requests, self.requests, "{what}: requests");
        let t = &got.tokens;
        assert_eq!(
            (t.input, t.cache_read, t.cache_write, t.output, t.reasoning),
            (
                self.input,
                self.cache_read,
                self.cache_write,
                self.output,
                self.reasoning
            ),
            "{what}: tokens"
        );
        assert_eq!(got.cost, self.cost, "{what}: cost");
        assert_eq!(got.recorded, self.recorded, "{what}: recorded");
    }
}

fn check_groups<K: Ord + std::fmt::Debug>(got: &BTreeMap<K, Totals>, expected: &BTreeMap<K, Expected>, what: &str) {
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>(),
        "{what}"
    );
    for (key, e) in expected {
        e.check(&got[key], &format!("{what} {key:?}"));
    }
}

fn window() -> Window {
    Window {
        since: Some(Utc.with_ymd_and_hms(2026, 11, 3, 12, 0, 0).unwrap()),
        until: Some(Utc.with_ymd_and_hms(2026, 11, 28, 0, 0, 0).unwrap()),
    }
}

/// The test's catalog and the mapping of its tables' columns.
fn catalog_and_mapping() -> (Catalog, Mapping) {
    (
        Catalog::from_source(&Source::new("exact.yaml", CATALOG)).unwrap(),
        Mapping::parse_map(MAPPING).unwrap(),
    )
}

/// Prices `path` as `usage price` does, and record by record through
/// `Pricer::add`, the first record of each id in the window kept.
/// Also returns how many rows in the window repeated an id.
fn priced(catalog: &Catalog, path: &Path, mapping: &Mapping) -> (UsagePrice, UsagePrice, Vec<Usage>, usize) {
    let mut fast = Pricer::new(catalog).comparing();
    let (notes, failed) = price_logs(path.to_str().unwrap(), &window(), Some(mapping), &mut fast).unwrap();
    assert!(failed.is_none(), "{failed:?}");
    let in_window: Vec<Usage> = read(path, TableFormat::of_path(path).unwrap(), mapping)
        .unwrap()
        .map(Result::unwrap)
        .filter(|u| window().contains(u.start))
        .collect();
    let mut seen = HashSet::new();
    let records: Vec<Usage> = in_window
        .iter()
        .filter(|u| seen.insert(u.id.clone()))
        .cloned()
        .collect();
    let repeated = in_window.len() - records.len();
    let note = match repeated {
        1 => "1 row repeats a request id already read and was counted once: ".to_string(),
        n => format!("{n} rows repeat a request id already read and were counted once: "),
    };
    assert_eq!(repeated > 0, notes.iter().any(|n| n.starts_with(&note)), "{notes:?}");
    let mut one_by_one = Pricer::new(catalog).comparing();
    for u in &records {
        one_by_one.add(u).unwrap();
    }
    (fast.finish("t"), one_by_one.finish("t"), records, repeated)
}

#[test]
fn column_batches_price_exactly_as_each_record_billed_on_its_own() {
    let (catalog, mapping) = catalog_and_mapping();
    let scratch = Scratch::new();
    let cases = [
        (1, (false, false, false)),
        (2, (true, false, true)),
        (3, (true, true, false)),
        (4, (false, true, true)),
    ];
    for (seed, (nulls, repeats, whole)) in cases {
        let path = scratch.path(&format!("calls-{seed}.parquet"));
        write(&path, 10_000, seed, (nulls, repeats, whole), None);
        for path in [path.clone(), path.with_extension("csv")] {
            let (fast, one_by_one, records, repeated) = priced(&catalog, &path, &mapping);
            assert_eq!(fast, one_by_one, "{}", path.display());
            assert_eq!(repeated > 100, repeats, "seed {seed}: {repeated} rows repeat an id");
            // Every record billed on its own by the tariff, the bills added as decimals.
            let (mut total, mut models, mut unknown) = (Expected::default(), BTreeMap::new(), BTreeMap::new());
            let (mut days, mut labels, mut tags) = (BTreeMap::new(), BTreeMap::new(), BTreeMap::new());
            let mut reconciled: BTreeMap<String, (Decimal, Decimal)> = BTreeMap::new();
            for u in &records {
                let day: NaiveDate = u.start.date_naive();
                let Some(model) = catalog.find(&u.model) else {
                    total.add(u, Decimal::ZERO);
                    unknown
                        .entry(u.model.clone())
                        .or_insert_with(Expected::default)
                        .add(u, Decimal::ZERO);
                    continue;
                };
                let model = model.on(day).unwrap();
                let paid = Paid {
                    requests: u.requests,
                    input: u.tokens.input,
                    cache_read: u.tokens.cache_read,
                    cache_write_5m: u.tokens.cache_write_5m,
                    cache_write_1h: u.tokens.cache_write_1h,
                    output: u.tokens.output,
                    reasoning: u.tokens.reasoning,
                };
                let cost = bill_paid(
                    &model,
                    &paid,
                    u.mode(),
                    u.region(),
                    u.long_context,
                    &mut Notes::default(),
                )
                .total();
                total.add(u, cost);
                models
                    .entry(model.id.clone())
                    .or_insert_with(Expected::default)
                    .add(u, cost);
                days.entry(day).or_insert_with(Expected::default).add(u, cost);
                for (name, value) in &u.labels {
                    labels
                        .entry((name.clone(), value.clone()))
                        .or_insert_with(Expected::default)
                        .add(u, cost);
                }
                for tag in &u.tags {
                    tags.entry(tag.clone()).or_insert_with(Expected::default).add(u, cost);
                }
                if let Some(r) = u.recorded_cost {
                    let (p, rec) = reconciled.entry(model.id.clone()).or_default();
                    *p += cost;
                    *rec += r;
                }
            }
            total.check(&fast.total, "total");
            check_groups(&fast.by_model, &models, "model");
            check_groups(&fast.by_day, &days, "day");
            check_groups(&fast.by_tag, &tags, "tag");
            let got_labels: BTreeMap<(String, String), Totals> = fast
                .by_label
                .iter()
                .flat_map(|(name, values)| values.iter().map(move |(v, t)| ((name.clone(), v.clone()), t.clone())))
                .collect();
            check_groups(&got_labels, &labels, "label");
            let got_unknown: BTreeMap<String, Totals> = fast
                .unknown
                .iter()
                .map(|u| (u.model.clone(), u.totals.clone()))
                .collect();
            check_groups(&got_unknown, &unknown, "unknown");
            for r in fast.reconciled.iter().filter(|r| catalog.find(&r.model).is_some()) {
                assert_eq!((r.priced, r.recorded), reconciled[&r.model], "reconciled {}", r.model);
            }
            assert!(fast.total.cost > Decimal::ZERO && records.len() > 5_000, "seed {seed}");
        }
    }
}

/// The error `usage price` gives on `path`, checked to be the first the row-by-row reader gives.
fn the_error(catalog: &Catalog, mapping: &Mapping, path: &Path) -> llmcost::input::InputError {
    let mut pricer = Pricer::new(catalog);
    let e = price_logs(path.to_str().unwrap(), &Window::all(), Some(mapping), &mut pricer).unwrap_err();
    let expected = read(path, TableFormat::of_path(path).unwrap(), mapping)
        .unwrap()
        .find_map(Result::err)
        .unwrap();
    assert_eq!(e, expected);
    e
}

#[test]
fn a_bad_row_late_in_the_file_is_the_error_the_row_reader_gives() {
    let (catalog, mapping) = catalog_and_mapping();
    let scratch = Scratch::new();
    let path = scratch.path("bad.parquet");
    write(&path, 10_000, 4, (false, false, false), Some(9_000));
    for (path, line) in [(path.clone(), None), (path.with_extension("csv"), Some(9_002))] {
        let e = the_error(&catalog, &mapping, &path);
        assert_eq!(
            e.message,
            "row 9001: `-5` is negative; a count is a whole number from 0"
        );
        assert_eq!((e.field.as_deref(), e.line), (Some("prompt"), line));
    }
}

#[test]
fn a_bad_row_read_just_before_a_row_cut_short_is_the_error() {
    // CSV records are read 32 at a time before they are priced: rows 97 to 100
    // are read, then row 101 cannot be; row 98, priced before that, is the error.
    let (catalog, mapping) = catalog_and_mapping();
    let scratch = Scratch::new();
    let path = scratch.path("cut.parquet");
    write(&path, 100, 5, (false, false, false), Some(97));
    let csv = path.with_extension("csv");
    let mut text = std::fs::read_to_string(&csv).unwrap();
    text.push_str("2026-11-30T10:");
    std::fs::write(&csv, text).unwrap();
    let e = the_error(&catalog, &mapping, &csv);
    assert_eq!(e.message, "row 98: `-5` is negative; a count is a whole number from 0");
    // Without the bad row, the row cut short is the error.
    write(&path, 100, 5, (false, false, false), None);
    let mut text = std::fs::read_to_string(&csv).unwrap();
    text.push_str("2026-11-30T10:");
    std::fs::write(&csv, text).unwrap();
    let e = the_error(&catalog, &mapping, &csv);
    assert!(e.message.starts_with("row 101 has 1 cells where the header has"), "{e}");
}
