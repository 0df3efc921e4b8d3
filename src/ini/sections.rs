//! Reading a [`Document`]'s sections and entries as configparser does: names in file order,
//! the section at a line, a section's entries (with `[DEFAULT]`'s keys), a key's value with its
//! continuation lines or nested block. The lines and the section index are `document.rs`'s.

use super::document::{DEFAULT_SECTION, Document, Entry, Value};
use super::index::Alias;
use super::line::LineKind;
use super::py_space::py_trim;

impl Document {
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

    /// The entries of `[DEFAULT]` (every section of that name, a later key winning), which
    /// configparser gives every other section that lacks them; none for a file without one.
    pub fn default_entries(&self) -> Vec<Entry> {
        let mut entries: Vec<Entry> = Vec::new();
        for s in self.sections_named(DEFAULT_SECTION) {
            for entry in self.entries_of(s) {
                match entries
                    .iter_mut()
                    .find(|e| super::same_key(&e.key, &entry.key))
                {
                    Some(existing) => *existing = entry,
                    None => entries.push(entry),
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

    /// The value of `key` (matched ignoring ASCII case, as configparser does) in the sections
    /// named `section`. Where a key appears twice the last one wins.
    ///
    /// A key the section lacks comes from configparser's defaults section, `[DEFAULT]`, which
    /// gives its keys to every other section of the file (`RawConfigParser.get`); where several
    /// `[DEFAULT]` headers hold it, the last one wins, as configparser merges them.
    pub fn get(&self, section: &str, key: &str) -> Option<Value> {
        self.find_section(section)?;
        // A repeated section (which botocore refuses) is read as configparser reads it when
        // allowed to: merged, a later key winning, as the profile list reads it.
        for s in self.sections_named(section).rev() {
            let span = self.sections[s];
            if let Some(at) = self.last_key_line(span.header, span.end, key) {
                return Some(self.value_of(at, self.entry_end(at, span.end)));
            }
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
}
