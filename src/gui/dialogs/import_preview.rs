//! The import preview: every row of the dropped or chosen CSV files, the profile it becomes and
//! what will happen to it, where the keys go, and whether to delete the CSV afterwards.

use std::collections::HashMap;
use std::path::PathBuf;

use egui::RichText;

use super::super::intent::{ImportRequest, Intent, Reply, View};
use super::import_rows::{Notes, RowShape, preview_row};
use crate::import::{Candidate, Destination};

/// What to do with a row whose profile name exists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    Replace,
    Rename,
    Skip,
}

pub struct PreviewRow {
    pub candidate: Candidate,
    pub choice: Choice,
}

impl PreviewRow {
    /// A row as the preview first shows it. Where its profile exists, the choice starts at the
    /// harmless Skip: replacing keys is something the user picks.
    pub fn new(candidate: Candidate) -> PreviewRow {
        PreviewRow {
            candidate,
            choice: Choice::Skip,
        }
    }
}

pub struct ImportPreview {
    pub sources: Vec<PathBuf>,
    pub rows: Vec<PreviewRow>,
    /// Rows that cannot be imported, in plain words; the import waits until there are none.
    pub problems: Vec<String>,
    pub destination: Destination,
    pub region: String,
    pub output: String,
    pub delete_source: bool,
    /// Install keyshelf first (asked only while it runs from a temporary place).
    pub install_first: bool,
    pub error: Option<String>,
    /// The profiles whose keys are in the files, by access key ID: a row with one of these
    /// keys is a key that is already there.
    pub known_keys: HashMap<String, String>,
    /// The access key ID each profile holds in the files, to show beside a conflict.
    pub profile_keys: HashMap<String, String>,
}

impl ImportPreview {
    pub fn new(sources: Vec<PathBuf>, rows: Vec<PreviewRow>, problems: Vec<String>) -> Self {
        ImportPreview {
            sources,
            rows,
            problems,
            // The keychain is the recommended home; if there is none, the import says so and
            // nothing changes.
            destination: Destination::Keychain,
            region: String::new(),
            output: String::new(),
            // Suggested: the CSV is a plaintext copy of the secret, usually in Downloads.
            delete_source: true,
            install_first: true,
            error: None,
            known_keys: HashMap::new(),
            profile_keys: HashMap::new(),
        }
    }

    /// Notes which profiles hold which keys, in `files` and in the keychain (`keychain`: the
    /// access key ID of each keychain profile, as the app last read it), to say so beside a row
    /// with one.
    pub fn with_known_keys(
        mut self,
        files: &crate::aws::SharedFiles,
        keychain: &HashMap<String, String>,
    ) -> Self {
        self.profile_keys = files
            .profile_names()
            .into_iter()
            .filter_map(|name| {
                files
                    .static_keys(&name)
                    .map(|keys| (name, keys.access_key_id))
            })
            .chain(
                keychain
                    .iter()
                    .map(|(name, key)| (name.clone(), key.clone())),
            )
            .collect();
        self.known_keys = self
            .profile_keys
            .iter()
            .map(|(name, key)| (key.clone(), name.clone()))
            .collect();
        self
    }
}

impl ImportPreview {
    pub fn show(&mut self, ctx: &egui::Context, view: View<'_>) -> Reply {
        let mut start = false;
        let mut cancel = false;
        egui::Modal::new(egui::Id::unique("import-preview")).show(ctx, |ui| {
            super::fit_width(ui, 940.0);
            crate::gui::widgets::dialog_title(ui, "Import access keys");
            ui.add_space(6.0);
            // The error stays beside the buttons, outside the part that scrolls.
            let reserved = super::TITLE_AND_BUTTONS + if self.error.is_some() { 40.0 } else { 0.0 };
            let room = (ctx.content_rect().height() - reserved).max(60.0);
            super::scroll_body(ui, "import-body", reserved, |ui| {
                // The rows take at most half the room in a small window: what happens to the
                // keys and the CSV is read too, scrolled to below them.
                self.preview_rows(ui, view, (room / 2.0).clamp(80.0, 300.0));
                for problem in &self.problems {
                    ui.label(
                        RichText::new(format!("✖ {problem}")).color(ui.visuals().error_fg_color),
                    );
                }
                if !self.problems.is_empty() {
                    ui.label(
                        "Fix these rows in the file and import it again. Nothing was changed.",
                    );
                }
                ui.add_space(8.0);
                destination(ui, self);
                if view.offer_install && self.destination == Destination::Keychain {
                    super::install_first::install_choice(ui, &mut self.install_first);
                }
            });
            ui.add_space(8.0);
            if let Some(error) = &self.error {
                ui.label(RichText::new(error).color(ui.visuals().error_fg_color));
            }
            let ready = self.problems.is_empty() && !self.rows.is_empty();
            (start, cancel) = super::answer_row(ui, "Import", ready);
        });
        if start {
            return Reply::Do(Intent::Import(self.request(view)));
        }
        if cancel || super::escape_pressed(ctx) {
            Reply::Close
        } else {
            Reply::Keep
        }
    }

