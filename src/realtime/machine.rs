//! The connection state machine: one socket at a time, the channels riding on
//! it, and what to do when it goes quiet, drops, or is refused.
//!
//! `Connection::step` takes one [`Input`] and returns the [`Effect`]s the shell
//! must carry out, in order. Nothing here waits, reads a clock or touches the
//! network, so every race (a timer firing after its cancel, an auth answer for
//! a socket that is gone) can be replayed in a plain unit test.

use std::collections::BTreeMap;

use serde_json::Value;

use super::backoff::Backoff;
use super::channel::{
    Channel, ChannelKind, Members, Subscription, SubscriptionFailure, SubscriptionStatus,
};
use super::frame::{
    self, ClientEvent, ClientEventRejection, FrameError, Incoming, Member, Outgoing,
    PresenceSnapshot,
};
use super::timer::{TimerCommand, TimerId, TimerKind, Timers};

/// Servers may ask for long silences; past two minutes, proxies and NATs
/// start dropping idle sockets without telling anyone.
const MAX_ACTIVITY_TIMEOUT_S: u64 = 120;
/// After our ping, how long any frame may take before the socket is presumed dead.
const PONG_TIMEOUT_MS: u32 = 30_000;
/// How long connecting may take before the panel says the server is unavailable.
const UNAVAILABLE_AFTER_MS: u32 = 10_000;
/// A socket that neither opens nor greets us within this is given up.
const HANDSHAKE_TIMEOUT_MS: u32 = 15_000;
/// Browsers only let scripts close with 1000 or 3000–4999.
const NORMAL_CLOSE: u16 = 1000;

/// Everything that can happen to the connection.
#[derive(Clone, Debug, PartialEq)]
pub enum Input {
    /// The panel wants live events.
    Connect,
    /// The panel no longer wants live events (sign-out, shutdown).
    Disconnect,
    SocketOpened,
    /// The socket closed without us asking. Browsers report 1006 for network loss.
    SocketClosed {
        code: Option<u16>,
    },
    SocketMessage(String),
    TimerFired(TimerId),
    AuthAnswered {
        channel: String,
        /// Echoed from [`Effect::RequestAuth`]; signatures are only valid for it.
        socket_id: String,
        auth: String,
        channel_data: Option<String>,
    },
    AuthFailed {
        channel: String,
        socket_id: String,
        reason: AuthFailure,
    },
    /// `window` `online`.
    Online,
    /// `window` `offline`. The shell also sends it at start when `navigator.onLine` is false.
    Offline,
    /// `visibilitychange` to visible, at the page's clock (ms).
    PageVisible {
        at_ms: u64,
    },
    /// `visibilitychange` to hidden, at the page's clock (ms).
    PageHidden {
        at_ms: u64,
    },
    Subscribe(String),
    Unsubscribe(String),
    SendClientEvent {
        channel: String,
        event: String,
        data: Value,
    },
}

/// How the auth endpoint answered, as the shell saw it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuthFailure {
    /// 403.
    Forbidden,
    /// 401: the Laravel session expired.
    Unauthorized,
    /// No HTTP answer at all.
    Network,
    /// Any other status or an unreadable body.
    Other(String),
}

/// What the shell must do, in order.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// Open the socket at `frame::socket_path`. There is never more than one.
    OpenSocket,
    /// Close the socket and detach its handlers: no input may come from it afterwards.
    CloseSocket {
        code: u16,
    },
    /// Send this text frame on the open socket.
    Send(String),
    StartTimer {
        timer: TimerId,
        after_ms: u32,
    },
    CancelTimer {
        timer: TimerId,
    },
    /// POST `socket_id` and `channel_name` to the auth endpoint, then answer with
    /// `AuthAnswered` or `AuthFailed` carrying the same socket id.
    RequestAuth {
        channel: String,
        socket_id: String,
    },
    Emit(Event),
}

impl From<TimerCommand> for Effect {
    fn from(command: TimerCommand) -> Self {
        match command {
            TimerCommand::Start { timer, after_ms } => Effect::StartTimer { timer, after_ms },
            TimerCommand::Cancel { timer } => Effect::CancelTimer { timer },
        }
    }
}

