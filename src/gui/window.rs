//! The window: opening it, what eframe calls on each frame and on exit, and what the app
//! remembers between runs.

use egui::ViewportCommand;
use serde::{Deserialize, Serialize};

use super::app::KeyshelfApp;

/// What the app remembers between runs (eframe also keeps the window size). Never file
/// contents or secrets: only the name of the last selected profile.
#[derive(Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Remembered {
    pub last_profile: Option<String>,
    /// "system", "light" or "dark" (egui's memory, which would hold it, is not kept).
    pub theme: Option<String>,
}

pub(super) const STORAGE_KEY: &str = "keyshelf";

/// Opens the window and runs until it is closed.
pub fn run() -> eframe::Result<()> {
    // The icon is set after the first frame (see `set_icon`): no icon here, or eframe sets its own.
    let viewport = egui::ViewportBuilder::default()
        .with_icon(egui::IconData::default())
        .with_title("keyshelf")
        .with_inner_size([1100.0, 720.0])
        .with_min_inner_size([640.0, 420.0])
        .with_app_id("keyshelf")
        .with_drag_and_drop(true);
    let options = eframe::NativeOptions {
        viewport,
        renderer: eframe::Renderer::Glow,
        persist_window: true,
        // egui's dithering adds noise to every shaded pixel against banding in gradients.
        // keyshelf draws flat fills and text only, and on a software renderer (Mesa's llvmpipe,
        // where there is no GPU) the noise is work for every pixel of every frame.
        dithering: false,
        ..Default::default()
    };
    let paths = crate::aws::AwsPaths::from_env();
    // Read while the window is made (see `EarlyRead`).
    let read = paths
        .as_ref()
        .ok()
        .cloned()
        .map(super::actions::EarlyRead::start);
    // For benches/window.sh: close as soon as the first frame is on screen.
    let exit_after_first_frame = std::env::var_os("KEYSHELF_EXIT_AFTER_FIRST_FRAME").is_some();
    eframe::run_native(
        "keyshelf",
        options,
        Box::new(move |cc| {
            let mut app = KeyshelfApp::new(paths, read, cc.storage);
            decode_icon(&mut app);
            app.window.exit_after_first_frame = exit_after_first_frame;
            Ok(Box::new(app))
        }),
    )
}

/// The window's icon (the 256-pixel one, which window switchers scale down), decoded on another
/// thread: decoding it on the UI thread and sending its 256 KiB to the X server held back the
/// first frame by about 2.5 ms, and nobody sees an icon sooner. It is set once the first frame
/// is on screen.
fn decode_icon(app: &mut KeyshelfApp) {
    app.jobs.run(
        |_| eframe::icon_data::from_png_bytes(crate::install::share::WINDOW_ICON).ok(),
        |app, icon| app.window.icon = icon.map(std::sync::Arc::new),
    );
}

impl eframe::App for KeyshelfApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
        // From the second frame on (a first frame run twice by egui is still the first).
        if ui.ctx().cumulative_frame_nr() >= 1
            && let Some(icon) = self.window.icon.take()
        {
            ui.ctx()
                .send_viewport_cmd(ViewportCommand::Icon(Some(icon)));
        }
        if self.window.exit_after_first_frame {
            self.save.allow_close = true;
            ui.ctx().send_viewport_cmd(ViewportCommand::Close);
        }
    }

    /// The font atlas is as wide as the largest texture the driver allows: 16,384 pixels on
    /// llvmpipe, so the first frame uploaded a 16,384-pixel-wide texture for a few hundred
    /// glyphs, and again each time it grew. egui's own portable default (2,048) holds every
    /// glyph keyshelf draws many times over; keyshelf has no other textures.
    fn raw_input_hook(&mut self, _ctx: &egui::Context, raw_input: &mut egui::RawInput) {
        raw_input.max_texture_side = raw_input.max_texture_side.map(|side| side.min(2048));
    }

    fn clear_color(&self, visuals: &egui::Visuals) -> [f32; 4] {
        super::theme::clear_color(visuals)
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        let theme = match self.jobs.ctx().options(|o| o.theme_preference) {
            egui::ThemePreference::System => "system",
            egui::ThemePreference::Light => "light",
            egui::ThemePreference::Dark => "dark",
        };
        let remembered = Remembered {
            last_profile: self.selected.clone(),
            theme: Some(theme.to_owned()),
        };
        eframe::set_value(storage, STORAGE_KEY, &remembered);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.clear_clipboard_on_exit();
    }

    /// egui's memory holds text-edit state, which can hold what was typed in a secret field.
    fn persist_egui_memory(&self) -> bool {
        false
    }
}
