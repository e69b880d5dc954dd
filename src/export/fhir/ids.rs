//! Resource ids, computable names and canonical URLs, derived from a manual's keys so that the
//! same manual exports the same ids every time.

/// The longest id FHIR allows.
pub const MAX_ID_LEN: usize = 64;

/// How many characters of a cut id are kept before its hash.
const KEPT: usize = MAX_ID_LEN - 9;

/// The id made of `parts` joined by hyphens. A character FHIR ids do not allow (outside
/// `[A-Za-z0-9-.]`, such as the `+` of a semver build) becomes a hyphen; an id longer than 64
/// characters keeps its first 55 and ends with a hyphen and eight hex digits of a hash of the
/// whole, so two long ids that begin alike stay apart.
#[must_use]
pub fn id(parts: &[&str]) -> String {
    let whole: String = parts
        .join("-")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '.' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if whole.len() <= MAX_ID_LEN {
        return whole;
    }
    // Only ASCII is left, so any byte index is a character boundary.
    format!("{}-{:08x}", &whole[..KEPT], fnv1a(&whole))
}

/// FNV-1a, 32 bits: a fixed, unseeded hash, so a cut id is the same on every run and machine.
fn fnv1a(text: &str) -> u32 {
    text.bytes().fold(0x811c_9dc5, |hash, byte| {
        (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
    })
}

/// A computable name (FHIR's `[A-Z]([A-Za-z0-9_]){0,254}`) from lower-kebab keys:
/// `bhicci`, `roles` → `BhicciRoles`. Keys start with a letter, so the name does too.
#[must_use]
pub fn name(keys: &[&str]) -> String {
    keys.iter()
        .flat_map(|key| key.split(['-', '_']))
        .filter(|word| !word.is_empty())
        .flat_map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase())
                .into_iter()
                .chain(chars.filter(char::is_ascii_alphanumeric))
        })
        .take(255)
        .collect()
}

/// The canonical URL of a manual with id `manual`, or of something of it (`activity`,
/// `post-visit-debrief`): a URN, as the crate owns no web address.
#[must_use]
pub fn canonical(manual: &str, rest: &[&str]) -> String {
    let mut url = format!("urn:practice-coaching:manual:{manual}");
    for part in rest {
        url.push(':');
        url.push_str(part);
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_ids_are_the_keys_joined() {
        assert_eq!(id(&["bhicci", "2.0.0"]), "bhicci-2.0.0");
        assert_eq!(id(&["m", "1.0.0+build.5"]), "m-1.0.0-build.5");
    }

    #[test]
    fn long_ids_are_cut_stably_and_apart() {
        let long = "a".repeat(64);
        let one = id(&[&long, "one"]);
        let two = id(&[&long, "two"]);
        assert_eq!(one.len(), MAX_ID_LEN);
        assert_eq!(two.len(), MAX_ID_LEN);
        assert_ne!(one, two);
        assert_eq!(one, id(&[&long, "one"]));
    }

    #[test]
    fn names_are_computable() {
        assert_eq!(
            name(&["ahrq-2009", "activity-kinds"]),
            "Ahrq2009ActivityKinds"
        );
        assert_eq!(name(&["bhicci"]), "Bhicci");
    }
}
