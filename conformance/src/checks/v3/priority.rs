//! v3 `priority`: set by PATCH, announced by `ticket.updated`, filtered by
//! `priority=urgent,high`.

use serde_json::{json, Value};

use super::is_update_of;
use crate::checks::{ensure, ids, Run, Work};
use crate::clauses;
use crate::shapes::{self, Check};

const PRIORITIES: [&str; 4] = ["low", "normal", "high", "urgent"];

impl Run<'_> {
    pub(super) async fn priority(&mut self, work: &Work) {
        let ticket_id = work.id;
        if let Some(socket) = self.socket.as_mut() {
            socket.forget(|e| is_update_of(e, ticket_id));
        }
        let set = self.patch(work, json!({ "priority": "urgent" })).await;
        let set_ok = set.is_ok();
        self.report.check(
            clauses::V3_PRIORITY_SET,
            set.and_then(|s| {
                ensure(s.get("priority") == Some(&json!("urgent")), || {
                    format!("priority is {}", shapes::short(&s["priority"]))
                })
            }),
        );
        if !set_ok {
            for clause in [clauses::V3_PRIORITY_UPDATED, clauses::V3_PRIORITY_FILTER] {
                self.report.skip(clause, "setting the priority failed");
            }
            return;
        }
        self.expect_event(
            clauses::V3_PRIORITY_UPDATED,
            |e| is_update_of(e, ticket_id),
            |e| {
                let ticket = shapes::object(&e.data, "ticket", "data")?;
                shapes::summary(ticket, "data.ticket")?;
                ensure(ticket.get("priority") == Some(&json!("urgent")), || {
                    format!(
                        "data.ticket.priority is {}",
                        shapes::short(&ticket["priority"])
                    )
                })
            },
        )
        .await;
        let filtered = self.priority_filter(work).await;
        self.report.check(clauses::V3_PRIORITY_FILTER, filtered);
    }

    /// The marked work ticket is in `priority=urgent,high` and not in
    /// `priority=low`; every row of the former is urgent or high, and every
    /// row of the unfiltered list has one of the four priorities.
    async fn priority_filter(&self, work: &Work) -> Check {
        let marker = &self.marker;
        let any = self
            .page_of(&format!("search={marker}&status=all&snoozed=include"))
            .await?;
        ensure(ids(&any.rows).contains(&work.id), || {
            format!("search={marker} does not find the work ticket")
        })?;
        let urgent = self
            .page_of(&format!(
                "priority=urgent,high&search={marker}&status=all&snoozed=include"
            ))
            .await?;
        ensure(ids(&urgent.rows).contains(&work.id), || {
            "priority=urgent,high leaves out the urgent ticket".into()
        })?;
        let low = self
            .page_of(&format!(
                "priority=low&search={marker}&status=all&snoozed=include"
            ))
            .await?;
        ensure(!ids(&low.rows).contains(&work.id), || {
            "priority=low lists the urgent ticket".into()
        })?;
        let all_urgent = self.page_of("priority=urgent,high&status=all").await?;
        for row in &all_urgent.rows {
            let p = row.get("priority").and_then(Value::as_str);
            ensure(matches!(p, Some("urgent" | "high")), || {
                format!(
                    "priority=urgent,high lists ticket {} of priority {:?}",
                    row["id"], p
                )
            })?;
        }
        let list = self.page_of("status=all").await?;
        for row in &list.rows {
            let p = row.get("priority").and_then(Value::as_str);
            ensure(p.is_some_and(|p| PRIORITIES.contains(&p)), || {
                format!(
                    "ticket {} of the list has priority {:?}",
                    row["id"],
                    row.get("priority")
                )
            })?;
        }
        Ok(())
    }

    /// The first page (100 rows) of the admin list asked with `query`.
    pub(super) async fn page_of(&self, query: &str) -> Result<shapes::Page, String> {
        self.list(&format!("per_page=100&{query}"))
            .await
            .map_err(|e| format!("?{query}: {e}"))
    }
}
