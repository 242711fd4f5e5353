//! The contract's JSON shapes, checked field by field; each error names the
//! field and what it held, so a FAIL line says exactly what is wrong.

use serde_json::Value;

pub type Check = Result<(), String>;

fn at<'a>(value: &'a Value, field: &str, context: &str) -> Result<&'a Value, String> {
    value
        .get(field)
        .ok_or_else(|| format!("{context}.{field} is missing in {}", short(value)))
}

/// A value in at most 160 characters, for error messages.
pub fn short(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 160 {
        format!("{}…", text.chars().take(160).collect::<String>())
    } else {
        text
    }
}

pub fn int(value: &Value, field: &str, context: &str) -> Result<i64, String> {
    let v = at(value, field, context)?;
    v.as_i64()
        .ok_or_else(|| format!("{context}.{field} is not an integer: {}", short(v)))
}

pub fn string<'a>(value: &'a Value, field: &str, context: &str) -> Result<&'a str, String> {
    let v = at(value, field, context)?;
    v.as_str()
        .ok_or_else(|| format!("{context}.{field} is not a string: {}", short(v)))
}

pub fn boolean(value: &Value, field: &str, context: &str) -> Result<bool, String> {
    let v = at(value, field, context)?;
    v.as_bool()
        .ok_or_else(|| format!("{context}.{field} is not a boolean: {}", short(v)))
}

pub fn array<'a>(value: &'a Value, field: &str, context: &str) -> Result<&'a Vec<Value>, String> {
    let v = at(value, field, context)?;
    v.as_array()
        .ok_or_else(|| format!("{context}.{field} is not an array: {}", short(v)))
}

pub fn object<'a>(value: &'a Value, field: &str, context: &str) -> Result<&'a Value, String> {
    let v = at(value, field, context)?;
    if v.is_object() {
        Ok(v)
    } else {
        Err(format!("{context}.{field} is not an object: {}", short(v)))
    }
}

/// Present and null, or present and passing `check`.
fn nullable(value: &Value, field: &str, context: &str, check: impl Fn(&Value) -> bool) -> Check {
    let v = at(value, field, context)?;
    if v.is_null() || check(v) {
        Ok(())
    } else {
        Err(format!(
            "{context}.{field} has the wrong type: {}",
            short(v)
        ))
    }
}

/// ISO 8601 in UTC: `YYYY-MM-DDTHH:MM:SS[.fraction]Z` (Laravel writes six
/// fraction digits, the contract's example three; both are fine).
pub fn is_iso_utc(text: &str) -> bool {
    let b = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        b.get(range.clone())
            .is_some_and(|s| s.iter().all(u8::is_ascii_digit))
    };
    if b.len() < 20 || !digits(0..4) || !digits(5..7) || !digits(8..10) {
        return false;
    }
    if b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' || b[16] != b':' {
        return false;
    }
    if !digits(11..13) || !digits(14..16) || !digits(17..19) || b[b.len() - 1] != b'Z' {
        return false;
    }
    match &b[19..b.len() - 1] {
        [] => true,
        [b'.', rest @ ..] => !rest.is_empty() && rest.iter().all(u8::is_ascii_digit),
        _ => false,
    }
}

pub fn timestamp(value: &Value, field: &str, context: &str) -> Check {
    let text = string(value, field, context)?;
    if is_iso_utc(text) {
        Ok(())
    } else {
        Err(format!("{context}.{field} is not ISO 8601 UTC: {text:?}"))
    }
}

fn nullable_timestamp(value: &Value, field: &str, context: &str) -> Check {
    if at(value, field, context)?.is_null() {
        Ok(())
    } else {
        timestamp(value, field, context)
    }
}

/// Admin: `{id, name, email}`.
pub fn admin(value: &Value, context: &str) -> Check {
    int(value, "id", context)?;
    string(value, "name", context)?;
    string(value, "email", context)?;
    Ok(())
}

/// Which of Laravel's four paginators a list answer came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageShape {
    /// `paginate()` (with `total` and `last_page`), else `simplePaginate()`.
    pub length_aware: bool,
    /// Through an API Resource (`data`, `links`, `meta`), else as it is.
    pub resource: bool,
}

impl std::fmt::Display for PageShape {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = if self.length_aware {
            "length-aware"
        } else {
            "simple"
        };
        let how = if self.resource {
            "through a Resource"
        } else {
            "plain"
        };
        write!(f, "{kind}, {how}")
    }
}

