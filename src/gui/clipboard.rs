//! A copied secret leaves the clipboard after [`CLEAR_AFTER_SECONDS`] if the clipboard still
//! holds it, as password managers do: pasting it once is what the copy was for.

use std::time::Duration;

use super::app::KeyshelfApp;
use super::state::CopiedSecret;
use crate::secret::Secret;

/// How long a copied secret stays on the clipboard.
pub const CLEAR_AFTER_SECONDS: f64 = 30.0;

impl KeyshelfApp {
    pub(super) fn secret_copied(&mut self, secret: Secret) {
        let now = self.jobs.ctx().input(|i| i.time);
        self.clipboard.copied = Some(CopiedSecret {
            secret,
            clear_at: now + CLEAR_AFTER_SECONDS,
        });
        self.notice = Some(format!(
            "Copied; the clipboard is cleared in {CLEAR_AFTER_SECONDS:.0} s."
        ));
    }

    /// Called every frame: wakes the UI when the time comes, then clears the clipboard if it
    /// still holds the secret (read on a thread of its own: a clipboard owner may be slow to
    /// answer). When the clipboard cannot be read, it is cleared: a secret left behind is the
    /// worse mistake.
    pub(super) fn clear_clipboard_when_due(&mut self, ctx: &egui::Context) {
        let Some(copied) = &self.clipboard.copied else {
            return;
        };
        let now = ctx.input(|i| i.time);
        if now < copied.clear_at {
            ctx.request_repaint_after(Duration::from_secs_f64(copied.clear_at - now));
            return;
        }
        let Some(copied) = self.clipboard.copied.take() else {
            return;
        };
        if self.clipboard.read_system {
            let ctx = ctx.clone();
            std::thread::spawn(move || {
                let holds = arboard::Clipboard::new()
                    .ok()
                    .and_then(|mut c| c.get_text().ok())
                    .map(|text| text == copied.secret.expose());
                if holds != Some(false) {
                    ctx.copy_text(String::new());
                    ctx.request_repaint();
                }
            });
        } else {
            ctx.copy_text(String::new());
        }
        self.notice = Some("The copied secret was cleared from the clipboard.".into());
    }

    /// On quitting: a secret copied less than 30 s ago leaves the clipboard now (the clipboard
    /// outlives the app on most desktops), if it still holds it.
    pub(super) fn clear_clipboard_on_exit(&mut self) {
        let Some(copied) = self.clipboard.copied.take() else {
            return;
        };
        if !self.clipboard.read_system {
            return;
        }
        if let Ok(mut clipboard) = arboard::Clipboard::new() {
            let holds = clipboard
                .get_text()
                .map(|text| text == copied.secret.expose())
                .unwrap_or(true);
            if holds {
                let _ = clipboard.set_text(String::new());
            }
        }
    }

    /// For tests: clear without reading the system clipboard (the harness has its own).
    pub fn set_read_clipboard(&mut self, read: bool) {
        self.clipboard.read_system = read;
    }
}
