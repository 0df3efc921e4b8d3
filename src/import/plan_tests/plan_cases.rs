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
        assert!(text.ends_with("the name of row 2"), "{text}");
    }
}

/// The witness: one user name in two CSV files of one import was refused with "the name of
/// another row", naming neither the other file nor its row.
#[test]
fn a_name_taken_in_another_file_names_that_file_and_row() {
    let sb = sandbox();
    let ws = sb.load();
    let mut second = candidate(3, "alice", ID_B, SK_B);
    second.source = "bob_accessKeys.csv".into();
    let err = plan(
        &ws,
        &[candidate(2, "alice", ID_A, SK_A), second],
        OnConflict::Fail,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "bob_accessKeys.csv, row 3: profile “alice” is already the name of row 2 of keys.csv"
    );
}

/// The witness: a user name no profile can have (a line break in it), or one the profile
/// prefix spoils (`[`), was reported as "no user name". The message now says which it is.
#[test]
fn an_unusable_user_name_is_named_not_called_missing() {
    let sb = sandbox();
    let ws = sb.load();
    let unusable = |user: &str| {
        let mut row = candidate(2, "", ID_A, SK_A);
        row.row.user_name = Some(user.into());
        row.row.profile_name = None;
        plan(&ws, &[row], OnConflict::Fail).unwrap_err().to_string()
    };
    assert_eq!(
        unusable("al\nice"),
        "keys.csv, row 2: the user name “al\\nice” cannot be a profile name: it contains a line break; choose a name"
    );
    assert_eq!(
        unusable("alice"),
        "keys.csv, row 2: the user name “alice” with the profile prefix cannot be a profile name; choose a name"
    );
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
