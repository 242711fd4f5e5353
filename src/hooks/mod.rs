//! Hooks: load, follow, send; each returns a struct of signals and operations
//! for the components below a page.

pub mod bulk;
