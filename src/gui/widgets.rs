//! Small widgets shared by the panels. Every input has a visible label linked to it, so screen
//! readers (and the tests) find it by that label.

use egui::{Color32, Response, RichText, TextEdit, Ui};

pub use super::region_field::{region_field, region_field_for};

/// Width of a form's text fields.
pub const FIELD_WIDTH: f32 = 440.0;

/// How wide a field may be here: [`FIELD_WIDTH`], less in a narrow window (fields
/// shrink rather than push their buttons out of reach).
pub fn field_width(ui: &Ui) -> f32 {
    // In a grid cell `available_width` can count the columns to the left; the visible room to
    // the right of the cursor is what the field must fit in.
    let room = ui.clip_rect().right() - ui.cursor().min.x - 8.0;
    room.min(ui.available_width()).clamp(120.0, FIELD_WIDTH)
}

/// A label and a single-line text field in a two-column grid row. Returns the field's response.
pub fn text_row(ui: &mut Ui, label: &str, text: &mut String, placeholder: &str) -> Response {
    let label_id = ui.label(label).id;
    let response = ui
        .add(
            TextEdit::singleline(text)
                // Absolute: the field keeps its focus wherever the section is drawn.
                .id(egui::Id::unique(("form-text", label)))
                .hint_text(placeholder)
                .desired_width(field_width(ui)),
        )
        .labelled_by(label_id);
    ui.end_row();
    response
}

/// A setting's help as its tooltip says it: plain words, then the name the AWS files and docs
/// use, for those who know it.
pub fn aws_help(help: &str, key: &str) -> String {
    format!("{help} (the AWS name: {key})")
}

/// The label of a setting of the field table: plain words, its help and AWS name on hover.
pub fn setting_label(ui: &mut Ui, field: &crate::aws::fields::Field) -> Response {
    ui.label(field.label)
        .on_hover_text(aws_help(field.help, field.key))
}

/// The text row of a field of the form's table ([`crate::aws::fields`]): its label (with the
/// field's plain-words help on hover) and placeholder.
pub fn field_row(ui: &mut Ui, field: &crate::aws::fields::Field, text: &mut String) -> Response {
    // The label is in plain words; the AWS name is in its tooltip, for those who know it.
    let help = aws_help(field.help, field.key);
    let label_id = setting_label(ui, field).id;
    let response = ui
        .add(
            TextEdit::singleline(text)
                // Absolute: the field keeps its focus wherever the section is drawn.
                .id(egui::Id::unique(("form-field", field.key)))
                .hint_text(field.placeholder)
                .desired_width(field_width(ui)),
        )
        .labelled_by(label_id)
        .on_hover_text(&help);
    ui.end_row();
    response
}

/// What the user did with a secret field this frame.
pub struct SecretRow {
    pub response: Response,
    /// Copy was pressed: the text is on the clipboard, to be cleared in a while.
    pub copied: bool,
}

/// A secret field: masked until the user reveals it, with Show/Hide and Copy buttons beside it,
/// or under it when the window is too narrow for both. `noun` names it in the buttons
/// ("secret", "token"). A shown secret of 40 characters fits its box (monospace, sized to it).
pub fn secret_row(
    ui: &mut Ui,
    field: &crate::aws::fields::Field,
    text: &mut String,
    revealed: &mut bool,
    noun: &str,
) -> SecretRow {
    let label = field.label;
    let label_id = setting_label(ui, field).id;
    let toggle = if *revealed {
        format!("Hide {noun}")
    } else {
        format!("Show {noun}")
    };
    let copy = format!("Copy {noun}");
    let width = field_width(ui).min(secret_width(ui));
    let room = ui.clip_rect().right() - ui.cursor().min.x - 8.0;
    let spacing = ui.spacing().item_spacing.x;
    let beside =
        width + 2.0 * spacing + button_width(ui, &toggle) + button_width(ui, &copy) <= room;
    let mut copied = false;
    let mut draw = |ui: &mut Ui| {
        let response = ui
            .add(
                TextEdit::singleline(text)
                    .id(egui::Id::unique(("form-secret", label)))
                    .password(!*revealed)
                    .font(egui::TextStyle::Monospace)
                    .desired_width(width),
            )
            .labelled_by(label_id);
        // Two lines decided here, not by a wrapping layout: a Grid row that wrapped measured
        // only its first line, and the row under it was drawn over the buttons.
        let mut buttons = |ui: &mut Ui| {
            if ui.button(&toggle).clicked() {
                *revealed = !*revealed;
            }
            let button = ui.add_enabled(!text.is_empty(), egui::Button::new(&copy));
            if button.clicked() {
                ui.ctx().copy_text(text.clone());
                copied = true;
            }
        };
        match beside {
            true => buttons(ui),
            false => {
                ui.horizontal(buttons);
            }
        }
        response
    };
    let response = match beside {
        true => ui.horizontal(|ui| draw(ui)).inner,
        false => ui.vertical(|ui| draw(ui)).inner,
    };
    ui.end_row();
    SecretRow { response, copied }
}

