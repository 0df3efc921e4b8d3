//! The profile list on the left: a search box, then one row per profile with its kind and where
//! its secret lives. Only the rows in view are laid out, so 10,000 profiles scroll smoothly.

use egui::{RichText, Sense};

use super::app::KeyshelfApp;
use crate::aws::{Kind, SecretLocation};

const ROW_HEIGHT: f32 = 22.0;

impl KeyshelfApp {
    /// The list beside the page, or in a narrow window the whole width (a drawer).
    pub(super) fn profile_list(&mut self, ui: &mut egui::Ui) {
        if self.list.narrow {
            egui::CentralPanel::default()
                .frame(super::theme::central_frame(ui.style()))
                .show(ui, |ui| self.list_contents(ui));
            return;
        }
        egui::Panel::left("profile_list")
            .frame(super::theme::edge_frame(ui.style()))
            .resizable(true)
            .default_size(280.0f32.min(ui.available_width() * 0.3).max(160.0))
            .min_size(160.0)
            // Never more than half the window: the profile's page keeps room for its fields.
            .max_size((ui.available_width() * 0.5).max(160.0))
            .show(ui, |ui| self.list_contents(ui));
    }

    fn list_contents(&mut self, ui: &mut egui::Ui) {
        {
            {
                ui.add_space(6.0);
                let label = ui.label("Search profiles").id;
                let search = ui
                    .add(
                        egui::TextEdit::singleline(&mut self.list.search)
                            .hint_text("Name, kind or region (Ctrl+F)")
                            .desired_width(f32::INFINITY),
                    )
                    .labelled_by(label);
                self.list.search_id = Some(search.id);
                if self.list.focus_search {
                    search.request_focus();
                    self.list.focus_search = false;
                }
                if search.changed() {
                    self.apply_search();
                }
                // A single-line field gives up its focus on Enter and Escape, in that frame.
                let (enter, escape) = ui.input(|i| {
                    (
                        i.key_pressed(egui::Key::Enter),
                        i.key_pressed(egui::Key::Escape),
                    )
                });
                let typing = search.has_focus() || search.lost_focus();
                if typing && escape && !self.list.search.is_empty() {
                    self.list.search.clear();
                    self.apply_search();
                }
                if typing
                    && enter
                    && let [only] = self.list.visible.as_slice()
                {
                    let name = self.model.profiles[*only].name.clone();
                    self.ask(super::intent::Intent::OpenProfile(name));
                }
                ui.label(
                    RichText::new(format!(
                        "{} of {} profiles",
                        self.list.visible.len(),
                        self.model.profiles.len()
                    ))
                    .small()
                    .weak(),
                );
                ui.separator();
                let rows = self.list.visible.len();
                let mut clicked = None;
                let statuses = &self.statuses;
                let mut unsurveyed = Vec::new();
                egui::ScrollArea::vertical()
                    .auto_shrink([false, false])
                    .show_rows(ui, ROW_HEIGHT, rows, |ui, range| {
                        for &index in &self.list.visible[range] {
                            let profile = &self.model.profiles[index];
                            let selected = self.selected.as_deref() == Some(profile.name.as_str());
                            // Looked at for the rows in view only, once per change of the files,
                            // off the UI thread.
                            if !statuses.survey_asked(&profile.name) {
                                unsurveyed.push(profile.name.clone());
                            }
                            let problems = statuses
                                .surveyed(&profile.name)
                                .map_or(&[][..], |s| s.problems.as_slice());
                            let (name, badges) = row_text(
                                &profile.name,
                                profile.kind,
                                profile.secret,
                                !problems.is_empty(),
                            );
                            // At least 12 px, in a colour that says it: plaintext keys and
                            // problems warn, keys in the keychain are safe.
                            let colour = match (problems.is_empty(), profile.secret) {
                                (false, _) | (true, SecretLocation::File) => {
                                    super::theme::warning(ui.visuals())
                                }
                                (true, SecretLocation::Keychain) => {
                                    super::theme::safe(ui.visuals())
                                }
                                (true, SecretLocation::None) => ui.visuals().text_color(),
                            };
                            let text = RichText::new(badges).size(12.0).color(colour);
                            let button = egui::Button::selectable(selected, name)
                                .right_text(text)
                                .min_size(egui::vec2(ui.available_width(), ROW_HEIGHT - 2.0))
                                .truncate()
                                .sense(Sense::click());
                            let mut response = ui.add(button);
                            if !problems.is_empty() {
                                // Short on screen (the name keeps its room), whole when read
                                // aloud.
                                let spoken = format!("{}, needs attention", profile.name);
                                response.widget_info(|| {
                                    egui::WidgetInfo::selected(
                                        egui::Role::Button,
                                        true,
                                        selected,
                                        &spoken,
                                    )
                                });
                                response = response.on_hover_text(format!(
                                    "Needs attention:\n{}",
                                    problems.join("\n")
                                ));
                            }
                            if response.clicked() {
                                clicked = Some(profile.name.clone());
                            }
                            if selected && self.list.scroll_to_selected {
                                response.scroll_to_me(None);
                            }
                        }
                    });
                self.list.scroll_to_selected = false;
                if !unsurveyed.is_empty() {
                    self.survey(unsurveyed);
                }
                if let Some(name) = clicked {
                    self.ask(super::intent::Intent::OpenProfile(name));
                }
            }
        }
    }

    pub(super) fn search_has_focus(&self, ctx: &egui::Context) -> bool {
        self.list
            .search_id
            .is_some_and(|id| ctx.memory(|m| m.has_focus(id)))
    }
}

/// The row's name and badges, read aloud as they are by screen readers. The name is shown
/// once, `default` included; a profile with problems says so first.
fn row_text(name: &str, kind: Kind, secret: SecretLocation, problems: bool) -> (String, String) {
    let badge = kind.badge(secret);
    let secret = match secret {
        SecretLocation::Keychain => " · 🔒 keychain",
        SecretLocation::File => " · plaintext",
        SecretLocation::None => "",
    };
    let attention = if problems { "⚠ " } else { "" };
    (name.to_owned(), format!("{attention}{badge}{secret}"))
}
