//! Secret detection: every format's samples fire and its look-alikes stay
//! silent, annotated fixtures in many file types, fixes, redaction, user rules,
//! allow-lists, and the CLI's SARIF over a directory with dotfiles.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use suggestguard::config::Config;
use suggestguard::engine::secrets::{base62_crc32_suffix, SecretSet};
use suggestguard::engine::{analyze_text, fix, Engine, Source};
use suggestguard::finding::{Finding, Severity};
use suggestguard::lang::Language;
use suggestguard::rules::RuleSet;

fn secrets() -> &'static SecretSet {
    Engine::builtin().secrets()
}

fn text_findings(text: &str) -> Vec<Finding> {
    analyze_text(text, Language::Text, None, &Config::default())
}

fn fired(findings: &[Finding], rule: &str) -> bool {
    findings.iter().any(|f| f.rule_id == rule)
}

#[test]
fn at_least_eighty_formats_compile() {
    let engine = Engine::builtin();
    assert!(engine.errors().is_empty(), "{:?}", engine.errors());
    assert!(
        secrets().formats().len() >= 80,
        "{}",
        secrets().formats().len()
    );
    assert!(secrets().generic().is_some());
}

#[test]
fn every_format_has_samples_that_fire_and_look_alikes_that_do_not() {
    for format in secrets().formats() {
        let id = &format.rule.id;
        assert!(
            !format.samples.is_empty(),
            "{id} / {}: no sample",
            format.name
        );
        assert!(
            !format.silent.is_empty(),
            "{id} / {}: no look-alike",
            format.name
        );
        for sample in &format.samples {
            let found = text_findings(sample);
            assert!(
                fired(&found, id),
                "{id} / {}: sample does not fire: {found:?}",
                format.name
            );
            for f in &found {
                let secret = sample.trim().rsplit(['=', ' ', '\n']).next().unwrap_or("");
                if secret.len() > 16 {
                    assert!(
                        !f.message.contains(secret),
                        "{id}: message echoes the secret"
                    );
                }
            }
            // The same sample with its tail masked is a placeholder.
            let caps = format.regex.captures(sample.as_bytes()).unwrap();
            let span = caps.name("secret").unwrap_or(caps.get(0).unwrap()).range();
            if span.len() >= 16 && format.validate.is_none() {
                let keep = span.start + span.len() / 2;
                let mut masked = sample[..keep].to_owned();
                masked.extend(sample[keep..span.end].chars().map(|c| {
                    if c.is_ascii_alphanumeric() {
                        'x'
                    } else {
                        c
                    }
                }));
                masked.push_str(&sample[span.end..]);
                assert!(
                    !fired(&text_findings(&masked), id),
                    "{id} / {}: masked sample fires: {masked}",
                    format.name
                );
            }
        }
        for look_alike in &format.silent {
            let found = text_findings(look_alike);
            assert!(
                !fired(&found, id),
                "{id} / {}: look-alike fires: {look_alike:?} -> {found:?}",
                format.name
            );
        }
    }
}

fn example_language(rule: &suggestguard::rules::Rule) -> Language {
    let lang = rule
        .extra
        .get("secret")
        .and_then(|s| s.get("example_language"))
        .and_then(|l| l.as_str())
        .unwrap_or("text");
    match lang {
        "python" => Language::Python,
        "rust" => Language::Rust,
        _ => Language::Text,
    }
}

#[test]
fn rule_docs_examples_fire_and_fixes_remove_them() {
    let config = Config::default();
    let mut checked = 0;
    for rule in Engine::builtin().rules().iter() {
        if rule.engine != "secret" {
            continue;
        }
        assert_eq!(rule.language, suggestguard::rules::RuleLanguage::Any);
        assert!(rule.cwe.contains(&798), "{}: CWE-798 expected", rule.id);
        let lang = example_language(rule);
        let found = analyze_text(&rule.docs.example, lang, None, &config);
        let finding = found
            .iter()
            .find(|f| f.rule_id == rule.id)
            .unwrap_or_else(|| panic!("{}: example does not fire: {found:?}", rule.id));
        let silent = analyze_text(&rule.docs.instead, lang, None, &config);
        assert!(
            silent.iter().all(|f| !f.rule_id.starts_with("secret-")),
            "{}: secure example fires: {silent:?}",
            rule.id
        );
        if lang != Language::Text {
            let fix = finding
                .fix
                .as_ref()
                .unwrap_or_else(|| panic!("{}: no fix offered", rule.id));
            let fixed = fix::apply_edits(&rule.docs.example, &fix.edits).unwrap();
            assert_eq!(
                fix::syntax_error_count(lang, &fixed),
                0,
                "{}: {fixed}",
                rule.id
            );
            let after = analyze_text(&fixed, lang, None, &config);
            assert!(
                !after.iter().any(|f| f.rule_id.starts_with("secret-")),
                "{}: finding remains after the fix:\n{fixed}",
                rule.id
            );
        }
        checked += 1;
    }
    assert!(checked >= 40, "{checked}");
}

