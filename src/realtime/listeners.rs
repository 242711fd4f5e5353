//! The one way the panel listens: a channel's events, parsed, for as long as
//! the calling component lives; and the moments it must catch up by REST.
//! Every hook and component goes through these, so "parse, skip the unknown,
//! warn about the unreadable, keep the guard" is written once.

use leptos::prelude::*;
use serde_json::Value;

use super::browser::Live;
use crate::api::events::{EventError, LiveEvent};

/// Which successful subscriptions [`Live::on_subscribed`] reports.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Rises {
    /// Every one, including a subscription that already holds: the caller
    /// loaded what it shows before it listened.
    Every,
    /// Only the first after the call, not one that already holds: the caller
    /// loads after it listens, and hears of later gaps from `on_catch_up`.
    First,
}

impl Live {
    /// Subscribes to `channel` while the current owner lives and hands each
    /// event the panel knows to `on_event`. Unknown events (another app's on
    /// the same channel) are skipped; unreadable ones are skipped with a
    /// warning that names `area`.
    pub fn on_event(
        &self,
        channel: &str,
        area: &'static str,
        on_event: impl Fn(LiveEvent) + 'static,
    ) {
        self.on_raw(
            channel,
            move |event, data, _sender| match LiveEvent::parse(event, data) {
                Ok(event) => on_event(event),
                Err(EventError::Unknown(_)) => {}
                Err(error) => leptos::logging::warn!("{area}: skipped an event: {error:?}"),
            },
        );
    }

    /// Like `on_event`, for what the panel reads by hand: client events,
    /// whose `sender` is the `user_id` the Pusher server stamped on them, and
    /// payloads that are not `LiveEvent`s.
    pub fn on_raw(&self, channel: &str, listener: impl Fn(&str, &Value, Option<&str>) + 'static) {
        let listening = self.listen(channel, listener);
        // Dropped with the owner, which unsubscribes the last listener.
        let _listening = StoredValue::new_local(listening);
    }

    /// Runs `catch_up` after every reconnect (once all channels are back) and
    /// when the page returns after a while hidden: what was sent meanwhile may
    /// not have been heard. Not at once: nothing was missed yet.
    pub fn on_catch_up(&self, catch_up: impl Fn() + 'static) {
        let live = *self;
        Effect::new(move |seen: Option<u64>| {
            let now = live.catch_ups();
            if seen.is_some_and(|seen| seen != now) {
                catch_up();
            }
            now
        });
    }

    /// Runs `subscribed` when `channel`'s subscription succeeds (see
    /// [`Rises`]): events sent before it were not heard.
    pub fn on_subscribed(&self, channel: &str, rises: Rises, subscribed: impl Fn() + 'static) {
        let (live, channel) = (*self, channel.to_string());
        // What the effect keeps: whether the subscription held last time, and
        // whether it ever held since the call.
        Effect::new(move |last: Option<(bool, bool)>| {
            let now = live.is_subscribed(&channel);
            let report = match (rises, last) {
                (Rises::Every, None) => now,
                (Rises::Every, Some((held, _))) => now && !held,
                (Rises::First, None) => false,
                (Rises::First, Some((_, ever))) => now && !ever,
            };
            if report {
                subscribed();
            }
            let ever = last.is_some_and(|(_, ever)| ever) || now;
            // A subscription that held at the call counts as "ever" for `First`.
            (now, ever)
        });
    }
}
