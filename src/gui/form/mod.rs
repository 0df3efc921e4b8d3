//! The selected profile's page: a form grouped by what the profile is. Each group is its own
//! file. Field buffers live here so that what the user types is kept exactly, even while it is
//! not yet a value the files can hold.

mod credentials;
mod defaults;
mod keychain;
mod other;
mod role;
mod session;
mod sign_in;
mod sso;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, HashMap};

use egui::RichText;
use zeroize::Zeroize;

use super::intent::Intent;
use super::widgets::badge;
use crate::aws::{
    Kind, Profile, ResolveError, SecretLocation, SharedFiles, Source, fields, validate,
};
use crate::files::Workspace;
use crate::ini::Value;

/// The text of every field of the selected profile.
#[derive(Default)]
pub struct Form {
    pub profile: String,
    /// Form fields by lower-case key.
    pub fields: HashMap<String, String>,
    /// Other plain settings, as spelled in the file.
    pub others: BTreeMap<String, String>,
    /// Nested blocks: key → sub-key → value.
    pub nested: BTreeMap<String, Vec<(String, String)>>,
    pub reveal_secret: bool,
    pub reveal_token: bool,
    /// Values the files refused (e.g. a line break), by key.
    pub errors: HashMap<String, String>,
    pub new_key: String,
    pub new_value: String,
    pub new_sub: HashMap<String, (String, String)>,
    /// The kind picked in the New dialog, until the profile has keys that say what it is.
    pub intended_kind: Option<Kind>,
    /// The profile had keys when the form was read: its role, SSO and other settings wait
    /// under "Advanced". Fixed until the form is read again, so typing a role ARN does not
    /// move the field being typed in.
    pub keys_when_read: bool,
    /// The profile signs in some other way (a role, SSO, a program): no credentials block.
    pub signs_in_otherwise: bool,
    /// The session token row is shown: the profile has one, or the person asked to add one.
    pub token_shown: bool,
    /// Settings the profile has only from its file's `[DEFAULT]` section, by lower-case key:
    /// shown beside an empty field (or under Other settings), since clearing them here would
    /// change nothing.
    pub inherited: HashMap<String, Inherited>,
}

/// A value a profile inherits from the `[DEFAULT]` section of one of the files.
#[derive(Clone, Debug)]
pub struct Inherited {
    pub value: String,
    pub file: crate::aws::FileKind,
    /// 1-based line of the key in `[DEFAULT]`.
    pub line: usize,
}

impl Inherited {
    /// The note shown with an inherited value.
    pub fn words(&self, key: &str) -> String {
        format!(
            "{key} is {} for this profile, from the [DEFAULT] section of {} (line {}), which every profile in that file gets.",
            self.value,
            self.file.label(),
            self.line
        )
    }
}

impl Form {
    pub fn load(files: &SharedFiles, name: &str) -> Form {
        let mut form = Form::default();
        form.profile = name.to_owned();
        let keys = fields::FIELDS.iter().map(|f| f.key);
        for key in keys.chain([fields::LEGACY_SESSION_TOKEN]) {
            if let Some((Value::Plain(v), _)) = files.get(name, key) {
                match files.default_source(name, key) {
                    // A secret keeps its own field, masked, wherever it comes from.
                    Some((file, line)) if !crate::aws::is_secret_key(key) => {
                        let value = Inherited {
                            value: v,
                            file,
                            line,
                        };
                        form.inherited.insert(key.to_owned(), value);
                    }
                    _ => {
                        form.fields.insert(key.to_owned(), v);
                    }
                }
            }
        }
        form.token_shown = ["aws_session_token", fields::LEGACY_SESSION_TOKEN]
            .iter()
            .any(|k| form.fields.get(*k).is_some_and(|v| !v.trim().is_empty()));
        if let Some(profile) = files.profile(name) {
            form.keys_when_read =
                profile.kind == Kind::StaticKeys || profile.secret == SecretLocation::Keychain;
            form.signs_in_otherwise = !form.keys_when_read
                && matches!(
                    profile.kind,
                    Kind::AssumedRole
                        | Kind::WebIdentity
                        | Kind::Sso
                        | Kind::Process
                        | Kind::ConsoleSignIn
                );
            for setting in profile.settings {
                if fields::has_field(&setting.key) {
                    continue;
                }
                // keyshelf's own records, shown in words on the page ("imported on …").
                if [crate::import::IMPORTED_KEY, crate::keychain::ROTATED_KEY]
                    .iter()
                    .any(|k| crate::ini::same_key(&setting.key, k))
                {
                    continue;
                }
                if let (Value::Plain(v), Some((file, line))) =
                    (&setting.value, files.default_source(name, &setting.key))
                {
                    let value = Inherited {
                        value: v.clone(),
                        file,
                        line,
                    };
                    form.inherited.insert(setting.key.to_lowercase(), value);
                    continue;
                }
                match setting.value {
                    // keyshelf's own line is managed by Move to keychain / Restore, not typed.
                    Value::Plain(v)
                        if crate::ini::same_key(&setting.key, "credential_process")
                            && crate::keyshelf_line::runs_keyshelf(&v) => {}
                    Value::Plain(v) => {
                        form.others.insert(setting.key, v);
                    }
                    Value::Nested(entries) => {
                        form.nested.insert(setting.key, entries);
                    }
                }
            }
        }
        form
    }

