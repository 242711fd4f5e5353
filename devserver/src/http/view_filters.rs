//! A saved view's `filters` (contract v3 `views`): checked by the very
//! rules of the ticket list's query (`list_query::ticket_query`), and
//! turned back into that query, so a view, its count and the list asked
//! with the same filters are one and the same.

use std::collections::HashMap;

use serde_json::{json, Map, Value};

use super::error::HttpError;
use super::list_query::ticket_query;
use crate::cli::Contract;
use crate::db::tickets::TicketQuery;

/// The filter keys of a view, in the contract's order.
pub const FILTER_KEYS: [&str; 11] = [
    "status",
    "assigned",
    "priority",
    "tag",
    "reason_id",
    "customer_id",
    "search",
    "snoozed",
    "waiting",
    "overdue",
    "sort",
];

/// The 422's field for a filter: `filters.status`, ….
fn field(key: &str) -> &'static str {
    match key {
        "status" => "filters.status",
        "assigned" => "filters.assigned",
        "priority" => "filters.priority",
        "tag" => "filters.tag",
        "reason_id" => "filters.reason_id",
        "customer_id" => "filters.customer_id",
        "search" => "filters.search",
        "snoozed" => "filters.snoozed",
        "waiting" => "filters.waiting",
        "overdue" => "filters.overdue",
        "sort" => "filters.sort",
        _ => "filters",
    }
}

/// One filter as the list's query string writes it; `None` for `null`.
fn as_param(key: &str, value: &Value) -> Result<Option<String>, HttpError> {
    let wrong_type = || HttpError::invalid(field(key), format!("El filtro {key} no es válido."));
    Ok(match (key, value) {
        (_, Value::Null) => None,
        // sla's flags: `true` (or 1, "1") on; `false` is the same as unset.
        ("waiting" | "overdue", Value::Bool(on)) => on.then(|| "1".to_string()),
        ("waiting" | "overdue", Value::Number(n)) => Some(n.to_string()),
        ("priority", Value::Array(words)) => {
            let words: Option<Vec<&str>> = words.iter().map(Value::as_str).collect();
            Some(words.ok_or_else(wrong_type)?.join(","))
        }
        ("assigned" | "reason_id" | "customer_id", Value::Number(n)) => {
            Some(n.as_i64().ok_or_else(wrong_type)?.to_string())
        }
        (_, Value::String(text)) => Some(text.clone()),
        _ => return Err(wrong_type()),
    })
}

/// The list's query-string parameters that a view's stored filters stand for.
pub fn params(filters: &Value) -> Result<HashMap<String, String>, HttpError> {
    let mut params = HashMap::new();
    for key in FILTER_KEYS {
        if let Some(value) = as_param(key, filters.get(key).unwrap_or(&Value::Null))? {
            params.insert(key.to_string(), value);
        }
    }
    Ok(params)
}

/// The ticket query a view's filters mean, through the list's own parser.
pub fn query(filters: &Value, contract: Contract) -> Result<TicketQuery, HttpError> {
    let params = params(filters)?;
    ticket_query(&params, contract).map_err(|error| match error {
        HttpError::Validation(fields) => HttpError::Validation(
            fields
                .into_iter()
                .map(|(name, why)| (field(name), why))
                .collect(),
        ),
        other => other,
    })
}

/// Checks a `filters` object as sent and answers it as stored: every key
/// of `FILTER_KEYS`, `null` where unset, values normalized as the list
/// reads them (`priority` a list, `tag` lower-cased). An unknown key, a
/// value of the wrong type or one the list would refuse is a 422 naming
/// `filters.<key>`.
pub fn normalize(sent: Option<&Value>, contract: Contract) -> Result<Value, HttpError> {
    let empty = Map::new();
    let sent = match sent {
        None | Some(Value::Null) => &empty,
        Some(Value::Object(fields)) => fields,
        Some(_) => {
            return Err(HttpError::invalid(
                "filters",
                "El campo filters debe ser un objeto.",
            ))
        }
    };
    if let Some(unknown) = sent.keys().find(|k| !FILTER_KEYS.contains(&k.as_str())) {
        return Err(HttpError::invalid(
            "filters",
            format!("{unknown} no es un filtro de la lista de tickets."),
        ));
    }
    let sent = Value::Object(sent.clone());
    let query = query(&sent, contract)?;
    let text = |key: &str| {
        sent.get(key)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let priorities: Vec<&str> = query.priorities.iter().map(|p| p.as_str()).collect();
    Ok(json!({
        "status": text("status"),
        "assigned": sent.get("assigned").filter(|v| !v.is_null() && v.as_str() != Some("")),
        "priority": (!priorities.is_empty()).then_some(priorities),
        "tag": query.tag,
        "reason_id": query.reason_id,
        "customer_id": query.customer_id,
        "search": text("search"),
        "snoozed": text("snoozed"),
        "waiting": query.waiting.then_some(true),
        "overdue": query.overdue.then_some(true),
        "sort": text("sort"),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_are_stored_whole_and_normalized() {
        let stored = normalize(
            Some(&json!({"status": "open", "priority": ["urgent", "high"], "tag": " VIP "})),
            Contract::V3,
        )
        .expect("valid");
        assert_eq!(stored["priority"], json!(["urgent", "high"]));
        assert_eq!(stored["tag"], "vip");
        assert_eq!(stored["assigned"], Value::Null);
        assert_eq!(stored.as_object().map(|o| o.len()), Some(FILTER_KEYS.len()));
        let params = params(&stored).expect("readable");
        assert_eq!(
            params.get("priority").map(String::as_str),
            Some("urgent,high")
        );
    }

    #[test]
    fn sla_filters_are_kept() {
        let stored = normalize(
            Some(&json!({"waiting": true, "overdue": 1, "sort": "response_due_at"})),
            Contract::V3,
        )
        .expect("valid");
        assert_eq!(stored["waiting"], true);
        assert_eq!(stored["overdue"], true);
        assert_eq!(stored["sort"], "response_due_at");
        let params = params(&stored).expect("readable");
        assert_eq!(params.get("overdue").map(String::as_str), Some("1"));
    }

    #[test]
    fn bad_filters_name_their_key() {
        for (filters, key) in [
            (json!({"status": "pending"}), "filters.status"),
            (json!({"priority": ["asap"]}), "filters.priority"),
            (json!({"snoozed": "sometimes"}), "filters.snoozed"),
            (json!({"overdue": "soon"}), "filters.overdue"),
            (json!({"colour": "red"}), "filters"),
            (json!({"sort": "due"}), "filters.sort"),
        ] {
            match normalize(Some(&filters), Contract::V3) {
                Err(HttpError::Validation(fields)) => assert_eq!(fields[0].0, key, "{filters}"),
                other => panic!("{filters}: {other:?}"),
            }
        }
    }
}
