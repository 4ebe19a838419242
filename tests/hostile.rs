//! Hostile and odd input over stdio against the real server: broken framing,
//! protocol misuse, huge, binary and deeply nested documents, many documents,
//! cancellation, lifecycle and a vanishing client. The server must answer on,
//! never panic, and keep the text of every other document intact.

mod common;

use common::Client;
use serde_json::{json, Value};
use std::time::Duration;

const APP: &str = "file:///tmp/project/app.py";
const OTHER: &str = "file:///tmp/project/other.py";

const YAML: &str =
    "import yaml\n\ndef load(path):\n    with open(path) as f:\n        return yaml.load(f)\n";

/// The line of the `py-yaml-load` finding in `diags`.
fn yaml_line(diags: &[Value]) -> u64 {
    diags
        .iter()
        .find(|d| d["code"] == "py-yaml-load")
        .unwrap_or_else(|| panic!("no py-yaml-load in {diags:?}"))["range"]["start"]["line"]
        .as_u64()
        .unwrap()
}

/// The server answered on, is alive and wrote no panic.
fn assert_healthy(client: &mut Client) {
    let err = client.request("suggestguard/ping", json!({})).unwrap_err();
    assert_eq!(err["code"], -32601, "still answering requests");
    assert!(client.is_running());
    let stderr = client.stderr();
    assert!(!stderr.contains("panicked"), "server panicked: {stderr}");
}

/// `OTHER` was opened with YAML at version 1; its text must still be intact:
/// an edit at its top moves the finding down by exactly one line.
fn assert_other_intact(client: &mut Client, version: i64) {
    client.change(OTHER, version, ((0, 0), (0, 0)), "\n");
    assert_eq!(yaml_line(&client.diagnostics(OTHER, version)), 5);
}

fn frame(body: &str) -> Vec<u8> {
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

#[test]
fn invalid_json_is_answered_and_the_server_goes_on() {
    let mut client = Client::start_default();
    client.open(OTHER, "python", 1, YAML);
    client.diagnostics(OTHER, 1);
    client.send_raw(&frame("{not json"));
    client.send_raw(&frame("[1, 2, 3]"));
    client.send_raw(&frame(r#"{"jsonrpc": "2.0", "method": 7}"#));
    client.send_raw(&frame(
        r#"{"jsonrpc": "2.0", "id": 99, "method": "textDocument/hover", "params": "wrong"}"#,
    ));
    assert_healthy(&mut client);
    assert_other_intact(&mut client, 2);
}

#[test]
fn a_wrong_content_length_costs_at_most_the_messages_it_overlaps() {
    let mut client = Client::start_default();
    client.open(OTHER, "python", 1, YAML);
    client.diagnostics(OTHER, 1);
    // Too short: the body is cut, the rest is garbage before the next header.
    let body = r#"{"jsonrpc": "2.0", "method": "$/nothing", "params": {}}"#;
    client.send_raw(format!("Content-Length: 10\r\n\r\n{body}").as_bytes());
    // Not a number, and a header block without a length.
    client.send_raw(b"Content-Length: lots\r\n\r\n{}");
    client.send_raw(b"Content-Type: text/plain\r\n\r\n{}");
    // The server resynchronises on a later header; a request or two may be
    // swallowed by the broken frames, so ask until one is answered.
    let mut answered = false;
    for _ in 0..5 {
        let id = client.send_request("suggestguard/ping", json!({}));
        if let Some(Err(e)) = client.response_within(id, Duration::from_secs(2)) {
            assert_eq!(e["code"], -32601);
            answered = true;
            break;
        }
    }
    assert!(answered, "the server never answered again");
    assert_healthy(&mut client);
    assert_other_intact(&mut client, 2);
}

#[test]
fn unknown_methods_and_notifications_are_harmless() {
    let mut client = Client::start_default();
    client.open(OTHER, "python", 1, YAML);
    client.diagnostics(OTHER, 1);
    let err = client
        .request("workspace/noSuchThing", json!({}))
        .unwrap_err();
    assert_eq!(err["code"], -32601);
    client.notify("workspace/noSuchNotification", json!({"x": 1}));
    client.notify("$/noSuchNotification", json!(null));
    // The protocol asks for MethodNotFound here too.
    let err = client.request("$/noSuchRequest", json!({})).unwrap_err();
    assert_eq!(err["code"], -32601);
    assert_healthy(&mut client);
    assert_other_intact(&mut client, 2);
}

#[test]
fn requests_before_initialize_are_refused_then_initialize_works() {
    let mut client = Client::spawn();
    let err = client
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": APP}, "position": {"line": 0, "character": 0}}),
        )
        .unwrap_err();
    assert_eq!(err["code"], -32002, "server not initialized");
    client.open(APP, "python", 1, YAML);
    let result = client
        .request(
            "initialize",
            json!({"processId": null, "rootUri": null, "capabilities": {}, "initializationOptions": {"debounceMs": 0}}),
        )
        .unwrap();
    assert!(result["capabilities"].is_object());
    client.notify("initialized", json!({}));
    // A second initialize is an error, not a reset.
    let err = client
        .request("initialize", json!({"processId": null, "capabilities": {}}))
        .unwrap_err();
    assert_eq!(err["code"], -32600);
    client.open(OTHER, "python", 1, YAML);
    assert_eq!(yaml_line(&client.diagnostics(OTHER, 1)), 4);
    assert_healthy(&mut client);
}

#[test]
fn changes_to_unopened_documents_and_backward_versions_keep_the_text_in_order() {
    let mut client = Client::start_default();
    client.open(OTHER, "python", 1, YAML);
    client.diagnostics(OTHER, 1);
    client.change(APP, 2, ((0, 0), (0, 0)), "boom");
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": "file:///never/opened.py"}}),
    );
    // Versions going backwards: each change still applies, in arrival order.
    client.open(APP, "python", 10, YAML);
    client.diagnostics(APP, 10);
    client.change(APP, 3, ((0, 0), (0, 0)), "\n");
    assert_eq!(yaml_line(&client.diagnostics(APP, 3)), 5);
    client.change(APP, 3, ((0, 0), (0, 0)), "\n");
    assert_eq!(yaml_line(&client.diagnostics(APP, 3)), 6);
    assert_healthy(&mut client);
    assert_other_intact(&mut client, 2);
}

/// Peak resident memory of `pid` in MB (Linux).
fn peak_rss_mb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}

