//! Reading the access-key CSV files that the AWS console downloads.
//!
//! Everything here works on bytes and never touches the disk, except [`read_csv_file`], which
//! reads one file of at most [`MAX_FILE_SIZE`] and hands it to [`parse_csv`].
//!
//! # What is read
//! - The "create user" download: `User name,Password,Access key ID,Secret access key,Console
//!   login link`. The password and the console link are never kept.
//! - The "create access key" download, `<user>_accessKeys.csv`: `Access key ID,Secret access
//!   key`, UTF-8 with a BOM and CRLF line ends. The user name comes from the file name.
//! - Any hand-edited file whose header has an "Access key ID" and a "Secret access key"
//!   column, and optionally "User name". Headers match ignoring case and surrounding spaces,
//!   other columns are ignored, and the first of two same-named columns wins.
//! - Real CSV quoting, blank rows anywhere, `;` or a tab instead of `,` (chosen by the header),
//!   UTF-8 with or without a BOM, and UTF-16 (either byte order) with a BOM.
//! - A file with no header, when its first row is an access key ID exactly as AWS issues them
//!   (`AKIA`/`ASIA` and 16 capital letters or digits) next to a 40-character base64 secret,
//!   and no other non-empty cell. That is what people get when they paste the two values into
//!   a new sheet. The AWS CLI refuses such files; we read them, column A as the key ID and
//!   column B as the secret, because the shape check makes a mistaken match all but impossible.
//!
//! # Where we differ from `aws configure import --csv` on purpose
//! For a file the CLI accepts, the keys and the profile name (`prefix + user name`, values
//! trimmed the way Python's `str.strip()` trims) are the same here, except:
//! - The CLI splits on commas and does not know quotes: `"alice",…` gives it a profile named
//!   `"alice"` with the quote marks, and a quoted cell holding a comma shifts its columns. We
//!   read CSV as CSV.
//! - The CLI needs a "User name" column and a user name in every row. We do not: a row without
//!   one gets the file-name user (when it is the file's only row) or no suggestion, and the
//!   interface asks.
//! - A name [`check_profile_name`](crate::aws::names::check_profile_name) refuses, such as
//!   `DEFAULT` or one with `[`, is not suggested; the CLI writes it anyway.
//! - The CLI takes any non-empty value as a key. We refuse an access key ID that is not 16–128
//!   capital letters and digits (IAM allows 16–128 word characters, and issues only capitals
//!   and digits) and a secret with spaces, control or non-ASCII characters inside: those cannot
//!   work, and are usually the columns swapped or a cell cut in two.
//! - The CLI fails on the first bad row, or with `--skip-invalid` drops bad rows silently;
//!   blank lines count as bad rows. We skip blank rows and report every bad row at once
//!   ([`CsvImport::problems`]); the caller chooses: [`CsvImport::strict`] or
//!   [`CsvImport::skip_invalid`].
//! - The CLI splits lines where Python's `str.splitlines` does, which includes form feeds and a
//!   few Unicode separators; we split rows at CR and LF only, as CSV does.
//! - Rows are numbered as a spreadsheet shows them (header = row 1), not "entry #1" for the
//!   first row under the header.

mod decode;
mod error;
mod names;
mod parse;
mod plan;

#[cfg(test)]
mod cli_parity_tests;
#[cfg(test)]
mod fixture_tests;
#[cfg(test)]
mod plan_tests;
#[cfg(test)]
mod property_tests;

use std::io::Read;
use std::path::Path;

use crate::secret::Secret;

pub use error::{Column, CsvError, Field, PlanError};
pub use names::{free_profile_name, suggest_profile_name, user_from_file_name};
pub use plan::{
    Action, Candidate, Destination, IMPORTED_KEY, ImportOptions, OnConflict, Planned, candidates,
    plan, safe_to_delete,
};

/// Files larger than this are refused unread: an access-key file is a few hundred bytes, and
/// a huge file is surely the wrong one.
pub const MAX_FILE_SIZE: u64 = 1024 * 1024;

