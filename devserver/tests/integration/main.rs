//! The dev server's integration tests, as one test binary (one link instead
//! of one per file): a module per area, against a real server on a free port,
//! with the shared fixtures in `common`.

mod common;

mod bench_fixtures;
mod broadcast_to;
mod contract_v2;
mod contract_v3;
mod merge;
mod notes;
mod realtime;
mod rest;
mod seeds_and_simulator;
mod sla;
mod triage;
mod views;
mod workspace;
