//! The app's state and its frame: the `show` method reads as the table of contents of the
//! window.

use std::path::PathBuf;

use egui::ViewportCommand;
use serde::{Deserialize, Serialize};

use super::dialogs::Dialog;
use super::form::Form;
use super::jobs::Jobs;
use crate::action::{StoreFactory, native_keychain};
use crate::aws::FileKind;
use crate::aws::{AwsPaths, Profile};
use crate::files::Workspace;

/// Progress of a running keychain task.
pub struct KeychainProgress {
    pub what: String,
    pub fraction: Option<f32>,
}

/// What the app remembers between runs (eframe also keeps the window size). Never file
/// contents or secrets: only the name of the last selected profile.
#[derive(Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Remembered {
    pub last_profile: Option<String>,
    /// "system", "light" or "dark" (egui's memory, which would hold it, is not kept).
    pub theme: Option<String>,
}

const STORAGE_KEY: &str = "keyshelf";

/// Reading the files, which happens off the UI thread.
pub enum Reading {
    Started,
    Done,
    /// Why they could not be read, in plain words, and the line that stops them with its fixes.
    Failed {
        message: String,
        line: Option<crate::files::UnreadableLine>,
    },
}

pub struct KeyshelfApp {
    pub(super) workspace: Option<Workspace>,
    /// Whether the files are being read, or why they could not be.
    pub(super) reading: Reading,
    pub(super) paths: Option<AwsPaths>,
    /// The profile model, rebuilt after each change.
    pub(super) profiles: Vec<Profile>,
    pub(super) search: String,
    /// Indexes into `profiles` that match `search`.
    pub(super) visible: Vec<usize>,
    pub(super) selected: Option<String>,
    pub(super) form: Form,
    /// Which credentials the AWS tools will use for the selected profile, worked out when the
    /// selection or the files change (not every frame).
    pub(super) uses: Option<std::result::Result<crate::aws::Source, crate::aws::ResolveError>>,
    /// What the AWS tools refuse or misread in the files, for the banner.
    pub(super) file_issues: super::file_problems::FileIssues,
    /// Edits since the last save (or load).
    pub(super) dirty: bool,
    pub(super) saving: bool,
    /// Close the window once the running save succeeds (Save in the unsaved-changes dialog).
    pub(super) close_after_save: bool,
    /// The user chose to close without saving.
    pub(super) allow_close: bool,
    pub(super) dialog: Option<Dialog>,
    /// Files another program changed since we read them.
    pub(super) changed_on_disk: Vec<FileKind>,
    pub(super) last_backup: Option<PathBuf>,
    /// A short note in the status bar ("Saved", "Renamed …").
    pub(super) notice: Option<String>,
    pub(super) focus_search: bool,
    pub(super) search_id: Option<egui::Id>,
    pub(super) scroll_to_selected: bool,
    pub(super) jobs: Jobs,
    /// Opens the keychain (on a worker thread).
    pub(super) keychain: StoreFactory,
    /// The program that migrated profiles' credential_process runs: this keyshelf.
    pub(super) program: PathBuf,
    /// A keychain task is running: what it is doing, for the progress bar.
    pub(super) keychain_busy: Option<KeychainProgress>,
    /// Ask the keychain about every keychain profile on the next frame.
    pub(super) check_all_pending: bool,
    /// What is known of each profile beyond the files: keychain item, Test, session, marks.
    pub(super) statuses: super::status::Statuses,
    /// Rotations that stopped before they finished (profile, new key ID, old key ID), found at
    /// the start: the banner offers to finish each.
    pub(super) stopped_rotations: Vec<crate::rotate::StoppedRotation>,
    /// The keys read for Show secret on a keychain profile: only the selected profile's, and
    /// dropped (wiped) when the selection changes or the secret is hidden.
    pub(super) revealed: Option<(String, Box<crate::keychain::StoredKeys>)>,
    /// Where AWS calls go (`None`: as the SDK finds it; tests point it at a fake AWS).
    pub(super) aws_endpoint: Option<String>,
    /// A secret copied to the clipboard, cleared after a while.
    pub(super) copied: Option<super::clipboard::CopiedSecret>,
    /// Read the system clipboard before clearing it (tests turn it off).
    pub(super) read_clipboard: bool,
    /// Keychain items of deleted profiles, removed once the deletion is saved.
    pub(super) forget_after_save: Vec<crate::keychain::ItemKey>,
    /// Offer to install when running from a temporary place (the real app; tests opt in).
    pub(super) install_offer: bool,
    /// This keyshelf runs from a temporary place (see `find_temporary_place`).
    pub(super) in_temporary_place: bool,
    /// The user said "Not now", or installed, this run.
    pub(super) install_declined: bool,
    pub(super) installing: bool,
    /// Served profiles whose keyshelf program is gone (the Repair all banner).
    pub(super) broken_paths: Vec<String>,
    /// Profiles edited since the last save: a save with problems in them asks first.
    pub(super) edited: std::collections::BTreeSet<String>,
    /// The theme chosen in an earlier run, set on the first frame.
    pub(super) remembered_theme: Option<egui::ThemePreference>,
    /// The profile list is shown (it can be hidden in a narrow window).
    pub(super) show_list: bool,
    /// The Health page is shown instead of the profile page.
    pub(super) show_health: bool,
    pub(super) health: super::health_page::HealthPage,
    /// Stops the running health check's search.
    pub(super) health_cancel: std::sync::Arc<std::sync::atomic::AtomicBool>,
    /// The home folder the health check searches for copies of keys (`None`: no search; tests
    /// give a sandbox).
    pub(super) home: Option<PathBuf>,
    /// What the panels asked for this frame, applied once it is drawn.
    pub(super) intents: Vec<super::intent::Intent>,
    title: String,
    /// Set by `benches/window.sh` (through an environment variable) to time the first frame.
    pub(super) exit_after_first_frame: bool,
}

