use super::*;
use crate::input::Source;

fn catalog(models: &str) -> Catalog {
    Catalog::from_source(&Source::new(
        "t.yaml",
        format!("name: t\nas_of: 2026-11-01\ncurrency: USD\nsource: test\nmodels:\n{models}"),
    ))
    .unwrap()
}

fn plain() -> Catalog {
    catalog(
        "  m:
    provider: openai
    aliases: [it's]
    input: 2
    output: 8
    cached_input: 0.5
  l:
    provider: google
    input: 1.25
    output: 10
    cached_input: 0.125
    per_request: 0.001
    long_context: {above_tokens: 200000, input: 2.5, output: 15}
",
    )
}

/// The table `usage`, without a service tier column.
const USAGE: Table = Table {
    name: "usage",
    service_tier: false,
    request_id: false,
    region: false,
    window: Window {
        since: None,
        until: None,
    },
};

/// The rows of the inlined rates table, as written.
fn rows(sql: &str) -> Vec<&str> {
    sql.lines().filter(|l| l.starts_with("    (")).collect()
}

#[test]
fn every_name_has_a_row_per_billing_class_the_model_has() {
    let sql = statement(&plain(), Dialect::Postgres, &USAGE);
    let rows = rows(&sql);
    // m and its alias: standard and batch; l: both, below and above 200,000.
    assert_eq!(rows.len(), 2 + 2 + 4, "{sql}");
    assert_eq!(rows.iter().filter(|r| r.starts_with("    ('it''s', 'm'")).count(), 2);
    // l above its threshold on the batch API: half of 2.5 and 15 per 1M, per token; the fee stays.
    let n = |v: &str| format!("CAST({v} AS NUMERIC)");
    let long_batch = format!(
        "    ('l', 'l', 'batch', TRUE, CAST(200000 AS BIGINT), {}, ",
        n("0.00000125")
    );
    let row = rows.iter().find(|r| r.starts_with(&long_batch)).expect(&sql);
    assert!(row.contains(&format!("{}, {})", n("0.0000075"), n("0.001"))), "{row}");
    assert!(
        rows.iter()
            .any(|r| r.starts_with("    ('m', 'm', 'standard', FALSE, CAST(NULL AS BIGINT), "))
    );
    // The halved rates are defaults, and the statement says so.
    assert!(
        sql.contains("-- default rate: l: no batch input, output, cached_input rate"),
        "{sql}"
    );
}

#[test]
fn a_table_with_service_tiers_has_rows_for_priority_and_flex_and_finds_a_rows_tier() {
    let c = catalog(
        "  t:
    provider: openai
    input: 2
    output: 8
    priority: {input: 3.5, output: 14}
",
    );
    let tiers = Table {
        name: "usage",
        service_tier: true,
        request_id: false,
        region: false,
        window: Window::all(),
    };
    let sql = statement(&c, Dialect::Postgres, &tiers);
    let rows = rows(&sql);
    assert_eq!(rows.len(), 4, "{sql}");
    let n = |v: &str| format!("CAST({v} AS NUMERIC)");
    assert!(
        rows.iter().any(|r| r.starts_with(&format!(
            "    ('t', 't', 'priority', FALSE, CAST(NULL AS BIGINT), {}, ",
            n("0.0000035")
        ))),
        "{sql}"
    );
    // No flex rates: a call logged in flex pays standard rates, as the tariff bills it, and the statement says so.
    assert!(
        rows.iter().any(|r| r.starts_with(&format!(
            "    ('t', 't', 'flex', FALSE, CAST(NULL AS BIGINT), {}, ",
            n("0.000002")
        ))),
        "{sql}"
    );
    assert!(sql.contains("-- default rate: t: "), "{sql}");
    assert!(
        sql.contains(
            "AND r.mode = CASE WHEN COALESCE(u.batch, FALSE) THEN 'batch' \
             WHEN u.service_tier IN ('priority', 'priority_on_demand') THEN 'priority' \
             WHEN u.service_tier IN ('flex', 'flex_discount') THEN 'flex' ELSE 'standard' END"
        ),
        "{sql}"
    );
    // Without the column, no tier is read.
    let plain = statement(&c, Dialect::Postgres, &USAGE);
    assert!(!plain.contains("service_tier") && !plain.contains("'flex'"), "{plain}");
}

#[test]
fn each_dialect_has_its_own_decimal_type_literals_and_quoting() {
    let c = plain();
    let duck = statement(&c, Dialect::DuckDb, &USAGE);
    // The finest rate: 0.125 per 1M halved for batch, 0.0000000625 per token (10 places).
    assert!(duck.contains("CAST(0.0000000625 AS DECIMAL(38,10))"), "{duck}");
    assert!(duck.contains("FROM (VALUES\n"), "{duck}");
    assert!(duck.contains("('it''s', 'm'"));
    let snow = statement(&c, Dialect::Snowflake, &USAGE);
    assert!(snow.contains("AS NUMBER(38,10))"), "{snow}");
    assert!(snow.contains(r"('it\'s', 'm'"), "{snow}");
    let spark = statement(&c, Dialect::Spark, &USAGE);
    // As wide as the rates need: one digit before the point.
    assert!(spark.contains("AS DECIMAL(11,10))"), "{spark}");
    assert!(spark.contains("SELECT * FROM VALUES\n"), "{spark}");
    assert!(spark.contains("AS STRING)"), "{spark}");
    let bq = statement(&c, Dialect::BigQuery, &USAGE);
    assert!(bq.contains("BIGNUMERIC '0.0000000625'"), "{bq}");
    assert!(
        bq.contains("SELECT * FROM UNNEST(ARRAY<STRUCT<name STRING, model_id STRING, mode STRING, long_context BOOL, above_tokens INT64, r_input BIGNUMERIC,"),
        "{bq}"
    );
    assert!(bq.contains("CAST(NULL AS INT64)"), "{bq}");
    let pg = statement(&c, Dialect::Postgres, &USAGE);
    assert!(pg.contains("CAST(0.001 AS NUMERIC)") && pg.contains("AS TEXT)"), "{pg}");
}

#[test]
fn a_plain_table_name_is_written_as_given_and_any_other_quoted() {
    assert_eq!(Dialect::Snowflake.table("analytics.usage"), "analytics.usage");
    assert_eq!(Dialect::Postgres.table("Usage Log"), "\"Usage Log\"");
    assert_eq!(Dialect::DuckDb.table("a\"b"), "\"a\"\"b\"");
    assert_eq!(
        Dialect::BigQuery.table("my-project.logs.usage"),
        "`my-project`.logs.usage"
    );
    assert_eq!(Dialect::Spark.table("a`b"), "`a``b`");
}

#[test]
fn the_long_context_test_is_the_prompt_against_the_threshold_times_the_calls() {
    let sql = statement(&plain(), Dialect::DuckDb, &USAGE);
    // prompt / requests > threshold, without a division: 0 calls is never long.
    assert!(
        sql.contains(
            "r.long_context = (COALESCE(u.requests, 0) > 0 AND r.above_tokens IS NOT NULL\n      AND \
             COALESCE(u.input_tokens, 0) + COALESCE(u.cache_read_tokens, 0) + COALESCE(u.cache_write_5m_tokens, 0) \
             + COALESCE(u.cache_write_1h_tokens, 0) > r.above_tokens * COALESCE(u.requests, 0))"
        ),
        "{sql}"
    );
    assert!(!sql.contains("ROUND("), "{sql}");
}

#[test]
fn rates_finer_than_llmcost_carries_round_each_line_as_it_does() {
    // A long-context cache read scaled like input: 0.1 × 1 / 3, carried to 20
    // places, and halved for batch: 21 places per 1M, 27 per token.
    let c = catalog(
        "  t:
    provider: google
    input: 3
    output: 10
    cached_input: 0.1
    long_context: {above_tokens: 1000, input: 1, output: 15}
",
    );
    let sql = statement(&c, Dialect::DuckDb, &USAGE);
    assert!(
        sql.contains("CAST(0.00000003333333333333333333 AS DECIMAL(38,27))"),
        "{sql}"
    );
    assert!(
        sql.contains("CAST(0.000000016666666666666666665 AS DECIMAL(38,27))"),
        "{sql}"
    );
    assert!(
        sql.contains("ROUND(COALESCE(u.input_tokens, 0) * r.r_input, 20)"),
        "{sql}"
    );
    assert!(sql.contains("each line rounded to 20 places"), "{sql}");
}

/// `p` changes price on 2026-11-15 and has long-context rates only before;
/// `s` has one price.
fn dated() -> Catalog {
    catalog(
        "  p:
    provider: openai
    aliases: [p-latest]
    periods:
      - until: 2026-11-15
        input: 10
        output: 40
        long_context: {above_tokens: 1000, input: 20, output: 60}
      - from: 2026-11-15
        input: 2
        output: 8
  s:
    provider: openai
    input: 1
    output: 2
",
    )
}

#[test]
fn a_catalog_with_price_periods_gives_each_period_its_rows_and_days() {
    let sql = statement(&dated(), Dialect::Postgres, &USAGE);
    let rows = rows(&sql);
    // p and its alias: standard and batch, below and above 1,000 before the
    // change, below only after; s: standard and batch.
    assert_eq!(rows.len(), 2 * (4 + 2) + 2, "{sql}");
    let n = |v: &str| format!("CAST({v} AS NUMERIC)");
    let before = format!(
        "    ('p-latest', 'p', 'standard', TRUE, CAST(1000 AS BIGINT), CAST(NULL AS DATE), DATE '2026-11-15', {}, ",
        n("0.00002")
    );
    assert!(rows.iter().any(|r| r.starts_with(&before)), "{sql}");
    let after = format!(
        "    ('p', 'p', 'batch', FALSE, CAST(NULL AS BIGINT), DATE '2026-11-15', CAST(NULL AS DATE), {}, ",
        n("0.000001")
    );
    assert!(rows.iter().any(|r| r.starts_with(&after)), "{sql}");
    // A model without periods holds every day.
    assert!(
        rows.iter().any(|r| r.starts_with(
            "    ('s', 's', 'standard', FALSE, CAST(NULL AS BIGINT), CAST(NULL AS DATE), CAST(NULL AS DATE), "
        )),
        "{sql}"
    );
    assert!(
        sql.contains("long_context, above_tokens, valid_from, valid_until, r_input,"),
        "{sql}"
    );
    // Each row's UTC day, whatever the session's time zone, chooses the rates.
    assert!(
        sql.contains(
            "dated AS (\n  SELECT t.*, DATE '1970-01-01' + CAST(FLOOR(EXTRACT(EPOCH FROM t.start_time) / 86400) AS INTEGER) \
             AS llmcost_day\n  FROM usage AS t\n),\npriced AS ("
        ),
        "{sql}"
    );
    assert!(
        sql.contains(
            "    AND (r.valid_from IS NULL OR r.valid_from <= u.llmcost_day)\n    \
             AND (r.valid_until IS NULL OR u.llmcost_day < r.valid_until)\n)"
        ),
        "{sql}"
    );
    // A listed model's row on a day no period holds is neither priced nor unknown.
    assert!(
        sql.contains(
            "CASE WHEN unknown THEN 'not_in_catalog' WHEN unpriced THEN 'no_price_on_day' ELSE 'model' END AS line,"
        ),
        "{sql}"
    );
    assert!(sql.contains("GROUP BY unknown, unpriced, model\n"), "{sql}");
    assert!(sql.contains("-- Price periods: a row pays the rates of the UTC day of its start_time"));
    // A default rate of a period is said with its days; a model without periods' as it is.
    for note in [
        "-- default rate: p: no batch input, output rate in the catalog; used half the standard rate (prices until 2026-11-15)\n",
        "-- default rate: p: no batch input, output rate in the catalog; used half the standard rate (prices from 2026-11-15)\n",
        "-- default rate: s: no batch input, output rate in the catalog; used half the standard rate\n",
    ] {
        assert!(sql.contains(note), "{note}{sql}");
    }
}

#[test]
fn each_dialect_takes_the_utc_day_of_start_time() {
    let c = dated();
    let day = |dialect| {
        let sql = statement(&c, dialect, &USAGE);
        let line = sql.lines().find(|l| l.contains(" AS llmcost_day")).expect(&sql);
        line.trim().to_string()
    };
    for (dialect, expected) in [
        (Dialect::DuckDb, "CAST(make_timestamp(epoch_us(t.start_time)) AS DATE)"),
        (Dialect::BigQuery, "DATE(t.start_time, 'UTC')"),
        (
            Dialect::Snowflake,
            "DATEADD(DAY, FLOOR(DATE_PART(EPOCH_SECOND, t.start_time) / 86400), DATE '1970-01-01')",
        ),
        (
            Dialect::Spark,
            "date_from_unix_date(CAST(FLOOR(unix_seconds(t.start_time) / 86400) AS INT))",
        ),
    ] {
        assert_eq!(day(dialect), format!("SELECT t.*, {expected} AS llmcost_day"));
    }
    let bq = statement(&c, Dialect::BigQuery, &USAGE);
    assert!(
        bq.contains("above_tokens INT64, valid_from DATE, valid_until DATE, r_input BIGNUMERIC,"),
        "{bq}"
    );
}

#[test]
fn periods_combine_with_request_ids_read_from_the_dated_rows() {
    let ids = Table {
        name: "logs.usage",
        service_tier: true,
        request_id: true,
        region: false,
        window: Window::all(),
    };
    let sql = statement(&dated(), Dialect::DuckDb, &ids);
    assert!(sql.contains("FROM logs.usage AS t\n),\nnumbered AS ("), "{sql}");
    assert!(sql.contains("  FROM dated AS t\n),\npriced AS ("), "{sql}");
    assert!(sql.contains(
        "  FROM numbered AS u\n  LEFT JOIN resolved AS k\n    ON k.model = u.model\n  LEFT JOIN (SELECT DISTINCT name, \
         model_id FROM rates) AS n\n"
    ));
}

#[test]
fn a_catalog_without_price_periods_reads_no_day() {
    let sql = statement(&plain(), Dialect::Postgres, &USAGE);
    for absent in [
        "start_time",
        "valid_from",
        "llmcost_day",
        "no_price_on_day",
        "Price periods",
    ] {
        assert!(!sql.contains(absent), "{absent}: {sql}");
    }
    assert!(
        sql.contains(
            "  FROM usage AS u\n  LEFT JOIN resolved AS k\n    ON k.model = u.model\n  LEFT JOIN rates AS r\n"
        ),
        "{sql}"
    );
}

#[test]
fn a_name_is_found_as_usage_price_finds_it_each_distinct_name_once() {
    let sql = statement(&plain(), Dialect::Snowflake, &USAGE);
    // The table's names, each looked up as written, then with what
    // `models::STRIPPED` takes off in turn, the first the rates have.
    assert!(
        sql.contains("  FROM (SELECT DISTINCT model FROM usage) AS m\n"),
        "{sql}"
    );
    assert!(
        sql.contains("COALESCE(n0.name, n1.name, n2.name, n3.name) AS name"),
        "{sql}"
    );
    assert!(
        sql.contains("  LEFT JOIN names AS n2 ON n2.name = REGEXP_REPLACE(REGEXP_REPLACE(REGEXP_REPLACE(m.model, '^([^/]*/)*', ''), '^((us|eu|apac|us-gov|global|jp|au|ca)[.])?(anthropic|meta|amazon|mistral|cohere|ai21|deepseek|openai|qwen|writer)[.]', ''), '-v[0-9]+(:[0-9]+)?$', '')\n"),
        "{sql}"
    );
    // No backslash, which Snowflake's, BigQuery's and Spark's literals would read as an escape.
    for pattern in crate::usage::models::STRIPPED {
        assert!(!pattern.contains('\\'), "{pattern}");
    }
}

#[test]
fn with_regions_a_row_takes_its_regions_rates_where_its_model_lists_them() {
    let regions = Table {
        name: "usage",
        service_tier: false,
        request_id: false,
        region: true,
        window: Window::all(),
    };
    let c = catalog(
        "  m: {provider: anthropic, input: 2, output: 8, regions: {us: 1.1, global: 1.5}}\n  n: {provider: openai, input: 1, output: 4}\n",
    );
    let sql = statement(&c, Dialect::DuckDb, &regions);
    // `us` at 1.1 × the list rates; `global` is the list price's endpoints,
    // whatever the catalog lists for it (`record::region_of`).
    assert!(
        sql.contains("('m', 'm', 'standard', FALSE, CAST(NULL AS BIGINT), 'us', CAST(0.0000022 AS DECIMAL(38,7)),"),
        "{sql}"
    );
    assert!(!sql.contains("'global'"), "{sql}");
    assert!(
        sql.contains("('n', 'n', 'standard', FALSE, CAST(NULL AS BIGINT), '', CAST(0.000001 AS"),
        "{sql}"
    );
    assert!(sql.contains("    AND r.region = ''\n  LEFT JOIN rates AS g\n"), "{sql}");
    assert!(sql.contains("    AND g.region = u.inference_geo\n"), "{sql}");
    assert!(
        sql.contains("COALESCE(u.output_tokens, 0) * COALESCE(g.r_output, r.r_output)"),
        "{sql}"
    );
}
