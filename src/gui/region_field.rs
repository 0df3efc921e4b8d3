//! The region, one control shared by a profile's page, the import preview and the SSO sign-in:
//! a field to type in, and a searchable list of every public region under it.

use egui::{TextEdit, Ui};

use super::widgets::{aws_help, field_width};

/// The region, one control: a field to type in, and under it, while it has the focus, every
/// public region ("eu-west-1 — Europe (Ireland)"), narrowed by what is typed when that matches
/// any; a value that matches none (a typo, a region too new for the list) never empties the
/// list. Enter takes the only match. `id` names the field (absolute: it keeps its focus
/// wherever it is drawn). Returns whether the region changed.
pub fn region_field(ui: &mut Ui, label: &str, help: &str, id: &str, region: &mut String) -> bool {
    region_field_for(ui, label, help, "region", id, region)
}

/// [`region_field`] of the setting named `key` in the files (`sso_region`).
pub fn region_field_for(
    ui: &mut Ui,
    label: &str,
    help: &str,
    key: &str,
    id: &str,
    region: &mut String,
) -> bool {
    use crate::aws::regions::REGIONS;
    let help = aws_help(help, key);
    let label_id = ui.label(label).on_hover_text(&help).id;
    let response = ui
        .add(
            TextEdit::singleline(region)
                .id(egui::Id::unique(("region-field", id)))
                .hint_text("Type or pick, e.g. eu-west-1")
                .desired_width(field_width(ui)),
        )
        .labelled_by(label_id)
        .on_hover_text(&help);
    let mut changed = response.changed();
    let typed = region.trim().to_lowercase();
    let matching = |code: &str, name: &str| {
        typed.is_empty() || code.contains(&typed) || name.to_lowercase().contains(&typed)
    };
    let any = REGIONS.iter().any(|(code, name)| matching(code, name));
    let shown: Vec<&(&str, &str)> = REGIONS
        .iter()
        .filter(|(code, name)| !any || matching(code, name))
        .collect();
    // A single-line field gives up its focus on Enter, in the same frame.
    if (response.has_focus() || response.lost_focus())
        && ui.input(|i| i.key_pressed(egui::Key::Enter))
        && let [(only, _)] = shown.as_slice()
    {
        *region = (*only).to_owned();
        changed = true;
    }
    // A region typed in full leaves nothing to pick: the list gets out of the way.
    let exact = crate::aws::regions::region_name(region.trim()).is_some();
    let open = if response.changed() && exact {
        Some(egui::SetOpenCommand::Bool(false))
    } else if response.gained_focus() || response.changed() {
        Some(egui::SetOpenCommand::Bool(true))
    } else if ui.input(|i| i.key_pressed(egui::Key::Tab) || i.key_pressed(egui::Key::Escape)) {
        Some(egui::SetOpenCommand::Bool(false))
    } else {
        None
    };
    egui::Popup::from_response(&response)
        .open_memory(open)
        .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside)
        .width(response.rect.width())
        .show(|ui| {
            egui::ScrollArea::vertical()
                .max_height(260.0)
                .show(ui, |ui| {
                    if !any {
                        ui.weak(format!(
                            "No region matches “{}”; every region:",
                            region.trim()
                        ));
                    }
                    for (code, name) in shown {
                        let item =
                            ui.selectable_label(region.trim() == *code, format!("{code} — {name}"));
                        if item.clicked() {
                            *region = (*code).to_owned();
                            changed = true;
                            ui.close();
                        }
                    }
                });
        });
    ui.end_row();
    changed
}
