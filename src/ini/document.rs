//! A lossless INI document: every line keeps its original text, so printing gives back the input
//! byte for byte, and an edit replaces only the text it means to.
//!
//! The text lives in two buffers: the file as read (shared, never changed, and the same bytes the
//! files layer keeps to tell whether the file changed on disk) and the text of edited lines. A
//! line is a 32-byte record of where its text sits and how it reads. An edit appends its new
//! text and re-reads only the lines it can change (see `splice.rs`). Before, one `String` per
//! line and a full re-read per edit made memory ~14× the file and an import quadratic.

use std::fmt;
use std::sync::Arc;

/// configparser's defaults section: not a section of its own, its keys reach every other one.
pub const DEFAULT_SECTION: &str = "DEFAULT";

use super::index::{Alias, Hashes, SectionIndex};
use super::line::{Eol, Line, LineKind, LineText, Malformed, split_lines};

const BOM: char = '\u{feff}';

/// The largest text a document reads: 1 GiB, far above any real AWS file, and what lets a line's
/// record use 32-bit offsets. A longer text reads as an empty document whose one problem says so.
pub const MAX_DOCUMENT_BYTES: usize = 1 << 30;

/// A parsed INI file. Knows nothing of AWS.
#[derive(Clone)]
pub struct Document {
    pub(crate) bom: bool,
    /// The text as read, byte order mark included. Lines before any edit point into it.
    pub(crate) base: Arc<String>,
    /// The text of lines written by edits; their offsets count on from the end of `base`.
    pub(crate) added: String,
    pub(crate) lines: Vec<Line>,
    pub(crate) sections: Vec<SectionSpan>,
    pub(crate) index: SectionIndex,
    /// How many bytes of text belong to lines that edits replaced (see `splice.rs`).
    pub(crate) dead: usize,
    /// Whether any edit was made since the text was read.
    pub(crate) edited: bool,
    /// The size of a text too large to read ([`MAX_DOCUMENT_BYTES`]).
    pub(crate) too_large: Option<usize>,
    /// New lines end in `\r\n` while no line says which ending the file uses (see
    /// [`Document::prefer_crlf`]).
    pub(crate) crlf_hint: bool,
}

/// Where one `[section]` sits: its header line and the first line after its body (0-based),
/// and the hashes it is indexed under.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct SectionSpan {
    pub header: usize,
    pub end: usize,
    pub hashes: Hashes,
}

/// A value as botocore reads it: a plain string (continuation lines joined with `\n`), or a
/// nested block (`s3 =` followed by indented `key = value` lines). Its `Debug` shows only the
/// shape, never the text: a value may be a secret.
#[derive(Clone, PartialEq, Eq)]
pub enum Value {
    Plain(String),
    Nested(Vec<(String, String)>),
}

impl Value {
    /// Whether two values are equal as botocore compares them: strings, or nested blocks as
    /// dicts (order aside, a repeated sub-key keeping its last value).
    pub fn same_as(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Plain(a), Value::Plain(b)) => a == b,
            (Value::Nested(a), Value::Nested(b)) => {
                let dict =
                    |pairs: &[(String, String)]| -> std::collections::BTreeMap<String, String> {
                        pairs.iter().cloned().collect()
                    };
                dict(a) == dict(b)
            }
            _ => false,
        }
    }

    /// The plain value, or `None` for a nested block.
    pub fn as_plain(&self) -> Option<&str> {
        match self {
            Value::Plain(s) => Some(s),
            Value::Nested(_) => None,
        }
    }
}

/// One `key = value` of a section, as read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub key: String,
    pub value: Value,
    /// 1-based line number of the key's line.
    pub line: usize,
}

/// The bytes are not UTF-8 text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line} is not valid UTF-8 text")]
pub struct NotUtf8 {
    pub line: usize,
}

impl Document {
    /// Reads text. Never fails: lines that do not parse are kept as they are and reported by
    /// [`Document::problems`], and so is a text over [`MAX_DOCUMENT_BYTES`].
    pub fn parse(text: &str) -> Document {
        if text.len() > MAX_DOCUMENT_BYTES {
            return Document::from_string(String::new(), None).refused(text.len());
        }
        Document::from_string(text.to_owned(), None)
    }

