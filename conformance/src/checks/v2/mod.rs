//! Contract v2: the capabilities the backend announces, each checked in turn.

mod bulk;
mod canned;
mod customers;
mod idempotency;
mod mentions;
mod notes;

use serde_json::Value;

use crate::checks::{ensure, Run, Work, ADMIN};
use crate::shapes;

/// The v2 capabilities, in the contract's order.
const CAPABILITIES: [&str; 6] = [
    "idempotency",
    "notes",
    "canned_replies",
    "customers",
    "bulk",
    "mentions",
];

impl Run<'_> {
    pub(super) async fn v2(&mut self, work: Option<&Work>) {
        let answer = self.get(&format!("{ADMIN}/capabilities")).await;
        let capabilities = match answer {
            Ok(a) if a.status == 404 => {
                self.report
                    .skip("v2 capabilities", "not offered (404: a v1 backend)");
                for capability in CAPABILITIES {
                    self.report.skip(format!("v2 {capability}"), "not offered");
                }
                return;
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
                self.report.check("v2 capabilities", Ok(()));
                c
            }
            Err(why) => {
                self.report.check("v2 capabilities", Err(why));
                return;
            }
        };
        for capability in CAPABILITIES {
            let offered = capabilities.get(capability).and_then(Value::as_bool) == Some(true);
            if !offered {
                self.report
                    .skip(format!("v2 {capability}"), "not announced");
                continue;
            }
            // Announced is promised: a capability that cannot be checked
            // fails rather than being skipped.
            let Some(work) = work else {
                self.report.check(
                    format!("v2 {capability}"),
                    Err("announced, but there is no ticket to check it on".into()),
                );
                continue;
            };
            match capability {
                "idempotency" => self.idempotency(work).await,
                "notes" => self.notes(work).await,
                "canned_replies" => self.canned_replies().await,
                "customers" => self.customers(work).await,
                "bulk" => self.bulk(work).await,
                _ => self.mentions(work).await,
            }
        }
    }
}
