//! Package checks end to end: manifests of every format, Python imports and
//! Rust paths in temporary projects, the fixes applied, the rule docs, a SARIF
//! scan, and precision/recall on the labelled name lists.

use std::path::{Path, PathBuf};
use suggestguard::config::Config;
use suggestguard::engine::{analyze_text, fix};
use suggestguard::finding::Finding;
use suggestguard::lang::Language;

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

fn analyze(path: &Path) -> Vec<Finding> {
    let text = std::fs::read_to_string(path).unwrap();
    analyze_text(
        &text,
        Language::from_path(path),
        Some(path),
        &Config::default(),
    )
}

fn pkg(findings: &[Finding]) -> Vec<(&str, String)> {
    findings
        .iter()
        .filter(|f| f.rule_id.starts_with("pkg-"))
        .map(|f| (f.rule_id.as_str(), f.message.clone()))
        .collect()
}

/// The rule ids reported on the line holding `needle`.
fn rules_on(path: &Path, findings: &[Finding], needle: &str) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not in file"));
    let line = text[..at].matches('\n').count();
    findings
        .iter()
        .filter(|f| text[..f.range.start].matches('\n').count() == line)
        .map(|f| f.rule_id.clone())
        .collect()
}

/// Apply a finding's fix to the file it names (or `path`), returning the new text.
fn apply(path: &Path, f: &Finding) -> (PathBuf, String) {
    let fix = f.fix.as_ref().expect("a fix");
    let target = fix.file.clone().unwrap_or_else(|| path.to_path_buf());
    let text = std::fs::read_to_string(&target).unwrap();
    let fixed = fix::apply_edits(&text, &fix.edits).expect("edits apply");
    std::fs::write(&target, &fixed).unwrap();
    (target, fixed)
}

#[test]
fn every_manifest_format_both_ways() {
    let cases: [(&str, &str, &str); 5] = [
        ("requirements.txt", "requests==2.32.3\nflask-jwt-authlib==1.0\ndjnago>=1\ndebuggy==0.1\nPyYAML\n", ""),
        (
            "pyproject.toml",
            "[project]\nname = \"demo\"\ndependencies = [\n    \"requests>=2\",\n    \"flask-jwt-authlib\",\n    \"djnago\",\n    \"debuggy\",\n    \"PyYAML\",\n]\n",
            "",
        ),
        (
            "setup.cfg",
            "[metadata]\nname = demo\n[options]\ninstall_requires =\n    requests>=2\n    flask-jwt-authlib\n    djnago\n    debuggy\n    PyYAML\n",
            "",
        ),
        (
            "Pipfile",
            "[packages]\nrequests = \"*\"\nflask-jwt-authlib = \"*\"\ndjnago = \"*\"\ndebuggy = \"*\"\nPyYAML = \"*\"\n",
            "",
        ),
        (
            "pyproject.toml",
            "[tool.poetry.dependencies]\npython = \"^3.11\"\nrequests = \"^2\"\nflask-jwt-authlib = \"^1\"\ndjnago = \"*\"\ndebuggy = \"*\"\nPyYAML = \"^6\"\n",
            "poetry",
        ),
    ];
    for (file, text, label) in cases {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), file, text);
        let findings = analyze(&path);
        let ctx = format!("{file} {label}: {:?}", pkg(&findings));
        assert!(rules_on(&path, &findings, "requests").is_empty(), "{ctx}");
        assert!(rules_on(&path, &findings, "PyYAML").is_empty(), "{ctx}");
        assert_eq!(
            rules_on(&path, &findings, "flask-jwt-authlib"),
            ["pkg-hallucinated"],
            "{ctx}"
        );
        assert_eq!(
            rules_on(&path, &findings, "djnago"),
            ["pkg-hallucinated"],
            "{ctx}"
        );
        assert_eq!(
            rules_on(&path, &findings, "debuggy"),
            ["pkg-typosquat"],
            "{ctx}"
        );
        // Did-you-mean: the fix names the popular package and silences the entry.
        let typo = findings
            .iter()
            .find(|f| text[f.range.clone()] == *"djnago")
            .unwrap();
        assert!(typo.message.contains("`django`"), "{}", typo.message);
        let (_, fixed) = apply(&path, typo);
        assert!(!fixed.contains("djnago"));
        let after = analyze(&path);
        assert_eq!(
            after.len(),
            findings.len() - 1,
            "{file} {label}: {:?}",
            pkg(&after)
        );
    }
}

