//! Settings, from the client (`initializationOptions`, `didChangeConfiguration`,
//! camelCase) and from `suggestguard.toml` (snake_case). Both spellings are
//! accepted in both places. A bad value is reported and the default stays.

use crate::finding::Severity;
use crate::rules::RuleSet;
use serde_json::Value;
use std::collections::HashMap;
use std::path::Path;

/// The settings file looked for at the workspace root.
pub const CONFIG_FILE: &str = "suggestguard.toml";

/// Which findings the editor shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Focus {
    /// Every finding in the document.
    #[default]
    All,
    /// Only findings inside code inserted by large single edits (accepted suggestions, pastes).
    NewCode,
    /// Only findings on lines changed since the file's committed version.
    ChangedSinceHead,
}

/// How much of a rule's lesson a hover shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lessons {
    /// The full lesson the first time a rule is met, the short form after.
    #[default]
    Auto,
    /// Always the full lesson.
    AlwaysFull,
    /// Only the finding's message.
    Off,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// Delay between an edit and its analysis, so typing bursts analyse once.
    pub debounce_ms: u64,
    /// Rule id -> enabled. Rules not listed are enabled.
    pub rules: HashMap<String, bool>,
    /// Rule id -> severity that replaces the rule's own.
    pub severity: HashMap<String, Severity>,
    /// Findings below this severity are not reported.
    pub min_severity: Severity,
    pub focus: Focus,
    /// Ask the user's own package tools (pip, cargo) about names the local
    /// index does not know, in the background; answers are cached on disk
    /// (`index::online`). Off by default: names then never leave the machine.
    pub online_package_checks: bool,
    pub lessons: Lessons,
    /// After a large insertion, summarise its findings in one message.
    pub insertion_summary: bool,
    /// A single-line insertion longer than this many characters counts as new code.
    pub new_code_min_chars: usize,
    /// Secret scanning: allow-lists and test paths.
    pub secrets: SecretSettings,
}

/// `[secrets]`: what the secret rules must leave alone.
#[derive(Clone, Debug, PartialEq)]
pub struct SecretSettings {
    /// Regular expressions; a secret value any of them matches (wholly) is not reported.
    pub allow: Vec<String>,
    /// Globs (`**/fixtures/**`); files they match are not checked for secrets.
    pub allow_paths: Vec<String>,
    /// Globs of test code: only provider tokens, not generic
    /// `password = "..."` values, are reported there.
    pub test_paths: Vec<String>,
}

impl Default for SecretSettings {
    fn default() -> SecretSettings {
        SecretSettings {
            allow: Vec::new(),
            allow_paths: Vec::new(),
            test_paths: [
                "**/test_*.py",
                "**/*_test.py",
                "**/conftest.py",
                "**/*_test.rs",
                "**/*.test.*",
                "**/*.spec.*",
            ]
            .map(str::to_owned)
            .to_vec(),
        }
    }
}

impl SecretSettings {
    /// Apply `{"allow": [...], "allowPaths": [...], "testPaths": [...]}`.
    fn apply(&mut self, value: &Value, problems: &mut Vec<String>) {
        let Some(map) = value.as_object() else {
            problems.push("`secrets` must be a table".to_owned());
            return;
        };
        for (key, list) in map {
            let strings: Option<Vec<String>> = list.as_array().and_then(|items| {
                items
                    .iter()
                    .map(|i| i.as_str().map(str::to_owned))
                    .collect()
            });
            let Some(strings) = strings else {
                problems.push(format!("`secrets.{key}` must be a list of strings"));
                continue;
            };
            match normalize_key(key).as_str() {
                "allow" | "allowvalues" => {
                    for pattern in &strings {
                        if let Err(e) = regex::Regex::new(pattern) {
                            problems.push(format!("`secrets.{key}`: {e}"));
                        }
                    }
                    self.allow = strings;
                }
                "allowpaths" => self.allow_paths = strings,
                "testpaths" => self.test_paths = strings,
                _ => problems.push(format!("unknown setting `secrets.{key}`")),
            }
        }
    }
}

impl Default for Config {
    fn default() -> Config {
        Config {
            debounce_ms: 30,
            rules: HashMap::new(),
            severity: HashMap::new(),
            min_severity: Severity::Hint,
            focus: Focus::All,
            online_package_checks: false,
            lessons: Lessons::Auto,
            insertion_summary: true,
            new_code_min_chars: crate::provenance::DEFAULT_NEW_CODE_MIN_CHARS,
            secrets: SecretSettings::default(),
        }
    }
}

