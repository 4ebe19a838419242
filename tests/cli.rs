//! The command line: scan formats, exit codes, rules and explain.

mod common;

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

fn run(args: &[&str], dir: &Path) -> Output {
    Command::new(common::binary())
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run suggestguard")
}

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("src")).unwrap();
    std::fs::write(
        dir.path().join("app.py"),
        "import yaml\n\n# ünïcode 😀\ndef load(p):\n    return yaml.load(open(p))\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("src/net.rs"),
        "fn c() {\n    let c = reqwest::Client::builder().danger_accept_invalid_certs(true).build();\n}\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("clean.py"), "print('hello')\n").unwrap();
    // Ignored by .gitignore: must not be scanned.
    std::fs::create_dir_all(dir.path().join("build")).unwrap();
    std::fs::write(
        dir.path().join("build/gen.py"),
        "import yaml\nyaml.load(x)\n",
    )
    .unwrap();
    std::fs::write(dir.path().join(".gitignore"), "build/\n").unwrap();
    dir
}

#[test]
fn text_report_lists_findings_and_exits_1() {
    let dir = project();
    let out = run(&["scan", "."], dir.path());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("app.py:5:12: error py-yaml-load "),
        "{stdout}"
    );
    assert!(
        stdout.contains("net.rs:2:13: error rs-tls-verify-disabled "),
        "{stdout}"
    );
    assert!(
        !stdout.contains("gen.py"),
        "ignored files are skipped: {stdout}"
    );
    assert!(!stdout.contains("\x1b["), "no colour when not a terminal");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("scanned"), "{stderr}");
}

#[test]
fn json_report_has_one_based_positions_cwe_and_fix() {
    let dir = project();
    let out = run(&["scan", "--format", "json", "app.py"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let findings: Value = serde_json::from_slice(&out.stdout).unwrap();
    let f = &findings[0];
    assert_eq!(f["file"], "app.py");
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(5), Some(12))
    );
    assert_eq!(
        (f["end_line"].as_u64(), f["end_column"].as_u64()),
        (Some(5), Some(30))
    );
    assert_eq!(f["rule"], "py-yaml-load");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["cwe"][0], "CWE-502");
    assert_eq!(f["fix"]["edits"][0]["new_text"], "safe_load");
}

