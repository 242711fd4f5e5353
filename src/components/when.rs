//! A moment as every list shows it (`state::clock`), with its full date and
//! time in the tooltip and its ISO form for machines.

use leptos::prelude::*;

use crate::browser::{format_as, local_day, local_time, time_ms, DateStyle};
use crate::i18n::{fill, t, Locale, Text};
use crate::state::clock::{stamp, LocalDay, Stamp};
use crate::state::locale::I18n;

/// `iso` seen from `now` (milliseconds; a shared clock ticks it).
#[component]
pub fn When(#[prop(into)] iso: Signal<String>, #[prop(into)] now: Signal<f64>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let title = move || iso.with(|iso| local_time(iso, i18n.locale().tag()));
    let text = move || iso.with(|iso| short(iso, now.get(), i18n.locale()));
    view! { <time class="when" datetime=iso title=title>{text}</time> }
}

fn short(iso: &str, now_ms: f64, locale: Locale) -> String {
    let Some(then_ms) = time_ms(iso) else {
        return iso.to_string();
    };
    let day = |ms| {
        let (day, year) = local_day(ms);
        LocalDay { day, year }
    };
    let style = match stamp(now_ms, then_ms, day(now_ms), day(then_ms)) {
        Stamp::JustNow => return t(locale, Text::JustNow).to_string(),
        Stamp::MinutesAgo(n) => return fill(t(locale, Text::MinutesAgo), &[("n", &n.to_string())]),
        Stamp::Yesterday => return t(locale, Text::Yesterday).to_string(),
        Stamp::Today => DateStyle::Time,
        Stamp::ThisYear => DateStyle::DayMonth,
        Stamp::Older => DateStyle::DayMonthYear,
    };
    format_as(iso, locale.tag(), style)
}
