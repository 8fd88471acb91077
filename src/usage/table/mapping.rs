//! Which column of a table holds each field of a usage record: the `--map`
//! text (`input_tokens=prompt_tokens,output_tokens=completion_tokens`) and the
//! mapping file (the same entries as YAML), both read by [`Mapping::entry`];
//! the conventions a table counts tokens by (does `input_tokens` include
//! cached tokens? does `output_tokens` include reasoning?); and the shape that
//! turns a mapped row into a record. docs/usage-sources.md shows the format.

use super::{Cell, CellError, Kind, Row, Shape, Slot, count, flag, money, tags, text, time};
use crate::input::{Field, InputError, Source, closest};
use crate::usage::{Origin, Usage, UsageTokens};
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

/// A field of the record that a column can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Target {
    Time,
    Model,
    Requests,
    Input,
    CacheRead,
    CacheWrite5m,
    CacheWrite1h,
    Output,
    Reasoning,
    Batch,
    ServiceTier,
    Cost,
    Tags,
    Prompt,
    Id,
}

/// The token counts' fields, in the order `UsageTokens::from` takes them.
pub(crate) const COUNTS: [Target; 6] = [
    Target::Input,
    Target::CacheRead,
    Target::CacheWrite5m,
    Target::CacheWrite1h,
    Target::Output,
    Target::Reasoning,
];

/// Every field by its mapping name, what it holds, and whether a table must have it.
const TARGETS: [(&str, Target, Kind, bool); 15] = [
    ("time", Target::Time, Kind::Time, true),
    ("model", Target::Model, Kind::Text, true),
    ("requests", Target::Requests, Kind::Count, false),
    ("input_tokens", Target::Input, Kind::Count, true),
    ("cache_read_tokens", Target::CacheRead, Kind::Count, false),
    ("cache_write_5m_tokens", Target::CacheWrite5m, Kind::Count, false),
    ("cache_write_1h_tokens", Target::CacheWrite1h, Kind::Count, false),
    ("output_tokens", Target::Output, Kind::Count, true),
    ("reasoning_tokens", Target::Reasoning, Kind::Count, false),
    ("batch", Target::Batch, Kind::Flag, false),
    ("service_tier", Target::ServiceTier, Kind::Text, false),
    ("cost", Target::Cost, Kind::Money, false),
    ("tags", Target::Tags, Kind::Tags, false),
    ("prompt", Target::Prompt, Kind::Text, false),
    ("id", Target::Id, Kind::Text, false),
];

/// The prefix of a label's entry: `label.team=team_id`.
const LABEL: &str = "label.";
/// The convention options.
const INPUT_INCLUDES_CACHE: &str = "input_includes_cache";
const OUTPUT_INCLUDES_REASONING: &str = "output_includes_reasoning";

/// The columns of a table's fields and its token conventions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mapping {
    columns: BTreeMap<Target, String>,
    /// Label name → column.
    labels: BTreeMap<String, String>,
    /// Whether `input_tokens` counts every prompt token, cache reads and writes included.
    input_includes_cache: Option<bool>,
    /// Whether `output_tokens` counts reasoning tokens too.
    output_includes_reasoning: Option<bool>,
}

/// A `--map` entry that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct MapError {
    /// The entry as written.
    pub entry: String,
    pub message: String,
    pub hint: Option<String>,
}

