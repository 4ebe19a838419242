//! The real server over stdio: lifecycle, incremental edits, positions,
//! diagnostics, code actions, hover, configuration and robustness.

mod common;

use common::{apply_lsp_edits, Client};
use serde_json::{json, Value};
use std::time::Duration;

const URI: &str = "file:///tmp/project/app.py";

const YAML: &str =
    "import yaml\n\ndef load(path):\n    with open(path) as f:\n        return yaml.load(f)\n";

fn codes(diags: &[Value]) -> Vec<String> {
    diags
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_owned())
        .collect()
}

fn find<'a>(diags: &'a [Value], code: &str) -> &'a Value {
    diags
        .iter()
        .find(|d| d["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {diags:?}"))
}

#[test]
fn initialize_advertises_capabilities_with_utf16_by_default() {
    let (_client, result) = Client::start(json!({}), Value::Null);
    let caps = &result["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-16");
    assert_eq!(caps["textDocumentSync"]["change"], 2, "incremental sync");
    assert_eq!(caps["textDocumentSync"]["openClose"], true);
    assert_eq!(caps["textDocumentSync"]["save"], true);
    assert_eq!(
        caps["codeActionProvider"]["codeActionKinds"],
        json!(["quickfix"])
    );
    assert_eq!(caps["hoverProvider"], true);
    assert!(caps["executeCommandProvider"]["commands"]
        .as_array()
        .unwrap()
        .contains(&json!("suggestguard.explain")));
    assert!(
        caps.get("diagnosticProvider").is_none(),
        "push client: no pull provider"
    );
    assert_eq!(result["serverInfo"]["name"], "suggestguard");
}

#[test]
fn utf8_is_chosen_when_offered() {
    let caps = json!({"general": {"positionEncodings": ["utf-8", "utf-16"]}});
    let (_client, result) = Client::start(caps, Value::Null);
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-8");
}

#[test]
fn diagnostics_carry_range_version_code_source_and_cwe_link() {
    let mut client = Client::start_default();
    client.open(URI, "python", 1, YAML);
    let diags = client.diagnostics(URI, 1);
    let d = find(&diags, "py-yaml-load");
    assert_eq!(d["range"]["start"], json!({"line": 4, "character": 15}));
    assert_eq!(d["range"]["end"], json!({"line": 4, "character": 27}));
    assert_eq!(d["source"], "suggestguard");
    assert_eq!(d["severity"], 1);
    assert_eq!(
        d["codeDescription"]["href"],
        "https://cwe.mitre.org/data/definitions/502.html"
    );
    assert!(!d["message"].as_str().unwrap().is_empty());
}

#[test]
fn incremental_edits_with_non_ascii_text_keep_utf16_positions_right() {
    let mut client = Client::start_default();
    client.open(URI, "python", 1, YAML);
    client.diagnostics(URI, 1);
    // Insert emoji (2 UTF-16 units each), CJK and a combining mark before the call.
    client.change(URI, 2, ((4, 8), (4, 8)), "x = '😀漢e\u{301}'; ");
    let diags = client.diagnostics(URI, 2);
    let d = find(&diags, "py-yaml-load");
    // "x = '" 5 + 😀 2 + 漢 1 + e 1 + U+0301 1 + "'; " 3 = 13 units inserted.
    assert_eq!(d["range"]["start"], json!({"line": 4, "character": 28}));
    // A new line above shifts the finding down.
    client.change(URI, 3, ((0, 0), (0, 0)), "# ünïcödé 🎉\n");
    let diags = client.diagnostics(URI, 3);
    assert_eq!(
        find(&diags, "py-yaml-load")["range"]["start"],
        json!({"line": 5, "character": 28})
    );
}

#[test]
fn utf8_client_gets_byte_columns() {
    let caps = json!({"general": {"positionEncodings": ["utf-8"]}});
    let (mut client, _) = Client::start(caps, json!({"debounceMs": 0}));
    let text = "import yaml\nx = '😀'; y = yaml.load(data)\n";
    client.open(URI, "python", 1, text);
    let diags = client.diagnostics(URI, 1);
    // "x = '😀'; y = " is 4 + 1 + 4 + 1 + 2 + 4 = 16 bytes.
    assert_eq!(
        find(&diags, "py-yaml-load")["range"]["start"],
        json!({"line": 1, "character": 16})
    );
}

