//! Which names announce a secret: `password`, `api_key`, `clientSecret`,
//! `DATABASE_URL`, ... but not `password_hash`, `max_tokens` or `token_url`.

/// What a secret-looking name says its value is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameKind {
    /// A password or passphrase: people pick these, so they can be short.
    Password,
    /// A key, token or other secret: machine-made, so long and random.
    Token,
    /// A database URL or DSN; its password part is the secret.
    Connection,
}

/// Whole-segment words that make a name secret-looking, also when glued to
/// the word before (`dbpassword`, `authtoken`, `clientsecret`).
const PASSWORD_WORDS: &[&str] = &["password", "passwd", "passphrase", "pwd"];
const TOKEN_WORDS: &[&str] = &[
    "secret",
    "token",
    "apikey",
    "accesskey",
    "secretkey",
    "privatekey",
    "signingkey",
    "credential",
    "credentials",
    "creds",
    "authorization",
    "bearer",
];
/// Qualifiers that turn a following `key` into a secret (`api_key`, `x-api-key`).
const KEY_QUALIFIERS: &[&str] = &[
    "api",
    "access",
    "secret",
    "private",
    "signing",
    "encryption",
    "master",
    "client",
    "app",
    "auth",
    "license",
    "subscription",
    "account",
    "service",
    "admin",
    "consumer",
    "webhook",
    "hmac",
    "jwt",
    "session",
    "crypto",
    "cipher",
    "aes",
    "shared",
    "storage",
    "write",
    "deploy",
    "ingest",
];
/// Segments that make a name about a secret rather than holding one.
const NOT_SECRET: &[&str] = &[
    "file",
    "files",
    "path",
    "paths",
    "dir",
    "name",
    "names",
    "type",
    "types",
    "id",
    "ids",
    "url",
    "urls",
    "uri",
    "endpoint",
    "host",
    "header",
    "headers",
    "field",
    "fields",
    "param",
    "params",
    "length",
    "len",
    "size",
    "count",
    "max",
    "min",
    "ttl",
    "expiry",
    "expires",
    "expiration",
    "expire",
    "timeout",
    "age",
    "env",
    "var",
    "prefix",
    "suffix",
    "pattern",
    "regex",
    "format",
    "policy",
    "reset",
    "hash",
    "hashed",
    "hasher",
    "digest",
    "validator",
    "validation",
    "label",
    "placeholder",
    "hint",
    "prompt",
    "input",
    "mode",
    "method",
    "scheme",
    "provider",
    "class",
    "backend",
    "limit",
    "required",
    "enabled",
    "enable",
    "disable",
    "disabled",
    "is",
    "has",
    "use",
    "should",
    "generator",
    "manager",
    "store",
    "cache",
    "version",
    "index",
    "idx",
    "position",
    "kind",
    "example",
    "sample",
    "dummy",
    "fake",
    "mock",
    "public",
    "pub",
    "algorithm",
    "alg",
    "strength",
    "rotation",
    "callback",
    "redirect",
    "event",
    "command",
    "cmd",
    "help",
    "description",
    "message",
    "msg",
    "error",
    "errors",
    "text",
    "title",
    "column",
    "table",
    "model",
    "schema",
    "serializer",
    "form",
    "widget",
    "view",
    "route",
    "filename",
    "ref",
    "source",
    "tokens",
    "tokenizer",
    "tokenize",
    "tokenized",
    "tokenization",
    "location",
    "forgot",
    "verify",
    "verified",
    "check",
    "length",
    "min",
    "rules",
    "complexity",
    "display",
    "show",
    "visible",
    "toggle",
    "masked",
    "encoder",
    "decoder",
    "parser",
    "handler",
    "usage",
    "budget",
    "estimate",
    "counter",
    "prop",
    "props",
    "state",
    "arn",
    "region",
    "bucket",
    "issuer",
    "audience",
    "scope",
    "scopes",
    "lifetime",
    "sha",
    "sha1",
    "sha256",
    "md5",
    "checksum",
    "integrity",
    "fingerprint",
    "keyring",
    "keystore",
    "keychain",
    "list",
    "dict",
    "map",
    "config",
    "settings",
    "options",
    "opts",
    "obj",
    "object",
    "instance",
    "func",
    "fn",
    "callable",
    "mgr",
    "getter",
    "setter",
    "loader",
    "reader",
    "writer",
    "exists",
];

/// The lower-case words of a name: split at `_ - . space` and camelCase humps.
pub fn segments(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in name.split(|c: char| !c.is_ascii_alphanumeric()) {
        let chars: Vec<char> = part.chars().collect();
        let mut word = String::new();
        for (i, &c) in chars.iter().enumerate() {
            let hump = c.is_ascii_uppercase()
                && i > 0
                && (chars[i - 1].is_ascii_lowercase()
                    || (chars[i - 1].is_ascii_uppercase()
                        && chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase())));
            if hump && !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            word.push(c.to_ascii_lowercase());
        }
        if !word.is_empty() {
            out.push(word);
        }
    }
    out
}

