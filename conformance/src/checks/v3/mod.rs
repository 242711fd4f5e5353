//! Contract v3, triage and time: each capability the backend announces,
//! checked in turn on the work ticket, then the privacy rule over all of
//! them. The work ticket's triage is put back at the end.

mod counts;
mod mentions_list;
mod merge;
mod merge_refusals;
mod priority;
mod privacy;
mod sla;
mod sla_time;
mod snooze;
mod tags;
mod viewers;
mod views;

use serde_json::{json, Value};

use crate::checks::{Run, Work, TICKETS};
use crate::clauses;

/// Declares `Capability` from one list, as v2 does: each variant with its
/// name in `GET …/capabilities` and the clause of its own line.
macro_rules! capabilities {
    ($($variant:ident = $name:literal, $clause:path;)+) => {
        /// A v3 capability. `Run::v3` checks each in a `match` without a
        /// catch-all arm: a capability added here does not compile until
        /// it is checked.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        enum Capability {
            $($variant,)+
        }

        impl Capability {
            /// Every capability this checker checks, in the contract's order.
            const ALL: &[Capability] = &[$(Capability::$variant,)+];

            fn name(self) -> &'static str {
                match self {
                    $(Capability::$variant => $name,)+
                }
            }

            fn clause(self) -> &'static str {
                match self {
                    $(Capability::$variant => $clause,)+
                }
            }
        }
    };
}

capabilities! {
    Priority = "priority", clauses::V3_PRIORITY;
    Tags = "tags", clauses::V3_TAGS;
    Snooze = "snooze", clauses::V3_SNOOZE;
    Sla = "sla", clauses::V3_SLA;
    Views = "views", clauses::V3_VIEWS;
    Merge = "merge", clauses::V3_MERGE;
    MentionsList = "mentions_list", clauses::V3_MENTIONS_LIST;
    Viewers = "viewers", clauses::V3_VIEWERS;
}

/// Whether this checker checks the capability called `name`.
pub fn is_checked(name: &str) -> bool {
    Capability::ALL.iter().any(|c| c.name() == name)
}

/// The summary keys that v3 adds and that no customer may ever see.
pub(super) const ADMIN_ONLY_KEYS: [&str; 6] = [
    "priority",
    "tags",
    "snoozed_until",
    "waiting_since",
    "response_due_at",
    "merged_into",
];

impl Run<'_> {
    /// `capabilities` is what v2 read (`None`: none to read, a v1 backend).
    pub(super) async fn v3(&mut self, work: Option<&Work>, capabilities: Option<&Value>) {
        let privacy = [clauses::V3_PRIVACY_ENDPOINTS, clauses::V3_PRIVACY_CHANNELS];
        let Some(capabilities) = capabilities else {
            for capability in Capability::ALL {
                self.report.skip(capability.clause(), "not offered");
            }
            for clause in privacy {
                self.report.skip(clause, "not offered");
            }
            return;
        };
        let offered =
            |c: Capability| capabilities.get(c.name()).and_then(Value::as_bool) == Some(true);
        // What the work ticket had, to put back (a borrowed ticket is someone's).
        let before = match work {
            Some(work) => self.triage_of(work).await,
            None => None,
        };
        for &capability in Capability::ALL {
            if !offered(capability) {
                self.report.skip(capability.clause(), "not announced");
                continue;
            }
            let Some(work) = work else {
                self.report.check(
                    capability.clause(),
                    Err("announced, but there is no ticket to check it on".into()),
                );
                continue;
            };
            match capability {
                Capability::Priority => self.priority(work).await,
                Capability::Tags => self.tags(work, offered_bulk(capabilities)).await,
                Capability::Snooze => self.snooze(work).await,
                Capability::Sla => self.sla(work).await,
                Capability::Views => self.views(work, offered(Capability::Snooze)).await,
                Capability::Merge => self.merge().await,
                Capability::MentionsList => self.mentions_list(work).await,
                Capability::Viewers => self.viewers(work).await,
            }
        }
        let triage: Vec<Capability> = [Capability::Priority, Capability::Tags, Capability::Snooze]
            .into_iter()
            .filter(|c| offered(*c))
            .collect();
        match work {
            Some(work) if !triage.is_empty() => {
                let names: Vec<&str> = triage.iter().map(|c| c.name()).collect();
                self.privacy(work, &names).await;
            }
            _ => {
                for clause in privacy {
                    self.report.skip(
                        clause,
                        "none of priority, tags, snooze announced, or no ticket",
                    );
                }
            }
        }
        if let (Some(work), Some(before)) = (work, before) {
            if let Err(why) = self.patch(work, before).await {
                eprintln!(
                    "conformance: could not put ticket {}'s triage back: {why}",
                    work.id
                );
            }
        }
    }

    /// The work ticket's v3 fields as a PATCH body that puts them back.
    async fn triage_of(&self, work: &Work) -> Option<Value> {
        let answer = self.get(&format!("{TICKETS}/{}", work.id)).await.ok()?;
        let summary = answer.json.get("data")?;
        let mut body = serde_json::Map::new();
        for key in ["priority", "tags"] {
            if let Some(value) = summary.get(key) {
                body.insert(key.into(), value.clone());
            }
        }
        if summary.get("snoozed_until").is_some() {
            // A snooze cannot be put back into the past; waking is the safe end.
            body.insert("snoozed_until".into(), json!(null));
        }
        (!body.is_empty()).then_some(Value::Object(body))
    }
}

fn offered_bulk(capabilities: &Value) -> bool {
    capabilities.get("bulk").and_then(Value::as_bool) == Some(true)
}

/// Whether `e` is `ticket.updated` on the admin channel for `ticket_id`.
fn is_update_of(e: &crate::ws::Event, ticket_id: i64) -> bool {
    e.event == "ticket.updated"
        && e.channel == crate::checks::ADMIN_CHANNEL
        && e.data
            .get("ticket")
            .and_then(|t| t.get("id"))
            .and_then(Value::as_i64)
            == Some(ticket_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_capability_has_its_own_name_and_clause() {
        for capability in Capability::ALL {
            assert_eq!(capability.clause(), format!("v3 {}", capability.name()));
        }
        assert!(is_checked("viewers") && is_checked("sla") && !is_checked("notes"));
    }
}
