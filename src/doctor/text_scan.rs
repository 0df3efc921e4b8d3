//! Finding keys in a line of text (a shell history, an `.env` file) without a regex engine: an
//! access key ID is `AKIA` or `ASIA` and 16 capital letters or digits, as AWS issues them; a
//! secret is a 40-character base64 word. A lone 40-character word is too common (a git commit
//! is 40 hex digits) to report, so a secret counts only beside a key ID or a name that says it
//! is one (`aws_secret_access_key`, `AWS_SECRET_ACCESS_KEY`, `SecretAccessKey`).

/// What a line says about keys. Holds key IDs only, never a secret.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KeyMention {
    pub key_ids: Vec<String>,
    /// The line holds what looks like a secret access key.
    pub secret: bool,
}

/// Every access key ID in `line`, in order, each whole (not part of a longer word).
pub fn find_key_ids(line: &str) -> Vec<String> {
    let bytes = line.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i + 20 <= bytes.len() {
        let prefix = &bytes[i..i + 4];
        let starts_word = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
        if starts_word
            && (prefix == b"AKIA" || prefix == b"ASIA")
            && bytes[i + 4..i + 20]
                .iter()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
            && bytes.get(i + 20).is_none_or(|b| !b.is_ascii_alphanumeric())
        {
            found.push(line[i..i + 20].to_owned());
            i += 20;
        } else {
            i += 1;
        }
    }
    found
}

fn has_secret_shape(line: &str) -> bool {
    crate::secret::secret_shaped_words(line).next().is_some()
}

/// Whether the line names a secret access key.
fn names_secret(line: &str) -> bool {
    let lower = line.to_ascii_lowercase();
    lower.contains("secret_access_key") || lower.contains("secretaccesskey")
}

/// What `line` says about keys: its key IDs, and whether a secret sits beside a key ID or a
/// secret's name.
pub fn mentions_secret(line: &str) -> KeyMention {
    let key_ids = find_key_ids(line);
    let secret = (!key_ids.is_empty() || names_secret(line)) && has_secret_shape(line);
    KeyMention { key_ids, secret }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    #[test]
    fn key_ids_are_whole_words() {
        assert_eq!(
            find_key_ids("export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE;"),
            ["AKIAIOSFODNN7EXAMPLE"]
        );
        assert!(find_key_ids("XAKIAIOSFODNN7EXAMPLE").is_empty());
        assert!(find_key_ids("AKIAIOSFODNN7EXAMPLEX").is_empty());
        assert!(find_key_ids("AKIAiosfodnn7example").is_empty());
        assert_eq!(
            find_key_ids("ASIAIOSFODNN7EXAMPLE,AKIAIOSFODNN7EXAMPL2"),
            ["ASIAIOSFODNN7EXAMPLE", "AKIAIOSFODNN7EXAMPL2"]
        );
    }

    #[test]
    fn a_secret_counts_beside_its_name_or_a_key_id() {
        assert!(mentions_secret(&format!("AWS_SECRET_ACCESS_KEY={SECRET}")).secret);
        assert!(
            mentions_secret(&format!("aws configure set aws_secret_access_key {SECRET}")).secret
        );
        assert!(mentions_secret(&format!("AKIAIOSFODNN7EXAMPLE,{SECRET}")).secret);
        // A commit hash, and a secret-shaped word with nothing saying it is one.
        assert!(!mentions_secret("git show 3f786850e387550fdab836ed7e6dc881de23001b").secret);
        assert!(!mentions_secret(&format!("echo {SECRET}")).secret);
        // A key ID alone is no secret.
        let id_only =
            mentions_secret("aws iam delete-access-key --access-key-id AKIAIOSFODNN7EXAMPLE");
        assert!(!id_only.secret);
        assert_eq!(id_only.key_ids, ["AKIAIOSFODNN7EXAMPLE"]);
    }

    #[test]
    fn odd_text_does_not_panic() {
        for line in [
            "",
            "AKIA",
            "é AKIAIOSFODNN7EXAMPLE é",
            "ASIA€€€€€€€€€€€€€€€€",
        ] {
            let _ = mentions_secret(line);
        }
        assert_eq!(
            find_key_ids("é AKIAIOSFODNN7EXAMPLE é"),
            ["AKIAIOSFODNN7EXAMPLE"]
        );
    }
}
