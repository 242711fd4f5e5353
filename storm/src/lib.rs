//! Mesa's realtime core outside the browser. The protocol machine in
//! `mesa::realtime` is pure; [`shell`] drives it with tokio as
//! `src/realtime/browser.rs` does with the browser, so the code that runs in
//! the panel can run by the thousand here. [`cluster`] starts the two-node
//! sockudo cluster over Redis behind [`balancer`], and [`load`] is the
//! reconnect storm on it.

pub mod balancer;
pub mod cluster;
pub mod load;
pub mod shell;