#[test]
fn a_50_mb_file_is_kept_but_not_analysed_with_one_note() {
    let mut client = Client::start_default();
    client.open(OTHER, "python", 1, YAML);
    client.diagnostics(OTHER, 1);
    let mut big = String::with_capacity(50 * 1024 * 1024 + 100);
    while big.len() < 50 * 1024 * 1024 {
        big.push_str("x = yaml.load(f)  # line of a generated file, long enough\n");
    }
    let big_uri = "file:///tmp/project/big.py";
    client.open(big_uri, "python", 1, &big);
    let diags = client.diagnostics(big_uri, 1);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0]["severity"], 3, "informational");
    assert_eq!(diags[0]["code"], "file-too-large");
    assert!(diags[0]["message"].as_str().unwrap().contains("MB"));
    // Edits still apply; the note stays the only diagnostic.
    client.change(big_uri, 2, ((0, 0), (0, 0)), "import yaml\n");
    assert_eq!(client.diagnostics(big_uri, 2).len(), 1);
    // Cut below the limit: the file is analysed again.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": big_uri, "version": 3}, "contentChanges": [{"text": YAML}]}),
    );
    assert_eq!(yaml_line(&client.diagnostics(big_uri, 3)), 4);
    if let Some(mb) = peak_rss_mb(client.pid()) {
        assert!(mb < 1024, "peak memory {mb} MB for a 50 MB document");
    }
    assert_healthy(&mut client);
    assert_other_intact(&mut client, 2);
}

#[test]
fn binary_content_is_survived() {
    let mut client = Client::start_default();
    client.open(OTHER, "python", 1, YAML);
    client.diagnostics(OTHER, 1);
    let binary: String = (0u32..4096)
        .map(|i| char::from_u32((i * 7919) % 0xD7FF).unwrap_or('\0'))
        .chain("\0\0\0\u{FFFD}\u{FEFF}".chars())
        .collect();
    for (uri, lang) in [
        ("file:///tmp/project/blob.py", "python"),
        ("file:///tmp/project/blob.rs", "rust"),
        ("file:///tmp/project/blob.bin", "plaintext"),
    ] {
        client.open(uri, lang, 1, &binary);
        client.diagnostics(uri, 1);
        client.change(uri, 2, ((0, 3), (0, 9)), "\0\0");
        client.diagnostics(uri, 2);
    }
    assert_healthy(&mut client);
    assert_other_intact(&mut client, 2);
}

