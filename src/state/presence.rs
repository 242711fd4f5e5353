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

/// Longest name shown for a member; a longer one is cut, not trusted to fit.
pub const NAME_MAX_CHARS: usize = 60;

/// A member's name from presence `user_info`, capped; `#id` when it has none.
fn member_name(id: &str, info: &Value) -> String {
    info.get("name")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(|n| n.chars().take(NAME_MAX_CHARS).collect())
        .unwrap_or_else(|| format!("#{id}"))
}

/// A `client-typing` notice, believed only as far as the server vouches for
/// it: anyone on the channel can write any `admin_id` and `name` into the
/// data, but the `user_id` the Pusher server stamps on the event is the real
/// sender. The notice counts only when that sender is a current member and
/// the admin the notice names; the name shown is the member's own.
pub fn trusted_notice(
    data: &Value,
    sender: Option<&str>,
    members: &[(String, Value)],
) -> Option<TypingNotice> {
    let claimed = crate::json::from_value::<TypingNotice>(data).ok()?;
    let sender = sender?;
    if sender != claimed.admin_id.to_string() {
        return None;
    }
    let (id, info) = members.iter().find(|(id, _)| id == sender)?;
    Some(TypingNotice {
        name: member_name(id, info),
        ..claimed
    })
}

/// The backend's word on who is on a ticket (contract v3 `viewers`), on the
/// admin channel; typing is stamped by the server, so it needs no vouching.
pub const VIEWERS_EVENT: &str = "ticket.viewers";
/// How often an open ticket tells the backend it is still being viewed
/// (an entry expires 45 s after the last word).
pub const VIEWING_RENEW_MS: u64 = 20_000;

/// Who other than `me` is typing on `ticket`, from a `ticket.viewers`
/// payload; `None` for another ticket or a payload that is not one. Read by
/// hand, not by a derived deserializer: it costs the first load less.
pub fn typing_from_viewers(data: &Value, ticket: u64, me: u64) -> Option<Vec<String>> {
    if data.get("ticket_id").and_then(Value::as_u64)? != ticket {
        return None;
    }
    let viewers = data.get("viewers").and_then(Value::as_array)?;
    Some(
        viewers
            .iter()
            .filter_map(|v| Some((v.get("id").and_then(Value::as_u64)?, v)))
            .filter(|(id, v)| *id != me && v.get("typing").and_then(Value::as_bool) == Some(true))
            .map(|(id, v)| member_name(&id.to_string(), v))
            .collect(),
    )
}

/// The names of the members other than `me`, from presence `user_info`.
pub fn viewers(members: &[(String, Value)], me: u64) -> Vec<String> {
    let me = me.to_string();
    members
        .iter()
        .filter(|(id, _)| *id != me)
        .map(|(id, info)| member_name(id, info))
        .collect()
}

/// The first `max` names, and how many more there are: a row has room for a
/// few names, not for a crowd.
pub fn first_names(names: &[String], max: usize) -> (Vec<String>, usize) {
    let shown: Vec<String> = names.iter().take(max).cloned().collect();
    let more = names.len() - shown.len();
    (shown, more)
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
    fn the_server_s_viewers_say_who_else_types_on_this_ticket() {
        let heard = json!({"ticket_id": 4, "viewers": [
            {"id": 1, "name": "Yo", "typing": true},
            {"id": 2, "name": "Lucía", "typing": true},
            {"id": 3, "name": "Diego", "typing": false},
            {"id": 5, "name": "", "typing": true},
        ]});
        assert_eq!(
            typing_from_viewers(&heard, 4, 1),
            Some(vec!["Lucía".to_string(), "#5".into()])
        );
        assert_eq!(typing_from_viewers(&heard, 9, 1), None, "another ticket");
        assert_eq!(typing_from_viewers(&json!({"ticket_id": 4}), 4, 1), None);
        assert_eq!(
            typing_from_viewers(&json!({"ticket_id": 4, "viewers": []}), 4, 1),
            Some(vec![])
        );
    }

    #[test]
    fn a_crowd_of_viewers_is_cut_to_a_few_names_and_a_count() {
        let names: Vec<String> = ["Ana", "Luis", "Eva", "Juan"].map(String::from).into();
        assert_eq!(
            first_names(&names, 2),
            (vec!["Ana".into(), "Luis".into()], 2)
        );
        assert_eq!(first_names(&names[..1], 2), (vec!["Ana".into()], 0));
        assert_eq!(first_names(&[], 2), (vec![], 0));
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
    fn only_the_server_stamped_sender_speaks_for_itself() {
        let members = vec![
            ("3".to_string(), json!({"name": "Lucía"})),
            ("4".to_string(), json!({"name": "Diego"})),
        ];
        let claim = json!({"admin_id": 3, "name": "Jefa suprema", "typing": true});
        assert_eq!(
            trusted_notice(&claim, Some("3"), &members),
            Some(TypingNotice {
                admin_id: 3,
                name: "Lucía".into(),
                typing: true
            }),
            "the name is the member's, not the claimed one"
        );
        assert_eq!(
            trusted_notice(&claim, Some("4"), &members),
            None,
            "Diego posing as Lucía"
        );
        assert_eq!(
            trusted_notice(&claim, None, &members),
            None,
            "no stamp, no trust"
        );
        let stranger = json!({"admin_id": 9, "name": "X", "typing": true});
        assert_eq!(
            trusted_notice(&stranger, Some("9"), &members),
            None,
            "not a member"
        );
        assert_eq!(trusted_notice(&json!("typing"), Some("3"), &members), None);
    }

    #[test]
    fn long_names_are_cut() {
        let members = vec![("5".to_string(), json!({"name": "A".repeat(500)}))];
        assert_eq!(viewers(&members, 1)[0].chars().count(), NAME_MAX_CHARS);
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
