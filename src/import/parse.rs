//! From the text of a CSV file to access-key rows: finding the header, the separator and the
//! columns, then checking each row.

use super::ImportRow;
use super::error::{Column, CsvError, Field};
use crate::secret::Secret;

use zeroize::Zeroizing;

/// Header names, as they compare after [`header_key`].
const USER_NAME: &str = "user name";
const ACCESS_KEY_ID: &str = "access key id";
const SECRET_ACCESS_KEY: &str = "secret access key";

/// Everything read from one file.
pub(crate) struct Parsed {
    /// The rows that passed every check; profile names are chosen later.
    pub rows: Vec<ImportRow>,
    pub problems: Vec<CsvError>,
    /// Non-blank rows below the header, good or bad.
    pub data_rows: usize,
    pub separator: u8,
    pub has_header: bool,
}

/// Where the values are.
struct Layout {
    separator: u8,
    has_header: bool,
    user: Option<usize>,
    id: (usize, Column),
    secret: (usize, Column),
}

pub(crate) fn parse_text(text: &str) -> Result<Parsed, CsvError> {
    let layout = find_layout(text)?;
    let mut parsed = Parsed {
        rows: Vec::new(),
        problems: Vec::new(),
        data_rows: 0,
        separator: layout.separator,
        has_header: layout.has_header,
    };
    let mut header_pending = layout.has_header;
    for record in records(text, layout.separator) {
        let (row, cells) = record?;
        if header_pending {
            header_pending = false;
            continue;
        }
        parsed.data_rows += 1;
        check_row(row, &cells, &layout, &mut parsed);
    }
    if parsed.data_rows == 0 {
        return Err(CsvError::NoRows);
    }
    Ok(parsed)
}

fn check_row(row: usize, cells: &[Zeroizing<String>], layout: &Layout, parsed: &mut Parsed) {
    let cell = |index: usize| cells.get(index).map_or("", |c| c.as_str());
    let id = cell(layout.id.0);
    // A row cut short whose cell runs over a line break: a quote never closed took the rest
    // of the file into that cell (a closed one around a line break leaves the row whole).
    if (id.is_empty() || cell(layout.secret.0).is_empty())
        && cells.iter().any(|c| c.contains(['\n', '\r']))
    {
        parsed.problems.push(CsvError::UnclosedQuote { row });
        return;
    }
    let secret = cell(layout.secret.0);
    let before = parsed.problems.len();
    if id.is_empty() {
        parsed.problems.push(CsvError::EmptyValue {
            row,
            field: Field::AccessKeyId,
        });
    } else if !is_key_id(id) {
        parsed.problems.push(CsvError::BadKeyId {
            row,
            column: layout.id.1.clone(),
            looks_like_secret: is_issued_secret(id),
        });
    }
    if secret.is_empty() {
        parsed.problems.push(CsvError::EmptyValue {
            row,
            field: Field::SecretAccessKey,
        });
    } else if !secret.bytes().all(|b| b.is_ascii_graphic()) {
        parsed.problems.push(CsvError::BadSecret {
            row,
            column: layout.secret.1.clone(),
        });
    }
    if parsed.problems.len() > before {
        return;
    }
    let user_name = layout
        .user
        .map(cell)
        .filter(|name| !name.is_empty())
        .map(str::to_owned);
    parsed.rows.push(ImportRow {
        row,
        user_name,
        access_key_id: id.to_owned(),
        secret_access_key: Secret::from(secret),
        profile_name: None,
    });
}

/// The separators we try, most likely first: commas are what the console writes, semicolons
/// what a spreadsheet writes where the comma is the decimal mark, and tabs what Excel writes
/// as "Unicode text" (which is how a UTF-16 file usually comes about).
const SEPARATORS: [u8; 3] = [b',', b';', b'\t'];

/// Reads the first non-blank row as a header with each separator, and keeps the one that finds
/// the most of the two columns we need; on a tie, the earlier in [`SEPARATORS`].
fn find_layout(text: &str) -> Result<Layout, CsvError> {
    let mut firsts = Vec::with_capacity(SEPARATORS.len());
    for separator in SEPARATORS {
        match records(text, separator).next() {
            Some(record) => firsts.push((separator, record?.1)),
            None => return Err(CsvError::Empty),
        }
    }
    let score = |cells: &[Zeroizing<String>]| {
        [ACCESS_KEY_ID, SECRET_ACCESS_KEY]
            .iter()
            .filter(|want| find(cells, want).is_some())
            .count()
    };
    let mut best = 0;
    for (at, (_, cells)) in firsts.iter().enumerate() {
        if score(cells) > score(&firsts[best].1) {
            best = at;
        }
    }
    let (separator, header) = &firsts[best];
    let column = |at: usize| (at, Column::Named(header[at].as_str().to_owned()));
    if let Some(id) = find(header, ACCESS_KEY_ID) {
        let Some(secret) = find(header, SECRET_ACCESS_KEY) else {
            return Err(CsvError::MissingColumn {
                column: "Secret access key",
            });
        };
        return Ok(Layout {
            separator: *separator,
            has_header: true,
            user: find(header, USER_NAME),
            id: column(id),
            secret: column(secret),
        });
    }
    // No header: accept the file when its first row is a key and nothing else. Both cells must
    // have exactly the shape AWS issues, or any two-column CSV would pass for a key file.
    for (separator, cells) in &firsts {
        let key_like = cells.len() >= 2
            && is_issued_key_id(&cells[0])
            && is_issued_secret(&cells[1])
            && cells[2..].iter().all(|c| c.is_empty());
        if key_like {
            return Ok(Layout {
                separator: *separator,
                has_header: false,
                user: None,
                id: (0, Column::Index(0)),
                secret: (1, Column::Index(1)),
            });
        }
    }
    Err(CsvError::MissingColumn {
        column: "Access key ID",
    })
}

