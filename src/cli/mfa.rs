//! Asking a person for an MFA code on behalf of `credential-process` and `keyshelf session`.
//! The AWS tools run `credential_process` with its output captured and often no
//! terminal, so keyshelf shows a small window of its own (`keyshelf mfa-prompt`, a child
//! process that prints the code) when there is a display, falls back to the terminal, and
//! otherwise says why in one line.

use std::io::{BufRead, Read, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use keyshelf::secret::Secret;
use keyshelf::session::{MfaQuestion, NoCode, is_code};

/// Which way to ask first.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Prefer {
    /// `credential-process`: run by a tool that captures its output, perhaps from a desktop.
    Window,
    /// `keyshelf session`, typed by a person in a terminal.
    Terminal,
}

/// Why a way of asking did not give a code.
enum Failed {
    /// This way is not available here (no display, no terminal): try the next.
    Unavailable,
    /// There is a display, but keyshelf's window could not be opened on it (why, as the
    /// window said it): try the next way, and say so if none is left.
    NoWindow(String),
    /// The person was asked and gave no code: say why, ask no more.
    Final(String),
}

/// One way of asking.
type Way = fn(&MfaQuestion<'_>) -> Result<Secret, Failed>;

/// Asks for the code, the preferred way first; `Err` says why none was had, as a phrase that
/// follows "needs a code from MFA device X, and".
pub fn ask(question: &MfaQuestion<'_>, prefer: Prefer) -> Result<Secret, NoCode> {
    let ways: [Way; 2] = match prefer {
        Prefer::Window => [window, terminal],
        Prefer::Terminal => [terminal, window],
    };
    let deadline = Instant::now() + question.time_left;
    let mut no_window = None;
    for way in ways {
        // Each way gets what the one before left.
        let time_left = deadline.saturating_duration_since(Instant::now());
        if time_left < Duration::from_secs(5) {
            return Err("too little time was left to ask for it".into());
        }
        let question = MfaQuestion {
            time_left,
            ..question.clone()
        };
        match way(&question) {
            Ok(code) => return Ok(code),
            Err(Failed::Final(why)) => return Err(NoCode(why)),
            Err(Failed::NoWindow(why)) => no_window = Some(why),
            Err(Failed::Unavailable) => {}
        }
    }
    if let Some(why) = no_window {
        return Err(NoCode(format!(
            "keyshelf's window could not be opened on this display ({why}) and there is no terminal to ask on; run “keyshelf session --profile {}” in a terminal first, or click Start session in keyshelf",
            question.profile.escape_debug()
        )));
    }
    Err(NoCode(match prefer {
        Prefer::Window => format!(
            "there is no display or terminal to ask on; run “keyshelf session --profile {}” in a terminal first, or click Start session in keyshelf",
            question.profile.escape_debug()
        ),
        Prefer::Terminal => {
            "there is no display or terminal to ask on; give the code with --code CODE (or --code - to read it from stdin)".to_owned()
        }
    }))
}

/// `--code`: the code as given, or read from stdin for `-` (within two minutes: a pipe that
/// never closes must not hang keyshelf); `None` when not given.
pub fn given_code(code: Option<&str>) -> anyhow::Result<Option<Secret>> {
    match code {
        None => Ok(None),
        Some("-") => {
            let (tx, rx) = mpsc::channel();
            std::thread::spawn(move || {
                let mut line = String::new();
                let read = std::io::stdin().read_line(&mut line);
                let _ = tx.send(read.map(|_| Secret::new(line.trim())));
            });
            match rx.recv_timeout(Duration::from_secs(120)) {
                Ok(Ok(code)) => Ok(Some(code)),
                Ok(Err(err)) => Err(anyhow::anyhow!(
                    "the MFA code could not be read from stdin: {err}"
                )),
                Err(_) => Err(super::user_error(
                    "no MFA code arrived on stdin within two minutes",
                )),
            }
        }
        Some(code) => Ok(Some(Secret::new(code.trim()))),
    }
    .and_then(|code| match code {
        Some(code) if !is_code(code.expose()) => Err(super::user_error(
            "the MFA code given is not six digits; type the code the device shows now",
        )),
        code => Ok(code),
    })
}

/// The code given with `--code` when it is one, else asked in the terminal first.
pub fn given_or_ask(given: &Option<Secret>, question: &MfaQuestion<'_>) -> Result<Secret, NoCode> {
    match given {
        Some(code) if is_code(code.expose()) => Ok(code.clone()),
        Some(_) => Err("what was given is not a six-digit code".into()),
        None => ask(question, Prefer::Terminal),
    }
}

/// Whether a window can be shown: a build with the app, and on Linux and the BSDs an X11 or
/// Wayland display in the environment.
pub(super) fn has_display() -> bool {
    if !cfg!(feature = "gui") {
        return false;
    }
    if cfg!(any(target_os = "macos", windows)) {
        return true;
    }
    ["DISPLAY", "WAYLAND_DISPLAY"]
        .iter()
        .any(|name| std::env::var_os(name).is_some_and(|v| !v.is_empty()))
}

/// Exit code of `keyshelf mfa-prompt` when it could not open a window at all.
pub const NO_WINDOW: u8 = 3;
/// Exit code of `keyshelf mfa-prompt` when its time ran out with no code typed.
pub const TIME_UP: u8 = 4;

/// keyshelf's own window, in a child process (`keyshelf mfa-prompt`) that is killed when time
/// runs out.
fn window(question: &MfaQuestion<'_>) -> Result<Secret, Failed> {
    if !has_display() {
        return Err(Failed::Unavailable);
    }
    let Ok(program) = std::env::current_exe() else {
        return Err(Failed::Unavailable);
    };
    // A window that fails to open at once is tried once more: an X server or compositor
    // still starting, or busy, can refuse a first connection that a second one gets.
    let first = prompt_once(&program, question);
    match first {
        Err(Failed::NoWindow(_)) if question.time_left > Duration::from_secs(10) => {
            std::thread::sleep(Duration::from_millis(300));
            let question = MfaQuestion {
                time_left: question.time_left - Duration::from_millis(300),
                ..question.clone()
            };
            prompt_once(&program, &question)
        }
        other => other,
    }
}

/// One `keyshelf mfa-prompt` window.
fn prompt_once(program: &std::path::Path, question: &MfaQuestion<'_>) -> Result<Secret, Failed> {
    let seconds = question.time_left.as_secs();
    let child = Command::new(program)
        .args(["mfa-prompt", "--profile", question.profile])
        .args(["--device", question.device])
        .args(["--seconds", &seconds.to_string()])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let Ok(mut child) = child else {
        return Err(Failed::Unavailable);
    };
    let deadline = Instant::now() + question.time_left + Duration::from_secs(1);
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(50)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(Failed::Final(format!(
                    "no code was typed within {seconds} seconds"
                )));
            }
        }
    };
    let mut out = String::new();
    if let Some(mut stdout) = child.stdout.take() {
        let _ = stdout.read_to_string(&mut out);
    }
    let out = Secret::new(out);
    match status.code() {
        Some(0) if is_code(out.expose().trim()) => Ok(Secret::new(out.expose().trim())),
        Some(code) if code == i32::from(NO_WINDOW) => {
            // The prompt says why in one line; the graphics libraries may add their own.
            let mut err = String::new();
            if let Some(mut stderr) = child.stderr.take() {
                let _ = stderr.read_to_string(&mut err);
            }
            let why = err
                .lines()
                .find_map(|line| line.strip_prefix("keyshelf: could not open the window: "))
                .unwrap_or("no reason given")
                .to_owned();
            Err(Failed::NoWindow(why))
        }
        Some(code) if code == i32::from(TIME_UP) => Err(Failed::Final(format!(
            "no code was typed within {seconds} seconds"
        ))),
        Some(0) | Some(1) => Err(Failed::Final("the window was closed without a code".into())),
        _ => Err(Failed::Unavailable),
    }
}

