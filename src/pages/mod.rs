//! One module a route.

pub mod desk;
pub mod login;
pub mod not_found;
pub mod thread;