    /// The rows and choices as they stand; a row is skipped when its profile exists and the
    /// user chose Skip.
    fn request(&self, view: View<'_>) -> ImportRequest {
        ImportRequest {
            install_first: (view.offer_install && self.destination == Destination::Keychain)
                .then_some(self.install_first),
            sources: self.sources.clone(),
            rows: self
                .rows
                .iter()
                .map(|r| {
                    let skipped = r.choice == Choice::Skip && view.exists(&r.candidate.name);
                    (r.candidate.clone(), skipped)
                })
                .collect(),
            destination: self.destination,
            region: self.region.clone(),
            output: self.output.clone(),
            delete_source: self.delete_source,
        }
    }

    /// The rows, virtualized: a 1,000-row file lays out only the rows in view. That needs
    /// rows of one height, so each row is a block of fixed lines (see [`RowShape`]) whose
    /// longest texts are shortened to fit, in full in their tooltips and for screen readers.
    fn preview_rows(&mut self, ui: &mut egui::Ui, view: View<'_>, max_height: f32) {
        let names: Vec<String> = self.rows.iter().map(|r| r.candidate.name.clone()).collect();
        let notes = self.rows.iter().any(|r| {
            self.known_keys
                .contains_key(r.candidate.row.access_key_id.trim())
                || self.profile_keys.contains_key(r.candidate.name.trim())
        });
        let shape = RowShape::new(ui, notes);
        egui::ScrollArea::vertical()
            .id_salt("import-rows")
            .max_height(max_height)
            .auto_shrink([false, true])
            .show_rows(ui, shape.height(ui), self.rows.len(), |ui, range| {
                for index in range {
                    let row = &mut self.rows[index];
                    let known = self.known_keys.get(row.candidate.row.access_key_id.trim());
                    let held = self.profile_keys.get(row.candidate.name.trim());
                    let notes = Notes { known, held };
                    ui.allocate_ui(egui::vec2(ui.available_width(), shape.height(ui)), |ui| {
                        ui.set_min_height(shape.height(ui));
                        preview_row(ui, view, shape, row, index, &names, notes);
                    });
                }
            });
    }
}

/// Where the keys go, optional defaults for the new profiles, and the CSV's fate.
fn destination(ui: &mut egui::Ui, preview: &mut ImportPreview) {
    ui.label(RichText::new("Keep the keys in").strong());
    ui.radio_value(
        &mut preview.destination,
        Destination::Keychain,
        "System keychain (recommended)",
    );
    ui.radio_value(
        &mut preview.destination,
        Destination::CredentialsFile,
        "Credentials file (plain text)",
    );
    ui.add_space(4.0);
    // The same region picker and checks as the profile's form.
    egui::Grid::new("import-defaults")
        .num_columns(2)
        .show(ui, |ui| {
            crate::gui::widgets::region_field(
                ui,
                "Region for new profiles",
                "The region the new profiles use when a command names none (optional).",
                "import",
                &mut preview.region,
            );
            let hint = crate::aws::validate::region(preview.region.trim());
            crate::gui::widgets::hint_row(ui, hint.as_ref().map(|h| h.message.as_str()));
            let label = ui.label("Output for new profiles").id;
            crate::gui::widgets::output_combo(ui, &mut preview.output, "import-output")
                .labelled_by(label);
            ui.end_row();
        });
    ui.add_space(4.0);
    ui.checkbox(
        &mut preview.delete_source,
        "Delete the CSV file after importing (it holds your secret key in plain text)",
    );
}
