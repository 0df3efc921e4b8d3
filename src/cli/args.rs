//! The command line's words: every command and its flags (clap), and which commands write.

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "keyshelf",
    version,
    about = "Keep AWS credentials safe: edit ~/.aws/config and ~/.aws/credentials without losing a byte."
)]
#[command(
    after_help = "Run without a command to open the desktop app.\nFiles: $AWS_CONFIG_FILE and $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/config and ~/.aws/credentials."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand)]
pub enum Command {
    /// List the profiles: name, kind, region, output and where the secret lives. Never a secret.
    List {
        /// One JSON array of objects instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Print a key's value (a nested one as `s3.addressing_style`).
    Get {
        key: String,
        #[command(flatten)]
        profile: ProfileArg,
        /// Needed to print a secret key.
        #[arg(long)]
        reveal: bool,
    },
    /// Set a key, in the file where the AWS CLI expects it; creates the profile if needed. A
    /// secret key's value is never taken from the command line (every local user can read it
    /// with `ps`): leave it out to be asked, or give `-` and send it on stdin.
    Set {
        key: String,
        value: Option<String>,
        #[command(flatten)]
        profile: ProfileArg,
    },
    /// Remove a key from the profile, in both files.
    Unset {
        key: String,
        #[command(flatten)]
        profile: ProfileArg,
    },
    /// Rename a profile in both files, and every source_profile that names it.
    Rename { old: String, new: String },
    /// Copy a profile, keys and settings, to a new name.
    Duplicate { source: String, new: String },
    /// Delete a profile from both files (a backup of each file is kept).
    Delete { name: String },
    /// Move a profile's keys into the OS keychain; the profile then runs `keyshelf
    /// credential-process`, so the AWS CLI and SDKs keep working.
    Migrate {
        #[command(flatten)]
        which: Selection,
    },
    /// Put a profile's keys back from the keychain into the credentials file.
    Restore {
        #[command(flatten)]
        which: Selection,
    },
    /// Import the access-key CSV files the AWS console downloads; all rows or none.
    Import {
        #[arg(required = true)]
        files: Vec<std::path::PathBuf>,
        /// The profile name, when the files hold one key (else names come from the files).
        #[arg(long, short)]
        profile: Option<String>,
        /// Put this in front of every profile name, like `aws configure import --profile-prefix`
        /// (which is accepted too).
        #[arg(long, visible_alias = "profile-prefix", default_value = "")]
        prefix: String,
        /// Keep the keys in the OS keychain instead of the plaintext credentials file.
        #[arg(long)]
        to_keychain: bool,
        /// What to do when a profile of the same name exists.
        #[arg(long, value_enum, default_value = "fail")]
        on_conflict: super::import::Conflict,
        /// Delete the CSV files once their keys are imported (they hold the secret in plain text).
        #[arg(long)]
        delete_source: bool,
        /// Set this region on the imported profiles.
        #[arg(long)]
        region: Option<String>,
        /// Set this output format on the imported profiles.
        #[arg(long)]
        output: Option<String>,
    },
    /// Say which credentials the AWS tools will use for a profile, as botocore resolves them.
    Which {
        #[command(flatten)]
        profile: ProfileArg,
    },
    /// Fix what makes the AWS tools refuse or misread a file: duplicate sections or keys, a
    /// byte order mark, several headers naming one profile.
    Repair {
        #[command(subcommand)]
        what: super::repair::Repair,
    },
    /// Copy keyshelf to a stable per-user place on the PATH (~/.local/bin on Linux), with a
    /// desktop entry and icon, and point the profiles it serves at that copy, so moving or
    /// deleting this one breaks nothing.
    Install {
        /// Install under DIR/bin and DIR/share instead.
        #[arg(long, value_name = "DIR")]
        prefix: Option<std::path::PathBuf>,
    },
    /// Ask AWS whether the profile's credentials work, and whose they are (STS
    /// GetCallerIdentity, with the credentials the AWS tools would use); where allowed, when
    /// the key was made and last used.
    Test {
        #[command(flatten)]
        profile: ProfileArg,
        /// One JSON object (`account`, `arn`, `user_id`, `access_key_id`, …) instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Replace the profile's access key with a new one, for keys in the files or the keychain:
    /// the new key is made, stored where the old one was and checked with AWS, then the old one
    /// is deactivated.
    Rotate {
        #[command(flatten)]
        profile: ProfileArg,
        /// Delete the old key once it is deactivated.
        #[arg(long)]
        delete_old: bool,
        /// At IAM's two-key limit, delete the other key when it is inactive.
        #[arg(long)]
        yes: bool,
        /// The MFA code the device shows now, for accounts that let keys change keys only
        /// with MFA (asked in the terminal when needed and not given); "-" reads it from
        /// stdin.
        #[arg(long, value_name = "CODE")]
        code: Option<String>,
    },
    /// Delete an old, inactive access key of the profile's IAM user for good (after a rotation
    /// left it inactive), asked with the profile's current key. Refuses an active key and the
    /// profile's own.
    DeleteKey {
        /// The access key ID to delete.
        #[arg(value_name = "ACCESS_KEY_ID")]
        key: String,
        #[command(flatten)]
        profile: ProfileArg,
    },
    /// Open the AWS console in the browser, signed in as the profile (from its temporary
    /// credentials; long-term keys first become a federation token, without MFA).
    Console {
        #[command(flatten)]
        profile: ProfileArg,
        /// Print the sign-in address instead of opening it (whoever has it is signed in, for
        /// 15 minutes).
        #[arg(long)]
        print_url: bool,
        /// How long the console session lasts, 900 to 43200 seconds, where the credentials
        /// allow it.
        #[arg(long, value_name = "SECONDS")]
        duration: Option<u32>,
    },
    /// IAM Identity Center (SSO): add a session, sign in and out, make profiles of its roles.
    Sso {
        #[command(subcommand)]
        what: super::sso::Sso,
    },
    /// Check the files, their permissions, the environment and the home folder for what puts
    /// keys at risk or breaks the AWS tools; exits 1 when something serious is found. Never
    /// prints a secret (key IDs only), never sends anything anywhere.
    Doctor {
        /// One JSON object (`findings`, `files_searched`, `search_incomplete`) instead of text.
        #[arg(long)]
        json: bool,
        /// Do not search the home folder for copies of keys (CSV downloads, shell histories,
        /// .env files).
        #[arg(long)]
        no_search: bool,
        /// Stop the search for copies after this many seconds.
        #[arg(long, default_value_t = 10, value_name = "SECONDS")]
        time_limit: u64,
    },
    /// Switch a keychain profile to temporary credentials (STS GetSessionToken, with an MFA
    /// code when the profile has an mfa_serial), or back to its long-term keys: when on, the
    /// AWS tools get a session that expires, and the keys never leave the keychain.
    Temporary {
        #[arg(value_enum)]
        state: OnOff,
        #[command(flatten)]
        profile: ProfileArg,
        /// How long each session lasts, from 900 (15 minutes) to 129600 (36 hours); 43200
        /// (12 hours) when not given.
        #[arg(long, value_name = "SECONDS")]
        duration: Option<u64>,
    },
    /// Start a new session for a profile on temporary credentials now, asking for the MFA code
    /// in the terminal (tools with short time limits, like those built on the AWS SDK for Rust,
    /// cannot wait for one); or end it with --end.
    Session {
        #[command(flatten)]
        profile: ProfileArg,
        /// The MFA code the device shows now (six digits); "-" reads it from stdin.
        #[arg(long, value_name = "CODE")]
        code: Option<String>,
        /// End the cached session instead: the next AWS call starts a new one.
        #[arg(long, conflicts_with = "code")]
        end: bool,
    },
    /// Print a profile's keys (or its temporary credentials) from the keychain as
    /// credential_process JSON (run by the AWS tools, not by people).
    CredentialProcess {
        #[arg(long, short)]
        profile: String,
        /// Serve temporary credentials of this many seconds instead of the keys (written by
        /// "keyshelf temporary on").
        #[arg(long, value_name = "SECONDS")]
        temporary: Option<u32>,
        /// Serve a role of this SSO session's sign-in (written by "keyshelf sso import").
        #[arg(long, requires_all = ["sso_account_id", "sso_role_name"], conflicts_with = "temporary")]
        sso_session: Option<String>,
        #[arg(long, requires = "sso_session")]
        sso_account_id: Option<String>,
        #[arg(long, requires = "sso_session")]
        sso_role_name: Option<String>,
    },
    /// The small window that asks for an MFA code (run by credential-process).
    #[command(hide = true)]
    MfaPrompt {
        #[arg(long)]
        profile: String,
        #[arg(long)]
        device: String,
        #[arg(long, default_value_t = 50)]
        seconds: u64,
    },
    /// The small window that asks to sign in to an SSO session again (run by
    /// credential-process).
    #[command(hide = true)]
    SsoPrompt {
        #[arg(long)]
        profile: String,
        #[arg(long)]
        session: String,
        #[arg(long, default_value_t = 120)]
        seconds: u64,
    },
    /// Writes what the packages put under /usr/share (desktop entry, icons, metainfo, man
    /// pages, completions) into FOLDER/share, for the packaging script.
    #[command(hide = true)]
    PackageFiles {
        folder: std::path::PathBuf,
        /// The program's path in the installed system, for the desktop entry.
        #[arg(long)]
        program: std::path::PathBuf,
    },
}

/// `on` or `off`.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum OnOff {
    On,
    Off,
}

/// `--profile NAME`, else `$AWS_DEFAULT_PROFILE`, else `$AWS_PROFILE`, else `default`, as
/// botocore picks a profile (see `AwsPaths::profile_from_env`).
#[derive(clap::Args)]
pub struct ProfileArg {
    /// The profile [default: $AWS_DEFAULT_PROFILE, else $AWS_PROFILE, else "default"].
    #[arg(long = "profile", short = 'p')]
    given: Option<String>,
}

impl ProfileArg {
    pub(super) fn name(&self) -> String {
        self.given
            .clone()
            .unwrap_or_else(keyshelf::aws::AwsPaths::profile_from_env)
    }

