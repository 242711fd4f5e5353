//! What the inbox and the open thread share: the inbox rows, the admins
//! and the reasons. Provided by the desk page through context.

use leptos::prelude::*;

use crate::api::types::{Admin, Reason};
use crate::state::inbox::Inbox;
use crate::state::selection::Selection;
use crate::state::viewers::DeskViewers;

#[derive(Clone, Copy)]
pub struct Desk {
    pub inbox: RwSignal<Inbox>,
    pub admins: RwSignal<Vec<Admin>>,
    pub reasons: RwSignal<Vec<Reason>>,
    /// The tags in use (contract v3), most used first: suggestions.
    pub tags: RwSignal<Vec<String>>,
    /// Who is on each ticket, as the backend witnesses it (contract v3).
    pub viewers: RwSignal<DeskViewers>,
    /// Rows picked for a bulk change, by ticket id.
    pub selection: RwSignal<Selection>,
    /// The time rows measure "ago" against; ticks every half minute.
    pub now: RwSignal<f64>,
}

impl Desk {
    pub fn new(inbox: Inbox) -> Self {
        Self {
            inbox: RwSignal::new(inbox),
            admins: RwSignal::new(Vec::new()),
            reasons: RwSignal::new(Vec::new()),
            tags: RwSignal::new(Vec::new()),
            viewers: RwSignal::new(DeskViewers::default()),
            selection: RwSignal::new(Selection::default()),
            now: RwSignal::new(crate::browser::now_ms()),
        }
    }

    /// A tag this admin just used is suggested from now on.
    pub fn tag_used(&self, tag: &str) {
        if self
            .tags
            .with_untracked(|tags| !tags.iter().any(|t| t == tag))
        {
            self.tags.update(|tags| tags.push(tag.to_string()));
        }
    }

    /// An admin's name by id, read without subscribing.
    pub fn admin_name(&self, id: u64) -> Option<String> {
        self.admins
            .with_untracked(|admins| admins.iter().find(|a| a.id == id).map(|a| a.name.clone()))
    }
}
