//! The centre of the window: the banners about the files, then the selected profile's form.

use egui::RichText;

use super::app::KeyshelfApp;
use super::form::FormView;
use super::intent::{Intent, Open};

impl KeyshelfApp {
    /// The banners, then the form of the selected profile; what the form asks for is queued.
    pub(super) fn profile_page(&mut self, ui: &mut egui::Ui) {
        egui::CentralPanel::default()
            .frame(super::theme::central_frame(ui.style()))
            .show(ui, |ui| {
            self.disk_change_banner(ui);
            self.program_banner(ui);
            self.stopped_rotation_banner(ui);
            let busy = self.dirty || self.save.saving;
            let fix = super::file_problems::file_problems(ui, &self.model.file_issues, busy);
            if let Some(fix) = fix {
                self.ask(super::intent::Intent::Fix(fix));
            }
            let Some(selected) = self.selected.clone() else {
                match self.list.search.trim() {
                    "" => ui.label("Select a profile on the left, or press New."),
                    search => ui.label(format!(
                        "No profile matches “{search}”. Press Escape in the search box to see them all."
                    )),
                };
                return;
            };
            // What the last action started here did, where the eye already is.
            if let Some(result) = self.statuses.get(&selected).and_then(|s| s.result.as_ref()) {
                let (mark, colour) = match result.done {
                    true => ("✔", super::theme::safe(ui.visuals())),
                    false => ("✖", ui.visuals().error_fg_color),
                };
                let next = result.next.clone();
                let details = result.details.clone();
                egui::Frame::group(ui.style()).show(ui, |ui| {
                    ui.horizontal_wrapped(|ui| {
                        ui.label(RichText::new(format!("{mark} {}", result.text)).color(colour));
                        if let Some(super::status::NextStep::DeleteOldKey(key)) = next {
                            let words = RichText::new("Delete the old key now…")
                                .color(ui.visuals().error_fg_color);
                            if ui
                                .button(words)
                                .on_hover_text(format!("Delete {key} in AWS for good (asks first)"))
                                .clicked()
                            {
                                self.intents.push(Intent::Open(Open::DeleteOldKey(
                                    selected.clone(),
                                    key,
                                )));
                            }
                        }
                    });
                    super::widgets::details_fold(ui, ("result-details", &selected), details);
                });
                ui.add_space(4.0);
            }
            // Its page shows what is wrong with the line that serves it (a list that is hidden
            // asks for no row).
            if !self.statuses.survey_asked(&selected) {
                self.survey(vec![selected]);
            }
            let view = FormView {
                workspace: self.workspace.as_ref(),
                profiles: &self.model.profiles,
                uses: self.model.uses.as_ref(),
                keychain_ready: self.keychain_ready(),
                statuses: &self.statuses,
                revealed: self.revealed.as_ref(),
                dirty: self.dirty,
            };
            let mut asked = Vec::new();
            egui::ScrollArea::vertical()
                .auto_shrink([false, false])
                .show(ui, |ui| self.form.show(ui, view, &mut asked));
            self.intents.extend(asked);
        });
    }

    /// Says which key rotation stopped before it finished, and offers to finish it: the next
    /// rotation of the profile retires the old key (or removes a new key that was never stored).
    fn stopped_rotation_banner(&mut self, ui: &mut egui::Ui) {
        let mut finish = None;
        for stopped in &self.statuses.stopped_rotations {
            let (profile, new, old) = (&stopped.profile, &stopped.new_key_id, &stopped.old_key_id);
            egui::Frame::group(ui.style())
                .fill(ui.visuals().faint_bg_color)
                .show(ui, |ui| {
                    ui.horizontal_wrapped(|ui| {
                        ui.label(
                            RichText::new(format!(
                                "The key rotation of “{profile}” stopped before it finished: AWS made the new key {new} to replace {old}."
                            ))
                            .strong(),
                        );
                        if ui
                            .button("Finish the rotation…")
                            .on_hover_text("Rotate keys again: it takes up where the last one stopped and makes no third key")
                            .clicked()
                        {
                            finish = Some(profile.clone());
                        }
                    });
                });
            ui.add_space(6.0);
        }
        if let Some(profile) = finish {
            self.statuses
                .stopped_rotations
                .retain(|s| s.profile != profile);
            self.ask(Intent::Open(Open::Rotate(profile)));
        }
    }

    /// Says when another program changed the files, and offers to reload.
    fn disk_change_banner(&mut self, ui: &mut egui::Ui) {
        if self.model.changed_on_disk.is_empty() {
            return;
        }
        let which: Vec<&str> = self
            .model
            .changed_on_disk
            .iter()
            .map(|f| f.label())
            .collect();
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
                        self.ask(match self.dirty {
                            true => Intent::Open(Open::Reload),
                            false => Intent::Reload,
                        });
                    }
                });
            });
        ui.add_space(6.0);
    }
}
