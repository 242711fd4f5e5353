//! `/admin/views` (contract v3 `views`): saved ticket-list filters, an
//! admin's own and the shared ones, only the owner may change or delete
//! one; and `/admin/views/counts`, each count the list's own `total`.

use std::collections::HashMap;

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Map, Value};

use super::auth::SignedInAdmin;
use super::canned::{boolean, text, FieldErrors};
use super::error::HttpError;
use super::ids::Id;
use super::list_query::ticket_query;
use super::view_filters;
use crate::app_state::AppState;
use crate::db::tickets;
use crate::db::views::{self, SavedView, ViewFields};

pub const MAX_NAME: usize = 60;

/// The counts every admin gets, each named by the list query it is the
/// `total` of (documented in the README's API section).
pub const BUILT_IN_COUNTS: [(&str, &[(&str, &str)]); 5] = [
    ("open", &[("status", "open")]),
    ("mine", &[("status", "open"), ("assigned", "me")]),
    (
        "unassigned",
        &[("status", "open"), ("assigned", "unassigned")],
    ),
    ("snoozed", &[("status", "open"), ("snoozed", "only")]),
    // v3 sla: open, not snoozed (the list's default), past due.
    ("overdue", &[("status", "open"), ("overdue", "1")]),
];

/// The fields to store: those in `body` over `current` (a PATCH may send
/// some), each checked; every bad field is named in one 422.
fn fields(
    state: &AppState,
    admin_id: i64,
    body: &Map<String, Value>,
    current: Option<&SavedView>,
) -> Result<ViewFields, HttpError> {
    let mut errors = FieldErrors::new();
    let name = match (body.contains_key("name"), current) {
        (false, Some(current)) => Some(current.name.clone()),
        _ => text(body, "name", MAX_NAME, &mut errors),
    };
    let filters = match (body.get("filters"), current) {
        (None, Some(current)) => Some(current.filters.clone()),
        (sent, _) => match view_filters::normalize(sent, state.contract) {
            Ok(filters) => Some(filters),
            Err(HttpError::Validation(fields)) => {
                errors.extend(fields);
                None
            }
            Err(other) => return Err(other),
        },
    };
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
    let position = match (body.get("position"), current) {
        (None, Some(current)) => Some(current.position),
        (None | Some(Value::Null), _) => Some(views::next_position(&state.db.conn(), admin_id)?),
        (Some(value), _) => value
            .as_i64()
            .filter(|p| (0..=1_000_000).contains(p))
            .or_else(|| {
                errors.push((
                    "position",
                    "El campo position debe ser un entero entre 0 y 1000000.".into(),
                ));
                None
            }),
    };
    match (name, filters, shared, position) {
        (Some(name), Some(filters), Some(shared), Some(position)) if errors.is_empty() => {
            Ok(ViewFields {
                name,
                filters,
                shared,
                position,
            })
        }
        _ => Err(HttpError::Validation(errors)),
    }
}

fn json_object(body: Option<Json<Value>>) -> Result<Map<String, Value>, HttpError> {
    match body {
        Some(Json(Value::Object(body))) => Ok(body),
        _ => Err(HttpError::invalid(
            "name",
            "El cuerpo debe ser un objeto JSON.",
        )),
    }
}

/// The view, if it exists (404) and belongs to this admin (403; anyone's
/// under `--break views-editable-by-anyone`), in Laravel's order.
fn own_view(state: &AppState, admin_id: i64, id: i64) -> Result<SavedView, HttpError> {
    let view = views::find(&state.db.conn(), id)?.ok_or(HttpError::NotFound)?;
    if view.owner_id != admin_id && !state.breaks.views_editable_by_anyone {
        return Err(HttpError::Forbidden(
            "Solo quien creó una vista puede cambiarla o borrarla.",
        ));
    }
    Ok(view)
}

pub async fn list(
    State(state): State<AppState>,
    auth: SignedInAdmin,
) -> Result<Json<Value>, HttpError> {
    let views = views::visible_to(&state.db.conn(), auth.admin.id)?;
    Ok(Json(json!({ "data": views })))
}

pub async fn create(
    State(state): State<AppState>,
    auth: SignedInAdmin,
    body: Option<Json<Value>>,
) -> Result<(StatusCode, Json<Value>), HttpError> {
    let fields = fields(&state, auth.admin.id, &json_object(body)?, None)?;
    let conn = state.db.conn();
    let id = views::insert(&conn, auth.admin.id, &fields)?;
    let view = views::find(&conn, id)?.ok_or(HttpError::NotFound)?;
    Ok((StatusCode::CREATED, Json(json!({ "data": view }))))
}

pub async fn update(
    State(state): State<AppState>,
    auth: SignedInAdmin,
    Id(id): Id,
    body: Option<Json<Value>>,
) -> Result<Json<Value>, HttpError> {
    let current = own_view(&state, auth.admin.id, id)?;
    let fields = fields(&state, auth.admin.id, &json_object(body)?, Some(&current))?;
    let conn = state.db.conn();
    views::update(&conn, current.id, &fields)?;
    let view = views::find(&conn, current.id)?.ok_or(HttpError::NotFound)?;
    Ok(Json(json!({ "data": view })))
}

pub async fn delete(
    State(state): State<AppState>,
    auth: SignedInAdmin,
    Id(id): Id,
) -> Result<StatusCode, HttpError> {
    let view = own_view(&state, auth.admin.id, id)?;
    views::delete(&state.db.conn(), view.id)?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /admin/views/counts`: the built-in counts and `view:{id}` for each
/// view the admin sees. Each is `tickets::total` of the query the list
/// would read from the same filters, at one instant: the list's own count.
pub async fn counts(
    State(state): State<AppState>,
    auth: SignedInAdmin,
) -> Result<Json<Value>, HttpError> {
    let conn = state.db.conn();
    let now = crate::clock::now_millis();
    let me = Some(auth.admin.id);
    let mut data = Map::new();
    for (name, filters) in BUILT_IN_COUNTS {
        let mut params: HashMap<String, String> = filters
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        if state.breaks.counts_disagree && name == "open" {
            params.insert("snoozed".into(), "include".into());
        }
        let mut query = ticket_query(&params, state.contract)?;
        query.overdue_wrong = state.breaks.overdue_wrong;
        let mut count = tickets::total(&conn, &query, me, now)?;
        if state.breaks.counts_disagree && name == "mine" {
            count += 1;
        }
        data.insert(name.to_string(), json!(count));
    }
    for view in views::visible_to(&conn, auth.admin.id)? {
        let mut query = view_filters::query(&view.filters, state.contract)?;
        query.overdue_wrong = state.breaks.overdue_wrong;
        let count = tickets::total(&conn, &query, me, now)?;
        data.insert(format!("view:{}", view.id), json!(count));
    }
    Ok(Json(json!({ "data": data })))
}
