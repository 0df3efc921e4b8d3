//! A lossless INI document: every line keeps its original text, so printing gives back the input
//! byte for byte, and an edit replaces only the text it means to.

use rustc_hash::FxHashMap;
use std::fmt;

use super::line::{Eol, Line, LineKind, Malformed, classify, split_lines};

const BOM: char = '\u{feff}';

/// A parsed INI file. Knows nothing of AWS.
#[derive(Clone, PartialEq, Eq)]
pub struct Document {
    pub(crate) bom: bool,
    pub(crate) lines: Vec<Line>,
    pub(crate) sections: Vec<SectionSpan>,
}

/// Where one `[section]` sits: its header line and the first line after its body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SectionSpan {
    pub name: String,
    pub header: usize,
    pub end: usize,
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

/// Something in the file that the AWS CLI will not read as the user probably means.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// The file starts with a UTF-8 byte order mark; the AWS CLI cannot read such a file.
    Bom,
    /// A line that is not a header, comment, blank line or `key = value`.
    Malformed { line: usize, why: Malformed },
    /// A section header that appeared before (at `first`); botocore refuses such files.
    DuplicateSection {
        line: usize,
        first: usize,
        name: String,
    },
    /// A key that appeared before in the same section (at `first`, ignoring case, as
    /// configparser does); botocore refuses such files.
    DuplicateKey {
        line: usize,
        first: usize,
        section: String,
        key: String,
    },
}

/// The bytes are not UTF-8 text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line} is not valid UTF-8 text")]
pub struct NotUtf8 {
    pub line: usize,
}

