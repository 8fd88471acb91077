//! A YAML document and its name: parsing into serde types (the crate's only YAML
//! parser calls) and errors located at a field's line. Before the typed parse a
//! document is scanned (size, depth, tags: `scan`), parsed once as plain values to
//! refuse duplicate keys (the YAML spec forbids them; serde would keep the last),
//! and, when it uses merge keys (`<<: *base`), merged.

use super::error::{Field, InputError, Seg};
use super::kind::looks_like;
use super::locate::{key_lines, line_of};
use super::read::read_text;
use super::scan;
use super::suggest::closest;
use super::wording::whole_number;
use serde::de::DeserializeOwned;
use serde_yaml::Value;
use std::path::Path;

/// The significant digits a number keeps in a document with merge keys, which
/// are applied on parsed values (numbers as 64-bit floats).
const MERGE_DIGITS: usize = 15;

/// The text of one input file, kept to locate errors found after parsing.
#[derive(Debug, Clone)]
pub struct Source {
    /// The file as the user named it (or `embedded:...` for built-in data).
    pub name: String,
    pub text: String,
}

impl Source {
    /// A document from its text; a leading byte order mark is dropped.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let mut text = text.into();
        if text.starts_with('\u{feff}') {
            text.drain(..'\u{feff}'.len_utf8());
        }
        Self {
            name: name.into(),
            text,
        }
    }

    /// Reads a file, naming it as the user wrote it; `what` says in errors what
    /// the file should be ("scenario", "price catalog", ...).
    pub fn read(path: &Path, what: &str) -> Result<Self, InputError> {
        let text = read_text(path, what)?;
        Ok(Self::new(path.display().to_string(), text))
    }

    /// Parses the document into `T`, turning parser errors into located ones.
    pub fn parse<T: DeserializeOwned>(&self, what: &str) -> Result<T, InputError> {
        if self.text.trim().is_empty() {
            return Err(InputError::file(
                &self.name,
                format!("the file is empty; expected a {what}"),
            ));
        }
        scan::check(&self.name, &self.text)?;
        let typed = || {
            serde_yaml::from_str(&self.text)
                .map_err(|e| self.wrong_kind(what).unwrap_or_else(|| self.parse_error(&e, what)))
        };
        let mut plain: Value = match serde_yaml::from_str(&self.text) {
            Ok(plain) => plain,
            Err(e) => {
                // A duplicate key, or a syntax error the typed parse locates with its field.
                let error = self.parse_error(&e, what);
                return Err(match self.duplicate_key(&e, &error) {
                    Some(duplicate) => duplicate,
                    None => typed().err().unwrap_or(error),
                });
            }
        };
        if !has_merge_key(&plain) {
            return typed();
        }
        self.merged(&mut plain, what)
    }

    /// Parses a document with merge keys: merged as plain values, then written
    /// out and parsed into `T`. An error is placed at its field's line in this
    /// file (or its nearest ancestor's, for a field a merge brought in).
    fn merged<T: DeserializeOwned>(&self, plain: &mut Value, what: &str) -> Result<T, InputError> {
        if let Some((line, number)) = long_number(&self.text) {
            let mut e = InputError::file(
                &self.name,
                format!(
                    "`{number}` has more than {MERGE_DIGITS} significant digits, more than a document with merge keys (`<<`) keeps exactly"
                ),
            );
            e.line = Some(line);
            return Err(e.with_hint(format!(
                "quote it ('{number}') or write the document without merge keys"
            )));
        }
        plain.apply_merge().map_err(|e| {
            InputError::file(&self.name, format!("a merge key (`<<`) {e}"))
                .with_hint("`<<:` takes a mapping or a list of mappings, such as `<<: *defaults`")
        })?;
        let text = serde_yaml::to_string(plain).map_err(|e| InputError::file(&self.name, e.to_string()))?;
        // The emitted text has other lines: an error is placed at its field in this file.
        let emitted = Self::new(self.name.clone(), text);
        serde_yaml::from_str(&emitted.text).map_err(|e| {
            let err = emitted.parse_error(&e, what);
            let line = err
                .field
                .as_deref()
                .and_then(|f| line_of(&self.text, &path_segments(f)));
            InputError { line, ..err }
        })
    }

    /// An error for a document that looks like another kind of input than `what`.
    fn wrong_kind(&self, what: &str) -> Option<InputError> {
        let kind = looks_like(&self.text).filter(|k| k.name != what)?;
        Some(InputError::file(&self.name, format!("this looks like {}, not a {what}", kind.looks)).with_hint(kind.hint))
    }

    /// The plain parse's error `err` (from `e`) as a duplicate key naming both lines, if it is one.
    fn duplicate_key(&self, e: &serde_yaml::Error, err: &InputError) -> Option<InputError> {
        let key = err.message.strip_prefix("duplicate entry with key ")?;
        let key = key.trim_matches('"');
        let lines = e
            .location()
            .map(|at| key_lines(&self.text, at.line(), at.column(), key))
            .unwrap_or_default();
        let (line, message) = match lines.as_slice() {
            [first, second, ..] => (
                Some(*second),
                format!("the key `{key}` appears twice, at lines {first} and {second}"),
            ),
            _ => (err.line, format!("the key `{key}` appears twice in one mapping")),
        };
        Some(InputError {
            line,
            message,
            hint: Some("YAML forbids duplicate keys in a mapping; keep one".into()),
            ..err.clone()
        })
    }

    /// An error about `field`, at its line when the document shows it.
    pub fn error(&self, field: &Field, message: impl Into<String>) -> InputError {
        InputError {
            file: self.name.clone(),
            line: line_of(&self.text, &field.0),
            field: (!field.0.is_empty()).then(|| field.to_string()),
            message: message.into(),
            hint: None,
        }
    }

    fn parse_error(&self, e: &serde_yaml::Error, what: &str) -> InputError {
        let line = e.location().map(|l| l.line());
        let full = e.to_string();
        // The parser writes "path: message at line L column C".
        let without_location = full.rsplit_once(" at line ").map_or(full.as_str(), |(head, _)| head);
        let (field, message) = match without_location.split_once(": ") {
            Some((path, rest)) if !path.contains(' ') => (Some(path.to_string()), rest.to_string()),
            _ => (None, without_location.to_string()),
        };
        // serde names our types ("expected struct RawScenario"): say what a reader wrote instead.
        let message = match message.split_once("expected struct Raw") {
            Some((head, _)) => format!("{head}expected a mapping of fields"),
            None => message,
        };
        let written = e
            .location()
            .and_then(|at| scalar_at(&self.text, at.line(), at.column()));
        let message = whole_number(&message, written).unwrap_or(message);
        let hint = unknown_field_hint(&message);
        let message = if message.starts_with("invalid type") || message.starts_with("missing field") {
            format!("{message} (in a {what})")
        } else {
            message
        };
        InputError {
            file: self.name.clone(),
            line,
            field,
            message,
            hint,
        }
    }
}