#[test]
fn fix_code_action_removes_the_finding_and_the_text_still_parses() {
    let mut client = Client::start_default();
    client.open(URI, "python", 1, YAML);
    let diags = client.diagnostics(URI, 1);
    let d = find(&diags, "py-yaml-load").clone();
    let actions = client
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": URI}, "range": d["range"], "context": {"diagnostics": [d]}}),
        )
        .unwrap();
    let actions = actions.as_array().unwrap();
    let fix = actions
        .iter()
        .find(|a| a["isPreferred"] == true)
        .expect("a preferred fix");
    assert_eq!(fix["kind"], "quickfix");
    let edits = fix["edit"]["changes"][URI].as_array().unwrap();
    let fixed = apply_lsp_edits(YAML, edits);
    assert!(fixed.contains("yaml.safe_load(f)"), "{fixed}");
    let tree = suggestguard::lang::Language::Python.parse(&fixed).unwrap();
    assert!(!tree.root_node().has_error());
    // Send the edit as the client would; the finding disappears.
    for e in edits {
        let r = &e["range"];
        client.change(
            URI,
            2,
            (
                (
                    r["start"]["line"].as_u64().unwrap() as u32,
                    r["start"]["character"].as_u64().unwrap() as u32,
                ),
                (
                    r["end"]["line"].as_u64().unwrap() as u32,
                    r["end"]["character"].as_u64().unwrap() as u32,
                ),
            ),
            e["newText"].as_str().unwrap(),
        );
    }
    let diags = client.diagnostics(URI, 2);
    assert!(
        !codes(&diags).contains(&"py-yaml-load".to_owned()),
        "{diags:?}"
    );
}

/// The quick fixes a code action request offers for diagnostic `d`.
fn quick_fixes(client: &mut Client, uri: &str, d: &Value) -> Vec<Value> {
    let actions = client
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": d["range"], "context": {"diagnostics": [d]}}),
        )
        .unwrap();
    actions
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["isPreferred"] == true)
        .cloned()
        .collect()
}

#[test]
fn fixes_are_looked_up_when_asked_for_not_sent_with_every_publish() {
    let mut client = Client::start_default();
    client.open(URI, "python", 1, YAML);
    let diags = client.diagnostics(URI, 1);
    let d = find(&diags, "py-yaml-load");
    assert_eq!(d["data"]["ruleId"], "py-yaml-load", "{d}");
    assert!(d["data"].get("fix").is_none(), "{d}");
    // Two lines added above: the fix found for the moved diagnostic edits
    // the call where it now is.
    client.change(URI, 2, ((0, 0), (0, 0)), "# one\n# two\n");
    let diags = client.diagnostics(URI, 2);
    let d = find(&diags, "py-yaml-load").clone();
    assert_eq!(d["range"]["start"]["line"], 6, "{d}");
    let fixes = quick_fixes(&mut client, URI, &d);
    assert_eq!(fixes.len(), 1, "{fixes:?}");
    let edit = &fixes[0]["edit"]["changes"][URI][0];
    assert_eq!(edit["range"]["start"]["line"], 6, "{edit}");
    assert_eq!(edit["newText"], "safe_load", "{edit}");
    // A diagnostic the server never published (a range it does not know)
    // gets no fix, only the ignore action.
    let mut unknown = d.clone();
    unknown["range"]["start"]["character"] = json!(0);
    assert!(quick_fixes(&mut client, URI, &unknown).is_empty());
}

#[test]
fn ignore_action_inserts_a_directive_that_silences_the_line() {
    let mut client = Client::start_default();
    client.open(URI, "python", 1, YAML);
    let diags = client.diagnostics(URI, 1);
    let d = find(&diags, "py-yaml-load").clone();
    let actions = client
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": URI}, "range": d["range"], "context": {"diagnostics": [d]}}),
        )
        .unwrap();
    let ignore = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"].as_str().unwrap().starts_with("Ignore"))
        .expect("an ignore action")
        .clone();
    let edit = &ignore["edit"]["changes"][URI][0];
    assert_eq!(edit["newText"], "  # suggestguard: ignore[py-yaml-load]");
    let fixed = apply_lsp_edits(YAML, std::slice::from_ref(edit));
    let r = &edit["range"]["start"];
    let at = (
        r["line"].as_u64().unwrap() as u32,
        r["character"].as_u64().unwrap() as u32,
    );
    client.change(URI, 2, (at, at), edit["newText"].as_str().unwrap());
    let diags = client.diagnostics(URI, 2);
    assert!(diags.is_empty(), "{diags:?}\n{fixed}");
}