#[test]
fn cargo_manifest_both_ways() {
    let dir = tempfile::tempdir().unwrap();
    let text = "[package]\nname = \"demo\"\nversion = \"0.1.0\"\n\n[dependencies]\nserde = \"1\"\nphetch = \"1\"\nweb = { package = \"actix-web\", version = \"4\" }\nserde_jsn = \"1\"\nrust-crypto-utils = \"0.1\"\nlocal = { path = \"../local\" }\nrare-internal-tool = \"0.1\"\n\n[dev-dependencies]\ntokioo = \"1\"\n";
    let path = write(dir.path(), "Cargo.toml", text);
    let findings = analyze(&path);
    let ctx = format!("{:?}", pkg(&findings));
    for silent in [
        "serde =",
        "phetch",
        "actix-web",
        "local",
        "rare-internal-tool",
    ] {
        assert!(
            rules_on(&path, &findings, silent).is_empty(),
            "{silent}: {ctx}"
        );
    }
    for flagged in ["serde_jsn", "rust-crypto-utils", "tokioo"] {
        assert_eq!(
            rules_on(&path, &findings, flagged),
            ["pkg-hallucinated"],
            "{flagged}: {ctx}"
        );
    }
    let typo = findings
        .iter()
        .find(|f| text[f.range.clone()] == *"serde_jsn")
        .unwrap();
    let (_, fixed) = apply(&path, typo);
    assert!(
        fixed.contains("serde_json = \"1\"\nrust-crypto-utils"),
        "{fixed}"
    );
    assert!(toml::from_str::<toml::Table>(&fixed).is_ok());
    assert_eq!(analyze(&path).len(), findings.len() - 1);
}

fn python_project(requirements: &str, main: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "requirements.txt", requirements);
    write(dir.path(), "helpers.py", "X = 1\n");
    write(dir.path(), "src/mypkg/__init__.py", "");
    let main = write(dir.path(), "app/main.py", main);
    (dir, main)
}

#[test]
fn python_imports_declared_under_other_names_stay_silent() {
    let (_dir, main) = python_project(
        "PyYAML==6.0\nscikit-learn\nPillow\nPyJWT\npython-dateutil\nbeautifulsoup4\nopencv-python\ngoogle-cloud-storage\n",
        "import os, json\nimport yaml\nfrom sklearn.linear_model import LinearRegression\nfrom PIL import Image\nimport jwt\nfrom dateutil import parser\nfrom bs4 import BeautifulSoup\nimport cv2\nfrom google.cloud import storage\nimport helpers\nimport mypkg\nfrom . import sibling\nimport importlib\nm = importlib.import_module('yaml')\ntry:\n    import ujson\nexcept ImportError:\n    ujson = None\n",
    );
    let findings = analyze(&main);
    assert!(pkg(&findings).is_empty(), "{:?}", pkg(&findings));
}