/// The first column whose header names `want`, as the AWS CLI's `list.index` finds it.
fn find(cells: &[Zeroizing<String>], want: &str) -> Option<usize> {
    cells.iter().position(|cell| header_key(cell) == want)
}

/// A header cell as the AWS CLI compares it: a leading BOM dropped, lowercase, trimmed.
fn header_key(cell: &str) -> String {
    trim(cell.strip_prefix('\u{feff}').unwrap_or(cell)).to_lowercase()
}

/// The cells of one row, trimmed. They may hold a secret, so they are wiped on drop.
type Cells = Vec<Zeroizing<String>>;

/// The non-blank rows of `text`, each with its spreadsheet row number and its trimmed cells.
/// A row of empty cells (`,,,` is what a spreadsheet writes for an empty row) is blank.
fn records(text: &str, separator: u8) -> impl Iterator<Item = Result<(usize, Cells), CsvError>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(separator)
        .from_reader(text.as_bytes());
    // One record reused for every row. The csv crate's buffers are not wiped when dropped; that
    // copy of the secret lives as briefly as the caller's own bytes do.
    let mut record = csv::StringRecord::new();
    let mut lines = LineCounter::default();
    let bytes = text.as_bytes();
    std::iter::from_fn(move || {
        loop {
            match reader.read_record(&mut record) {
                Ok(true) => {}
                Ok(false) => return None,
                // Input that is already a `str` can fail neither as I/O nor as UTF-8; this arm
                // is here so that no future csv release can make us panic.
                Err(_) => return Some(Err(CsvError::NotText)),
            }
            if record.iter().all(|cell| trim(cell).is_empty()) {
                continue;
            }
            let start = record.position().map_or(0, |p| p.byte());
            let row = lines.line_at(bytes, usize::try_from(start).unwrap_or(usize::MAX));
            let cells = record
                .iter()
                .map(|cell| Zeroizing::new(trim(cell).to_owned()))
                .collect();
            return Some(Ok((row, cells)));
        }
    })
}

/// Numbers rows the way a spreadsheet does, blank ones included.
///
/// The csv crate's own `Position::line` cannot be used for that: a record's position is taken
/// before the line break that ends the row above, and blank lines skipped on the way are not
/// counted, so the numbers come out one or more too low. We count the line breaks ourselves,
/// from where the previous row started, so the whole file is scanned once.
#[derive(Default)]
struct LineCounter {
    /// Byte offset up to which breaks are counted; always the first byte of a row.
    counted_to: usize,
    /// Line breaks before `counted_to`.
    breaks: usize,
}

impl LineCounter {
    /// The 1-based line of the first byte at or after `from` that is not a line break: where
    /// the row read from `from` starts. That is its spreadsheet row unless a quoted cell above
    /// holds a line break, which no console file does.
    fn line_at(&mut self, bytes: &[u8], from: usize) -> usize {
        let from = from.clamp(self.counted_to, bytes.len());
        let skip = bytes[from..]
            .iter()
            .take_while(|b| matches!(b, b'\r' | b'\n'))
            .count();
        let start = from + skip;
        let span = &bytes[self.counted_to..start];
        // CRLF is one break; a lone CR is one too, as in the csv crate and in spreadsheets.
        self.breaks += span
            .iter()
            .enumerate()
            .filter(|&(at, &b)| b == b'\n' || (b == b'\r' && span.get(at + 1) != Some(&b'\n')))
            .count();
        self.counted_to = start;
        self.breaks + 1
    }
}

/// Trims what Python's `str.strip()` trims, as the AWS CLI does to every value: Unicode
/// whitespace, plus the four ASCII separators U+001C..U+001F that Python counts as space.
pub(crate) fn trim(text: &str) -> &str {
    text.trim_matches(|c: char| c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c))
}

/// An access key ID as IAM defines the type: 16 to 128 word characters. All that AWS issues
/// are capital letters and digits, and a lowercase letter almost always means a secret in the
/// wrong column, so lowercase and `_` are refused.
pub(crate) fn is_key_id(text: &str) -> bool {
    (16..=128).contains(&text.len())
        && text
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

/// The shape of a long-term (`AKIA`) or temporary (`ASIA`) key ID as AWS issues them today.
pub(crate) fn is_issued_key_id(text: &str) -> bool {
    text.len() == 20 && (text.starts_with("AKIA") || text.starts_with("ASIA")) && is_key_id(text)
}

/// The shape of a secret access key as AWS issues them: 40 characters of base64.
pub(crate) fn is_issued_secret(text: &str) -> bool {
    text.len() == 40
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/')
}
