//! The Pusher wire format: one JSON object per WebSocket text frame,
//! `{"event": "...", "channel": "...", "data": ...}`.
//!
//! Servers disagree about `data`. Pusher and Reverb usually send a JSON string
//! that holds JSON, Reverb re-broadcasts client events with `data` as a plain
//! object, some servers send `pusher:error` data as an object, and empty
//! payloads are left out. Parsing accepts all three so the machine never has
//! to care. Anything malformed becomes a [`FrameError`]: one bad frame must be
//! logged and skipped, never take the connection down.
//!
//! Outgoing frames carry `data` as an object, not a string: Reverb reads the
//! `pusher:subscribe` fields straight out of `data`, and it refuses client
//! events whose `data` is not an object or an array.

use std::fmt;

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Map, Value};

/// The protocol revision this client speaks; the server picks its behaviour from it.
pub const PROTOCOL_VERSION: u8 = 7;

/// Path and query of the socket URL, to be appended to `ws(s)://host:port`.
///
/// The key is percent-encoded because it comes from a deployer-edited file.
pub fn socket_path(app_key: &str, client_version: &str) -> String {
    format!(
        "/app/{}?protocol={PROTOCOL_VERSION}&client=mesa&version={}",
        percent_encode(app_key),
        percent_encode(client_version)
    )
}

fn percent_encode(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// A presence channel member as the server describes it.
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    /// Always text: Laravel sends numeric ids as JSON numbers, other servers as strings.
    pub user_id: String,
    /// Whatever the auth endpoint put in `user_info`; `Null` when absent.
    pub user_info: Value,
}

/// Who was on a presence channel when our subscription succeeded.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PresenceSnapshot {
    pub members: Vec<Member>,
}

/// A frame from the server, decoded.
#[derive(Clone, Debug, PartialEq)]
pub enum Incoming {
    ConnectionEstablished {
        socket_id: String,
        /// Seconds of silence after which the server expects a ping; `None` when not sent.
        activity_timeout_s: Option<u64>,
    },
    Ping,
    Pong,
    Error {
        code: Option<u16>,
        message: String,
        /// Rarely present; when it is, the error concerns that channel's subscription.
        channel: Option<String>,
    },
    SubscriptionSucceeded {
        channel: String,
        /// Only presence channels carry one.
        presence: Option<PresenceSnapshot>,
    },
    SubscriptionError {
        channel: String,
        /// The HTTP-like status some servers include.
        status: Option<u16>,
        message: String,
    },
    MemberAdded {
        channel: String,
        member: Member,
    },
    MemberRemoved {
        channel: String,
        user_id: String,
    },
    ChannelEvent {
        channel: String,
        event: String,
        /// The decoded payload: a string that is not JSON stays a string, as in pusher-js.
        data: Value,
        /// Set by the server on client events, so receivers know who sent them.
        user_id: Option<String>,
    },
    /// A protocol event this client has no use for (`pusher:cache_miss`,
    /// `pusher_internal:subscription_count`, …). Still proof the socket is alive.
    Unhandled {
        event: String,
    },
}

/// Why a frame from the server could not be understood.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FrameError {
    NotJson {
        detail: String,
    },
    NotAnObject,
    MissingField {
        event: Option<String>,
        field: &'static str,
    },
    WrongType {
        field: &'static str,
        expected: &'static str,
    },
    /// The envelope was fine but the payload of a protocol event was not.
    BadData {
        event: String,
        detail: String,
    },
}

impl fmt::Display for FrameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FrameError::NotJson { detail } => write!(f, "frame is not JSON: {detail}"),
            FrameError::NotAnObject => write!(f, "frame is not a JSON object"),
            FrameError::MissingField { event: None, field } => {
                write!(f, "frame has no `{field}`")
            }
            FrameError::MissingField {
                event: Some(event),
                field,
            } => write!(f, "`{event}` frame has no `{field}`"),
            FrameError::WrongType { field, expected } => {
                write!(f, "frame field `{field}` is not a {expected}")
            }
            FrameError::BadData { event, detail } => {
                write!(f, "`{event}` frame has unusable data: {detail}")
            }
        }
    }
}

impl std::error::Error for FrameError {}

/// The three shapes `data` arrives in.
enum Data {
    Absent,
    Text(String),
    Json(Value),
}

impl Data {
    fn from_field(field: Option<Value>) -> Data {
        match field {
            None | Some(Value::Null) => Data::Absent,
            Some(Value::String(text)) => Data::Text(text),
            Some(value) => Data::Json(value),
        }
    }

