//! Following the open thread: its channel, a catch-up after every gap, and
//! read marks while the admin watches.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::events::LiveEvent;
use crate::api::{read_retry_delay_ms, ApiClient, ApiError};
use crate::hooks::thread_scroll::ThreadScroll;
use crate::realtime::browser::Live;
use crate::realtime::listeners::Rises;
use crate::realtime::ConnectionState;
use crate::state::desk::Desk;
use crate::state::thread_store::OpenThread;

/// Listens on the ticket's channel for as long as the view lives. Catches
/// up when the subscription succeeds (anything sent between the REST answer
/// and then came neither way), after every reconnect, and after a long
/// absence of the tab.
pub fn use_live_thread(thread: OpenThread, scroll: ThreadScroll) {
    let api = expect_context::<ApiClient>();
    let live = expect_context::<Live>();
    let desk = expect_context::<Desk>();
    let Some(id) = thread.ticket_id() else { return };
    let channel = api.config().channels.ticket(id);
    let read_marks = ReadMarks::new(api.clone(), desk, id);
    read_marks.mark();

    live.on_event(&channel, "thread", move |event| {
        let from_customer = matches!(
            &event,
            LiveEvent::MessageSent { message, .. } if !message.is_from_admin
        );
        if thread.apply(&event, |id| desk.admin_name(id)) {
            scroll.messages_arrived();
            if from_customer && !crate::browser::alerts::page_hidden() {
                read_marks.mark_soon();
            }
        }
    });

    // Priority, tags and snooze travel only on the admin channel (the
    // customer's app shares the ticket's own).
    live.on_event(
        &api.config().channels.admin,
        "thread triage",
        move |event| {
            if matches!(&event, LiveEvent::TicketUpdated(t) if t.id == id) {
                thread.apply(&event, |id| desk.admin_name(id));
            }
        },
    );

    // While the socket or the channel is down, events are lost: the next
    // catch-up starts from where that began, whatever arrives before it.
    {
        let channel = channel.clone();
        Effect::new(move |_| {
            let heard = live.state() == ConnectionState::Connected && live.is_subscribed(&channel);
            thread.hearing(heard);
        });
    }

    // The thread was loaded before its channel was heard: every successful
    // subscription, a held one too, may follow missed events.
    {
        let api = api.clone();
        live.on_subscribed(&channel, Rises::Every, move || {
            catch_up(api.clone(), thread, scroll)
        });
    }
    live.on_catch_up(move || catch_up(api.clone(), thread, scroll));
}

/// How long a read mark waits for more messages to join it while they arrive.
const READ_MARK_PAUSE: Duration = Duration::from_millis(500);

/// Tells the server (and the inbox row) that the admin read the ticket. At
/// most one mark is on its way or waiting: marks asked for meanwhile are sent
/// as one after it, so a burst of messages costs two requests, not one each.
/// A mark for an arriving message waits `READ_MARK_PAUSE` in a timer of its
/// own: building a request costs milliseconds, which must not come between
/// the message and its row on screen.
#[derive(Clone, Copy)]
struct ReadMarks {
    api: StoredValue<ApiClient>,
    desk: Desk,
    ticket_id: u64,
    /// (a mark is on its way or waiting, another is wanted after it)
    state: StoredValue<(bool, bool)>,
}

impl ReadMarks {
    fn new(api: ApiClient, desk: Desk, ticket_id: u64) -> Self {
        Self {
            api: StoredValue::new(api),
            desk,
            ticket_id,
            state: StoredValue::new((false, false)),
        }
    }

    /// Marks the ticket read now (the admin opened it).
    fn mark(self) {
        self.ask(Duration::ZERO);
    }

    /// Marks the ticket read shortly (a message arrived while the admin watches).
    fn mark_soon(self) {
        self.ask(READ_MARK_PAUSE);
    }

    fn ask(self, after: Duration) {
        let Some(busy) = self.state.try_update_value(|(busy, again)| {
            if *busy {
                *again = true;
            }
            std::mem::replace(busy, true)
        }) else {
            return;
        };
        if busy {
            return;
        }
        // Taken now: the mark is sent even if the thread closes meanwhile.
        let Some(api) = self.api.try_get_value() else {
            return;
        };
        set_timeout(move || self.send(api), after);
    }

    fn send(self, api: ApiClient) {
        spawn_local(async move {
            if api.mark_read(self.ticket_id).await.is_ok() {
                self.desk
                    .inbox
                    .try_update(|inbox| inbox.mark_read(self.ticket_id));
            }
            let again = self.state.try_update_value(|state| std::mem::take(state).1);
            if again == Some(true) {
                self.mark_soon();
            }
        });
    }
}

/// How long a failed catch-up waits before trying again (the API client
/// has already retried its request for a few seconds).
const CATCH_UP_RETRY: Duration = Duration::from_secs(15);

/// Everything after where the thread's gap opened, then the ticket's status.
/// A catch-up that failed on something worth repeating (no network, a 5xx)
/// is tried again while the thread is open: the messages of the gap are
/// fetched or it keeps trying.
fn catch_up(api: ApiClient, thread: OpenThread, scroll: ThreadScroll) {
    spawn_local(async move {
        match catch_up_now(&api, thread).await {
            Ok(new) => {
                if new > 0 {
                    scroll.messages_arrived();
                }
            }
            Err(error) => {
                leptos::logging::warn!("thread: catch-up failed: {error:?}");
                if read_retry_delay_ms(&error, 0).is_some() {
                    set_timeout(move || catch_up(api, thread, scroll), CATCH_UP_RETRY);
                }
                return;
            }
        }
        refresh_summary(&api, thread).await;
    });
}

/// The ticket as the server has it now; a status change heard while the
/// request was on its way stays.
pub async fn refresh_summary(api: &ApiClient, thread: OpenThread) {
    let Some(id) = thread.ticket_id() else { return };
    let asked = thread.asking();
    if let Ok(detail) = api.ticket(id).await {
        thread.summary_answered(detail.summary, asked);
    }
}

/// Fetches every message after where the thread's gap opened (or after the
/// newest held), page by page; returns how many were new. Stops, without an
/// error, once the thread is let go.
pub async fn catch_up_now(api: &ApiClient, thread: OpenThread) -> Result<usize, ApiError> {
    let Some(id) = thread.ticket_id() else {
        return Ok(0);
    };
    let mut after = thread.catch_up_from().unwrap_or(0);
    let mut new = 0;
    while thread.ticket_id().is_some() {
        match api.messages_after(id, after).await {
            Ok(page) => {
                let more = page.meta.has_more && !page.data.is_empty();
                after = page.data.iter().map(|m| m.id).fold(after, u64::max);
                new += thread.merge(page.data);
                thread.caught_up_to(after);
                if !more {
                    break;
                }
            }
            Err(error) => {
                thread.catch_up_failed(after);
                return Err(error);
            }
        }
    }
    Ok(new)
}
