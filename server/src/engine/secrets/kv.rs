//! `key = value` in its many textual forms: .env, ini, properties, YAML, TOML,
//! JSON, XML, shell, Dockerfile, HTTP headers, command-line flags. Only keys
//! with a secret-looking word are matched, so most lines cost one DFA pass.

use regex::bytes::{Regex, RegexBuilder};
use std::ops::Range;
use std::sync::OnceLock;

/// One key and its value, as byte ranges of the scanned text (quotes excluded).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pair {
    pub key: Range<usize>,
    pub value: Range<usize>,
}

/// The secret-looking part a key must contain (checked precisely later).
const KEY_WORD: &str = r"(?i:pass|pwd|secret|token|key|auth|cred|dsn|database|conn|bearer)";

fn build(pattern: &str) -> Regex {
    RegexBuilder::new(pattern)
        .unicode(false)
        .multi_line(true)
        .size_limit(32 << 20)
        .build()
        .expect("built-in key/value pattern")
}

/// `key = value`, `key: value`, `"key": "value"`, `export KEY=value`,
/// `--key=value`, `ENV KEY=value`, with the value quoted or bare.
fn assignment() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        build(&format!(
            r#"(?:^|[\s{{,;(&?|])(?:export[ \t]+|ENV[ \t]+|ARG[ \t]+|set[ \t]+|-{{1,2}})?\\?["']?(?P<key>[A-Za-z_][A-Za-z0-9_.\-]*{KEY_WORD}[A-Za-z0-9_.\-]*|{KEY_WORD}[A-Za-z0-9_.\-]*)\\?["']?[ \t]*(?::=|=>|=|:)[ \t]*(?:\\"(?P<esc>(?:[^"\\\n]|\\[^"])*)\\"|"(?P<dq>(?:[^"\\\n]|\\.)*)"|'(?P<sq>[^'\n]*)'|(?P<bare>[^\s"'`,;#}}\]<>()|&]+))"#
        ))
    })
}

/// `<password>value</password>` and `key="ApiKey" value="..."` (XML configs).
fn xml() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        build(&format!(
            r#"<(?P<key>[A-Za-z_][A-Za-z0-9_.\-:]*{KEY_WORD}[A-Za-z0-9_.\-]*|{KEY_WORD}[A-Za-z0-9_.\-]*)>(?P<value>[^<\n]+)</|(?i:key|name)[ \t]*=[ \t]*"(?P<akey>[^"\n]*{KEY_WORD}[^"\n]*)"[ \t]+(?i:value)[ \t]*=[ \t]*"(?P<avalue>[^"\n]*)""#
        ))
    })
}

/// `Authorization: Bearer <token>` and `-H "X-Api-Key: <token>"`.
fn header() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        build(
            r#"(?i)(?P<key>authorization|proxy-authorization|x-api-key|api-key|x-auth-token|x-access-token)["']?[ \t]*[:=][ \t]*["']?(?:bearer|token|basic)[ \t]+(?P<value>[A-Za-z0-9_\-.=+/~]{8,})"#,
        )
    })
}

/// Every key/value pair in `text` whose key has a secret-looking word.
pub fn pairs(text: &str) -> Vec<Pair> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    for caps in assignment().captures_iter(bytes) {
        let (Some(key), Some(value)) = (
            caps.name("key"),
            caps.name("esc")
                .or_else(|| caps.name("dq"))
                .or_else(|| caps.name("sq"))
                .or_else(|| caps.name("bare")),
        ) else {
            continue;
        };
        out.push(Pair {
            key: key.range(),
            value: value.range(),
        });
    }
    for caps in xml().captures_iter(bytes) {
        let key = caps.name("key").or_else(|| caps.name("akey"));
        let value = caps.name("value").or_else(|| caps.name("avalue"));
        if let (Some(key), Some(value)) = (key, value) {
            out.push(Pair {
                key: key.range(),
                value: value.range(),
            });
        }
    }
    for caps in header().captures_iter(bytes) {
        if let (Some(key), Some(value)) = (caps.name("key"), caps.name("value")) {
            out.push(Pair {
                key: key.range(),
                value: value.range(),
            });
        }
    }
    // A header line also reads as `Authorization: Bearer`; the token is kept.
    out.retain(|p| {
        text.is_char_boundary(p.value.start)
            && text.is_char_boundary(p.value.end)
            && !matches!(
                text[p.value.clone()].to_ascii_lowercase().as_str(),
                "bearer" | "basic" | "token"
            )
    });
    out.sort_by_key(|p| p.value.start);
    out.dedup_by(|a, b| a.value == b.value);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kv(text: &str) -> Vec<(&str, &str)> {
        pairs(text)
            .into_iter()
            .map(|p| (&text[p.key], &text[p.value]))
            .collect()
    }

    #[test]
    fn reads_the_common_forms() {
        assert_eq!(kv("DB_PASSWORD=s3cr3t\n"), vec![("DB_PASSWORD", "s3cr3t")]);
        assert_eq!(
            kv("export API_TOKEN=\"abc def\"\n"),
            vec![("API_TOKEN", "abc def")]
        );
        assert_eq!(kv("  password: 'pw1'\n"), vec![("password", "pw1")]);
        assert_eq!(
            kv(r#"{"client_secret": "q9", "name": "x"}"#),
            vec![("client_secret", "q9")]
        );
        assert_eq!(
            kv("<password>hunter</password>\n"),
            vec![("password", "hunter")]
        );
        assert_eq!(
            kv(r#"<add key="ApiKey" value="k1"/>"#),
            vec![("key", "ApiKey"), ("ApiKey", "k1")]
        );
        assert_eq!(
            kv("curl -H 'Authorization: Bearer abcdefgh12345'\n"),
            vec![("Authorization", "abcdefgh12345")]
        );
        assert_eq!(
            kv(r#"    "api_key = \"q8Zr2LxP\"\n","#),
            vec![("api_key", "q8Zr2LxP")]
        );
        assert_eq!(kv("ENV SECRET_KEY=zz9\n"), vec![("SECRET_KEY", "zz9")]);
        assert!(kv("name = value\n").is_empty());
    }
}
