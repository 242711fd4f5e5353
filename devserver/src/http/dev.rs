//! `/__dev/…`: fault injection and benchmark fixtures, mounted only with
//! `--dev-faults`.

use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use super::error::HttpError;
use super::signed::Audience;
use crate::app_state::AppState;
use crate::demo::bench::{self, FixtureError};
use crate::faults::RestFailure;

pub async fn drop_websockets(State(state): State<AppState>) -> Json<Value> {
    Json(json!({ "dropped": state.realtime.hub.drop_all() }))
}

#[derive(Deserialize)]
pub struct Refuse {
    seconds: f64,
}

pub async fn refuse_websockets(
    State(state): State<AppState>,
    Json(body): Json<Refuse>,
) -> Result<Json<Value>, HttpError> {
    if !(0.0..=3600.0).contains(&body.seconds) {
        return Err(HttpError::invalid(
            "seconds",
            "seconds must be between 0 and 3600",
        ));
    }
    state
        .faults
        .refuse_websockets_for(Duration::from_secs_f64(body.seconds));
    Ok(Json(json!({ "refusing_for_seconds": body.seconds })))
}

#[derive(Deserialize)]
pub struct FailRest {
    count: u32,
    #[serde(default = "server_error")]
    status: u16,
    #[serde(default)]
    method: Option<String>,
    #[serde(default)]
    path_contains: Option<String>,
    #[serde(default)]
    after_handling: bool,
}

fn server_error() -> u16 {
    500
}

pub async fn fail_rest(
    State(state): State<AppState>,
    Json(body): Json<FailRest>,
) -> Result<Json<Value>, HttpError> {
    if StatusCode::from_u16(body.status)
        .map_or(true, |s| !(s.is_client_error() || s.is_server_error()))
    {
        return Err(HttpError::invalid(
            "status",
            "status must be a 4xx or 5xx code",
        ));
    }
    state.faults.fail_next_rest_calls(RestFailure {
        count: body.count,
        status: body.status,
        method: body.method.clone(),
        path_contains: body.path_contains.clone(),
        after_handling: body.after_handling,
    });
    Ok(Json(json!({
        "failing_next": body.count,
        "status": body.status,
        "method": body.method,
        "path_contains": body.path_contains,
        "after_handling": body.after_handling,
    })))
}

#[derive(Deserialize)]
pub struct Latency {
    #[serde(default)]
    rest_ms: Option<u64>,
    #[serde(default)]
    broadcast_ms: Option<u64>,
}

pub async fn latency(State(state): State<AppState>, Json(body): Json<Latency>) -> Json<Value> {
    if let Some(ms) = body.rest_ms {
        state
            .faults
            .set_rest_latency(Duration::from_millis(ms.min(60_000)));
    }
    if let Some(ms) = body.broadcast_ms {
        state
            .faults
            .set_broadcast_latency(Duration::from_millis(ms.min(60_000)));
    }
    Json(json!({
        "rest_ms": state.faults.rest_latency().as_millis() as u64,
        "broadcast_ms": state.faults.broadcast_latency().as_millis() as u64,
    }))
}

#[derive(Deserialize)]
pub struct BulkRefuse {
    ids: Vec<i64>,
}

/// Bulk changes refuse these tickets (each lands in the answer's `errors`)
/// until called again; `{"ids": []}` turns it off.
pub async fn refuse_in_bulk(
    State(state): State<AppState>,
    Json(body): Json<BulkRefuse>,
) -> Json<Value> {
    Json(json!({ "refusing": state.faults.refuse_in_bulk(body.ids) }))
}

impl From<FixtureError> for HttpError {
    fn from(error: FixtureError) -> Self {
        match error {
            FixtureError::NoCustomers => HttpError::invalid("messages", error.to_string()),
            FixtureError::UnknownTicket(_) => HttpError::NotFound,
            FixtureError::Sqlite(error) => HttpError::from(error),
        }
    }
}

/// A count of messages for a fixture: from 1 to `bench::MAX_MESSAGES`.
fn message_count(field: &'static str, count: usize) -> Result<usize, HttpError> {
    if (1..=bench::MAX_MESSAGES).contains(&count) {
        Ok(count)
    } else {
        Err(HttpError::invalid(
            field,
            format!("{field} must be from 1 to {}", bench::MAX_MESSAGES),
        ))
    }
}

#[derive(Deserialize)]
pub struct BenchThread {
    messages: usize,
}

/// `{"messages": N}`: a new open ticket whose thread has N messages over
/// several days, written in one transaction.
pub async fn bench_thread(
    State(state): State<AppState>,
    Json(body): Json<BenchThread>,
) -> Result<Json<Value>, HttpError> {
    let messages = message_count("messages", body.messages)?;
    let thread = bench::create_thread(&mut state.db.conn(), messages)?;
    Ok(Json(json!({
        "ticket_id": thread.ticket_id,
        "customer_id": thread.customer_id,
        "messages": messages,
        "newest_message_id": thread.newest_message_id,
    })))
}

#[derive(Deserialize)]
pub struct BenchMessages {
    ticket_id: i64,
    count: usize,
}

/// `{"ticket_id": T, "count": N}`: stores N new customer messages in the
/// ticket and answers the `message.sent` broadcasts a customer's message
/// makes (channels and payloads, exactly as `customer::send` sends them),
/// without sending them: the benchmark triggers them through the Pusher
/// HTTP API at its own rate. Stored first, so a catch-up finds them too.
pub async fn bench_messages(
    State(state): State<AppState>,
    Json(body): Json<BenchMessages>,
) -> Result<Json<Value>, HttpError> {
    let count = message_count("count", body.count)?;
    let conn = &mut state.db.conn();
    let (ids, customer_id) = bench::add_customer_messages(conn, body.ticket_id, count)?;
    let view = state.admin_view();
    let mut payloads = Vec::with_capacity(ids.len());
    for id in ids {
        let message = crate::db::tickets::message(conn, body.ticket_id, id, view)?
            .ok_or_else(|| HttpError::Internal(format!("message {id} vanished")))?;
        payloads.push(state.with_signed_urls(
            json!({ "message": message, "ticket_id": body.ticket_id }),
            Audience::Broadcast,
        ));
    }
    Ok(Json(json!({
        "event": "message.sent",
        "channels": state.channels.message_sent(body.ticket_id, customer_id, false),
        "payloads": payloads,
    })))
}

/// Refuses anything but `Content-Type: application/json` with a 415, before
/// the handler runs (`ws/drop` takes no body, so its extractor would not).
pub async fn json_only(request: Request, next: Next) -> Response {
    let is_json = request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("application/json"));
    if !is_json {
        return HttpError::UnsupportedMediaType.into_response();
    }
    next.run(request).await
}

/// Applies injected latency and failures to the REST API.
pub async fn rest_faults(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let latency = state.faults.rest_latency();
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let failure = state
        .faults
        .take_rest_failure(request.method().as_str(), request.uri().path());
    let Some(failure) = failure else {
        return next.run(request).await;
    };
    if failure.after_handling {
        let _lost = next.run(request).await;
    }
    let status = StatusCode::from_u16(failure.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    HttpError::Injected(status).into_response()
}
