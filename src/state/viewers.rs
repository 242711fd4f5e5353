//! Who is on every ticket, as the backend witnesses it (contract v3
//! `viewers`): `ticket.viewers` events and `GET …/support/viewers`, for the
//! inbox rows. Pure.

use std::collections::HashMap;

use serde::Deserialize;
use serde_json::Value;

pub use crate::api::types::Viewer;

#[derive(Deserialize)]
struct ViewersChanged {
    ticket_id: u64,
    viewers: Vec<Viewer>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeskViewers {
    by_ticket: HashMap<u64, Vec<Viewer>>,
}

impl DeskViewers {
    /// A `ticket.viewers` payload; `false` when it is not one.
    pub fn heard(&mut self, data: &Value) -> bool {
        let Ok(changed) = ViewersChanged::deserialize(data) else {
            return false;
        };
        self.set(changed.ticket_id, changed.viewers);
        true
    }

    /// The whole picture (`{"456": [...]}`), after a (re)connect: what is
    /// not in it has nobody on it.
    pub fn listed(&mut self, all: HashMap<String, Vec<Viewer>>) {
        self.by_ticket = all
            .into_iter()
            .filter_map(|(id, viewers)| Some((id.parse().ok()?, viewers)))
            .filter(|(_, viewers): &(u64, Vec<Viewer>)| !viewers.is_empty())
            .collect();
    }

    fn set(&mut self, ticket: u64, viewers: Vec<Viewer>) {
        if viewers.is_empty() {
            self.by_ticket.remove(&ticket);
        } else {
            self.by_ticket.insert(ticket, viewers);
        }
    }

    /// The others on `ticket` (not `me`), and which of them are typing.
    pub fn on(&self, ticket: u64, me: u64) -> (Vec<String>, Vec<String>) {
        let others = self
            .by_ticket
            .get(&ticket)
            .into_iter()
            .flatten()
            .filter(|v| v.id != me);
        let (mut names, mut typing) = (Vec::new(), Vec::new());
        for viewer in others {
            names.push(viewer.name.clone());
            if viewer.typing {
                typing.push(viewer.name.clone());
            }
        }
        (names, typing)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn rows_show_the_others_on_each_ticket_and_who_types() {
        let mut desk = DeskViewers::default();
        assert!(desk.heard(&json!({"ticket_id": 4, "viewers": [
            {"id": 1, "name": "Yo", "typing": true},
            {"id": 2, "name": "Lucía", "typing": true},
            {"id": 3, "name": "Carlos", "typing": false}]})));
        assert_eq!(
            desk.on(4, 1),
            (
                vec!["Lucía".to_string(), "Carlos".to_string()],
                vec!["Lucía".to_string()]
            )
        );
        assert_eq!(desk.on(5, 1), (vec![], vec![]));
        assert!(
            !desk.heard(&json!({"ticket_id": "x"})),
            "not a payload: ignored"
        );
        desk.heard(&json!({"ticket_id": 4, "viewers": []}));
        assert_eq!(desk.on(4, 1).0.len(), 0, "everybody left");
        desk.heard(&json!({"ticket_id": 6, "viewers": [{"id": 2, "name": "Lucía"}]}));
        let listed: HashMap<String, Vec<Viewer>> = serde_json::from_value(
            json!({"7": [{"id": 3, "name": "Carlos", "typing": false}], "bogus": []}),
        )
        .unwrap();
        desk.listed(listed);
        assert_eq!(
            desk.on(6, 1).0.len(),
            0,
            "the whole picture replaces what was heard"
        );
        assert_eq!(desk.on(7, 1).0, ["Carlos"]);
    }
}
