//! Signing out on a shared computer: what the admin leaves on the device
//! (unsent replies, drafts) is kept for them or discarded, as they choose.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{ApiClient, ApiError};
use crate::components::dialog::Dialog;
use crate::i18n::{fill, Text};
use crate::state::locale::I18n;
use crate::state::session::{LeftBehind, SessionStore};

#[component]
pub fn SignOutButton() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let session = expect_context::<SessionStore>();
    let api = expect_context::<ApiClient>();
    let navigate = crate::router::use_navigate();
    // What would stay on the device, while the admin decides.
    let asking = RwSignal::new(None::<(usize, usize)>);
    let button = NodeRef::<leptos::html::Button>::new();

    let leave = Callback::new(move |left_behind: LeftBehind| {
        asking.set(None);
        let revoke = api.logout();
        spawn_local(async move {
            // A token that is already invalid needs no revoking.
            let failed = !matches!(revoke.await, Ok(()) | Err(ApiError::Unauthorized));
            session.set_revoke_failed(failed);
        });
        // Leave first so the guard does not remember this page as "next".
        navigate("/login", Default::default());
        session.sign_out(left_behind);
    });
    // Not signing out after all: back to the button that asked.
    let cancel = Callback::new(move |()| {
        asking.set(None);
        if let Some(button) = button.get_untracked() {
            let _ = button.focus();
        }
    });
    let start = move |_| match session.left_behind() {
        (0, 0) => leave.run(LeftBehind::Discard),
        counts => asking.set(Some(counts)),
    };

    view! {
        <button type="button" class="button-quiet" data-testid="logout" node_ref=button on:click=start>
            {i18n.text(Text::SignOut)}
        </button>
        {move || asking.get().map(|counts| view! { <SignOutDialog counts=counts leave=leave cancel=cancel /> })}
    }
}

/// Keep or discard what is left on the device, or stay signed in.
#[component]
fn SignOutDialog(
    counts: (usize, usize),
    leave: Callback<LeftBehind>,
    cancel: Callback<()>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let (replies, drafts) = counts;
    // The question takes the focus, so the keyboard answers it.
    let first = NodeRef::<leptos::html::Button>::new();
    view! {
        <Dialog labelled_by="signout-question" testid="signout-dialog" alert=true first=first
            on_close=cancel>
            <p id="signout-question">
                {move || fill(i18n.t(Text::SignOutLeftBehind), &[
                    ("replies", &replies.to_string()),
                    ("drafts", &drafts.to_string()),
                ])}
            </p>
            <div class="dialog-actions">
                <button type="button" class="button-primary" data-testid="signout-keep" node_ref=first
                    on:click=move |_| leave.run(LeftBehind::Keep)>
                    {i18n.text(Text::SignOutKeep)}
                </button>
                <button type="button" class="button-quiet" data-testid="signout-discard"
                    on:click=move |_| leave.run(LeftBehind::Discard)>
                    {i18n.text(Text::SignOutDiscard)}
                </button>
                <button type="button" class="button-quiet" data-testid="signout-cancel"
                    on:click=move |_| cancel.run(())>
                    {i18n.text(Text::Cancel)}
                </button>
            </div>
        </Dialog>
    }
}
