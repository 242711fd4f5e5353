//! The customer beside the open thread, and the inbox filter by customer.

mod chip;
mod panel;
mod tickets;

pub use chip::CustomerFilterChip;
pub use panel::CustomerAside;
