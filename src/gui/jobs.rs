//! Work that must not run on the UI thread: saving files, keychain calls (a locked keychain can
//! block while it prompts), and noticing when another program changes the files. Each job reports back over a channel and
//! wakes the UI; when nothing happens, nothing repaints.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread;
use std::time::{Duration, SystemTime};

use std::sync::Arc;

use crate::files::{SaveJob, Saved, Workspace};
use crate::keychain::{self, Ailment, ItemKey, KeychainError, Outcome, SecretStore};

/// Opens the keychain. Called on a worker thread: connecting can block.
pub type StoreFactory = Arc<dyn Fn() -> Result<Arc<dyn SecretStore>, KeychainError> + Send + Sync>;

/// The OS keychain.
pub fn native_keychain() -> StoreFactory {
    Arc::new(|| keychain::native_store().map(Arc::from))
}

/// A keychain task. Each carries its own copy of the workspace, which it saves and sends back.
pub enum KeychainTask {
    Migrate(String),
    Restore(String),
    MigrateAll,
    RestoreAll,
    /// Only asks whether the profile's item is there.
    Check(String),
    Import(Box<ImportJob>),
    /// Deletes the items of profiles that were deleted and saved.
    Forget(Vec<ItemKey>),
    /// Renames a keychain profile, moving its item: `(old, new)`.
    Rename(String, String),
}

/// An import the user confirmed in the preview.
pub struct ImportJob {
    pub planned: Vec<crate::import::Planned>,
    pub options: crate::import::ImportOptions,
    pub today: String,
    /// CSV files to delete once their keys are in.
    pub delete: Vec<PathBuf>,
}

/// A finished keychain task: the workspace as it is on disk now, and what happened to each
/// profile (one entry for a single-profile task).
pub struct KeychainDone {
    pub workspace: Workspace,
    /// The keychain could not be opened at all.
    pub unavailable: Option<KeychainError>,
    pub outcomes: Vec<(String, Outcome)>,
    pub health: Option<(String, Option<Ailment>)>,
    /// For [`KeychainTask::Forget`]: each profile whose item was to go, and why it could not.
    pub forgot: Vec<(String, Option<KeychainError>)>,
}

/// What a background job reports.
pub enum JobEvent {
    Saved(Saved),
    Keychain(Box<KeychainDone>),
    /// A keychain task for many profiles is at profile `done + 1` of `total`.
    Progress {
        done: usize,
        total: usize,
        profile: String,
    },
    /// The file dialog closed: the chosen files (none when cancelled).
    FilesPicked(Vec<PathBuf>),
    /// A file's size or modification time changed on disk.
    FilesTouched,
}

pub struct Jobs {
    tx: Sender<JobEvent>,
    rx: Receiver<JobEvent>,
    /// The context to wake; known from the first frame on.
    ctx: egui::Context,
    attached: bool,
    watch: Vec<PathBuf>,
}

impl Jobs {
    /// Jobs that will watch `watch` for changes by other programs once the first frame runs.
    pub fn new(watch: Vec<PathBuf>) -> Jobs {
        let (tx, rx) = channel();
        Jobs {
            tx,
            rx,
            ctx: egui::Context::default(),
            attached: false,
            watch,
        }
    }

    /// Called every frame: the first call starts the file watcher.
    pub fn attach(&mut self, ctx: &egui::Context) {
        if !self.attached {
            self.attached = true;
            self.ctx = ctx.clone();
            if !self.watch.is_empty() {
                self.start_watcher(self.watch.clone());
            }
        }
    }

    pub fn ctx(&self) -> &egui::Context {
        &self.ctx
    }

    /// Runs a save on its own thread.
    pub fn save(&self, job: SaveJob) {
        let tx = self.tx.clone();
        let ctx = self.ctx.clone();
        thread::spawn(move || {
            let _ = tx.send(JobEvent::Saved(job.run()));
            ctx.request_repaint();
        });
    }

