//! One physical line of an INI file and how it reads.
//!
//! Classification mirrors Python's `configparser.RawConfigParser`, which is what botocore (and so
//! the AWS CLI and boto3) uses: full-line comments start with `#` or `;` after optional
//! whitespace, `=` or `:` separate a key from its value, and a line indented deeper than the
//! previous key line continues that key's value. Blank and comment lines do not end a
//! continuation, exactly as with configparser's `empty_lines_in_values = True`.

use super::py_space::{py_trim_end, py_trim_start};
use std::ops::Range;

/// How a line ends. The last line of a file may have no line ending at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Eol {
    Lf,
    CrLf,
    /// A lone carriage return (old Mac files): Python's universal newlines read it as a line end.
    Cr,
    None,
}

impl Eol {
    pub fn as_str(self) -> &'static str {
        match self {
            Eol::Lf => "\n",
            Eol::CrLf => "\r\n",
            Eol::Cr => "\r",
            Eol::None => "",
        }
    }
}

/// Why a line cannot be read the way botocore would read it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Malformed {
    /// A key or other text before the first `[section]` header.
    BeforeFirstSection,
    /// Text that is neither a header, a comment nor `key = value`.
    NoDelimiter,
    /// `= value` with nothing before the `=`.
    EmptyKey,
    /// An indented line under `key =` that is not `sub = value`.
    NestedWithoutEquals,
    /// `[name` with no closing `]` (and no `=` to make it a key): configparser reads no header.
    UnclosedHeader,
    /// The file is over [`super::MAX_DOCUMENT_BYTES`] and was not read at all (reported on
    /// line 1).
    TooLarge,
}

impl Malformed {
    /// What is wrong with the line, in plain words: the one wording of every message about it.
    pub fn describe(self) -> &'static str {
        match self {
            Malformed::BeforeFirstSection => "a setting appears before the first [section] header",
            Malformed::NoDelimiter => {
                "this line is not “key = value”, a [section] header or a # comment"
            }
            Malformed::EmptyKey => "this line has a value but no key name before the “=”",
            Malformed::NestedWithoutEquals => {
                "this line is indented under a setting with nothing after its “=” (a nested block), but it is not “name = value”"
            }
            Malformed::UnclosedHeader => "this [section] header has no closing “]”",
            Malformed::TooLarge => "the file is larger than 1 GiB, far too large to be an AWS file",
        }
    }
}

/// A byte range inside one line's text. `u32` keeps a line's record small (memory
/// was ~14× the file); a document is at most [`super::MAX_DOCUMENT_BYTES`] long.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(range: Range<usize>) -> Span {
        // Both ends lie inside a line of a document that fits in u32 (checked on reading).
        Span {
            start: range.start as u32,
            end: range.end as u32,
        }
    }

    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// What a line is, with byte ranges into the line's text so an edit can replace exactly the
/// part it means to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum LineKind {
    Blank,
    Comment,
    /// `[name]`; the span covers `name` (between the first `[` and the last `]`).
    Header {
        name: Span,
    },
    /// `key = value`; `value` excludes the whitespace around it and may be empty.
    Entry {
        key: Span,
        value: Span,
    },
    /// An indented line continuing the previous entry, which does not read as `sub = value`.
    Continuation,
    /// An indented line continuing the previous entry that reads as `sub = value` (split on the
    /// first `=`, as botocore's nested parser does).
    SubEntry {
        key: Span,
        value: Span,
    },
    Malformed(Malformed),
}

impl LineKind {
    pub fn is_continuation(self) -> bool {
        matches!(self, LineKind::Continuation | LineKind::SubEntry { .. })
    }

    pub fn is_header(self) -> bool {
        matches!(self, LineKind::Header { .. })
    }
}

/// One line: where its text (without its ending) sits in the document's text, its ending and
/// its reading. 32 bytes, whatever the line's length.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Line {
    pub start: u32,
    pub len: u32,
    pub eol: Eol,
    pub kind: LineKind,
}