/// What the rest of the panel hears about.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    StateChanged(ConnectionState),
    ChannelEvent {
        channel: String,
        event: String,
        data: Value,
        user_id: Option<String>,
    },
    SubscriptionSucceeded {
        channel: String,
    },
    SubscriptionFailed {
        channel: String,
        reason: SubscriptionFailure,
    },
    /// After a reconnect, every wanted channel is back: events sent while we
    /// were away are lost, so stores should refetch.
    Resubscribed,
    /// The page is back after more than [`CATCH_UP_AFTER_HIDDEN_MS`] hidden:
    /// a sleeping laptop's socket may have looked alive while events were
    /// lost, so stores should refetch as after a reconnect.
    BackAfterHidden,
    PresenceSnapshot {
        channel: String,
        members: Vec<Member>,
    },
    MemberAdded {
        channel: String,
        member: Member,
    },
    MemberRemoved {
        channel: String,
        user_id: String,
    },
    /// The auth endpoint answered 401: the panel should sign the user out.
    SignedOut,
    ClientEventRejected {
        channel: String,
        event: String,
        reason: ClientEventRejection,
    },
    /// A `pusher:error` that did not (yet) end the connection. Worth a log line.
    ServerError {
        code: Option<u16>,
        message: String,
    },
    /// Something the server sent made no sense; it was skipped.
    ProtocolError(ProtocolError),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProtocolError {
    BadFrame(FrameError),
    /// A well-formed frame at a moment it makes no sense, e.g. a second greeting.
    Unexpected {
        event: &'static str,
    },
}

/// The connection as the panel shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConnectionState {
    /// Not wanted (never connected, or `Disconnect`).
    Disconnected,
    Connecting,
    Connected,
    /// Still trying, but it has been a while, or the browser is offline.
    Unavailable,
    /// The server refused us for good (4000–4099); only `Connect` tries again.
    Failed {
        reason: FailReason,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FailReason {
    pub code: u16,
    /// From the server's `pusher:error`, when it sent one; may be empty.
    pub message: String,
}

/// What a close code (or an error code announcing a close) asks of us.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CloseAction {
    Fail,
    RetryLater,
    RetryNow,
}

fn close_action(code: Option<u16>) -> CloseAction {
    match code {
        Some(4000..=4099) => CloseAction::Fail,
        Some(4100..=4199) => CloseAction::RetryLater,
        Some(4200..=4299) => CloseAction::RetryNow,
        _ => CloseAction::RetryLater,
    }
}

#[derive(Clone, Debug)]
struct Session {
    socket_id: String,
    activity_ms: u32,
    awaiting_pong: bool,
}

#[derive(Clone, Debug)]
enum Phase {
    Idle,
    /// Wanted, but the browser is offline: wait for `Online`.
    Offline,
    /// `OpenSocket` issued, waiting for `SocketOpened`.
    Opening,
    /// Socket open, waiting for `pusher:connection_established`.
    Handshaking,
    Connected(Session),
    WaitingToRetry,
    Failed(FailReason),
}

/// The Pusher client core. Construct once, feed it every [`Input`].
/// How long hidden before coming back asks the stores to catch up.
pub const CATCH_UP_AFTER_HIDDEN_MS: u64 = 30_000;

#[derive(Clone, Debug)]
pub struct Connection {
    phase: Phase,
    /// When the page was hidden, while it is.
    hidden_since: Option<u64>,
    /// Last state emitted, so changes are reported exactly once.
    reported: ConnectionState,
    channels: BTreeMap<String, Channel>,
    timers: Timers,
    backoff: Backoff,
    online: bool,
    /// The unavailable timer fired during the current connecting stretch.
    unavailable: bool,
    ever_connected: bool,
    /// A reconnect happened and `Resubscribed` is still owed.
    resubscribe_owed: bool,
    /// One `SignedOut` per socket is enough, however many channels get a 401.
    signed_out_reported: bool,
    /// Reverb sends `pusher:error` and then closes without a Pusher close
    /// code, so the error's code decides what that close means. Any later
    /// frame proves the error was not fatal and clears it.
    last_error: Option<(u16, String)>,
    next_order: u64,
}

impl Connection {
    /// `seed` drives the reconnect jitter; the shell passes a random one
    /// (e.g. from `crypto.getRandomValues`), tests a fixed one.
    pub fn new(seed: u64) -> Self {
        Connection {
            phase: Phase::Idle,
            hidden_since: None,
            reported: ConnectionState::Disconnected,
            channels: BTreeMap::new(),
            timers: Timers::default(),
            backoff: Backoff::new(seed),
            online: true,
            unavailable: false,
            ever_connected: false,
            resubscribe_owed: false,
            signed_out_reported: false,
            last_error: None,
            next_order: 0,
        }
    }

    pub fn state(&self) -> &ConnectionState {
        &self.reported
    }

    pub fn socket_id(&self) -> Option<&str> {
        match &self.phase {
            Phase::Connected(session) => Some(&session.socket_id),
            _ => None,
        }
    }

    pub fn subscription(&self, channel: &str) -> Option<SubscriptionStatus> {
        self.channels.get(channel).map(Channel::status)
    }

