//! v3 `merge`'s refusals and the customer's side: into itself, across
//! customers, into a merged ticket; no message into a merged ticket; no
//! `merged_into` on any customer answer.

use reqwest::Method;
use serde_json::{json, Value};

use super::merge::Pair;
use super::privacy::carries_none;
use crate::checks::{data, Run};
use crate::shapes::Check;

impl Run<'_> {
    /// Into itself, and into another customer's ticket: refused.
    pub(super) async fn merge_refusals_before(&self, pair: &Pair) -> Check {
        let itself = self.merge_call(pair, pair.source, None).await?;
        itself
            .expect(422)
            .map_err(|e| format!("into itself: {e}"))?;
        let list = self.page_of("status=all").await?;
        let other = list.rows.iter().find(|row| {
            row.get("customer")
                .and_then(|c| c.get("id"))
                .and_then(Value::as_i64)
                != Some(pair.customer_id)
        });
        if let Some(other) = other.and_then(|row| row["id"].as_i64()) {
            let across = self.merge_call(pair, other, None).await?;
            across
                .expect(422)
                .map_err(|e| format!("into ticket {other} of another customer: {e}"))?;
        }
        Ok(())
    }

    pub(super) async fn merge_into_merged(&self, pair: &Pair) -> Check {
        let reverse = Pair {
            source: pair.target,
            target: pair.source,
            token: String::new(),
            customer_id: pair.customer_id,
        };
        let answer = self.merge_call(&reverse, pair.source, None).await?;
        answer
            .expect(422)
            .map(|_| ())
            .map_err(|e| format!("into the merged ticket: {e}"))
    }

    pub(super) async fn merged_refuses(&self, pair: &Pair) -> Check {
        let path = format!("/api/v1/support/tickets/{}/messages", pair.source);
        let body = json!({ "message": format!("¿Sigue abierto? {}", self.marker) });
        let answer = self
            .api
            .json(Method::POST, &path, &pair.token, body)
            .await?;
        answer
            .expect(422)
            .map(|_| ())
            .map_err(|e| format!("the customer's message into the merged ticket: {e}"))
    }

    pub(super) async fn merge_private(&self, pair: &Pair) -> Check {
        let list = self.api.get("/api/v1/support/tickets", &pair.token).await?;
        list.expect(200)?;
        carries_none(&list.json, "the customer's ticket list")?;
        for id in [pair.source, pair.target] {
            let detail = self
                .api
                .get(&format!("/api/v1/support/tickets/{id}"), &pair.token)
                .await?;
            detail.expect(200)?;
            carries_none(data(&detail)?, &format!("the customer's ticket {id}"))?;
        }
        Ok(())
    }
}
