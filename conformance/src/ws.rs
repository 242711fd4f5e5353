//! A Pusher protocol 7 client, just enough to subscribe with real channel
//! auth and wait for events.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::net::TcpStream;
use tokio::time::Instant;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{connect_async, MaybeTlsStream, WebSocketStream};

use crate::api::{Api, Body};

/// How long an event may take to arrive.
pub const EVENT_WAIT: Duration = Duration::from_secs(5);

/// An event received on a channel, its `data` decoded from the JSON string.
#[derive(Clone, Debug)]
pub struct Event {
    pub event: String,
    pub channel: String,
    pub data: Value,
    /// `data` as it was on the wire, to tell a string from an object.
    pub raw_data: Value,
}

pub struct Socket {
    ws: WebSocketStream<MaybeTlsStream<TcpStream>>,
    pub socket_id: String,
    /// Events read while waiting for another one; later waits look here first.
    seen: Vec<Event>,
}

fn decode(frame: &Value) -> Option<Event> {
    let event = frame.get("event")?.as_str()?.to_string();
    let channel = frame
        .get("channel")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let raw_data = frame.get("data").cloned().unwrap_or(Value::Null);
    let data = match &raw_data {
        Value::String(s) => serde_json::from_str(s).unwrap_or(Value::String(s.clone())),
        other => other.clone(),
    };
    Some(Event {
        event,
        channel,
        data,
        raw_data,
    })
}

impl Socket {
    /// Connects and waits for `pusher:connection_established`.
    pub async fn connect(url: &str) -> Result<Socket, String> {
        let (ws, _) = tokio::time::timeout(EVENT_WAIT, connect_async(url))
            .await
            .map_err(|_| format!("{url}: no WebSocket handshake within 5 s"))?
            .map_err(|e| format!("{url}: {e}"))?;
        let mut socket = Socket {
            ws,
            socket_id: String::new(),
            seen: Vec::new(),
        };
        let established = socket
            .next_frame(Instant::now() + EVENT_WAIT)
            .await?
            .ok_or("no pusher:connection_established within 5 s")?;
        if established.event != "pusher:connection_established" {
            return Err(format!(
                "first frame is {} {}, not pusher:connection_established",
                established.event, established.raw_data
            ));
        }
        socket.socket_id = established
            .data
            .get("socket_id")
            .and_then(Value::as_str)
            .ok_or_else(|| format!("no socket_id in {}", established.raw_data))?
            .to_string();
        Ok(socket)
    }

    async fn send(&mut self, frame: Value) -> Result<(), String> {
        self.ws
            .send(Message::Text(frame.to_string().into()))
            .await
            .map_err(|e| format!("cannot send on the WebSocket: {e}"))
    }

    /// The next event frame, or None at the deadline. Pings are answered
    /// here, so a long wait never gets the socket closed.
    async fn next_frame(&mut self, deadline: Instant) -> Result<Option<Event>, String> {
        loop {
            let frame = match tokio::time::timeout_at(deadline, self.ws.next()).await {
                Err(_) => return Ok(None),
                Ok(None) => return Err("the server closed the WebSocket".into()),
                Ok(Some(Err(e))) => return Err(format!("WebSocket error: {e}")),
                Ok(Some(Ok(frame))) => frame,
            };
            let text = match frame {
                Message::Text(text) => text,
                Message::Close(close) => {
                    return Err(format!("the server closed the WebSocket: {close:?}"))
                }
                _ => continue,
            };
            let Some(event) = serde_json::from_str::<Value>(&text)
                .ok()
                .as_ref()
                .and_then(decode)
            else {
                return Err(format!("not a Pusher frame: {text:.200}"));
            };
            if event.event == "pusher:ping" {
                self.send(json!({ "event": "pusher:pong", "data": {} }))
                    .await?;
                continue;
            }
            return Ok(Some(event));
        }
    }

    /// The first event (seen before or arriving within `wait`) that matches.
    pub async fn wait_for(
        &mut self,
        wait: Duration,
        matches: impl Fn(&Event) -> bool,
    ) -> Result<Option<Event>, String> {
        if let Some(i) = self.seen.iter().position(&matches) {
            return Ok(Some(self.seen.remove(i)));
        }
        let deadline = Instant::now() + wait;
        while let Some(event) = self.next_frame(deadline).await? {
            if matches(&event) {
                return Ok(Some(event));
            }
            self.seen.push(event);
        }
        Ok(None)
    }

    /// Forgets the events already received that `matches`: a check that
    /// waits for a fresh event is not answered by an old one.
    pub fn forget(&mut self, matches: impl Fn(&Event) -> bool) {
        self.seen.retain(|e| !matches(e));
    }

    /// Authorizes through the backend's auth endpoint as `token`, then
    /// subscribes and waits for the server's answer.
    pub async fn subscribe(&mut self, api: &Api, token: &str, channel: &str) -> Result<(), String> {
        let answer = api
            .call(
                reqwest::Method::POST,
                "/api/v1/broadcasting/auth",
                Some(token),
                &[],
                Body::Form(vec![
                    ("socket_id".into(), self.socket_id.clone()),
                    ("channel_name".into(), channel.into()),
                ]),
            )
            .await?;
        answer
            .expect(200)
            .map_err(|e| format!("auth for {channel}: {e}"))?;
        let auth = answer
            .json
            .get("auth")
            .and_then(Value::as_str)
            .ok_or_else(|| format!("auth for {channel}: no auth in {answer}"))?;
        let mut data = json!({ "channel": channel, "auth": auth });
        if let Some(channel_data) = answer.json.get("channel_data") {
            data["channel_data"] = channel_data.clone();
        }
        self.send(json!({ "event": "pusher:subscribe", "data": data }))
            .await?;
        let answer = self
            .wait_for(EVENT_WAIT, |e| {
                (e.event == "pusher_internal:subscription_succeeded" && e.channel == channel)
                    || e.event == "pusher:subscription_error"
                    || e.event == "pusher:error"
            })
            .await?
            .ok_or_else(|| format!("no answer to subscribing to {channel} within 5 s"))?;
        if answer.event == "pusher_internal:subscription_succeeded" {
            Ok(())
        } else {
            Err(format!(
                "subscribing to {channel}: {} {}",
                answer.event, answer.raw_data
            ))
        }
    }
}
