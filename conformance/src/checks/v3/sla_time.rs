//! Reading times for sla's clauses: the contract's ISO 8601 strings and the
//! HTTP `Date` header, both as Unix milliseconds.

use std::time::UNIX_EPOCH;

use serde_json::Value;

/// `2024-01-25T10:30:00.000Z` (or with `±HH:MM`) as Unix milliseconds.
pub(super) fn iso_ms(text: &str) -> Option<i64> {
    let number = |s: &str| -> Option<i64> {
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok())?
    };
    let (date, rest) = text.split_once('T')?;
    let mut ymd = date.split('-');
    let (y, m, d) = (
        number(ymd.next()?)?,
        number(ymd.next()?)?,
        number(ymd.next()?)?,
    );
    let (clock, offset_min) = match rest.strip_suffix('Z') {
        Some(clock) => (clock, 0),
        None => {
            let at = rest.rfind(['+', '-'])?;
            let (clock, zone) = rest.split_at(at);
            let (h, mm) = zone.get(1..)?.split_once(':')?;
            let minutes = number(h)? * 60 + number(mm)?;
            (
                clock,
                if zone.starts_with('-') {
                    -minutes
                } else {
                    minutes
                },
            )
        }
    };
    let (whole, fraction) = clock.split_once('.').unwrap_or((clock, ""));
    let mut hms = whole.split(':');
    let (h, mi, s) = (
        number(hms.next()?)?,
        number(hms.next()?)?,
        number(hms.next()?)?,
    );
    let millis = match fraction {
        "" => 0,
        f => number(&f.chars().chain("000".chars()).take(3).collect::<String>())?,
    };
    // Howard Hinnant's days-from-civil.
    let yy = if m <= 2 { y - 1 } else { y };
    let era = yy.div_euclid(400);
    let yoe = yy.rem_euclid(400);
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
    let days = era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468;
    Some((days * 86_400 + h * 3600 + mi * 60 + s - offset_min * 60) * 1000 + millis)
}

/// A summary's time field as Unix ms; `None` when null or absent.
pub(super) fn field_ms(summary: &Value, key: &str) -> Result<Option<i64>, String> {
    match summary.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => iso_ms(text)
            .map(Some)
            .ok_or_else(|| format!("{key} is not an ISO 8601 time: {text:?}")),
        Some(other) => Err(format!("{key} is not a time: {other}")),
    }
}

/// The HTTP `Date` header as Unix ms.
pub(super) fn http_date_ms(header: &str) -> Option<i64> {
    let at = httpdate::parse_http_date(header).ok()?;
    Some(at.duration_since(UNIX_EPOCH).ok()?.as_millis() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_read() {
        assert_eq!(iso_ms("2024-01-25T10:30:00.000Z"), Some(1_706_178_600_000));
        assert_eq!(iso_ms("2024-01-25T12:30:00+02:00"), Some(1_706_178_600_000));
        assert_eq!(iso_ms("mañana"), None);
        assert_eq!(
            http_date_ms("Thu, 25 Jan 2024 10:30:00 GMT"),
            Some(1_706_178_600_000)
        );
    }
}
