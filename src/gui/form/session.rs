//! Temporary credentials on a keychain profile's page: the switch and the
//! session length, the MFA device, the session's state, Start session and End session, as rows
//! of the Security part's grid. Drawing asks through `out`; the app runs each as a task.

use egui::RichText;

use super::super::intent::Intent;
use super::super::question::Question;
use super::super::status::Asked;
use super::FormView;
use crate::session::{DEFAULT_SECONDS, time_left_words};

/// The session lengths offered: one hour to STS's 36.
const LENGTHS: [u32; 6] = [3600, 4 * 3600, 8 * 3600, 12 * 3600, 24 * 3600, 36 * 3600];

pub(super) fn session_panel(
    ui: &mut egui::Ui,
    view: FormView<'_>,
    name: &str,
    out: &mut Vec<Intent>,
) {
    let Some(workspace) = view.workspace else {
        return;
    };
    let temporary = crate::session::temporary_of(workspace, name);
    let has_device = workspace
        .docs
        .get(name, "mfa_serial")
        .is_some_and(|(value, _)| value.as_plain().is_some_and(|v| !v.trim().is_empty()));
    let ready = view.keychain_ready;
    let why = ready.err().unwrap_or("");
    let set = |seconds| Intent::SetTemporary {
        profile: name.to_owned(),
        seconds,
    };
    // A row of the Security part's grid: the switch where the labels are, its length beside.
    let mut on = temporary.is_some();
    let switch = ui
        .add_enabled(ready.is_ok(), egui::Checkbox::new(&mut on, "Temporary credentials"))
        .on_hover_text("The AWS tools get credentials that expire, made from the keys with AWS STS; the keys themselves never leave the keychain")
        .on_disabled_hover_text(why);
    if switch.changed() {
        out.push(set(on.then_some(DEFAULT_SECONDS)));
    }
    ui.horizontal_wrapped(|ui| {
        if let Some(seconds) = temporary {
            let label = ui.label("Session length").id;
            let mut chosen = seconds;
            ui.add_enabled_ui(ready.is_ok(), |ui| {
                egui::ComboBox::from_id_salt(("session-length", name))
                    .selected_text(time_left_words(u64::from(seconds)))
                    .show_ui(ui, |ui| {
                        for length in LENGTHS {
                            ui.selectable_value(
                                &mut chosen,
                                length,
                                time_left_words(u64::from(length)),
                            );
                        }
                    })
                    .response
                    .labelled_by(label)
                    .on_disabled_hover_text(why);
            });
            if chosen != seconds {
                out.push(set(Some(chosen)));
            }
        } else {
            ui.label("Off: the AWS tools get the keys themselves.");
        }
    });
    ui.end_row();
    mfa_device_picker(ui, view, name, out);
    if temporary.is_none() {
        return;
    }
    out.push(Intent::CheckSession(name.to_owned()));
    let ask = if has_device {
        ", asking for an MFA code in a small keyshelf window"
    } else {
        ""
    };
    let start = |ui: &mut egui::Ui, out: &mut Vec<Intent>, text: &str| {
        if ui
            .add_enabled(ready.is_ok(), egui::Button::new(text))
            .on_hover_text("Get temporary credentials now, so no AWS tool has to wait for them")
            .on_disabled_hover_text(why)
            .clicked()
        {
            out.push(Intent::StartSession {
                profile: name.to_owned(),
                code: None,
            });
        }
    };
    let session = view.statuses.get(name).and_then(|s| s.session.as_ref());
    ui.label("Session");
    ui.horizontal_wrapped(|ui| match session {
        None | Some(Asked::Checking) => {
            ui.label("Checking the session…");
        }
        Some(Asked::Failed(why)) => {
            ui.label(
                RichText::new(format!(
                    "⚠ The session could not be read from the keychain: {why}."
                ))
                .color(ui.visuals().warn_fg_color),
            );
            start(ui, out, "Start session");
            let details = crate::fault::Fault::details(why);
            super::super::widgets::details_fold(ui, ("session-details", name), details);
        }
        Some(Asked::Known(None)) => {
            ui.label(format!(
                "No session now: the next AWS call starts one{ask}."
            ));
            start(ui, out, "Start session");
        }
        Some(Asked::Known(Some(session))) => {
            let left = chrono::DateTime::parse_from_rfc3339(&session.expiration)
                .map(|t| (t.with_timezone(&chrono::Utc) - chrono::Utc::now()).num_seconds())
                .unwrap_or(0)
                .max(0) as u64;
            let until = chrono::DateTime::parse_from_rfc3339(&session.expiration)
                .map(|t| {
                    t.with_timezone(&chrono::Local)
                        .format("%-d %b %H:%M")
                        .to_string()
                })
                .unwrap_or_default();
            let mfa = if session.mfa { ", made with MFA" } else { "" };
            ui.label(format!(
                "Session until {until} ({} left{mfa}).",
                time_left_words(left)
            ));
            start(ui, out, "Start new session");
            if ui
                .add_enabled(ready.is_ok(), egui::Button::new("End session"))
                .on_hover_text(
                    "Forget the temporary credentials; the next AWS call starts a new session",
                )
                .on_disabled_hover_text(why)
                .clicked()
            {
                out.push(Intent::EndSession(name.to_owned()));
            }
        }
    });
    ui.end_row();
}

