//! One WebSocket connection speaking Pusher protocol 7, the way Reverb does.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::ws::{CloseFrame, Message, WebSocket};
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::time::{sleep_until, Instant};

use super::hub::{frame, Member, Outgoing};
use super::signature::verify_channel_auth;
use super::Realtime;

/// Reverb's default limit; larger frames are refused, not processed.
pub const MAX_MESSAGE_BYTES: usize = 10 * 1024;

/// Pusher error codes used here.
mod code {
    pub const APP_DOES_NOT_EXIST: u16 = 4001;
    pub const UNAUTHORIZED: u16 = 4009;
    pub const INVALID_MESSAGE: u16 = 4200;
    pub const PONG_NOT_RECEIVED: u16 = 4201;
    pub const CLIENT_EVENT_REJECTED: u16 = 4301;
}

fn error_frame(code: u16, message: &str) -> String {
    frame(
        "pusher:error",
        None,
        &json!({ "code": code, "message": message }),
    )
}

/// Refuses a connection for an unknown app key, as Reverb does: an error frame, then close.
pub async fn refuse_unknown_app(mut socket: WebSocket) {
    let _ = socket
        .send(Message::Text(
            error_frame(code::APP_DOES_NOT_EXIST, "Application does not exist").into(),
        ))
        .await;
    let _ = socket
        .send(Message::Close(Some(CloseFrame {
            code: code::APP_DOES_NOT_EXIST,
            reason: "Application does not exist".into(),
        })))
        .await;
}

pub async fn serve(socket: WebSocket, realtime: Arc<Realtime>) {
    let (socket_id, mut outgoing) = realtime.hub.register();
    let (mut sink, mut stream) = socket.split();
    let activity_timeout = realtime.activity_timeout;
    let established = frame(
        "pusher:connection_established",
        None,
        &json!({ "socket_id": socket_id, "activity_timeout": activity_timeout.as_secs() }),
    );
    if sink.send(Message::Text(established.into())).await.is_err() {
        realtime.hub.unregister(&socket_id);
        return;
    }

    // Silent for activity_timeout → ping; silent for as long again → 4201 and close.
    let mut deadline = Instant::now() + activity_timeout;
    let mut pinged = false;
    loop {
        tokio::select! {
            incoming = stream.next() => {
                let text = match incoming {
                    Some(Ok(Message::Text(text))) => text.to_string(),
                    Some(Ok(Message::Binary(_))) => {
                        realtime.hub.send(&socket_id, Outgoing::Frame(error_frame(code::INVALID_MESSAGE, "Binary frames are not supported")));
                        continue;
                    }
                    Some(Ok(Message::Ping(_) | Message::Pong(_))) => {
                        deadline = Instant::now() + activity_timeout;
                        pinged = false;
                        continue;
                    }
                    Some(Ok(Message::Close(_))) | Some(Err(_)) | None => break,
                };
                deadline = Instant::now() + activity_timeout;
                pinged = false;
                handle_message(&realtime, &socket_id, &text);
            }
            out = outgoing.recv() => match out {
                Some(Outgoing::Frame(text)) => {
                    if sink.send(Message::Text(text.into())).await.is_err() {
                        break;
                    }
                }
                Some(Outgoing::Close { code, reason }) => {
                    let _ = sink.send(Message::Close(Some(CloseFrame { code, reason: reason.into() }))).await;
                    break;
                }
                None => break,
            },
            _ = sleep_until(deadline) => {
                if pinged {
                    let _ = sink.send(Message::Text(error_frame(code::PONG_NOT_RECEIVED, "Pong reply not received in time").into())).await;
                    let _ = sink.send(Message::Close(Some(CloseFrame { code: code::PONG_NOT_RECEIVED, reason: "Pong reply not received".into() }))).await;
                    break;
                }
                if sink.send(Message::Text(frame("pusher:ping", None, &json!({})).into())).await.is_err() {
                    break;
                }
                pinged = true;
                deadline = Instant::now() + activity_timeout;
            }
        }
    }
    realtime.hub.unregister(&socket_id);
}

/// `data` as clients send it: an object, or a JSON string holding one.
fn data_object(message: &Value) -> Option<serde_json::Map<String, Value>> {
    match message.get("data")? {
        Value::Object(map) => Some(map.clone()),
        Value::String(text) => match serde_json::from_str(text) {
            Ok(Value::Object(map)) => Some(map),
            _ => None,
        },
        _ => None,
    }
}

