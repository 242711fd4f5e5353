//! A choice an admin makes for themselves on this device (single-key
//! shortcuts, the inbox's density). A preference, not the admin's words: it
//! stays on the device, per admin, after signing out.

use crate::browser::storage::{self, Area};

pub struct Preference {
    /// `mesa.<name>.<admin id>` is where each admin's choice is kept.
    name: &'static str,
}

impl Preference {
    pub const fn new(name: &'static str) -> Self {
        Self { name }
    }

    fn key(&self, admin_id: u64) -> String {
        format!("mesa.{}.{admin_id}", self.name)
    }

    /// The admin's stored choice; `None`: the default (or nobody signed in).
    pub fn read(&self, admin_id: Option<u64>) -> Option<String> {
        admin_id.and_then(|id| storage::get(Area::Local, &self.key(id)))
    }

    /// Keeps the admin's choice; `None` (the default) leaves nothing behind.
    pub fn write(&self, admin_id: Option<u64>, value: Option<&str>) {
        let Some(id) = admin_id else { return };
        match value {
            Some(value) => storage::set(Area::Local, &self.key(id), value),
            None => storage::remove(Area::Local, &self.key(id)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_admin_has_a_key_of_their_own_that_sign_out_keeps() {
        let shortcuts = Preference::new("shortcuts");
        assert_eq!(shortcuts.key(2), "mesa.shortcuts.2");
        assert_ne!(shortcuts.key(2), shortcuts.key(3));
        assert_ne!(shortcuts.key(2), Preference::new("density").key(2));
        // Never mistaken for a draft, which sign-out sweeps away.
        assert!(!shortcuts.key(2).starts_with("mesa.draft."));
    }
}