    /// For application events, where any payload is legitimate.
    fn into_payload(self) -> Value {
        match self {
            Data::Absent => Value::Null,
            Data::Json(value) => value,
            Data::Text(text) => match serde_json::from_str(&text) {
                Ok(value) => value,
                Err(_) => Value::String(text),
            },
        }
    }

    /// For protocol events, whose payload has a fixed shape.
    fn decode<T: DeserializeOwned>(self, event: &str) -> Result<T, FrameError> {
        let decoded = match self {
            Data::Absent => crate::json::from_value(&Value::Object(Map::new())),
            Data::Json(value) => crate::json::from_value(&value),
            Data::Text(text) => crate::json::from_text(&text),
        };
        decoded.map_err(|error| FrameError::BadData {
            event: event.to_owned(),
            detail: error.to_string(),
        })
    }
}

#[derive(Deserialize)]
struct EstablishedData {
    socket_id: String,
    #[serde(default)]
    activity_timeout: Option<u64>,
}

#[derive(Deserialize)]
struct SucceededData {
    #[serde(default)]
    presence: Option<PresenceData>,
}

#[derive(Deserialize)]
struct PresenceData {
    #[serde(default)]
    ids: Option<Vec<UserId>>,
    /// An object keyed by user id, except that PHP encodes an empty map (and
    /// one keyed 0, 1, 2…) as an array.
    #[serde(default)]
    hash: Value,
}

#[derive(Deserialize)]
struct MemberData {
    user_id: UserId,
    #[serde(default)]
    user_info: Value,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum UserId {
    Text(String),
    Number(serde_json::Number),
}

impl UserId {
    fn into_text(self) -> String {
        match self {
            UserId::Text(text) => text,
            UserId::Number(number) => number.to_string(),
        }
    }
}

fn user_id_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

/// Decodes one text frame from the server.
pub fn parse(text: &str) -> Result<Incoming, FrameError> {
    let value: Value = serde_json::from_str(text).map_err(|error| FrameError::NotJson {
        detail: error.to_string(),
    })?;
    let Value::Object(mut frame) = value else {
        return Err(FrameError::NotAnObject);
    };
    let event = match frame.remove("event") {
        Some(Value::String(event)) => event,
        None | Some(Value::Null) => {
            return Err(FrameError::MissingField {
                event: None,
                field: "event",
            })
        }
        Some(_) => {
            return Err(FrameError::WrongType {
                field: "event",
                expected: "string",
            })
        }
    };
    let channel = match frame.remove("channel") {
        None | Some(Value::Null) => None,
        Some(Value::String(channel)) => Some(channel),
        Some(_) => {
            return Err(FrameError::WrongType {
                field: "channel",
                expected: "string",
            })
        }
    };
    let data = Data::from_field(frame.remove("data"));
    // Only informative, so an odd type is dropped rather than failing the frame.
    let user_id = frame.get("user_id").and_then(user_id_text);

    let require_channel = |channel: Option<String>| {
        channel.ok_or_else(|| FrameError::MissingField {
            event: Some(event.clone()),
            field: "channel",
        })
    };

    match event.as_str() {
        "pusher:connection_established" => {
            let established: EstablishedData = data.decode(&event)?;
            Ok(Incoming::ConnectionEstablished {
                socket_id: established.socket_id,
                activity_timeout_s: established.activity_timeout,
            })
        }
        "pusher:ping" => Ok(Incoming::Ping),
        "pusher:pong" => Ok(Incoming::Pong),
        "pusher:error" => Ok(server_error(data, channel)),
        "pusher_internal:subscription_succeeded" => {
            let channel = require_channel(channel)?;
            let succeeded: SucceededData = data.decode(&event)?;
            Ok(Incoming::SubscriptionSucceeded {
                channel,
                presence: succeeded.presence.map(presence_snapshot),
            })
        }
        "pusher:subscription_error" => {
            let channel = require_channel(channel)?;
            let (status, message) = status_and_message(data.into_payload(), "status");
            Ok(Incoming::SubscriptionError {
                channel,
                status,
                message,
            })
        }
        "pusher_internal:member_added" => {
            let channel = require_channel(channel)?;
            let member: MemberData = data.decode(&event)?;
            Ok(Incoming::MemberAdded {
                channel,
                member: Member {
                    user_id: member.user_id.into_text(),
                    user_info: member.user_info,
                },
            })
        }
        "pusher_internal:member_removed" => {
            let channel = require_channel(channel)?;
            let member: MemberData = data.decode(&event)?;
            Ok(Incoming::MemberRemoved {
                channel,
                user_id: member.user_id.into_text(),
            })
        }
        _ if event.starts_with("pusher:") || event.starts_with("pusher_internal:") => {
            Ok(Incoming::Unhandled { event })
        }
        _ => {
            let channel = require_channel(channel)?;
            Ok(Incoming::ChannelEvent {
                channel,
                event,
                data: data.into_payload(),
                user_id,
            })
        }
    }
}

/// Lenient on purpose: an error we cannot fully read must still be acted on.
fn server_error(data: Data, channel: Option<String>) -> Incoming {
    let (code, message) = status_and_message(data.into_payload(), "code");
    Incoming::Error {
        code,
        message,
        channel,
    }
}

fn status_and_message(payload: Value, code_field: &str) -> (Option<u16>, String) {
    match payload {
        Value::Object(fields) => {
            let code = fields
                .get(code_field)
                .and_then(Value::as_u64)
                .and_then(|code| u16::try_from(code).ok());
            let message = ["message", "error", "type"]
                .iter()
                .find_map(|key| fields.get(*key).and_then(Value::as_str))
                .unwrap_or_default()
                .to_owned();
            (code, message)
        }
        Value::String(message) => (None, message),
        _ => (None, String::new()),
    }
}

fn presence_snapshot(presence: PresenceData) -> PresenceSnapshot {
    let info_of = |user_id: &str| match &presence.hash {
        Value::Object(hash) => hash.get(user_id).cloned().unwrap_or(Value::Null),
        Value::Array(list) => user_id
            .parse::<usize>()
            .ok()
            .and_then(|index| list.get(index).cloned())
            .unwrap_or(Value::Null),
        _ => Value::Null,
    };
    let ids: Vec<String> = match presence.ids {
        Some(ids) => ids.into_iter().map(UserId::into_text).collect(),
        // `ids` is redundant with the hash keys, so a server may skip it.
        None => match &presence.hash {
            Value::Object(hash) => hash.keys().cloned().collect(),
            _ => Vec::new(),
        },
    };
    let members = ids
        .into_iter()
        .map(|user_id| Member {
            user_info: info_of(&user_id),
            user_id,
        })
        .collect();
    PresenceSnapshot { members }
}

/// Why a client event was not sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClientEventRejection {
    /// Servers only relay events named `client-…`.
    NotAClientEventName,
    /// Client events need a `private-` or `presence-` channel.
    PublicChannel,
    /// Reverb rejects scalar payloads; only objects, arrays or nothing pass.
    DataNotObject,
    NotSubscribed,
}

