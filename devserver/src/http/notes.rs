//! Internal notes (contract v2): admin-only messages in a thread. A note is
//! stored among the messages but never reaches a customer: customer reads
//! filter it out in SQL, and it is broadcast only on admin channels.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde_json::{json, Value};

use super::admin_actions::sender_socket;
use super::auth::SignedInAdmin;
use super::error::HttpError;
use super::idempotent::{self, Written};
use super::ids::Id;
use super::signed::Audience;
use super::uploads::{self, MessageInput};
use crate::app_state::AppState;
use crate::channels::ChannelNames;
use crate::db::tickets::{self, View};
use crate::db::{sla, users, writes};

/// The longest note, in characters (Laravel's `max:5000` on a string).
pub const MAX_NOTE_CHARS: usize = 5000;

/// `body`: 1 to 5000 characters once trimmed (Laravel trims input).
fn note_body(input: &MessageInput) -> Result<String, HttpError> {
    let invalid = |why: &str| HttpError::invalid("body", why);
    let body = match input.fields.get("body") {
        None | Some(Value::Null) => return Err(invalid("El campo body es obligatorio.")),
        Some(Value::String(s)) => s.trim().to_string(),
        Some(_) => return Err(invalid("El campo body debe ser texto.")),
    };
    if body.is_empty() {
        return Err(invalid("El campo body es obligatorio."));
    }
    if body.chars().count() > MAX_NOTE_CHARS {
        return Err(invalid(
            "El campo body no debe tener más de 5000 caracteres.",
        ));
    }
    Ok(body)
}

/// `mentions`: admin ids (numbers, or numeric strings from a multipart
/// `mentions[]`), each an existing admin; repeats count once.
fn mentions(state: &AppState, input: &MessageInput) -> Result<Vec<i64>, HttpError> {
    let list = match input.fields.get("mentions") {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(list)) => list,
        Some(_) => {
            return Err(HttpError::invalid(
                "mentions",
                "El campo mentions debe ser una lista de administradores.",
            ))
        }
    };
    let unknown = || HttpError::invalid("mentions", "Un administrador mencionado no existe.");
    let conn = state.db.conn();
    let mut ids = Vec::new();
    for value in list {
        let id = match value {
            Value::Number(n) => n.as_i64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
        .ok_or_else(unknown)?;
        if users::find(&conn, users::Kind::Admin, id)?.is_none() {
            return Err(unknown());
        }
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    Ok(ids)
}

/// `POST /admin/support/tickets/{id}/notes`: allowed on closed tickets too.
/// Honours `Idempotency-Key` like replies, in its own scope (`notes:{id}`).
pub async fn create(
    State(state): State<AppState>,
    auth: SignedInAdmin,
    Id(ticket_id): Id,
    headers: HeaderMap,
    input: MessageInput,
) -> Result<(StatusCode, Json<Value>), HttpError> {
    let idempotency = idempotent::idempotency_key(&state, &headers, &auth)?;
    let scope = format!("notes:{ticket_id}");
    if let Some((status, body)) = idempotent::replayed(&state, idempotency.as_ref(), &scope)? {
        return Ok((status, Json(body)));
    }
    let (customer_id, _) =
        writes::ticket_owner_and_status(&state.db.conn(), ticket_id)?.ok_or(HttpError::NotFound)?;
    let body = note_body(&input)?;
    let mentions = mentions(&state, &input)?;
    let attachments = uploads::attachments(&input.uploads);
    let written = idempotent::write_once(&state, idempotency.as_ref(), &scope, |tx| {
        let id = writes::insert_note(
            tx,
            ticket_id,
            &body,
            (auth.admin.id, &auth.admin.name),
            &attachments,
            &mentions,
        )?;
        if state.breaks.note_stops_clock {
            // Deliberately wrong: the contract says a note answers nobody.
            sla::refresh(tx, Some(ticket_id), sla::Answers::NotesToo)?;
        }
        tickets::message(tx, ticket_id, id, View::ADMIN_V2)?
            .ok_or_else(|| HttpError::Internal("note vanished".into()))
    })?;
    let note = match written {
        Written::Replay(status, body) => return Ok((status, Json(body))),
        Written::New(note) => note,
    };
    uploads::keep(&input.uploads);

    let except = sender_socket(&headers);
    // Only admin channels: never the ticket's or the customer's.
    let mut channels = vec![ChannelNames::ADMIN.to_string()];
    if state.breaks.note_to_customer {
        channels.push(ChannelNames::customer(customer_id));
    }
    state.realtime.broadcast(
        channels,
        "note.added",
        state.with_signed_urls(
            json!({ "message": note, "ticket_id": ticket_id }),
            Audience::Broadcast,
        ),
        except.clone(),
    );
    let mention = state.with_signed_urls(
        json!({
            "ticket_id": ticket_id,
            "message": note,
            "by": { "id": auth.admin.id, "name": auth.admin.name },
        }),
        Audience::Broadcast,
    );
    // v3 `mentions_list`: each admin's event names their lasting mention.
    let mention_ids = if state.contract.has_triage() {
        crate::db::mentions::ids_of_note(&state.db.conn(), note.id)?
    } else {
        Vec::new()
    };
    for admin_id in &mentions {
        let mut payload = mention.clone();
        if let Some((_, id)) = mention_ids.iter().find(|(a, _)| a == admin_id) {
            payload["id"] = json!(id);
        }
        state.realtime.broadcast(
            vec![ChannelNames::admin_private(*admin_id)],
            "mention.created",
            payload,
            except.clone(),
        );
    }
    Ok((
        StatusCode::CREATED,
        Json(state.with_signed_urls(json!({ "data": note }), Audience::Session(auth.token_id))),
    ))
}
