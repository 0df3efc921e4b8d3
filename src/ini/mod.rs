//! A lossless INI layer. It reads files the way Python's configparser (and so botocore) does,
//! keeps the original text of every line, prints itself back byte for byte, and edits only the
//! text an edit is about. It knows nothing of AWS.

mod document;
mod edit;
mod entry_ref;
mod index;
mod line;
mod problems;
mod py_space;
mod section_edit;
mod sections;
mod splice;

#[cfg(test)]
pub(crate) use splice::edit_work;

pub use document::{DEFAULT_SECTION, Document, Entry, MAX_DOCUMENT_BYTES, NotUtf8, Value};
pub use entry_ref::{EntryPlace, EntryRef};
pub use index::Alias;
pub use line::{Malformed, line_ranges};
pub use problems::Problem;

/// Whether two key names are one key for configparser, which lowercases option names with
/// Python's `str.lower`: full Unicode, so `aws_access_\u{212A}ey_id` (KELVIN SIGN) is
/// `aws_access_key_id` to botocore. ASCII names, nearly all of them, take the cheap path.
pub fn same_key(a: &str, b: &str) -> bool {
    // Bytes equal but for ASCII case are one key under any lowercasing; two ASCII names that
    // differ are two keys. Only a name with other characters needs Python's full rules.
    if a.len() == b.len() && a.eq_ignore_ascii_case(b) {
        return true;
    }
    if a.is_ascii() && b.is_ascii() {
        return false;
    }
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}

/// An edit that cannot be made. Values never appear in these messages: they may be secrets.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IniError {
    #[error("there is no section [{section}]")]
    SectionNotFound { section: String },
    #[error("a section [{section}] already exists")]
    SectionExists { section: String },
    #[error("“{name}” cannot be a section name: {why}")]
    InvalidName { name: String, why: &'static str },
    #[error("“{key}” cannot be a key name: {why}")]
    InvalidKey { key: String, why: &'static str },
    #[error("the value for “{key}” cannot be written: {why}")]
    InvalidValue { key: String, why: &'static str },
    #[error("line {line} holds no section header or key to remove")]
    NoSuchLine { line: usize },
    #[error("“{key}” in [{section}] holds a plain value, not a nested block")]
    NotNested { section: String, key: String },
}

#[cfg(test)]
mod document_tests;
#[cfg(test)]
mod edit_tests;
#[cfg(test)]
mod line_tests;

#[cfg(test)]
#[test]
fn keys_match_as_python_lowercases_them() {
    assert!(same_key("AWS_Access_Key_ID", "aws_access_key_id"));
    assert!(same_key("aws_access_\u{212A}ey_id", "aws_access_key_id"));
    assert!(same_key("R\u{c9}GION", "r\u{e9}gion"));
    assert!(!same_key("region", "regions"));
}
#[cfg(test)]
mod splice_tests;
