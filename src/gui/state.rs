//! The parts of the app's state that belong together, each owned by the code that changes it:
//! what the files say (the model), the save and the close, what the app talks to, the offer to
//! install, and the window itself.

use std::collections::BTreeSet;
use std::path::PathBuf;

use super::file_problems::FileIssues;
use crate::action::StoreFactory;
use crate::aws::{FileKind, Profile, ResolveError, Source};
use crate::keychain::ItemKey;
use crate::secret::Secret;

/// What the files say, worked out again after each change of them.
#[derive(Default)]
pub struct Model {
    pub profiles: Vec<Profile>,
    /// Which credentials the AWS tools will use for the selected profile, worked out when the
    /// selection or the files change (not every frame).
    pub uses: Option<Result<Source, ResolveError>>,
    /// What the AWS tools refuse or misread in the files, for the banner.
    pub file_issues: FileIssues,
    /// Files another program changed since we read them.
    pub changed_on_disk: Vec<FileKind>,
    /// Served profiles whose keyshelf program is gone (the Repair all banner).
    pub broken_paths: Vec<String>,
}

/// Saving, and closing the window around a save.
#[derive(Default)]
pub struct SaveState {
    pub saving: bool,
    /// Close the window once the running save succeeds (Save in the unsaved-changes dialog).
    pub close_after: bool,
    /// The user chose to close without saving.
    pub allow_close: bool,
    /// The backup the last save kept, for the status bar.
    pub last_backup: Option<PathBuf>,
    /// Profiles edited since the last save: a save with problems in them asks first.
    pub edited: BTreeSet<String>,
    /// Keychain items of deleted profiles, removed once the deletion is saved.
    pub forget_items: Vec<ItemKey>,
}

/// What the app talks to besides the files.
pub struct Outside {
    /// Opens the keychain (on a worker thread).
    pub keychain: StoreFactory,
    /// The program that served profiles' `credential_process` runs: this keyshelf.
    pub program: PathBuf,
    /// Where AWS calls go (`None`: as the SDK finds it; tests point it at a fake AWS).
    pub aws_endpoint: Option<String>,
    /// The home folder the health check searches for copies of keys (`None`: no search;
    /// tests give a sandbox).
    pub home: Option<PathBuf>,
    /// Opens an address in the person's browser (the SSO sign-in, the console); `false` when
    /// none could. Tests give a scripted one.
    pub browser: Browser,
    /// Set to stop waiting for an SSO sign-in.
    pub sso_cancel: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

/// Opens an address in a browser; `false` when none could.
pub type Browser = std::sync::Arc<dyn Fn(&str) -> bool + Send + Sync>;

/// The person's browser ([`crate::platform::opener::open_browser`]).
pub fn desktop_browser() -> Browser {
    std::sync::Arc::new(crate::platform::opener::open_browser)
}

/// The offer to install when keyshelf runs from a temporary place.
#[derive(Default)]
pub struct InstallState {
    /// Offer at all (the real app; tests opt in).
    pub offer: bool,
    /// This keyshelf runs from a temporary place (see `find_temporary_place`).
    pub in_temporary_place: bool,
    /// The user said "Not now", or installed, this run.
    pub declined: bool,
    pub running: bool,
}

/// The window itself.
#[derive(Default)]
pub struct WindowState {
    /// The title as last set.
    pub title: String,
    /// The theme chosen in an earlier run, set on the first frame.
    pub remembered_theme: Option<egui::ThemePreference>,
    /// Set by `benches/window.sh` (through an environment variable) to time the first frame.
    pub exit_after_first_frame: bool,
    /// The window's icon, decoded off the UI thread, until it is set.
    pub icon: Option<std::sync::Arc<egui::IconData>>,
}

/// The list's own state.
pub struct ListState {
    pub search: String,
    /// Indexes into the profiles that match `search`.
    pub visible: Vec<usize>,
    /// Put the keyboard focus in the search box on the next frame (Ctrl+F).
    pub focus_search: bool,
    pub search_id: Option<egui::Id>,
    pub scroll_to_selected: bool,
    /// The list is shown (it can be hidden in a narrow window).
    pub shown: bool,
    /// The window is narrow: the list is a drawer over the page, shown on request and closed
    /// once a profile is chosen.
    pub narrow: bool,
}

impl Default for ListState {
    fn default() -> Self {
        ListState {
            search: String::new(),
            visible: Vec::new(),
            focus_search: false,
            search_id: None,
            scroll_to_selected: false,
            shown: true,
            narrow: false,
        }
    }
}

/// The secret last copied, to clear it from the clipboard in a while.
pub struct Clipboard {
    pub copied: Option<CopiedSecret>,
    /// Read the system clipboard before clearing it (tests turn it off).
    pub read_system: bool,
}

impl Default for Clipboard {
    fn default() -> Self {
        Clipboard {
            copied: None,
            read_system: true,
        }
    }
}

/// A secret on the clipboard and when (in egui's input time, seconds) to clear it.
pub struct CopiedSecret {
    pub secret: Secret,
    pub clear_at: f64,
}