    /// Reads bytes that must be UTF-8 (with or without a byte order mark).
    pub fn from_bytes(bytes: &[u8]) -> Result<Document, NotUtf8> {
        Document::from_vec(bytes.to_vec())
    }

    /// [`Document::from_bytes`], keeping the bytes as its buffer instead of copying them.
    pub fn from_vec(bytes: Vec<u8>) -> Result<Document, NotUtf8> {
        Document::from_vec_aliased(bytes, None)
    }

    /// [`Document::from_vec`], its sections indexed under `alias` too (see
    /// [`Document::set_alias`]) in the same pass.
    pub fn from_vec_aliased(bytes: Vec<u8>, alias: Option<Alias>) -> Result<Document, NotUtf8> {
        match String::from_utf8(bytes) {
            Ok(text) => Ok(Document::from_string(text, alias)),
            Err(err) => {
                let bytes = err.as_bytes();
                let before = &bytes[..err.utf8_error().valid_up_to()];
                let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
                Err(NotUtf8 { line })
            }
        }
    }

    fn from_string(mut text: String, alias: Option<Alias>) -> Document {
        if text.capacity() > text.len() + text.len() / 8 {
            text.shrink_to_fit();
        }
        let mut doc = Document {
            bom: false,
            base: Arc::default(),
            added: String::new(),
            lines: Vec::new(),
            sections: Vec::new(),
            index: SectionIndex::default(),
            dead: 0,
            edited: false,
            too_large: None,
            crlf_hint: false,
        };
        if text.len() > MAX_DOCUMENT_BYTES {
            return doc.refused(text.len());
        }
        doc.bom = text.starts_with(BOM);
        let skip = if doc.bom { BOM.len_utf8() } else { 0 };
        doc.lines = split_lines(&text[skip..], skip);
        // Moved, not copied: an Arc<String> holds the very buffer that was read.
        doc.base = Arc::new(text);
        if let Some(alias) = alias {
            doc.index.set_alias(alias);
        }
        doc.index_sections();
        doc
    }

    /// The text as read, when no edit has changed it since: the bytes the files layer keeps as
    /// what is on disk, shared rather than copied.
    pub fn text_as_read(&self) -> Option<Arc<String>> {
        (!self.edited && self.too_large.is_none()).then(|| Arc::clone(&self.base))
    }

    /// An empty document that records why a text of `bytes` was not read.
    fn refused(mut self, bytes: usize) -> Document {
        self.too_large = Some(bytes);
        self
    }

    /// An empty document.
    pub fn new() -> Document {
        Document::parse("")
    }

    /// Whether an alias is set and no two sections can share one: each section is then the
    /// last (and only) one of its alias, which spares a lookup per section.
    pub(crate) fn aliases_distinct(&self) -> bool {
        self.has_alias() && self.index.aliases_distinct()
    }

    /// Whether no two sections can share a name: each section is then the first (and only)
    /// one of its name.
    pub(crate) fn names_distinct(&self) -> bool {
        self.index.names_distinct()
    }

    pub fn has_alias(&self) -> bool {
        self.index.alias().is_some()
    }

    /// Indexes sections by a second name derived from their header (the AWS layer's profile
    /// name of `[profile dev]`), for [`Document::last_section_by_alias`].
    pub fn set_alias(&mut self, alias: Alias) {
        self.index.set_alias(alias);
        for s in 0..self.sections.len() {
            self.sections[s].hashes = self.index.hashes(self.name_of(s));
        }
        self.index
            .rebuild(self.sections.iter().map(|span| span.hashes));
    }

    pub fn has_bom(&self) -> bool {
        self.bom
    }

    pub fn is_empty(&self) -> bool {
        !self.bom && self.lines.is_empty()
    }

    /// The text of line `i` (0-based), without its ending.
    pub(crate) fn text(&self, i: usize) -> &str {
        let line = self.lines[i];
        let (start, len) = (line.start as usize, line.len as usize);
        match start.checked_sub(self.base.len()) {
            None => &self.base[start..start + len],
            Some(start) => &self.added[start..start + len],
        }
    }

    pub(crate) fn key_of(&self, i: usize) -> Option<&str> {
        self.text(i).key(self.lines[i].kind)
    }

