/// Stored in `PRAGMA user_version`. Builds before 2 kept passwords and
/// tokens in plain text; builds before 3 had no notes, canned replies or
/// customer sign-up times; builds before 4 had no priority, tags, snooze,
/// saved views or lasting mentions; builds before 5 kept no `waiting_since`
/// or `merged_into`. There are no migrations, so such a database is
/// refused with a clear error rather than half-working.
pub const VERSION: i64 = 5;

/// `password` is a bcrypt hash (`$2y$…`, as Laravel writes it); `token_hash`
/// the hex SHA-256 of a token's secret, as Sanctum keeps it: the plain token
/// exists only in the sign-in answer.
pub const SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS admins (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    email TEXT NOT NULL UNIQUE,
    password TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS customers (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    email TEXT NOT NULL UNIQUE,
    password TEXT NOT NULL,
    created_at INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS tokens (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('admin', 'customer')),
    user_id INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS reasons (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS tickets (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    reason_id INTEGER REFERENCES reasons(id),
    subject TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    assigned_to INTEGER REFERENCES admins(id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    resolved_at INTEGER,
    last_message_at INTEGER,
    priority TEXT NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
    snoozed_until INTEGER,
    -- v3 sla: kept by `sla::refresh` after every write that can change it.
    waiting_since INTEGER,
    -- v3 merge: the ticket this one was merged into.
    merged_into INTEGER REFERENCES tickets(id)
);
CREATE INDEX IF NOT EXISTS tickets_snoozed ON tickets(snoozed_until) WHERE snoozed_until IS NOT NULL;
CREATE TABLE IF NOT EXISTS ticket_tags (
    ticket_id INTEGER NOT NULL REFERENCES tickets(id),
    tag TEXT NOT NULL,
    PRIMARY KEY (ticket_id, tag)
);
CREATE INDEX IF NOT EXISTS ticket_tags_tag ON ticket_tags(tag);
CREATE INDEX IF NOT EXISTS tickets_last_message ON tickets(last_message_at DESC);
CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL REFERENCES tickets(id),
    body TEXT,
    is_from_admin INTEGER NOT NULL,
    is_read INTEGER NOT NULL DEFAULT 0,
    sender_name TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    kind TEXT NOT NULL DEFAULT 'reply' CHECK (kind IN ('reply', 'note'))
);
CREATE INDEX IF NOT EXISTS messages_ticket ON messages(ticket_id, id);
CREATE TABLE IF NOT EXISTS mentions (
    id INTEGER PRIMARY KEY,
    admin_id INTEGER NOT NULL REFERENCES admins(id),
    ticket_id INTEGER NOT NULL REFERENCES tickets(id),
    message_id INTEGER NOT NULL REFERENCES messages(id),
    by_admin_id INTEGER NOT NULL REFERENCES admins(id),
    created_at INTEGER NOT NULL,
    read_at INTEGER,
    UNIQUE (message_id, admin_id)
);
CREATE INDEX IF NOT EXISTS mentions_admin ON mentions(admin_id, id);
CREATE TABLE IF NOT EXISTS saved_views (
    id INTEGER PRIMARY KEY,
    owner_id INTEGER NOT NULL REFERENCES admins(id),
    name TEXT NOT NULL,
    filters TEXT NOT NULL,
    shared INTEGER NOT NULL,
    position INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS canned_replies (
    id INTEGER PRIMARY KEY,
    owner_id INTEGER NOT NULL REFERENCES admins(id),
    title TEXT NOT NULL,
    shortcut TEXT NOT NULL,
    body TEXT NOT NULL,
    shared INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (owner_id, shortcut)
);
CREATE TABLE IF NOT EXISTS attachments (
    id INTEGER PRIMARY KEY,
    message_id INTEGER NOT NULL REFERENCES messages(id),
    url TEXT NOT NULL,
    file_name TEXT NOT NULL,
    mime_type TEXT NOT NULL,
    file_size INTEGER NOT NULL,
    stored_as TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS attachments_message ON attachments(message_id);
CREATE TABLE IF NOT EXISTS idempotency_keys (
    admin_id INTEGER NOT NULL,
    key TEXT NOT NULL,
    scope TEXT NOT NULL,
    status INTEGER NOT NULL,
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (admin_id, key)
);
CREATE INDEX IF NOT EXISTS idempotency_keys_created ON idempotency_keys(created_at);
"#;
