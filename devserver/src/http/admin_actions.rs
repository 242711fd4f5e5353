//! What an admin does in a thread: reply, read; and paging through it.
//! Every write broadcasts what the contract says (status and assignment
//! changes are in `ticket_changes`, notes in `notes`).

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde_json::{json, Value};

use super::auth::SignedInAdmin;
use super::error::HttpError;
use super::idempotent::{self, Idempotency, Written};
use super::ids::Id;
use super::signed::Audience;
use super::uploads::{self, MessageInput};
use crate::app_state::AppState;
use crate::channels::ChannelNames;
use crate::db::tickets::{self, MessageWindow};
use crate::db::{merge, writes};

/// The `X-Socket-ID` header: the sender's socket, excluded from the broadcast.
pub fn sender_socket(headers: &HeaderMap) -> Option<String> {
    headers
        .get("x-socket-id")
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty())
        .map(str::to_string)
}

pub async fn messages(
    State(state): State<AppState>,
    auth: SignedInAdmin,
    Id(id): Id,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Json<Value>, HttpError> {
    let id_param = |name: &'static str| -> Result<Option<i64>, HttpError> {
        match params.get(name).filter(|v| !v.is_empty()) {
            None => Ok(None),
            Some(v) => v.parse::<i64>().map(Some).map_err(|_| {
                HttpError::invalid(name, format!("El campo {name} debe ser un número."))
            }),
        }
    };
    let window = match (id_param("before_id")?, id_param("after_id")?) {
        (Some(_), Some(_)) => {
            return Err(HttpError::invalid(
                "before_id",
                "Use before_id o after_id, no ambos.",
            ))
        }
        (Some(before), None) => MessageWindow::Before(before),
        (None, Some(after)) => MessageWindow::After(after),
        (None, None) => MessageWindow::Newest,
    };
    let limit = match params.get("limit").filter(|v| !v.is_empty()) {
        None => 50,
        Some(v) => match v.parse::<u32>() {
            Ok(n) if (1..=100).contains(&n) => n,
            _ => {
                return Err(HttpError::invalid(
                    "limit",
                    "El campo limit debe estar entre 1 y 100.",
                ))
            }
        },
    };
    let conn = state.db.conn();
    tickets::summary(&conn, id, false)?.ok_or(HttpError::NotFound)?;
    let (messages, has_more) = tickets::messages(&conn, id, window, limit, state.admin_view())?;
    Ok(Json(state.with_signed_urls(
        json!({ "data": messages, "meta": { "has_more": has_more } }),
        Audience::Session(auth.token_id),
    )))
}

/// Stores a message from either side and broadcasts `message.sent`; answers
/// `201 {data: message}`. With an idempotency key, a key seen before answers
/// its first answer again and writes and broadcasts nothing. The answer's
/// attachment URLs are bound to the sender's token (`token_id`); the
/// broadcast's are short-lived and bound to no session.
#[allow(clippy::too_many_arguments)]
pub fn post_message(
    state: &AppState,
    ticket_id: i64,
    input: &MessageInput,
    from_admin: bool,
    sender_name: &str,
    token_id: i64,
    except: Option<String>,
    idempotency: Option<&Idempotency>,
) -> Result<(StatusCode, Value), HttpError> {
    let scope = format!("messages:{ticket_id}");
    if let Some(answer) = idempotent::replayed(state, idempotency, &scope)? {
        return Ok(answer);
    }
    let text = input.text()?;
    if text.is_none() && input.uploads.is_empty() {
        return Err(HttpError::invalid(
            "message",
            "El campo mensaje es obligatorio.",
        ));
    }
    let (customer_id, status) =
        writes::ticket_owner_and_status(&state.db.conn(), ticket_id)?.ok_or(HttpError::NotFound)?;
    // v3 merge: the conversation goes on in the ticket it was merged into.
    // The customer is not told which (merged_into is internal).
    let merged_into = merge::owner_and_merged(&state.db.conn(), ticket_id)?.and_then(|(_, m)| m);
    let merged_but_open = merged_into.is_some() && state.breaks.merged_accepts_messages;
    if let Some(into) = merged_into.filter(|_| !merged_but_open) {
        return Err(HttpError::invalid(
            "message",
            if from_admin {
                format!("El ticket se unió al ticket #{into}: responda allí.")
            } else {
                "Esta conversación continúa en otro de sus tickets: escriba allí.".to_string()
            },
        ));
    }
    if status != "open" && !merged_but_open {
        return Err(HttpError::invalid(
            "message",
            "El ticket está cerrado: no admite respuestas.",
        ));
    }
    let attachments = uploads::attachments(&input.uploads);
    // One shape for every audience: a reply is no secret, and the panel's
    // open thread hears it on the ticket channel too, so it carries `type`.
    let view = state.admin_view();
    let written = idempotent::write_once(state, idempotency, &scope, |tx| {
        let id = writes::insert_message(
            tx,
            ticket_id,
            text.as_deref(),
            from_admin,
            sender_name,
            &attachments,
        )?;
        tickets::message(tx, ticket_id, id, view)?
            .ok_or_else(|| HttpError::Internal("message vanished".into()))
    })?;
    // A replayed request's files are not kept, so they go when the input is dropped.
    let message = match written {
        Written::Replay(status, body) => return Ok((status, body)),
        Written::New(message) => message,
    };
    uploads::keep(&input.uploads);
    let payload = state.with_signed_urls(
        json!({ "message": message, "ticket_id": ticket_id }),
        Audience::Broadcast,
    );
    let mut channels = state
        .channels
        .message_sent(ticket_id, customer_id, from_admin);
    if !state.contract.has_triage() {
        state
            .realtime
            .broadcast(channels, "message.sent", payload, except);
    } else {
        // v3: the admins' copy also carries the ticket's summary (its new
        // waiting time and due time); the seed's channels keep the seed's
        // payload exactly, so they hear it first, on their own.
        channels.retain(|c| c != ChannelNames::ADMIN);
        let summary = tickets::summary(&state.db.conn(), ticket_id, true)?;
        let mut for_admins = payload.clone();
        for_admins["ticket"] = serde_json::to_value(summary)
            .map_err(|e| HttpError::Internal(format!("summary: {e}")))?;
        state
            .realtime
            .broadcast(channels, "message.sent", payload, except.clone());
        state.realtime.broadcast(
            vec![ChannelNames::ADMIN.to_string()],
            "message.sent",
            for_admins,
            except,
        );
    }
    Ok((
        StatusCode::CREATED,
        state.with_signed_urls(json!({ "data": message }), Audience::Session(token_id)),
    ))
}

pub async fn reply(
    State(state): State<AppState>,
    auth: SignedInAdmin,
    Id(id): Id,
    headers: HeaderMap,
    input: MessageInput,
) -> Result<(StatusCode, Json<Value>), HttpError> {
    let idempotency = idempotent::idempotency_key(&state, &headers, &auth)?;
    let (status, body) = post_message(
        &state,
        id,
        &input,
        true,
        &auth.admin.name,
        auth.token_id,
        sender_socket(&headers),
        idempotency.as_ref(),
    )?;
    Ok((status, Json(body)))
}

pub async fn mark_read(
    State(state): State<AppState>,
    _auth: SignedInAdmin,
    Id(id): Id,
) -> Result<StatusCode, HttpError> {
    let conn = state.db.conn();
    writes::ticket_owner_and_status(&conn, id)?.ok_or(HttpError::NotFound)?;
    writes::mark_read(&conn, id, true)?;
    Ok(StatusCode::NO_CONTENT)
}