fn handle_message(realtime: &Realtime, socket_id: &str, text: &str) {
    let reply = |frame: String| realtime.hub.send(socket_id, Outgoing::Frame(frame));
    if text.len() > MAX_MESSAGE_BYTES {
        return reply(error_frame(code::INVALID_MESSAGE, "Message too large"));
    }
    let Ok(message) = serde_json::from_str::<Value>(text) else {
        return reply(error_frame(code::INVALID_MESSAGE, "Invalid message format"));
    };
    let Some(event) = message.get("event").and_then(Value::as_str) else {
        return reply(error_frame(code::INVALID_MESSAGE, "Invalid message format"));
    };
    match event {
        "pusher:ping" => reply(frame("pusher:pong", None, &json!({}))),
        "pusher:pong" => {}
        "pusher:subscribe" => match data_object(&message) {
            Some(data) => subscribe(realtime, socket_id, &data),
            None => reply(error_frame(code::INVALID_MESSAGE, "Invalid message format")),
        },
        "pusher:unsubscribe" => match data_object(&message)
            .and_then(|d| d.get("channel").and_then(Value::as_str).map(str::to_string))
        {
            Some(channel) => realtime.hub.leave(socket_id, &channel),
            None => reply(error_frame(code::INVALID_MESSAGE, "Invalid message format")),
        },
        client if client.starts_with("client-") => {
            client_event(realtime, socket_id, client, &message)
        }
        // Unknown pusher:* events and pusher:signin (user authentication is not offered here).
        _ => reply(error_frame(code::INVALID_MESSAGE, "Invalid message format")),
    }
}

/// Pusher's channel name rule: at most 200 of `[A-Za-z0-9_\-=@,.;]`.
pub fn valid_channel_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 200
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-=@,.;".contains(c))
}

/// Pusher's socket id form, `digits.digits`.
pub fn valid_socket_id(socket_id: &str) -> bool {
    matches!(socket_id.split_once('.'), Some((a, b))
        if !a.is_empty() && !b.is_empty() && a.bytes().all(|c| c.is_ascii_digit()) && b.bytes().all(|c| c.is_ascii_digit()))
}

fn subscribe(realtime: &Realtime, socket_id: &str, data: &serde_json::Map<String, Value>) {
    let reply = |frame: String| realtime.hub.send(socket_id, Outgoing::Frame(frame));
    let Some(channel) = data
        .get("channel")
        .and_then(Value::as_str)
        .filter(|c| valid_channel_name(c))
    else {
        return reply(error_frame(code::INVALID_MESSAGE, "Invalid channel name"));
    };
    let auth = data.get("auth").and_then(Value::as_str);
    let channel_data = data.get("channel_data").and_then(Value::as_str);
    let needs_auth = channel.starts_with("private-") || channel.starts_with("presence-");
    let presence = channel.starts_with("presence-");

    if needs_auth {
        let signed = auth.is_some_and(|auth| {
            verify_channel_auth(
                &realtime.app.key,
                &realtime.app.secret,
                socket_id,
                channel,
                if presence { channel_data } else { None },
                auth,
            )
        });
        if !signed {
            // Reverb reports a bad signature without the channel name.
            return reply(error_frame(
                code::UNAUTHORIZED,
                "Connection is unauthorized",
            ));
        }
    }

    let member = if presence {
        match channel_data.and_then(parse_member) {
            Some(member) => Some(member),
            None => return reply(error_frame(code::INVALID_MESSAGE, "Invalid channel_data")),
        }
    } else {
        None
    };
    let succeeded = realtime.hub.join(socket_id, channel, member);
    reply(frame(
        "pusher_internal:subscription_succeeded",
        Some(channel),
        &succeeded,
    ));
}

fn parse_member(channel_data: &str) -> Option<Member> {
    let value: Value = serde_json::from_str(channel_data).ok()?;
    let user_id = match value.get("user_id")? {
        Value::String(s) if !s.is_empty() => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    Some(Member {
        user_id,
        user_info: value.get("user_info").cloned().unwrap_or(Value::Null),
    })
}

fn client_event(realtime: &Realtime, socket_id: &str, event: &str, message: &Value) {
    let reject = |why: &str| {
        realtime.hub.send(
            socket_id,
            Outgoing::Frame(error_frame(code::CLIENT_EVENT_REJECTED, why)),
        )
    };
    let Some(channel) = message.get("channel").and_then(Value::as_str) else {
        return reject("Client events need a channel");
    };
    if !(channel.starts_with("private-") || channel.starts_with("presence-")) {
        return reject("Client events are only allowed on private and presence channels");
    }
    if !realtime.hub.is_subscribed(socket_id, channel) {
        return reject("Client events are only allowed on subscribed channels");
    }
    let data = message.get("data").cloned().unwrap_or(Value::Null);
    let mut out = json!({ "event": event, "channel": channel, "data": data });
    if let Some(member) = realtime.hub.member(socket_id, channel) {
        out["user_id"] = Value::String(member.user_id);
    }
    realtime
        .hub
        .deliver_raw(channel, &out.to_string(), Some(socket_id));
}

/// How long an idle socket may stay silent before the server pings it.
pub fn activity_timeout(secs: u64) -> Duration {
    Duration::from_secs(secs.max(1))
}
