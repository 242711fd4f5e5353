//! Message bodies from the apps: JSON `{message}` or multipart with
//! `attachments[]`, with the size and type limits a Laravel backend enforces.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use axum::extract::multipart::{Field, MultipartError};
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::header::CONTENT_TYPE;
use axum::http::StatusCode;
use axum::Json;
use rand::distr::Alphanumeric;
use rand::Rng;
use serde_json::Value;
use tokio::io::AsyncWriteExt;

use super::error::HttpError;
use crate::app_state::AppState;
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

/// A file already on disk under a random name, written while the request
/// was read. Until `keep` is called (once a message owns it), dropping the
/// upload deletes the file, so a refused or replayed request leaves nothing.
pub struct Upload {
    pub file_name: String,
    pub mime_type: String,
    pub size: i64,
    pub stored_as: String,
    path: PathBuf,
    kept: AtomicBool,
}

impl Upload {
    /// The file stays: a message refers to it now.
    pub fn keep(&self) {
        self.kept.store(true, Ordering::Relaxed);
    }
}

impl Drop for Upload {
    fn drop(&mut self) {
        if !*self.kept.get_mut() {
            // Best effort: a leftover file is only disk space.
            let _ = std::fs::remove_file(&self.path);
        }
    }
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
            return read_multipart(multipart, &state.uploads).await;
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

async fn read_multipart(mut multipart: Multipart, dir: &Path) -> Result<MessageInput, HttpError> {
    let mut input = MessageInput::default();
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(error) => return Err(form_error(&error)),
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
            // The type is known from the part's headers: refuse before
            // reading a byte of it.
            if !ALLOWED_TYPES.contains(&mime_type.as_str()) {
                return Err(HttpError::invalid(
                    "attachments",
                    "Los archivos deben ser imágenes (JPEG, PNG, GIF, WebP) o PDF.",
                ));
            }
            input
                .uploads
                .push(stream_to_disk(field, dir, file_name, mime_type).await?);
        } else {
            let text = field
                .text()
                .await
                .map_err(|_| HttpError::invalid("message", "El formulario no es válido."))?;
            // `name[]` fields collect into a list, as PHP reads a form.
            match name.strip_suffix("[]") {
                Some(list) => {
                    let entry = input
                        .fields
                        .entry(list.to_string())
                        .or_insert_with(|| Value::Array(Vec::new()));
                    if let Value::Array(items) = entry {
                        items.push(Value::String(text));
                    }
                }
                None => {
                    input.fields.insert(name, Value::String(text));
                }
            }
        }
    }
    Ok(input)
}

/// A multipart read error as the answer: 413 when the whole body passes the
/// route's limit, 422 for anything else.
fn form_error(error: &MultipartError) -> HttpError {
    if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
        HttpError::TooLarge
    } else {
        HttpError::invalid("attachments", "El formulario no es válido.")
    }
}

/// Writes one file part to disk chunk by chunk, and answers 413 as soon as
/// it passes `MAX_FILE_BYTES`: an oversized file is never held in memory,
/// nor read to its end.
async fn stream_to_disk(
    mut field: Field<'_>,
    dir: &Path,
    file_name: String,
    mime_type: String,
) -> Result<Upload, HttpError> {
    tokio::fs::create_dir_all(dir)
        .await
        .map_err(|e| HttpError::Internal(format!("uploads dir: {e}")))?;
    let stored_as: String = rand::rng()
        .sample_iter(&Alphanumeric)
        .take(32)
        .map(char::from)
        .collect();
    let path = dir.join(&stored_as);
    let mut file = tokio::fs::File::create(&path)
        .await
        .map_err(|e| HttpError::Internal(format!("cannot store upload: {e}")))?;
    // From here on the guard deletes the file on every early return.
    let mut upload = Upload {
        file_name,
        mime_type,
        size: 0,
        stored_as,
        path,
        kept: AtomicBool::new(false),
    };
    while let Some(chunk) = field.chunk().await.map_err(|e| form_error(&e))? {
        upload.size += chunk.len() as i64;
        if upload.size > MAX_FILE_BYTES as i64 {
            return Err(HttpError::TooLarge);
        }
        file.write_all(&chunk)
            .await
            .map_err(|e| HttpError::Internal(format!("cannot store upload: {e}")))?;
    }
    file.flush()
        .await
        .map_err(|e| HttpError::Internal(format!("cannot store upload: {e}")))?;
    Ok(upload)
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

/// What the database records of the uploads (the files are already on disk).
pub fn attachments(uploads: &[Upload]) -> Vec<NewAttachment> {
    uploads
        .iter()
        .map(|upload| NewAttachment {
            url_base: URL_BASE.to_string(),
            file_name: upload.file_name.clone(),
            mime_type: upload.mime_type.clone(),
            file_size: upload.size,
            stored_as: upload.stored_as.clone(),
        })
        .collect()
}

/// Keeps every upload's file: call once the message that owns them is committed.
pub fn keep(uploads: &[Upload]) {
    for upload in uploads {
        upload.keep();
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
