//! `/admin/support/canned-replies` (contract v2): an admin's own replies and
//! the shared ones; only the owner may change or delete a reply.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Map, Value};

use super::auth::SignedInAdmin;
use super::error::HttpError;
use super::ids::Id;
use crate::app_state::AppState;
use crate::db::canned::{self, CannedFields, CannedReply};

pub const MAX_TITLE: usize = 80;
pub const MAX_SHORTCUT: usize = 32;
pub const MAX_BODY: usize = 5000;

pub(super) type FieldErrors = Vec<(&'static str, String)>;

/// A trimmed string of 1..=max characters, as Laravel's `required|string|max`.
pub(super) fn text(
    body: &Map<String, Value>,
    name: &'static str,
    max: usize,
    errors: &mut FieldErrors,
) -> Option<String> {
    match body.get(name) {
        Some(Value::String(s)) if !s.trim().is_empty() => {
            let s = s.trim().to_string();
            if s.chars().count() > max {
                errors.push((
                    name,
                    format!("El campo {name} no debe tener más de {max} caracteres."),
                ));
                return None;
            }
            Some(s)
        }
        Some(Value::String(_)) | None | Some(Value::Null) => {
            errors.push((name, format!("El campo {name} es obligatorio.")));
            None
        }
        Some(_) => {
            errors.push((name, format!("El campo {name} debe ser texto.")));
            None
        }
    }
}

fn valid_shortcut(s: &str) -> bool {
    s.bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

/// Laravel's `boolean`: true, false, 1, 0, "1", "0".
pub(super) fn boolean(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => match n.as_u64() {
            Some(0) => Some(false),
            Some(1) => Some(true),
            _ => None,
        },
        Value::String(s) if s == "0" || s == "1" => Some(s == "1"),
        _ => None,
    }
}

/// The fields to store: those in `body` over `current` (a PATCH may send
/// some), each checked; every bad field is named in one 422, as Laravel does.
fn fields(
    body: &Map<String, Value>,
    current: Option<&CannedReply>,
) -> Result<CannedFields, HttpError> {
    let mut errors = FieldErrors::new();
    let mut pick = |name: &'static str, max: usize, current: Option<&String>| match (
        body.contains_key(name),
        current,
    ) {
        (false, Some(current)) => Some(current.clone()),
        _ => text(body, name, max, &mut errors),
    };
    let title = pick("title", MAX_TITLE, current.map(|c| &c.title));
    let shortcut = pick("shortcut", MAX_SHORTCUT, current.map(|c| &c.shortcut));
    let text_body = pick("body", MAX_BODY, current.map(|c| &c.body));
    if let Some(s) = &shortcut {
        if !valid_shortcut(s) {
            errors.push((
                "shortcut",
                "El atajo solo admite minúsculas, números, guion y guion bajo.".into(),
            ));
        }
    }
    let shared = match body.get("shared") {
        None => Some(current.is_some_and(|c| c.shared)),
        Some(value) => boolean(value).or_else(|| {
            errors.push((
                "shared",
                "El campo shared debe ser verdadero o falso.".into(),
            ));
            None
        }),
    };
    match (title, shortcut, text_body, shared) {
        (Some(title), Some(shortcut), Some(body), Some(shared)) if errors.is_empty() => {
            Ok(CannedFields {
                title,
                shortcut,
                body,
                shared,
            })
        }
        _ => Err(HttpError::Validation(errors)),
    }
}

fn json_object(body: Option<Json<Value>>) -> Result<Map<String, Value>, HttpError> {
    match body {
        Some(Json(Value::Object(body))) => Ok(body),
        _ => Err(HttpError::invalid(
            "title",
            "El cuerpo debe ser un objeto JSON.",
        )),
    }
}

fn shortcut_taken() -> HttpError {
    HttpError::invalid("shortcut", "Ya tiene una respuesta con ese atajo.")
}

/// The reply, if it exists (404) and belongs to this admin (403), in
/// Laravel's order: route binding, then the policy.
fn own_reply(state: &AppState, admin_id: i64, id: i64) -> Result<CannedReply, HttpError> {
    let reply = canned::find(&state.db.conn(), id)?.ok_or(HttpError::NotFound)?;
    if reply.owner_id != admin_id {
        return Err(HttpError::Forbidden(
            "Solo quien creó una respuesta predefinida puede cambiarla o borrarla.",
        ));
    }
    Ok(reply)
}

pub async fn list(
    State(state): State<AppState>,
    auth: SignedInAdmin,
) -> Result<Json<Value>, HttpError> {
    let replies = canned::visible_to(&state.db.conn(), auth.admin.id)?;
    Ok(Json(json!({ "data": replies })))
}

pub async fn create(
    State(state): State<AppState>,
    auth: SignedInAdmin,
    body: Option<Json<Value>>,
) -> Result<(StatusCode, Json<Value>), HttpError> {
    let fields = fields(&json_object(body)?, None)?;
    let conn = state.db.conn();
    if canned::shortcut_taken(&conn, auth.admin.id, &fields.shortcut, None)? {
        return Err(shortcut_taken());
    }
    let id = canned::insert(&conn, auth.admin.id, &fields)?;
    let reply = canned::find(&conn, id)?.ok_or(HttpError::NotFound)?;
    Ok((StatusCode::CREATED, Json(json!({ "data": reply }))))
}

pub async fn update(
    State(state): State<AppState>,
    auth: SignedInAdmin,
    Id(id): Id,
    body: Option<Json<Value>>,
) -> Result<Json<Value>, HttpError> {
    let current = own_reply(&state, auth.admin.id, id)?;
    let fields = fields(&json_object(body)?, Some(&current))?;
    let conn = state.db.conn();
    if canned::shortcut_taken(&conn, auth.admin.id, &fields.shortcut, Some(current.id))? {
        return Err(shortcut_taken());
    }
    canned::update(&conn, current.id, &fields)?;
    let reply = canned::find(&conn, current.id)?.ok_or(HttpError::NotFound)?;
    Ok(Json(json!({ "data": reply })))
}

pub async fn delete(
    State(state): State<AppState>,
    auth: SignedInAdmin,
    Id(id): Id,
) -> Result<StatusCode, HttpError> {
    let reply = own_reply(&state, auth.admin.id, id)?;
    canned::delete(&state.db.conn(), reply.id)?;
    Ok(StatusCode::NO_CONTENT)
}
