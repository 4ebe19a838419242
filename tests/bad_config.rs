//! Malformed user rules and configuration files: each problem is reported with
//! the file, the line and what is wrong, and the built-in rules keep working.

use std::sync::Arc;
use suggestguard::config::Config;
use suggestguard::engine::{Engine, Source};
use suggestguard::lang::Language;
use suggestguard::rules::RuleSet;

const YAML: &str =
    "import yaml\n\ndef load(path):\n    with open(path) as f:\n        return yaml.load(f)\n";

fn findings(engine: &Engine, text: &str) -> Vec<String> {
    let tree = Language::Python.parse(text);
    engine
        .analyze_guarded(
            &Source {
                text,
                tree: tree.as_ref(),
                language: Language::Python,
                path: None,
            },
            &Config::default(),
        )
        .into_iter()
        .map(|f| f.rule_id)
        .collect()
}

#[test]
fn a_broken_rule_file_names_file_and_line_and_builtins_still_fire() {
    let dir = tempfile::tempdir().unwrap();
    // A syntax error at the start of line 3.
    std::fs::write(
        dir.path().join("broken.toml"),
        "id = \"my-rule\"\ntitle = \"x\"\n= oops\n",
    )
    .unwrap();
    // Valid TOML, but the query does not compile.
    std::fs::write(
        dir.path().join("bad-query.toml"),
        "id = \"my-bad-query\"\ntitle = \"Bad query\"\nlanguage = \"python\"\nseverity = \"warning\"\ncwe = [78]\nmessage = \"m\"\n\n[docs]\nwhat = \"w\"\nwhy = \"y\"\nexploit = \"e\"\nfix = \"f\"\n\n[[pattern]]\nquery = \"(call function: (nonexistent_node) @x\"\nreport = \"x\"\n",
    )
    .unwrap();
    let (rules, errors) = RuleSet::with_user_rules(&[dir.path()]);
    let broken: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    assert!(
        broken
            .iter()
            .any(|e| e.contains("broken.toml") && e.contains("line 3")),
        "{broken:?}"
    );
    let engine = Engine::new(Arc::new(rules));
    let compile: Vec<String> = engine
        .errors()
        .iter()
        .map(|e| format!("{}: {}", e.rule_id, e.message))
        .collect();
    assert!(
        compile.iter().any(|e| e.starts_with("my-bad-query")),
        "{compile:?} {broken:?}"
    );
    assert!(findings(&engine, YAML).contains(&"py-yaml-load".to_owned()));
}

#[test]
fn a_broken_config_file_names_file_and_line_and_defaults_stay() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("suggestguard.toml"),
        "minSeverity = \"warning\"\n\n[rules\n",
    )
    .unwrap();
    let mut config = Config::default();
    let problems = config.apply_file(dir.path());
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("suggestguard.toml:3:"), "{problems:?}");
    assert!(findings(Engine::builtin(), YAML).contains(&"py-yaml-load".to_owned()));

    // A well-formed file with a bad value: that key is named, the others apply.
    std::fs::write(
        dir.path().join("suggestguard.toml"),
        "debounceMs = \"soon\"\n",
    )
    .unwrap();
    let mut config = Config::default();
    let problems = config.apply_file(dir.path());
    assert!(
        problems
            .iter()
            .any(|p| p.contains("suggestguard.toml") && p.contains("debounce")),
        "{problems:?}"
    );
    assert_eq!(config.debounce_ms, Config::default().debounce_ms);
}
