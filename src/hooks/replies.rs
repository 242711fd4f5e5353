//! Sending replies and notes: shown at once, kept in the outbox until
//! confirmed, retried by themselves with backoff, and never sent twice.
//!
//! Each reply belongs to the admin who wrote it: it is sent only while that
//! admin is signed in, whatever happens to the session in between, so on a
//! shared computer nobody's words go out under someone else's name.
//!
//! One attempt is [`Courier::deliver`], which returns what became of it; one
//! loop ([`Courier::carry`]) turns failures into timed retries, so nothing
//! calls back into itself.

use std::collections::HashMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::File;

use crate::api::events::LiveEvent;
use crate::api::types::{Capabilities, Message, MessageKind, Writing};
use crate::api::{ApiClient, ApiError};
use crate::browser;
use crate::components::composer::Outgoing;
use crate::hooks::thread::catch_up_now;
use crate::hooks::thread_scroll::ThreadScroll;
use crate::state::desk::Desk;
use crate::state::offered::Offered;
use crate::state::outbox::{self, OutboxEntry};
use crate::state::session::SessionStore;
use crate::state::thread_store::OpenThread;

/// What the thread view wires to the composer and the pending replies.
#[derive(Clone, Copy)]
pub struct Replies {
    pub on_send: Callback<Outgoing>,
    pub on_retry: Callback<String>,
    pub on_discard: Callback<String>,
}

/// Sets up sending for one ticket's thread, and shows the replies an earlier
/// page left in the outbox.
pub fn use_replies(ticket_id: u64, thread: OpenThread, scroll: ThreadScroll) -> Replies {
    let session = expect_context::<SessionStore>();
    let Some(me) = session.admin() else {
        return Replies::inert();
    };
    let courier = Courier {
        ticket_id,
        thread,
        scroll,
        me_id: me.id,
        my_name: me.name.clone(),
        api: expect_context::<ApiClient>(),
        desk: expect_context::<Desk>(),
        session,
        capabilities: Offered::expect(),
        files: StoredValue::new_local(HashMap::new()),
        attempts: StoredValue::new(HashMap::new()),
    };
    courier.restore_kept();

    let on_send = {
        let courier = courier.clone();
        Callback::new(move |outgoing: Outgoing| {
            let client_id = new_client_id();
            courier.files.update_value(|f| {
                f.insert(client_id.clone(), outgoing.files);
            });
            courier.leave(&client_id, &outgoing.writing);
            spawn_local(
                courier
                    .clone()
                    .carry(client_id, outgoing.writing, Attempt::First),
            );
        })
    };
    let on_retry = {
        let courier = courier.clone();
        Callback::new(move |client_id: String| {
            if let Some(writing) = courier.ready_again(&client_id) {
                let attempt = courier.again();
                spawn_local(courier.clone().carry(client_id, writing, attempt));
            }
        })
    };
    let on_discard = Callback::new(move |client_id: String| {
        courier.forget(&client_id);
        thread.reply_discarded(&client_id);
    });
    Replies {
        on_send,
        on_retry,
        on_discard,
    }
}

impl Replies {
    /// Without a signed-in admin nothing can be sent (the shell is leaving).
    fn inert() -> Self {
        let nothing = Callback::new(|_: String| {});
        Self {
            on_send: Callback::new(|_: Outgoing| {}),
            on_retry: nothing,
            on_discard: nothing,
        }
    }
}

/// How an attempt starts.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Attempt {
    /// The first: nothing can have been stored yet.
    First,
    /// A repeat to a backend that stores a repeated `Idempotency-Key` once.
    Repeat,
    /// A repeat to a backend that may not: look for a stored copy first.
    CheckFirst,
}

/// What became of one attempt.
enum Delivery {
    /// Stored by the server; the reply is a message of the thread now.
    Stored,
    /// Not stored; try again after this many milliseconds.
    RetryIn(u32),
    /// Not stored (or unknown) and not retried by itself: it waits, failed,
    /// for the admin; or the thread or the admin is gone.
    Stopped,
}

/// Carries one thread's replies to the server.
#[derive(Clone)]
struct Courier {
    ticket_id: u64,
    thread: OpenThread,
    /// Each attempt shows its reply, at the bottom of the thread.
    scroll: ThreadScroll,
    me_id: u64,
    my_name: String,
    api: ApiClient,
    desk: Desk,
    session: SessionStore,
    capabilities: Signal<Capabilities>,
    /// Files of replies not yet confirmed, kept for a retry. Browser `File`s
    /// cannot live in the (thread-safe) store, so they wait here.
    files: StoredValue<HashMap<String, Vec<File>>, LocalStorage>,
    /// Failed attempts per reply, for the backoff of automatic retries.
    attempts: StoredValue<HashMap<String, u32>>,
}

impl Courier {
    /// Checked right before every attempt: the session may have changed hands.
    fn still_me(&self) -> bool {
        self.session.admin_id_untracked() == Some(self.me_id)
    }

    /// How a repeat goes to this backend.
    fn again(&self) -> Attempt {
        match self.capabilities.get_untracked().idempotency {
            true => Attempt::Repeat,
            false => Attempt::CheckFirst,
        }
    }

