//! Rules as data: one TOML file per rule under `rules/<family>/`, compiled into
//! the binary. The engines read what they need from a [`Rule`]; this module only
//! knows the schema and where rule files come from.

use crate::finding::Severity;
use include_dir::{include_dir, Dir};
use serde::Deserialize;
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, OnceLock};

static BUILTIN_DIR: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/rules");

/// Which documents a rule applies to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleLanguage {
    Python,
    Rust,
    /// Any file, including config and text files (secrets, manifests).
    Any,
}

impl RuleLanguage {
    pub fn applies_to(self, lang: crate::lang::Language) -> bool {
        use crate::lang::Language;
        matches!(
            (self, lang),
            (RuleLanguage::Any, _)
                | (RuleLanguage::Python, Language::Python)
                | (RuleLanguage::Rust, Language::Rust)
        )
    }
}

/// The documentation sections every rule carries; they become the hover, the
/// `explain` output and the SARIF help text.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Docs {
    /// What the rule finds.
    pub what: String,
    /// Why it is dangerous.
    pub why: String,
    /// How an attacker uses it.
    pub exploit: String,
    /// What to write instead (prose).
    pub fix: String,
    /// Code the rule must flag (run as a test).
    #[serde(default)]
    pub example: String,
    /// The secure version of `example`; the rule must stay silent on it (run as a test).
    #[serde(default)]
    pub instead: String,
    #[serde(default)]
    pub references: Vec<String>,
}

/// One tree-sitter query of a pattern rule. Any pattern of a rule may match.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pattern {
    /// A tree-sitter query; besides the built-in `#eq?`/`#match?` predicates it
    /// may use the engine's predicates (see `engine::patterns`).
    pub query: String,
    /// The capture whose node is reported; default `report`, else the whole match.
    #[serde(default)]
    pub report: Option<String>,
}

/// One edit of a fix, in terms of a pattern's captures.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EditTemplate {
    /// The capture whose node is edited.
    pub capture: String,
    /// Replace the node with this text; `{{name}}` inserts capture `name`'s text.
    #[serde(default)]
    pub replace: Option<String>,
    /// Delete the node as one argument of a call, with its separating comma.
    #[serde(default)]
    pub delete_argument: bool,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FixTemplate {
    pub title: String,
    #[serde(default)]
    pub edits: Vec<EditTemplate>,
    /// A fix written by code in the language module (for rewrites that
    /// templates cannot express); applied to the `report` capture.
    #[serde(default)]
    pub generator: Option<String>,
}

/// How sure a rule is when it fires; reported in SARIF and used by reviewers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    Low,
    #[default]
    Medium,
    High,
}

/// One rule, as written in its file.
#[derive(Clone, Debug, Deserialize)]
pub struct Rule {
    /// Stable id, `<lang>-<what>` (e.g. `py-yaml-load`); never changes once released.
    pub id: String,
    pub title: String,
    pub language: RuleLanguage,
    pub severity: Severity,
    pub cwe: Vec<u32>,
    /// One sentence naming the danger and the way out.
    pub message: String,
    #[serde(default)]
    pub confidence: Confidence,
    pub docs: Docs,
    /// Tree-sitter patterns (pattern rules only).
    #[serde(default, rename = "pattern")]
    pub patterns: Vec<Pattern>,
    #[serde(default)]
    pub fix: Option<FixTemplate>,
    /// Which engine runs the rule: `pattern` (default), or an engine name such
    /// as `taint`, `secret`, `package`; that engine reads its settings from `extra`.
    #[serde(default = "default_engine")]
    pub engine: String,
    /// Engine-specific settings.
    #[serde(flatten)]
    pub extra: toml::Table,
}

fn default_engine() -> String {
    "pattern".to_owned()
}

impl Rule {
    /// `CWE-89` style tags for the rule's weaknesses.
    pub fn cwe_tags(&self) -> Vec<String> {
        self.cwe.iter().map(|c| format!("CWE-{c}")).collect()
    }

    /// The page describing the rule's main weakness.
    pub fn cwe_url(&self) -> Option<String> {
        self.cwe
            .first()
            .map(|c| format!("https://cwe.mitre.org/data/definitions/{c}.html"))
    }

    /// The explanation as Markdown: used for hovers, `explain` and SARIF help.
    pub fn explanation_markdown(&self) -> String {
        let d = &self.docs;
        let lang = match self.language {
            RuleLanguage::Python => "python",
            RuleLanguage::Rust => "rust",
            RuleLanguage::Any => "",
        };
        let mut out = format!(
            "**{}** (`{}`, {}, {})\n\n**What it finds.** {}\n\n**Why it matters.** {}\n\n**How it is exploited.** {}\n\n**What to write instead.** {}\n",
            self.title,
            self.id,
            self.severity,
            self.cwe_tags().join(", "),
            d.what.trim(),
            d.why.trim(),
            d.exploit.trim(),
            d.fix.trim()
        );
        if !d.example.trim().is_empty() {
            out.push_str(&format!(
                "\nFlagged:\n```{lang}\n{}\n```\n",
                d.example.trim_end()
            ));
        }
        if !d.instead.trim().is_empty() {
            out.push_str(&format!(
                "\nSecure:\n```{lang}\n{}\n```\n",
                d.instead.trim_end()
            ));
        }
        let mut links: Vec<String> = self.cwe_url().into_iter().collect();
        links.extend(d.references.iter().cloned());
        if !links.is_empty() {
            out.push_str("\nReferences: ");
            out.push_str(&links.join(", "));
            out.push('\n');
        }
        out
    }
}

