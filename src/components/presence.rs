//! Who else is viewing the ticket, and who is typing a reply.

use leptos::prelude::*;

use crate::i18n::{fill, Text};
use crate::state::locale::I18n;
use crate::state::presence::{first_names, viewers};

#[component]
pub fn PresenceBar(
    #[prop(into)] viewers: Signal<Vec<String>>,
    #[prop(into)] typing: Signal<Vec<String>>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    view! {
        <Show when=move || !viewers.with(Vec::is_empty)>
            <p class="presence" data-testid="viewers">
                {move || fill(i18n.t(Text::AlsoViewing), &[("names", &viewers.get().join(", "))])}
            </p>
        </Show>
        <Show when=move || !typing.with(Vec::is_empty)>
            <p class="presence presence-typing" data-testid="typing">
                {move || fill(i18n.t(Text::IsTyping), &[("names", &typing.get().join(", "))])}
            </p>
        </Show>
    }
}

/// How many viewers an inbox row names before "and N more".
const ROW_VIEWERS_SHOWN: usize = 2;

/// Who else has this ticket open, on its inbox row, and who is typing.
/// With contract v3's `viewers` the backend witnesses it for every row;
/// without, it is known only for presence channels the panel is on already
/// (the open ticket's): joining others would make this admin appear as a
/// viewer everywhere.
#[component]
pub fn RowViewers(ticket_id: u64) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let channel = expect_context::<crate::api::ApiClient>()
        .config()
        .channels
        .ticket_presence(ticket_id);
    let me = expect_context::<crate::state::session::SessionStore>()
        .admin()
        .map(|a| a.id)
        .unwrap_or_default();
    let live = use_context::<crate::realtime::browser::Live>();
    let desk = use_context::<crate::state::desk::Desk>();
    let offered = crate::state::offered::Offered::used();
    let on_ticket = Memo::new(move |_| {
        let witnessed = offered.is_some_and(|c| c.with(|c| c.viewers));
        on_ticket(desk.filter(|_| witnessed), live, &channel, ticket_id, me)
    });
    let names = Memo::new(move |_| on_ticket.with(|(names, _)| names.clone()));
    let typing = Memo::new(move |_| on_ticket.with(|(_, typing)| typing.clone()));
    let short = move || {
        let (shown, more) = names.with(|n| first_names(n, ROW_VIEWERS_SHOWN));
        let list = shown.join(", ");
        let list = if more > 0 {
            fill(
                i18n.t(Text::ViewersMore),
                &[("names", &list), ("count", &more.to_string())],
            )
        } else {
            list
        };
        fill(i18n.t(Text::RowViewers), &[("names", &list)])
    };
    let full = move || {
        fill(
            i18n.t(Text::AlsoViewing),
            &[("names", &names.get().join(", "))],
        )
    };
    view! {
        <Show when=move || !names.with(Vec::is_empty)>
            <span class="row-viewers" data-testid="row-viewers" title=full>
                <span aria-hidden="true">{short}</span>
                <span class="visually-hidden">{full}</span>
            </span>
        </Show>
        <Show when=move || !typing.with(Vec::is_empty)>
            <span class="row-typing" data-testid="row-typing">
                {move || fill(i18n.t(Text::IsTyping), &[("names", &typing.get().join(", "))])}
            </span>
        </Show>
    }
}

/// Who is on a ticket and who types: the backend's witness when there is
/// one, else the presence channel's members (nobody typing: that is the
/// open thread's to show).
fn on_ticket(
    witness: Option<crate::state::desk::Desk>,
    live: Option<crate::realtime::browser::Live>,
    channel: &str,
    ticket_id: u64,
    me: u64,
) -> (Vec<String>, Vec<String>) {
    match witness {
        Some(desk) => desk.viewers.with(|v| v.on(ticket_id, me)),
        None => (
            live.map(|live| viewers(&live.members(channel), me))
                .unwrap_or_default(),
            Vec::new(),
        ),
    }
}
