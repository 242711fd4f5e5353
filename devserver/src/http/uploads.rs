//! Message bodies from the apps: JSON `{message}` or multipart with
//! `attachments[]`, with the size and type limits a Laravel backend enforces.

use std::path::Path;

use axum::extract::{FromRequest, Multipart, Request};
use axum::http::header::CONTENT_TYPE;
use axum::Json;
use rand::distr::Alphanumeric;
use rand::Rng;
use serde_json::Value;

use super::error::HttpError;
use super::AppState;
use crate::db::writes::NewAttachment;

pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;
pub const MAX_FILES: usize = 5;
pub const ALLOWED_TYPES: [&str; 5] = [
    "image/jpeg",
    "image/png",
    "image/gif",
    "image/webp",
    "application/pdf",
];
/// Where attachments are served from; `/{id}/{file name}` follows.
pub const URL_BASE: &str = "/storage/attachments";

pub struct Upload {
    pub file_name: String,
    pub mime_type: String,
    pub bytes: Vec<u8>,
}

/// The fields of a message or new-ticket request, from JSON or multipart.
#[derive(Default)]
pub struct MessageInput {
    pub fields: serde_json::Map<String, Value>,
    pub uploads: Vec<Upload>,
}

impl MessageInput {
    /// The message text, trimmed; `None` when absent or blank.
    pub fn text(&self) -> Result<Option<String>, HttpError> {
        match self.fields.get("message") {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.trim().to_string()).filter(|s| !s.is_empty())),
            Some(_) => Err(HttpError::invalid(
                "message",
                "El campo mensaje debe ser texto.",
            )),
        }
    }

    pub fn field_str(&self, name: &str) -> Option<String> {
        match self.fields.get(name)? {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }
}

impl FromRequest<AppState> for MessageInput {
    type Rejection = HttpError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let content_type = request
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_ascii_lowercase();
        if content_type.starts_with("multipart/form-data") {
            let multipart = Multipart::from_request(request, state)
                .await
                .map_err(|_| HttpError::invalid("attachments", "El formulario no es válido."))?;
            return read_multipart(multipart).await;
        }
        let Json(value) = Json::<Value>::from_request(request, state)
            .await
            .map_err(|_| {
                HttpError::invalid("message", "El cuerpo debe ser JSON o multipart/form-data.")
            })?;
        match value {
            Value::Object(fields) => Ok(MessageInput {
                fields,
                uploads: Vec::new(),
            }),
            _ => Err(HttpError::invalid(
                "message",
                "El cuerpo debe ser un objeto JSON.",
            )),
        }
    }
}

async fn read_multipart(mut multipart: Multipart) -> Result<MessageInput, HttpError> {
    let mut input = MessageInput::default();
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(error) if error.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE => {
                return Err(HttpError::TooLarge);
            }
            Err(_) => {
                return Err(HttpError::invalid(
                    "attachments",
                    "El formulario no es válido.",
                ))
            }
        };
        let name = field.name().unwrap_or_default().to_string();
        if name == "attachments[]" || name == "attachments" {
            if input.uploads.len() == MAX_FILES {
                return Err(HttpError::invalid(
                    "attachments",
                    format!("No se permiten más de {MAX_FILES} archivos."),
                ));
            }
            let file_name = field
                .file_name()
                .map(sanitize_file_name)
                .unwrap_or_else(|| "archivo".into());
            let mime_type = field
                .content_type()
                .unwrap_or("application/octet-stream")
                .to_ascii_lowercase();
            let bytes = field.bytes().await.map_err(|e| {
                if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                    HttpError::TooLarge
                } else {
                    HttpError::invalid("attachments", "No se pudo leer el archivo.")
                }
            })?;
            if bytes.len() > MAX_FILE_BYTES {
                return Err(HttpError::TooLarge);
            }
            if !ALLOWED_TYPES.contains(&mime_type.as_str()) {
                return Err(HttpError::invalid(
                    "attachments",
                    "Los archivos deben ser imágenes (JPEG, PNG, GIF, WebP) o PDF.",
                ));
            }
            input.uploads.push(Upload {
                file_name,
                mime_type,
                bytes: bytes.to_vec(),
            });
        } else {
            let text = field
                .text()
                .await
                .map_err(|_| HttpError::invalid("message", "El formulario no es válido."))?;
            input.fields.insert(name, Value::String(text));
        }
    }
    Ok(input)
}

/// Keeps the name a person gave the file, without path parts or control characters.
fn sanitize_file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = base.chars().filter(|c| !c.is_control()).take(200).collect();
    if clean.trim().is_empty() || clean == "." || clean == ".." {
        "archivo".into()
    } else {
        clean
    }
}

/// Writes the uploads to disk under random names; the database keeps the originals.
pub fn store(dir: &Path, uploads: &[Upload]) -> Result<Vec<NewAttachment>, HttpError> {
    std::fs::create_dir_all(dir).map_err(|e| HttpError::Internal(format!("uploads dir: {e}")))?;
    uploads
        .iter()
        .map(|upload| {
            let stored_as: String = rand::rng()
                .sample_iter(&Alphanumeric)
                .take(32)
                .map(char::from)
                .collect();
            std::fs::write(dir.join(&stored_as), &upload.bytes)
                .map_err(|e| HttpError::Internal(format!("cannot store upload: {e}")))?;
            Ok(NewAttachment {
                url_base: URL_BASE.to_string(),
                file_name: upload.file_name.clone(),
                mime_type: upload.mime_type.clone(),
                file_size: upload.bytes.len() as i64,
                stored_as,
            })
        })
        .collect()
}

/// Removes stored uploads that no message will own (best effort: a leftover
/// file is only disk space).
pub fn discard(dir: &Path, attachments: &[NewAttachment]) {
    for attachment in attachments {
        let _ = std::fs::remove_file(dir.join(&attachment.stored_as));
    }
}

#[cfg(test)]
mod tests {
    use super::sanitize_file_name;

    #[test]
    fn file_names_lose_paths_and_control_characters() {
        assert_eq!(sanitize_file_name("../../etc/passwd"), "passwd");
        assert_eq!(sanitize_file_name("C:\\fotos\\recibo.jpg"), "recibo.jpg");
        assert_eq!(sanitize_file_name("a\u{0}b\nc.pdf"), "abc.pdf");
        assert_eq!(sanitize_file_name(".."), "archivo");
        assert_eq!(
            sanitize_file_name("<img src=x onerror=alert(1)>.png"),
            "<img src=x onerror=alert(1)>.png"
        );
    }
}
