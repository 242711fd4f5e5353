//! The WebSocket: connecting, subscribing, and the events the writes broadcast.

use reqwest::Method;
use serde_json::Value;

use super::{ensure, Run, Work, ADMIN_CHANNEL};
use crate::api::Body;
use crate::clauses;
use crate::config::{host_and_port, WsTarget};
use crate::shapes::{self, short, Check};
use crate::ws::{Event, Socket, EVENT_WAIT};

impl Run<'_> {
    /// Where the WebSocket is: the flags, else the backend's `/config.json`
    /// (the dev server and a deployed panel serve one).
    async fn ws_target(&self) -> Option<WsTarget> {
        if let Some(ws) = &self.ws {
            return Some(ws.clone());
        }
        let config = self
            .api
            .call(Method::GET, "/config.json", None, &[], Body::None)
            .await
            .ok()?;
        let key = config.json.get("reverb_app_key")?.as_str()?.to_string();
        let (api_host, api_port) = host_and_port(&self.api.base)?;
        let host = config
            .json
            .get("ws_host")
            .and_then(Value::as_str)
            .filter(|h| !h.is_empty())
            .map(str::to_string)
            .unwrap_or(api_host);
        let port = config
            .json
            .get("ws_port")
            .and_then(Value::as_u64)
            .and_then(|p| u16::try_from(p).ok())
            .unwrap_or(api_port);
        Some(WsTarget { host, port, key })
    }

    pub(super) async fn connect_websocket(&mut self) {
        if self.config.no_websocket {
            self.report.skip(
                clauses::WEBSOCKET_CONNECTION,
                "--no-websocket: no Pusher server",
            );
            return;
        }
        let Some(target) = self.ws_target().await else {
            self.report.skip(
                clauses::WEBSOCKET_CONNECTION,
                "no --ws-host/--ws-port/--key and no /config.json to read them from",
            );
            return;
        };
        self.ws = Some(target.clone());
        let socket = Socket::connect(&target.url()).await;
        let socket = match socket {
            Ok(socket) => socket,
            Err(why) => {
                self.report.check(clauses::WEBSOCKET_CONNECTION, Err(why));
                return;
            }
        };
        let id_ok = matches!(socket.socket_id.split_once('.'), Some((a, b))
            if !a.is_empty() && !b.is_empty() && a.bytes().chain(b.bytes()).all(|c| c.is_ascii_digit()));
        self.report.check(
            clauses::WEBSOCKET_CONNECTION,
            ensure(id_ok, || {
                format!(
                    "socket_id {:?} is not of the form 123.456",
                    socket.socket_id
                )
            }),
        );
        let mut socket = socket;
        let result = socket
            .subscribe(&self.api, &self.token, ADMIN_CHANNEL)
            .await;
        let subscribed = result.is_ok();
        self.report.check(clauses::SUBSCRIBE_ADMIN, result);
        if subscribed {
            self.socket = Some(socket);
        }
    }

    /// Skips a WebSocket clause when there is no socket; else waits for an
    /// event and checks it.
    pub(super) async fn expect_event(
        &mut self,
        clause: &str,
        matches: impl Fn(&Event) -> bool,
        check: impl Fn(&Event) -> Check,
    ) {
        self.expect_event_within(clause, EVENT_WAIT, matches, check)
            .await
    }

    /// `expect_event`, waiting up to `wait` (a scheduler's tick, say).
    pub(super) async fn expect_event_within(
        &mut self,
        clause: &str,
        wait: std::time::Duration,
        matches: impl Fn(&Event) -> bool,
        check: impl Fn(&Event) -> Check,
    ) {
        let Some(socket) = self.socket.as_mut() else {
            self.report.skip(clause, "no subscribed WebSocket");
            return;
        };
        let result = match socket.wait_for(wait, matches).await {
            Ok(Some(event)) => {
                // Laravel sends `data` as a JSON string; a client decodes it.
                if !event.raw_data.is_string() {
                    Err(format!(
                        "data is not a JSON string: {}",
                        short(&event.raw_data)
                    ))
                } else {
                    check(&event)
                }
            }
            Ok(None) => Err(format!("no such event within {} s", wait.as_secs())),
            Err(why) => Err(why),
        };
        self.report.check(clause, result);
    }

    pub(super) async fn subscribe_ticket(&mut self, work: &Work) {
        let clause = clauses::SUBSCRIBE_TICKET;
        let Some(socket) = self.socket.as_mut() else {
            self.report.skip(clause, "no subscribed WebSocket");
            return;
        };
        let result = socket
            .subscribe(
                &self.api,
                &self.token,
                &format!("private-support.ticket.{}", work.id),
            )
            .await;
        let ok = result.is_ok();
        self.report.check(clause, result);
        if !ok {
            // Events would be missing for the wrong reason: stop listening.
            self.socket = None;
        }
    }

    /// Waits for `message.sent` of `message_id` on both channels.
    pub(super) async fn message_sent_events(
        &mut self,
        work: &Work,
        message_id: i64,
        clauses: [&str; 2],
    ) {
        let channels = [
            format!("private-support.ticket.{}", work.id),
            ADMIN_CHANNEL.to_string(),
        ];
        let ticket_id = work.id;
        for (clause, channel) in clauses.into_iter().zip(channels) {
            self.expect_event(
                clause,
                |e| {
                    e.event == "message.sent"
                        && e.channel == channel
                        && e.data
                            .get("message")
                            .and_then(|m| m.get("id"))
                            .and_then(Value::as_i64)
                            == Some(message_id)
                },
                |e| shapes::message_event(&e.data, ticket_id),
            )
            .await;
        }
    }
}
