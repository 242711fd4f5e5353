//! A Pusher protocol 7 server that behaves like Laravel Reverb: the WebSocket
//! endpoint, channel authorization and broadcasting.

pub mod hub;
pub mod signature;
pub mod socket;

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Path, State, WebSocketUpgrade};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use crate::faults::Faults;
use crate::http::{AppCredentials, AppState};
use hub::Hub;

pub struct Realtime {
    pub hub: Hub,
    pub app: Arc<AppCredentials>,
    pub activity_timeout: Duration,
    pub faults: Arc<Faults>,
}

impl Realtime {
    /// Broadcasts as Laravel does (`data` as a JSON string), honouring the
    /// injected broadcast latency.
    pub fn broadcast(
        self: &Arc<Self>,
        channel: String,
        event: &'static str,
        payload: Value,
        except: Option<String>,
    ) {
        let delay = self.faults.broadcast_latency();
        if delay.is_zero() {
            self.hub.broadcast(
                &channel,
                event,
                &Value::String(payload.to_string()),
                except.as_deref(),
            );
            return;
        }
        let realtime = Arc::clone(self);
        tokio::spawn(async move {
            tokio::time::sleep(delay).await;
            realtime.hub.broadcast(
                &channel,
                event,
                &Value::String(payload.to_string()),
                except.as_deref(),
            );
        });
    }
}

/// `GET /app/{key}`: the WebSocket endpoint.
pub async fn websocket(
    State(state): State<AppState>,
    Path(key): Path<String>,
    upgrade: WebSocketUpgrade,
) -> Response {
    if state.faults.refusing_websockets() {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "WebSocket connections refused (fault injection)",
        )
            .into_response();
    }
    let realtime = Arc::clone(&state.realtime);
    if key != realtime.app.key {
        return upgrade.on_upgrade(socket::refuse_unknown_app);
    }
    upgrade.on_upgrade(move |ws| socket::serve(ws, realtime))
}
