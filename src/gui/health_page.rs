//! The Health page: [`crate::doctor::check`]'s findings, most serious first, each with where,
//! why and how to fix, and a button where one click can fix it. The page owns
//! what it shows; running the check and applying a fix are intents the app carries out off the
//! UI thread.

use egui::{Color32, RichText};

use super::intent::Intent;
use crate::doctor::{Action, Finding, Progress, Report, Severity};

/// What the page shows: the last report, and the running check's progress.
#[derive(Default)]
pub struct HealthPage {
    pub report: Option<Report>,
    pub running: Option<Progress>,
    /// When the last check finished, for "Checked at 10:42".
    pub checked_at: Option<String>,
    /// The files or keys changed since the last check: it runs again when the page is shown.
    pub stale: bool,
    /// The page is shown instead of the profile page.
    pub shown: bool,
    /// Stops the running check's search (a new flag per run).
    pub cancel: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl HealthPage {
    /// The top bar's words: "Health", with the number of serious findings once checked.
    pub fn button_label(&self) -> String {
        match &self.report {
            Some(report) if report.is_serious() => {
                format!("Health ⚠ {}", report.count(Severity::Serious))
            }
            _ => "Health".into(),
        }
    }

    pub fn show(&self, ui: &mut egui::Ui, out: &mut Vec<Intent>) {
        ui.horizontal_wrapped(|ui| {
            ui.heading("Health");
            if ui.button("Back to profiles").clicked() {
                out.push(Intent::ShowHealth(false));
            }
            match &self.running {
                Some(_) => {
                    if ui
                        .button("Stop")
                        .on_hover_text("Stop searching for copies of keys")
                        .clicked()
                    {
                        out.push(Intent::StopHealthCheck);
                    }
                }
                None => {
                    if ui.button("Check again").clicked() {
                        out.push(Intent::CheckHealth);
                    }
                }
            }
        });
        ui.label("keyshelf looks at your AWS files, who can read them, and your home folder for copies of keys. Nothing is sent anywhere.");
        ui.add_space(6.0);
        if let Some(progress) = &self.running {
            ui.add(egui::ProgressBar::new(progress.fraction).text(format!(
                "Searching… {} looked at",
                plural(progress.files_searched, "file", "files")
            )));
        }
        let Some(report) = &self.report else {
            if self.running.is_none() {
                ui.label("Press Check again to look.");
            }
            return;
        };
        summary(ui, report, self.checked_at.as_deref());
        ui.add_space(6.0);
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                for (i, finding) in report.findings.iter().enumerate() {
                    ui.push_id(i, |ui| {
                        finding_card(ui, finding, self.running.is_none(), out)
                    });
                }
            });
    }
}

fn plural(count: usize, one: &str, many: &str) -> String {
    crate::doctor::plural(count, one, many)
}

fn summary(ui: &mut egui::Ui, report: &Report, checked_at: Option<&str>) {
    let serious = report.count(Severity::Serious);
    let others = report.findings.len() - serious;
    let text = match (serious, others) {
        (0, 0) => "All clear: nothing to fix.".to_owned(),
        (0, n) => format!(
            "Nothing serious; {} worth a look.",
            plural(n, "thing", "things")
        ),
        (s, 0) => format!(
            "{} to fix.",
            plural(s, "serious problem", "serious problems")
        ),
        (s, n) => format!(
            "{} to fix, and {} worth a look.",
            plural(s, "serious problem", "serious problems"),
            plural(n, "other thing", "other things")
        ),
    };
    ui.label(RichText::new(text).strong());
    const PLACES: &str =
        "Downloads, Desktop, Documents, the shell histories and the .env files of your home folder";
    let took = format!("{:.1} s", report.search_millis as f64 / 1000.0);
    let mut searched = match (report.searched, report.files_searched) {
        (false, _) => "Your home folder was not searched for copies of keys".to_owned(),
        (true, 0) => format!("No file to search for copies of keys in {PLACES} ({took})"),
        (true, n) => format!(
            "Searched {} in {PLACES} for copies of keys, in {took}",
            plural(n, "file", "files")
        ),
    };
    if report.search_incomplete {
        searched.push_str(" (stopped early: some folders were not searched)");
    }
    if let Some(at) = checked_at {
        searched.push_str(&format!("; checked at {at}"));
    }
    ui.weak(format!("{searched}."));
}

fn severity_color(ui: &egui::Ui, severity: Severity) -> Color32 {
    match severity {
        Severity::Serious => ui.visuals().error_fg_color,
        Severity::Warning => ui.visuals().warn_fg_color,
        Severity::Advice => ui.visuals().weak_text_color(),
    }
}

fn finding_card(ui: &mut egui::Ui, finding: &Finding, can_fix: bool, out: &mut Vec<Intent>) {
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal_wrapped(|ui| {
            ui.label(
                RichText::new(finding.severity.label())
                    .strong()
                    .color(severity_color(ui, finding.severity)),
            );
            ui.label(RichText::new(finding.place.to_string()).monospace());
        });
        ui.add(egui::Label::new(&finding.what).wrap());
        ui.add(egui::Label::new(RichText::new(format!("Why: {}", finding.why)).weak()).wrap());
        ui.horizontal_wrapped(|ui| {
            ui.label(format!("Fix: {}", finding.fix));
            if let Some(action) = &finding.action {
                let button = ui
                    .add_enabled(can_fix, egui::Button::new(action.label()))
                    .on_hover_text(hover(action));
                if button.clicked() {
                    out.push(Intent::HealthFix(action.clone()));
                }
            }
            if let Some(profile) = &finding.profile
                && ui.link("Open profile").clicked()
            {
                out.push(Intent::OpenProfile(profile.clone()));
            }
        });
    });
    ui.add_space(4.0);
}

fn hover(action: &Action) -> String {
    match action {
        // 0700 is a folder's fix, 0600 a file's (no look at the disk while drawing).
        Action::Tighten { path, mode: 0o700 } => {
            format!("Make {} private: only you can open it", path.display())
        }
        Action::Tighten { path, .. } => format!(
            "Make {} private: only you can read and change it",
            path.display()
        ),
        Action::DeleteFile { path } => format!("Overwrite and delete {}", path.display()),
        Action::MoveToKeychain { profile } => {
            format!("Move the keys of “{profile}” to the keychain")
        }
        Action::RepairPath { profile } => format!("Point “{profile}” at this keyshelf and save"),
        Action::SetRegion { profile, region } => {
            format!("Set the region of “{profile}” to {region} and save")
        }
    }
}
