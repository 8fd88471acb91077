//! One spend-log row, whatever it was read from, turned into a [`Usage`]:
//! the one mapping every source of the table (the database, a CSV or a JSON
//! export) goes through. Cells arrive as JSON values: text from the database
//! and CSV, and whatever a JSON export holds (numbers, nested objects).

use super::columns::{COLUMNS, Column};
use super::time::parse_start;
use super::tokens::{self, USAGE_KEYS};
use crate::input::InputError;
use crate::usage::{Origin, Usage};
use serde::Deserialize;
use serde_json::Value;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// The keys of a row's `metadata` its tokens are read from ([`USAGE_KEYS`],
/// in that order); any other key is passed over while reading. A key given
/// twice makes it fail, and the metadata is then read whole.
#[derive(Deserialize)]
struct StoredUsage {
    usage_object: Option<Value>,
    additional_usage_values: Option<Value>,
}

/// Where a row is: its source, its line in a text file, and its row number.
#[derive(Debug, Clone)]
pub(super) struct Place {
    pub source: String,
    /// 1-based line of a CSV or JSON-lines file.
    pub line: Option<u64>,
    /// 1-based row among the source's rows.
    pub row: u64,
}

impl Place {
    /// The record's origin: the line where there is one, else the row.
    pub(super) fn origin(&self) -> Origin {
        Origin {
            source: self.source.clone(),
            line: Some(self.line.unwrap_or(self.row)),
        }
    }

    /// An error about this row as a whole; a row without a line is named by number.
    pub(super) fn problem(&self, message: impl Into<String>) -> InputError {
        let message = message.into();
        InputError {
            file: self.source.clone(),
            line: self.line.map(|l| l as usize),
            field: None,
            message: match self.line {
                Some(_) => message,
                None => format!("row {}: {message}", self.row),
            },
            hint: None,
        }
    }

    /// An error about `field` of this row.
    pub(super) fn error(&self, field: &str, message: impl Into<String>) -> InputError {
        InputError {
            field: Some(field.to_string()),
            ..self.problem(message)
        }
    }
}

/// The cells of one row, by column; a missing or empty cell is `Null`.
#[derive(Debug, Clone)]
pub(super) struct Row {
    cells: [Value; COLUMNS.len()],
}

impl Row {
    /// A row from its cells, given for each column in [`COLUMNS`] order.
    pub(super) fn new(cells: [Value; COLUMNS.len()]) -> Self {
        Self { cells }
    }

    fn cell(&self, column: Column) -> &Value {
        &self.cells[column as usize]
    }

    /// The text of a cell; `None` when it is empty.
    fn text(&self, column: Column, place: &Place) -> Result<Option<String>, InputError> {
        match self.cell(column) {
            Value::Null => Ok(None),
            Value::String(s) if s.is_empty() => Ok(None),
            Value::String(s) => Ok(Some(s.clone())),
            Value::Number(n) => Ok(Some(n.to_string())),
            Value::Bool(b) => Ok(Some(if *b { "True" } else { "False" }.to_string())),
            other => Err(place.error(column.name(), format!("expected text, found {other}"))),
        }
    }

    fn required_text(&self, column: Column, place: &Place) -> Result<String, InputError> {
        self.text(column, place)?
            .ok_or_else(|| place.error(column.name(), "is empty; every spend-log row has one"))
    }

    /// A cell holding JSON: a nested value in a JSON export, JSON text elsewhere.
    fn json(&self, column: Column, place: &Place) -> Result<Option<Value>, InputError> {
        match self.cell(column) {
            Value::Null => Ok(None),
            Value::String(s) if s.is_empty() => Ok(None),
            Value::String(s) => serde_json::from_str(s)
                .map(Some)
                .map_err(|e| place.error(column.name(), format!("is not valid JSON ({e}); is the row cut short?"))),
            other => Ok(Some(other.clone())),
        }
    }

