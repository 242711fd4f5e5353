//! Replies with attachments: multipart through `XMLHttpRequest`, the one
//! browser API that reports upload progress (fetch does not).

use js_sys::Promise;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{File, FormData, ProgressEvent, XmlHttpRequest};

use super::types::{Message, MessageKind, Wrapped, Writing};
use super::{decode, ApiClient, ApiError};

impl ApiClient {
    /// Sends a reply or a note with files; `on_progress` hears the upload's percentage.
    pub async fn write_with_files(
        &self,
        ticket_id: u64,
        writing: &Writing,
        files: &[File],
        idempotency_key: &str,
        on_progress: impl Fn(u8) + 'static,
    ) -> Result<Message, ApiError> {
        let url = self.write_url(ticket_id, writing.kind);
        let broken = |_| ApiError::UnexpectedAnswer {
            detail: "the browser refused to build the upload".into(),
        };
        let form = FormData::new().map_err(broken)?;
        let text_field = match writing.kind {
            MessageKind::Reply => "message",
            MessageKind::Note => "body",
        };
        if !writing.text.is_empty() {
            form.append_with_str(text_field, &writing.text)
                .map_err(broken)?;
        }
        for admin_id in &writing.mentions {
            form.append_with_str("mentions[]", &admin_id.to_string())
                .map_err(broken)?;
        }
        for file in files {
            form.append_with_blob_and_filename("attachments[]", file, &file.name())
                .map_err(broken)?;
        }

        let token = self.token();
        let xhr = XmlHttpRequest::new().map_err(broken)?;
        xhr.open_with_async("POST", &url, true).map_err(broken)?;
        for (name, value) in self.auth_headers(token.as_deref(), true) {
            xhr.set_request_header(name, &value).map_err(broken)?;
        }
        xhr.set_request_header(super::IDEMPOTENCY_HEADER, idempotency_key)
            .map_err(broken)?;
        let progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |event: ProgressEvent| {
            if event.length_computable() && event.total() > 0.0 {
                on_progress((event.loaded() / event.total() * 100.0).min(100.0) as u8);
            }
        });
        if let Ok(upload) = xhr.upload() {
            upload.set_onprogress(Some(progress.as_ref().unchecked_ref()));
        }
        let finished = Promise::new(&mut |resolve, reject| {
            xhr.set_onload(Some(&resolve));
            xhr.set_onerror(Some(&reject));
            xhr.set_onabort(Some(&reject));
            xhr.set_ontimeout(Some(&reject));
        });
        xhr.send_with_opt_form_data(Some(&form))
            .map_err(|_| ApiError::Network)?;
        JsFuture::from(finished)
            .await
            .map_err(|_| ApiError::Network)?;
        drop(progress);

        let status = xhr.status().map_err(|_| ApiError::Network)?;
        let text = xhr.response_text().ok().flatten().unwrap_or_default();
        let retry_after = xhr.get_response_header("Retry-After").ok().flatten();
        let text = self.accept(status, retry_after.as_deref(), text, token.is_some())?;
        decode::<Wrapped<Message>>(&text).map(|w| w.data)
    }
}
