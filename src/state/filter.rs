//! What the inbox shows: the filters an admin sets, in the URL and in the
//! API's query, and whether a ticket belongs. Pure.

use crate::api::types::{Priority, TicketStatus, TicketSummary};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum StatusFilter {
    #[default]
    Open,
    Closed,
    All,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AssignedFilter {
    #[default]
    Anyone,
    Me,
    Unassigned,
    Admin(u64),
}

impl StatusFilter {
    /// The one spelling of each filter: in the URL, in the API's query and
    /// as the select's value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Closed => "closed",
            Self::All => "all",
        }
    }

    /// Anything unknown reads as the default, so a bad link still opens.
    pub fn parse(text: &str) -> Self {
        match text {
            "closed" => Self::Closed,
            "all" => Self::All,
            _ => Self::Open,
        }
    }
}

impl AssignedFilter {
    /// The one spelling: `me`, `unassigned`, an admin's id, or `any`.
    pub fn to_param(self) -> String {
        match self {
            Self::Anyone => "any".into(),
            Self::Me => "me".into(),
            Self::Unassigned => "unassigned".into(),
            Self::Admin(id) => id.to_string(),
        }
    }

    /// Anything unknown reads as "anyone".
    pub fn parse(text: &str) -> Self {
        match text {
            "me" => Self::Me,
            "unassigned" => Self::Unassigned,
            id => id.parse().map(Self::Admin).unwrap_or_default(),
        }
    }
}

/// Snoozed tickets in a list (contract v3): left out by default, so the open
/// queue holds only what can be worked on now.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SnoozedFilter {
    #[default]
    Exclude,
    Only,
    Include,
}

impl SnoozedFilter {
    /// The one spelling: in the URL, the API's query and the select.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Exclude => "exclude",
            Self::Only => "only",
            Self::Include => "include",
        }
    }

    /// Anything unknown reads as the default.
    pub fn parse(text: &str) -> Self {
        match text {
            "only" => Self::Only,
            "include" => Self::Include,
            _ => Self::Exclude,
        }
    }
}

/// One of the filters an admin sets from the inbox's header.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FilterPart {
    Status,
    Assigned,
    Reason,
    Search,
    Priority,
    Tag,
    Snoozed,
}

/// What the inbox shows; lives in the URL so reload and back/forward keep it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InboxFilter {
    pub status: StatusFilter,
    pub assigned: AssignedFilter,
    pub reason_id: Option<u64>,
    pub search: String,
    /// One customer's tickets only (contract v2's `customer_id`).
    pub customer_id: Option<u64>,
    /// Any of these priorities (contract v3); empty means any priority.
    pub priority: Vec<Priority>,
    /// Tickets with this tag (contract v3), as the backend spells tags.
    pub tag: Option<String>,
    pub snoozed: SnoozedFilter,
}

/// `urgent,high`: the priorities named, most urgent first, each once;
/// unknown words are left out.
fn parse_priorities(text: &str) -> Vec<Priority> {
    priorities_named(text.split(','))
}

/// The priorities among `words`, most urgent first, each once; unknown
/// words are left out (the URL's list and a saved view's alike).
pub fn priorities_named<'a>(words: impl IntoIterator<Item = &'a str>) -> Vec<Priority> {
    let named: Vec<Priority> = words
        .into_iter()
        .filter_map(|word| Priority::parse(word.trim()))
        .collect();
    Priority::ALL
        .into_iter()
        .filter(|p| named.contains(p))
        .collect()
}

