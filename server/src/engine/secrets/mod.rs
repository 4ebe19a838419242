//! Hard-coded credentials: provider token formats, private keys, connection
//! strings (all rules as data, `engine = "secret"`), and values with enough
//! entropy under a secret-looking name (`password = "..."`).
//!
//! One pass of a compiled `RegexSet` over the text tells which formats occur
//! at all; only those regexes run again to locate matches. Every candidate is
//! then judged: checksum, entropy, placeholders, context (the name a literal
//! is assigned to, via the syntax tree for Python and Rust). Secrets leave the
//! engine only redacted.

mod checksum;
mod code;
mod compile;
mod dotenv;
mod entropy;
mod fix;
pub mod kv;
pub mod names;
mod placeholder;
pub mod redact;
mod settings;
mod validate;

pub use checksum::{base62_crc32_suffix, Checksum};
pub use compile::{Format, Generic, SecretSet};

use super::Source;
use crate::config::Config;
use crate::finding::{Finding, Fix, Severity};
use crate::lang::Language;
use crate::rules::Rule;
use names::NameKind;
use std::ops::Range;
use std::sync::Arc;

/// A provider format's match that passed its checks.
#[derive(Debug, Clone)]
pub struct Hit<'s> {
    pub format: &'s Format,
    /// The secret's bytes (a PEM key: the whole block).
    pub span: Range<usize>,
    /// The checksum's verdict, for formats that carry one.
    pub verified: Option<bool>,
}

/// A secret about to be reported.
struct Candidate {
    rule: Arc<Rule>,
    range: Range<usize>,
    secret: String,
    provider: String,
    kind: String,
    priority: i32,
    verified: Option<bool>,
    /// The name the value was assigned to (generic findings).
    name: Option<String>,
    fix: Option<Fix>,
}

impl SecretSet {
    /// The provider formats found in `text`, checked.
    pub fn find<'s>(&'s self, text: &str) -> Vec<Hit<'s>> {
        let Some(prefilter) = &self.prefilter else {
            return Vec::new();
        };
        let bytes = text.as_bytes();
        let mut hits = Vec::new();
        // Lower-cased once, for formats that need a keyword nearby.
        let mut lower: Option<String> = None;
        for index in prefilter.matches(bytes).iter() {
            let format = &self.formats[index];
            if !format.keywords.is_empty() {
                let lower = lower.get_or_insert_with(|| text.to_ascii_lowercase());
                if !format.keywords.iter().any(|k| lower.contains(k.as_str())) {
                    continue;
                }
            }
            let lower = lower.as_deref();
            for caps in format.regex.captures_iter(bytes) {
                let whole = caps.get(0).map(|m| m.range()).unwrap_or_default();
                let span = format
                    .secret_group()
                    .and_then(|g| caps.get(g))
                    .map_or(whole, |m| m.range());
                if let Some(hit) = judge(format, text, lower, &caps, span) {
                    hits.push(hit);
                }
            }
        }
        hits
    }

    /// Every hard-coded secret in `source`, as findings.
    pub fn check(&self, source: &Source, config: &Config) -> Vec<Finding> {
        match self.scanner(source, config) {
            Some(scanner) => scanner.check(0..source.text.len()),
            None => Vec::new(),
        }
    }

    /// A scanner for `source` with the settings resolved once, or `None`
    /// when the file's path is allow-listed.
    pub fn scanner<'a>(&'a self, source: &Source<'a>, config: &Config) -> Option<Scanner<'a>> {
        let settings = self.settings.get(&config.secrets);
        if source.path.is_some_and(|p| settings.path_allowed(p)) {
            return None;
        }
        let generic = self.generic.as_ref().filter(|_| {
            !source
                .path
                .is_some_and(|p| settings::is_lockfile(p) || settings.is_test_path(p))
        });
        let tree = source
            .tree
            .filter(|_| matches!(source.language, Language::Python | Language::Rust));
        Some(Scanner {
            set: self,
            text: source.text,
            language: source.language,
            path: source.path,
            tree,
            generic,
            lockfile: source.path.is_some_and(settings::is_lockfile),
            settings,
        })
    }
    /// A literal in code: provider formats across the pieces of a
    /// concatenation, and secret-looking names for the generic rule.
    fn check_literal(
        &self,
        lit: &code::Literal,
        text: &str,
        lang: Language,
        tree: &tree_sitter::Tree,
        generic: Option<&Generic>,
        found: &mut Vec<Candidate>,
    ) {
        let value = lit.value(text);
        if lit.pieces.len() > 1 {
            for hit in self.find(&value) {
                let secret = value[hit.span.clone()].to_owned();
                let whole = secret.trim() == value.trim();
                let var = env_var(hit.format.env_var.as_deref(), lit.name.as_deref());
                let full = lit.pieces[0].start..lit.pieces[lit.pieces.len() - 1].end;
                let fix = if whole {
                    fix::env_fix(lang, text, tree, lit, full.clone(), &var)
                } else {
                    None
                };
                found.push(Candidate {
                    rule: hit.format.rule.clone(),
                    range: full,
                    secret,
                    provider: hit.format.provider.clone(),
                    kind: hit.format.name.clone(),
                    priority: hit.format.priority,
                    verified: hit.verified,
                    name: None,
                    fix,
                });
            }
        }
        let (Some(generic), Some(name)) = (generic, lit.name.as_deref()) else {
            return;
        };
        let Some(kind) = names::secret_name(name) else {
            return;
        };
        if lit.pieces.is_empty() {
            return;
        }
        if let Some(inner) = generic_value(kind, &value, generic) {
            let full = lit.pieces[0].start..lit.pieces[lit.pieces.len() - 1].end;
            let range = if lit.pieces.len() == 1 {
                full.start + inner.start..full.start + inner.end
            } else {
                full.clone()
            };
            let var = env_var(None, Some(name));
            let fix = fix::env_fix(lang, text, tree, lit, range.clone(), &var);
            found.push(generic_candidate(
                generic,
                kind,
                name,
                range,
                &value[inner],
                fix,
            ));
        }
    }
}

