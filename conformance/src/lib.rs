//! Checks a running backend against Mesa's backend contract
//! (`/work/shared/contract/backend-contract.md` and the seed guide), clause
//! by clause: `PASS clause` (or `PASS clause: what it found`, as the paginator
//! shape), `FAIL clause: what it got`, `SKIP clause: why`.
//!
//! A broken backend must give FAIL lines, never a panic: every answer is
//! read through `shapes`, which reports a missing or mistyped field as text.

pub mod api;
mod checks;
pub mod clauses;
pub mod config;
pub mod report;
pub mod shapes;
pub mod ws;

pub use checks::run;
pub use config::{AllowSkip, Config, WsTarget};
pub use report::{Line, Outcome, Report};