    pub fn get(&self, key: &str) -> String {
        self.fields.get(key).cloned().unwrap_or_default()
    }
}

/// Secrets typed into the form are wiped from memory when the form goes.
impl Drop for Form {
    fn drop(&mut self) {
        for value in self.fields.values_mut() {
            value.zeroize();
        }
    }
}

/// What the form may read: the files and what the app last worked out about them.
#[derive(Clone, Copy)]
pub struct FormView<'a> {
    pub workspace: Option<&'a Workspace>,
    pub profiles: &'a [Profile],
    /// Which credentials the AWS tools will use for the profile.
    pub uses: Option<&'a Result<Source, ResolveError>>,
    /// What is known of each profile beyond the files (keychain item, Test, session).
    pub statuses: &'a super::status::Statuses,
    /// Whether a keychain task may start now, or why not.
    pub keychain_ready: Result<(), &'static str>,
    /// A keychain profile's keys read for Show secret, with its name.
    pub revealed: Option<&'a (String, Box<crate::keychain::StoredKeys>)>,
    /// Whether the files have unsaved edits (a test uses the files as saved).
    pub dirty: bool,
}

impl<'a> FormView<'a> {
    fn profile(&self, name: &str) -> Option<&'a Profile> {
        self.profiles.iter().find(|p| p.name == name)
    }

    fn files(&self) -> Option<&'a SharedFiles> {
        self.workspace.map(|w| &w.docs)
    }
}

impl Form {
    /// Draws the page of the form's profile: its header and groups. What the user asked for
    /// (an edited field, a keychain task) goes to `out`; the app applies it.
    pub fn show(&mut self, ui: &mut egui::Ui, view: FormView<'_>, out: &mut Vec<Intent>) {
        let name = self.profile.clone();
        let Some(profile) = view.profile(&name) else {
            return;
        };
        self.page_header(ui, profile);
        // The page reads as three questions a person asks: how does it sign in, is that safe,
        // and what does it default to. Everything else waits under "Advanced".
        part(ui, "How it signs in");
        sign_in::uses_line(ui, view.uses);
        if profile.kind == Kind::ConsoleSignIn {
            // `aws login` writes the principal it signed in as.
            let principal = profile.plain("login_session").unwrap_or_default();
            super::widgets::form_grid(ui, &format!("login-{name}"), |ui| {
                ui.label("Signed in as");
                ui.add(egui::Label::new(principal).selectable(true));
                ui.end_row();
            });
            ui.label(
                RichText::new("The AWS CLI keeps this sign-in in ~/.aws/login/cache, in plain text: Health says whether it still works.")
                    .weak(),
            );
        }
        sign_in::sso_line(ui, view, &name, out);
        keychain::where_the_secret_is(ui, view, profile, out);
        sign_in::keys_in_config(ui, profile);
        // A role, SSO or a program has no keys of its own to show (and no "Show secret").
        let keys_typed = ["aws_access_key_id", "aws_secret_access_key"]
            .iter()
            .any(|k| !self.get(k).trim().is_empty());
        if !self.signs_in_otherwise || keys_typed {
            self.credentials_group(ui, view, out);
        }
        // keyshelf's own SSO line says how it signs in: the AWS CLI's SSO settings would only
        // confuse, so they wait under "Advanced" as a key profile's do.
        let served_sso = view
            .files()
            .and_then(|files| files.get(&name, "credential_process"))
            .and_then(|(v, _)| v.as_plain().map(crate::keyshelf_line::serves_sso))
            .unwrap_or(false);
        let keys =
            self.keys_when_read || self.intended_kind == Some(Kind::StaticKeys) || served_sso;
        if !keys {
            self.role_group(ui, view, out);
            self.sso_group(ui, view, out);
        }
        sign_in::test_line(ui, view, &name, out);
        if long_term(profile) {
            part(ui, "Security");
            keychain::security(ui, view, profile, out);
        }
        part(ui, "Defaults");
        self.defaults_group(ui, view, out);
        ui.add_space(6.0);
        // A profile with keys rarely needs a role, SSO or other settings: they wait under
        // "Advanced" rather than crowd the page.
        if keys {
            egui::CollapsingHeader::new("Advanced")
                .id_salt(("advanced", &self.profile))
                .default_open(false)
                .show(ui, |ui| {
                    self.role_group(ui, view, out);
                    self.sso_group(ui, view, out);
                    self.other_group(ui, out);
                });
        } else {
            self.other_group(ui, out);
        }
    }

