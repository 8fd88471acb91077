//! The columns of LiteLLM's `LiteLLM_SpendLogs` table this reader takes, as
//! the proxy's Prisma schema names them (docs/usage-sources.md cites the
//! schema). Prisma keeps camelCase names, so in SQL `"startTime"` is a quoted
//! identifier; a CSV header or JSON key spells it `startTime`.

use crate::input::InputError;

/// The table LiteLLM's proxy writes one row per call into.
pub(super) const TABLE: &str = "LiteLLM_SpendLogs";

/// A column the reader takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Column {
    RequestId,
    StartTime,
    Model,
    PromptTokens,
    CompletionTokens,
    Spend,
    Metadata,
    RequestTags,
    TeamId,
    EndUser,
    User,
    ApiKey,
    CacheHit,
    Status,
}

/// Every column taken, in the order rows carry them: the order of [`Column`],
/// so `column as usize` is a column's place.
pub(super) const COLUMNS: [Column; 14] = [
    Column::RequestId,
    Column::StartTime,
    Column::Model,
    Column::PromptTokens,
    Column::CompletionTokens,
    Column::Spend,
    Column::Metadata,
    Column::RequestTags,
    Column::TeamId,
    Column::EndUser,
    Column::User,
    Column::ApiKey,
    Column::CacheHit,
    Column::Status,
];

impl Column {
    /// The column's name in the table, a CSV header and a JSON row.
    pub(super) fn name(self) -> &'static str {
        match self {
            Column::RequestId => "request_id",
            Column::StartTime => "startTime",
            Column::Model => "model",
            Column::PromptTokens => "prompt_tokens",
            Column::CompletionTokens => "completion_tokens",
            Column::Spend => "spend",
            Column::Metadata => "metadata",
            Column::RequestTags => "request_tags",
            Column::TeamId => "team_id",
            Column::EndUser => "end_user",
            Column::User => "user",
            Column::ApiKey => "api_key",
            Column::CacheHit => "cache_hit",
            Column::Status => "status",
        }
    }

    /// Whether a source without this column cannot be read. Every LiteLLM
    /// release has had these; the others were added over time, and a call
    /// without them has no cache detail, labels or tags.
    pub(super) fn required(self) -> bool {
        matches!(
            self,
            Column::RequestId
                | Column::StartTime
                | Column::Model
                | Column::PromptTokens
                | Column::CompletionTokens
                | Column::Spend
        )
    }
}

/// The error for a source that lacks a required column: it names the column,
/// the closest name the source has, and what a spend-log export holds.
pub(super) fn missing(source: &str, column: Column, present: &[&str]) -> InputError {
    let mut hint = String::new();
    if let Some(close) = crate::input::closest(column.name(), present.iter().copied(), 1).first() {
        hint.push_str(&format!("did you mean `{close}`? "));
    }
    hint.push_str(&format!(
        "a LiteLLM spend log needs the columns {} of the table \"{TABLE}\", named as LiteLLM names them; export the whole table so every column is there",
        COLUMNS
            .iter()
            .filter(|c| c.required())
            .map(|c| format!("`{}`", c.name()))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    let mut err = InputError::file(source, format!("has no column `{}`", column.name())).with_hint(hint);
    err.field = Some(column.name().to_string());
    err
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_columns_place_is_its_index() {
        for (i, column) in COLUMNS.iter().enumerate() {
            assert_eq!(*column as usize, i, "{}", column.name());
        }
    }
}