    /// Runs a keychain task on its own thread, over a copy of the workspace.
    pub fn keychain(
        &self,
        store: StoreFactory,
        program: std::path::PathBuf,
        mut workspace: Workspace,
        task: KeychainTask,
    ) {
        let tx = self.tx.clone();
        let ctx = self.ctx.clone();
        thread::spawn(move || {
            let progress_tx = tx.clone();
            let progress_ctx = ctx.clone();
            let mut progress = move |done: usize, total: usize, profile: &str| {
                let _ = progress_tx.send(JobEvent::Progress {
                    done,
                    total,
                    profile: profile.to_owned(),
                });
                progress_ctx.request_repaint();
            };
            let mut health = None;
            let mut forgot = Vec::new();
            let mut unavailable = None;
            let mut outcomes = Vec::new();
            if let KeychainTask::Import(job) = &task {
                outcomes.push(run_import(
                    &store,
                    &program,
                    &mut workspace,
                    job,
                    &mut progress,
                ));
            } else {
                match store() {
                    Err(err) => {
                        if let KeychainTask::Check(name) = &task {
                            health =
                                Some((name.clone(), Some(Ailment::KeychainError(err.clone()))));
                        }
                        unavailable = Some(err);
                    }
                    Ok(store) => {
                        let store = store.as_ref();
                        let one = |result: crate::Result<keychain::Moved>| match result {
                            Ok(moved) => Outcome::Moved(moved),
                            Err(err) => Outcome::Failed(err),
                        };
                        match &task {
                            KeychainTask::Migrate(name) => outcomes.push((
                                name.clone(),
                                one(keychain::migrate(&mut workspace, store, &program, name)),
                            )),
                            KeychainTask::Restore(name) => outcomes.push((
                                name.clone(),
                                one(keychain::restore(&mut workspace, store, name)),
                            )),
                            KeychainTask::MigrateAll => {
                                outcomes = keychain::migrate_all(
                                    &mut workspace,
                                    store,
                                    &program,
                                    &mut progress,
                                )
                            }
                            KeychainTask::RestoreAll => {
                                outcomes =
                                    keychain::restore_all(&mut workspace, store, &mut progress)
                            }
                            KeychainTask::Check(name) => {
                                health = Some((
                                    name.clone(),
                                    keychain::keychain_ailment(&workspace, store, name),
                                ));
                            }
                            KeychainTask::Import(_) => {}
                            KeychainTask::Rename(old, new) => outcomes.push((
                                new.clone(),
                                one(keychain::rename_served(&mut workspace, store, old, new)
                                    .map(|(moved, _)| moved)),
                            )),
                            KeychainTask::Forget(items) => {
                                for item in items {
                                    forgot.push((item.profile.clone(), store.delete(item).err()));
                                }
                            }
                        }
                    }
                }
            }
            let done = KeychainDone {
                workspace,
                forgot,
                unavailable,
                outcomes,
                health,
            };
            let _ = tx.send(JobEvent::Keychain(Box::new(done)));
            ctx.request_repaint();
        });
    }

    /// Opens the native file dialog on its own thread (it blocks until closed), starting in
    /// the Downloads folder, where the console's CSV lands.
    pub fn pick_csv_files(&self) {
        let tx = self.tx.clone();
        let ctx = self.ctx.clone();
        thread::spawn(move || {
            let mut dialog = rfd::FileDialog::new()
                .set_title("Import access-key CSV files")
                .add_filter("CSV files", &["csv", "CSV"]);
            if let Some(downloads) = dirs::download_dir() {
                dialog = dialog.set_directory(downloads);
            }
            let files = dialog.pick_files().unwrap_or_default();
            let _ = tx.send(JobEvent::FilesPicked(files));
            ctx.request_repaint();
        });
    }

    /// Watches the files' metadata once a second, on its own thread, until the app goes away.
    fn start_watcher(&self, paths: Vec<PathBuf>) {
        let tx = self.tx.clone();
        let ctx = self.ctx.clone();
        thread::spawn(move || {
            let stamp = |paths: &[PathBuf]| -> Vec<Option<(u64, Option<SystemTime>)>> {
                paths
                    .iter()
                    .map(|p| {
                        std::fs::metadata(p)
                            .ok()
                            .map(|m| (m.len(), m.modified().ok()))
                    })
                    .collect()
            };
            let mut last = stamp(&paths);
            loop {
                thread::sleep(Duration::from_millis(1000));
                let now = stamp(&paths);
                if now != last {
                    last = now;
                    if tx.send(JobEvent::FilesTouched).is_err() {
                        return;
                    }
                    ctx.request_repaint();
                }
            }
        });
    }

    /// Events that arrived since the last frame.
    pub fn poll(&self) -> Vec<JobEvent> {
        self.rx.try_iter().collect()
    }
}

/// Imports on the worker thread: opens the keychain only when the keys go there, and deletes
/// the CSV files only after everything is saved.
fn run_import(
    store: &StoreFactory,
    program: &std::path::Path,
    workspace: &mut Workspace,
    job: &ImportJob,
    progress: &mut dyn FnMut(usize, usize, &str),
) -> (String, Outcome) {
    let name = "the import".to_owned();
    let opened = match job.options.destination {
        crate::import::Destination::Keychain => match store() {
            Ok(store) => Some(store),
            Err(source) => {
                let err = crate::Error::Keychain {
                    profile: job
                        .planned
                        .first()
                        .map(|p| p.profile.clone())
                        .unwrap_or_default(),
                    source,
                };
                return (name, Outcome::Failed(err));
            }
        },
        crate::import::Destination::CredentialsFile => None,
    };
    let result = crate::import::apply_with_progress(
        workspace,
        opened.as_deref(),
        program,
        &job.planned,
        &job.options,
        &job.today,
        progress,
    );
    match result {
        Ok(report) => {
            for file in &job.delete {
                let _ = crate::files::delete_plaintext_copy(file);
            }
            (
                name,
                Outcome::Moved(keychain::Moved {
                    report,
                    item_left: None,
                }),
            )
        }
        Err(err) => (name, Outcome::Failed(err)),
    }
}
