//! The keyboard shortcuts help: opened with `?` or its button, it lists
//! every shortcut and holds the setting that turns the single-key ones off.

use leptos::ev::KeyboardEvent;
use leptos::prelude::*;

use crate::browser::focus;
use crate::components::dialog::Dialog;
use crate::i18n::Text;
use crate::state::locale::I18n;
use crate::state::shortcuts::{is_shortcut, Shortcut, Shortcuts, SINGLE_KEY, WRITING};

/// Opens the help: for mice, touch, and whoever does not know `?`.
#[component]
pub fn ShortcutsButton() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let shortcuts = expect_context::<Shortcuts>();
    view! {
        <button type="button" class="button-quiet shortcuts-open" data-testid="shortcuts-open"
            aria-haspopup="dialog" aria-keyshortcuts=move || shortcuts.enabled().then_some("?")
            title=i18n.text(Text::ShortcutsTitle) on:click=move |_| shortcuts.help_open.set(true)>
            <span class="shortcuts-open-icon" aria-hidden="true">"?"</span>
            <span class="header-menu-label">{i18n.text(Text::ShortcutsTitle)}</span>
        </button>
    }
}

/// Listens for `?` (while single-key shortcuts are on) and shows the help.
#[component]
pub fn ShortcutsHelp() -> impl IntoView {
    let shortcuts = expect_context::<Shortcuts>();
    let keys = window_event_listener(leptos::ev::keydown, move |ev: KeyboardEvent| {
        if ev.key() == "?" && is_shortcut(&ev, Some(shortcuts)) {
            ev.prevent_default();
            shortcuts.help_open.set(true);
        }
    });
    on_cleanup(move || keys.remove());
    view! {
        <Show when=move || shortcuts.help_open.get()>
            <HelpDialog />
        </Show>
    }
}

#[component]
fn HelpDialog() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let shortcuts = expect_context::<Shortcuts>();
    // Given back on closing; when that control has folded away with the
    // phone's header menu, the menu's button takes it.
    let opener = StoredValue::new_local(focus::focused_element());
    let close = move || {
        let back = opener.get_value();
        shortcuts.help_open.set(false);
        request_animation_frame(move || {
            if !back.is_some_and(|el| focus::focus_element(&el)) {
                focus::focus_now("#header-menu-toggle");
            }
        });
    };
    let off = Signal::derive(move || !shortcuts.enabled());
    view! {
        <Dialog labelled_by="shortcuts-title" class="shortcuts-help" testid="shortcuts-help"
            on_close=Callback::new(move |()| close())>
            <header class="dialog-header">
                <h2 id="shortcuts-title">{i18n.text(Text::ShortcutsTitle)}</h2>
                <button type="button" class="button-quiet" data-testid="shortcuts-close" on:click=move |_| close()>
                    {i18n.text(Text::ShortcutsClose)}
                </button>
            </header>
            <label class="checkbox shortcuts-setting">
                <input type="checkbox" data-testid="shortcuts-enabled" aria-describedby="shortcuts-setting-hint"
                    prop:checked=move || shortcuts.enabled()
                    on:change=move |ev| shortcuts.set_enabled(event_target_checked(&ev)) />
                <span>{i18n.text(Text::ShortcutsEnabled)}</span>
            </label>
            <p class="muted shortcuts-hint" id="shortcuts-setting-hint">{i18n.text(Text::ShortcutsEnabledHint)}</p>
            <ShortcutGroup title=Text::ShortcutsDesk list=SINGLE_KEY off=off />
            <ShortcutGroup title=Text::ShortcutsWriting list=WRITING off=Signal::stored(false) />
        </Dialog>
    }
}

/// One group of the help: each shortcut's keys and what they do.
#[component]
fn ShortcutGroup(title: Text, list: &'static [Shortcut], off: Signal<bool>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    view! {
        <section class="shortcuts-group" class:shortcuts-group-off=off>
            <h3>{move || i18n.t(title)}</h3>
            <Show when=move || off.get()>
                <p class="shortcuts-off" data-testid="shortcuts-off">{i18n.text(Text::ShortcutsOff)}</p>
            </Show>
            <dl class="shortcuts-list">
                {list.iter().map(|shortcut| view! {
                    <div class="shortcut" data-testid="shortcut" data-keys=shortcut.keys.join("+")>
                        <dt>{keys(shortcut.keys)}</dt>
                        <dd>{move || i18n.t(shortcut.what)}</dd>
                    </div>
                }).collect_view()}
            </dl>
        </section>
    }
}

/// `Shift` + `Enter`: each key a `<kbd>`, joined by a plus.
fn keys(keys: &'static [&'static str]) -> impl IntoView {
    keys.iter()
        .enumerate()
        .map(|(index, key)| view! { {(index > 0).then_some(" + ")}<kbd>{*key}</kbd> })
        .collect_view()
}
