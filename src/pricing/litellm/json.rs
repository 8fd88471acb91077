//! Reading LiteLLM's JSON without floating point: the file's entries in order,
//! each entry's fields as raw JSON text, and numbers parsed from that text
//! exactly (`2.5e-06` is 0.0000025, never the nearest f64).

use crate::input::json::short;
use crate::input::{InputError, looks_like, parse_decimal};
use rust_decimal::Decimal;
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

/// What a LiteLLM file must look like, for error messages.
pub const EXPECTED: &str = "LiteLLM's model_prices_and_context_window.json: one JSON object mapping each model id \
     to its fields (litellm_provider, mode, input_cost_per_token, output_cost_per_token, ...)";

/// The top-level object's entries, in file order.
pub struct Entries<'a>(pub Vec<(String, &'a RawValue)>);

impl<'de> Deserialize<'de> for Entries<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Ordered;
        impl<'de> Visitor<'de> for Ordered {
            type Value = Entries<'de>;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object mapping model ids to their prices")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0));
                while let Some(entry) = map.next_entry::<String, &'de RawValue>()? {
                    entries.push(entry);
                }
                Ok(Entries(entries))
            }
        }
        d.deserialize_map(Ordered)
    }
}

/// One file's text and name, to locate errors by line.
#[derive(Clone, Copy)]
pub struct File<'a> {
    pub name: &'a str,
    pub text: &'a str,
}

impl<'a> File<'a> {
    /// The entries of the file, or an error saying what was expected.
    pub fn entries(&self) -> Result<Entries<'a>, InputError> {
        if self.text.trim().is_empty() {
            return Err(InputError::file(
                self.name,
                format!("the file is empty; expected {EXPECTED}"),
            ));
        }
        serde_json::from_str(self.text).map_err(|e| {
            if let Some(kind) = looks_like(self.text).filter(|k| k.name != "LiteLLM JSON") {
                return InputError::file(
                    self.name,
                    format!("this looks like {}, not LiteLLM's JSON price list", kind.looks),
                )
                .with_hint(kind.hint);
            }
            let problem = e.to_string();
            let problem = problem.split(" at line ").next().unwrap_or_default();
            let mut err = InputError::file(self.name, format!("{problem}; expected {EXPECTED}"));
            err.line = Some(e.line()).filter(|&l| l > 0);
            err
        })
    }

    /// An error about `field` of entry `id`, at the line of `at`.
    pub fn error(&self, id: &str, field: Option<&str>, at: &RawValue, message: impl Into<String>) -> InputError {
        let offset = (at.get().as_ptr() as usize).saturating_sub(self.text.as_ptr() as usize);
        let line = self.text.get(..offset).map(|before| before.matches('\n').count() + 1);
        InputError {
            file: self.name.to_string(),
            line,
            // Quoted and escaped: an id may hold any character, control characters too.
            field: Some(match field {
                Some(f) => format!("{id:?}.{f}"),
                None => format!("{id:?}"),
            }),
            message: message.into(),
            hint: None,
        }
    }

    /// The fields of entry `id`, which must be an object.
    pub fn fields(self, id: &'a str, raw: &'a RawValue) -> Result<Fields<'a>, InputError> {
        let map: HashMap<Cow<'a, str>, &'a RawValue> = serde_json::from_str(raw.get()).map_err(|_| {
            self.error(
                id,
                None,
                raw,
                format!("expected an object of prices and limits, found `{}`", short(raw.get())),
            )
        })?;
        Ok(Fields {
            file: self,
            id,
            at: raw,
            map,
        })
    }
}

/// The fields of one entry.
pub struct Fields<'a> {
    file: File<'a>,
    pub id: &'a str,
    at: &'a RawValue,
    map: HashMap<Cow<'a, str>, &'a RawValue>,
}

