//! A lossless INI layer. It reads files the way Python's configparser (and so botocore) does,
//! keeps the original text of every line, prints itself back byte for byte, and edits only the
//! text an edit is about. It knows nothing of AWS.

mod document;
mod edit;
mod index;
mod line;
mod problems;
mod splice;

#[cfg(test)]
pub(crate) use splice::edit_work;

pub use document::{Document, Entry, MAX_DOCUMENT_BYTES, NotUtf8, Value};
pub use index::Alias;
pub use line::{Malformed, line_ranges};
pub use problems::Problem;

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
mod edit_tests;
#[cfg(test)]
mod splice_tests;