    /// Members of a subscribed presence channel.
    pub fn members(&self, channel: &str) -> Option<&Members> {
        self.channels
            .get(channel)
            .filter(|c| {
                c.kind == ChannelKind::Presence && c.subscription == Subscription::Subscribed
            })
            .map(|c| &c.members)
    }

    pub fn step(&mut self, input: Input) -> Vec<Effect> {
        let mut out = Vec::new();
        match input {
            Input::Connect => self.connect(&mut out),
            Input::Disconnect => self.disconnect(&mut out),
            Input::SocketOpened => {
                if matches!(self.phase, Phase::Opening) {
                    self.enter(Phase::Handshaking, &mut out);
                }
            }
            Input::SocketClosed { code } => self.socket_closed(code, &mut out),
            Input::SocketMessage(text) => self.socket_message(&text, &mut out),
            Input::TimerFired(timer) => self.timer_fired(timer, &mut out),
            Input::AuthAnswered {
                channel,
                socket_id,
                auth,
                channel_data,
            } => self.auth_answered(&channel, &socket_id, auth, channel_data, &mut out),
            Input::AuthFailed {
                channel,
                socket_id,
                reason,
            } => self.auth_failed(&channel, &socket_id, reason, &mut out),
            Input::Online => self.online(&mut out),
            Input::Offline => self.offline(&mut out),
            Input::PageVisible { at_ms } => {
                let away = self
                    .hidden_since
                    .take()
                    .map(|since| at_ms.saturating_sub(since));
                if away.is_some_and(|away| away > CATCH_UP_AFTER_HIDDEN_MS) {
                    out.push(Effect::Emit(Event::BackAfterHidden));
                }
                self.page_visible(&mut out);
            }
            // Hidden tabs keep their socket: an agent with the panel in the
            // background still needs to hear about new tickets.
            Input::PageHidden { at_ms } => {
                self.hidden_since.get_or_insert(at_ms);
            }
            Input::Subscribe(channel) => self.subscribe(channel, &mut out),
            Input::Unsubscribe(channel) => self.unsubscribe(&channel, &mut out),
            Input::SendClientEvent {
                channel,
                event,
                data,
            } => self.send_client_event(channel, event, data, &mut out),
        }
        self.report_state(&mut out);
        out
    }

    // ---- connection lifecycle ----

    fn connect(&mut self, out: &mut Vec<Effect>) {
        if matches!(self.phase, Phase::Idle | Phase::Failed(_)) {
            self.backoff.reset();
            self.begin_connecting(out);
        }
    }

    /// Starts a connecting stretch: the unavailable clock runs from here, not
    /// from each retry, so the panel does not flap between the two states.
    fn begin_connecting(&mut self, out: &mut Vec<Effect>) {
        self.unavailable = false;
        if !self.online {
            self.timers.cancel(TimerKind::Unavailable, out);
            self.enter(Phase::Offline, out);
            return;
        }
        self.timers
            .start(TimerKind::Unavailable, UNAVAILABLE_AFTER_MS, out);
        self.open_socket(out);
    }

    fn open_socket(&mut self, out: &mut Vec<Effect>) {
        self.timers.cancel(TimerKind::Retry, out);
        out.push(Effect::OpenSocket);
        self.timers
            .start(TimerKind::Handshake, HANDSHAKE_TIMEOUT_MS, out);
        self.enter(Phase::Opening, out);
    }

    fn has_socket(&self) -> bool {
        matches!(
            self.phase,
            Phase::Opening | Phase::Handshaking | Phase::Connected(_)
        )
    }

    /// Closes our socket on our own initiative.
    fn close_socket(&mut self, out: &mut Vec<Effect>) {
        out.push(Effect::CloseSocket { code: NORMAL_CLOSE });
        self.forget_socket(out);
    }

    /// Drops everything tied to the socket that is gone.
    fn forget_socket(&mut self, out: &mut Vec<Effect>) {
        for kind in [TimerKind::Handshake, TimerKind::Activity, TimerKind::Pong] {
            self.timers.cancel(kind, out);
        }
        self.last_error = None;
        for channel in self.channels.values_mut() {
            channel.forget_socket();
        }
    }

    fn disconnect(&mut self, out: &mut Vec<Effect>) {
        if matches!(self.phase, Phase::Idle) {
            return;
        }
        if self.has_socket() {
            self.close_socket(out);
        }
        self.timers.cancel_all(out);
        self.unavailable = false;
        self.enter(Phase::Idle, out);
    }

