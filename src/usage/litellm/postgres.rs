//! Spend logs read straight from the LiteLLM proxy's PostgreSQL database,
//! given as a `postgres://user:password@host:port/database` URL (the proxy's
//! `DATABASE_URL`). The connection is not encrypted (no TLS): reach a remote
//! server through a local socket or a tunnel.
//!
//! Rows come through a cursor (a portal fetched [`BATCH`] rows at a time, on
//! a thread of their own while the rows before are read), so memory stays
//! flat however many rows the table holds. The time window is
//! applied by the server on `"startTime"` (indexed by LiteLLM), so rows
//! outside it are never sent. Every column is read as PostgreSQL's text, the
//! same text a CSV export holds, so all sources share one mapping; the
//! session's time zone is UTC, so a `timestamptz` column reads as UTC too.

use super::columns::{self, COLUMNS, Column, TABLE};
use super::row::{Place, Row};
use super::tokens::USAGE_KEYS;
use crate::input::InputError;
use crate::usage::Window;
use postgres::{Client, Config, NoTls};
use serde_json::Value;
use std::str::FromStr;
use std::sync::mpsc::sync_channel;

/// Rows fetched from the server at a time.
const BATCH: i32 = 5_000;
/// Batches fetched ahead of the reading.
const AHEAD: usize = 2;

/// Hands each row of the spend-log table in `window` to `take`, oldest first.
pub(super) fn read(
    url: &str,
    window: &Window,
    take: &mut dyn FnMut(&Row, &Place) -> Result<(), InputError>,
) -> Result<(), InputError> {
    let config = Config::from_str(url).map_err(|e| {
        InputError::file("the database URL", format!("is not a PostgreSQL connection URL: {e}"))
            .with_hint("write it as postgres://user:password@host:5432/database")
    })?;
    let server = server_name(&config);
    let source = format!("{server} table \"{TABLE}\"");
    let fail = |what: &str, e: postgres::Error| InputError::file(&source, format!("{what}: {}", reason(&e)));
    let mut client = config.connect(NoTls).map_err(|e| {
        InputError::file(
            &server,
            format!("cannot connect to the PostgreSQL server: {}", reason(&e)),
        )
        .with_hint("check that the server runs, listens at that host and port, and accepts this user and password")
    })?;
    client
        .batch_execute("SET TIME ZONE 'UTC'")
        .map_err(|e| fail("cannot set the session's time zone", e))?;
    let present = table_columns(&mut client).map_err(|e| fail("cannot list the table's columns", e))?;
    if present.is_empty() {
        return Err(
            InputError::file(&server, format!("has no table \"{TABLE}\" in its search path"))
                .with_hint("connect to the database LiteLLM's proxy writes to (the proxy's DATABASE_URL)"),
        );
    }
    let names: Vec<&str> = present.iter().map(|(name, _)| name.as_str()).collect();
    if let Some(column) = COLUMNS.iter().find(|c| c.required() && !names.contains(&c.name())) {
        return Err(columns::missing(&source, *column, &names));
    }
    // A JSON `metadata` is sent as its usage keys only, each a column after
    // the others (`usage_of_metadata`); its own place is left empty.
    let cut = present
        .iter()
        .any(|(name, kind)| name == Column::Metadata.name() && matches!(kind.as_str(), "json" | "jsonb"));
    let select: Vec<String> = COLUMNS
        .iter()
        .map(|c| match present.iter().find(|(name, _)| name == c.name()) {
            Some(_) if *c == Column::Metadata && cut => "NULL::text".to_string(),
            Some(_) => format!("\"{}\"::text", c.name()),
            None => "NULL::text".to_string(),
        })
        .chain(cut.then(usage_of_metadata).into_iter().flatten())
        .collect();
    let (since, until) = (window.since.map(text_of), window.until.map(text_of));
    // Ordered by the table's own columns (`logs."startTime"`, not the text
    // column of that name the query returns), so that the server walks
    // LiteLLM's index on it and sends rows as it finds them, not after
    // sorting the whole table.
    let sql = format!(
        "SELECT {} FROM \"{TABLE}\" AS logs \
         WHERE ($1::text IS NULL OR logs.\"startTime\" >= CAST($1::text AS timestamp)) \
         AND ($2::text IS NULL OR logs.\"startTime\" < CAST($2::text AS timestamp)) \
         ORDER BY logs.\"startTime\", logs.request_id",
        select.join(", ")
    );
    let mut transaction = client.transaction().map_err(|e| fail("cannot start reading", e))?;
    let portal = transaction
        .bind(sql.as_str(), &[&since, &until])
        .map_err(|e| fail("cannot query the table", e))?;
    // One thread fetches the next rows while the other reads those fetched,
    // so that the server and the reading work at once.
    std::thread::scope(|scope| {
        let (send, receive) = sync_channel(AHEAD);
        scope.spawn(move || {
            loop {
                let batch = transaction.query_portal(&portal, BATCH);
                let last = batch.as_ref().map_or(true, Vec::is_empty);
                if send.send(batch).is_err() || last {
                    break;
                }
            }
        });
        let mut row = 0;
        for batch in receive {
            let batch = batch.map_err(|e| fail(&format!("the server stopped sending rows after row {row}"), e))?;
            for fetched in batch {
                row += 1;
                let place = Place {
                    source: source.clone(),
                    line: None,
                    row,
                };
                let text = |i: usize, column: Column| -> Result<Option<&str>, InputError> {
                    fetched
                        .try_get(i)
                        .map_err(|e| place.error(column.name(), format!("cannot be read as text: {}", reason(&e))))
                };
                let mut cells: [Value; COLUMNS.len()] = std::array::from_fn(|_| Value::Null);
                for (i, column) in COLUMNS.iter().enumerate() {
                    cells[i] = text(i, *column)?.map_or(Value::Null, |t| Value::String(t.to_string()));
                }
                if cut {
                    let mut object = String::from("{");
                    for (n, key) in USAGE_KEYS.iter().enumerate() {
                        let value = text(COLUMNS.len() + n, Column::Metadata)?.unwrap_or("null");
                        let comma = if n > 0 { ", " } else { "" };
                        object += &format!("{comma}\"{key}\": {value}");
                    }
                    object.push('}');
                    cells[Column::Metadata as usize] = Value::String(object);
                }
                take(&Row::new(cells), &place)?;
            }
        }
        Ok(())
    })
}