impl fmt::Display for ClientEventRejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            ClientEventRejection::NotAClientEventName => "event name must start with `client-`",
            ClientEventRejection::PublicChannel => {
                "client events need a private or presence channel"
            }
            ClientEventRejection::DataNotObject => "client event data must be an object or array",
            ClientEventRejection::NotSubscribed => "channel is not subscribed",
        };
        f.write_str(text)
    }
}

/// A client event that passed the checks that need no connection state.
#[derive(Clone, Debug, PartialEq)]
pub struct ClientEvent {
    channel: String,
    event: String,
    data: Value,
}

impl ClientEvent {
    pub fn new(channel: String, event: String, data: Value) -> Result<Self, ClientEventRejection> {
        if !event.starts_with("client-") {
            return Err(ClientEventRejection::NotAClientEventName);
        }
        if !(channel.starts_with("private-") || channel.starts_with("presence-")) {
            return Err(ClientEventRejection::PublicChannel);
        }
        if !matches!(data, Value::Object(_) | Value::Array(_) | Value::Null) {
            return Err(ClientEventRejection::DataNotObject);
        }
        Ok(ClientEvent {
            channel,
            event,
            data,
        })
    }

    pub fn channel(&self) -> &str {
        &self.channel
    }
}

/// A frame for the server.
#[derive(Clone, Debug, PartialEq)]
pub enum Outgoing {
    Subscribe {
        channel: String,
        auth: Option<String>,
        channel_data: Option<String>,
    },
    Unsubscribe {
        channel: String,
    },
    Ping,
    Pong,
    ClientEvent(ClientEvent),
}

