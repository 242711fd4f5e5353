//! Queues and saved views (contract v3): the lists an agent starts the day
//! from, each with the count the server gives for it, and when to ask for
//! the counts again. Pure.

use std::collections::BTreeMap;

use crate::api::types::{SavedView, ViewFilters};
use crate::state::filter::{
    normalized_tag, priorities_named, AssignedFilter, InboxFilter, SnoozedFilter, StatusFilter,
};

/// A list the side of the inbox offers: a built-in queue or a saved view.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Queue {
    Open,
    Mine,
    Unassigned,
    Snoozed,
    Saved(u64),
}

impl Queue {
    pub const BUILT_IN: [Queue; 4] = [Queue::Open, Queue::Mine, Queue::Unassigned, Queue::Snoozed];

    /// Its key in `GET …/views/counts`.
    pub fn count_key(self) -> String {
        match self {
            Queue::Open => "open".into(),
            Queue::Mine => "mine".into(),
            Queue::Unassigned => "unassigned".into(),
            Queue::Snoozed => "snoozed".into(),
            Queue::Saved(id) => format!("view:{id}"),
        }
    }

    /// The inbox filter of a built-in queue: open tickets, snoozed ones left
    /// out but in "Pospuestos".
    pub fn built_in_filter(self) -> Option<InboxFilter> {
        let open = InboxFilter::default();
        Some(match self {
            Queue::Open => open,
            Queue::Mine => InboxFilter {
                assigned: AssignedFilter::Me,
                ..open
            },
            Queue::Unassigned => InboxFilter {
                assigned: AssignedFilter::Unassigned,
                ..open
            },
            Queue::Snoozed => InboxFilter {
                snoozed: SnoozedFilter::Only,
                ..open
            },
            Queue::Saved(_) => return None,
        })
    }
}

/// A saved view's filters as the inbox's; what this panel does not know
/// (a sort, a waiting filter) is left to the defaults.
pub fn view_filter(filters: &ViewFilters) -> InboxFilter {
    InboxFilter {
        status: StatusFilter::parse(filters.status.as_deref().unwrap_or_default()),
        assigned: AssignedFilter::parse(filters.assigned.as_deref().unwrap_or_default()),
        reason_id: filters.reason_id,
        search: filters
            .search
            .clone()
            .unwrap_or_default()
            .trim()
            .to_string(),
        customer_id: filters.customer_id,
        priority: priorities_named(filters.priority.iter().flatten().map(String::as_str)),
        tag: filters.tag.as_deref().and_then(normalized_tag),
        snoozed: SnoozedFilter::parse(filters.snoozed.as_deref().unwrap_or_default()),
    }
}

/// The inbox's filter as a saved view's, `null` for "any".
pub fn filters_of(filter: &InboxFilter) -> ViewFilters {
    ViewFilters {
        status: Some(filter.status.as_str().into()),
        assigned: Some(filter.assigned.to_param()),
        priority: (!filter.priority.is_empty()).then(|| {
            filter
                .priority
                .iter()
                .map(|p| p.as_str().to_string())
                .collect()
        }),
        tag: filter.tag.clone(),
        reason_id: filter.reason_id,
        customer_id: filter.customer_id,
        search: (!filter.search.is_empty()).then(|| filter.search.clone()),
        snoozed: Some(filter.snoozed.as_str().into()),
    }
}

/// Saved views in the order the admin gave them.
pub fn ordered(mut views: Vec<SavedView>) -> Vec<SavedView> {
    views.sort_by_key(|v| (v.position, v.id));
    views
}

/// How to move view `id` one place earlier (`step` -1) or later (1) in
/// `views` (as ordered): the positions to save, by view id. Two views of
/// the admin's own swap places; past another admin's shared view (which
/// this admin may not change) it steps just beyond it, never below 0.
pub fn moves(
    views: &[SavedView],
    id: u64,
    step: i64,
    mine: impl Fn(&SavedView) -> bool,
) -> Vec<(u64, i64)> {
    let Some(at) = views.iter().position(|v| v.id == id) else {
        return Vec::new();
    };
    let Some(neighbour) = at
        .checked_add_signed(step as isize)
        .and_then(|n| views.get(n))
    else {
        return Vec::new();
    };
    let moved = &views[at];
    if mine(neighbour) && neighbour.position != moved.position {
        return vec![
            (moved.id, neighbour.position),
            (neighbour.id, moved.position),
        ];
    }
    vec![(moved.id, (neighbour.position + step).max(0))]
}

/// Which queue or view the inbox shows now, if its filter is one of them.
pub fn current(filter: &InboxFilter, views: &[SavedView]) -> Option<Queue> {
    Queue::BUILT_IN
        .into_iter()
        .find(|q| q.built_in_filter().as_ref() == Some(filter))
        .or_else(|| {
            views
                .iter()
                .find(|v| view_filter(&v.filters) == *filter)
                .map(|v| Queue::Saved(v.id))
        })
}

/// The counts as the server last gave them.
pub type Counts = BTreeMap<String, u64>;

