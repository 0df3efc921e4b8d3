//! `SharedFiles::summaries` (what `keyshelf list` reads, in place) against
//! `SharedFiles::profiles` (every setting copied): the same name, kind, region, output and
//! secret location for every profile, in the same order, on every fixture and on generated
//! file pairs (sections in both files, keys in any case, secrets in either, continuation
//! lines, nested blocks, `[DEFAULT]`, shadowed headers, `credential_process` lines).

use super::*;

/// Both readings of `files`, as comparable rows.
fn both(files: &SharedFiles) -> (Vec<String>, Vec<String>) {
    let full = files
        .profiles()
        .iter()
        .map(|p| {
            format!(
                "{} {:?} {:?} {:?} {:?}",
                p.name, p.kind, p.region, p.output, p.secret
            )
        })
        .collect();
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
}