impl Outgoing {
    pub fn encode(&self) -> String {
        let frame = match self {
            Outgoing::Subscribe {
                channel,
                auth,
                channel_data,
            } => {
                let mut data = Map::new();
                data.insert("channel".into(), Value::String(channel.clone()));
                if let Some(auth) = auth {
                    data.insert("auth".into(), Value::String(auth.clone()));
                }
                if let Some(channel_data) = channel_data {
                    data.insert("channel_data".into(), Value::String(channel_data.clone()));
                }
                json!({ "event": "pusher:subscribe", "data": data })
            }
            Outgoing::Unsubscribe { channel } => {
                json!({ "event": "pusher:unsubscribe", "data": { "channel": channel } })
            }
            Outgoing::Ping => json!({ "event": "pusher:ping", "data": {} }),
            Outgoing::Pong => json!({ "event": "pusher:pong", "data": {} }),
            Outgoing::ClientEvent(client) => json!({
                "event": client.event,
                "channel": client.channel,
                "data": client.data,
            }),
        };
        frame.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn channel_event(text: &str) -> (String, String, Value) {
        match parse(text) {
            Ok(Incoming::ChannelEvent {
                channel,
                event,
                data,
                ..
            }) => (channel, event, data),
            other => panic!("expected a channel event, got {other:?}"),
        }
    }

    #[test]
    fn data_as_json_string_is_decoded() {
        let (channel, event, data) =
            channel_event(r#"{"event":"TicketUpdated","channel":"admin","data":"{\"id\":7}"}"#);
        assert_eq!(channel, "admin");
        assert_eq!(event, "TicketUpdated");
        assert_eq!(data, json!({ "id": 7 }));
    }

    #[test]
    fn data_as_object_is_taken_as_is() {
        let (_, _, data) = channel_event(
            r#"{"event":"client-typing","channel":"private-t.1","data":{"on":true}}"#,
        );
        assert_eq!(data, json!({ "on": true }));
    }

    #[test]
    fn absent_or_null_data_is_null() {
        let (_, _, data) = channel_event(r#"{"event":"Ping","channel":"admin"}"#);
        assert_eq!(data, Value::Null);
        let (_, _, data) = channel_event(r#"{"event":"Ping","channel":"admin","data":null}"#);
        assert_eq!(data, Value::Null);
    }

    #[test]
    fn data_string_that_is_not_json_stays_a_string() {
        let (_, _, data) = channel_event(r#"{"event":"Note","channel":"admin","data":"hola"}"#);
        assert_eq!(data, json!("hola"));
    }

    #[test]
    fn client_event_sender_is_kept() {
        let frame = r#"{"event":"client-typing","channel":"presence-t.1","data":{},"user_id":12}"#;
        match parse(frame) {
            Ok(Incoming::ChannelEvent { user_id, .. }) => {
                assert_eq!(user_id.as_deref(), Some("12"))
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn connection_established_in_every_data_shape() {
        let expected = Incoming::ConnectionEstablished {
            socket_id: "1.2".into(),
            activity_timeout_s: Some(30),
        };
        let as_string = r#"{"event":"pusher:connection_established","data":"{\"socket_id\":\"1.2\",\"activity_timeout\":30}"}"#;
        let as_object = r#"{"event":"pusher:connection_established","data":{"socket_id":"1.2","activity_timeout":30}}"#;
        assert_eq!(parse(as_string), Ok(expected.clone()));
        assert_eq!(parse(as_object), Ok(expected));
        let without_timeout =
            r#"{"event":"pusher:connection_established","data":{"socket_id":"1.2"}}"#;
        assert!(matches!(
            parse(without_timeout),
            Ok(Incoming::ConnectionEstablished {
                activity_timeout_s: None,
                ..
            })
        ));
    }

    #[test]
    fn connection_established_without_socket_id_is_bad_data() {
        let frame = r#"{"event":"pusher:connection_established"}"#;
        assert!(matches!(parse(frame), Err(FrameError::BadData { .. })));
        let frame = r#"{"event":"pusher:connection_established","data":"{not json"}"#;
        assert!(matches!(parse(frame), Err(FrameError::BadData { .. })));
        let frame = r#"{"event":"pusher:connection_established","data":{"socket_id":5}}"#;
        assert!(matches!(parse(frame), Err(FrameError::BadData { .. })));
    }

    #[test]
    fn error_in_every_data_shape() {
        let as_string = r#"{"event":"pusher:error","data":"{\"code\":4001,\"message\":\"Application does not exist\"}"}"#;
        let as_object = r#"{"event":"pusher:error","data":{"code":4001,"message":"Application does not exist"}}"#;
        let expected = Incoming::Error {
            code: Some(4001),
            message: "Application does not exist".into(),
            channel: None,
        };
        assert_eq!(parse(as_string), Ok(expected.clone()));
        assert_eq!(parse(as_object), Ok(expected));
        assert_eq!(
            parse(r#"{"event":"pusher:error"}"#),
            Ok(Incoming::Error {
                code: None,
                message: String::new(),
                channel: None
            })
        );
        assert_eq!(
            parse(r#"{"event":"pusher:error","data":{"code":null,"message":"x"}}"#),
            Ok(Incoming::Error {
                code: None,
                message: "x".into(),
                channel: None
            })
        );
        assert_eq!(
            parse(r#"{"event":"pusher:error","data":{"code":99999}}"#),
            Ok(Incoming::Error {
                code: None,
                message: String::new(),
                channel: None
            })
        );
    }

    #[test]
    fn subscription_succeeded_without_presence() {
        let frame =
            r#"{"event":"pusher_internal:subscription_succeeded","channel":"admin","data":"{}"}"#;
        assert_eq!(
            parse(frame),
            Ok(Incoming::SubscriptionSucceeded {
                channel: "admin".into(),
                presence: None
            })
        );
    }

    #[test]
    fn presence_snapshot_with_numeric_ids() {
        let frame = r#"{"event":"pusher_internal:subscription_succeeded","channel":"presence-t.1","data":"{\"presence\":{\"count\":2,\"ids\":[3,\"9\"],\"hash\":{\"3\":{\"name\":\"Ana\"},\"9\":{\"name\":\"Luis\"}}}}"}"#;
        let Ok(Incoming::SubscriptionSucceeded {
            presence: Some(snapshot),
            ..
        }) = parse(frame)
        else {
            panic!("expected a presence snapshot");
        };
        assert_eq!(
            snapshot.members,
            vec![
                Member {
                    user_id: "3".into(),
                    user_info: json!({ "name": "Ana" })
                },
                Member {
                    user_id: "9".into(),
                    user_info: json!({ "name": "Luis" })
                },
            ]
        );
    }

    #[test]
    fn presence_hash_encoded_by_php_as_array() {
        let empty = r#"{"event":"pusher_internal:subscription_succeeded","channel":"presence-x","data":{"presence":{"count":0,"ids":[],"hash":[]}}}"#;
        assert!(matches!(
            parse(empty),
            Ok(Incoming::SubscriptionSucceeded { presence: Some(PresenceSnapshot { members }), .. }) if members.is_empty()
        ));
        let listed = r#"{"event":"pusher_internal:subscription_succeeded","channel":"presence-x","data":{"presence":{"count":1,"ids":[0],"hash":[{"name":"Root"}]}}}"#;
        let Ok(Incoming::SubscriptionSucceeded {
            presence: Some(snapshot),
            ..
        }) = parse(listed)
        else {
            panic!("expected a presence snapshot");
        };
        assert_eq!(snapshot.members[0].user_info, json!({ "name": "Root" }));
    }

    #[test]
    fn member_added_and_removed() {
        let added = r#"{"event":"pusher_internal:member_added","channel":"presence-x","data":"{\"user_id\":5,\"user_info\":{\"name\":\"Eva\"}}"}"#;
        assert_eq!(
            parse(added),
            Ok(Incoming::MemberAdded {
                channel: "presence-x".into(),
                member: Member {
                    user_id: "5".into(),
                    user_info: json!({ "name": "Eva" })
                }
            })
        );
        let removed = r#"{"event":"pusher_internal:member_removed","channel":"presence-x","data":"{\"user_id\":\"5\"}"}"#;
        assert_eq!(
            parse(removed),
            Ok(Incoming::MemberRemoved {
                channel: "presence-x".into(),
                user_id: "5".into()
            })
        );
        let without_id =
            r#"{"event":"pusher_internal:member_removed","channel":"presence-x","data":"{}"}"#;
        assert!(matches!(parse(without_id), Err(FrameError::BadData { .. })));
    }

    #[test]
    fn subscription_error_reads_status_and_message() {
        let frame = r#"{"event":"pusher:subscription_error","channel":"private-x","data":{"type":"AuthError","error":"denied","status":403}}"#;
        assert_eq!(
            parse(frame),
            Ok(Incoming::SubscriptionError {
                channel: "private-x".into(),
                status: Some(403),
                message: "denied".into()
            })
        );
    }

    #[test]
    fn malformed_frames_are_typed_errors() {
        assert!(matches!(parse("{nope"), Err(FrameError::NotJson { .. })));
        assert!(matches!(parse(""), Err(FrameError::NotJson { .. })));
        assert_eq!(parse("[1,2]"), Err(FrameError::NotAnObject));
        assert_eq!(parse("\"text\""), Err(FrameError::NotAnObject));
        assert_eq!(
            parse(r#"{"channel":"admin"}"#),
            Err(FrameError::MissingField {
                event: None,
                field: "event"
            })
        );
        assert_eq!(
            parse(r#"{"event":7}"#),
            Err(FrameError::WrongType {
                field: "event",
                expected: "string"
            })
        );
        assert_eq!(
            parse(r#"{"event":"x","channel":["a"]}"#),
            Err(FrameError::WrongType {
                field: "channel",
                expected: "string"
            })
        );
        assert_eq!(
            parse(r#"{"event":"TicketUpdated"}"#),
            Err(FrameError::MissingField {
                event: Some("TicketUpdated".into()),
                field: "channel"
            })
        );
        assert!(matches!(
            parse(r#"{"event":"pusher_internal:subscription_succeeded"}"#),
            Err(FrameError::MissingField { .. })
        ));
    }

    #[test]
    fn unknown_protocol_events_are_unhandled_not_errors() {
        assert_eq!(
            parse(r#"{"event":"pusher:cache_miss","channel":"cache-x"}"#),
            Ok(Incoming::Unhandled {
                event: "pusher:cache_miss".into()
            })
        );
    }

    #[test]
    fn errors_display_as_one_line() {
        let error = FrameError::MissingField {
            event: Some("X".into()),
            field: "channel",
        };
        assert_eq!(error.to_string(), "`X` frame has no `channel`");
    }

    fn decoded(frame: &Outgoing) -> Value {
        serde_json::from_str(&frame.encode()).unwrap_or(Value::Null)
    }

    #[test]
    fn subscribe_frames_carry_data_as_object() {
        let public = Outgoing::Subscribe {
            channel: "admin".into(),
            auth: None,
            channel_data: None,
        };
        assert_eq!(
            decoded(&public),
            json!({ "event": "pusher:subscribe", "data": { "channel": "admin" } })
        );
        let presence = Outgoing::Subscribe {
            channel: "presence-t.1".into(),
            auth: Some("key:sig".into()),
            channel_data: Some("{\"user_id\":1}".into()),
        };
        assert_eq!(
            decoded(&presence),
            json!({ "event": "pusher:subscribe", "data": {
                "channel": "presence-t.1", "auth": "key:sig", "channel_data": "{\"user_id\":1}"
            } })
        );
    }

    #[test]
    fn other_outgoing_frames() {
        assert_eq!(
            decoded(&Outgoing::Unsubscribe {
                channel: "admin".into()
            }),
            json!({ "event": "pusher:unsubscribe", "data": { "channel": "admin" } })
        );
        assert_eq!(
            decoded(&Outgoing::Ping),
            json!({ "event": "pusher:ping", "data": {} })
        );
        assert_eq!(
            decoded(&Outgoing::Pong),
            json!({ "event": "pusher:pong", "data": {} })
        );
        let client = ClientEvent::new(
            "private-t.1".into(),
            "client-typing".into(),
            json!({ "on": true }),
        );
        let Ok(client) = client else {
            panic!("valid client event refused")
        };
        assert_eq!(
            decoded(&Outgoing::ClientEvent(client)),
            json!({ "event": "client-typing", "channel": "private-t.1", "data": { "on": true } })
        );
    }

    #[test]
    fn client_events_are_checked_before_sending() {
        let attempt = |channel: &str, event: &str, data: Value| {
            ClientEvent::new(channel.into(), event.into(), data).map(|_| ())
        };
        assert_eq!(
            attempt("private-a", "typing", json!({})),
            Err(ClientEventRejection::NotAClientEventName)
        );
        assert_eq!(
            attempt("admin", "client-typing", json!({})),
            Err(ClientEventRejection::PublicChannel)
        );
        assert_eq!(
            attempt("presence-a", "client-typing", json!("text")),
            Err(ClientEventRejection::DataNotObject)
        );
        assert_eq!(attempt("presence-a", "client-typing", Value::Null), Ok(()));
    }

    #[test]
    fn socket_path_names_protocol_and_encodes_key() {
        assert_eq!(
            socket_path("abc123", "0.1.0"),
            "/app/abc123?protocol=7&client=mesa&version=0.1.0"
        );
        assert_eq!(
            socket_path("a b/c", "1"),
            "/app/a%20b%2Fc?protocol=7&client=mesa&version=1"
        );
    }
}
