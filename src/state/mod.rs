//! Stores shared by the pages through context, and the pure rules behind them.

pub mod locale;
pub mod session;