/// One access key read from the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportRow {
    /// The row as a spreadsheet numbers it; the header is row 1.
    pub row: usize,
    /// The "User name" cell, trimmed; `None` when there is no such column or the cell is empty.
    pub user_name: Option<String>,
    pub access_key_id: String,
    pub secret_access_key: Secret,
    /// The profile name to propose, or `None` when the user must choose one.
    pub profile_name: Option<String>,
}

/// What a CSV file holds: the good rows, and a problem for each row that was not good.
#[derive(Debug)]
pub struct CsvImport {
    pub rows: Vec<ImportRow>,
    /// Row problems only, in file order; a row may have more than one.
    pub problems: Vec<CsvError>,
    /// `,`, `;` or a tab.
    pub separator: char,
    /// False for a header-less file of key ID and secret pairs.
    pub has_header: bool,
    /// The file name the console's user-name fallback is read from.
    file_name: Option<String>,
    /// How many non-blank rows there are below the header, good or bad.
    data_rows: usize,
}

impl CsvImport {
    /// Proposes profile names again with `prefix` in front, as the CLI's `--profile-prefix`
    /// does. Names chosen by hand are the caller's to keep.
    pub fn set_profile_prefix(&mut self, prefix: &str) {
        // The file name says whose key it is only when it holds one key: the console writes one
        // per file, and giving one name to several rows would have them overwrite each other.
        let file_name = if self.data_rows == 1 {
            self.file_name.as_deref()
        } else {
            None
        };
        for row in &mut self.rows {
            row.profile_name = suggest_profile_name(row.user_name.as_deref(), file_name, prefix);
        }
    }

    /// All rows, or every problem when there is one: the CLI's default behaviour.
    pub fn strict(self) -> Result<Vec<ImportRow>, Vec<CsvError>> {
        if self.problems.is_empty() {
            Ok(self.rows)
        } else {
            Err(self.problems)
        }
    }

    /// The good rows, bad ones dropped: the CLI's `--skip-invalid`.
    pub fn skip_invalid(self) -> Vec<ImportRow> {
        self.rows
    }
}

/// Reads access keys from the bytes of a CSV file. `file_name` (a name or a path) is only used
/// to suggest a profile name for a `<user>_accessKeys.csv` download.
///
/// `Err` means nothing in the file can be used; problems with single rows are in
/// [`CsvImport::problems`].
pub fn parse_csv(bytes: &[u8], file_name: Option<&str>) -> Result<CsvImport, CsvError> {
    if u64::try_from(bytes.len()).map_or(true, |len| len > MAX_FILE_SIZE) {
        return Err(CsvError::TooLarge);
    }
    let text = decode::decode(bytes)?;
    let parsed = parse::parse_text(&text)?;
    let mut import = CsvImport {
        rows: parsed.rows,
        problems: parsed.problems,
        separator: char::from(parsed.separator),
        has_header: parsed.has_header,
        file_name: file_name.map(str::to_owned),
        data_rows: parsed.data_rows,
    };
    import.set_profile_prefix("");
    Ok(import)
}

/// Reads a CSV file from disk and parses it with [`parse_csv`]. A file over [`MAX_FILE_SIZE`]
/// is refused before any of it is read.
pub fn read_csv_file(path: &Path) -> Result<CsvImport, CsvError> {
    let read_error = |source| CsvError::Read {
        path: path.to_owned(),
        source,
    };
    // Not a FIFO or a device: opening one could wait forever.
    let file = crate::files::open_regular(path).map_err(read_error)?;
    let size = file.metadata().map_err(read_error)?.len();
    if size > MAX_FILE_SIZE {
        return Err(CsvError::TooLarge);
    }
    // The file may grow between the size check and the read; reading one byte past the limit
    // lets `parse_csv` notice without ever holding more than that.
    // Sized up front so that the buffer is not reallocated, which would leave an unwiped copy.
    let capacity = usize::try_from(size).map_or(0, |size| size + 1);
    let mut bytes = zeroize::Zeroizing::new(Vec::with_capacity(capacity));
    file.take(MAX_FILE_SIZE + 1)
        .read_to_end(&mut bytes)
        .map_err(read_error)?;
    let file_name = path.file_name().and_then(|name| name.to_str());
    parse_csv(&bytes, file_name)
}
