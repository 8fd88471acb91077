//! Reading JSON input without floating point: a file of one object, a JSON
//! array of objects, or JSON lines (one object a line); each object's fields
//! kept as raw text and located by line; whole counts, exact decimals,
//! strings, flags and times read from that text, errors naming file, line
//! and field path.

use super::{Field, InputError, parse_decimal};
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde_json::error::Category;
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::collections::HashMap;

/// A file's name and text, to locate errors by line.
#[derive(Debug, Clone, Copy)]
pub struct Doc<'a> {
    pub name: &'a str,
    pub text: &'a str,
}

impl<'a> Doc<'a> {
    /// The 1-based line where `at`, a part of this text, starts.
    fn line_of(&self, at: &str) -> Option<usize> {
        let offset = (at.as_ptr() as usize).checked_sub(self.text.as_ptr() as usize)?;
        self.text.get(..offset).map(|before| before.matches('\n').count() + 1)
    }

    /// The objects the file holds: the file itself when it is one JSON value
    /// (an object, or an array of objects), else one object per non-blank line
    /// (JSON lines). `expected` says in errors what the file should hold.
    pub fn objects(&self, expected: &str) -> Result<Vec<Obj<'a>>, InputError> {
        let mut lines = self.text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty());
        let Some((_, first)) = lines.next() else {
            return Err(InputError::file(
                self.name,
                format!("the file is empty; expected {expected}"),
            ));
        };
        let json_lines = lines.next().is_some() && serde_json::from_str::<&RawValue>(first).is_ok();
        if json_lines {
            let mut out = Vec::new();
            for (i, line) in self.text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
                let raw =
                    serde_json::from_str::<&RawValue>(line).map_err(|e| self.syntax(&e, Some(i + 1), expected))?;
                out.push(Obj::new(*self, Field::root(), raw)?);
            }
            return Ok(out);
        }
        let raw = serde_json::from_str::<&RawValue>(self.text).map_err(|e| self.syntax(&e, None, expected))?;
        if raw.get().starts_with('[') {
            let items: Vec<&RawValue> = serde_json::from_str(raw.get()).map_err(|e| self.syntax(&e, None, expected))?;
            items
                .into_iter()
                .enumerate()
                .map(|(i, item)| Obj::new(*self, Field::root().index(i), item))
                .collect()
        } else {
            Ok(vec![Obj::new(*self, Field::root(), raw)?])
        }
    }

    /// A JSON syntax error, at its line (`line` when one line of JSON lines
    /// was parsed alone); a value cut off says the file looks cut short.
    fn syntax(&self, e: &serde_json::Error, line: Option<usize>, expected: &str) -> InputError {
        let line = line.or(Some(e.line()).filter(|&l| l > 0));
        let mut err = if e.classify() == Category::Eof {
            InputError::file(self.name, "the JSON ends in the middle of a value")
                .with_hint("the file looks cut short: save the whole response or log again")
        } else {
            let problem = e.to_string();
            let problem = problem.split(" at line ").next().unwrap_or_default().to_string();
            InputError::file(self.name, format!("{problem}; expected {expected}"))
        };
        err.line = line;
        err
    }
}

/// One JSON object: its fields as raw text, where it is, and its path.
#[derive(Debug)]
pub struct Obj<'a> {
    doc: Doc<'a>,
    path: Field,
    at: &'a RawValue,
    map: HashMap<Cow<'a, str>, &'a RawValue>,
}

impl<'a> Obj<'a> {
    /// The object `raw` at `path` of `doc`; an error if it is no object.
    fn new(doc: Doc<'a>, path: Field, raw: &'a RawValue) -> Result<Self, InputError> {
        match serde_json::from_str::<HashMap<Cow<'a, str>, &'a RawValue>>(raw.get()) {
            Ok(map) => Ok(Self {
                doc,
                path,
                at: raw,
                map,
            }),
            Err(_) => Err(error_at(
                doc,
                &path,
                raw,
                format!("expected a JSON object, found `{}`", short(raw.get())),
            )),
        }
    }

