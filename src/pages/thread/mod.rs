//! The open ticket: its conversation, live; the reply composer; the status
//! and assignment controls.

mod customer;
mod notes;
mod presence;
mod replies;

use customer::customer_aside;
use notes::notes;
use presence::{presence, Presence};
use replies::{replies, Replies};

use leptos::ev::KeyboardEvent;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;

use crate::api::events::{EventError, LiveEvent, StatusChange};
use crate::api::types::{Capabilities, MessageKind, TicketStatus, TicketSummary};
use crate::api::{ApiClient, ApiError, TicketUpdate};
use crate::components::composer::ReplyComposer;
use crate::components::notice::{ErrorNotice, Loading};
use crate::components::presence::PresenceBar;
use crate::components::thread::{MessageList, PendingItem, ThreadHeader};
use crate::components::thread_nav::ThreadNav;
use crate::components::ticket_controls::TicketControls;
use crate::i18n::{fill, Text};
use crate::realtime::browser::{Listening, Live};
use crate::realtime::SubscriptionStatus;
use crate::state::canned::Placeholders;
use crate::state::desk::Desk;
use crate::state::locale::I18n;
use crate::state::session::SessionStore;
use crate::state::shortcuts::Shortcuts;
use crate::state::thread::{ReplyState, Thread};

/// How close to the bottom still counts as "reading the newest messages".
const PINNED_SLACK_PX: i32 = 48;

#[component]
pub fn ThreadPage() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let api = expect_context::<ApiClient>();
    let live = expect_context::<Live>();
    let desk = expect_context::<Desk>();
    let params = use_params_map();
    let raw_id = Memo::new(move |_| params.with(|p| p.get("id")).unwrap_or_default());
    let ticket_id = Memo::new(move |_| raw_id.get().parse::<u64>().ok());

    let thread = RwSignal::new(None::<Thread>);
    let load_error = RwSignal::new(None::<ApiError>);
    let listening = StoredValue::new_local(None::<Listening>);
    let view_state = ViewState::new();

    let load = {
        let api = api.clone();
        move |id: u64| {
            let api = api.clone();
            load_error.set(None);
            spawn_local(async move {
                match api.ticket(id).await {
                    Ok(detail) if ticket_id.get_untracked() == Some(id) => {
                        thread.set(Some(Thread::new(detail)));
                        view_state.scroll_to_bottom();
                        // Subscribed before this answer was read? Then anything in
                        // between came neither way: ask for it.
                        if live.is_subscribed_untracked(&api.config().channels.ticket(id)) {
                            catch_up(api.clone(), id, thread);
                        }
                        if api.mark_read(id).await.is_ok() {
                            desk.inbox.update(|inbox| inbox.mark_read(id));
                        }
                    }
                    Ok(_) => {}
                    Err(error) => load_error.set(Some(error)),
                }
            });
        }
    };

    // Each ticket opened gets its own channel; the previous one is let go.
    {
        let api = api.clone();
        let load = load.clone();
        Effect::new(move |_| {
            listening.set_value(None);
            let Some(id) = ticket_id.get() else { return };
            let channel = api.config().channels.ticket(id);
            let api = api.clone();
            let heard = live.listen(
                &channel,
                move |event, data, _sender| match LiveEvent::parse(event, data) {
                    Ok(event) => {
                        let appended = matches!(event, LiveEvent::MessageSent { .. });
                        thread.update(|t| {
                            if let Some(t) = t {
                                t.apply(&event, |id| desk.admin_name(id));
                            }
                        });
                        if appended {
                            view_state.messages_appended();
                            mark_read_if_watching(api.clone(), desk, id);
                        }
                    }
                    Err(EventError::Unknown(_)) => {}
                    Err(error) => leptos::logging::warn!("thread: skipped an event: {error:?}"),
                },
            );
            listening.set_value(Some(heard));
            load(id);
        });
    }
    on_cleanup(move || listening.set_value(None));

    // After a reconnect or a long absence, and when the subscription first succeeds:
    // everything after the newest message held, then the ticket's status.
    {
        let api = api.clone();
        Effect::new(move |seen: Option<u64>| {
            let now = live.catch_ups();
            if seen.is_some_and(|seen| seen != now) {
                if let Some(id) = ticket_id.get_untracked() {
                    catch_up(api.clone(), id, thread);
                }
            }
            now
        });
    }
    {
        let api = api.clone();
        Effect::new(move |was: Option<(Option<u64>, bool)>| {
            let id = ticket_id.get();
            let subscribed =
                id.is_some_and(|id| live.is_subscribed(&api.config().channels.ticket(id)));
            let newly = subscribed
                && was.is_some_and(|(was_id, was_subscribed)| was_id == id && !was_subscribed);
            if let (true, Some(id)) = (newly, id) {
                catch_up(api.clone(), id, thread);
            }
            (id, subscribed)
        });
    }

    let loaded_id = Memo::new(move |_| thread.with(|t| t.as_ref().map(|t| t.ticket.id)));
    let customer_id = Memo::new(move |_| {
        thread.with(|t| {
            t.as_ref()
                .filter(|t| Some(t.ticket.id) == ticket_id.get())
                .map(|t| t.ticket.customer.id)
        })
    });

    view! {
        <div class="thread-layout">
        <section class="thread" data-testid="thread">
            <ThreadNav loaded=loaded_id />
            {move || {
                let Some(id) = ticket_id.get() else {
                    return view! {
                        <p class="error-notice" role="alert">
                            {move || fill(i18n.t(Text::ThreadInvalidId), &[("id", &raw_id.get())])}
                        </p>
                    }
                        .into_any();
                };
                if let Some(error) = load_error.get() {
                    let load = load.clone();
                    return view! { <ErrorNotice error=error on_retry=Callback::new(move |_| load(id)) /> }.into_any();
                }
                if loaded_id.get() != Some(id) {
                    return view! { <Loading /> }.into_any();
                }
                let initial = thread.with_untracked(|t| t.as_ref().map(|t| t.ticket.clone()));
                match initial {
                    Some(initial) => view! { <ThreadView id=id initial=initial thread=thread view_state=view_state /> }.into_any(),
                    None => view! { <Loading /> }.into_any(),
                }
            }}
        </section>
        {customer_aside(customer_id, ticket_id)}
        </div>
    }
}