impl KeyshelfApp {
    /// Reads the files (paths as resolved from the environment) and builds the app, with the
    /// OS keychain.
    pub fn new(
        paths: Result<AwsPaths, crate::aws::AwsError>,
        storage: Option<&dyn eframe::Storage>,
    ) -> Self {
        let program = crate::keychain::this_program().unwrap_or_default();
        let mut app = Self::with_keychain(paths, storage, native_keychain(), program);
        app.home = dirs::home_dir();
        app.install_offer = true;
        app.find_temporary_place();
        app
    }

    /// As [`KeyshelfApp::new`], with another keychain (tests use an in-memory one) and the
    /// program path to write into `credential_process`.
    pub fn with_keychain(
        paths: Result<AwsPaths, crate::aws::AwsError>,
        storage: Option<&dyn eframe::Storage>,
        keychain: StoreFactory,
        program: PathBuf,
    ) -> Self {
        let remembered: Remembered = storage
            .and_then(|s| eframe::get_value(s, STORAGE_KEY))
            .unwrap_or_default();
        let watch = paths
            .as_ref()
            .map(|p| vec![p.config.clone(), p.credentials.clone()])
            .unwrap_or_default();
        let jobs = Jobs::new(watch);
        let theme = remembered.theme.clone();
        let mut app = KeyshelfApp {
            workspace: None,
            reading: Reading::Started,
            paths: None,
            profiles: Vec::new(),
            search: String::new(),
            visible: Vec::new(),
            selected: None,
            form: Form::default(),
            uses: None,
            file_issues: Default::default(),
            dirty: false,
            saving: false,
            close_after_save: false,
            allow_close: false,
            dialog: None,
            changed_on_disk: Vec::new(),
            last_backup: None,
            notice: None,
            focus_search: false,
            search_id: None,
            scroll_to_selected: false,
            jobs,
            keychain,
            program,
            keychain_busy: None,
            statuses: Default::default(),
            stopped_rotations: Vec::new(),
            check_all_pending: false,
            revealed: None,
            copied: None,
            aws_endpoint: None,
            read_clipboard: true,
            forget_after_save: Vec::new(),
            install_offer: false,
            in_temporary_place: false,
            install_declined: false,
            installing: false,
            broken_paths: Vec::new(),
            edited: Default::default(),
            show_list: true,
            remembered_theme: None,
            show_health: false,
            health: Default::default(),
            health_cancel: Default::default(),
            home: None,
            intents: Vec::new(),
            title: String::new(),
            exit_after_first_frame: false,
        };
        app.remembered_theme = match theme.as_deref() {
            Some("light") => Some(egui::ThemePreference::Light),
            Some("dark") => Some(egui::ThemePreference::Dark),
            _ => None,
        };
        // Shown once the files are read, if it is still there (else the first profile).
        app.selected = remembered.last_profile;
        match paths {
            Ok(paths) => {
                app.paths = Some(paths);
                app.load();
            }
            Err(err) => {
                app.reading = Reading::Failed {
                    message: err.to_string(),
                    line: None,
                }
            }
        }
        app
    }

