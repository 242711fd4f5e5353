//! Contract v2 `viewers`: who is on a ticket, told by the admins themselves
//! (`PUT`/`DELETE …/tickets/{id}/viewing`) and broadcast as `ticket.viewers`
//! on `private-support.admin` whenever a ticket's list changes.

use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Map, Value};

use super::auth::SignedInAdmin;
use super::error::HttpError;
use super::ids::Id;
use crate::app_state::AppState;
use crate::channels::ChannelNames;
use crate::db::writes;
use crate::pusher::Realtime;
use crate::viewers::Viewers;

/// How often expired entries are swept.
pub const SWEEP_EVERY: Duration = Duration::from_secs(3);

/// `ticket.viewers` with the ticket's whole list. Never `toOthers()`: the
/// panel filters itself out by id, and its own typing flag is the server's
/// word too.
fn announce(realtime: &Arc<Realtime>, viewers: &Viewers, ticket_id: i64) {
    realtime.broadcast(
        vec![ChannelNames::ADMIN.to_string()],
        "ticket.viewers",
        json!({ "ticket_id": ticket_id, "viewers": viewers.list(ticket_id) }),
        None,
    );
}

/// `typing`: a boolean; missing (or no body) means `false`.
fn typing(body: Option<Json<Value>>) -> Result<bool, HttpError> {
    let invalid = || HttpError::invalid("typing", "El campo typing debe ser verdadero o falso.");
    match body {
        None => Ok(false),
        Some(Json(Value::Object(fields))) => match fields.get("typing") {
            None => Ok(false),
            Some(Value::Bool(typing)) => Ok(*typing),
            Some(_) => Err(invalid()),
        },
        Some(Json(_)) => Err(invalid()),
    }
}

fn ticket_exists(state: &AppState, ticket_id: i64) -> Result<(), HttpError> {
    writes::ticket_owner_and_status(&state.db.conn(), ticket_id)?
        .map(|_| ())
        .ok_or(HttpError::NotFound)
}

/// `PUT /admin/support/tickets/{id}/viewing` `{"typing": bool}`.
pub async fn put(
    State(state): State<AppState>,
    auth: SignedInAdmin,
    Id(ticket_id): Id,
    body: Option<Json<Value>>,
) -> Result<StatusCode, HttpError> {
    ticket_exists(&state, ticket_id)?;
    let typing = typing(body)? && !state.breaks.viewers_typing_ignored;
    let now = crate::clock::now_millis();
    let mut viewers = state.viewers.lock().expect("viewers lock");
    if viewers.put(ticket_id, auth.admin.id, &auth.admin.name, typing, now) {
        announce(&state.realtime, &viewers, ticket_id);
    }
    Ok(StatusCode::NO_CONTENT)
}

/// `DELETE /admin/support/tickets/{id}/viewing`: idempotent.
pub async fn delete(
    State(state): State<AppState>,
    auth: SignedInAdmin,
    Id(ticket_id): Id,
) -> Result<StatusCode, HttpError> {
    ticket_exists(&state, ticket_id)?;
    let mut viewers = state.viewers.lock().expect("viewers lock");
    if viewers.delete(ticket_id, auth.admin.id) {
        announce(&state.realtime, &viewers, ticket_id);
    }
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /admin/support/viewers`: `{data: {"456": [...]}}`, only tickets
/// someone is on.
pub async fn list(State(state): State<AppState>, _auth: SignedInAdmin) -> Json<Value> {
    let viewers = state.viewers.lock().expect("viewers lock");
    let data: Map<String, Value> = viewers
        .all()
        .into_iter()
        .map(|(ticket, list)| (ticket.to_string(), json!(list)))
        .collect();
    Json(json!({ "data": data }))
}

/// Sweeps expired entries every `SWEEP_EVERY`, announcing each ticket whose
/// list shrank, until the server's state is gone.
pub fn spawn_sweeper(viewers: Weak<Mutex<Viewers>>, realtime: Arc<Realtime>) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(SWEEP_EVERY);
        loop {
            tick.tick().await;
            let Some(viewers) = viewers.upgrade() else {
                return;
            };
            let mut viewers = viewers.lock().expect("viewers lock");
            for ticket_id in viewers.expire(crate::clock::now_millis()) {
                announce(&realtime, &viewers, ticket_id);
            }
        }
    });
}
