//! Percent-encoding of URL query values (RFC 3986: `/` may stay as it is,
//! which keeps `?next=/tickets/42` readable), and reading a query back.

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

/// A query value as written in a URL: `+` is a space, `%XX` a byte; bytes
/// that are not UTF-8, or a `%` not followed by two hex digits, are kept as
/// they came rather than dropped (the address bar is untrusted input).
pub fn decode(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        let hex = |i: usize| bytes.get(i).and_then(|b| (*b as char).to_digit(16));
        match bytes[at] {
            b'+' => out.push(b' '),
            b'%' => match (hex(at + 1), hex(at + 2)) {
                (Some(high), Some(low)) => {
                    out.push((high * 16 + low) as u8);
                    at += 2;
                }
                _ => out.push(b'%'),
            },
            byte => out.push(byte),
        }
        at += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| value.to_string())
}

/// The pairs of a query string (without its `?`), decoded, in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QueryMap(Vec<(String, String)>);

impl QueryMap {
    pub fn parse(search: &str) -> Self {
        let search = search.strip_prefix('?').unwrap_or(search);
        Self(
            search
                .split('&')
                .filter(|pair| !pair.is_empty())
                .map(|pair| match pair.split_once('=') {
                    Some((key, value)) => (decode(key), decode(value)),
                    None => (decode(pair), String::new()),
                })
                .collect(),
        )
    }

    /// The first value of `key`.
    pub fn get(&self, key: &str) -> Option<String> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_reads_back_what_encode_wrote_and_survives_garbage() {
        for value in ["Ana López", "50%+x#", "/tickets/4?a=b&c", "ñ😀"] {
            assert_eq!(decode(&encode(value)), value);
        }
        let query = QueryMap::parse("?q=Ana+L%C3%B3pez&tag=vip&flag&q=second&bad=%zz%4&bytes=%FF");
        assert_eq!(
            query.get("q").as_deref(),
            Some("Ana López"),
            "the first wins"
        );
        assert_eq!(query.get("tag").as_deref(), Some("vip"));
        assert_eq!(query.get("flag").as_deref(), Some(""));
        assert_eq!(query.get("bad").as_deref(), Some("%zz%4"));
        assert_eq!(
            query.get("bytes").as_deref(),
            Some("%FF"),
            "not UTF-8: as it came"
        );
        assert_eq!(query.get("missing"), None);
        assert_eq!(QueryMap::parse(""), QueryMap::default());
    }

    #[test]
    fn reserved_and_non_ascii_bytes_are_escaped() {
        assert_eq!(encode("/tickets/4?a=b&c"), "/tickets/4%3Fa%3Db%26c");
        assert_eq!(encode("Ana López"), "Ana%20L%C3%B3pez");
        assert_eq!(encode("50%+x#"), "50%25%2Bx%23");
    }
}