    /// A reply leaves: shown as "sending" (and scrolled to), and, when it is
    /// only text, kept in the outbox (files cannot outlive the page).
    fn leave(&self, client_id: &str, writing: &Writing) {
        let names: Vec<String> = self
            .files
            .with_value(|f| {
                f.get(client_id)
                    .map(|files| files.iter().map(File::name).collect())
            })
            .unwrap_or_default();
        let has_files = !names.is_empty();
        self.thread.reply_started(client_id, writing, names);
        self.scroll.to_newest();
        if has_files {
            return;
        }
        let sent_after = self
            .thread
            .pending_reply(client_id)
            .and_then(|p| p.sent_after);
        outbox::update_stored(self.session.area(), |o| {
            o.put(OutboxEntry {
                client_id: client_id.to_string(),
                admin_id: self.me_id,
                ticket_id: self.ticket_id,
                text: writing.text.clone(),
                kind: writing.kind,
                mentions: writing.mentions.clone(),
                sent_after,
            })
        });
    }

    /// A reply that waits for the admin (failed or kept), marked "sending"
    /// again at once so a second click cannot start a second copy; `None`
    /// when it is not waiting (already on its way, or gone).
    fn ready_again(&self, client_id: &str) -> Option<Writing> {
        let writing = self
            .thread
            .pending_reply(client_id)
            .filter(|p| p.state.awaits_the_admin())
            .map(|p| Writing {
                text: p.text,
                kind: p.kind,
                mentions: p.mentions,
            })?;
        if !self.still_me() {
            return None;
        }
        self.leave(client_id, &writing);
        Some(writing)
    }

    /// Attempts until the reply is stored or has to wait for the admin.
    /// Ends by itself once the thread is left: its store is gone then.
    async fn carry(self, client_id: String, writing: Writing, mut attempt: Attempt) {
        loop {
            match self.deliver(&client_id, &writing, attempt).await {
                Delivery::RetryIn(ms) => {
                    browser::sleep(ms).await;
                    if self.ready_again(&client_id).is_none() {
                        return;
                    }
                    attempt = self.again();
                }
                Delivery::Stored | Delivery::Stopped => return,
            }
        }
    }

    /// One attempt.
    async fn deliver(&self, client_id: &str, writing: &Writing, attempt: Attempt) -> Delivery {
        if !self.still_me() {
            return Delivery::Stopped;
        }
        if attempt == Attempt::CheckFirst {
            // A lost answer may hide a reply the server stored: catch up and
            // look for this admin's copy before sending it again.
            if let Err(error) = catch_up_now(&self.api, self.thread).await {
                // Whether it was stored is unknown: sending it again could
                // send it twice. It waits, failed, for the admin.
                self.thread.reply_failed(client_id, error);
                return Delivery::Stopped;
            }
            match self.thread.stored_copy(client_id, &self.my_name) {
                // The thread was left meanwhile.
                None => return Delivery::Stopped,
                Some(Some(message)) => {
                    self.confirmed(client_id, message);
                    return Delivery::Stored;
                }
                Some(None) if !self.still_me() => return Delivery::Stopped,
                Some(None) => {}
            }
        }
        let files = self
            .files
            .try_with_value(|f| f.get(client_id).cloned().unwrap_or_default())
            .unwrap_or_default();
        let sent = if files.is_empty() {
            self.api.write(self.ticket_id, writing, client_id).await
        } else {
            let (thread, progress_id) = (self.thread, client_id.to_string());
            let on_progress = move |percent| thread.reply_progress(&progress_id, percent);
            self.api
                .write_with_files(self.ticket_id, writing, &files, client_id, on_progress)
                .await
        };
        match sent {
            Ok(message) => {
                self.inbox_hears(&message);
                self.confirmed(client_id, message);
                Delivery::Stored
            }
            Err(error) => self.failed(client_id, error),
        }
    }

    /// This tab's socket is left out of the broadcast, so the inbox hears of
    /// the reply from here.
    fn inbox_hears(&self, message: &Message) {
        let (ticket_id, message) = (self.ticket_id, message.clone());
        let event = match message.kind {
            MessageKind::Reply => LiveEvent::MessageSent { ticket_id, message },
            MessageKind::Note => LiveEvent::NoteAdded { ticket_id, message },
        };
        self.desk.inbox.update(|inbox| {
            inbox.apply(&event);
        });
    }

    fn confirmed(&self, client_id: &str, message: Message) {
        self.forget(client_id);
        self.thread.reply_confirmed(client_id, message);
    }

    fn failed(&self, client_id: &str, error: ApiError) -> Delivery {
        let attempt = self.attempts.try_update_value(|a| {
            let n = a.entry(client_id.to_string()).or_default();
            *n += 1;
            *n - 1
        });
        let delay =
            outbox::retry_after_ms(&error, attempt.unwrap_or_default(), js_sys::Math::random());
        self.thread.reply_failed(client_id, error);
        match delay {
            Some(ms) => Delivery::RetryIn(ms),
            None => Delivery::Stopped,
        }
    }

    fn forget(&self, client_id: &str) {
        self.files.try_update_value(|f| f.remove(client_id));
        self.attempts.try_update_value(|a| a.remove(client_id));
        outbox::update_everywhere(|o| o.remove(client_id));
    }

    /// Replies an earlier page could not confirm: shown to their author, and
    /// sent (after a check of what the server has) only when they say so.
    /// Never by themselves: on a shared computer the text may be days old,
    /// or planted in storage by someone else.
    fn restore_kept(&self) {
        for entry in outbox::stored_everywhere().for_ticket(self.me_id, self.ticket_id) {
            let writing = Writing {
                text: entry.text.clone(),
                kind: entry.kind,
                mentions: entry.mentions.clone(),
            };
            self.thread
                .reply_restored(&entry.client_id, &writing, entry.sent_after);
        }
    }
}

/// An id for a reply before the server gives it one.
fn new_client_id() -> String {
    format!(
        "reply-{:x}-{:x}",
        js_sys::Date::now() as u64,
        (js_sys::Math::random() * 1e12) as u64
    )
}
