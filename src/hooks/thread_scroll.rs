//! How the conversation scrolls: pinned to the newest message unless the
//! admin scrolled up (then new messages raise a pill instead), and only a
//! bounded run of messages in the DOM (`state::window::Span`), moved as the
//! admin scrolls, without the view jumping.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::state::thread::{ids_of, ThreadStoreFields};
use crate::state::thread_store::OpenThread;
use crate::state::window::Span;

/// How close to the bottom still counts as "reading the newest messages".
const PINNED_SLACK_PX: i32 = 48;
/// How close to the top reveals earlier messages.
const EARLIER_SLACK_PX: i32 = 200;

#[derive(Clone, Copy)]
pub struct ThreadScroll {
    pub scroller: NodeRef<html::Div>,
    /// The admin reads the newest messages.
    pub pinned: RwSignal<bool>,
    /// Messages arrived below what the admin reads.
    pub unseen: RwSignal<bool>,
    /// The messages in the DOM.
    pub span: RwSignal<Span>,
    /// Where the last scroll event left the view: only a move up unpins
    /// (content growing below moves nothing).
    last_top: StoredValue<i32>,
    thread: OpenThread,
}

pub fn use_thread_scroll(thread: OpenThread) -> ThreadScroll {
    let ids = thread.store().messages().with_untracked(|m| ids_of(m));
    let scroll = ThreadScroll {
        scroller: NodeRef::new(),
        pinned: RwSignal::new(true),
        unseen: RwSignal::new(false),
        span: RwSignal::new(Span::newest(&ids)),
        last_top: StoredValue::new(0),
        thread,
    };
    // Open at the newest message.
    Effect::new(move |_| scroll.to_newest());
    scroll
}

impl ThreadScroll {
    fn ids(self) -> Vec<u64> {
        self.thread
            .store()
            .messages()
            .try_with_untracked(|m| ids_of(m))
            .unwrap_or_default()
    }

    /// Back to the newest messages, and down to them.
    pub fn to_newest(self) {
        let ids = self.ids();
        self.span.try_set(Span::newest(&ids));
        request_animation_frame(move || {
            if let Some(el) = self.scroller.try_get_untracked().flatten() {
                el.set_scroll_top(el.scroll_height());
            }
            self.pinned.try_set(true);
            self.unseen.try_set(false);
        });
    }

    /// New messages joined the thread.
    pub fn messages_arrived(self) {
        let (Some(pinned), Some(span)) = (
            self.pinned.try_get_untracked(),
            self.span.try_get_untracked(),
        ) else {
            return;
        };
        let ids = self.ids();
        let next = span.after_arrivals(&ids, pinned);
        if next != span {
            // Rows let go at the top make the browser move the view up to
            // keep what is shown in place: that move is ours, not the admin's.
            self.last_top.set_value(0);
            self.span.set(next);
        }
        if pinned && span.follows_newest() {
            request_animation_frame(move || {
                if let Some(el) = self.scroller.try_get_untracked().flatten() {
                    el.set_scroll_top(el.scroll_height());
                }
            });
        } else {
            self.unseen.set(true);
        }
    }

    pub fn on_scroll(self) {
        let Some(el) = self.scroller.get_untracked() else {
            return;
        };
        let (top, height, viewport) = (el.scroll_top(), el.scroll_height(), el.client_height());
        let at_bottom = height - top - viewport <= PINNED_SLACK_PX;
        let moved_up = top < self.last_top.get_value();
        self.last_top.set_value(top);
        let span = self.span.get_untracked();
        let ids = self.ids();
        if top <= EARLIER_SLACK_PX && !span.at_oldest(&ids) {
            self.keep_position(move || self.span.set(span.earlier(&ids)));
        } else if at_bottom && !span.follows_newest() {
            self.keep_position(move || self.span.set(span.later(&ids)));
        }
        let pinned =
            span.follows_newest() && (at_bottom || (self.pinned.get_untracked() && !moved_up));
        self.pinned.set(pinned);
        if pinned && at_bottom {
            self.unseen.set(false);
        }
    }

    /// Whether earlier messages wait: held but not shown, or on the server.
    pub fn has_earlier(self) -> bool {
        let span = self.span.get();
        let held = self
            .thread
            .store()
            .messages()
            .try_with(|m| !span.at_oldest(&ids_of(m)))
            .unwrap_or(false);
        held || self.thread.store().has_older().try_get().unwrap_or(false)
    }

    /// Shows earlier messages already held; `false` when there are none.
    pub fn reveal_earlier(self) -> bool {
        let ids = self.ids();
        let span = self.span.get_untracked();
        if span.at_oldest(&ids) {
            return false;
        }
        self.keep_position(move || self.span.set(span.earlier(&ids)));
        true
    }

    /// An older page arrived: shown above, the run kept bounded.
    pub fn older_arrived(self, change: impl FnOnce()) {
        self.keep_position(move || {
            change();
            let ids = self.ids();
            self.span.try_update(|span| *span = span.bounded(&ids));
        });
    }

    /// Runs `change` (which adds or removes rows) without moving what the
    /// admin sees: the first message in view stays where it is on screen.
    fn keep_position(self, change: impl FnOnce()) {
        let anchor = self.anchor();
        // Earlier messages shown again are not news: the log does not read them out.
        if let Some(el) = self.scroller.get_untracked() {
            let _ = el.set_attribute("aria-live", "off");
        }
        change();
        request_animation_frame(move || {
            let Some(el) = self.scroller.try_get_untracked().flatten() else {
                return;
            };
            let _ = el.set_attribute("aria-live", "polite");
            if let Some((message, before)) = anchor.filter(|(m, _)| m.is_connected()) {
                let now = offset_in(&el, &message);
                el.set_scroll_top(el.scroll_top() + (now - before).round() as i32);
            }
        });
    }

    /// The first message at or below the top of the view, and its offset there.
    fn anchor(self) -> Option<(web_sys::Element, f64)> {
        let el = self.scroller.get_untracked()?;
        let messages = el.query_selector_all("[data-message-id]").ok()?;
        (0..messages.length())
            .filter_map(|i| messages.item(i)?.dyn_into::<web_sys::Element>().ok())
            .map(|m| {
                let offset = offset_in(&el, &m);
                (m, offset)
            })
            .find(|(_, offset)| *offset >= 0.0)
    }
}

/// Where `element` is, in pixels below the top of the scroller's view.
fn offset_in(scroller: &web_sys::HtmlDivElement, element: &web_sys::Element) -> f64 {
    element.get_bounding_client_rect().top() - scroller.get_bounding_client_rect().top()
}
