//! `@` mentions in an internal note: what the admin is typing after an `@`,
//! the colleagues that match it, and which colleagues a finished note names.
//!
//! Textareas count their cursor in UTF-16 code units; Rust strings in bytes.
//! Everything here takes and returns the textarea's units at the edges and
//! works on bytes inside, so names like "Lucía" and emoji stay whole.

use std::collections::BTreeSet;

use crate::api::events::Mention;
use crate::api::types::{Admin, StoredMention};

/// How many mentions the list keeps (newest first).
const INBOX_KEPT: usize = 50;

/// The mentions of the signed-in admin: heard live since the panel opened
/// and, with contract v3's `mentions_list`, those the server kept (made while
/// the admin was away), each once, newest first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MentionsInbox {
    mentions: Vec<Mention>,
    pub unseen: usize,
    /// The server's ids of the mentions not yet opened (v3).
    unread: BTreeSet<u64>,
}

impl MentionsInbox {
    /// Adds a mention once, however often it is delivered; true if new.
    pub fn heard(&mut self, mention: Mention) -> bool {
        let unread = mention.id;
        if !self.add(mention) {
            return false;
        }
        self.unread.extend(unread);
        self.unseen += 1;
        true
    }

    /// The server's list: what was not heard yet joins, in order; those
    /// not read yet count as unseen.
    pub fn listed(&mut self, stored: Vec<StoredMention>) {
        for kept in stored {
            let unread = kept.read_at.is_none().then_some(kept.id);
            let mention = Mention {
                id: Some(kept.id),
                ticket_id: kept.ticket_id,
                message: kept.message,
                by: kept.by,
            };
            if self.add(mention) && unread.is_some() {
                self.unseen += 1;
            }
            self.unread.extend(unread);
        }
    }

    fn add(&mut self, mention: Mention) -> bool {
        if self
            .mentions
            .iter()
            .any(|m| m.message.id == mention.message.id)
        {
            return false;
        }
        let at = self
            .mentions
            .partition_point(|m| m.message.id > mention.message.id);
        self.mentions.insert(at, mention);
        self.mentions.truncate(INBOX_KEPT);
        true
    }

    pub fn seen(&mut self) {
        self.unseen = 0;
    }

    pub fn is_unread(&self, mention: &Mention) -> bool {
        mention.id.is_some_and(|id| self.unread.contains(&id))
    }

    /// The admin opened a mention: the server's id to mark read, once.
    pub fn opened(&mut self, message_id: u64) -> Option<u64> {
        let id = self
            .mentions
            .iter()
            .find(|m| m.message.id == message_id)?
            .id?;
        self.unread.remove(&id).then_some(id)
    }

    pub fn mentions(&self) -> &[Mention] {
        &self.mentions
    }
}

/// Longest text after `@` still read as a name being typed.
const QUERY_MAX_CHARS: usize = 30;

/// An `@name` being typed: where its `@` is (bytes) and what follows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MentionQuery {
    start: usize,
    end: usize,
    pub query: String,
}

/// The `@…` just before the cursor (`cursor` in UTF-16 units), if any: the
/// `@` starts the text or follows a space, and what follows is short and on
/// one line.
pub fn query_at(text: &str, cursor: u32) -> Option<MentionQuery> {
    let end = byte_index(text, cursor);
    let before = &text[..end];
    let start = before.rfind('@')?;
    let preceded_by_space = before[..start]
        .chars()
        .next_back()
        .is_none_or(char::is_whitespace);
    let query = &before[start + 1..];
    let plausible = query.chars().count() <= QUERY_MAX_CHARS
        && !query.contains(['\n', '@'])
        && !query.starts_with(' ');
    (preceded_by_space && plausible).then(|| MentionQuery {
        start,
        end,
        query: query.to_string(),
    })
}

/// The colleagues whose name has a word starting with the query (any case),
/// never the admin writing.
pub fn candidates<'a>(admins: &'a [Admin], query: &str, me: u64) -> Vec<&'a Admin> {
    let query = query.trim().to_lowercase();
    admins
        .iter()
        .filter(|a| a.id != me)
        .filter(|a| {
            let name = a.name.to_lowercase();
            name.starts_with(&query) || name.split_whitespace().any(|w| w.starts_with(&query))
        })
        .collect()
}

/// The text with the typed `@query` replaced by `@Name `, and the cursor
/// (UTF-16 units) after it.
pub fn insert(text: &str, at: &MentionQuery, name: &str) -> (String, u32) {
    let mut out = String::with_capacity(text.len() + name.len() + 2);
    out.push_str(&text[..at.start]);
    out.push('@');
    out.push_str(name);
    out.push(' ');
    let cursor = utf16_len(&out);
    out.push_str(&text[at.end..]);
    (out, cursor)
}