    /// The profile's name and what kind it is.
    fn page_header(&mut self, ui: &mut egui::Ui, profile: &Profile) {
        ui.horizontal(|ui| {
            ui.label(RichText::new(&profile.name).size(26.0).strong());
            if profile.is_default() {
                badge(ui, "default profile", ui.visuals().hyperlink_color);
            }
            let kind = match profile.kind {
                Kind::Process if profile.secret == SecretLocation::Keychain => Kind::StaticKeys,
                kind => kind,
            };
            badge(ui, kind.words(), ui.visuals().weak_text_color());
        });
        if let Some(hint) = validate::profile_name(&profile.name) {
            ui.label(
                RichText::new(format!("⚠ {}", hint.message)).color(ui.visuals().warn_fg_color),
            );
        }
    }

    /// Keeps a field's text and asks for it to be written when it changed.
    fn edit_field(&mut self, key: &str, text: String, changed: bool, out: &mut Vec<Intent>) {
        if changed {
            self.fields.insert(key.to_owned(), text.clone());
            out.push(Intent::EditField {
                key: key.to_owned(),
                text,
            });
        }
    }

    /// The kind of the profile, or the kind chosen when it was created.
    fn kind(&self, view: FormView<'_>) -> Option<Kind> {
        self.intended_kind
            .or_else(|| view.profile(&self.profile).map(|p| p.kind))
    }

    /// What a field's check may read besides its value.
    fn check_context<'v>(&'v self, view: FormView<'v>) -> fields::CheckContext<'v> {
        let has_token = ["aws_session_token", fields::LEGACY_SESSION_TOKEN]
            .iter()
            .any(|k| !self.get(k).trim().is_empty());
        fields::CheckContext {
            files: view.files(),
            profile: &self.profile,
            has_session_token: has_token,
        }
    }

    /// A plain text field of the table: its row, its hint, and the edit asked for.
    fn text_field(
        &mut self,
        ui: &mut egui::Ui,
        view: FormView<'_>,
        field: &fields::Field,
        out: &mut Vec<Intent>,
    ) {
        let mut text = self.get(field.key);
        let changed = super::widgets::field_row(ui, field, &mut text).changed();
        let hint = field.hint(self.effective(field.key, &text), &self.check_context(view));
        super::widgets::hint_row(ui, hint.map(|h| h.message).as_deref());
        self.inherited_row(ui, field.key, &text);
        self.edit_field(field.key, text, changed, out);
    }

    /// The value the AWS tools use: what the field holds, else what `[DEFAULT]` gives.
    fn effective<'t>(&'t self, key: &str, text: &'t str) -> &'t str {
        match self.inherited.get(key) {
            Some(inherited) if text.trim().is_empty() => &inherited.value,
            _ => text,
        }
    }

    /// Under an empty field whose value comes from `[DEFAULT]`: that value and where it is.
    fn inherited_row(&self, ui: &mut egui::Ui, key: &str, text: &str) {
        if let Some(inherited) = self.inherited.get(key)
            && text.trim().is_empty()
        {
            let words = inherited.words(key);
            super::widgets::info_row(
                ui,
                &format!("{words} Type a value here to use another one for this profile only."),
            );
        }
    }
}

/// A part of the page: a heading a screen reader can jump to, with a rule above it.
fn part(ui: &mut egui::Ui, title: &str) {
    ui.add_space(10.0);
    ui.separator();
    ui.label(RichText::new(title).size(18.0).strong());
    ui.add_space(2.0);
}

/// Whether the profile holds an IAM user's long-term keys (in the files or the keychain): the
/// keys that can be rotated, and from which temporary credentials are made.
fn long_term(profile: &Profile) -> bool {
    profile.kind == Kind::StaticKeys || profile.secret == SecretLocation::Keychain
}