/// A page of a list, whichever paginator wrote it: the one place the checker
/// reads Laravel's paginators, so every clause pages the same way.
#[derive(Clone, Debug, PartialEq)]
pub struct Page {
    pub rows: Vec<Value>,
    pub current_page: i64,
    pub per_page: i64,
    /// `paginate()` only.
    pub total: Option<i64>,
    /// `paginate()` only.
    pub last_page: Option<i64>,
    /// From `last_page` when there is one, else from the next page's URL.
    pub has_more: bool,
    pub shape: PageShape,
}

/// Reads a list answer as the panel does (`PageMeta::read`): the numbers
/// under `meta` when `meta` is an object, else at the top; whether more
/// follow from `last_page` if present, else from the next page's URL
/// (`links.next` through a Resource, `next_page_url` plain) being non-null.
/// Anything that is none of Laravel's four shapes is an error naming what is
/// missing. (`cursorPaginate()` is not one: the panel pages by number.)
pub fn page(value: &Value) -> Result<Page, String> {
    let rows = array(value, "data", "answer")?.clone();
    let resource = value.get("meta").is_some_and(Value::is_object);
    let (numbers, context) = if resource {
        (&value["meta"], "meta")
    } else {
        (value, "answer")
    };
    if !resource && numbers.get("current_page").is_none() {
        let fields: Vec<&str> = value
            .as_object()
            .map(|o| o.keys().map(String::as_str).collect())
            .unwrap_or_default();
        return Err(format!(
            "neither meta (a Resource collection's meta.current_page) nor current_page at the top (a plain paginator); the answer holds only {}",
            fields.join(", ")
        ));
    }
    let current_page = int(numbers, "current_page", context)?;
    let per_page = int(numbers, "per_page", context)?;
    let optional = |field: &str| match numbers.get(field) {
        None => Ok(None),
        Some(_) => int(numbers, field, context).map(Some),
    };
    let (total, last_page) = (optional("total")?, optional("last_page")?);
    let length_aware = match (total, last_page) {
        (Some(_), Some(_)) => true,
        (None, None) => false,
        (Some(_), None) => {
            return Err(format!(
            "{context}.total without {context}.last_page: neither paginate() nor simplePaginate()"
        ))
        }
        (None, Some(_)) => {
            return Err(format!(
            "{context}.last_page without {context}.total: neither paginate() nor simplePaginate()"
        ))
        }
    };
    // The next page's URL: a string or null, and required when it is the
    // only way to know whether more follow.
    let (next_holder, next_field, next_context) = if resource {
        let links = value.get("links").filter(|l| l.is_object());
        (links, "next", "links")
    } else {
        (Some(value), "next_page_url", "answer")
    };
    let next = match next_holder.and_then(|h| h.get(next_field)) {
        None => None,
        Some(Value::Null) => Some(false),
        Some(Value::String(_)) => Some(true),
        Some(other) => {
            return Err(format!(
                "{next_context}.{next_field} is neither a URL nor null: {}",
                short(other)
            ))
        }
    };
    let has_more = match (last_page, next) {
        (Some(last_page), next) => {
            let more = current_page < last_page;
            if let Some(next) = next.filter(|n| *n != more) {
                return Err(format!(
                    "{next_context}.{next_field} is {} on page {current_page} of {context}.last_page {last_page}",
                    if next { "a URL" } else { "null" }
                ));
            }
            more
        }
        (None, Some(next)) => next,
        (None, None) if resource => {
            return Err(
                "a simple paginator through a Resource without links.next (nor meta.last_page): whether more pages follow is unknown"
                    .into(),
            )
        }
        (None, None) => {
            return Err(
                "a plain simple paginator without next_page_url (nor last_page): whether more pages follow is unknown"
                    .into(),
            )
        }
    };
    Ok(Page {
        rows,
        current_page,
        per_page,
        total,
        last_page,
        has_more,
        shape: PageShape {
            length_aware,
            resource,
        },
    })
}

