//! The open ticket: its conversation, live; the reply composer; the status
//! and assignment controls.

mod conversation;
mod customer;
mod keys;
mod notes;
mod presence;

use conversation::Conversation;
use customer::customer_aside;
use keys::use_thread_keys;
use notes::notes;
use presence::{presence, Presence};

use leptos::html;
use leptos::prelude::*;

use crate::api::types::{TicketDetail, TicketStatus, TicketSummary};
use crate::api::{ApiClient, TicketUpdate};
use crate::components::composer::ReplyComposer;
use crate::components::notice::{ErrorNotice, Loading};
use crate::components::presence::PresenceBar;
use crate::components::thread::{OpenTicket, ThreadHeader};
use crate::components::thread_nav::ThreadNav;
use crate::components::ticket_controls::TicketControls;
use crate::components::triage::TriageControls;
use crate::hooks::replies::{use_replies, Replies};
use crate::hooks::thread::use_live_thread;
use crate::hooks::thread_scroll::use_thread_scroll;
use crate::hooks::ticket_update::{use_ticket_update, TicketUpdating};
use crate::i18n::{fill, Text};
use crate::realtime::browser::Live;
use crate::realtime::SubscriptionStatus;
use crate::state::canned::Placeholders;
use crate::state::locale::I18n;
use crate::state::offered::Offered;
use crate::state::session::SessionStore;
use crate::state::thread::ThreadStoreFields;
use crate::state::thread_store::OpenThread;

#[component]
pub fn ThreadPage() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let app_path = crate::router::use_app_path();
    let raw_id = Memo::new(move |_| {
        app_path.with(|path| {
            crate::router::ticket_segment(path)
                .unwrap_or_default()
                .to_string()
        })
    });
    let ticket_id = Memo::new(move |_| raw_id.get().parse::<u64>().ok());
    // Kept across tickets of the same customer, so their panel stays.
    let customer = RwSignal::new(None::<u64>);
    let customer_id = Memo::new(move |_| customer.get());
    // The ticket whose thread is drawn, once it is.
    let loaded = RwSignal::new(None::<u64>);

    view! {
        <div class="thread-layout">
        <section class="thread" data-testid="thread">
            <ThreadNav loaded=loaded />
            // One subtree per ticket: leaving a ticket lets go of all of it at once.
            {move || match ticket_id.get() {
                Some(id) => view! { <LoadThread id=id customer=customer loaded=loaded /> }.into_any(),
                None => view! {
                    <p class="error-notice" role="alert">
                        {move || fill(i18n.t(Text::ThreadInvalidId), &[("id", &raw_id.get())])}
                    </p>
                }.into_any(),
            }}
        </section>
        {customer_aside(customer_id, ticket_id)}
        </div>
    }
}

/// Loads one ticket, then shows it; a failure says why, with a retry.
///
/// Read in a plain closure rather than `Suspense`: under `Suspense` the
/// thread's views outlived their owner when the admin moved to another
/// ticket, and read signals already let go.
#[component]
fn LoadThread(
    id: u64,
    customer: RwSignal<Option<u64>>,
    loaded: RwSignal<Option<u64>>,
) -> impl IntoView {
    let api = expect_context::<ApiClient>();
    let detail = LocalResource::new(move || {
        let api = api.clone();
        async move { api.ticket(id).await }
    });
    move || match detail.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Ok(detail)) => {
            customer.set(Some(detail.summary.customer.id));
            loaded.set(Some(id));
            view! { <ThreadView detail=detail /> }.into_any()
        }
        Some(Err(error)) => {
            view! { <ErrorNotice error=error on_retry=move || detail.refetch() /> }.into_any()
        }
    }
}

