//! The time window a usage reader keeps: calls that started at or after
//! `since` and before `until`, both in UTC. The start is inclusive and the end
//! exclusive, so consecutive windows (one month, then the next) share no call.

use chrono::{DateTime, Utc};

/// Start (inclusive) and end (exclusive) of the calls to read; either may be open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Window {
    pub since: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
}

impl Window {
    /// Every call, whenever it started.
    pub fn all() -> Self {
        Self::default()
    }

    /// Whether a call that started at `start` falls in the window.
    pub fn contains(&self, start: DateTime<Utc>) -> bool {
        self.since.is_none_or(|since| start >= since) && self.until.is_none_or(|until| start < until)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_start_is_kept_and_the_end_is_not() {
        let day = |d| Utc.with_ymd_and_hms(2026, 11, d, 0, 0, 0).unwrap();
        let w = Window {
            since: Some(day(3)),
            until: Some(day(4)),
        };
        assert!(w.contains(day(3)));
        assert!(w.contains(day(4) - chrono::Duration::milliseconds(1)));
        assert!(!w.contains(day(4)));
        assert!(!w.contains(day(3) - chrono::Duration::milliseconds(1)));
        assert!(Window::all().contains(day(1)));
    }
}
