//! A minimal LSP client for tests: starts the real `suggestguard lsp` binary
//! and speaks JSON-RPC to it over stdio (framing by the `lsp-server` crate).

#![allow(dead_code)]

use lsp_server::{Message, Notification, Request, RequestId, Response};
use serde_json::{json, Value};
use std::io::BufReader;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

pub const TIMEOUT: Duration = Duration::from_secs(20);

pub struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    incoming: Receiver<Message>,
    /// Notifications received while waiting for something else.
    pending: Vec<Notification>,
    /// Methods of the requests the server sent to this client, in order.
    pub server_requests: Vec<String>,
    next_id: i32,
    /// Where the server keeps its per-user data (seen lessons) in this test.
    pub data_dir: tempfile::TempDir,
}

pub fn binary() -> &'static str {
    env!("CARGO_BIN_EXE_suggestguard")
}

impl Client {
    /// Start the server; nothing is sent yet.
    pub fn spawn() -> Client {
        Client::spawn_in(tempfile::tempdir().expect("temp data dir"))
    }

    /// Start the server with its per-user data in `data_dir`.
    pub fn spawn_in(data_dir: tempfile::TempDir) -> Client {
        Client::spawn_with(data_dir, &[])
    }

    /// Start the server with extra environment variables. Its standard error
    /// goes to a file in `data_dir` (see [`Client::stderr`]).
    pub fn spawn_with(data_dir: tempfile::TempDir, envs: &[(&str, &str)]) -> Client {
        let stderr = std::fs::File::create(data_dir.path().join("stderr.log")).expect("stderr log");
        let mut child = Command::new(binary())
            .arg("lsp")
            .env("SUGGESTGUARD_DATA_DIR", data_dir.path())
            .envs(envs.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .expect("start suggestguard lsp");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                match Message::read(&mut reader) {
                    Ok(Some(msg)) => {
                        if tx.send(msg).is_err() {
                            break;
                        }
                    }
                    // A frame this client cannot represent (a response with a
                    // null id, to a message the server could not parse): skip it.
                    Err(e) if e.kind() == std::io::ErrorKind::InvalidData => continue,
                    _ => break,
                }
            }
        });
        Client {
            stdin: child.stdin.take(),
            child,
            incoming: rx,
            pending: Vec::new(),
            server_requests: Vec::new(),
            next_id: 1,
            data_dir,
        }
    }

    /// Start the server and complete the `initialize` handshake.
    pub fn start(capabilities: Value, options: Value) -> (Client, Value) {
        Client::start_with(json!({
            "processId": null,
            "rootUri": null,
            "capabilities": capabilities,
            "initializationOptions": options,
        }))
    }

    /// Start the server with these `initialize` params and complete the handshake.
    pub fn start_with(params: Value) -> (Client, Value) {
        let mut client = Client::spawn();
        let result = client.request("initialize", params);
        let result = result.expect("initialize succeeds");
        client.notify("initialized", json!({}));
        (client, result)
    }

    /// A UTF-16 client that takes pushed diagnostics, with no debounce.
    pub fn start_default() -> Client {
        Client::start(json!({}), json!({"debounceMs": 0})).0
    }

    pub fn send(&mut self, msg: Message) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        msg.write(stdin).expect("write to server");
    }

    pub fn send_raw(&mut self, bytes: &[u8]) {
        use std::io::Write;
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(bytes).unwrap();
        stdin.flush().unwrap();
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(Message::Notification(Notification::new(
            method.to_owned(),
            params,
        )));
    }

    /// Send a request and wait for its response: `Ok(result)` or `Err(error)`.
    pub fn request(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        let id = self.send_request(method, params);
        self.response(id)
    }

    /// Requests from the server (e.g. workspace/configuration) get a null answer.
    fn answer_server_request(&mut self, r: Request) {
        self.server_requests.push(r.method.clone());
        let result = if r.method == "workspace/configuration" {
            json!([null])
        } else {
            Value::Null
        };
        self.send(Message::Response(Response::new_ok(r.id, result)));
    }

    fn next_message(&mut self, deadline: Instant) -> Option<Message> {
        let left = deadline.saturating_duration_since(Instant::now());
        self.incoming.recv_timeout(left).ok()
    }

    /// Wait until the server has sent a request `method` to this client.
    pub fn wait_for_server_request(&mut self, method: &str) -> bool {
        let deadline = Instant::now() + TIMEOUT;
        while Instant::now() < deadline {
            if self.server_requests.iter().any(|m| m == method) {
                return true;
            }
            self.try_wait_for("$/never", |_| false, Duration::from_millis(50));
        }
        false
    }

    /// Wait for a notification `method` whose params satisfy `pred`.
    pub fn wait_for(&mut self, method: &str, pred: impl Fn(&Value) -> bool) -> Value {
        self.try_wait_for(method, pred, TIMEOUT)
            .unwrap_or_else(|| panic!("no {method} notification matched within {TIMEOUT:?}"))
    }

    pub fn try_wait_for(
        &mut self,
        method: &str,
        pred: impl Fn(&Value) -> bool,
        timeout: Duration,
    ) -> Option<Value> {
        if let Some(i) = self
            .pending
            .iter()
            .position(|n| n.method == method && pred(&n.params))
        {
            return Some(self.pending.remove(i).params);
        }
        let deadline = Instant::now() + timeout;
        loop {
            match self.next_message(deadline)? {
                Message::Notification(n) if n.method == method && pred(&n.params) => {
                    return Some(n.params)
                }
                Message::Notification(n) => self.pending.push(n),
                Message::Request(r) => self.answer_server_request(r),
                Message::Response(_) => {}
            }
        }
    }

    /// The diagnostics published for `uri` at `version`.
    pub fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let params = self.wait_for("textDocument/publishDiagnostics", |p| {
            p["uri"] == uri && p["version"] == version
        });
        params["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    pub fn open(&mut self, uri: &str, language: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language, "version": version, "text": text}}),
        );
    }

    /// One incremental change: replace `range` ((line, character) pairs) with `text`.
    pub fn change(&mut self, uri: &str, version: i64, range: ((u32, u32), (u32, u32)), text: &str) {
        let ((sl, sc), (el, ec)) = range;
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{
                    "range": {"start": {"line": sl, "character": sc}, "end": {"line": el, "character": ec}},
                    "text": text
                }]
            }),
        );
    }

    /// Close stdin and wait for the process; its exit code.
    pub fn close_and_wait(mut self) -> Option<i32> {
        drop(self.stdin.take());
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.code();
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                return None;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// What the server wrote to standard error so far.
    pub fn stderr(&self) -> String {
        std::fs::read_to_string(self.data_dir.path().join("stderr.log")).unwrap_or_default()
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Send a request without waiting; its id.
    pub fn send_request(&mut self, method: &str, params: Value) -> i32 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(Message::Request(Request::new(
            RequestId::from(id),
            method.to_owned(),
            params,
        )));
        id
    }

    /// Wait for the response to request `id`: `Ok(result)` or `Err(error)`.
    pub fn response(&mut self, id: i32) -> Result<Value, Value> {
        self.response_within(id, TIMEOUT)
            .unwrap_or_else(|| panic!("no response to request {id} within {TIMEOUT:?}"))
    }

    /// The response to request `id`, or `None` when none came within `timeout`.
    pub fn response_within(&mut self, id: i32, timeout: Duration) -> Option<Result<Value, Value>> {
        let deadline = Instant::now() + timeout;
        loop {
            match self.next_message(deadline)? {
                Message::Response(Response {
                    id: rid,
                    result,
                    error,
                }) if rid == RequestId::from(id) => {
                    return Some(match error {
                        Some(e) => Err(serde_json::to_value(e).unwrap()),
                        None => Ok(result.unwrap_or(Value::Null)),
                    });
                }
                Message::Notification(n) => self.pending.push(n),
                Message::Request(r) => self.answer_server_request(r),
                Message::Response(_) => {}
            }
        }
    }

    /// Close standard input (the client vanishes) without waiting.
    pub fn close_stdin(&mut self) {
        drop(self.stdin.take());
    }

    /// Wait up to [`TIMEOUT`] for the process to end; its exit code.
    pub fn wait_exit(&mut self) -> Option<i32> {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.code();
            }
            if Instant::now() > deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Apply LSP text edits (UTF-16 positions) to `text`, as a client would.
pub fn apply_lsp_edits(text: &str, edits: &[Value]) -> String {
    let offset = |pos: &Value| -> usize {
        let line = pos["line"].as_u64().unwrap() as usize;
        let character = pos["character"].as_u64().unwrap() as usize;
        let mut start = 0;
        for (i, l) in text.split_inclusive('\n').enumerate() {
            if i == line {
                break;
            }
            start += l.len();
        }
        let mut units = 0;
        let mut byte = start;
        for ch in text[start..].chars() {
            if units >= character || ch == '\n' {
                break;
            }
            units += ch.len_utf16();
            byte += ch.len_utf8();
        }
        byte
    };
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_owned();
    for (s, e, t) in spans {
        out.replace_range(s..e, &t);
    }
    out
}

/// Every file below `dir`, sorted.
pub fn files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d)
            .expect("a readable directory")
            .flatten()
        {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Run git in `dir` (a temporary repository) as a throwaway identity; panics
/// when git fails.
pub fn git(dir: &std::path::Path, args: &[&str]) {
    let ok = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args(args)
        .output()
        .expect("git runs")
        .status
        .success();
    assert!(ok, "git {args:?}");
}