fn priorities_param(priorities: &[Priority]) -> String {
    priorities
        .iter()
        .map(|p| p.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// A tag as backends keep it: trimmed and lower-cased; empty is no tag.
pub fn normalized_tag(text: &str) -> Option<String> {
    let tag = text.trim().to_lowercase();
    (!tag.is_empty()).then_some(tag)
}

impl InboxFilter {
    /// Reads the page's query (`status`, `assigned`, `reason`, `q`, `customer`,
    /// `priority`, `tag`, `snoozed`); unknown
    /// values fall back to the default rather than failing a shared link.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> Self {
        let status = StatusFilter::parse(&get("status").unwrap_or_default());
        let assigned = AssignedFilter::parse(&get("assigned").unwrap_or_default());
        Self {
            status,
            assigned,
            reason_id: get("reason").and_then(|r| r.parse().ok()),
            search: get("q").unwrap_or_default().trim().to_string(),
            customer_id: get("customer").and_then(|c| c.parse().ok()),
            priority: parse_priorities(&get("priority").unwrap_or_default()),
            tag: get("tag").and_then(|t| normalized_tag(&t)),
            snoozed: SnoozedFilter::parse(&get("snoozed").unwrap_or_default()),
        }
    }

    /// The filters set away from their defaults, for the removable chips
    /// (the customer filter has a chip of its own).
    pub fn active(&self) -> Vec<FilterPart> {
        let defaults = Self::default();
        [
            (self.status != defaults.status).then_some(FilterPart::Status),
            (self.assigned != defaults.assigned).then_some(FilterPart::Assigned),
            self.reason_id.map(|_| FilterPart::Reason),
            (!self.search.is_empty()).then_some(FilterPart::Search),
            (!self.priority.is_empty()).then_some(FilterPart::Priority),
            self.tag.as_ref().map(|_| FilterPart::Tag),
            (self.snoozed != defaults.snoozed).then_some(FilterPart::Snoozed),
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    /// This filter with `part` back at its default.
    pub fn without(&self, part: FilterPart) -> Self {
        let defaults = Self::default();
        let mut next = self.clone();
        match part {
            FilterPart::Status => next.status = defaults.status,
            FilterPart::Assigned => next.assigned = defaults.assigned,
            FilterPart::Reason => next.reason_id = None,
            FilterPart::Search => next.search.clear(),
            FilterPart::Priority => next.priority.clear(),
            FilterPart::Tag => next.tag = None,
            FilterPart::Snoozed => next.snoozed = defaults.snoozed,
        }
        next
    }

    /// The page's query string for this filter, defaults left out.
    pub fn to_query(&self) -> String {
        let mut parts = Vec::new();
        if self.status != StatusFilter::default() {
            parts.push(format!("status={}", self.status.as_str()));
        }
        if self.assigned != AssignedFilter::default() {
            parts.push(format!("assigned={}", self.assigned.to_param()));
        }
        if let Some(reason) = self.reason_id {
            parts.push(format!("reason={reason}"));
        }
        if !self.search.is_empty() {
            parts.push(format!("q={}", crate::query::encode(&self.search)));
        }
        if let Some(customer) = self.customer_id {
            parts.push(format!("customer={customer}"));
        }
        parts.extend(self.triage_params());
        if parts.is_empty() {
            String::new()
        } else {
            format!("?{}", parts.join("&"))
        }
    }

    /// The contract's list filter (paging is the API's).
    pub fn api_query(&self) -> String {
        let mut query = format!(
            "status={}&assigned={}",
            self.status.as_str(),
            self.assigned.to_param()
        );
        if let Some(reason) = self.reason_id {
            query.push_str(&format!("&reason_id={reason}"));
        }
        if !self.search.is_empty() {
            query.push_str(&format!("&search={}", crate::query::encode(&self.search)));
        }
        if let Some(customer) = self.customer_id {
            query.push_str(&format!("&customer_id={customer}"));
        }
        for param in self.triage_params() {
            query.push('&');
            query.push_str(&param);
        }
        query
    }

    /// The v3 filters, spelt alike in the URL and the API's query; defaults
    /// left out, so a backend without them is asked nothing new.
    fn triage_params(&self) -> Vec<String> {
        let mut params = Vec::new();
        if !self.priority.is_empty() {
            params.push(format!("priority={}", priorities_param(&self.priority)));
        }
        if let Some(tag) = &self.tag {
            params.push(format!("tag={}", crate::query::encode(tag)));
        }
        if self.snoozed != SnoozedFilter::default() {
            params.push(format!("snoozed={}", self.snoozed.as_str()));
        }
        params
    }

    /// Whether a ticket belongs in this view. A search is answered by the
    /// server only (it also searches message text), so with a search the
    /// inbox never adds tickets on its own.
    pub fn admits(&self, ticket: &TicketSummary, me: u64) -> bool {
        let status_ok = match self.status {
            StatusFilter::Open => ticket.status == TicketStatus::Open,
            StatusFilter::Closed => ticket.status == TicketStatus::Closed,
            StatusFilter::All => true,
        };
        let assigned_ok = match self.assigned {
            AssignedFilter::Anyone => true,
            AssignedFilter::Me => ticket.assigned_to == Some(me),
            AssignedFilter::Unassigned => ticket.assigned_to.is_none(),
            AssignedFilter::Admin(id) => ticket.assigned_to == Some(id),
        };
        let reason_ok = self
            .reason_id
            .is_none_or(|id| ticket.reason.as_ref().is_some_and(|r| r.id == id));
        let customer_ok = self.customer_id.is_none_or(|id| ticket.customer.id == id);
        status_ok && assigned_ok && reason_ok && customer_ok && self.admits_triage(ticket)
    }

    fn admits_triage(&self, ticket: &TicketSummary) -> bool {
        let priority_ok = self.priority.is_empty() || self.priority.contains(&ticket.priority);
        let tag_ok = self
            .tag
            .as_ref()
            .is_none_or(|tag| ticket.tags.iter().any(|t| t == tag));
        let snoozed = ticket.snoozed_until.is_some();
        let snoozed_ok = match self.snoozed {
            SnoozedFilter::Exclude => !snoozed,
            SnoozedFilter::Only => snoozed,
            SnoozedFilter::Include => true,
        };
        priority_ok && tag_ok && snoozed_ok
    }
}
