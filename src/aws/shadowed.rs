//! Config headers that name a profile the AWS tools take from a later header.
//!
//! botocore (`configloader.build_profile_map`) turns `[default]`, `[profile default]`,
//! `[profile dev]`, `[profile 'dev']` and `[profile "dev"]` into profile names and keeps only the
//! **last** section for each name, wholesale: the earlier ones are read by nobody (the AWS SDK
//! for Rust differs: it lets `[profile default]` win over `[default]`). The AWS CLI itself writes
//! `[default]` after an existing `[profile default]` when it adds a key. keyshelf shows and edits
//! the section the AWS tools use, warns about each shadowed header, and offers to merge it into
//! the effective one or to remove it.

use std::fmt;

use super::error::{AwsError as Error, FileKind, Result};
use super::names;
use super::profile::is_secret_key;
use super::shared_files::SharedFiles;
use crate::ini::{IniError, Value};

/// One config-file header that the AWS tools ignore because a later header names the same
/// profile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shadowed {
    pub profile: String,
    /// The header text, between the brackets.
    pub header: String,
    /// 1-based line of the shadowed header in the config file.
    pub line: usize,
    /// The header the AWS tools use, and its line.
    pub effective_header: String,
    pub effective_line: usize,
}

impl fmt::Display for Shadowed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}: [{}] is ignored by the AWS tools, which read profile “{}” from [{}] at line {}",
            self.line,
            self.header,
            self.profile.escape_debug(),
            self.effective_header,
            self.effective_line
        )
    }
}

fn edit(source: IniError) -> Error {
    Error::Edit {
        file: FileKind::Config,
        source,
    }
}

impl SharedFiles {
    /// Every shadowed header, in file order. A header repeated with the very same text is not
    /// listed here: that is a duplicate section, which botocore refuses outright
    /// ([`crate::ini::Problem::DuplicateSection`]).
    pub fn shadowed(&self) -> Vec<Shadowed> {
        // The config document's alias index finds each profile's last header: no map of
        // names of its own (this runs on every `keyshelf list`, over files of tens of
        // thousands of sections).
        if self.config.aliases_distinct() {
            return Vec::new();
        }
        let mut found = Vec::new();
        for (i, (header, line)) in self.config.headers().enumerate() {
            let Some(name) = names::profile_of_config_header(header) else {
                continue;
            };
            let Some(effective) = self.config.last_position_by_alias(&name, Some(i)) else {
                continue;
            };
            let (effective_header, effective_line) = self.config.header_at(effective);
            if effective != i && effective_header != header {
                found.push(Shadowed {
                    profile: name.into_owned(),
                    header: header.to_owned(),
                    line,
                    effective_header: effective_header.to_owned(),
                    effective_line,
                });
            }
        }
        found
    }

    /// The lines of `name`'s shadowed headers whose sections hold a secret key: plaintext the
    /// AWS tools ignore, but plaintext still, which a move to the keychain must not leave.
    pub(crate) fn shadowed_secrets(&self, name: &str) -> Vec<usize> {
        self.shadowed_of(name)
            .iter()
            .filter(|s| {
                self.config
                    .entries_at(s.line)
                    .iter()
                    .any(|e| is_secret_key(&e.key))
            })
            .map(|s| s.line)
            .collect()
    }

    fn shadowed_of(&self, name: &str) -> Vec<Shadowed> {
        let mut found = self.shadowed();
        found.retain(|s| s.profile == name);
        found
    }

    /// Fails when `name` has shadowed headers, naming their lines.
    pub(crate) fn refuse_shadowed(&self, name: &str) -> Result<()> {
        let lines: Vec<usize> = self.shadowed_of(name).iter().map(|s| s.line).collect();
        if lines.is_empty() {
            Ok(())
        } else {
            Err(Error::Shadowed {
                profile: name.into(),
                lines,
            })
        }
    }