    fn socket_closed(&mut self, code: Option<u16>, out: &mut Vec<Effect>) {
        if !self.has_socket() {
            return;
        }
        let last_error = self.last_error.take();
        // A real Pusher close code wins; otherwise the error that came just before explains the close.
        let (code, message) = match (code, last_error) {
            (Some(code @ 4000..=4999), _) => (Some(code), String::new()),
            (_, Some((code, message))) => (Some(code), message),
            (code, None) => (code, String::new()),
        };
        self.forget_socket(out);
        self.after_socket_lost(code, message, out);
    }

    fn after_socket_lost(&mut self, code: Option<u16>, message: String, out: &mut Vec<Effect>) {
        match (close_action(code), code) {
            (CloseAction::Fail, Some(code)) => self.fail(FailReason { code, message }, out),
            (CloseAction::RetryNow, _) => self.schedule_retry(true, out),
            _ => self.schedule_retry(false, out),
        }
    }

    fn fail(&mut self, reason: FailReason, out: &mut Vec<Effect>) {
        self.timers.cancel_all(out);
        self.unavailable = false;
        self.enter(Phase::Failed(reason), out);
    }

    /// Never gives up: a support desk left open overnight must come back by itself.
    fn schedule_retry(&mut self, immediately: bool, out: &mut Vec<Effect>) {
        if !self.online {
            self.timers.cancel(TimerKind::Unavailable, out);
            self.timers.cancel(TimerKind::Retry, out);
            self.enter(Phase::Offline, out);
            return;
        }
        if !self.unavailable && !self.timers.is_armed(TimerKind::Unavailable) {
            self.timers
                .start(TimerKind::Unavailable, UNAVAILABLE_AFTER_MS, out);
        }
        // Only the first retry after a success may skip the wait; a server
        // that keeps asking for immediate reconnects gets backed off.
        if immediately && self.backoff.attempt() == 0 {
            self.backoff.count_immediate();
            self.open_socket(out);
        } else {
            let delay = self.backoff.next_delay_ms();
            self.timers.start(TimerKind::Retry, delay, out);
            self.enter(Phase::WaitingToRetry, out);
        }
    }

    fn online(&mut self, out: &mut Vec<Effect>) {
        self.online = true;
        match self.phase {
            Phase::Offline => {
                // Past failures were the network's fault, not the server's.
                self.backoff.reset();
                self.begin_connecting(out);
            }
            Phase::WaitingToRetry => self.open_socket(out),
            Phase::Connected(_) => self.retry_failed_channels(out),
            _ => {}
        }
    }

    fn offline(&mut self, out: &mut Vec<Effect>) {
        self.online = false;
        let wanted = matches!(
            self.phase,
            Phase::Opening | Phase::Handshaking | Phase::Connected(_) | Phase::WaitingToRetry
        );
        if self.has_socket() {
            self.close_socket(out);
        }
        if wanted {
            self.timers.cancel(TimerKind::Retry, out);
            self.timers.cancel(TimerKind::Unavailable, out);
            self.enter(Phase::Offline, out);
        }
    }

    fn page_visible(&mut self, out: &mut Vec<Effect>) {
        match &self.phase {
            // Background tabs get their timers throttled; do not make the
            // agent wait out a stretched backoff.
            Phase::WaitingToRetry => self.open_socket(out),
            // After a laptop sleep the socket may be dead without knowing it;
            // ping now rather than after a full activity timeout.
            Phase::Connected(session) if !session.awaiting_pong => {
                self.send_ping(out);
                self.retry_failed_channels(out);
            }
            _ => {}
        }
    }

    fn timer_fired(&mut self, timer: TimerId, out: &mut Vec<Effect>) {
        if !self.timers.fire(timer) {
            return;
        }
        match timer.kind {
            TimerKind::Handshake => {
                if matches!(self.phase, Phase::Opening | Phase::Handshaking) {
                    self.close_socket(out);
                    self.schedule_retry(false, out);
                }
            }
            TimerKind::Unavailable => {
                if matches!(
                    self.phase,
                    Phase::Opening | Phase::Handshaking | Phase::WaitingToRetry
                ) {
                    self.unavailable = true;
                }
            }
            TimerKind::Retry => {
                if matches!(self.phase, Phase::WaitingToRetry) {
                    self.open_socket(out);
                }
            }
            TimerKind::Activity => {
                if matches!(self.phase, Phase::Connected(_)) {
                    self.send_ping(out);
                }
            }
            TimerKind::Pong => {
                if matches!(&self.phase, Phase::Connected(s) if s.awaiting_pong) {
                    self.close_socket(out);
                    self.schedule_retry(true, out);
                }
            }
        }
    }

