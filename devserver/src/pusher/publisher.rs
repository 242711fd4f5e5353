//! Broadcasting as Laravel's `pusher` driver does: every event is POSTed to
//! an external Pusher server's HTTP API (`/apps/{id}/events`, signed with the
//! app secret), which then delivers it to the WebSocket clients.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::{json, Value};
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver, UnboundedSender};

use crate::cli::BroadcastTarget;
use crate::pusher::signature::signed_trigger_query;

/// One trigger: one event on one or more channels.
#[derive(Debug)]
pub struct Trigger {
    pub channels: Vec<String>,
    pub name: &'static str,
    /// The payload as a JSON string, as Laravel sends it.
    pub data: String,
    /// The sender's socket, excluded by the Pusher server (`toOthers()`).
    pub socket_id: Option<String>,
}

impl Trigger {
    /// The request body of Pusher's HTTP API.
    pub fn body(&self) -> Value {
        let mut body = json!({ "name": self.name, "channels": self.channels, "data": self.data });
        if let Some(socket_id) = &self.socket_id {
            body["socket_id"] = Value::String(socket_id.clone());
        }
        body
    }
}

#[derive(Debug)]
pub enum PublishError {
    /// No answer: the server is down, refused, or too slow.
    Network(reqwest::Error),
    /// The server answered, but not 2xx (bad signature, unknown app, …).
    Refused { status: u16, body: String },
}

impl fmt::Display for PublishError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PublishError::Network(e) => write!(f, "no answer: {e}"),
            PublishError::Refused { status, body } => write!(f, "answered {status}: {body:.200}"),
        }
    }
}

/// A handle to the background task that publishes triggers in order.
///
/// Handlers only enqueue, so a slow or absent Pusher server never holds up
/// an API answer; one task sending one request at a time keeps the order in
/// which events were made, which clients rely on per channel (a message
/// before the status change that followed it).
#[derive(Clone)]
pub struct Publisher {
    queue: UnboundedSender<Trigger>,
}

/// How long one request may take before it counts as failed, so one hung
/// request cannot stall every later event for long.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(5);

impl Publisher {
    /// Starts the publishing task; must be called inside the Tokio runtime.
    pub fn start(target: BroadcastTarget) -> Publisher {
        let (queue, rx) = unbounded_channel();
        tokio::spawn(run(target, rx));
        Publisher { queue }
    }

    pub fn publish(&self, trigger: Trigger) {
        // Fails only once the task has stopped, i.e. while shutting down.
        if let Err(lost) = self.queue.send(trigger) {
            eprintln!(
                "devserver: broadcast {} not published: the publisher has stopped",
                lost.0.name
            );
        }
    }
}

async fn run(target: BroadcastTarget, mut rx: UnboundedReceiver<Trigger>) {
    let client = match reqwest::Client::builder().timeout(REQUEST_TIMEOUT).build() {
        Ok(client) => client,
        Err(e) => {
            eprintln!("devserver: cannot build the HTTP client for --broadcast-to: {e}");
            return;
        }
    };
    while let Some(trigger) = rx.recv().await {
        // A failure is logged and the queue goes on: the event is lost for
        // live clients (as with Laravel's sync driver), who catch up from
        // the REST API on their next fetch.
        if let Err(error) = send(&client, &target, &trigger).await {
            eprintln!(
                "devserver: broadcast {} to {} via {} failed: {error}",
                trigger.name,
                trigger.channels.join(", "),
                target.base
            );
        }
    }
}

async fn send(
    client: &reqwest::Client,
    target: &BroadcastTarget,
    trigger: &Trigger,
) -> Result<(), PublishError> {
    let body = trigger.body().to_string();
    let timestamp = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let query = signed_trigger_query(
        &target.app_id,
        &target.key,
        &target.secret,
        body.as_bytes(),
        timestamp,
    );
    let url = format!("{}/apps/{}/events?{query}", target.base, target.app_id);
    let response = client
        .post(url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .body(body)
        .send()
        .await
        .map_err(PublishError::Network)?;
    let status = response.status();
    if status.is_success() {
        return Ok(());
    }
    let body = response.text().await.unwrap_or_default();
    Err(PublishError::Refused {
        status: status.as_u16(),
        body,
    })
}
