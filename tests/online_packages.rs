//! Online package checks end to end: the real server over stdio, with pip and
//! cargo replaced by small scripts (`SUGGESTGUARD_PIP`, `SUGGESTGUARD_CARGO`)
//! that answer deterministically and leave a trace of every call.

#![cfg(unix)]

mod common;

use common::Client;
use serde_json::{json, Value};
use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;
use std::time::Duration;

/// A stand-in for pip: the last argument is the name asked about.
const FAKE_PIP: &str = r#"#!/bin/sh
for a in "$@"; do name="$a"; done
echo "$name" >> "$TRACE_DIR/pip-calls"
case "$name" in
  pip|quillomatic-widgets) echo "$name (1.0.0)"; exit 0 ;;
  slow-*) sleep 3; touch "$TRACE_DIR/done-$name"; echo "$name (0.1.0)"; exit 0 ;;
  *) echo "ERROR: No matching distribution found for $name" >&2; exit 1 ;;
esac
"#;

/// A stand-in for cargo (`cargo info --quiet NAME`).
const FAKE_CARGO: &str = r#"#!/bin/sh
for a in "$@"; do name="$a"; done
echo "$name" >> "$TRACE_DIR/cargo-calls"
case "$name" in
  rust-crypto-utils) echo "$name"; echo "version: 0.1.0"; exit 0 ;;
  *) echo "error: could not find \`$name\` in registry \`test\`" >&2; exit 101 ;;
esac
"#;

struct Setup {
    /// Holds the fake tools, their trace files and the answer cache.
    tools: tempfile::TempDir,
    project: tempfile::TempDir,
}

