//! Edits of whole sections of a [`Document`]: adding, renaming, copying and removing one, keeping
//! only one of repeated sections, and dropping a byte order mark. A removed section takes its
//! blank lines with it but leaves the comments above its header.

use super::IniError;
use super::document::Document;
use super::edit::check_section_name;
use super::line::LineKind;

impl Document {
    /// Appends `[name]` at the end of the file, after one blank line.
    pub fn add_section(&mut self, name: &str) -> Result<(), IniError> {
        check_section_name(name)?;
        if self.has_section(name) {
            return Err(IniError::SectionExists {
                section: name.into(),
            });
        }
        if self.lines.last().is_some_and(|l| l.kind != LineKind::Blank) {
            self.insert_line(self.lines.len(), "");
        }
        self.insert_line(self.lines.len(), &format!("[{name}]"));
        Ok(())
    }

    /// Renames every section called `old`, changing only the name between the brackets.
    pub fn rename_section(&mut self, old: &str, new: &str) -> Result<(), IniError> {
        check_section_name(new)?;
        if old != new && self.has_section(new) {
            return Err(IniError::SectionExists {
                section: new.into(),
            });
        }
        self.section_span(old)?;
        let headers: Vec<usize> = self
            .sections_named(old)
            .map(|s| self.sections[s].header)
            .collect();
        for header in headers {
            if let LineKind::Header { name } = self.kind(header) {
                let mut text = self.text(header).to_owned();
                text.replace_range(name.range(), new);
                self.replace_text(header, &text);
            }
        }
        Ok(())
    }

    /// Removes every section called `name`: its header, its body, and the comment lines directly
    /// above the header (no blank line between), which describe it. Comments before the first
    /// section belong to the file and are kept, and so are comment lines directly above the next
    /// header. Returns whether anything was removed.
    pub fn remove_section(&mut self, name: &str) -> Result<bool, IniError> {
        let mut removed = false;
        loop {
            let Some(index) = self.sections_named(name).next_back() else {
                break;
            };
            self.remove_section_index(index);
            removed = true;
        }
        Ok(removed)
    }

    /// Removes the one section whose header is on 1-based line `line`, as
    /// [`Document::remove_section`] removes a section; others of the same name stay. This is
    /// how one of two duplicate (or shadowing) sections goes.
    pub fn remove_section_at(&mut self, line: usize) -> Result<(), IniError> {
        let index = line
            .checked_sub(1)
            .and_then(|header| self.section_with_header(header))
            .ok_or(IniError::NoSuchLine { line })?;
        self.remove_section_index(index);
        Ok(())
    }

    /// Removes the entry (with its continuation lines) whose key is on 1-based line `line`;
    /// other entries of the same key stay.
    pub fn remove_key_at(&mut self, line: usize) -> Result<(), IniError> {
        self.key_at(line).ok_or(IniError::NoSuchLine { line })?;
        let at = line - 1;
        let span_end = self
            .section_holding(at)
            .map(|s| self.sections[s].end)
            .ok_or(IniError::NoSuchLine { line })?;
        let stop = self.entry_end(at, span_end);
        self.remove_entry_lines(at, stop);
        Ok(())
    }

    /// Keeps the section or key on 1-based line `line` and removes its duplicates: the other
    /// sections of the same name, or the other entries of the same key (ignoring case, as
    /// configparser does) in the same section. This is the fix for a file botocore refuses
    /// because of them. Returns how many were removed.
    pub fn keep_only(&mut self, line: usize) -> Result<usize, IniError> {
        let at = line.checked_sub(1).ok_or(IniError::NoSuchLine { line })?;
        if let Some(name) = self.section_at(line).map(str::to_owned) {
            let others: Vec<usize> = self
                .sections_named(&name)
                .map(|s| self.sections[s].header)
                .filter(|&header| header != at)
                .map(|header| header + 1)
                .collect();
            for other in others.iter().rev() {
                self.remove_section_at(*other)?;
            }
            return Ok(others.len());
        }
        let (_, key) = self.key_at(line).ok_or(IniError::NoSuchLine { line })?;
        let key = key.to_owned();
        let span = self
            .section_holding(at)
            .map(|s| self.sections[s])
            .ok_or(IniError::NoSuchLine { line })?;
        let others: Vec<usize> = (span.header + 1..span.end)
            .filter(|&i| i != at && self.key_of(i).is_some_and(|k| super::same_key(k, &key)))
            .collect();
        for other in others.iter().rev() {
            self.remove_key_at(other + 1)?;
        }
        Ok(others.len())
    }

    /// Drops a UTF-8 byte order mark from the start of the file (botocore cannot read a file
    /// that has one, aws-cli #3419). Returns whether there was one.
    pub fn remove_bom(&mut self) -> bool {
        self.edited = true;
        std::mem::replace(&mut self.bom, false)
    }

