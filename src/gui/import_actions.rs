//! Getting access-key CSV files in: the file dialog, dropping files on the window, and turning
//! the preview's choices into an import that runs off the UI thread.

use std::path::PathBuf;

use egui::{Align2, Color32, FontId, Id, LayerId, Order};

use super::app::KeyshelfApp;
use super::dialogs::{Dialog, ImportPreview, PreviewRow};
use super::intent::{ImportRequest, KeychainRequest};
use crate::action::{self, ImportJob};
use crate::import::{self, Candidate, ImportOptions, OnConflict};

impl KeyshelfApp {
    /// "Import CSV…": the native file dialog, on its own thread (it blocks until closed),
    /// starting in the Downloads folder, where the console's CSV lands.
    pub(super) fn choose_csv_files(&mut self) {
        self.jobs.run(
            |_| {
                let mut dialog = rfd::FileDialog::new()
                    .set_title("Import access-key CSV files")
                    .add_filter("CSV files", &["csv", "CSV"]);
                if let Some(downloads) = dirs::download_dir() {
                    // The XDG portal (rfd's first choice) takes the folder as is; its zenity
                    // fallback drops the folder and the title, but opens where `--filename`
                    // points, so the folder goes there too (a name ending in "/" selects no file).
                    let folder = format!("{}/", downloads.display());
                    dialog = dialog.set_directory(downloads).set_file_name(folder);
                }
                dialog.pick_files().unwrap_or_default()
            },
            |app, files: Vec<PathBuf>| match files.is_empty() {
                // Cancelled, or no file dialog on this desktop: either way, say what works.
                true => {
                    app.notice =
                        Some("No file chosen. You can also drop the CSV on the window.".into())
                }
                false => app.open_import(files),
            },
        );
    }

