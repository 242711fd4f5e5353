//! Who is connected and subscribed to what, and delivery of events to them.

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

use rand::Rng;
use serde_json::{json, Value};
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver, UnboundedSender};

/// What the hub asks a socket task to do.
#[derive(Debug)]
pub enum Outgoing {
    Frame(String),
    Close { code: u16, reason: String },
}

/// A presence channel member, as the auth endpoint's `channel_data` declares.
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    pub user_id: String,
    pub user_info: Value,
}

#[derive(Default)]
struct Channel {
    /// Socket id → the member it joined as (presence channels only).
    subscribers: HashMap<String, Option<Member>>,
}

impl Channel {
    /// Distinct members, by user id: one user may have several tabs open.
    fn members(&self) -> BTreeMap<String, Value> {
        self.subscribers
            .values()
            .flatten()
            .map(|m| (m.user_id.clone(), m.user_info.clone()))
            .collect()
    }

    fn user_sockets(&self, user_id: &str) -> usize {
        self.subscribers
            .values()
            .flatten()
            .filter(|m| m.user_id == user_id)
            .count()
    }
}

#[derive(Default)]
struct State {
    sockets: HashMap<String, UnboundedSender<Outgoing>>,
    channels: HashMap<String, Channel>,
}

#[derive(Default)]
pub struct Hub {
    state: Mutex<State>,
}

/// A Pusher frame with `data` as a JSON string, as Laravel and Reverb send it.
pub fn frame(event: &str, channel: Option<&str>, data: &Value) -> String {
    let data = match data {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    match channel {
        Some(channel) => json!({ "event": event, "channel": channel, "data": data }),
        None => json!({ "event": event, "data": data }),
    }
    .to_string()
}

impl Hub {
    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A new socket with a fresh `socket_id` of Pusher's form `"123.456"`.
    pub fn register(&self) -> (String, UnboundedReceiver<Outgoing>) {
        let (tx, rx) = unbounded_channel();
        let mut rng = rand::rng();
        let mut state = self.state();
        let socket_id = loop {
            let id = format!(
                "{}.{}",
                rng.random_range(1..1_000_000_000u32),
                rng.random_range(1..1_000_000_000u32)
            );
            if !state.sockets.contains_key(&id) {
                break id;
            }
        };
        state.sockets.insert(socket_id.clone(), tx);
        (socket_id, rx)
    }

    /// Forgets a closed socket and leaves all its channels.
    pub fn unregister(&self, socket_id: &str) {
        let channels: Vec<String> = {
            let mut state = self.state();
            state.sockets.remove(socket_id);
            state
                .channels
                .iter()
                .filter(|(_, c)| c.subscribers.contains_key(socket_id))
                .map(|(name, _)| name.clone())
                .collect()
        };
        for channel in channels {
            self.leave(socket_id, &channel);
        }
    }

    pub fn is_subscribed(&self, socket_id: &str, channel: &str) -> bool {
        self.state()
            .channels
            .get(channel)
            .is_some_and(|c| c.subscribers.contains_key(socket_id))
    }

    /// The member a socket joined a presence channel as.
    pub fn member(&self, socket_id: &str, channel: &str) -> Option<Member> {
        self.state()
            .channels
            .get(channel)
            .and_then(|c| c.subscribers.get(socket_id).cloned().flatten())
    }

    /// Subscribes; returns the `subscription_succeeded` data and tells the
    /// other members when a user's first socket joins a presence channel.
    pub fn join(&self, socket_id: &str, channel: &str, member: Option<Member>) -> Value {
        let mut state = self.state();
        let entry = state.channels.entry(channel.to_string()).or_default();
        if entry.subscribers.contains_key(socket_id) {
            return subscription_data(entry, member.is_some());
        }
        let first_of_user = member
            .as_ref()
            .is_some_and(|m| entry.user_sockets(&m.user_id) == 0);
        entry
            .subscribers
            .insert(socket_id.to_string(), member.clone());
        let data = subscription_data(entry, member.is_some());
        if let (true, Some(member)) = (first_of_user, member) {
            let added = frame(
                "pusher_internal:member_added",
                Some(channel),
                &json!({ "user_id": member.user_id, "user_info": member.user_info }),
            );
            deliver(&state, channel, &added, Some(socket_id));
        }
        data
    }

    /// Unsubscribes; tells the others when a user's last socket leaves.
    pub fn leave(&self, socket_id: &str, channel: &str) {
        let mut state = self.state();
        let Some(entry) = state.channels.get_mut(channel) else {
            return;
        };
        let Some(member) = entry.subscribers.remove(socket_id) else {
            return;
        };
        let empty = entry.subscribers.is_empty();
        let last_of_user = member
            .as_ref()
            .is_some_and(|m| entry.user_sockets(&m.user_id) == 0);
        if empty {
            state.channels.remove(channel);
        }
        if let (true, Some(member)) = (last_of_user, member) {
            let removed = frame(
                "pusher_internal:member_removed",
                Some(channel),
                &json!({ "user_id": member.user_id }),
            );
            deliver(&state, channel, &removed, None);
        }
    }

    /// Sends an event to every subscriber of a channel but `except`.
    pub fn broadcast(&self, channel: &str, event: &str, data: &Value, except: Option<&str>) {
        let state = self.state();
        deliver(&state, channel, &frame(event, Some(channel), data), except);
    }

    /// Sends an already-built frame (client events keep their `data` as sent).
    pub fn deliver_raw(&self, channel: &str, text: &str, except: Option<&str>) {
        deliver(&self.state(), channel, text, except);
    }

    pub fn send(&self, socket_id: &str, outgoing: Outgoing) {
        if let Some(tx) = self.state().sockets.get(socket_id) {
            let _ = tx.send(outgoing);
        }
    }

    /// Closes every connection at once (fault injection).
    pub fn drop_all(&self) -> usize {
        let state = self.state();
        for tx in state.sockets.values() {
            let _ = tx.send(Outgoing::Close {
                code: 4200,
                reason: "Dropped by the dev server (fault injection)".into(),
            });
        }
        state.sockets.len()
    }

    pub fn connection_count(&self) -> usize {
        self.state().sockets.len()
    }
}

fn subscription_data(channel: &Channel, presence: bool) -> Value {
    if !presence {
        return json!({});
    }
    let members = channel.members();
    json!({
        "presence": {
            "count": members.len(),
            "ids": members.keys().collect::<Vec<_>>(),
            "hash": members,
        }
    })
}

fn deliver(state: &State, channel: &str, text: &str, except: Option<&str>) {
    let Some(entry) = state.channels.get(channel) else {
        return;
    };
    for socket_id in entry.subscribers.keys() {
        if Some(socket_id.as_str()) == except {
            continue;
        }
        if let Some(tx) = state.sockets.get(socket_id) {
            let _ = tx.send(Outgoing::Frame(text.to_string()));
        }
    }
}
