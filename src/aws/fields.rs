//! The profile settings the app's form has a field for, described once: key, label,
//! plain-words help, placeholder, group and check. The form's key lists and group loops are
//! derived from this table; a new field is one row here.

use super::shared_files::SharedFiles;
use super::validate::{self, Hint};

/// The part of the profile page a field sits in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    Credentials,
    Defaults,
    Role,
    Sso,
}

/// How a field is edited.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Widget {
    Text,
    /// Masked until revealed.
    Secret,
    /// Typed, or picked from the public regions.
    Region,
    /// One of the AWS CLI's output formats.
    Output,
    /// Another profile of the files.
    Profile,
    /// An `[sso-session]` of the config file.
    SsoSession,
}

/// What a field's value is checked against (see [`super::validate`]).
#[derive(Clone, Copy, Debug)]
pub enum Check {
    None,
    Plain(fn(&str) -> Option<Hint>),
    /// Its shape depends on whether the profile has a session token.
    AccessKeyId,
    /// It must name another profile of the files, without a loop.
    SourceProfile,
}

/// One field of the form.
#[derive(Clone, Copy, Debug)]
pub struct Field {
    /// The key as written to the files.
    pub key: &'static str,
    pub label: &'static str,
    /// One sentence in plain words, for the field's tooltip.
    pub help: &'static str,
    pub placeholder: &'static str,
    pub group: Group,
    pub widget: Widget,
    pub check: Check,
    /// Shown only while the profile has no `sso_session` (the older SSO settings).
    pub without_sso_session: bool,
}

const fn field(
    key: &'static str,
    label: &'static str,
    help: &'static str,
    placeholder: &'static str,
    group: Group,
    widget: Widget,
    check: Check,
) -> Field {
    Field {
        key,
        label,
        help,
        placeholder,
        group,
        widget,
        check,
        without_sso_session: false,
    }
}

/// Every field, in the order the form shows them. The session token has two keys (the legacy
/// `aws_security_token`, read first, and `aws_session_token`); the form edits the one in use.
pub const FIELDS: &[Field] = &[
    field(
        "aws_access_key_id",
        "Access key ID",
        "The public half of an access key, 20 letters and digits starting with AKIA (or ASIA for temporary keys).",
        "AKIA…",
        Group::Credentials,
        Widget::Text,
        Check::AccessKeyId,
    ),
    field(
        "aws_secret_access_key",
        "Secret access key",
        "The secret half of the access key: anyone who has it can act as you in AWS.",
        "secret",
        Group::Credentials,
        Widget::Secret,
        Check::Plain(validate::secret_access_key),
    ),
    field(
        "aws_session_token",
        "Session token",
        "Only for temporary credentials: the token that comes with them.",
        "token",
        Group::Credentials,
        Widget::Secret,
        Check::None,
    ),
    field(
        "region",
        "Region",
        "The AWS region commands go to when they do not name one, such as eu-west-1.",
        "e.g. eu-west-1",
        Group::Defaults,
        Widget::Region,
        Check::Plain(validate::region),
    ),
    field(
        "output",
        "Output",
        "How the AWS CLI prints its answers: json, yaml, text or table.",
        "",
        Group::Defaults,
        Widget::Output,
        Check::Plain(validate::output),
    ),
    field(
        "role_arn",
        "Role ARN",
        "The IAM role this profile takes on, as an ARN.",
        "arn:aws:iam::123456789012:role/NAME",
        Group::Role,
        Widget::Text,
        Check::Plain(validate::role_arn),
    ),
    field(
        "source_profile",
        "Source profile",
        "The profile whose credentials are used to take on the role.",
        "",
        Group::Role,
        Widget::Profile,
        Check::SourceProfile,
    ),
    field(
        "mfa_serial",
        "MFA device ARN",
        "The MFA device whose code the role asks for, when it needs one.",
        "arn:aws:iam::123456789012:mfa/NAME",
        Group::Role,
        Widget::Text,
        Check::None,
    ),
    field(
        "external_id",
        "External ID",
        "A value the role's owner asked you to send when taking it on.",
        "",
        Group::Role,
        Widget::Text,
        Check::None,
    ),
    field(
        "role_session_name",
        "Session name",
        "The name your role session shows in AWS logs.",
        "",
        Group::Role,
        Widget::Text,
        Check::None,
    ),
    field(
        "duration_seconds",
        "Duration (seconds)",
        "How long the role's temporary credentials last, in seconds (900 to 43200).",
        "3600",
        Group::Role,
        Widget::Text,
        Check::Plain(validate::duration_seconds),
    ),
    field(
        "sso_session",
        "SSO session",
        "The [sso-session] section that holds your sign-in URL and region.",
        "",
        Group::Sso,
        Widget::SsoSession,
        Check::None,
    ),
    Field {
        without_sso_session: true,
        ..field(
            "sso_start_url",
            "Start URL",
            "The address of your organisation's AWS sign-in page.",
            "https://my-org.awsapps.com/start",
            Group::Sso,
            Widget::Text,
            Check::None,
        )
    },
    Field {
        without_sso_session: true,
        ..field(
            "sso_region",
            "SSO region",
            "The region where your organisation's sign-in lives.",
            "us-east-1",
            Group::Sso,
            Widget::Text,
            Check::None,
        )
    },
    field(
        "sso_account_id",
        "Account ID",
        "The 12-digit AWS account to sign in to.",
        "123456789012",
        Group::Sso,
        Widget::Text,
        Check::None,
    ),
    field(
        "sso_role_name",
        "Role name",
        "The permission set (role) to use in that account.",
        "ReadOnly",
        Group::Sso,
        Widget::Text,
        Check::None,
    ),
];

