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
}