#[test]
fn rust_paths_of_std_tools_and_the_compiler_name_no_crate() {
    // Found scanning published crates: paths inside `use` braces, attribute
    // tool namespaces (also inside macro bodies), std modules bound out of
    // sight, turbofish calls in macros, `quote!` bodies, compiler crates.
    let (_dir, main) = rust_project(
        "use core::{mem::MaybeUninit, ptr::{self, NonNull}};\nuse std::{collections::{hash_map, HashMap}, sync::{atomic, Arc}};\nuse super::*;\n#[allow(clippy::needless_return)]\n#[rustfmt::skip]\nfn f() {\n    let p: *mut u8 = ptr::null_mut();\n    let h = hash::DefaultHasher::new();\n    assert_eq!(size_of::<u8>(), 1);\n    let v = quote!(clap::Parser);\n}\nmacro_rules! m { () => { #[cfg_attr(x, clippy::inline_always)] fn g() {} } }\nextern crate rustc_ast;\n",
    );
    let findings = analyze(&main);
    assert!(pkg(&findings).is_empty(), "{:?}", pkg(&findings));
}

#[test]
fn a_lone_file_importing_popular_packages_and_its_projects_modules_stays_silent() {
    // No manifest and no sibling modules: a snippet scanned on its own.
    let dir = tempfile::tempdir().unwrap();
    let main = write(
        dir.path(),
        "snippet.py",
        "import bcrypt\nimport airflow\nfrom model import Classifier\nfrom database import Session\nfrom core.config import settings\nimport reqeusts\nimport flask_jwt_authlib\nimport pkg_resources\nimport win32api\nfrom opentelemetry import trace\ntry:\n    from StringIO import StringIO\nexcept ImportError:\n    from io import StringIO\ntry:\n    import apt_pkg\n    from pyannotate_runtime import collect_types\nexcept ImportError:\n    apt_pkg = None\ntry:\n    import reqeusts_oauth\n    import flaks\nexcept ImportError:\n    pass\n",
    );
    let findings = analyze(&main);
    let ctx = format!("{:?}", pkg(&findings));
    // `bcrypt` is also the import name of the abandoned `python-bcrypt`;
    // the popular distribution of the same name decides.
    for silent in [
        "import bcrypt",
        "import airflow",
        "from model",
        "from database",
        "from core",
        "import pkg_resources",
        "import win32api",
        // The import name of `opentelemetry-api`, which names no distribution.
        "from opentelemetry",
        "from StringIO",
        // Optional imports (`try:` ... `except ImportError:`) of names no
        // index knows: another platform's module, a plugin.
        "import apt_pkg",
        "from pyannotate_runtime",
    ] {
        assert!(
            rules_on(&main, &findings, silent).is_empty(),
            "{silent}: {ctx}"
        );
    }
    assert_eq!(
        rules_on(&main, &findings, "import reqeusts"),
        ["pkg-hallucinated"],
        "{ctx}"
    );
    assert_eq!(
        rules_on(&main, &findings, "import flask_jwt_authlib"),
        ["pkg-hallucinated"],
        "{ctx}"
    );
    // Optional or not, a near-copy of a popular name is still reported.
    assert_eq!(
        rules_on(&main, &findings, "import flaks"),
        ["pkg-hallucinated"],
        "{ctx}"
    );
}

#[test]
fn python_phantom_and_hallucinated_imports() {
    let (dir, main) = python_project(
        "flask==3.0\n",
        "import flask\nimport requests\nimport reqeusts\nx = __import__('flask_jwt_authlib')\n",
    );
    let findings = analyze(&main);
    let ctx = format!("{:?}", pkg(&findings));
    assert!(
        rules_on(&main, &findings, "import flask").is_empty(),
        "{ctx}"
    );
    assert_eq!(
        rules_on(&main, &findings, "import requests"),
        ["pkg-undeclared"],
        "{ctx}"
    );
    assert_eq!(
        rules_on(&main, &findings, "import reqeusts"),
        ["pkg-hallucinated"],
        "{ctx}"
    );
    assert_eq!(
        rules_on(&main, &findings, "__import__"),
        ["pkg-hallucinated"],
        "{ctx}"
    );

    // Add-to-manifest: the requirement is appended with the latest known version.
    let phantom = findings
        .iter()
        .find(|f| f.rule_id == "pkg-undeclared")
        .unwrap();
    let (target, fixed) = apply(&main, phantom);
    assert_eq!(target, dir.path().join("requirements.txt"));
    assert!(fixed.starts_with("flask==3.0\nrequests=="), "{fixed}");
    // Did-you-mean on the import: `reqeusts` becomes `requests`.
    let typo = findings
        .iter()
        .find(|f| f.message.contains("reqeusts"))
        .unwrap();
    let (_, fixed_main) = apply(&main, typo);
    assert!(fixed_main.contains("import requests\nimport requests\n"));
    assert_eq!(fix::syntax_error_count(Language::Python, &fixed_main), 0);
    let after = analyze(&main);
    assert_eq!(pkg(&after).len(), 1, "{:?}", pkg(&after)); // only __import__ is left
}

