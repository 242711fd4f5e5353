//! The native shell around Mesa's realtime core: the same pure
//! [`Connection`] the panel runs in the browser, driven here by tokio, a
//! tokio-tungstenite socket, tokio timers and a reqwest `/broadcasting/auth`.
//!
//! Like `src/realtime/browser.rs` it decides nothing: socket, timer and HTTP
//! happenings become [`Input`]s, [`Effect`]s become socket writes, timers and
//! requests, and the [`Event`]s the machine emits are handed to the caller.
//! Whatever the machine would do in the panel (jittered backoff, re-auth on a
//! new socket, `Resubscribed` once every channel is back) it does here too.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use mesa::realtime::{AuthFailure, Connection, Effect, Event, Input, TimerId};
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver, UnboundedSender};
use tokio::task::AbortHandle;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::Message;

/// Where one client connects and authorizes, and as whom.
#[derive(Clone, Debug)]
pub struct Endpoints {
    /// `ws://host:port/app/KEY?protocol=7…`, as the panel builds it.
    pub socket_url: String,
    /// The backend's `/broadcasting/auth`.
    pub auth_url: String,
    /// The admin's bearer token.
    pub token: String,
}

/// What the shell reports besides the machine's events, for whoever counts
/// load (the storm). Every method has a do-nothing default.
pub trait Tally: Send + Sync {
    fn socket_opening(&self) {}
    fn auth_requested(&self) {}
}

/// Counts nothing.
pub struct NoTally;
impl Tally for NoTally {}

/// Inputs as they reach the shell. Socket happenings carry the socket's
/// generation: the machine expects nothing from a socket it let go of.
enum Fed {
    Input(Input),
    Socket { generation: u64, input: Input },
}

/// A handle to dispatch inputs (connect, subscribe, …) into a running shell.
#[derive(Clone)]
pub struct ShellHandle {
    feed: UnboundedSender<Fed>,
}

impl ShellHandle {
    pub fn dispatch(&self, input: Input) {
        // A shell that ended has nothing left to tell.
        let _ = self.feed.send(Fed::Input(input));
    }
}

pub struct NativeShell {
    machine: Connection,
    endpoints: Arc<Endpoints>,
    http: reqwest::Client,
    tally: Arc<dyn Tally>,
    feed: UnboundedSender<Fed>,
    inputs: UnboundedReceiver<Fed>,
    /// The open socket's outgoing queue; dropping it closes the socket.
    socket: Option<UnboundedSender<Message>>,
    generation: u64,
    timers: HashMap<TimerId, AbortHandle>,
}

impl Drop for NativeShell {
    fn drop(&mut self) {
        for (_, timer) in self.timers.drain() {
            timer.abort();
        }
    }
}

impl NativeShell {
    /// `seed` drives the reconnect jitter, as the panel's random seed does.
    pub fn new(
        seed: u64,
        endpoints: Arc<Endpoints>,
        http: reqwest::Client,
        tally: Arc<dyn Tally>,
    ) -> Self {
        let (feed, inputs) = unbounded_channel();
        NativeShell {
            machine: Connection::new(seed),
            endpoints,
            http,
            tally,
            feed,
            inputs,
            socket: None,
            generation: 0,
            timers: HashMap::new(),
        }
    }

    pub fn handle(&self) -> ShellHandle {
        ShellHandle {
            feed: self.feed.clone(),
        }
    }

    pub fn machine(&self) -> &Connection {
        &self.machine
    }

    /// Waits for the next input, steps the machine with it, carries out the
    /// effects and returns the events it emitted (often none). Never ends:
    /// the shell holds a sender of its own queue.
    pub async fn next_events(&mut self) -> Vec<Event> {
        loop {
            let Some(fed) = self.inputs.recv().await else {
                return Vec::new();
            };
            let input = match fed {
                Fed::Input(input) => input,
                Fed::Socket { generation, input } if generation == self.generation => input,
                Fed::Socket { .. } => continue,
            };
            let mut events = Vec::new();
            for effect in self.machine.step(input) {
                self.execute(effect, &mut events);
            }
            return events;
        }
    }

    fn execute(&mut self, effect: Effect, events: &mut Vec<Event>) {
        match effect {
            Effect::Emit(event) => events.push(event),
            Effect::OpenSocket => self.open_socket(),
            Effect::CloseSocket { code } => {
                if let Some(socket) = self.socket.take() {
                    self.generation += 1;
                    let frame = CloseFrame {
                        code: CloseCode::from(code),
                        reason: "".into(),
                    };
                    let _ = socket.send(Message::Close(Some(frame)));
                }
            }
            Effect::Send(text) => {
                if let Some(socket) = &self.socket {
                    let _ = socket.send(Message::text(text));
                }
            }
            Effect::StartTimer { timer, after_ms } => {
                let feed = self.feed.clone();
                let task = tokio::spawn(async move {
                    tokio::time::sleep(Duration::from_millis(u64::from(after_ms))).await;
                    let _ = feed.send(Fed::Input(Input::TimerFired(timer)));
                });
                self.timers.insert(timer, task.abort_handle());
            }
            Effect::CancelTimer { timer } => {
                if let Some(task) = self.timers.remove(&timer) {
                    task.abort();
                }
            }
            Effect::RequestAuth { channel, socket_id } => self.authorize(channel, socket_id),
        }
    }