    fn remove_section_index(&mut self, index: usize) {
        let span = self.sections[index];
        // The comment lines just above a header stay: the parser cannot tell a note about this
        // section from one about the file or about the section before ("# START of Generated
        // Lines" above the first of many), and a lost comment cannot be brought back.
        let mut start = span.header;
        let mut end = self.body_end(span.header, span.end);
        if start > 0 && self.lines[start - 1].kind != LineKind::Blank {
            // Nothing separates what came before from this section: keep the blank lines
            // that separated it from the next one.
            while end > span.header + 1 && self.lines[end - 1].kind == LineKind::Blank {
                end -= 1;
            }
        }
        if end == self.lines.len() {
            while start > 0 && self.lines[start - 1].kind == LineKind::Blank {
                start -= 1;
            }
        }
        let outdent = self.header_to_outdent(start, span.end);
        self.remove_lines(start, end);
        if let Some((header, indent)) = outdent {
            let at = header - (end - start);
            let text = format!("{indent}{}", &self.text(at)[self.indent_of(at).len()..]);
            self.replace_text(at, &text);
        }
    }

    /// When the lines `start..` up to the next header go, that header (if indented) follows
    /// the key above `start`: indented deeper than that key, configparser would read it, and
    /// its whole section, as the key's continuation lines. Then the header and the indentation
    /// it must take (the key's) to stay a header.
    fn header_to_outdent(&self, start: usize, next: usize) -> Option<(usize, String)> {
        if next >= self.lines.len() || !self.kind(next).is_header() {
            return None;
        }
        let above = (0..start)
            .rev()
            .find(|&i| !matches!(self.kind(i), LineKind::Blank | LineKind::Comment))?;
        // The key line of the entry `above` ends (a continuation line's is above it).
        let key = (0..=above)
            .rev()
            .find(|&i| {
                !matches!(self.kind(i), LineKind::Blank | LineKind::Comment)
                    && !self.kind(i).is_continuation()
            })
            .filter(|&i| self.key_of(i).is_some())?;
        let chars = |text: &str| text.chars().count();
        let indent = self.indent_of(key);
        (chars(self.indent_of(next)) > chars(indent)).then(|| (next, indent.to_owned()))
    }

    /// The comment lines a removal of the section whose header is on 1-based line `line` would
    /// take: those of its body, not the ones directly above the next header (which stay).
    pub fn comments_at(&self, line: usize) -> Vec<String> {
        let Some(s) = line
            .checked_sub(1)
            .and_then(|h| self.section_with_header(h))
        else {
            return Vec::new();
        };
        let span = self.sections[s];
        (span.header + 1..self.body_end(span.header, span.end))
            .filter(|&i| self.kind(i) == LineKind::Comment)
            .map(|i| self.text(i).to_owned())
            .collect()
    }

    /// Appends comment lines (each read as a full-line comment, as [`Document::comments_at`]
    /// gives them) after the last entry of the first section named `section`.
    pub fn append_comments(&mut self, section: &str, comments: &[String]) -> Result<(), IniError> {
        if let Some(bad) = comments.iter().find(|c| {
            let t = c.trim_start();
            c.contains(['\r', '\n']) || !(t.starts_with('#') || t.starts_with(';'))
        }) {
            return Err(IniError::InvalidValue {
                key: bad.clone(),
                why: "it is not one comment line",
            });
        }
        let (header, end) = self.section_span(section)?;
        let (mut at, _) = self.new_key_position(header, end);
        for comment in comments {
            self.insert_line(at, comment);
            at += 1;
        }
        Ok(())
    }

    /// Puts one comment line (as [`Document::append_comments`] takes them) just above `key` in
    /// the first section named `section`, at the key's indentation.
    pub fn comment_above(
        &mut self,
        section: &str,
        key: &str,
        comment: &str,
    ) -> Result<(), IniError> {
        let t = comment.trim_start();
        if comment.contains(['\r', '\n']) || !(t.starts_with('#') || t.starts_with(';')) {
            return Err(IniError::InvalidValue {
                key: comment.to_owned(),
                why: "it is not one comment line",
            });
        }
        let (header, end) = self.section_span(section)?;
        let Some(at) = self.last_key_line(header, end, key) else {
            return Err(IniError::InvalidValue {
                key: key.to_owned(),
                why: "the section has no such key",
            });
        };
        let indent = self.indent_of(at).to_owned();
        self.insert_line(at, &format!("{indent}{t}"));
        Ok(())
    }

    /// Appends a copy of the first section `source` under the name `new`: same keys, comments
    /// and nested blocks, in the file's own line endings.
    pub fn copy_section(&mut self, source: &str, new: &str) -> Result<(), IniError> {
        let (header, end) = self.section_span(source)?;
        let mut body_end = self.body_end(header, end);
        while body_end > header + 1 && self.lines[body_end - 1].kind == LineKind::Blank {
            body_end -= 1;
        }
        let body: Vec<String> = (header + 1..body_end)
            .map(|i| self.text(i).to_owned())
            .collect();
        self.add_section(new)?;
        for text in body {
            self.insert_line(self.lines.len(), &text);
        }
        Ok(())
    }
}
