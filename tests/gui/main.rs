//! The app, driven through egui_kittest by the labels a screen reader reads (and, where a test says so, a real window under Xvfb).
//! Each file below was a test binary of its own; one binary links egui and the AWS SDK once.
#![cfg(feature = "gui")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../common/mod.rs"]
mod common;
#[path = "../gui_support/mod.rs"]
mod gui_support;

mod gui;
mod gui_cloud;
mod gui_defaults;
mod gui_dialog_sizes;
mod gui_files;
mod gui_health;
mod gui_hierarchy;
mod gui_keychain_page;
mod gui_mistakes;
mod gui_names;
mod gui_real_window;
mod gui_region;
mod gui_session;
mod gui_sizes;
mod gui_sso;
mod gui_sso_rename;
mod gui_tasks;
mod gui_typing;
mod gui_unreadable;
mod gui_words;
