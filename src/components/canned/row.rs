//! One canned reply in the manager: edit, or delete after asking.

use leptos::prelude::*;

use super::change_failed;
use crate::api::types::CannedReply;
use crate::api::ApiError;
use crate::hooks::canned::CannedReplies;
use crate::i18n::{fill, Text};
use crate::state::locale::I18n;

#[component]
pub fn CannedRow(
    reply: CannedReply,
    editing: RwSignal<Option<CannedReply>>,
    notice: RwSignal<Option<Text>>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let replies = expect_context::<CannedReplies>();
    let confirming = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let (id, mine) = (reply.id, replies.is_mine(&reply));
    let shortcut = StoredValue::new(reply.shortcut.clone());
    let named = move |text: Text| shortcut.with_value(|s| fill(i18n.t(text), &[("shortcut", s)]));
    let shared = reply.shared;
    let delete = Action::new_local(move |&id: &u64| async move {
        match replies.delete(id).await {
            Ok(()) => {
                if editing.try_with_untracked(|e| e.as_ref().is_some_and(|e| e.id == id))
                    == Some(true)
                {
                    editing.try_set(None);
                }
                notice.try_set(Some(Text::CannedDeleted));
            }
            Err(e) => {
                confirming.try_set(false);
                error.try_set(Some(e));
            }
        }
    });
    let deleting = delete.pending();
    let edit = {
        let reply = reply.clone();
        move |_| editing.set(Some(reply.clone()))
    };
    view! {
        <li class="canned-row" data-testid="canned-row" data-shortcut=reply.shortcut.clone()>
            <div class="canned-row-head">
                <span class="canned-shortcut">"/" {reply.shortcut.clone()}</span>
                <span class="canned-title">{reply.title.clone()}</span>
                <Show when=move || shared>
                    <span class="canned-shared">{i18n.text(Text::CannedShared)}</span>
                </Show>
            </div>
            <p class="canned-row-body">{reply.body.clone()}</p>
            {if mine {
                view! {
                    <div class="canned-row-actions">
                        <button type="button" class="button-quiet" data-testid="canned-edit" aria-label=move || named(Text::CannedEditNamed) on:click=edit>
                            {i18n.text(Text::CannedEdit)}
                        </button>
                        <button type="button" class="button-quiet" data-testid="canned-delete" aria-label=move || named(Text::CannedDeleteNamed)
                            aria-expanded=move || confirming.get().to_string() on:click=move |_| confirming.set(true)>
                            {i18n.text(Text::CannedDelete)}
                        </button>
                    </div>
                }.into_any()
            } else {
                view! { <p class="muted canned-row-others">{i18n.text(Text::CannedOthers)}</p> }.into_any()
            }}
            <Show when=move || confirming.get()>
                <div class="canned-confirm" role="group" aria-label=move || named(Text::CannedDeleteNamed)>
                    <p>{move || named(Text::CannedDeleteConfirm)}</p>
                    <button type="button" class="button-danger" data-testid="canned-delete-confirm"
                        disabled=deleting on:click=move |_| { delete.dispatch_local(id); }>
                        {i18n.text(Text::CannedDelete)}
                    </button>
                    <button type="button" class="button-quiet" on:click=move |_| confirming.set(false)>{i18n.text(Text::Cancel)}</button>
                </div>
            </Show>
            {move || error.get().map(|e| view! {
                <p class="form-error" role="alert" data-testid="canned-row-error">{move || change_failed(&e, i18n.locale())}</p>
            })}
        </li>
    }
}
