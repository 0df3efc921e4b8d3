//! How one line reads, as configparser reads it (headers, keys, comments, continuations,
//! malformed lines), the line endings kept, and the size of a line's record.

use super::line::*;

fn kinds(text: &str) -> Vec<LineKind> {
    split_lines(text, 0).into_iter().map(|l| l.kind).collect()
}

#[test]
fn a_line_record_stays_small() {
    assert!(std::mem::size_of::<Line>() <= 32);
}

#[test]
fn reads_like_configparser() {
    let k = kinds("# c\n[s]\nk=v\n  sub = 1\n\n  ; c\n  more = 2\nn : x\n");
    assert_eq!(k[0], LineKind::Comment);
    assert_eq!(
        k[1],
        LineKind::Header {
            name: Span::new(1..2)
        }
    );
    assert_eq!(
        k[2],
        LineKind::Entry {
            key: Span::new(0..1),
            value: Span::new(2..3)
        }
    );
    assert!(matches!(k[3], LineKind::SubEntry { .. }));
    assert_eq!(k[4], LineKind::Blank);
    assert_eq!(k[5], LineKind::Comment);
    assert!(k[6].is_continuation());
    assert_eq!(
        k[7],
        LineKind::Entry {
            key: Span::new(0..1),
            value: Span::new(4..5)
        }
    );
}

#[test]
fn malformed_lines_are_named() {
    let k = kinds("k = v\n[s]\njust text\n = v\n[]\n");
    assert_eq!(k[0], LineKind::Malformed(Malformed::BeforeFirstSection));
    assert_eq!(k[2], LineKind::Malformed(Malformed::NoDelimiter));
    assert_eq!(k[3], LineKind::Malformed(Malformed::EmptyKey));
    assert_eq!(k[4], LineKind::Malformed(Malformed::NoDelimiter));
}

#[test]
fn header_runs_to_last_bracket() {
    let buf = "[profile a]b] ; x\n";
    let line = split_lines(buf, 0)[0];
    assert_eq!(buf.header_name(line.kind), Some("profile a]b"));
}

#[test]
fn keeps_line_endings() {
    let lines = split_lines("a\r\nb\nc", 0);
    let eols: Vec<Eol> = lines.iter().map(|l| l.eol).collect();
    assert_eq!(eols, [Eol::CrLf, Eol::Lf, Eol::None]);
}

/// Witness: `[default` (no `]`) was reported as "a setting appears before the first [section]
/// header", or as a line that is not `key = value`. It is named as a header without its `]`;
/// with an `=`, configparser reads it as a key, and so does this reader.
#[test]
fn a_header_without_its_bracket_is_named_as_such() {
    let k = kinds("[default\nregion = x\n");
    assert_eq!(k[0], LineKind::Malformed(Malformed::UnclosedHeader));
    let k = kinds("[a]\nk = 1\n[profile b\n");
    assert_eq!(k[2], LineKind::Malformed(Malformed::UnclosedHeader));
    let k = kinds("[a]\n[b = 1\n");
    assert!(matches!(k[1], LineKind::Entry { .. }), "{k:?}");
    let k = kinds("k = 1\n");
    assert_eq!(k[0], LineKind::Malformed(Malformed::BeforeFirstSection));
}
