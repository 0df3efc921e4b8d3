//! `SharedFiles::summaries` (what `keyshelf list` reads, in place) against
//! `SharedFiles::profiles` (every setting copied): the same name, kind, region, output and
//! secret location for every profile, in the same order, on every fixture and on generated
//! file pairs (sections in both files, keys in any case, secrets in either, continuation
//! lines, nested blocks, `[DEFAULT]`, shadowed headers, `credential_process` lines).

use super::*;
use keyshelf::aws::Profile;

/// How many file pairs `both` also checked against the profiles found one by one.
static CHECKED_ONE_BY_ONE: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// A profile as a comparable row.
fn row(p: &Profile) -> String {
    format!(
        "{} {:?} {:?} {:?} {:?}",
        p.name, p.kind, p.region, p.output, p.secret
    )
}

/// Both readings of `files`, as comparable rows. `profiles` and `summaries` share one walk over
/// the sections; it is checked first against the names and profiles found one by one.
fn both(files: &SharedFiles) -> (Vec<String>, Vec<String>) {
    let full: Vec<String> = files.profiles().iter().map(row).collect();
    // A header repeated in one file makes botocore refuse it (configparser's
    // DuplicateSectionError), and the two readings then differ on which section counts:
    // compared only where no header repeats.
    let repeats = |doc: &keyshelf::ini::Document| {
        let headers: Vec<&str> = doc.section_names().collect();
        (1..headers.len()).any(|i| headers[..i].contains(&headers[i]))
    };
    if !repeats(&files.config) && !repeats(&files.credentials) {
        CHECKED_ONE_BY_ONE.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        // Sorted: a profile whose config header repeats comes where its last header stands
        // in the walk, where its first does in `profile_names`.
        let mut walked = full.clone();
        walked.sort();
        let mut one_by_one: Vec<String> = files
            .profile_names()
            .iter()
            .filter_map(|name| files.profile(name))
            .map(|p| row(&p))
            .collect();
        one_by_one.sort();
        assert_eq!(walked, one_by_one, "the walk against lookups one by one");
    }
    let summaries = files
        .summaries()
        .into_iter()
        .map(|s| {
            format!(
                "{} {:?} {:?} {:?} {:?}",
                s.name,
                s.kind,
                s.region.as_deref().map(str::to_owned),
                s.output.as_deref().map(str::to_owned),
                s.secret
            )
        })
        .collect();
    (full, summaries)
}

/// Lines a profile section may hold, chosen to move its kind and secret location around.
const LINES: &[&str] = &[
    "region = eu-west-1",
    "REGION = us-east-2",
    "output = json",
    "output =\n  continued",
    "region = first\n  second",
    "aws_access_key_id = AKIAIOSFODNN7EXAMPLE",
    "AWS_Access_Key_ID = AKIAIOSFODNN7EXAMPLE",
    "aws_secret_access_key = secret",
    "aws_session_token = token",
    "role_arn = arn:aws:iam::123456789012:role/R",
    "web_identity_token_file = /t",
    "source_profile = default",
    "sso_session = corp",
    "sso_start_url = https://corp.awsapps.com/start",
    "login_session = arn:aws:iam::123456789012:user/a",
    "credential_process = \"/usr/bin/keyshelf\" credential-process --profile p",
    "credential_process = \"/usr/bin/keyshelf\" credential-process --profile p --sso-session s --sso-account-id 1 --sso-role-name R",
    "credential_process = /opt/other --flag",
    "s3 =\n  addressing_style = path",
    "# a comment",
    "",
];

fn section(rng: &mut Rng, header: &str) -> String {
    let mut text = format!("[{header}]\n");
    for _ in 0..rng.below(5) {
        text.push_str(rng.pick(LINES));
        text.push('\n');
    }
    text
}

#[test]
fn summaries_read_in_place_agree_with_the_profiles_built_in_full() {
    for pair in fixture_pairs() {
        let (full, summaries) = both(&files_of(&pair.config, &pair.credentials));
        assert_eq!(summaries, full, "fixture {}", pair.stem);
    }
    let mut rng = Rng(0x5eed_5a11_0000_0001);
    for case in 0..2_000 {
        let (mut config, mut credentials) = (String::new(), String::new());
        for _ in 0..rng.below(6) {
            let name = rng.pick(&["a", "b", "default", "c d"]).to_owned();
            let header = match rng.pick(&["profile", "plain", "DEFAULT"]) {
                "profile" if name != "default" => format!("profile {name}"),
                "DEFAULT" => "DEFAULT".to_owned(),
                _ => name.clone(),
            };
            config.push_str(&section(&mut rng, &header));
            if rng.below(2) == 0 {
                credentials.push_str(&section(&mut rng, &name));
            }
        }
        let (full, summaries) = both(&files_of(&config, &credentials));
        assert_eq!(
            summaries, full,
            "case {case}:\n--- config\n{config}--- credentials\n{credentials}"
        );
    }
    let checked = CHECKED_ONE_BY_ONE.load(std::sync::atomic::Ordering::Relaxed);
    assert!(checked > 500, "only {checked} pairs had no repeated header");
}
