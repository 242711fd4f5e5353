//! Creating or editing a canned reply; the backend's validation errors are
//! shown beside their fields.

use leptos::prelude::*;

use super::change_failed;
use crate::api::types::{CannedFields, CannedReply};
use crate::api::ApiError;
use crate::hooks::canned::CannedReplies;
use crate::i18n::{fill, Text};
use crate::state::locale::I18n;

#[component]
pub fn CannedForm(
    editing: RwSignal<Option<CannedReply>>,
    notice: RwSignal<Option<Text>>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let replies = expect_context::<CannedReplies>();
    let fields = RwSignal::new(CannedFields::default());
    let error = RwSignal::new(None::<ApiError>);
    Effect::new(move |_| {
        let reply = editing.get();
        fields.set(reply.map_or_else(CannedFields::default, |r| CannedFields {
            title: r.title,
            shortcut: r.shortcut,
            body: r.body,
            shared: r.shared,
        }));
        error.set(None);
    });
    let save = Action::new_local(move |(id, changed): &(Option<u64>, CannedFields)| {
        let (id, changed) = (*id, changed.clone());
        async move {
            match replies.save(id, changed).await {
                Ok(_) => {
                    editing.try_set(None);
                    fields.try_set(CannedFields::default());
                    error.try_set(None);
                    notice.try_set(Some(Text::CannedSaved));
                }
                Err(e) => {
                    error.try_set(Some(e));
                }
            }
        }
    });
    let saving = save.pending();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let id = editing.with_untracked(|e| e.as_ref().map(|e| e.id));
        save.dispatch_local((id, fields.get_untracked()));
    };
    let heading = move || match editing.get() {
        Some(r) => fill(i18n.t(Text::CannedEditing), &[("title", &r.title)]),
        None => i18n.t(Text::CannedNew).to_string(),
    };
    view! {
        <form class="canned-form" data-testid="canned-form" on:submit=submit novalidate>
            <h3>{heading}</h3>
            <CannedInputs fields=fields error=error />
            {move || error.get().map(|e| view! { <p class="form-error" role="alert" data-testid="canned-form-error">{move || change_failed(&e, i18n.locale())}</p> })}
            <div class="dialog-actions">
                <button type="submit" class="button-primary" data-testid="canned-save" disabled=saving>{i18n.text(Text::CannedSave)}</button>
                <Show when=move || editing.with(Option::is_some)>
                    <button type="button" class="button-quiet" data-testid="canned-new" on:click=move |_| editing.set(None)>{i18n.text(Text::CannedNew)}</button>
                </Show>
            </div>
        </form>
    }
}

/// The reply's title, shortcut, text and sharing, each with the backend's
/// complaint about it.
#[component]
fn CannedInputs(
    fields: RwSignal<CannedFields>,
    error: RwSignal<Option<ApiError>>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let invalid = move |field: &'static str| {
        move || {
            error
                .with(|e| e.as_ref().and_then(|e| e.field_error(field)).is_some())
                .to_string()
        }
    };
    view! {
        <label class="field">
            <span>{i18n.text(Text::CannedTitle)}</span>
            <input data-testid="canned-title" maxlength="80" aria-invalid=invalid("title") aria-describedby="canned-error-title"
                prop:value=move || fields.with(|f| f.title.clone()) on:input=move |ev| fields.update(|f| f.title = event_target_value(&ev)) />
            <FieldError field="title" error=error />
        </label>
        <label class="field">
            <span>{i18n.text(Text::CannedShortcut)}</span>
            <input data-testid="canned-shortcut" maxlength="32" autocapitalize="none" spellcheck="false" aria-invalid=invalid("shortcut") aria-describedby="canned-error-shortcut"
                prop:value=move || fields.with(|f| f.shortcut.clone()) on:input=move |ev| fields.update(|f| f.shortcut = event_target_value(&ev)) />
            <FieldError field="shortcut" error=error />
        </label>
        <label class="field">
            <span>{i18n.text(Text::CannedBody)}</span>
            <textarea data-testid="canned-body" rows="4" maxlength="5000" aria-invalid=invalid("body") aria-describedby="canned-body-hint canned-error-body"
                prop:value=move || fields.with(|f| f.body.clone()) on:input=move |ev| fields.update(|f| f.body = event_target_value(&ev))></textarea>
            <small class="muted" id="canned-body-hint">{i18n.text(Text::CannedBodyHint)}</small>
            <FieldError field="body" error=error />
        </label>
        <label class="checkbox">
            <input type="checkbox" data-testid="canned-shared" prop:checked=move || fields.with(|f| f.shared)
                on:change=move |ev| fields.update(|f| f.shared = event_target_checked(&ev)) />
            <span>{i18n.text(Text::CannedSharedLabel)}</span>
        </label>
    }
}

/// The backend's first complaint about one field, beside it.
#[component]
fn FieldError(field: &'static str, error: RwSignal<Option<ApiError>>) -> impl IntoView {
    let message = move || {
        error.with(|e| {
            e.as_ref()
                .and_then(|e| e.field_error(field))
                .map(str::to_string)
        })
    };
    view! {
        <span class="form-error field-error" id=format!("canned-error-{field}") data-testid=format!("canned-error-{field}")>{message}</span>
    }
}
