//! v2 `bulk`: one change to several tickets.

use reqwest::Method;
use serde_json::{json, Value};

use crate::checks::{ensure, Run, Work, TICKETS};
use crate::clauses;
use crate::shapes::{self, short};

impl Run<'_> {
    pub(super) async fn bulk(&mut self, work: &Work) {
        let closed = self
            .api
            .json(
                Method::PATCH,
                TICKETS,
                &self.token,
                json!({ "ids": [work.id], "status": "closed" }),
            )
            .await;
        let reopened = self
            .api
            .json(
                Method::PATCH,
                TICKETS,
                &self.token,
                json!({ "ids": [work.id], "status": work.status }),
            )
            .await;
        self.report.check(
            clauses::V2_BULK_CHANGE,
            closed.and_then(|a| {
                a.expect(200)?;
                let changed = shapes::array(&a.json, "data", "answer")?;
                let row = changed.first().ok_or("data is empty")?;
                shapes::summary(row, "data[0]")?;
                ensure(row.get("status") == Some(&json!("closed")), || {
                    "the ticket was not closed".into()
                })?;
                // PHP writes an empty map as [].
                let errors = a.json.get("errors");
                ensure(
                    errors
                        .is_some_and(|e| e.is_object() || e.as_array().is_some_and(Vec::is_empty)),
                    || format!("errors is {}", short(errors.unwrap_or(&Value::Null))),
                )?;
                reopened?.expect(200).map(|_| ())
            }),
        );
    }
}
