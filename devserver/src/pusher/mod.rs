//! A Pusher protocol 7 server that behaves like Laravel Reverb: the WebSocket
//! endpoint, channel authorization and broadcasting.

pub mod hub;
pub mod publisher;
pub mod signature;
pub mod socket;

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Path, State, WebSocketUpgrade};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use crate::cli::Breaks;
use crate::faults::Faults;
use hub::Hub;
use publisher::{Publisher, Trigger};

/// The Reverb application this server pretends to be.
#[derive(Clone, Debug)]
pub struct AppCredentials {
    pub id: String,
    pub key: String,
    pub secret: String,
}

pub struct Realtime {
    pub hub: Hub,
    pub app: Arc<AppCredentials>,
    pub activity_timeout: Duration,
    pub faults: Arc<Faults>,
    /// With `--broadcast-to`: events go to that Pusher server, not the hub.
    pub publisher: Option<Publisher>,
    pub breaks: Breaks,
}

impl Realtime {
    /// Every broadcast of the server goes through here: one event on its
    /// channels, `data` as a JSON string as Laravel sends it, `except` the
    /// sender's socket (`toOthers()`). Honours the injected broadcast latency.
    pub fn broadcast(
        self: &Arc<Self>,
        channels: Vec<String>,
        event: &'static str,
        mut payload: Value,
        except: Option<String>,
    ) {
        if self.breaks.drop_ticket_id && event == "message.sent" {
            if let Some(fields) = payload.as_object_mut() {
                fields.remove("ticket_id");
            }
        }
        let trigger = Trigger {
            channels,
            name: event,
            data: payload.to_string(),
            socket_id: except,
        };
        let delay = self.faults.broadcast_latency();
        if delay.is_zero() {
            self.deliver(trigger);
            return;
        }
        let realtime = Arc::clone(self);
        tokio::spawn(async move {
            tokio::time::sleep(delay).await;
            realtime.deliver(trigger);
        });
    }

    fn deliver(&self, mut trigger: Trigger) {
        let Some(publisher) = &self.publisher else {
            let data = Value::String(trigger.data);
            for channel in &trigger.channels {
                self.hub
                    .broadcast(channel, trigger.name, &data, trigger.socket_id.as_deref());
            }
            return;
        };
        // A Pusher server refuses the whole trigger for a malformed
        // socket_id (Laravel's Pusher library throws before sending), so a
        // bad X-Socket-ID only loses the exclusion, never the event.
        if trigger
            .socket_id
            .as_deref()
            .is_some_and(|s| !socket::valid_socket_id(s))
        {
            trigger.socket_id = None;
        }
        publisher.publish(trigger);
    }
}

/// `GET /app/{key}`: the WebSocket endpoint.
pub async fn websocket(
    State(realtime): State<Arc<Realtime>>,
    Path(key): Path<String>,
    upgrade: WebSocketUpgrade,
) -> Response {
    if realtime.faults.refusing_websockets() {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "WebSocket connections refused (fault injection)",
        )
            .into_response();
    }
    if key != realtime.app.key {
        return upgrade.on_upgrade(socket::refuse_unknown_app);
    }
    upgrade.on_upgrade(move |ws| socket::serve(ws, realtime))
}