impl Config {
    pub fn rule_enabled(&self, id: &str) -> bool {
        self.rules.get(id).copied().unwrap_or(true)
    }

    /// The severity a finding of rule `id` is reported with.
    pub fn severity_for(&self, id: &str, default: Severity) -> Severity {
        self.severity.get(id).copied().unwrap_or(default)
    }

    /// Read `suggestguard.toml` in `root`, if there is one, over `self`.
    /// Returns the problems found, each naming the file.
    pub fn apply_file(&mut self, root: &Path) -> Vec<String> {
        let path = root.join(CONFIG_FILE);
        let Ok(text) = std::fs::read_to_string(&path) else {
            return Vec::new();
        };
        let name = path.display();
        match toml::from_str::<toml::Table>(&text) {
            Ok(table) => match serde_json::to_value(table) {
                Ok(value) => self
                    .apply(&value)
                    .into_iter()
                    .map(|p| format!("{name}: {p}"))
                    .collect(),
                Err(e) => vec![format!("{name}: {e}")],
            },
            Err(e) => {
                let line = e.span().map(|s| {
                    text.as_bytes()[..s.start.min(text.len())]
                        .iter()
                        .filter(|&&b| b == b'\n')
                        .count()
                        + 1
                });
                vec![match line {
                    Some(line) => format!("{name}:{line}: {}", e.message()),
                    None => format!("{name}: {}", e.message()),
                }]
            }
        }
    }

    /// Apply settings given as JSON over `self`. Accepts the settings object
    /// itself or one nested under a `suggestguard` key. Good keys take effect
    /// even when others are bad; returns one message per problem.
    pub fn apply(&mut self, settings: &Value) -> Vec<String> {
        let mut problems = Vec::new();
        let settings = settings.get("suggestguard").unwrap_or(settings);
        let Some(map) = settings.as_object() else {
            if !settings.is_null() {
                problems.push("settings must be an object".to_owned());
            }
            return problems;
        };
        let known = RuleSet::builtin();
        for (key, value) in map {
            match normalize_key(key).as_str() {
                "debouncems" => match value.as_u64() {
                    Some(ms) if ms <= 10_000 => self.debounce_ms = ms,
                    _ => problems.push(format!(
                        "`{key}` must be a whole number of milliseconds from 0 to 10000, got {value}"
                    )),
                },
                "rules" => match value.as_object() {
                    Some(rules) => {
                        for (id, on) in rules {
                            let enabled = match on {
                                Value::Bool(b) => Some(*b),
                                Value::String(s) if s == "on" => Some(true),
                                Value::String(s) if s == "off" => Some(false),
                                _ => None,
                            };
                            match enabled {
                                Some(enabled) => {
                                    if known.get(id).is_none() {
                                        problems.push(format!("`{key}`: unknown rule `{id}`"));
                                    }
                                    self.rules.insert(id.clone(), enabled);
                                }
                                None => problems.push(format!(
                                    "`{key}.{id}` must be true/false or \"on\"/\"off\", got {on}"
                                )),
                            }
                        }
                    }
                    None => problems.push(format!("`{key}` must be a table of rule id -> on/off")),
                },
                "severity" => match value.as_object() {
                    Some(levels) => {
                        for (id, level) in levels {
                            match level.as_str().and_then(Severity::parse) {
                                Some(severity) => {
                                    if known.get(id).is_none() {
                                        problems.push(format!("`{key}`: unknown rule `{id}`"));
                                    }
                                    self.severity.insert(id.clone(), severity);
                                }
                                None => problems.push(format!(
                                    "`{key}.{id}` must be one of error, warning, info, hint; got {level}"
                                )),
                            }
                        }
                    }
                    None => problems.push(format!("`{key}` must be a table of rule id -> severity")),
                },
                "minseverity" => match value.as_str().and_then(Severity::parse) {
                    Some(level) => self.min_severity = level,
                    None => problems.push(format!(
                        "`{key}` must be one of error, warning, info, hint; got {value}"
                    )),
                },
                "focus" => match value.as_str() {
                    Some("all") => self.focus = Focus::All,
                    Some("new-code") => self.focus = Focus::NewCode,
                    Some("changed-since-head") => self.focus = Focus::ChangedSinceHead,
                    _ => problems.push(format!(
                        "`{key}` must be \"all\", \"new-code\" or \"changed-since-head\"; got {value}"
                    )),
                },
                "onlinepackagechecks" => match value.as_bool() {
                    Some(on) => self.online_package_checks = on,
                    None => problems.push(format!("`{key}` must be true or false, got {value}")),
                },
                "lessons" => match value.as_str() {
                    Some("auto") => self.lessons = Lessons::Auto,
                    Some("always-full") => self.lessons = Lessons::AlwaysFull,
                    Some("off") => self.lessons = Lessons::Off,
                    _ => problems.push(format!(
                        "`{key}` must be \"auto\", \"always-full\" or \"off\"; got {value}"
                    )),
                },
                "insertionsummary" => match value.as_bool() {
                    Some(on) => self.insertion_summary = on,
                    None => problems.push(format!("`{key}` must be true or false, got {value}")),
                },
                "newcodeminchars" => match value.as_u64() {
                    Some(n) if (1..=100_000).contains(&n) => self.new_code_min_chars = n as usize,
                    _ => problems.push(format!(
                        "`{key}` must be a whole number of characters from 1 to 100000, got {value}"
                    )),
                },
                // Settings that only the editor extension reads.
                "enable" | "path" | "trace" => {}
                "secrets" => self.secrets.apply(value, &mut problems),
                _ => problems.push(format!("unknown setting `{key}`")),
            }
        }
        problems
    }
}

