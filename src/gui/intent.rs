//! What the user asked for. Views draw from read-only inputs and return an [`Intent`]; the app
//! applies every intent in one place (`KeyshelfApp::apply`, in `apply.rs`), as
//! egui's demo app applies its commands and gitui its queued events. No view writes
//! the app's state or starts work itself.

use std::path::PathBuf;

use crate::aws::Kind;
use crate::files::Workspace;
use crate::import::{Candidate, Destination};

/// A user's request, as a view hands it to the app.
pub enum Intent {
    /// A new, empty profile that the form then fills as `kind` needs.
    CreateProfile {
        name: String,
        kind: Kind,
    },
    /// A new profile with access keys typed in the New profile dialog, written where they go
    /// (the keychain unless the person chose the file) as an import of one row is.
    CreateWithKeys {
        name: String,
        access_key_id: String,
        secret_access_key: crate::secret::Secret,
        destination: Destination,
        /// Whether to install keyshelf first, when the dialog asked (`None`: it did not).
        install_first: Option<bool>,
    },
    Rename {
        old: String,
        new: String,
    },
    Duplicate {
        source: String,
        new: String,
    },
    /// Delete a profile (from the documents; the save writes it).
    Delete(String),
    /// Drop unsaved edits and read the files again.
    Revert,
    /// Read the files again as another program left them, dropping unsaved edits.
    Reload,
    /// Save, then close the window once the save succeeded.
    SaveAndClose,
    /// Close the window without saving.
    CloseWithoutSaving,
    /// A keychain action that saves (see [`crate::action`]), run as a job.
    Keychain(KeychainRequest),
    /// Show secret on a keychain profile: its keys are read off the UI thread.
    Reveal(String),
    /// Import what the preview shows.
    Import(ImportRequest),
    /// Write one field of the selected profile (an empty text removes the key).
    EditField {
        key: String,
        text: String,
    },
    /// Set (`Some`) or remove (`None`) one entry of a nested block such as `s3`.
    EditNested {
        key: String,
        sub: String,
        text: Option<String>,
    },
    /// Add a setting without a field of its own; the form's new-setting row empties once it
    /// is written.
    AddSetting {
        key: String,
        value: String,
    },
    /// Save both files (on a worker thread).
    Save,
    /// Open the native file dialog for CSV files (on its own thread).
    ChooseCsvFiles,
    /// Ask the keychain, off the UI thread, whether a keychain profile's item is there.
    CheckKeychainItem(String),
    /// Point a migrated profile whose program moved at this keyshelf (an edit).
    RepairPath(String),
    /// Fix what the AWS tools refuse in the files, and save (the file-problems banner).
    Fix(super::file_problems::Fix),
    /// Show the Health page (`true`) or the profiles (`false`).
    ShowHealth(bool),
    /// Run the health check again.
    CheckHealth,
    /// Stop the search for copies of keys.
    StopHealthCheck,
    /// A finding's one-click fix (deleting a file asks first).
    HealthFix(crate::doctor::Action),
    /// A file fix the user confirmed.
    FixFile(crate::doctor::Action),
    /// Show this profile's page.
    OpenProfile(String),
    /// Install keyshelf in its stable place, point the served profiles at it, then run `then`.
    Install {
        then: Option<KeychainRequest>,
    },
    /// Run a keychain action from where keyshelf is, not offering to install again this run.
    KeychainFromHere(KeychainRequest),
    /// Dismiss the offer to install for this run.
    NotNowInstall,
    /// Point every served profile at this keyshelf and save ("Repair all").
    RepairAll,
    /// Save although the edited profiles have problems (the user was asked).
    SaveAnyway,
    /// Forget the keys read for Show secret.
    HideRevealed,
    /// A secret was copied: say so, and clear the clipboard in a while if it still holds it.
    SecretCopied(crate::secret::Secret),
    /// Fix the line that stops a file from being read, then read it again.
    FixLine(crate::files::LineFix),
    /// Open a file or folder with the desktop's own program.
    OpenPath(PathBuf),
    /// Rotate a profile's key (a keychain task: it saves), with the MFA code once IAM asked
    /// for one.
    Rotate {
        profile: String,
        options: crate::rotate::Options,
        code: Option<crate::secret::Secret>,
    },
    /// Add (or update) an SSO session and sign in to it, then list its accounts and roles.
    SsoSignIn {
        name: String,
        start_url: String,
        region: String,
        /// Also write the AWS CLI's token file.
        export: bool,
        /// Then list the accounts and roles to make profiles of (a new session), or only sign
        /// in (again, from a profile's page).
        pick: bool,
        /// The profile whose failed Test asked for it, which reads the AWS CLI's token file.
        for_profile: Option<String>,
    },
    /// Stop waiting for an SSO sign-in.
    SsoCancel,
    /// Make profiles of these (account, role) pairs of the session's sign-in.
    SsoImport {
        session: String,
        picks: Vec<(String, String)>,
    },
    /// Sign out of an SSO session.
    SsoSignOut(String),
    /// Open the AWS console signed in as the profile.
    OpenConsole(String),
    /// Delete an old, inactive access key in IAM (after a rotation).
    DeleteOldKey {
        profile: String,
        key: String,
    },
    /// Ask the keychain for a profile's session (off the UI thread).
    CheckSession(String),
    /// Turn temporary credentials on (the session length in seconds) or off, and save.
    SetTemporary {
        profile: String,
        seconds: Option<u32>,
    },
    /// Start a session now; `code` is the MFA code once the dialog asked for it.
    StartSession {
        profile: String,
        code: Option<crate::secret::Secret>,
    },
    EndSession(String),
    /// Open a dialog (the app builds it; no view sets one itself).
    Open(Open),
    /// Show or hide the profile list.
    ShowList(bool),
    /// A question whose answer goes into the profiles' status map, asked off the UI thread.
    Ask(super::question::Question),
}

