//! "Who else is here": the other admins viewing a ticket, and who of them is
//! typing a reply. Typing notices expire on their own, because a closed tab
//! never says it stopped.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// How long a "typing" notice lasts without being renewed.
pub const TYPING_TTL_MS: u32 = 6_000;
/// How often a typing admin renews the notice.
pub const TYPING_RENEW_MS: f64 = 2_000.0;

/// The contract's `client-typing` payload on the presence channel.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TypingNotice {
    pub admin_id: u64,
    pub name: String,
    pub typing: bool,
}

pub const TYPING_EVENT: &str = "client-typing";

/// The names of the members other than `me`, from presence `user_info`.
pub fn viewers(members: &[(String, Value)], me: u64) -> Vec<String> {
    let me = me.to_string();
    members
        .iter()
        .filter(|(id, _)| *id != me)
        .map(|(id, info)| {
            info.get("name")
                .and_then(Value::as_str)
                .filter(|n| !n.trim().is_empty())
                .map(str::to_string)
                .unwrap_or_else(|| format!("#{id}"))
        })
        .collect()
}

/// Who is typing, each notice with the generation that may expire it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Typing {
    who: BTreeMap<u64, (String, u64)>,
    next_generation: u64,
}

impl Typing {
    /// Applies a notice; returns the generation to expire later when the
    /// admin is (still) typing.
    pub fn heard(&mut self, notice: &TypingNotice) -> Option<u64> {
        if !notice.typing {
            self.who.remove(&notice.admin_id);
            return None;
        }
        self.next_generation += 1;
        self.who
            .insert(notice.admin_id, (notice.name.clone(), self.next_generation));
        Some(self.next_generation)
    }

    /// Forgets a notice unless a newer one replaced it.
    pub fn expire(&mut self, admin_id: u64, generation: u64) {
        if self
            .who
            .get(&admin_id)
            .is_some_and(|(_, g)| *g == generation)
        {
            self.who.remove(&admin_id);
        }
    }

    pub fn names(&self) -> Vec<String> {
        self.who.values().map(|(name, _)| name.clone()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn notice(admin_id: u64, typing: bool) -> TypingNotice {
        TypingNotice {
            admin_id,
            name: format!("Admin {admin_id}"),
            typing,
        }
    }

    #[test]
    fn viewers_leave_me_out_and_fall_back_to_ids() {
        let members = vec![
            ("2".to_string(), json!({"name": "Carlos"})),
            ("3".to_string(), json!({"name": "Lucía"})),
            ("7".to_string(), Value::Null),
        ];
        assert_eq!(viewers(&members, 2), ["Lucía", "#7"]);
    }

    #[test]
    fn typing_notices_expire_unless_renewed() {
        let mut typing = Typing::default();
        let first = typing.heard(&notice(3, true)).unwrap();
        let renewed = typing.heard(&notice(3, true)).unwrap();
        typing.expire(3, first);
        assert_eq!(
            typing.names(),
            ["Admin 3"],
            "an old timer does not end a renewed notice"
        );
        typing.expire(3, renewed);
        assert!(typing.names().is_empty());
        typing.heard(&notice(4, true));
        assert_eq!(typing.heard(&notice(4, false)), None);
        assert!(typing.names().is_empty());
    }

    #[test]
    fn the_contract_payload_reads() {
        let parsed: TypingNotice =
            serde_json::from_value(json!({"admin_id": 3, "name": "Lucía", "typing": true}))
                .unwrap();
        assert_eq!(
            parsed,
            TypingNotice {
                admin_id: 3,
                name: "Lucía".into(),
                typing: true
            }
        );
    }
}
