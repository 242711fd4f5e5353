//! Initials and a stable colour for a person, so a row is recognised at a
//! glance: the same name always gets the same colour, on every screen.

/// How many avatar colours the tokens define (`--avatar-0` … `--avatar-7`).
pub const HUES: u32 = 8;

/// Up to two initials: the first letters of the first and last words.
pub fn initials(name: &str) -> String {
    let mut words = name.split_whitespace().filter_map(|w| w.chars().next());
    let first = words.next();
    let last = words.next_back();
    first
        .into_iter()
        .chain(last)
        .flat_map(char::to_uppercase)
        .collect()
}

/// A colour index from the name (FNV-1a), the same on every device.
pub fn hue(name: &str) -> u32 {
    let hash = name.trim().bytes().fold(0x811c_9dc5_u32, |hash, byte| {
        (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
    });
    hash % HUES
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_come_from_the_first_and_last_words() {
        assert_eq!(initials("María López"), "ML");
        assert_eq!(initials("  ana  de la cruz "), "AC");
        assert_eq!(initials("Öscar"), "Ö");
        assert_eq!(initials("   "), "");
    }

    #[test]
    fn a_name_keeps_its_colour_and_names_spread_over_all_colours() {
        assert_eq!(hue("María López"), hue("María López"));
        assert_eq!(hue("María López"), hue(" María López "));
        let used: std::collections::HashSet<u32> =
            (0..200).map(|i| hue(&format!("Cliente {i}"))).collect();
        assert_eq!(used.len(), HUES as usize);
    }
}
