//! v2 `customers`: customer context and the customer_id filter.

use serde_json::Value;

use crate::checks::{data, ensure, ids, Run, Work, ADMIN};
use crate::clauses;
use crate::shapes::{self, short};

impl Run<'_> {
    pub(super) async fn customers(&mut self, work: &Work) {
        let answer = self
            .get(&format!("{ADMIN}/support/customers/{}", work.customer_id))
            .await;
        self.report.check(
            clauses::V2_CUSTOMERS_CONTEXT,
            answer.and_then(|a| {
                a.expect(200)?;
                let c = data(&a)?;
                ensure(
                    c.get("id").and_then(Value::as_i64) == Some(work.customer_id),
                    || "another customer".into(),
                )?;
                shapes::string(c, "name", "data")?;
                shapes::string(c, "email", "data")?;
                shapes::timestamp(c, "created_at", "data")?;
                shapes::int(c, "tickets_count", "data")?;
                shapes::int(c, "open_tickets_count", "data").map(|_| ())
            }),
        );
        let filtered = self
            .list(&format!(
                "status=all&customer_id={}&per_page=100",
                work.customer_id
            ))
            .await;
        self.report.check(
            clauses::V2_CUSTOMERS_FILTER,
            filtered.and_then(|shapes::Page { rows, .. }| {
                ensure(ids(&rows).contains(&work.id), || {
                    format!("ticket {} is missing", work.id)
                })?;
                match rows.iter().find(|r| {
                    r.get("customer")
                        .and_then(|c| c.get("id"))
                        .and_then(Value::as_i64)
                        != Some(work.customer_id)
                }) {
                    Some(row) => Err(format!("another customer's ticket: {}", short(row))),
                    None => Ok(()),
                }
            }),
        );
    }
}