    fn open_socket(&mut self) {
        self.generation += 1;
        let generation = self.generation;
        let (outgoing, queue) = unbounded_channel();
        self.socket = Some(outgoing);
        self.tally.socket_opening();
        tokio::spawn(run_socket(
            self.endpoints.socket_url.clone(),
            generation,
            self.feed.clone(),
            queue,
        ));
    }

    fn authorize(&self, channel: String, socket_id: String) {
        self.tally.auth_requested();
        let feed = self.feed.clone();
        let http = self.http.clone();
        let endpoints = Arc::clone(&self.endpoints);
        tokio::spawn(async move {
            let input = match request_auth(&http, &endpoints, &socket_id, &channel).await {
                Ok((auth, channel_data)) => Input::AuthAnswered {
                    channel,
                    socket_id,
                    auth,
                    channel_data,
                },
                Err(reason) => Input::AuthFailed {
                    channel,
                    socket_id,
                    reason,
                },
            };
            let _ = feed.send(Fed::Input(input));
        });
    }
}

/// One socket's life: connect, report it open, relay frames both ways, and
/// report how it closed. Ends when the shell drops the outgoing queue.
async fn run_socket(
    url: String,
    generation: u64,
    feed: UnboundedSender<Fed>,
    mut outgoing: UnboundedReceiver<Message>,
) {
    let report = |input| {
        let _ = feed.send(Fed::Socket { generation, input });
    };
    let connecting = tokio_tungstenite::connect_async(&url);
    tokio::pin!(connecting);
    let mut socket = loop {
        tokio::select! {
            opened = &mut connecting => match opened {
                Ok((socket, _response)) => break socket,
                Err(_) => {
                    // As a browser reports a socket that never opened: a close without a code.
                    report(Input::SocketClosed { code: None });
                    return;
                }
            },
            // The machine gave up on this socket (its handshake timer) before it opened.
            message = outgoing.recv() => if message.is_none() {
                return;
            },
        }
    };
    report(Input::SocketOpened);
    loop {
        tokio::select! {
            frame = socket.next() => match frame {
                Some(Ok(Message::Text(text))) => report(Input::SocketMessage(text.to_string())),
                Some(Ok(Message::Close(frame))) => {
                    report(Input::SocketClosed { code: frame.map(|f| u16::from(f.code)) });
                    return;
                }
                // Pusher speaks text frames; pings are answered by tungstenite.
                Some(Ok(_)) => {}
                // Reset or EOF without a close frame: what a killed node looks like (1006 in a browser).
                Some(Err(_)) | None => {
                    report(Input::SocketClosed { code: None });
                    return;
                }
            },
            message = outgoing.recv() => match message {
                Some(message) => {
                    let closing = matches!(message, Message::Close(_));
                    if socket.send(message).await.is_err() || closing {
                        return;
                    }
                }
                None => {
                    let _ = socket.close(None).await;
                    return;
                }
            },
        }
    }
}

/// Laravel's `/broadcasting/auth`, as the panel's `ApiClient::authorize_channel`
/// calls it: form-encoded, under the bearer token. The answer is untrusted:
/// anything but `{"auth": "…"}` with a 2xx is a typed failure.
async fn request_auth(
    http: &reqwest::Client,
    endpoints: &Endpoints,
    socket_id: &str,
    channel: &str,
) -> Result<(String, Option<String>), AuthFailure> {
    let response = http
        .post(&endpoints.auth_url)
        .bearer_auth(&endpoints.token)
        .header("Accept", "application/json")
        .form(&[("socket_id", socket_id), ("channel_name", channel)])
        .send()
        .await
        .map_err(|_| AuthFailure::Network)?;
    let status = response.status().as_u16();
    let body = response.text().await.map_err(|_| AuthFailure::Network)?;
    match status {
        401 => return Err(AuthFailure::Unauthorized),
        403 => return Err(AuthFailure::Forbidden),
        200..=299 => {}
        other => return Err(AuthFailure::Other(format!("status {other}"))),
    }
    read_auth_answer(&body).map_err(AuthFailure::Other)
}

/// `{"auth": "key:signature", "channel_data": "…"?}`.
pub fn read_auth_answer(body: &str) -> Result<(String, Option<String>), String> {
    let value: serde_json::Value =
        serde_json::from_str(body).map_err(|e| format!("auth answer is not JSON: {e}"))?;
    let auth = value
        .get("auth")
        .and_then(|a| a.as_str())
        .ok_or("auth answer has no \"auth\" string")?
        .to_string();
    let channel_data = match value.get("channel_data") {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::String(data)) => Some(data.clone()),
        Some(_) => return Err("auth answer's \"channel_data\" is not a string".into()),
    };
    Ok((auth, channel_data))
}

#[cfg(test)]
mod tests {
    use super::read_auth_answer;

    #[test]
    fn an_auth_answer_is_read_or_refused_with_the_reason() {
        assert_eq!(
            read_auth_answer(r#"{"auth":"k:s"}"#),
            Ok(("k:s".to_string(), None))
        );
        assert_eq!(
            read_auth_answer(r#"{"auth":"k:s","channel_data":"{\"user_id\":1}"}"#),
            Ok(("k:s".to_string(), Some(r#"{"user_id":1}"#.to_string())))
        );
        assert!(read_auth_answer("<html>").is_err());
        assert!(read_auth_answer(r#"{"auth":1}"#).is_err());
        assert!(read_auth_answer(r#"{"auth":"k:s","channel_data":{}}"#).is_err());
    }
}
