//! When a call started, from the text of LiteLLM's `startTime`. LiteLLM
//! converts the start to UTC and writes it to a `TIMESTAMP(3)` column without a
//! time zone, so a time without an offset is UTC. A time with an offset (a
//! `timestamptz` column, or an export made in another zone) is converted to
//! UTC. Accepted forms: `2026-11-03 09:15:00.25` (PostgreSQL's text, psql's
//! CSV), `2026-11-03T09:15:00.25` (PostgreSQL's JSON), either followed by `Z`,
//! `+02`, `+02:00` or `+0200`.

use chrono::{DateTime, NaiveDateTime, Utc};

/// The instant `text` names, in UTC, or why it is not a time.
pub(super) fn parse_start(text: &str) -> Result<DateTime<Utc>, String> {
    let t = text.trim();
    let t = t
        .strip_suffix(['Z', 'z'])
        .map_or_else(|| t.to_string(), |rest| format!("{rest}+00"));
    let t = t.replacen('T', " ", 1);
    if let Ok(at) = DateTime::parse_from_str(&t, "%Y-%m-%d %H:%M:%S%.f%#z") {
        return Ok(at.with_timezone(&Utc));
    }
    NaiveDateTime::parse_from_str(&t, "%Y-%m-%d %H:%M:%S%.f")
        .map(|naive| naive.and_utc())
        .map_err(|_| {
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