    fn send_ping(&mut self, out: &mut Vec<Effect>) {
        let Phase::Connected(session) = &mut self.phase else {
            return;
        };
        session.awaiting_pong = true;
        out.push(Effect::Send(Outgoing::Ping.encode()));
        self.timers.cancel(TimerKind::Activity, out);
        self.timers.start(TimerKind::Pong, PONG_TIMEOUT_MS, out);
    }

    /// Any frame proves the socket alive, so the silence clock starts over.
    fn note_activity(&mut self, out: &mut Vec<Effect>) {
        let Phase::Connected(session) = &mut self.phase else {
            return;
        };
        session.awaiting_pong = false;
        let activity_ms = session.activity_ms;
        self.timers.cancel(TimerKind::Pong, out);
        self.timers.start(TimerKind::Activity, activity_ms, out);
    }

    // ---- frames from the server ----

    fn socket_message(&mut self, text: &str, out: &mut Vec<Effect>) {
        if !self.has_socket() {
            return;
        }
        self.note_activity(out);
        let frame = match frame::parse(text) {
            Ok(frame) => frame,
            Err(error) => {
                out.push(Effect::Emit(Event::ProtocolError(ProtocolError::BadFrame(
                    error,
                ))));
                return;
            }
        };
        if !matches!(frame, Incoming::Error { .. }) {
            self.last_error = None;
        }
        let connected = matches!(self.phase, Phase::Connected(_));
        match frame {
            Incoming::ConnectionEstablished {
                socket_id,
                activity_timeout_s,
            } => {
                if connected {
                    out.push(unexpected("pusher:connection_established"));
                } else {
                    self.established(socket_id, activity_timeout_s, out);
                }
            }
            Incoming::Ping => out.push(Effect::Send(Outgoing::Pong.encode())),
            Incoming::Pong | Incoming::Unhandled { .. } => {}
            Incoming::Error {
                code,
                message,
                channel,
            } => self.server_error(code, message, channel, out),
            _ if !connected => out.push(unexpected("channel frame before connection_established")),
            Incoming::SubscriptionSucceeded { channel, presence } => {
                self.subscription_succeeded(channel, presence, out)
            }
            Incoming::SubscriptionError {
                channel,
                status,
                message,
            } => {
                if self.is_subscribing(&channel) {
                    let reason = SubscriptionFailure::Refused {
                        code: status,
                        message,
                    };
                    self.fail_channel(&channel, reason, out);
                }
            }
            Incoming::MemberAdded { channel, member } => self.member_added(channel, member, out),
            Incoming::MemberRemoved { channel, user_id } => {
                self.member_removed(channel, user_id, out)
            }
            Incoming::ChannelEvent {
                channel,
                event,
                data,
                user_id,
            } => {
                // Events for channels we left are in flight by design; drop them quietly.
                if self.is_subscribed(&channel) {
                    out.push(Effect::Emit(Event::ChannelEvent {
                        channel,
                        event,
                        data,
                        user_id,
                    }));
                }
            }
        }
    }

    fn established(
        &mut self,
        socket_id: String,
        activity_timeout_s: Option<u64>,
        out: &mut Vec<Effect>,
    ) {
        for kind in [
            TimerKind::Handshake,
            TimerKind::Unavailable,
            TimerKind::Retry,
        ] {
            self.timers.cancel(kind, out);
        }
        self.backoff.reset();
        self.unavailable = false;
        self.signed_out_reported = false;
        let activity_s = match activity_timeout_s {
            Some(seconds) if seconds > 0 => seconds.min(MAX_ACTIVITY_TIMEOUT_S),
            _ => MAX_ACTIVITY_TIMEOUT_S,
        };
        // At most 120 000, so it fits.
        let activity_ms = (activity_s * 1000) as u32;
        self.enter(
            Phase::Connected(Session {
                socket_id,
                activity_ms,
                awaiting_pong: false,
            }),
            out,
        );
        self.timers.start(TimerKind::Activity, activity_ms, out);
        self.resubscribe_owed = self.ever_connected;
        self.ever_connected = true;
        let wanted: Vec<String> = self
            .channels
            .iter()
            .filter(|(_, channel)| channel.wants_subscribing())
            .map(|(name, _)| name.clone())
            .collect();
        for name in wanted {
            self.start_subscription(&name, out);
        }
        self.report_resubscribed_if_done(out);
    }