#[test]
fn sarif_report_is_valid_2_1_0_with_rules_tags_and_fixes() {
    let dir = project();
    // A hint: a review note, not a vulnerability.
    std::fs::write(
        dir.path().join("jitter.py"),
        "import random\n\ndelay = random.uniform(0, 1)\n",
    )
    .unwrap();
    let out = run(&["scan", "--format", "sarif", "."], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let log: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let run0 = &log["runs"][0];
    assert_eq!(run0["tool"]["driver"]["name"], "suggestguard");
    let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
    let yaml_rule = rules.iter().find(|r| r["id"] == "py-yaml-load").unwrap();
    let tags = yaml_rule["properties"]["tags"].as_array().unwrap();
    assert!(tags.contains(&Value::from("security")) && tags.contains(&Value::from("CWE-502")));
    assert!(!tags.contains(&Value::from("review")));
    assert_eq!(yaml_rule["properties"]["security-severity"], "8.0");
    // Hint rules are tagged `review` (CWEs kept), without `security` or a
    // `security-severity`, in the rule and in its results.
    let hint_rule = rules.iter().find(|r| r["id"] == "py-random-use").unwrap();
    let tags = hint_rule["properties"]["tags"].as_array().unwrap();
    assert!(tags.contains(&Value::from("review")) && tags.contains(&Value::from("CWE-330")));
    assert!(!tags.contains(&Value::from("security")));
    assert!(hint_rule["properties"].get("security-severity").is_none());
    assert!(!yaml_rule["help"]["text"].as_str().unwrap().is_empty());
    let results = run0["results"].as_array().unwrap();
    assert_eq!(results.len(), 3, "{results:?}");
    let hint = results
        .iter()
        .find(|r| r["ruleId"] == "py-random-use")
        .unwrap();
    assert_eq!(hint["level"], "note");
    let tags = hint["properties"]["tags"].as_array().unwrap();
    assert!(tags.contains(&Value::from("review")) && !tags.contains(&Value::from("security")));
    let r = results
        .iter()
        .find(|r| r["ruleId"] == "py-yaml-load")
        .unwrap();
    assert_eq!(r["level"], "error");
    assert_eq!(
        rules[r["ruleIndex"].as_u64().unwrap() as usize]["id"],
        "py-yaml-load"
    );
    let loc = &r["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "app.py");
    assert_eq!(loc["region"]["startLine"], 5);
    assert_eq!(loc["region"]["startColumn"], 12);
    let replacement = &r["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert_eq!(replacement["insertedContent"]["text"], "safe_load");
    let tags = r["properties"]["tags"].as_array().unwrap();
    assert!(tags.contains(&Value::from("CWE-502")) && tags.contains(&Value::from("security")));
    validate_sarif_shape(&log);
}

/// The parts of the SARIF 2.1.0 schema that code-scanning services insist on.
fn validate_sarif_shape(log: &Value) {
    for run in log["runs"].as_array().unwrap() {
        assert!(run["tool"]["driver"]["name"].is_string());
        for result in run["results"].as_array().unwrap() {
            assert!(result["message"]["text"].is_string());
            assert!(
                ["error", "warning", "note", "none"].contains(&result["level"].as_str().unwrap())
            );
            for loc in result["locations"].as_array().unwrap() {
                let region = &loc["physicalLocation"]["region"];
                assert!(region["startLine"].as_u64().unwrap() >= 1);
                assert!(region["startColumn"].as_u64().unwrap() >= 1);
                assert!(
                    region["endLine"].as_u64().unwrap() >= region["startLine"].as_u64().unwrap()
                );
            }
        }
    }
}

#[test]
fn fail_on_and_min_severity_decide_the_exit_code() {
    let dir = project();
    assert_eq!(
        run(&["scan", "clean.py"], dir.path()).status.code(),
        Some(0)
    );
    assert_eq!(
        run(&["scan", "--fail-on", "never", "."], dir.path())
            .status
            .code(),
        Some(0)
    );
    let pickled = dir.path().join("p.py");
    std::fs::write(&pickled, "import pickle\npickle.loads(b)\n").unwrap();
    // The pickle finding is a warning: fails at warning, passes at error.
    assert_eq!(run(&["scan", "p.py"], dir.path()).status.code(), Some(1));
    assert_eq!(
        run(&["scan", "--fail-on", "error", "p.py"], dir.path())
            .status
            .code(),
        Some(0)
    );
    let out = run(
        &[
            "scan",
            "--min-severity",
            "error",
            "--format",
            "json",
            "p.py",
        ],
        dir.path(),
    );
    assert_eq!(String::from_utf8(out.stdout).unwrap().trim(), "[]");
}

#[test]
fn usage_and_io_errors_exit_2_with_a_message() {
    let dir = project();
    let out = run(&["scan", "does-not-exist"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("does-not-exist"));
    assert_eq!(
        run(&["scan", "--format", "xml"], dir.path()).status.code(),
        Some(2)
    );
    assert_eq!(
        run(&["explain", "no-such-rule"], dir.path()).status.code(),
        Some(2)
    );
}

#[test]
fn settings_file_turns_rules_off() {
    let dir = project();
    std::fs::write(
        dir.path().join("suggestguard.toml"),
        "[rules]\npy-yaml-load = false\nrs-tls-verify-disabled = \"off\"\n",
    )
    .unwrap();
    let out = run(&["scan", "."], dir.path());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn suppression_comments_silence_and_unused_ones_are_hinted() {
    let dir = project();
    std::fs::write(
        dir.path().join("s.py"),
        "import yaml\nyaml.load(a)  # suggestguard: ignore[py-yaml-load] -- trusted file\n# suggestguard: ignore[py-eval-injection]\nx = 1\n",
    )
    .unwrap();
    let out = run(&["scan", "--format", "json", "s.py"], dir.path());
    let findings: Value = serde_json::from_slice(&out.stdout).unwrap();
    let rules: Vec<&str> = findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, vec!["suppression-unused"]);
    assert_eq!(findings[0]["line"], 3);
}

#[test]
fn rules_and_explain_print_the_rule_documentation() {
    let dir = project();
    let out = run(&["rules"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    let listing = String::from_utf8(out.stdout).unwrap();
    assert!(listing.contains("py-yaml-load") && listing.contains("CWE-502"));
    let out = run(&["explain", "py-shell-injection"], dir.path());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("What to write instead") && text.contains("CWE-78"),
        "{text}"
    );
    let out = run(&["--version"], dir.path());
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .starts_with("suggestguard "));
}

#[test]
fn python_declaring_latin1_is_read_and_other_non_utf8_is_skipped_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    // "café" in Latin-1 (0xE9) before the finding: lines and columns must be
    // those of the file, where it is one byte.
    let mut latin1 = b"# -*- coding: latin-1 -*-\nimport yaml\nname = 'caf".to_vec();
    latin1.extend_from_slice(b"\xe9'; data = yaml.load(open(name))\n");
    std::fs::write(dir.path().join("old.py"), &latin1).unwrap();
    let mut undeclared = b"import yaml\nname = 'caf".to_vec();
    undeclared.extend_from_slice(b"\xe9'; data = yaml.load(open(name))\n");
    std::fs::write(dir.path().join("broken.py"), &undeclared).unwrap();
    let out = run(&["scan", "--format", "json", "."], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("broken.py: not UTF-8"), "{stderr}");
    assert!(!stderr.contains("old.py"), "{stderr}");
    let findings: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let yaml = findings
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "py-yaml-load")
        .expect("the Latin-1 file is analysed");
    assert_eq!(yaml["file"], "old.py");
    assert_eq!(
        (yaml["line"].as_u64(), yaml["column"].as_u64()),
        (Some(3), Some(23))
    );
}

#[test]
fn binary_and_huge_files_are_skipped_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("blob.py"), b"\x00\x01\x02yaml.load(x)").unwrap();
    let big = "x = 1\n".repeat(1_000_000);
    std::fs::write(dir.path().join("big.py"), big).unwrap();
    // Binary files not named as source are only counted: a tree holds many.
    for name in ["logo.png", "_speedups.so"] {
        std::fs::write(dir.path().join(name), b"\x89PNG\x00\x00\x01").unwrap();
    }
    let out = run(&["scan", "."], dir.path());
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("blob.py: binary file"), "{stderr}");
    assert!(stderr.contains("big.py: larger than"), "{stderr}");
    assert!(
        !stderr.contains("logo.png") && !stderr.contains("_speedups.so"),
        "{stderr}"
    );
    assert!(stderr.contains("(2 binary files skipped)"), "{stderr}");
}
