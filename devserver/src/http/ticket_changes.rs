//! Close/reopen and assign, and v3's priority, tags and snooze: one ticket
//! (`PATCH …/tickets/{id}`) or many at once (contract v2's bulk `PATCH
//! …/tickets`). Every changed ticket broadcasts its own
//! `ticket.status.changed` for status and assignment, and `ticket.updated`
//! for what that event does not carry.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::Json;
use serde_json::{json, Map, Value};

use super::admin_actions::sender_socket;
use super::auth::SignedInAdmin;
use super::error::HttpError;
use super::ids::Id;
use super::triage::{self, TriageChange};
use crate::app_state::AppState;
use crate::db::tickets::{self, TicketSummary};
use crate::db::{merge, sla, users, writes};

/// How many tickets one bulk change may name.
pub const MAX_BULK_IDS: usize = 100;

/// What to change: `status` and/or `assigned_to` (`Some(None)` unassigns),
/// and v3's triage fields.
struct Change {
    status: Option<String>,
    assignee: Option<Option<i64>>,
    triage: TriageChange,
}

/// Reads `{status?, assigned_to?}` and the v3 fields; a bad value, an
/// unknown admin or no field at all is a 422, before any ticket is touched.
fn parse_change(
    state: &AppState,
    body: &Map<String, Value>,
    bulk: bool,
) -> Result<Change, HttpError> {
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
    let unknown_admin =
        || HttpError::invalid("assigned_to", "El administrador seleccionado no existe.");
    let assignee = match body.get("assigned_to") {
        None => None,
        Some(Value::Null) => Some(None),
        Some(Value::Number(n)) => match n.as_i64() {
            Some(admin_id)
                if users::find(&state.db.conn(), users::Kind::Admin, admin_id)?.is_some() =>
            {
                Some(Some(admin_id))
            }
            _ => return Err(unknown_admin()),
        },
        Some(_) => return Err(unknown_admin()),
    };
    let triage = triage::parse(state, body, bulk)?;
    if status.is_none() && assignee.is_none() && triage.is_empty() {
        let fields = if state.contract.has_triage() {
            "status, assigned_to, priority, tags o snoozed_until"
        } else {
            "status o assigned_to"
        };
        return Err(HttpError::invalid("status", format!("Indique {fields}.")));
    }
    Ok(Change {
        status,
        assignee,
        triage,
    })
}

/// What became of one ticket.
enum Applied {
    Changed {
        summary: Box<TicketSummary>,
        /// For `ticket.updated`: the triage fields changed, closing ended a
        /// snooze, or the sla clock moved.
        triage_changed: bool,
    },
    NoSuchTicket,
    /// Valid, but not for this ticket (a snooze on a closed ticket, an
    /// 11th tag): nothing was written.
    Refused(triage::Refusal),
}

/// Changes one ticket, atomically.
fn apply(state: &AppState, id: i64, change: &Change) -> Result<Applied, HttpError> {
    let mut conn = state.db.conn();
    let tx = conn.transaction()?;
    let Some((_, old_status)) = writes::ticket_owner_and_status(&tx, id)? else {
        return Ok(Applied::NoSuchTicket);
    };
    // A merged ticket stays closed: its thread lives in the other ticket.
    if change.status.as_deref() == Some("open")
        && merge::owner_and_merged(&tx, id)?.is_some_and(|(_, m)| m.is_some())
    {
        return Ok(Applied::Refused((
            "status",
            "El ticket se unió a otro y no se puede reabrir.".into(),
        )));
    }
    let was_snoozed = writes::is_snoozed(&tx, id)?;
    let clock_before = sla::clock_of(&tx, id)?;
    if let Some(status) = &change.status {
        writes::set_status(&tx, id, status)?;
    }
    if let Some(admin_id) = change.assignee {
        writes::set_assignee(&tx, id, admin_id)?;
    }
    let status = change.status.clone().unwrap_or(old_status);
    let triage_changed = match triage::apply(&tx, id, &status, &change.triage)? {
        // Dropping the transaction rolls the status change back too.
        Err(refusal) => return Ok(Applied::Refused(refusal)),
        // Reopening restarts the clock, which `ticket.status.changed`
        // does not carry: `ticket.updated` does. Closing needs none: a
        // closed ticket has no clock by definition, so its status says it.
        Ok(changed) => {
            changed
                || (was_snoozed && !writes::is_snoozed(&tx, id)?)
                || (status == "open" && sla::clock_of(&tx, id)? != clock_before)
        }
    };
    let summary = tickets::summary(&tx, id, state.admin_triage())?;
    tx.commit()?;
    Ok(match summary {
        Some(summary) => Applied::Changed {
            summary: Box::new(summary),
            triage_changed,
        },
        None => Applied::NoSuchTicket,
    })
}