/// Deeply nested code of each shape a recursive walk could trip over.
fn nested_sources(depth: usize) -> Vec<(&'static str, &'static str, String)> {
    let parens = format!("x = {}1{}\n", "(".repeat(depth), ")".repeat(depth));
    let lists = format!("x = {}1{}\n", "[".repeat(depth), "]".repeat(depth));
    // Nested calls are capped lower: pattern matching over them grows faster
    // than linearly (see "Robustness" in docs/performance.md).
    let calls = format!(
        "import os\nos.system({}input(){})\n",
        "str(".repeat(depth.min(300)),
        ")".repeat(depth.min(300))
    );
    let sums = format!("x = input(){}\nos.system(x)\n", " + y".repeat(depth));
    let attrs = format!("x = a{}\n", ".b".repeat(depth));
    let mut ifs = String::new();
    for i in 0..depth.min(2000) {
        ifs.push_str(&" ".repeat(i));
        ifs.push_str("if x:\n");
    }
    ifs.push_str(&" ".repeat(depth.min(2000)));
    ifs.push_str("eval(input())\n");
    let rust = format!(
        "fn f() {{ let x = {}1{}; let y = {}2{}; }}\n",
        "(".repeat(depth),
        ")".repeat(depth),
        "{".repeat(depth),
        "}".repeat(depth)
    );
    let rust_sum = format!("fn f() {{ let x = 1{}; }}\n", " + 1".repeat(depth));
    vec![
        ("parens.py", "python", parens),
        ("lists.py", "python", lists),
        ("calls.py", "python", calls),
        ("sums.py", "python", sums),
        ("attrs.py", "python", attrs),
        ("ifs.py", "python", ifs),
        ("nested.rs", "rust", rust),
        ("sum.rs", "rust", rust_sum),
    ]
}

#[test]
fn a_10000_level_nested_expression_does_not_overflow_the_stack() {
    let mut client = Client::start_default();
    client.open(OTHER, "python", 1, YAML);
    client.diagnostics(OTHER, 1);
    // 2,000 nested `if` blocks are tested in process only: over the server
    // their analysis takes too long for a test (see "Robustness" in
    // docs/performance.md).
    for (name, lang, text) in nested_sources(10_000)
        .into_iter()
        .filter(|(name, _, _)| *name != "ifs.py")
    {
        let uri = format!("file:///tmp/project/{name}");
        client.open(&uri, lang, 1, &text);
        // Unoptimised builds take seconds on some shapes (see "Robustness" in
        // docs/performance.md); what is tested here is that the server survives.
        let published = client.try_wait_for(
            "textDocument/publishDiagnostics",
            |p| p["uri"] == uri.as_str() && p["version"] == 1,
            Duration::from_secs(180),
        );
        assert!(published.is_some(), "no diagnostics for {name}");
        assert!(client.is_running(), "{name} took the server down");
    }
    assert_healthy(&mut client);
    assert_other_intact(&mut client, 2);
}

#[test]
fn nested_expressions_are_analysed_on_a_small_stack_in_process() {
    // The editor analyses on threads with tokio's 2 MB default stack: test there.
    let handle = std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(|| {
            let config = suggestguard::config::Config::default();
            for (name, _, text) in nested_sources(10_000) {
                let language = if name.ends_with(".rs") {
                    suggestguard::lang::Language::Rust
                } else {
                    suggestguard::lang::Language::Python
                };
                let findings = suggestguard::engine::analyze_text(&text, language, None, &config);
                assert!(
                    findings
                        .iter()
                        .all(|f| f.rule_id != suggestguard::engine::INTERNAL_ERROR_RULE),
                    "{name}: {findings:?}"
                );
            }
        })
        .unwrap();
    handle.join().expect("no stack overflow or panic");
}