#[test]
fn phantom_fix_into_pyproject_and_no_manifest_means_no_phantom() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "pyproject.toml",
        "[project]\nname = \"demo\"\ndependencies = [\n    \"flask>=3\",\n]\n",
    );
    let main = write(dir.path(), "demo.py", "import flask\nimport yaml\n");
    let findings = analyze(&main);
    let phantom = findings
        .iter()
        .find(|f| f.rule_id == "pkg-undeclared")
        .expect("yaml is undeclared");
    assert!(phantom.message.contains("pyyaml"), "{}", phantom.message);
    let (_, fixed) = apply(&main, phantom);
    let parsed: toml::Table = toml::from_str(&fixed).expect("pyproject stays valid TOML");
    let deps = parsed["project"]["dependencies"].as_array().unwrap();
    assert_eq!(deps.len(), 2, "{fixed}");
    assert!(pkg(&analyze(&main)).is_empty());

    // A lone script with no manifest: real packages are fine, invented ones are not.
    let lone = tempfile::tempdir().unwrap();
    let script = write(
        lone.path(),
        "script.py",
        "import requests\nimport flask_jwt_authlib\n",
    );
    let findings = analyze(&script);
    assert_eq!(pkg(&findings).len(), 1, "{:?}", pkg(&findings));
    assert_eq!(findings[0].rule_id, "pkg-hallucinated");
}

fn rust_project(main: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "Cargo.toml",
        "[package]\nname = \"my-app\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\nserde_json = \"1\"\ntokio = { version = \"1\", features = [\"full\"] }\nweb = { package = \"actix-web\", version = \"4\" }\n\n[dev-dependencies]\ntempfile = \"3\"\n",
    );
    write(dir.path(), "src/util.rs", "pub fn f() {}\n");
    let main = write(dir.path(), "src/main.rs", main);
    (dir, main)
}

#[test]
fn rust_declared_crates_and_local_paths_stay_silent() {
    let (_dir, main) = rust_project(
        "mod util;\nuse serde_json::Value;\nuse std::collections::HashMap;\nuse web::App;\nuse my_app::thing;\nenum Mode { A }\nuse Mode::*;\n#[tokio::main]\nasync fn main() {\n    let v: Value = serde_json::from_str(\"1\").unwrap();\n    util::f();\n    let n = u8::MAX;\n    let t = tempfile::tempdir();\n    println!(\"{}\", serde_json::to_string(&v).unwrap());\n    let m: HashMap<u8, u8> = HashMap::new();\n}\n",
    );
    let findings = analyze(&main);
    assert!(pkg(&findings).is_empty(), "{:?}", pkg(&findings));
}

