//! v3 `snooze`: a snoozed ticket leaves the lists until the customer writes
//! or its time passes, when `ticket.updated` says it woke.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::Method;
use serde_json::{json, Value};

use super::is_update_of;
use crate::checks::{ensure, ids, Run, Work, TICKETS};
use crate::clauses;
use crate::shapes::{self, Check};
use crate::ws::Event;

/// How long the time wake may take: Laravel's scheduler runs once a
/// minute, so a minute and a half.
const TIME_WAKE_WAIT: Duration = Duration::from_secs(90);
/// How far ahead the time wake's snooze is set.
const TIME_WAKE_AFTER_MS: i64 = 3_000;

/// `now + offset_ms` as the contract writes times (`…T10:30:00.000Z`), on
/// this machine's clock.
pub(super) fn iso_in(offset_ms: i64) -> String {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0);
    let millis = now + offset_ms;
    let (secs, ms) = (millis.div_euclid(1000), millis.rem_euclid(1000));
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Howard Hinnant's days-to-civil.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{ms:03}Z",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

/// `ticket.updated` for the ticket saying it is awake.
fn woke(e: &Event, ticket_id: i64) -> bool {
    is_update_of(e, ticket_id)
        && e.data
            .get("ticket")
            .is_some_and(|t| t.get("snoozed_until") == Some(&Value::Null))
}

fn asleep(e: &Event, ticket_id: i64) -> bool {
    is_update_of(e, ticket_id)
        && e.data
            .get("ticket")
            .and_then(|t| t.get("snoozed_until"))
            .is_some_and(Value::is_string)
}

impl Run<'_> {
    pub(super) async fn snooze(&mut self, work: &Work) {
        let invalid = self.snooze_invalid(work).await;
        self.report.check(clauses::V3_SNOOZE_INVALID, invalid);
        let set = self.snooze_set(work).await;
        let set_ok = set.is_ok();
        self.report.check(clauses::V3_SNOOZE_SET, set);
        if !set_ok {
            for clause in [
                clauses::V3_SNOOZE_CUSTOMER_WAKES,
                clauses::V3_SNOOZE_TIME_WAKES,
            ] {
                self.report.skip(clause, "snoozing failed");
            }
            return;
        }
        self.customer_wakes(work).await;
        self.time_wakes(work).await;
    }

    /// A past time, and any time on a closed ticket, are refused.
    async fn snooze_invalid(&self, work: &Work) -> Check {
        let path = format!("{TICKETS}/{}", work.id);
        let snooze = |until: String| json!({ "snoozed_until": until });
        let past = self
            .api
            .json(Method::PATCH, &path, &self.token, snooze(iso_in(-60_000)))
            .await?;
        past.expect(422)
            .map_err(|e| format!("a time a minute ago: {e}"))?;
        self.patch(work, json!({ "status": "closed" })).await?;
        let closed = self
            .api
            .json(Method::PATCH, &path, &self.token, snooze(iso_in(3_600_000)))
            .await;
        self.patch(work, json!({ "status": "open" }))
            .await
            .map_err(|e| format!("reopening after the closed check: {e}"))?;
        closed?
            .expect(422)
            .map(|_| ())
            .map_err(|e| format!("a closed ticket: {e}"))
    }

    /// Snoozed an hour: the summary says so, the default and `status=open`
    /// lists leave it out, `snoozed=only` and `snoozed=include` have it.
    async fn snooze_set(&mut self, work: &Work) -> Check {
        if let Some(socket) = self.socket.as_mut() {
            let ticket_id = work.id;
            socket.forget(|e| is_update_of(e, ticket_id));
        }
        let summary = self
            .patch(work, json!({ "snoozed_until": iso_in(3_600_000) }))
            .await?;
        shapes::timestamp(&summary, "snoozed_until", "data")?;
        let marker = self.marker.clone();
        for (query, listed) in [
            (format!("search={marker}"), false),
            (format!("status=open&search={marker}"), false),
            (format!("status=open&snoozed=only&search={marker}"), true),
            (format!("snoozed=include&search={marker}"), true),
        ] {
            let page = self.page_of(&query).await?;
            ensure(ids(&page.rows).contains(&work.id) == listed, || {
                let says = if listed { "leaves out" } else { "lists" };
                format!("?{query} {says} the snoozed ticket")
            })?;
        }
        Ok(())
    }

    async fn customer_wakes(&mut self, work: &Work) {
        let clause = clauses::V3_SNOOZE_CUSTOMER_WAKES;
        let token = match self.customer_token().map(str::to_string) {
            Some(token) if work.own => token,
            _ => return self.report.skip(clause, "needs --customer"),
        };
        let ticket_id = work.id;
        self.past_the_snooze(ticket_id).await;
        let path = format!("/api/v1/support/tickets/{}/messages", work.id);
        let sent = self
            .api
            .json(
                Method::POST,
                &path,
                &token,
                json!({ "message": "¿Siguen ahí?" }),
            )
            .await
            .and_then(|a| a.expect(201).map(|_| ()));
        if let Err(why) = sent {
            self.report
                .check(clause, Err(format!("the customer's message: {why}")));
            return;
        }
        self.expect_event(clause, |e| woke(e, ticket_id), |_| Ok(()))
            .await;
    }

    /// Reads up to the `ticket.updated` that announced the snooze and forgets
    /// every earlier one: events come in order, so a `snoozed_until: null`
    /// heard after this is a wake, not an older update.
    async fn past_the_snooze(&mut self, ticket_id: i64) {
        if let Some(socket) = self.socket.as_mut() {
            let _ = socket
                .wait_for(crate::ws::EVENT_WAIT, |e| asleep(e, ticket_id))
                .await;
            socket.forget(|e| is_update_of(e, ticket_id));
        }
    }

    async fn time_wakes(&mut self, work: &Work) {
        let clause = clauses::V3_SNOOZE_TIME_WAKES;
        if self.socket.is_none() {
            return self.report.skip(clause, "no subscribed WebSocket");
        }
        let ticket_id = work.id;
        if let Some(socket) = self.socket.as_mut() {
            socket.forget(|e| is_update_of(e, ticket_id));
        }
        let until = iso_in(TIME_WAKE_AFTER_MS);
        if let Err(why) = self.patch(work, json!({ "snoozed_until": until })).await {
            self.report
                .check(clause, Err(format!("snoozing until {until}: {why}")));
            return;
        }
        self.past_the_snooze(ticket_id).await;
        self.expect_event_within(clause, TIME_WAKE_WAIT, |e| woke(e, ticket_id), |_| Ok(()))
            .await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_written_as_the_contract_does() {
        let text = iso_in(0);
        assert!(shapes::is_iso_utc(&text), "{text}");
        assert!(iso_in(60_000) > text);
    }
}
