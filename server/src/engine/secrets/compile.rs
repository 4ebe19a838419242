//! Secret rules, compiled: every provider format of every `engine = "secret"`
//! rule goes into one `RegexSet` (the prefilter: one pass says which formats
//! occur at all), and keeps its own regex to locate and check matches.

use super::checksum::Checksum;
use super::validate::Validator;
use crate::engine::patterns::PatternError;
use crate::rules::{Rule, RuleSet};
use regex::bytes::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};
use serde::Deserialize;
use std::sync::Arc;

/// The `[secret]` table of a rule file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Spec {
    /// Who issued the credential: "GitHub", "Stripe", ...
    provider: String,
    /// `token` (default): formats below. `generic`: secret-looking names.
    #[serde(default)]
    kind: SpecKind,
    /// Environment variable a fix reads the value from.
    #[serde(default)]
    env_var: Option<String>,
    /// Which finding wins when two overlap (higher wins).
    #[serde(default)]
    priority: Option<i32>,
    #[serde(default, rename = "format")]
    formats: Vec<FormatSpec>,
    /// Generic rules: minimal entropy (bits per character) of a token value.
    #[serde(default)]
    min_entropy: Option<f64>,
    /// Generic rules: minimal length of a token value.
    #[serde(default)]
    min_length: Option<usize>,
    /// Generic rules: minimal length of a password value.
    #[serde(default)]
    password_min_length: Option<usize>,
    /// The language of the rule's `docs.example` and `docs.instead`
    /// (`text`, `python` or `rust`); read by the documentation tests.
    #[serde(default)]
    #[allow(dead_code)]
    example_language: Option<String>,
}

#[derive(Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
enum SpecKind {
    #[default]
    Token,
    Generic,
}

/// One `[[secret.format]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FormatSpec {
    /// What the credential is: "personal access token (classic)".
    name: String,
    /// Where the secret is; a capture group named `secret` marks the value
    /// when the pattern also matches context around it.
    regex: String,
    /// When given, the match's line (or the line above) must contain one of
    /// these words, case-insensitively.
    #[serde(default)]
    keywords: Vec<String>,
    #[serde(default)]
    checksum: Option<Checksum>,
    /// Minimal entropy of the value (default 3.0 bits per character).
    #[serde(default)]
    min_entropy: Option<f64>,
    #[serde(default)]
    validate: Option<Validator>,
    #[serde(default)]
    env_var: Option<String>,
    /// Values that must be reported (run as tests).
    #[serde(default)]
    samples: Vec<String>,
    /// Look-alikes that must not be reported (run as tests).
    #[serde(default)]
    silent: Vec<String>,
}

/// One compiled token format.
#[derive(Debug)]
pub struct Format {
    pub rule: Arc<Rule>,
    pub provider: String,
    /// What the credential is, for messages.
    pub name: String,
    pub regex: Regex,
    secret_group: Option<usize>,
    pub keywords: Vec<String>,
    pub checksum: Option<Checksum>,
    pub min_entropy: f64,
    pub validate: Option<Validator>,
    pub env_var: Option<String>,
    pub priority: i32,
    pub samples: Vec<String>,
    pub silent: Vec<String>,
}

impl Format {
    /// The capture group that holds the secret, if the pattern has context.
    pub fn secret_group(&self) -> Option<usize> {
        self.secret_group
    }
}

/// The secret-looking-name rule.
#[derive(Debug)]
pub struct Generic {
    pub rule: Arc<Rule>,
    pub min_entropy: f64,
    pub min_length: usize,
    pub password_min_length: usize,
    pub priority: i32,
}

/// Every secret rule of a rule set, compiled once.
#[derive(Debug, Default)]
pub struct SecretSet {
    pub(super) prefilter: Option<RegexSet>,
    pub(super) formats: Vec<Format>,
    pub(super) generic: Option<Generic>,
    /// The last `[secrets]` settings compiled: every analysis asks for them,
    /// and compiling their globs and patterns costs more than a keystroke's
    /// whole secret check.
    pub(super) settings: super::settings::Cache,
}

/// Repetitions longer than this are loosened in the prefilter.
const PREFILTER_COUNT: u32 = 12;