#[test]
fn rust_phantom_and_hallucinated_crates() {
    let (dir, main) = rust_project(
        "use rand::Rng;\nuse rust_crypto_utils::encrypt;\nuse serde_jsn::Value;\nfn main() {\n    let x: u8 = rand::random();\n    let y = unknown_module::call();\n}\n",
    );
    let findings = analyze(&main);
    let ctx = format!("{:?}", pkg(&findings));
    assert_eq!(
        rules_on(&main, &findings, "use rand"),
        ["pkg-undeclared"],
        "{ctx}"
    );
    assert_eq!(
        rules_on(&main, &findings, "use rust_crypto_utils"),
        ["pkg-hallucinated"],
        "{ctx}"
    );
    assert_eq!(
        rules_on(&main, &findings, "use serde_jsn"),
        ["pkg-hallucinated"],
        "{ctx}"
    );
    assert!(
        rules_on(&main, &findings, "unknown_module").is_empty(),
        "{ctx}"
    );
    // Did-you-mean keeps the path form of the name.
    let typo = findings
        .iter()
        .find(|f| f.message.contains("serde_jsn"))
        .unwrap();
    assert_eq!(typo.fix.as_ref().unwrap().edits[0].new_text, "serde_json");
    // Add-to-manifest writes a dependency line with the known version.
    let phantom = findings
        .iter()
        .find(|f| f.rule_id == "pkg-undeclared")
        .unwrap();
    let (target, fixed) = apply(&main, phantom);
    assert_eq!(target, dir.path().join("Cargo.toml"));
    let parsed: toml::Table = toml::from_str(&fixed).expect("Cargo.toml stays valid");
    assert!(parsed["dependencies"].get("rand").is_some(), "{fixed}");
    let after = analyze(&main);
    assert!(
        rules_on(&main, &after, "use rand").is_empty(),
        "{:?}",
        pkg(&after)
    );
}