impl<'a> Fields<'a> {
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.map.keys().map(|k| k.as_ref())
    }

    fn raw(&self, name: &str) -> Option<&'a RawValue> {
        self.map.get(name).copied().filter(|v| v.get() != "null")
    }

    fn wrong(&self, name: &str, raw: &RawValue, expected: &str) -> InputError {
        self.file.error(
            self.id,
            Some(name),
            raw,
            format!("expected {expected}, found `{}`", short(raw.get())),
        )
    }

    /// A text field such as `mode`.
    pub fn text(&self, name: &str) -> Result<Option<String>, InputError> {
        self.raw(name)
            .map(|raw| serde_json::from_str::<String>(raw.get()).map_err(|_| self.wrong(name, raw, "a string")))
            .transpose()
    }

    /// A number, read exactly from its text.
    pub fn number(&self, name: &str) -> Result<Option<Decimal>, InputError> {
        self.raw(name)
            .map(|raw| {
                let text = raw.get();
                if !text.starts_with(|c: char| c == '-' || c.is_ascii_digit()) {
                    return Err(self.wrong(name, raw, "a number"));
                }
                // A JSON number that is no exact decimal is out of range; the error says which limit.
                parse_decimal(text).map_err(|e| self.file.error(self.id, Some(name), raw, e))
            })
            .transpose()
    }

    /// A count of tokens: a whole, non-negative number (`4096` or `4096.0`).
    pub fn count(&self, name: &str) -> Result<Option<u64>, InputError> {
        let Some(n) = self.number(name)? else {
            return Ok(None);
        };
        match (n.fract().is_zero(), u64::try_from(n)) {
            (true, Ok(count)) => Ok(Some(count)),
            _ => Err(self.invalid(name, format!("expected a whole number of tokens, found {n}"))),
        }
    }

    /// An error about the entry as a whole.
    pub fn entry_error(&self, message: impl Into<String>) -> InputError {
        self.file.error(self.id, None, self.at, message)
    }

    /// An error about field `name` of this entry (or the entry itself).
    pub fn invalid(&self, name: &str, message: impl Into<String>) -> InputError {
        match self.raw(name) {
            Some(raw) => self.file.error(self.id, Some(name), raw, message),
            None => self.file.error(self.id, Some(name), self.at, message),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn numbers_are_read_from_their_text() {
        let text = "{\n\"m\": {\"a\": 2.5e-06, \"b\": 4096.0, \"c\": \"x\", \"d\": null, \"e\": 0.1}\n}";
        let file = File { name: "f.json", text };
        let entries = file.entries().unwrap();
        let (id, raw) = &entries.0[0];
        let fields = file.fields(id, raw).unwrap();
        assert_eq!(fields.number("a").unwrap(), Some(dec!(0.0000025)));
        assert_eq!(fields.number("e").unwrap().unwrap().to_string(), "0.1");
        assert_eq!(fields.count("b").unwrap(), Some(4096));
        assert_eq!(fields.number("d").unwrap(), None);
        let e = fields.number("c").unwrap_err();
        assert_eq!(e.to_string(), "f.json:2: \"m\".c: expected a number, found `\"x\"`");
    }

    #[test]
    fn numbers_out_of_range_name_the_entry_and_the_limit() {
        let text = "{\"m\": {\"a\": 1e-40,\n \"b\": 1e400}}";
        let file = File { name: "f.json", text };
        let entries = file.entries().unwrap();
        let fields = file.fields(&entries.0[0].0, entries.0[0].1).unwrap();
        let e = fields.number("a").unwrap_err();
        assert_eq!(
            e.to_string(),
            "f.json:1: \"m\".a: `1e-40` is out of range: numbers keep at most 28 decimal places, so the smallest above zero is 1e-28"
        );
        let e = fields.number("b").unwrap_err();
        assert_eq!((e.line, e.field.as_deref()), (Some(2), Some("\"m\".b")));
        assert!(e.message.starts_with("`1e400` is out of range: the largest"), "{e}");
    }

    #[test]
    fn what_is_not_an_object_of_entries_says_what_was_expected() {
        let e = File {
            name: "f.json",
            text: "[1, 2]",
        }
        .entries()
        .err()
        .unwrap();
        assert!(
            e.message.starts_with(
                "invalid type: sequence, expected an object mapping model ids to their prices; \
                 expected LiteLLM's model_prices_and_context_window.json"
            ),
            "{e}"
        );
        let file = File {
            name: "f.json",
            text: "{\"m\": 5}",
        };
        let entries = file.entries().unwrap();
        let e = file.fields("m", entries.0[0].1).err().unwrap();
        assert_eq!(
            e.to_string(),
            "f.json:1: \"m\": expected an object of prices and limits, found `5`"
        );
    }
}
