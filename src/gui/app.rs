//! The app's state and its frame: the `show` method reads as the table of contents of the
//! window.

use std::path::PathBuf;

use egui::ViewportCommand;

use super::dialogs::Dialog;
use super::form::Form;
use super::jobs::Jobs;
use super::window::{Remembered, STORAGE_KEY};
use crate::action::{StoreFactory, native_keychain};
use crate::aws::AwsPaths;
use crate::files::Workspace;

/// Progress of a running keychain task.
pub struct KeychainProgress {
    pub what: String,
    pub fraction: Option<f32>,
}

/// Below this window width (points) the profile list is a drawer.
pub(super) const NARROW: f32 = 900.0;

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
    /// The files as read (`None` until they are, or when they cannot be).
    pub(super) workspace: Option<Workspace>,
    /// Whether the files are being read, or why they could not be.
    pub(super) reading: Reading,
    pub(super) paths: Option<AwsPaths>,
    /// What the files say: profiles, banners, which credentials the selected one uses.
    pub(super) model: super::state::Model,
    /// The profile whose page is shown.
    pub(super) selected: Option<String>,
    pub(super) form: Form,
    pub(super) list: super::state::ListState,
    /// Edits since the last save (or load).
    pub(super) dirty: bool,
    pub(super) save: super::state::SaveState,
    pub(super) dialog: Option<Dialog>,
    /// A short note in the status bar ("Saved", "Renamed …").
    pub(super) notice: Option<String>,
    pub(super) jobs: Jobs<KeyshelfApp>,
    /// The keychain, this program, the AWS endpoint and the home folder.
    pub(super) outside: super::state::Outside,
    /// A keychain action is running: what it is doing, for the progress bar.
    pub(super) keychain_busy: Option<KeychainProgress>,
    /// What is known of each profile beyond the files: keychain item, Test, session, marks.
    pub(super) statuses: super::status::Statuses,
    /// The keys read for Show secret on a keychain profile: only the selected profile's, and
    /// dropped (wiped) when the selection changes or the secret is hidden.
    pub(super) revealed: Option<(String, Box<crate::keychain::StoredKeys>)>,
    pub(super) clipboard: super::state::Clipboard,
    pub(super) install: super::state::InstallState,
    pub(super) health: super::health_page::HealthPage,
    /// What the panels asked for this frame, applied once it is drawn.
    pub(super) intents: Vec<super::intent::Intent>,
    pub(super) window: super::state::WindowState,
}

impl KeyshelfApp {
    /// Builds the app on the files as `read` (paths as resolved from the environment), with
    /// the OS keychain.
    pub fn new(
        paths: Result<AwsPaths, crate::aws::AwsError>,
        read: Option<super::actions::EarlyRead>,
        storage: Option<&dyn eframe::Storage>,
    ) -> Self {
        let mut app = Self::build(paths, read, storage, native_keychain(), PathBuf::new());
        // Where keyshelf is installed is read off the UI thread, like everything on disk; the
        // keychain buttons wait for it.
        app.outside.home = dirs::home_dir();
        app.install.offer = true;
        app.jobs.run(
            |_| crate::install::this_program().unwrap_or_default(),
            |app, program| {
                app.outside.program = program;
                app.find_temporary_place();
            },
        );
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
        Self::build(paths, None, storage, keychain, program)
    }

