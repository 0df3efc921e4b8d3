//! One physical line of an INI file and how it reads.
//!
//! Classification mirrors Python's `configparser.RawConfigParser`, which is what botocore (and so
//! the AWS CLI and boto3) uses: full-line comments start with `#` or `;` after optional
//! whitespace, `=` or `:` separate a key from its value, and a line indented deeper than the
//! previous key line continues that key's value. Blank and comment lines do not end a
//! continuation, exactly as with configparser's `empty_lines_in_values = True`.

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
}

/// What a line is, with byte ranges into the line's text so an edit can replace exactly the
/// part it means to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum LineKind {
    Blank,
    Comment,
    /// `[name]`; the range covers `name` (between the first `[` and the last `]`).
    Header {
        name: Range<usize>,
    },
    /// `key = value`; `value` excludes the whitespace around it and may be empty.
    Entry {
        key: Range<usize>,
        value: Range<usize>,
    },
    /// An indented line continuing the previous entry. When it reads as `sub = value` (split on
    /// the first `=`, as botocore's nested parser does) the ranges are set.
    Continuation {
        sub: Option<(Range<usize>, Range<usize>)>,
    },
    Malformed(Malformed),
}

/// A line's text (without its ending), its ending and its reading.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Line {
    pub text: String,
    pub eol: Eol,
    pub kind: LineKind,
}

impl Line {
    pub fn new(text: String, eol: Eol) -> Self {
        Line {
            text,
            eol,
            kind: LineKind::Blank,
        }
    }

    pub fn key(&self) -> Option<&str> {
        match &self.kind {
            LineKind::Entry { key, .. } => Some(&self.text[key.clone()]),
            _ => None,
        }
    }

    pub fn value(&self) -> Option<&str> {
        match &self.kind {
            LineKind::Entry { value, .. } => Some(&self.text[value.clone()]),
            _ => None,
        }
    }

    pub fn header_name(&self) -> Option<&str> {
        match &self.kind {
            LineKind::Header { name } => Some(&self.text[name.clone()]),
            _ => None,
        }
    }

    pub fn sub(&self) -> Option<(&str, &str)> {
        match &self.kind {
            LineKind::Continuation { sub: Some((k, v)) } => {
                Some((&self.text[k.clone()], &self.text[v.clone()]))
            }
            _ => None,
        }
    }

    /// The text of a continuation line as configparser keeps it: stripped.
    pub fn stripped(&self) -> &str {
        py_trim(&self.text)
    }

    /// The leading whitespace of the line.
    pub fn indent(&self) -> &str {
        let start = self.text.len() - self.text.trim_start_matches(is_py_space).len();
        &self.text[..start]
    }
}

/// Whitespace as Python's `str.strip()` sees it: Unicode white space plus the four ASCII
/// separators U+001C to U+001F.
pub(crate) fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\x1c'..='\x1f').contains(&c)
}

pub(crate) fn py_trim(text: &str) -> &str {
    text.trim_matches(is_py_space)
}

/// Splits `text` into lines, keeping each line's ending (LF, CRLF or a lone CR, as Python's
/// universal newlines do).
pub(crate) fn split_lines(text: &str) -> Vec<Line> {
    // Sized once: growing a vector of 100,000 lines step by step costs more than the count.
    let estimate = text.bytes().filter(|&b| b == b'\n').count() + 1;
    let mut lines = Vec::with_capacity(estimate);
    let mut rest = text;
    while !rest.is_empty() {
        match rest.find(['\n', '\r']) {
            Some(pos) => {
                let (eol, len) = match rest.as_bytes()[pos] {
                    b'\r' if rest.as_bytes().get(pos + 1) == Some(&b'\n') => (Eol::CrLf, 2),
                    b'\r' => (Eol::Cr, 1),
                    _ => (Eol::Lf, 1),
                };
                lines.push(Line::new(rest[..pos].to_owned(), eol));
                rest = &rest[pos + len..];
            }
            None => {
                lines.push(Line::new(rest.to_owned(), Eol::None));
                rest = "";
            }
        }
    }
    classify(&mut lines);
    lines
}

