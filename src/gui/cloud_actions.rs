//! Rotate keys, a job off the UI thread against the AWS the app points at, and what the app
//! shows when it ends. (Test is a question the page asks: see `question`.)

use super::app::KeyshelfApp;
use super::dialogs::{Dialog, MfaCode, MfaPurpose};
use crate::action;
use crate::cloud::Target;
use crate::files::Workspace;
use crate::secret::Secret;

impl KeyshelfApp {
    /// Where AWS calls go: the files the app reads, and the endpoint tests point at.
    pub(super) fn aws_target(&self) -> Option<Target> {
        Some(Target {
            paths: self.paths.clone()?,
            endpoint: self.outside.aws_endpoint.clone(),
        })
    }

    /// Rotate keys, with the MFA code once IAM asked for one.
    pub(super) fn rotate(
        &mut self,
        profile: String,
        options: crate::rotate::Options,
        code: Option<Secret>,
    ) {
        let Some(target) = self.aws_target() else {
            return;
        };
        let today = chrono::Local::now().format("%Y-%m-%d").to_string();
        self.run_busy(
            format!("Rotating the keys of {profile}: a new key, checked with AWS…"),
            move |mut job, _| {
                let mut needs_code = None;
                let result = action::rotate(
                    &mut job.workspace,
                    &job.store,
                    &profile,
                    &target,
                    options,
                    &today,
                    &mut |_| {},
                    &mut |question| match &code {
                        Some(code) => Ok(code.clone()),
                        None => {
                            needs_code = Some(question.device.to_owned());
                            Err(crate::session::NoCode::new("no code was typed"))
                        }
                    },
                );
                // Asked for a code it did not have: the app asks the person and tries again.
                let needs_code = needs_code
                    .filter(|_| result.is_err())
                    .map(|device| (device, options));
                (job.workspace, profile, result, needs_code)
            },
            |app, (workspace, profile, result, needs_code)| {
                app.finish_rotated(workspace, profile, result, needs_code)
            },
        );
    }

    /// A rotation ended: done, failed (said in a dialog), or stopped before changing anything
    /// because IAM wants MFA (`needs_code`: the device, and the options to try again with).
    pub(super) fn finish_rotated(
        &mut self,
        workspace: Workspace,
        profile: String,
        result: Result<crate::rotate::Rotated, crate::rotate::RotateError>,
        needs_code: Option<(String, crate::rotate::Options)>,
    ) {
        // Whatever happened, the files on disk are what the workspace now holds.
        self.take_saved(workspace, None);
        self.health_changed();
        if let Some((device, options)) = needs_code {
            self.dialog = Some(Dialog::MfaCode(MfaCode::new(
                &profile,
                &device,
                MfaPurpose::Rotate(options),
            )));
            return;
        }
        self.statuses.forget_keys_of(&profile);
        match result {
            Ok(rotated) => {
                let old = match rotated.old_deleted {
                    true => "deleted",
                    false => "inactive: delete it once nothing needs it",
                };
                let room = rotated
                    .made_room
                    .map(|key| format!(" The inactive key {key} was deleted to make room."))
                    .unwrap_or_default();
                let text = format!(
                    "{profile}: now uses the new key {}; the old key {} is {old}.{room}",
                    rotated.new_key, rotated.old_key
                );
                match rotated.old_deleted {
                    true => self.tell(&profile, text, true),
                    false => {
                        let next = super::status::NextStep::DeleteOldKey(rotated.old_key);
                        self.tell_next(&profile, text, next);
                    }
                }
            }
            Err(why) => {
                self.tell_fault(&profile, &why);
            }
        }
    }
}

impl KeyshelfApp {
    /// Deletes an old, inactive access key in IAM, asked with the profile's current key.
    pub(super) fn delete_old_key(&mut self, profile: String, key: String) {
        let Some(target) = self.aws_target() else {
            return;
        };
        self.run_busy(
            format!("Deleting the old key {key} in AWS…"),
            move |job, _| {
                let result =
                    action::delete_old_key(&job.workspace, &job.store, &profile, &key, &target);
                (profile, result)
            },
            |app, (profile, result)| {
                app.keychain_busy = None;
                match result {
                    Ok(deleted) => app.tell(
                        &profile,
                        format!("The old key {} is deleted.", deleted.access_key_id),
                        true,
                    ),
                    Err(why) => app.tell_fault(&profile, &why),
                }
            },
        );
    }
}