    fn raw(&self, name: &str) -> Option<&'a RawValue> {
        self.map.get(name).copied().filter(|v| v.get() != "null")
    }

    /// Whether the field is present and not null.
    pub fn has(&self, name: &str) -> bool {
        self.raw(name).is_some()
    }

    /// Whether the field holds a value of the kind that opens with `bracket`
    /// (`{` an object, `[` an array), for fields that may take either.
    pub fn opens(&self, name: &str, bracket: char) -> bool {
        self.raw(name).is_some_and(|raw| raw.get().starts_with(bracket))
    }

    /// The file the object is in, as the user named it.
    pub fn file(&self) -> &'a str {
        self.doc.name
    }

    /// The 1-based line where the object starts.
    pub fn line(&self) -> Option<usize> {
        self.doc.line_of(self.at.get())
    }

    /// An error about field `name` (at its value's line when it has one), or
    /// about the object itself when `name` is `None`.
    pub fn error(&self, name: Option<&str>, message: impl Into<String>) -> InputError {
        match name {
            Some(name) => {
                let at = self.map.get(name).copied().unwrap_or(self.at);
                error_at(self.doc, &self.path.key(name), at, message)
            }
            None => error_at(self.doc, &self.path, self.at, message),
        }
    }

    fn wrong(&self, name: &str, expected: &str) -> InputError {
        let found = self.raw(name).map_or("null", |raw| raw.get());
        self.error(Some(name), format!("expected {expected}, found `{}`", short(found)))
    }

    /// The field `read` reads, which must be present: its absence is an error
    /// naming the field, with `hint`.
    pub fn require<T>(
        &self,
        name: &str,
        read: fn(&Self, &str) -> Result<Option<T>, InputError>,
        hint: &str,
    ) -> Result<T, InputError> {
        read(self, name)?.ok_or_else(|| {
            let what = if self.map.contains_key(name) {
                "is null"
            } else {
                "is missing"
            };
            self.error(Some(name), format!("the required field `{name}` {what}"))
                .with_hint(hint)
        })
    }

    /// A string field.
    pub fn text(&self, name: &str) -> Result<Option<String>, InputError> {
        self.raw(name)
            .map(|raw| serde_json::from_str::<String>(raw.get()).map_err(|_| self.wrong(name, "a string")))
            .transpose()
    }

    /// A true/false field.
    pub fn flag(&self, name: &str) -> Result<Option<bool>, InputError> {
        self.raw(name)
            .map(|raw| serde_json::from_str::<bool>(raw.get()).map_err(|_| self.wrong(name, "true or false")))
            .transpose()
    }

    /// A JSON number, read exactly from its text.
    pub fn number(&self, name: &str) -> Result<Option<Decimal>, InputError> {
        self.raw(name)
            .map(|raw| {
                let text = raw.get();
                if !text.starts_with(|c: char| c == '-' || c.is_ascii_digit()) {
                    return Err(self.wrong(name, "a number"));
                }
                parse_decimal(text).map_err(|e| self.error(Some(name), e))
            })
            .transpose()
    }

    /// A count (of tokens, requests, seconds): a whole JSON number of at least 0.
    pub fn count(&self, name: &str) -> Result<Option<u64>, InputError> {
        let Some(raw) = self.raw(name) else {
            return Ok(None);
        };
        let n = self.number(name).map_err(|_| self.wrong(name, "a whole number"))?;
        let n = n.unwrap_or_default();
        if n.is_sign_negative() && !n.is_zero() {
            return Err(self.error(
                Some(name),
                format!("`{}` is negative; a count is a whole number of at least 0", raw.get()),
            ));
        }
        match (n.fract().is_zero(), u64::try_from(n)) {
            (true, Ok(count)) => Ok(Some(count)),
            (false, _) => Err(self.error(Some(name), format!("`{}` is not a whole number", raw.get()))),
            (true, Err(_)) => Err(self.error(
                Some(name),
                format!("`{}` is larger than the largest count read ({})", raw.get(), u64::MAX),
            )),
        }
    }

    /// A time written as whole seconds since 1970-01-01 UTC (a Unix time).
    pub fn unix_time(&self, name: &str) -> Result<Option<DateTime<Utc>>, InputError> {
        let Some(seconds) = self.count(name)? else {
            return Ok(None);
        };
        i64::try_from(seconds)
            .ok()
            .and_then(|s| DateTime::from_timestamp(s, 0))
            .map(Some)
            .ok_or_else(|| self.error(Some(name), format!("`{seconds}` is beyond the times read")))
    }

    /// A time written in RFC 3339 (`2025-08-01T00:00:00Z`), normalised to UTC.
    pub fn rfc3339(&self, name: &str) -> Result<Option<DateTime<Utc>>, InputError> {
        let Some(text) = self.text(name)? else {
            return Ok(None);
        };
        DateTime::parse_from_rfc3339(&text)
            .map(|t| Some(t.with_timezone(&Utc)))
            .map_err(|e| {
                self.error(Some(name), format!("`{text}` is not an RFC 3339 time ({e})"))
                    .with_hint("write times like 2025-08-01T00:00:00Z")
            })
    }

    /// A field holding an object.
    pub fn object(&self, name: &str) -> Result<Option<Obj<'a>>, InputError> {
        self.raw(name)
            .map(|raw| {
                if !raw.get().starts_with('{') {
                    return Err(self.wrong(name, "an object"));
                }
                Obj::new(self.doc, self.path.key(name), raw)
            })
            .transpose()
    }

    /// A field holding an array of objects.
    pub fn objects(&self, name: &str) -> Result<Option<Vec<Obj<'a>>>, InputError> {
        let Some(raw) = self.raw(name) else {
            return Ok(None);
        };
        let items: Vec<&'a RawValue> =
            serde_json::from_str(raw.get()).map_err(|_| self.wrong(name, "an array of objects"))?;
        let path = self.path.key(name);
        items
            .into_iter()
            .enumerate()
            .map(|(i, item)| Obj::new(self.doc, path.index(i), item))
            .collect::<Result<Vec<_>, _>>()
            .map(Some)
    }

    /// The fields whose values are strings, in name order (free key-value metadata).
    pub fn strings(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = self
            .map
            .iter()
            .filter_map(|(k, v)| serde_json::from_str::<String>(v.get()).ok().map(|s| (k.to_string(), s)))
            .collect();
        out.sort();
        out
    }
}

