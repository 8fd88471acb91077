//! A YAML document and its name: parsing into serde types (the crate's only YAML
//! parser calls) and errors located at a field's line.

use super::error::{Field, InputError};
use super::locate::line_of;
use super::suggest::closest;
use serde::de::DeserializeOwned;
use std::path::Path;

/// The text of one input file, kept to locate errors found after parsing.
#[derive(Debug, Clone)]
pub struct Source {
    /// The file as the user named it (or `embedded:...` for built-in data).
    pub name: String,
    pub text: String,
}

impl Source {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            text: text.into(),
        }
    }

    /// Reads a file, naming it as the user wrote it.
    pub fn read(path: &Path) -> Result<Self, InputError> {
        let name = path.display().to_string();
        super::opened::record(path);
        match std::fs::read_to_string(path) {
            Ok(text) => Ok(Self::new(name, text)),
            Err(e) => Err(InputError::file(&name, format!("cannot read the file: {e}"))),
        }
    }

    /// Parses the document into `T`, turning parser errors into located ones.
    pub fn parse<T: DeserializeOwned>(&self, what: &str) -> Result<T, InputError> {
        if self.text.trim().is_empty() {
            return Err(InputError::file(
                &self.name,
                format!("the file is empty; expected a {what}"),
            ));
        }
        serde_yaml::from_str(&self.text).map_err(|e| self.parse_error(&e, what))
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
    fn empty_files_say_what_was_expected() {
        let e = Source::new("e.yaml", "  \n").parse::<Doc>("scenario").unwrap_err();
        assert_eq!(e.to_string(), "e.yaml: the file is empty; expected a scenario");
    }

    #[test]
    fn semantic_errors_find_their_line() {
        let src = Source::new("d.yaml", "name: x\nitems:\n  - share: 1\n    tokens: 4\n");
        let e = src.error(&Field::named("items").index(0).key("tokens"), "too many");
        assert_eq!(e.to_string(), "d.yaml:4: items[0].tokens: too many");
    }
}
