//! CSV: the report's records, exact values, one header row.
//!
//! CSV is often opened in a spreadsheet, which runs a cell starting with `=`,
//! `+`, `-` or `@` (or a tab or carriage return) as a formula. A name from an
//! input file could be such a formula, so by default a text cell starting
//! with one of those characters gets a leading `'`, as OWASP recommends
//! against CSV injection; a number (`-1.5`) is never changed. `--raw-csv`
//! writes text cells as they are, for programs that read the CSV. A NUL is
//! never written: it shows as `\0`.

use super::{Exporter, Report};
use anyhow::Context;
use std::borrow::Cow;

/// How text cells that a spreadsheet would run as a formula are written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum CsvCells {
    /// With a leading `'`, so a spreadsheet shows them as text.
    #[default]
    Guarded,
    /// As they are.
    Raw,
}

pub struct CsvExporter {
    pub cells: CsvCells,
}

impl Exporter for CsvExporter {
    fn export(&self, report: &dyn Report) -> anyhow::Result<String> {
        let records = report.records();
        let mut bytes = line(&records.headers, self.cells)?;
        for row in &records.rows {
            bytes.extend(line(row, self.cells)?);
        }
        String::from_utf8(bytes).context("the CSV is not UTF-8")
    }
}

/// One CSV line (a header or a row), each cell written by the rules above:
/// what the exporter writes, and what a streamed report writes line by line.
pub fn line<T: AsRef<str>>(cells: &[T], mode: CsvCells) -> anyhow::Result<Vec<u8>> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(cells.iter().map(|c| bytes(cell(c.as_ref(), mode))))?;
    writer.into_inner().context("cannot finish the CSV")
}

/// Whether `text` is a plain decimal number such as `-1.5`, `+2` or `1e-3`.
fn is_number(text: &str) -> bool {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e.strip_prefix(['-', '+']).unwrap_or(e))),
        None => (unsigned, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some((whole, fraction)) => digits(whole) && digits(fraction),
        None => digits(mantissa),
    };
    mantissa_ok && exponent.is_none_or(digits)
}

/// A cell's bytes, borrowed when the cell is written as it is.
fn bytes(text: Cow<'_, str>) -> Cow<'_, [u8]> {
    match text {
        Cow::Borrowed(t) => Cow::Borrowed(t.as_bytes()),
        Cow::Owned(t) => Cow::Owned(t.into_bytes()),
    }
}

/// One cell as written: NUL shown as `\0`, and a guarded formula-like text cell with a leading `'`.
fn cell(text: &str, cells: CsvCells) -> Cow<'_, str> {
    let text = if text.contains('\0') {
        Cow::Owned(text.replace('\0', "\\0"))
    } else {
        Cow::Borrowed(text)
    };
    let formula_like = text.starts_with(['=', '+', '-', '@', '\t', '\r']) && !is_number(&text);
    if cells == CsvCells::Guarded && formula_like {
        Cow::Owned(format!("'{text}"))
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_numbers() {
        for n in ["0", "-1.5", "+2", "12.000001", "1e-3", "-2.5E+4"] {
            assert!(is_number(n), "{n}");
        }
        for t in ["", "-", "-1+2", "=1", "1.", ".5", "-e5", "1e", "- 1", "-1.5\t"] {
            assert!(!is_number(t), "{t}");
        }
    }

    #[test]
    fn formula_like_text_is_guarded_by_default() {
        assert_eq!(cell("=HYPERLINK(\"x\")", CsvCells::Guarded), "'=HYPERLINK(\"x\")");
        assert_eq!(cell("+cmd", CsvCells::Guarded), "'+cmd");
        assert_eq!(cell("-2+3", CsvCells::Guarded), "'-2+3");
        assert_eq!(cell("@SUM(A1)", CsvCells::Guarded), "'@SUM(A1)");
        assert_eq!(cell("\tx", CsvCells::Guarded), "'\tx");
        assert_eq!(cell("\rx", CsvCells::Guarded), "'\rx");
        assert_eq!(cell("-1.5", CsvCells::Guarded), "-1.5");
        assert_eq!(cell("a=b", CsvCells::Guarded), "a=b");
        assert_eq!(cell("=1", CsvCells::Raw), "=1");
    }

    #[test]
    fn nul_never_reaches_the_csv() {
        assert_eq!(cell("a\0b", CsvCells::Raw), "a\\0b");
        assert_eq!(cell("=\0", CsvCells::Guarded), "'=\\0");
    }
}