    fn server_error(
        &mut self,
        code: Option<u16>,
        message: String,
        channel: Option<String>,
        out: &mut Vec<Effect>,
    ) {
        if !matches!(self.phase, Phase::Connected(_)) {
            // Refused during the handshake: the server is about to close;
            // act now instead of waiting for a close that may come late.
            if let Some(code @ 4000..=4299) = code {
                self.close_socket(out);
                self.after_socket_lost(Some(code), message, out);
                return;
            }
            self.last_error = code.map(|code| (code, message.clone()));
            out.push(Effect::Emit(Event::ServerError { code, message }));
            return;
        }
        // Reverb answers a subscribe with a bad signature by a 4009 error that
        // names no channel, and sockudo a subscribe it cannot accept (say, a
        // presence `user_id` that is not a string) by a 4300; subscribes are
        // handled in order, so it belongs to the oldest one still pending. Left
        // pending, that channel would also hold back the catch-up after every
        // reconnect, which waits for all channels to settle.
        let refused = match channel {
            Some(name) if self.is_subscribing(&name) => Some(name),
            Some(_) => None,
            None if matches!(code, Some(4009 | 4300)) => self.oldest_pending(),
            None => None,
        };
        if let Some(name) = refused {
            self.fail_channel(&name, SubscriptionFailure::Refused { code, message }, out);
            return;
        }
        // Reverb also uses 4009 for a client event refused on a channel the
        // server thinks we left; that must not condemn the next close to Failed.
        if code != Some(4009) {
            self.last_error = code.map(|code| (code, message.clone()));
        }
        out.push(Effect::Emit(Event::ServerError { code, message }));
    }

    // ---- channels ----

    fn subscribe(&mut self, name: String, out: &mut Vec<Effect>) {
        let kind = match ChannelKind::of(&name) {
            Ok(kind) => kind,
            Err(problem) => {
                out.push(Effect::Emit(Event::SubscriptionFailed {
                    channel: name,
                    reason: SubscriptionFailure::InvalidName(problem),
                }));
                return;
            }
        };
        match self.channels.get_mut(&name) {
            // Asking again after a failure is how the panel retries.
            Some(channel) if matches!(channel.subscription, Subscription::Failed(_)) => {
                channel.subscription = Subscription::Queued;
            }
            Some(_) => return,
            None => {
                self.channels.insert(name.clone(), Channel::new(kind));
            }
        }
        if matches!(self.phase, Phase::Connected(_)) {
            self.start_subscription(&name, out);
        }
    }

    fn start_subscription(&mut self, name: &str, out: &mut Vec<Effect>) {
        let Phase::Connected(session) = &self.phase else {
            return;
        };
        let socket_id = session.socket_id.clone();
        let Some(channel) = self.channels.get_mut(name) else {
            return;
        };
        if channel.kind.needs_auth() {
            channel.subscription = Subscription::Authorizing {
                socket_id: socket_id.clone(),
            };
            out.push(Effect::RequestAuth {
                channel: name.to_owned(),
                socket_id,
            });
        } else {
            channel.subscription = Subscription::Pending {
                order: self.next_order,
            };
            self.next_order += 1;
            out.push(Effect::Send(
                Outgoing::Subscribe {
                    channel: name.to_owned(),
                    auth: None,
                    channel_data: None,
                }
                .encode(),
            ));
        }
    }

    fn retry_failed_channels(&mut self, out: &mut Vec<Effect>) {
        let retryable: Vec<String> = self
            .channels
            .iter()
            .filter(|(_, c)| matches!(&c.subscription, Subscription::Failed(f) if f.is_retryable()))
            .map(|(name, _)| name.clone())
            .collect();
        for name in retryable {
            self.start_subscription(&name, out);
        }
    }

    /// Checks the answer still belongs to the current socket and to a channel
    /// still waiting for it; anything else is a stale answer.
    fn is_awaiting_auth(&self, name: &str, socket_id: &str) -> bool {
        let current = matches!(&self.phase, Phase::Connected(s) if s.socket_id == socket_id);
        current
            && self.channels.get(name).is_some_and(|c| {
                matches!(&c.subscription, Subscription::Authorizing { socket_id: s } if s == socket_id)
            })
    }

    fn auth_answered(
        &mut self,
        name: &str,
        socket_id: &str,
        auth: String,
        channel_data: Option<String>,
        out: &mut Vec<Effect>,
    ) {
        if !self.is_awaiting_auth(name, socket_id) {
            return;
        }
        let Some(channel) = self.channels.get_mut(name) else {
            return;
        };
        if channel.kind == ChannelKind::Presence && channel_data.is_none() {
            self.fail_channel(name, SubscriptionFailure::MissingChannelData, out);
            return;
        }
        channel.subscription = Subscription::Pending {
            order: self.next_order,
        };
        self.next_order += 1;
        // `channel_data` goes along whenever given: the signature covers it.
        out.push(Effect::Send(
            Outgoing::Subscribe {
                channel: name.to_owned(),
                auth: Some(auth),
                channel_data,
            }
            .encode(),
        ));
    }

