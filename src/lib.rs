//! Mesa: the support desk panel. Protocol, API and state logic live in plain
//! modules that `cargo test` runs natively; components stay thin over them.

pub mod api;
mod app;
pub mod base;
pub mod browser;
pub mod components;
pub mod config;
pub mod hooks;
pub mod i18n;
pub mod json;
pub use serving::origin;
pub mod pages;
pub mod query;
pub mod realtime;
pub mod router;
pub mod state;
#[cfg(test)]
mod test_rng;

pub use app::App;