fn is_or_ends_with(segment: &str, words: &[&str]) -> bool {
    words.iter().any(|w| segment == *w || segment.ends_with(w))
}

/// What kind of secret `name` announces, if any.
pub fn secret_name(name: &str) -> Option<NameKind> {
    let segs = segments(name);
    if segs.is_empty() || segs.len() > 8 {
        return None;
    }
    if segs.iter().any(|s| NOT_SECRET.contains(&s.as_str())) {
        return connection_name(&segs);
    }
    if let Some(kind) = connection_name(&segs) {
        return Some(kind);
    }
    let last = segs.last().map(String::as_str).unwrap_or("");
    if segs.iter().any(|s| is_or_ends_with(s, PASSWORD_WORDS))
        || (last == "pass" && segs.len() > 1)
        || last == "pw" && segs.len() > 1
    {
        return Some(NameKind::Password);
    }
    if segs.iter().any(|s| is_or_ends_with(s, TOKEN_WORDS)) {
        return Some(NameKind::Token);
    }
    let qualified_key = segs
        .windows(2)
        .any(|w| w[1] == "key" && KEY_QUALIFIERS.contains(&w[0].as_str()));
    if qualified_key || (last == "auth" && segs.len() > 1) {
        return Some(NameKind::Token);
    }
    None
}

/// Does a function or method of this name take a secret as its argument:
/// `set_password`, `with_api_key`, `bearer_auth`, `token`? (Not
/// `create_token`, `verify_password`: they compute or check one.)
pub fn secret_setter(name: &str) -> bool {
    let segs = segments(name);
    let Some(first) = segs.first() else {
        return false;
    };
    let plain = segs.iter().all(|s| {
        is_or_ends_with(s, PASSWORD_WORDS)
            || is_or_ends_with(s, TOKEN_WORDS)
            || KEY_QUALIFIERS.contains(&s.as_str())
            || matches!(s.as_str(), "key" | "auth" | "basic" | "bearer")
    });
    let setter = matches!(first.as_str(), "set" | "with" | "use" | "put");
    (plain || setter) && secret_name(name).is_some()
}

/// `DATABASE_URL`, `db_uri`, `dsn`, `connection_string`, `mongo_url`, ...
fn connection_name(segs: &[String]) -> Option<NameKind> {
    let has = |w: &str| segs.iter().any(|s| s == w);
    let store = [
        "database",
        "db",
        "postgres",
        "postgresql",
        "mysql",
        "mongo",
        "mongodb",
        "redis",
        "amqp",
        "rabbitmq",
        "broker",
        "sqlalchemy",
        "celery",
    ]
    .iter()
    .any(|w| has(w));
    let link = has("url") || has("uri") || has("dsn");
    let is = (store && link)
        || has("dsn")
        || (has("connection") && (has("string") || has("str") || has("url") || has("uri")))
        || (has("conn") && (has("str") || has("string") || has("url")));
    is.then_some(NameKind::Connection)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn setters() {
        for name in [
            "set_password",
            "with_api_key",
            "bearer_auth",
            "token",
            "api_key",
        ] {
            assert!(secret_setter(name), "{name}");
        }
        for name in [
            "_create_tag_line_token",
            "verify_password",
            "HTTPPasswordMgr",
        ] {
            assert!(!secret_setter(name), "{name}");
        }
    }

    #[test]
    fn secret_names() {
        for (name, kind) in [
            ("password", NameKind::Password),
            ("DB_PASSWORD", NameKind::Password),
            ("dbPassword", NameKind::Password),
            ("db_pass", NameKind::Password),
            ("api_key", NameKind::Token),
            ("apiKey", NameKind::Token),
            ("X-API-Key", NameKind::Token),
            ("OPENAI_API_KEY", NameKind::Token),
            ("client_secret", NameKind::Token),
            ("clientSecret", NameKind::Token),
            ("auth_token", NameKind::Token),
            ("SECRET_KEY", NameKind::Token),
            ("private_key", NameKind::Token),
            ("Authorization", NameKind::Token),
            ("DATABASE_URL", NameKind::Connection),
            ("SQLALCHEMY_DATABASE_URI", NameKind::Connection),
            ("dsn", NameKind::Connection),
        ] {
            assert_eq!(secret_name(name), Some(kind), "{name}");
        }
        for name in [
            "password_hash",
            "max_tokens",
            "token_url",
            "secret_name",
            "PASSWORD_FILE",
            "author",
            "key",
            "public_key",
            "tokenizer",
            "password_reset_timeout",
            "AWS_ACCESS_KEY_ID",
            "token_type",
            "monkey",
        ] {
            assert_eq!(secret_name(name), None, "{name}");
        }
    }
}
