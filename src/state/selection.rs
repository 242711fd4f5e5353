//! Which inbox rows are selected for a bulk change. Selection is by ticket
//! id, never by position, so it survives the windowed list (rows leaving and
//! entering the DOM) and live reordering (a new message moves a row to the
//! top). Pure: ids and the current order in, ids out.

use std::collections::BTreeSet;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    ids: BTreeSet<u64>,
    /// Where a shift-click range starts: the row last toggled or clicked.
    anchor: Option<u64>,
}

impl Selection {
    pub fn contains(&self, id: u64) -> bool {
        self.ids.contains(&id)
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Selects or unselects one row; it becomes the anchor of a range.
    pub fn toggle(&mut self, id: u64) {
        if !self.ids.remove(&id) {
            self.ids.insert(id);
        }
        self.anchor = Some(id);
    }

    /// Shift-click: every row from the anchor to `id` in the inbox's current
    /// `order` takes the state the clicked row takes (selected unless it was
    /// selected already). Without an anchor still in the list it is a toggle.
    pub fn range_to(&mut self, id: u64, order: &[u64]) {
        let from = self
            .anchor
            .and_then(|anchor| order.iter().position(|&t| t == anchor));
        let to = order.iter().position(|&t| t == id);
        let (Some(from), Some(to)) = (from, to) else {
            self.toggle(id);
            return;
        };
        let select = !self.ids.contains(&id);
        for &row in &order[from.min(to)..=from.max(to)] {
            if select {
                self.ids.insert(row);
            } else {
                self.ids.remove(&row);
            }
        }
        self.anchor = Some(id);
    }

    /// Selects exactly these rows (e.g. what failed, to try again).
    pub fn select_only(&mut self, ids: impl IntoIterator<Item = u64>) {
        self.ids = ids.into_iter().collect();
        self.anchor = None;
    }

    pub fn clear(&mut self) {
        self.ids.clear();
        self.anchor = None;
    }

    /// Forgets rows that left the inbox (another filter, or a change that
    /// moved them out of this one); returns whether anything changed.
    pub fn prune(&mut self, present: &[u64]) -> bool {
        if self.ids.is_empty() && self.anchor.is_none() {
            return false;
        }
        let present: BTreeSet<u64> = present.iter().copied().collect();
        let before = self.ids.len();
        self.ids.retain(|id| present.contains(id));
        let anchor_gone = self.anchor.is_some_and(|a| !present.contains(&a));
        if anchor_gone {
            self.anchor = None;
        }
        anchor_gone || self.ids.len() != before
    }

    /// The selected ids in the inbox's current order (rows first seen first).
    pub fn in_order(&self, order: &[u64]) -> Vec<u64> {
        order
            .iter()
            .copied()
            .filter(|id| self.ids.contains(id))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toggling_selects_and_unselects_by_id() {
        let mut selection = Selection::default();
        selection.toggle(7);
        selection.toggle(3);
        assert!(selection.contains(7) && selection.contains(3));
        selection.toggle(7);
        assert!(!selection.contains(7));
        assert_eq!(selection.len(), 1);
        selection.clear();
        assert!(selection.is_empty());
    }

    #[test]
    fn a_range_follows_the_current_order_in_either_direction() {
        let order = [10, 9, 8, 7, 6, 5];
        let mut selection = Selection::default();
        selection.toggle(9);
        selection.range_to(6, &order);
        assert_eq!(selection.in_order(&order), [9, 8, 7, 6]);

        let mut upwards = Selection::default();
        upwards.toggle(5);
        upwards.range_to(8, &order);
        assert_eq!(upwards.in_order(&order), [8, 7, 6, 5]);
    }

    #[test]
    fn a_range_uses_the_order_at_the_time_of_the_click() {
        let mut selection = Selection::default();
        selection.toggle(2);
        // A new message moved ticket 4 to the top meanwhile.
        let now = [4, 1, 2, 3, 5];
        selection.range_to(5, &now);
        assert_eq!(selection.in_order(&now), [2, 3, 5]);
        assert!(!selection.contains(4) && !selection.contains(1));
    }

    #[test]
    fn shift_clicking_a_selected_row_unselects_the_range() {
        let order = [1, 2, 3, 4];
        let mut selection = Selection::default();
        selection.select_only(order);
        selection.toggle(1);
        selection.toggle(1);
        selection.range_to(3, &order);
        assert_eq!(selection.in_order(&order), [4]);
    }

    #[test]
    fn a_range_without_an_anchor_in_the_list_is_a_toggle() {
        let mut selection = Selection::default();
        selection.range_to(3, &[1, 2, 3]);
        assert_eq!(selection.in_order(&[1, 2, 3]), [3]);
        selection.toggle(99);
        selection.prune(&[1, 2, 3]);
        selection.range_to(1, &[1, 2, 3]);
        assert_eq!(selection.in_order(&[1, 2, 3]), [1, 3]);
    }

    #[test]
    fn rows_that_left_the_inbox_are_pruned_and_only_then_is_it_a_change() {
        let mut selection = Selection::default();
        selection.select_only([1, 2, 3]);
        assert!(!selection.prune(&[3, 2, 1, 4]), "nothing left");
        assert!(selection.prune(&[3, 4]));
        assert_eq!(selection.in_order(&[1, 2, 3, 4]), [3]);
        assert!(!Selection::default().prune(&[]));
    }

    #[test]
    fn selection_survives_any_reordering() {
        let mut selection = Selection::default();
        selection.select_only([5, 50, 500]);
        let reordered: Vec<u64> = (1..=600).rev().collect();
        assert!(!selection.prune(&reordered));
        assert_eq!(selection.in_order(&reordered), [500, 50, 5]);
    }
}
