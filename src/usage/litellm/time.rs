//! When a call started, from the text of LiteLLM's `startTime`. LiteLLM
//! converts the start to UTC and writes it to a `TIMESTAMP(3)` column without a
//! time zone, so a time without an offset is UTC. A time with an offset (a
//! `timestamptz` column, or an export made in another zone) is converted to
//! UTC. Accepted forms: `2026-11-03 09:15:00.25` (PostgreSQL's text, psql's
//! CSV), `2026-11-03T09:15:00.25` (PostgreSQL's JSON), either followed by `Z`,
//! `+02`, `+02:00` or `+0200`.

use chrono::format::{Item, Parsed, StrftimeItems, parse};
use chrono::{DateTime, Utc};
use std::sync::LazyLock;

/// The accepted layouts, parsed once: with a space or a `T` between date and
/// time, without or with an offset.
static LAYOUTS: LazyLock<[[Vec<Item<'static>>; 2]; 2]> = LazyLock::new(|| {
    let items = |layout: &'static str| StrftimeItems::new(layout).parse().expect("a valid layout");
    [
        [items("%Y-%m-%d %H:%M:%S%.f"), items("%Y-%m-%dT%H:%M:%S%.f")],
        [items("%Y-%m-%d %H:%M:%S%.f%#z"), items("%Y-%m-%dT%H:%M:%S%.f%#z")],
    ]
});

/// The instant `text` names, in UTC, or why it is not a time.
pub(super) fn parse_start(text: &str) -> Result<DateTime<Utc>, String> {
    let t = text.trim();
    let (t, zulu) = match t.strip_suffix(['Z', 'z']) {
        Some(rest) => (rest, true),
        None => (t, false),
    };
    // An offset follows the time: a sign after the date's own dashes.
    let offset = !zulu && t.get(11..).is_some_and(|time| time.contains(['+', '-']));
    let with_t = t.as_bytes().get(10) == Some(&b'T');
    let mut parsed = Parsed::new();
    let at = parse(&mut parsed, t, LAYOUTS[usize::from(offset)][usize::from(with_t)].iter())
        .ok()
        .and_then(|()| match offset {
            true => parsed.to_datetime().ok().map(|at| at.with_timezone(&Utc)),
            false => parsed
                .to_naive_datetime_with_offset(0)
                .ok()
                .map(|naive| naive.and_utc()),
        });
    at.ok_or_else(|| {
        format!("`{text}` is not a time such as `2026-11-03 09:15:00.250` (UTC) or `2026-11-03T11:15:00.250+02:00`")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn utc(h: u32, m: u32, s: u32, ms: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 3, h, m, s).unwrap() + chrono::Duration::milliseconds(ms.into())
    }

    #[test]
    fn times_without_an_offset_are_utc() {
        assert_eq!(parse_start("2026-11-03 09:15:00.25").unwrap(), utc(9, 15, 0, 250));
        assert_eq!(parse_start("2026-11-03T09:15:00").unwrap(), utc(9, 15, 0, 0));
    }

    #[test]
    fn offsets_are_normalised_to_utc() {
        for text in [
            "2026-11-03 09:15:00.25+00",
            "2026-11-03T09:15:00.250Z",
            "2026-11-03T11:15:00.250+02:00",
            "2026-11-03 11:15:00.25+02",
            "2026-11-03T04:15:00.250-0500",
            "2026-11-03T14:45:00.250+05:30",
        ] {
            assert_eq!(parse_start(text).unwrap(), utc(9, 15, 0, 250), "{text}");
        }
    }

    #[test]
    fn other_text_is_refused_with_the_forms_expected() {
        let e = parse_start("03/11/2026 09:15").unwrap_err();
        assert!(e.starts_with("`03/11/2026 09:15` is not a time such as"), "{e}");
    }
}