/// Ticket summary, as the contract's example.
pub fn summary(value: &Value, context: &str) -> Check {
    int(value, "id", context)?;
    string(value, "subject", context)?;
    let status = string(value, "status", context)?;
    if status != "open" && status != "closed" {
        return Err(format!(
            "{context}.status is {status:?}, not open or closed"
        ));
    }
    nullable(value, "reason", context, |r| {
        r.get("id").is_some_and(Value::is_i64) && r.get("name").is_some_and(Value::is_string)
    })?;
    let customer = object(value, "customer", context)?;
    let c = format!("{context}.customer");
    int(customer, "id", &c)?;
    string(customer, "name", &c)?;
    string(customer, "email", &c)?;
    nullable(value, "assigned_to", context, Value::is_i64)?;
    nullable(value, "assignee", context, |a| {
        a.get("id").is_some_and(Value::is_i64) && a.get("name").is_some_and(Value::is_string)
    })?;
    let assigned = value.get("assigned_to").and_then(Value::as_i64);
    let assignee = value
        .get("assignee")
        .and_then(|a| a.get("id"))
        .and_then(Value::as_i64);
    if assigned != assignee {
        return Err(format!(
            "{context}.assigned_to ({assigned:?}) and assignee.id ({assignee:?}) disagree"
        ));
    }
    int(value, "unread_count", context)?;
    nullable(value, "last_message", context, |m| {
        m.get("id").is_some_and(Value::is_i64)
            && m.get("is_from_admin").is_some_and(Value::is_boolean)
            && m.get("message")
                .is_some_and(|t| t.is_null() || t.is_string())
            && m.get("created_at")
                .and_then(Value::as_str)
                .is_some_and(is_iso_utc)
    })?;
    nullable_timestamp(value, "last_message_at", context)?;
    timestamp(value, "created_at", context)?;
    timestamp(value, "updated_at", context)?;
    nullable_timestamp(value, "resolved_at", context)?;
    Ok(())
}

/// Message, exactly the seed's shape.
pub fn message(value: &Value, context: &str) -> Check {
    int(value, "id", context)?;
    nullable(value, "message", context, Value::is_string)?;
    boolean(value, "is_from_admin", context)?;
    boolean(value, "is_read", context)?;
    let sender = object(value, "sender", context)?;
    let s = format!("{context}.sender");
    let kind = string(sender, "type", &s)?;
    if kind != "admin" && kind != "customer" {
        return Err(format!("{s}.type is {kind:?}, not admin or customer"));
    }
    string(sender, "name", &s)?;
    for (i, attachment) in array(value, "attachments", context)?.iter().enumerate() {
        let a = format!("{context}.attachments[{i}]");
        int(attachment, "id", &a)?;
        string(attachment, "url", &a)?;
        string(attachment, "file_name", &a)?;
        string(attachment, "mime_type", &a)?;
        int(attachment, "file_size", &a)?;
    }
    timestamp(value, "created_at", context)?;
    Ok(())
}

/// `{message, ticket_id}` of `message.sent` (and `note.added`).
pub fn message_event(value: &Value, ticket_id: i64) -> Check {
    message(object(value, "message", "data")?, "data.message")?;
    let id = int(value, "ticket_id", "data")?;
    if id != ticket_id {
        return Err(format!("data.ticket_id is {id}, expected {ticket_id}"));
    }
    Ok(())
}

