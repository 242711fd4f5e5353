//! v3 `tags`: normalized by the backend, bounded, changed in bulk, filtered
//! by `tag=`, and listed by use.

use reqwest::Method;
use serde_json::{json, Value};

use crate::checks::{data, ensure, ids, Run, Work, TICKETS};
use crate::clauses;
use crate::shapes::{self, Check};

/// The tags of a summary, as strings.
fn tags_of(summary: &Value) -> Result<Vec<String>, String> {
    let list = shapes::array(summary, "tags", "summary")?;
    list.iter()
        .map(|t| {
            t.as_str()
                .map(str::to_string)
                .ok_or_else(|| format!("tags holds a non-string: {}", shapes::short(t)))
        })
        .collect()
}

impl Run<'_> {
    pub(super) async fn tags(&mut self, work: &Work, bulk: bool) {
        // A tag of this run's own, so the filter and the count are exact.
        let own = format!("vip-{}", self.marker);
        let normalized = self.tags_normalized(work, &own).await;
        let ok = normalized.is_ok();
        self.report.check(clauses::V3_TAGS_NORMALIZED, normalized);
        let invalid = self.tags_invalid(work).await;
        self.report.check(clauses::V3_TAGS_INVALID, invalid);
        if !bulk {
            self.report.skip(
                clauses::V3_TAGS_BULK,
                "bulk is not announced: no bulk PATCH to check",
            );
        } else if ok {
            let changed = self.tags_bulk(work, &own).await;
            self.report.check(clauses::V3_TAGS_BULK, changed);
        } else {
            self.report
                .skip(clauses::V3_TAGS_BULK, "setting tags failed");
        }
        if ok {
            let listed = self.tags_listed(&own).await;
            self.report.check(clauses::V3_TAGS_LIST, listed);
        } else {
            self.report
                .skip(clauses::V3_TAGS_LIST, "setting tags failed");
        }
    }

    async fn tags_normalized(&self, work: &Work, own: &str) -> Check {
        let sent = json!([format!("  {}  ", own.to_uppercase()), "Facturación", own]);
        let summary = self.patch(work, json!({ "tags": sent })).await?;
        let mut tags = tags_of(&summary)?;
        tags.sort();
        let mut wanted = vec![own.to_string(), "facturación".to_string()];
        wanted.sort();
        ensure(tags == wanted, || {
            format!("sent {sent}, the summary says {tags:?} (wanted {wanted:?}: trimmed, lower-cased, once each)")
        })?;
        let query = format!("tag={}&status=all&snoozed=include", own.to_uppercase());
        let page = self.page_of(&query).await?;
        ensure(ids(&page.rows) == [work.id], || {
            format!(
                "?{query} lists {:?}, wanted only {}",
                ids(&page.rows),
                work.id
            )
        })
    }

    async fn tags_invalid(&self, work: &Work) -> Check {
        let path = format!("{TICKETS}/{}", work.id);
        let eleven: Vec<String> = (0..11).map(|n| format!("t{n}")).collect();
        for (tags, what) in [
            (json!(eleven), "11 tags"),
            (json!(["x".repeat(33)]), "a 33-character tag"),
        ] {
            let answer = self
                .api
                .json(Method::PATCH, &path, &self.token, json!({ "tags": tags }))
                .await?;
            answer.expect(422).map_err(|e| format!("{what}: {e}"))?;
            let errors = shapes::object(&answer.json, "errors", "answer")?;
            ensure(
                errors
                    .as_object()
                    .is_some_and(|e| e.keys().any(|k| k.starts_with("tags"))),
                || {
                    format!(
                        "{what}: errors names no tags field: {}",
                        shapes::short(errors)
                    )
                },
            )?;
        }
        Ok(())
    }

    async fn tags_bulk(&self, work: &Work, own: &str) -> Check {
        let extra = format!("extra-{}", self.marker);
        let answer = self
            .api
            .json(
                Method::PATCH,
                TICKETS,
                &self.token,
                json!({ "ids": [work.id], "tags_add": [extra.to_uppercase()], "tags_remove": ["FACTURACIÓN"] }),
            )
            .await?;
        answer.expect(200)?;
        let changed = shapes::array(&answer.json, "data", "answer")?;
        let summary = changed
            .iter()
            .find(|s| s.get("id").and_then(Value::as_i64) == Some(work.id))
            .ok_or("data does not hold the ticket")?;
        let mut tags = tags_of(summary)?;
        tags.sort();
        let mut wanted = vec![own.to_string(), extra];
        wanted.sort();
        ensure(tags == wanted, || {
            format!("after tags_add and tags_remove the ticket has {tags:?}, wanted {wanted:?}")
        })
    }

    async fn tags_listed(&self, own: &str) -> Check {
        let answer = self.get("/api/v1/admin/support/tags").await?;
        answer.expect(200)?;
        let list = data(&answer)?.as_array().ok_or("data is not a list")?;
        let mut previous = i64::MAX;
        for (i, tag) in list.iter().enumerate() {
            let context = format!("data[{i}]");
            shapes::string(tag, "name", &context)?;
            let count = shapes::int(tag, "count", &context)?;
            ensure(count <= previous, || {
                format!("{context} is used more than the one before it: not most used first")
            })?;
            previous = count;
        }
        ensure(
            list.iter()
                .any(|t| t.get("name").and_then(Value::as_str) == Some(own)),
            || format!("{own} is in use, but not listed"),
        )
    }
}
