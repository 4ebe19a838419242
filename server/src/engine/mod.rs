//! The analysis core: (source, rules, config) -> findings. Knows nothing of
//! the editor protocol; positions are byte offsets.

pub mod dedup;
pub mod fix;
pub mod imports;
pub mod packages;
pub mod patterns;
pub mod query;
pub mod regions;
pub mod secrets;
pub mod suppress;
pub mod taint;

use crate::config::Config;
use crate::finding::{Finding, Severity};
use crate::lang::Language;
use crate::rules::{RuleLanguage, RuleSet};
use patterns::{PatternError, PatternSet};
use secrets::SecretSet;
use std::ops::Range;
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
    // Each language's rules are compiled on first use: a scan of Python files
    // never pays for the Rust queries, and the reverse.
    python: OnceLock<(PatternSet, Vec<PatternError>)>,
    rust: OnceLock<(PatternSet, Vec<PatternError>)>,
    taint_python: OnceLock<taint::TaintSet>,
    /// Pattern findings per top-level item, so an edit re-runs one item.
    /// Per-segment findings of the pattern rules, and of the secret rules.
    regions: regions::RegionCache,
    secret_regions: regions::RegionCache,
    secrets: OnceLock<(SecretSet, Vec<PatternError>)>,
    taint_rust: OnceLock<taint::TaintSet>,
    /// Where each class's methods lie, for cutting classes into segments.
    methods: regions::MethodCache,
}

impl Engine {
    pub fn new(rules: Arc<RuleSet>) -> Engine {
        Engine {
            rules,
            python: OnceLock::new(),
            rust: OnceLock::new(),
            taint_python: OnceLock::new(),
            regions: regions::RegionCache::default(),
            secret_regions: regions::RegionCache::default(),
            secrets: OnceLock::new(),
            taint_rust: OnceLock::new(),
            methods: regions::MethodCache::default(),
        }
    }

    pub(crate) fn patterns(&self, language: Language) -> Option<&(PatternSet, Vec<PatternError>)> {
        let cell = match language {
            Language::Python => &self.python,
            Language::Rust => &self.rust,
            Language::Text => return None,
        };
        Some(cell.get_or_init(|| PatternSet::compile(&self.rules, language)))
    }

    fn secrets_with_errors(&self) -> &(SecretSet, Vec<PatternError>) {
        self.secrets.get_or_init(|| SecretSet::compile(&self.rules))
    }

    /// The compiled secret rules.
    pub fn secrets(&self) -> &SecretSet {
        &self.secrets_with_errors().0
    }

    fn taint_python(&self) -> &taint::TaintSet {
        self.taint_python
            .get_or_init(|| taint::TaintSet::compile(&self.rules, RuleLanguage::Python, "python"))
    }

    fn taint_rust(&self) -> &taint::TaintSet {
        self.taint_rust
            .get_or_init(|| taint::TaintSet::compile(&self.rules, RuleLanguage::Rust, "rust"))
    }

    /// Compile everything an analysis of `language` needs (its queries on one
    /// core, the secret and taint rules on the other), so that the first
    /// analysis does not wait for it. Calls after the first return at once.
    pub fn prepare(&self, language: Language) {
        std::thread::scope(|scope| {
            scope.spawn(|| {
                self.secrets();
                match language {
                    Language::Python => drop(self.taint_python()),
                    Language::Rust => drop(self.taint_rust()),
                    Language::Text => {}
                }
            });
            self.patterns(language);
        });
    }

