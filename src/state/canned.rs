//! Canned replies in the composer: which ones the menu offers for what the
//! admin typed, and the body as inserted, placeholders filled. Pure.
//!
//! Cursor positions are UTF-16 code units, as the browser's
//! `selectionStart` counts them; strings are Rust's UTF-8.

use crate::api::types::CannedReply;

/// What the contract's placeholders stand for in one ticket.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Placeholders {
    pub customer_name: String,
    pub customer_email: String,
    pub admin_name: String,
    pub ticket_id: u64,
    pub ticket_subject: String,
}

impl Placeholders {
    /// The value of a placeholder's name (`customer.name`, …); `None` for
    /// a name the contract does not define.
    fn value(&self, name: &str) -> Option<String> {
        Some(match name {
            "customer.name" => self.customer_name.clone(),
            "customer.first_name" => first_name(&self.customer_name).to_string(),
            "customer.email" => self.customer_email.clone(),
            "admin.name" => self.admin_name.clone(),
            "ticket.id" => self.ticket_id.to_string(),
            "ticket.subject" => self.ticket_subject.clone(),
            _ => return None,
        })
    }
}

/// The first word of a full name ("Ana López" → "Ana").
pub fn first_name(full: &str) -> &str {
    full.split_whitespace().next().unwrap_or("")
}

