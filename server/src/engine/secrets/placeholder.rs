//! Values that look like secrets but are not: placeholders, documentation
//! examples, template and environment references, masked values.

/// Words that mark a value as a stand-in, wherever they occur in it.
const MARKERS: &[&str] = &[
    "example",
    "sample",
    "placeholder",
    "dummy",
    "your",
    "xxxx",
    "****",
    "...",
    "changeme",
    "change_me",
    "change-me",
    "replace",
    "insert",
    "redacted",
    "foobar",
    "lorem",
    "fixme",
    "todo",
    "_here",
    "-here",
    "notreal",
    "not_real",
    "not-real",
    "fake",
    "<",
    ">",
    "${",
    "{{",
    "%(",
    "$(",
    "#{",
];

/// Further markers for values found only by their name (generic secrets),
/// where a word is more likely than in a random provider token.
const GENERIC_MARKERS: &[&str] = &[
    "test",
    "secret",
    "password",
    "passwd",
    "token",
    "mock",
    "sample",
    "default",
    "demo",
    "none",
    "null",
    "undefined",
    "admin",
    "guest",
    "root",
    "qwerty",
    "letmein",
    "welcome",
    "hunter2",
    "abc123",
    "1234",
];

/// Is `value` a stand-in rather than a credential (for any format)?
pub fn is_placeholder(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    if MARKERS.iter().any(|m| lower.contains(m)) {
        return true;
    }
    is_reference(value) || has_long_run(value) || has_sequence(&lower)
}

/// [`is_placeholder`], plus the words people put in examples of
/// `password = ...`; used for values found by name only.
pub fn is_generic_placeholder(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    is_placeholder(value) || GENERIC_MARKERS.iter().any(|m| lower.contains(m))
}

/// References to a value kept elsewhere: `$VAR`, `%VAR%`, `env:X`, `@Secret`.
fn is_reference(value: &str) -> bool {
    let v = value.trim();
    v.starts_with('$')
        || (v.starts_with('%') && v.ends_with('%'))
        || v.starts_with("env:")
        || v.starts_with("ENV[")
        || v.starts_with("vault:")
        || v.starts_with("secret:")
        || v.starts_with("ref+")
        || v.starts_with("arn:")
        || v.starts_with("op://")
        || v.starts_with("sm://")
        || (v.starts_with('{') && v.ends_with('}'))
        || (v.starts_with('[') && v.ends_with(']'))
}

/// Five or more of the same character in a row (`aaaaa`, `00000`, `-----`).
fn has_long_run(value: &str) -> bool {
    let bytes = value.as_bytes();
    let mut run = 1;
    for w in bytes.windows(2) {
        if w[0] == w[1] {
            run += 1;
            if run >= 5 {
                return true;
            }
        } else {
            run = 1;
        }
    }
    false
}

/// Six or more consecutive characters counting up or down (`123456`, `abcdef`).
fn has_sequence(lower: &str) -> bool {
    let bytes = lower.as_bytes();
    let (mut up, mut down) = (1, 1);
    for w in bytes.windows(2) {
        let alnum = w[0].is_ascii_alphanumeric() && w[1].is_ascii_alphanumeric();
        up = if alnum && w[1] == w[0].wrapping_add(1) {
            up + 1
        } else {
            1
        };
        down = if alnum && w[1].wrapping_add(1) == w[0] {
            down + 1
        } else {
            1
        };
        if up >= 6 || down >= 6 {
            return true;
        }
    }
    false
}

/// A UUID (`8-4-4-4-12` hex): an identifier far more often than a secret.
pub fn is_uuid(value: &str) -> bool {
    let parts: Vec<&str> = value.split('-').collect();
    parts.len() == 5
        && parts
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(p, n)| p.len() == n && p.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_recognised() {
        for v in [
            "your-api-key-here",
            "<TOKEN>",
            "xxxxxxxxxxxx",
            "${API_KEY}",
            "%(password)s",
            "{{ secret }}",
            "AKIAIOSFODNN7EXAMPLE",
            "sk-aaaaaaaaaaaaaaaa",
            "abc123456789",
            "$DB_PASSWORD",
            "changeme",
        ] {
            assert!(is_placeholder(v), "{v}");
        }
        for v in [
            "q8Zr2LxP0vKt7sWm3NcY",
            "ghp_Zq3xT8mVb2Lk9PwR4nYc7HsJ1dFg5A0aBc",
        ] {
            assert!(!is_placeholder(v), "{v}");
        }
        assert!(is_generic_placeholder("testpassword1"));
        assert!(is_uuid("123e4567-e89b-12d3-a456-426614174000"));
        assert!(!is_uuid("123e4567e89b12d3a456426614174000"));
    }
}
