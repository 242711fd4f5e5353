//! One module a route.

pub mod inbox;
pub mod login;
pub mod not_found;
pub mod thread;
