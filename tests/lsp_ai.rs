//! The real server over stdio, on what sets it apart: knowing which code just
//! arrived in one large edit, focusing on new or uncommitted code, checking a
//! snippet before it is accepted, lessons that shorten once seen, the
//! workspace scan with progress, and the verbose trace.

mod common;

use common::{git, Client};
use serde_json::{json, Value};
use std::path::Path;
use std::time::Duration;

const URI: &str = "file:///tmp/project/app.py";

/// Findings' (code, line) pairs.
fn lines_of(diags: &[Value]) -> Vec<(String, u64)> {
    let mut out: Vec<_> = diags
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or("").to_owned(),
                d["range"]["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

fn file_uri(path: &Path) -> String {
    format!("file://{}", path.canonicalize().unwrap().display())
}

#[test]
fn a_multi_line_insertion_is_tracked_through_later_edits_and_its_findings_marked() {
    let mut client = Client::start_default();
    let opened = "import yaml\nimport pickle\n\nold = pickle.loads(blob)\n";
    client.open(URI, "python", 1, opened);
    let diags = client.diagnostics(URI, 1);
    assert_eq!(lines_of(&diags), vec![("py-pickle-load".into(), 3)]);
    assert!(diags[0].get("data").unwrap().get("newCode").is_none());

    // An accepted suggestion: three lines in one change, after line 1.
    let block = "def load(path):\n    with open(path) as f:\n        return yaml.load(f)\n";
    client.change(URI, 2, ((2, 0), (2, 0)), block);
    let diags = client.diagnostics(URI, 2);
    let new = diags.iter().find(|d| d["code"] == "py-yaml-load").unwrap();
    assert!(
        new["message"].as_str().unwrap().starts_with("[new code] "),
        "{new}"
    );
    assert_eq!(new["data"]["newCode"], true);
    let insertion = new["data"]["insertion"].as_u64().unwrap();
    let old = diags
        .iter()
        .find(|d| d["code"] == "py-pickle-load")
        .unwrap();
    assert!(!old["message"].as_str().unwrap().starts_with('['));
    assert!(old["data"].get("newCode").is_none(), "{old}");

    // The summary names the block and its finding, once.
    let summary = client.wait_for("window/showMessage", |p| {
        p["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("The inserted block"))
    });
    assert_eq!(
        summary["message"],
        "The inserted block (lines 3–5) has 1 security finding: YAML loaded with an unsafe loader"
    );

    // Typing above shifts it; typing inside keeps it; typing a call by hand
    // is not new code.
    client.change(URI, 3, ((0, 0), (0, 0)), "# loader\n");
    client.change(URI, 4, ((4, 18), (4, 18)), "_name");
    client.change(URI, 5, ((7, 0), (7, 0)), "again = yaml.load(x)\n");
    let diags = client.diagnostics(URI, 5);
    assert_eq!(
        lines_of(&diags),
        vec![
            ("py-pickle-load".into(), 8),
            ("py-yaml-load".into(), 5),
            ("py-yaml-load".into(), 7),
        ]
    );
    let marked: Vec<u64> = diags
        .iter()
        .filter(|d| d["data"]["newCode"] == true)
        .map(|d| d["range"]["start"]["line"].as_u64().unwrap())
        .collect();
    assert_eq!(marked, vec![5], "{diags:?}");
    let still = diags
        .iter()
        .find(|d| d["range"]["start"]["line"] == 5)
        .unwrap();
    assert_eq!(still["data"]["insertion"].as_u64(), Some(insertion));
    assert!(diags
        .iter()
        .all(|d| d["data"]["changedSinceOpen"] == true || d["code"] == "py-pickle-load"));

    let again = client.try_wait_for(
        "window/showMessage",
        |p| {
            p["message"]
                .as_str()
                .is_some_and(|m| m.starts_with("The inserted block"))
        },
        Duration::from_millis(300),
    );
    assert!(again.is_none(), "summary shown twice: {again:?}");
}

#[test]
fn a_long_single_line_paste_counts_and_the_summary_can_be_turned_off() {
    let (mut client, _) = Client::start(
        json!({}),
        json!({"debounceMs": 0, "newCodeMinChars": 20, "insertionSummary": false}),
    );
    client.open(URI, "python", 1, "import yaml\n\n");
    client.diagnostics(URI, 1);
    client.change(URI, 2, ((1, 0), (1, 0)), "cfg = yaml.load(open('c.yml'))");
    let diags = client.diagnostics(URI, 2);
    assert_eq!(diags[0]["data"]["newCode"], true, "{diags:?}");
    let shown = client.try_wait_for("window/showMessage", |_| true, Duration::from_millis(300));
    assert!(shown.is_none(), "{shown:?}");
}

#[test]
fn each_focus_mode_shows_its_subset() {
    let repo = tempfile::tempdir().unwrap();
    let file = repo.path().join("app.py");
    let committed = "import yaml\nimport pickle\n\na = pickle.loads(blob)\n";
    std::fs::write(&file, committed).unwrap();
    git(repo.path(), &["init", "-q"]);
    git(repo.path(), &["add", "app.py"]);
    git(repo.path(), &["commit", "-q", "-m", "init"]);
    let uri = file_uri(&file);

    let (mut client, _) = Client::start(
        json!({}),
        json!({"debounceMs": 0, "focus": "changed-since-head"}),
    );
    // Opened with one uncommitted line (line 4), then a suggestion (lines 5-6).
    let text = format!("{committed}b = yaml.load(data)\n");
    client.open(&uri, "python", 1, &text);
    let diags = client.diagnostics(&uri, 1);
    assert_eq!(lines_of(&diags), vec![("py-yaml-load".into(), 4)]);
    assert_eq!(diags[0]["data"]["changedSinceHead"], true);
    client.change(
        &uri,
        2,
        ((5, 0), (5, 0)),
        "def c(raw):\n    return pickle.loads(raw)\n",
    );
    let since_head = vec![("py-pickle-load".into(), 6), ("py-yaml-load".into(), 4)];
    assert_eq!(lines_of(&client.diagnostics(&uri, 2)), since_head);

    fn focus(client: &mut Client, mode: &str, expected: Vec<(String, u64)>) {
        client.notify(
            "workspace/didChangeConfiguration",
            json!({"settings": {"suggestguard": {"debounceMs": 0, "focus": mode}}}),
        );
        let expected2 = expected.clone();
        let params = client.wait_for("textDocument/publishDiagnostics", move |p| {
            lines_of(p["diagnostics"].as_array().unwrap()) == expected2
        });
        assert_eq!(
            lines_of(params["diagnostics"].as_array().unwrap()),
            expected,
            "{mode}"
        );
    }
    focus(
        &mut client,
        "all",
        vec![
            ("py-pickle-load".into(), 3),
            ("py-pickle-load".into(), 6),
            ("py-yaml-load".into(), 4),
        ],
    );
    focus(&mut client, "new-code", vec![("py-pickle-load".into(), 6)]);
    focus(&mut client, "changed-since-head", since_head);
}

#[test]
fn without_a_repository_every_line_counts_as_changed_since_head() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("loose.py");
    let text = "import yaml\nx = yaml.load(s)\n";
    std::fs::write(&file, text).unwrap();
    let (mut client, _) = Client::start(
        json!({}),
        json!({"debounceMs": 0, "focus": "changed-since-head"}),
    );
    let uri = file_uri(&file);
    client.open(&uri, "python", 1, text);
    let diags = client.diagnostics(&uri, 1);
    assert_eq!(lines_of(&diags), vec![("py-yaml-load".into(), 1)]);
}

#[test]
fn check_snippet_analyses_the_snippet_in_its_document() {
    let mut client = Client::start_default();
    let text = "import yaml\nCODE = '1 + 1'\n\ndef load(f):\n    pass\n";
    client.open(URI, "python", 1, text);
    client.diagnostics(URI, 1);
    let check = |client: &mut Client, args: Value| {
        client
            .request(
                "workspace/executeCommand",
                json!({"command": "suggestguard.checkSnippet", "arguments": [args]}),
            )
            .unwrap()["findings"]
            .as_array()
            .unwrap()
            .clone()
    };
    let found = check(
        &mut client,
        json!({"languageId": "python", "text": "    return yaml.load(f)\n", "uri": URI,
               "position": {"line": 4, "character": 0}}),
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["ruleId"], "py-yaml-load");
    assert_eq!(found[0]["cwe"], json!(["CWE-502"]));
    assert_eq!(
        found[0]["range"],
        json!({"start": {"line": 0, "character": 11}, "end": {"line": 0, "character": 23}})
    );
    assert_eq!(found[0]["fix"]["edits"][0]["newText"], "safe_load");

    // The document decides: CODE is a constant there, unknown alone.
    let snippet = "result = eval(CODE)\n";
    let in_context = check(
        &mut client,
        json!({"languageId": "python", "text": snippet, "uri": URI}),
    );
    assert!(in_context.is_empty(), "{in_context:?}");
    let alone = check(
        &mut client,
        json!({"languageId": "python", "text": snippet}),
    );
    assert_eq!(alone[0]["ruleId"], "py-eval-injection");
    // The document's own findings are not the snippet's.
    let clean = check(
        &mut client,
        json!({"languageId": "python", "text": "x = 1\n", "uri": URI}),
    );
    assert!(clean.is_empty());

    let err = client
        .request(
            "workspace/executeCommand",
            json!({"command": "suggestguard.checkSnippet", "arguments": [{"text": 1}]}),
        )
        .unwrap_err();
    assert_eq!(err["code"], -32602);
}

fn hover_text(client: &mut Client, uri: &str, line: u32, character: u32) -> String {
    let hover = client
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
        )
        .unwrap();
    hover["contents"]["value"].as_str().unwrap().to_owned()
}

const YAML: &str = "import yaml\n\ndef load(f):\n    return yaml.load(f)\n";

#[test]
fn hover_teaches_the_full_lesson_first_then_the_short_form() {
    let data = tempfile::tempdir().unwrap();
    let data_path = data.path().to_path_buf();
    let mut client = Client::spawn_in(data);
    client
        .request(
            "initialize",
            json!({"processId": null, "capabilities": {}, "initializationOptions": {"debounceMs": 0}}),
        )
        .unwrap();
    client.notify("initialized", json!({}));
    client.open(URI, "python", 1, YAML);
    client.diagnostics(URI, 1);
    let full = hover_text(&mut client, URI, 3, 20);
    for part in [
        "**What was found.**",
        "**Why it matters.**",
        "**How an attacker exploits it.**",
        "return yaml.safe_load(f)",
        "[CWE-502](https://cwe.mitre.org/data/definitions/502.html)",
        "[OWASP cheat sheet](",
    ] {
        assert!(full.contains(part), "{part} missing:\n{full}");
    }
    let short = hover_text(&mut client, URI, 3, 20);
    assert!(!short.contains("**Why it matters.**"), "{short}");
    assert!(short.contains("return yaml.safe_load(f)") && short.contains("suggestguard.explain"));
    // What was seen is kept in the data directory, one rule id a line.
    let seen = std::fs::read_to_string(data_path.join("lessons-seen.txt")).unwrap();
    assert!(seen.lines().any(|l| l == "py-yaml-load"), "{seen}");

    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"debounceMs": 0, "lessons": "always-full"}}),
    );
    client.wait_for("textDocument/publishDiagnostics", |p| p["uri"] == URI);
    assert!(hover_text(&mut client, URI, 3, 20).contains("**Why it matters.**"));
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"debounceMs": 0, "lessons": "off"}}),
    );
    client.wait_for("textDocument/publishDiagnostics", |p| p["uri"] == URI);
    let off = hover_text(&mut client, URI, 3, 20);
    assert!(
        off.starts_with("`yaml.load`") && !off.contains("**"),
        "{off}"
    );
}