/// One file's secret scan, settings resolved.
pub struct Scanner<'a> {
    set: &'a SecretSet,
    text: &'a str,
    language: Language,
    path: Option<&'a std::path::Path>,
    tree: Option<&'a tree_sitter::Tree>,
    generic: Option<&'a Generic>,
    lockfile: bool,
    settings: std::sync::Arc<settings::Compiled>,
}

impl Scanner<'_> {
    /// Every hard-coded secret in `source`, as findings.
    /// The secrets in `range` of the file: a run of whole top-level nodes
    /// (or the whole text), so that no literal or line is cut.
    pub fn check(&self, range: Range<usize>) -> Vec<Finding> {
        let text = self.text;
        let Some(part) = text.get(range.clone()) else {
            return Vec::new();
        };
        let (generic, tree, lockfile, settings) =
            (self.generic, self.tree, self.lockfile, &self.settings);
        let language = self.language;
        let shift = |r: Range<usize>| r.start + range.start..r.end + range.start;
        let blocks: Vec<Range<usize>> = pem_blocks(part).into_iter().map(shift).collect();
        let literals = match tree {
            Some(tree) => code::literals(language, tree, text, range.clone(), worth_naming),
            None => Vec::new(),
        };
        let docstrings: Vec<Range<usize>> = literals
            .iter()
            .filter(|l| l.docstring)
            .map(|l| l.target.clone())
            .collect();
        let mut found = Vec::new();
        for mut hit in self.set.find(part) {
            hit.span = shift(hit.span);
            let in_block = hit.format.validate != Some(validate::Validator::Pem)
                && blocks
                    .iter()
                    .any(|b| b.start < hit.span.start && hit.span.end <= b.end);
            // Keyword formats match plain hex or UUIDs: in a lockfile those are hashes.
            let hash_like = lockfile && !hit.format.keywords.is_empty();
            // Connection strings in documentation (docstrings, doc comments)
            // show how to connect: `postgresql://scott:tiger@localhost/test`.
            let documented = matches!(
                hit.format.validate,
                Some(validate::Validator::UriPassword | validate::Validator::Password)
            ) && (docstrings
                .iter()
                .any(|d| d.start <= hit.span.start && hit.span.end <= d.end)
                || (tree.is_some() && is_doc_comment(text, hit.span.start)));
            if !in_block && !hash_like && !documented {
                found.push(provider_candidate(&hit, text, language, tree));
            }
        }
        // The insides of the part's string literals, docstrings left out, in
        // text order: where the text forms of a pair count in code.
        let mut string_insides = Vec::new();
        if let Some(tree) = tree {
            for lit in literals {
                self.set
                    .check_literal(&lit, text, language, tree, generic, &mut found);
                if !lit.docstring {
                    string_insides.extend(lit.pieces);
                }
            }
        }
        string_insides.sort_by_key(|p| p.start);
        if let Some(generic) = generic {
            for mut pair in kv::pairs(part) {
                pair.key = shift(pair.key);
                pair.value = shift(pair.value);
                if let Some(tree) = tree {
                    // In code, assignments are judged through the tree; the
                    // text forms count only inside comments and strings.
                    // Docstrings and doc comments hold examples, not secrets.
                    let inside_string = string_insides
                        [..string_insides.partition_point(|p| p.start <= pair.key.start)]
                        .last()
                        .is_some_and(|p| pair.value.end <= p.end);
                    let in_comment = || {
                        code::in_comment(language, tree, text, pair.value.clone())
                            && !is_doc_comment(text, pair.key.start)
                    };
                    if !inside_string && !in_comment() {
                        continue;
                    }
                }
                let key = &text[pair.key.clone()];
                let Some(kind) = names::secret_name(key) else {
                    continue;
                };
                let value = &text[pair.value.clone()];
                if let Some(inner) = generic_value(kind, value, generic) {
                    let start = pair.value.start + inner.start;
                    found.push(generic_candidate(
                        generic,
                        kind,
                        key,
                        start..pair.value.start + inner.end,
                        &value[inner],
                        None,
                    ));
                }
            }
        }
        // Overlaps: the more specific rule wins.
        found.sort_by_key(|c| (std::cmp::Reverse(c.priority), c.range.start));
        let mut kept: Vec<Candidate> = Vec::new();
        for c in found {
            let overlaps = kept
                .iter()
                .any(|k| k.range.start < c.range.end && c.range.start < k.range.end);
            if !overlaps && !settings.value_allowed(&c.secret) {
                kept.push(c);
            }
        }
        let env_hint = if kept.is_empty() {
            None
        } else {
            dotenv::hint(self.path)
        };
        kept.into_iter().map(|c| to_finding(c, env_hint)).collect()
    }
}

