//! The contract's JSON objects as the panel reads them.
//!
//! Everything from the network is untrusted: unknown fields are ignored and
//! optional fields default, so a backend that adds or omits a field does not
//! take the panel down.

use crate::origin::Target;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Admin {
    pub id: u64,
    pub name: String,
    #[serde(default)]
    pub email: String,
}

/// `{"data": ...}`, Laravel's wrapper for single resources.
#[derive(Debug, Deserialize)]
pub struct Wrapped<T> {
    pub data: T,
}

/// What a backend offers beyond the v1 contract (`GET …/capabilities`);
/// a missing key, or a v1 backend without the endpoint, means "not offered".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct Capabilities {
    /// Replies carry an `Idempotency-Key`, so a retry can never be stored twice.
    pub idempotency: bool,
    pub notes: bool,
    pub canned_replies: bool,
    pub customers: bool,
    pub bulk: bool,
    pub mentions: bool,
    /// v3: the backend witnesses who is on a ticket and who is typing.
    pub viewers: bool,
    /// v3 triage: each ticket has a priority, tags, and may be snoozed.
    pub priority: bool,
    pub tags: bool,
    pub snooze: bool,
    /// v3: saved views, and the counts of every queue.
    pub views: bool,
    /// v3: mentions kept by the server, listed when the admin comes back.
    pub mentions_list: bool,
}

#[derive(Debug, Deserialize)]
pub struct LoginAnswer {
    pub token: String,
    pub admin: Admin,
}

#[derive(Debug, Serialize)]
pub struct Credentials<'a> {
    pub email: &'a str,
    pub password: &'a str,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TicketStatus {
    Open,
    Closed,
}

/// How urgent a ticket is (contract v3). Missing, or a value this panel
/// does not know, reads as `normal`: an unknown word must not hide a ticket.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase", from = "String")]
pub enum Priority {
    Low,
    #[default]
    Normal,
    High,
    Urgent,
}

impl Priority {
    /// Most urgent first, as menus list them.
    pub const ALL: [Priority; 4] = [
        Priority::Urgent,
        Priority::High,
        Priority::Normal,
        Priority::Low,
    ];

    /// The one spelling: in the API, the URL and `data-priority`.
    pub fn as_str(self) -> &'static str {
        match self {
            Priority::Low => "low",
            Priority::Normal => "normal",
            Priority::High => "high",
            Priority::Urgent => "urgent",
        }
    }

    pub fn parse(text: &str) -> Option<Priority> {
        Priority::ALL.into_iter().find(|p| p.as_str() == text)
    }
}

