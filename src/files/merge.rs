//! Merging a save with a change another program made to the same file since it was read:
//! when the two changed different sections (different profiles), both changes are
//! kept; when they touched the same section, nothing is merged and the save is a conflict, as
//! before. The command line never needs this (it holds the save lock from its read to its
//! save); the app, which keeps a file open for as long as a person edits, does.
//!
//! A file is cut into units: the lines before the first header, then each section from its
//! header to the next header (the comment lines above a header go with the section before it,
//! exactly as the INI layer's index has them). Units are named by their header text and how
//! many same-named headers come before them.

use rustc_hash::{FxHashMap, FxHashSet};

use crate::ini::Document;

type UnitKey = (String, usize);

/// One file's units in order, each with its exact text (line endings included).
fn units(text: &str) -> Vec<(UnitKey, String)> {
    let doc = Document::parse(text);
    let lines = doc.line_texts();
    let mut starts: Vec<(usize, String)> = vec![(0, String::new())];
    starts.extend(
        doc.headers()
            .map(|(name, line)| (line - 1, name.to_owned())),
    );
    let mut seen: FxHashMap<String, usize> = FxHashMap::default();
    let mut out = Vec::with_capacity(starts.len());
    for (i, (start, name)) in starts.iter().enumerate() {
        let end = starts.get(i + 1).map_or(lines.len(), |(next, _)| *next);
        if i == 0 && end == 0 && !doc.has_bom() {
            continue;
        }
        let count = seen.entry(name.clone()).or_insert(0);
        let key = (name.clone(), *count);
        *count += 1;
        let mut text = String::new();
        if i == 0 && doc.has_bom() {
            text.push('\u{feff}');
        }
        for line in &lines[*start..end] {
            text.push_str(line);
        }
        out.push((key, text));
    }
    out
}

/// `ours` and `theirs`, both made from `base`, merged when they changed different units;
/// `None` when they changed the same one (or both changed the file's opening lines).
pub(crate) fn merge(base: &str, ours: &str, theirs: &str) -> Option<String> {
    if ours == base {
        return Some(theirs.to_owned());
    }
    if theirs == base || theirs == ours {
        return Some(ours.to_owned());
    }
    // A text too large to read would come out as no units at all, and its content lost.
    if [base, ours, theirs]
        .iter()
        .any(|text| text.len() > crate::ini::MAX_DOCUMENT_BYTES)
    {
        return None;
    }
    let (base, ours, theirs) = (units(base), units(ours), units(theirs));
    // Looked up by key: a scan per unit made merging files of thousands of profiles quadratic.
    let by_key = |units: &[(UnitKey, String)]| -> FxHashMap<UnitKey, String> {
        units.iter().cloned().collect()
    };
    let (base_map, ours_map) = (by_key(&base), by_key(&ours));
    let text_of = |map: &FxHashMap<UnitKey, String>, key: &UnitKey| map.get(key).cloned();
    // The blank lines at a unit's end separate it from the next one: appending a profile may
    // add one to the section before it, which is not a change of that section.
    fn core(text: Option<&String>) -> Option<&str> {
        text.map(|t| t.trim_end())
    }
    let changed = |side: &[(UnitKey, String)]| -> FxHashSet<UnitKey> {
        let side_map = by_key(side);
        base.iter()
            .chain(side.iter())
            .map(|(k, _)| k)
            .filter(|k| core(base_map.get(*k)) != core(side_map.get(*k)))
            .cloned()
            .collect()
    };
    let (ours_changed, theirs_changed) = (changed(&ours), changed(&theirs));
    if ours_changed.iter().any(|k| theirs_changed.contains(k)) {
        return None;
    }
    // Their file, with our changed units put in: replaced in place, removed, or (new) added
    // at the end in our order.
    let mut merged: Vec<(UnitKey, String)> = theirs
        .into_iter()
        .filter_map(|(key, text)| {
            if !ours_changed.contains(&key) {
                return Some((key, text));
            }
            text_of(&ours_map, &key).map(|text| (key, text))
        })
        .collect();
    let present: FxHashSet<UnitKey> = merged.iter().map(|(k, _)| k.clone()).collect();
    for (key, text) in &ours {
        if ours_changed.contains(key) && !present.contains(key) {
            merged.push((key.clone(), text.clone()));
        }
    }
    let mut out = String::new();
    for (_, text) in merged {
        // A unit that was last in its file may lack a final line break: it needs one now.
        if !out.is_empty() && !out.ends_with(['\n', '\r']) {
            out.push_str(if out.contains("\r\n") { "\r\n" } else { "\n" });
        }
        out.push_str(&text);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "# team\n[profile a]\nregion = x\n\n[profile b]\nregion = y\n";

    #[test]
    fn changes_to_different_profiles_are_both_kept() {
        let ours = BASE.replace("region = x", "region = x2");
        let theirs = BASE.replace("region = y", "region = y2");
        assert_eq!(
            merge(BASE, &ours, &theirs).unwrap(),
            "# team\n[profile a]\nregion = x2\n\n[profile b]\nregion = y2\n"
        );
    }

    #[test]
    fn a_profile_added_on_each_side_is_kept() {
        let ours = format!("{BASE}\n[profile c]\nregion = z\n");
        let theirs = format!("{BASE}[profile d]\noutput = json");
        assert_eq!(
            merge(BASE, &ours, &theirs).unwrap(),
            format!("{BASE}[profile d]\noutput = json\n[profile c]\nregion = z\n")
        );
    }

    #[test]
    fn two_writers_appending_profiles_do_not_conflict_over_the_blank_line() {
        // keyshelf puts a blank line before a new section; both sides did.
        let ours = format!("{BASE}\n[profile c]\nregion = z\n");
        let theirs = format!("{BASE}\n[profile d]\nregion = w\n");
        let merged = merge(BASE, &ours, &theirs).unwrap();
        assert!(
            merged.contains("[profile c]") && merged.contains("[profile d]"),
            "{merged}"
        );
        assert!(Document::parse(&merged).problems().is_empty());
    }

    #[test]
    fn the_same_profile_changed_on_both_sides_is_a_conflict() {
        let ours = BASE.replace("region = x", "region = x2");
        let theirs = BASE.replace(
            "[profile a]\nregion = x",
            "[profile a]\nregion = x\noutput = json",
        );
        assert_eq!(merge(BASE, &ours, &theirs), None);
        // A deletion on one side and an edit on the other, too.
        let removed = BASE.replace("[profile a]\nregion = x\n\n", "");
        assert_eq!(merge(BASE, &removed, &theirs), None);
    }

    #[test]
    fn a_removal_and_an_edit_elsewhere_merge() {
        let ours = BASE.replace("[profile a]\nregion = x\n\n", "");
        let theirs = BASE.replace("region = y", "region = y2");
        assert_eq!(
            merge(BASE, &ours, &theirs).unwrap(),
            "# team\n[profile b]\nregion = y2\n"
        );
    }
}
