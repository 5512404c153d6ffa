//! Phone numbers for the SMS handoff: E.164 only (`+` then up to 15 digits), with the usual
//! separators people type removed.

use crate::error::DeskError;

const FIELD: &str = "phoneNumber";

/// Normalizes `+1 (555) 123-4567` to `+15551234567`; refuses what is not unambiguous E.164.
pub fn normalize_e164(input: &str) -> Result<String, DeskError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(DeskError::invalid(
            FIELD,
            "type a phone number, or leave it empty to use the key owner's phone",
        ));
    }
    let compact: String = trimmed
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')' | '\u{a0}'))
        .collect();
    let Some(digits) = compact.strip_prefix('+') else {
        return Err(DeskError::invalid(
            FIELD,
            format!("{trimmed:?} has no country code: write it as + then the country code and number, e.g. +1 555 123 4567"),
        ));
    };
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(DeskError::invalid(
            FIELD,
            "a phone number has only digits after the +",
        ));
    }
    if digits.starts_with('0') || !(8..=15).contains(&digits.len()) {
        return Err(DeskError::invalid(
            FIELD,
            "an E.164 number is + then 8 to 15 digits, the first not 0, e.g. +15551234567",
        ));
    }
    Ok(format!("+{digits}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(input: &str) -> String {
        match normalize_e164(input) {
            Err(DeskError::Invalid { field, rule }) => {
                assert_eq!(field, "phoneNumber");
                rule
            }
            other => panic!("{input:?} gave {other:?}"),
        }
    }

    #[test]
    fn common_spellings_normalize() {
        assert_eq!(normalize_e164("+1 555 123 4567").unwrap(), "+15551234567");
        assert_eq!(normalize_e164("+1 (555) 123-4567").unwrap(), "+15551234567");
        assert_eq!(
            normalize_e164(" +44.20.7946.0958 ").unwrap(),
            "+442079460958"
        );
    }

    #[test]
    fn ambiguous_or_malformed_numbers_are_refused_with_help() {
        assert!(rule("555-1234").contains("country code"));
        assert!(rule("+1 555 CALL NOW").contains("only digits"));
        assert!(rule("+0123456789").contains("first not 0"));
        assert!(rule("+1234").contains("8 to 15"));
        assert!(rule("").contains("empty"));
    }
}