/// Scroll behaviour of the conversation: pinned to the newest message unless
/// the admin scrolled up, in which case new messages raise a pill instead.
#[derive(Clone, Copy)]
struct ViewState {
    scroller: NodeRef<html::Div>,
    pinned: RwSignal<bool>,
    unseen: RwSignal<bool>,
}

impl ViewState {
    fn new() -> Self {
        Self {
            scroller: NodeRef::new(),
            pinned: RwSignal::new(true),
            unseen: RwSignal::new(false),
        }
    }

    fn scroll_to_bottom(self) {
        request_animation_frame(move || {
            if let Some(el) = self.scroller.get_untracked() {
                el.set_scroll_top(el.scroll_height());
            }
            self.pinned.set(true);
            self.unseen.set(false);
        });
    }

    fn messages_appended(self) {
        if self.pinned.get_untracked() {
            self.scroll_to_bottom();
        } else {
            self.unseen.set(true);
        }
    }

    fn on_scroll(self) {
        if let Some(el) = self.scroller.get_untracked() {
            let pinned =
                el.scroll_height() - el.scroll_top() - el.client_height() <= PINNED_SLACK_PX;
            self.pinned.set(pinned);
            if pinned {
                self.unseen.set(false);
            }
        }
    }

    /// Runs `change` (which adds content above) without moving what the admin sees.
    fn keep_position(self, change: impl FnOnce()) {
        let before = self
            .scroller
            .get_untracked()
            .map(|el| (el.scroll_height(), el.scroll_top()));
        // Older messages are not news: the log does not read them out.
        let log = self.scroller.get_untracked();
        if let Some(el) = &log {
            let _ = el.set_attribute("aria-live", "off");
        }
        change();
        request_animation_frame(move || {
            if let (Some(el), Some((height, top))) = (self.scroller.get_untracked(), before) {
                el.set_scroll_top(top + el.scroll_height() - height);
            }
            if let Some(el) = log {
                let _ = el.set_attribute("aria-live", "polite");
            }
        });
    }
}

/// A new customer message while the admin watches the thread is read.
fn mark_read_if_watching(api: ApiClient, desk: Desk, ticket_id: u64) {
    let visible = crate::browser::window()
        .and_then(|w| w.document())
        .is_some_and(|d| !d.hidden());
    if !visible {
        return;
    }
    spawn_local(async move {
        if api.mark_read(ticket_id).await.is_ok() {
            desk.inbox.update(|inbox| inbox.mark_read(ticket_id));
        }
    });
}

fn catch_up(api: ApiClient, id: u64, thread: RwSignal<Option<Thread>>) {
    spawn_local(async move {
        catch_up_now(&api, id, thread).await;
        if let Ok(detail) = api.ticket(id).await {
            thread.update(|t| {
                if let Some(t) = t {
                    t.summary_updated(detail.summary);
                }
            });
        }
    });
}

