//! Structural checks some formats need beyond their pattern: a private key
//! block must hold key material, a JWT must decode, a URI's password must be
//! more than a stand-in.

use super::placeholder;
use base64::Engine as _;
use regex::bytes::Captures;
use serde::Deserialize;
use std::ops::Range;

/// The validators a rule file may name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Validator {
    /// A PEM `BEGIN ... PRIVATE KEY` line: the block must hold base64 key
    /// material; the finding spans the whole block.
    Pem,
    /// A JSON Web Token: header and payload decode to JSON objects.
    Jwt,
    /// A URI with inline credentials: groups `user` and `secret`; the password
    /// must not be a stand-in or equal to the user name.
    UriPassword,
    /// A password in a `key=value;` connection string or query string.
    Password,
}

impl Validator {
    /// Check a match; returns the span to report (the secret's), or `None`
    /// when the match is not a credential.
    pub fn check(self, text: &str, caps: &Captures, span: Range<usize>) -> Option<Range<usize>> {
        match self {
            Validator::Pem => pem_block(text, span),
            Validator::Jwt => jwt(&text[span.clone()]).then_some(span),
            Validator::UriPassword => {
                let password = &text[span.clone()];
                let user = caps
                    .name("user")
                    .and_then(|u| std::str::from_utf8(u.as_bytes()).ok())
                    .unwrap_or("");
                let ok = password != user && password_ok(password);
                ok.then_some(span)
            }
            Validator::Password => password_ok(&text[span.clone()]).then_some(span),
        }
    }
}

fn password_ok(password: &str) -> bool {
    password.len() >= 4
        && !placeholder::is_generic_placeholder(password)
        && !password.starts_with(['$', '%', '{', '<', '*', '@', '('])
        && !password.contains("{}")
        && !password.chars().all(|c| c == '*' || c == 'x' || c == 'X')
}

/// How far a PEM block may run before we stop looking for its end.
const MAX_BLOCK: usize = 64 * 1024;

/// From the `-----BEGIN ...-----` marker to the matching END marker; the body
/// must be base64 (plus `Proc-Type:`-style headers), whether lines are real or
/// written as `\n` escapes inside a string.
fn pem_block(text: &str, begin: Range<usize>) -> Option<Range<usize>> {
    let rest_end = (begin.end + MAX_BLOCK).min(text.len());
    let mut rest_end_ok = rest_end;
    while !text.is_char_boundary(rest_end_ok) {
        rest_end_ok -= 1;
    }
    let rest = &text[begin.end..rest_end_ok];
    let (body, end) = match rest.find("-----END") {
        Some(at) => {
            let after = &rest[at + 8..];
            let close = after.find("-----").map(|c| at + 8 + c + 5)?;
            (&rest[..at], begin.end + close)
        }
        None => {
            // No end marker (a truncated paste): the block runs to a blank line.
            let stop = rest.find("\n\n").unwrap_or(rest.len());
            (&rest[..stop], begin.end + stop)
        }
    };
    let mut material = 0;
    for line in body.split(['\n', '\r']).flat_map(|l| l.split("\\n")) {
        let line = line.trim().trim_matches(['"', '\'', ',', '+', '\\']);
        if line.contains(':') || line.is_empty() {
            continue; // Proc-Type:, DEK-Info:, Comment:, Version:
        }
        let lower = line.to_ascii_lowercase();
        if ["...", "<", "your", "xxxx", "redacted", "example"]
            .iter()
            .any(|m| lower.contains(m))
        {
            return None;
        }
        if line
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(&b))
        {
            material += line.len();
        } else {
            return None;
        }
    }
    (material >= 64).then_some(begin.start..end)
}

fn decode_json(part: &str) -> Option<serde_json::Value> {
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(part.trim_end_matches('='))
        .ok()?;
    serde_json::from_slice::<serde_json::Value>(&bytes)
        .ok()
        .filter(|v| v.is_object())
}

/// Header and payload decode to JSON objects; the header names an algorithm.
fn jwt(token: &str) -> bool {
    let mut parts = token.split('.');
    let (Some(header), Some(payload)) = (parts.next(), parts.next()) else {
        return false;
    };
    let header_ok = decode_json(header).is_some_and(|h| h.get("alg").is_some());
    // Documentation's tokens carry `John Doe`, `1234567890` or `"some": "payload"`.
    let payload_ok = decode_json(payload).is_some_and(|p| {
        let lower = p.to_string().to_ascii_lowercase();
        ![
            "john doe",
            "payload",
            "1234567890",
            "example",
            "sample",
            "dummy",
            "placeholder",
            "your",
            "fake",
        ]
        .iter()
        .any(|m| lower.contains(m))
    });
    header_ok && payload_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pem_needs_material() {
        let body = "MIIEowIBAAKCAQEAq8Zr2LxP0vKt7sWm3NcYq8Zr2LxP0vKt7sWm3NcYq8Zr2LxP0vKt7sWm3NcY";
        let text =
            format!("-----BEGIN RSA PRIVATE KEY-----\n{body}\n-----END RSA PRIVATE KEY-----\n");
        let span = pem_block(&text, 0..31).unwrap();
        assert_eq!(&text[span.clone()][..10], "-----BEGIN");
        assert!(text[span].ends_with("KEY-----"));
        let escaped =
            format!("\"-----BEGIN PRIVATE KEY-----\\n{body}\\n-----END PRIVATE KEY-----\\n\"");
        assert!(pem_block(&escaped, 1..28).is_some());
        let fake = "-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----\n";
        assert!(pem_block(fake, 0..27).is_none());
    }

    #[test]
    fn jwt_must_decode() {
        let token = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1MSJ9.c2lnbmF0dXJl";
        assert!(jwt(token));
        assert!(!jwt("eyJub3RqdzogdHJ1ZX0.eyJzdWIiOiJ1MSJ9.c2ln"));
        // The example token of the JWT documentation (`John Doe`).
        assert!(!jwt("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"));
    }
}
