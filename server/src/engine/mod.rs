//! The analysis core: (source, rules, config) -> findings. Knows nothing of
//! the editor protocol; positions are byte offsets.

pub mod fix;
pub mod patterns;
pub mod secrets;
pub mod suppress;

use crate::config::Config;
use crate::finding::{Finding, Severity};
use crate::lang::Language;
use crate::rules::RuleSet;
use patterns::{PatternError, PatternSet};
use secrets::SecretSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::sync::{Arc, OnceLock};
use tree_sitter::Tree;

/// What is analysed: a text, its tree (for Python and Rust) and where it lives.
#[derive(Clone, Copy)]
pub struct Source<'a> {
    pub text: &'a str,
    pub tree: Option<&'a Tree>,
    pub language: Language,
    pub path: Option<&'a Path>,
}

/// The rules in force, compiled for each language. Build once, share freely.
pub struct Engine {
    rules: Arc<RuleSet>,
    python: PatternSet,
    rust: PatternSet,
    secrets: SecretSet,
    errors: Vec<PatternError>,
}

impl Engine {
    pub fn new(rules: Arc<RuleSet>) -> Engine {
        let (python, mut errors) = PatternSet::compile(&rules, Language::Python);
        let (rust, rust_errors) = PatternSet::compile(&rules, Language::Rust);
        errors.extend(rust_errors);
        let (secrets, secret_errors) = SecretSet::compile(&rules);
        errors.extend(secret_errors);
        Engine {
            rules,
            python,
            rust,
            secrets,
            errors,
        }
    }

    /// The engine for the built-in rules, compiled once per process.
    pub fn builtin() -> &'static Engine {
        static ENGINE: OnceLock<Engine> = OnceLock::new();
        ENGINE.get_or_init(|| {
            let rules = RuleSet::with_user_rules(&[]).0;
            Engine::new(Arc::new(rules))
        })
    }

    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// The compiled secret rules.
    pub fn secrets(&self) -> &SecretSet {
        &self.secrets
    }

    /// Rules whose queries did not compile (they are skipped).
    pub fn errors(&self) -> &[PatternError] {
        &self.errors
    }

    /// All findings for `source`, filtered and re-levelled by `config`,
    /// suppressions applied, in source order.
    pub fn analyze(&self, source: &Source, config: &Config) -> Vec<Finding> {
        let mut findings = Vec::new();
        if let Some(tree) = source.tree {
            let patterns = match source.language {
                Language::Python => Some(&self.python),
                Language::Rust => Some(&self.rust),
                Language::Text => None,
            };
            if let Some(patterns) = patterns {
                findings.extend(patterns.run(tree, source.text, 0..usize::MAX));
            }
        }
        findings.extend(self.secrets.check(source, config));
        findings.retain(|f| config.rule_enabled(&f.rule_id));
        for f in &mut findings {
            f.severity = config.severity_for(&f.rule_id, f.severity);
        }
        let directives = suppress::directives(source.text, source.language, source.tree);
        suppress::apply(&mut findings, source.text, &directives);
        findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        findings.dedup_by(|a, b| a.rule_id == b.rule_id && a.range == b.range);
        findings
    }

    /// [`Engine::analyze`], with a panic in the analysis turned into one
    /// informational finding instead of taking the caller down.
    pub fn analyze_guarded(&self, source: &Source, config: &Config) -> Vec<Finding> {
        match catch_unwind(AssertUnwindSafe(|| self.analyze(source, config))) {
            Ok(findings) => findings,
            Err(panic) => {
                let what = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "unknown error".into());
                vec![Finding {
                    rule_id: INTERNAL_ERROR_RULE.to_owned(),
                    range: 0..0,
                    severity: Severity::Info,
                    cwe: Vec::new(),
                    message: format!("suggestguard could not analyse this file (internal error: {what}); other files are unaffected."),
                    fix: None,
                    related: Vec::new(),
                }]
            }
        }
    }
}

/// Rule id used for the note shown when an analysis fails.
pub const INTERNAL_ERROR_RULE: &str = "internal-error";

/// Parse and analyse a whole file with the built-in engine (CLI, tests).
pub fn analyze_text(
    text: &str,
    language: Language,
    path: Option<&Path>,
    config: &Config,
) -> Vec<Finding> {
    let tree = language.parse(text);
    Engine::builtin().analyze_guarded(
        &Source {
            text,
            tree: tree.as_ref(),
            language,
            path,
        },
        config,
    )
}
