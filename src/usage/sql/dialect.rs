//! The SQL dialects a statement is written in: each one's types, literals,
//! names, and the time functions that read a row's `start_time` as UTC
//! whatever the session's time zone.

use rust_decimal::Decimal;

/// The SQL dialect a statement is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    DuckDb,
    Postgres,
    BigQuery,
    Snowflake,
    Spark,
}

/// The decimal type of the inlined rates: digits before and after the point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Scale {
    pub(super) integer: u32,
    pub(super) fraction: u32,
}

impl Scale {
    pub(super) fn of(rates: impl Iterator<Item = Decimal>) -> Self {
        let mut scale = Scale {
            integer: 1,
            fraction: 0,
        };
        for rate in rates {
            scale.fraction = scale.fraction.max(rate.scale());
            let whole = rate.trunc().abs().to_string().len() as u32;
            scale.integer = scale.integer.max(whole);
        }
        scale
    }
}

impl Dialect {
    /// The name `--sql` takes.
    pub fn name(self) -> &'static str {
        match self {
            Dialect::DuckDb => "duckdb",
            Dialect::Postgres => "postgres",
            Dialect::BigQuery => "bigquery",
            Dialect::Snowflake => "snowflake",
            Dialect::Spark => "spark",
        }
    }

    /// The exact decimal type the rates and costs are carried in.
    pub(super) fn decimal(self, scale: Scale) -> String {
        let s = scale.fraction;
        match self {
            Dialect::Postgres => "NUMERIC".into(),
            Dialect::BigQuery => "BIGNUMERIC".into(),
            // A type no wider than the rates need: Spark cuts the scale of a
            // product wider than 38 digits.
            Dialect::Spark => format!("DECIMAL({},{s})", scale.integer + s),
            Dialect::DuckDb => format!("DECIMAL(38,{s})"),
            Dialect::Snowflake => format!("NUMBER(38,{s})"),
        }
    }

    pub(super) fn integer(self) -> &'static str {
        match self {
            Dialect::BigQuery => "INT64",
            _ => "BIGINT",
        }
    }

    pub(super) fn string(self) -> &'static str {
        match self {
            Dialect::BigQuery | Dialect::Spark => "STRING",
            Dialect::Postgres => "TEXT",
            Dialect::DuckDb | Dialect::Snowflake => "VARCHAR",
        }
    }

    /// A string literal.
    pub(super) fn text(self, value: &str) -> String {
        match self {
            // Backslash starts an escape in these dialects' string literals.
            Dialect::BigQuery | Dialect::Spark | Dialect::Snowflake => {
                format!("'{}'", value.replace('\\', "\\\\").replace('\'', "\\'"))
            }
            Dialect::DuckDb | Dialect::Postgres => format!("'{}'", value.replace('\'', "''")),
        }
    }

    /// A decimal literal of the rates' type.
    pub(super) fn number(self, value: Decimal, decimal: &str) -> String {
        match self {
            Dialect::BigQuery => format!("BIGNUMERIC '{value}'"),
            _ => format!("CAST({value} AS {decimal})"),
        }
    }

    /// A table name: each dotted part as written when it is a plain name
    /// (which keeps each engine's own case rule), else quoted.
    pub fn table(self, name: &str) -> String {
        name.split('.')
            .map(|part| self.identifier(part))
            .collect::<Vec<_>>()
            .join(".")
    }

    pub(super) fn identifier(self, part: &str) -> String {
        let plain = part.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if plain {
            return part.to_string();
        }
        match self {
            Dialect::BigQuery => format!("`{}`", part.replace('\\', "\\\\").replace('`', "\\`")),
            Dialect::Spark => format!("`{}`", part.replace('`', "``")),
            Dialect::DuckDb | Dialect::Postgres | Dialect::Snowflake => format!("\"{}\"", part.replace('"', "\"\"")),
        }
    }

    /// The rates table, inlined: `rows` of literals under the columns `names`.
    pub(super) fn inline(self, rows: &[Vec<String>], names: &[&str], scale: Scale) -> String {
        let body = |row: &Vec<String>| format!("({})", row.join(", "));
        let rows: Vec<String> = rows.iter().map(body).collect();
        let rows = rows.join(",\n    ");
        match self {
            Dialect::BigQuery => {
                let decimal = self.decimal(scale);
                let fields: Vec<String> = names
                    .iter()
                    .map(|n| {
                        let ty = match *n {
                            "name" | "model_id" | "mode" | "region" => "STRING",
                            "long_context" => "BOOL",
                            "above_tokens" => "INT64",
                            "valid_from" | "valid_until" => "DATE",
                            _ => &decimal,
                        };
                        format!("{n} {ty}")
                    })
                    .collect();
                format!(
                    "SELECT * FROM UNNEST(ARRAY<STRUCT<{}>>[\n    {rows}\n  ])",
                    fields.join(", ")
                )
            }
            Dialect::Spark => format!("SELECT * FROM VALUES\n    {rows}\n  AS rates ({})", names.join(", ")),
            _ => format!("SELECT * FROM (VALUES\n    {rows}\n  ) AS rates ({})", names.join(", ")),
        }
    }

    /// Microseconds from 1970-01-01 UTC to the time in `column`, counted as
    /// [`Dialect::utc_day`] counts its day.
    pub(super) fn epoch_micros(self, column: &str) -> String {
        match self {
            Dialect::DuckDb => format!("epoch_us({column})"),
            Dialect::Postgres => format!("EXTRACT(EPOCH FROM {column}) * 1000000"),
            Dialect::BigQuery => format!("UNIX_MICROS({column})"),
            Dialect::Snowflake => format!("DATE_PART(EPOCH_MICROSECOND, {column})"),
            Dialect::Spark => format!("unix_micros({column})"),
        }
    }

    /// The UTC calendar day of the time in `column`: an instant's day in
    /// UTC, whatever the session's time zone, and a time without a zone
    /// taken as UTC, as `usage price` reads one without an offset (the types
    /// each dialect takes are in docs/usage.md).
    pub(super) fn utc_day(self, column: &str) -> String {
        match self {
            // epoch_us counts a TIMESTAMP as UTC and a TIMESTAMPTZ from its
            // instant; make_timestamp gives the UTC time of the count.
            Dialect::DuckDb => format!("CAST(make_timestamp(epoch_us({column})) AS DATE)"),
            // EXTRACT(EPOCH) counts a timestamp as UTC and a timestamptz from its instant.
            Dialect::Postgres => {
                format!("DATE '1970-01-01' + CAST(FLOOR(EXTRACT(EPOCH FROM {column}) / 86400) AS INTEGER)")
            }
            Dialect::BigQuery => format!("DATE({column}, 'UTC')"),
            // EPOCH_SECOND counts a TIMESTAMP_NTZ as UTC, the others from their instant.
            Dialect::Snowflake => {
                format!("DATEADD(DAY, FLOOR(DATE_PART(EPOCH_SECOND, {column}) / 86400), DATE '1970-01-01')")
            }
            Dialect::Spark => format!("date_from_unix_date(CAST(FLOOR(unix_seconds({column}) / 86400) AS INT))"),
        }
    }
}