/// The steps of a path as the parser writes it (`tiers[1].share`); a key
/// holding a dot reads as two steps, and its line falls back to its parent's.
fn path_segments(path: &str) -> Vec<Seg> {
    let mut segs = Vec::new();
    for part in path.split('.') {
        let mut pieces = part.split('[');
        if let Some(key) = pieces.next().filter(|k| !k.is_empty()) {
            segs.push(Seg::Key(key.to_string()));
        }
        segs.extend(pieces.filter_map(|p| p.strip_suffix(']')?.parse().ok()).map(Seg::Index));
    }
    segs
}

/// The plain scalar that starts at `line` and `column` (both 1-based) of `text`.
fn scalar_at(text: &str, line: usize, column: usize) -> Option<&str> {
    let from = text.lines().nth(line.checked_sub(1)?)?;
    let start = from.char_indices().nth(column.checked_sub(1)?).map(|(i, _)| i)?;
    let rest = &from[start..];
    let end = rest
        .find(|c: char| c.is_whitespace() || matches!(c, ',' | ']' | '}'))
        .unwrap_or(rest.len());
    Some(&rest[..end]).filter(|s| !s.is_empty())
}

/// Whether any mapping of the document has a merge key (`<<`).
fn has_merge_key(value: &Value) -> bool {
    match value {
        Value::Mapping(m) => m.iter().any(|(k, v)| k.as_str() == Some("<<") || has_merge_key(v)),
        Value::Sequence(s) => s.iter().any(has_merge_key),
        Value::Tagged(t) => has_merge_key(&t.value),
        _ => false,
    }
}

/// The first plain number (line, text) with more significant digits than a float keeps.
fn long_number(text: &str) -> Option<(usize, &str)> {
    text.lines().enumerate().find_map(|(i, line)| {
        let code = line.split(" #").next().unwrap_or_default();
        code.split(|c: char| c.is_whitespace() || matches!(c, ',' | '[' | ']' | '{' | '}'))
            .map(|token| token.trim_end_matches(':'))
            .find(|token| token.parse::<f64>().is_ok() && significant_digits(token) > MERGE_DIGITS)
            .map(|token| (i + 1, token))
    })
}

/// The digits of a number that carry its value: `0.00120e5` has 2 (`12`).
fn significant_digits(number: &str) -> usize {
    let mantissa = number.split(['e', 'E']).next().unwrap_or_default();
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let digits = digits.trim_start_matches('0');
    let digits = if mantissa.contains('.') {
        digits.trim_end_matches('0')
    } else {
        digits
    };
    digits.len()
}

