//! `keyshelf sso add|login|logout|import`: IAM Identity Center sessions, sign-ins kept in the
//! keychain, and profiles made from the sign-in's accounts and roles.

use keyshelf::action::{self, RolePick, StoreFactory};
use keyshelf::cloud::Target;
use keyshelf::files::Workspace;
use keyshelf::sso::{DeviceStep, SsoError};

/// What to do with an SSO session.
#[derive(clap::Subcommand)]
pub enum Sso {
    /// Write [sso-session NAME] with its start URL and region, and the scope that lets a
    /// sign-in be refreshed (sso:account:access).
    Add {
        name: String,
        /// The AWS access portal URL, e.g. https://my-company.awsapps.com/start.
        #[arg(long)]
        start_url: String,
        /// The region of IAM Identity Center (sso_region).
        #[arg(long)]
        region: String,
    },
    /// Sign in, in the browser on this computer ($BROWSER, else the desktop's), or with a code
    /// confirmed on any device where no browser can open here (SSH, no display). The tokens go
    /// to the keychain, never to a file.
    Login {
        name: String,
        /// Use a code confirmed in any browser, on any device, instead.
        #[arg(long)]
        device_code: bool,
        /// Print the address instead of opening a browser (open it on this computer; with
        /// --device-code, on any device).
        #[arg(long)]
        no_browser: bool,
        /// Also write the AWS CLI's own cache file (~/.aws/sso/cache), in plain text, for tools
        /// that read only that (and the one named after the start URL, which a profile with its
        /// own sso_start_url and no sso_session reads, when there is such a profile); Health
        /// reports them while they exist, and logout removes them.
        #[arg(long)]
        export: bool,
    },
    /// Sign out: tell AWS, and remove the tokens and every cached role credential of the session
    /// from the keychain.
    Logout { name: String },
    /// Make a profile for each account and role the sign-in reaches (or one), served through
    /// keyshelf's credential_process.
    Import {
        name: String,
        /// Every account and role.
        #[arg(long, conflicts_with_all = ["account", "role"], required_unless_present_all = ["account", "role"])]
        all: bool,
        /// One account (with --role).
        #[arg(long, requires = "role")]
        account: Option<String>,
        /// One role (with --account).
        #[arg(long, requires = "account")]
        role: Option<String>,
        /// Put this before each new profile's name.
        #[arg(long, default_value = "")]
        prefix: String,
        /// The new profiles' default region (else the session's).
        #[arg(long)]
        region: Option<String>,
    },
}

impl Sso {
    /// Whether it writes the files (then it holds the save lock from read to save).
    pub fn writes(&self) -> bool {
        matches!(self, Sso::Add { .. } | Sso::Import { .. })
    }
}

fn target(workspace: &Workspace) -> Target {
    Target {
        paths: workspace.paths.clone(),
        endpoint: None,
    }
}

pub fn run(workspace: &mut Workspace, store: &StoreFactory, what: Sso) -> anyhow::Result<()> {
    match what {
        Sso::Add {
            name,
            start_url,
            region,
        } => {
            let added = action::sso_add(workspace, &name, &start_url, &region)?;
            for path in &added.report.written {
                eprintln!("saved {}", path.display());
            }
            let name = &added.session.name;
            match &added.changed {
                Some(was) => eprintln!(
                    "changed SSO session “{name}” (it was {} in {}); sign in again with “keyshelf sso login {name}”",
                    was.start_url, was.region
                ),
                None if added.existed => eprintln!(
                    "SSO session “{name}” was already there as given; sign in with “keyshelf sso login {name}”"
                ),
                None => eprintln!(
                    "added SSO session “{name}”; sign in with “keyshelf sso login {name}”"
                ),
            }
            Ok(())
        }
        Sso::Login {
            name,
            no_browser,
            device_code,
            export,
        } => {
            let aws_folder = dirs::home_dir().map(|home| home.join(".aws"));
            let export_to = aws_folder.as_deref().filter(|_| export);
            let target = target(workspace);
            let mut tell = |step: DeviceStep<'_>| match step {
                DeviceStep::Confirm(device) => {
                    let address = device
                        .verification_uri_complete
                        .clone()
                        .unwrap_or_else(|| device.verification_uri.clone());
                    eprintln!(
                        "keyshelf: to sign in, open {address} and confirm the code {}",
                        device.user_code
                    );
                    if !no_browser && keyshelf::platform::opener::open_browser(&address) {
                        eprintln!("keyshelf: (opened in your browser)");
                    }
                    eprintln!("keyshelf: waiting for you to approve it in the browser…");
                }
                DeviceStep::Waiting(_) => {}
            };
            // The browser here: opened, or its address printed (--no-browser); the device code
            // where none can open.
            let mut open = |address: &str| {
                if no_browser {
                    eprintln!(
                        "keyshelf: to sign in, open this address in a browser on this computer:\n{address}"
                    );
                    return true;
                }
                let opened = keyshelf::platform::opener::open_browser(address);
                if opened {
                    eprintln!("keyshelf: signing in in your browser; waiting for it to come back…");
                }
                opened
            };
            let browser: Option<&mut dyn FnMut(&str) -> bool> = match device_code {
                true => None,
                false => Some(&mut open),
            };
            let how = action::SignInWays {
                browser,
                tell: &mut tell,
                cancelled: &|| false,
                export_to,
            };
            let signed_in = action::sso_login(workspace, store, &name, &target, how).map_err(
                |err| match err {
                    // The one failure whose next step is the same command, when the person is
                    // ready to approve it.
                    SsoError::TimedOut { .. } => super::user_error(format!(
                        "{err}; run “keyshelf sso login {}” again when you can approve it",
                        name.escape_debug()
                    )),
                    err => err.into(),
                },
            )?;
            let until = signed_in.expires_at;
            for file in &signed_in.exported {
                eprintln!(
                    "keyshelf: also written, in plain text, to {} (removed by “keyshelf sso logout {name}”)",
                    file.display()
                );
            }
            eprintln!(
                "signed in to SSO session “{name}” (the tokens are in the keychain; the access token lasts until {until}, then it is refreshed)"
            );
            Ok(())
        }
        Sso::Logout { name } => {
            let aws_folder = dirs::home_dir().map(|home| home.join(".aws"));
            let (was, profiles) = action::sso_logout(
                workspace,
                store,
                &name,
                &target(workspace),
                aws_folder.as_deref(),
            )?;
            match was {
                true => eprintln!(
                    "signed out of SSO session “{name}”; the cached credentials of {} were removed",
                    keyshelf::words::plural(profiles, "profile", "profiles")
                ),
                false => eprintln!("SSO session “{name}” was not signed in; nothing to remove"),
            }
            Ok(())
        }
        Sso::Import {
            name,
            account,
            role,
            prefix,
            region,
            ..
        } => {
            let pick = match (account, role) {
                (Some(account), Some(role)) => RolePick::One { account, role },
                _ => RolePick::All,
            };
            let program = super::keychain::this_program()?;
            let (made, report) = action::sso_import(
                workspace,
                store,
                &program,
                &name,
                &pick,
                &prefix,
                region.as_deref(),
                &target(workspace),
            )?;
            super::keychain::note_if_temporary(&program);
            for path in &report.written {
                eprintln!("saved {}", path.display());
            }
            for profile in &made {
                println!(
                    "{}\t{}\t{}\t{}",
                    profile.name, profile.account_id, profile.account_name, profile.role
                );
            }
            eprintln!(
                "{} served through keyshelf from SSO session “{name}”",
                keyshelf::words::plural(made.len(), "profile", "profiles")
            );
            Ok(())
        }
    }
}
