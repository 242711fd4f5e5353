//! Files picked for the next reply: checked as they come (type, size,
//! count, `state::attachments`), previewed while they wait, handed over
//! when the reply is sent.

use leptos::prelude::*;
use web_sys::{File, FileList, Url};

use crate::state::attachments::{self, AttachmentError};

#[derive(Clone)]
pub struct Picked {
    pub key: u64,
    pub file: File,
    /// A `blob:` URL for image previews, revoked when the file leaves.
    pub preview: Option<String>,
}

impl Picked {
    fn release(&self) {
        if let Some(url) = &self.preview {
            let _ = Url::revoke_object_url(url);
        }
    }
}

#[derive(Clone, Copy)]
pub struct PickedFiles {
    pub list: RwSignal<Vec<Picked>, LocalStorage>,
    /// Why the last file offered was not taken.
    pub refused: RwSignal<Option<AttachmentError>>,
    next_key: StoredValue<u64>,
}

/// No files yet; the previews of those left unsent go with the owner.
pub fn use_picked_files() -> PickedFiles {
    let files = PickedFiles {
        list: RwSignal::new_local(Vec::new()),
        refused: RwSignal::new(None),
        next_key: StoredValue::new(0),
    };
    on_cleanup(move || {
        files
            .list
            .try_with_untracked(|list| list.iter().for_each(Picked::release));
    });
    files
}

impl PickedFiles {
    /// Takes the files offered (picker, drop or paste) that pass the checks;
    /// the last refusal says why.
    pub fn add(&self, offered: Option<FileList>) {
        let Some(offered) = offered else { return };
        self.refused.set(None);
        for index in 0..offered.length() {
            let Some(file) = offered.get(index) else {
                continue;
            };
            let count = self.list.with_untracked(Vec::len);
            if let Err(error) =
                attachments::check(&file.name(), &file.type_(), file.size() as u64, count)
            {
                self.refused.set(Some(error));
                continue;
            }
            let preview = file
                .type_()
                .starts_with("image/")
                .then(|| Url::create_object_url_with_blob(&file).ok())
                .flatten();
            let key = self.next_key.get_value() + 1;
            self.next_key.set_value(key);
            self.list
                .update(|list| list.push(Picked { key, file, preview }));
        }
    }

    pub fn remove(&self, key: u64) {
        self.list.update(|list| {
            if let Some(index) = list.iter().position(|p| p.key == key) {
                list.remove(index).release();
            }
        });
    }

    pub fn is_empty(&self) -> bool {
        self.list.with(Vec::is_empty)
    }

    /// Hands the files over to be sent, and starts again with none.
    pub fn take(&self) -> Vec<File> {
        let picked = self.list.get_untracked();
        picked.iter().for_each(Picked::release);
        self.list.set(Vec::new());
        self.refused.set(None);
        picked.into_iter().map(|p| p.file).collect()
    }
}