/// Problems found while reading rule files; built-in rules keep working.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleError {
    pub file: String,
    pub message: String,
}

impl std::fmt::Display for RuleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.file, self.message)
    }
}

/// The rules in force, by id.
#[derive(Debug, Default)]
pub struct RuleSet {
    rules: Vec<Arc<Rule>>,
    by_id: HashMap<String, usize>,
}

impl RuleSet {
    /// The rules compiled into the binary. Parsed once per process.
    pub fn builtin() -> &'static RuleSet {
        static BUILTIN: OnceLock<RuleSet> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            let mut set = RuleSet::default();
            let mut files = Vec::new();
            collect_files(&BUILTIN_DIR, &mut files);
            for file in files {
                let name = file.path().display().to_string();
                let text = file.contents_utf8().unwrap_or_default();
                match parse_rule(&name, text) {
                    Ok(rule) => set.insert(rule),
                    // A broken built-in rule is a build defect: the rule tests catch it.
                    Err(e) => eprintln!("suggestguard: built-in rule {e}"),
                }
            }
            set
        })
    }

    /// Built-in rules plus the rule files in `dirs` (user rules override
    /// built-ins with the same id).
    pub fn with_user_rules(dirs: &[&Path]) -> (RuleSet, Vec<RuleError>) {
        let mut set = RuleSet::default();
        for rule in RuleSet::builtin().iter() {
            set.insert((**rule).clone());
        }
        let mut errors = Vec::new();
        for dir in dirs {
            let walker = ignore::WalkBuilder::new(dir)
                .standard_filters(false)
                .build();
            for entry in walker.flatten() {
                let path = entry.path();
                let in_models = path
                    .components()
                    .any(|c| c.as_os_str() == std::ffi::OsStr::new(MODELS_DIR));
                if path.extension().is_some_and(|e| e == "toml") && !in_models {
                    let name = path.display().to_string();
                    match std::fs::read_to_string(path) {
                        Ok(text) => match parse_rule(&name, &text) {
                            Ok(rule) => set.insert(rule),
                            Err(e) => errors.push(e),
                        },
                        Err(e) => errors.push(RuleError {
                            file: name,
                            message: e.to_string(),
                        }),
                    }
                }
            }
        }
        (set, errors)
    }

    pub(crate) fn insert(&mut self, rule: Rule) {
        let rule = Arc::new(rule);
        match self.by_id.get(&rule.id) {
            Some(&i) => self.rules[i] = rule,
            None => {
                self.by_id.insert(rule.id.clone(), self.rules.len());
                self.rules.push(rule);
            }
        }
    }

    pub fn get(&self, id: &str) -> Option<&Arc<Rule>> {
        self.by_id.get(id).map(|&i| &self.rules[i])
    }

    pub fn iter(&self) -> impl Iterator<Item = &Arc<Rule>> {
        self.rules.iter()
    }

    pub fn len(&self) -> usize {
        self.rules.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }
}

/// Engine model files (taint sources, sanitizers, ...) live in `models/`
/// folders beside the rules; they are data for an engine, not rules.
const MODELS_DIR: &str = "models";

fn collect_files<'a>(dir: &'a Dir<'a>, out: &mut Vec<&'a include_dir::File<'a>>) {
    for file in dir.files() {
        if file.path().extension().is_some_and(|e| e == "toml") {
            out.push(file);
        }
    }
    for sub in dir.dirs() {
        if sub.path().file_name().is_some_and(|n| n == MODELS_DIR) {
            continue;
        }
        collect_files(sub, out);
    }
    out.sort_by_key(|f| f.path());
}

/// The built-in model files of a rule family (`python` -> `rules/python/models/*.toml`),
/// as (name, text), in name order.
pub fn builtin_models(family: &str) -> Vec<(String, &'static str)> {
    let mut out: Vec<(String, &'static str)> = BUILTIN_DIR
        .get_dir(format!("{family}/{MODELS_DIR}"))
        .map(|d| {
            d.files()
                .filter(|f| f.path().extension().is_some_and(|e| e == "toml"))
                .map(|f| {
                    (
                        f.path().display().to_string(),
                        f.contents_utf8().unwrap_or_default(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// Parse and check one rule file.
pub fn parse_rule(file: &str, text: &str) -> Result<Rule, RuleError> {
    let err = |message: String| RuleError {
        file: file.to_owned(),
        message,
    };
    let rule: Rule = toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| {
            text.as_bytes()[..s.start.min(text.len())]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1
        });
        match line {
            Some(line) => err(format!("line {line}: {}", e.message())),
            None => err(e.message().to_owned()),
        }
    })?;
    if rule.id.trim().is_empty() || rule.message.trim().is_empty() {
        return Err(err("a rule needs a non-empty `id` and `message`".into()));
    }
    if rule.engine == "pattern" && rule.patterns.is_empty() {
        return Err(err(format!("rule `{}` has no [[pattern]]", rule.id)));
    }
    Ok(rule)
}