    /// The app on `paths`, taking the files from `read` if it was started, else reading them.
    fn build(
        paths: Result<AwsPaths, crate::aws::AwsError>,
        read: Option<super::actions::EarlyRead>,
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
            model: Default::default(),
            selected: None,
            form: Form::default(),
            list: Default::default(),
            dirty: false,
            save: Default::default(),
            dialog: None,
            notice: None,
            jobs,
            outside: super::state::Outside {
                keychain,
                program,
                aws_endpoint: None,
                home: None,
                browser: super::state::desktop_browser(),
                sso_cancel: Default::default(),
            },
            keychain_busy: None,
            statuses: Default::default(),
            revealed: None,
            clipboard: Default::default(),
            install: Default::default(),
            health: Default::default(),
            intents: Vec::new(),
            window: Default::default(),
        };
        app.window.remembered_theme = match theme.as_deref() {
            Some("light") => Some(egui::ThemePreference::Light),
            Some("dark") => Some(egui::ThemePreference::Dark),
            _ => None,
        };
        // Shown once the files are read, if it is still there (else the first profile).
        app.selected = remembered.last_profile;
        match paths {
            Ok(paths) => {
                app.paths = Some(paths);
                match read {
                    Some(read) => app.take_early_read(read),
                    None => app.load(),
                }
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
        if let Some(theme) = self.window.remembered_theme.take() {
            ctx.set_theme(theme);
        }
        self.handle_job_events();
        self.clear_clipboard_when_due(&ctx);
        self.handle_shortcuts(&ctx);
        // Back from another window (the MFA prompt, a terminal): what a session is may have
        // changed there, so it is asked again now rather than at the next timed check.
        if ctx.input(|i| i.events.contains(&egui::Event::WindowFocused(true))) {
            self.statuses.ask_sessions_again();
        }
        self.guard_close(&ctx);
        self.update_title(&ctx);
        self.top_bar(ui);
        self.status_bar(ui);
        if self.health.shown {
            self.health_page(ui);
        } else if self.workspace.is_none() {
            self.reading_page(ui);
        } else if self.model.profiles.is_empty() {
            self.welcome(ui);
        } else {
            // Below this width the list is a drawer: the page, or the list over it.
            let narrow = ui.available_width() < NARROW;
            if narrow != self.list.narrow {
                self.list.narrow = narrow;
                self.list.shown = !narrow;
            }
            match (narrow, self.list.shown) {
                (true, true) => self.profile_list(ui),
                (_, shown) => {
                    if shown {
                        self.profile_list(ui);
                    }
                    self.profile_page(ui);
                }
            }
        }
        self.dialogs(&ctx);
        self.file_drop(&ctx);
        self.apply_queued();
    }

    /// The profiles the app shows, for tests and the title.
    pub fn profile_count(&self) -> usize {
        self.model.profiles.len()
    }

    pub fn is_dirty(&self) -> bool {
        self.dirty
    }

    pub fn is_saving(&self) -> bool {
        self.save.saving
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
            self.ask(super::intent::Intent::Open(super::intent::Open::NewProfile));
        }
        if ctx.input_mut(|i| i.consume_shortcut(&shortcut(Key::F))) {
            self.list.focus_search = true;
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
            && (self.dirty || self.save.saving || self.keychain_busy.is_some())
            && !self.save.allow_close
        {
            ctx.send_viewport_cmd(ViewportCommand::CancelClose);
            self.dialog = Some(Dialog::UnsavedOnClose);
        }
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let n = self.model.profiles.len();
        let title = format!("keyshelf — {n} profile{}", if n == 1 { "" } else { "s" });
        if title != self.window.title {
            ctx.send_viewport_cmd(ViewportCommand::Title(title.clone()));
            self.window.title = title;
        }
    }

    /// The Health page, drawn from the last report; what it asks for is queued.
    fn health_page(&mut self, ui: &mut egui::Ui) {
        let mut asked = Vec::new();
        egui::CentralPanel::default()
            .frame(super::theme::central_frame(ui.style()))
            .show(ui, |ui| self.health.show(ui, &mut asked));
        self.intents.extend(asked);
    }

    /// Sends AWS calls to `endpoint` (tests: a local fake AWS).
    pub fn set_aws_endpoint(&mut self, endpoint: Option<String>) {
        self.outside.aws_endpoint = endpoint;
    }

    /// Sets the home folder the health check searches (tests give a sandbox; `None`: none).
    pub fn set_home(&mut self, home: Option<PathBuf>) {
        self.outside.home = home;
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
        &self.window.title
    }

    /// While the files are read (off the UI thread), or why they could not be.
    fn reading_page(&mut self, ui: &mut egui::Ui) {
        let mut asked = Vec::new();
        egui::CentralPanel::default()
            .frame(super::theme::central_frame(ui.style()))
            .show(ui, |ui| match &self.reading {
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

impl super::jobs::Host for KeyshelfApp {
    /// An action over many profiles is at profile `done + 1` of `total`.
    fn busy_step(&mut self, done: usize, total: usize, profile: &str) {
        if let Some(busy) = &mut self.keychain_busy {
            busy.fraction = Some(done as f32 / total.max(1) as f32);
            busy.what = format!("{} of {total}: {profile}", done + 1);
        }
    }

    /// A job stopped with a bug (a panic): nothing waits for it any more, and the person is
    /// told, since what it was doing may be half done.
    fn job_failed(&mut self) {
        self.keychain_busy = None;
        self.save.saving = false;
        self.install.running = false;
        self.health.running = None;
        self.show_error(
            "Something went wrong inside keyshelf and the last action stopped. Your files were checked before any change; use Reload to see them as they are now.".into(),
        );
    }

    /// Another program changed a file's size or time: a file that could not be read is read
    /// again, else the page says which file changed.
    fn files_touched(&mut self) {
        if self.workspace.is_none() {
            self.load();
        } else if !self.save.saving {
            self.check_disk();
        }
    }
}