/// The prefilter's form of a pattern: `X{40}` becomes `X{12,}` and
/// `[^\n]{0,40}?` becomes `[^\n]*?`. Every text the pattern matches, the
/// loosened one matches too, and a DFA runs it without a state per count.
fn relax_counts(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        let escaped = rest[..open].ends_with('\\') && !rest[..open].ends_with("\\\\");
        let close = rest[open..].find('}').map(|c| open + c);
        let counts = close.map(|c| &rest[open + 1..c]).filter(|inner| {
            !inner.is_empty() && inner.bytes().all(|b| b.is_ascii_digit() || b == b',')
        });
        match (escaped, close, counts) {
            (false, Some(close), Some(inner)) => {
                let low: u32 = inner.split(',').next().unwrap_or("0").parse().unwrap_or(0);
                let high: Option<u32> = match inner.split_once(',') {
                    Some((_, "")) => None,
                    Some((_, h)) => h.parse().ok(),
                    None => Some(low),
                };
                out.push_str(&rest[..open]);
                if high.is_some_and(|h| h <= PREFILTER_COUNT) {
                    out.push_str(&rest[open..=close]);
                } else if low == 0 {
                    out.push('*');
                } else {
                    out.push_str(&format!("{{{},}}", low.min(PREFILTER_COUNT)));
                }
                rest = &rest[close + 1..];
            }
            _ => {
                out.push_str(&rest[..=open]);
                rest = &rest[open + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn compile_regex(pattern: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(pattern)
        .unicode(false)
        .size_limit(16 << 20)
        .build()
}

impl SecretSet {
    /// Compile the secret rules of `rules`; a broken rule is reported and skipped.
    pub fn compile(rules: &RuleSet) -> (SecretSet, Vec<PatternError>) {
        let mut set = SecretSet::default();
        let mut errors = Vec::new();
        for rule in rules.iter().filter(|r| r.engine == "secret") {
            let err = |message: String| PatternError {
                rule_id: rule.id.clone(),
                message,
            };
            let Some(table) = rule.extra.get("secret") else {
                errors.push(err("a secret rule needs a [secret] table".into()));
                continue;
            };
            let spec: Spec = match table.clone().try_into() {
                Ok(spec) => spec,
                Err(e) => {
                    errors.push(err(format!("[secret]: {}", e.message())));
                    continue;
                }
            };
            if spec.kind == SpecKind::Generic {
                set.generic = Some(Generic {
                    rule: rule.clone(),
                    min_entropy: spec.min_entropy.unwrap_or(3.0),
                    min_length: spec.min_length.unwrap_or(12),
                    password_min_length: spec.password_min_length.unwrap_or(6),
                    priority: spec.priority.unwrap_or(10),
                });
                continue;
            }
            if spec.formats.is_empty() {
                errors.push(err("[secret] has no [[secret.format]]".into()));
            }
            for f in spec.formats {
                match compile_regex(&f.regex) {
                    Ok(regex) => {
                        let secret_group = regex.capture_names().position(|n| n == Some("secret"));
                        set.formats.push(Format {
                            rule: rule.clone(),
                            provider: spec.provider.clone(),
                            name: f.name,
                            regex,
                            secret_group,
                            keywords: f.keywords.iter().map(|k| k.to_ascii_lowercase()).collect(),
                            checksum: f.checksum,
                            min_entropy: f.min_entropy.unwrap_or(3.0),
                            validate: f.validate,
                            env_var: f.env_var.or_else(|| spec.env_var.clone()),
                            priority: spec.priority.unwrap_or(50),
                            samples: f.samples,
                            silent: f.silent,
                        });
                    }
                    Err(e) => errors.push(err(format!("format `{}`: {e}", f.name))),
                }
            }
        }
        if !set.formats.is_empty() {
            let patterns: Vec<String> = set
                .formats
                .iter()
                .map(|f| relax_counts(f.regex.as_str()))
                .collect();
            match RegexSetBuilder::new(patterns)
                .unicode(false)
                .size_limit(256 << 20)
                .dfa_size_limit(64 << 20)
                .build()
            {
                Ok(prefilter) => set.prefilter = Some(prefilter),
                Err(e) => errors.push(PatternError {
                    rule_id: "*".into(),
                    message: format!("secret formats do not compile together: {e}"),
                }),
            }
        }
        (set, errors)
    }

    /// The compiled provider formats (for documentation and tests).
    pub fn formats(&self) -> &[Format] {
        &self.formats
    }

    /// The generic rule, when one is loaded.
    pub fn generic(&self) -> Option<&Generic> {
        self.generic.as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefilter_patterns_loosen_long_counts_only() {
        assert_eq!(
            relax_counts(r"ghp_[A-Za-z0-9]{36}"),
            r"ghp_[A-Za-z0-9]{12,}"
        );
        assert_eq!(relax_counts(r"a{2,5}b{0,40}?c{20,}"), r"a{2,5}b*?c{12,}");
        assert_eq!(relax_counts(r"x\{40}"), r"x\{40}");
        let relaxed = compile_regex(&relax_counts(r"\bsk-[A-Za-z0-9]{48}\b")).unwrap();
        assert!(relaxed.is_match(format!("k=sk-{}", "aB3".repeat(16)).as_bytes()));
    }
}
