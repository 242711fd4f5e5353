//! The customer beside an open thread: who they are and their tickets.

use leptos::prelude::*;

use crate::api::types::{CustomerContext, TicketSummary};
use crate::api::{ApiClient, ApiError};
use crate::state::inbox::{InboxFilter, StatusFilter};

#[derive(Clone, Copy)]
pub struct Customer {
    pub id: Signal<u64>,
    pub profile: LocalResource<Result<CustomerContext, ApiError>>,
    /// The first page of their tickets, open and closed, newest activity first.
    pub tickets: LocalResource<Result<Vec<TicketSummary>, ApiError>>,
}

/// Loads again whenever `id` changes, not when the same customer's other
/// ticket opens.
pub fn use_customer(id: Signal<u64>) -> Customer {
    let api = expect_context::<ApiClient>();
    let id = Memo::new(move |_| id.get());
    let profile = LocalResource::new({
        let api = api.clone();
        move || {
            let (api, id) = (api.clone(), id.get());
            async move { api.customer(id).await }
        }
    });
    let tickets = LocalResource::new(move || {
        let (api, filter) = (api.clone(), tickets_of(id.get()));
        async move {
            api.tickets(&filter.api_query(), 1)
                .await
                .map(|page| page.data)
        }
    });
    Customer {
        id: id.into(),
        profile,
        tickets,
    }
}

/// The inbox view of every ticket of one customer.
pub fn tickets_of(customer_id: u64) -> InboxFilter {
    InboxFilter {
        status: StatusFilter::All,
        customer_id: Some(customer_id),
        ..Default::default()
    }
}

impl Customer {
    pub fn retry(&self) {
        self.profile.refetch();
        self.tickets.refetch();
    }
}