    /// One frame of the whole window.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.jobs.attach(&ctx);
        if let Some(theme) = self.remembered_theme.take() {
            ctx.set_theme(theme);
        }
        self.check_all_items();
        self.handle_job_events();
        self.clear_clipboard_when_due(&ctx);
        self.handle_shortcuts(&ctx);
        self.guard_close(&ctx);
        self.update_title(&ctx);
        self.top_bar(ui);
        self.status_bar(ui);
        if self.show_health {
            self.health_page(ui);
        } else if self.workspace.is_none() {
            self.reading_page(ui);
        } else if self.profiles.is_empty() {
            self.welcome(ui);
        } else {
            if self.show_list {
                self.profile_list(ui);
            }
            self.profile_page(ui);
        }
        self.dialogs(&ctx);
        self.file_drop(&ctx);
        self.apply_queued();
    }

    /// The profiles the app shows, for tests and the title.
    pub fn profile_count(&self) -> usize {
        self.profiles.len()
    }

    pub fn is_dirty(&self) -> bool {
        self.dirty
    }

    pub fn is_saving(&self) -> bool {
        self.saving
    }

    /// The profile whose page is shown.
    pub fn selected_profile(&self) -> Option<&str> {
        self.selected.as_deref()
    }

    /// Whether any job runs off the UI thread (tests wait for them).
    pub fn has_running_jobs(&self) -> bool {
        self.jobs.running() > 0
    }

    /// Whether a keychain task (migrate, restore) is running.
    pub fn is_keychain_busy(&self) -> bool {
        self.keychain_busy.is_some()
    }

    /// Hands each finished job its result (see [`super::jobs`]).
    fn handle_job_events(&mut self) {
        for done in self.jobs.poll() {
            done(self);
        }
    }

    /// An action over many profiles is at profile `done + 1` of `total`.
    pub(super) fn busy_step(&mut self, done: usize, total: usize, profile: &str) {
        if let Some(busy) = &mut self.keychain_busy {
            busy.fraction = Some(done as f32 / total.max(1) as f32);
            busy.what = format!("{} of {total}: {profile}", done + 1);
        }
    }

    /// A job stopped with a bug (a panic): nothing waits for it any more, and the person is
    /// told, since what it was doing may be half done.
    pub(super) fn job_failed(&mut self) {
        self.keychain_busy = None;
        self.saving = false;
        self.installing = false;
        self.health.running = None;
        self.show_error(
            "Something went wrong inside keyshelf and the last action stopped. Your files were checked before any change; use Reload to see them as they are now.".into(),
        );
    }

    /// Another program changed a file's size or time: a file that could not be read is read
    /// again, else the page says which file changed.
    pub(super) fn files_touched(&mut self) {
        if self.workspace.is_none() {
            self.load();
        } else if !self.saving {
            self.check_disk();
        }
    }

    fn handle_shortcuts(&mut self, ctx: &egui::Context) {
        use egui::{Key, KeyboardShortcut, Modifiers};
        let shortcut = |key| KeyboardShortcut::new(Modifiers::COMMAND, key);
        if self.dialog.is_some() {
            return;
        }
        if ctx.input_mut(|i| i.consume_shortcut(&shortcut(Key::S))) {
            self.ask(super::intent::Intent::Save);
        }
        if ctx.input_mut(|i| i.consume_shortcut(&shortcut(Key::N))) && self.workspace.is_some() {
            self.dialog = Some(Dialog::new_profile());
        }
        if ctx.input_mut(|i| i.consume_shortcut(&shortcut(Key::F))) {
            self.focus_search = true;
        }
        let typing = ctx.memory(|m| m.focused().is_some()) && !self.search_has_focus(ctx);
        if !typing {
            let step = ctx.input(|i| {
                i.num_presses(Key::ArrowDown) as isize - i.num_presses(Key::ArrowUp) as isize
            });
            if step != 0 {
                self.move_selection(step);
            }
        }
    }

    /// Closing with unsaved changes cancels the close and asks Save / Discard / Cancel.
    fn guard_close(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested())
            && (self.dirty || self.saving || self.keychain_busy.is_some())
            && !self.allow_close
        {
            ctx.send_viewport_cmd(ViewportCommand::CancelClose);
            self.dialog = Some(Dialog::UnsavedOnClose);
        }
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let n = self.profiles.len();
        let title = format!("keyshelf — {n} profile{}", if n == 1 { "" } else { "s" });
        if title != self.title {
            ctx.send_viewport_cmd(ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }

    /// The Health page, drawn from the last report; what it asks for is queued.
    fn health_page(&mut self, ui: &mut egui::Ui) {
        let mut asked = Vec::new();
        egui::CentralPanel::default().show(ui, |ui| self.health.show(ui, &mut asked));
        self.intents.extend(asked);
    }

    /// Sends AWS calls to `endpoint` (tests: a local fake AWS).
    pub fn set_aws_endpoint(&mut self, endpoint: Option<String>) {
        self.aws_endpoint = endpoint;
    }

    /// Sets the home folder the health check searches (tests give a sandbox; `None`: none).
    pub fn set_home(&mut self, home: Option<PathBuf>) {
        self.home = home;
    }

    /// The last health report, for tests.
    pub fn health_report(&self) -> Option<&crate::doctor::Report> {
        self.health.report.as_ref()
    }

    /// Whether the health check is running.
    pub fn is_checking_health(&self) -> bool {
        self.health.running.is_some()
    }

    /// The window's title as last set, for tests.
    pub fn title(&self) -> &str {
        &self.title
    }

    /// While the files are read (off the UI thread), or why they could not be.
    fn reading_page(&mut self, ui: &mut egui::Ui) {
        let mut asked = Vec::new();
        egui::CentralPanel::default().show(ui, |ui| match &self.reading {
            Reading::Started | Reading::Done => {
                ui.horizontal(|ui| {
                    ui.add(egui::Spinner::new());
                    ui.label("Reading your AWS files…");
                });
            }
            Reading::Failed { message, line } => {
                super::unreadable_page::show(ui, message, line.as_ref(), &mut asked);
            }
        });
        self.intents.extend(asked);
    }
}

impl eframe::App for KeyshelfApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
        if self.exit_after_first_frame {
            self.allow_close = true;
            ui.ctx().send_viewport_cmd(ViewportCommand::Close);
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        let theme = match self.jobs.ctx().options(|o| o.theme_preference) {
            egui::ThemePreference::System => "system",
            egui::ThemePreference::Light => "light",
            egui::ThemePreference::Dark => "dark",
        };
        let remembered = Remembered {
            last_profile: self.selected.clone(),
            theme: Some(theme.to_owned()),
        };
        eframe::set_value(storage, STORAGE_KEY, &remembered);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.clear_clipboard_on_exit();
    }

    /// egui's memory holds text-edit state, which can hold what was typed in a secret field.
    fn persist_egui_memory(&self) -> bool {
        false
    }
}
