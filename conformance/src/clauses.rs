//! Every clause's name, as the report prints it (`PASS name`, `FAIL name:
//! …`, `SKIP name: …`) and as `--allow-skip-clause` matches it. Tests, docs
//! and scripts grep for these words: change one only with them.
//!
//! `{id}` is printed as is: a clause names the channel pattern, not the id.

// Signing in, and the reads before any write.
pub const ADMIN_SIGN_IN: &str = "admin sign-in";
pub const ADMIN_SIGN_IN_BAD_PASSWORD: &str = "admin sign-in: 422 on bad password";
/// Skipped when the admin cannot sign in: nothing else can run.
pub const EVERY_OTHER_CLAUSE: &str = "every other clause";
pub const TWO_SIGN_INS: &str = "two sign-ins coexist: logout ends only its own token";
pub const AUTH_ME: &str = "auth/me";
pub const UNAUTHENTICATED: &str = "401 without a token";
pub const REASONS: &str = "reasons";
pub const ADMIN_LIST: &str = "admin list";

// The ticket list.
pub const PAGINATOR_SHAPE: &str = "paginator shape";
pub const PAGINATOR_PAGE_2: &str = "paginator page 2";
pub const TICKET_SUMMARY_SHAPE: &str = "ticket summary shape";
pub const FILTER_STATUS_ALL: &str = "filter status=all";
pub const FILTER_STATUS_OPEN: &str = "filter status=open";
pub const FILTER_STATUS_CLOSED: &str = "filter status=closed";
pub const FILTER_ASSIGNED_ME: &str = "filter assigned=me";
pub const FILTER_ASSIGNED_UNASSIGNED: &str = "filter assigned=unassigned";
pub const FILTER_ASSIGNED_ANY: &str = "filter assigned=any";
pub const FILTER_ASSIGNED_ID: &str = "filter assigned={id}";
pub const FILTER_REASON_ID: &str = "filter reason_id";
pub const SORT_LAST_MESSAGE_DESC: &str = "sort=-last_message_at";
pub const SORT_LAST_MESSAGE_ASC: &str = "sort=last_message_at";
pub const SORT_CREATED_DESC: &str = "sort=-created_at";
pub const PER_PAGE_MAX: &str = "per_page max 100";
pub const FILTER_SEARCH: &str = "filter search";

// The WebSocket.
pub const WEBSOCKET_CONNECTION: &str = "websocket connection";
pub const SUBSCRIBE_ADMIN: &str = "subscribe private-support.admin";
pub const SUBSCRIBE_TICKET: &str = "subscribe private-support.ticket.{id}";

// The ticket the writes work on, and its thread.
/// Skipped, for all of them, when there is no ticket to write to.
pub const WRITE_CLAUSES: &str = "write clauses";
pub const CUSTOMER_SIGN_IN: &str = "customer sign-in";
pub const CUSTOMER_CREATES_TICKET: &str = "customer creates a ticket";
pub const TICKET_CREATED_ON_ADMIN: &str = "ticket.created on private-support.admin";
pub const TICKET_DETAIL_SHAPE: &str = "ticket detail shape";
pub const MESSAGE_PAGING_LIMIT: &str = "message paging limit";
pub const MESSAGE_PAGING_BEFORE_ID: &str = "message paging before_id";
pub const MESSAGE_PAGING_AFTER_ID: &str = "message paging after_id";

// The admin's writes.
pub const REPLY_JSON: &str = "reply (JSON)";
pub const MESSAGE_SENT_ON_TICKET: &str = "message.sent on private-support.ticket.{id}";
pub const MESSAGE_SENT_ON_ADMIN: &str = "message.sent on private-support.admin";
pub const REPLY_MULTIPART: &str = "reply (multipart with PNG)";
pub const ATTACHMENT_URL_SERVES: &str = "attachment url serves the file";
pub const ATTACHMENT_SESSION: &str = "attachment URLs die with the session";
pub const REPLY_EMPTY: &str = "reply: 422 when empty";
pub const READ_MARKS: &str = "read marks";
pub const ASSIGNMENT_PATCH: &str = "assignment PATCH";
pub const STATUS_CHANGED_ON_ASSIGNMENT: &str = "ticket.status.changed on assignment";
pub const STATUS_CHANGED_ON_TICKET: &str = "ticket.status.changed on private-support.ticket.{id}";
pub const STATUS_CHANGED_ON_ADMIN: &str = "ticket.status.changed on private-support.admin";
pub const REPLY_CLOSED: &str = "reply: 422 when closed";
pub const CUSTOMER_MESSAGE_CLOSED: &str = "customer message: 422 when closed";
pub const STATUS_PATCH: &str = "status PATCH";