/// The columns of the spend-log table the session sees first on its search
/// path, and their types (`jsonb`, `text`, ...).
fn table_columns(client: &mut Client) -> Result<Vec<(String, String)>, postgres::Error> {
    let rows = client.query(
        "SELECT a.attname::text, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a \
         WHERE a.attrelid = to_regclass(quote_ident($1::text)) AND a.attnum > 0 AND NOT a.attisdropped \
         ORDER BY a.attnum",
        &[&TABLE],
    )?;
    Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
}

/// The keys of a JSON `metadata` column (`json` or `jsonb`) the tokens are
/// read from, a column each, as text: the rest of it (the caller's key, the
/// model's entry of the cost map, ...) is most of a row and never sent. A key
/// the metadata lacks, or metadata that is not an object, reads as null, as
/// in the whole metadata. Apart, not one object built by the server: that
/// costs the server more than the two keys (about 15% of its time on the
/// benchmark's rows).
fn usage_of_metadata() -> Vec<String> {
    USAGE_KEYS
        .iter()
        .map(|key| format!("(\"metadata\" -> '{key}')::text"))
        .collect()
}

/// The server a URL names, as messages and reports name it (no password).
pub(super) fn display(url: &str) -> String {
    Config::from_str(url).map_or_else(|_| "the database URL".to_string(), |c| server_name(&c))
}

/// The server as messages name it: `postgres://user@host:port/database`, without the password.
fn server_name(config: &Config) -> String {
    let host = match config.get_hosts().first() {
        Some(postgres::config::Host::Tcp(h)) => h.clone(),
        #[cfg(unix)]
        Some(postgres::config::Host::Unix(p)) => p.display().to_string(),
        None => "localhost".to_string(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432);
    let user = config.get_user().map(|u| format!("{u}@")).unwrap_or_default();
    let db = config.get_dbname().unwrap_or_default();
    format!("postgres://{user}{host}:{port}/{db}")
}

/// What went wrong, with its cause: the server's message or the system's.
fn reason(e: &postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        return db.message().to_string();
    }
    let mut text = e.to_string();
    let mut cause = std::error::Error::source(e);
    while let Some(c) = cause {
        let more = c.to_string();
        if !text.contains(&more) {
            text = format!("{text}: {more}");
        }
        cause = c.source();
    }
    text
}

/// A window bound as PostgreSQL reads a `timestamp` written in UTC.
fn text_of(at: chrono::DateTime<chrono::Utc>) -> String {
    at.format("%Y-%m-%d %H:%M:%S%.f").to_string()
}
