//! How tall the inbox's rows are: two lines (the default) or one, each
//! admin's own preference (`state::preference`).

use leptos::prelude::*;

use crate::state::preference::Preference;

/// Where each admin's choice is kept.
const SETTING: Preference = Preference::new("density");
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
        let stored = SETTING.read(admin_id);
        self.admin.set(admin_id);
        self.density.set(Density::from_stored(stored.as_deref()));
    }

    pub fn get(&self) -> Density {
        self.density.get()
    }

    pub fn set(&self, density: Density) {
        let stored = (density == Density::Compact).then_some(COMPACT);
        SETTING.write(self.admin.get_untracked(), stored);
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
}
