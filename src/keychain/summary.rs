//! The summary of a task over many profiles (Secure all, Restore all): how many moved, were
//! skipped or failed, and one line per profile in plain words. One home for both faces:
//! the command line prints it, the app shows it in a dialog.

use super::migrate::Outcome;

/// Counts and lines of a many-profile task.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    pub moved: usize,
    pub skipped: usize,
    pub failed: usize,
    /// One line per profile (two when a moved profile's keychain item was kept), in order.
    pub lines: Vec<String>,
}

impl Summary {
    /// `verb` says what a move did: "moved into the keychain", "restored to the credentials
    /// file".
    /// `word` says each failure's remedy as the face shows it (a command, or the app's button).
    pub fn of(
        outcomes: &[(String, Outcome)],
        verb: &str,
        word: &dyn Fn(&crate::fault::Remedy) -> String,
    ) -> Summary {
        let mut summary = Summary {
            moved: 0,
            skipped: 0,
            failed: 0,
            lines: Vec::new(),
        };
        for (name, outcome) in outcomes {
            match outcome {
                Outcome::Moved(moved) => {
                    summary.moved += 1;
                    summary.lines.push(match moved.report.scrub.describe() {
                        Some(scrub) => format!("{name}: {verb}; {scrub}"),
                        None => format!("{name}: {verb}"),
                    });
                    if let Some(err) = &moved.item_left {
                        summary
                            .lines
                            .push(format!("{name}: the keychain item was kept: {err}"));
                    }
                }
                Outcome::Skipped(why) => {
                    summary.skipped += 1;
                    summary.lines.push(format!("{name}: skipped ({why})"));
                }
                Outcome::Failed(err) => {
                    summary.failed += 1;
                    let text = crate::fault::with_remedy(err, word);
                    summary.lines.push(format!("{name}: failed: {text}"));
                }
            }
        }
        summary
    }

    /// "3 moved, 1 skipped, 0 failed".
    pub fn headline(&self) -> String {
        format!(
            "{} moved, {} skipped, {} failed",
            self.moved, self.skipped, self.failed
        )
    }
}
