//! v3's privacy rule: no customer endpoint or channel carries `priority`,
//! `tags`, `snoozed_until` (nor sla's and merge's fields): triage is internal.

use reqwest::Method;
use serde_json::{json, Value};

use super::snooze::iso_in;
use super::ADMIN_ONLY_KEYS;
use crate::checks::v2::notes::customer_channels;
use crate::checks::{data, message_id, Run, Work};
use crate::clauses;
use crate::shapes::Check;
use crate::ws::EVENT_WAIT;

/// The admin-only keys anywhere in `value`, with where.
fn admin_only(value: &Value, at: &str, found: &mut Vec<String>) {
    match value {
        Value::Object(fields) => {
            for (key, inner) in fields {
                let path = format!("{at}.{key}");
                if ADMIN_ONLY_KEYS.contains(&key.as_str()) {
                    found.push(path.clone());
                }
                admin_only(inner, &path, found);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                admin_only(item, &format!("{at}[{i}]"), found);
            }
        }
        _ => {}
    }
}

pub(super) fn carries_none(value: &Value, what: &str) -> Check {
    let mut found = Vec::new();
    admin_only(value, "", &mut found);
    match found.first() {
        None => Ok(()),
        Some(first) => Err(format!("{what} carries {}", first.trim_start_matches('.'))),
    }
}

impl Run<'_> {
    /// `announced`: the triage capabilities offered, whose fields are set on
    /// the work ticket before the customer looks.
    pub(super) async fn privacy(&mut self, work: &Work, announced: &[&str]) {
        let ears = self.customer_ears(work).await;
        let mut body = serde_json::Map::new();
        for name in announced {
            let (key, value) = match *name {
                "priority" => ("priority", json!("urgent")),
                "tags" => ("tags", json!(["vip"])),
                _ => ("snoozed_until", json!(iso_in(3_600_000))),
            };
            body.insert(key.into(), value);
        }
        let set = self.patch(work, Value::Object(body)).await;
        if let Err(why) = &set {
            for clause in [clauses::V3_PRIVACY_ENDPOINTS, clauses::V3_PRIVACY_CHANNELS] {
                self.report
                    .check(clause, Err(format!("setting triage on the ticket: {why}")));
            }
            return;
        }
        let endpoints = self.customer_endpoints_private(work).await;
        match endpoints {
            Some(result) => {
                self.report.check(clauses::V3_PRIVACY_ENDPOINTS, result);
            }
            None => self
                .report
                .skip(clauses::V3_PRIVACY_ENDPOINTS, "needs --customer"),
        };
        let channels = match ears {
            Err(outcome) => {
                self.report.record(clauses::V3_PRIVACY_CHANNELS, outcome);
                return;
            }
            Ok(socket) => socket,
        };
        let result = self.customer_channels_private(work, channels).await;
        self.report.check(clauses::V3_PRIVACY_CHANNELS, result);
    }

    /// The customer's ticket list and detail.
    async fn customer_endpoints_private(&self, work: &Work) -> Option<Check> {
        let token = self.customer_token().filter(|_| work.own)?;
        let list = async {
            let answer = self.api.get("/api/v1/support/tickets", token).await?;
            answer.expect(200)?;
            carries_none(&answer.json, "the customer's ticket list")?;
            let answer = self
                .api
                .get(&format!("/api/v1/support/tickets/{}", work.id), token)
                .await?;
            answer.expect(200)?;
            carries_none(data(&answer)?, "the customer's ticket detail")
        };
        Some(list.await)
    }

    /// Heard as the customer: after the triage change, an admin reply (which
    /// the seed sends to both customer channels); nothing before it on either
    /// channel may carry a v3 field.
    async fn customer_channels_private(
        &mut self,
        work: &Work,
        mut socket: crate::ws::Socket,
    ) -> Check {
        let answer = self
            .api
            .json(
                Method::POST,
                &self.messages_path(work),
                &self.token,
                json!({ "message": format!("Tras clasificar {}", self.marker) }),
            )
            .await?;
        answer.expect(201).map_err(|e| format!("the reply: {e}"))?;
        let reply_id = crate::shapes::int(data(&answer)?, "id", "data")?;
        for channel in customer_channels(work) {
            let heard = socket
                .wait_for(EVENT_WAIT, |e| {
                    e.channel == channel
                        && e.event == "message.sent"
                        && message_id(e) == Some(reply_id)
                })
                .await?;
            let Some(reply) = heard else {
                return Err(format!(
                    "the reply never came on {channel} within 5 s, so silence proves nothing"
                ));
            };
            carries_none(&reply.data, &format!("message.sent on {channel}"))?;
            let leaked = socket
                .wait_for(std::time::Duration::ZERO, |e| {
                    e.channel == channel && carries_none(&e.data, "").is_err()
                })
                .await?;
            if let Some(e) = leaked {
                return carries_none(&e.data, &format!("{} on {channel}", e.event));
            }
        }
        Ok(())
    }
}
