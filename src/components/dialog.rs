//! A modal dialog: its backdrop, the focus taken on opening, Tab kept
//! inside, Escape to close. The panel's one-key shortcuts stay out of it.

use leptos::html;
use leptos::prelude::*;

/// `first` takes the focus on opening (a question's default answer); without
/// it the dialog itself does, so a screen reader starts at its title.
#[component]
pub fn Dialog(
    /// The id of the element naming the dialog.
    labelled_by: &'static str,
    /// Classes beside `dialog`.
    #[prop(optional)]
    class: &'static str,
    testid: &'static str,
    /// A question that must be answered (`alertdialog`) rather than a window.
    #[prop(optional)]
    alert: bool,
    #[prop(optional)] first: Option<NodeRef<html::Button>>,
    on_close: Callback<()>,
    children: Children,
) -> impl IntoView {
    let dialog = NodeRef::<html::Div>::new();
    Effect::new(move |_| {
        // A focus the browser refuses leaves it where it was: nothing to say.
        let _ = match first {
            Some(button) => button.get().map(|b| b.focus()),
            None => dialog.get().map(|d| d.focus()),
        };
    });
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        ev.stop_propagation();
        match (ev.key().as_str(), dialog.get_untracked()) {
            ("Escape", _) => on_close.run(()),
            (_, Some(el)) => crate::browser::focus::keep_tab_inside(&ev, &el),
            _ => {}
        }
    };
    view! {
        <div class="dialog-backdrop">
            <div class=format!("dialog {class}") role=if alert { "alertdialog" } else { "dialog" }
                aria-modal="true" aria-labelledby=labelled_by tabindex="-1" node_ref=dialog
                data-testid=testid on:keydown=on_keydown>
                {children()}
            </div>
        </div>
    }
}
