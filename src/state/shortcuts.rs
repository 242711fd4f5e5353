//! The keyboard shortcuts: every one of them (for the help), and whether the
//! signed-in admin wants the single-key ones.
//!
//! Single-key shortcuts fire on a plain letter, so speech input and stray
//! key presses trigger them too; WCAG 2.1.4 asks that they can be turned
//! off. The choice is a preference, not the admin's words: it stays on the
//! device, per admin, after signing out.

use leptos::ev::KeyboardEvent;
use leptos::prelude::*;

use crate::i18n::Text;

use crate::state::preference::Preference;

/// Where each admin's choice is kept.
const SETTING: Preference = Preference::new("shortcuts");
const OFF: &str = "off";

/// Whether a key press is one for the panel's single-key shortcuts: no
/// modifier, not typed into a field, and shortcuts not turned off.
pub fn is_shortcut(ev: &KeyboardEvent, shortcuts: Option<Shortcuts>) -> bool {
    !(ev.ctrl_key() || ev.meta_key() || ev.alt_key() || crate::browser::typing_in_a_field(ev))
        && shortcuts.is_none_or(|s| s.enabled_untracked())
}

/// One line of the help: the keys as printed, and what they do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shortcut {
    pub keys: &'static [&'static str],
    pub what: Text,
}

const fn key(keys: &'static [&'static str], what: Text) -> Shortcut {
    Shortcut { keys, what }
}

/// The page's single-key shortcuts: these obey the setting.
pub const SINGLE_KEY: &[Shortcut] = &[
    key(&["j"], Text::KeyNext),
    key(&["k"], Text::KeyPrevious),
    key(&["Enter"], Text::KeyOpen),
    key(&["/"], Text::KeySearch),
    key(&["x"], Text::KeySelect),
    key(&["e"], Text::KeyCloseTicket),
    key(&["a"], Text::KeyAssignMe),
    key(&["r"], Text::KeyReply),
    key(&["n"], Text::KeyNote),
    key(&["p"], Text::KeyPriority),
    key(&["t"], Text::KeyTag),
    key(&["z"], Text::KeySnooze),
    key(&["?"], Text::KeyHelp),
];

/// Keys of the reply box and its menus: they act only where the focus is,
/// so they stay on.
pub const WRITING: &[Shortcut] = &[
    key(&["Enter"], Text::KeySend),
    key(&["Shift", "Enter"], Text::KeyNewLine),
    key(&["/"], Text::KeyCanned),
    key(&["@"], Text::KeyMention),
    key(&["↑ ↓"], Text::KeyMenuMove),
    key(&["Esc"], Text::KeyDismiss),
];

/// On unless the admin turned them off: what the panel always did.
fn enabled_from(stored: Option<&str>) -> bool {
    stored != Some(OFF)
}

/// The setting and the help dialog, shared through context.
#[derive(Clone, Copy)]
pub struct Shortcuts {
    enabled: RwSignal<bool>,
    admin: RwSignal<Option<u64>>,
    pub help_open: RwSignal<bool>,
}

impl Shortcuts {
    pub fn new() -> Self {
        Self {
            enabled: RwSignal::new(true),
            admin: RwSignal::new(None),
            help_open: RwSignal::new(false),
        }
    }

    /// Reads the choice of the admin now signed in (none: on).
    pub fn follow_admin(&self, admin_id: Option<u64>) {
        let stored = SETTING.read(admin_id);
        self.admin.set(admin_id);
        self.enabled.set(enabled_from(stored.as_deref()));
    }

    pub fn enabled(&self) -> bool {
        self.enabled.get()
    }

    /// For key handlers, which must not subscribe to anything.
    pub fn enabled_untracked(&self) -> bool {
        self.enabled.try_get_untracked().unwrap_or(true)
    }

    pub fn set_enabled(&self, on: bool) {
        SETTING.write(self.admin.get_untracked(), (!on).then_some(OFF));
        self.enabled.set(on);
    }
}

impl Default for Shortcuts {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortcuts_are_on_unless_turned_off() {
        assert!(enabled_from(None));
        assert!(enabled_from(Some("on")));
        assert!(!enabled_from(Some(OFF)));
    }

    #[test]
    fn the_help_lists_every_single_key_shortcut_once() {
        let keys: Vec<&str> = SINGLE_KEY
            .iter()
            .flat_map(|s| s.keys.iter().copied())
            .collect();
        for expected in [
            "j", "k", "Enter", "/", "x", "e", "a", "r", "n", "p", "t", "z", "?",
        ] {
            assert_eq!(
                keys.iter().filter(|k| **k == expected).count(),
                1,
                "{expected}"
            );
        }
    }
}
