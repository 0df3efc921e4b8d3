//! The public AWS regions and their names, from botocore's endpoint data (partitions aws,
//! aws-cn, aws-us-gov and aws-eusc). Regions not in this list are allowed: the list only helps
//! people pick, and catches typos.

/// `(code, name)` pairs, as in botocore's `endpoints.json`.
pub const REGIONS: &[(&str, &str)] = &[
    ("af-south-1", "Africa (Cape Town)"),
    ("ap-east-1", "Asia Pacific (Hong Kong)"),
    ("ap-east-2", "Asia Pacific (Taipei)"),
    ("ap-northeast-1", "Asia Pacific (Tokyo)"),
    ("ap-northeast-2", "Asia Pacific (Seoul)"),
    ("ap-northeast-3", "Asia Pacific (Osaka)"),
    ("ap-south-1", "Asia Pacific (Mumbai)"),
    ("ap-south-2", "Asia Pacific (Hyderabad)"),
    ("ap-southeast-1", "Asia Pacific (Singapore)"),
    ("ap-southeast-2", "Asia Pacific (Sydney)"),
    ("ap-southeast-3", "Asia Pacific (Jakarta)"),
    ("ap-southeast-4", "Asia Pacific (Melbourne)"),
    ("ap-southeast-5", "Asia Pacific (Malaysia)"),
    ("ap-southeast-6", "Asia Pacific (New Zealand)"),
    ("ap-southeast-7", "Asia Pacific (Thailand)"),
    ("ca-central-1", "Canada (Central)"),
    ("ca-west-1", "Canada West (Calgary)"),
    ("eu-central-1", "Europe (Frankfurt)"),
    ("eu-central-2", "Europe (Zurich)"),
    ("eu-north-1", "Europe (Stockholm)"),
    ("eu-south-1", "Europe (Milan)"),
    ("eu-south-2", "Europe (Spain)"),
    ("eu-west-1", "Europe (Ireland)"),
    ("eu-west-2", "Europe (London)"),
    ("eu-west-3", "Europe (Paris)"),
    ("il-central-1", "Israel (Tel Aviv)"),
    ("me-central-1", "Middle East (UAE)"),
    ("me-south-1", "Middle East (Bahrain)"),
    ("mx-central-1", "Mexico (Central)"),
    ("sa-east-1", "South America (São Paulo)"),
    ("us-east-1", "US East (N. Virginia)"),
    ("us-east-2", "US East (Ohio)"),
    ("us-west-1", "US West (N. California)"),
    ("us-west-2", "US West (Oregon)"),
    ("cn-north-1", "China (Beijing)"),
    ("cn-northwest-1", "China (Ningxia)"),
    ("us-gov-east-1", "AWS GovCloud (US-East)"),
    ("us-gov-west-1", "AWS GovCloud (US-West)"),
    ("eusc-de-east-1", "AWS European Sovereign Cloud (Germany)"),
];

/// The name of a region, when it is a known one.
pub fn region_name(code: &str) -> Option<&'static str> {
    REGIONS
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, name)| *name)
}

/// The known region a mistyped one most likely meant ("eu-wset-1" → "eu-west-1"): the one
/// closest in edits (a letter added, dropped, changed, or two swapped), at most two edits away
/// and closer than any other. `None` for a known region, or when nothing is that close or two
/// are equally close.
pub fn closest(value: &str) -> Option<&'static str> {
    let value = value.trim().to_lowercase();
    if value.is_empty() || region_name(&value).is_some() {
        return None;
    }
    let mut best: Option<(usize, &'static str)> = None;
    let mut tied = false;
    for (code, _) in REGIONS {
        // More than two edits apart by length alone: the distance's table (length × length)
        // is never built for a long value.
        if value.chars().count().abs_diff(code.len()) > 2 {
            continue;
        }
        let distance = edits(&value, code);
        match best {
            Some((d, _)) if distance > d => {}
            Some((d, _)) if distance == d => tied = true,
            _ => {
                best = Some((distance, code));
                tied = false;
            }
        }
    }
    match best {
        Some((distance, code)) if distance <= 2 && !tied => Some(code),
        _ => None,
    }
}

/// Edits from `a` to `b`: insertions, deletions, substitutions and swaps of two neighbours
/// (the optimal-string-alignment distance).
fn edits(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

/// The output formats the AWS CLI accepts.
pub const OUTPUT_FORMATS: &[&str] = &["json", "yaml", "yaml-stream", "text", "table"];

#[cfg(test)]
mod tests {
    #[test]
    fn knows_common_regions() {
        assert_eq!(super::region_name("eu-west-1"), Some("Europe (Ireland)"));
        assert_eq!(super::region_name("mars-1"), None);
    }

    #[test]
    fn a_mistyped_region_suggests_the_one_meant() {
        use super::closest;
        assert_eq!(closest("eu-wset-1"), Some("eu-west-1"));
        assert_eq!(closest("us-west2"), Some("us-west-2"));
        assert_eq!(
            closest("US-EAST-1 "),
            None,
            "a known region, only in capitals"
        );
        assert_eq!(closest("eu-west-1"), None, "known: nothing to suggest");
        // Two equally close: no guess.
        assert_eq!(closest("eu-west-9"), None);
        assert_eq!(closest("mars-1"), None);
        assert_eq!(closest(""), None);
        // The witness: a 100,000-character value took `doctor` seconds (a table of its length
        // by each region's, for each region). Nothing that long is two edits from a region.
        assert_eq!(closest(&"x".repeat(100_000)), None);
        assert_eq!(closest("eu-west-1xx"), Some("eu-west-1"));
    }
}
