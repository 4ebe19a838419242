//! Name normalisation, so that the spellings a registry treats as one name
//! compare equal: PEP 503 for Python (`Foo.Bar_baz` == `foo-bar-baz`), and
//! `-`/`_` plus case for crates.

/// Which registry a name belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Ecosystem {
    PyPI,
    Crates,
}

impl Ecosystem {
    pub fn normalize(self, name: &str) -> String {
        match self {
            Ecosystem::PyPI => normalize_python(name),
            Ecosystem::Crates => normalize_crate(name),
        }
    }

    /// What the registry is called in messages.
    pub fn label(self) -> &'static str {
        match self {
            Ecosystem::PyPI => "Python package",
            Ecosystem::Crates => "crate",
        }
    }
}

/// PEP 503: lowercase, and runs of `-`, `_`, `.` become one `-`.
pub fn normalize_python(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut in_sep = false;
    for c in name.trim().chars() {
        if matches!(c, '-' | '_' | '.') {
            if !in_sep {
                out.push('-');
            }
            in_sep = true;
        } else {
            out.extend(c.to_lowercase());
            in_sep = false;
        }
    }
    out
}

/// Crate names: `-` and `_` are the same to the registry, and so is case.
pub fn normalize_crate(name: &str) -> String {
    name.trim()
        .chars()
        .map(|c| {
            if c == '_' {
                '-'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect()
}

/// A crate name as it is written in Rust paths (`serde-json` -> `serde_json`).
pub fn crate_ident(name: &str) -> String {
    name.trim().replace('-', "_")
}

/// Is `name` a syntactically valid project name (PEP 508 / crate rules)?
/// Anything else in a manifest is not a package entry we judge.
pub fn is_valid_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= 214
        && bytes[0].is_ascii_alphanumeric()
        && bytes[bytes.len() - 1].is_ascii_alphanumeric()
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// The words of a normalised name (`flask-security-utils` -> flask, security, utils).
pub fn tokens(normalized: &str) -> Vec<&str> {
    normalized.split('-').filter(|t| !t.is_empty()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pep503() {
        assert_eq!(normalize_python("Foo.Bar__baz"), "foo-bar-baz");
        assert_eq!(normalize_python("PyYAML"), "pyyaml");
        assert_eq!(normalize_python("zope.interface"), "zope-interface");
    }

    #[test]
    fn crates_ignore_separator_and_case() {
        assert_eq!(normalize_crate("Serde_JSON"), "serde-json");
        assert_eq!(crate_ident("proc-macro2"), "proc_macro2");
    }

    #[test]
    fn valid_names() {
        assert!(is_valid_name("requests"));
        assert!(is_valid_name("zope.interface"));
        assert!(!is_valid_name("-e"));
        assert!(!is_valid_name("git+https"));
        assert!(!is_valid_name(""));
    }
}
