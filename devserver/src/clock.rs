//! Time as the contract writes it: ISO 8601 UTC with milliseconds,
//! e.g. `2024-01-25T10:30:00.000Z`. Stored as Unix milliseconds.

use std::time::{SystemTime, UNIX_EPOCH};

pub fn now_millis() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

pub fn iso(millis: i64) -> String {
    let secs = millis.div_euclid(1000);
    let ms = millis.rem_euclid(1000);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{ms:03}Z",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

/// Reads an ISO 8601 time with a date, a time to the second, optional
/// fractions and a zone (`Z` or `±HH:MM`), as Laravel's `date` rule takes
/// it from the panel: `2024-01-25T10:30:00.000Z`. Unix milliseconds, or
/// `None` for anything else.
pub fn parse_iso(text: &str) -> Option<i64> {
    let number = |s: &str| -> Option<i64> {
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let (date, rest) = text.split_once('T')?;
    let mut parts = date.split('-');
    let (year, month, day) = (
        number(parts.next()?)?,
        number(parts.next()?)?,
        number(parts.next()?)?,
    );
    if parts.next().is_some() || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let (clock, offset_minutes) = if let Some(clock) = rest.strip_suffix('Z') {
        (clock, 0)
    } else {
        let at = rest.rfind(['+', '-'])?;
        let (clock, zone) = rest.split_at(at);
        let (hours, minutes) = zone[1..].split_once(':')?;
        let minutes = number(hours)? * 60 + number(minutes)?;
        (
            clock,
            if zone.starts_with('-') {
                -minutes
            } else {
                minutes
            },
        )
    };
    let (whole, fraction) = match clock.split_once('.') {
        Some((whole, fraction)) => (whole, fraction),
        None => (clock, ""),
    };
    let mut hms = whole.split(':');
    let (h, m, sec) = (
        number(hms.next()?)?,
        number(hms.next()?)?,
        number(hms.next()?)?,
    );
    if hms.next().is_some() || h > 23 || m > 59 || sec > 60 {
        return None;
    }
    let millis = if fraction.is_empty() {
        0
    } else {
        let digits: String = fraction.chars().chain("000".chars()).take(3).collect();
        number(fraction)?;
        number(&digits)?
    };
    let days = days_from_civil(year, month as u32, day as u32);
    let secs = days * 86_400 + h * 3600 + m * 60 + sec - offset_minutes * 60;
    Some(secs * 1000 + millis)
}

/// The inverse of `civil_from_days` (the same author's algorithm).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = i64::from((month + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian calendar).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::{iso, parse_iso};

    #[test]
    fn formats_like_laravel() {
        assert_eq!(iso(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso(1_706_178_600_000), "2024-01-25T10:30:00.000Z");
        assert_eq!(iso(951_782_400_123), "2000-02-29T00:00:00.123Z");
    }

    #[test]
    fn reads_what_it_writes_and_zones() {
        for millis in [0, 1_706_178_600_000, 951_782_400_123, 4_102_444_799_999] {
            assert_eq!(parse_iso(&iso(millis)), Some(millis));
        }
        assert_eq!(
            parse_iso("2024-01-25T12:30:00+02:00"),
            Some(1_706_178_600_000)
        );
        assert_eq!(parse_iso("2024-01-25T10:30:00Z"), Some(1_706_178_600_000));
        for bad in [
            "",
            "2024-01-25",
            "2024-13-01T00:00:00Z",
            "2024-01-25T10:30Z",
            "mañana",
            "2024-01-25T10:30:00.x1Z",
        ] {
            assert_eq!(parse_iso(bad), None, "{bad}");
        }
    }
}
