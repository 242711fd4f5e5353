//! `POST /api/v1/broadcasting/auth` (Laravel's channel authorization) and
//! Pusher's HTTP trigger API `POST /apps/{app_id}/events`.

use std::collections::{BTreeMap, HashMap};

use axum::body::Bytes;
use axum::extract::{FromRequest, Path, Query, Request, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::StatusCode;
use axum::Form;
use axum::Json;
use md5::{Digest, Md5};
use serde_json::{json, Value};

use super::auth::bearer;
use super::error::HttpError;
use crate::app_state::AppState;
use crate::channels::{classify, ChannelKind};
use crate::db::{users, writes};
use crate::pusher::signature::{channel_auth, verify};
use crate::pusher::socket::{valid_channel_name, valid_socket_id};

/// `socket_id` and `channel_name` from a form-encoded or a JSON body, as
/// Laravel reads both; anything unreadable is simply missing (a 403 later).
async fn auth_fields(request: Request, state: &AppState) -> HashMap<String, String> {
    let is_json = request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().contains("json"));
    if !is_json {
        return match Form::<HashMap<String, String>>::from_request(request, state).await {
            Ok(Form(fields)) => fields,
            Err(_) => HashMap::new(),
        };
    }
    match Json::<Value>::from_request(request, state).await {
        Ok(Json(Value::Object(fields))) => fields
            .into_iter()
            .filter_map(|(name, value)| match value {
                Value::String(s) => Some((name, s)),
                _ => None,
            })
            .collect(),
        _ => HashMap::new(),
    }
}

pub async fn authorize(
    State(state): State<AppState>,
    request: Request,
) -> Result<Json<Value>, HttpError> {
    // The token first, before the body is even read: whoever is not signed in
    // learns nothing else about the request (not even that its body is bad).
    let token = bearer(request.headers()).ok_or(HttpError::Unauthenticated)?;
    let (kind, user_id) =
        users::token_owner(&state.db.conn(), &token)?.ok_or(HttpError::Unauthenticated)?;
    let form = auth_fields(request, &state).await;
    let conn = state.db.conn();
    let forbidden = HttpError::Forbidden("Unauthorized");
    let socket_id = form
        .get("socket_id")
        .filter(|s| valid_socket_id(s))
        .ok_or(HttpError::Forbidden("Unauthorized"))?;
    let channel = form
        .get("channel_name")
        .filter(|c| valid_channel_name(c))
        .ok_or(HttpError::Forbidden("Unauthorized"))?;

    let breaks = state.breaks;
    let allowed = match (kind, classify(channel)) {
        (
            users::Kind::Admin,
            ChannelKind::Admin | ChannelKind::Ticket(_) | ChannelKind::TicketPresence(_),
        ) => true,
        // Contract v2: an admin's own channel, for that admin alone.
        (users::Kind::Admin, ChannelKind::AdminPrivate(id)) => {
            (id == user_id || breaks.admin_channel_any_admin)
                && state.contract.has_workspace()
                && !breaks.admin_channel_refused
        }
        (users::Kind::Customer, ChannelKind::Customer(id)) => id == user_id,
        (users::Kind::Customer, ChannelKind::Ticket(ticket)) => {
            breaks.customer_auth_lenient
                || writes::ticket_owner_and_status(&conn, ticket)?
                    .is_some_and(|(owner, _)| owner == user_id)
        }
        (users::Kind::Customer, ChannelKind::TicketPresence(_) | ChannelKind::AdminPrivate(_)) => {
            breaks.customer_auth_lenient
        }
        _ => false,
    };
    if !allowed {
        return Err(forbidden);
    }

    let app = &state.app;
    if channel.starts_with("presence-") {
        // Only admins get this far, but under `--break customer-auth-lenient`.
        let user =
            users::find(&conn, kind, user_id)?.ok_or(HttpError::Forbidden("Unauthorized"))?;
        let channel_data =
            // A string, as the contract and Pusher's docs say: sockudo refuses a number.
            json!({ "user_id": user.id.to_string(), "user_info": { "name": user.name } }).to_string();
        let auth = channel_auth(
            &app.key,
            &app.secret,
            socket_id,
            channel,
            Some(&channel_data),
        );
        return Ok(Json(json!({ "auth": auth, "channel_data": channel_data })));
    }
    Ok(Json(
        json!({ "auth": channel_auth(&app.key, &app.secret, socket_id, channel, None) }),
    ))
}

/// Pusher's HTTP API: signed with the app secret over method, path and the
/// sorted query; the body's MD5 is part of the query.
pub async fn trigger(
    State(state): State<AppState>,
    Path(app_id): Path<String>,
    Query(query): Query<BTreeMap<String, String>>,
    body: Bytes,
) -> Result<Json<Value>, (StatusCode, String)> {
    let unauthorized = |why: &str| (StatusCode::UNAUTHORIZED, why.to_string());
    if app_id != state.app.id {
        return Err((StatusCode::NOT_FOUND, "Unknown app".into()));
    }
    if query.get("auth_key") != Some(&state.app.key) {
        return Err(unauthorized("Unknown auth_key"));
    }
    let body_md5 = hex::encode(Md5::digest(&body));
    if query.get("body_md5") != Some(&body_md5) {
        return Err(unauthorized("body_md5 does not match the body"));
    }
    let timestamp: i64 = query
        .get("auth_timestamp")
        .and_then(|t| t.parse().ok())
        .ok_or_else(|| unauthorized("auth_timestamp is missing"))?;
    if (crate::clock::now_millis() / 1000 - timestamp).abs() > 600 {
        return Err(unauthorized(
            "auth_timestamp is more than 600 s away from the server's time",
        ));
    }
    let signature = query.get("auth_signature").cloned().unwrap_or_default();
    let signed_query = query
        .iter()
        .filter(|(k, _)| k.as_str() != "auth_signature")
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&");
    let payload = format!("POST\n/apps/{app_id}/events\n{signed_query}");
    if !verify(&state.app.secret, &payload, &signature) {
        return Err(unauthorized("Invalid signature"));
    }

    let bad = |why: &str| (StatusCode::BAD_REQUEST, why.to_string());
    let event: Value = serde_json::from_slice(&body).map_err(|_| bad("Body is not JSON"))?;
    let name = event
        .get("name")
        .and_then(Value::as_str)
        .ok_or_else(|| bad("name is required"))?;
    let data = match event.get("data") {
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => return Err(bad("data is required")),
    };
    if data.len() > crate::pusher::socket::MAX_MESSAGE_BYTES {
        return Err((StatusCode::PAYLOAD_TOO_LARGE, "data is over 10 KB".into()));
    }
    let channels: Vec<String> = match (event.get("channels"), event.get("channel")) {
        (Some(Value::Array(list)), _) => list
            .iter()
            .filter_map(|c| c.as_str().map(str::to_string))
            .collect(),
        (None, Some(Value::String(channel))) => vec![channel.clone()],
        _ => return Err(bad("channel or channels is required")),
    };
    if channels.is_empty()
        || channels.len() > 100
        || !channels.iter().all(|c| valid_channel_name(c))
    {
        return Err(bad("Invalid channels"));
    }
    let except = event.get("socket_id").and_then(Value::as_str);
    for channel in &channels {
        state
            .realtime
            .hub
            .broadcast(channel, name, &Value::String(data.clone()), except);
    }
    Ok(Json(json!({})))
}