/// Readings of a line's text: its key, value, header name and so on.
pub(crate) trait LineText<'a> {
    fn key(self, kind: LineKind) -> Option<&'a str>;
    fn value(self, kind: LineKind) -> Option<&'a str>;
    fn header_name(self, kind: LineKind) -> Option<&'a str>;
    fn sub(self, kind: LineKind) -> Option<(&'a str, &'a str)>;
    fn indent(self) -> &'a str;
}

impl<'a> LineText<'a> for &'a str {
    fn key(self, kind: LineKind) -> Option<&'a str> {
        match kind {
            LineKind::Entry { key, .. } => Some(&self[key.range()]),
            _ => None,
        }
    }

    fn value(self, kind: LineKind) -> Option<&'a str> {
        match kind {
            LineKind::Entry { value, .. } => Some(&self[value.range()]),
            _ => None,
        }
    }

    fn header_name(self, kind: LineKind) -> Option<&'a str> {
        match kind {
            LineKind::Header { name } => Some(&self[name.range()]),
            _ => None,
        }
    }

    fn sub(self, kind: LineKind) -> Option<(&'a str, &'a str)> {
        match kind {
            LineKind::SubEntry { key, value } => Some((&self[key.range()], &self[value.range()])),
            _ => None,
        }
    }

    /// The leading whitespace of the line.
    fn indent(self) -> &'a str {
        &self[..self.len() - py_trim_start(self).len()]
    }
}

/// Splits `buf` into lines, keeping each line's ending (LF, CRLF or a lone CR, as Python's
/// universal newlines do), and reads them. Each line's `start` counts from `offset` (where
/// `buf` sits in its document); `buf` is at most [`super::MAX_DOCUMENT_BYTES`] long.
pub(crate) fn split_lines(buf: &str, offset: usize) -> Vec<Line> {
    // Sized once: growing a vector of 100,000 lines step by step costs more than the count.
    let estimate = memchr::memchr_iter(b'\n', buf.as_bytes()).count() + 1;
    let mut lines = Vec::with_capacity(estimate);
    let mut reader = Reader::default();
    let mut at = 0;
    while at < buf.len() {
        let rest = &buf[at..];
        let (len, eol, eol_len) = next_line(rest);
        lines.push(Line {
            start: (offset + at) as u32,
            len: len as u32,
            eol,
            kind: reader.read(&rest[..len]),
        });
        at += len + eol_len;
    }
    lines
}

/// The length of the first line of `rest`, its ending, and the ending's length in bytes.
fn next_line(rest: &str) -> (usize, Eol, usize) {
    // memchr2 scans a word at a time; `str::find` with a pattern of two chars checks each byte.
    match memchr::memchr2(b'\n', b'\r', rest.as_bytes()) {
        Some(pos) => match rest.as_bytes()[pos] {
            b'\r' if rest.as_bytes().get(pos + 1) == Some(&b'\n') => (pos, Eol::CrLf, 2),
            b'\r' => (pos, Eol::Cr, 1),
            _ => (pos, Eol::Lf, 1),
        },
        None => (rest.len(), Eol::None, 0),
    }
}

/// The byte range of each line's text (its ending left out), split exactly as the document
/// reader splits (LF, CRLF or a lone CR): for code that must edit a line of a file the reader
/// refused, and so has no document of.
pub fn line_ranges(buf: &str) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    let mut at = 0;
    while at < buf.len() {
        let (len, _, eol_len) = next_line(&buf[at..]);
        ranges.push(at..at + len);
        at += len + eol_len;
    }
    ranges
}

/// Reads lines one after another the way configparser does: whether a line continues the
/// entry above depends on the lines before it.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Reader {
    in_section: bool,
    has_entry: bool,
    indent_level: usize,
}

impl Reader {
    /// The state right after the header line `text`: what follows a header never depends on
    /// what came before it, which is what lets an edit re-read only its own section.
    pub fn after_header(text: &str) -> Reader {
        Reader {
            in_section: true,
            has_entry: false,
            indent_level: indent_chars(text),
        }
    }

