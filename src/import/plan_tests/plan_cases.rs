//! `plan`: what each row will do.

use super::*;
use crate::fault::Fault;

// ---------------------------------------------------------------------------------------------
// plan

#[test]
fn plan_creates_new_profiles_and_keeps_the_keys() {
    let sb = sandbox();
    let ws = sb.load();
    let planned = plan(
        &ws,
        &[
            candidate(2, "alice", ID_A, SK_A),
            candidate(3, "bob", ID_B, SK_B),
        ],
        OnConflict::Fail,
    )
    .unwrap();
    assert_eq!(
        profiles_and_actions(&planned),
        [(2, "alice", Action::Create), (3, "bob", Action::Create)]
    );
    assert_eq!(planned[0].access_key_id, ID_A);
    assert_eq!(planned[1].secret_access_key.expose(), SK_B);
}

#[test]
fn plan_fails_on_an_existing_profile_naming_file_row_and_profile() {
    let sb = sandbox();
    let ws = sb.load();
    let err = plan(
        &ws,
        &[
            candidate(2, "alice", ID_A, SK_A),
            candidate(3, "dev", ID_B, SK_B),
        ],
        OnConflict::Fail,
    )
    .unwrap_err();
    assert!(
        matches!(&err, PlanError { file, row: 3, .. } if file == "keys.csv"),
        "{err:?}"
    );
    let text = err.to_string();
    assert!(text.starts_with("keys.csv, row 3: "), "{text}");
    assert!(text.contains("“dev”"), "{text}");
    assert!(!text.contains(SK_B) && !text.contains(ID_B), "{text}");
    assert!(err.is_user_error());
}

#[test]
fn plan_replace_and_skip_keep_the_name() {
    let sb = sandbox();
    let ws = sb.load();
    let rows = [
        candidate(2, "dev", ID_A, SK_A),
        candidate(3, "new", ID_B, SK_B),
    ];
    let replaced = plan(&ws, &rows, OnConflict::Replace).unwrap();
    assert_eq!(
        profiles_and_actions(&replaced),
        [(2, "dev", Action::ReplaceKeys), (3, "new", Action::Create)]
    );
    let skipped = plan(&ws, &rows, OnConflict::Skip).unwrap();
    assert_eq!(
        profiles_and_actions(&skipped),
        [(2, "dev", Action::Skip), (3, "new", Action::Create)]
    );
}

#[test]
fn plan_rename_takes_the_first_free_name_in_the_files_and_in_the_plan() {
    let sb = sandbox_with(
        "[profile dev]\nregion = eu-west-1\n\n[profile dev-2]\nregion = eu-west-2\n",
        "",
    );
    let ws = sb.load();
    let planned = plan(
        &ws,
        &[
            candidate(2, "dev", ID_A, SK_A),
            candidate(3, "dev", ID_B, SK_B),
            candidate(4, "other", ID_B, SK_B),
        ],
        OnConflict::Rename,
    )
    .unwrap();
    assert_eq!(
        profiles_and_actions(&planned),
        [
            (2, "dev-3", Action::Create),
            (3, "dev-4", Action::Create),
            (4, "other", Action::Create)
        ]
    );
}

#[test]
fn plan_refuses_two_rows_with_one_name() {
    let sb = sandbox();
    let ws = sb.load();
    for mode in [OnConflict::Fail, OnConflict::Replace, OnConflict::Skip] {
        let err = plan(
            &ws,
            &[
                candidate(2, "alice", ID_A, SK_A),
                candidate(5, "alice", ID_B, SK_B),
            ],
            mode,
        )
        .unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("keys.csv, row 5: "), "{mode:?}: {text}");
        assert!(text.contains("“alice”"), "{text}");
    }
}

#[test]
fn plan_refuses_a_missing_or_invalid_name_and_trims_the_rest() {
    let sb = sandbox();
    let ws = sb.load();
    let mut nameless = candidate(4, "", ID_A, SK_A);
    nameless.row.user_name = None;
    nameless.row.profile_name = None;
    let err = plan(&ws, &[nameless], OnConflict::Fail).unwrap_err();
    assert!(err.to_string().starts_with("keys.csv, row 4: "), "{err}");
    assert!(err.to_string().contains("choose a name"), "{err}");

    let blank = candidate(2, "   ", ID_A, SK_A);
    assert!(plan(&ws, &[blank], OnConflict::Fail).is_err());

    for bad in ["a[b", "DEFAULT", "with\nnewline"] {
        let err = plan(&ws, &[candidate(2, bad, ID_A, SK_A)], OnConflict::Fail).unwrap_err();
        assert!(
            err.to_string().starts_with("keys.csv, row 2: "),
            "{bad:?}: {err}"
        );
    }

    let planned = plan(
        &ws,
        &[candidate(2, "  carol ", ID_A, SK_A)],
        OnConflict::Fail,
    )
    .unwrap();
    assert_eq!(planned[0].profile, "carol");
}