    /// The engine for the built-in rules, compiled once per process.
    pub fn builtin() -> &'static Engine {
        static ENGINE: OnceLock<Engine> = OnceLock::new();
        ENGINE.get_or_init(|| {
            let rules = RuleSet::with_user_rules(&[]).0;
            Engine::new(Arc::new(rules))
        })
    }

    /// Forget every cached per-segment result (the next analysis of each
    /// file starts from scratch).
    pub fn clear_caches(&self) {
        self.regions.clear();
        self.secret_regions.clear();
        self.methods.clear();
        for set in [&self.taint_python, &self.taint_rust] {
            if let Some(set) = set.get() {
                set.clear_caches();
            }
        }
    }

    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// Rules whose queries or models did not compile (they are skipped).
    /// Compiles every language's rules.
    pub fn errors(&self) -> Vec<PatternError> {
        let mut errors: Vec<PatternError> = [Language::Python, Language::Rust]
            .into_iter()
            .filter_map(|l| self.patterns(l))
            .flat_map(|(_, e)| e.iter().cloned())
            .collect();
        errors.extend(self.secrets_with_errors().1.iter().cloned());
        for set in [self.taint_python(), self.taint_rust()] {
            errors.extend(set.errors().iter().map(|e| PatternError {
                rule_id: "taint".into(),
                message: e.clone(),
            }));
        }
        errors
    }

    /// All findings for `source`, filtered and re-levelled by `config`,
    /// suppressions applied, in source order.
    pub fn analyze(&self, source: &Source, config: &Config) -> Vec<Finding> {
        self.analyze_until(source, config, &|| false)
            .unwrap_or_default()
    }

    /// [`Engine::analyze`], abandoned (`None`) as soon as `stop` says the
    /// result is no longer wanted (a newer version of the file arrived). The
    /// segments finished by then stay cached, so the next analysis reuses them.
    pub fn analyze_until(
        &self,
        source: &Source,
        config: &Config,
        stop: &Stop<'_>,
    ) -> Option<Vec<Finding>> {
        // Test hook for the panic guard; compiled out of release builds.
        #[cfg(debug_assertions)]
        if std::env::var_os("SUGGESTGUARD_DEBUG_PANIC").is_some()
            && source.text.contains("suggestguard-debug-panic")
        {
            panic!("suggestguard-debug-panic: analysis failed on purpose");
        }
        let mut findings = Vec::new();
        let secrets = self.secrets().scanner(source, config);
        match source.tree {
            Some(tree) => {
                let patterns = self.patterns(source.language).map(|(p, _)| p);
                // The rules whose findings depend on one top-level node and
                // the file's context only.
                let pattern_rules = |range: Range<usize>| {
                    patterns
                        .map(|p| p.run(tree, source.text, range))
                        .unwrap_or_default()
                };
                let secret_rules = |range: Range<usize>| {
                    secrets.as_ref().map(|s| s.check(range)).unwrap_or_default()
                };
                if source.text.len() >= regions::MIN_CACHED_BYTES {
                    let split = if patterns.is_none_or(|p| p.matches_stay_in_methods()) {
                        regions::Split::Methods(&self.methods)
                    } else {
                        regions::Split::TopLevel
                    };
                    let layout = regions::Layout::new(source.language, tree, source.text, split);
                    let settings = regions::hash_of((format!("{:?}", config.secrets), source.path));
                    // Pattern and secret rules on this core; taint and the
                    // package checks on the second, about as long (on a
                    // file's first analysis too, when the package checks
                    // list the imports of every segment): an analysis waits
                    // for the slower.
                    let taint = || match source.language {
                        Language::Python => taint::python::analyze_layout(
                            self.taint_python(),
                            tree,
                            source.text,
                            &layout,
                            stop,
                        ),
                        Language::Rust => taint::rust::analyze_layout(
                            self.taint_rust(),
                            tree,
                            source.text,
                            &layout,
                            stop,
                        ),
                        Language::Text => Some(Vec::new()),
                    };
                    let ((pattern_found, secret_found), (taint_found, package_found)) =
                        std::thread::scope(|scope| {
                            let second = scope.spawn(|| {
                                let taint_found = taint();
                                (taint_found, packages::check(source, &self.rules, config))
                            });
                            let pattern_found =
                                self.regions.run(&layout, settings, pattern_rules, stop);
                            let secret_found =
                                self.secret_regions
                                    .run(&layout, settings, secret_rules, stop);
                            let second = second
                                .join()
                                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                            ((pattern_found, secret_found), second)
                        });
                    findings.extend(pattern_found?);
                    findings.extend(secret_found?);
                    findings.extend(taint_found?);
                    findings.extend(package_found);
                } else {
                    findings.extend(pattern_rules(0..source.text.len()));
                    findings.extend(secret_rules(0..source.text.len()));
                    findings.extend(match source.language {
                        Language::Python => {
                            taint::python::analyze(self.taint_python(), tree, source.text)
                        }
                        Language::Rust => {
                            taint::rust::analyze(self.taint_rust(), tree, source.text)
                        }
                        Language::Text => Vec::new(),
                    });
                    findings.extend(packages::check(source, &self.rules, config));
                }
            }
            None => {
                findings.extend(
                    secrets
                        .map(|s| s.check(0..source.text.len()))
                        .unwrap_or_default(),
                );
                findings.extend(packages::check(source, &self.rules, config));
            }
        }
        findings.retain(|f| config.rule_enabled(&f.rule_id));
        for f in &mut findings {
            f.severity = config.severity_for(&f.rule_id, f.severity);
        }
        findings.retain(|f| f.severity >= config.min_severity);
        let directives = suppress::directives(source.text, source.language, source.tree);
        suppress::apply(&mut findings, source.text, &directives);
        dedup::keep_most_confident(&mut findings, source.text);
        findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        findings.dedup_by(|a, b| a.rule_id == b.rule_id && a.range == b.range);
        Some(findings)
    }

    /// [`Engine::analyze`], with a panic in the analysis turned into one
    /// informational finding instead of taking the caller down.
    pub fn analyze_guarded(&self, source: &Source, config: &Config) -> Vec<Finding> {
        self.analyze_guarded_until(source, config, &|| false)
            .unwrap_or_default()
    }

    /// [`Engine::analyze_until`] with the panic guard of
    /// [`Engine::analyze_guarded`].
    pub fn analyze_guarded_until(
        &self,
        source: &Source,
        config: &Config,
        stop: &Stop<'_>,
    ) -> Option<Vec<Finding>> {
        match catch_unwind(AssertUnwindSafe(|| {
            self.analyze_until(source, config, stop)
        })) {
            Ok(findings) => findings,
            Err(panic) => {
                let what = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "unknown error".into());
                Some(vec![Finding {
                    rule_id: INTERNAL_ERROR_RULE.to_owned(),
                    range: 0..0,
                    severity: Severity::Info,
                    cwe: Vec::new(),
                    message: format!("suggestguard could not analyse this file (internal error: {what}); other files are unaffected."),
                    fix: None,
                    related: Vec::new(),
                }])
            }
        }
    }
}

/// Asked during a long analysis: true when its result is no longer wanted.
pub type Stop<'a> = dyn Fn() -> bool + Sync + 'a;

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
