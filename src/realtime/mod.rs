//! Live events from Laravel Reverb, which speaks the Pusher Channels protocol v7.
//!
//! No maintained Rust Pusher client runs in the browser, so Mesa carries its
//! own. This module is its core: a pure, synchronous state machine with no
//! sockets, timers, futures or clocks inside. A thin browser shell owns the
//! `WebSocket`, `setTimeout` handles and the auth `fetch`, feeds every event
//! to [`Connection::step`] as an [`Input`], and carries out the [`Effect`]s it
//! returns, in order. Keeping the shell dumb keeps the tricky parts (reconnect
//! backoff, stale timers, auth racing a reconnect) testable without a browser.
//!
//! The shell's side of the contract:
//! - One socket at a time, opened at `frame::socket_path(key, version)` on
//!   [`Effect::OpenSocket`]. Its `open`, `message` and `close` events become
//!   `SocketOpened`, `SocketMessage` and `SocketClosed` (`error` is always
//!   followed by `close`, so it needs no input of its own).
//! - On [`Effect::CloseSocket`] detach the handlers before closing: the
//!   machine expects no input from a socket it has let go of.
//! - [`Effect::StartTimer`] maps to `setTimeout` reporting
//!   `TimerFired(timer)`; [`Effect::CancelTimer`] to `clearTimeout`. A fire that
//!   slips past a cancel is harmless: the machine checks the timer generation.
//! - [`Effect::RequestAuth`] is a POST to the auth endpoint; the answer goes back
//!   with the same `socket_id`, so answers for an older socket are discarded.
//! - Randomness for reconnect jitter is a seed given to [`Connection::new`].
//!
//! The connection's life, as [`ConnectionState`] reports it:
//!
//! ```text
//!                Connect
//!  Disconnected ─────────► Connecting ──── connection_established ───► Connected
//!       ▲                   │   ▲  │                                    │
//!       │ Disconnect        │   │  └─ 10 s without success ─► Unavailable (still retrying)
//!       │ (from any state)  │   │                                       │
//!       │                   │   └── retry timer (1 s × 2ⁿ, full jitter, ◄┘ socket closed,
//!       │                   │       capped at 30 s; at once for 42xx,    pong missed,
//!       │                   │       `online`, page visible again)        4100–4299
//!       │                   │
//!       │                   └── close or error 4000–4099 (wrong key, …) ──► Failed{reason}
//!       │                                                                  (no retry loop)
//!
//!  Connected: silence for min(activity_timeout, 120 s) → ping; nothing back in
//!  30 s → close and retry. Every new socket_id → re-authorize and re-subscribe
//!  each channel, then `Resubscribed` so stores fetch what they missed.
//! ```
//!
//! [`browser`] is the shell the panel uses: [`browser::Live`] gives views the
//! connection state, channel listeners, presence members and client events.

mod backoff;
pub mod browser;
mod channel;
pub mod frame;
pub mod listeners;
mod machine;
mod timer;

#[cfg(test)]
mod tests;

pub use channel::{
    ChannelKind, ChannelNameError, Members, SubscriptionFailure, SubscriptionStatus,
};
pub use frame::{ClientEventRejection, FrameError, Member};
pub use machine::{
    AuthFailure, Connection, ConnectionState, Effect, Event, FailReason, Input, ProtocolError,
};
pub use timer::{TimerId, TimerKind};