/// `{ticket_id, status, assigned_to, resolved_at}` of `ticket.status.changed`.
pub fn status_event(value: &Value, ticket_id: i64) -> Check {
    let id = int(value, "ticket_id", "data")?;
    if id != ticket_id {
        return Err(format!("data.ticket_id is {id}, expected {ticket_id}"));
    }
    let status = string(value, "status", "data")?;
    if status != "open" && status != "closed" {
        return Err(format!("data.status is {status:?}"));
    }
    nullable(value, "assigned_to", "data", Value::is_i64)?;
    nullable_timestamp(value, "resolved_at", "data")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn iso_timestamps() {
        assert!(is_iso_utc("2024-01-25T10:30:00.000Z"));
        assert!(is_iso_utc("2024-01-25T10:30:00.123456Z"));
        assert!(is_iso_utc("2024-01-25T10:30:00Z"));
        assert!(!is_iso_utc("2024-01-25 10:30:00"));
        assert!(!is_iso_utc("2024-01-25T10:30:00+02:00"));
        assert!(!is_iso_utc("2024-01-25T10:30:00.Z"));
        assert!(!is_iso_utc(""));
        assert!(!is_iso_utc("ñññññññññññññññññññññ"));
    }

    fn resource(meta: Value, next: Value) -> Value {
        json!({
            "data": [{"id": 1}],
            "links": {"first": "/t?page=1", "last": null, "prev": null, "next": next},
            "meta": meta,
        })
    }

    #[test]
    fn each_of_laravel_s_four_paginators_is_read() {
        let length_aware = resource(
            json!({"current_page": 1, "from": 1, "last_page": 3, "path": "/t", "per_page": 1, "to": 1, "total": 3}),
            json!("/t?page=2"),
        );
        let page = page(&length_aware).unwrap();
        assert_eq!(
            (page.current_page, page.per_page, page.total, page.has_more),
            (1, 1, Some(3), true)
        );
        assert_eq!(page.shape.to_string(), "length-aware, through a Resource");

        let plain = json!({"current_page": 3, "data": [], "first_page_url": "/t?page=1", "from": null,
            "last_page": 3, "last_page_url": "/t?page=3", "links": [{"url": null, "label": "Next", "active": false}],
            "next_page_url": null, "path": "/t", "per_page": 1, "prev_page_url": "/t?page=2", "to": null, "total": 3});
        let page = super::page(&plain).unwrap();
        assert_eq!(
            (page.current_page, page.total, page.has_more),
            (3, Some(3), false)
        );
        assert_eq!(page.shape.to_string(), "length-aware, plain");

        let simple = json!({"current_page": 1, "data": [{"id": 1}], "next_page_url": "/t?page=2", "per_page": 1});
        let page = super::page(&simple).unwrap();
        assert_eq!(
            (page.total, page.last_page, page.has_more),
            (None, None, true)
        );
        assert_eq!(page.shape.to_string(), "simple, plain");

        let simple_resource = resource(
            json!({"current_page": 2, "per_page": 1, "path": "/t"}),
            Value::Null,
        );
        let page = super::page(&simple_resource).unwrap();
        assert_eq!(
            (page.current_page, page.total, page.has_more),
            (2, None, false)
        );
        assert_eq!(page.shape.to_string(), "simple, through a Resource");
    }

    #[test]
    fn anything_else_fails_naming_what_is_missing() {
        let fails = |value: Value, why: &str| {
            let error = page(&value).unwrap_err();
            assert!(error.contains(why), "{error}");
        };
        // `--break paginator-meta`: a Resource collection without its meta.
        fails(json!({"data": [], "links": {"next": null}}), "neither meta");
        fails(
            json!({"meta": {"current_page": 1}}),
            "answer.data is missing",
        );
        fails(
            resource(json!({"per_page": 1}), Value::Null),
            "meta.current_page is missing",
        );
        fails(
            resource(json!({"current_page": 1, "per_page": "50"}), Value::Null),
            "meta.per_page is not an integer",
        );
        fails(
            resource(
                json!({"current_page": 1, "per_page": 1, "total": 3}),
                Value::Null,
            ),
            "meta.total without meta.last_page",
        );
        fails(
            json!({"data": [], "current_page": 1, "per_page": 1}),
            "without next_page_url",
        );
        fails(
            json!({"data": [], "meta": {"current_page": 1, "per_page": 1}}),
            "without links.next",
        );
        fails(
            resource(
                json!({"current_page": 1, "per_page": 1, "last_page": 1, "total": 1}),
                json!("/t?page=2"),
            ),
            "links.next is a URL on page 1 of meta.last_page 1",
        );
        // A cursor paginator pages by cursor, not by number.
        fails(
            json!({"data": [], "path": "/t", "per_page": 1, "next_cursor": "x", "next_page_url": "/t?cursor=x", "prev_cursor": null}),
            "neither meta",
        );
    }

    #[test]
    fn a_message_is_checked_without_panicking_on_anything() {
        let good = json!({"id":1,"message":null,"is_from_admin":true,"is_read":false,
            "sender":{"type":"admin","name":"A"},"attachments":[],"created_at":"2024-01-25T10:30:00.000Z"});
        assert_eq!(message(&good, "m"), Ok(()));
        for bad in [json!(null), json!([]), json!("x"), json!({"id": "1"})] {
            assert!(message(&bad, "m").is_err());
        }
        let mut no_sender = good.clone();
        no_sender["sender"] = json!(null);
        assert!(message(&no_sender, "m")
            .unwrap_err()
            .contains("m.sender is not an object"));
    }
}