impl Setup {
    fn new() -> Setup {
        let tools = tempfile::tempdir().unwrap();
        for (name, text) in [("pip", FAKE_PIP), ("cargo", FAKE_CARGO)] {
            let path = tools.path().join(name);
            std::fs::write(&path, text).unwrap();
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        Setup {
            tools,
            project: tempfile::tempdir().unwrap(),
        }
    }

    fn trace(&self, name: &str) -> PathBuf {
        self.tools.path().join(name)
    }

    fn calls(&self, tool: &str) -> Vec<String> {
        std::fs::read_to_string(self.trace(&format!("{tool}-calls")))
            .unwrap_or_default()
            .lines()
            .map(str::to_owned)
            .collect()
    }

    fn cache_file(&self) -> PathBuf {
        self.tools
            .path()
            .join("cache")
            .join("suggestguard")
            .join("online-packages.json")
    }

    /// A server with the fake tools, initialised with `options`.
    fn start(&self, options: Value) -> Client {
        let tools = self.tools.path();
        let pip = tools.join("pip");
        let cargo = tools.join("cargo");
        let cache = tools.join("cache");
        let mut client = Client::spawn_with(
            tempfile::tempdir().unwrap(),
            &[
                ("SUGGESTGUARD_PIP", pip.to_str().unwrap()),
                ("SUGGESTGUARD_CARGO", cargo.to_str().unwrap()),
                ("XDG_CACHE_HOME", cache.to_str().unwrap()),
                ("TRACE_DIR", tools.to_str().unwrap()),
            ],
        );
        client
            .request(
                "initialize",
                json!({"processId": null, "rootUri": null, "capabilities": {}, "initializationOptions": options}),
            )
            .expect("initialize succeeds");
        client.notify("initialized", json!({}));
        client
    }

    fn file(&self, name: &str, text: &str) -> (PathBuf, String) {
        let path = self.project.path().join(name);
        std::fs::write(&path, text).unwrap();
        let uri = format!("file://{}", path.display());
        (path, uri)
    }
}

fn online() -> Value {
    json!({"debounceMs": 0, "onlinePackageChecks": true})
}

/// (rule, message) of each diagnostic.
fn summary(diagnostics: &[Value]) -> Vec<(String, String)> {
    diagnostics
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default().to_owned(),
                d["message"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

fn naming<'a>(diags: &'a [(String, String)], name: &str) -> Vec<&'a (String, String)> {
    diags.iter().filter(|(_, m)| m.contains(name)).collect()
}

/// The next diagnostics for `uri` whose summary satisfies `pred`.
fn wait_raw(
    client: &mut Client,
    uri: &str,
    pred: impl Fn(&[(String, String)]) -> bool,
) -> Vec<Value> {
    let params = client.wait_for("textDocument/publishDiagnostics", |p| {
        p["uri"] == uri && pred(&summary(p["diagnostics"].as_array().unwrap()))
    });
    params["diagnostics"].as_array().unwrap().clone()
}

fn wait_diagnostics(
    client: &mut Client,
    uri: &str,
    pred: impl Fn(&[(String, String)]) -> bool,
) -> Vec<(String, String)> {
    summary(&wait_raw(client, uri, pred))
}

const PYTHON: &str = "import quillomatic_widgets\nimport zorbulent_frobs\n\nquillomatic_widgets.run(zorbulent_frobs)\n";

#[test]
fn answers_arrive_later_and_are_republished() {
    let setup = Setup::new();
    let (path, uri) = setup.file("app.py", PYTHON);
    let mut client = setup.start(online());
    client.open(&uri, "python", 1, PYTHON);
    // First the local verdict: neither name is in the bundled index.
    let first = summary(&client.diagnostics(&uri, 1));
    for name in ["quillomatic_widgets", "zorbulent_frobs"] {
        let on = naming(&first, name);
        assert!(
            on.iter().any(|(rule, _)| rule == "pkg-hallucinated"),
            "{name}: {first:?}"
        );
    }
    // Then, once pip answered: the existing one is gone, the missing one confirmed.
    // (The two answers may come in either order, each republished.)
    let later = wait_diagnostics(&mut client, &uri, |d| {
        naming(d, "quillomatic_widgets").is_empty()
            && naming(d, "zorbulent_frobs")
                .iter()
                .any(|(_, m)| m.contains("confirmed"))
    });
    let missing = naming(&later, "zorbulent_frobs");
    assert_eq!(missing.len(), 1, "{later:?}");
    assert_eq!(missing[0].0, "pkg-hallucinated");
    assert!(
        missing[0].1.contains("confirmed by asking pip"),
        "{later:?}"
    );
    let mut calls = setup.calls("pip");
    calls.sort();
    calls.dedup();
    assert_eq!(calls, ["pip", "quillomatic-widgets", "zorbulent-frobs"]);
    // The answers are on disk; a new server uses them without asking again.
    let cache = std::fs::read_to_string(setup.cache_file()).unwrap();
    assert!(
        cache.contains("python:quillomatic-widgets") && cache.contains("\"exists\""),
        "{cache}"
    );
    assert!(
        cache.contains("python:zorbulent-frobs") && cache.contains("\"missing\""),
        "{cache}"
    );
    drop(client);
    std::fs::remove_file(setup.trace("pip-calls")).unwrap();
    let mut client = setup.start(online());
    client.open(&uri, "python", 1, PYTHON);
    let first = summary(&client.diagnostics(&uri, 1));
    assert!(
        naming(&first, "quillomatic_widgets").is_empty(),
        "{first:?}"
    );
    assert!(
        naming(&first, "zorbulent_frobs")[0].1.contains("confirmed"),
        "{first:?}"
    );
    std::thread::sleep(Duration::from_millis(300));
    assert!(setup.calls("pip").is_empty(), "{:?}", setup.calls("pip"));
    assert!(path.exists());
}

#[test]
fn a_slow_lookup_never_holds_up_edits() {
    let setup = Setup::new();
    let text = "import slow_quux_lib\n";
    let (_, uri) = setup.file("slow.py", text);
    let mut client = setup.start(online());
    client.open(&uri, "python", 1, text);
    let first = summary(&client.diagnostics(&uri, 1));
    assert_eq!(naming(&first, "slow_quux_lib").len(), 1, "{first:?}");
    // Edits are analysed and published while the tool is still working.
    client.change(&uri, 2, ((1, 0), (1, 0)), "x = 1\n");
    let second = summary(&client.diagnostics(&uri, 2));
    assert_eq!(naming(&second, "slow_quux_lib").len(), 1, "{second:?}");
    assert!(
        !setup.trace("done-slow-quux-lib").exists(),
        "the lookup finished before the edits were answered"
    );
    // The name was asked about once, though two analyses wanted it.
    let later = wait_diagnostics(&mut client, &uri, |d| d.is_empty());
    assert!(later.is_empty());
    assert!(setup.trace("done-slow-quux-lib").exists());
    assert_eq!(setup.calls("pip"), ["slow-quux-lib"]);
}

#[test]
fn with_online_checks_off_no_tool_is_run() {
    let setup = Setup::new();
    let (_, uri) = setup.file("app.py", PYTHON);
    let mut client = setup.start(json!({"debounceMs": 0}));
    client.open(&uri, "python", 1, PYTHON);
    let first = summary(&client.diagnostics(&uri, 1));
    assert_eq!(naming(&first, "quillomatic_widgets").len(), 1, "{first:?}");
    // An edit, then time for any stray lookup to show up.
    client.change(&uri, 2, ((4, 0), (4, 0)), "y = 2\n");
    let _ = client.diagnostics(&uri, 2);
    std::thread::sleep(Duration::from_millis(800));
    assert!(!setup.trace("pip-calls").exists());
    assert!(!setup.cache_file().exists());
}

#[test]
fn crates_in_a_cargo_manifest_are_confirmed_both_ways() {
    let setup = Setup::new();
    let manifest = "[package]\nname = \"demo\"\nversion = \"0.1.0\"\n\n[dependencies]\nserde = \"1\"\nrust-crypto-utils = \"0.1\"\nquillfrob = \"2\"\n";
    let (_, uri) = setup.file("Cargo.toml", manifest);
    let mut client = setup.start(online());
    client.open(&uri, "toml", 1, manifest);
    // Locally: the invented-looking name is a warning; the plain unknown one passes.
    let first = summary(&client.diagnostics(&uri, 1));
    assert_eq!(naming(&first, "rust-crypto-utils").len(), 1, "{first:?}");
    assert!(naming(&first, "quillfrob").is_empty(), "{first:?}");
    // Cargo knows the first and not the second.
    let raw = wait_raw(&mut client, &uri, |d| {
        !naming(d, "quillfrob").is_empty() && naming(d, "rust-crypto-utils").is_empty()
    });
    let later = summary(&raw);
    let missing = naming(&later, "quillfrob");
    assert_eq!(missing.len(), 1, "{later:?}");
    assert_eq!(missing[0].0, "pkg-hallucinated");
    assert!(
        missing[0].1.contains("confirmed by asking cargo"),
        "{later:?}"
    );
    // Confirmed missing is an error, not the offline warning.
    assert_eq!(raw[0]["severity"], 1, "{raw:?}");
    // serde is in the bundled list: never asked about.
    let mut calls = setup.calls("cargo");
    calls.sort();
    assert_eq!(calls, ["quillfrob", "rust-crypto-utils"]);
}

/// `suggestguard scan --format json` of the project, with the fake tools.
fn scan(setup: &Setup, extra: &[&str]) -> (Vec<Value>, String) {
    let tools = setup.tools.path();
    let out = std::process::Command::new(common::binary())
        .args(["scan", "--format", "json", "--fail-on", "never"])
        .args(extra)
        .arg(setup.project.path())
        .env("SUGGESTGUARD_DATA_DIR", tools.join("data"))
        .env("SUGGESTGUARD_PIP", tools.join("pip"))
        .env("SUGGESTGUARD_CARGO", tools.join("cargo"))
        .env("XDG_CACHE_HOME", tools.join("cache"))
        .env("TRACE_DIR", tools)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let findings: Value = serde_json::from_slice(&out.stdout).unwrap();
    (
        findings.as_array().unwrap().clone(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn messages(findings: &[Value]) -> Vec<String> {
    findings
        .iter()
        .map(|f| f["message"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn scan_waits_for_the_answers_only_when_asked_to() {
    let setup = Setup::new();
    setup.file("app.py", PYTHON);
    // Without the flag: the local verdicts, and no tool is run.
    let (findings, _) = scan(&setup, &[]);
    let local = messages(&findings);
    assert!(
        local.iter().any(|m| m.contains("quillomatic_widgets")),
        "{local:?}"
    );
    assert!(!setup.trace("pip-calls").exists());
    // With it: the answers, and progress on standard error.
    let (findings, stderr) = scan(&setup, &["--online-packages"]);
    let online = messages(&findings);
    assert!(
        !online.iter().any(|m| m.contains("quillomatic_widgets")),
        "{online:?}"
    );
    let missing: Vec<_> = online
        .iter()
        .filter(|m| m.contains("zorbulent_frobs"))
        .collect();
    assert_eq!(missing.len(), 1, "{online:?}");
    assert!(missing[0].contains("confirmed by asking pip"), "{online:?}");
    assert!(
        stderr.contains("asking the package tools about 2 names"),
        "{stderr}"
    );
    assert!(stderr.contains("quillomatic-widgets: exists"), "{stderr}");
}