/// A loaded ticket: its store, followed live, and the views over it.
#[component]
fn ThreadView(detail: TicketDetail) -> impl IntoView {
    let capabilities = Offered::expect();
    let admin = expect_context::<SessionStore>().admin();
    let me = admin.as_ref().map(|a| a.id).unwrap_or_default();
    let admin_name = admin.map(|a| a.name).unwrap_or_default();
    let id = detail.summary.id;
    let initial = detail.summary.clone();
    let thread = OpenThread::new(detail);
    provide_context(OpenTicket(id));
    let scroll = use_thread_scroll(thread);
    use_live_thread(thread, scroll);

    // The ticket as last seen, also while the thread is being let go.
    let ticket: Signal<TicketSummary> = Memo::new(move |previous: Option<&TicketSummary>| {
        thread
            .store()
            .ticket()
            .try_get()
            .or_else(|| previous.cloned())
            .unwrap_or_else(|| initial.clone())
    })
    .into();
    let is_open = Signal::derive(move || ticket.with(|t| t.status == TicketStatus::Open));
    let TicketUpdating { update, error } = use_ticket_update(thread);
    // The note mode exists once; whether it is offered is read when drawing.
    let note_mode = notes(id, me, thread, is_open);
    let note_mode = Signal::derive(move || capabilities.get().notes.then_some(note_mode));
    let Replies {
        on_send,
        on_retry,
        on_discard,
    } = use_replies(id, thread, scroll);
    let Presence {
        viewers,
        typing,
        on_typing,
    } = presence(id, me);
    let textarea = NodeRef::<html::Textarea>::new();
    use_thread_keys(me, is_open, note_mode, textarea, update);
    let placeholders = Signal::derive(move || {
        ticket.with(|t| Placeholders {
            customer_name: t.customer.name.clone(),
            customer_email: t.customer.email.clone(),
            admin_name: admin_name.clone(),
            ticket_id: t.id,
            ticket_subject: t.subject.clone(),
        })
    });

    view! {
        <div class="thread-top">
            <ThreadHeader ticket=ticket />
            <TicketControls ticket=ticket me=me on_update=update />
            <div class="triage-controls">
                <TriageControls ticket=ticket on_update=update />
            </div>
        </div>
        <PresenceBar viewers=viewers typing=typing />
        {move || error.get().map(|e| view! { <ErrorNotice error=e on_retry=Callback::new(move |_| error.set(None)) /> })}
        <ChannelRefused id=id />
        <Conversation thread=thread scroll=scroll on_retry=on_retry on_discard=on_discard />
        <Show when=move || !is_open.get()>
            <ReopenBar on_update=update />
        </Show>
        // One composer for as long as there is anything to write, so what the
        // backend offers arriving late does not drop picked files.
        <Show when=move || is_open.get() || note_mode.with(Option::is_some)>
            <ReplyComposer ticket_id=Signal::derive(move || id) on_send=on_send textarea=textarea
                on_typing=on_typing placeholders=placeholders notes=note_mode />
        </Show>
    }
}

/// Said when the server refuses the ticket's channel: the thread then shows
/// only what REST gives.
#[component]
fn ChannelRefused(id: u64) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let live = expect_context::<Live>();
    let channel = expect_context::<ApiClient>().config().channels.ticket(id);
    let refused = move || match live.channel_status(&channel) {
        Some(SubscriptionStatus::Failed(reason)) => Some(format!("{reason:?}")),
        _ => None,
    };
    move || {
        refused().map(|reason| {
            view! {
                <p class="notice" data-testid="thread-channel-refused">
                    {move || fill(i18n.t(Text::ChannelRefused), &[("reason", &reason)])}
                </p>
            }
        })
    }
}

#[component]
fn ReopenBar(on_update: Callback<TicketUpdate>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    view! {
        <div class="composer-closed" data-testid="closed-ticket-notice">
            <p>{i18n.text(Text::TicketClosedNotice)}</p>
            <button type="button" class="button-primary" id="thread-reopen" data-testid="reopen-ticket"
                on:click=move |_| on_update.run(TicketUpdate { status: Some(TicketStatus::Open), ..Default::default() })>
                {i18n.text(Text::TicketReopen)}
            </button>
        </div>
    }
}
