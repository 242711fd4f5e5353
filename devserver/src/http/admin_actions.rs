//! What an admin does to a ticket: reply, close/reopen, assign, read; and
//! paging through a thread. Every write broadcasts what the contract says.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde_json::{json, Value};

use super::auth::SignedInAdmin;
use super::error::HttpError;
use super::uploads::{self, MessageInput};
use super::AppState;
use crate::cli::Contract;
use crate::clock::now_millis;
use crate::db::idempotency::{self, Stored};
use crate::db::tickets::{self, MessageWindow};
use crate::db::{users, writes};

/// The `X-Socket-ID` header: the sender's socket, excluded from the broadcast.
pub fn sender_socket(headers: &HeaderMap) -> Option<String> {
    headers
        .get("x-socket-id")
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty())
        .map(str::to_string)
}

pub fn ticket_id(raw: &str) -> Result<i64, HttpError> {
    raw.parse().map_err(|_| HttpError::NotFound)
}

pub async fn messages(
    State(state): State<AppState>,
    _auth: SignedInAdmin,
    Path(id): Path<String>,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Json<Value>, HttpError> {
    let id = ticket_id(&id)?;
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
    tickets::summary(&conn, id)?.ok_or(HttpError::NotFound)?;
    let (messages, has_more) = tickets::messages(&conn, id, window, limit)?;
    Ok(Json(state.with_signed_urls(
        json!({ "data": messages, "meta": { "has_more": has_more } }),
    )))
}

/// An admin's `Idempotency-Key` for one write.
pub struct Idempotency {
    pub admin_id: i64,
    pub key: String,
}

pub const IDEMPOTENCY_HEADER: &str = "Idempotency-Key";
const MAX_IDEMPOTENCY_KEY: usize = 100;

/// The `Idempotency-Key` header: an opaque string of 1 to 100 visible ASCII
/// characters (what a header value can be), else a 422 naming the header.
/// Under contract v1 the header does not exist and is ignored.
pub fn idempotency_key(
    state: &AppState,
    headers: &HeaderMap,
    admin_id: i64,
) -> Result<Option<Idempotency>, HttpError> {
    if state.contract == Contract::V1 {
        return Ok(None);
    }
    let Some(value) = headers.get(IDEMPOTENCY_HEADER) else {
        return Ok(None);
    };
    let invalid = |why: &str| HttpError::invalid(IDEMPOTENCY_HEADER, why);
    let key = value
        .to_str()
        .map_err(|_| invalid("La cabecera Idempotency-Key debe ser texto ASCII."))?;
    if key.is_empty() {
        return Err(invalid("La cabecera Idempotency-Key no puede estar vacía."));
    }
    if key.len() > MAX_IDEMPOTENCY_KEY {
        return Err(invalid(
            "La cabecera Idempotency-Key no debe tener más de 100 caracteres.",
        ));
    }
    Ok(Some(Idempotency {
        admin_id,
        key: key.to_string(),
    }))
}

/// The first answer given for this key, again (URLs signed afresh); a 422
/// when the key was first used for another request.
fn replay(state: &AppState, stored: Stored, scope: &str) -> Result<(StatusCode, Value), HttpError> {
    if stored.scope != scope {
        return Err(HttpError::invalid(
            IDEMPOTENCY_HEADER,
            "La clave Idempotency-Key ya se usó para otra solicitud.",
        ));
    }
    let status = StatusCode::from_u16(stored.status)
        .map_err(|e| HttpError::Internal(format!("stored status: {e}")))?;
    let body = serde_json::from_str(&stored.body)
        .map_err(|e| HttpError::Internal(format!("stored answer: {e}")))?;
    Ok((status, state.with_signed_urls(body)))
}

/// Stores a message from either side and broadcasts `message.sent`; answers
/// `201 {data: message}`. With an idempotency key, a key seen before answers
/// its first answer again and writes and broadcasts nothing.
pub fn post_message(
    state: &AppState,
    ticket_id: i64,
    input: &MessageInput,
    from_admin: bool,
    sender_name: &str,
    except: Option<String>,
    idempotency: Option<&Idempotency>,
) -> Result<(StatusCode, Value), HttpError> {
    let scope = format!("messages:{ticket_id}");
    // Before any validation: the first attempt's answer stands even if the
    // ticket has been closed since.
    if let Some(idem) = idempotency {
        let stored = idempotency::find(&state.db.conn(), idem.admin_id, &idem.key, now_millis())?;
        if let Some(stored) = stored {
            return replay(state, stored, &scope);
        }
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
    if status != "open" {
        return Err(HttpError::invalid(
            "message",
            "El ticket está cerrado: no admite respuestas.",
        ));
    }
    let attachments = uploads::attachments(&input.uploads);
    let message = {
        let mut conn = state.db.conn();
        let tx = conn.transaction()?;
        if let Some(idem) = idempotency {
            // Again under the lock: a twin request with the same key may have
            // written since the first look. This request's files are not
            // kept, so they go when the input is dropped.
            if let Some(stored) = idempotency::find(&tx, idem.admin_id, &idem.key, now_millis())? {
                return replay(state, stored, &scope);
            }
        }
        let id = writes::insert_message(
            &tx,
            ticket_id,
            text.as_deref(),
            from_admin,
            sender_name,
            &attachments,
        )?;
        let message = tickets::message(&tx, ticket_id, id)?
            .ok_or_else(|| HttpError::Internal("message vanished".into()))?;
        if let Some(idem) = idempotency {
            // In the same transaction as the message: if the answer is lost
            // after this (a dropped connection, the `after_handling` fault),
            // the retry finds it and the message is not written twice.
            let stored = Stored {
                scope: scope.clone(),
                status: StatusCode::CREATED.as_u16(),
                body: json!({ "data": message }).to_string(),
            };
            idempotency::remember(&tx, idem.admin_id, &idem.key, &stored, now_millis())?;
        }
        tx.commit()?;
        uploads::keep(&input.uploads);
        message
    };
    let payload = state.with_signed_urls(json!({ "message": message, "ticket_id": ticket_id }));
    let channels = state
        .channels
        .message_sent(ticket_id, customer_id, from_admin);
    state
        .realtime
        .broadcast(channels, "message.sent", payload, except);
    Ok((
        StatusCode::CREATED,
        state.with_signed_urls(json!({ "data": message })),
    ))
}

pub async fn reply(
    State(state): State<AppState>,
    auth: SignedInAdmin,
    Path(id): Path<String>,
    headers: HeaderMap,
    input: MessageInput,
) -> Result<(StatusCode, Json<Value>), HttpError> {
    let id = ticket_id(&id)?;
    let idempotency = idempotency_key(&state, &headers, auth.admin.id)?;
    let (status, body) = post_message(
        &state,
        id,
        &input,
        true,
        &auth.admin.name,
        sender_socket(&headers),
        idempotency.as_ref(),
    )?;
    Ok((status, Json(body)))
}

pub async fn update(
    State(state): State<AppState>,
    _auth: SignedInAdmin,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Option<Json<Value>>,
) -> Result<Json<Value>, HttpError> {
    let id = ticket_id(&id)?;
    let Some(Json(Value::Object(body))) = body else {
        return Err(HttpError::invalid(
            "status",
            "El cuerpo debe ser un objeto JSON.",
        ));
    };
    let status = match body.get("status") {
        None => None,
        Some(Value::String(s)) if s == "open" || s == "closed" => Some(s.clone()),
        Some(_) => {
            return Err(HttpError::invalid(
                "status",
                "El estado debe ser open o closed.",
            ))
        }
    };
    let assignee = match body.get("assigned_to") {
        None => None,
        Some(Value::Null) => Some(None),
        Some(Value::Number(n)) => match n.as_i64() {
            Some(admin_id)
                if users::find(&state.db.conn(), users::Kind::Admin, admin_id)?.is_some() =>
            {
                Some(Some(admin_id))
            }
            _ => {
                return Err(HttpError::invalid(
                    "assigned_to",
                    "El administrador seleccionado no existe.",
                ))
            }
        },
        Some(_) => {
            return Err(HttpError::invalid(
                "assigned_to",
                "El administrador seleccionado no existe.",
            ))
        }
    };
    if status.is_none() && assignee.is_none() {
        return Err(HttpError::invalid(
            "status",
            "Indique status o assigned_to.",
        ));
    }
    let summary = {
        let conn = state.db.conn();
        writes::ticket_owner_and_status(&conn, id)?.ok_or(HttpError::NotFound)?;
        if let Some(status) = &status {
            writes::set_status(&conn, id, status)?;
        }
        if let Some(admin_id) = assignee {
            writes::set_assignee(&conn, id, admin_id)?;
        }
        tickets::summary(&conn, id)?.ok_or(HttpError::NotFound)?
    };
    let payload = json!({
        "ticket_id": id,
        "status": summary.status,
        "assigned_to": summary.assigned_to,
        "resolved_at": summary.resolved_at,
    });
    state.realtime.broadcast(
        state.channels.status_changed(id),
        "ticket.status.changed",
        payload,
        sender_socket(&headers),
    );
    Ok(Json(json!({ "data": summary })))
}

pub async fn mark_read(
    State(state): State<AppState>,
    _auth: SignedInAdmin,
    Path(id): Path<String>,
) -> Result<StatusCode, HttpError> {
    let id = ticket_id(&id)?;
    let conn = state.db.conn();
    writes::ticket_owner_and_status(&conn, id)?.ok_or(HttpError::NotFound)?;
    writes::mark_read(&conn, id, true)?;
    Ok(StatusCode::NO_CONTENT)
}
