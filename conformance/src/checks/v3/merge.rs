//! v3 `merge`: two new tickets of the run's customer, one merged into the
//! other: the thread moves in order keeping ids, the source closes with
//! `merged_into`, the refusals, `Idempotency-Key`, `ticket.merged`, and the
//! customer's side (no message into the merged ticket, no `merged_into` on
//! any customer answer).

use reqwest::Method;
use serde_json::{json, Value};

use crate::api::{Answer, Body};
use crate::checks::{data, ensure, Run, ADMIN_CHANNEL, TICKETS};
use crate::clauses;
use crate::shapes::{self, Check};

const MERGE_CLAUSES: [&str; 7] = [
    clauses::V3_MERGE_MOVES,
    clauses::V3_MERGE_SOURCE,
    clauses::V3_MERGE_INVALID,
    clauses::V3_MERGE_IDEMPOTENT,
    clauses::V3_MERGE_EVENTS,
    clauses::V3_MERGE_REFUSES,
    clauses::V3_MERGE_PRIVACY,
];

/// The source merged into the target, both the customer's.
pub(super) struct Pair {
    pub(super) source: i64,
    pub(super) target: i64,
    pub(super) token: String,
    pub(super) customer_id: i64,
}

fn source_channel(pair: &Pair) -> String {
    format!("private-support.ticket.{}", pair.source)
}

