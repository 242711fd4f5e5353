//! How the panel gets an admin's attention when a customer writes: a system
//! notification (once allowed), a chime (unless muted) and a screen-reader
//! announcement.

use leptos::prelude::*;

use crate::browser::alerts;
use crate::browser::storage::{self, Area};
use crate::i18n::{fill, t, Text};
use crate::state::locale::I18n;

const MUTED_KEY: &str = "mesa.sound.muted";

#[derive(Clone, Copy)]
pub struct Alerts {
    pub muted: RwSignal<bool>,
    /// Whether to offer the "enable notifications" button.
    pub can_ask: RwSignal<bool>,
    /// The latest announcement for the polite live region.
    pub announcement: RwSignal<String>,
    i18n: I18n,
}

impl Alerts {
    pub fn new(i18n: I18n) -> Self {
        Self {
            muted: RwSignal::new(storage::get(Area::Local, MUTED_KEY).as_deref() == Some("1")),
            can_ask: RwSignal::new(
                alerts::notification_permission() == Some(web_sys::NotificationPermission::Default),
            ),
            announcement: RwSignal::new(String::new()),
            i18n,
        }
    }

    pub fn toggle_sound(&self) {
        let muted = !self.muted.get_untracked();
        storage::set(Area::Local, MUTED_KEY, if muted { "1" } else { "0" });
        self.muted.set(muted);
    }

    pub fn ask_permission(&self) {
        let can_ask = self.can_ask;
        alerts::request_notification_permission(move || {
            can_ask.set(
                alerts::notification_permission() == Some(web_sys::NotificationPermission::Default),
            );
        });
    }

    /// Says a change of state to screen readers, in the admin's language.
    pub fn announce(&self, text: Text, values: &[(&str, &str)]) {
        let text = fill(t(self.i18n.locale_untracked(), text), values);
        self.announcement.try_set(text);
    }

    /// A colleague mentioned the admin in a note: always worth a notification.
    pub fn mentioned(&self, ticket_id: u64, by: &str, text: Option<&str>) {
        let locale = self.i18n.locale_untracked();
        let title = fill(t(locale, Text::MentionedYou), &[("name", by)]);
        let body = text.unwrap_or_default();
        self.announcement.set(format!("{title}: {body}"));
        alerts::notify(&title, body, &format!("mention-{ticket_id}"));
        if !self.muted.get_untracked() {
            alerts::chime();
        }
    }

    /// A customer wrote. `watched` is true when the admin has that thread open
    /// in a visible tab: then the message itself is enough, and the thread's
    /// log reads it out (said here too, it would be heard twice).
    pub fn customer_message(
        &self,
        ticket_id: u64,
        customer: &str,
        text: Option<&str>,
        watched: bool,
    ) {
        if watched {
            return;
        }
        let locale = self.i18n.locale_untracked();
        let title = fill(t(locale, Text::AlertNewMessage), &[("name", customer)]);
        let body = text
            .filter(|b| !b.trim().is_empty())
            .unwrap_or(t(locale, Text::AttachmentOnly));
        self.announcement.set(format!("{title}: {body}"));
        alerts::notify(&title, body, &format!("ticket-{ticket_id}"));
        if !self.muted.get_untracked() {
            alerts::chime();
        }
    }
}