    fn auth_failed(
        &mut self,
        name: &str,
        socket_id: &str,
        reason: AuthFailure,
        out: &mut Vec<Effect>,
    ) {
        if !self.is_awaiting_auth(name, socket_id) {
            return;
        }
        let signed_out = reason == AuthFailure::Unauthorized;
        let failure = match reason {
            AuthFailure::Forbidden => SubscriptionFailure::Forbidden,
            AuthFailure::Unauthorized => SubscriptionFailure::Unauthorized,
            AuthFailure::Network => SubscriptionFailure::AuthUnreachable,
            AuthFailure::Other(detail) => SubscriptionFailure::AuthError { detail },
        };
        self.fail_channel(name, failure, out);
        if signed_out && !self.signed_out_reported {
            self.signed_out_reported = true;
            out.push(Effect::Emit(Event::SignedOut));
        }
    }

    fn fail_channel(&mut self, name: &str, reason: SubscriptionFailure, out: &mut Vec<Effect>) {
        let Some(channel) = self.channels.get_mut(name) else {
            return;
        };
        channel.subscription = Subscription::Failed(reason.clone());
        channel.members.clear();
        out.push(Effect::Emit(Event::SubscriptionFailed {
            channel: name.to_owned(),
            reason,
        }));
        self.report_resubscribed_if_done(out);
    }

    fn subscription_succeeded(
        &mut self,
        name: String,
        presence: Option<PresenceSnapshot>,
        out: &mut Vec<Effect>,
    ) {
        let Some(channel) = self.channels.get_mut(&name) else {
            return;
        };
        if !matches!(channel.subscription, Subscription::Pending { .. }) {
            return;
        }
        channel.subscription = Subscription::Subscribed;
        if channel.kind == ChannelKind::Presence {
            let members = presence.map(|p| p.members).unwrap_or_default();
            channel.members = members
                .iter()
                .map(|m| (m.user_id.clone(), m.user_info.clone()))
                .collect();
            // Before `SubscriptionSucceeded`, so the member list is ready when stores hear of it.
            out.push(Effect::Emit(Event::PresenceSnapshot {
                channel: name.clone(),
                members,
            }));
        }
        out.push(Effect::Emit(Event::SubscriptionSucceeded { channel: name }));
        self.report_resubscribed_if_done(out);
    }

    fn member_added(&mut self, name: String, member: Member, out: &mut Vec<Effect>) {
        let Some(channel) = self.subscribed_presence(&name) else {
            return;
        };
        // A second tab of the same user is not a new member; refresh the info silently.
        let is_new = channel
            .members
            .insert(member.user_id.clone(), member.user_info.clone())
            .is_none();
        if is_new {
            out.push(Effect::Emit(Event::MemberAdded {
                channel: name,
                member,
            }));
        }
    }

    fn member_removed(&mut self, name: String, user_id: String, out: &mut Vec<Effect>) {
        let Some(channel) = self.subscribed_presence(&name) else {
            return;
        };
        if channel.members.remove(&user_id).is_some() {
            out.push(Effect::Emit(Event::MemberRemoved {
                channel: name,
                user_id,
            }));
        }
    }

    fn subscribed_presence(&mut self, name: &str) -> Option<&mut Channel> {
        self.channels.get_mut(name).filter(|c| {
            c.kind == ChannelKind::Presence && c.subscription == Subscription::Subscribed
        })
    }

    fn unsubscribe(&mut self, name: &str, out: &mut Vec<Effect>) {
        let Some(channel) = self.channels.remove(name) else {
            return;
        };
        // Queued or authorizing channels never reached the server; removing
        // the entry is enough, and makes any late auth answer stale.
        if matches!(
            channel.subscription,
            Subscription::Pending { .. } | Subscription::Subscribed
        ) {
            out.push(Effect::Send(
                Outgoing::Unsubscribe {
                    channel: name.to_owned(),
                }
                .encode(),
            ));
        }
        self.report_resubscribed_if_done(out);
    }

    fn send_client_event(
        &mut self,
        channel: String,
        event: String,
        data: Value,
        out: &mut Vec<Effect>,
    ) {
        let checked = ClientEvent::new(channel.clone(), event.clone(), data).and_then(|client| {
            if self.is_subscribed(client.channel()) {
                Ok(client)
            } else {
                Err(ClientEventRejection::NotSubscribed)
            }
        });
        match checked {
            Ok(client) => out.push(Effect::Send(Outgoing::ClientEvent(client).encode())),
            Err(reason) => out.push(Effect::Emit(Event::ClientEventRejected {
                channel,
                event,
                reason,
            })),
        }
    }

