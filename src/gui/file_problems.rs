//! The banner over the profile page for what the AWS tools refuse or misread in the files:
//! duplicate sections or keys and a byte order mark (the tools refuse the file, and
//! keyshelf will not save it), and config headers the tools ignore because a later header names
//! the same profile. Each comes with its fix. The view draws from the files and returns what
//! the user picked; the app applies it (`repair_actions.rs`).

use egui::RichText;

use crate::aws::{FileKind, ResolveError, Shadowed, SharedFiles, Source};
use crate::files::Workspace;
use crate::ini::Problem;

/// A fix the user asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fix {
    /// Keep the section or key on this line of the file, remove its duplicates.
    Keep { file: FileKind, line: usize },
    /// Remove the byte order mark from the file.
    RemoveBom(FileKind),
    /// Merge a profile's shadowed headers into the one the tools read.
    MergeShadowed(String),
    /// Remove a profile's shadowed headers.
    RemoveShadowed(String),
}

/// What the banner shows, worked out when the files change (not every frame: finding
/// shadowed headers reads every header of the config file).
#[derive(Default)]
pub struct FileIssues {
    problems: Vec<(FileKind, Problem)>,
    shadowed: Vec<Shadowed>,
    /// Files the AWS tools do not read at all (an empty variable, `/dev/null`).
    unread: Vec<crate::aws::Unread>,
}

impl FileIssues {
    pub fn of(workspace: &Workspace) -> FileIssues {
        let problems = [FileKind::Config, FileKind::Credentials]
            .into_iter()
            .flat_map(|file| {
                let problems = workspace.docs.doc(file).problems();
                problems.into_iter().map(move |p| (file, p))
            })
            .collect();
        FileIssues {
            problems,
            shadowed: workspace.docs.shadowed(),
            unread: workspace.unread().to_vec(),
        }
    }

    /// [`SharedFiles::resolve`] with the problems of the same files already found: refusing
    /// them as botocore does (`SharedFiles::readable`) without reading every line again.
    pub fn resolve(&self, docs: &SharedFiles, name: &str) -> Result<Source, ResolveError> {
        match self.problems.first() {
            Some((file, problem)) => Err(ResolveError::Unreadable {
                file: *file,
                problem: problem.to_string(),
            }),
            None => docs.resolve_readable(name),
        }
    }
}

/// Draws one line per problem with its fix buttons; `None` until one is pressed.
pub fn file_problems(ui: &mut egui::Ui, issues: &FileIssues, busy: bool) -> Option<Fix> {
    let mut fix = None;
    for unread in &issues.unread {
        warning_frame(ui, |ui| {
            ui.label(
                RichText::new(format!(
                    "⚠ {}.",
                    super::widgets::capitalised(&unread.to_string())
                ))
                .color(ui.visuals().warn_fg_color),
            );
        });
    }
    for (file, problem) in &issues.problems {
        let (file, problem) = (*file, problem);
        {
            warning_frame(ui, |ui| {
                ui.label(
                    RichText::new(format!(
                        "⚠ The AWS tools cannot read {}: {}. keyshelf will not save it until this is fixed.",
                        file.label(),
                        problem
                    ))
                    .color(ui.visuals().warn_fg_color),
                );
                fix = fix.take().or(problem_fix(ui, file, problem, busy));
            });
        }
    }
    for shadowed in &issues.shadowed {
        warning_frame(ui, |ui| {
            ui.label(
                RichText::new(format!("⚠ In the config file, {shadowed}."))
                    .color(ui.visuals().warn_fg_color),
            );
            fix = fix.take().or(shadowed_fix(ui, shadowed, busy));
        });
    }
    fix
}

fn warning_frame(ui: &mut egui::Ui, body: impl FnOnce(&mut egui::Ui)) {
    egui::Frame::group(ui.style())
        .fill(ui.visuals().faint_bg_color)
        .show(ui, |ui| ui.horizontal_wrapped(body));
    ui.add_space(4.0);
}

fn problem_fix(ui: &mut egui::Ui, file: FileKind, problem: &Problem, busy: bool) -> Option<Fix> {
    let button = |ui: &mut egui::Ui, text: String, hover: &str| {
        ui.add_enabled(!busy, egui::Button::new(text))
            .on_hover_text(hover)
            .on_disabled_hover_text("Save or revert your changes first")
            .clicked()
    };
    match (problem, problem.first_line()) {
        (Problem::Bom, _) => button(
            ui,
            "Remove the mark".into(),
            "Remove the invisible byte order mark at the start of the file, and save",
        )
        .then_some(Fix::RemoveBom(file)),
        (_, Some(first)) => {
            let hover = "Keep this one, remove the other, and save (a backup is kept)";
            let mut fix = None;
            for line in [first, problem.line()] {
                if button(ui, format!("Keep line {line}"), hover) {
                    fix = Some(Fix::Keep { file, line });
                }
            }
            fix
        }
        _ => None,
    }
}

fn shadowed_fix(ui: &mut egui::Ui, shadowed: &Shadowed, busy: bool) -> Option<Fix> {
    let merge = ui
        .add_enabled(
            !busy,
            egui::Button::new(format!("Merge into [{}]", shadowed.effective_header)),
        )
        .on_hover_text("Move the settings the ignored header has and the used one lacks into the used one; remove the ignored header; save")
        .on_disabled_hover_text("Save or revert your changes first")
        .clicked();
    let remove = ui
        .add_enabled(!busy, egui::Button::new("Remove it"))
        .on_hover_text("Remove the ignored header and its settings, which nothing reads; save")
        .on_disabled_hover_text("Save or revert your changes first")
        .clicked();
    let profile = shadowed.profile.clone();
    if merge {
        Some(Fix::MergeShadowed(profile))
    } else if remove {
        Some(Fix::RemoveShadowed(profile))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::FileIssues;

    /// The page resolves with the problems found when the files were read; it must say what
    /// `SharedFiles::resolve` says, for files botocore refuses and for files it reads.
    #[test]
    fn resolving_with_known_problems_says_what_resolve_says() {
        let cases = [
            (
                "[profile a]\nregion = x\n",
                "[a]\naws_access_key_id = AKIA1\naws_secret_access_key = s\n",
            ),
            (
                "[profile a]\nregion = x\n[profile a]\n",
                "[a]\naws_access_key_id = AKIA1\n",
            ),
            (
                "[profile a]\n",
                "[a]\naws_access_key_id = AKIA1\naws_access_key_id = AKIA2\n",
            ),
            ("\u{feff}[profile a]\n", "[a]\n"),
        ];
        for (config, credentials) in cases {
            let sandbox = crate::test_support::sandbox_with(Some(config), Some(credentials));
            let workspace = sandbox.load();
            let issues = FileIssues::of(&workspace);
            for name in ["a", "missing"] {
                assert_eq!(
                    format!("{:?}", issues.resolve(&workspace.docs, name)),
                    format!("{:?}", workspace.docs.resolve(name)),
                    "{config:?} {credentials:?} {name}"
                );
            }
        }
    }
}
