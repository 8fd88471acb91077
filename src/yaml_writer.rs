//! Writing YAML that the loaders read back to the same values: the crate's one
//! YAML emitter, used for catalogs (`catalog import`), confusion counts
//! (`route-eval --matrix`) and calibrated scenarios (`calibrate`). Names are
//! plain where YAML reads plain text back as the same string and double-quoted
//! everywhere else; numbers are written by the caller as exact decimals.

use std::borrow::Cow;
use std::fmt::Write;

/// A YAML scalar for a name: plain where YAML reads plain text back as this
/// string, double-quoted (JSON escaping is valid YAML) everywhere else.
pub fn scalar(text: &str) -> Cow<'_, str> {
    let plain_chars = text.chars().all(|c| c.is_ascii_alphanumeric() || "._/-".contains(c));
    let starts_with_letter = text.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
    let reserved = ["true", "false", "null", "yes", "no", "on", "off", "y", "n"]
        .iter()
        .any(|r| r.eq_ignore_ascii_case(text));
    if plain_chars && starts_with_letter && !reserved {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(quoted(text))
    }
}

/// A double-quoted YAML scalar. JSON's escaping is valid YAML, but JSON leaves
/// DEL, the C1 controls (NEL among them) and the line and paragraph separators
/// as they are, which YAML refuses or reads as line breaks: those are escaped too.
pub fn quoted(text: &str) -> String {
    let json = serde_json::Value::from(text).to_string();
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if matches!(
            c,
            '\u{7f}'..='\u{9f}' | '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
        ) {
            let _ = write!(out, "\\u{:04X}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out
}

/// A YAML document written line by line.
#[derive(Debug, Default)]
pub struct Document(String);

impl Document {
    pub fn with_capacity(bytes: usize) -> Self {
        Self(String::with_capacity(bytes))
    }

    /// A line of `text` at `indent` spaces.
    pub fn line(&mut self, indent: usize, text: &str) {
        let _ = writeln!(self.0, "{:indent$}{text}", "", indent = indent);
    }

    /// `key: value` at `indent` spaces; `value` is written as given.
    pub fn field(&mut self, indent: usize, key: &str, value: &str) {
        let _ = writeln!(self.0, "{:indent$}{key}: {value}", "", indent = indent);
    }

    /// `# text` lines, one per line of `text`.
    pub fn comment(&mut self, text: &str) {
        for line in text.lines() {
            self.line(0, format!("# {line}").trim_end());
        }
    }

    pub fn into_text(self) -> String {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_yaml_reads_as_breaks_or_refuses_are_escaped() {
        assert_eq!(
            quoted("a\u{7f}b\u{85}c\u{2028}d\u{7}e\nf"),
            "\"a\\u007Fb\\u0085c\\u2028d\\u0007e\\nf\""
        );
        let text = format!("v: {}\n", quoted("x\u{7f}\u{85}\u{2028}\u{2029}y"));
        let back: std::collections::BTreeMap<String, String> = serde_yaml::from_str(&text).unwrap();
        assert_eq!(back["v"], "x\u{7f}\u{85}\u{2028}\u{2029}y");
    }

    #[test]
    fn names_are_quoted_only_where_yaml_needs_it() {
        assert_eq!(scalar("gpt-4o"), "gpt-4o");
        assert_eq!(scalar("gemini/gemini-2.5-pro"), "gemini/gemini-2.5-pro");
        assert_eq!(scalar("o3"), "o3");
        assert_eq!(scalar("yes"), "\"yes\"");
        assert_eq!(scalar("3.5"), "\"3.5\"");
        assert_eq!(scalar("a: b"), "\"a: b\"");
        assert_eq!(scalar("_x"), "\"_x\"");
        assert_eq!(scalar("bedrock/*/x"), "\"bedrock/*/x\"");
        assert_eq!(scalar("us.amazon.nova:0"), "\"us.amazon.nova:0\"");
    }
}
