//! Reusable view pieces, one component family a file.

pub mod alerts;
pub mod bulk;
pub mod canned;
pub mod composer;
pub mod config_error;
pub mod connection;
pub mod customer;
pub mod dialog;
pub mod header_menu;
pub mod icon;
pub mod inbox;
pub mod layout;
pub mod mentions;
pub mod mentions_inbox;
pub mod notice;
pub mod presence;
pub mod shortcuts;
pub mod sign_out;
pub mod thread;
pub mod thread_nav;
pub mod ticket_controls;
pub mod triage;
pub mod when;
