//! Contract v2: the capabilities the backend announces, each checked in turn.

mod bulk;
mod canned;
mod customers;
mod idempotency;
mod mentions;
pub(super) mod notes;

use serde_json::Value;

use crate::checks::{ensure, Run, Work, ADMIN};
use crate::clauses;
use crate::shapes;

/// Declares `Capability` from one list: each variant with the name
/// `GET …/capabilities` announces it by and the clause of its own line.
macro_rules! capabilities {
    ($($variant:ident = $name:literal, $clause:path;)+) => {
        /// A v2 capability. `Run::v2` checks each in a `match` without a
        /// catch-all arm: a capability added here does not compile until
        /// it is checked.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        enum Capability {
            $($variant,)+
        }

        impl Capability {
            /// Every capability, in the contract's order.
            const ALL: &[Capability] = &[$(Capability::$variant,)+];

            /// The key in `GET …/capabilities`' `data`.
            fn name(self) -> &'static str {
                match self {
                    $(Capability::$variant => $name,)+
                }
            }

            /// `v2 {name}`: skipped when not offered, failed when announced
            /// and not checkable.
            fn clause(self) -> &'static str {
                match self {
                    $(Capability::$variant => $clause,)+
                }
            }
        }
    };
}

capabilities! {
    Idempotency = "idempotency", clauses::V2_IDEMPOTENCY;
    Notes = "notes", clauses::V2_NOTES;
    CannedReplies = "canned_replies", clauses::V2_CANNED_REPLIES;
    Customers = "customers", clauses::V2_CUSTOMERS;
    Bulk = "bulk", clauses::V2_BULK;
    Mentions = "mentions", clauses::V2_MENTIONS;
}

impl Run<'_> {
    /// Checks each v2 capability; answers what `GET …/capabilities`
    /// announced (for v3's), or `None` when it is not there (a v1 backend)
    /// or not readable.
    pub(super) async fn v2(&mut self, work: Option<&Work>) -> Option<Value> {
        let answer = self.get(&format!("{ADMIN}/capabilities")).await;
        let capabilities = match answer {
            Ok(a) if a.status == 404 => {
                self.report
                    .skip(clauses::V2_CAPABILITIES, "not offered (404: a v1 backend)");
                for capability in Capability::ALL {
                    self.report.skip(capability.clause(), "not offered");
                }
                return None;
            }
            other => other.and_then(|a| {
                a.expect(200)?;
                let data = shapes::object(&a.json, "data", "answer")?;
                for (name, value) in data.as_object().into_iter().flatten() {
                    ensure(value.is_boolean(), || {
                        format!("data.{name} is not a boolean: {value}")
                    })?;
                }
                Ok(data.clone())
            }),
        };
        let capabilities = match capabilities {
            Ok(c) => {
                match unknown_announced(&c) {
                    None => self.report.check(clauses::V2_CAPABILITIES, Ok(())),
                    Some(note) => self.report.check_noting(clauses::V2_CAPABILITIES, Ok(note)),
                };
                c
            }
            Err(why) => {
                self.report.check(clauses::V2_CAPABILITIES, Err(why));
                return None;
            }
        };
        for &capability in Capability::ALL {
            let offered =
                capabilities.get(capability.name()).and_then(Value::as_bool) == Some(true);
            if !offered {
                self.report.skip(capability.clause(), "not announced");
                continue;
            }
            // Announced is promised: a capability that cannot be checked
            // fails rather than being skipped.
            let Some(work) = work else {
                self.report.check(
                    capability.clause(),
                    Err("announced, but there is no ticket to check it on".into()),
                );
                continue;
            };
            match capability {
                Capability::Idempotency => self.idempotency(work).await,
                Capability::Notes => self.notes(work).await,
                Capability::CannedReplies => self.canned_replies().await,
                Capability::Customers => self.customers(work).await,
                Capability::Bulk => self.bulk(work).await,
                Capability::Mentions => self.mentions(work).await,
            }
        }
        Some(capabilities)
    }
}

/// What `v2 capabilities` says on its PASS line when the backend announces
/// (`true`) names this checker does not know: those go unchecked, and the
/// line says so rather than keeping quiet.
fn unknown_announced(data: &Value) -> Option<String> {
    let unknown: Vec<&str> = data
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(name, value)| {
            value.as_bool() == Some(true)
                && !Capability::ALL.iter().any(|c| c.name() == *name)
                && !super::v3::is_checked(name)
        })
        .map(|(name, _)| name.as_str())
        .collect();
    (!unknown.is_empty()).then(|| {
        format!(
            "announced, but unknown to this checker and not checked: {}",
            unknown.join(", ")
        )
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn each_capability_has_its_own_name_and_clause() {
        for capability in Capability::ALL {
            assert_eq!(capability.clause(), format!("v2 {}", capability.name()));
        }
        let names: Vec<&str> = Capability::ALL.iter().map(|c| c.name()).collect();
        assert_eq!(
            names,
            [
                "idempotency",
                "notes",
                "canned_replies",
                "customers",
                "bulk",
                "mentions",
            ]
        );
    }

    #[test]
    fn names_announced_but_unknown_are_said() {
        let known = json!({"notes": true, "bulk": false, "priority": true, "viewers": true});
        assert_eq!(unknown_announced(&known), None);
        let more = json!({"notes": true, "teleport": true, "polls": true, "later": false});
        assert_eq!(
            unknown_announced(&more).as_deref(),
            Some("announced, but unknown to this checker and not checked: polls, teleport")
        );
    }
}
