//! Reading one cell of a usage table: whole token counts, times (normalised to
//! UTC), exact money, flags, text and tag lists. Each reader says what is wrong
//! with a value in words that quote it; the table reader adds file, row and
//! column.

use super::Cell;
use crate::input::{parse_decimal, parse_written, trimmed};
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use rust_decimal::Decimal;

/// A whole count (tokens, requests): absent for an empty cell.
pub(crate) fn count(cell: &Cell) -> Result<Option<u64>, String> {
    match cell {
        Cell::Null => Ok(None),
        Cell::UInt(n) => Ok(Some(*n)),
        Cell::Int(n) => u64::try_from(*n)
            .map(Some)
            .map_err(|_| format!("`{n}` is negative; a count is a whole number from 0")),
        Cell::Text(text) => count_in(text),
        other => Err(format!("`{other}` is not a whole number")),
    }
}

/// A count written as text, as [`count`] reads it.
pub(crate) fn count_in(text: &str) -> Result<Option<u64>, String> {
    count_text(trimmed(text))
}

/// A count written as text: `1234`, or `1234.0` as tables that store counts as
/// floating point write them.
fn count_text(text: &str) -> Result<Option<u64>, String> {
    if let Ok(n) = text.parse::<u64>() {
        return Ok(Some(n));
    }
    if text.is_empty() || text.eq_ignore_ascii_case("null") {
        return Ok(None);
    }
    let whole = match text.split_once('.') {
        Some((whole, fraction)) if !fraction.is_empty() && fraction.bytes().all(|b| b == b'0') => whole,
        _ => text,
    };
    if let Ok(n) = whole.parse::<u64>() {
        return Ok(Some(n));
    }
    let digits = whole.strip_prefix('-').unwrap_or(whole);
    if whole.starts_with('-') && !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        Err(format!("`{text}` is negative; a count is a whole number from 0"))
    } else if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        Err(format!("`{text}` is too large; a count is at most {}", u64::MAX))
    } else {
        Err(format!("`{text}` is not a whole number"))
    }
}

/// A point in time, in UTC. Text is RFC 3339 (`2026-11-03T09:30:00+01:00`,
/// `...Z`), or a date and time with a space for the `T`, with or without
/// fractional seconds; an offset may be `+01:00`, `+0100` or `+01`. A time
/// written without an offset is taken as UTC.
pub(crate) fn time(cell: &Cell) -> Result<Option<DateTime<Utc>>, String> {
    match cell {
        Cell::Null => Ok(None),
        Cell::Time(t) => Ok(Some(*t)),
        Cell::Text(text) => time_in(text),
        other => Err(format!("`{other}` is not a date and time")),
    }
}

/// A point in time written as text, as [`time`] reads it.
pub(crate) fn time_in(text: &str) -> Result<Option<DateTime<Utc>>, String> {
    let text = trimmed(text);
    if text.is_empty() {
        return Ok(None);
    }
    time_text(text).map(Some).ok_or_else(|| {
        format!("`{text}` is not a date and time such as 2026-11-03T09:30:00Z or 2026-11-03 09:30:00+01:00")
    })
}

