//! v3 `viewers`: who is on a ticket, witnessed by the backend and broadcast
//! as `ticket.viewers` on `private-support.admin`.

use reqwest::Method;
use serde_json::{json, Value};

use crate::api::Body;
use crate::checks::{ensure, Run, Work, ADMIN, ADMIN_CHANNEL, TICKETS};
use crate::clauses;
use crate::shapes::{self, Check};
use crate::ws::Event;

/// The `viewers` of a `ticket.viewers` for `ticket_id`, if it is one.
fn viewers_of(e: &Event, ticket_id: i64) -> Option<&Vec<Value>> {
    (e.event == "ticket.viewers"
        && e.channel == ADMIN_CHANNEL
        && e.data.get("ticket_id").and_then(Value::as_i64) == Some(ticket_id))
    .then(|| e.data.get("viewers").and_then(Value::as_array))
    .flatten()
}

/// The entry of admin `id` in a list of viewers, if any.
fn entry(viewers: &[Value], id: i64) -> Option<&Value> {
    viewers
        .iter()
        .find(|v| v.get("id").and_then(Value::as_i64) == Some(id))
}

/// One viewer as the contract writes it: `{id, name, typing}`.
fn viewer(v: &Value, context: &str) -> Check {
    shapes::int(v, "id", context)?;
    shapes::string(v, "name", context)?;
    shapes::boolean(v, "typing", context).map(|_| ())
}

impl Run<'_> {
    pub(super) async fn viewers(&mut self, work: &Work) {
        let me = self.admin_id;
        let ticket_id = work.id;
        let path = format!("{TICKETS}/{ticket_id}/viewing");
        let typing = true;
        let put = self
            .api
            .json(Method::PUT, &path, &self.token, json!({ "typing": typing }))
            .await
            .and_then(|a| a.expect(204).map(|_| ()));
        if let Err(why) = put {
            self.report.check(
                clauses::V3_VIEWERS_TYPING,
                Err(format!("PUT viewing: {why}")),
            );
            self.report
                .skip(clauses::V3_VIEWERS_LIST, "PUT viewing failed");
            self.report
                .skip(clauses::V3_VIEWERS_LEFT, "PUT viewing failed");
            return;
        }
        self.expect_event(
            clauses::V3_VIEWERS_TYPING,
            |e| viewers_of(e, ticket_id).is_some_and(|list| entry(list, me).is_some()),
            |e| {
                let list = viewers_of(e, ticket_id).ok_or("no viewers")?;
                for (i, v) in list.iter().enumerate() {
                    viewer(v, &format!("data.viewers[{i}]"))?;
                }
                let mine = entry(list, me).ok_or("this admin is not among the viewers")?;
                let heard = mine.get("typing").and_then(Value::as_bool);
                ensure(heard == Some(typing), || {
                    format!("typing {} for this admin, sent {typing}", mine["typing"])
                })
            },
        )
        .await;

        let listed = self
            .get(&format!("{ADMIN}/support/viewers"))
            .await
            .and_then(|a| {
                a.expect(200)?;
                let data = shapes::object(&a.json, "data", "answer")?;
                let key = ticket_id.to_string();
                let list = shapes::array(data, &key, "data")?;
                for (i, v) in list.iter().enumerate() {
                    viewer(v, &format!("data.{key}[{i}]"))?;
                }
                ensure(entry(list, me).is_some(), || {
                    format!("data.{key} does not name this admin ({me})")
                })
            });
        self.report.check(clauses::V3_VIEWERS_LIST, listed);

        let left = self
            .api
            .call(Method::DELETE, &path, Some(&self.token), &[], Body::None)
            .await
            .and_then(|a| a.expect(204).map(|_| ()));
        if let Err(why) = left {
            self.report.check(
                clauses::V3_VIEWERS_LEFT,
                Err(format!("DELETE viewing: {why}")),
            );
            return;
        }
        self.expect_event(
            clauses::V3_VIEWERS_LEFT,
            |e| viewers_of(e, ticket_id).is_some_and(|list| entry(list, me).is_none()),
            |_| Ok(()),
        )
        .await;
    }
}
