//! The command line's review helpers: `check` (a snippet from stdin, in the
//! context of a file), `scan --diff REV` (only lines changed since a revision)
//! and `rules --format markdown` (docs/rules.md, kept in sync by this test).

mod common;

use common::git;
use serde_json::Value;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn suggestguard(dir: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_suggestguard"))
        .current_dir(dir)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run suggestguard");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn json_of(out: &Output) -> Vec<Value> {
    serde_json::from_slice::<Value>(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
        .as_array()
        .unwrap()
        .clone()
}

/// (file, line, rule) of each finding in a JSON report.
fn hits(report: &[Value]) -> Vec<(String, u64, String)> {
    let mut out: Vec<_> = report
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap().replace('\\', "/"),
                f["line"].as_u64().unwrap(),
                f["rule"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn check_reads_a_snippet_and_judges_it_in_the_context_of_a_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("calc.py"), "CODE = '1 + 1'\n").unwrap();
    let snippet = "result = eval(CODE)\n";

    let alone = suggestguard(dir.path(), &["check", "--lang", "python"], snippet);
    assert_eq!(alone.status.code(), Some(1));
    let report = json_of(&alone);
    assert_eq!(
        hits(&report),
        vec![("<stdin>".into(), 1, "py-eval-injection".into())]
    );
    assert_eq!(report[0]["column"], 10);

    // In calc.py, CODE is a constant: nothing to report.
    let in_context = suggestguard(
        dir.path(),
        &["check", "--lang", "python", "--file", "calc.py"],
        snippet,
    );
    assert_eq!(in_context.status.code(), Some(0));
    assert!(json_of(&in_context).is_empty());

    // Inserted before line 1 of the file: lines stay relative to the snippet.
    let yaml = "import yaml\ncfg = yaml.load(open('c.yml'))\n";
    let at_line = suggestguard(
        dir.path(),
        &[
            "check", "--lang", "python", "--file", "calc.py", "--line", "1",
        ],
        yaml,
    );
    assert_eq!(
        hits(&json_of(&at_line)),
        vec![("<stdin>".into(), 2, "py-yaml-load".into())]
    );
    let rust = suggestguard(
        dir.path(),
        &["check", "--lang", "rust", "--fail-on", "never"],
        "async fn find(pool: &sqlx::PgPool, name: &str) -> sqlx::Result<()> {\n    \
         let sql = format!(\"SELECT * FROM users WHERE name = '{}'\", name);\n    \
         sqlx::query(&sql).execute(pool).await.map(|_| ())\n}\n",
    );
    assert_eq!(rust.status.code(), Some(0), "--fail-on never");
    assert_eq!(
        hits(&json_of(&rust)),
        vec![("<stdin>".into(), 3, "rs-sql-format".into())]
    );

    let bad_line = suggestguard(
        dir.path(),
        &[
            "check", "--lang", "python", "--file", "calc.py", "--line", "9",
        ],
        snippet,
    );
    assert_eq!(bad_line.status.code(), Some(2));
    let missing = suggestguard(
        dir.path(),
        &["check", "--lang", "python", "--file", "nope.py"],
        snippet,
    );
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn scan_diff_reports_only_lines_changed_since_the_revision() {
    let repo = tempfile::tempdir().unwrap();
    let root = repo.path();
    std::fs::create_dir(root.join("src")).unwrap();
    let a = "import yaml\nimport pickle\n\ncfg = yaml.load(open('c.yml'))\n";
    std::fs::write(root.join("src/a.py"), a).unwrap();
    std::fs::write(root.join("old.py"), "import pickle\npickle.loads(b)\n").unwrap();
    std::fs::write(root.join(".gitignore"), "ignored.py\n").unwrap();
    git(root, &["init", "-q"]);
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "base"]);

    // A new finding in a committed file, a new untracked file, an ignored one.
    std::fs::write(
        root.join("src/a.py"),
        format!("{a}obj = pickle.loads(raw)\n"),
    )
    .unwrap();
    std::fs::write(root.join("new.py"), "eval(user_input)\n").unwrap();
    std::fs::write(root.join("ignored.py"), "eval(user_input)\n").unwrap();

    let out = suggestguard(root, &["scan", "--diff", "HEAD", "--format", "json"], "");
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        hits(&json_of(&out)),
        vec![
            ("new.py".into(), 1, "py-eval-injection".into()),
            ("src/a.py".into(), 5, "py-pickle-load".into()),
        ]
    );
    // Without --diff everything (but the ignored file) is reported.
    let all = suggestguard(root, &["scan", "--format", "json"], "");
    assert_eq!(hits(&json_of(&all)).len(), 4);
    // Paths narrow the diff further.
    let only_src = suggestguard(
        root,
        &["scan", "--diff", "HEAD", "--format", "json", "src"],
        "",
    );
    assert_eq!(
        hits(&json_of(&only_src)),
        vec![("src/a.py".into(), 5, "py-pickle-load".into())]
    );

    // Once committed, nothing changed since HEAD; HEAD~1 still sees it all.
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "more"]);
    let clean = suggestguard(root, &["scan", "--diff", "HEAD", "--format", "json"], "");
    assert_eq!(clean.status.code(), Some(0));
    assert!(json_of(&clean).is_empty());
    let since_base = suggestguard(root, &["scan", "--diff", "HEAD~1", "--format", "json"], "");
    assert_eq!(hits(&json_of(&since_base)).len(), 2);

    let bad_ref = suggestguard(root, &["scan", "--diff", "no-such-ref"], "");
    assert_eq!(bad_ref.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad_ref.stderr).contains("no-such-ref"));
    let outside = tempfile::tempdir().unwrap();
    let no_repo = suggestguard(outside.path(), &["scan", "--diff", "HEAD"], "");
    assert_eq!(no_repo.status.code(), Some(2));
}

#[test]
fn docs_rules_md_is_generated_from_the_rules() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = suggestguard(here, &["rules", "--format", "markdown"], "");
    assert_eq!(out.status.code(), Some(0));
    let generated = String::from_utf8(out.stdout).unwrap();
    for rule in suggestguard::engine::Engine::builtin().rules().iter() {
        assert!(
            generated.contains(&format!("\n### {}\n", rule.id)),
            "{} has no section",
            rule.id
        );
    }
    let checked_in = std::fs::read_to_string(here.join("docs/rules.md")).unwrap_or_default();
    assert!(
        checked_in == generated,
        "docs/rules.md is out of date; regenerate it with `{}`",
        suggestguard::cli::rules_doc::REGENERATE
    );
}
