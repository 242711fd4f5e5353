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

/// Laravel's paginator: `{data: [...], meta: {current_page, last_page, per_page, total}}`.
pub fn paginator(value: &Value) -> Check {
    array(value, "data", "answer")?;
    let meta = object(value, "meta", "answer")?;
    for field in ["current_page", "last_page", "per_page", "total"] {
        int(meta, field, "meta")?;
    }
    Ok(())
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
