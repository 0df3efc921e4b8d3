//! What can be wrong with an access-key CSV file, in words a user can act on.
//!
//! No variant holds a value from the file: a cell in the "Access key ID" column may well be a
//! secret when the columns are swapped. Row problems say where (row and column, as a
//! spreadsheet shows them) and what, never which value.

use std::fmt;
use std::io;
use std::path::PathBuf;

/// A problem with a whole file, or with one row of it.
#[derive(Debug, thiserror::Error)]
pub enum CsvError {
    /// The file could not be opened or read.
    #[error("could not read {}: {}", path.display(), plain_io(source))]
    Read { path: PathBuf, source: io::Error },
    /// The file is larger than [`MAX_FILE_SIZE`](super::MAX_FILE_SIZE).
    #[error("the file is larger than 1 MB; an access-key file is a few hundred bytes")]
    TooLarge,
    /// The file holds nothing but whitespace.
    #[error("the file is empty")]
    Empty,
    /// The bytes are not text in any encoding we read: an image, a workbook, a zip file.
    #[error(
        "this is not a CSV file: it is not text (it may be a spreadsheet, an image or another \
         binary file)"
    )]
    NotText,
    /// Text without NUL bytes that is not UTF-8: a spreadsheet's "CSV" in the computer's own
    /// code page (Windows-1252, Latin-1) when a name has an accent.
    #[error(
        "this file is text in another encoding than UTF-8 (as a spreadsheet program saves \
         “CSV” with an accented name in it); save it as “CSV UTF-8” and import that"
    )]
    OtherEncoding,
    /// A column we need is not in the header, and the file does not look header-less either.
    #[error("this is not an access-key CSV: it has no \"{column}\" column")]
    MissingColumn { column: &'static str },
    /// A header and nothing else (or only blank rows).
    #[error("the file has a header but no access keys")]
    NoRows,
    /// A cell runs over a line break: a quote opened in this row is never closed, so the
    /// rest of the file was read as part of one cell. No console file has a line break in a cell.
    #[error("row {row}: a quote (\") opened in this row is never closed")]
    UnclosedQuote { row: usize },
    /// A required cell is empty or missing (the row is shorter than the header).
    #[error("row {row}: the {field} is empty")]
    EmptyValue { row: usize, field: Field },
    /// The access key ID cell holds something that is not an access key ID.
    #[error("row {row}, {column}: this does not look like an access key ID{}", key_id_hint(*looks_like_secret))]
    BadKeyId {
        row: usize,
        column: Column,
        looks_like_secret: bool,
    },
    /// The secret cell holds spaces, control or non-ASCII characters.
    #[error(
        "row {row}, {column}: this does not look like a secret access key (it has spaces or \
         characters that AWS never puts in one)"
    )]
    BadSecret { row: usize, column: Column },
}

impl CsvError {
    /// The spreadsheet row a row problem is about; `None` for problems with the whole file.
    pub fn row(&self) -> Option<usize> {
        match self {
            CsvError::EmptyValue { row, .. }
            | CsvError::UnclosedQuote { row }
            | CsvError::BadKeyId { row, .. }
            | CsvError::BadSecret { row, .. } => Some(*row),
            _ => None,
        }
    }
}

/// One of the two values every access-key row must have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    AccessKeyId,
    SecretAccessKey,
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Field::AccessKeyId => "access key ID",
            Field::SecretAccessKey => "secret access key",
        })
    }
}

/// A column as the user sees it: by its header text, or by its letter when there is no header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Column {
    /// The header cell as written in the file, trimmed.
    Named(String),
    /// The 0-based index of a column in a header-less file, shown as a letter (0 is `A`).
    Index(usize),
}

impl fmt::Display for Column {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Column::Named(name) => write!(f, "column \"{}\"", name.escape_debug()),
            Column::Index(index) => write!(f, "column {}", column_letters(*index)),
        }
    }
}

/// Spreadsheet column letters: 0 → A, 25 → Z, 26 → AA.
fn column_letters(index: usize) -> String {
    let mut letters = Vec::new();
    let mut n = index + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

fn key_id_hint(looks_like_secret: bool) -> &'static str {
    if looks_like_secret {
        " (it looks like a secret access key: are the columns swapped?)"
    } else {
        " (an access key ID is capital letters and digits, like AKIAIOSFODNN7EXAMPLE)"
    }
}

/// `Permission denied (os error 13)` reads better as `permission denied`.
fn plain_io(err: &io::Error) -> String {
    match err.kind() {
        io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        io::ErrorKind::NotFound => "the file does not exist".to_owned(),
        io::ErrorKind::IsADirectory => "it is a folder".to_owned(),
        _ => err.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_row_and_column() {
        let empty = CsvError::EmptyValue {
            row: 3,
            field: Field::SecretAccessKey,
        };
        assert_eq!(empty.to_string(), "row 3: the secret access key is empty");
        assert_eq!(empty.row(), Some(3));
        let bad = CsvError::BadKeyId {
            row: 2,
            column: Column::Named("Access key ID".into()),
            looks_like_secret: true,
        };
        assert!(
            bad.to_string().starts_with(
                "row 2, column \"Access key ID\": this does not look like an access key ID"
            ),
            "{bad}"
        );
        assert_eq!(
            CsvError::MissingColumn {
                column: "Access key ID"
            }
            .to_string(),
            "this is not an access-key CSV: it has no \"Access key ID\" column"
        );
        assert_eq!(CsvError::NoRows.row(), None);
    }

    #[test]
    fn letters_like_a_spreadsheet() {
        let letters: Vec<String> = [0, 1, 25, 26, 27, 51, 52, 701, 702]
            .into_iter()
            .map(column_letters)
            .collect();
        assert_eq!(
            letters,
            ["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]
        );
    }
}

/// A row that cannot be imported as planned: no name, a name the AWS tools cannot use, a name
/// two rows share, or (when asked to fail) a profile that exists. Names the file and the row.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}, row {row}: {why}")]
pub struct PlanError {
    pub file: String,
    pub row: usize,
    pub why: String,
}

impl crate::fault::Fault for PlanError {
    /// Always: the user fixes it by naming the row's profile or choosing what a conflict does.
    fn is_user_error(&self) -> bool {
        true
    }
}