impl From<String> for Priority {
    fn from(text: String) -> Self {
        Priority::parse(&text).unwrap_or_default()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Reason {
    pub id: u64,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct CustomerRef {
    pub id: u64,
    pub name: String,
    #[serde(default)]
    pub email: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct AssigneeRef {
    pub id: u64,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct LastMessage {
    pub id: u64,
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default)]
    pub is_from_admin: bool,
    pub created_at: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct TicketSummary {
    pub id: u64,
    #[serde(default)]
    pub subject: String,
    pub status: TicketStatus,
    #[serde(default)]
    pub reason: Option<Reason>,
    pub customer: CustomerRef,
    #[serde(default)]
    pub assigned_to: Option<u64>,
    #[serde(default)]
    pub assignee: Option<AssigneeRef>,
    #[serde(default)]
    pub unread_count: u32,
    #[serde(default)]
    pub last_message: Option<LastMessage>,
    #[serde(default)]
    pub last_message_at: Option<String>,
    pub created_at: String,
    #[serde(default)]
    pub updated_at: Option<String>,
    #[serde(default)]
    pub resolved_at: Option<String>,
    /// v3 triage; `normal`, none and awake on a backend without them.
    #[serde(default)]
    pub priority: Priority,
    #[serde(default)]
    pub tags: Vec<String>,
    /// While set, the ticket is out of the open queue; the server clears it
    /// when it wakes (time passed, or the customer wrote).
    #[serde(default)]
    pub snoozed_until: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Sender {
    #[serde(rename = "type", default)]
    pub kind: String,
    #[serde(default)]
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Attachment {
    pub id: u64,
    pub url: String,
    #[serde(default)]
    pub file_name: String,
    #[serde(default)]
    pub mime_type: String,
    #[serde(default)]
    pub file_size: u64,
}

impl Attachment {
    /// The URL if it is safe to link and load: the API's own paths and https
    /// anywhere; plain http only from a plain-http page (never mixed
    /// content); never `javascript:`, `data:` or anything ambiguous.
    ///
    /// A path (`/storage/attachments/…?signature=…`) is the API's, not the
    /// page's: with the panel on a CDN and `api_url` on another origin it is
    /// resolved against `api_url` (empty when the API is the page's origin).
    pub fn safe_url(&self, page_is_https: bool, api_url: &str) -> Option<String> {
        match crate::origin::parse(&self.url)? {
            Target::Path => Some(format!("{api_url}{}", self.url)),
            Target::Absolute(origin) if origin.secure || !page_is_https => Some(self.url.clone()),
            Target::Absolute(_) => None,
        }
    }
}

/// What a message of a thread is (contract v2): a reply the customer sees,
/// or an internal note only the team sees. A backend without notes sends
/// no `type`; anything unknown is read as a reply.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MessageKind {
    Note,
    #[default]
    #[serde(other)]
    Reply,
}

impl MessageKind {
    /// The value of `data-type` on a message, for styles and tests.
    pub fn as_str(self) -> &'static str {
        match self {
            MessageKind::Reply => "reply",
            MessageKind::Note => "note",
        }
    }
}

/// What an admin writes into a thread: the text, and whether it is a reply
/// to the customer or an internal note (with the colleagues it mentions).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Writing {
    pub text: String,
    pub kind: MessageKind,
    pub mentions: Vec<u64>,
}

impl Writing {
    pub fn reply(text: &str) -> Self {
        Self {
            text: text.to_string(),
            ..Self::default()
        }
    }
}

/// A message of a thread: the seed's shape, plus the contract v2 `type`
/// and, for notes, the admins it mentions.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Message {
    pub id: u64,
    #[serde(rename = "type", default)]
    pub kind: MessageKind,
    #[serde(default)]
    pub mentions: Vec<u64>,
    /// Null or empty when the message is attachments only.
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default)]
    pub is_from_admin: bool,
    #[serde(default)]
    pub is_read: bool,
    #[serde(default)]
    pub sender: Option<Sender>,
    #[serde(default)]
    pub attachments: Vec<Attachment>,
    pub created_at: String,
}

/// `GET …/tickets/{id}`: the summary plus the newest messages, oldest first.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct TicketDetail {
    #[serde(flatten)]
    pub summary: TicketSummary,
    #[serde(default)]
    pub messages: Vec<Message>,
    #[serde(default)]
    pub has_more_messages: bool,
}

/// Contract v2's bulk `PATCH …/tickets`: the tickets it changed and, by id,
/// why it left the others alone.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct BulkAnswer {
    #[serde(default)]
    pub data: Vec<TicketSummary>,
    /// PHP encodes an empty map as `[]`; both mean "no errors".
    #[serde(default, deserialize_with = "map_or_empty_list")]
    pub errors: std::collections::BTreeMap<String, String>,
}

fn map_or_empty_list<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<std::collections::BTreeMap<String, String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Errors {
        Map(std::collections::BTreeMap<String, serde_json::Value>),
        List(serde::de::IgnoredAny),
    }
    let text = |value: serde_json::Value| match value {
        serde_json::Value::String(why) => why,
        // Laravel validation style: a list of messages.
        serde_json::Value::Array(list) => list
            .into_iter()
            .filter_map(|m| m.as_str().map(str::to_string))
            .collect::<Vec<_>>()
            .join(" "),
        other => other.to_string(),
    };
    Ok(match Option::<Errors>::deserialize(deserializer)? {
        Some(Errors::Map(map)) => map.into_iter().map(|(k, v)| (k, text(v))).collect(),
        Some(Errors::List(_)) | None => Default::default(),
    })
}

/// Where a page of a list stands, whichever paginator Laravel wrote it with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageMeta {
    pub current_page: u32,
    pub per_page: u32,
    /// `None` from a simple paginator, which never counts the whole list.
    pub total: Option<u64>,
    /// Whether a page follows this one.
    pub has_more: bool,
}