/// Fetches every message after the newest one held, page by page.
async fn catch_up_now(api: &ApiClient, id: u64, thread: RwSignal<Option<Thread>>) {
    // `try_`: the thread may be let go while a page is on its way.
    if thread.try_with_untracked(|t| t.as_ref().map(|t| t.ticket.id)) != Some(Some(id)) {
        return;
    }
    loop {
        let Some(Some(newest)) =
            thread.try_with_untracked(|t| t.as_ref().and_then(Thread::newest_id))
        else {
            return;
        };
        match api.messages_after(id, newest).await {
            Ok(page) => {
                let more = page.meta.has_more && !page.data.is_empty();
                thread.update(|t| {
                    if let Some(t) = t {
                        t.merge(page.data);
                    }
                });
                if !more {
                    return;
                }
            }
            Err(error) => {
                leptos::logging::warn!("thread: catch-up failed: {error:?}");
                return;
            }
        }
    }
}

#[component]
fn ThreadView(
    id: u64,
    initial: TicketSummary,
    thread: RwSignal<Option<Thread>>,
    view_state: ViewState,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let api = expect_context::<ApiClient>();
    let live = expect_context::<Live>();
    let desk = expect_context::<Desk>();
    let admin = expect_context::<SessionStore>().admin();
    let me = admin.as_ref().map(|a| a.id).unwrap_or_default();
    let admin_name = admin.map(|a| a.name).unwrap_or_default();
    let action_error = RwSignal::new(None::<ApiError>);
    let textarea = NodeRef::<html::Textarea>::new();
    provide_context(crate::components::thread::OpenTicket(id));

    let summary = Signal::derive(move || {
        thread
            .with(|t| {
                t.as_ref()
                    .filter(|t| t.ticket.id == id)
                    .map(|t| t.ticket.clone())
            })
            .unwrap_or_else(|| initial.clone())
    });
    let messages = Signal::derive(move || {
        thread.with(|t| {
            t.as_ref()
                .map(|t| t.messages().to_vec())
                .unwrap_or_default()
        })
    });
    let pending =
        move || thread.with(|t| t.as_ref().map(|t| t.pending().to_vec()).unwrap_or_default());
    let placeholders = Signal::derive(move || {
        summary.with(|t| Placeholders {
            customer_name: t.customer.name.clone(),
            customer_email: t.customer.email.clone(),
            admin_name: admin_name.clone(),
            ticket_id: t.id,
            ticket_subject: t.subject.clone(),
        })
    });
    let has_older = move || thread.with(|t| t.as_ref().is_some_and(|t| t.has_older));
    let is_open = move || summary.with(|t| t.status == TicketStatus::Open);
    let capabilities = expect_context::<Signal<Capabilities>>();
    // The note mode exists once; whether it is offered is read when drawing.
    let note_mode = notes(id, me, thread, Signal::derive(is_open));
    let note_mode = move || capabilities.get().notes.then_some(note_mode);

    let Replies {
        on_send,
        on_retry,
        on_discard,
    } = replies(id, thread, view_state);

    // Status and assignment: shown at once, confirmed by the API, rolled back on failure.
    let channel = api.config().channels.ticket(id);
    let on_update = Callback::new(move |update: TicketUpdate| {
        let api = api.clone();
        let before = thread.with_untracked(|t| t.as_ref().map(|t| t.ticket.clone()));
        let Some(before) = before else { return };
        let optimistic = StatusChange {
            ticket_id: id,
            status: update.status.unwrap_or(before.status),
            assigned_to: update.assigned_to.unwrap_or(before.assigned_to),
            resolved_at: before.resolved_at.clone(),
        };
        thread.update(|t| {
            if let Some(t) = t {
                t.status_changed(&optimistic, |id| desk.admin_name(id));
            }
        });
        action_error.set(None);
        spawn_local(async move {
            match api.update_ticket(id, &update).await {
                Ok(summary) => {
                    let change = StatusChange {
                        ticket_id: id,
                        status: summary.status,
                        assigned_to: summary.assigned_to,
                        resolved_at: summary.resolved_at.clone(),
                    };
                    desk.inbox.update(|inbox| {
                        inbox.apply(&LiveEvent::StatusChanged(change));
                    });
                    thread.update(|t| {
                        if let Some(t) = t {
                            t.summary_updated(summary);
                        }
                    });
                }
                Err(error) => {
                    thread.update(|t| {
                        if let Some(t) = t {
                            t.summary_updated(before);
                        }
                    });
                    action_error.set(Some(error));
                }
            }
        });
    });

    let load_older = {
        let api = expect_context::<ApiClient>();
        move |_| {
            let api = api.clone();
            let Some(oldest) = thread.with_untracked(|t| t.as_ref().and_then(Thread::oldest_id))
            else {
                return;
            };
            spawn_local(async move {
                match api.messages_before(id, oldest).await {
                    Ok(page) => view_state.keep_position(move || {
                        thread.update(|t| {
                            if let Some(t) = t {
                                t.older_loaded(page.data, page.meta.has_more);
                            }
                        })
                    }),
                    Err(error) => action_error.set(Some(error)),
                }
            });
        }
    };

    // e: close, a: assign to me, r: reply.
    let shortcuts = use_context::<Shortcuts>();
    let keys = window_event_listener(leptos::ev::keydown, move |ev: KeyboardEvent| {
        if ev.ctrl_key() || ev.meta_key() || ev.alt_key() || crate::browser::typing_in_a_field(&ev)
        {
            return;
        }
        if shortcuts.is_some_and(|s| !s.enabled_untracked()) {
            return;
        }
        match ev.key().as_str() {
            "e" if is_open() => on_update.run(TicketUpdate {
                status: Some(TicketStatus::Closed),
                ..Default::default()
            }),
            "a" => on_update.run(TicketUpdate {
                assigned_to: Some(Some(me)),
                ..Default::default()
            }),
            "r" | "n" => {
                let kind = if ev.key() == "n" {
                    MessageKind::Note
                } else {
                    MessageKind::Reply
                };
                match note_mode() {
                    Some(mode) if kind == MessageKind::Note || is_open() => mode.kind.set(kind),
                    None if kind == MessageKind::Note => return,
                    _ => {}
                }
                if let Some(el) = textarea.get_untracked() {
                    ev.prevent_default();
                    let _ = el.focus();
                }
            }
            _ => {}
        }
    });
    on_cleanup(move || keys.remove());

    let Presence {
        viewers,
        typing,
        on_typing,
    } = presence(id, me);

    // Open at the newest message.
    Effect::new(move |_| view_state.scroll_to_bottom());

    let channel_refused = move || match live.channel_status(&channel) {
        Some(SubscriptionStatus::Failed(reason)) => Some(format!("{reason:?}")),
        _ => None,
    };

    view! {
        <ThreadHeader ticket=summary />
        <TicketControls ticket=summary me=me on_update=on_update />
        <PresenceBar viewers=viewers typing=typing />
        {move || action_error.get().map(|error| view! { <ErrorNotice error=error on_retry=Callback::new(move |_| action_error.set(None)) /> })}
        {move || channel_refused().map(|reason| view! {
            <p class="notice" data-testid="thread-channel-refused">
                {move || fill(i18n.t(Text::ChannelRefused), &[("reason", &reason)])}
            </p>
        })}
        // A log: what is added at the end is read out as it comes.
        <div class="thread-scroll" node_ref=view_state.scroller on:scroll=move |_| view_state.on_scroll() data-testid="thread-scroll"
            role="log" aria-live="polite" aria-relevant="additions" aria-label=move || i18n.t(Text::Conversation) tabindex="0">
            <Show when=has_older>
                <button type="button" class="button-quiet load-older" data-testid="load-older" on:click=load_older.clone()>
                    {move || i18n.t(Text::LoadOlder)}
                </button>
            </Show>
            <ol class="messages">
                <MessageList messages=messages />
                <For each=pending key=|p| (p.client_id.clone(), p.state == ReplyState::Sending, p.progress) let(reply)>
                    <PendingItem reply=reply on_retry=on_retry on_discard=on_discard />
                </For>
            </ol>
        </div>
        <Show when=move || view_state.unseen.get()>
            <button type="button" class="new-messages-pill" data-testid="new-messages" on:click=move |_| view_state.scroll_to_bottom()>
                {move || i18n.t(Text::NewMessages)}
            </button>
        </Show>
        <Show when=move || !is_open()>
            <div class="composer-closed" data-testid="close-ticketd-notice">
                <p>{move || i18n.t(Text::TicketClosedNotice)}</p>
                <button type="button" class="button-primary" id="thread-reopen" data-testid="reopen-ticket"
                    on:click=move |_| on_update.run(TicketUpdate { status: Some(TicketStatus::Open), ..Default::default() })>
                    {move || i18n.t(Text::TicketReopen)}
                </button>
            </div>
        </Show>
        // One composer for as long as there is anything to write, so what the
        // backend offers arriving late does not drop picked files.
        <Show when=move || is_open() || note_mode().is_some()>
            <ReplyComposer ticket_id=Signal::derive(move || id) on_send=on_send textarea=textarea
                on_typing=on_typing placeholders=placeholders notes=Signal::derive(note_mode) />
        </Show>
    }
}
