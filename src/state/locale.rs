//! The admin's language: the deployment's default until they pick one, which
//! is then remembered on this device.

use leptos::prelude::*;

use crate::browser::storage::{self, Area};
use crate::i18n::{t, Locale, Text};

const STORAGE_KEY: &str = "mesa.locale";

#[derive(Clone, Copy)]
pub struct I18n {
    locale: RwSignal<Locale>,
}

impl I18n {
    /// The stored choice if there is a valid one, else `default`.
    pub fn restore(default: Locale) -> Self {
        let locale = storage::get(Area::Local, STORAGE_KEY)
            .and_then(|tag| Locale::from_tag(&tag))
            .unwrap_or(default);
        let i18n = Self::with_locale(locale);
        crate::browser::set_document_lang(locale.tag());
        i18n
    }

    pub fn with_locale(locale: Locale) -> Self {
        Self {
            locale: RwSignal::new(locale),
        }
    }

    /// `text` in the admin's language, as a view or an attribute that
    /// follows a change of language. Use it rather than
    /// `move || i18n.t(…)`: every closure is a type of its own, drawn by its
    /// own copy of the framework's code, while this is one type for all
    /// texts (the first load is budgeted).
    pub fn text(self, text: Text) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
        move || self.t(text)
    }

    pub fn locale(&self) -> Locale {
        self.locale.get()
    }

    pub fn locale_untracked(&self) -> Locale {
        self.locale.get_untracked()
    }

    pub fn set(&self, locale: Locale) {
        storage::set(Area::Local, STORAGE_KEY, locale.tag());
        crate::browser::set_document_lang(locale.tag());
        self.locale.set(locale);
    }

    /// A text in the current language; reactive when read inside a view.
    pub fn t(&self, text: Text) -> &'static str {
        t(self.locale.get(), text)
    }
}
