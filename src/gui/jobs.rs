//! Work that must not run on the UI thread: saving files, keychain calls (a locked keychain can
//! block while it prompts), and noticing when another program changes the files. Each job reports back over a channel and
//! wakes the UI; when nothing happens, nothing repaints.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread;
use std::time::{Duration, SystemTime};

use crate::files::{SaveJob, Saved};
use crate::task::{self, Finished, StoreFactory, Task};

/// What a background job reports.
pub enum JobEvent {
    Saved(Saved),
    /// A keychain task ended (see [`crate::task`]).
    Keychain(Box<Finished>),
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
    /// The health check is this far.
    HealthProgress(crate::doctor::Progress),
    /// The health check ended.
    Health(Box<crate::doctor::Report>),
    /// A Health page fix ended: what was done, or why not, in words.
    Fixed(Result<String, String>),
    /// Testing a profile against AWS ended.
    Tested(
        String,
        Result<Box<crate::cloud::TestReport>, crate::cloud::CloudError>,
    ),
    /// A line of an unreadable file was fixed (the backup's path), or why not.
    LineFixed(Result<PathBuf, String>),
    /// The install ended, and the task that waited for it.
    Installed(Result<crate::install::Installed, String>, Option<Task>),
}

/// What the health check needs, owned, for its thread.
pub struct HealthJob {
    pub paths: crate::aws::AwsPaths,
    /// The files as read (`None`: they could not be read; they are read again here).
    pub workspace: Option<crate::files::Workspace>,
    /// Searched for copies of keys; `None` skips the search.
    pub home: Option<PathBuf>,
    pub store: StoreFactory,
    pub cancel: std::sync::Arc<std::sync::atomic::AtomicBool>,
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
    pub fn run_keychain_task(
        &self,
        store: StoreFactory,
        program: PathBuf,
        workspace: crate::files::Workspace,
        task: Task,
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
            let finished = task::run(task, &store, &program, workspace, &mut progress);
            let _ = tx.send(JobEvent::Keychain(Box::new(finished)));
            ctx.request_repaint();
        });
    }

    /// Runs the health check on its own thread, reporting progress as it searches.
    pub fn check_health(&self, job: HealthJob) {
        let tx = self.tx.clone();
        let ctx = self.ctx.clone();
        thread::spawn(move || {
            let workspace = match job.workspace {
                Some(workspace) => Ok(workspace),
                None => crate::files::Workspace::load(job.paths.clone()),
            };
            let keychain_keys = match (&workspace, (job.store)()) {
                (Ok(workspace), Ok(store)) => {
                    crate::doctor::keychain_keys(workspace, store.as_ref())
                }
                _ => Default::default(),
            };
            let inputs = crate::doctor::Inputs {
                paths: &job.paths,
                files: workspace.as_ref(),
                home: job.home,
                environment: crate::doctor::environment_of_process(),
                keychain_keys,
                today: chrono::Local::now().date_naive(),
                limits: crate::doctor::ScanLimits::default(),
            };
            let progress_tx = tx.clone();
            let progress_ctx = ctx.clone();
            let mut progress = move |p: crate::doctor::Progress| {
                let _ = progress_tx.send(JobEvent::HealthProgress(p));
                progress_ctx.request_repaint();
            };
            let report = crate::doctor::check(&inputs, &job.cancel, &mut progress);
            let _ = tx.send(JobEvent::Health(Box::new(report)));
            ctx.request_repaint();
        });
    }

    /// Makes a file fix of the Health page ([`crate::doctor::apply`]) on its own thread.
    pub fn fix_file(&self, action: crate::doctor::Action) {
        let tx = self.tx.clone();
        let ctx = self.ctx.clone();
        thread::spawn(move || {
            let result = match crate::doctor::apply(&action) {
                Ok(()) => Ok(match &action {
                    crate::doctor::Action::DeleteFile { path } => {
                        format!("Deleted {}.", path.display())
                    }
                    crate::doctor::Action::Tighten { path, .. } => {
                        format!("{} is now private.", path.display())
                    }
                    _ => "Done.".to_owned(),
                }),
                Err(err) => Err(format!(
                    "That did not work: {err}. Nothing else was changed."
                )),
            };
            let _ = tx.send(JobEvent::Fixed(result));
            ctx.request_repaint();
        });
    }

    /// Tests a profile against AWS on its own thread (the SDK starts its own runtime there).
    pub fn test_profile(&self, profile: String, target: crate::cloud::Target) {
        let tx = self.tx.clone();
        let ctx = self.ctx.clone();
        thread::spawn(move || {
            let result = crate::cloud::test_profile(&profile, &target).map(Box::new);
            let _ = tx.send(JobEvent::Tested(profile, result));
            ctx.request_repaint();
        });
    }

    /// Fixes the line that stops a file from being read, on its own thread.
    pub fn fix_line(
        &self,
        paths: crate::aws::AwsPaths,
        line: crate::files::UnreadableLine,
        fix: crate::files::LineFix,
    ) {
        let tx = self.tx.clone();
        let ctx = self.ctx.clone();
        thread::spawn(move || {
            let result = crate::files::fix_line(&paths, &line, fix).map_err(|e| format!("{e}."));
            let _ = tx.send(JobEvent::LineFixed(result));
            ctx.request_repaint();
        });
    }

    /// Installs keyshelf in its usual per-user place on its own thread (it copies the program).
    pub fn install(&self, then: Option<Task>) {
        let tx = self.tx.clone();
        let ctx = self.ctx.clone();
        thread::spawn(move || {
            let result = crate::install::Places::new(None)
                .and_then(|places| crate::install::install(&places))
                .map_err(|err| err.to_string());
            let _ = tx.send(JobEvent::Installed(result, then));
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
                // The XDG portal (rfd's first choice) takes the folder as is; its zenity fallback
                // drops the folder and the title, but opens where `--filename` points, so the
                // folder goes there too (a name ending in "/" selects no file).
                let folder = format!("{}/", downloads.display());
                dialog = dialog.set_directory(downloads).set_file_name(folder);
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