    /// `metadata`, where it is JSON text of an object, with only the keys the
    /// tokens are read from (`tokens.rs`): the rest of it, often large (the
    /// caller's key, headers, its own metadata), is checked to be JSON and
    /// passed over. Anything else is read whole, as `json` reads it.
    fn metadata(&self, place: &Place) -> Result<Option<Cow<'_, Value>>, InputError> {
        if let Value::String(s) = self.cell(Column::Metadata)
            && s.trim_start().starts_with('{')
            && let Ok(usage) = serde_json::from_str::<StoredUsage>(s)
        {
            let kept = USAGE_KEYS
                .into_iter()
                .zip([usage.usage_object, usage.additional_usage_values])
                .filter_map(|(key, value)| Some((key.to_string(), value?)))
                .collect();
            return Ok(Some(Cow::Owned(Value::Object(kept))));
        }
        match self.cell(Column::Metadata) {
            Value::String(_) => Ok(self.json(Column::Metadata, place)?.map(Cow::Owned)),
            Value::Null => Ok(None),
            nested => Ok(Some(Cow::Borrowed(nested))),
        }
    }

    /// Whether LiteLLM answered the call from its own cache (`cache_hit` is
    /// `True`): no provider was called, so nothing is billed.
    pub(super) fn cache_hit(&self, place: &Place) -> Result<bool, InputError> {
        Ok(self
            .text(Column::CacheHit, place)?
            .is_some_and(|t| t.eq_ignore_ascii_case("true")))
    }

    /// Whether the call failed (`status` is `failure`): LiteLLM logs failed
    /// calls too, with no tokens and no spend.
    pub(super) fn failed(&self, place: &Place) -> Result<bool, InputError> {
        Ok(self
            .text(Column::Status, place)?
            .is_some_and(|t| t.eq_ignore_ascii_case("failure")))
    }

    /// When the call started, in UTC.
    pub(super) fn start(&self, place: &Place) -> Result<chrono::DateTime<chrono::Utc>, InputError> {
        let text = self.required_text(Column::StartTime, place)?;
        parse_start(&text).map_err(|m| place.error(Column::StartTime.name(), m))
    }

    /// The row as a usage record.
    pub(super) fn to_usage(&self, place: &Place) -> Result<Usage, InputError> {
        let id = self.required_text(Column::RequestId, place)?;
        let start = self.start(place)?;
        let prompt = self.tokens(Column::PromptTokens, place)?;
        let completion = self.tokens(Column::CompletionTokens, place)?;
        let metadata = self.metadata(place)?;
        let tokens = tokens::split(prompt, completion, metadata.as_deref(), place)?;
        let recorded_cost = match self.text(Column::Spend, place)? {
            Some(text) => Some(crate::input::parse_decimal(&text).map_err(|m| place.error(Column::Spend.name(), m))?),
            None => None,
        };
        let mut labels = BTreeMap::new();
        for (column, label) in [
            (Column::TeamId, "team"),
            (Column::EndUser, "end_user"),
            (Column::User, "user"),
            (Column::ApiKey, "api_key"),
        ] {
            if let Some(value) = self.text(column, place)? {
                labels.insert(label.to_string(), value);
            }
        }
        Ok(Usage {
            origin: place.origin(),
            start,
            model: self.text(Column::Model, place)?.unwrap_or_default(),
            requests: 1,
            tokens,
            batch: false,
            service_tier: None,
            recorded_cost,
            labels,
            tags: self.tags(place)?,
            prompt: None,
            id: Some(id),
            unpriced: BTreeMap::new(),
            long_context: None,
        })
    }

    /// A token count column: a whole number of 0 or more.
    fn tokens(&self, column: Column, place: &Place) -> Result<u64, InputError> {
        match self.cell(column) {
            Value::Null => Err(place.error(column.name(), "is empty; every spend-log row has one")),
            Value::String(s) if s.is_empty() => {
                Err(place.error(column.name(), "is empty; every spend-log row has one"))
            }
            value => whole(value, column.name(), place),
        }
    }

    /// `request_tags`: a JSON list; tags that are not text are kept as their JSON.
    fn tags(&self, place: &Place) -> Result<Vec<String>, InputError> {
        match self.json(Column::RequestTags, place)? {
            None => Ok(Vec::new()),
            Some(Value::Array(items)) => Ok(items
                .into_iter()
                .filter(|v| !v.is_null())
                .map(|v| match v {
                    Value::String(s) => s,
                    other => other.to_string(),
                })
                .collect()),
            Some(other) => Err(place.error(
                Column::RequestTags.name(),
                format!("expected a JSON list of tags, found {other}"),
            )),
        }
    }
}

/// A token count held in `value` (a JSON number or its text): a whole number
/// of 0 or more, else an error naming `field` and the value.
pub(super) fn whole(value: &Value, field: &str, place: &Place) -> Result<u64, InputError> {
    let text = match value {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        other => other.to_string(),
    };
    if let Ok(n) = text.parse::<u64>() {
        return Ok(n);
    }
    let message = if text.parse::<i64>().is_ok() || text.parse::<f64>().is_ok_and(|f| f < 0.0) {
        format!("`{text}` is negative; a token count is a whole number of 0 or more")
    } else {
        format!("`{text}` is not a whole number of tokens")
    };
    Err(place.error(field, message))
}

#[cfg(test)]
impl Place {
    /// Line 2 of `spend.csv`, its first row: where tests' rows are.
    pub(super) fn example() -> Self {
        Place {
            source: "spend.csv".into(),
            line: Some(2),
            row: 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn with_metadata(text: &str) -> Row {
        let mut cells: [Value; COLUMNS.len()] = std::array::from_fn(|_| Value::Null);
        cells[Column::Metadata as usize] = Value::String(text.to_string());
        Row::new(cells)
    }

    fn place() -> Place {
        Place::example()
    }

    #[test]
    fn metadata_text_keeps_only_the_usage_keys() {
        let row = with_metadata(r#"{"user_api_key": "abc", "usage_object": {"a": 1}, "status": "success"}"#);
        let kept = row.metadata(&place()).unwrap().unwrap();
        assert_eq!(*kept, json!({"usage_object": {"a": 1}}));
    }

    #[test]
    fn metadata_that_is_not_a_plain_object_is_read_whole() {
        // A key given twice: the last one, as a JSON value keeps it.
        let row = with_metadata(r#"{"usage_object": {"a": 1}, "usage_object": {"a": 2}}"#);
        assert_eq!(
            *row.metadata(&place()).unwrap().unwrap(),
            json!({"usage_object": {"a": 2}})
        );
        let row = with_metadata(r#"[{"usage_object": {"a": 1}}]"#);
        assert_eq!(
            *row.metadata(&place()).unwrap().unwrap(),
            json!([{"usage_object": {"a": 1}}])
        );
        assert_eq!(with_metadata("").metadata(&place()).unwrap(), None);
        let bad = with_metadata(r#"{"usage_object": {"a": 1}"#)
            .metadata(&place())
            .unwrap_err();
        assert_eq!(bad.field.as_deref(), Some("metadata"));
    }
}