/// At most one counts request per [`COUNTS_EVERY_MS`], however many events
/// arrive; the last event of a burst is always followed by one, so the
/// counts settle on what the lists show.
pub const COUNTS_EVERY_MS: f64 = 3_000.0;

/// When to ask for the counts again.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct CountsSchedule {
    /// When the last request left.
    asked_at: Option<f64>,
    /// A request is waiting for its turn.
    due: bool,
}

impl CountsSchedule {
    /// Something changed at `now`: how long to wait before asking, or
    /// `None` when a request is already planned.
    pub fn changed(&mut self, now: f64) -> Option<f64> {
        if self.due {
            return None;
        }
        self.due = true;
        let wait = self
            .asked_at
            .map_or(0.0, |at| (at + COUNTS_EVERY_MS - now).max(0.0));
        Some(wait)
    }

    /// The planned request leaves at `now`.
    pub fn asking(&mut self, now: f64) {
        self.due = false;
        self.asked_at = Some(now);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::types::Priority;

    #[test]
    fn a_burst_of_changes_asks_once_at_once_and_once_after_the_interval() {
        let mut schedule = CountsSchedule::default();
        assert_eq!(
            schedule.changed(0.0),
            Some(0.0),
            "the first change asks now"
        );
        schedule.asking(0.0);
        assert_eq!(schedule.changed(100.0), Some(COUNTS_EVERY_MS - 100.0));
        for at in 101..200 {
            assert_eq!(schedule.changed(f64::from(at)), None, "already planned");
        }
        schedule.asking(COUNTS_EVERY_MS);
        assert_eq!(
            schedule.changed(COUNTS_EVERY_MS + 10_000.0),
            Some(0.0),
            "a quiet while later, at once"
        );
    }

    #[test]
    fn built_in_queues_and_saved_views_round_trip_through_the_inbox_filter() {
        let view_json = serde_json::json!({"id": 1, "name": "Urgentes sin asignar",
            "filters": {"status": "open", "assigned": "unassigned", "priority": ["high", "urgent"],
                "tag": " VIP ", "reason_id": null, "customer_id": null, "search": null,
                "snoozed": "exclude", "waiting": null, "overdue": null, "sort": "response_due_at"},
            "shared": true, "owner_id": 3, "position": 0});
        let view: SavedView = serde_json::from_value(view_json).unwrap();
        let filter = view_filter(&view.filters);
        assert_eq!(filter.priority, [Priority::Urgent, Priority::High]);
        assert_eq!(filter.tag.as_deref(), Some("vip"));
        assert_eq!(filter.assigned, AssignedFilter::Unassigned);
        assert_eq!(view_filter(&filters_of(&filter)), filter);
        assert_eq!(
            current(&filter, std::slice::from_ref(&view)),
            Some(Queue::Saved(1))
        );
        for queue in Queue::BUILT_IN {
            let filter = queue.built_in_filter().unwrap();
            assert_eq!(current(&filter, std::slice::from_ref(&view)), Some(queue));
            assert_eq!(view_filter(&filters_of(&filter)), filter);
        }
        let closed = InboxFilter {
            status: StatusFilter::Closed,
            ..Default::default()
        };
        assert_eq!(current(&closed, &[view]), None);
    }

    #[test]
    fn a_view_swaps_with_its_own_neighbour_and_steps_past_a_colleague_s() {
        let view = |id: u64, position: i64, owner: u64| SavedView {
            id,
            name: format!("v{id}"),
            filters: ViewFilters::default(),
            shared: owner != 1,
            owner_id: Some(owner),
            position,
        };
        let views = ordered(vec![
            view(1, 0, 1),
            view(2, 1, 1),
            view(3, 2, 9),
            view(4, 3, 1),
        ]);
        let mine = |v: &SavedView| v.owner_id == Some(1);
        let moved = |id, step| {
            let mut after = views.clone();
            for (id, position) in moves(&views, id, step, mine) {
                after.iter_mut().find(|v| v.id == id).unwrap().position = position;
            }
            ordered(after).iter().map(|v| v.id).collect::<Vec<_>>()
        };
        assert_eq!(moved(2, -1), [2, 1, 3, 4], "two of mine swap, even at 0");
        assert_eq!(
            moved(4, -1),
            [1, 2, 4, 3],
            "past a colleague's view, which stays"
        );
        assert_eq!(moves(&views, 4, -1, mine), [(4, 1)]);
        assert_eq!(moved(1, 1), [2, 1, 3, 4]);
        assert!(
            moves(&views, 1, -1, mine).is_empty(),
            "the first goes no earlier"
        );
        assert!(
            moves(&views, 4, 1, mine).is_empty(),
            "the last goes no later"
        );
    }

    #[test]
    fn saved_views_follow_their_positions() {
        let view = |id: u64, position: i64| SavedView {
            id,
            name: format!("v{id}"),
            filters: ViewFilters::default(),
            shared: false,
            owner_id: None,
            position,
        };
        let ids: Vec<u64> = ordered(vec![view(1, 2), view(2, 0), view(3, 0)])
            .iter()
            .map(|v| v.id)
            .collect();
        assert_eq!(ids, [2, 3, 1]);
    }
}
