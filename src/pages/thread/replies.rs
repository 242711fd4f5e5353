//! Sending replies: shown at once, kept in the outbox until confirmed,
//! retried by themselves with backoff, and never sent twice.
//!
//! Each reply belongs to the admin who wrote it: it is sent only while that
//! admin is signed in, whatever happens to the session in between, so on a
//! shared computer nobody's words go out under someone else's name.

use std::collections::HashMap;
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::File;

use crate::api::events::LiveEvent;
use crate::api::types::{Capabilities, MessageKind, Writing};
use crate::api::ApiClient;
use crate::components::composer::Outgoing;
use crate::hooks::thread::catch_up_now;
use crate::hooks::thread_scroll::ThreadScroll;
use crate::state::desk::Desk;
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

/// Sets up sending for one ticket's thread, and resumes the replies an
/// earlier page left in the outbox.
pub fn replies(id: u64, thread: OpenThread, scroll: ThreadScroll) -> Replies {
    let api = expect_context::<ApiClient>();
    let desk = expect_context::<Desk>();
    let session = expect_context::<SessionStore>();
    let capabilities = expect_context::<Signal<Capabilities>>();
    let Some(me) = session.admin() else {
        return Replies::inert();
    };
    // Checked right before every attempt: the session may have changed hands.
    let still_me = move || session.admin_id_untracked() == Some(me.id);
    // Files of replies not yet confirmed, kept for a retry. Browser `File`s
    // cannot live in the (thread-safe) store, so they wait here.
    let outgoing_files = StoredValue::new_local(HashMap::<String, Vec<File>>::new());
    // Failed attempts per reply, for the backoff of automatic retries.
    let attempts = StoredValue::new(HashMap::<String, u32>::new());
    // Set once `on_retry` exists: failures schedule it.
    let retry_later = StoredValue::new(None::<Callback<String>>);
    let forget = move |client_id: &str| {
        outgoing_files.update_value(|f| {
            f.remove(client_id);
        });
        attempts.update_value(|a| {
            a.remove(client_id);
        });
        outbox::update_everywhere(|o| o.remove(client_id));
    };
    let send_reply = {
        let api = api.clone();
        move |client_id: String, writing: Writing| {
            let api = api.clone();
            let files =
                outgoing_files.with_value(|f| f.get(&client_id).cloned().unwrap_or_default());
            let names = files.iter().map(File::name).collect();
            thread.reply_started(&client_id, &writing, names);
            // Text-only replies go to the outbox: files cannot outlive the page.
            if files.is_empty() {
                let sent_after = thread.pending_reply(&client_id).and_then(|p| p.sent_after);
                outbox::update_stored(session.area(), |o| {
                    o.put(OutboxEntry {
                        client_id: client_id.clone(),
                        admin_id: me.id,
                        ticket_id: id,
                        text: writing.text.clone(),
                        kind: writing.kind,
                        mentions: writing.mentions.clone(),
                        sent_after,
                    })
                });
            }
            scroll.to_newest();
            spawn_local(async move {
                if !still_me() {
                    return;
                }
                let sent = if files.is_empty() {
                    api.write(id, &writing, &client_id).await
                } else {
                    let progress_id = client_id.clone();
                    let on_progress = move |percent| {
                        thread.reply_progress(&progress_id, percent);
                    };
                    api.write_with_files(id, &writing, &files, &client_id, on_progress)
                        .await
                };
                match sent {
                    Ok(message) => {
                        forget(&client_id);
                        // This tab's socket is left out of the broadcast, so the
                        // inbox hears of the reply from here.
                        let event = match message.kind {
                            MessageKind::Reply => LiveEvent::MessageSent {
                                ticket_id: id,
                                message: message.clone(),
                            },
                            MessageKind::Note => LiveEvent::NoteAdded {
                                ticket_id: id,
                                message: message.clone(),
                            },
                        };
                        desk.inbox.update(|inbox| {
                            inbox.apply(&event);
                        });
                        thread.reply_confirmed(&client_id, message);
                    }
                    Err(error) => {
                        let attempt = attempts.try_update_value(|a| {
                            let n = a.entry(client_id.clone()).or_default();
                            *n += 1;
                            *n - 1
                        });
                        let delay = outbox::retry_after_ms(
                            &error,
                            attempt.unwrap_or_default(),
                            js_sys::Math::random(),
                        );
                        thread.reply_failed(&client_id, error);
                        if let Some(delay) = delay {
                            // Looked up when due: the thread may be gone by then.
                            set_timeout(
                                move || {
                                    if let Some(Some(retry)) = retry_later.try_get_value() {
                                        retry.run(client_id);
                                    }
                                },
                                Duration::from_millis(u64::from(delay)),
                            );
                        }
                    }
                }
            });
        }
    };
    let on_send = {
        let send_reply = send_reply.clone();
        Callback::new(move |outgoing: Outgoing| {
            let client_id = new_client_id();
            outgoing_files.update_value(|f| {
                f.insert(client_id.clone(), outgoing.files);
            });
            send_reply(client_id, outgoing.writing)
        })
    };
    let my_name = me.name.clone();
    let retry_api = api.clone();
    let on_retry = Callback::new(move |client_id: String| {
        // Only a reply still waiting, and not one already on its way again.
        let writing = thread
            .pending_reply(&client_id)
            .filter(|p| p.state.awaits_the_admin())
            .map(|p| Writing {
                text: p.text,
                kind: p.kind,
                mentions: p.mentions,
            });
        let Some(writing) = writing else { return };
        if !still_me() {
            return;
        }
        // "Sending" again at once, so a second click cannot start a second copy.
        thread.reply_started(&client_id, &writing, Vec::new());
        // A backend that honours the Idempotency-Key stores a repeat once.
        if capabilities.get_untracked().idempotency {
            send_reply(client_id, writing);
            return;
        }
        // Otherwise catch up first: if a lost answer hid a stored reply,
        // confirm it instead of sending it twice.
        let (api, send_reply, my_name) = (retry_api.clone(), send_reply.clone(), my_name.clone());
        spawn_local(async move {
            if let Err(error) = catch_up_now(&api, thread).await {
                // Whether it was stored is unknown: sending it again could
                // send it twice. It waits, failed, for the next retry.
                thread.reply_failed(&client_id, error);
                return;
            }
            // The thread may have been left (or the admin signed out) meanwhile.
            let Some(stored) = thread.stored_copy(&client_id, &my_name) else {
                return;
            };
            match stored {
                Some(message) => {
                    forget(&client_id);
                    thread.reply_confirmed(&client_id, message);
                }
                None => send_reply(client_id, writing),
            }
        });
    });
    retry_later.set_value(Some(on_retry));
    let on_discard = Callback::new(move |client_id: String| {
        forget(&client_id);
        thread.reply_discarded(&client_id);
    });

    // Replies an earlier page could not confirm: shown to their author, and
    // sent (after a check of what the server has) only when they say so.
    // Never by themselves: on a shared computer the text may be days old,
    // or planted in storage by someone else.
    for entry in outbox::stored_everywhere().for_ticket(me.id, id) {
        let writing = Writing {
            text: entry.text.clone(),
            kind: entry.kind,
            mentions: entry.mentions.clone(),
        };
        thread.reply_restored(&entry.client_id, &writing, entry.sent_after);
    }

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

/// An id for a reply before the server gives it one.
fn new_client_id() -> String {
    format!(
        "reply-{:x}-{:x}",
        js_sys::Date::now() as u64,
        (js_sys::Math::random() * 1e12) as u64
    )
}