    /// Shows "Drop to import" while files hover over the window, and opens the preview for
    /// files dropped on it.
    pub(super) fn file_drop(&mut self, ctx: &egui::Context) {
        let hovering = ctx.input(|i| !i.raw.hovered_files.is_empty());
        if hovering {
            let painter = ctx.layer_painter(LayerId::new(Order::Foreground, Id::unique("drop")));
            let rect = ctx.content_rect();
            painter.rect_filled(rect, 0.0, Color32::from_black_alpha(170));
            painter.text(
                rect.center(),
                Align2::CENTER_CENTER,
                "Drop to import",
                FontId::proportional(28.0),
                Color32::WHITE,
            );
        }
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .collect()
        });
        if !dropped.is_empty() {
            self.open_import(dropped);
        }
    }

    /// Reads the files off the UI thread and opens the preview; a file that is not an
    /// access-key CSV is an error that changes nothing.
    pub(super) fn open_import(&mut self, files: Vec<PathBuf>) {
        if files.is_empty() || self.workspace.is_none() {
            return;
        }
        self.jobs.run(
            move |_| read_preview(&files).map(|(rows, problems)| (files, rows, problems)),
            |app, read| match read {
                Ok((files, rows, problems)) => {
                    let mut preview = ImportPreview::new(files, rows, problems);
                    if let Some(workspace) = &app.workspace {
                        preview = preview.with_known_keys(&workspace.docs, &app.statuses.key_ids());
                    }
                    app.dialog = Some(Dialog::ImportPreview(Box::new(preview)));
                }
                Err(why) => app.show_error(why),
            },
        );
    }

    /// Starts the import the preview describes. Returns a message for the preview when the
    /// choices cannot be imported as they stand (nothing has been written then).
    pub(super) fn start_import(&mut self, request: ImportRequest) -> Result<(), String> {
        self.keychain_ready().map_err(str::to_owned)?;
        let Some(workspace) = &self.workspace else {
            return Err("The files could not be read.".into());
        };
        let candidates: Vec<Candidate> = request
            .rows
            .iter()
            .filter(|(_, skipped)| !skipped)
            .map(|(candidate, _)| candidate.clone())
            .collect();
        // A file with a skipped key is kept: it may be that key's only copy.
        let kept: Vec<&str> = request
            .rows
            .iter()
            .filter(|(_, skipped)| *skipped)
            .map(|(candidate, _)| candidate.source.as_str())
            .collect();
        if candidates.is_empty() {
            return Err("Every row is skipped: there is nothing to import.".into());
        }
        let planned = import::plan(workspace, &candidates, OnConflict::Replace)
            .map_err(|err| format!("{err}."))?;
        let non_empty = |text: &str| Some(text.trim().to_owned()).filter(|t| !t.is_empty());
        let job = ImportJob {
            planned,
            options: ImportOptions {
                destination: request.destination,
                region: non_empty(&request.region),
                output: non_empty(&request.output),
            },
            today: chrono::Local::now().format("%Y-%m-%d").to_string(),
            delete: if request.delete_source {
                import::safe_to_delete(&request.sources, &kept, &shown_name).0
            } else {
                Vec::new()
            },
        };
        self.start_keychain_as(
            KeychainRequest::Import(Box::new(job)),
            request.install_first,
        );
        Ok(())
    }

    /// Runs a confirmed import; `typed`: the keys were typed for a new profile, not read from
    /// CSV files.
    pub(super) fn import(&mut self, job: ImportJob, typed: bool) {
        let what = match typed {
            true => "Creating the profile…".to_owned(),
            false => format!(
                "Importing {}…",
                crate::words::plural(job.planned.len(), "access key", "access keys")
            ),
        };
        self.run_busy(
            what,
            move |mut keychain, reporter| {
                let result = action::import_rows(
                    &mut keychain.workspace,
                    &keychain.store,
                    &keychain.program,
                    &job,
                    &mut |done, total, profile| reporter.step(done, total, profile),
                );
                (keychain.workspace, result)
            },
            move |app, (workspace, result)| app.finish_import(workspace, result, typed),
        );
    }

    fn finish_import(
        &mut self,
        workspace: crate::files::Workspace,
        result: Result<action::Imported, action::MoveError>,
        typed: bool,
    ) {
        self.take_saved(workspace, result.as_ref().ok().map(|i| &i.report));
        self.health_changed();
        match result {
            Err(err) => self.show_error_with(
                format!("{} Nothing was changed.", super::widgets::say(&err)),
                crate::fault::Fault::details(&err),
            ),
            Ok(imported) => {
                let text = match (typed, imported.profiles.first()) {
                    (true, Some(name)) => match imported.destination {
                        crate::import::Destination::Keychain => {
                            format!("Created “{name}”, with its keys in the system keychain.")
                        }
                        crate::import::Destination::CredentialsFile => format!(
                            "Created “{name}”, with its keys in the credentials file (plain text)."
                        ),
                    },
                    _ => import_result(&imported),
                };
                // The new profile is what the user wants to see next, with what was done.
                match imported.profiles.first() {
                    Some(first) => {
                        self.select(Some(first.clone()));
                        self.list.scroll_to_selected = true;
                        self.tell(&first.clone(), text, true);
                    }
                    None => self.notice = Some(text),
                }
            }
        }
    }
}

impl KeyshelfApp {
    /// New profile with its keys typed in: an import of one row, so the keys go where they
    /// are meant to (the keychain unless chosen otherwise) without a plaintext copy on the way.
    /// A message for the dialog when it cannot start.
    pub(super) fn create_with_keys(
        &mut self,
        name: String,
        access_key_id: String,
        secret_access_key: crate::secret::Secret,
        destination: crate::import::Destination,
        install_first: Option<bool>,
    ) -> Result<(), String> {
        self.keychain_ready().map_err(str::to_owned)?;
        let Some(workspace) = &self.workspace else {
            return Err("The files could not be read.".into());
        };
        let candidate = Candidate {
            source: "the keys typed in".into(),
            row: import::ImportRow {
                row: 1,
                user_name: None,
                access_key_id,
                secret_access_key,
                profile_name: Some(name.clone()),
            },
            name,
        };
        let planned = import::plan(workspace, &[candidate], OnConflict::Fail)
            .map_err(|err| super::widgets::say(&err))?;
        let job = ImportJob {
            planned,
            options: ImportOptions {
                destination,
                region: None,
                output: None,
            },
            today: chrono::Local::now().format("%Y-%m-%d").to_string(),
            delete: Vec::new(),
        };
        self.start_keychain_as(
            KeychainRequest::CreateWithKeys(Box::new(job)),
            install_first,
        );
        Ok(())
    }
}

