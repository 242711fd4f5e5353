//! The manager of canned replies: the list, and a form to create or edit.

use leptos::prelude::*;

use super::form::CannedForm;
use super::row::CannedRow;
use crate::api::types::CannedReply;
use crate::components::dialog::Dialog;
use crate::hooks::canned::CannedReplies;
use crate::i18n::Text;
use crate::state::locale::I18n;

#[component]
pub fn CannedManager(on_close: Callback<()>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let replies = expect_context::<CannedReplies>();
    // The reply being edited; `None`: the form creates a new one.
    let editing = RwSignal::new(None::<CannedReply>);
    // What the last change did, said to screen readers too.
    let notice = RwSignal::new(None::<Text>);
    view! {
        <Dialog labelled_by="canned-manage-title" class="canned-manager" testid="canned-manage" on_close=on_close>
            <header class="canned-manager-header">
                <h2 id="canned-manage-title">{i18n.text(Text::CannedManage)}</h2>
                <button type="button" class="button-quiet" data-testid="canned-manage-close" on:click=move |_| on_close.run(())>
                    {i18n.text(Text::CannedClose)}
                </button>
            </header>
            <p class="canned-status" role="status" data-testid="canned-status">
                {move || notice.get().map(|text| i18n.t(text))}
            </p>
            <ul class="canned-list">
                <For each=move || replies.all() key=|r| (r.id, r.updated_at.clone(), r.shortcut.clone(), r.title.clone()) let(reply)>
                    <CannedRow reply=reply editing=editing notice=notice />
                </For>
            </ul>
            <Show when=move || replies.all().is_empty()>
                <p class="muted">{i18n.text(Text::CannedEmptyList)}</p>
            </Show>
            <CannedForm editing=editing notice=notice />
        </Dialog>
    }
}