    /// Moves the keys of `name`'s shadowed sections that its effective section lacks into the
    /// effective section (a later shadowed section wins over an earlier one, and the effective
    /// section over all), then removes the shadowed sections. Returns how many were merged.
    pub fn merge_shadowed(&mut self, name: &str) -> Result<usize> {
        let shadowed = self.shadowed_of(name);
        let Some(effective) = shadowed.first().map(|s| s.effective_header.clone()) else {
            return Ok(0);
        };
        // The effective section is the last: adding to it moves no shadowed header's line.
        let mut comments = Vec::new();
        for section in shadowed.iter().rev() {
            // Comments inside a shadowed section would go with it: they move along.
            comments.splice(0..0, self.config.comments_at(section.line));
            for entry in self.config.entries_at(section.line) {
                if self.config.get(&effective, &entry.key).is_some() {
                    continue;
                }
                match &entry.value {
                    Value::Plain(value) => self
                        .config
                        .set(&effective, &entry.key, value)
                        .map_err(edit)?,
                    Value::Nested(subs) => {
                        for (sub, value) in subs {
                            self.config
                                .set_nested(&effective, &entry.key, sub, value)
                                .map_err(edit)?;
                        }
                    }
                }
            }
        }
        self.config
            .append_comments(&effective, &comments)
            .map_err(edit)?;
        self.remove_sections(&shadowed)?;
        Ok(shadowed.len())
    }

    /// Removes `name`'s shadowed sections: what the AWS tools read does not change. Returns
    /// how many were removed.
    pub fn remove_shadowed(&mut self, name: &str) -> Result<usize> {
        let shadowed = self.shadowed_of(name);
        self.remove_sections(&shadowed)?;
        Ok(shadowed.len())
    }

    fn remove_sections(&mut self, sections: &[Shadowed]) -> Result<()> {
        // Last first, so the earlier lines stay where they were.
        for section in sections.iter().rev() {
            self.config.remove_section_at(section.line).map_err(edit)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ini::Document;

    /// What the AWS CLI itself writes: `[default]` after an existing `[profile default]`.
    const WITNESS: &str = "[profile default]\nregion = us-east-1\n[default]\noutput = text\n";

    fn files(config: &str) -> SharedFiles {
        SharedFiles::new(Document::parse(config), Document::new())
    }

    #[test]
    fn several_headers_one_profile_the_last_wins() {
        let f = files(WITNESS);
        let profile = f.profile("default").unwrap();
        assert_eq!(profile.region, None);
        assert_eq!(profile.output.as_deref(), Some("text"));
        assert_eq!(f.profiles()[0].output.as_deref(), Some("text"));
        assert_eq!(f.config_header("default").as_deref(), Some("default"));
        let shadowed = f.shadowed();
        assert_eq!(shadowed.len(), 1);
        assert_eq!((shadowed[0].line, shadowed[0].effective_line), (1, 3));
    }

    #[test]
    fn quoted_spellings_shadow_too() {
        let f = files("[profile dev]\nregion = a\n\n[profile 'dev']\nregion = b\n");
        assert_eq!(f.profile("dev").unwrap().region.as_deref(), Some("b"));
        assert_eq!(f.shadowed()[0].header, "profile dev");
    }

    #[test]
    fn merge_keeps_the_effective_values_and_adds_the_rest() {
        let mut f = files(WITNESS);
        assert_eq!(f.merge_shadowed("default").unwrap(), 1);
        assert_eq!(
            f.config.to_string(),
            "[default]\noutput = text\nregion = us-east-1\n"
        );
        assert!(f.shadowed().is_empty());
    }

    /// Witness: a comment inside the shadowed section was dropped by a merge.
    #[test]
    fn merge_keeps_the_comments_of_the_sections_it_removes() {
        let config = "# top\n[profile default]\n# x comment\nregion = us-east-1\n; and this\n\n# about default\n[default]\noutput = text\n";
        let mut f = files(config);
        assert_eq!(f.merge_shadowed("default").unwrap(), 1);
        assert_eq!(
            f.config.to_string(),
            "# top\n\n# about default\n[default]\noutput = text\nregion = us-east-1\n# x comment\n; and this\n"
        );
    }

    #[test]
    fn remove_keeps_what_the_tools_read() {
        let mut f = files(WITNESS);
        assert_eq!(f.remove_shadowed("default").unwrap(), 1);
        assert_eq!(f.config.to_string(), "[default]\noutput = text\n");
    }

    #[test]
    fn rename_is_refused_while_shadowed() {
        let mut f = files(WITNESS);
        assert!(matches!(
            f.rename("default", "main"),
            Err(Error::Shadowed { .. })
        ));
    }
}
