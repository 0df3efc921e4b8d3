//! The small window that asks for an MFA code when an AWS tool runs `keyshelf
//! credential-process` and a session must start: the tools capture the
//! process's output and give it no terminal, so keyshelf asks on screen. It names the profile
//! and the device, counts down to the moment keyshelf gives up, and stays above other windows.
//! Run as its own process (`keyshelf mfa-prompt`), which prints the code.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use zeroize::Zeroize;

use crate::secret::Secret;

/// What the window holds while it is open.
pub struct MfaWindow {
    profile: String,
    device: String,
    code: String,
    deadline: Instant,
    /// The code once the person pressed OK; read by [`ask`] after the window closes.
    answer: Arc<Mutex<Option<Secret>>>,
    focused: bool,
}

impl Drop for MfaWindow {
    fn drop(&mut self) {
        self.code.zeroize();
    }
}

impl MfaWindow {
    pub fn new(profile: &str, device: &str, time_limit: Duration) -> MfaWindow {
        MfaWindow {
            profile: profile.to_owned(),
            device: device.to_owned(),
            code: String::new(),
            deadline: Instant::now() + time_limit,
            answer: Arc::new(Mutex::new(None)),
            focused: false,
        }
    }

    /// The code given, once OK was pressed.
    pub fn answer(&self) -> Option<Secret> {
        self.answer.lock().ok().and_then(|a| a.clone())
    }

    /// Draws the window; `true` once it should close (a code given, Cancel, Escape, or time
    /// up).
    pub fn show(&mut self, ui: &mut egui::Ui) -> bool {
        let left = self.deadline.saturating_duration_since(Instant::now());
        ui.ctx().request_repaint_after(Duration::from_millis(250));
        let mut close = left.is_zero();
        egui::CentralPanel::default().show(ui, |ui| {
            ui.heading(format!("MFA code for profile “{}”", self.profile));
            ui.add_space(4.0);
            ui.label("An AWS tool needs new temporary credentials. Type the code your MFA device shows now.");
            ui.label(egui::RichText::new(format!("Device: {}", self.device)).small());
            ui.add_space(8.0);
            code_row(ui, &mut self.code, &mut self.focused);
            let ready = crate::session::is_code(&self.code);
            if !self.code.is_empty() && !ready {
                ui.weak("The code is six digits.");
            }
            ui.label(format!("keyshelf gives up in {} s.", left.as_secs()));
            ui.add_space(8.0);
            let enter = ready && ui.input(|i| i.key_pressed(egui::Key::Enter));
            ui.horizontal(|ui| {
                if ui.add_enabled(ready, egui::Button::new("OK")).clicked() || enter {
                    if let Ok(mut answer) = self.answer.lock() {
                        *answer = Some(Secret::new(self.code.trim()));
                    }
                    close = true;
                }
                if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                    close = true;
                }
            });
        });
        close
    }
}

/// "MFA code" and its field, focused on the first frame (`focused` remembers that it was).
pub fn code_row(ui: &mut egui::Ui, code: &mut String, focused: &mut bool) {
    ui.horizontal(|ui| {
        let label = ui.label("MFA code").id;
        let field = code_field(ui, code).labelled_by(label);
        if !*focused {
            field.request_focus();
            *focused = true;
        }
    });
}

/// A field for a six-digit code: monospace, digits only, wide enough for the code.
fn code_field(ui: &mut egui::Ui, code: &mut String) -> egui::Response {
    let response = ui.add(
        egui::TextEdit::singleline(code)
            .font(egui::TextStyle::Monospace)
            .char_limit(6)
            .desired_width(90.0)
            .hint_text("123456"),
    );
    code.retain(|c| c.is_ascii_digit());
    response
}

impl eframe::App for MfaWindow {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        if self.show(ui) {
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }
}

/// Shows the window until a code is given, it is closed, or `time_limit` passes. `Ok(None)`
/// when no code was given; `Err` when no window could be opened (no display).
pub fn ask(
    profile: &str,
    device: &str,
    time_limit: Duration,
) -> Result<Option<Secret>, eframe::Error> {
    let window = MfaWindow::new(profile, device, time_limit);
    let answer = window.answer.clone();
    let options = small_window(
        &format!("keyshelf — MFA code for {profile}"),
        "keyshelf-mfa",
        [460.0, 210.0],
    );
    eframe::run_native(
        "keyshelf-mfa",
        options,
        Box::new(move |_| Ok(Box::new(window))),
    )?;
    Ok(answer.lock().ok().and_then(|mut a| a.take()))
}

/// The options of keyshelf's small windows that ask something for an AWS tool (the MFA code,
/// signing in again): titled, above other windows, focused, centred, remembered nowhere.
pub fn small_window(title: &str, app_id: &str, size: [f32; 2]) -> eframe::NativeOptions {
    let mut viewport = egui::ViewportBuilder::default()
        .with_title(title)
        .with_inner_size(size)
        .with_app_id(app_id)
        .with_always_on_top()
        .with_active(true);
    if let Ok(icon) = eframe::icon_data::from_png_bytes(crate::install::share::WINDOW_ICON) {
        viewport = viewport.with_icon(icon);
    }
    eframe::NativeOptions {
        viewport,
        renderer: eframe::Renderer::Glow,
        persist_window: false,
        centered: true,
        ..Default::default()
    }
}