#[test]
fn scan_workspace_reports_progress_and_counts() {
    let root = tempfile::tempdir().unwrap();
    std::fs::write(root.path().join("a.py"), YAML).unwrap();
    std::fs::write(root.path().join("b.py"), "x = 1\n").unwrap();
    std::fs::create_dir(root.path().join("pkg")).unwrap();
    std::fs::write(
        root.path().join("pkg/c.py"),
        "import pickle\npickle.loads(b)\n",
    )
    .unwrap();
    let (mut client, result) = Client::start_with(json!({
        "processId": null,
        "rootUri": file_uri(root.path()),
        "capabilities": {"window": {"workDoneProgress": true}},
        "initializationOptions": {"debounceMs": 0},
    }));
    assert!(result["capabilities"]["executeCommandProvider"]["commands"]
        .as_array()
        .unwrap()
        .contains(&json!("suggestguard.scanWorkspace")));
    let counts = client
        .request(
            "workspace/executeCommand",
            json!({"command": "suggestguard.scanWorkspace", "arguments": []}),
        )
        .unwrap();
    assert_eq!(counts, json!({"files": 3, "findings": 2}));
    let begin = client.wait_for("$/progress", |p| p["value"]["kind"] == "begin");
    let end = client.wait_for("$/progress", |p| p["value"]["kind"] == "end");
    assert_eq!(begin["token"], end["token"]);
    assert_eq!(end["value"]["message"], "3 files, 2 findings");
}

#[test]
fn verbose_trace_logs_one_line_per_analysis() {
    let (mut client, _) = Client::start_with(json!({
        "processId": null,
        "capabilities": {},
        "trace": "verbose",
        "initializationOptions": {"debounceMs": 0},
    }));
    client.open(URI, "python", 1, YAML);
    let line = client.wait_for("window/logMessage", |p| {
        p["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("analysed app.py v1"))
    });
    assert_eq!(line["type"], 3, "info level");
    assert!(line["message"]
        .as_str()
        .unwrap()
        .contains("1 shown of 1 (focus all)"));
    client.notify("$/setTrace", json!({"value": "off"}));
    client.change(URI, 2, ((0, 0), (0, 0)), "\n");
    client.diagnostics(URI, 2);
    let quiet = client.try_wait_for(
        "window/logMessage",
        |p| {
            p["message"]
                .as_str()
                .is_some_and(|m| m.starts_with("analysed"))
        },
        Duration::from_millis(300),
    );
    assert!(quiet.is_none(), "{quiet:?}");
}
