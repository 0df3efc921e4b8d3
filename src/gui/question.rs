//! A question a view asks off the UI thread, such as "which MFA devices does this user have?",
//! whose answer goes into the profiles' status map ([`Statuses`]). The view builds it from the
//! core action and the status field it fills; the app hands it the files as read, the keychain
//! and where AWS calls go, and runs it as a job. A new AWS call on a profile's page is then one
//! core function, one status field and the view that shows it.

use super::app::KeyshelfApp;
use super::status::{Asked, ProfileStatus, Statuses};
use crate::action::StoreFactory;
use crate::cloud::Target;
use crate::files::Workspace;

/// What a question's work gets from the app, owned, for its thread.
pub struct Inputs {
    /// The files as read (a copy: edits made meanwhile do not reach it).
    pub workspace: Workspace,
    pub store: StoreFactory,
    /// Where AWS calls go.
    pub target: Target,
}

type Answer = Box<dyn FnOnce(&mut Statuses) + Send>;

pub struct Question {
    asking: Box<dyn FnOnce(&mut Statuses) + Send>,
    work: Box<dyn FnOnce(Inputs) -> Answer + Send>,
}

/// Where in a profile's status an answer goes.
pub type Slot<T, E> = fn(&mut ProfileStatus) -> &mut Option<Asked<T, E>>;

impl Question {
    /// A question about `profile`: `slot` shows it as checking at once; `work` runs off the UI
    /// thread and returns the core action's typed result, which then fills `slot`.
    pub fn about<T: Send + 'static, E: Send + 'static>(
        profile: &str,
        slot: Slot<T, E>,
        work: impl FnOnce(&str, Inputs) -> Result<T, E> + Send + 'static,
    ) -> Question {
        let profile = profile.to_owned();
        let asked = profile.clone();
        Question {
            asking: Box::new(move |statuses| *slot(statuses.entry(&asked)) = Some(Asked::Checking)),
            work: Box::new(move |inputs| {
                let result = work(&profile, inputs);
                Box::new(move |statuses: &mut Statuses| {
                    *slot(statuses.entry(&profile)) = Some(result.into());
                })
            }),
        }
    }
}

impl KeyshelfApp {
    /// Runs a view's question over the files as read (nothing to ask before they are).
    pub(super) fn ask_question(&mut self, question: Question) {
        let (Some(workspace), Some(target)) = (self.workspace.clone(), self.aws_target()) else {
            return;
        };
        let inputs = Inputs {
            workspace,
            store: self.outside.keychain.clone(),
            target,
        };
        (question.asking)(&mut self.statuses);
        let work = question.work;
        self.jobs.run(
            move |_| work(inputs),
            |app, answer| answer(&mut app.statuses),
        );
    }
}
