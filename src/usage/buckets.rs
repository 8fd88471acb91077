//! The time-bucketed shape OpenAI's and Anthropic's usage and cost reports
//! share: a report's `data` is a list of buckets, each with a start, an end
//! and its `results`.

use crate::input::InputError;
use crate::input::json::Obj;
use chrono::{DateTime, Utc};

/// How a report writes its buckets' times.
#[derive(Debug, Clone, Copy)]
pub enum Times {
    /// `start_time` and `end_time` in Unix seconds (OpenAI).
    UnixSeconds,
    /// `starting_at` and `ending_at` in RFC 3339 (Anthropic).
    Rfc3339,
}

/// One result of a bucket, with the bucket's start (inclusive) and end (exclusive).
pub struct Bucketed<'a> {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub result: Obj<'a>,
}

/// Every result of every bucket of `report`; `hint` says what to do when a
/// field the shape requires is missing.
pub fn results<'a>(report: &Obj<'a>, times: Times, hint: &str) -> Result<Vec<Bucketed<'a>>, InputError> {
    let mut out = Vec::new();
    for bucket in report.require("data", Obj::objects, hint)? {
        let (start, end) = match times {
            Times::UnixSeconds => (
                bucket.require("start_time", Obj::unix_time, hint)?,
                bucket.require("end_time", Obj::unix_time, hint)?,
            ),
            Times::Rfc3339 => (
                bucket.require("starting_at", Obj::rfc3339, hint)?,
                bucket.require("ending_at", Obj::rfc3339, hint)?,
            ),
        };
        for result in bucket.require("results", Obj::objects, hint)? {
            out.push(Bucketed { start, end, result });
        }
    }
    Ok(out)
}
