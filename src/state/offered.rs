//! What the backend offers (`GET /admin/capabilities`), as a typed context:
//! a raw `Signal<Capabilities>` in context would be found by type alone, and
//! any other signal of that type would shadow it.

use leptos::prelude::*;

use crate::api::types::Capabilities;

#[derive(Clone, Copy)]
pub struct Offered(Signal<Capabilities>);

impl Offered {
    /// Offers `capabilities` to everything below the caller.
    pub fn provide(capabilities: Signal<Capabilities>) {
        provide_context(Offered(capabilities));
    }

    /// The capabilities; panics (a wiring mistake) outside the signed-in shell.
    pub fn expect() -> Signal<Capabilities> {
        expect_context::<Offered>().0
    }

    /// The capabilities where a component may also live outside the shell
    /// (component tests mount rows alone).
    pub fn used() -> Option<Signal<Capabilities>> {
        use_context::<Offered>().map(|offered| offered.0)
    }
}