/// The MFA device the session asks a code for (`mfa_serial`), picked from the user's devices
/// as IAM lists them (asked with the profile's own key); choosing one is an edit, saved as any.
fn mfa_device_picker(ui: &mut egui::Ui, view: FormView<'_>, name: &str, out: &mut Vec<Intent>) {
    let current = view
        .files()
        .and_then(|files| files.get(name, "mfa_serial"))
        .and_then(|(value, _)| value.as_plain().map(|v| v.trim().to_owned()))
        .filter(|v| !v.is_empty());
    let devices = view.statuses.get(name).and_then(|s| s.mfa_devices.as_ref());
    let label = ui
        .label("MFA device")
        .on_hover_text(crate::gui::widgets::aws_help(
            "The MFA device whose code keyshelf asks for when it starts a session",
            "mfa_serial",
        ))
        .id;
    ui.horizontal_wrapped(|ui| {
        let mut chosen = current.clone();
        egui::ComboBox::from_id_salt(("mfa-device", name))
            .selected_text(current.as_deref().unwrap_or("None: no code is asked"))
            .width(320.0)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut chosen, None, "None: no code is asked");
                let listed = devices.and_then(Asked::known).into_iter().flatten();
                for device in listed {
                    let serial = Some(device.serial.clone());
                    ui.selectable_value(&mut chosen, serial, &device.serial);
                }
            })
            .response
            .labelled_by(label)
            .on_hover_text("mfa_serial: the device whose code AWS asks for when a session starts");
        if chosen != current {
            out.push(Intent::EditField {
                key: "mfa_serial".into(),
                text: chosen.unwrap_or_default(),
            });
        }
        match devices {
            Some(Asked::Checking) => {
                ui.add(egui::Spinner::new());
                ui.label("Asking AWS for your MFA devices…");
            }
            Some(Asked::Known(found)) if found.is_empty() => {
                ui.label("AWS lists no MFA device for this user.");
            }
            Some(Asked::Failed(why)) => {
                ui.label(
                    RichText::new(format!(
                        "Your MFA devices could not be listed: {}",
                        super::super::widgets::say(why)
                    ))
                    .color(ui.visuals().warn_fg_color),
                );
            }
            _ => {}
        }
        let asking = devices.is_some_and(Asked::is_checking);
        if ui
            .add_enabled(!asking, egui::Button::new("Find my MFA devices"))
            .on_hover_text("Ask AWS (IAM ListMFADevices) which MFA devices this user has")
            .clicked()
        {
            out.push(Intent::Ask(Question::about(
                name,
                |status| &mut status.mfa_devices,
                |name, inputs| {
                    crate::action::mfa_devices(
                        &inputs.workspace,
                        &inputs.store,
                        name,
                        &inputs.target,
                    )
                },
            )));
        }
    });
    ui.end_row();
}