/// The width of a button showing `text`.
fn button_width(ui: &Ui, text: &str) -> f32 {
    let font = egui::TextStyle::Button.resolve(ui.style());
    let text = ui.fonts_mut(|f| f.layout_no_wrap(text.to_owned(), font, Color32::PLACEHOLDER));
    text.size().x + 2.0 * ui.spacing().button_padding.x
}

/// The width a 40-character secret needs in the monospace font, with the box's margins.
pub fn secret_width(ui: &Ui) -> f32 {
    let font = egui::TextStyle::Monospace.resolve(ui.style());
    let glyph = ui.fonts_mut(|f| f.glyph_width(&font, '0'));
    glyph * 41.0 + 12.0
}

/// A dialog's heading, which is also the dialog's name for a screen reader: egui gives a
/// modal the dialog role but no label, so without this it would be announced as "dialog".
pub fn dialog_title(ui: &mut Ui, title: impl Into<String>) {
    let title = title.into();
    if let Some(modal) = ui
        .stack()
        .iter()
        .find(|frame| frame.kind() == Some(egui::UiKind::Modal))
    {
        let id = modal.unique_id;
        ui.ctx()
            .accesskit_node_builder(id, |node| node.set_label(title.clone()));
    }
    ui.heading(title);
}

/// An empty first cell of a grid row: space, not an empty label a screen reader would stop on.
pub fn empty_cell(ui: &mut Ui) {
    ui.allocate_space(egui::Vec2::ZERO);
}

/// A hint under a field (in the grid's second column), in the theme's warning colour.
pub fn hint_row(ui: &mut Ui, hint: Option<&str>) {
    if let Some(hint) = hint {
        empty_cell(ui);
        note(ui, &format!("⚠ {hint}"), ui.visuals().warn_fg_color);
        ui.end_row();
    }
}

/// A row of plain information under a field (no warning sign): where its value comes from.
pub fn info_row(ui: &mut Ui, text: &str) {
    empty_cell(ui);
    note(ui, text, ui.visuals().weak_text_color());
    ui.end_row();
}

/// Wrapped coloured text no wider than a field.
fn note(ui: &mut Ui, text: &str, color: Color32) {
    ui.scope(|ui| {
        ui.set_max_width(FIELD_WIDTH);
        ui.add(egui::Label::new(RichText::new(text).color(color)).wrap());
    });
}

/// An error under a field, for values the files cannot hold.
pub fn error_row(ui: &mut Ui, error: Option<&String>) {
    if let Some(error) = error {
        empty_cell(ui);
        note(ui, &format!("✖ {error}"), ui.visuals().error_fg_color);
        ui.end_row();
    }
}

/// A small coloured tag such as a profile's kind.
pub fn badge(ui: &mut Ui, text: &str, color: Color32) -> Response {
    // 12 points: the smallest size that stays readable as a status.
    ui.label(RichText::new(text).size(12.0).color(color))
}

/// A two-column grid for label/field rows.
pub fn form_grid(ui: &mut Ui, id: &str, add: impl FnOnce(&mut Ui)) {
    egui::Grid::new(id)
        .num_columns(2)
        .spacing([12.0, 6.0])
        // Wide enough for the longest first cell ("Temporary credentials" with its box), so
        // that the page's grids line up.
        .min_col_width(176.0)
        .striped(false)
        .show(ui, add);
}