/// Reads `YYYY-MM-DD` `T` or space `HH:MM:SS`, an optional fraction, then
/// nothing (UTC), `Z`, ` UTC` or an offset `±HH:MM`, `±HHMM`, `±HH`.
fn time_text(text: &str) -> Option<DateTime<Utc>> {
    let t = text.as_bytes();
    let digits = |from: usize, len: usize| -> Option<u32> {
        t.get(from..from + len)?
            .iter()
            .try_fold(0u32, |n, b| b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0')))
    };
    let separators = t.len() >= 19
        && t[4] == b'-'
        && t[7] == b'-'
        && matches!(t[10], b'T' | b't' | b' ')
        && t[13] == b':'
        && t[16] == b':';
    if !separators {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(digits(0, 4)? as i32, digits(5, 2)?, digits(8, 2)?)?;
    let mut at = 19;
    let mut nanos = 0u32;
    if t.get(at) == Some(&b'.') {
        at += 1;
        let start = at;
        while t.get(at).is_some_and(u8::is_ascii_digit) {
            if at - start < 9 {
                nanos = nanos * 10 + u32::from(t[at] - b'0');
            }
            at += 1;
        }
        if at == start {
            return None;
        }
        nanos *= 10u32.pow(9u32.saturating_sub((at - start) as u32));
    }
    let offset_seconds = match &t[at..] {
        b"" | b"Z" | b"z" | b" UTC" => 0,
        [sign @ (b'+' | b'-'), rest @ ..] => {
            let minutes = match rest.len() {
                2 => 0,
                4 => digits(at + 3, 2)?,
                5 if rest[2] == b':' => digits(at + 4, 2)?,
                _ => return None,
            };
            let seconds = (digits(at + 1, 2)? * 60 + minutes) as i64 * 60;
            if *sign == b'-' { -seconds } else { seconds }
        }
        _ => return None,
    };
    let local = date.and_hms_nano_opt(digits(11, 2)?, digits(14, 2)?, digits(17, 2)?, nanos)?;
    match offset_seconds {
        0 => Some(local.and_utc()),
        _ => Some(local.and_utc() - TimeDelta::seconds(offset_seconds)),
    }
}

/// An amount of money, exact, with the places it was written with: text is
/// read digit by digit, a decimal column at its scale, a float column by the
/// shortest decimal that names its value.
pub(crate) fn money(cell: &Cell) -> Result<Option<Decimal>, String> {
    match cell {
        Cell::Null => Ok(None),
        Cell::Decimal(d) => Ok(Some(*d)),
        Cell::Int(n) => Ok(Some(Decimal::from(*n))),
        Cell::UInt(n) => Ok(Some(Decimal::from(*n))),
        Cell::Float(f) if f.is_finite() => parse_decimal(&f.to_string()).map(Some),
        Cell::Text(text) => money_in(text),
        other => Err(format!("`{other}` is not an amount of money")),
    }
}

/// An amount of money written as text, as [`money`] reads it.
pub(crate) fn money_in(text: &str) -> Result<Option<Decimal>, String> {
    match trimmed(text) {
        t if t.is_empty() || t.eq_ignore_ascii_case("null") => Ok(None),
        t => parse_written(t).map(Some),
    }
}

/// A yes or no: `true`/`false` or `1`/`0` in any case.
pub(crate) fn flag(cell: &Cell) -> Result<Option<bool>, String> {
    match cell {
        Cell::Null => Ok(None),
        Cell::Bool(b) => Ok(Some(*b)),
        Cell::Int(n @ (0 | 1)) => Ok(Some(*n == 1)),
        Cell::UInt(n @ (0 | 1)) => Ok(Some(*n == 1)),
        Cell::Text(text) => flag_in(text),
        other => Err(format!("`{other}` is not true or false")),
    }
}

/// A yes or no written as text, as [`flag`] reads it.
pub(crate) fn flag_in(text: &str) -> Result<Option<bool>, String> {
    match text.trim().to_ascii_lowercase().as_str() {
        "" | "null" => Ok(None),
        "true" | "1" => Ok(Some(true)),
        "false" | "0" => Ok(Some(false)),
        _ => Err(format!("`{}` is not true or false", text.trim())),
    }
}

/// Text as written, absent when empty.
pub(crate) fn text(cell: &Cell) -> Result<Option<String>, String> {
    match cell {
        Cell::Null => Ok(None),
        Cell::Text(text) if text.is_empty() => Ok(None),
        Cell::Text(text) => Ok(Some(text.to_string())),
        Cell::List(_) => Err(format!("`{cell}` is a list; expected text")),
        other => Ok(Some(other.to_string())),
    }
}

/// Tags: a list column, a JSON list of strings (`["a","b"]`), or text with
/// tags separated by commas.
pub(crate) fn tags(cell: &Cell) -> Result<Vec<String>, String> {
    let mut all = Vec::new();
    match cell {
        Cell::Null => {}
        Cell::List(items) => all.clone_from(items),
        Cell::Text(text) => tags_in(text, |tag| all.push(tag.to_string()))?,
        other => return Err(format!("`{other}` is not a list of tags")),
    }
    Ok(all)
}

/// Hands each tag of a text to `each`, as [`tags`] reads them, borrowed where the text holds them.
pub(crate) fn tags_in(text: &str, mut each: impl FnMut(&str)) -> Result<(), String> {
    if !text.trim_start().starts_with('[') {
        text.split(',').map(str::trim).filter(|t| !t.is_empty()).for_each(each);
        return Ok(());
    }
    match plain_strings(text) {
        Some(items) => items.for_each(each),
        None => serde_json::from_str::<Vec<String>>(text)
            .map_err(|_| format!("`{text}` is not a list of tags such as [\"a\", \"b\"]"))?
            .iter()
            .for_each(|t| each(t)),
    }
    Ok(())
}

/// The items of a JSON list of strings written without escapes or control
/// characters (`["a", "b"]`), borrowed from `text`: what `serde_json` reads,
/// without its allocations. `None` for any other text.
fn plain_strings(text: &str) -> Option<impl Iterator<Item = &str>> {
    let space = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r');
    let written = text.as_bytes();
    let (first, last) = (
        written.iter().position(|b| !space(b))?,
        written.iter().rposition(|b| !space(b))?,
    );
    if last == first || written[first] != b'[' || written[last] != b']' {
        return None;
    }
    let inner = &text[first + 1..last];
    let bytes = inner.as_bytes();
    // Spaces, then strings parted by commas (spaces around them), then spaces.
    let mut at = 0;
    let skip_spaces = |at: &mut usize| *at += bytes[*at..].iter().take_while(|b| space(b)).count();
    skip_spaces(&mut at);
    while at < bytes.len() {
        if bytes[at] != b'"' {
            return None;
        }
        let length = bytes[at + 1..]
            .iter()
            .position(|&b| b == b'"' || b == b'\\' || b < 0x20)?;
        at += length + 1;
        if bytes[at] != b'"' {
            return None;
        }
        at += 1;
        skip_spaces(&mut at);
        if at < bytes.len() {
            if bytes[at] != b',' {
                return None;
            }
            at += 1;
            skip_spaces(&mut at);
            if at == bytes.len() {
                return None;
            }
        }
    }
    let quote = |from: &str| from.bytes().position(|b| b == b'"');
    let mut rest = inner;
    Some(std::iter::from_fn(move || {
        let open = quote(rest)? + 1;
        let close = open + quote(&rest[open..])?;
        let item = &rest[open..close];
        rest = &rest[close + 1..];
        Some(item)
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn t(s: &str) -> Cell<'_> {
        Cell::Text(s.into())
    }

    #[test]
    fn counts_are_whole_and_not_negative() {
        assert_eq!(count(&t("1234")), Ok(Some(1234)));
        assert_eq!(count(&t(" 12.00 ")), Ok(Some(12)));
        assert_eq!(count(&t("")), Ok(None));
        assert_eq!(
            count(&t("-3")),
            Err("`-3` is negative; a count is a whole number from 0".into())
        );
        assert_eq!(count(&t("12.5")), Err("`12.5` is not a whole number".into()));
        assert_eq!(count(&t("twelve")), Err("`twelve` is not a whole number".into()));
        assert!(count(&t("99999999999999999999")).unwrap_err().contains("too large"));
        assert_eq!(
            count(&Cell::Int(-1)).unwrap_err(),
            "`-1` is negative; a count is a whole number from 0"
        );
    }

    #[test]
    fn times_in_every_zone_become_utc() {
        let utc = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        let at = utc("2026-11-03T08:30:00Z");
        for written in [
            "2026-11-03T08:30:00Z",
            "2026-11-03T09:30:00+01:00",
            "2026-11-03 09:30:00+0100",
            "2026-11-03 09:30:00+01",
            "2026-11-03T03:30:00-05:00",
            "2026-11-03 08:30:00",
            "2026-11-03T08:30:00",
            "2026-11-03 08:30:00 UTC",
        ] {
            assert_eq!(time(&t(written)), Ok(Some(at)), "{written}");
        }
        assert_eq!(
            time(&t("2026-11-03 08:30:00.250")).unwrap().unwrap(),
            utc("2026-11-03T08:30:00.250Z")
        );
        assert!(
            time(&t("03/11/2026"))
                .unwrap_err()
                .starts_with("`03/11/2026` is not a date and time")
        );
    }

    #[test]
    fn money_is_exact() {
        assert_eq!(money(&t("0.000123456789012")), Ok(Some(dec!(0.000123456789012))));
        assert_eq!(money(&Cell::Float(0.1)), Ok(Some(dec!(0.1))));
        // Text and a decimal column keep the places written (the sums look at the places needed).
        assert_eq!(money(&t("0.50")).map(|m| m.map(|m| m.scale())), Ok(Some(2)));
        assert_eq!(
            money(&Cell::Decimal(dec!(0.500))).map(|m| m.map(|m| m.scale())),
            Ok(Some(3))
        );
        assert!(money(&t("$3")).is_err());
    }

    #[test]
    fn flags_and_tags() {
        assert_eq!(flag(&t("TRUE")), Ok(Some(true)));
        assert_eq!(flag(&t("0")), Ok(Some(false)));
        assert!(flag(&t("maybe")).is_err());
        assert_eq!(tags(&t(r#"["a","b c"]"#)), Ok(vec!["a".to_string(), "b c".to_string()]));
        assert_eq!(tags(&t("a, b,")), Ok(vec!["a".to_string(), "b".to_string()]));
        // An escape undone, and a list with something else than text refused whole.
        assert_eq!(
            tags(&t(r#"["say \"hi\"", "b"]"#)),
            Ok(vec!["say \"hi\"".to_string(), "b".to_string()])
        );
        assert!(tags(&t(r#"["a", 3]"#)).is_err());
    }

    #[test]
    fn a_plain_list_reads_as_serde_json_reads_it() {
        let written = [
            r#"["a","b"]"#,
            " [ \"a\" ,\t\"b c\" ]\n",
            "[]",
            "[ ]",
            r#"[""]"#,
            "[\"é\", \"x\u{7f}\"]",
            r#"["a",]"#,
            r#"["a" "b"]"#,
            r#"[,"a"]"#,
            r#"["a\"b"]"#,
            "[\"a\u{1}\"]",
            r#"["a"] x"#,
            "\u{a0}[\"a\"]",
            r#"[["a"]]"#,
            r#"["a"#,
            "[a]",
        ];
        for text in written {
            let json = serde_json::from_str::<Vec<String>>(text);
            match plain_strings(text) {
                Some(items) => assert_eq!(items.collect::<Vec<_>>(), json.unwrap(), "{text}"),
                // Not plain: an escape, or not a list of strings at all.
                None => assert!(json.is_err() || text.contains('\\'), "{text} is a plain list"),
            }
        }
    }
}
