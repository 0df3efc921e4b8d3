//! An empty eframe window: the floor keyshelf's own window is measured against
//! (`benches/report.sh`). Same eframe, same features, same release profile, same window options
//! (size, renderer, saved window state) as `keyshelf::gui::run`, and nothing drawn in it. It
//! keeps the system allocator (keyshelf's binary uses mimalloc) and never gets an icon.
//!
//! With `KEYSHELF_EXIT_AFTER_FIRST_FRAME` set it closes as soon as its first frame is on screen,
//! exactly as keyshelf does for the first-frame measurement (`src/gui/window.rs`), so both are
//! timed from process start to exit the same way. Without it, it stays open (for idle CPU and
//! resident memory).
//!
//! Build with `cargo bench --bench empty_window --no-run`; running it through `cargo bench`
//! opens the window until it is closed.

use eframe::egui;

struct Empty {
    exit_after_first_frame: bool,
}

impl eframe::App for Empty {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        if self.exit_after_first_frame {
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }
}

fn main() -> eframe::Result<()> {
    let exit_after_first_frame = std::env::var_os("KEYSHELF_EXIT_AFTER_FIRST_FRAME").is_some();
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("empty")
            .with_inner_size([1100.0, 720.0])
            .with_min_inner_size([640.0, 420.0])
            .with_app_id("keyshelf-empty-window")
            // As keyshelf opens its window: no icon yet (it sets its own after the first frame),
            // so that eframe does not decode its default one either.
            .with_icon(egui::IconData::default())
            .with_drag_and_drop(true),
        renderer: eframe::Renderer::Glow,
        persist_window: true,
        dithering: false,
        ..Default::default()
    };
    eframe::run_native(
        "keyshelf-empty-window",
        options,
        Box::new(move |_cc| {
            Ok(Box::new(Empty {
                exit_after_first_frame,
            }))
        }),
    )
}
