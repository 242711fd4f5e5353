//! The inbox's customer filter, visible and one click from gone.

use crate::router::use_location;
use leptos::prelude::*;

use crate::i18n::{fill, Text};
use crate::state::desk::Desk;
use crate::state::inbox::InboxFilter;
use crate::state::locale::I18n;
use crate::state::offered::Offered;

#[component]
pub fn CustomerFilterChip(filter: Memo<InboxFilter>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let desk = expect_context::<Desk>();
    let capabilities = Offered::expect();
    let navigate = crate::router::use_navigate();
    let location = use_location();
    let base = crate::base::use_base();
    // The name from a row of theirs, once one is loaded; the id until then.
    let name = move || {
        let id = filter.with(|f| f.customer_id)?;
        let known = desk.inbox.with(|inbox| {
            inbox
                .tickets()
                .iter()
                .find(|t| t.customer.id == id)
                .map(|t| t.customer.name.clone())
        });
        Some(known.unwrap_or_else(|| format!("#{id}")))
    };
    let clear = move |_| {
        let next = InboxFilter {
            customer_id: None,
            ..filter.get_untracked()
        };
        // An app path: the router adds the base back when navigating.
        let path = base.strip(&location.pathname.get_untracked());
        navigate(&format!("{path}{}", next.to_query()), Default::default());
    };
    view! {
        {move || name().filter(|_| capabilities.get().customers).map(|name| {
            let label = fill(i18n.t(Text::CustomerFilterClear), &[("name", &name)]);
            view! {
                <div class="filter-chip" data-testid="customer-filter">
                    <span>{fill(i18n.t(Text::CustomerFilter), &[("name", &name)])}</span>
                    <button type="button" class="filter-chip-clear" data-testid="customer-filter-clear"
                        aria-label=label title=fill(i18n.t(Text::CustomerFilterClear), &[("name", &name)]) on:click=clear.clone()>
                        "×"
                    </button>
                </div>
            }
        })}
    }
}
