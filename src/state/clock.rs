//! One time scheme for every list: "ahora" and "hace 5 min" under an hour,
//! then the clock time today ("17:55"), "ayer", the day this year ("6 dic")
//! and the day with its year before that ("6 dic 2025"). This module decides
//! which; the browser's `Intl` writes the dates in the admin's language.

const MINUTE_MS: f64 = 60_000.0;
const HOUR_MS: f64 = 60.0 * MINUTE_MS;

/// A moment on the admin's calendar: its local day (days since 1970-01-01
/// in the admin's time zone) and its local year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LocalDay {
    pub day: i64,
    pub year: i32,
}

/// How a moment is shown, seen from now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stamp {
    JustNow,
    MinutesAgo(u64),
    /// Its clock time: it was today.
    Today,
    Yesterday,
    /// Day and month: earlier this year.
    ThisYear,
    /// Day, month and year.
    Older,
}

pub fn stamp(now_ms: f64, then_ms: f64, now: LocalDay, then: LocalDay) -> Stamp {
    // Clock skew is not the future: a moment ahead of now is "now".
    let ago = (now_ms - then_ms).max(0.0);
    if ago < MINUTE_MS {
        Stamp::JustNow
    } else if ago < HOUR_MS {
        Stamp::MinutesAgo((ago / MINUTE_MS) as u64)
    } else if then.day >= now.day {
        Stamp::Today
    } else if then.day + 1 == now.day {
        Stamp::Yesterday
    } else if then.year == now.year {
        Stamp::ThisYear
    } else {
        Stamp::Older
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: f64 = 1_765_040_100_000.0; // 2025-12-06T16:55:00Z
    const TODAY: LocalDay = LocalDay {
        day: 20_428,
        year: 2025,
    };

    fn at(ago_ms: f64, day: i64, year: i32) -> Stamp {
        stamp(NOW, NOW - ago_ms, TODAY, LocalDay { day, year })
    }

    #[test]
    fn under_an_hour_reads_as_time_ago_and_the_future_as_now() {
        assert_eq!(at(5_000.0, 20_428, 2025), Stamp::JustNow);
        assert_eq!(at(-10_000.0, 20_428, 2025), Stamp::JustNow);
        assert_eq!(at(5.0 * MINUTE_MS, 20_428, 2025), Stamp::MinutesAgo(5));
        assert_eq!(at(59.9 * MINUTE_MS, 20_428, 2025), Stamp::MinutesAgo(59));
    }

    #[test]
    fn older_moments_read_by_the_calendar_not_by_hours() {
        assert_eq!(at(3.0 * HOUR_MS, 20_428, 2025), Stamp::Today);
        // Two hours ago, but before local midnight: yesterday, not "2 h".
        assert_eq!(at(2.0 * HOUR_MS, 20_427, 2025), Stamp::Yesterday);
        assert_eq!(at(60.0 * HOUR_MS, 20_426, 2025), Stamp::ThisYear);
        assert_eq!(at(400.0 * HOUR_MS, 20_300, 2025), Stamp::ThisYear);
        assert_eq!(at(400.0 * HOUR_MS, 20_000, 2024), Stamp::Older);
        // Yesterday across New Year is still yesterday.
        let new_year = LocalDay {
            day: 20_454,
            year: 2026,
        };
        let eve = LocalDay {
            day: 20_453,
            year: 2025,
        };
        assert_eq!(
            stamp(NOW, NOW - 3.0 * HOUR_MS, new_year, eve),
            Stamp::Yesterday
        );
    }
}
