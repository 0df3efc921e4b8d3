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
mod window;

pub use crate::action::StoreFactory;
pub use app::KeyshelfApp;
pub use state::Browser;
pub use window::run;
