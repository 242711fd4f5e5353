//! Contract v3 triage on the ticket writes: `priority`, `tags` (and bulk's
//! `tags_add`/`tags_remove`), `snoozed_until`; `GET …/support/tags`;
//! `ticket.updated` on `private-support.admin`; and the waker that ends
//! snoozes whose time has come.

use std::sync::{Arc, Weak};
use std::time::Duration;

use axum::extract::State;
use axum::Json;
use rusqlite::Connection;
use serde_json::{json, Map, Value};

use super::auth::SignedInAdmin;
use super::error::HttpError;
use crate::app_state::AppState;
use crate::channels::ChannelNames;
use crate::db::tickets::{self, TicketSummary};
use crate::db::triage::{self, normalize_tag, Priority, MAX_TAGS};
use crate::db::Db;
use crate::pusher::Realtime;

/// How often the waker looks for snoozes that are over. The contract allows
/// a minute; a second keeps the demo and the tests brisk.
pub const WAKE_EVERY: Duration = Duration::from_secs(1);

/// The v3 part of a ticket change; every field optional.
#[derive(Debug, Default)]
pub struct TriageChange {
    pub priority: Option<Priority>,
    /// The whole set (single and bulk).
    pub tags: Option<Vec<String>>,
    /// Bulk only: added to, then removed from, each ticket's own set.
    pub tags_add: Vec<String>,
    pub tags_remove: Vec<String>,
    /// `Some(None)` wakes; `Some(Some(ms))` snoozes until then.
    pub snooze: Option<Option<i64>>,
}

impl TriageChange {
    pub fn is_empty(&self) -> bool {
        self.priority.is_none()
            && self.tags.is_none()
            && self.tags_add.is_empty()
            && self.tags_remove.is_empty()
            && self.snooze.is_none()
    }
}

/// Reads the v3 fields of a PATCH body (`bulk` also reads `tags_add` and
/// `tags_remove`); each bad value is a 422 naming its field. Before v3 the
/// fields do not exist and are ignored, as an older backend would.
pub fn parse(
    state: &AppState,
    body: &Map<String, Value>,
    bulk: bool,
) -> Result<TriageChange, HttpError> {
    if !state.contract.has_triage() {
        return Ok(TriageChange::default());
    }
    let as_sent = state.breaks.tags_not_normalized;
    let priority = match body.get("priority") {
        None => None,
        Some(Value::String(word)) => Some(Priority::parse(word).ok_or_else(bad_priority)?),
        Some(_) => return Err(bad_priority()),
    };
    let tags = match body.get("tags") {
        None => None,
        Some(value) => Some(tag_list(value, "tags", as_sent)?),
    };
    let (mut tags_add, mut tags_remove) = (Vec::new(), Vec::new());
    if bulk {
        if let Some(value) = body.get("tags_add") {
            tags_add = tag_list(value, "tags_add", as_sent)?;
        }
        if let Some(value) = body.get("tags_remove") {
            tags_remove = tag_list(value, "tags_remove", as_sent)?;
        }
    }
    let snooze = match body.get("snoozed_until") {
        None => None,
        Some(Value::Null) => Some(None),
        Some(Value::String(text)) => {
            let until = crate::clock::parse_iso(text).ok_or_else(|| {
                HttpError::invalid(
                    "snoozed_until",
                    "El campo snoozed_until debe ser una fecha ISO 8601.",
                )
            })?;
            if until <= crate::clock::now_millis() {
                return Err(HttpError::invalid(
                    "snoozed_until",
                    "El campo snoozed_until debe ser una fecha futura.",
                ));
            }
            Some(Some(until))
        }
        Some(_) => {
            return Err(HttpError::invalid(
                "snoozed_until",
                "El campo snoozed_until debe ser una fecha o null.",
            ))
        }
    };
    Ok(TriageChange {
        priority,
        tags,
        tags_add,
        tags_remove,
        snooze,
    })
}

fn bad_priority() -> HttpError {
    HttpError::invalid(
        "priority",
        "La prioridad debe ser low, normal, high o urgent.",
    )
}

