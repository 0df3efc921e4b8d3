//! The one way lines change: [`Document::splice`] replaces a run of lines and re-reads only
//! what the change can affect, so an edit costs about the size of its own section, not of the
//! file (issue 10: every edit re-read the whole file, which made an import quadratic).
//!
//! Why re-reading one section is enough: whether a line continues the entry above depends on
//! the lines before it, but only back to the nearest section header (what follows a header
//! reads the same whatever came before it). So the re-read starts after the header above the
//! edit and stops at the first header below it that reads as a header both before and after.

use super::document::{Document, SectionSpan};
use super::line::{Eol, Line, LineKind, Reader};

impl Document {
    /// Replaces lines `at..at + removed` (0-based) with `new`, each a line's text (without its
    /// ending) and its ending, then re-reads the lines the change can affect and updates the
    /// section index.
    pub(crate) fn splice(&mut self, at: usize, removed: usize, new: &[(&str, Eol)]) {
        let mut structural = self.lines[at..at + removed]
            .iter()
            .any(|line| line.kind.is_header());
        self.dead += self.lines[at..at + removed]
            .iter()
            .map(|line| line.len as usize)
            .sum::<usize>();
        let new_lines: Vec<Line> = new
            .iter()
            .map(|&(text, eol)| self.push_text(text, eol))
            .collect();
        let inserted = new_lines.len();
        self.lines.splice(at..at + removed, new_lines);

        // Sections `..above` have their header above the edit; the last of them holds it.
        let above = self.sections.partition_point(|span| span.header < at);
        let (mut reader, mut i) = match above.checked_sub(1) {
            Some(s) => {
                let header = self.sections[s].header;
                (Reader::after_header(self.text(header)), header + 1)
            }
            None => (Reader::default(), 0),
        };
        let edited_end = at + inserted;
        while i < self.lines.len() {
            let old = self.lines[i].kind;
            let new = reader.read(self.lines[i].text(&self.buf));
            if i >= edited_end {
                if new == old && new.is_header() {
                    break;
                }
                structural |= old.is_header() != new.is_header();
            } else {
                structural |= new.is_header();
            }
            self.lines[i].kind = new;
            i += 1;
        }

        let delta = inserted as isize - removed as isize;
        let shift = |n: usize| n.wrapping_add_signed(delta);
        if !structural {
            if let Some(s) = above.checked_sub(1) {
                self.sections[s].end = shift(self.sections[s].end);
            }
            for span in &mut self.sections[above..] {
                span.header = shift(span.header);
                span.end = shift(span.end);
            }
        } else if above == self.sections.len() {
            // New sections at the end of the file (an appended profile): index only them.
            self.append_sections(at);
        } else {
            self.index_sections();
        }
        self.compact_if_wasteful();
    }

    /// Replaces the text of line `i`, keeping its ending.
    pub(crate) fn replace_text(&mut self, i: usize, text: &str) {
        let eol = self.lines[i].eol;
        self.splice(i, 1, &[(text, eol)]);
    }

    /// Indexes the sections whose headers are at or after line `from`, all of them after every
    /// section already indexed.
    fn append_sections(&mut self, from: usize) {
        let first_new = self.sections.len();
        for i in from..self.lines.len() {
            if self.lines[i].kind.is_header() {
                if let Some(last) = self.sections.last_mut() {
                    last.end = i;
                }
                self.sections.push(SectionSpan {
                    header: i,
                    end: i + 1,
                });
            }
        }
        if let Some(last) = self.sections.last_mut() {
            last.end = self.lines.len();
        }
        let mut index = std::mem::take(&mut self.index);
        for s in first_new..self.sections.len() {
            index.push(s, self.name_of(s));
        }
        self.index = index;
    }

    /// Appends a new line's text to the buffer.
    fn push_text(&mut self, text: &str, eol: Eol) -> Line {
        let start = self.buf.len();
        self.buf.push_str(text);
        Line {
            start: start as u32,
            len: text.len() as u32,
            eol,
            kind: LineKind::Blank,
        }
    }

    /// Copies the live lines into a new buffer once more than half of it is text that edits
    /// replaced, so memory stays proportional to the file however long the app runs (and the
    /// buffer stays within 32-bit offsets).
    fn compact_if_wasteful(&mut self) {
        if self.dead < 4096 || self.dead < self.buf.len() / 2 {
            return;
        }
        let mut buf = String::with_capacity(self.buf.len() - self.dead);
        for line in &mut self.lines {
            let start = buf.len();
            buf.push_str(line.text(&self.buf));
            line.start = start as u32;
        }
        self.buf = buf;
        self.dead = 0;
    }
}

#[cfg(test)]
impl Document {
    /// Panics unless the document's lines, sections and index are exactly what reading its
    /// printed text from scratch gives: the property every edit must keep.
    pub(crate) fn assert_consistent(&self) {
        let fresh = Document::parse(&self.to_string());
        let kinds = |doc: &Document| doc.lines.iter().map(|l| l.kind).collect::<Vec<_>>();
        assert_eq!(kinds(self), kinds(&fresh), "line readings");
        assert_eq!(self.sections, fresh.sections, "sections");
        for s in 0..self.sections.len() {
            let name = self.name_of(s);
            let named: Vec<usize> = self.sections_named(name).collect();
            let expected: Vec<usize> = (0..self.sections.len())
                .filter(|&t| self.name_of(t) == name)
                .collect();
            assert_eq!(named, expected, "index of [{name}]");
            if let Some(derive) = self.index.alias()
                && let Some(alias) = derive(name)
            {
                let last = (0..self.sections.len())
                    .rev()
                    .find(|&t| derive(self.name_of(t)).as_deref() == Some(alias.as_ref()))
                    .map(|t| self.name_of(t));
                assert_eq!(self.last_section_by_alias(&alias, derive), last, "alias {alias}");
            }
        }
    }
}
