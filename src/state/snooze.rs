//! When a ticket snoozed with one of the quick choices wakes, in the
//! admin's time zone. Pure: now and the zone's offset in, a moment out.

const MINUTE: f64 = 60_000.0;
const HOUR: f64 = 60.0 * MINUTE;
const DAY: f64 = 24.0 * HOUR;

/// The quick choices of the snooze menu.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SnoozeChoice {
    /// In one hour.
    Hour,
    /// Today at 18:00 (offered only before 17:00).
    Evening,
    /// Tomorrow at 9:00.
    Tomorrow,
    /// Next Monday at 9:00 (a week on, on a Monday).
    NextWeek,
}

impl SnoozeChoice {
    /// The choices that make sense at `now`: "this evening" only while it is
    /// an hour or more away.
    pub fn offered(now_ms: f64, offset_minutes: f64) -> Vec<SnoozeChoice> {
        let local_hour = ((now_ms - offset_minutes * MINUTE).rem_euclid(DAY) / HOUR).floor();
        [
            SnoozeChoice::Hour,
            SnoozeChoice::Evening,
            SnoozeChoice::Tomorrow,
            SnoozeChoice::NextWeek,
        ]
        .into_iter()
        .filter(|c| *c != SnoozeChoice::Evening || local_hour < 17.0)
        .collect()
    }

    /// The moment (ms since the epoch) this choice wakes at, for an admin
    /// whose zone is `offset_minutes` behind UTC (JavaScript's
    /// `getTimezoneOffset`, taken at now).
    pub fn until(self, now_ms: f64, offset_minutes: f64) -> f64 {
        let local = now_ms - offset_minutes * MINUTE;
        let midnight = local - local.rem_euclid(DAY);
        let local_until = match self {
            SnoozeChoice::Hour => return now_ms + HOUR,
            SnoozeChoice::Evening => midnight + 18.0 * HOUR,
            SnoozeChoice::Tomorrow => midnight + DAY + 9.0 * HOUR,
            SnoozeChoice::NextWeek => {
                // 1970-01-01 was a Thursday: day 0 is weekday 3 counting from Monday.
                let weekday = ((midnight / DAY).round() as i64 + 3).rem_euclid(7) as f64;
                midnight + (7.0 - weekday) * DAY + 9.0 * HOUR
            }
        };
        local_until + offset_minutes * MINUTE
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-12-08 is a Tuesday. Guatemala is UTC-6 (offset +360).
    const TUESDAY_10_GT: f64 = 1_796_745_600_000.0; // 2026-12-08T16:00:00Z = 10:00 in Guatemala
    const GT: f64 = 360.0;

    fn hours_after_local_midnight(ms: f64, offset: f64) -> f64 {
        ((ms - offset * MINUTE).rem_euclid(DAY)) / HOUR
    }

    #[test]
    fn quick_choices_land_on_local_times() {
        assert_eq!(
            SnoozeChoice::Hour.until(TUESDAY_10_GT, GT),
            TUESDAY_10_GT + HOUR
        );
        let evening = SnoozeChoice::Evening.until(TUESDAY_10_GT, GT);
        assert_eq!(evening - TUESDAY_10_GT, 8.0 * HOUR);
        let tomorrow = SnoozeChoice::Tomorrow.until(TUESDAY_10_GT, GT);
        assert_eq!(tomorrow - TUESDAY_10_GT, 23.0 * HOUR);
        assert_eq!(hours_after_local_midnight(tomorrow, GT), 9.0);
        let monday = SnoozeChoice::NextWeek.until(TUESDAY_10_GT, GT);
        assert_eq!(
            monday - TUESDAY_10_GT,
            5.0 * DAY + 23.0 * HOUR,
            "next Monday 9:00"
        );
        // In UTC the same moment is 16:00: this evening is 2 h away.
        assert_eq!(
            SnoozeChoice::Evening.until(TUESDAY_10_GT, 0.0) - TUESDAY_10_GT,
            2.0 * HOUR
        );
    }

    #[test]
    fn on_a_monday_next_week_is_a_week_on_and_evening_goes_late_in_the_day() {
        let monday_10 = TUESDAY_10_GT - DAY;
        assert_eq!(
            SnoozeChoice::NextWeek.until(monday_10, GT) - monday_10,
            7.0 * DAY - HOUR
        );
        assert!(SnoozeChoice::offered(TUESDAY_10_GT, GT).contains(&SnoozeChoice::Evening));
        let at_17 = TUESDAY_10_GT + 7.0 * HOUR;
        assert!(!SnoozeChoice::offered(at_17, GT).contains(&SnoozeChoice::Evening));
        assert_eq!(SnoozeChoice::offered(at_17, GT).len(), 3);
    }
}