/// The body with every known `{{placeholder}}` (spaces inside allowed)
/// replaced. Anything else between braces stays as typed, and a value is
/// never read again: a customer named `{{admin.name}}` stays that.
pub fn fill(body: &str, values: &Placeholders) -> String {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let inside = &rest[start + 2..];
        let known = inside
            .find("}}")
            .and_then(|end| values.value(inside[..end].trim()).map(|v| (end, v)));
        match known {
            Some((end, value)) => {
                out.push_str(&value);
                rest = &inside[end + 2..];
            }
            // Not a placeholder: keep one brace and look again after it.
            None => {
                out.push('{');
                rest = &rest[start + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The `/query` being typed: a slash at the start of the text or of a line,
/// then no spaces up to the cursor. Returns where the slash is and the query
/// (both in UTF-16 units for the slash, text for the query).
pub fn slash_query(text: &str, cursor_utf16: u32) -> Option<(u32, String)> {
    let cursor = utf16_to_byte(text, cursor_utf16);
    let line_start = text[..cursor].rfind('\n').map_or(0, |i| i + 1);
    let typed = &text[line_start..cursor];
    let query = typed.strip_prefix('/')?;
    if query.chars().any(char::is_whitespace) {
        return None;
    }
    Some((byte_to_utf16(text, line_start), query.to_string()))
}

/// The replies for a query, best first: shortcut equal, shortcut starting
/// with it, title starting with it, then either containing it. Case and
/// Spanish accents do not matter.
pub fn matching<'a>(replies: &'a [CannedReply], query: &str) -> Vec<&'a CannedReply> {
    let query = fold(query.trim());
    let mut ranked: Vec<(u8, &CannedReply)> = replies
        .iter()
        .filter_map(|reply| {
            let shortcut = fold(&reply.shortcut);
            let title = fold(&reply.title);
            let rank = if shortcut == query {
                0
            } else if shortcut.starts_with(&query) {
                1
            } else if title.starts_with(&query) {
                2
            } else if shortcut.contains(&query) || title.contains(&query) {
                3
            } else {
                return None;
            };
            Some((rank, reply))
        })
        .collect();
    ranked.sort_by(|(ra, a), (rb, b)| ra.cmp(rb).then(a.shortcut.cmp(&b.shortcut)));
    ranked.into_iter().map(|(_, reply)| reply).collect()
}

fn fold(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .map(|c| match c {
            'á' | 'à' | 'ä' => 'a',
            'é' | 'è' | 'ë' => 'e',
            'í' | 'ì' | 'ï' => 'i',
            'ó' | 'ò' | 'ö' => 'o',
            'ú' | 'ù' | 'ü' => 'u',
            'ñ' => 'n',
            other => other,
        })
        .collect()
}

/// The next option of a list of `len` after moving `delta`, wrapping round.
pub fn step(active: usize, len: usize, delta: i32) -> usize {
    if len == 0 {
        return 0;
    }
    let len = len as i64;
    (active as i64 + i64::from(delta)).rem_euclid(len) as usize
}

/// `text` with the UTF-16 range `from..to` replaced by `insert`, and the
/// cursor (UTF-16) right after what was inserted.
pub fn splice(text: &str, from: u32, to: u32, insert: &str) -> (String, u32) {
    let (from, to) = (from.min(to), from.max(to));
    let (start, end) = (utf16_to_byte(text, from), utf16_to_byte(text, to));
    let mut out = String::with_capacity(text.len() + insert.len());
    out.push_str(&text[..start]);
    out.push_str(insert);
    let cursor = byte_to_utf16(&out, out.len());
    out.push_str(&text[end..]);
    (out, cursor)
}

/// The byte offset of a UTF-16 position, clamped to the text and to a
/// character boundary.
fn utf16_to_byte(text: &str, position: u32) -> usize {
    let mut units = 0u32;
    for (byte, c) in text.char_indices() {
        if units >= position {
            return byte;
        }
        units += c.len_utf16() as u32;
    }
    text.len()
}

fn byte_to_utf16(text: &str, byte: usize) -> u32 {
    text[..byte].encode_utf16().count() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values() -> Placeholders {
        Placeholders {
            customer_name: "Ana López".into(),
            customer_email: "ana@example.com".into(),
            admin_name: "Carlos Méndez".into(),
            ticket_id: 456,
            ticket_subject: "No puedo canjear".into(),
        }
    }

    fn reply(id: u64, shortcut: &str, title: &str) -> CannedReply {
        CannedReply {
            id,
            title: title.into(),
            shortcut: shortcut.into(),
            body: String::new(),
            shared: false,
            owner_id: None,
            updated_at: None,
        }
    }

    #[test]
    fn every_contract_placeholder_is_filled() {
        assert_eq!(
            fill(
                "Hola {{customer.first_name}} ({{customer.name}}, {{customer.email}}): soy {{admin.name}}, ticket #{{ticket.id}} «{{ticket.subject}}».",
                &values()
            ),
            "Hola Ana (Ana López, ana@example.com): soy Carlos Méndez, ticket #456 «No puedo canjear»."
        );
        assert_eq!(fill("{{ customer.first_name }}", &values()), "Ana");
    }

    #[test]
    fn unknown_and_broken_placeholders_stay_as_typed() {
        for kept in [
            "{{customer.phone}}",
            "{{ Customer.Name }}",
            "{customer.name}",
            "{{customer.name}",
            "{{customer.name",
            "}}{{",
            "{{}}",
            "{{{{",
            "",
            "sin llaves",
        ] {
            assert_eq!(fill(kept, &values()), kept, "{kept}");
        }
        assert_eq!(fill("{{{customer.name}}}", &values()), "{Ana López}");
        assert_eq!(
            fill("{{x}} {{admin.name}}", &values()),
            "{{x}} Carlos Méndez"
        );
    }

    #[test]
    fn hostile_values_are_inserted_once_and_never_read_again() {
        let hostile = Placeholders {
            customer_name: "{{admin.name}} <script>alert(1)</script>".into(),
            admin_name: "{{ticket.id}}".into(),
            ..values()
        };
        assert_eq!(
            fill("{{customer.name}}|{{admin.name}}", &hostile),
            "{{admin.name}} <script>alert(1)</script>|{{ticket.id}}"
        );
        assert_eq!(fill("{{customer.first_name}}", &hostile), "{{admin.name}}");
        let nobody = Placeholders::default();
        assert_eq!(fill("Hola {{customer.first_name}},", &nobody), "Hola ,");
        // Long and odd input neither panics nor loses text.
        let long = "{{".repeat(10_000) + "ñ{{customer.name}}🙂";
        assert!(fill(&long, &values()).ends_with("ñAna López🙂"));
    }

    #[test]
    fn a_slash_at_the_start_of_the_text_or_a_line_opens_the_menu() {
        assert_eq!(slash_query("/", 1), Some((0, String::new())));
        assert_eq!(slash_query("/hol", 4), Some((0, "hol".into())));
        assert_eq!(slash_query("/hola mundo", 3), Some((0, "ho".into())));
        assert_eq!(slash_query("Hola\n/fac", 9), Some((5, "fac".into())));
        assert_eq!(slash_query("ñú🙂\n/fac", 9), Some((5, "fac".into())));
        assert_eq!(slash_query("/hola mundo", 8), None, "a space ends it");
        assert_eq!(slash_query("y/o", 3), None, "not mid-line");
        assert_eq!(slash_query("hola", 4), None);
        assert_eq!(slash_query("", 0), None);
        assert_eq!(slash_query("/x", 99), Some((0, "x".into())), "clamped");
    }

    #[test]
    fn matches_rank_shortcuts_then_titles_ignoring_case_and_accents() {
        let replies = [
            reply(1, "hola", "Saludo"),
            reply(2, "factura", "Pedir factura"),
            reply(3, "cupon", "Cupón reactivado"),
            reply(4, "holamundo", "Otro"),
            reply(5, "x", "Hola largo"),
        ];
        let ids = |q: &str| {
            matching(&replies, q)
                .iter()
                .map(|r| r.id)
                .collect::<Vec<_>>()
        };
        assert_eq!(ids("hola"), [1, 4, 5]);
        assert_eq!(ids("HOLA"), [1, 4, 5]);
        assert_eq!(ids("cupón"), [3]);
        assert_eq!(ids("REACTIV"), [3]);
        assert_eq!(ids("zzz"), Vec::<u64>::new());
        assert_eq!(ids("").len(), 5);
    }

    #[test]
    fn the_active_option_wraps_round() {
        assert_eq!(step(0, 3, 1), 1);
        assert_eq!(step(2, 3, 1), 0);
        assert_eq!(step(0, 3, -1), 2);
        assert_eq!(step(5, 0, 1), 0);
    }

    #[test]
    fn splicing_replaces_the_typed_query_and_puts_the_cursor_after() {
        assert_eq!(splice("/hol", 0, 4, "Hola Ana"), ("Hola Ana".into(), 8));
        assert_eq!(
            splice("Gracias.\n/fac y más", 9, 13, "¿Factura?"),
            ("Gracias.\n¿Factura? y más".into(), 18)
        );
        assert_eq!(splice("🙂ab", 2, 2, "ñ"), ("🙂ñab".into(), 3));
        assert_eq!(
            splice("ab", 9, 1, "X"),
            ("aX".into(), 2),
            "clamped, any order"
        );
    }
}