/// Pattern matched; now the checks the format asks for.
fn judge<'s>(
    format: &'s Format,
    text: &str,
    lower: Option<&str>,
    caps: &regex::bytes::Captures,
    span: Range<usize>,
) -> Option<Hit<'s>> {
    if !text.is_char_boundary(span.start) || !text.is_char_boundary(span.end) {
        return None;
    }
    let span = match format.validate {
        Some(v) => v.check(text, caps, span)?,
        None => span,
    };
    let value = &text[span.clone()];
    let structural = matches!(format.validate, Some(validate::Validator::Pem));
    if !structural {
        if placeholder::is_placeholder(value) || entropy::shannon(value) < format.min_entropy {
            return None;
        }
        if inside_blob(text, &span) {
            return None;
        }
    }
    if let (false, Some(lower)) = (format.keywords.is_empty(), lower) {
        let context = &lower[context_lines(text, span.start)];
        if !format.keywords.iter().any(|k| context.contains(k.as_str())) {
            return None;
        }
    }
    let verified = format.checksum.map(|c| c.verify(value));
    Some(Hit {
        format,
        span,
        verified,
    })
}

/// How many lines above a match its keywords may stand (a service-account
/// JSON names its type a few lines before the key).
const KEYWORD_LINES_ABOVE: usize = 4;

/// The line holding `at` and the few lines above it.
fn context_lines(text: &str, at: usize) -> Range<usize> {
    let line_start = |pos: usize| crate::text::line_start(text.as_bytes(), pos);
    let mut start = line_start(at);
    for _ in 0..KEYWORD_LINES_ABOVE {
        if start == 0 {
            break;
        }
        start = line_start(start - 1);
    }
    let end = memchr::memchr(b'\n', &text.as_bytes()[at..]).map_or(text.len(), |i| at + i);
    start..end
}

