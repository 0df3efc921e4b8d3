//! The one place the app applies what the user asked for: views return an
//! [`Intent`], and [`KeyshelfApp::apply`] carries it out.

use super::app::KeyshelfApp;
use super::dialogs::{Confirm, Dialog};
use super::intent::{Intent, Open, Reply, View};

impl KeyshelfApp {
    /// Draws the open dialog and applies what it asks for. When that fails, a dialog that can
    /// show the reason stays open with it; otherwise the error dialog says it.
    pub(super) fn dialogs(&mut self, ctx: &egui::Context) {
        let Some(mut dialog) = self.dialog.take() else {
            return;
        };
        let view = View {
            workspace: self.workspace.as_ref(),
            offer_install: self.should_offer_install() && !self.install.running,
        };
        let keep = match dialog.show(ctx, view) {
            Reply::Keep => true,
            Reply::Close => false,
            Reply::Do(intent) => match self.apply(intent) {
                Ok(()) => false,
                Err(message) if dialog.set_error(message.clone()) => true,
                Err(message) => {
                    self.show_error(message);
                    false
                }
            },
        };
        // Applying may have opened another dialog (an error, say): that one wins.
        if keep && self.dialog.is_none() {
            self.dialog = Some(dialog);
        }
    }

    /// Carries out one intent. The error, in plain words, is for the view that asked.
    pub(super) fn apply(&mut self, intent: Intent) -> Result<(), String> {
        let plain = |err: crate::keychain::MoveError| super::widgets::say(&err);
        match intent {
            Intent::CreateProfile { name, kind } => {
                self.create_profile(&name).map_err(plain)?;
                self.form.intended_kind = Some(kind);
            }
            Intent::CreateWithKeys {
                name,
                access_key_id,
                secret_access_key,
                destination,
                install_first,
            } => self.create_with_keys(
                name,
                access_key_id,
                secret_access_key,
                destination,
                install_first,
            )?,
            Intent::Rename { old, new } => {
                self.rename_profile(&old, &new).map_err(plain)?;
            }
            Intent::Duplicate { source, new } => {
                self.duplicate_profile(&source, &new).map_err(plain)?
            }
            Intent::Delete(name) => self.delete_profile(&name).map_err(plain)?,
            Intent::Revert => self.revert(),
            Intent::Reload => {
                self.load();
                self.notice = Some("Reloaded the files from disk.".into());
            }
            Intent::SaveAndClose => {
                self.save.close_after = true;
                self.save();
            }
            Intent::CloseWithoutSaving => self.close_now(),
            Intent::Keychain(request) => self.start_keychain(request),
            Intent::Reveal(name) => self.reveal(name),
            Intent::Import(request) => self.start_import(request)?,
            Intent::EditField { key, text } => self.apply_field(&key, &text),
            Intent::EditNested { key, sub, text } => {
                self.apply_nested(&key, &sub, text.as_deref());
                self.reload_nested();
            }
            Intent::AddSetting { key, value } => {
                self.apply_field(&key, &value);
                if !self.form.errors.contains_key(&key) {
                    self.form.new_key.clear();
                    self.form.new_value.clear();
                    self.reload_form_keep_reveal();
                }
            }
            Intent::Save => self.save_checked(),
            Intent::SaveAnyway => self.save(),
            Intent::ChooseCsvFiles => self.choose_csv_files(),
            Intent::CheckKeychainItem(name) => self.check_keychain_item(&name),
            Intent::RepairPath(name) => self.repair_path(&name),
            Intent::Fix(fix) => self.apply_fix(fix),
            Intent::ShowHealth(show) => {
                self.health.shown = show;
                if show && (self.health.report.is_none() || self.health.stale) {
                    self.check_health();
                }
            }
            Intent::CheckHealth => self.check_health(),
            Intent::StopHealthCheck => self.stop_health_check(),
            Intent::HealthFix(action) => self.health_fix(action),
            Intent::FixFile(action) => self.fix_file(action),
            Intent::Install { then } => self.install(then),
            Intent::KeychainFromHere(task) => {
                self.install.declined = true;
                self.start_keychain(task);
            }
            Intent::NotNowInstall => self.install.declined = true,
            Intent::RepairAll => self.repair_all(),
            Intent::Open(open) => self.dialog = Some(self.dialog_for(open)),
            Intent::ShowList(shown) => self.list.shown = shown,
            Intent::HideRevealed => self.revealed = None,
            Intent::SecretCopied(secret) => self.secret_copied(secret),
            Intent::FixLine(fix) => self.fix_line(fix),
            Intent::OpenPath(path) => self.open_path(&path),
            Intent::Rotate {
                profile,
                options,
                code,
            } => self.rotate(profile, options, code),
            Intent::DeleteOldKey { profile, key } => self.delete_old_key(profile, key),
            Intent::SsoSignIn {
                name,
                start_url,
                region,
                export,
                pick,
                for_profile,
            } => self.sso_sign_in(name, start_url, region, export, pick, for_profile)?,
            Intent::SsoCancel => self
                .outside
                .sso_cancel
                .store(true, std::sync::atomic::Ordering::Relaxed),
            Intent::SsoImport { session, picks } => self.sso_import(session, picks),
            Intent::SsoSignOut(session) => self.sso_sign_out(session),
            Intent::OpenConsole(profile) => self.open_console(profile),
            Intent::CheckSession(name) => self.check_session(&name),
            Intent::SetTemporary { profile, seconds } => self.set_temporary(&profile, seconds),
            Intent::StartSession { profile, code } => self.start_session(profile, code),
            Intent::EndSession(name) => self.end_session(&name),
            Intent::Ask(question) => self.ask_question(question),
            Intent::OpenProfile(name) => {
                self.health.shown = false;
                // A drawer closes once a profile is chosen.
                if self.list.narrow {
                    self.list.shown = false;
                }
                self.select(Some(name));
                self.list.scroll_to_selected = true;
            }
        }
        Ok(())
    }

