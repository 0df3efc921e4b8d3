//! Repairs for files the AWS tools refuse: the fixes that [`crate::files::Workspace`]'s write
//! gate points at. Each is one edit in memory; the caller saves.

use super::error::{AwsError as Error, FileKind, Result};
use super::shared_files::SharedFiles;

impl SharedFiles {
    /// Keeps the section or key on 1-based `line` of `file` and removes its duplicates (the
    /// other sections of that name, or the other entries of that key in its section), which
    /// botocore's strict configparser refuses. Returns how many were removed.
    pub fn keep_only(&mut self, file: FileKind, line: usize) -> Result<usize> {
        self.doc_mut(file)
            .keep_only(line)
            .map_err(|source| Error::Edit { file, source })
    }

    /// Removes the byte order mark at the start of `file` (botocore cannot read a file that
    /// has one, aws-cli #3419). Returns whether there was one.
    pub fn remove_bom(&mut self, file: FileKind) -> bool {
        self.doc_mut(file).remove_bom()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ini::Document;

    #[test]
    fn keep_one_of_two_duplicate_sections_or_keys() {
        // The witness: `[default]` twice, with different keys.
        let text = "[default]\naws_access_key_id = A\n\n[default]\naws_access_key_id = B\nregion = x\nREGION = y\n";
        let mut f = SharedFiles::new(Document::new(), Document::parse(text));
        assert_eq!(f.keep_only(FileKind::Credentials, 4).unwrap(), 1);
        assert_eq!(
            f.credentials.to_string(),
            "[default]\naws_access_key_id = B\nregion = x\nREGION = y\n"
        );
        assert_eq!(f.keep_only(FileKind::Credentials, 4).unwrap(), 1);
        assert_eq!(
            f.credentials.to_string(),
            "[default]\naws_access_key_id = B\nREGION = y\n"
        );
        assert!(f.credentials.problems().is_empty());
        assert!(f.keep_only(FileKind::Credentials, 99).is_err());
    }
}
