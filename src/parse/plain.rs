//! serde's wording of a value of the wrong type, said in a manual author's words: "`3 months`
//! is not a length: write `{"months": 3}`" rather than "unknown variant `3 months`".

/// The time units a length or a period is written in.
const TIME_UNITS: [&str; 4] = ["days", "weeks", "months", "years"];

/// `message` in an author's words where serde's own are about Rust rather than JSON; `None`
/// where it already reads well.
pub(super) fn in_authors_words(message: &str) -> Option<String> {
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        return number_with_unit(rest);
    }
    let rest = message.strip_prefix("invalid type: ")?;
    let (found, expected) = rest.split_once(", expected ")?;
    let said = if let Some(text) = found
        .strip_prefix("string \"")
        .and_then(|t| t.strip_suffix('"'))
    {
        if text.trim().parse::<f64>().is_ok() {
            format!(
                "\"{text}\" is text in quotes; expected {expected}: write {} without quotes",
                text.trim()
            )
        } else {
            format!("\"{text}\" is text; expected {expected}")
        }
    } else if let Some(number) = found
        .strip_prefix("integer `")
        .or_else(|| found.strip_prefix("floating point `"))
        .and_then(|t| t.strip_suffix('`'))
    {
        if expected.contains("string") {
            format!("{number} is a number; expected {expected}: write it in quotes, \"{number}\"")
        } else {
            format!("{number} is not {expected}")
        }
    } else if let Some(flag) = found
        .strip_prefix("boolean `")
        .and_then(|t| t.strip_suffix('`'))
    {
        format!("{flag} is a yes/no value; expected {expected}")
    } else {
        let what = match found {
            "map" => "an object ({...})",
            "sequence" => "a list ([...])",
            "null" | "unit" => "null",
            _ => return None,
        };
        format!("found {what}; expected {expected}")
    };
    Some(said)
}

/// "`3 months` is not a length: write `{"months": 3}`" for an enum value written as a number
/// and a unit in one string, where the unit (or its plural) is one of the expected variants.
fn number_with_unit(rest: &str) -> Option<String> {
    let (value, expected) = rest.split_once('`')?;
    let (number, unit) = value.trim().split_once(char::is_whitespace)?;
    number.parse::<f64>().ok()?;
    let unit = unit.trim().to_lowercase();
    let variants: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    let variant = variants
        .iter()
        .find(|v| **v == unit || **v == format!("{unit}s"))?;
    let noun = if variants.iter().all(|v| TIME_UNITS.contains(v)) {
        "a length"
    } else {
        "one value"
    };
    Some(format!(
        "`{value}` is not {noun}: write `{{\"{variant}\": {number}}}`"
    ))
}

#[cfg(test)]
mod tests {
    use super::in_authors_words;

    #[test]
    fn serdes_words_become_an_authors() {
        let cases = [
            (
                "unknown variant `3 months`, expected `weeks` or `months`",
                "`3 months` is not a length: write `{\"months\": 3}`",
            ),
            (
                "unknown variant `12 week`, expected `weeks` or `months`",
                "`12 week` is not a length: write `{\"weeks\": 12}`",
            ),
            (
                "invalid type: string \"3\", expected an integer from 0 to 120 (months)",
                "\"3\" is text in quotes; expected an integer from 0 to 120 (months): write 3 without quotes",
            ),
            (
                "invalid type: integer `5`, expected a string",
                "5 is a number; expected a string: write it in quotes, \"5\"",
            ),
            (
                "invalid type: map, expected a string",
                "found an object ({...}); expected a string",
            ),
            (
                "invalid type: boolean `true`, expected a string",
                "true is a yes/no value; expected a string",
            ),
        ];
        for (serde, author) in cases {
            assert_eq!(in_authors_words(serde).as_deref(), Some(author), "{serde}");
        }
        // A typo of a variant keeps serde's list and its suggestion.
        assert_eq!(
            in_authors_words("unknown variant `montly`, expected `weeks` or `months`"),
            None
        );
    }
}
