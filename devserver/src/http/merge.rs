//! `POST /admin/support/tickets/{id}/merge {"into": target}` (contract v3
//! `merge`): one transaction moves the thread and closes the source; then
//! the admins hear `ticket.merged` and the target's `ticket.updated`, and
//! the source's ticket channel hears `ticket.merged` and the seed's
//! `ticket.status.changed` (closed), which is all the customer app knows.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde_json::{json, Value};

use super::admin_actions::sender_socket;
use super::auth::SignedInAdmin;
use super::error::HttpError;
use super::idempotent::{self, Written};
use super::ids::Id;
use crate::app_state::AppState;
use crate::channels::ChannelNames;
use crate::db::merge::{self, Merged};
use crate::db::tickets::{self, TicketSummary};

/// `into`: a ticket id, as a number (or a numeric string, as a form sends).
fn target(body: Option<Json<Value>>) -> Result<i64, HttpError> {
    let into = body.and_then(|Json(body)| body.get("into").cloned());
    match into {
        Some(Value::Number(n)) => n.as_i64(),
        Some(Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    }
    .ok_or_else(|| HttpError::invalid("into", "El campo into debe ser el id de un ticket."))
}

pub async fn merge(
    State(state): State<AppState>,
    auth: SignedInAdmin,
    Id(source): Id,
    headers: HeaderMap,
    body: Option<Json<Value>>,
) -> Result<(StatusCode, Json<Value>), HttpError> {
    let idempotency = idempotent::idempotency_key(&state, &headers, &auth)?;
    let scope = format!("merge:{source}");
    if let Some((status, body)) = idempotent::replayed(&state, idempotency.as_ref(), &scope)? {
        return Ok((status, Json(body)));
    }
    let into = target(body)?;
    let (customer_id, merged_into) =
        merge::owner_and_merged(&state.db.conn(), source)?.ok_or(HttpError::NotFound)?;
    let mut moved = false;
    let written =
        idempotent::write_once_as(&state, idempotency.as_ref(), &scope, StatusCode::OK, |tx| {
            match merge::merge(tx, (source, customer_id, merged_into), into)? {
                Ok(Merged::Now) => moved = true,
                Ok(Merged::Before) => {}
                Err(refusal) => return Err(HttpError::invalid("into", refusal.message())),
            }
            tickets::summary(tx, into, true)?
                .ok_or_else(|| HttpError::Internal("merge target vanished".into()))
        })?;
    let target = match written {
        Written::Replay(status, body) => return Ok((status, Json(body))),
        Written::New(target) => target,
    };
    if moved {
        announce(&state, source, &target, sender_socket(&headers))?;
    }
    Ok((StatusCode::OK, Json(json!({ "data": target }))))
}

/// The broadcasts of a merge just done.
fn announce(
    state: &AppState,
    source: i64,
    target: &TicketSummary,
    except: Option<String>,
) -> Result<(), HttpError> {
    let realtime = &state.realtime;
    realtime.broadcast(
        vec![
            ChannelNames::ADMIN.to_string(),
            ChannelNames::ticket(source),
        ],
        "ticket.merged",
        json!({ "ticket_id": source, "into": target.id }),
        except.clone(),
    );
    let closed = tickets::summary(&state.db.conn(), source, false)?.ok_or(HttpError::NotFound)?;
    realtime.broadcast(
        state.channels.status_changed(source),
        "ticket.status.changed",
        json!({
            "ticket_id": source,
            "status": closed.status,
            "assigned_to": closed.assigned_to,
            "resolved_at": closed.resolved_at,
        }),
        except.clone(),
    );
    realtime.broadcast(
        vec![ChannelNames::ADMIN.to_string()],
        "ticket.updated",
        json!({ "ticket": target }),
        except,
    );
    Ok(())
}