#[test]
fn five_thousand_open_documents() {
    let mut client = Client::start_default();
    client.open(OTHER, "python", 1, YAML);
    client.diagnostics(OTHER, 1);
    for i in 0..5000 {
        let text = format!("import yaml\nx{i} = yaml.load(open('f{i}'))\n");
        client.open(&format!("file:///tmp/many/m{i}.py"), "python", 1, &text);
    }
    let last = client.diagnostics("file:///tmp/many/m4999.py", 1);
    assert_eq!(yaml_line(&last), 1);
    let hover = client
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": "file:///tmp/many/m0.py"}, "position": {"line": 1, "character": 12}}),
        )
        .unwrap();
    assert!(hover["contents"].is_object(), "{hover}");
    assert_healthy(&mut client);
    assert_other_intact(&mut client, 2);
}

#[test]
fn cancel_request_is_accepted_for_known_and_unknown_ids() {
    let mut client = Client::start_default();
    client.open(OTHER, "python", 1, YAML);
    client.diagnostics(OTHER, 1);
    let id = client.send_request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": OTHER},
            "range": {"start": {"line": 4, "character": 0}, "end": {"line": 4, "character": 30}},
            "context": {"diagnostics": []}
        }),
    );
    client.notify("$/cancelRequest", json!({"id": id}));
    match client.response(id) {
        Ok(_) => {}
        Err(e) => assert_eq!(e["code"], -32800, "request cancelled: {e}"),
    }
    client.notify("$/cancelRequest", json!({"id": 12345}));
    client.notify("$/cancelRequest", json!({"id": "no-such"}));
    client.notify("$/cancelRequest", json!({}));
    assert_healthy(&mut client);
    assert_other_intact(&mut client, 2);
}

#[test]
fn exit_code_is_0_after_shutdown_and_1_without() {
    let mut client = Client::start_default();
    client.request("shutdown", Value::Null).unwrap();
    // After shutdown, requests are refused.
    let err = client
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": APP}, "position": {"line": 0, "character": 0}}),
        )
        .unwrap_err();
    assert_eq!(err["code"], -32600);
    client.notify("exit", Value::Null);
    assert_eq!(client.wait_exit(), Some(0));
    assert!(!client.stderr().contains("panicked"));

    let mut client = Client::start_default();
    client.notify("exit", Value::Null);
    assert_eq!(client.wait_exit(), Some(1));
    assert!(!client.stderr().contains("panicked"));
}

#[test]
fn the_client_vanishing_mid_message_ends_the_server_cleanly() {
    let mut client = Client::start_default();
    client.open(OTHER, "python", 1, YAML);
    client.diagnostics(OTHER, 1);
    client.send_raw(b"Content-Length: 500\r\n\r\n{\"jsonrpc\": \"2.0\", \"method\": ");
    client.close_stdin();
    let code = client.wait_exit();
    assert!(code.is_some(), "the server did not end");
    assert!(!client.stderr().contains("panicked"), "{}", client.stderr());
}

#[test]
fn a_panic_in_one_analysis_becomes_one_note_and_the_server_serves_on() {
    let dir = tempfile::tempdir().unwrap();
    let mut client = Client::spawn_with(dir, &[("SUGGESTGUARD_DEBUG_PANIC", "1")]);
    client
        .request(
            "initialize",
            json!({"processId": null, "rootUri": null, "capabilities": {}, "initializationOptions": {"debounceMs": 0}}),
        )
        .unwrap();
    client.notify("initialized", json!({}));
    client.open(OTHER, "python", 1, YAML);
    client.diagnostics(OTHER, 1);
    let text = format!("{YAML}# suggestguard-debug-panic\n");
    client.open(APP, "python", 1, &text);
    let diags = client.diagnostics(APP, 1);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0]["code"], "internal-error");
    assert_eq!(diags[0]["severity"], 3);
    std::thread::sleep(Duration::from_millis(100));
    let stderr = client.stderr();
    assert_eq!(
        stderr.matches("suggestguard-debug-panic").count(),
        1,
        "{stderr}"
    );
    // Fixing the file brings the findings back; other documents never noticed.
    client.change(APP, 2, ((5, 0), (6, 0)), "");
    assert_eq!(yaml_line(&client.diagnostics(APP, 2)), 4);
    assert!(client.is_running());
    assert_other_intact(&mut client, 2);
}
