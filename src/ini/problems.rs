//! What in a document the AWS tools would refuse or misread.

use std::fmt;

use super::document::Document;
use super::line::{LineKind, Malformed};

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

impl Document {
    /// Everything in the file that the AWS CLI would refuse or misread. Values are never quoted.
    pub fn problems(&self) -> Vec<Problem> {
        let mut problems: Vec<Problem> = self.too_large_problem().into_iter().collect();
        if self.bom {
            problems.push(Problem::Bom);
        }
        problems.extend(self.malformed_lines());
        let mut keys: Vec<(usize, &str)> = Vec::new();
        let names_distinct = self.index.names_distinct();
        for (s, span) in self.sections.iter().enumerate() {
            let name = self.name_of(s);
            let first = if names_distinct {
                s
            } else {
                self.find_section(name).unwrap_or(s)
            };
            if first != s {
                problems.push(Problem::DuplicateSection {
                    line: span.header + 1,
                    first: self.sections[first].header + 1,
                    name: name.to_owned(),
                });
            }
            // Sections hold a handful of keys: comparing pairs beats hashing them.
            keys.clear();
            keys.extend((span.header + 1..span.end).filter_map(|i| self.key_of(i).map(|k| (i, k))));
            for (n, &(i, key)) in keys.iter().enumerate() {
                if let Some((first, _)) = keys[..n]
                    .iter()
                    .find(|(_, earlier)| super::same_key(earlier, key))
                {
                    problems.push(Problem::DuplicateKey {
                        line: i + 1,
                        first: first + 1,
                        section: name.to_owned(),
                        key: key.to_owned(),
                    });
                }
            }
        }
        problems.sort_by_key(Problem::line);
        problems
    }
}

impl Document {
    /// The first line the AWS tools refuse to read, if any: what a read must stop at. Cheaper
    /// than [`Document::problems`], which also compares every section's keys.
    pub fn first_malformed(&self) -> Option<Problem> {
        self.too_large_problem()
            .or_else(|| self.malformed_lines().next())
    }

    fn too_large_problem(&self) -> Option<Problem> {
        self.too_large()
            .map(|why| Problem::Malformed { line: 1, why })
    }

    /// The lines configparser or botocore refuse, in order.
    fn malformed_lines(&self) -> impl Iterator<Item = Problem> + '_ {
        self.lines
            .iter()
            .enumerate()
            .filter_map(|(i, line)| match line.kind {
                LineKind::Malformed(why) => Some(Problem::Malformed { line: i + 1, why }),
                // botocore reads a block under `key =` line by line as `sub = value`, and fails on
                // a line without `=`.
                LineKind::Continuation if self.nested_parent(i).is_some() => {
                    Some(Problem::Malformed {
                        line: i + 1,
                        why: Malformed::NestedWithoutEquals,
                    })
                }
                _ => None,
            })
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
            Problem::Malformed { line, why } => write!(f, "line {line}: {}", why.describe()),
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
                "line {line}: “{key}” appears a second time in [{section}] (first at line {first})"
            ),
        }
    }
}
