//! `cargo xtask size --why`: twiggy's list of the wasm's items, summed by
//! crate and listed by size, so each change shows where its bytes went.

use std::collections::HashMap;

/// One item of the wasm (a function, a data segment, …) and its own size.
#[derive(Debug, PartialEq, Eq)]
pub struct Item {
    pub name: String,
    pub bytes: u64,
}

/// Reads `twiggy top --format csv`: a header naming `Name` and `ShallowSize`,
/// then one line per item (names may be quoted and hold commas).
pub fn parse_twiggy_csv(text: &str) -> Vec<Item> {
    let mut lines = text.lines();
    let Some(header) = lines.next().map(fields) else {
        return Vec::new();
    };
    let column = |wanted: &str| header.iter().position(|h| h == wanted);
    let (Some(name), Some(size)) = (column("Name"), column("ShallowSize")) else {
        return Vec::new();
    };
    lines
        .map(fields)
        .filter_map(|row| {
            Some(Item {
                name: row.get(name)?.clone(),
                bytes: row.get(size)?.parse().ok()?,
            })
        })
        .collect()
}

/// Splits one CSV line; `"…"` quotes, `""` a quote inside them.
fn fields(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(std::mem::take(&mut field)),
            (c, _) => field.push(c),
        }
    }
    out.push(field);
    out
}

/// The crate an item comes from: the first path segment of its name
/// (`<serde_json::de::X as …>::f` → `serde_json`); items without a path
/// (data segments, tables, sections) by their kind (`data[12]` → `data`).
pub fn crate_of(name: &str) -> String {
    let name = name.trim_start_matches(['<', '&', '*', ' ']);
    let name = name.strip_prefix("mut ").unwrap_or(name);
    let head = match name.find("::") {
        // `T as tachys::…`: the path's crate is the last word before `::`.
        Some(end) => name[..end].rsplit(' ').next().unwrap_or(name),
        None => name.split([' ', '(']).next().unwrap_or(name),
    };
    // `core[c5930c85a12de822]`, `data[0]`: the disambiguator or index goes.
    head.split('[').next().unwrap_or(head).to_string()
}

/// Custom sections (names, producers) are read by twiggy but stripped by
/// wasm-opt: they are never downloaded.
fn is_custom_section(name: &str) -> bool {
    name.starts_with('"')
}

/// The report: the `crates` largest crates, then the `items` largest items.
pub fn report(items: &[Item], crates: usize, largest: usize) -> String {
    let items: Vec<&Item> = items
        .iter()
        .filter(|i| !is_custom_section(&i.name))
        .collect();
    let total: u64 = items.iter().map(|i| i.bytes).sum::<u64>().max(1);
    let mut by_crate: HashMap<String, (u64, usize)> = HashMap::new();
    for item in &items {
        let entry = by_crate.entry(crate_of(&item.name)).or_default();
        entry.0 += item.bytes;
        entry.1 += 1;
    }
    let mut by_crate: Vec<_> = by_crate.into_iter().collect();
    by_crate.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(&b.0)));
    let percent = |bytes: u64| bytes as f64 * 100.0 / total as f64;
    let mut out = format!(
        "{:<32} {:>10} {:>7} {:>7}\n",
        "crate", "bytes", "%", "items"
    );
    for (name, (bytes, count)) in by_crate.iter().take(crates) {
        out += &format!(
            "{name:<32} {bytes:>10} {:>6.1}% {count:>7}\n",
            percent(*bytes)
        );
    }
    let mut sorted = items;
    sorted.sort_by(|a, b| b.bytes.cmp(&a.bytes).then(a.name.cmp(&b.name)));
    out += &format!("\n{:>10} {:>7}  item\n", "bytes", "%");
    for item in sorted.into_iter().take(largest) {
        let name: String = item.name.chars().take(110).collect();
        out += &format!("{:>10} {:>6.2}%  {name}\n", item.bytes, percent(item.bytes));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const CSV: &str = "Name,ShallowSize,ShallowSizePercent\n\
        \"<serde_json::de::Deserializer<R> as serde::de::Deserializer>::deserialize_map::h1, with comma\",600,6.0\n\
        mesa::realtime::machine::Connection::step::h2,2000,20.0\n\
        \"data[0]\",300,3.0\n\
        \"\"\"function names\"\" subsection\",9000,90.0\n\
        leptos::view::h3,100,1.0\n\
        mesa::pages::desk::DeskPage::h4,1000,10.0\n";

    #[test]
    fn twiggy_rows_are_read_with_quoted_commas() {
        let items = parse_twiggy_csv(CSV);
        assert_eq!(items.len(), 6);
        assert_eq!(items[0].bytes, 600);
        assert!(items[0].name.ends_with("with comma"));
        assert!(parse_twiggy_csv("").is_empty());
        assert!(parse_twiggy_csv("Other,Header\nx,1\n").is_empty());
    }

    #[test]
    fn items_are_summed_by_crate_and_listed_largest_first() {
        assert_eq!(crate_of("<serde_json::de::X as serde::Y>::f"), "serde_json");
        assert_eq!(crate_of("data[12]"), "data");
        assert_eq!(crate_of("<&mut leptos::A as B>::f"), "leptos");
        assert_eq!(crate_of("<T as tachys::view::Render>::build"), "tachys");
        assert_eq!(crate_of("core[c5930c85a12de822]::fmt::write"), "core");
        let report = report(&parse_twiggy_csv(CSV), 2, 2);
        let lines: Vec<&str> = report.lines().collect();
        assert!(
            lines[1].starts_with("mesa") && lines[1].contains("3000"),
            "{report}"
        );
        assert!(lines[2].starts_with("serde_json"), "{report}");
        // Header, 2 crates, a blank line, header, 2 items.
        assert_eq!(lines.len(), 1 + 2 + 1 + 1 + 2, "{report}");
        assert!(report.contains("Connection::step"));
        assert!(
            !report.contains("leptos::view"),
            "only the 2 largest items: {report}"
        );
    }
}
