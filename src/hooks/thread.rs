//! Following the open thread: its channel, a catch-up after every gap, and
//! read marks while the admin watches.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::events::{EventError, LiveEvent};
use crate::api::ApiClient;
use crate::hooks::thread_scroll::ThreadScroll;
use crate::realtime::browser::Live;
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

    let heard = {
        let api = api.clone();
        live.listen(&channel, move |event, data, _sender| {
            match LiveEvent::parse(event, data) {
                Ok(event) => {
                    let from_customer = matches!(&event, LiveEvent::MessageSent { message, .. } if !message.is_from_admin);
                    if thread.apply(&event, |id| desk.admin_name(id)) {
                        scroll.messages_arrived();
                        if from_customer {
                            mark_read_if_watching(api.clone(), desk, id);
                        }
                    }
                }
                Err(EventError::Unknown(_)) => {}
                Err(error) => leptos::logging::warn!("thread: skipped an event: {error:?}"),
            }
        })
    };
    let _heard = StoredValue::new_local(heard);

    {
        let api = api.clone();
        Effect::new(move |was: Option<bool>| {
            let subscribed = live.is_subscribed(&channel);
            if subscribed && was != Some(true) {
                catch_up(api.clone(), thread, scroll);
            }
            subscribed
        });
    }
    Effect::new(move |seen: Option<u64>| {
        let now = live.catch_ups();
        if seen.is_some_and(|seen| seen != now) {
            catch_up(api.clone(), thread, scroll);
        }
        now
    });
}

/// A new customer message while the admin watches the thread is read.
pub fn mark_read_if_watching(api: ApiClient, desk: Desk, ticket_id: u64) {
    if crate::browser::alerts::page_hidden() {
        return;
    }
    mark_read(api, desk, ticket_id);
}

/// Tells the server the admin read the ticket, and the inbox row.
pub fn mark_read(api: ApiClient, desk: Desk, ticket_id: u64) {
    spawn_local(async move {
        if api.mark_read(ticket_id).await.is_ok() {
            desk.inbox.try_update(|inbox| inbox.mark_read(ticket_id));
        }
    });
}

/// Everything after the newest message held, then the ticket's status.
fn catch_up(api: ApiClient, thread: OpenThread, scroll: ThreadScroll) {
    spawn_local(async move {
        if catch_up_now(&api, thread).await > 0 {
            scroll.messages_arrived();
        }
        let Some(id) = thread.ticket_id() else { return };
        if let Ok(detail) = api.ticket(id).await {
            thread.summary_updated(detail.summary);
        }
    });
}

/// Fetches every message after the newest one held, page by page; returns
/// how many were new.
pub async fn catch_up_now(api: &ApiClient, thread: OpenThread) -> usize {
    let mut new = 0;
    // The thread may be let go while a page is on its way: then it stops.
    while let (Some(id), Some(newest)) = (thread.ticket_id(), thread.newest_id()) {
        match api.messages_after(id, newest).await {
            Ok(page) => {
                let more = page.meta.has_more && !page.data.is_empty();
                new += thread.merge(page.data);
                if !more {
                    break;
                }
            }
            Err(error) => {
                leptos::logging::warn!("thread: catch-up failed: {error:?}");
                break;
            }
        }
    }
    new
}