/// `(line, rule)` pairs a fixture expects: `expect: RULE` on the line,
/// `expect-next: RULE` for the line below, or a `<file>.expect` list.
fn expectations(path: &Path, text: &str) -> BTreeSet<(usize, String)> {
    let mut out = BTreeSet::new();
    let sidecar = PathBuf::from(format!("{}.expect", path.display()));
    if let Ok(list) = std::fs::read_to_string(&sidecar) {
        for line in list.lines().filter(|l| !l.trim().is_empty()) {
            let (n, rule) = line.split_once(' ').unwrap();
            out.insert((n.parse().unwrap(), rule.trim().to_owned()));
        }
        return out;
    }
    for (i, line) in text.lines().enumerate() {
        for (marker, offset) in [("expect-next: ", 2), ("expect: ", 1)] {
            if let Some(at) = line.find(marker) {
                let rule = line[at + marker.len()..]
                    .split(|c: char| c.is_whitespace())
                    .next()
                    .unwrap();
                out.insert((i + offset, rule.to_owned()));
                break;
            }
        }
    }
    out
}

fn line_of(text: &str, byte: usize) -> usize {
    text[..byte].matches('\n').count() + 1
}

fn fixture_files(dir: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/secrets")
        .join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_none_or(|e| e != "expect"))
        .collect();
    files.sort();
    files
}

fn analyze_file(path: &Path) -> (String, Vec<Finding>) {
    let text = std::fs::read_to_string(path).unwrap();
    let lang = Language::from_path(path);
    let found = analyze_text(&text, lang, Some(path), &Config::default());
    (text, found)
}

#[test]
fn positive_fixtures_report_exactly_the_expected_lines() {
    let files = fixture_files("positive");
    assert!(files.len() >= 12);
    for path in files {
        let (text, found) = analyze_file(&path);
        let want = expectations(&path, &text);
        assert!(!want.is_empty(), "{}: no expectations", path.display());
        let got: BTreeSet<(usize, String)> = found
            .iter()
            .filter(|f| f.rule_id.starts_with("secret-"))
            .map(|f| (line_of(&text, f.range.start), f.rule_id.clone()))
            .collect();
        assert_eq!(got, want, "{}: {found:#?}", path.display());
    }
}

#[test]
fn negative_fixtures_stay_silent() {
    for path in fixture_files("negative") {
        let (_, found) = analyze_file(&path);
        let secrets: Vec<_> = found
            .iter()
            .filter(|f| f.rule_id.starts_with("secret-"))
            .collect();
        assert!(secrets.is_empty(), "{}: {secrets:#?}", path.display());
    }
}

fn github_token(random: &str) -> String {
    format!("ghp_{random}{}", base62_crc32_suffix(random))
}

#[test]
fn github_checksum_sets_the_confidence() {
    let good = github_token("Zq3xT8mVb2Lk9PwR4nYc7HsJ1dFg5A");
    let found = text_findings(&format!("GITHUB_TOKEN={good}\n"));
    let f = found
        .iter()
        .find(|f| f.rule_id == "secret-github-token")
        .unwrap();
    assert_eq!(f.severity, Severity::Error);
    assert!(f.message.contains("GitHub"), "{}", f.message);
    assert!(f.message.contains("ghp_****..."), "{}", f.message);
    assert!(!f.message.contains(&good));
    let mut bad = good.clone();
    bad.replace_range(39..40, if good.ends_with('A') { "B" } else { "A" });
    let found = text_findings(&format!("GITHUB_TOKEN={bad}\n"));
    let f = found
        .iter()
        .find(|f| f.rule_id == "secret-github-token")
        .unwrap();
    assert_eq!(f.severity, Severity::Warning);
    assert!(f.message.contains("checksum"));
}

