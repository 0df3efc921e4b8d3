//! Edits to a [`Document`]. Each edit touches the smallest span it can: a changed value replaces
//! only the value's text on its line, and new lines take the file's own line ending and the
//! indentation of their neighbours. A file without a final newline keeps having none.

use super::IniError;
use super::document::Document;
use super::line::{Eol, LineKind};

impl Document {
    /// Sets `key` in the first section named `section`. An existing key (matched ignoring case,
    /// the last one if it appears twice) keeps its spelling and spacing; only its value changes,
    /// and any continuation lines it had are dropped. A new key goes after the section's last key.
    pub fn set(&mut self, section: &str, key: &str, value: &str) -> Result<(), IniError> {
        check_key(key)?;
        check_value(key, value)?;
        let span = self.section_span(section)?;
        match self.last_key_line(span.0, span.1, key) {
            Some(at) => {
                let end = self.entry_end(at, span.1);
                self.remove_continuations(at + 1, end);
                self.replace_value(at, value);
            }
            None => {
                let (at, indent) = self.new_key_position(span.0, span.1);
                self.insert_line(at, &format!("{indent}{key} = {value}"));
            }
        }
        Ok(())
    }

    /// Removes every occurrence of `key` (ignoring case) from the first section named `section`,
    /// continuation lines included. Returns whether anything was removed.
    pub fn remove(&mut self, section: &str, key: &str) -> Result<bool, IniError> {
        let mut removed = false;
        loop {
            let (header, end) = self.section_span(section)?;
            let Some(at) = self.last_key_line(header, end, key) else {
                break;
            };
            let stop = self.entry_end(at, end);
            self.remove_entry_lines(at, stop);
            removed = true;
        }
        Ok(removed)
    }

    /// Removes `key` (ignoring case) from every section named `section`, repeated sections
    /// included: for scrubbing a secret from an old copy, which may be a file botocore refused.
    /// Returns whether anything was removed.
    pub fn remove_everywhere(&mut self, section: &str, key: &str) -> bool {
        let mut removed = false;
        loop {
            let found = self.sections_named(section).find_map(|s| {
                let span = self.sections[s];
                self.last_key_line(span.header, span.end, key)
                    .map(|at| (at, span.end))
            });
            let Some((at, end)) = found else {
                return removed;
            };
            let stop = self.entry_end(at, end);
            self.remove_entry_lines(at, stop);
            removed = true;
        }
    }

    /// Sets `sub` inside the nested block `key =` (botocore's sub-sections such as `s3`),
    /// creating the block when the key is missing.
    pub fn set_nested(
        &mut self,
        section: &str,
        key: &str,
        sub: &str,
        value: &str,
    ) -> Result<(), IniError> {
        check_key(key)?;
        check_key(sub)?;
        check_value(sub, value)?;
        let (header, end) = self.section_span(section)?;
        let Some(at) = self.last_key_line(header, end, key) else {
            let (at, indent) = self.new_key_position(header, end);
            self.insert_line(at, &format!("{indent}{key} ="));
            self.insert_line(at + 1, &format!("{indent}  {sub} = {value}"));
            return Ok(());
        };
        if !self.value_at(at).unwrap_or_default().is_empty() {
            return Err(IniError::NotNested {
                section: section.into(),
                key: key.into(),
            });
        }
        let block_end = self.entry_end(at, end);
        let existing = (at + 1..block_end)
            .rev()
            .find(|&i| self.sub_of(i).is_some_and(|(k, _)| k == sub));
        match existing {
            Some(i) => self.replace_value(i, value),
            None => {
                let indent = (at + 1..block_end)
                    .rev()
                    .find(|&i| self.kind(i).is_continuation())
                    .map(|i| self.indent_of(i).to_owned())
                    .unwrap_or_else(|| format!("{}  ", self.indent_of(at)));
                self.insert_line(block_end, &format!("{indent}{sub} = {value}"));
            }
        }
        Ok(())
    }

    /// Removes `sub` from the nested block `key`; the block goes too once it is empty.
    pub fn remove_nested(&mut self, section: &str, key: &str, sub: &str) -> Result<bool, IniError> {
        let (header, end) = self.section_span(section)?;
        let Some(at) = self.last_key_line(header, end, key) else {
            return Ok(false);
        };
        let block_end = self.entry_end(at, end);
        // botocore uses the last of repeated sub-keys: remove them all so none stays in effect.
        let matching: Vec<usize> = (at + 1..block_end)
            .filter(|&i| self.sub_of(i).is_some_and(|(k, _)| k == sub))
            .collect();
        if matching.is_empty() {
            return Ok(false);
        }
        for &i in matching.iter().rev() {
            self.remove_lines(i, i + 1);
        }
        let block_end = self.entry_end(at, self.section_span(section)?.1);
        if block_end == at + 1 {
            self.remove_lines(at, block_end);
        }
        Ok(true)
    }

    /// Header line index and end of the first section named `name`.
    pub(super) fn section_span(&self, name: &str) -> Result<(usize, usize), IniError> {
        let i = self
            .find_section(name)
            .ok_or_else(|| IniError::SectionNotFound {
                section: name.into(),
            })?;
        Ok((self.sections[i].header, self.sections[i].end))
    }