/// A sentence from the core ("its keys are…") as the start of a line ("Its keys are…").
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The AWS CLI's output formats, or none.
pub fn output_combo(ui: &mut Ui, output: &mut String, id: &str) -> Response {
    egui::ComboBox::from_id_salt(id)
        .selected_text(if output.is_empty() {
            "(not set)"
        } else {
            output.as_str()
        })
        .show_ui(ui, |ui| {
            ui.selectable_value(output, String::new(), "(not set)");
            for format in crate::aws::regions::OUTPUT_FORMATS {
                ui.selectable_value(output, (*format).to_owned(), *format);
            }
        })
        .response
}

/// What the system said under a sentence, folded until asked for ("Details").
pub fn details_fold(
    ui: &mut Ui,
    id: impl std::hash::Hash + std::fmt::Debug,
    details: Option<String>,
) {
    if let Some(details) = details.filter(|d| !d.trim().is_empty()) {
        egui::CollapsingHeader::new("Details")
            .id_salt(id)
            .default_open(false)
            .show(ui, |ui| {
                ui.add(egui::Label::new(RichText::new(details).small()).selectable(true));
            });
    }
}

/// The button that signs in to IAM Identity Center, named the same wherever it is offered.
pub const SSO_SIGN_IN: &str = "Sign in with SSO…";

/// An error as the app says it: one sentence, with its remedy in the app's words (its
/// buttons, never a command).
pub fn say(fault: &dyn crate::fault::Fault) -> String {
    let text = crate::fault::with_remedy(fault, &remedy_words);
    format!("{}.", capitalised(&text))
}

/// A remedy as the app says it: the button that does it.
pub fn remedy_words(remedy: &crate::fault::Remedy) -> String {
    use crate::fault::Remedy;
    match remedy {
        Remedy::MergeShadowed { .. } => "use Merge or Remove in the banner over the profile".into(),
        Remedy::RemoveBom { .. } => "use Remove the mark in the banner over the profile".into(),
        Remedy::KeepOne { first, second, .. } => {
            format!("keep line {first} or line {second} with the banner's buttons")
        }
        Remedy::DeleteInactiveKey => "tick “If the user already has two keys, delete the other one when it is inactive” in Rotate keys".into(),
        Remedy::TurnOnTemporary { .. } => "switch on Temporary credentials on its page".into(),
        Remedy::EndSession { .. } => "use End session once the keychain answers".into(),
        Remedy::SsoLogin { session } => {
            format!("sign in to SSO session {session} with {SSO_SIGN_IN}, then Test again")
        }
        Remedy::SignIn { sso: true, .. } => format!("sign in with {SSO_SIGN_IN}, then Test again"),
        // The AWS CLI's console sign-in is the one the app cannot do itself: its command is
        // the only next step there is.
        Remedy::SignIn { profile, sso: false } => format!(
            "sign in with the AWS CLI (in a terminal: aws login --profile {profile}), then Test again"
        ),
        Remedy::ImportAgain { .. } => {
            "import the access-key CSV again (Import CSV…), or use Replace keys on its page".into()
        }
    }
}

#[cfg(test)]
mod remedy_tests {
    use crate::aws::FileKind;
    use crate::fault::Remedy;

    /// Every remedy the core can name, as the app says it: a button or a place in the window,
    /// never a command (the command line has its own words for them).
    #[test]
    fn the_app_names_its_buttons_never_a_command() {
        let profile = || "dev".to_owned();
        let remedies = [
            Remedy::MergeShadowed { profile: profile() },
            Remedy::RemoveBom {
                file: FileKind::Config,
            },
            Remedy::KeepOne {
                file: FileKind::Credentials,
                first: 1,
                second: 5,
            },
            Remedy::DeleteInactiveKey,
            Remedy::TurnOnTemporary { profile: profile() },
            Remedy::EndSession { profile: profile() },
            Remedy::ImportAgain { profile: profile() },
            Remedy::SignIn {
                profile: profile(),
                sso: true,
            },
            Remedy::SsoLogin {
                session: "corp".into(),
            },
        ];
        for remedy in &remedies {
            let words = super::remedy_words(remedy);
            assert!(!words.contains("keyshelf"), "{remedy:?}: {words}");
            assert!(!words.contains("aws "), "{remedy:?}: {words}");
            assert!(!words.contains("terminal"), "{remedy:?}: {words}");
        }
        // The SSO sign-ins name the button the page offers beside them.
        for sso in &remedies[remedies.len() - 2..] {
            assert!(
                super::remedy_words(sso).contains(super::SSO_SIGN_IN),
                "{sso:?}"
            );
        }
    }
}
