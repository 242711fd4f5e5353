//! v3 `views`' counts: each count answered is the `total` the ticket list
//! answers for the same filters at that moment.

use serde_json::{json, Value};

use crate::checks::{data, ensure, Run, Work};
use crate::clauses;
use crate::shapes::{self, Check};

use super::snooze::iso_in;
use super::views::VIEWS;

/// The list's query for a built-in count, as the contract defines each.
fn built_in(key: &str) -> Option<&'static str> {
    Some(match key {
        "open" => "status=open",
        "mine" => "status=open&assigned=me",
        "unassigned" => "status=open&assigned=unassigned",
        "snoozed" => "status=open&snoozed=only",
        "overdue" => "status=open&overdue=1",
        _ => return None,
    })
}

/// A view's filters as the list's query string: `null`s left out, lists
/// joined by commas.
fn as_query(filters: &Value) -> Result<String, String> {
    let mut pairs = Vec::new();
    for (key, value) in filters.as_object().into_iter().flatten() {
        let text = match value {
            Value::Null => continue,
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => if *b { "1" } else { "0" }.to_string(),
            Value::Array(items) => items
                .iter()
                .map(|i| {
                    i.as_str()
                        .map(str::to_string)
                        .unwrap_or_else(|| i.to_string())
                })
                .collect::<Vec<_>>()
                .join(","),
            Value::Object(_) => return Err(format!("filters.{key} is an object")),
        };
        pairs.push(format!("{key}={}", encode(&text)));
    }
    Ok(pairs.join("&"))
}

/// Percent-encodes all but RFC 3986's unreserved characters.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

impl Run<'_> {
    pub(super) async fn counts(&mut self, work: &Work, snooze: bool) {
        // A view of our own, so a `view:{id}` count is there to check; and,
        // with snooze, a snoozed open ticket, so `open` must leave one out.
        let view = self
            .create_view(
                &self.token,
                json!({"name": format!("Cuenta {}", self.marker), "filters": {"status": "open", "assigned": "me"}}),
            )
            .await;
        let snoozed = snooze
            && self
                .patch(work, json!({ "snoozed_until": iso_in(3_600_000) }))
                .await
                .is_ok();
        let result = match &view {
            Ok(_) => self.counts_agree().await,
            Err(why) => Err(format!("creating a view to count: {why}")),
        };
        if snoozed {
            let _ = self.patch(work, json!({ "snoozed_until": null })).await;
        }
        if let Ok(view) = &view {
            let _ = self
                .delete_view(&self.token, view["id"].as_i64().unwrap_or(0))
                .await;
        }
        self.report.check(clauses::V3_VIEWS_COUNTS, result);
    }

    async fn counts_agree(&self) -> Check {
        let answer = self.get(&format!("{VIEWS}/counts")).await?;
        answer.expect(200)?;
        let counts = data(&answer)?
            .as_object()
            .ok_or("data is not an object")?
            .clone();
        let views = self.listed_views().await?;
        for name in ["open", "mine", "unassigned", "snoozed"] {
            ensure(counts.contains_key(name), || format!("no {name} count"))?;
        }
        for view in &views {
            let key = format!("view:{}", view["id"]);
            ensure(counts.contains_key(&key), || {
                format!("no {key} count for a view this admin sees")
            })?;
        }
        for (key, count) in &counts {
            let count = count
                .as_i64()
                .ok_or_else(|| format!("data.{key} is not a count: {}", shapes::short(count)))?;
            let query = match (built_in(key), key.strip_prefix("view:")) {
                (Some(query), _) => query.to_string(),
                (None, Some(id)) => {
                    let view = views
                        .iter()
                        .find(|v| v["id"].as_i64() == id.parse().ok())
                        .ok_or_else(|| format!("data.{key}: no such view in GET views"))?;
                    as_query(&view["filters"])?
                }
                (None, None) => {
                    return Err(format!(
                        "data.{key}: a count this checker cannot match to a list"
                    ))
                }
            };
            // The list's `total`, or its rows counted page by page when a
            // simple paginator gives none.
            let total = self.total(&query).await?;
            ensure(count == total, || {
                format!("data.{key} is {count}, but the list ?{query} has {total}")
            })?;
        }
        Ok(())
    }
}
