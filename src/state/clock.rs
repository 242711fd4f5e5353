//! "How long ago", as the inbox shows it: recent activity in minutes and
//! hours, older activity by date (which the browser formats).

use crate::i18n::{fill, t, Locale, Text};

const MINUTE_MS: f64 = 60_000.0;
const HOUR_MS: f64 = 60.0 * MINUTE_MS;
const DAY_MS: f64 = 24.0 * HOUR_MS;

/// `Some(text)` for activity within the last day; `None` means "show the date".
pub fn relative(now_ms: f64, then_ms: f64, locale: Locale) -> Option<String> {
    let ago = (now_ms - then_ms).max(0.0);
    if ago < MINUTE_MS {
        Some(t(locale, Text::JustNow).to_string())
    } else if ago < HOUR_MS {
        Some(fill(
            t(locale, Text::MinutesAgo),
            &[("n", &((ago / MINUTE_MS) as u64).to_string())],
        ))
    } else if ago < DAY_MS {
        Some(fill(
            t(locale, Text::HoursAgo),
            &[("n", &((ago / HOUR_MS) as u64).to_string())],
        ))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_activity_reads_as_time_ago() {
        let now = 1_706_178_600_000.0;
        assert_eq!(
            relative(now, now - 5_000.0, Locale::Es).as_deref(),
            Some("ahora")
        );
        assert_eq!(
            relative(now, now - 5.0 * MINUTE_MS, Locale::Es).as_deref(),
            Some("hace 5 min")
        );
        assert_eq!(
            relative(now, now - 3.5 * HOUR_MS, Locale::En).as_deref(),
            Some("3 h ago")
        );
        assert_eq!(relative(now, now - 2.0 * DAY_MS, Locale::En), None);
        assert_eq!(
            relative(now, now + 10_000.0, Locale::En).as_deref(),
            Some("just now"),
            "clock skew is not the future"
        );
    }
}
