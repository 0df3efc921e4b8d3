//! The selected profile's page: a form grouped by what the profile is. Each group is its own
//! file. Field buffers live here so that what the user types is kept exactly, even while it is
//! not yet a value the files can hold.

mod credentials;
mod defaults;
mod keychain;
mod other;
mod role;
mod sso;

use std::collections::{BTreeMap, HashMap};

use egui::RichText;
use zeroize::Zeroize;

use super::app::KeyshelfApp;
use super::widgets::badge;
use crate::aws::{Kind, SecretLocation, SharedFiles, fields, validate};
use crate::error::FileKind;
use crate::ini::Value;

/// The text of every field of the selected profile.
#[derive(Default)]
pub struct Form {
    pub profile: String,
    /// Form fields by lower-case key.
    pub fields: HashMap<String, String>,
    /// Other plain settings, as spelled in the file.
    pub others: BTreeMap<String, String>,
    /// Nested blocks: key → sub-key → value.
    pub nested: BTreeMap<String, Vec<(String, String)>>,
    pub reveal_secret: bool,
    pub reveal_token: bool,
    /// Values the files refused (e.g. a line break), by key.
    pub errors: HashMap<String, String>,
    pub new_key: String,
    pub new_value: String,
    pub new_sub: HashMap<String, (String, String)>,
    /// The kind picked in the New dialog, until the profile has keys that say what it is.
    pub intended_kind: Option<Kind>,
}

impl Form {
    pub fn load(files: &SharedFiles, name: &str) -> Form {
        let mut form = Form::default();
        form.profile = name.to_owned();
        let keys = fields::FIELDS.iter().map(|f| f.key);
        for key in keys.chain([fields::LEGACY_SESSION_TOKEN]) {
            if let Some((Value::Plain(v), _)) = files.get(name, key) {
                form.fields.insert(key.to_owned(), v);
            }
        }
        if let Some(profile) = files.profile(name) {
            for setting in profile.settings {
                if fields::has_field(&setting.key) {
                    continue;
                }
                match setting.value {
                    // keyshelf's own line is managed by Move to keychain / Restore, not typed.
                    Value::Plain(v)
                        if setting.key.eq_ignore_ascii_case("credential_process")
                            && crate::aws::runs_keyshelf(&v) => {}
                    Value::Plain(v) => {
                        form.others.insert(setting.key, v);
                    }
                    Value::Nested(entries) => {
                        form.nested.insert(setting.key, entries);
                    }
                }
            }
        }
        form
    }

    pub fn get(&self, key: &str) -> String {
        self.fields.get(key).cloned().unwrap_or_default()
    }
}

/// Secrets typed into the form are wiped from memory when the form goes.
impl Drop for Form {
    fn drop(&mut self) {
        for value in self.fields.values_mut() {
            value.zeroize();
        }
    }
}

impl KeyshelfApp {
    /// The centre of the window: banner, header and the groups of the selected profile.
    pub(super) fn profile_page(&mut self, ui: &mut egui::Ui) {
        egui::CentralPanel::default().show(ui, |ui| {
            self.disk_change_banner(ui);
            let busy = self.dirty || self.saving;
            let fix = super::file_problems::file_problems(ui, &self.file_issues, busy);
            if let Some(fix) = fix {
                self.apply_fix(fix);
            }
            let Some(name) = self.selected.clone() else {
                ui.label("Select a profile on the left, or press New.");
                return;
            };
            egui::ScrollArea::vertical()
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    self.page_header(ui, &name);
                    ui.add_space(8.0);
                    self.credentials_group(ui);
                    self.defaults_group(ui);
                    self.role_group(ui);
                    self.sso_group(ui);
                    self.other_group(ui);
                });
        });
    }

    fn page_header(&mut self, ui: &mut egui::Ui, name: &str) {
        let Some(profile) = self.profiles.iter().find(|p| p.name == name) else {
            return;
        };
        ui.horizontal(|ui| {
            ui.heading(name);
            if profile.is_default() {
                badge(ui, "default profile", ui.visuals().hyperlink_color);
            }
            let kind = match profile.kind {
                Kind::Process if profile.secret == SecretLocation::Keychain => Kind::StaticKeys,
                kind => kind,
            };
            badge(ui, kind.words(), ui.visuals().weak_text_color());
        });
        let profile = profile.clone();
        self.uses_line(ui);
        self.keychain_panel(ui, &profile);
        if let Some(hint) = validate::profile_name(name) {
            ui.label(
                RichText::new(format!("⚠ {}", hint.message)).color(ui.visuals().warn_fg_color),
            );
        }
        let in_config_only = profile
            .secret_keys
            .iter()
            .any(|(_, f)| *f == FileKind::Config);
        if in_config_only {
            ui.label("Some of its keys are in the config file; they still work.");
        }
    }

    /// "The AWS tools will use: …", as botocore resolves the profile (issue 9).
    fn uses_line(&self, ui: &mut egui::Ui) {
        match &self.uses {
            Some(Ok(source)) => {
                ui.label(format!("The AWS tools will use {}.", source.describe()));
            }
            Some(Err(err)) => {
                ui.label(
                    RichText::new(format!("⚠ The AWS tools would fail: {err}."))
                        .color(ui.visuals().warn_fg_color),
                );
            }
            None => {}
        }
    }

    /// Says when another program changed the files, and offers to reload.
    fn disk_change_banner(&mut self, ui: &mut egui::Ui) {
        if self.changed_on_disk.is_empty() {
            return;
        }
        let which: Vec<&str> = self.changed_on_disk.iter().map(|f| f.label()).collect();
        egui::Frame::group(ui.style())
            .fill(ui.visuals().faint_bg_color)
            .show(ui, |ui| {
                ui.horizontal_wrapped(|ui| {
                    ui.label(
                        RichText::new(format!("Another program changed {}.", which.join(" and ")))
                            .strong(),
                    );
                    ui.label("Reload to see its changes. Saving now would not overwrite them.");
                    if ui.button("Reload").clicked() {
                        if self.dirty {
                            self.dialog = Some(super::dialogs::Dialog::Confirm(
                                super::dialogs::Confirm::Reload,
                            ));
                        } else {
                            self.load();
                        }
                    }
                });
            });
        ui.add_space(6.0);
    }

    /// Shows a field's text and writes it through when it changes.
    pub(super) fn edit_field(&mut self, key: &str, text: String, changed: bool) {
        if changed {
            self.form.fields.insert(key.to_owned(), text.clone());
            self.apply_field(key, &text);
        }
    }
}
