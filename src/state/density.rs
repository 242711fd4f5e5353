//! How tall the inbox's rows are: two lines (the default) or one, the
//! admin's choice. A preference, not the admin's words: it stays on the
//! device, per admin, after signing out.

use leptos::prelude::*;

use crate::browser::storage::{self, Area};

const PREFIX: &str = "mesa.density.";
const COMPACT: &str = "compact";

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Density {
    /// Two lines: customer, subject and time; preview and chips.
    #[default]
    Comfortable,
    /// One line per row.
    Compact,
}

impl Density {
    /// A row's height; the stylesheet's `--row-height` says the same.
    pub fn row_height_px(self) -> i32 {
        match self {
            Density::Comfortable => 52,
            Density::Compact => 32,
        }
    }

    fn from_stored(stored: Option<&str>) -> Self {
        match stored {
            Some(COMPACT) => Density::Compact,
            _ => Density::Comfortable,
        }
    }
}

fn storage_key(admin_id: u64) -> String {
    format!("{PREFIX}{admin_id}")
}

/// The signed-in admin's density, shared through context.
#[derive(Clone, Copy)]
pub struct RowDensity {
    density: RwSignal<Density>,
    admin: RwSignal<Option<u64>>,
}

impl RowDensity {
    pub fn new() -> Self {
        Self {
            density: RwSignal::new(Density::Comfortable),
            admin: RwSignal::new(None),
        }
    }

    /// The density where a component may live outside the shell.
    pub fn current() -> Signal<Density> {
        match use_context::<RowDensity>() {
            Some(setting) => setting.density.into(),
            None => Signal::stored(Density::Comfortable),
        }
    }

    /// Reads the choice of the admin now signed in.
    pub fn follow_admin(&self, admin_id: Option<u64>) {
        let stored = admin_id.and_then(|id| storage::get(Area::Local, &storage_key(id)));
        self.admin.set(admin_id);
        self.density.set(Density::from_stored(stored.as_deref()));
    }

    pub fn get(&self) -> Density {
        self.density.get()
    }

    pub fn set(&self, density: Density) {
        if let Some(id) = self.admin.get_untracked() {
            match density {
                Density::Compact => storage::set(Area::Local, &storage_key(id), COMPACT),
                Density::Comfortable => storage::remove(Area::Local, &storage_key(id)),
            }
        }
        self.density.set(density);
    }
}

impl Default for RowDensity {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_two_lines_unless_the_admin_chose_one() {
        assert_eq!(Density::from_stored(None), Density::Comfortable);
        assert_eq!(Density::from_stored(Some("other")), Density::Comfortable);
        assert_eq!(Density::from_stored(Some(COMPACT)), Density::Compact);
        assert!(Density::Compact.row_height_px() < Density::Comfortable.row_height_px());
    }

    #[test]
    fn each_admin_has_a_key_of_their_own_that_sign_out_keeps() {
        assert_eq!(storage_key(2), "mesa.density.2");
        assert!(!storage_key(2).starts_with("mesa.draft."));
    }
}