#[test]
fn hover_explains_the_finding_in_markdown() {
    let mut client = Client::start_default();
    client.open(URI, "python", 1, YAML);
    client.diagnostics(URI, 1);
    let hover = client
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": URI}, "position": {"line": 4, "character": 20}}),
        )
        .unwrap();
    assert_eq!(hover["contents"]["kind"], "markdown");
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(
        text.contains("safe_load") && text.contains("CWE-502"),
        "{text}"
    );
    let none = client
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": URI}, "position": {"line": 0, "character": 0}}),
        )
        .unwrap();
    assert!(none.is_null());
}

#[test]
fn out_of_range_edits_and_unknown_methods_leave_the_server_alive_and_consistent() {
    let mut client = Client::start_default();
    client.open(URI, "python", 1, YAML);
    client.diagnostics(URI, 1);
    client.change(URI, 2, ((99, 0), (100, 0)), "boom");
    let err = client
        .request("suggestguard/noSuchMethod", json!({}))
        .unwrap_err();
    assert_eq!(err["code"], -32601);
    client.notify("$/noSuchNotification", json!({}));
    // The document is unchanged by the bad edit: a later valid edit lines up.
    client.change(URI, 3, ((0, 0), (0, 0)), "\n");
    let diags = client.diagnostics(URI, 3);
    assert_eq!(
        find(&diags, "py-yaml-load")["range"]["start"],
        json!({"line": 5, "character": 15})
    );
    assert!(client.is_running());
}

#[test]
fn full_text_changes_and_close_clears_diagnostics() {
    let mut client = Client::start_default();
    client.open(URI, "python", 1, "x = 1\n");
    assert!(client.diagnostics(URI, 1).is_empty());
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [{"text": YAML}]}),
    );
    assert_eq!(codes(&client.diagnostics(URI, 2)), vec!["py-yaml-load"]);
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": URI}}),
    );
    let cleared = client.wait_for("textDocument/publishDiagnostics", |p| {
        p["uri"] == URI && p["diagnostics"].as_array().is_some_and(|d| d.is_empty())
    });
    assert!(cleared["diagnostics"].as_array().unwrap().is_empty());
}

#[test]
fn rust_documents_are_analysed_too() {
    let mut client = Client::start_default();
    let uri = "file:///tmp/project/src/net.rs";
    let text = "fn client() -> reqwest::Client {\n    reqwest::Client::builder()\n        .danger_accept_invalid_certs(true)\n        .build()\n        .unwrap()\n}\n";
    client.open(uri, "rust", 1, text);
    let diags = client.diagnostics(uri, 1);
    let d = find(&diags, "rs-tls-verify-disabled");
    assert_eq!(d["range"]["start"]["line"], 2);
}

#[test]
fn settings_turn_rules_off_and_configuration_changes_recheck_open_documents() {
    let (mut client, _) = Client::start(
        json!({}),
        json!({"debounceMs": 0, "rules": {"py-yaml-load": false}}),
    );
    client.open(URI, "python", 1, YAML);
    assert!(client.diagnostics(URI, 1).is_empty());
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"suggestguard": {"debounceMs": 0, "severity": {"py-yaml-load": "hint"}}}}),
    );
    let params = client.wait_for("textDocument/publishDiagnostics", |p| {
        p["uri"] == URI && !p["diagnostics"].as_array().unwrap().is_empty()
    });
    assert_eq!(
        params["diagnostics"][0]["severity"], 4,
        "re-levelled to hint"
    );
}

#[test]
fn bad_settings_are_reported_and_defaults_stay() {
    let (mut client, _) = Client::start(json!({}), json!({"debounceMs": "fast", "debounce_ms": 0}));
    let shown = client.wait_for("window/showMessage", |_| true);
    assert!(
        shown["message"].as_str().unwrap().contains("debounceMs"),
        "{shown}"
    );
    client.open(URI, "python", 1, YAML);
    assert_eq!(codes(&client.diagnostics(URI, 1)), vec!["py-yaml-load"]);
}

