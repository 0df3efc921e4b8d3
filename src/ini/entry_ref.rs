//! A section's entries read in place, without copying a key or a value: for readers that walk
//! every section of a large file and need only a few values (`keyshelf list` on 10,000
//! profiles, or a 50 MB file). [`Document::entries_of`] copies every entry instead.

use std::borrow::Cow;

use super::document::{Document, Value};

/// One `key = value` entry of a document, as it stands in the text.
#[derive(Clone, Copy)]
pub struct EntryRef<'a> {
    doc: &'a Document,
    /// The entry's line, and the line after its last continuation line (0-based).
    at: u32,
    end: u32,
}

/// Where an [`EntryRef`] is in its document, kept without the reference to the document (half
/// the size, for readers that keep one for each of 400,000 profiles); [`Document::entry_at`]
/// turns it back into one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EntryPlace {
    at: u32,
    end: u32,
}

impl<'a> EntryRef<'a> {
    /// Where the entry is, to find it again in the same document with [`Document::entry_at`].
    pub fn place(&self) -> EntryPlace {
        EntryPlace {
            at: self.at,
            end: self.end,
        }
    }

    pub fn key(&self) -> &'a str {
        self.doc.key_of(self.at as usize).unwrap_or_default()
    }

    /// 1-based line number of the key's line.
    pub fn line(&self) -> usize {
        self.at as usize + 1
    }

    /// The value as botocore reads it (see [`Document::get`]).
    pub fn value(&self) -> Value {
        self.doc.value_of(self.at as usize, self.end as usize)
    }

    /// The value when it is a plain string: borrowed from the text when it is one line, as
    /// nearly every value is; `None` for a nested block.
    pub fn plain(&self) -> Option<Cow<'a, str>> {
        if self.end == self.at + 1 {
            return Some(Cow::Borrowed(
                self.doc.value_at(self.at as usize).unwrap_or_default(),
            ));
        }
        match self.value() {
            Value::Plain(text) => Some(Cow::Owned(text)),
            Value::Nested(_) => None,
        }
    }
}

impl Document {
    /// The entry at `place`, which [`EntryRef::place`] gave for an entry of this very document
    /// (unedited since).
    pub(crate) fn entry_at(&self, place: EntryPlace) -> EntryRef<'_> {
        EntryRef {
            doc: self,
            at: place.at,
            end: place.end,
        }
    }

    /// The entries of the `s`-th section (in file order), in place.
    pub(crate) fn entry_refs_of(&self, s: usize) -> impl Iterator<Item = EntryRef<'_>> {
        let span = self.sections[s];
        let mut i = span.header + 1;
        std::iter::from_fn(move || {
            while i < span.end {
                let at = i;
                if self.key_of(at).is_some() {
                    let end = self.entry_end(at, span.end);
                    i = end;
                    // Lines are counted in u32 (a document is at most 1 GiB).
                    return Some(EntryRef {
                        doc: self,
                        at: at as u32,
                        end: end as u32,
                    });
                }
                i += 1;
            }
            None
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_in_place_read_as_the_copies_do() {
        let doc = Document::parse(
            "[a]\nregion = eu-west-1\nnote = first\n  second\n\n  third\ns3 =\n  addressing_style = path\n# c\nempty =\n[b]\n",
        );
        for s in 0..2 {
            let copies = doc.entries_of(s);
            let refs: Vec<EntryRef> = doc.entry_refs_of(s).collect();
            assert_eq!(refs.len(), copies.len());
            for (r, c) in refs.iter().zip(&copies) {
                assert_eq!(r.key(), c.key);
                assert_eq!(r.line(), c.line);
                assert!(r.value() == c.value);
                assert_eq!(r.plain().as_deref(), c.value.as_plain());
            }
        }
        let refs: Vec<EntryRef> = doc.entry_refs_of(0).collect();
        assert!(matches!(refs[0].plain(), Some(Cow::Borrowed("eu-west-1"))));
        assert_eq!(refs[1].plain().as_deref(), Some("first\nsecond\n\nthird"));
        assert!(refs[2].plain().is_none());
    }
}
