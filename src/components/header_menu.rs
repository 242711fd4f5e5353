//! The top bar's less used controls: in line on wide screens, folded behind
//! a menu button on phones, where the bar cannot hold them all.

use leptos::ev::{FocusEvent, KeyboardEvent};
use leptos::html;
use leptos::prelude::*;

use crate::components::icon::{Icon, IconSvg};
use wasm_bindgen::JsCast;

use crate::i18n::Text;
use crate::state::locale::I18n;

#[component]
pub fn HeaderMenu(children: Children) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let open = RwSignal::new(false);
    let menu = NodeRef::<html::Div>::new();
    let toggle = NodeRef::<html::Button>::new();
    let inside = move |target: Option<web_sys::EventTarget>| {
        let node = target.and_then(|t| t.dyn_into::<web_sys::Node>().ok());
        menu.get_untracked()
            .is_some_and(|menu| node.is_some_and(|n| menu.contains(Some(&n))))
    };
    // A press anywhere else, or the focus moving on, folds it away.
    let outside = window_event_listener(leptos::ev::pointerdown, move |ev| {
        if open.get_untracked() && !inside(ev.target()) {
            open.set(false);
        }
    });
    on_cleanup(move || outside.remove());
    let on_focusout = move |ev: FocusEvent| {
        if ev.related_target().is_some() && !inside(ev.related_target()) {
            open.set(false);
        }
    };
    let on_keydown = move |ev: KeyboardEvent| {
        if ev.key() == "Escape" && open.get_untracked() {
            ev.stop_propagation();
            open.set(false);
            if let Some(button) = toggle.get_untracked() {
                let _ = button.focus();
            }
        }
    };
    view! {
        <div class="header-menu" class:header-menu-open=open node_ref=menu on:keydown=on_keydown on:focusout=on_focusout>
            <button type="button" class="button-quiet header-menu-toggle" id="header-menu-toggle" node_ref=toggle
                data-testid="header-menu-toggle" aria-expanded=move || open.get().to_string() aria-controls="header-menu"
                on:click=move |_| open.update(|o| *o = !*o)>
                <IconSvg icon=Icon::Menu />
                <span class="visually-hidden">{i18n.text(Text::Menu)}</span>
            </button>
            <div class="header-menu-panel" id="header-menu" data-testid="header-menu">
                {children()}
            </div>
        </div>
    }
}