/// The stretches from `-----BEGIN` to `-----END`: key and certificate bodies,
/// where a token-shaped run of base64 is chance.
fn pem_blocks(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = text[from..].find("-----BEGIN") {
        let start = from + at;
        let Some(len) = text[start..].find("-----END") else {
            out.push(start..text.len());
            break;
        };
        out.push(start..start + len);
        from = start + len + 8;
    }
    out
}

/// Part of a long base64 run (an embedded image, a hash list): a token-shaped
/// stretch there is chance, not a credential.
fn inside_blob(text: &str, span: &Range<usize>) -> bool {
    let bytes = text.as_bytes();
    let b64 = |b: u8| b.is_ascii_alphanumeric() || b == b'+' || b == b'/' || b == b'=';
    let before = bytes[..span.start]
        .iter()
        .rev()
        .take_while(|&&b| b64(b))
        .count();
    let after = bytes[span.end..].iter().take_while(|&&b| b64(b)).count();
    before + after > 120
}

fn provider_candidate(
    hit: &Hit,
    text: &str,
    lang: Language,
    tree: Option<&tree_sitter::Tree>,
) -> Candidate {
    let format = hit.format;
    let fix = tree.and_then(|tree| {
        if code::in_comment(lang, tree, text, hit.span.clone()) {
            return None;
        }
        let lit = code::literal_at(lang, tree, text, hit.span.clone())?;
        let var = env_var(format.env_var.as_deref(), lit.name.as_deref());
        fix::env_fix(lang, text, tree, &lit, hit.span.clone(), &var)
    });
    Candidate {
        rule: format.rule.clone(),
        range: hit.span.clone(),
        secret: text[hit.span.clone()].to_owned(),
        provider: format.provider.clone(),
        kind: format.name.clone(),
        priority: format.priority,
        verified: hit.verified,
        name: None,
        fix,
    }
}

fn generic_candidate(
    generic: &Generic,
    kind: NameKind,
    name: &str,
    range: Range<usize>,
    secret: &str,
    fix: Option<Fix>,
) -> Candidate {
    Candidate {
        rule: generic.rule.clone(),
        range,
        secret: secret.to_owned(),
        provider: String::new(),
        kind: match kind {
            NameKind::Password => "password",
            NameKind::Token => "secret",
            NameKind::Connection => "connection string",
        }
        .to_owned(),
        priority: generic.priority,
        verified: None,
        name: Some(name.to_owned()),
        fix,
    }
}

/// The variable a fix reads: the provider's usual one, else the name the
/// value was assigned to.
fn env_var(provider: Option<&str>, name: Option<&str>) -> String {
    provider
        .map(str::to_owned)
        .or_else(|| name.and_then(fix::env_name_from))
        .unwrap_or_else(|| "SECRET_VALUE".to_owned())
}

/// Is `raw`, found under a secret-looking name, a real secret? Returns the
/// secret's range within `raw` (after `Bearer ` and the like).
fn generic_value(kind: NameKind, raw: &str, generic: &Generic) -> Option<Range<usize>> {
    let mut start = raw.len() - raw.trim_start().len();
    let mut v = raw.trim();
    for scheme in ["Bearer ", "bearer ", "Basic ", "Token ", "token "] {
        if let Some(rest) = v.strip_prefix(scheme) {
            start += scheme.len() + (rest.len() - rest.trim_start().len());
            v = rest.trim_start();
        }
    }
    let range = start..start + v.len();
    let lower = v.to_ascii_lowercase();
    let rejected = v.contains(char::is_whitespace)
        || v.contains("://")
        || v.starts_with(['/', '~', '.', '\\'])
        || v.starts_with("data:")
        || matches!(
            lower.as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off"
        )
        || v.bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-')
        || placeholder::is_generic_placeholder(v)
        || placeholder::is_uuid(v)
        || looks_like_identifier(v);
    if rejected {
        return None;
    }
    let len = v.chars().count();
    let bits = entropy::shannon(v);
    let classes = entropy::char_classes(v);
    let ok = match kind {
        NameKind::Password => {
            len >= generic.password_min_length
                && bits >= 2.3
                && (classes >= 2 || (len >= 12 && bits >= 3.0))
        }
        // Machine-made values nearly always mix in digits; words and code do
        // not, nor do paths of camel-case words (`ThingList.NextMarker`).
        NameKind::Token => {
            len >= generic.min_length
                && bits >= generic.min_entropy
                && (classes >= 3 || (classes == 2 && v.bytes().any(|b| b.is_ascii_digit())))
                && !camel_case_words(v)
        }
        NameKind::Connection => false,
    };
    ok.then_some(range)
}