    /// Where a new key goes (after the section's last entry) and the indentation it takes: the
    /// last key's, which configparser reads as a key of its own (a continuation line is one
    /// indented *more* than its key). In a section with no key yet, the indentation of the next
    /// header, if any: a key indented less than the header after it would make configparser
    /// read that header, and the section under it, as the new value's continuation lines.
    pub(super) fn new_key_position(&self, header: usize, end: usize) -> (usize, String) {
        match (header + 1..end).rev().find(|&i| self.key_of(i).is_some()) {
            Some(last) => (self.entry_end(last, end), self.indent_of(last).to_owned()),
            None if end < self.lines.len() => (header + 1, self.indent_of(end).to_owned()),
            None => (header + 1, String::new()),
        }
    }

    /// The end of a section's own lines: comment lines directly above the next header belong to
    /// that header, not to this body.
    pub(super) fn body_end(&self, header: usize, end: usize) -> usize {
        if end == self.lines.len() {
            return end;
        }
        let mut body_end = end;
        while body_end > header + 1 && self.lines[body_end - 1].kind == LineKind::Comment {
            body_end -= 1;
        }
        body_end
    }

    fn remove_continuations(&mut self, from: usize, to: usize) {
        for i in (from..to).rev() {
            // Removing the last line may take an empty line before it along (`remove_lines`).
            if i < self.lines.len() && self.kind(i).is_continuation() {
                self.remove_lines(i, i + 1);
            }
        }
    }

    /// Inserts a line before index `at`, in the file's line-ending style. Appending to a file that
    /// has no final newline keeps it without one.
    pub(super) fn insert_line(&mut self, at: usize, text: &str) {
        let eol = self.eol();
        let mut new_eol = eol;
        if at == self.lines.len()
            && let Some(last) = self.lines.last_mut()
            && last.eol == Eol::None
        {
            last.eol = eol;
            new_eol = Eol::None;
        }
        self.splice(at, 0, &[(text, new_eol)]);
    }

    /// Removes an entry's lines, `from..to` (its key line and continuation lines), but not the
    /// comment lines between them: configparser skips those, and they are the user's.
    pub(super) fn remove_entry_lines(&mut self, from: usize, to: usize) {
        let mut end = to;
        while end > from {
            let mut start = end;
            while start > from && self.lines[start - 1].kind != LineKind::Comment {
                start -= 1;
            }
            if start < end {
                self.remove_lines(start, end);
            }
            // Past the comment lines just above.
            end = start;
            while end > from && self.lines[end - 1].kind == LineKind::Comment {
                end -= 1;
            }
        }
    }

    /// Removes lines `from..to`. Removing the final line of a file without a final newline leaves
    /// the new final line without one.
    pub(super) fn remove_lines(&mut self, from: usize, to: usize) {
        let no_final_newline =
            to == self.lines.len() && self.lines.last().is_some_and(|l| l.eol == Eol::None);
        self.splice(from, to - from, &[]);
        if no_final_newline && let Some(last) = self.lines.last_mut() {
            last.eol = Eol::None;
            // An empty line without an ending prints as nothing: it is no line at all.
            if last.len == 0 {
                self.splice(self.lines.len() - 1, 1, &[]);
            }
        }
    }
}

impl Document {
    /// Replaces the value text of line `i` (an entry or a nested `sub = value`), keeping
    /// everything around it. `key =` with nothing after it becomes `key = value`, while `key=`
    /// becomes `key=value`.
    fn replace_value(&mut self, i: usize, value: &str) {
        let range = match self.kind(i) {
            LineKind::Entry { value, .. } | LineKind::SubEntry { value, .. } => value.range(),
            _ => return,
        };
        let mut new = value.to_owned();
        let mut text = self.text(i).to_owned();
        if range.is_empty() && !value.is_empty() {
            let before = &text[..range.start];
            let spaced =
                before.len() >= 2 && before[..before.len() - 1].ends_with(char::is_whitespace);
            if (before.ends_with('=') || before.ends_with(':')) && spaced {
                new.insert(0, ' ');
            }
        }
        text.replace_range(range, &new);
        self.replace_text(i, &text);
    }
}

pub(super) fn check_section_name(name: &str) -> Result<(), IniError> {
    if name.trim().is_empty() {
        return Err(IniError::InvalidName {
            name: name.into(),
            why: "it is empty",
        });
    }
    if name.contains(['\n', '\r']) {
        return Err(IniError::InvalidName {
            name: name.escape_debug().to_string(),
            why: "it contains a line break",
        });
    }
    Ok(())
}

fn check_key(key: &str) -> Result<(), IniError> {
    let why = if key.is_empty() {
        "it is empty"
    } else if key.contains(['\n', '\r']) {
        "it contains a line break"
    } else if key.contains(['=', ':']) {
        "it contains “=” or “:”"
    } else if key.starts_with(['#', ';', '[']) {
        "it starts with “#”, “;” or “[”"
    } else if key.trim_matches(super::py_space::is_py_space) != key {
        "it starts or ends with a space"
    } else {
        return Ok(());
    };
    Err(IniError::InvalidKey {
        key: key.escape_debug().to_string(),
        why,
    })
}

/// Values are never echoed in errors: they may be secrets.
fn check_value(key: &str, value: &str) -> Result<(), IniError> {
    // Every character Python's splitlines() breaks on: botocore splits nested blocks with it.
    const BREAKS: [char; 10] = [
        '\n', '\r', '\x0b', '\x0c', '\x1c', '\x1d', '\x1e', '\u{85}', '\u{2028}', '\u{2029}',
    ];
    let why = if value.contains(BREAKS) {
        "it contains a line break"
    } else if value.trim_matches(super::py_space::is_py_space) != value {
        "it starts or ends with a space, which the AWS CLI would drop"
    } else {
        return Ok(());
    };
    Err(IniError::InvalidValue {
        key: key.into(),
        why,
    })
}
