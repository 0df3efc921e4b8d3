//! Which profile name to suggest for an imported key.
//!
//! `aws configure import` names each profile `prefix + user name`, the user name taken from the
//! "User name" column with surrounding whitespace removed. We do the same, and when there is no
//! such column we fall back to the user name the console put in the file name
//! (`alice_accessKeys.csv`). A name that [`check_profile_name`] refuses is not suggested: the
//! interface asks instead.

use crate::aws::names::check_profile_name;

/// What the console appends to the user name in the "create access key" download.
const ACCESS_KEYS_SUFFIX: &str = "_accesskeys";

/// The user name in a console download named `<name>_accessKeys.csv`.
///
/// Takes the file name alone or a whole path. Matching ignores case, and copes with the suffixes
/// browsers add to a second download of the same name (`alice_accessKeys (1).csv`,
/// `alice_accessKeys(1).csv`, `alice_accessKeys-1.csv`).
pub fn user_from_file_name(file_name: Option<&str>) -> Option<String> {
    let file_name = file_name?;
    // Both separators: a Windows path may reach us on any system through a drag and drop.
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    let stem = strip_suffix_ignore_case(base, ".csv")?;
    // Lowercasing ASCII keeps every byte where it was, so offsets in `lower` are offsets in
    // `stem`; non-ASCII bytes stay as they are and never match the ASCII suffix.
    let lower = stem.to_ascii_lowercase();
    let at = lower.rfind(ACCESS_KEYS_SUFFIX)?;
    let after = &stem[at + ACCESS_KEYS_SUFFIX.len()..];
    if !is_download_counter(after) {
        return None;
    }
    let name = &stem[..at];
    (!name.is_empty()).then(|| name.to_owned())
}

/// The first `NAME-2`, `NAME-3`, … that is neither a profile in `files` nor `taken` (by another
/// row of the same import): what "Rename" gives a row whose name is in use, in the preview and
/// in `keyshelf import --on-conflict rename` alike.
pub fn free_profile_name(
    files: &crate::aws::SharedFiles,
    name: &str,
    taken: &dyn Fn(&str) -> bool,
) -> String {
    let name = name.trim();
    (2..)
        .map(|n| format!("{name}-{n}"))
        .find(|candidate| !files.exists(candidate) && !taken(candidate))
        .unwrap_or_default()
}

/// The profile name to suggest: `prefix` + the user name from the row, else + the one from the
/// file name; `None` when neither exists or the result is not a usable profile name.
pub fn suggest_profile_name(
    user_name: Option<&str>,
    file_name: Option<&str>,
    prefix: &str,
) -> Option<String> {
    let base = match user_name {
        Some(name) => name.to_owned(),
        None => user_from_file_name(file_name)?,
    };
    let name = format!("{prefix}{base}");
    check_profile_name(&name).is_ok().then_some(name)
}

fn strip_suffix_ignore_case<'a>(text: &'a str, suffix: &str) -> Option<&'a str> {
    let cut = text.len().checked_sub(suffix.len())?;
    let tail = text.get(cut..)?;
    tail.eq_ignore_ascii_case(suffix).then(|| &text[..cut])
}

/// Nothing, or what a browser adds to tell a second download apart: ` (2)`, `(2)`, `-2`, ` 2`.
fn is_download_counter(text: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if text.is_empty() {
        return true;
    }
    let inner = text.strip_prefix(' ').unwrap_or(text);
    if let Some(number) = inner.strip_prefix('(').and_then(|s| s.strip_suffix(')')) {
        return digits(number);
    }
    match text.strip_prefix(['-', ' ']) {
        Some(number) => digits(number),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_from_console_file_names() {
        let user = |name| user_from_file_name(Some(name));
        assert_eq!(user("alice_accessKeys.csv").as_deref(), Some("alice"));
        assert_eq!(user("ALICE_ACCESSKEYS.CSV").as_deref(), Some("ALICE"));
        assert_eq!(
            user("/home/a/Downloads/bob.smith@example.com_accessKeys.csv").as_deref(),
            Some("bob.smith@example.com")
        );
        assert_eq!(
            user(r"C:\Users\a\Downloads\ci-bot_accessKeys (1).csv").as_deref(),
            Some("ci-bot")
        );
        assert_eq!(user("ci_accessKeys(2).csv").as_deref(), Some("ci"));
        assert_eq!(user("ci_accessKeys-3.csv").as_deref(), Some("ci"));
        // The last marker counts: a user may be called `x_accessKeys`.
        assert_eq!(
            user("x_accessKeys_accessKeys.csv").as_deref(),
            Some("x_accessKeys")
        );
        for other in [
            "credentials.csv",
            "_accessKeys.csv",
            "alice_accessKeys.txt",
            "alice_accessKeys copy.csv",
            "alice_accessKeys ().csv",
            "é.csv",
            "",
        ] {
            assert_eq!(user(other), None, "{other}");
        }
        assert_eq!(user_from_file_name(None), None);
    }

    #[test]
    fn suggestion_order_and_prefix() {
        let file = Some("bob_accessKeys.csv");
        assert_eq!(
            suggest_profile_name(Some("alice"), file, "").as_deref(),
            Some("alice")
        );
        assert_eq!(suggest_profile_name(None, file, "").as_deref(), Some("bob"));
        assert_eq!(
            suggest_profile_name(None, file, "work-").as_deref(),
            Some("work-bob")
        );
        // The AWS CLI keeps inner spaces, and so do we.
        assert_eq!(
            suggest_profile_name(Some("alice smith"), None, "").as_deref(),
            Some("alice smith")
        );
        assert_eq!(suggest_profile_name(None, None, "x-"), None);
        // Names a profile cannot have are not suggested; the interface asks instead.
        assert_eq!(suggest_profile_name(Some("DEFAULT"), None, ""), None);
        assert_eq!(suggest_profile_name(Some("a[b]"), None, ""), None);
        assert_eq!(suggest_profile_name(Some("alice"), None, " "), None);
    }
}
