//! Looking over the files for what the list marks and the banners say, off the UI thread: it
//! stats programs (`credential_process` lines) and resolves profiles, which must not happen
//! while drawing. The list asks for the rows in view; the banner's look covers every profile
//! keyshelf serves.

use super::app::KeyshelfApp;
use super::status::{Asked, Survey};
use crate::keychain::{Ailment, file_ailments, profile_problems};

impl KeyshelfApp {
    /// Looks at `names` (rows in view without an answer since the files changed).
    pub(super) fn survey(&mut self, names: Vec<String>) {
        let Some(workspace) = self.workspace.clone() else {
            return;
        };
        let generation = self.statuses.files_generation();
        for name in &names {
            self.statuses.entry(name).survey = Some(Asked::Checking);
        }
        self.jobs.run(
            move |_| {
                names
                    .into_iter()
                    .map(|name| {
                        let survey = Survey {
                            problems: profile_problems(&workspace, &name),
                            ailments: file_ailments(&workspace, &name),
                        };
                        (name, survey)
                    })
                    .collect::<Vec<_>>()
            },
            move |app, surveyed| {
                let current = app.statuses.files_generation() == generation;
                for (name, survey) in surveyed {
                    // Out of date: asked again when next in view.
                    app.statuses.entry(&name).survey = current.then_some(Asked::Known(survey));
                }
            },
        );
    }

    /// The served profiles whose program is gone, for the Repair all banner: worked out off the
    /// UI thread after each change of the files.
    pub(super) fn find_broken_paths(&mut self) {
        let Some(workspace) = self.workspace.clone() else {
            self.model.broken_paths.clear();
            return;
        };
        let served: Vec<String> = self
            .model
            .profiles
            .iter()
            .filter(|p| p.secret == crate::aws::SecretLocation::Keychain)
            .map(|p| p.name.clone())
            .collect();
        let generation = self.statuses.files_generation();
        self.jobs.run(
            move |_| {
                served
                    .into_iter()
                    .filter(|name| {
                        file_ailments(&workspace, name)
                            .iter()
                            .any(|a| matches!(a, Ailment::ProgramMissing { .. }))
                    })
                    .collect::<Vec<_>>()
            },
            move |app, broken| {
                if app.statuses.files_generation() == generation {
                    app.model.broken_paths = broken;
                }
            },
        );
    }
}
