//! The files waiting to go with the reply, and the button that picks them.

use leptos::html;
use leptos::prelude::*;

use crate::components::icon::{Icon, IconSvg};
use wasm_bindgen::JsCast;

use crate::components::thread::human_size;
use crate::hooks::attachments::PickedFiles;
use crate::i18n::{fill, Text};
use crate::state::attachments::ACCEPTED_TYPES;
use crate::state::locale::I18n;

/// Each file picked, with its preview and a button that removes it.
#[component]
pub(super) fn PickedList(files: PickedFiles) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    view! {
        <ul class="composer-files">
            <For each=move || files.list.get() key=|p| p.key let(picked)>
                {
                    let key = picked.key;
                    let name = picked.file.name();
                    let label = format!("{name} ({})", human_size(picked.file.size() as u64));
                    view! {
                        <li class="composer-file" data-testid="composer-file">
                            {picked.preview.clone().map(|url| view! { <img src=url alt="" /> })}
                            <span>{label}</span>
                            <button
                                type="button"
                                class="button-quiet"
                                aria-label=move || fill(i18n.t(Text::RemoveAttachment), &[("name", &name)])
                                on:click=move |_| files.remove(key)
                            >
                                "×"
                            </button>
                        </li>
                    }
                }
            </For>
        </ul>
    }
}

/// The attach button and the file picker it opens.
#[component]
pub(super) fn AttachButton(files: PickedFiles) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let picker = NodeRef::<html::Input>::new();
    let on_pick = move |ev: leptos::ev::Event| {
        let input = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
        if let Some(input) = input {
            files.add(input.files());
            // The same file may be picked again after removing it.
            input.set_value("");
        }
    };
    view! {
        <input
            type="file"
            multiple
            class="visually-hidden"
            node_ref=picker
            accept=ACCEPTED_TYPES.join(",")
            data-testid="composer-file-input"
            aria-label=i18n.text(Text::AttachFiles)
            tabindex="-1"
            on:change=on_pick
        />
        <button
            type="button"
            class="button-quiet"
            data-testid="composer-attach"
            on:click=move |_| {
                if let Some(input) = picker.get_untracked() {
                    input.click();
                }
            }
        >
            <IconSvg icon=Icon::Attach />
            <span class="button-label">{i18n.text(Text::Attach)}</span>
        </button>
    }
}