// The customer's side.
pub const CUSTOMER_MESSAGE: &str = "customer message";
pub const CUSTOMER_MESSAGE_SENT_ON_TICKET: &str =
    "message.sent from the customer on private-support.ticket.{id}";
pub const CUSTOMER_MESSAGE_SENT_ON_ADMIN: &str =
    "message.sent from the customer on private-support.admin";
pub const CUSTOMER_TICKET_LIST: &str = "customer ticket list";
pub const CUSTOMER_TICKET_DETAIL: &str = "customer ticket detail";
pub const CUSTOMER_OTHER_TICKET_404: &str = "customer: another customer's ticket is 404";
pub const CUSTOMER_WRITE_TO_ANOTHER: &str =
    "customer: a message to another customer's ticket is refused";

// Broadcasting auth.
pub const AUTH_PRIVATE_CHANNEL: &str = "broadcasting auth: private channel";
pub const AUTH_PRESENCE_CHANNEL: &str = "broadcasting auth: presence channel";
pub const AUTH_JSON_BODY: &str = "broadcasting auth: JSON body";
pub const AUTH_NO_RULE: &str = "broadcasting auth: 403 for a channel without a rule";
pub const AUTH_UNAUTHENTICATED: &str = "broadcasting auth: 401 without a token";
pub const AUTH_CUSTOMER_PRESENCE: &str =
    "broadcasting auth: customer refused presence-support.ticket.{id}";
pub const AUTH_CUSTOMER_OTHER_TICKET: &str =
    "broadcasting auth: customer refused another customer's private-support.ticket.{id}";
pub const AUTH_CUSTOMER_ADMIN_PRIVATE: &str =
    "broadcasting auth: customer refused private-admin.{id}";
pub const AUTH_CUSTOMER_ADMIN_CHANNEL: &str =
    "broadcasting auth: customer refused private-support.admin";
pub const AUTH_CUSTOMER_OTHER_CHANNEL: &str =
    "broadcasting auth: customer refused another customer's channel";

// Contract v2. `V2_<CAPABILITY>` is the capability's own line: skipped when
// it is not offered, failed when it is announced and cannot be checked.
pub const V2_CAPABILITIES: &str = "v2 capabilities";
pub const V2_IDEMPOTENCY: &str = "v2 idempotency";
pub const V2_IDEMPOTENCY_SAME_KEY: &str =
    "v2 idempotency: same key twice → one message, same answer";
pub const V2_NOTES: &str = "v2 notes";
pub const V2_NOTES_CREATE: &str = "v2 notes: create, 422 when empty";
pub const V2_NOTES_ADDED_ON_ADMIN: &str = "v2 notes: note.added on private-support.admin";
pub const V2_NOTES_NOT_ON_TICKET_CHANNEL: &str =
    "v2 notes: never broadcast to the ticket's channel";
pub const V2_NOTES_NOT_ON_CUSTOMER_CHANNEL: &str =
    "v2 notes: never broadcast to private-customer.{id}";
pub const V2_NOTES_NOT_ON_CUSTOMER_ENDPOINTS: &str = "v2 notes: never on customer endpoints";
pub const V2_CANNED_REPLIES: &str = "v2 canned_replies";
pub const V2_CANNED_REPLIES_LIST: &str = "v2 canned_replies: list";
pub const V2_CANNED_REPLIES_WRITES: &str =
    "v2 canned_replies: create, 422 on a duplicate shortcut, edit, delete";
pub const V2_CUSTOMERS: &str = "v2 customers";
pub const V2_CUSTOMERS_CONTEXT: &str = "v2 customers: customer context";
pub const V2_CUSTOMERS_FILTER: &str = "v2 customers: filter customer_id";
pub const V2_BULK: &str = "v2 bulk";
pub const V2_BULK_CHANGE: &str = "v2 bulk: change and answer each ticket";
pub const V2_MENTIONS: &str = "v2 mentions";
pub const V2_MENTIONS_ADMIN_CHANNEL: &str = "v2 mentions: private-admin.{id} only for that admin";
pub const V2_MENTION_CREATED: &str = "v2 mentions: mention.created";

// Contract v3: triage and time. `V3_<CAPABILITY>` is the capability's own
// line, as in v2.
pub const V3_PRIORITY: &str = "v3 priority";
pub const V3_PRIORITY_SET: &str = "v3 priority: PATCH sets it, the summary says it";
pub const V3_PRIORITY_UPDATED: &str =
    "v3 priority: ticket.updated on private-support.admin with the new priority";
