//! Which files an admin may attach to a reply. The backend enforces the same
//! limits; checking here first saves a doomed upload on a slow line.

use crate::i18n::{fill, t, Locale, Text};

pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;
pub const MAX_FILES: usize = 5;
pub const ACCEPTED_TYPES: [&str; 5] = [
    "image/jpeg",
    "image/png",
    "image/gif",
    "image/webp",
    "application/pdf",
];

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AttachmentError {
    TooLarge { name: String },
    WrongType { name: String },
    TooMany,
}

impl AttachmentError {
    pub fn message(&self, locale: Locale) -> String {
        match self {
            AttachmentError::TooLarge { name } => {
                fill(t(locale, Text::AttachmentTooLarge), &[("name", name)])
            }
            AttachmentError::WrongType { name } => {
                fill(t(locale, Text::AttachmentWrongType), &[("name", name)])
            }
            AttachmentError::TooMany => fill(
                t(locale, Text::AttachmentTooMany),
                &[("max", &MAX_FILES.to_string())],
            ),
        }
    }
}

/// Whether one more file may join `already` attached files.
pub fn check(
    name: &str,
    mime_type: &str,
    size: u64,
    already: usize,
) -> Result<(), AttachmentError> {
    if already >= MAX_FILES {
        return Err(AttachmentError::TooMany);
    }
    if !ACCEPTED_TYPES.contains(&mime_type.to_ascii_lowercase().as_str()) {
        return Err(AttachmentError::WrongType {
            name: name.to_string(),
        });
    }
    if size > MAX_FILE_BYTES {
        return Err(AttachmentError::TooLarge {
            name: name.to_string(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_and_pdfs_up_to_the_limits_are_accepted() {
        assert_eq!(check("recibo.png", "image/png", 1_000, 0), Ok(()));
        assert_eq!(
            check("factura.pdf", "application/PDF", MAX_FILE_BYTES, 4),
            Ok(())
        );
    }

    #[test]
    fn everything_else_is_refused_with_a_reason() {
        assert_eq!(
            check("big.jpg", "image/jpeg", MAX_FILE_BYTES + 1, 0),
            Err(AttachmentError::TooLarge {
                name: "big.jpg".into()
            })
        );
        assert_eq!(
            check("page.html", "text/html", 10, 0),
            Err(AttachmentError::WrongType {
                name: "page.html".into()
            })
        );
        assert_eq!(
            check("x.png", "image/png", 10, MAX_FILES),
            Err(AttachmentError::TooMany)
        );
        assert!(AttachmentError::TooMany.message(Locale::En).contains('5'));
    }
}
