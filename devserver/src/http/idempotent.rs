//! `Idempotency-Key` on admin writes (contract v2): replies and notes, and
//! v3's merge. The first successful answer is stored with the write, in one transaction, and
//! a repeat answers it again instead of writing.

use axum::http::{HeaderMap, StatusCode};
use rusqlite::Connection;
use serde::Serialize;
use serde_json::{json, Value};

use super::auth::SignedInAdmin;
use super::error::HttpError;
use super::signed::Audience;
use crate::app_state::AppState;
use crate::clock::now_millis;
use crate::db::idempotency::{self, Stored};

/// An admin's `Idempotency-Key` for one write.
pub struct Idempotency {
    pub admin_id: i64,
    /// The asking token: a replayed answer's URLs are signed for it.
    pub token_id: i64,
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
    auth: &SignedInAdmin,
) -> Result<Option<Idempotency>, HttpError> {
    if !state.contract.has_workspace() {
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
        admin_id: auth.admin.id,
        token_id: auth.token_id,
        key: key.to_string(),
    }))
}

/// The first answer given for this key, again (URLs signed afresh, for the
/// token asking now); a 422
/// when the key was first used for another request. The scope names the
/// write and its ticket (`messages:12`, `notes:12`), so a reply's key reused
/// for a note, or on another ticket, is refused rather than replayed.
fn replay(
    state: &AppState,
    stored: Stored,
    scope: &str,
    token_id: i64,
) -> Result<(StatusCode, Value), HttpError> {
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
    Ok((
        status,
        state.with_signed_urls(body, Audience::Session(token_id)),
    ))
}

/// The stored answer for a key seen before. Called before any validation:
/// the first attempt's answer stands even if, say, the ticket has been
/// closed since.
pub fn replayed(
    state: &AppState,
    idempotency: Option<&Idempotency>,
    scope: &str,
) -> Result<Option<(StatusCode, Value)>, HttpError> {
    let Some(idem) = idempotency else {
        return Ok(None);
    };
    let stored = idempotency::find(&state.db.conn(), idem.admin_id, &idem.key, now_millis())?;
    stored
        .map(|s| replay(state, s, scope, idem.token_id))
        .transpose()
}

/// What `write_once` did.
pub enum Written<T> {
    /// A twin request with the same key wrote first: its answer.
    Replay(StatusCode, Value),
    /// Written now; the answer `201 {data: T}` is remembered under the key.
    New(T),
}

/// Runs `write` in a transaction and, with a key, remembers its `201
/// {data}` answer in the same transaction: if the answer is lost after this
/// (a dropped connection, the `after_handling` fault), the retry finds it and
/// nothing is written twice.
pub fn write_once<T: Serialize>(
    state: &AppState,
    idempotency: Option<&Idempotency>,
    scope: &str,
    write: impl FnOnce(&Connection) -> Result<T, HttpError>,
) -> Result<Written<T>, HttpError> {
    write_once_as(state, idempotency, scope, StatusCode::CREATED, write)
}

/// `write_once` for a write whose answer is `status {data}` (a merge
/// answers 200, not 201).
pub fn write_once_as<T: Serialize>(
    state: &AppState,
    idempotency: Option<&Idempotency>,
    scope: &str,
    status: StatusCode,
    write: impl FnOnce(&Connection) -> Result<T, HttpError>,
) -> Result<Written<T>, HttpError> {
    let mut conn = state.db.conn();
    let tx = conn.transaction()?;
    if let Some(idem) = idempotency {
        // Again under the lock: a twin request with the same key may have
        // written since the first look.
        if let Some(stored) = idempotency::find(&tx, idem.admin_id, &idem.key, now_millis())? {
            let (status, body) = replay(state, stored, scope, idem.token_id)?;
            return Ok(Written::Replay(status, body));
        }
    }
    let written = write(&tx)?;
    if let Some(idem) = idempotency {
        let stored = Stored {
            scope: scope.to_string(),
            status: status.as_u16(),
            body: json!({ "data": written }).to_string(),
        };
        idempotency::remember(&tx, idem.admin_id, &idem.key, &stored, now_millis())?;
    }
    tx.commit()?;
    Ok(Written::New(written))
}
