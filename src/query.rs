//! Percent-encoding of URL query values (RFC 3986: `/` may stay as it is,
//! which keeps `?next=/tickets/42` readable).

pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::encode;

    #[test]
    fn reserved_and_non_ascii_bytes_are_escaped() {
        assert_eq!(encode("/tickets/4?a=b&c"), "/tickets/4%3Fa%3Db%26c");
        assert_eq!(encode("Ana López"), "Ana%20L%C3%B3pez");
        assert_eq!(encode("50%+x#"), "50%25%2Bx%23");
    }
}