/// The ids of the colleagues a note names as `@Full Name`, each once.
pub fn mentioned(text: &str, admins: &[Admin]) -> Vec<u64> {
    let mut ids: Vec<u64> = admins
        .iter()
        .filter(|a| !a.name.trim().is_empty())
        .filter(|a| {
            let needle = format!("@{}", a.name);
            text.match_indices(&needle).any(|(at, _)| {
                text[at + needle.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphanumeric())
            })
        })
        .map(|a| a.id)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// The byte index of a UTF-16 offset, clamped to the text.
fn byte_index(text: &str, utf16: u32) -> usize {
    let mut units = 0u32;
    for (index, c) in text.char_indices() {
        if units >= utf16 {
            return index;
        }
        units += c.len_utf16() as u32;
    }
    text.len()
}

fn utf16_len(text: &str) -> u32 {
    text.chars().map(|c| c.len_utf16() as u32).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn admins() -> Vec<Admin> {
        [
            (2, "Carlos Méndez"),
            (3, "Lucía Ramírez"),
            (4, "Diego Herrera"),
        ]
        .into_iter()
        .map(|(id, name)| Admin {
            id,
            name: name.into(),
            email: format!("{id}@mesa.test"),
        })
        .collect()
    }

    fn end(text: &str) -> u32 {
        utf16_len(text)
    }

    #[test]
    fn mentions_made_while_away_are_listed_once_and_marked_read_once() {
        let stored = |id: u64, message_id: u64, read: bool| -> StoredMention {
            serde_json::from_value(serde_json::json!({
                "id": id, "ticket_id": 4, "by": {"id": 2, "name": "Lucía"},
                "message": {"id": message_id, "type": "note", "created_at": "2024-01-25T10:30:00.000Z"},
                "created_at": "2024-01-25T10:30:00.000Z",
                "read_at": if read { serde_json::json!("2024-01-25T11:00:00.000Z") } else { serde_json::Value::Null }
            }))
            .unwrap()
        };
        let mut inbox = MentionsInbox::default();
        inbox.listed(vec![stored(2, 20, false), stored(1, 10, true)]);
        assert_eq!(inbox.unseen, 1, "only the unread one is news");
        let live: Mention = serde_json::from_value(serde_json::json!({
            "id": 3, "ticket_id": 4, "by": {"id": 2, "name": "Lucía"},
            "message": {"id": 30, "type": "note", "created_at": "2024-01-25T12:00:00.000Z"}
        }))
        .unwrap();
        assert!(inbox.heard(live));
        inbox.listed(vec![stored(3, 30, false), stored(2, 20, false)]);
        assert_eq!(
            inbox.unseen, 2,
            "listed again after a reconnect: nothing twice"
        );
        let ids: Vec<u64> = inbox.mentions().iter().map(|m| m.message.id).collect();
        assert_eq!(ids, [30, 20, 10]);
        assert!(inbox.is_unread(&inbox.mentions()[1].clone()));
        assert_eq!(inbox.opened(20), Some(2));
        assert_eq!(inbox.opened(20), None, "marked read once");
        assert_eq!(inbox.opened(10), None, "already read on the server");
    }

    #[test]
    fn the_inbox_keeps_each_mention_once_newest_first() {
        let mention = |id: u64| -> Mention {
            serde_json::from_value(serde_json::json!({
                "ticket_id": 4, "by": {"id": 2, "name": "Carlos"},
                "message": {"id": id, "type": "note", "created_at": "2024-01-25T10:30:00.000Z"}
            }))
            .unwrap()
        };
        let mut inbox = MentionsInbox::default();
        assert!(inbox.heard(mention(1)));
        assert!(inbox.heard(mention(2)));
        assert!(!inbox.heard(mention(1)), "delivered twice, listed once");
        assert_eq!(inbox.unseen, 2);
        let ids: Vec<u64> = inbox.mentions().iter().map(|m| m.message.id).collect();
        assert_eq!(ids, [2, 1]);
        inbox.seen();
        assert_eq!(inbox.unseen, 0);
    }

    #[test]
    fn a_query_is_what_follows_an_at_at_a_word_start() {
        let text = "Mira 😀 esto @Lu";
        assert_eq!(query_at(text, end(text)).unwrap().query, "Lu");
        assert_eq!(query_at("@", 1).unwrap().query, "");
        assert_eq!(query_at("correo@mesa", 11), None, "not after a space");
        assert_eq!(query_at("@Lu\nx", 5), None, "another line");
        assert_eq!(query_at("sin arroba", 10), None);
        assert_eq!(query_at("@ Lu", 4), None);
        let long = format!("@{}", "a".repeat(40));
        assert_eq!(query_at(&long, end(&long)), None);
    }

    #[test]
    fn candidates_match_any_word_and_leave_me_out() {
        let admins = admins();
        let names = |q: &str| {
            candidates(&admins, q, 2)
                .into_iter()
                .map(|a| a.id)
                .collect::<Vec<_>>()
        };
        assert_eq!(names("lu"), [3]);
        assert_eq!(names("ram"), [3]);
        assert_eq!(names(""), [3, 4]);
        assert_eq!(names("car"), Vec::<u64>::new(), "not myself");
    }

    #[test]
    fn inserting_replaces_the_query_and_keeps_the_rest() {
        let text = "Hola 😀 @Lu, mira";
        let cursor = end("Hola 😀 @Lu");
        let at = query_at(text, cursor).unwrap();
        let (out, after) = insert(text, &at, "Lucía Ramírez");
        assert_eq!(out, "Hola 😀 @Lucía Ramírez , mira");
        assert_eq!(after, end("Hola 😀 @Lucía Ramírez "));
    }

    #[test]
    fn mentioned_finds_full_names_only() {
        let admins = admins();
        assert_eq!(
            mentioned(
                "@Lucía Ramírez y @Diego Herrera, y otra vez @Lucía Ramírez.",
                &admins
            ),
            [3, 4]
        );
        assert_eq!(mentioned("@Lucía sin apellido", &admins), Vec::<u64>::new());
        assert_eq!(mentioned("@Diego Herreras", &admins), Vec::<u64>::new());
        assert_eq!(mentioned("", &admins), Vec::<u64>::new());
    }
}