/// An error about the value `at` of `doc`, whose path is `path`.
fn error_at(doc: Doc<'_>, path: &Field, at: &RawValue, message: impl Into<String>) -> InputError {
    let field = path.to_string();
    InputError {
        file: doc.name.to_string(),
        line: doc.line_of(at.get()),
        field: Some(field).filter(|f| !f.is_empty()),
        message: message.into(),
        hint: None,
    }
}

/// The start of a JSON value, for messages.
pub(crate) fn short(text: &str) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match flat.char_indices().nth(40) {
        Some((i, _)) => format!("{}…", &flat[..i]),
        None => flat,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Doc<'_> {
        Doc { name: "u.json", text }
    }

    #[test]
    fn one_object_an_array_or_json_lines() {
        assert_eq!(doc("{\n\"a\": 1\n}\n").objects("x").unwrap().len(), 1);
        let arr = doc("[{\"a\": 1},\n {\"a\": 2}]").objects("x").unwrap();
        assert_eq!(arr[1].line(), Some(2));
        let e = arr[1].error(Some("a"), "bad");
        assert_eq!(e.to_string(), "u.json:2: [1].a: bad");
        let lines = doc("{\"a\": 1}\n\n{\"a\": 2}\n").objects("x").unwrap();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[1].line(), Some(3));
    }

    #[test]
    fn a_cut_short_file_names_its_line() {
        let e = doc("{\"a\": 1}\n{\"a\": 2}\n{\"a\": ").objects("x").unwrap_err();
        assert_eq!(e.line, Some(3));
        assert_eq!(e.message, "the JSON ends in the middle of a value");
        let e = doc("{\n  \"a\": [1,\n  2").objects("x").unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(e.hint.unwrap().contains("cut short"));
        let e = doc(" \n").objects("usage pages").unwrap_err();
        assert_eq!(e.message, "the file is empty; expected usage pages");
    }

    #[test]
    fn counts_are_whole_and_not_negative() {
        let text = "{\"a\": 12, \"b\": -3, \"c\": \"7\", \"d\": 2.5, \"e\": 4.0, \"f\": null}";
        let o = doc(text).objects("x").unwrap().pop().unwrap();
        assert_eq!(o.count("a").unwrap(), Some(12));
        assert_eq!(o.count("e").unwrap(), Some(4));
        assert_eq!(o.count("f").unwrap(), None);
        assert_eq!(
            o.count("b").unwrap_err().message,
            "`-3` is negative; a count is a whole number of at least 0"
        );
        assert_eq!(
            o.count("c").unwrap_err().message,
            "expected a whole number, found `\"7\"`"
        );
        assert_eq!(o.count("d").unwrap_err().message, "`2.5` is not a whole number");
        let e = o.require("g", Obj::count, "add it").unwrap_err();
        assert_eq!(
            e.to_string(),
            "u.json:1: g: the required field `g` is missing\n  hint: add it"
        );
        let e = o.require("f", Obj::count, "add it").unwrap_err();
        assert_eq!(e.message, "the required field `f` is null");
    }

    #[test]
    fn times_are_read_in_utc() {
        let o = doc("{\"t\": 1730419200, \"r\": \"2025-08-01T02:00:00+02:00\", \"bad\": \"yesterday\"}")
            .objects("x")
            .unwrap()
            .pop()
            .unwrap();
        assert_eq!(
            o.unix_time("t").unwrap().unwrap().to_rfc3339(),
            "2024-11-01T00:00:00+00:00"
        );
        assert_eq!(
            o.rfc3339("r").unwrap().unwrap().to_rfc3339(),
            "2025-08-01T00:00:00+00:00"
        );
        assert!(
            o.rfc3339("bad")
                .unwrap_err()
                .message
                .starts_with("`yesterday` is not an RFC 3339 time")
        );
    }
}