pub const V3_PRIORITY_FILTER: &str = "v3 priority: filter priority=urgent,high";
pub const V3_TAGS: &str = "v3 tags";
pub const V3_TAGS_NORMALIZED: &str = "v3 tags: trimmed and lower-cased, filter tag=";
pub const V3_TAGS_INVALID: &str = "v3 tags: 422 for 11 tags or a 33-character tag";
pub const V3_TAGS_BULK: &str = "v3 tags: bulk tags_add and tags_remove";
pub const V3_TAGS_LIST: &str = "v3 tags: GET tags, most used first";
pub const V3_SNOOZE: &str = "v3 snooze";
pub const V3_SNOOZE_SET: &str =
    "v3 snooze: set, out of the default and status=open lists, in snoozed=only";
pub const V3_SNOOZE_INVALID: &str = "v3 snooze: 422 for a past time and for a closed ticket";
pub const V3_SNOOZE_CUSTOMER_WAKES: &str =
    "v3 snooze: the customer's message wakes it (ticket.updated with snoozed_until null)";
pub const V3_SNOOZE_TIME_WAKES: &str =
    "v3 snooze: its time passing wakes it (ticket.updated with snoozed_until null within 90 s)";
pub const V3_SLA: &str = "v3 sla";
pub const V3_SLA_WAITING: &str =
    "v3 sla: a customer's message sets waiting_since and response_due_at";
pub const V3_SLA_MESSAGE_SENT: &str =
    "v3 sla: message.sent on private-support.admin carries the ticket with waiting_since";
pub const V3_SLA_NOTE: &str = "v3 sla: a note does not stop the clock";
pub const V3_SLA_PRIORITY: &str =
    "v3 sla: a priority change moves response_due_at (urgent sooner than low)";
pub const V3_SLA_WAITING_FILTER: &str = "v3 sla: filter waiting=1";
pub const V3_SLA_OVERDUE_FILTER: &str =
    "v3 sla: filter overdue=1 lists only tickets past response_due_at by the Date header";
pub const V3_SLA_SORT: &str =
    "v3 sla: sort=response_due_at, soonest due first, then nobody waiting";
pub const V3_SLA_PRIVACY: &str =
    "v3 sla: no customer endpoint carries waiting_since or response_due_at";
pub const V3_SLA_REPLY: &str = "v3 sla: an admin reply stops the clock (waiting_since null)";
pub const V3_MERGE: &str = "v3 merge";
pub const V3_MERGE_MOVES: &str =
    "v3 merge: the source's messages and notes move to the target in time order, keeping their ids";
pub const V3_MERGE_SOURCE: &str =
    "v3 merge: 200 with the target, the source closed with merged_into";
pub const V3_MERGE_INVALID: &str =
    "v3 merge: 422 into itself, into a merged ticket, across customers";
pub const V3_MERGE_IDEMPOTENT: &str =
    "v3 merge: the same Idempotency-Key again answers the same, merges nothing more";
pub const V3_MERGE_EVENTS: &str =
    "v3 merge: ticket.merged on private-support.admin and the source's ticket channel";
pub const V3_MERGE_REFUSES: &str = "v3 merge: a merged ticket refuses a customer's new message";
pub const V3_MERGE_PRIVACY: &str = "v3 merge: no customer endpoint carries merged_into";
pub const V3_VIEWS: &str = "v3 views";
pub const V3_VIEWS_CRUD: &str = "v3 views: create, list by position, edit, delete";
pub const V3_VIEWS_OTHERS: &str = "v3 views: 403 changing or deleting another admin's view";
pub const V3_VIEWS_INVALID: &str = "v3 views: 422 with field errors";
pub const V3_VIEWS_COUNTS: &str =
    "v3 views: each count equals the list's total for the same filters";
pub const V3_MENTIONS_LIST: &str = "v3 mentions_list";
pub const V3_MENTIONS_LIST_EVENT_ID: &str =
    "v3 mentions_list: mention.created carries the id GET mentions lists";
pub const V3_MENTIONS_LIST_AWAY: &str =
    "v3 mentions_list: a mention made while away is listed unread, then marked read";
pub const V3_MENTIONS_LIST_OWN: &str =
    "v3 mentions_list: only the signed-in admin's, 404 marking another's";
pub const V3_VIEWERS: &str = "v3 viewers";
pub const V3_VIEWERS_TYPING: &str =
    "v3 viewers: PUT viewing → ticket.viewers on private-support.admin names this admin, typing as sent";
pub const V3_VIEWERS_LIST: &str = "v3 viewers: GET viewers lists the ticket";
pub const V3_VIEWERS_LEFT: &str = "v3 viewers: DELETE viewing → ticket.viewers without this admin";
pub const V3_PRIVACY_ENDPOINTS: &str =
    "v3 privacy: no customer endpoint carries priority, tags or snoozed_until";
pub const V3_PRIVACY_CHANNELS: &str =
    "v3 privacy: no customer channel carries priority, tags or snoozed_until";