/// The broadcasts of one changed ticket.
fn announce(
    state: &AppState,
    change: &Change,
    summary: &TicketSummary,
    triage_changed: bool,
    except: Option<String>,
) {
    if change.status.is_some() || change.assignee.is_some() {
        broadcast_change(state, summary, except.clone());
    }
    if triage_changed {
        triage::broadcast_updated(state, summary, except);
    }
}

fn broadcast_change(state: &AppState, summary: &TicketSummary, except: Option<String>) {
    let payload = json!({
        "ticket_id": summary.id,
        "status": summary.status,
        "assigned_to": summary.assigned_to,
        "resolved_at": summary.resolved_at,
    });
    state.realtime.broadcast(
        state.channels.status_changed(summary.id),
        "ticket.status.changed",
        payload,
        except,
    );
}

fn json_object(
    body: Option<Json<Value>>,
    field: &'static str,
) -> Result<Map<String, Value>, HttpError> {
    match body {
        Some(Json(Value::Object(body))) => Ok(body),
        _ => Err(HttpError::invalid(
            field,
            "El cuerpo debe ser un objeto JSON.",
        )),
    }
}

pub async fn update(
    State(state): State<AppState>,
    _auth: SignedInAdmin,
    Id(id): Id,
    headers: HeaderMap,
    body: Option<Json<Value>>,
) -> Result<Json<Value>, HttpError> {
    let change = parse_change(&state, &json_object(body, "status")?, false)?;
    match apply(&state, id, &change)? {
        Applied::Changed {
            summary,
            triage_changed,
        } => {
            announce(
                &state,
                &change,
                &summary,
                triage_changed,
                sender_socket(&headers),
            );
            Ok(Json(json!({ "data": summary })))
        }
        Applied::NoSuchTicket => Err(HttpError::NotFound),
        Applied::Refused((field, why)) => Err(HttpError::invalid(field, why)),
    }
}

/// `ids`: 1 to 100 ticket ids, each an integer; repeats count once.
fn bulk_ids(body: &Map<String, Value>) -> Result<Vec<i64>, HttpError> {
    let invalid = |why: &str| HttpError::invalid("ids", why);
    let Some(Value::Array(list)) = body.get("ids") else {
        return Err(invalid("El campo ids es obligatorio."));
    };
    if list.is_empty() {
        return Err(invalid("El campo ids es obligatorio."));
    }
    if list.len() > MAX_BULK_IDS {
        return Err(invalid("El campo ids no debe tener más de 100 elementos."));
    }
    let mut ids = Vec::with_capacity(list.len());
    for value in list {
        let id = value
            .as_i64()
            .ok_or_else(|| invalid("Cada elemento de ids debe ser un número entero."))?;
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    Ok(ids)
}

/// What `errors` says of a ticket that does not exist.
pub const NO_SUCH_TICKET: &str = "El ticket no existe.";
/// What `errors` says of a ticket refused by `POST /__dev/bulk/refuse`.
pub const REFUSED_BY_FAULT: &str =
    "Rechazado por el servidor de desarrollo (fallo simulado con /__dev/bulk/refuse).";

/// `PATCH /admin/support/tickets` (contract v2): each ticket is changed on
/// its own, so one failure does not stop the rest; the answer lists the
/// changed tickets and, by id, why the others were not.
pub async fn bulk(
    State(state): State<AppState>,
    _auth: SignedInAdmin,
    headers: HeaderMap,
    body: Option<Json<Value>>,
) -> Result<Json<Value>, HttpError> {
    let body = json_object(body, "ids")?;
    let ids = bulk_ids(&body)?;
    let change = parse_change(&state, &body, true)?;
    let except = sender_socket(&headers);
    let mut changed = Vec::new();
    let mut errors = Map::new();
    for id in ids {
        if state.faults.bulk_refuses(id) {
            errors.insert(id.to_string(), Value::from(REFUSED_BY_FAULT));
            continue;
        }
        match apply(&state, id, &change)? {
            Applied::Changed {
                summary,
                triage_changed,
            } => {
                announce(&state, &change, &summary, triage_changed, except.clone());
                changed.push(*summary);
            }
            Applied::NoSuchTicket => {
                errors.insert(id.to_string(), Value::from(NO_SUCH_TICKET));
            }
            Applied::Refused((_, why)) => {
                errors.insert(id.to_string(), Value::from(why));
            }
        }
    }
    Ok(Json(json!({ "data": changed, "errors": errors })))
}