impl Document {
    /// Reads text. Never fails: lines that do not parse are kept as they are and reported by
    /// [`Document::problems`].
    pub fn parse(text: &str) -> Document {
        let (bom, text) = match text.strip_prefix(BOM) {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let mut doc = Document {
            bom,
            lines: split_lines(text),
            sections: Vec::new(),
        };
        doc.index_sections();
        doc
    }

    /// Reads bytes that must be UTF-8 (with or without a byte order mark).
    pub fn from_bytes(bytes: &[u8]) -> Result<Document, NotUtf8> {
        match std::str::from_utf8(bytes) {
            Ok(text) => Ok(Document::parse(text)),
            Err(err) => {
                let before = &bytes[..err.valid_up_to()];
                let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
                Err(NotUtf8 { line })
            }
        }
    }

    /// An empty document.
    pub fn new() -> Document {
        Document::parse("")
    }

    pub fn has_bom(&self) -> bool {
        self.bom
    }

    pub fn is_empty(&self) -> bool {
        !self.bom && self.lines.is_empty()
    }

    /// The line ending new lines get: that of the file's first line, else `\n`.
    pub(crate) fn eol(&self) -> Eol {
        self.lines
            .iter()
            .map(|l| l.eol)
            .find(|&e| e != Eol::None)
            .unwrap_or(Eol::Lf)
    }

    /// Re-reads every line after an edit and rebuilds the section index.
    pub(crate) fn reindex(&mut self) {
        classify(&mut self.lines);
        self.index_sections();
    }

    fn index_sections(&mut self) {
        self.sections.clear();
        for (i, line) in self.lines.iter().enumerate() {
            if let Some(name) = line.header_name() {
                if let Some(last) = self.sections.last_mut() {
                    last.end = i;
                }
                self.sections.push(SectionSpan {
                    name: name.to_owned(),
                    header: i,
                    end: i + 1,
                });
            }
        }
        if let Some(last) = self.sections.last_mut() {
            last.end = self.lines.len();
        }
    }

    /// Section names in file order (a name that appears twice is listed twice).
    pub fn section_names(&self) -> impl Iterator<Item = &str> {
        self.sections.iter().map(|s| s.name.as_str())
    }

    /// Every line's text with its line ending, in order, as printed.
    pub fn line_texts(&self) -> Vec<String> {
        self.lines
            .iter()
            .map(|l| format!("{}{}", l.text, l.eol.as_str()))
            .collect()
    }

    /// Every section header in file order: its name and 1-based line, without reading the
    /// entries (see [`Document::all_sections`] for those).
    pub fn headers(&self) -> impl Iterator<Item = (&str, usize)> {
        self.sections
            .iter()
            .map(|s| (s.name.as_str(), s.header + 1))
    }

    /// 1-based line number of the first header named `name`.
    pub fn section_line(&self, name: &str) -> Option<usize> {
        self.find_section(name).map(|i| self.sections[i].header + 1)
    }

    pub fn has_section(&self, name: &str) -> bool {
        self.find_section(name).is_some()
    }

    /// Whether the first section named `name` holds nothing but blank lines: no key and no
    /// comment, neither inside it nor after its header on the header's own line
    /// (`[dev] # work account`). A comment is the user's, and is kept with its section.
    pub fn is_section_blank(&self, name: &str) -> bool {
        self.find_section(name).is_some_and(|index| {
            let span = &self.sections[index];
            let header = &self.lines[span.header];
            let after_header = match &header.kind {
                LineKind::Header { name } => &header.text[name.end + 1..],
                _ => "",
            };
            super::line::py_trim(after_header).is_empty()
                && self.lines[span.header + 1..span.end]
                    .iter()
                    .all(|line| line.kind == LineKind::Blank)
        })
    }

    /// The name of the section whose header is on 1-based line `line`.
    pub fn section_at(&self, line: usize) -> Option<&str> {
        self.sections
            .iter()
            .find(|s| s.header + 1 == line)
            .map(|s| s.name.as_str())
    }

    /// The entries of the one section whose header is on 1-based line `line`.
    pub fn entries_at(&self, line: usize) -> Vec<Entry> {
        self.sections
            .iter()
            .position(|s| s.header + 1 == line)
            .map(|i| self.entries_of(i))
            .unwrap_or_default()
    }

    /// The section holding 1-based line `line` and the key on that line, if it is a key line.
    pub fn key_at(&self, line: usize) -> Option<(&str, &str)> {
        let index = line.checked_sub(1)?;
        let key = self.lines.get(index)?.key()?;
        let span = self
            .sections
            .iter()
            .find(|s| s.header < index && index < s.end)?;
        Some((span.name.as_str(), key))
    }

    pub(crate) fn find_section(&self, name: &str) -> Option<usize> {
        self.sections.iter().position(|s| s.name == name)
    }

    /// The entries of the first section named `name`, in file order.
    pub fn entries(&self, name: &str) -> Vec<Entry> {
        match self.find_section(name) {
            Some(i) => self.entries_of(i),
            None => Vec::new(),
        }
    }

    /// The entries of the `index`-th section (in file order), for readers that walk every section.
    pub(crate) fn entries_of(&self, index: usize) -> Vec<Entry> {
        let span = &self.sections[index];
        let mut entries = Vec::new();
        let mut i = span.header + 1;
        while i < span.end {
            if let Some(key) = self.lines[i].key() {
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
        self.sections
            .iter()
            .enumerate()
            .map(|(i, span)| (span.name.as_str(), span.header + 1, self.entries_of(i)))
    }

    /// The value of `key` (matched ignoring ASCII case, as configparser does) in the first
    /// section named `section`. Where a key appears twice the last one wins.
    pub fn get(&self, section: &str, key: &str) -> Option<Value> {
        self.entries(section)
            .into_iter()
            .rev()
            .find(|e| e.key.eq_ignore_ascii_case(key))
            .map(|e| e.value)
    }

    /// One past the last line of the entry starting at `start`: its continuation lines, with any
    /// blank or comment lines between them (but not after the last one).
    pub(crate) fn entry_end(&self, start: usize, limit: usize) -> usize {
        let mut end = start + 1;
        let mut i = start + 1;
        while i < limit {
            match self.lines[i].kind {
                LineKind::Continuation { .. } => {
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
    fn value_of(&self, start: usize, end: usize) -> Value {
        let first = self.lines[start].value().unwrap_or_default();
        let rest = &self.lines[start + 1..end];
        if rest.is_empty() {
            return Value::Plain(first.to_owned());
        }
        if first.is_empty() {
            let subs = rest
                .iter()
                .filter_map(|l| l.sub())
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect();
            return Value::Nested(subs);
        }
        let mut joined = first.to_owned();
        for line in rest {
            match line.kind {
                LineKind::Continuation { .. } => {
                    joined.push('\n');
                    joined.push_str(line.stripped());
                }
                LineKind::Blank => joined.push('\n'),
                _ => {}
            }
        }
        Value::Plain(joined)
    }

    /// The entry line that starts the nested block holding continuation line `i`, if its value
    /// is empty (which is what makes the block nested rather than a multi-line value).
    fn nested_parent(&self, i: usize) -> Option<usize> {
        let start = (0..i).rev().find(|&j| {
            !matches!(
                self.lines[j].kind,
                LineKind::Continuation { .. } | LineKind::Blank | LineKind::Comment
            )
        })?;
        let line = &self.lines[start];
        (line.value() == Some("")).then_some(start)
    }

    /// Everything in the file that the AWS CLI would refuse or misread. Values are never quoted.
    pub fn problems(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        if self.bom {
            problems.push(Problem::Bom);
        }
        for (i, line) in self.lines.iter().enumerate() {
            if let LineKind::Malformed(why) = line.kind {
                problems.push(Problem::Malformed { line: i + 1, why });
            }
            // botocore reads a block under `key =` line by line as `sub = value`, and fails on
            // a line without `=`.
            if let (LineKind::Continuation { sub: None }, Some(_)) =
                (&line.kind, self.nested_parent(i))
            {
                problems.push(Problem::Malformed {
                    line: i + 1,
                    why: Malformed::NestedWithoutEquals,
                });
            }
        }
        // FxHash: section names are not attacker-chosen keys, and this runs on every load.
        let mut seen: FxHashMap<&str, usize> =
            FxHashMap::with_capacity_and_hasher(self.sections.len(), Default::default());
        let mut keys: Vec<(usize, &str)> = Vec::new();
        for span in &self.sections {
            let first = *seen.entry(span.name.as_str()).or_insert(span.header + 1);
            if first != span.header + 1 {
                problems.push(Problem::DuplicateSection {
                    line: span.header + 1,
                    first,
                    name: span.name.clone(),
                });
            }
            // Sections hold a handful of keys: comparing pairs beats hashing them.
            keys.clear();
            keys.extend(
                (span.header + 1..span.end).filter_map(|i| self.lines[i].key().map(|k| (i, k))),
            );
            for (n, &(i, key)) in keys.iter().enumerate() {
                if let Some((first, _)) = keys[..n]
                    .iter()
                    .find(|(_, earlier)| earlier.eq_ignore_ascii_case(key))
                {
                    problems.push(Problem::DuplicateKey {
                        line: i + 1,
                        first: first + 1,
                        section: span.name.clone(),
                        key: key.to_owned(),
                    });
                }
            }
        }
        problems.sort_by_key(Problem::line);
        problems
    }
}

impl Problem {
    /// 1-based line the problem is on (the BOM is on line 1).
    pub fn line(&self) -> usize {
        match self {
            Problem::Bom => 1,
            Problem::Malformed { line, .. }
            | Problem::DuplicateSection { line, .. }
            | Problem::DuplicateKey { line, .. } => *line,
        }
    }

    /// The earlier line this one repeats, for duplicate sections and keys.
    pub fn first_line(&self) -> Option<usize> {
        match self {
            Problem::DuplicateSection { first, .. } | Problem::DuplicateKey { first, .. } => {
                Some(*first)
            }
            Problem::Bom | Problem::Malformed { .. } => None,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Bom => write!(
                f,
                "line 1: the file starts with a byte order mark (BOM), which the AWS CLI cannot read"
            ),
            Problem::Malformed { line, why } => {
                let why = match why {
                    Malformed::BeforeFirstSection => "text before the first [section] header",
                    Malformed::NoDelimiter => "expected `key = value`, a [section] or a # comment",
                    Malformed::EmptyKey => "a value without a key name before the `=`",
                    Malformed::NestedWithoutEquals => "a line in a nested block without `=`",
                };
                write!(f, "line {line}: {why}")
            }
            Problem::DuplicateSection { line, first, name } => write!(
                f,
                "line {line}: section [{name}] appears a second time (first at line {first})"
            ),
            Problem::DuplicateKey {
                line,
                first,
                section,
                key,
            } => write!(
                f,
                "line {line}: `{key}` appears a second time in [{section}] (first at line {first})"
            ),
        }
    }
}

impl Default for Document {
    fn default() -> Self {
        Document::new()
    }
}

/// Prints the document exactly as it was read, with edits applied.
impl fmt::Display for Document {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.bom {
            f.write_str("\u{feff}")?;
        }
        for line in &self.lines {
            f.write_str(&line.text)?;
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
        assert_eq!(doc.eol(), Eol::CrLf);
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
