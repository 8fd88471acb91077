//! serde's words for a wrong whole number ("invalid type: floating point `1.5`,
//! expected u64") put as a reader would: what is wrong with the value as the
//! file writes it, and which whole numbers are accepted.

/// The largest value of each unsigned type serde may name.
const UNSIGNED: [(&str, u64); 4] = [
    ("u8", u8::MAX as u64),
    ("u16", u16::MAX as u64),
    ("u32", u32::MAX as u64),
    ("u64", u64::MAX),
];

/// `message` in plain words when it is serde's complaint about a whole number;
/// `written` is the value as the file writes it, where known.
pub fn whole_number(message: &str, written: Option<&str>) -> Option<String> {
    let (found, expected) = message
        .strip_prefix("invalid type: ")
        .or_else(|| message.strip_prefix("invalid value: "))?
        .split_once(", expected ")?;
    let max = UNSIGNED.iter().find(|(name, _)| *name == expected)?.1;
    let range = format!("expected a whole number from 0 to {max}");
    if found == "unit value" {
        return Some(format!("no value is given; {range}"));
    }
    let (kind, rest) = found.split_once(" `")?;
    let shown = rest.split_once('`').map(|(v, _)| v)?;
    let value = written.filter(|w| !w.is_empty()).unwrap_or(shown);
    let problem = match kind {
        "integer" if shown.starts_with('-') => "is negative",
        "integer" => "is too large",
        "floating point" => match shown.parse::<f64>() {
            Ok(f) if f < 0.0 => "is negative",
            Ok(f) if f.fract() == 0.0 && f > max as f64 => "is too large",
            Ok(f) if f.is_finite() => "is not a whole number",
            _ => "is not a finite number",
        },
        _ => return None,
    };
    Some(format!("`{value}` {problem}; {range}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_number_complaints_read_plainly() {
        let cases = [
            (
                "invalid type: integer `99999999999999999999999` as u128, expected u64",
                None,
                "`99999999999999999999999` is too large; expected a whole number from 0 to 18446744073709551615",
            ),
            (
                "invalid type: floating point `1000000000000000000000000000000.0`, expected u64",
                Some("1e30"),
                "`1e30` is too large; expected a whole number from 0 to 18446744073709551615",
            ),
            (
                "invalid type: integer `-5`, expected u64",
                Some("-5"),
                "`-5` is negative; expected a whole number from 0 to 18446744073709551615",
            ),
            (
                "invalid type: floating point `1.5`, expected u32",
                Some("1.5"),
                "`1.5` is not a whole number; expected a whole number from 0 to 4294967295",
            ),
            (
                "invalid value: integer `5000000000`, expected u32",
                None,
                "`5000000000` is too large; expected a whole number from 0 to 4294967295",
            ),
            (
                "invalid type: unit value, expected u64",
                None,
                "no value is given; expected a whole number from 0 to 18446744073709551615",
            ),
            (
                "invalid type: floating point `NaN`, expected u64",
                Some(".nan"),
                "`.nan` is not a finite number; expected a whole number from 0 to 18446744073709551615",
            ),
        ];
        for (message, written, plain) in cases {
            assert_eq!(whole_number(message, written).as_deref(), Some(plain), "{message}");
        }
        assert_eq!(whole_number("invalid type: string \"x\", expected u64", None), None);
        assert_eq!(whole_number("unknown field `x`", None), None);
    }
}
