//! The channels the panel wants, and how far each subscription has got on the
//! current socket.
//!
//! A channel outlives sockets: when a socket drops, every subscription falls
//! back to `Queued` and is replayed on the next one, because the server forgets
//! all subscriptions with the socket (and private signatures name the socket id).

use std::collections::BTreeMap;
use std::fmt;

use serde_json::Value;

/// Pusher's limit; longer names are refused by the server anyway.
const MAX_NAME_LEN: usize = 164;

/// What the name prefix tells the server about who may subscribe.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChannelKind {
    Public,
    Private,
    Presence,
}

impl ChannelKind {
    /// Checks the name up front so a typo fails here, with a reason, instead
    /// of as a vague server error after a round trip.
    pub fn of(name: &str) -> Result<ChannelKind, ChannelNameError> {
        if name.is_empty() {
            return Err(ChannelNameError::Empty);
        }
        if name.len() > MAX_NAME_LEN {
            return Err(ChannelNameError::TooLong);
        }
        if let Some(bad) = name
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || "_-=@,.;".contains(*c)))
        {
            return Err(ChannelNameError::BadCharacter(bad));
        }
        if name.starts_with("private-encrypted-") {
            return Err(ChannelNameError::Encrypted);
        }
        Ok(if name.starts_with("presence-") {
            ChannelKind::Presence
        } else if name.starts_with("private-") {
            ChannelKind::Private
        } else {
            ChannelKind::Public
        })
    }

    pub fn needs_auth(self) -> bool {
        self != ChannelKind::Public
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChannelNameError {
    Empty,
    TooLong,
    BadCharacter(char),
    /// End-to-end encrypted channels need a decryption step this client lacks;
    /// subscribing would deliver ciphertext as if it were data.
    Encrypted,
}

impl fmt::Display for ChannelNameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChannelNameError::Empty => write!(f, "channel name is empty"),
            ChannelNameError::TooLong => write!(f, "channel name is over {MAX_NAME_LEN} bytes"),
            ChannelNameError::BadCharacter(c) => write!(f, "channel name contains {c:?}"),
            ChannelNameError::Encrypted => write!(f, "encrypted channels are not supported"),
        }
    }
}

/// Why a channel is not subscribed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SubscriptionFailure {
    InvalidName(ChannelNameError),
    /// The auth endpoint said 403: this user may not see the channel.
    Forbidden,
    /// The auth endpoint said 401: the session is gone.
    Unauthorized,
    /// The auth endpoint could not be reached.
    AuthUnreachable,
    AuthError {
        detail: String,
    },
    /// A presence auth answer without `channel_data`: the server could not
    /// tell who we are, so the member list would be wrong.
    MissingChannelData,
    /// The server refused the subscribe frame (bad signature, Reverb's 4009).
    Refused {
        code: Option<u16>,
        message: String,
    },
}

impl SubscriptionFailure {
    /// Transient failures are tried again on the next connection; the rest
    /// would only fail the same way.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            SubscriptionFailure::AuthUnreachable | SubscriptionFailure::AuthError { .. }
        )
    }
}

/// How a subscription looks to the panel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SubscriptionStatus {
    /// Queued, authorizing or waiting for the server.
    Waiting,
    Subscribed,
    Failed(SubscriptionFailure),
}

/// Progress on the current socket. `Authorizing`, `Pending` and `Subscribed`
/// only exist while connected.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Subscription {
    /// Wanted, nothing on the wire yet.
    Queued,
    /// Auth requested for this socket id; an answer for any other is stale.
    Authorizing {
        socket_id: String,
    },
    /// Subscribe frame sent; `order` says which pending subscribe came first,
    /// because Reverb's refusal (4009) does not name the channel.
    Pending {
        order: u64,
    },
    Subscribed,
    Failed(SubscriptionFailure),
}

/// Presence members by user id.
pub type Members = BTreeMap<String, Value>;

#[derive(Clone, Debug)]
pub(crate) struct Channel {
    pub kind: ChannelKind,
    pub subscription: Subscription,
    pub members: Members,
}

impl Channel {
    pub fn new(kind: ChannelKind) -> Self {
        Channel {
            kind,
            subscription: Subscription::Queued,
            members: Members::new(),
        }
    }

    /// Whether a new connection should (re)subscribe this channel.
    pub fn wants_subscribing(&self) -> bool {
        match &self.subscription {
            Subscription::Queued => true,
            Subscription::Failed(failure) => failure.is_retryable(),
            _ => false,
        }
    }

    /// The server forgot us along with the socket.
    pub fn forget_socket(&mut self) {
        if !matches!(self.subscription, Subscription::Failed(_)) {
            self.subscription = Subscription::Queued;
        }
        self.members.clear();
    }

    /// Settled means nothing more will happen on this socket without new input.
    pub fn is_settled(&self) -> bool {
        matches!(
            self.subscription,
            Subscription::Subscribed | Subscription::Failed(_)
        )
    }

    pub fn status(&self) -> SubscriptionStatus {
        match &self.subscription {
            Subscription::Subscribed => SubscriptionStatus::Subscribed,
            Subscription::Failed(failure) => SubscriptionStatus::Failed(failure.clone()),
            _ => SubscriptionStatus::Waiting,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_comes_from_the_prefix() {
        assert_eq!(ChannelKind::of("admin.tickets"), Ok(ChannelKind::Public));
        assert_eq!(
            ChannelKind::of("private-ticket.4"),
            Ok(ChannelKind::Private)
        );
        assert_eq!(
            ChannelKind::of("presence-ticket.4"),
            Ok(ChannelKind::Presence)
        );
        assert!(!ChannelKind::Public.needs_auth());
        assert!(ChannelKind::Presence.needs_auth());
    }

    #[test]
    fn bad_names_are_refused_with_a_reason() {
        assert_eq!(ChannelKind::of(""), Err(ChannelNameError::Empty));
        assert_eq!(
            ChannelKind::of("a b"),
            Err(ChannelNameError::BadCharacter(' '))
        );
        assert_eq!(
            ChannelKind::of(&"a".repeat(165)),
            Err(ChannelNameError::TooLong)
        );
        assert_eq!(
            ChannelKind::of("private-encrypted-x"),
            Err(ChannelNameError::Encrypted)
        );
    }

    #[test]
    fn losing_the_socket_requeues_all_but_failures() {
        let mut channel = Channel::new(ChannelKind::Presence);
        channel.subscription = Subscription::Subscribed;
        channel.members.insert("1".into(), Value::Null);
        channel.forget_socket();
        assert_eq!(channel.subscription, Subscription::Queued);
        assert!(channel.members.is_empty());

        channel.subscription = Subscription::Failed(SubscriptionFailure::Forbidden);
        channel.forget_socket();
        assert!(!channel.wants_subscribing());

        channel.subscription = Subscription::Failed(SubscriptionFailure::AuthUnreachable);
        assert!(channel.wants_subscribing());
    }
}