    /// Whether `--profile` was given (not taken from the environment or the default).
    pub(super) fn is_given(&self) -> bool {
        self.given.is_some()
    }
}

/// `--profile NAME` or `--all`.
#[derive(clap::Args)]
#[group(required = true, multiple = false)]
pub struct Selection {
    /// The profile to move.
    #[arg(long, short)]
    profile: Option<String>,
    /// Every profile that qualifies, each on its own; a summary says what happened to each.
    #[arg(long)]
    all: bool,
}

impl Selection {
    pub(super) fn which(self) -> super::keychain::Which {
        match self.profile {
            Some(name) if !self.all => super::keychain::Which::One(name),
            _ => super::keychain::Which::All,
        }
    }
}

impl Command {
    /// Whether the command may write the files: then it holds the save lock from its read to
    /// its last save. Every command is listed, so a new one is a decision here.
    pub(super) fn writes(&self) -> bool {
        match self {
            Command::List { .. }
            | Command::Get { .. }
            | Command::Which { .. }
            | Command::Doctor { .. }
            | Command::Test { .. }
            | Command::Session { .. }
            | Command::MfaPrompt { .. }
            | Command::SsoPrompt { .. }
            | Command::PackageFiles { .. }
            | Command::DeleteKey { .. }
            | Command::Console { .. }
            | Command::CredentialProcess { .. } => false,
            Command::Sso { what } => what.writes(),
            Command::Set { .. }
            | Command::Unset { .. }
            | Command::Rename { .. }
            | Command::Duplicate { .. }
            | Command::Delete { .. }
            | Command::Migrate { .. }
            | Command::Restore { .. }
            | Command::Repair { .. }
            | Command::Install { .. }
            | Command::Rotate { .. }
            | Command::Temporary { .. }
            | Command::Import { .. } => true,
        }
    }
}