#[test]
fn fixes_read_from_the_environment_and_keep_the_code_valid() {
    let token = github_token("Hq3xT8mVb2Lk9PwR4nYc7HsJ1dFg5B");
    let cases = [
        (
            Language::Python,
            format!("import requests\n\nheaders = {{\"Authorization\": \"token {token}\"}}\n"),
            "os.environ[\"GITHUB_TOKEN\"]",
        ),
        (
            Language::Python,
            format!("\"\"\"Client.\"\"\"\nfrom __future__ import annotations\n\nKEY = b\"{token}\"\n"),
            "os.environ[\"GITHUB_TOKEN\"].encode()",
        ),
        (
            Language::Python,
            "def connect():\n    return db.connect(user=\"app\", password=\"Xq7!pR2#vL9mK4wZ\")\n".to_owned(),
            "os.environ[\"PASSWORD\"]",
        ),
        (
            Language::Rust,
            format!("fn main() {{\n    let token = \"{token}\";\n    call(token);\n}}\n"),
            "&*std::env::var(\"GITHUB_TOKEN\").expect(\"GITHUB_TOKEN is not set\")",
        ),
        (
            Language::Rust,
            "fn main() {\n    let c = Config { api_key: \"q8Zr2LxP0vKt7sWm3NcY4u\".to_string() };\n}\n".to_owned(),
            "std::env::var(\"API_KEY\").expect(\"API_KEY is not set\")",
        ),
        (
            Language::Rust,
            format!("fn main() {{\n    let h = \"Bearer {token}\";\n}}\n"),
            "format!(\"Bearer {}\", std::env::var(\"GITHUB_TOKEN\")",
        ),
    ];
    let config = Config::default();
    for (lang, src, want) in cases {
        let found = analyze_text(&src, lang, None, &config);
        let finding = found
            .iter()
            .find(|f| f.rule_id.starts_with("secret-"))
            .unwrap_or_else(|| panic!("no finding in {src}"));
        let fix = finding
            .fix
            .as_ref()
            .unwrap_or_else(|| panic!("no fix for {src}"));
        let fixed = fix::apply_edits(&src, &fix.edits).unwrap();
        assert!(fixed.contains(want), "{fixed}");
        assert_eq!(fix::syntax_error_count(lang, &fixed), 0, "{fixed}");
        if lang == Language::Python {
            assert!(fixed.contains("import os\n"), "{fixed}");
            let future = fixed.find("from __future__");
            assert!(future.is_none_or(|at| at < fixed.find("import os").unwrap()));
        }
        let after = analyze_text(&fixed, lang, None, &config);
        assert!(
            !after.iter().any(|f| f.rule_id.starts_with("secret-")),
            "{fixed}: {after:?}"
        );
    }
}

#[test]
fn const_items_and_comments_get_no_fix_but_are_reported() {
    let token = github_token("Kq3xT8mVb2Lk9PwR4nYc7HsJ1dFg5C");
    let src = format!("// old token: {token}\nconst T: &str = \"{token}\";\n");
    let found = analyze_text(&src, Language::Rust, None, &Config::default());
    let hits: Vec<_> = found
        .iter()
        .filter(|f| f.rule_id == "secret-github-token")
        .collect();
    assert_eq!(hits.len(), 2, "{found:?}");
    assert!(hits.iter().all(|f| f.fix.is_none()));
}

#[test]
fn suppressions_and_allow_lists_silence_findings() {
    let token = github_token("Mq3xT8mVb2Lk9PwR4nYc7HsJ1dFg5D");
    let src = format!("T = \"{token}\"  # suggestguard: ignore[secret-github-token]\n");
    let found = analyze_text(&src, Language::Python, None, &Config::default());
    assert!(found.is_empty(), "{found:?}");

    let mut config = Config::default();
    config.secrets.allow = vec!["ghp_Mq3x.*".into()];
    let found = analyze_text(&format!("T={token}\n"), Language::Text, None, &config);
    assert!(!fired(&found, "secret-github-token"));

    let mut config = Config::default();
    config.secrets.allow_paths = vec!["fixtures/**".into()];
    let path = Path::new("repo/fixtures/.env");
    let found = analyze_text(&format!("T={token}\n"), Language::Text, Some(path), &config);
    assert!(found.is_empty());

    // Test files: generic values are skipped, provider tokens still reported.
    let src = format!("PASSWORD = \"Xq7!pR2#vL9mK4wZ\"\nT = \"{token}\"\n");
    let path = Path::new("pkg/test_login.py");
    let found = analyze_text(&src, Language::Python, Some(path), &Config::default());
    assert!(!fired(&found, "secret-generic"));
    assert!(fired(&found, "secret-github-token"));
}

