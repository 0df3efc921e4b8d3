//! Plain words for messages: counts with proper plurals ("1 profile", "3
//! profiles", never "profile(s)") and names in quotation marks (never backticks).

/// "1 day", "3 days".
pub fn plural(count: usize, one: &str, many: &str) -> String {
    if count == 1 {
        format!("1 {one}")
    } else {
        format!("{count} {many}")
    }
}

/// A name as messages show it: “dev”.
pub fn quoted(name: &str) -> String {
    format!("“{}”", name.escape_debug())
}

/// Text for a terminal, its control characters (ESC, CR, NUL, the C1 set) escaped as `\u{1b}`:
/// a name or value from a file must not move the cursor, change colours or hide itself, nor
/// two names look alike. Borrowed, at the cost of one scan, when there is none (nearly always).
pub fn terminal_safe(text: &str) -> std::borrow::Cow<'_, str> {
    // C1 controls are U+0080–U+009F, whose UTF-8 starts with the byte 0xC2.
    if !text.bytes().any(|b| b < 0x20 || b == 0x7f || b == 0xc2)
        || !text.chars().any(char::is_control)
    {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A recorded `YYYY-MM-DD` date as people read it: "29 Nov 2026"; `None` for anything else.
pub fn date(recorded: &str) -> Option<String> {
    let date = chrono::NaiveDate::parse_from_str(recorded.trim(), "%Y-%m-%d").ok()?;
    Some(date.format("%-d %b %Y").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_names() {
        assert_eq!(plural(1, "profile", "profiles"), "1 profile");
        assert_eq!(plural(0, "profile", "profiles"), "0 profiles");
        assert_eq!(quoted("dev"), "“dev”");
        assert_eq!(quoted("a\nb"), "“a\\nb”");
        assert_eq!(date("2026-11-29").as_deref(), Some("29 Nov 2026"));
        assert_eq!(date("yesterday"), None);
    }

    #[test]
    fn control_characters_never_reach_the_terminal() {
        assert_eq!(terminal_safe("dév"), "dév");
        assert!(matches!(
            terminal_safe("dév"),
            std::borrow::Cow::Borrowed(_)
        ));
        assert_eq!(terminal_safe("\u{1b}[31mRED"), "\\u{1b}[31mRED");
        assert_eq!(
            terminal_safe("a\0b\rc\u{9b}d\u{7f}"),
            "a\\u{0}b\\rc\\u{9b}d\\u{7f}"
        );
    }
}