/// Letters in words, each capital starting one (`ThingList.NextMarker`,
/// `HTTPServer`): every run of lower-case letters after a capital is at
/// least two long, which random letters seldom keep up.
fn camel_case_words(v: &str) -> bool {
    let letters_and_separators = v
        .bytes()
        .all(|b| b.is_ascii_alphabetic() || b"._-:/".contains(&b));
    letters_and_separators
        && v.split(|c: char| !c.is_ascii_alphabetic()).all(|segment| {
            let bytes = segment.as_bytes();
            let mut i = bytes.iter().take_while(|b| b.is_ascii_lowercase()).count();
            while i < bytes.len() {
                i += bytes[i..]
                    .iter()
                    .take_while(|b| b.is_ascii_uppercase())
                    .count();
                let run = bytes[i..]
                    .iter()
                    .take_while(|b| b.is_ascii_lowercase())
                    .count();
                if run == 1 {
                    return false;
                }
                i += run;
            }
            true
        })
}

/// A quick look at a literal's value: could it be a secret at all? Only then
/// is the name it is bound to looked up.
fn worth_naming(value: &str) -> bool {
    let v = value.trim();
    (6..=1024).contains(&v.len())
        && v.bytes().filter(|b| b.is_ascii_whitespace()).count() <= 1
        && !v.contains("://")
}

/// Is the line holding `at` a Rust doc comment (`///`, `//!`)?
fn is_doc_comment(text: &str, at: usize) -> bool {
    let start = crate::text::line_start(text.as_bytes(), at);
    let line = text[start..at].trim_start();
    line.starts_with("///") || line.starts_with("//!")
}

/// `my_app.settings`, `TokenAuthentication`, `read_write`: names, not secrets.
fn looks_like_identifier(v: &str) -> bool {
    let bytes = v.as_bytes();
    if !bytes
        .iter()
        .all(|b| b.is_ascii_alphabetic() || b"_.-:".contains(b))
    {
        return false;
    }
    // Random letters switch case often; words in camel case rarely.
    let switches = bytes
        .windows(2)
        .filter(|w| {
            w[0].is_ascii_alphabetic()
                && w[1].is_ascii_alphabetic()
                && w[0].is_ascii_uppercase() != w[1].is_ascii_uppercase()
        })
        .count();
    switches * 4 < bytes.len()
}

fn to_finding(c: Candidate, env_hint: Option<&str>) -> Finding {
    let redacted = if c.kind.contains("private key") {
        "key material".to_owned()
    } else {
        redact::redact(&c.secret)
    };
    let mut message = c
        .rule
        .message
        .replace("{provider}", &c.provider)
        .replace("{kind}", &c.kind)
        .replace("{redacted}", &redacted)
        .replace("{name}", c.name.as_deref().unwrap_or("value"));
    let mut severity = c.rule.severity;
    if c.verified == Some(false) {
        severity = severity.min(Severity::Warning);
        message.push_str(" Its checksum does not verify, so it may be a mistyped or made-up value; check it anyway.");
    }
    if let Some(hint) = env_hint {
        message.push_str(hint);
    }
    Finding {
        rule_id: c.rule.id.clone(),
        range: c.range,
        severity,
        cwe: c.rule.cwe.clone(),
        message,
        fix: c.fix,
        related: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::camel_case_words;

    #[test]
    fn camel_case_words_are_told_from_random_letters() {
        for words in [
            "ThingList.NextMarker",
            "CloudFrontOriginAccessIdentityList.NextMarker",
            "HTTPServer",
            "iPhone",
            "result_key",
        ] {
            assert!(camel_case_words(words), "{words}");
        }
        for random in [
            "AbCdEfGhIjKlMnOpQrStUvWx",
            "qXvTrpLmZkWbNcYd",
            "hJ8kL2mN9pQ4rS6t",
        ] {
            assert!(!camel_case_words(random), "{random}");
        }
    }
}