    /// Queues what a panel asked for; [`KeyshelfApp::apply_queued`] applies it once the frame
    /// is drawn, so drawing never starts work itself (gitui's queued events).
    pub(super) fn ask(&mut self, intent: Intent) {
        self.intents.push(intent);
    }

    /// Applies what the panels asked for this frame, in order.
    pub(super) fn apply_queued(&mut self) {
        for intent in std::mem::take(&mut self.intents) {
            if let Err(message) = self.apply(intent) {
                self.show_error(message);
            }
        }
    }

    /// Re-reads nested blocks after an edit so the table matches the file.
    fn reload_nested(&mut self) {
        if let Some(workspace) = &self.workspace {
            let fresh = super::form::Form::load(&workspace.docs, &self.form.profile);
            self.form.nested = fresh.nested.clone();
            self.form.others = fresh.others.clone();
        }
    }

    /// Reads the form again, keeping what the user revealed.
    fn reload_form_keep_reveal(&mut self) {
        let (secret, token) = (self.form.reveal_secret, self.form.reveal_token);
        self.reload_form();
        self.form.reveal_secret = secret;
        self.form.reveal_token = token;
    }
}

impl KeyshelfApp {
    /// The dialog a view asked for.
    fn dialog_for(&mut self, open: Open) -> Dialog {
        match open {
            Open::NewProfile => Dialog::new_profile(),
            Open::Duplicate(name) => Dialog::duplicate(&name),
            Open::Rename(name) => Dialog::rename(&name),
            Open::Delete(name) => Dialog::Confirm(Confirm::Delete(name)),
            Open::Revert => Dialog::Confirm(Confirm::Revert),
            Open::Reload => Dialog::Confirm(Confirm::Reload),
            Open::SecureAll(count) => Dialog::Confirm(Confirm::SecureAll(count, true)),
            Open::RestoreAll(count) => Dialog::Confirm(Confirm::RestoreAll(count)),
            Open::ReplaceKeys(name) => Dialog::ReplaceKeys(super::dialogs::ReplaceKeys::new(&name)),
            Open::Rotate(name) => Dialog::Rotate(super::dialogs::RotateDialog::new(&name)),
            Open::About => Dialog::About(self.about()),
            Open::SsoSignIn(None) => Dialog::SsoSignIn(super::dialogs::SsoSignIn::new(
                self.workspace.as_ref().map(|w| &w.docs),
            )),
            Open::SsoSignIn(Some(name)) => {
                let known = self
                    .workspace
                    .as_ref()
                    .and_then(|w| w.docs.sso_session(&name));
                match known {
                    Some(session) => {
                        // Straight to the sign-in: the dialog waits for it.
                        self.intents.push(Intent::SsoSignIn {
                            name: session.name.clone(),
                            start_url: session.start_url.clone(),
                            region: session.region.clone(),
                            export: false,
                            pick: false,
                            for_profile: None,
                        });
                        Dialog::SsoSignIn(super::dialogs::SsoSignIn::again(
                            &session.name,
                            &session.start_url,
                            &session.region,
                        ))
                    }
                    None => Dialog::SsoSignIn(super::dialogs::SsoSignIn::new(
                        self.workspace.as_ref().map(|w| &w.docs),
                    )),
                }
            }
            Open::SsoSignInFor(profile) => match &self.workspace {
                Some(w) => {
                    Dialog::SsoSignIn(super::dialogs::SsoSignIn::for_profile(&w.docs, &profile))
                }
                None => Dialog::SsoSignIn(super::dialogs::SsoSignIn::new(
                    self.workspace.as_ref().map(|w| &w.docs),
                )),
            },
            Open::DeleteOldKey(profile, key) => {
                Dialog::Confirm(Confirm::DeleteOldKey { profile, key })
            }
        }
    }
}

impl KeyshelfApp {
    /// What About says: where the files, their copies and the program are (known already: no
    /// look at the disk).
    fn about(&self) -> super::dialogs::About {
        let shown = |path: Option<&std::path::Path>| {
            path.map_or_else(|| "(none)".to_owned(), |p| p.display().to_string())
        };
        let paths = self.paths.as_ref();
        super::dialogs::About {
            config: shown(paths.map(|p| p.config.as_path())),
            credentials: shown(paths.map(|p| p.credentials.as_path())),
            backups: shown(
                paths
                    .and_then(|p| p.credentials.parent())
                    .map(|folder| folder.join(crate::files::BACKUP_DIR))
                    .as_deref(),
            ),
            program: shown(Some(self.outside.program.as_path())),
        }
    }
}