#[test]
fn user_rule_files_add_formats() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("acme.toml"),
        r#"
id = "secret-acme-token"
title = "ACME token"
language = "any"
engine = "secret"
severity = "error"
cwe = [798]
message = "Hard-coded {provider} {kind} ({redacted}); rotate it."

[docs]
what = "ACME tokens."
why = "They grant access."
exploit = "Replay."
fix = "Rotate."
example = "ACME=acme_live_Q8zR2lxP0vKt7sWm3NcY4u"
instead = "ACME=${ACME}"

[secret]
provider = "ACME"
env_var = "ACME_TOKEN"

[[secret.format]]
name = "live token"
regex = '\b(?P<secret>acme_live_[A-Za-z0-9]{22})\b'
samples = ["ACME=acme_live_Q8zR2lxP0vKt7sWm3NcY4u"]
silent = ["ACME=acme_live_short"]
"#,
    )
    .unwrap();
    let (rules, errors) = RuleSet::with_user_rules(&[dir.path()]);
    assert!(errors.is_empty(), "{errors:?}");
    let engine = Engine::new(Arc::new(rules));
    assert!(engine.errors().is_empty(), "{:?}", engine.errors());
    let text = "ACME=acme_live_Q8zR2lxP0vKt7sWm3NcY4u\n";
    let found = engine.analyze(
        &Source {
            text,
            tree: None,
            language: Language::Text,
            path: None,
        },
        &Config::default(),
    );
    let f = found
        .iter()
        .find(|f| f.rule_id == "secret-acme-token")
        .unwrap();
    assert_eq!(
        f.message,
        "Hard-coded ACME live token (acme_live_****...cY4u); rotate it."
    );
    assert!(!f.message.contains("Q8zR2lxP0vKt7sWm3NcY4u"));
}

#[test]
fn scan_reports_dotfiles_and_pem_blocks_in_sarif_without_echoing_secrets() {
    let dir = tempfile::tempdir().unwrap();
    let token = github_token("Pq3xT8mVb2Lk9PwR4nYc7HsJ1dFg5E");
    let password = "Vb2!Lk9#PwR4nYc7";
    std::fs::write(
        dir.path().join(".env"),
        format!("# local settings\nDEBUG=1\nGITHUB_TOKEN={token}\nDB_PASSWORD={password}\n"),
    )
    .unwrap();
    let body: Vec<String> = (0..6)
        .map(|i| format!("MIIEow{i}BAAKCAQEAq8Zr2LxP0vKt7sWm3NcYq8Zr2LxP0vKt7sWm3NcYq8Zr2LxP0vKt7"))
        .collect();
    let key = format!(
        "-----BEGIN RSA PRIVATE KEY-----\n{}\n-----END RSA PRIVATE KEY-----\n",
        body.join("\n")
    );
    std::fs::write(dir.path().join("deploy_key.pem"), format!("\n\n{key}")).unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_suggestguard"))
        .args(["scan", "--format", "sarif", "--fail-on", "never"])
        .arg(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stdout.contains(&token), "token echoed");
    assert!(!stdout.contains(password), "password echoed");
    assert!(!stdout.contains(&body[2]), "key material echoed");
    assert!(!stderr.contains(&token));
    let sarif: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let mut got = BTreeSet::new();
    for result in sarif["runs"][0]["results"].as_array().unwrap() {
        let location = &result["locations"][0]["physicalLocation"];
        let uri = location["artifactLocation"]["uri"].as_str().unwrap();
        let file = uri.rsplit('/').next().unwrap().to_owned();
        let line = location["region"]["startLine"].as_u64().unwrap();
        got.insert((file, line, result["ruleId"].as_str().unwrap().to_owned()));
        let tags = result["properties"]["tags"].as_array().unwrap();
        assert!(tags.iter().any(|t| t == "security"));
        assert!(tags.iter().any(|t| t == "CWE-798"));
    }
    let want: BTreeSet<(String, u64, String)> = [
        (".env", 3, "secret-github-token"),
        (".env", 4, "secret-generic"),
        ("deploy_key.pem", 3, "secret-private-key"),
    ]
    .into_iter()
    .map(|(f, l, r)| (f.to_owned(), l, r.to_owned()))
    .collect();
    assert_eq!(got, want, "{stdout}");
    assert!(stdout.contains(".gitignore"), "hint about version control");
}