/// A dialog a view asks for.
pub enum Open {
    NewProfile,
    Duplicate(String),
    Rename(String),
    /// Confirm deleting a profile.
    Delete(String),
    /// Confirm dropping unsaved edits.
    Revert,
    /// Confirm reading the files again over unsaved edits.
    Reload,
    /// Confirm Secure all (how many profiles have plaintext keys).
    SecureAll(usize),
    /// Confirm Restore all (how many profiles are in the keychain).
    RestoreAll(usize),
    /// Replace keys of a keychain profile.
    ReplaceKeys(String),
    /// Rotate keys (the dialog's intent is [`Intent::Rotate`]).
    Rotate(String),
    /// About keyshelf: version, licence, where things are kept.
    About,
    /// Confirm deleting an old access key in IAM: (profile, key ID).
    DeleteOldKey(String, String),
    /// Sign in with SSO: a new session, or (`Some`) again to one the files have.
    SsoSignIn(Option<String>),
    /// Sign in with SSO for this profile (its session, with the AWS CLI's token file ticked).
    SsoSignInFor(String),
}

/// A keychain action the user asked for, waiting to run (or for an install to finish first).
pub enum KeychainRequest {
    Secure(String),
    Restore(String),
    SecureAll,
    RestoreAll,
    /// New keys for a keychain profile, straight into the keychain (verified), with the date.
    ReplaceKeys {
        profile: String,
        keys: Box<crate::keychain::StoredKeys>,
    },
    /// An import the user confirmed in the preview.
    Import(Box<crate::action::ImportJob>),
    /// A new profile with the keys typed in the New profile dialog (an import of one row).
    CreateWithKeys(Box<crate::action::ImportJob>),
}

impl KeychainRequest {
    /// Whether it writes `credential_process` lines that run this keyshelf (so installing
    /// first matters).
    pub fn serves_from_here(&self) -> bool {
        match self {
            KeychainRequest::Secure(_) | KeychainRequest::SecureAll => true,
            KeychainRequest::Import(job) | KeychainRequest::CreateWithKeys(job) => {
                job.options.destination == Destination::Keychain
            }
            _ => false,
        }
    }
}

/// The import preview's rows and choices, as the user left them.
pub struct ImportRequest {
    /// Whether to install keyshelf first, when the preview asked (`None`: it did not).
    pub install_first: Option<bool>,
    pub sources: Vec<PathBuf>,
    /// Each row, and whether the user chose to skip it (its profile exists and is kept).
    pub rows: Vec<(Candidate, bool)>,
    pub destination: Destination,
    pub region: String,
    pub output: String,
    pub delete_source: bool,
}

/// What a dialog returns from one frame.
pub enum Reply {
    /// Still open.
    Keep,
    /// Closed, nothing asked.
    Close,
    /// Asked for this. The dialog closes once the app has applied it; if that fails, the
    /// dialog stays open and shows why ([`super::dialogs::Dialog::set_error`]).
    Do(Intent),
}

/// What the dialogs may read: the files as they are now (`None` when they could not be read).
#[derive(Clone, Copy)]
pub struct View<'a> {
    pub workspace: Option<&'a Workspace>,
    /// keyshelf runs from a temporary place and may offer to install itself: a dialog that
    /// starts a keychain action asks it there, before the action, never in its middle.
    pub offer_install: bool,
}

impl View<'_> {
    /// Whether a profile of this name exists.
    pub fn exists(&self, name: &str) -> bool {
        self.workspace.is_some_and(|w| w.docs.exists(name.trim()))
    }
}
