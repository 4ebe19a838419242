//! Every rule's documented example must fire and its secure version must stay
//! silent; every fix must parse and remove its finding. The docs are the tests.

use suggestguard::config::Config;
use suggestguard::engine::{analyze_text, fix, Engine};
use suggestguard::lang::Language;
use suggestguard::rules::RuleLanguage;

fn language_of(lang: RuleLanguage) -> Option<Language> {
    match lang {
        RuleLanguage::Python => Some(Language::Python),
        RuleLanguage::Rust => Some(Language::Rust),
        RuleLanguage::Any => None,
    }
}

#[test]
fn builtin_rules_compile() {
    let engine = Engine::builtin();
    assert!(engine.errors().is_empty(), "{:?}", engine.errors());
    assert!(engine.rules().len() >= 9);
}

#[test]
fn examples_fire_and_secure_versions_stay_silent() {
    let config = Config::default();
    let mut checked = 0;
    for rule in Engine::builtin().rules().iter() {
        if rule.engine == "meta" {
            continue;
        }
        assert!(
            !rule.docs.example.trim().is_empty(),
            "{}: no example",
            rule.id
        );
        assert!(
            !rule.docs.instead.trim().is_empty(),
            "{}: no secure example",
            rule.id
        );
        let Some(lang) = language_of(rule.language) else {
            continue; // text rules are checked by their own engine's tests
        };
        let fired = analyze_text(&rule.docs.example, lang, None, &config);
        assert!(
            fired.iter().any(|f| f.rule_id == rule.id),
            "{}: the example does not fire; got {:?}",
            rule.id,
            fired.iter().map(|f| &f.rule_id).collect::<Vec<_>>()
        );
        let silent = analyze_text(&rule.docs.instead, lang, None, &config);
        assert!(
            !silent.iter().any(|f| f.rule_id == rule.id),
            "{}: the secure example fires: {silent:?}",
            rule.id
        );
        checked += 1;
    }
    assert!(checked >= 8);
}

#[test]
fn fixes_parse_and_remove_their_finding() {
    let config = Config::default();
    let mut fixed_rules = 0;
    for rule in Engine::builtin().rules().iter() {
        let (Some(_), Some(lang)) = (&rule.fix, language_of(rule.language)) else {
            continue;
        };
        let text = &rule.docs.example;
        let findings = analyze_text(text, lang, None, &config);
        let finding = findings
            .iter()
            .find(|f| f.rule_id == rule.id && f.fix.is_some())
            .unwrap_or_else(|| panic!("{}: the example offers no fix", rule.id));
        let fix = finding.fix.as_ref().unwrap();
        assert!(
            fix::fix_keeps_syntax(lang, text, fix),
            "{}: fix breaks syntax",
            rule.id
        );
        let fixed = fix::apply_edits(text, &fix.edits).unwrap();
        assert_eq!(
            fix::syntax_error_count(lang, &fixed),
            0,
            "{}: {fixed}",
            rule.id
        );
        let after = analyze_text(&fixed, lang, None, &config);
        assert!(
            !after.iter().any(|f| f.rule_id == rule.id),
            "{}: finding remains after the fix:\n{fixed}",
            rule.id
        );
        fixed_rules += 1;
    }
    assert!(fixed_rules >= 3);
}