#[test]
fn rule_docs_examples_fire_and_instead_stays_silent() {
    let rules = suggestguard::engine::Engine::builtin().rules();
    let mut checked = 0;
    for rule in rules.iter().filter(|r| r.engine == "package") {
        let dir = tempfile::tempdir().unwrap();
        // Manifest examples are requirement files; the phantom example is a
        // Python file in a project whose manifest declares flask only.
        let (example, instead) = if rule.id == "pkg-undeclared" {
            write(dir.path(), "requirements.txt", "flask\n");
            (
                write(dir.path(), "a.py", &rule.docs.example),
                write(dir.path(), "b.py", &rule.docs.instead),
            )
        } else {
            (
                write(dir.path(), "a/requirements.txt", &rule.docs.example),
                write(dir.path(), "b/requirements.txt", &rule.docs.instead),
            )
        };
        if rule.id == "pkg-malicious" {
            // Known-malicious data comes from the user's data directory; the
            // library reads it once per process, so check through the db type.
            let mut db = suggestguard::index::malicious::MaliciousDb::default();
            db.add_text(r#"{"id":"MAL-0000-1","affected":[{"package":{"ecosystem":"PyPI","name":"malicious-example-package"}}]}"#);
            let idx = suggestguard::index::PackageIndex::global();
            let v = suggestguard::index::verdict::judge_with(
                idx,
                &db,
                suggestguard::index::Ecosystem::PyPI,
                "malicious-example-package",
            );
            assert!(matches!(
                v,
                suggestguard::index::verdict::Verdict::Malicious(_)
            ));
            let v = suggestguard::index::verdict::judge_with(
                idx,
                &db,
                suggestguard::index::Ecosystem::PyPI,
                "requests",
            );
            assert!(!matches!(
                v,
                suggestguard::index::verdict::Verdict::Malicious(_)
            ));
            checked += 1;
            continue;
        }
        let fired = analyze(&example);
        assert!(
            fired.iter().any(|f| f.rule_id == rule.id),
            "{}: example silent: {:?}",
            rule.id,
            pkg(&fired)
        );
        let silent = analyze(&instead);
        assert!(
            !silent.iter().any(|f| f.rule_id == rule.id),
            "{}: instead fires: {:?}",
            rule.id,
            pkg(&silent)
        );
        checked += 1;
    }
    assert_eq!(checked, 4);
}

fn run_scan(dir: &Path, data_dir: &Path) -> serde_json::Value {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_suggestguard"))
        .args(["scan", "--format", "sarif", "--quiet", "--fail-on", "never"])
        .arg(dir)
        .env("SUGGESTGUARD_DATA_DIR", data_dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// (file name, line, rule id, tags) of each SARIF result.
fn results(sarif: &serde_json::Value) -> Vec<(String, u64, String)> {
    sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let loc = &r["locations"][0]["physicalLocation"];
            let uri = loc["artifactLocation"]["uri"].as_str().unwrap();
            (
                uri.rsplit('/').next().unwrap().to_owned(),
                loc["region"]["startLine"].as_u64().unwrap(),
                r["ruleId"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn scan_sarif_reports_manifest_lines_and_malicious_data() {
    let dir = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    std::fs::write(
        data.path().join("malicious.json"),
        r#"[{"id":"MAL-2099-1","summary":"exfiltrates environment variables","affected":[{"package":{"ecosystem":"PyPI","name":"requests-darwin-lite"}}]}]"#,
    )
    .unwrap();
    write(
        dir.path(),
        "requirements.txt",
        "requests\nflask-jwt-authlib\nnumpy\nrequests-darwin-lite\n",
    );
    write(dir.path(), "Cargo.toml", "[package]\nname = \"x\"\nversion = \"0.1.0\"\n\n[dependencies]\nserde = \"1\"\nrust-crypto-utils = \"1\"\n");
    let sarif = run_scan(dir.path(), data.path());
    let mut got = results(&sarif);
    got.sort();
    assert_eq!(
        got,
        [
            ("Cargo.toml".to_owned(), 7, "pkg-hallucinated".to_owned()),
            (
                "requirements.txt".to_owned(),
                2,
                "pkg-hallucinated".to_owned()
            ),
            ("requirements.txt".to_owned(), 4, "pkg-malicious".to_owned()),
        ]
    );
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    let hall = rules
        .iter()
        .find(|r| r["id"] == "pkg-hallucinated")
        .unwrap();
    let tags: Vec<&str> = hall["properties"]["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    assert!(
        tags.contains(&"security") && tags.contains(&"CWE-1357"),
        "{tags:?}"
    );
}

#[test]
fn index_commands() {
    let data = tempfile::tempdir().unwrap();
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_suggestguard"))
        .args(["index", "status"])
        .env("SUGGESTGUARD_DATA_DIR", data.path())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&status.stdout);
    assert!(
        text.contains("built into this binary") && text.contains("886323"),
        "{text}"
    );
    let list = write(
        data.path(),
        "list.json",
        r#"{"meta":{"api-version":"1.1"},"projects":[{"name":"requests"},{"name":"zz-new-project"}]}"#,
    );
    let update = std::process::Command::new(env!("CARGO_BIN_EXE_suggestguard"))
        .args(["index", "update", "--from"])
        .arg(&list)
        .env("SUGGESTGUARD_DATA_DIR", data.path())
        .output()
        .unwrap();
    assert!(
        update.status.success(),
        "{}",
        String::from_utf8_lossy(&update.stderr)
    );
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_suggestguard"))
        .args(["index", "status"])
        .env("SUGGESTGUARD_DATA_DIR", data.path())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&status.stdout);
    assert!(
        text.contains("refreshed") && text.contains("Python projects: 2"),
        "{text}"
    );
}

/// Lines of a labelled list (comments and blanks skipped).
fn labelled(name: &str) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/packages/labelled")
        .join(name);
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

/// How many of `names` are flagged when written into a manifest, as the
/// evaluation does: one per line of requirements.txt, or as Cargo.toml dependencies.
fn flagged(names: &[String], rust: bool) -> (usize, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let (path, lines_before) = if rust {
        let mut text =
            String::from("[package]\nname = \"labelled\"\nversion = \"0.1.0\"\n\n[dependencies]\n");
        for n in names {
            text.push_str(&format!("{n} = \"*\"\n"));
        }
        (write(dir.path(), "Cargo.toml", &text), 5)
    } else {
        (
            write(dir.path(), "requirements.txt", &(names.join("\n") + "\n")),
            0,
        )
    };
    let text = std::fs::read_to_string(&path).unwrap();
    let findings = analyze(&path);
    let lines: std::collections::HashSet<usize> = findings
        .iter()
        .map(|f| text[..f.range.start].matches('\n').count())
        .collect();
    let hits: Vec<String> = names
        .iter()
        .enumerate()
        .filter(|(i, _)| lines.contains(&(i + lines_before)))
        .map(|(_, n)| n.clone())
        .collect();
    (hits.len(), hits)
}

#[test]
fn labelled_precision_and_recall() {
    let mut report = String::new();
    for (lang, rust) in [("python", false), ("rust", true)] {
        let real = labelled(&format!("{lang}-real.txt"));
        let (fp, fps) = flagged(&real, rust);
        let mut line = format!("{lang}: real {}/{} silent", real.len() - fp, real.len());
        for kind in ["hallucinated", "typosquat"] {
            let names = labelled(&format!("{lang}-{kind}.txt"));
            let (hit, _) = flagged(&names, rust);
            line.push_str(&format!(", {kind} {hit}/{} flagged", names.len()));
            let recall = hit as f64 / names.len() as f64;
            assert!(recall >= 0.85, "{lang} {kind} recall {recall:.2}");
        }
        println!("{line}; false alarms: {fps:?}");
        report.push_str(&line);
        report.push('\n');
        let precision_real = 1.0 - fp as f64 / real.len() as f64;
        assert!(
            precision_real >= 0.98,
            "{lang}: real names flagged: {fps:?}"
        );
    }
    eprintln!("{report}");
}

/// `scan`'s output for `dir` in `format`.
fn scan_output(dir: &Path, format: &str) -> serde_json::Value {
    let data = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_suggestguard"))
        .args(["scan", "--format", format, "--quiet", "--fail-on", "never"])
        .arg(dir)
        .env("SUGGESTGUARD_DATA_DIR", data.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn scan_reports_carry_the_add_to_manifest_fix_in_the_manifest() {
    let (dir, _) = python_project("flask==3.0.0\n", "import flask\nimport requests\n");
    // SARIF: the result is on the import, its fix changes requirements.txt.
    let sarif = scan_output(dir.path(), "sarif");
    let result = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "pkg-undeclared")
        .expect("the phantom import is reported")
        .clone();
    let at = &result["locations"][0]["physicalLocation"];
    assert!(
        at["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .ends_with("main.py"),
        "{result}"
    );
    assert_eq!(at["region"]["startLine"], 2);
    let change = &result["fixes"][0]["artifactChanges"][0];
    let target = change["artifactLocation"]["uri"].as_str().unwrap();
    assert!(target.ends_with("/requirements.txt"), "{result}");
    let replacement = &change["replacements"][0];
    // Appended after the one existing line, in the manifest's own lines.
    assert_eq!(replacement["deletedRegion"]["startLine"], 2, "{result}");
    let inserted = replacement["insertedContent"]["text"].as_str().unwrap();
    assert!(inserted.starts_with("requests"), "{inserted:?}");
    // JSON: the fix names the file its edits apply to.
    let json = scan_output(dir.path(), "json");
    let findings = json
        .as_array()
        .or_else(|| json["findings"].as_array())
        .unwrap();
    let finding = findings
        .iter()
        .find(|f| f["rule"] == "pkg-undeclared")
        .expect("the phantom import is reported");
    assert!(finding["file"].as_str().unwrap().ends_with("main.py"));
    let fix = &finding["fix"];
    assert!(
        fix["file"].as_str().unwrap().ends_with("requirements.txt"),
        "{finding}"
    );
    assert_eq!(fix["edits"][0]["line"], 2, "{finding}");
    assert!(fix["edits"][0]["new_text"]
        .as_str()
        .unwrap()
        .starts_with("requests"));
    // Fixes inside the analysed file name no other file.
    let (dir, _) = python_project("requests\n", "import requets\n");
    let json = scan_output(dir.path(), "json");
    let findings = json
        .as_array()
        .or_else(|| json["findings"].as_array())
        .unwrap();
    let typo = findings
        .iter()
        .find(|f| f["rule"] == "pkg-hallucinated")
        .expect("reported");
    assert!(typo["fix"]["title"].as_str().is_some(), "{typo}");
    assert!(typo["fix"].get("file").is_none(), "{typo}");
}

#[test]
fn online_answers_change_the_verdicts_on_unknown_names() {
    use suggestguard::engine::packages::{check_with, Online};
    use suggestguard::engine::{Engine, Source};
    use suggestguard::index::online::{Answer, OnlineCache, Query};
    use suggestguard::index::{Ecosystem, PackageIndex};
    let dir = tempfile::tempdir().unwrap();
    let text = "requestss\nrequests-secure-http\nzorbulent-frobs\nquillomatic-widgets\n";
    let path = write(dir.path(), "requirements.txt", text);
    let index = PackageIndex::global();
    let cache = OnlineCache::new(None);
    let answer = |name: &str, a| {
        let q = Query {
            ecosystem: Ecosystem::PyPI,
            name: name.to_owned(),
        };
        cache.record(&q, a);
    };
    answer("requestss", Answer::Exists);
    answer("requests-secure-http", Answer::Exists);
    answer("zorbulent-frobs", Answer::Missing);
    let source = Source {
        text,
        tree: None,
        language: Language::Text,
        path: Some(&path),
    };
    let run = |cache| {
        let online = Online {
            cache,
            path: Some(&path),
        };
        let findings = check_with(index, Engine::builtin().rules(), &source, &online);
        findings
            .into_iter()
            .map(|f| {
                let line = text[..f.range.start].lines().count() + 1;
                (line, f.rule_id, f.message)
            })
            .collect::<Vec<_>>()
    };
    // Offline, all four are unknown to the bundled index.
    let offline = run(None);
    let lines: Vec<usize> = offline.iter().map(|f| f.0).collect();
    assert_eq!(lines, [1, 2, 3, 4], "{offline:?}");
    assert!(
        offline.iter().all(|f| f.1 == "pkg-hallucinated"),
        "{offline:?}"
    );
    let online = run(Some(&cache));
    // An existing near-copy of a top name is still a typosquat; an existing
    // ordinary name is fine; a confirmed-missing one says so; an unanswered
    // one keeps the local verdict and is left for a lookup.
    assert_eq!(online.len(), 3, "{online:?}");
    assert_eq!((online[0].0, online[0].1.as_str()), (1, "pkg-typosquat"));
    assert!(online[0].2.contains("`requests`"), "{online:?}");
    assert_eq!((online[1].0, online[1].1.as_str()), (3, "pkg-hallucinated"));
    assert!(
        online[1].2.contains("confirmed by asking pip"),
        "{online:?}"
    );
    assert_eq!((online[2].0, online[2].1.as_str()), (4, "pkg-hallucinated"));
    assert!(!online[2].2.contains("confirmed"), "{online:?}");
    let wanted: Vec<String> = cache.take_pending().into_iter().map(|q| q.name).collect();
    assert_eq!(wanted, ["quillomatic-widgets"]);
    let waiters = cache.record(
        &Query {
            ecosystem: Ecosystem::PyPI,
            name: "quillomatic-widgets".into(),
        },
        Answer::Exists,
    );
    assert_eq!(waiters, [Some(path.clone())]);
    assert_eq!(run(Some(&cache)).len(), 2);
}