impl fmt::Display for MapError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}`: {}", self.entry, self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// Why an entry cannot be read: the words and a hint.
type EntryError = (String, Option<String>);

impl Mapping {
    /// Reads `--map` text: entries `FIELD=COLUMN` or `OPTION=true|false`
    /// separated by commas (`input_tokens=prompt_tokens,label.team=team_id`).
    pub fn parse_map(text: &str) -> Result<Self, MapError> {
        let mut mapping = Self::default();
        for entry in text.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            let fail = |(message, hint): EntryError| MapError {
                entry: entry.to_string(),
                message,
                hint,
            };
            let (key, value) = entry.split_once('=').ok_or_else(|| {
                fail((
                    "is not FIELD=COLUMN".into(),
                    Some("write each entry as FIELD=COLUMN, such as input_tokens=prompt_tokens".into()),
                ))
            })?;
            mapping.entry(key.trim(), value.trim()).map_err(fail)?;
        }
        Ok(mapping)
    }

    /// Reads a mapping file: a YAML mapping of the same entries as `--map`.
    pub fn load(path: &Path) -> Result<Self, InputError> {
        let source = Source::read(path, "usage mapping")?;
        let entries: BTreeMap<String, serde_yaml::Value> = source.parse("usage mapping")?;
        let mut mapping = Self::default();
        for (key, value) in &entries {
            let written = match value {
                serde_yaml::Value::String(s) => s.clone(),
                serde_yaml::Value::Bool(b) => b.to_string(),
                serde_yaml::Value::Number(n) => n.to_string(),
                _ => {
                    return Err(source
                        .error(&Field::named(key), "expected a column name (text)")
                        .with_hint(format!("write `{key}: COLUMN`")));
                }
            };
            mapping.entry(key, &written).map_err(|(message, hint)| {
                let e = source.error(&Field::named(key), message);
                InputError { hint, ..e }
            })?;
        }
        Ok(mapping)
    }

    /// This mapping with `over`'s entries replacing its own (a `--map` over a file).
    pub fn overridden_by(mut self, over: Mapping) -> Self {
        self.columns.extend(over.columns);
        self.labels.extend(over.labels);
        self.input_includes_cache = over.input_includes_cache.or(self.input_includes_cache);
        self.output_includes_reasoning = over.output_includes_reasoning.or(self.output_includes_reasoning);
        self
    }

    /// Takes one entry: a field's column, a label's column, or an option.
    fn entry(&mut self, key: &str, value: &str) -> Result<(), EntryError> {
        if value.is_empty() {
            return Err((format!("`{key}` names no column"), Some(format!("write {key}=COLUMN"))));
        }
        let option = |value: &str| match value {
            "true" => Ok(Some(true)),
            "false" => Ok(Some(false)),
            _ => Err((
                format!("`{value}` is not true or false"),
                Some(format!("write {key}=true or {key}=false")),
            )),
        };
        match key {
            INPUT_INCLUDES_CACHE => self.input_includes_cache = option(value)?,
            OUTPUT_INCLUDES_REASONING => self.output_includes_reasoning = option(value)?,
            _ => match key.strip_prefix(LABEL) {
                Some("") => {
                    return Err((
                        "a label needs a name".into(),
                        Some("write label.NAME=COLUMN, such as label.team=team_id".into()),
                    ));
                }
                Some(label) => {
                    self.labels.insert(label.to_string(), value.to_string());
                }
                None => {
                    let (_, target, _, _) = TARGETS.iter().find(|t| t.0 == key).ok_or_else(|| unknown_key(key))?;
                    self.columns.insert(*target, value.to_string());
                }
            },
        }
        Ok(())
    }

    /// The shape of a table with these `columns` (in `file`): every field's
    /// column found, the conventions stated where the table needs them.
    pub(crate) fn resolve(&self, columns: &[String], file: &str) -> Result<Mapped, InputError> {
        let listed = columns.join(", ");
        let mut slots = Vec::new();
        let mut fields = Vec::new();
        for &(name, target, kind, required) in &TARGETS {
            let column = match self.columns.get(&target) {
                Some(column) if columns.contains(column) => column.clone(),
                Some(column) => {
                    let near = closest(column, columns.iter().map(String::as_str), 1);
                    let near = near
                        .first()
                        .map(|c| format!("did you mean `{c}`? "))
                        .unwrap_or_default();
                    return Err(
                        InputError::file(file, format!("has no column `{column}` (mapped to `{name}`)")).with_hint(
                            format!("{near}change the entry {name}={column}; the columns are: {listed}"),
                        ),
                    );
                }
                // A column named like the field holds it unless the mapping says otherwise.
                None if columns.iter().any(|c| c == name) => name.to_string(),
                None if required => {
                    return Err(InputError::file(
                        file,
                        format!("has no column for `{name}`, which a usage record needs"),
                    )
                    .with_hint(format!(
                        "add --map {name}=COLUMN (or `{name}: COLUMN` in the mapping file); the columns are: {listed}"
                    )));
                }
                None => continue,
            };
            fields.push((target, slots.len()));
            slots.push(Slot { column, kind });
        }
        let mut labels = Vec::new();
        for (label, column) in &self.labels {
            if !columns.contains(column) {
                return Err(
                    InputError::file(file, format!("has no column `{column}` (mapped to `label.{label}`)")).with_hint(
                        format!("change the entry label.{label}={column}; the columns are: {listed}"),
                    ),
                );
            }
            labels.push((label.clone(), slots.len()));
            slots.push(Slot {
                column: column.clone(),
                kind: Kind::Text,
            });
        }
        let has = |t: Target| fields.iter().any(|(f, _)| *f == t);
        let input_includes_cache = match self.input_includes_cache {
            Some(stated) => stated,
            None if [Target::CacheRead, Target::CacheWrite5m, Target::CacheWrite1h]
                .into_iter()
                .any(has) =>
            {
                return Err(convention_missing(
                    file,
                    "cache tokens",
                    "input_tokens",
                    INPUT_INCLUDES_CACHE,
                    "cached tokens",
                ));
            }
            None => false,
        };
        let output_includes_reasoning = match self.output_includes_reasoning {
            Some(stated) => stated,
            None if has(Target::Reasoning) => {
                return Err(convention_missing(
                    file,
                    "reasoning tokens",
                    "output_tokens",
                    OUTPUT_INCLUDES_REASONING,
                    "reasoning tokens",
                ));
            }
            None => false,
        };
        Ok(Mapped {
            slots,
            fields,
            labels,
            input_includes_cache,
            output_includes_reasoning,
        })
    }
}

fn unknown_key(key: &str) -> EntryError {
    let known = TARGETS
        .iter()
        .map(|t| t.0)
        .chain([INPUT_INCLUDES_CACHE, OUTPUT_INCLUDES_REASONING]);
    let near = closest(key, known.clone(), 1);
    let hint = match near.first() {
        Some(best) => format!("did you mean `{best}`? (a label is label.NAME)"),
        None => format!(
            "the fields are {}, and label.NAME for a label",
            known.collect::<Vec<_>>().join(", ")
        ),
    };
    (format!("`{key}` is not a field of a usage record"), Some(hint))
}

fn convention_missing(file: &str, what: &str, field: &str, option: &str, counted: &str) -> InputError {
    InputError::file(
        file,
        format!("the mapping gives {what} but does not say whether `{field}` counts them"),
    )
    .with_hint(format!(
        "add {option}=true if `{field}` holds every token, {counted} included, or {option}=false if it leaves them out"
    ))
}

/// A mapping resolved against one table's columns: the shape of its rows.
#[derive(Debug, Clone)]
pub(crate) struct Mapped {
    slots: Vec<Slot>,
    /// Each mapped field and its slot.
    fields: Vec<(Target, usize)>,
    /// Each label and its slot.
    labels: Vec<(String, usize)>,
    input_includes_cache: bool,
    output_includes_reasoning: bool,
}

impl Mapped {
    /// The slot of a field, when the table maps it.
    pub(crate) fn slot_of(&self, target: Target) -> Option<usize> {
        self.fields.iter().find(|(t, _)| *t == target).map(|(_, slot)| *slot)
    }

    /// Each label and its slot.
    pub(crate) fn labels(&self) -> &[(String, usize)] {
        &self.labels
    }

    /// `tokens` as read, split the way a bill prices them: cached tokens
    /// taken off the input and reasoning tokens off the output where the
    /// table's counts include them (read from slots `input_slot` and `output_slot`).
    pub(crate) fn conventions(
        &self,
        mut tokens: UsageTokens,
        input_slot: usize,
        output_slot: usize,
    ) -> Result<UsageTokens, CellError> {
        if self.input_includes_cache {
            let cached = tokens.cache_read as u128 + tokens.cache_write_5m as u128 + tokens.cache_write_1h as u128;
            tokens.input = (tokens.input as u128).checked_sub(cached).map(|n| n as u64).ok_or_else(|| {
            CellError::new(
                input_slot,
                format!(
                    "{} prompt tokens are fewer than the {cached} cached tokens (read and written) of the same row",
                    tokens.input
                ),
            )
            .with_hint("input_includes_cache=true says the prompt count includes cached tokens; check the mapping of the cache columns")
        })?;
        }
        if self.output_includes_reasoning {
            tokens.output = tokens.output.checked_sub(tokens.reasoning).ok_or_else(|| {
                CellError::new(
                    output_slot,
                    format!(
                        "{} output tokens are fewer than the {} reasoning tokens of the same row",
                        tokens.output, tokens.reasoning
                    ),
                )
                .with_hint("output_includes_reasoning=true says the output count includes reasoning tokens")
            })?;
        }
        Ok(tokens)
    }

    fn required_count(&self, cell: &Cell, slot: usize) -> Result<u64, CellError> {
        count(cell)
            .map_err(|m| CellError::new(slot, m))?
            .ok_or_else(|| CellError::new(slot, "is empty; a token count is needed"))
    }
}

impl Shape for Mapped {
    fn slots(&self) -> &[Slot] {
        &self.slots
    }

    fn reads_ids(&self) -> bool {
        self.slot_of(Target::Id).is_some()
    }

    fn build(&self, row: &dyn Row, origin: Origin) -> Result<Option<Usage>, CellError> {
        let mut tokens = UsageTokens::default();
        let mut usage = Usage {
            origin,
            start: Default::default(),
            model: String::new(),
            requests: 1,
            tokens: UsageTokens::default(),
            unpriced: BTreeMap::new(),
            long_context: None,
            batch: false,
            service_tier: None,
            recorded_cost: None,
            labels: BTreeMap::new(),
            tags: Vec::new(),
            prompt: None,
            id: None,
        };
        let (mut input_slot, mut output_slot) = (0, 0);
        for &(target, slot) in &self.fields {
            let cell = &row.cell(slot)?;
            let fail = |m: String| CellError::new(slot, m);
            let optional = || count(cell).map(Option::unwrap_or_default).map_err(fail);
            match target {
                Target::Time => {
                    usage.start = time(cell)
                        .map_err(fail)?
                        .ok_or_else(|| CellError::new(slot, "is empty; each call needs its time"))?;
                }
                Target::Model => {
                    usage.model = text(cell)
                        .map_err(fail)?
                        .ok_or_else(|| CellError::new(slot, "is empty; each call needs its model"))?;
                }
                Target::Requests => usage.requests = count(cell).map_err(fail)?.unwrap_or(1),
                Target::Input => {
                    input_slot = slot;
                    tokens.input = self.required_count(cell, slot)?;
                }
                Target::CacheRead => tokens.cache_read = optional()?,
                Target::CacheWrite5m => tokens.cache_write_5m = optional()?,
                Target::CacheWrite1h => tokens.cache_write_1h = optional()?,
                Target::Output => {
                    output_slot = slot;
                    tokens.output = self.required_count(cell, slot)?;
                }
                Target::Reasoning => tokens.reasoning = optional()?,
                Target::Batch => usage.batch = flag(cell).map_err(fail)?.unwrap_or(false),
                Target::ServiceTier => usage.service_tier = text(cell).map_err(fail)?,
                Target::Cost => usage.recorded_cost = money(cell).map_err(fail)?,
                Target::Tags => usage.tags = tags(cell).map_err(fail)?,
                Target::Prompt => usage.prompt = text(cell).map_err(fail)?,
                Target::Id => usage.id = text(cell).map_err(fail)?,
            }
        }
        usage.tokens = self.conventions(tokens, input_slot, output_slot)?;
        for (label, slot) in &self.labels {
            if let Some(value) = text(&row.cell(*slot)?).map_err(|m| CellError::new(*slot, m))? {
                usage.labels.insert(label.clone(), value);
            }
        }
        Ok(Some(usage))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn columns(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn map_text_names_fields_labels_and_options() {
        let m = Mapping::parse_map(
            "input_tokens=prompt_tokens, output_tokens=completion_tokens,label.team=team_id,input_includes_cache=true",
        )
        .unwrap();
        assert_eq!(m.columns.get(&Target::Input).map(String::as_str), Some("prompt_tokens"));
        assert_eq!(
            m.columns.get(&Target::Output).map(String::as_str),
            Some("completion_tokens")
        );
        assert_eq!(m.labels.get("team").map(String::as_str), Some("team_id"));
        assert_eq!(m.input_includes_cache, Some(true));
    }

    #[test]
    fn bad_map_entries_say_what_to_write() {
        let e = Mapping::parse_map("input_tokns=prompt_tokens").unwrap_err();
        assert_eq!(e.entry, "input_tokns=prompt_tokens");
        assert_eq!(e.message, "`input_tokns` is not a field of a usage record");
        assert_eq!(
            e.hint.as_deref(),
            Some("did you mean `input_tokens`? (a label is label.NAME)")
        );
        let e = Mapping::parse_map("model").unwrap_err();
        assert_eq!(e.message, "is not FIELD=COLUMN");
        let e = Mapping::parse_map("input_includes_cache=yes").unwrap_err();
        assert_eq!(e.message, "`yes` is not true or false");
        let e = Mapping::parse_map("model=").unwrap_err();
        assert_eq!(e.message, "`model` names no column");
    }

    #[test]
    fn columns_named_like_fields_need_no_entry() {
        let m = Mapping::default();
        let shape = m
            .resolve(
                &columns(&["time", "model", "input_tokens", "output_tokens", "extra"]),
                "t.csv",
            )
            .unwrap();
        let names: Vec<&str> = shape.slots.iter().map(|s| s.column.as_str()).collect();
        assert_eq!(names, ["time", "model", "input_tokens", "output_tokens"]);
    }

    #[test]
    fn a_missing_required_column_says_which_entry_to_add() {
        let e = Mapping::default()
            .resolve(&columns(&["time", "model", "prompt_tokens", "output_tokens"]), "t.csv")
            .unwrap_err();
        assert_eq!(
            e.message,
            "has no column for `input_tokens`, which a usage record needs"
        );
        assert_eq!(
            e.hint.as_deref(),
            Some(
                "add --map input_tokens=COLUMN (or `input_tokens: COLUMN` in the mapping file); the columns are: time, model, prompt_tokens, output_tokens"
            )
        );
        let m = Mapping::parse_map("input_tokens=prompt_tokns").unwrap();
        let e = m
            .resolve(&columns(&["time", "model", "prompt_tokens", "output_tokens"]), "t.csv")
            .unwrap_err();
        assert_eq!(e.message, "has no column `prompt_tokns` (mapped to `input_tokens`)");
        assert!(
            e.hint
                .unwrap()
                .starts_with("did you mean `prompt_tokens`? change the entry input_tokens=prompt_tokns")
        );
    }

    #[test]
    fn cache_columns_need_the_convention_stated() {
        let cols = columns(&["time", "model", "input_tokens", "output_tokens", "cache_read_tokens"]);
        let e = Mapping::default().resolve(&cols, "t.csv").unwrap_err();
        assert_eq!(
            e.message,
            "the mapping gives cache tokens but does not say whether `input_tokens` counts them"
        );
        assert!(
            Mapping::parse_map("input_includes_cache=false")
                .unwrap()
                .resolve(&cols, "t.csv")
                .is_ok()
        );
    }

    #[test]
    fn map_entries_override_a_file() {
        let file = Mapping::parse_map("model=m,input_tokens=a").unwrap();
        let over = Mapping::parse_map("input_tokens=b").unwrap();
        let m = file.overridden_by(over);
        assert_eq!(m.columns.get(&Target::Input).map(String::as_str), Some("b"));
        assert_eq!(m.columns.get(&Target::Model).map(String::as_str), Some("m"));
    }
}