/// Reads every line the way configparser would, in one pass.
pub(crate) fn classify(lines: &mut [Line]) {
    let mut in_section = false;
    let mut has_entry = false;
    let mut indent_level = 0usize;
    for line in lines.iter_mut() {
        let text = line.text.as_str();
        let trimmed_start = text.trim_start_matches(is_py_space);
        let stripped = trimmed_start.trim_end_matches(is_py_space);
        let indent = text.len() - trimmed_start.len();
        // configparser compares indentation in characters, not bytes.
        let indent_chars = text[..indent].chars().count();
        line.kind = if stripped.starts_with('#') || stripped.starts_with(';') {
            LineKind::Comment
        } else if stripped.is_empty() {
            LineKind::Blank
        } else if in_section && has_entry && indent_chars > indent_level {
            LineKind::Continuation {
                sub: sub_entry(text, indent),
            }
        } else {
            indent_level = indent_chars;
            if let Some(name) = header_name(stripped) {
                in_section = true;
                has_entry = false;
                LineKind::Header {
                    name: indent + name.start..indent + name.end,
                }
            } else if !in_section {
                LineKind::Malformed(Malformed::BeforeFirstSection)
            } else {
                match entry(text, indent) {
                    Ok(kind) => {
                        has_entry = true;
                        kind
                    }
                    Err(why) => LineKind::Malformed(why),
                }
            }
        };
    }
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
    let delim = body.find(['=', ':']).ok_or(Malformed::NoDelimiter)?;
    let key_text = body[..delim].trim_end_matches(is_py_space);
    if key_text.is_empty() {
        return Err(Malformed::EmptyKey);
    }
    let key = indent..indent + key_text.len();
    let value = trimmed_range(text, indent + delim + 1);
    Ok(LineKind::Entry { key, value })
}

/// botocore's nested parser splits each continuation line on its first `=`.
fn sub_entry(text: &str, indent: usize) -> Option<(Range<usize>, Range<usize>)> {
    let body = &text[indent..];
    let delim = body.find('=')?;
    let key_text = body[..delim].trim_end_matches(is_py_space);
    let key = indent..indent + key_text.len();
    Some((key, trimmed_range(text, indent + delim + 1)))
}

/// The range of `text[from..]` without surrounding whitespace; empty at the end of the leading
/// whitespace when there is nothing else.
fn trimmed_range(text: &str, from: usize) -> Range<usize> {
    let rest = &text[from..];
    let start = from + (rest.len() - rest.trim_start_matches(is_py_space).len());
    let end = from + rest.trim_end_matches(is_py_space).len();
    if end < start {
        start..start
    } else {
        start..end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<LineKind> {
        split_lines(text).into_iter().map(|l| l.kind).collect()
    }

    #[test]
    fn reads_like_configparser() {
        let k = kinds("# c\n[s]\nk=v\n  sub = 1\n\n  ; c\n  more = 2\nn : x\n");
        assert_eq!(k[0], LineKind::Comment);
        assert_eq!(k[1], LineKind::Header { name: 1..2 });
        assert_eq!(
            k[2],
            LineKind::Entry {
                key: 0..1,
                value: 2..3
            }
        );
        assert!(matches!(k[3], LineKind::Continuation { sub: Some(_) }));
        assert_eq!(k[4], LineKind::Blank);
        assert_eq!(k[5], LineKind::Comment);
        assert!(matches!(k[6], LineKind::Continuation { .. }));
        assert_eq!(
            k[7],
            LineKind::Entry {
                key: 0..1,
                value: 4..5
            }
        );
    }

    #[test]
    fn malformed_lines_are_named() {
        let k = kinds("k = v\n[s]\njust text\n = v\n[]\n");
        assert_eq!(k[0], LineKind::Malformed(Malformed::BeforeFirstSection));
        assert_eq!(k[2], LineKind::Malformed(Malformed::NoDelimiter));
        assert_eq!(k[3], LineKind::Malformed(Malformed::EmptyKey));
        assert_eq!(k[4], LineKind::Malformed(Malformed::NoDelimiter));
    }

    #[test]
    fn header_runs_to_last_bracket() {
        let lines = split_lines("[profile a]b] ; x\n");
        assert_eq!(lines[0].header_name(), Some("profile a]b"));
    }

    #[test]
    fn keeps_line_endings() {
        let lines = split_lines("a\r\nb\nc");
        let eols: Vec<Eol> = lines.iter().map(|l| l.eol).collect();
        assert_eq!(eols, [Eol::CrLf, Eol::Lf, Eol::None]);
    }
}