/// Each file's rows and problems, read for the preview; the first file that is not an
/// access-key CSV stops it, in words.
fn read_preview(files: &[PathBuf]) -> Result<(Vec<PreviewRow>, Vec<String>), String> {
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for file in files {
        let shown = shown_name(file);
        let parsed = import::read_csv_file(file)
            .map_err(|err| format!("{shown}: {err}. Nothing was changed."))?;
        problems.extend(parsed.problems.iter().map(|p| format!("{shown}: {p}")));
        rows.extend(
            import::candidates(&shown, parsed.rows)
                .into_iter()
                .map(PreviewRow::new),
        );
    }
    Ok((rows, problems))
}

/// How a file is named in the preview and in messages: its name without the folder.
fn shown_name(file: &std::path::Path) -> String {
    file.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| file.display().to_string())
}

/// The short result of an import: "bob: in the keychain; the CSV was deleted."
fn import_result(imported: &action::Imported) -> String {
    let place = match imported.destination {
        crate::import::Destination::Keychain => "in the keychain",
        crate::import::Destination::CredentialsFile => "in the credentials file",
    };
    let who = match imported.profiles.as_slice() {
        [one] => one.clone(),
        [first, second] => format!("{first} and {second}"),
        [first, rest @ ..] => format!("{first} and {} more profiles", rest.len()),
        [] => "Nothing".to_owned(),
    };
    let mut note = format!("{who}: {place}");
    match imported.deleted.len() {
        0 if imported.kept.is_empty() => note.push_str(
            ". If you keep the CSV file, delete it when you are done: it holds the secret in plain text.",
        ),
        0 => note.push('.'),
        1 => note.push_str("; the CSV file was deleted."),
        n => note.push_str(&format!("; the {n} CSV files were deleted.")),
    }
    for (file, err) in &imported.kept {
        note.push_str(&format!(
            " {} could not be deleted ({err}): delete it yourself, it holds the secret in plain text.",
            file.display()
        ));
    }
    if let Some(scrub) = imported.report.scrub.describe() {
        note.push_str(&format!(" {}.", super::widgets::capitalised(&scrub)));
    }
    note
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::import_result;
    use crate::action::Imported;
    use crate::import::Destination;

    fn imported(
        profiles: &[&str],
        destination: Destination,
        deleted: &[&str],
        kept: &[(&str, &str)],
    ) -> Imported {
        Imported {
            profiles: profiles.iter().map(|p| p.to_string()).collect(),
            destination,
            report: Default::default(),
            deleted: deleted.iter().map(PathBuf::from).collect(),
            kept: kept
                .iter()
                .map(|(f, e)| (PathBuf::from(f), e.to_string()))
                .collect(),
        }
    }

    #[test]
    fn an_import_says_where_the_keys_went_and_what_became_of_the_csv() {
        assert_eq!(
            import_result(&imported(
                &["bob"],
                Destination::Keychain,
                &["bob.csv"],
                &[]
            )),
            "bob: in the keychain; the CSV file was deleted."
        );
        let kept = import_result(&imported(
            &["a", "b"],
            Destination::CredentialsFile,
            &[],
            &[],
        ));
        assert!(kept.starts_with("a and b: in the credentials file. If you keep the CSV"));
        let failed = [("x.csv", "permission denied")];
        let text = import_result(&imported(&["a"], Destination::Keychain, &[], &failed));
        assert!(!text.contains("0 CSV"), "{text}");
        assert!(text.contains("x.csv could not be deleted"), "{text}");
    }
}
