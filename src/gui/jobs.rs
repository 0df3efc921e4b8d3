//! Work that must not run on the UI thread: saving files (and, later, keychain calls), and
//! noticing when another program changes the files. Each job reports back over a channel and
//! wakes the UI; when nothing happens, nothing repaints.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread;
use std::time::{Duration, SystemTime};

use crate::files::{SaveJob, Saved};

/// What a background job reports.
pub enum JobEvent {
    Saved(Saved),
    /// A file's size or modification time changed on disk.
    FilesTouched,
}

pub struct Jobs {
    tx: Sender<JobEvent>,
    rx: Receiver<JobEvent>,
    /// The context to wake; known from the first frame on.
    ctx: egui::Context,
    attached: bool,
    watch: Vec<PathBuf>,
}

impl Jobs {
    /// Jobs that will watch `watch` for changes by other programs once the first frame runs.
    pub fn new(watch: Vec<PathBuf>) -> Jobs {
        let (tx, rx) = channel();
        Jobs {
            tx,
            rx,
            ctx: egui::Context::default(),
            attached: false,
            watch,
        }
    }

    /// Called every frame: the first call starts the file watcher.
    pub fn attach(&mut self, ctx: &egui::Context) {
        if !self.attached {
            self.attached = true;
            self.ctx = ctx.clone();
            if !self.watch.is_empty() {
                self.start_watcher(self.watch.clone());
            }
        }
    }

    pub fn ctx(&self) -> &egui::Context {
        &self.ctx
    }

    /// Runs a save on its own thread.
    pub fn save(&self, job: SaveJob) {
        let tx = self.tx.clone();
        let ctx = self.ctx.clone();
        thread::spawn(move || {
            let _ = tx.send(JobEvent::Saved(job.run()));
            ctx.request_repaint();
        });
    }

    /// Watches the files' metadata once a second, on its own thread, until the app goes away.
    fn start_watcher(&self, paths: Vec<PathBuf>) {
        let tx = self.tx.clone();
        let ctx = self.ctx.clone();
        thread::spawn(move || {
            let stamp = |paths: &[PathBuf]| -> Vec<Option<(u64, Option<SystemTime>)>> {
                paths
                    .iter()
                    .map(|p| {
                        std::fs::metadata(p)
                            .ok()
                            .map(|m| (m.len(), m.modified().ok()))
                    })
                    .collect()
            };
            let mut last = stamp(&paths);
            loop {
                thread::sleep(Duration::from_millis(1000));
                let now = stamp(&paths);
                if now != last {
                    last = now;
                    if tx.send(JobEvent::FilesTouched).is_err() {
                        return;
                    }
                    ctx.request_repaint();
                }
            }
        });
    }

    /// Events that arrived since the last frame.
    pub fn poll(&self) -> Vec<JobEvent> {
        self.rx.try_iter().collect()
    }
}