    pub(crate) fn value_at(&self, i: usize) -> Option<&str> {
        self.text(i).value(self.lines[i].kind)
    }

    pub(crate) fn sub_of(&self, i: usize) -> Option<(&str, &str)> {
        self.text(i).sub(self.lines[i].kind)
    }

    pub(crate) fn indent_of(&self, i: usize) -> &str {
        self.text(i).indent()
    }

    pub(crate) fn kind(&self, i: usize) -> LineKind {
        self.lines[i].kind
    }

    /// The name of the `s`-th section in file order.
    pub(crate) fn name_of(&self, s: usize) -> &str {
        let header = self.sections[s].header;
        self.text(header)
            .header_name(self.lines[header].kind)
            .unwrap_or_default()
    }

    /// The line ending new lines get: that of the file's first line, else `\n` (or `\r\n`, see
    /// [`Document::prefer_crlf`]).
    pub(crate) fn eol(&self) -> Eol {
        self.lines
            .iter()
            .map(|l| l.eol)
            .find(|&e| e != Eol::None)
            .unwrap_or(if self.crlf_hint { Eol::CrLf } else { Eol::Lf })
    }

    /// New lines of a document with no line ending to copy (an empty file) end in `\r\n`: a
    /// file that a move emptied keeps the endings it had once it is filled again.
    pub fn prefer_crlf(&mut self) {
        self.crlf_hint = true;
    }

    /// Finds every section header and indexes the sections by name.
    pub(crate) fn index_sections(&mut self) {
        #[cfg(test)]
        super::splice::count_work(self.lines.len(), 0);
        self.sections = self.spans_in(0..self.lines.len());
        self.index
            .rebuild(self.sections.iter().map(|span| span.hashes));
    }

    /// The sections whose headers are in `lines`, each ending at the next header (the last at
    /// the end of `lines`).
    pub(crate) fn spans_in(&self, lines: std::ops::Range<usize>) -> Vec<SectionSpan> {
        let end = lines.end;
        // Counted first: growing the vector step by step copies it, and on 10,000 sections the
        // copies' fresh pages cost more than the count.
        let headers = self.lines[lines.clone()]
            .iter()
            .filter(|line| line.kind.is_header())
            .count();
        let mut spans: Vec<SectionSpan> = Vec::with_capacity(headers);
        for i in lines {
            if self.lines[i].kind.is_header() {
                if let Some(last) = spans.last_mut() {
                    last.end = i;
                }
                let name = self
                    .text(i)
                    .header_name(self.lines[i].kind)
                    .unwrap_or_default();
                spans.push(SectionSpan {
                    header: i,
                    end,
                    hashes: self.index.hashes(name),
                });
            }
        }
        spans
    }

    /// Why the text was not read, when it was too large.
    pub(crate) fn too_large(&self) -> Option<Malformed> {
        self.too_large.map(|_| Malformed::TooLarge)
    }
}

impl Default for Document {
    fn default() -> Self {
        Document::new()
    }
}

/// Two documents are equal when they print the same text.
impl PartialEq for Document {
    fn eq(&self, other: &Document) -> bool {
        self.bom == other.bom
            && self.too_large == other.too_large
            && self.lines.len() == other.lines.len()
            && (0..self.lines.len())
                .all(|i| self.lines[i].eol == other.lines[i].eol && self.text(i) == other.text(i))
    }
}

impl Eq for Document {}

/// Prints the document exactly as it was read, with edits applied.
impl fmt::Display for Document {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.bom {
            f.write_str("\u{feff}")?;
        }
        for (i, line) in self.lines.iter().enumerate() {
            f.write_str(self.text(i))?;
            f.write_str(line.eol.as_str())?;
        }
        Ok(())
    }
}

/// Shows the shape only: a document may hold secrets, and `Debug` output ends up in logs.
impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Plain(text) => write!(f, "Plain(<{} chars>)", text.chars().count()),
            Value::Nested(subs) => {
                let keys: Vec<&str> = subs.iter().map(|(k, _)| k.as_str()).collect();
                write!(f, "Nested({keys:?})")
            }
        }
    }
}

impl fmt::Debug for Document {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Document")
            .field("lines", &self.lines.len())
            .field("sections", &self.sections.len())
            .field("bom", &self.bom)
            .finish()
    }
}