#[test]
fn pull_clients_are_asked_to_refresh_after_settings_change_and_hover_works() {
    let caps = json!({
        "textDocument": {"diagnostic": {"dynamicRegistration": false}},
        "workspace": {"diagnostic": {"refreshSupport": true}}
    });
    let (mut client, _) = Client::start(caps, json!({"debounceMs": 0}));
    client.open(URI, "python", 1, YAML);
    // Hover before any pull: the server analyses on demand.
    let hover = client
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": URI}, "position": {"line": 4, "character": 20}}),
        )
        .unwrap();
    assert!(hover["contents"]["value"]
        .as_str()
        .unwrap()
        .contains("safe_load"));
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"rules": {"py-yaml-load": false}}}),
    );
    // The next request is answered after the refresh was sent.
    let report = client
        .request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": URI}}),
        )
        .unwrap();
    assert!(
        client.wait_for_server_request("workspace/diagnostic/refresh"),
        "{:?}",
        client.server_requests
    );
    assert!(report["items"].as_array().unwrap().is_empty(), "{report}");
}

#[test]
fn pull_clients_get_diagnostics_on_request_and_no_pushes() {
    let caps = json!({"textDocument": {"diagnostic": {"dynamicRegistration": false}}});
    let (mut client, result) = Client::start(caps, json!({"debounceMs": 0}));
    assert_eq!(
        result["capabilities"]["diagnosticProvider"]["identifier"],
        "suggestguard"
    );
    client.open(URI, "python", 1, YAML);
    let report = client
        .request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": URI}}),
        )
        .unwrap();
    assert_eq!(report["kind"], "full");
    assert_eq!(
        codes(report["items"].as_array().unwrap()),
        vec!["py-yaml-load"]
    );
    let pushed = client.try_wait_for(
        "textDocument/publishDiagnostics",
        |_| true,
        Duration::from_millis(300),
    );
    assert!(
        pushed.is_none(),
        "a pull client must not also get pushes: {pushed:?}"
    );
}

#[test]
fn explain_command_returns_the_rule_documentation() {
    let mut client = Client::start_default();
    let text = client
        .request(
            "workspace/executeCommand",
            json!({"command": "suggestguard.explain", "arguments": ["rs-sql-format"]}),
        )
        .unwrap();
    assert!(text.as_str().unwrap().contains("CWE-89"));
    let err = client
        .request(
            "workspace/executeCommand",
            json!({"command": "suggestguard.explain", "arguments": ["nope"]}),
        )
        .unwrap_err();
    assert_eq!(err["code"], -32602);
}

#[test]
fn shutdown_then_exit_ends_the_process_cleanly() {
    let mut client = Client::start_default();
    client.request("shutdown", Value::Null).unwrap();
    client.notify("exit", Value::Null);
    assert_eq!(client.close_and_wait(), Some(0));
}

#[test]
fn closing_stdin_ends_the_server_without_a_panic() {
    let client = Client::start_default();
    assert!(client.close_and_wait().is_some());
}

#[test]
fn add_to_manifest_fix_edits_the_manifest_file() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    std::fs::write(root.join("requirements.txt"), "flask==3.0.0\n").unwrap();
    let main = root.join("main.py");
    let text = "import flask\nimport requests\n";
    std::fs::write(&main, text).unwrap();
    let uri = format!("file://{}", main.display());
    let manifest_uri = format!("file://{}", root.join("requirements.txt").display());
    let mut client = Client::start_default();
    client.open(&uri, "python", 1, text);
    let diags = client.diagnostics(&uri, 1);
    let d = find(&diags, "pkg-undeclared").clone();
    assert_eq!(d["range"]["start"]["line"], 1);
    let actions = client
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": d["range"], "context": {"diagnostics": [d]}}),
        )
        .unwrap();
    let fix = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["isPreferred"] == true)
        .expect("an add-to-manifest fix");
    let edits = fix["edit"]["changes"][manifest_uri.as_str()]
        .as_array()
        .unwrap_or_else(|| panic!("edits for {manifest_uri}: {fix}"));
    let fixed = apply_lsp_edits("flask==3.0.0\n", edits);
    assert!(fixed.contains("requests"), "{fixed}");
}
