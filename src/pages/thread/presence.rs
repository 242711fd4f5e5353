//! Who else is on the ticket, and who is typing, over the presence channel.
//! A backend without the presence channel simply shows nobody.

use std::time::Duration;

use leptos::prelude::*;

use crate::api::ApiClient;
use crate::realtime::browser::Live;
use crate::state::presence::{
    trusted_notice, viewers, Typing, TypingNotice, TYPING_EVENT, TYPING_RENEW_MS, TYPING_TTL_MS,
};
use crate::state::session::SessionStore;

pub struct Presence {
    pub viewers: Signal<Vec<String>>,
    pub typing: Signal<Vec<String>>,
    /// Told by the composer whether the admin is typing.
    pub on_typing: Callback<bool>,
}

pub fn presence(id: u64, me: u64) -> Presence {
    let live = expect_context::<Live>();
    let presence_channel = expect_context::<ApiClient>()
        .config()
        .channels
        .ticket_presence(id);
    let typing = RwSignal::new(Typing::default());
    let members_of = presence_channel.clone();
    let heard = live.listen(&presence_channel, move |event, data, sender| {
        if event != TYPING_EVENT {
            return;
        }
        let members = live.members_untracked(&members_of);
        let Some(notice) = trusted_notice(data, sender, &members) else {
            leptos::logging::warn!("thread: skipped a typing notice the server does not vouch for");
            return;
        };
        if notice.admin_id == me {
            return;
        }
        if let Some(Some(generation)) = typing.try_update(|t| t.heard(&notice)) {
            set_timeout(
                move || {
                    typing.try_update(|t| t.expire(notice.admin_id, generation));
                },
                Duration::from_millis(u64::from(TYPING_TTL_MS)),
            );
        }
    });
    let _presence = StoredValue::new_local(heard);
    let viewers = {
        let channel = presence_channel.clone();
        Signal::derive(move || viewers(&live.members(&channel), me))
    };
    let my_name = expect_context::<SessionStore>()
        .admin()
        .map(|a| a.name)
        .unwrap_or_default();
    let last_whisper = StoredValue::new(0.0_f64);
    let on_typing = Callback::new(move |typing_now: bool| {
        if !live.is_subscribed_untracked(&presence_channel) {
            return;
        }
        let now = js_sys::Date::now();
        // Renew every couple of seconds while typing; say "stopped" once.
        let due = if typing_now {
            now - last_whisper.get_value() >= TYPING_RENEW_MS
        } else {
            last_whisper.get_value() > 0.0
        };
        if due {
            let notice = TypingNotice {
                admin_id: me,
                name: my_name.clone(),
                typing: typing_now,
            };
            live.whisper(
                &presence_channel,
                TYPING_EVENT,
                serde_json::to_value(notice).unwrap_or_default(),
            );
            last_whisper.set_value(if typing_now { now } else { 0.0 });
        }
    });

    Presence {
        viewers,
        typing: Signal::derive(move || typing.with(Typing::names)),
        on_typing,
    }
}
