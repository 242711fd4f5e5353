//! Stores shared by the pages through context, and the pure rules behind them.

pub mod alerts;
pub mod attachments;
pub mod avatar;
pub mod bulk;
pub mod canned;
pub mod clock;
pub mod density;
pub mod desk;
pub mod drafts;
pub mod filter;
pub mod gap;
pub mod heard;
pub mod inbox;
pub mod locale;
pub mod mentions;
pub mod offered;
pub mod outbox;
pub mod preference;
pub mod presence;
pub mod selection;
pub mod session;
pub mod shortcuts;
pub mod snooze;
pub mod thread;
pub mod thread_store;
pub mod viewers;
pub mod views;
pub mod window;

#[cfg(test)]
mod convergence_tests;