/// A page of a list, read from any of the shapes Laravel produces (see
/// [`PageMeta::read`]). An answer that is none of them is an error naming
/// what is missing, never an empty list: an agent who sees "0 tickets"
/// believes the queue is clear.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page<T> {
    pub data: Vec<T>,
    pub meta: PageMeta,
}

impl<T: serde::de::DeserializeOwned> Page<T> {
    /// Reads a list answer (already parsed as JSON). Not a `Deserialize`
    /// impl: reading the `Value` the client parsed anyway costs the first
    /// load nothing new.
    pub fn from_value(mut page: serde_json::Value) -> Result<Page<T>, String> {
        let meta = PageMeta::read(&page)?;
        let data = match page.get_mut("data").map(serde_json::Value::take) {
            Some(rows @ serde_json::Value::Array(_)) => rows,
            _ => return Err("a list answer without a `data` array".into()),
        };
        let data = crate::json::from_value::<Vec<T>>(&data).map_err(|e| e.to_string())?;
        Ok(Page { data, meta })
    }
}

impl PageMeta {
    /// Laravel writes a page four ways: a length-aware paginator
    /// (`paginate()`) or a simple one (`simplePaginate()`, no `total` and no
    /// `last_page`), each either plain (its numbers and `next_page_url` at
    /// the top) or through an API Resource (numbers under `meta`, the next
    /// page under `links.next`). Whether more follow comes from `last_page`
    /// when there is one, else from the next page's URL being non-null.
    pub fn read(page: &serde_json::Value) -> Result<PageMeta, String> {
        let (numbers, next) = match page.get("meta") {
            Some(meta) if meta.is_object() => (meta, page.get("links").and_then(|l| l.get("next"))),
            _ => (page, page.get("next_page_url")),
        };
        let number = |key: &str| numbers.get(key).and_then(serde_json::Value::as_u64);
        let current_page = number("current_page")
            .and_then(|n| u32::try_from(n).ok())
            .ok_or("a list answer without current_page (neither at the top nor under meta)")?;
        let has_more = match (number("last_page"), next) {
            (Some(last_page), _) => u64::from(current_page) < last_page,
            (None, Some(next)) => !next.is_null(),
            (None, None) => {
                return Err(
                    "a list answer with neither last_page nor a next page URL (next_page_url or links.next)"
                        .into(),
                )
            }
        };
        Ok(PageMeta {
            current_page,
            per_page: number("per_page")
                .and_then(|n| u32::try_from(n).ok())
                .unwrap_or_default(),
            total: number("total"),
            has_more,
        })
    }
}

/// A canned reply (contract v2): the admin's own, or a shared one.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct CannedReply {
    pub id: u64,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub shortcut: String,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub shared: bool,
    /// Who may change it; unknown means "let the backend decide".
    #[serde(default)]
    pub owner_id: Option<u64>,
    #[serde(default)]
    pub updated_at: Option<String>,
}

/// What `POST`/`PATCH …/canned-replies` take.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct CannedFields {
    pub title: String,
    pub shortcut: String,
    pub body: String,
    pub shared: bool,
}

/// An admin on a ticket, stamped by the server (contract v3 `viewers`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Viewer {
    pub id: u64,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub typing: bool,
}

/// A tag in use and on how many tickets (`GET …/tags`, contract v3).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct TagCount {
    pub name: String,
    #[serde(default)]
    pub count: u64,
}

/// A saved view's filters as the contract writes them (`null` is "any").
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct ViewFilters {
    pub status: Option<String>,
    pub assigned: Option<String>,
    pub priority: Option<Vec<String>>,
    pub tag: Option<String>,
    pub reason_id: Option<u64>,
    pub customer_id: Option<u64>,
    pub search: Option<String>,
    pub snoozed: Option<String>,
}

/// A saved view (contract v3): the admin's own, or a shared one.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct SavedView {
    pub id: u64,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub filters: ViewFilters,
    #[serde(default)]
    pub shared: bool,
    #[serde(default)]
    pub owner_id: Option<u64>,
    #[serde(default)]
    pub position: i64,
}

/// What `POST`/`PATCH …/views` take.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ViewFields {
    pub name: String,
    pub filters: ViewFilters,
    pub shared: bool,
    /// Where it goes among the views; left to the backend when new.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<i64>,
}