/// `debounceMs`, `debounce_ms` and `debounce-ms` are the same key.
fn normalize_key(key: &str) -> String {
    key.chars()
        .filter(|c| *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn camel_and_snake_case_both_apply() {
        let mut config = Config::default();
        assert!(config.apply(&json!({"debounceMs": 5})).is_empty());
        assert_eq!(config.debounce_ms, 5);
        assert!(config.apply(&json!({"debounce_ms": 7})).is_empty());
        assert_eq!(config.debounce_ms, 7);
    }

    #[test]
    fn bad_values_are_reported_and_defaults_stay() {
        let mut config = Config::default();
        let problems =
            config.apply(&json!({"debounceMs": "soon", "severity": {"py-eval-injection": "loud"}}));
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert_eq!(config, Config::default());
    }

    #[test]
    fn editor_settings_parse_and_client_only_keys_are_accepted() {
        let mut config = Config::default();
        let problems = config.apply(&json!({
            "minSeverity": "warning", "focus": "new-code", "onlinePackageChecks": true,
            "lessons": "off", "enable": true, "path": "/usr/bin/suggestguard", "trace": {"server": "off"}
        }));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(config.min_severity, Severity::Warning);
        assert_eq!(config.focus, Focus::NewCode);
        assert!(config.online_package_checks);
        assert_eq!(config.lessons, Lessons::Off);
        assert_eq!(config.apply(&json!({"focus": "nearby"})).len(), 1);
        let problems = config.apply(&json!({"insertionSummary": false, "new_code_min_chars": 40}));
        assert!(problems.is_empty(), "{problems:?}");
        assert!(!config.insertion_summary);
        assert_eq!(config.new_code_min_chars, 40);
        assert_eq!(config.apply(&json!({"newCodeMinChars": 0})).len(), 1);
    }

    #[test]
    fn secret_allow_lists() {
        let mut config = Config::default();
        let problems = config.apply(&json!({"secrets": {"allow": ["^sk_live_fixture"], "allowPaths": ["fixtures/**"], "test_paths": []}}));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(config.secrets.allow, vec!["^sk_live_fixture"]);
        assert!(config.secrets.test_paths.is_empty());
        assert_eq!(config.apply(&json!({"secrets": {"allow": ["("]}})).len(), 1);
    }

    #[test]
    fn nested_section_and_rule_toggles() {
        let mut config = Config::default();
        let problems =
            config.apply(&json!({"suggestguard": {"rules": {"py-eval-injection": "off"}}}));
        assert!(problems.is_empty(), "{problems:?}");
        assert!(!config.rule_enabled("py-eval-injection"));
        assert!(config.rule_enabled("py-yaml-load"));
    }
}