/// The legacy spelling of the session token, which botocore reads before `aws_session_token`.
pub const LEGACY_SESSION_TOKEN: &str = "aws_security_token";

/// The field of `key` (exactly as in the table).
pub fn field_of(key: &str) -> Option<&'static Field> {
    FIELDS.iter().find(|f| f.key == key)
}

/// The fields of one group, in order.
pub fn in_group(group: Group) -> impl Iterator<Item = &'static Field> {
    FIELDS.iter().filter(move |f| f.group == group)
}

/// Whether `key` (any case) has a field of its own; every other setting is listed under
/// "Other settings".
pub fn has_field(key: &str) -> bool {
    crate::ini::same_key(key, LEGACY_SESSION_TOKEN)
        || FIELDS.iter().any(|f| crate::ini::same_key(f.key, key))
}

/// What the form needs to check a value beyond the value itself.
pub struct CheckContext<'a> {
    pub files: Option<&'a SharedFiles>,
    /// The profile being edited.
    pub profile: &'a str,
    pub has_session_token: bool,
}

impl Field {
    /// The hint to show under the field for `value`, if any.
    pub fn hint(&self, value: &str, context: &CheckContext<'_>) -> Option<Hint> {
        match self.check {
            Check::None => None,
            Check::Plain(check) => check(value),
            Check::AccessKeyId => validate::access_key_id(value, context.has_session_token),
            Check::SourceProfile => context
                .files
                .and_then(|files| validate::source_profile(files, context.profile, value)),
        }
    }
}

impl SharedFiles {
    /// The hints of every field profile `name` sets (the list marks them, and a
    /// save with them asks first). A hint quotes no secret.
    pub fn hints(&self, name: &str) -> Vec<Hint> {
        let has_session_token = super::profile::SESSION_TOKEN_KEYS
            .iter()
            .any(|key| self.get(name, key).is_some());
        let context = CheckContext {
            files: Some(self),
            profile: name,
            has_session_token,
        };
        FIELDS
            .iter()
            .filter_map(|field| {
                let (value, _) = self.get(name, field.key)?;
                let value = value.as_plain()?;
                if value.trim().is_empty() {
                    return None;
                }
                field.hint(value, &context)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_is_described_once_in_plain_words() {
        for (i, field) in FIELDS.iter().enumerate() {
            assert!(
                FIELDS[..i].iter().all(|f| f.key != field.key),
                "{} twice",
                field.key
            );
            assert!(
                field.help.ends_with('.'),
                "{}: help is a sentence",
                field.key
            );
            assert!(!field.help.contains('`'), "{}: plain words", field.key);
            assert!(!field.label.is_empty());
        }
        assert!(has_field("AWS_SECURITY_TOKEN"));
        assert!(!has_field("cli_pager"));
    }
}
