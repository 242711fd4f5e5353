//! Who else is on the ticket, and who is typing, over the presence channel;
//! and, where the backend offers `viewers` (contract v3), typing as the
//! server witnesses it, which any Pusher server relays faithfully (sockudo
//! stamps no sender on client events). A backend with neither shows nobody.

use std::time::Duration;

use leptos::prelude::*;

use crate::api::ApiClient;
use crate::realtime::browser::Live;
use crate::state::offered::Offered;
use crate::state::presence::{
    trusted_notice, typing_from_viewers, viewers, Typing, TypingNotice, TYPING_EVENT,
    TYPING_RENEW_MS, TYPING_TTL_MS, VIEWERS_EVENT, VIEWING_RENEW_MS,
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
    live.on_raw(&presence_channel, move |event, data, sender| {
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
    let viewers = {
        let channel = presence_channel.clone();
        Signal::derive(move || viewers(&live.members(&channel), me))
    };
    let my_name = expect_context::<SessionStore>()
        .admin()
        .map(|a| a.name)
        .unwrap_or_default();
    let last_whisper = StoredValue::new(0.0_f64);
    let witnessed = report_viewing(id, me);
    let on_typing = Callback::new(move |typing_now: bool| {
        witnessed.typing(typing_now);
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
        typing: Signal::derive(move || {
            let mut names = typing.with(Typing::names);
            for name in witnessed.typing_names.get() {
                if !names.contains(&name) {
                    names.push(name);
                }
            }
            names
        }),
        on_typing,
    }
}

/// The `viewers` side: tells the backend this admin is on the ticket (every
/// 20 s, and on each change of typing), hears who else types from its
/// `ticket.viewers`, and says goodbye when the thread closes.
#[derive(Clone, Copy)]
struct Witnessed {
    offered: Signal<bool>,
    typing_now: StoredValue<bool>,
    typing_names: RwSignal<Vec<String>>,
    report: Callback<()>,
}

impl Witnessed {
    fn typing(&self, typing: bool) {
        if self.offered.get_untracked() && self.typing_now.get_value() != typing {
            self.typing_now.set_value(typing);
            self.report.run(());
        }
    }
}

fn report_viewing(id: u64, me: u64) -> Witnessed {
    let live = expect_context::<Live>();
    let api = expect_context::<ApiClient>();
    let capabilities = Offered::expect();
    let offered = Signal::derive(move || capabilities.get().viewers);
    let typing_now = StoredValue::new(false);
    let typing_names = RwSignal::new(Vec::new());
    live.on_raw(&api.config().channels.admin, move |event, data, _| {
        if event == VIEWERS_EVENT {
            if let Some(names) = typing_from_viewers(data, id, me) {
                typing_names.try_set(names);
            }
        }
    });
    let report = {
        let api = api.clone();
        Callback::new(move |()| {
            let api = api.clone();
            let typing = typing_now.get_value();
            leptos::task::spawn_local(async move {
                // Best effort: the next renewal says it again.
                let _ = api.viewing(id, typing).await;
            });
        })
    };
    Effect::new(move |_| {
        if !offered.get() {
            return;
        }
        report.run(());
        let renew = set_interval_with_handle(
            move || report.run(()),
            Duration::from_millis(VIEWING_RENEW_MS),
        );
        let api = api.clone();
        on_cleanup(move || {
            if let Ok(renew) = renew {
                renew.clear();
            }
            leptos::task::spawn_local(async move {
                let _ = api.stop_viewing(id).await;
            });
        });
    });
    Witnessed {
        offered,
        typing_now,
        typing_names,
        report,
    }
}