    /// Reads the next line.
    pub fn read(&mut self, text: &str) -> LineKind {
        let trimmed_start = py_trim_start(text);
        let stripped = py_trim_end(trimmed_start);
        let indent = text.len() - trimmed_start.len();
        if stripped.starts_with('#') || stripped.starts_with(';') {
            return LineKind::Comment;
        }
        if stripped.is_empty() {
            return LineKind::Blank;
        }
        // configparser compares indentation in characters, not bytes.
        let indent_chars = match indent {
            0 => 0,
            _ => text[..indent].chars().count(),
        };
        if self.in_section && self.has_entry && indent_chars > self.indent_level {
            return match sub_entry(text, indent) {
                Some((key, value)) => LineKind::SubEntry {
                    key: Span::new(key),
                    value: Span::new(value),
                },
                None => LineKind::Continuation,
            };
        }
        self.indent_level = indent_chars;
        if let Some(name) = header_name(stripped) {
            self.in_section = true;
            self.has_entry = false;
            return LineKind::Header {
                name: Span::new(indent + name.start..indent + name.end),
            };
        }
        let unclosed = |why| match why {
            Malformed::BeforeFirstSection | Malformed::NoDelimiter
                if stripped.starts_with('[') && !stripped.contains(']') =>
            {
                Malformed::UnclosedHeader
            }
            why => why,
        };
        if !self.in_section {
            // Even `[a = 1`, a key to configparser, comes before any header.
            return match entry(text, indent) {
                Ok(_) => LineKind::Malformed(Malformed::BeforeFirstSection),
                Err(_) => LineKind::Malformed(unclosed(Malformed::BeforeFirstSection)),
            };
        }
        match entry(text, indent) {
            Ok(kind) => {
                self.has_entry = true;
                kind
            }
            Err(why) => LineKind::Malformed(unclosed(why)),
        }
    }
}

fn indent_chars(text: &str) -> usize {
    let indent = text.len() - py_trim_start(text).len();
    text[..indent].chars().count()
}

/// configparser's `\[(?P<header>.+)\]`, matched at the start of the stripped line: the name runs
/// to the last `]` and must not be empty. Anything after that `]` is ignored by configparser.
fn header_name(stripped: &str) -> Option<Range<usize>> {
    if !stripped.starts_with('[') {
        return None;
    }
    let close = stripped.rfind(']')?;
    (close > 1).then_some(1..close)
}

/// configparser's option pattern: the key runs to the first `=` or `:`.
fn entry(text: &str, indent: usize) -> Result<LineKind, Malformed> {
    let body = &text[indent..];
    // Both delimiters are ASCII: a byte search finds the same first one, without decoding.
    let delim = memchr::memchr2(b'=', b':', body.as_bytes()).ok_or(Malformed::NoDelimiter)?;
    let key_text = py_trim_end(&body[..delim]);
    if key_text.is_empty() {
        return Err(Malformed::EmptyKey);
    }
    let key = indent..indent + key_text.len();
    let value = trimmed_range(text, indent + delim + 1);
    Ok(LineKind::Entry {
        key: Span::new(key),
        value: Span::new(value),
    })
}

/// botocore's nested parser splits each continuation line on its first `=`.
fn sub_entry(text: &str, indent: usize) -> Option<(Range<usize>, Range<usize>)> {
    let body = &text[indent..];
    let delim = body.find('=')?;
    let key_text = py_trim_end(&body[..delim]);
    let key = indent..indent + key_text.len();
    Some((key, trimmed_range(text, indent + delim + 1)))
}

/// The range of `text[from..]` without surrounding whitespace; empty at the end of the leading
/// whitespace when there is nothing else.
fn trimmed_range(text: &str, from: usize) -> Range<usize> {
    let rest = &text[from..];
    let start = from + (rest.len() - py_trim_start(rest).len());
    let end = from + py_trim_end(rest).len();
    if end < start {
        start..start
    } else {
        start..end
    }
}
