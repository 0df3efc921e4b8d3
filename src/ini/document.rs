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
use super::py_space::py_trim;

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

    /// Section names in file order (a name that appears twice is listed twice).
    pub fn section_names(&self) -> impl ExactSizeIterator<Item = &str> {
        (0..self.sections.len()).map(|s| self.name_of(s))
    }

    /// Every line's text with its line ending, in order, as printed.
    pub fn line_texts(&self) -> Vec<String> {
        (0..self.lines.len())
            .map(|i| format!("{}{}", self.text(i), self.lines[i].eol.as_str()))
            .collect()
    }

    /// Every section header in file order: its name and 1-based line, without reading the
    /// entries (see [`Document::all_sections`] for those).
    pub fn headers(&self) -> impl Iterator<Item = (&str, usize)> {
        (0..self.sections.len()).map(|s| (self.name_of(s), self.sections[s].header + 1))
    }

    /// The header of section `s` (0-based, as [`Document::headers`] counts): its name and
    /// 1-based line.
    pub(crate) fn header_at(&self, s: usize) -> (&str, usize) {
        (self.name_of(s), self.sections[s].header + 1)
    }

    /// 1-based line number of the first header named `name`.
    pub fn section_line(&self, name: &str) -> Option<usize> {
        self.find_section(name).map(|s| self.sections[s].header + 1)
    }

    pub fn has_section(&self, name: &str) -> bool {
        self.find_section(name).is_some()
    }

    /// Whether the first section named `name` holds nothing but blank lines: no key and no
    /// comment, neither inside it nor after its header on the header's own line
    /// (`[dev] # work account`). A comment is the user's, and is kept with its section.
    pub fn is_section_blank(&self, name: &str) -> bool {
        self.find_section(name).is_some_and(|s| {
            let span = self.sections[s];
            let after_header = match self.kind(span.header) {
                LineKind::Header { name } => &self.text(span.header)[name.end as usize + 1..],
                _ => "",
            };
            py_trim(after_header).is_empty()
                && (span.header + 1..span.end).all(|i| self.kind(i) == LineKind::Blank)
        })
    }

    /// The position in file order of the section whose header is on 0-based line `header`.
    pub(crate) fn section_with_header(&self, header: usize) -> Option<usize> {
        let s = self.sections.partition_point(|span| span.header < header);
        (self.sections.get(s)?.header == header).then_some(s)
    }

    /// The position of the section holding 0-based line `i` below its header.
    pub(crate) fn section_holding(&self, i: usize) -> Option<usize> {
        let s = self.sections.partition_point(|span| span.header < i);
        s.checked_sub(1).filter(|&s| i < self.sections[s].end)
    }

    /// The name of the section whose header is on 1-based line `line`.
    pub fn section_at(&self, line: usize) -> Option<&str> {
        let s = self.section_with_header(line.checked_sub(1)?)?;
        Some(self.name_of(s))
    }

    /// The entries of the one section whose header is on 1-based line `line`.
    pub fn entries_at(&self, line: usize) -> Vec<Entry> {
        line.checked_sub(1)
            .and_then(|header| self.section_with_header(header))
            .map(|s| self.entries_of(s))
            .unwrap_or_default()
    }

    /// The section holding 1-based line `line` and the key on that line, if it is a key line.
    pub fn key_at(&self, line: usize) -> Option<(&str, &str)> {
        let i = line.checked_sub(1).filter(|&i| i < self.lines.len())?;
        let key = self.key_of(i)?;
        let s = self.section_holding(i)?;
        Some((self.name_of(s), key))
    }

    /// The position of the first section named `name`.
    pub(crate) fn find_section(&self, name: &str) -> Option<usize> {
        self.sections_named(name).next()
    }

    /// The positions of every section named `name`, in file order.
    pub(crate) fn sections_named<'a>(
        &'a self,
        name: &'a str,
    ) -> impl DoubleEndedIterator<Item = usize> + 'a {
        self.index
            .candidates(name)
            .filter(move |&s| self.name_of(s) == name)
    }

    /// The name of the last section whose alias ([`Document::set_alias`]) is `alias`: with the
    /// AWS layer's alias, the section botocore reads for a profile. Without an alias set, every
    /// header is read through `fallback` (the same function) instead.
    pub fn last_section_by_alias(&self, alias: &str, fallback: Alias) -> Option<&str> {
        let matches = |s: &usize| {
            let derive = self.index.alias().unwrap_or(fallback);
            derive(self.name_of(*s)).as_deref() == Some(alias)
        };
        let s = match self.index.alias() {
            Some(_) => self.index.alias_candidates(alias).rev().find(matches),
            None => (0..self.sections.len()).rev().find(matches),
        }?;
        Some(self.name_of(s))
    }

    /// The position (0-based, in [`Document::section_names`] order) of the last section whose
    /// alias ([`Document::set_alias`]) is `alias`, found through the index; `None` also when no
    /// alias is set. `known` is a section the caller knows to have that alias (so it is not
    /// derived again), if any.
    pub(crate) fn last_position_by_alias(
        &self,
        alias: &str,
        known: Option<usize>,
    ) -> Option<usize> {
        let derive = self.index.alias()?;
        self.index
            .alias_candidates(alias)
            .rev()
            .find(|&s| Some(s) == known || derive(self.name_of(s)).as_deref() == Some(alias))
    }

    /// The entries of the first section named `name`, in file order.
    pub fn entries(&self, name: &str) -> Vec<Entry> {
        match self.find_section(name) {
            Some(s) => self.entries_of(s),
            None => Vec::new(),
        }
    }

    /// The entries of the first section named `name` as configparser gives them: its own, then
    /// those of `[DEFAULT]` it does not override (`RawConfigParser.items`).
    pub fn entries_with_defaults(&self, name: &str) -> Vec<Entry> {
        let mut entries = self.entries(name);
        if name != DEFAULT_SECTION {
            for s in self.sections_named(DEFAULT_SECTION) {
                for entry in self.entries_of(s) {
                    match entries
                        .iter_mut()
                        .find(|e| super::same_key(&e.key, &entry.key))
                    {
                        Some(_) => {}
                        None => entries.push(entry),
                    }
                }
            }
        }
        entries
    }

    /// The entries of the `s`-th section (in file order), for readers that walk every section.
    pub(crate) fn entries_of(&self, s: usize) -> Vec<Entry> {
        let span = self.sections[s];
        let mut entries = Vec::new();
        let mut i = span.header + 1;
        while i < span.end {
            if let Some(key) = self.key_of(i) {
                let end = self.entry_end(i, span.end);
                entries.push(Entry {
                    key: key.to_owned(),
                    value: self.value_of(i, end),
                    line: i + 1,
                });
                i = end;
            } else {
                i += 1;
            }
        }
        entries
    }

    /// Every section in file order: its name, the 1-based line of its header, and its entries.
    pub fn all_sections(&self) -> impl Iterator<Item = (&str, usize, Vec<Entry>)> {
        (0..self.sections.len()).map(|s| {
            (
                self.name_of(s),
                self.sections[s].header + 1,
                self.entries_of(s),
            )
        })
    }

    /// The value of `key` (matched ignoring ASCII case, as configparser does) in the first
    /// section named `section`. Where a key appears twice the last one wins.
    ///
    /// A key the section lacks comes from configparser's defaults section, `[DEFAULT]`, which
    /// gives its keys to every other section of the file (`RawConfigParser.get`); where several
    /// `[DEFAULT]` headers hold it, the last one wins, as configparser merges them.
    pub fn get(&self, section: &str, key: &str) -> Option<Value> {
        let span = self.sections[self.find_section(section)?];
        if let Some(at) = self.last_key_line(span.header, span.end, key) {
            return Some(self.value_of(at, self.entry_end(at, span.end)));
        }
        if section == DEFAULT_SECTION {
            return None;
        }
        self.default_of(key)
    }

    /// `key` in configparser's `[DEFAULT]` section, if the file has one.
    pub fn default_of(&self, key: &str) -> Option<Value> {
        self.sections_named(DEFAULT_SECTION).rev().find_map(|s| {
            let span = self.sections[s];
            let at = self.last_key_line(span.header, span.end, key)?;
            Some(self.value_of(at, self.entry_end(at, span.end)))
        })
    }

    /// The 0-based line of the last `key` (ignoring case) between `header` and `end`.
    pub(crate) fn last_key_line(&self, header: usize, end: usize, key: &str) -> Option<usize> {
        (header + 1..end)
            .rev()
            .find(|&i| self.key_of(i).is_some_and(|k| super::same_key(k, key)))
    }

    /// One past the last line of the entry starting at `start`: its continuation lines, with any
    /// blank or comment lines between them (but not after the last one).
    pub(crate) fn entry_end(&self, start: usize, limit: usize) -> usize {
        let mut end = start + 1;
        let mut i = start + 1;
        while i < limit {
            match self.kind(i) {
                kind if kind.is_continuation() => {
                    i += 1;
                    end = i;
                }
                LineKind::Blank | LineKind::Comment => i += 1,
                _ => break,
            }
        }
        end
    }

    /// configparser joins continuation lines (stripped) with `\n`, keeps blank lines between
    /// them as empty lines, and botocore reads a value that starts with a newline as nested.
    pub(crate) fn value_of(&self, start: usize, end: usize) -> Value {
        let first = self.value_at(start).unwrap_or_default();
        if end == start + 1 {
            return Value::Plain(first.to_owned());
        }
        if first.is_empty() {
            let subs = (start + 1..end)
                .filter_map(|i| self.sub_of(i))
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect();
            return Value::Nested(subs);
        }
        let mut joined = first.to_owned();
        for i in start + 1..end {
            match self.kind(i) {
                kind if kind.is_continuation() => {
                    joined.push('\n');
                    joined.push_str(py_trim(self.text(i)));
                }
                LineKind::Blank => joined.push('\n'),
                _ => {}
            }
        }
        Value::Plain(joined)
    }

    /// The entry line that starts the nested block holding continuation line `i`, if its value
    /// is empty (which is what makes the block nested rather than a multi-line value).
    pub(crate) fn nested_parent(&self, i: usize) -> Option<usize> {
        let start = (0..i).rev().find(|&j| {
            !(self.kind(j).is_continuation()
                || matches!(self.kind(j), LineKind::Blank | LineKind::Comment))
        })?;
        (self.value_at(start) == Some("")).then_some(start)
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

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# top\r\n[default]\r\nregion=us-east-1\r\n\r\n[profile dev]\r\ns3 =\r\n  max_concurrent_requests = 20\r\n  addressing_style = path\r\nouTPut = json";

    #[test]
    fn prints_back_byte_for_byte() {
        for text in [
            SAMPLE,
            "",
            "\n",
            "\u{feff}[a]\nk=v\n",
            "x",
            "[a]\n\tk\t=\tv  \n\n\n",
        ] {
            assert_eq!(Document::parse(text).to_string(), text);
        }
    }

    #[test]
    fn reads_values_as_botocore() {
        let doc = Document::parse(SAMPLE);
        assert_eq!(
            doc.get("default", "REGION"),
            Some(Value::Plain("us-east-1".into()))
        );
        assert_eq!(
            doc.get("profile dev", "output"),
            Some(Value::Plain("json".into()))
        );
        let nested = Value::Nested(vec![
            ("max_concurrent_requests".into(), "20".into()),
            ("addressing_style".into(), "path".into()),
        ]);
        assert_eq!(doc.get("profile dev", "s3"), Some(nested));
        assert_eq!(doc.eol(), super::super::line::Eol::CrLf);
    }

    #[test]
    fn multi_line_values_join_like_configparser() {
        let doc = Document::parse("[a]\nk = one\n  two\n\n  three\n\nnext = 1\n");
        assert_eq!(
            doc.get("a", "k"),
            Some(Value::Plain("one\ntwo\n\nthree".into()))
        );
    }

    #[test]
    fn reports_problems_without_values() {
        let doc = Document::parse("\u{feff}[a]\nk = secret1\nK = secret2\nbroken secret3\n[a]\n");
        let text: Vec<String> = doc.problems().iter().map(ToString::to_string).collect();
        assert_eq!(text.len(), 4);
        assert!(text.iter().all(|t| !t.contains("secret")), "{text:?}");
    }

    #[test]
    fn invalid_utf8_names_its_line() {
        assert_eq!(
            Document::from_bytes(b"[a]\nk = \xff\n"),
            Err(NotUtf8 { line: 2 })
        );
    }

    #[test]
    fn debug_hides_text() {
        let doc = Document::parse("[a]\naws_secret_access_key = hunter2\n");
        assert!(!format!("{doc:?}").contains("hunter2"));
    }
}