impl SavedView {
    /// Its fields, to save it changed.
    pub fn fields(&self) -> ViewFields {
        ViewFields {
            name: self.name.clone(),
            filters: self.filters.clone(),
            shared: self.shared,
            position: Some(self.position),
        }
    }
}

/// A mention kept by the server (`GET …/mentions`, contract v3).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct StoredMention {
    pub id: u64,
    pub ticket_id: u64,
    pub message: Message,
    pub by: crate::api::events::MentionedBy,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub read_at: Option<String>,
}

/// `GET …/customers/{id}` (contract v2): who the customer is.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct CustomerContext {
    pub id: u64,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub tickets_count: u64,
    #[serde(default)]
    pub open_tickets_count: u64,
    #[serde(default)]
    pub last_ticket_at: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_page<T: serde::de::DeserializeOwned>(text: &str) -> Result<Page<T>, String> {
        Page::from_value(serde_json::from_str(text).unwrap())
    }

    #[test]
    fn ticket_summary_reads_the_contract_example_and_ignores_extras() {
        let page: Page<TicketSummary> = read_page(
            r#"{"data":[{"id":456,"subject":"No puedo canjear mis puntos","status":"open",
             "reason":{"id":2,"name":"Puntos"},
             "customer":{"id":77,"name":"Ana López","email":"ana@example.com"},
             "assigned_to":1,"assignee":{"id":1,"name":"Carlos"},
             "unread_count":2,
             "last_message":{"id":123,"message":"...","is_from_admin":false,
                             "created_at":"2024-01-25T10:30:00.000Z"},
             "last_message_at":"2024-01-25T10:30:00.000Z",
             "created_at":"2024-01-25T10:00:00.000Z","updated_at":"2024-01-25T10:30:00.000Z",
             "resolved_at":null,"priority":"high"}],
             "meta":{"current_page":1,"last_page":4,"per_page":50,"total":180},
             "links":{}}"#,
        )
        .unwrap();
        let ticket = &page.data[0];
        assert_eq!(ticket.status, TicketStatus::Open);
        assert_eq!(ticket.assignee.as_ref().unwrap().name, "Carlos");
        assert_eq!(page.meta.total, Some(180));
        assert!(page.meta.has_more);
    }

    /// What `Ticket::paginate()`, `simplePaginate()` and each through
    /// `TicketResource::collection()` answer in Laravel 8+, on a first page
    /// with more to come and on a last page.
    #[test]
    fn every_laravel_paginator_is_read() {
        let row = r#"{"id":1,"status":"open","customer":{"id":2,"name":"Ana"},"created_at":"2024-01-25T10:00:00.000Z"}"#;
        let shapes = [
            // Length-aware, plain.
            (
                r#""current_page":1,"data":[ROW],"first_page_url":"/?page=1","from":1,"last_page":3,"last_page_url":"/?page=3","links":[{"url":null,"label":"&laquo; Previous","active":false}],"next_page_url":"/?page=2","path":"/","per_page":1,"prev_page_url":null,"to":1,"total":3"#,
                Some(3),
                true,
            ),
            (
                r#""current_page":3,"data":[ROW],"last_page":3,"links":[],"next_page_url":null,"per_page":1,"total":3"#,
                Some(3),
                false,
            ),
            // Simple, plain.
            (
                r#""current_page":1,"data":[ROW],"first_page_url":"/?page=1","from":1,"next_page_url":"/?page=2","path":"/","per_page":1,"prev_page_url":null,"to":1"#,
                None,
                true,
            ),
            (
                r#""current_page":2,"data":[ROW],"next_page_url":null,"per_page":1"#,
                None,
                false,
            ),
            // Length-aware, through a Resource.
            (
                r#""data":[ROW],"links":{"first":"/?page=1","last":"/?page=3","prev":null,"next":"/?page=2"},"meta":{"current_page":1,"from":1,"last_page":3,"links":[],"path":"/","per_page":1,"to":1,"total":3}"#,
                Some(3),
                true,
            ),
            // Simple, through a Resource.
            (
                r#""data":[ROW],"links":{"first":"/?page=1","last":null,"prev":null,"next":"/?page=2"},"meta":{"current_page":1,"from":1,"path":"/","per_page":1,"to":1}"#,
                None,
                true,
            ),
            (
                r#""data":[ROW],"links":{"first":"/?page=1","last":null,"prev":"/?page=1","next":null},"meta":{"current_page":2,"from":2,"path":"/","per_page":1,"to":2}"#,
                None,
                false,
            ),
        ];
        for (fields, total, has_more) in shapes {
            let text = format!("{{{}}}", fields.replace("ROW", row));
            let page: Page<TicketSummary> =
                read_page(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
            assert_eq!(page.data.len(), 1, "{text}");
            assert_eq!(
                (page.meta.total, page.meta.has_more),
                (total, has_more),
                "{text}"
            );
        }
    }

    #[test]
    fn a_list_answer_that_is_no_paginator_is_an_error_that_says_why() {
        for (text, why) in [
            (r#"{"data":[]}"#, "current_page"),
            (r#"[{"id":1}]"#, "current_page"),
            (r#"{"data":[],"meta":{"current_page":1}}"#, "last_page"),
            (r#"{"current_page":1,"per_page":5}"#, "last_page"),
            (r#"{"current_page":1,"last_page":1}"#, "`data` array"),
            (
                r#"{"current_page":1,"last_page":1,"data":{"1":{}}}"#,
                "`data` array",
            ),
        ] {
            let error = read_page::<TicketSummary>(text).unwrap_err();
            assert!(error.contains(why), "{text}: {error}");
        }
    }

    #[test]
    fn optional_fields_default_when_absent() {
        let ticket: TicketSummary = serde_json::from_str(
            r#"{"id":1,"status":"closed","customer":{"id":2,"name":"Ana"},"created_at":"2024-01-25T10:00:00.000Z"}"#,
        )
        .unwrap();
        assert_eq!(ticket.subject, "");
        assert_eq!(ticket.assigned_to, None);
        assert_eq!(ticket.unread_count, 0);
        assert!(ticket.last_message.is_none());
    }

    #[test]
    fn ticket_detail_reads_the_seed_message_shape() {
        let detail: Wrapped<TicketDetail> = serde_json::from_str(
            r#"{"data":{"id":456,"subject":"S","status":"open",
              "customer":{"id":77,"name":"Ana"},"created_at":"2024-01-25T10:00:00.000Z",
              "messages":[{"id":123,"message":"Texto del mensaje","is_from_admin":true,"is_read":false,
                "sender":{"type":"admin","name":"Nombre del Admin"},
                "attachments":[{"id":1,"url":"https://cdn.example/image.jpg","file_name":"image.jpg",
                                "mime_type":"image/jpeg","file_size":12345}],
                "created_at":"2024-01-25T10:30:00.000Z"},
                {"id":124,"message":null,"created_at":"2024-01-25T10:31:00.000Z"}],
              "has_more_messages":true}}"#,
        )
        .unwrap();
        let detail = detail.data;
        assert_eq!(detail.summary.id, 456);
        assert!(detail.has_more_messages);
        assert_eq!(detail.messages[0].sender.as_ref().unwrap().kind, "admin");
        assert_eq!(detail.messages[1].message, None);
        assert!(detail.messages[1].attachments.is_empty());
    }

    #[test]
    fn only_http_and_same_origin_attachment_urls_are_linkable() {
        let attachment = |url: &str| Attachment {
            id: 1,
            url: url.into(),
            file_name: String::new(),
            mime_type: String::new(),
            file_size: 0,
        };
        for page_is_https in [true, false] {
            assert!(attachment("https://cdn.example/a.pdf")
                .safe_url(page_is_https, "")
                .is_some());
            assert_eq!(
                attachment("/storage/a.pdf?signature=ab").safe_url(page_is_https, ""),
                Some("/storage/a.pdf?signature=ab".to_string())
            );
            assert_eq!(
                attachment("/storage/a.pdf?signature=ab")
                    .safe_url(page_is_https, "https://api.example"),
                Some("https://api.example/storage/a.pdf?signature=ab".to_string()),
                "the API's paths are the API's, not the CDN's"
            );
            for hostile in [
                "javascript:alert(1)",
                " JavaScript:alert(1)",
                "data:text/html,<script>alert(1)</script>",
                "//evil.example/a",
                "/\\evil.example/a",
                "/\t/evil.example/a",
                "/\n/evil.example/a",
                "vbscript:x",
            ] {
                assert_eq!(
                    attachment(hostile).safe_url(page_is_https, "https://api.example"),
                    None,
                    "{hostile}"
                );
            }
        }
        assert_eq!(
            attachment("http://tracker.example/a.png").safe_url(true, ""),
            None,
            "no mixed content on an https page"
        );
        assert!(attachment("http://127.0.0.1:8080/a.png")
            .safe_url(false, "")
            .is_some());
    }

    #[test]
    fn message_kinds_read_leniently() {
        let kind = |json: &str| serde_json::from_str::<Message>(json).map(|m| m.kind);
        let base = r#""id":1,"created_at":"2024-01-25T10:30:00.000Z""#;
        assert_eq!(kind(&format!("{{{base}}}")).unwrap(), MessageKind::Reply);
        assert_eq!(
            kind(&format!("{{{base},\"type\":\"note\"}}")).unwrap(),
            MessageKind::Note
        );
        assert_eq!(
            kind(&format!("{{{base},\"type\":\"reply\"}}")).unwrap(),
            MessageKind::Reply
        );
        assert_eq!(
            kind(&format!("{{{base},\"type\":\"call\"}}")).unwrap(),
            MessageKind::Reply
        );
    }

    #[test]
    fn missing_capabilities_are_not_offered() {
        let caps: Capabilities =
            serde_json::from_str(r#"{"idempotency":true,"future_thing":true}"#).unwrap();
        assert!(caps.idempotency);
        assert!(!caps.notes && !caps.bulk && !caps.mentions);
    }

    #[test]
    fn a_bulk_answer_reads_errors_as_a_map_or_php_s_empty_list() {
        let answer: BulkAnswer = serde_json::from_str(
            r#"{"data":[{"id":3,"status":"closed","customer":{"id":2,"name":"Ana"},"created_at":"x"}],
               "errors":{"31":"Rechazado","32":["No existe."]}}"#,
        )
        .unwrap();
        assert_eq!(answer.data[0].id, 3);
        assert_eq!(answer.errors["31"], "Rechazado");
        assert_eq!(answer.errors["32"], "No existe.");
        let empty: BulkAnswer = serde_json::from_str(r#"{"data":[],"errors":[]}"#).unwrap();
        assert!(empty.errors.is_empty());
        let missing: BulkAnswer = serde_json::from_str(r#"{"data":[]}"#).unwrap();
        assert!(missing.errors.is_empty());
    }

    #[test]
    fn canned_replies_and_customers_read_the_contract_examples() {
        let list: Wrapped<Vec<CannedReply>> = serde_json::from_str(
            r#"{"data":[{"id":1,"title":"Saludo","shortcut":"hola","body":"Hola {{customer.first_name}}, ...","shared":true,"owner_id":3,"updated_at":"2024-01-25T10:00:00.000Z"},
                        {"id":2,"title":"T","shortcut":"t"}]}"#,
        )
        .unwrap();
        assert_eq!(list.data[0].owner_id, Some(3));
        assert!(!list.data[1].shared && list.data[1].owner_id.is_none());
        let customer: Wrapped<CustomerContext> = serde_json::from_str(
            r#"{"data":{"id":77,"name":"Ana López","email":"ana@example.com","created_at":"2024-01-01T00:00:00.000Z","tickets_count":5,"open_tickets_count":1,"last_ticket_at":null}}"#,
        )
        .unwrap();
        assert_eq!(customer.data.tickets_count, 5);
        assert_eq!(customer.data.last_ticket_at, None);
    }

    #[test]
    fn unknown_status_is_an_error_not_a_guess() {
        let result = serde_json::from_str::<TicketSummary>(
            r#"{"id":1,"status":"pending","customer":{"id":2,"name":"Ana"},"created_at":"x"}"#,
        );
        assert!(result.is_err());
    }
}

/// Laravel's `/broadcasting/auth` answer: the signature for a private or
/// presence channel, and for presence the member's data.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct ChannelAuth {
    pub auth: String,
    #[serde(default)]
    pub channel_data: Option<String>,
}
