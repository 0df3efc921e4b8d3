//! The import preview's rows, one fixed-height block each (the list is virtualized, which
//! needs one height): the profile name a row becomes, its key ID, what happens to it, and what
//! the files already say about its key, laid out to fit the dialog's width.

use egui::RichText;

use super::super::intent::View;
use super::import_preview::{Choice, PreviewRow};

/// How the preview's rows are laid out in this dialog's width: on one line beside the name in
/// a wide dialog, on a line of their own in a narrow one; the notes about the key, when any
/// row has some, on a last line.
#[derive(Clone, Copy)]
pub(super) struct RowShape {
    narrow: bool,
    notes: bool,
    line: f32,
}

impl RowShape {
    /// Below this width, what happens to a row goes on its own line.
    const ONE_LINE: f32 = 860.0;

    pub(super) fn new(ui: &egui::Ui, notes: bool) -> RowShape {
        RowShape {
            narrow: ui.available_width() < Self::ONE_LINE,
            notes,
            // A text field or a combo box, with room for its frame.
            line: ui.spacing().interact_size.y + 4.0,
        }
    }

    fn lines(self) -> usize {
        1 + usize::from(self.narrow) + usize::from(self.notes)
    }

    pub(super) fn height(self, ui: &egui::Ui) -> f32 {
        let lines = self.lines() as f32;
        lines * self.line + (lines - 1.0) * ui.spacing().item_spacing.y
    }
}

/// What the files already say about a row's key and name.
pub(super) struct Notes<'a> {
    /// The profile that holds this row's key.
    pub known: Option<&'a String>,
    /// The key the profile of this row's name holds now.
    pub held: Option<&'a String>,
}

/// A label no wider than `width`, shortened with "…" when its text is longer (the tooltip and
/// a screen reader have it whole).
fn short_label(ui: &mut egui::Ui, width: f32, text: RichText) -> egui::Response {
    let full = text.text().to_owned();
    ui.allocate_ui(
        egui::vec2(width.max(24.0), ui.spacing().interact_size.y),
        |ui| ui.add(egui::Label::new(text).truncate()),
    )
    .inner
    .on_hover_text(full)
}

/// One row: the profile name it becomes, its key ID, what happens to it, and what the files
/// already say about its key.
pub(super) fn preview_row(
    ui: &mut egui::Ui,
    view: View<'_>,
    shape: RowShape,
    row: &mut PreviewRow,
    index: usize,
    names: &[String],
    notes: Notes<'_>,
) {
    let number = row.candidate.row.row;
    let line = |ui: &mut egui::Ui, add: &mut dyn FnMut(&mut egui::Ui)| {
        ui.allocate_ui_with_layout(
            egui::vec2(ui.available_width(), shape.line),
            egui::Layout::left_to_right(egui::Align::Center),
            |ui| add(ui),
        );
    };
    let mut first = |ui: &mut egui::Ui| {
        let label = ui
            .label(format!("Profile name (row {number})"))
            .on_hover_text(format!("Row {number} of {}", row.candidate.source));
        ui.add(
            egui::TextEdit::singleline(&mut row.candidate.name)
                .hint_text("type a name")
                .desired_width(160.0),
        )
        .labelled_by(label.id);
        ui.monospace(&row.candidate.row.access_key_id);
        ui.label("••••••••").on_hover_text("The secret key, hidden");
        if !shape.narrow {
            what_happens(ui, view, row, index, names);
        }
    };
    line(ui, &mut first);
    if shape.narrow {
        line(ui, &mut |ui| what_happens(ui, view, row, index, names));
    }
    if shape.notes {
        line(ui, &mut |ui| {
            let both = notes.known.is_some() && notes.held.is_some();
            let width = ui.available_width() / if both { 2.0 } else { 1.0 } - 8.0;
            if let Some(profile) = notes.known {
                let text = format!("This key is already in profile “{profile}”.");
                short_label(
                    ui,
                    width,
                    RichText::new(text).color(ui.visuals().warn_fg_color),
                );
            }
            if let Some(old) = notes
                .held
                .filter(|_| view.exists(row.candidate.name.trim()))
            {
                short_label(
                    ui,
                    width,
                    RichText::new(format!("its key now: {old}")).weak(),
                );
            }
        });
    }
}

/// What happens to the row: a new profile, a name to type, or, where its profile exists, the
/// choice to replace its keys, import under another name, or skip it.
fn what_happens(
    ui: &mut egui::Ui,
    view: View<'_>,
    row: &mut PreviewRow,
    index: usize,
    names: &[String],
) {
    let name = row.candidate.name.trim().to_owned();
    if name.is_empty() {
        ui.label(RichText::new("needs a name").color(ui.visuals().warn_fg_color));
    } else if view.exists(&name) {
        // Room for the longest choice beside it.
        let width = ui.available_width() - 210.0;
        let exists = short_label(
            ui,
            width,
            RichText::new(format!("A profile named “{name}” exists:")),
        )
        .id;
        let before = row.choice;
        let choice_label = |choice: Choice| match choice {
            Choice::Replace => "Replace its keys",
            Choice::Rename => "Import under another name",
            Choice::Skip => "Skip",
        };
        egui::ComboBox::from_id_salt(("conflict", index))
            .selected_text(choice_label(row.choice))
            .show_ui(ui, |ui| {
                for choice in [Choice::Replace, Choice::Rename, Choice::Skip] {
                    ui.selectable_value(&mut row.choice, choice, choice_label(choice));
                }
            })
            .response
            .labelled_by(exists);
        if row.choice == Choice::Rename && before != Choice::Rename {
            let others: Vec<String> = names
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != index)
                .map(|(_, n)| n.clone())
                .collect();
            if let Some(workspace) = view.workspace {
                row.candidate.name =
                    crate::import::free_profile_name(&workspace.docs, &name, &|c| {
                        others.iter().any(|o| o == c)
                    });
            }
            row.choice = Choice::Skip;
        }
    } else {
        ui.label("New profile.");
    }
}
