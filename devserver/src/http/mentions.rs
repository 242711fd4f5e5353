//! `GET /admin/mentions` and `POST /admin/mentions/{id}/read` (contract v3
//! `mentions_list`): the signed-in admin's mentions, in the same paginator
//! as the ticket list.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::Json;
use serde_json::Value;

use super::admin::{paginator, ListUrl};
use super::auth::SignedInAdmin;
use super::error::HttpError;
use super::ids::Id;
use super::signed::Audience;
use crate::app_state::AppState;
use crate::db::mentions::{self, MentionQuery};

/// Laravel's `boolean` in a query string: `1`/`true` and `0`/`false`.
fn flag(params: &HashMap<String, String>, name: &'static str) -> Result<bool, HttpError> {
    match params.get(name).map(String::as_str) {
        None | Some("") | Some("0") | Some("false") => Ok(false),
        Some("1") | Some("true") => Ok(true),
        Some(_) => Err(HttpError::invalid(
            name,
            format!("El campo {name} debe ser verdadero o falso."),
        )),
    }
}

fn number(
    params: &HashMap<String, String>,
    name: &'static str,
    default: u32,
    max: u32,
) -> Result<u32, HttpError> {
    match params.get(name).filter(|v| !v.is_empty()) {
        None => Ok(default),
        Some(v) => v
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=max).contains(n))
            .ok_or_else(|| {
                HttpError::invalid(name, format!("El campo {name} debe estar entre 1 y {max}."))
            }),
    }
}

/// `GET /admin/mentions?unread=1`: newest first, the signed-in admin's only.
pub async fn list(
    State(state): State<AppState>,
    auth: SignedInAdmin,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Json<Value>, HttpError> {
    let query = MentionQuery {
        admin_id: (!state.breaks.mentions_of_others).then_some(auth.admin.id),
        unread_only: flag(&params, "unread")?,
        page: number(&params, "page", 1, u32::MAX)?,
        per_page: number(&params, "per_page", 50, 100)?,
    };
    let (rows, total) = mentions::list(&state.db.conn(), query)?;
    let url = ListUrl {
        path: "/api/v1/admin/mentions",
        params: &params,
    };
    let page = paginator(rows, total, query.page, query.per_page, &url);
    Ok(Json(state.with_signed_urls(
        state.paginated(page),
        Audience::Session(auth.token_id),
    )))
}

/// `POST /admin/mentions/{id}/read` → 204; another admin's mention is a 404.
pub async fn read(
    State(state): State<AppState>,
    auth: SignedInAdmin,
    Id(id): Id,
) -> Result<StatusCode, HttpError> {
    if mentions::mark_read(&state.db.conn(), auth.admin.id, id)? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(HttpError::NotFound)
    }
}