/// The terminal the AWS tool was started from (`/dev/tty`), read with echo on: a one-time code
/// is useless once used, and a process killed mid-read must not leave the terminal silent.
fn terminal(question: &MfaQuestion<'_>) -> Result<Secret, Failed> {
    #[cfg(unix)]
    let opened = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty");
    #[cfg(not(unix))]
    let opened: std::io::Result<std::fs::File> = Err(std::io::ErrorKind::Unsupported.into());
    let Ok(mut tty) = opened else {
        return Err(Failed::Unavailable);
    };
    let seconds = question.time_left.as_secs();
    let prompt = format!(
        "keyshelf: MFA code for profile “{}” (device {}, {seconds} s): ",
        question.profile.escape_debug(),
        question.device
    );
    if tty.write_all(prompt.as_bytes()).is_err() {
        return Err(Failed::Unavailable);
    }
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let read = std::io::BufReader::new(tty).read_line(&mut line);
        let _ = tx.send(read.map(|_| Secret::new(line.trim())));
    });
    match rx.recv_timeout(question.time_left) {
        Ok(Ok(code)) if is_code(code.expose()) => Ok(code),
        Ok(Ok(_)) => Err(Failed::Final(
            "what was typed is not a six-digit code".into(),
        )),
        Ok(Err(_)) => Err(Failed::Unavailable),
        Err(_) => Err(Failed::Final(format!(
            "no code was typed within {seconds} seconds"
        ))),
    }
}
