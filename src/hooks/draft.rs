//! The reply box's text for one ticket, kept per admin and ticket so it
//! survives navigation and reload (`state::drafts`).

use leptos::prelude::*;

use crate::state::drafts::Drafts;
use crate::state::session::SessionStore;

#[derive(Clone, Copy)]
pub struct Draft {
    pub text: RwSignal<String>,
    ticket_id: Signal<u64>,
    /// The signed-in admin's own drafts; none without a session.
    drafts: Option<Drafts>,
}

/// The draft of the ticket `ticket_id` names, followed as it changes.
pub fn use_draft(ticket_id: Signal<u64>) -> Draft {
    let drafts = use_context::<SessionStore>().and_then(|s| s.drafts());
    let text = RwSignal::new(String::new());
    Effect::new(move |_| {
        let id = ticket_id.get();
        text.set(drafts.map(|d| d.get(id)).unwrap_or_default());
    });
    Draft {
        text,
        ticket_id,
        drafts,
    }
}

impl Draft {
    /// Shows what the admin wrote and keeps it for the ticket.
    pub fn save(&self, value: String) {
        if let Some(drafts) = self.drafts {
            drafts.set(self.ticket_id.get_untracked(), &value);
        }
        self.text.set(value);
    }

    pub fn is_blank(&self) -> bool {
        self.text.with(|t| t.trim().is_empty())
    }
}