    fn is_subscribed(&self, name: &str) -> bool {
        self.channels
            .get(name)
            .is_some_and(|c| c.subscription == Subscription::Subscribed)
    }

    /// Waiting on the server or the auth endpoint for this channel.
    fn is_subscribing(&self, name: &str) -> bool {
        self.channels.get(name).is_some_and(|c| {
            matches!(
                c.subscription,
                Subscription::Pending { .. } | Subscription::Authorizing { .. }
            )
        })
    }

    fn oldest_pending(&self) -> Option<String> {
        self.channels
            .iter()
            .filter_map(|(name, c)| match c.subscription {
                Subscription::Pending { order } => Some((order, name)),
                _ => None,
            })
            .min()
            .map(|(_, name)| name.clone())
    }

    fn report_resubscribed_if_done(&mut self, out: &mut Vec<Effect>) {
        if self.resubscribe_owed
            && matches!(self.phase, Phase::Connected(_))
            && self.channels.values().all(Channel::is_settled)
        {
            self.resubscribe_owed = false;
            out.push(Effect::Emit(Event::Resubscribed));
        }
    }

    // ---- state reporting ----

    fn enter(&mut self, phase: Phase, out: &mut Vec<Effect>) {
        self.phase = phase;
        self.report_state(out);
    }

    fn current_state(&self) -> ConnectionState {
        match &self.phase {
            Phase::Idle => ConnectionState::Disconnected,
            Phase::Offline => ConnectionState::Unavailable,
            Phase::Connected(_) => ConnectionState::Connected,
            Phase::Failed(reason) => ConnectionState::Failed {
                reason: reason.clone(),
            },
            Phase::Opening | Phase::Handshaking | Phase::WaitingToRetry => {
                if self.unavailable {
                    ConnectionState::Unavailable
                } else {
                    ConnectionState::Connecting
                }
            }
        }
    }

    fn report_state(&mut self, out: &mut Vec<Effect>) {
        let state = self.current_state();
        if state != self.reported {
            self.reported = state.clone();
            out.push(Effect::Emit(Event::StateChanged(state)));
        }
    }

    /// Internal consistency, for the property test.
    #[cfg(test)]
    pub(crate) fn check_invariants(&self) -> Result<(), String> {
        let armed = |kind| self.timers.is_armed(kind);
        if self.reported != self.current_state() {
            return Err(format!(
                "reported {:?}, phase says {:?}",
                self.reported,
                self.current_state()
            ));
        }
        let require = |ok: bool, what: &str| {
            if ok {
                Ok(())
            } else {
                Err(format!("{what} in {:?}", self.phase))
            }
        };
        match &self.phase {
            Phase::Idle | Phase::Failed(_) => {
                require(TimerKind::ALL.iter().all(|&k| !armed(k)), "timers armed")?
            }
            Phase::Offline => require(
                !armed(TimerKind::Retry)
                    && !armed(TimerKind::Handshake)
                    && !armed(TimerKind::Activity),
                "socket timers while offline",
            )?,
            Phase::Opening | Phase::Handshaking => require(
                armed(TimerKind::Handshake)
                    && !armed(TimerKind::Activity)
                    && !armed(TimerKind::Retry),
                "handshake timers",
            )?,
            Phase::WaitingToRetry => require(
                armed(TimerKind::Retry) && !armed(TimerKind::Handshake),
                "retry timer",
            )?,
            Phase::Connected(session) => {
                require(
                    armed(TimerKind::Activity) != armed(TimerKind::Pong),
                    "exactly one liveness timer",
                )?;
                require(
                    armed(TimerKind::Pong) == session.awaiting_pong,
                    "pong timer matches",
                )?;
                require(
                    !armed(TimerKind::Retry) && !armed(TimerKind::Handshake),
                    "stray timers",
                )?;
            }
        }
        if !matches!(self.phase, Phase::Connected(_)) {
            let on_wire = self.channels.values().any(|c| {
                matches!(
                    c.subscription,
                    Subscription::Authorizing { .. }
                        | Subscription::Pending { .. }
                        | Subscription::Subscribed
                )
            });
            require(!on_wire, "subscriptions without a connection")?;
        }
        let stray_members = self.channels.values().any(|c| {
            !c.members.is_empty()
                && (c.kind != ChannelKind::Presence || c.subscription != Subscription::Subscribed)
        });
        require(
            !stray_members,
            "members outside a subscribed presence channel",
        )
    }
}

fn unexpected(event: &'static str) -> Effect {
    Effect::Emit(Event::ProtocolError(ProtocolError::Unexpected { event }))
}
