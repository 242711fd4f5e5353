//! Reading JSON text into typed values, always through a `serde_json::Value`.
//!
//! Live events arrive as `Value`s; reading REST answers and stored state the
//! same way gives every type one deserializer in the wasm instead of two (one
//! per reader), which the first load pays for (issue 15). The extra pass over
//! a `Value` costs microseconds for the sizes the panel reads.

use serde::de::DeserializeOwned;
use serde_json::Value;

/// `serde_json::from_str`, through a `Value`.
pub fn from_text<T: DeserializeOwned>(text: &str) -> serde_json::Result<T> {
    from_value(&serde_json::from_str::<Value>(text)?)
}

/// `serde_json::from_value` without taking the value: the same deserializer
/// as `from_text`.
pub fn from_value<T: DeserializeOwned>(value: &Value) -> serde_json::Result<T> {
    T::deserialize(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_text_and_values_alike_and_reports_what_is_wrong() {
        let read: Vec<u32> = from_text("[1, 2]").unwrap();
        assert_eq!(read, vec![1, 2]);
        assert_eq!(
            from_value::<Vec<u32>>(&serde_json::json!([1, 2])).unwrap(),
            read
        );
        assert!(from_text::<Vec<u32>>("[1,").unwrap_err().is_eof());
        assert!(from_text::<Vec<u32>>(r#"["a"]"#).unwrap_err().is_data());
    }
}
