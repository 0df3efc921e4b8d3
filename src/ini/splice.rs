//! The one way lines change: [`Document::splice`] replaces a run of lines and re-reads only
//! what the change can affect, so an edit costs about the size of its own section, not of the
//! file (every edit re-read the whole file, which made an import quadratic).
//!
//! Why re-reading one section is enough: whether a line continues the entry above depends on
//! the lines before it, but only back to the nearest section header (what follows a header
//! reads the same whatever came before it). So the re-read starts after the header above the
//! edit and stops at the first header below it that reads as a header both before and after.

use std::sync::Arc;

use super::document::Document;
use super::line::{Eol, Line, LineKind, Reader};

impl Document {
    /// Replaces lines `at..at + removed` (0-based) with `new`, each a line's text (without its
    /// ending) and its ending, then re-reads the lines the change can affect and updates the
    /// section index.
    pub(crate) fn splice(&mut self, at: usize, removed: usize, new: &[(&str, Eol)]) {
        self.edited = true;
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
            #[cfg(test)]
            count_work(1, 0);
            let old = self.lines[i].kind;
            let new = reader.read(self.text(i));
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
        if structural {
            // The sections whose headers were in the re-read lines give way to those now there.
            let (old_stop, new_stop) = match i < self.lines.len() {
                true => (i.wrapping_add_signed(-delta), i),
                false => (usize::MAX, self.lines.len()),
            };
            let old_end = self.sections.partition_point(|span| span.header < old_stop);
            let new_spans = self.spans_in(at..new_stop);
            let old_hashes: Vec<_> = self.sections[above..old_end]
                .iter()
                .map(|span| span.hashes)
                .collect();
            let new_hashes: Vec<_> = new_spans.iter().map(|span| span.hashes).collect();
            let count = self.sections.len();
            self.index
                .replace(above..old_end, &old_hashes, &new_hashes, count);
            let after = above + new_spans.len();
            self.sections.splice(above..old_end, new_spans);
            for span in &mut self.sections[after..] {
                span.header = shift(span.header);
                span.end = shift(span.end);
            }
            // Each section touched ends where the next one starts (the last at the file's end).
            let touched = above.saturating_sub(1)..(after + 1).min(self.sections.len());
            for s in touched {
                self.sections[s].end = self
                    .sections
                    .get(s + 1)
                    .map_or(self.lines.len(), |next| next.header);
            }
        } else {
            if let Some(s) = above.checked_sub(1) {
                self.sections[s].end = shift(self.sections[s].end);
            }
            for span in &mut self.sections[above..] {
                span.header = shift(span.header);
                span.end = shift(span.end);
            }
        }
        self.compact_if_wasteful();
    }

    /// Replaces the text of line `i`, keeping its ending.
    pub(crate) fn replace_text(&mut self, i: usize, text: &str) {
        let eol = self.lines[i].eol;
        self.splice(i, 1, &[(text, eol)]);
    }

    /// Appends a new line's text to the edited text.
    fn push_text(&mut self, text: &str, eol: Eol) -> Line {
        let start = self.base.len() + self.added.len();
        self.added.push_str(text);
        Line {
            start: start as u32,
            len: text.len() as u32,
            eol,
            kind: LineKind::Blank,
        }
    }

    /// Copies the live lines into a new text once more than half of what the document holds is
    /// text that edits replaced, so memory stays proportional to the file however long the app
    /// runs (and offsets stay within 32 bits).
    fn compact_if_wasteful(&mut self) {
        let held = self.base.len() + self.added.len();
        if self.dead < 4096 || self.dead < held / 2 {
            return;
        }
        let mut text = String::with_capacity(held - self.dead);
        for i in 0..self.lines.len() {
            let start = text.len();
            text.push_str(self.text(i));
            self.lines[i].start = start as u32;
        }
        self.base = Arc::new(text);
        self.added = String::new();
        self.dead = 0;
    }
}

#[cfg(test)]
thread_local! {
    /// The work edits did on this thread: lines re-read, and index positions moved (a pass over
    /// the index when a section is added or removed mid-file). What the tests of a once
    /// quadratic import count instead of timing it.
    static EDIT_WORK: std::cell::Cell<(usize, usize)> = const { std::cell::Cell::new((0, 0)) };
}

#[cfg(test)]
pub(crate) fn count_work(reread: usize, moved: usize) {
    EDIT_WORK.with(|n| {
        let (r, m) = n.get();
        n.set((r + reread, m + moved));
    });
}

/// `(lines re-read, index positions moved)` by edits on this thread so far.
#[cfg(test)]
pub(crate) fn edit_work() -> (usize, usize) {
    EDIT_WORK.with(std::cell::Cell::get)
}

#[cfg(test)]
impl Document {
    /// Panics unless the document's lines, sections and index are exactly what reading its
    /// printed text from scratch gives: the property every edit must keep.
    pub(crate) fn assert_consistent(&self) {
        let fresh = Document::parse(&self.to_string());
        let kinds = |doc: &Document| doc.lines.iter().map(|l| l.kind).collect::<Vec<_>>();
        assert_eq!(kinds(self), kinds(&fresh), "line readings");
        let spans = |doc: &Document| {
            let spans = doc.sections.iter();
            spans
                .map(|s| (s.header, s.end, s.hashes.name))
                .collect::<Vec<_>>()
        };
        assert_eq!(spans(self), spans(&fresh), "sections");
        for span in &self.sections {
            let name = self.text(span.header).to_owned();
            let name = &name[name.find('[').unwrap_or(0) + 1..name.rfind(']').unwrap_or(0)];
            assert_eq!(span.hashes, self.index.hashes(name), "hashes of [{name}]");
        }
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
                assert_eq!(
                    self.last_section_by_alias(&alias, derive),
                    last,
                    "alias {alias}"
                );
            }
        }
    }
}
