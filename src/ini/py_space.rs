//! Whitespace as Python's `str.strip()` sees it, which is how configparser trims keys, values
//! and lines: Unicode white space plus the four ASCII separators U+001C to U+001F.
//!
//! The trims step over ASCII a byte at a time and decode characters only once they meet a
//! non-ASCII byte: nearly every line of an AWS file is ASCII, and reading one is on the path of
//! every command (`keyshelf list` trims each of 30,000 lines twice).

pub(crate) fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\x1c'..='\x1f').contains(&c)
}

/// `text` without leading Python white space.
pub(crate) fn py_trim_start(text: &str) -> &str {
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(&b) = bytes.get(at) {
        if !b.is_ascii() {
            return text[at..].trim_start_matches(is_py_space);
        }
        if !is_py_space(char::from(b)) {
            break;
        }
        at += 1;
    }
    &text[at..]
}

/// `text` without trailing Python white space.
pub(crate) fn py_trim_end(text: &str) -> &str {
    let bytes = text.as_bytes();
    let mut end = bytes.len();
    while end > 0 {
        let b = bytes[end - 1];
        if !b.is_ascii() {
            return text[..end].trim_end_matches(is_py_space);
        }
        if !is_py_space(char::from(b)) {
            break;
        }
        end -= 1;
    }
    &text[..end]
}

/// `text` without Python white space at either end.
pub(crate) fn py_trim(text: &str) -> &str {
    py_trim_end(py_trim_start(text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_ascii_separators_and_unicode_spaces_are_trimmed() {
        assert_eq!(py_trim("\x1c\t key \u{a0}\u{3000}\x1f"), "key");
        assert_eq!(py_trim_start(" \u{2028}é x "), "é x ");
        assert_eq!(py_trim_end(" x é\u{85} \r"), " x é");
        assert_eq!(py_trim(" \u{2003} "), "");
    }

    proptest! {
        /// The byte loops agree with the standard library's char-by-char trims, on text mixing
        /// ASCII, the separators, Unicode spaces and other characters.
        #[test]
        fn the_trims_agree_with_the_char_by_char_ones(
            text in "[ \t\r\x0b\x0c\x1c-\x1f\u{85}\u{a0}\u{2000}\u{3000}aé=\u{10348}]{0,12}"
        ) {
            prop_assert_eq!(py_trim_start(&text), text.trim_start_matches(is_py_space));
            prop_assert_eq!(py_trim_end(&text), text.trim_end_matches(is_py_space));
            prop_assert_eq!(py_trim(&text), text.trim_matches(is_py_space));
        }
    }
}
