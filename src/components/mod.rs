//! Reusable view pieces, one component family a file.

pub mod config_error;
pub mod inbox;
pub mod layout;
pub mod notice;
pub mod thread;
