//! The customer beside the thread, when the backend offers customer context.

use leptos::prelude::*;

use crate::components::customer::CustomerAside;
use crate::hooks::customer::use_customer;
use crate::state::offered::Offered;

/// Loads the customer once per customer (not once per ticket of theirs).
pub fn customer_aside(customer_id: Memo<Option<u64>>, current: Memo<Option<u64>>) -> impl IntoView {
    let capabilities = Offered::expect();
    let offered = Memo::new(move |_| capabilities.get().customers);
    move || {
        let id = customer_id.get().filter(|_| offered.get())?;
        let customer = use_customer(Signal::derive(move || id));
        Some(view! { <CustomerAside customer=customer current=current /> })
    }
}