impl Run<'_> {
    pub(super) async fn merge(&mut self) {
        let pair = match self.merge_pair().await {
            Ok(pair) => pair,
            Err(why) => {
                for clause in MERGE_CLAUSES {
                    self.report.skip(clause, &why);
                }
                return;
            }
        };
        // Heard as the panel's open thread would: the source's channel.
        if let Some(socket) = self.socket.as_mut() {
            if let Err(why) = socket
                .subscribe(&self.api, &self.token, &source_channel(&pair))
                .await
            {
                eprintln!("conformance: cannot listen on the source's channel: {why}");
            }
        }
        let invalid_before = self.merge_refusals_before(&pair).await;
        let expected = match (
            self.thread_ids(pair.source).await,
            self.thread_ids(pair.target).await,
        ) {
            (Ok(source), Ok(target)) => {
                let mut all: Vec<i64> = source.into_iter().chain(target).collect();
                all.sort_unstable();
                all
            }
            (Err(why), _) | (_, Err(why)) => {
                for clause in MERGE_CLAUSES {
                    self.report
                        .check(clause, Err(format!("reading the threads: {why}")));
                }
                return;
            }
        };
        let key = format!("merge-{}", self.marker);
        let first = self.merge_call(&pair, pair.target, Some(&key)).await;
        let first = match first.and_then(|a| a.expect(200).cloned()) {
            Ok(answer) => answer,
            Err(why) => {
                self.report.check(clauses::V3_MERGE_SOURCE, Err(why));
                for &clause in &MERGE_CLAUSES {
                    if clause != clauses::V3_MERGE_SOURCE {
                        self.report.skip(clause, "the merge itself failed");
                    }
                }
                return;
            }
        };
        let source_ok = self.merged_source(&pair, &first).await;
        self.report.check(clauses::V3_MERGE_SOURCE, source_ok);
        let moved = self.moved_in_order(&pair, &expected).await;
        self.report.check(clauses::V3_MERGE_MOVES, moved);
        let (source, target) = (pair.source, pair.target);
        let merged = move |e: &crate::ws::Event| {
            e.event == "ticket.merged"
                && e.data.get("ticket_id") == Some(&json!(source))
                && e.data.get("into") == Some(&json!(target))
        };
        let events = self.merge_events(&pair, merged).await;
        match events {
            None => self
                .report
                .skip(clauses::V3_MERGE_EVENTS, "no subscribed WebSocket"),
            Some(result) => {
                self.report.check(clauses::V3_MERGE_EVENTS, result);
            }
        }
        let idempotent = self.merge_repeat(&pair, &key, &first, &expected).await;
        self.report.check(clauses::V3_MERGE_IDEMPOTENT, idempotent);
        let invalid = match invalid_before {
            Ok(()) => self.merge_into_merged(&pair).await,
            failed => failed,
        };
        self.report.check(clauses::V3_MERGE_INVALID, invalid);
        let refuses = self.merged_refuses(&pair).await;
        self.report.check(clauses::V3_MERGE_REFUSES, refuses);
        let private = self.merge_private(&pair).await;
        self.report.check(clauses::V3_MERGE_PRIVACY, private);
    }

    /// `ticket.merged` heard on the admin channel and on the source's
    /// ticket channel (one clause, one line); `None` without a socket.
    async fn merge_events(
        &mut self,
        pair: &Pair,
        merged: impl Fn(&crate::ws::Event) -> bool,
    ) -> Option<Check> {
        let socket = self.socket.as_mut()?;
        for channel in [ADMIN_CHANNEL.to_string(), source_channel(pair)] {
            let heard = socket
                .wait_for(crate::ws::EVENT_WAIT, |e| merged(e) && e.channel == channel)
                .await;
            match heard {
                Ok(Some(e)) if !e.raw_data.is_string() => {
                    return Some(Err(format!("data on {channel} is not a JSON string")))
                }
                Ok(Some(_)) => {}
                Ok(None) => {
                    return Some(Err(format!(
                        "no ticket.merged {{ticket_id: {}, into: {}}} on {channel} within 5 s",
                        pair.source, pair.target
                    )))
                }
                Err(why) => return Some(Err(why)),
            }
        }
        Some(Ok(()))
    }

    /// Two new tickets of the customer, each with a message; a note on the
    /// source (when notes are there), so notes are seen to move too.
    async fn merge_pair(&self) -> Result<Pair, String> {
        let customer = self.customer.as_ref().ok_or("needs --customer")?;
        let reason = self
            .get("/api/v1/support/reasons")
            .await
            .ok()
            .and_then(|a| a.json.get("data")?.get(0)?.get("id")?.as_i64())
            .unwrap_or(1);
        let mut ids = Vec::new();
        for which in ["destino", "origen"] {
            let body = json!({
                "reason_id": reason,
                "subject": format!("Unir {which} {}", self.marker),
                "message": format!("Mensaje de {which} {}", self.marker),
            });
            let answer = self
                .api
                .json(
                    Method::POST,
                    "/api/v1/support/tickets",
                    &customer.token,
                    body,
                )
                .await?;
            answer
                .expect(201)
                .map_err(|e| format!("creating a ticket to merge: {e}"))?;
            ids.push(shapes::int(data(&answer)?, "id", "data")?);
        }
        let pair = Pair {
            target: ids[0],
            source: ids[1],
            token: customer.token.clone(),
            customer_id: customer.id,
        };
        let note = json!({ "body": format!("Nota antes de unir {}", self.marker) });
        let path = format!("{TICKETS}/{}/notes", pair.source);
        let _ = self.api.json(Method::POST, &path, &self.token, note).await;
        Ok(pair)
    }

    pub(super) async fn merge_call(
        &self,
        pair: &Pair,
        into: i64,
        key: Option<&str>,
    ) -> Result<Answer, String> {
        let headers: Vec<(&str, &str)> = key.map(|k| ("Idempotency-Key", k)).into_iter().collect();
        self.api
            .call(
                Method::POST,
                &format!("{TICKETS}/{}/merge", pair.source),
                Some(&self.token),
                &headers,
                Body::Json(json!({ "into": into })),
            )
            .await
    }

    /// A thread's message ids (notes too), as the admin reads it.
    async fn thread_ids(&self, ticket_id: i64) -> Result<Vec<i64>, String> {
        Ok(self
            .thread_rows(ticket_id)
            .await?
            .iter()
            .filter_map(|m| m["id"].as_i64())
            .collect())
    }

    async fn thread_rows(&self, ticket_id: i64) -> Result<Vec<Value>, String> {
        let answer = self
            .get(&format!("{TICKETS}/{ticket_id}/messages?limit=100"))
            .await?;
        answer.expect(200)?;
        Ok(data(&answer)?
            .as_array()
            .ok_or("data is not a list")?
            .clone())
    }

    async fn merged_source(&self, pair: &Pair, first: &Answer) -> Check {
        let target = data(first)?;
        shapes::summary(target, "data")?;
        ensure(target.get("id") == Some(&json!(pair.target)), || {
            format!(
                "data.id is {}, not the target",
                shapes::short(&target["id"])
            )
        })?;
        let answer = self.get(&format!("{TICKETS}/{}", pair.source)).await?;
        answer.expect(200)?;
        let source = data(&answer)?;
        ensure(source.get("status") == Some(&json!("closed")), || {
            format!("the source is {}", shapes::short(&source["status"]))
        })?;
        ensure(
            source.get("merged_into") == Some(&json!(pair.target)),
            || {
                format!(
                    "the source's merged_into is {}",
                    shapes::short(&source["merged_into"])
                )
            },
        )
    }

    async fn moved_in_order(&self, pair: &Pair, expected: &[i64]) -> Check {
        let rows = self.thread_rows(pair.target).await?;
        let got: Vec<i64> = rows.iter().filter_map(|m| m["id"].as_i64()).collect();
        ensure(got == expected, || {
            format!("the target's thread is {got:?}, expected {expected:?}")
        })?;
        let times: Vec<&str> = rows
            .iter()
            .filter_map(|m| m["created_at"].as_str())
            .collect();
        ensure(times.windows(2).all(|w| w[0] <= w[1]), || {
            "the target's thread is not in time order".into()
        })?;
        ensure(self.thread_ids(pair.source).await?.is_empty(), || {
            "messages are left in the source".into()
        })
    }

    async fn merge_repeat(
        &self,
        pair: &Pair,
        key: &str,
        first: &Answer,
        expected: &[i64],
    ) -> Check {
        let again = self.merge_call(pair, pair.target, Some(key)).await?;
        again.expect(200)?;
        ensure(data(&again)?.get("id") == data(first)?.get("id"), || {
            "the repeat answered another ticket".into()
        })?;
        let now = self.thread_ids(pair.target).await?;
        ensure(now == expected, || {
            "the repeat changed the target's thread".into()
        })
    }
}