/// A list of up to 10 tags, each normalized (`normalize_tag`; as sent under
/// `--break tags-not-normalized`, still bounded); repeats count once.
fn tag_list(value: &Value, field: &'static str, as_sent: bool) -> Result<Vec<String>, HttpError> {
    let Value::Array(list) = value else {
        return Err(HttpError::invalid(
            field,
            format!("El campo {field} debe ser una lista de etiquetas."),
        ));
    };
    let mut tags = Vec::new();
    for item in list {
        let Value::String(raw) = item else {
            return Err(HttpError::invalid(field, "Cada etiqueta debe ser texto."));
        };
        let tag = normalize_tag(raw).map_err(|e| HttpError::invalid(field, e.message()))?;
        let tag = if as_sent { raw.clone() } else { tag };
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    if tags.len() > MAX_TAGS {
        return Err(HttpError::invalid(
            field,
            format!("El campo {field} no debe tener más de {MAX_TAGS} etiquetas."),
        ));
    }
    Ok(tags)
}

/// Why one ticket refuses a change that is valid in itself: a field and
/// what to say (a 422 for one ticket, an entry of `errors` in bulk).
pub type Refusal = (&'static str, String);

/// Applies the change to one ticket inside the caller's transaction, whose
/// status is already the new one. Whether it changed anything.
pub fn apply(
    tx: &Connection,
    ticket_id: i64,
    status: &str,
    change: &TriageChange,
) -> Result<Result<bool, Refusal>, rusqlite::Error> {
    if let Some(Some(_)) = change.snooze {
        if status != "open" {
            return Ok(Err((
                "snoozed_until",
                "Un ticket cerrado no se puede posponer.".into(),
            )));
        }
    }
    if change.tags.is_some() || !change.tags_add.is_empty() || !change.tags_remove.is_empty() {
        let mut tags = match &change.tags {
            Some(tags) => tags.clone(),
            None => triage::tags_of(tx, ticket_id)?,
        };
        for tag in &change.tags_add {
            if !tags.contains(tag) {
                tags.push(tag.clone());
            }
        }
        tags.retain(|t| !change.tags_remove.contains(t));
        if tags.len() > MAX_TAGS {
            return Ok(Err((
                "tags",
                format!("El ticket tendría más de {MAX_TAGS} etiquetas."),
            )));
        }
        triage::set_tags(tx, ticket_id, &tags)?;
    }
    if let Some(priority) = change.priority {
        triage::set_priority(tx, ticket_id, priority)?;
    }
    if let Some(until) = change.snooze {
        triage::set_snooze(tx, ticket_id, until)?;
    }
    Ok(Ok(!change.is_empty()))
}

/// `ticket.updated {ticket}` on `private-support.admin`: a change that
/// `ticket.status.changed` does not carry (v3 only).
pub fn broadcast_updated(state: &AppState, summary: &TicketSummary, except: Option<String>) {
    if state.contract.has_triage() {
        announce_updated(&state.realtime, summary, except);
    }
}

fn announce_updated(realtime: &Arc<Realtime>, summary: &TicketSummary, except: Option<String>) {
    realtime.broadcast(
        vec![ChannelNames::ADMIN.to_string()],
        "ticket.updated",
        json!({ "ticket": summary }),
        except,
    );
}

/// The customer wrote: a snoozed ticket wakes, and the admins hear it.
pub fn wake_on_customer_message(state: &AppState, ticket_id: i64) -> Result<(), HttpError> {
    if !state.contract.has_triage() || state.breaks.snooze_never_wakes {
        return Ok(());
    }
    let summary = {
        let conn = state.db.conn();
        if !triage::wake(&conn, ticket_id)? {
            return Ok(());
        }
        tickets::summary(&conn, ticket_id, true)?
    };
    if let Some(summary) = summary {
        broadcast_updated(state, &summary, None);
    }
    Ok(())
}

/// `GET /admin/support/tags`: `{data: [{name, count}]}`, most used first.
pub async fn tags(
    State(state): State<AppState>,
    _auth: SignedInAdmin,
) -> Result<Json<Value>, HttpError> {
    let tags = triage::tags_in_use(&state.db.conn())?;
    let data: Vec<Value> = tags
        .into_iter()
        .map(|(name, count)| json!({ "name": name, "count": count }))
        .collect();
    Ok(Json(json!({ "data": data })))
}

/// Every `WAKE_EVERY`, wakes the tickets whose snooze is over and
/// broadcasts each, until the server's database is gone. Started under v3
/// only (and not under `--break snooze-never-wakes`).
pub fn spawn_waker(db: Weak<Db>, realtime: Arc<Realtime>) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(WAKE_EVERY);
        loop {
            tick.tick().await;
            let Some(db) = db.upgrade() else {
                return;
            };
            let woken = {
                let conn = db.conn();
                triage::wake_due(&conn, crate::clock::now_millis()).and_then(|ids| {
                    ids.into_iter()
                        .filter_map(|id| tickets::summary(&conn, id, true).transpose())
                        .collect::<rusqlite::Result<Vec<_>>>()
                })
            };
            match woken {
                Ok(summaries) => {
                    for summary in &summaries {
                        announce_updated(&realtime, summary, None);
                    }
                }
                // A dev server keeps going: the next tick tries again.
                Err(e) => eprintln!("snooze waker: {e}"),
            }
        }
    });
}
