//! Reading a JSON lines table: one JSON object a line, the first line's keys
//! are the table's columns. A key a later line lacks is an empty cell; blank
//! lines are passed over. A value is text when it is a JSON string, its JSON
//! text otherwise (numbers keep every digit written).

use super::{Cell, Layout, RowSource, Shape, located};
use crate::input::{InputError, line_error, open_stream};
use crate::usage::{Origin, Usage};
use serde::Deserializer;
use serde::de::{DeserializeSeed, MapAccess, Visitor};
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

pub(crate) struct JsonRows {
    file: String,
    reader: BufReader<File>,
    /// The line read ahead to find the columns, if any.
    pending: Option<String>,
    buffer: String,
    shape: Box<dyn Shape>,
    /// Key → slot.
    slots: HashMap<String, usize>,
    line: u64,
    row: u64,
}

impl JsonRows {
    pub(crate) fn open(path: &Path, what: &str, layout: Layout) -> Result<Self, InputError> {
        let file = path.display().to_string();
        let mut reader = BufReader::with_capacity(1 << 16, open_stream(path, what)?);
        let mut first = String::new();
        let mut skipped = 0;
        loop {
            first.clear();
            let n = reader
                .read_line(&mut first)
                .map_err(|e| line_error(&file, skipped + 1, e))?;
            if n == 0 {
                return Err(InputError::file(
                    &file,
                    format!("is empty; expected a {what} as JSON lines"),
                ));
            }
            if !first.trim().is_empty() {
                break;
            }
            skipped += 1;
        }
        let text = first.trim_start_matches('\u{feff}').to_string();
        let keys: Vec<String> = match serde_json::from_str::<HashMap<String, &RawValue>>(&text) {
            Ok(object) => {
                // The keys in the order written, for messages.
                let mut keys: Vec<String> = object.into_keys().collect();
                keys.sort_by_key(|k| text.find(&format!("\"{k}\"")).unwrap_or(usize::MAX));
                keys
            }
            Err(e) => return Err(json_error(&file, skipped + 1, 1, &e, what)),
        };
        let shape = layout(&keys, &file)?;
        let slots = shape
            .slots()
            .iter()
            .enumerate()
            .map(|(i, s)| (s.column.clone(), i))
            .collect();
        Ok(Self {
            file,
            reader,
            pending: Some(text),
            buffer: String::new(),
            shape,
            slots,
            line: skipped,
            row: 0,
        })
    }
}

impl RowSource for JsonRows {
    fn next_row(&mut self) -> Option<Result<Option<Usage>, InputError>> {
        let text = loop {
            self.line += 1;
            match self.pending.take() {
                Some(first) => break first,
                None => {
                    self.buffer.clear();
                    match self.reader.read_line(&mut self.buffer) {
                        Ok(0) => return None,
                        Ok(_) if self.buffer.trim().is_empty() => continue,
                        Ok(_) => break std::mem::take(&mut self.buffer),
                        Err(e) => return Some(Err(line_error(&self.file, self.line, e))),
                    }
                }
            }
        };
        self.row += 1;
        let result = self.build(&text);
        self.buffer = text;
        Some(result)
    }
}

impl JsonRows {
    fn build(&self, text: &str) -> Result<Option<Usage>, InputError> {
        let mut cells = vec![Cell::Null; self.slots.len()];
        let mut de = serde_json::Deserializer::from_str(text);
        let fill = Fill {
            slots: &self.slots,
            cells: &mut cells,
        };
        fill.deserialize(&mut de)
            .and_then(|()| de.end())
            .map_err(|e| json_error(&self.file, self.line, self.row, &e, "usage table"))?;
        let origin = Origin {
            source: self.file.clone(),
            line: Some(self.line),
        };
        let slots = self.shape.slots();
        self.shape
            .build(&cells, origin)
            .map_err(|e| located(&self.file, Some(self.line), self.row, &slots[e.slot].column, e))
    }
}

/// Fills the cells of one line's object: each key a slot reads, by its value.
struct Fill<'s, 'c, 'de> {
    slots: &'s HashMap<String, usize>,
    cells: &'c mut Vec<Cell<'de>>,
}

impl<'de> DeserializeSeed<'de> for Fill<'_, '_, 'de> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Fill<'_, '_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(Text(key)) = map.next_key::<Text<'de>>()? {
            let raw: &'de RawValue = map.next_value()?;
            if let Some(&slot) = self.slots.get(key.as_ref()) {
                self.cells[slot] = cell(raw).map_err(serde::de::Error::custom)?;
            }
        }
        Ok(())
    }
}

/// The cell a JSON value stands for.
fn cell(raw: &RawValue) -> Result<Cell<'_>, serde_json::Error> {
    let text = raw.get();
    Ok(match text.as_bytes().first() {
        Some(b'"') => Cell::Text(serde_json::from_str::<Text>(text)?.0),
        Some(b'n') => Cell::Null,
        _ => Cell::Text(Cow::Borrowed(text)),
    })
}

/// A JSON string, borrowed from the line when it has no escapes.
struct Text<'de>(Cow<'de, str>);

impl<'de> serde::Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text<'de>;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }

            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Borrowed(v)))
            }

            fn visit_str<E>(self, v: &str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(v.to_string())))
            }
        }
        d.deserialize_str(TextVisitor)
    }
}

fn json_error(file: &str, line: u64, row: u64, e: &serde_json::Error, what: &str) -> InputError {
    let hint = if e.is_eof() {
        "a line cut short is what a truncated file ends with; export the table again"
    } else {
        "each line of a JSON lines file is one JSON object"
    };
    InputError {
        line: Some(line as usize),
        ..InputError::file(file, format!("row {row}: not a JSON object of a {what}: {e}"))
    }
    .with_hint(hint)
}
