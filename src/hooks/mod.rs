//! Hooks: load, follow, send; each returns a named struct of signals and
//! operations for the components below a page. Components never fetch.

pub mod attachments;
pub mod bulk;
pub mod canned;
pub mod customer;
pub mod draft;
pub mod inbox_keys;
pub mod inbox_scroll;
pub mod inbox_sync;
pub mod replies;
pub mod sign_in;
pub mod thread;
pub mod thread_scroll;
pub mod ticket_update;
pub mod views;
