//! The listbox of canned replies, and the button that opens it.

use leptos::html;
use leptos::prelude::*;

use crate::components::icon::{Icon, IconSvg};

use super::{Assist, LISTBOX_ID};
use crate::api::types::CannedReply;
use crate::i18n::{fill, Text};
use crate::state::locale::I18n;

#[component]
pub fn CannedMenu(assist: Assist) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let search = NodeRef::<html::Input>::new();
    Effect::new(move |_| {
        if let Some(el) = search.get() {
            let _ = el.focus();
        }
    });
    let options = move || assist.matches().into_iter().enumerate().collect::<Vec<_>>();
    let failed = move || {
        assist.replies.error().map(|e| {
            fill(
                i18n.t(Text::CannedLoadFailed),
                &[("reason", &e.message(i18n.locale()))],
            )
        })
    };
    let on_list_key = move |ev: leptos::ev::KeyboardEvent| {
        if assist.on_keydown(&ev) && !assist.open.get_untracked() {
            assist.focus_textarea(None);
        }
    };
    view! {
        <Show when=move || assist.open.get()>
            <div class="canned-menu" data-testid="canned-menu">
                <Show when=move || assist.searching.get()>
                    <input type="search" class="canned-search" data-testid="canned-search" node_ref=search
                        role="combobox" aria-expanded="true" aria-controls=LISTBOX_ID aria-autocomplete="list"
                        aria-activedescendant=move || assist.active_id()
                        aria-label=i18n.text(Text::CannedSearch) placeholder=i18n.text(Text::CannedSearch)
                        prop:value=move || assist.query.get()
                        on:input=move |ev| { assist.query.set(event_target_value(&ev)); assist.active.set(0); }
                        on:keydown=move |ev| { assist.on_keydown(&ev); } />
                </Show>
                // In the tab order too (it scrolls): arrows and Enter work there as in the reply box.
                <ul class="canned-options" role="listbox" id=LISTBOX_ID aria-label=i18n.text(Text::CannedOpen)
                    tabindex="0" aria-activedescendant=move || assist.active_id() on:keydown=on_list_key>
                    <For each=options key=|(index, r)| (*index, r.id, r.updated_at.clone()) let((_index, reply))>
                        <CannedOption assist=assist reply=reply />
                    </For>
                </ul>
                <Show when=move || assist.matches().is_empty()>
                    <p class="muted canned-empty" role="status">{move || failed().unwrap_or_else(|| i18n.t(Text::CannedNone).to_string())}</p>
                </Show>
                <button type="button" class="button-quiet canned-manage-open" data-testid="canned-manage-open"
                    on:mousedown=|ev| ev.prevent_default() on:click=move |_| assist.open_manager()>
                    {i18n.text(Text::CannedManage)}
                </button>
            </div>
        </Show>
    }
}

#[component]
fn CannedOption(assist: Assist, reply: CannedReply) -> impl IntoView {
    let id = Assist::option_id(reply.id);
    let item = NodeRef::<html::Li>::new();
    let active = Memo::new({
        let id = id.clone();
        move |_| assist.active_id().as_deref() == Some(id.as_str())
    });
    Effect::new(move |_| {
        if let (true, Some(el)) = (active.get(), item.get()) {
            el.scroll_into_view_with_bool(false);
        }
    });
    let (shortcut, title, shared) = (reply.shortcut.clone(), reply.title.clone(), reply.shared);
    view! {
        <li class="canned-item" class:canned-item-active=active role="option" id=id node_ref=item
            aria-selected=move || active.get().to_string() data-testid="canned-item" data-shortcut=shortcut.clone()
            on:mousedown=|ev| ev.prevent_default() on:click=move |_| assist.pick(&reply)>
            <span class="canned-shortcut">"/" {shortcut.clone()}</span>
            <span class="canned-title">{title}</span>
            <Show when=move || shared>
                <span class="canned-shared">{move || expect_context::<I18n>().t(Text::CannedShared)}</span>
            </Show>
        </li>
    }
}

#[component]
pub fn CannedOpenButton(assist: Assist) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    view! {
        <button type="button" class="button-quiet" data-testid="canned-open" aria-haspopup="listbox"
            aria-expanded=move || assist.open.get().to_string()
            on:click=move |_| if assist.open.get_untracked() { assist.close() } else { assist.open_search() }>
            <IconSvg icon=Icon::Canned />
            <span class="button-label">{i18n.text(Text::CannedOpen)}</span>
        </button>
    }
}
