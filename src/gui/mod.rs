//! The desktop app (feature `gui`): a thin face over the core. Each panel or dialog is its own
//! file; [`KeyshelfApp::show`] reads like a table of contents.

mod actions;
mod app;
mod apply;
mod clipboard;
mod cloud_actions;
mod dialogs;
mod file_problems;
mod form;
mod health_actions;
mod health_page;
mod import_actions;
mod install_actions;
mod intent;
mod jobs;
mod keychain_actions;
pub mod mfa_window;
mod profile_actions;
mod profile_list;
mod profile_page;
mod question;
mod region_field;
mod repair_actions;
mod save_actions;
mod session_actions;
pub mod sign_in_window;
mod sso_actions;
mod sso_words;
mod state;
mod status;
mod status_bar;
mod survey;
mod theme;
mod top_bar;
mod unreadable_page;
mod welcome;
mod widgets;

pub use crate::action::StoreFactory;
pub use app::KeyshelfApp;
pub use state::Browser;

/// Opens the window and runs until it is closed.
pub fn run() -> eframe::Result<()> {
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("keyshelf")
        .with_inner_size([1100.0, 720.0])
        .with_min_inner_size([640.0, 420.0])
        .with_app_id("keyshelf")
        .with_drag_and_drop(true);
    if let Ok(icon) = eframe::icon_data::from_png_bytes(crate::install::share::WINDOW_ICON) {
        viewport = viewport.with_icon(icon);
    }
    let options = eframe::NativeOptions {
        viewport,
        renderer: eframe::Renderer::Glow,
        persist_window: true,
        ..Default::default()
    };
    let paths = crate::aws::AwsPaths::from_env();
    // For benches/window.sh: close as soon as the first frame is on screen.
    let exit_after_first_frame = std::env::var_os("KEYSHELF_EXIT_AFTER_FIRST_FRAME").is_some();
    eframe::run_native(
        "keyshelf",
        options,
        Box::new(move |cc| {
            let mut app = KeyshelfApp::new(paths, cc.storage);
            app.window.exit_after_first_frame = exit_after_first_frame;
            Ok(Box::new(app))
        }),
    )
}
