//! One runner for all work that must not run on the UI thread: saving and reading files,
//! keychain calls (a locked keychain can block while it prompts), AWS calls, the file dialog,
//! and noticing when another program changes the files.
//!
//! A job is two closures: `work`, run on its own thread, returns the action's own typed result;
//! `done` gets that result back on the UI thread with the app, once the frame polls. So each
//! job's completion is written where the job is started, matched on its own type; there is no
//! list of every kind of result and no arm for results that "cannot happen". When nothing
//! happens, nothing repaints.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, OnceLock};
use std::thread;
use std::time::{Duration, SystemTime};

/// What the runner needs of the app it hands results to (the app implements it; the runner
/// knows nothing else of it).
pub trait Host: 'static {
    /// A job stopped with a bug (a panic).
    fn job_failed(&mut self);
    /// Another program changed a watched file's size or time.
    fn files_touched(&mut self);
    /// An action over many profiles is at profile `done + 1` of `total`.
    fn busy_step(&mut self, done: usize, total: usize, profile: &str);
}

/// What a job hands back: applied to the app on the UI thread.
type Done<A> = Box<dyn FnOnce(&mut A) + Send>;

/// A message from a job: progress, or its end (`last`).
struct Message<A> {
    apply: Done<A>,
    last: bool,
}

/// How a running job reports progress: each report is applied to the app like a result.
pub struct Reporter<A> {
    tx: Sender<Message<A>>,
    ctx: Waker,
}

impl<A> Clone for Reporter<A> {
    fn clone(&self) -> Self {
        Reporter {
            tx: self.tx.clone(),
            ctx: self.ctx.clone(),
        }
    }
}

/// The window's context, to wake it; set on the first frame (a job started before it, such as
/// the first read of the files, leaves its result for that frame).
type Waker = Arc<OnceLock<egui::Context>>;

fn wake(waker: &Waker) {
    if let Some(ctx) = waker.get() {
        ctx.request_repaint();
    }
}

impl<A: Host> Reporter<A> {
    pub fn send(&self, update: impl FnOnce(&mut A) + Send + 'static) {
        self.post(Box::new(update), false);
    }

    fn post(&self, apply: Done<A>, last: bool) {
        let _ = self.tx.send(Message { apply, last });
        wake(&self.ctx);
    }

    /// An action over many profiles is at profile `done + 1` of `total`: the busy bar says so.
    pub fn step(&self, done: usize, total: usize, profile: &str) {
        let profile = profile.to_owned();
        self.send(move |app| app.busy_step(done, total, &profile));
    }
}

pub struct Jobs<A> {
    tx: Sender<Message<A>>,
    rx: Receiver<Message<A>>,
    /// Jobs started whose result has not been applied yet.
    running: usize,
    ctx: Waker,
    watch: Vec<PathBuf>,
}

impl<A: Host> Jobs<A> {
    /// Jobs that will watch `watch` for changes by other programs once the first frame runs.
    pub fn new(watch: Vec<PathBuf>) -> Jobs<A> {
        let (tx, rx) = channel();
        Jobs {
            tx,
            rx,
            running: 0,
            ctx: Waker::default(),
            watch,
        }
    }

    /// Called every frame: the first call starts the file watcher.
    pub fn attach(&mut self, ctx: &egui::Context) {
        if self.ctx.set(ctx.clone()).is_ok() {
            super::theme::apply(ctx);
            if !self.watch.is_empty() {
                self.start_watcher(self.watch.clone());
            }
        }
    }

    /// The window's context (a detached one before the first frame).
    pub fn ctx(&self) -> egui::Context {
        self.ctx.get().cloned().unwrap_or_default()
    }

    fn reporter(&self) -> Reporter<A> {
        Reporter {
            tx: self.tx.clone(),
            ctx: self.ctx.clone(),
        }
    }

    /// Runs `work` on its own thread and hands its result to `done` on the UI thread. A job
    /// that panics (a bug) is reported as one, and the app is not left waiting for it.
    pub fn run<T: Send + 'static>(
        &mut self,
        work: impl FnOnce(&Reporter<A>) -> T + Send + 'static,
        done: impl FnOnce(&mut A, T) + Send + 'static,
    ) {
        let reporter = self.reporter();
        self.running += 1;
        thread::spawn(move || {
            match catch_unwind(AssertUnwindSafe(|| work(&reporter))) {
                Ok(result) => reporter.post(Box::new(move |app| done(app, result)), true),
                Err(_) => reporter.post(Box::new(|app| app.job_failed()), true),
            };
        });
    }

    /// Watches the files' metadata once a second, on its own thread, until the app goes away.
    fn start_watcher(&self, paths: Vec<PathBuf>) {
        let reporter = self.reporter();
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
                    let touched = Message {
                        apply: Box::new(|app: &mut A| app.files_touched()),
                        last: false,
                    };
                    if reporter.tx.send(touched).is_err() {
                        return;
                    }
                    wake(&reporter.ctx);
                }
            }
        });
    }

    /// What jobs handed back since the last frame, in order.
    pub fn poll(&mut self) -> Vec<Done<A>> {
        let messages: Vec<Message<A>> = self.rx.try_iter().collect();
        self.running -= messages.iter().filter(|m| m.last).count();
        messages.into_iter().map(|m| m.apply).collect()
    }

    /// How many jobs are running (or have ended and wait for the next frame).
    pub fn running(&self) -> usize {
        self.running
    }
}
