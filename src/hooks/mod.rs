//! Hooks: load and keep what components draw, and carry the operations that
//! change it. Each returns a named, `Copy` struct; components never fetch.

pub mod canned;
pub mod customer;