/// For "unknown field `shre`, expected one of `name`, `share`": "did you mean `share`?".
fn unknown_field_hint(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let (wanted, expected) = rest.split_once('`')?;
    let known: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    match closest(wanted, known.iter().copied(), 1).first() {
        Some(best) => Some(format!("did you mean `{best}`?")),
        None => Some(format!("known fields: {}", known.join(", "))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        name: String,
        items: Vec<Item>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Item {
        share: String,
        tokens: u64,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct WithBase {
        base: Item,
        name: String,
        items: Vec<Item>,
    }

    #[test]
    fn unknown_fields_get_a_suggestion_and_a_line() {
        let src = Source::new("d.yaml", "name: x\nitems:\n  - share: 1\n    tokens: 2\n    shar: 3\n");
        let e = src.parse::<Doc>("test document").unwrap_err();
        assert_eq!(e.line, Some(5));
        assert_eq!(e.field.as_deref(), Some("items[0]"));
        assert!(e.message.contains("unknown field `shar`"), "{e}");
        assert_eq!(e.hint.as_deref(), Some("did you mean `share`?"));
    }

    #[test]
    fn negative_counts_name_field_and_line() {
        let src = Source::new("d.yaml", "name: x\nitems:\n  - share: 1\n    tokens: -4\n");
        let e = src.parse::<Doc>("test document").unwrap_err();
        assert_eq!((e.line, e.field.as_deref()), (Some(4), Some("items[0].tokens")));
        assert!(e.message.contains("-4"), "{e}");
    }

    #[test]
    fn wrong_whole_numbers_quote_the_file_and_give_the_range() {
        let src = Source::new("d.yaml", "name: x\nitems:\n  - share: 1\n    tokens: 1e30\n");
        let e = src.parse::<Doc>("test document").unwrap_err();
        assert_eq!(
            e.to_string(),
            "d.yaml:4: items[0].tokens: `1e30` is too large; expected a whole number from 0 to 18446744073709551615"
        );
        assert_eq!(scalar_at("a: [1, 2.5]\n", 1, 8), Some("2.5"));
    }

    #[test]
    fn empty_files_say_what_was_expected() {
        let e = Source::new("e.yaml", "  \n").parse::<Doc>("scenario").unwrap_err();
        assert_eq!(e.to_string(), "e.yaml: the file is empty; expected a scenario");
    }

    #[test]
    fn duplicate_keys_name_both_lines() {
        let src = Source::new("d.yaml", "name: x\nitems:\n  - share: 1\n    tokens: 2\n    share: 3\n");
        let e = src.parse::<Doc>("test document").unwrap_err();
        assert_eq!(e.line, Some(5));
        assert_eq!(e.field.as_deref(), Some("items[0]"));
        assert_eq!(e.message, "the key `share` appears twice, at lines 3 and 5");
        let e = Source::new("d.yaml", "name: x\nitems: []\nname: y\n")
            .parse::<Doc>("test document")
            .unwrap_err();
        assert_eq!(e.message, "the key `name` appears twice, at lines 1 and 3");
    }

    #[test]
    fn merge_keys_are_applied() {
        let text = "base: &b {share: '0.5', tokens: 7}\nname: x\nitems:\n  - <<: *b\n  - <<: *b\n    tokens: 9\n";
        let doc: WithBase = Source::new("d.yaml", text).parse("test document").unwrap();
        let tokens: Vec<u64> = doc.items.iter().map(|i| i.tokens).collect();
        assert_eq!(tokens, vec![7, 9]);
        assert_eq!(doc.items[1].share, "0.5");
    }

    #[test]
    fn errors_in_a_merged_document_find_their_field_in_the_file() {
        let text = "base: &b {share: '0.5', tokens: 7}\nname: x\nitems:\n  - <<: *b\n  - <<: *b\n    tokens: -9\n";
        let e = Source::new("d.yaml", text)
            .parse::<WithBase>("test document")
            .unwrap_err();
        assert_eq!((e.line, e.field.as_deref()), (Some(6), Some("items[1].tokens")));
        assert_eq!(
            path_segments("items[1].tokens"),
            vec![Seg::Key("items".into()), Seg::Index(1), Seg::Key("tokens".into())]
        );
    }

    #[test]
    fn merge_keys_refuse_numbers_a_float_would_round() {
        let text = "base: &b {share: 0.1234567890123456789, tokens: 7}\nname: x\nitems:\n  - <<: *b\n";
        let e = Source::new("d.yaml", text).parse::<Doc>("test document").unwrap_err();
        assert_eq!(e.line, Some(1));
        assert!(
            e.message
                .starts_with("`0.1234567890123456789` has more than 15 significant digits"),
            "{e}"
        );
        assert_eq!(significant_digits("0.00120e5"), 2);
        assert_eq!(significant_digits("1200"), 4);
    }

    #[test]
    fn a_byte_order_mark_is_dropped() {
        let src = Source::new("d.yaml", "\u{feff}name: x\nitems: []\n");
        assert!(src.text.starts_with("name"));
        assert_eq!(src.parse::<Doc>("test document").unwrap().name, "x");
    }

    #[test]
    fn semantic_errors_find_their_line() {
        let src = Source::new("d.yaml", "name: x\nitems:\n  - share: 1\n    tokens: 4\n");
        let e = src.error(&Field::named("items").index(0).key("tokens"), "too many");
        assert_eq!(e.to_string(), "d.yaml:4: items[0].tokens: too many");
    }
}
