//! The editor set-ups that are not code: the snippets in docs/editors.md, the
//! LSP4IJ template in editors/jetbrains and the settings the VS Code extension
//! declares. Each must parse, start the real binary with a real subcommand, and
//! pass only settings the server accepts.

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;
use suggestguard::config::Config;
use suggestguard::lang::Language;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn json_file(path: &str) -> Value {
    serde_json::from_str(&read(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The settings are all accepted by the server.
fn assert_settings(settings: &Value, context: &str) {
    assert!(
        settings.is_object(),
        "{context}: settings must be an object, got {settings}"
    );
    let problems = Config::default().apply(settings);
    assert!(problems.is_empty(), "{context}: {problems:?}");
}

/// `program` is the binary and `args` a command line it accepts.
fn assert_command(program: &str, args: &[&str], context: &str) {
    let name = Path::new(program)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    assert!(
        name == "suggestguard" || name == "suggestguard.exe",
        "{context}: the program is `{program}`, not the suggestguard binary"
    );
    assert_eq!(args, ["lsp"], "{context}: the server is started with `lsp`");
    let status = Command::new(env!("CARGO_BIN_EXE_suggestguard"))
        .args(args)
        .arg("--help")
        .output()
        .expect("run suggestguard");
    assert!(
        status.status.success(),
        "{context}: `suggestguard {}` is not a command the binary knows",
        args.join(" ")
    );
}

fn strings(value: &Value) -> Vec<&str> {
    value
        .as_array()
        .unwrap_or_else(|| panic!("expected an array of strings, got {value}"))
        .iter()
        .map(|v| v.as_str().expect("a string"))
        .collect()
}

// ---------------------------------------------------------------------------
// docs/editors.md

struct Block {
    section: String,
    lang: String,
    code: String,
}

/// Fenced code blocks with the `##` heading they stand under.
fn doc_blocks() -> Vec<Block> {
    let text = read("docs/editors.md");
    let mut blocks = Vec::new();
    let mut section = String::new();
    let mut open: Option<(String, String)> = None;
    for line in text.lines() {
        if let Some((lang, code)) = open.as_mut() {
            if line.trim_start().starts_with("```") {
                blocks.push(Block {
                    section: section.clone(),
                    lang: lang.clone(),
                    code: std::mem::take(code),
                });
                open = None;
            } else {
                code.push_str(line);
                code.push('\n');
            }
        } else if let Some(fence) = line.trim_start().strip_prefix("```") {
            open = Some((fence.trim().to_owned(), String::new()));
        } else if let Some(heading) = line.strip_prefix("## ") {
            section = heading.trim().to_owned();
        }
    }
    assert!(
        open.is_none(),
        "docs/editors.md: a code block is not closed"
    );
    blocks
}

fn section<'a>(blocks: &'a [Block], name: &str) -> Vec<&'a Block> {
    let found: Vec<_> = blocks.iter().filter(|b| b.section == name).collect();
    assert!(
        !found.is_empty(),
        "docs/editors.md: no snippet under `## {name}`"
    );
    found
}

#[test]
fn every_snippet_parses_in_its_language() {
    let blocks = doc_blocks();
    let mut counted = 0;
    for b in &blocks {
        match b.lang.as_str() {
            "toml" => {
                toml::from_str::<toml::Table>(&b.code)
                    .unwrap_or_else(|e| panic!("{}: TOML: {e}\n{}", b.section, b.code));
            }
            "json" => {
                serde_json::from_str::<Value>(&b.code)
                    .unwrap_or_else(|e| panic!("{}: JSON: {e}\n{}", b.section, b.code));
            }
            "elisp" => {
                sexp::parse(&b.code)
                    .unwrap_or_else(|e| panic!("{}: Emacs Lisp: {e}\n{}", b.section, b.code));
            }
            other => panic!(
                "{}: a snippet in `{other}`, which this test cannot check",
                b.section
            ),
        }
        counted += 1;
    }
    assert_eq!(
        counted, 7,
        "docs/editors.md: the number of snippets changed; check them here"
    );
}

#[test]
fn helix_snippet() {
    let blocks = doc_blocks();
    let helix = section(&blocks, "Helix");
    let table: Value =
        serde_json::to_value(toml::from_str::<toml::Table>(&helix[0].code).unwrap()).unwrap();
    let server = &table["language-server"]["suggestguard"];
    let args = strings(&server["args"]);
    assert_command(server["command"].as_str().unwrap(), &args, "Helix");
    assert_settings(&server["config"], "Helix config");
    let languages = table["language"].as_array().expect("[[language]] entries");
    let names: Vec<_> = languages
        .iter()
        .map(|l| l["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["python", "rust", "toml"]);
    for l in languages {
        assert!(
            strings(&l["language-servers"]).contains(&"suggestguard"),
            "Helix: {l} does not run suggestguard"
        );
    }
}

#[test]
fn zed_snippets() {
    let blocks = doc_blocks();
    let zed = section(&blocks, "Zed");
    let manifest: Value =
        serde_json::to_value(toml::from_str::<toml::Table>(&zed[0].code).unwrap()).unwrap();
    assert_eq!(manifest["id"], "suggestguard");
    let languages = strings(&manifest["language_servers"]["suggestguard"]["languages"]);
    assert!(languages.contains(&"Python") && languages.contains(&"Rust"));

    let settings: Value = serde_json::from_str(&zed[1].code).unwrap();
    let lsp = &settings["lsp"]["suggestguard"];
    let args = strings(&lsp["binary"]["arguments"]);
    assert_command(lsp["binary"]["path"].as_str().unwrap(), &args, "Zed");
    assert_settings(&lsp["initialization_options"], "Zed initialization_options");
    assert_settings(&lsp["settings"], "Zed settings");
    assert!(
        lsp["settings"]["suggestguard"].is_object(),
        "Zed: settings under the section name"
    );
    for language in ["Python", "Rust"] {
        let servers = strings(&settings["languages"][language]["language_servers"]);
        assert!(servers.contains(&"suggestguard") && servers.contains(&"..."));
    }
}

#[test]
fn sublime_snippet() {
    let blocks = doc_blocks();
    let sublime = section(&blocks, "Sublime Text");
    let settings: Value = serde_json::from_str(&sublime[0].code).unwrap();
    let client = &settings["clients"]["suggestguard"];
    let command = strings(&client["command"]);
    assert_command(command[0], &command[1..], "Sublime Text");
    assert_settings(
        &client["initializationOptions"],
        "Sublime initializationOptions",
    );
    assert!(client["settings"]["suggestguard"].is_object());
    assert_settings(&client["settings"], "Sublime settings");
    let selector = client["selector"].as_str().unwrap();
    assert!(selector.contains("source.python") && selector.contains("source.rust"));
}

#[test]
fn kate_snippet() {
    let blocks = doc_blocks();
    let kate = section(&blocks, "Kate");
    let settings: Value = serde_json::from_str(&kate[0].code).unwrap();
    let servers = settings["servers"].as_object().expect("servers");
    assert_eq!(servers.len(), 2);
    for (language, server) in servers {
        let command = strings(&server["command"]);
        assert_command(command[0], &command[1..], &format!("Kate {language}"));
        assert_settings(
            &server["initializationOptions"],
            &format!("Kate {language}"),
        );
        let regex = regex::Regex::new(server["highlightingModeRegex"].as_str().unwrap()).unwrap();
        let mode = if language == "python" {
            "Python"
        } else {
            "Rust"
        };
        assert!(
            regex.is_match(mode),
            "Kate {language}: the mode regex misses {mode}"
        );
    }
}

#[test]
fn emacs_snippets() {
    let blocks = doc_blocks();
    for name in ["Emacs: eglot", "Emacs: lsp-mode"] {
        let code = &section(&blocks, name)[0].code;
        let forms = sexp::parse(code).unwrap();
        let mut commands = Vec::new();
        let mut settings = Vec::new();
        for form in &forms {
            sexp::walk(form, &mut |list| {
                for pair in list.windows(2) {
                    if let [sexp::Sexp::Str(a), sexp::Sexp::Str(b)] = pair {
                        if a == "suggestguard" {
                            commands.push(b.clone());
                        }
                    }
                    if let [sexp::Sexp::Atom(key), value] = pair {
                        let value = sexp::unwrap_value(value);
                        match key.as_str() {
                            ":initializationOptions" | ":initialization-options" => {
                                settings.push(sexp::to_json(value))
                            }
                            "eglot-workspace-configuration" => settings.push(sexp::to_json(value)),
                            _ => {}
                        }
                    }
                }
            });
        }
        assert_eq!(commands, ["lsp"], "{name}: the command line");
        assert_command("suggestguard", &["lsp"], name);
        assert!(!settings.is_empty(), "{name}: no settings found to check");
        for s in &settings {
            assert_settings(s, name);
        }
    }
}

// ---------------------------------------------------------------------------
// editors/jetbrains (LSP4IJ template)

#[test]
fn jetbrains_template() {
    let template = json_file("editors/jetbrains/suggestguard/template.json");
    assert_eq!(template["id"], "suggestguard");
    assert_eq!(template["name"], "suggestguard");
    let program_args = template["programArgs"].as_object().expect("programArgs");
    assert!(program_args.contains_key("default"));
    for (os, line) in program_args {
        assert!(
            ["default", "windows", "mac", "unix"].contains(&os.as_str()),
            "programArgs key {os}"
        );
        let words: Vec<_> = line.as_str().unwrap().split_whitespace().collect();
        assert_command(words[0], &words[1..], &format!("LSP4IJ programArgs.{os}"));
    }
    let mappings = template["fileTypeMappings"]
        .as_array()
        .expect("fileTypeMappings");
    let mut ids = Vec::new();
    for m in mappings {
        let patterns = strings(&m["fileType"]["patterns"]);
        assert!(!patterns.is_empty());
        let id = m["languageId"].as_str().expect("languageId");
        ids.push(id);
        // Source files get the id the server parses them with.
        for p in &patterns {
            let language = Language::from_path(Path::new(&p.replace('*', "x")));
            if language != Language::Text {
                assert_eq!(
                    Language::from_language_id(id),
                    Some(language),
                    "{p} -> {id}"
                );
            }
        }
    }
    assert!(ids.contains(&"python") && ids.contains(&"rust"));

    let init = json_file("editors/jetbrains/suggestguard/initializationOptions.json");
    assert_settings(&init, "LSP4IJ initializationOptions.json");
    let settings = json_file("editors/jetbrains/suggestguard/settings.json");
    assert!(
        settings["suggestguard"].is_object(),
        "settings.json holds the section `suggestguard`, which the server asks for"
    );
    assert_settings(&settings, "LSP4IJ settings.json");
    assert!(root()
        .join("editors/jetbrains/suggestguard/README.md")
        .is_file());
}

// ---------------------------------------------------------------------------
// editors/vscode/package.json

#[test]
fn vscode_settings_are_server_settings() {
    let package = json_file("editors/vscode/package.json");
    let properties = package["contributes"]["configuration"]["properties"]
        .as_object()
        .expect("contributes.configuration.properties");
    let client_only = ["enable", "path", "trace.server"];
    let mut sent = 0;
    for (name, schema) in properties {
        let key = name
            .strip_prefix("suggestguard.")
            .expect("suggestguard.* settings");
        assert!(
            schema
                .get("description")
                .or(schema.get("markdownDescription"))
                .is_some(),
            "{name} has no description"
        );
        if client_only.contains(&key) {
            continue;
        }
        sent += 1;
        assert_settings(
            &json!({ key: schema["default"] }),
            &format!("{name} default"),
        );
        for value in schema["enum"].as_array().into_iter().flatten() {
            assert_settings(&json!({ key: value }), &format!("{name} = {value}"));
        }
    }
    assert_eq!(sent, 7, "every server setting has a VS Code setting");
}

/// Just enough of an Emacs Lisp reader for configuration snippets.
mod sexp {
    use serde_json::{Map, Value};

    #[derive(Debug, Clone)]
    pub enum Sexp {
        List(Vec<Sexp>),
        Str(String),
        Atom(String),
        Quote(Box<Sexp>),
    }

    pub fn parse(text: &str) -> Result<Vec<Sexp>, String> {
        let chars: Vec<char> = text.chars().collect();
        let mut pos = 0;
        let mut forms = Vec::new();
        while skip_space(&chars, &mut pos) {
            forms.push(read(&chars, &mut pos)?);
        }
        Ok(forms)
    }

    /// Skip blanks and `;` comments; false at the end of input.
    fn skip_space(chars: &[char], pos: &mut usize) -> bool {
        while *pos < chars.len() {
            if chars[*pos].is_whitespace() {
                *pos += 1;
            } else if chars[*pos] == ';' {
                while *pos < chars.len() && chars[*pos] != '\n' {
                    *pos += 1;
                }
            } else {
                return true;
            }
        }
        false
    }

    fn read(chars: &[char], pos: &mut usize) -> Result<Sexp, String> {
        if !skip_space(chars, pos) {
            return Err("unexpected end of input: unbalanced parentheses".into());
        }
        match chars[*pos] {
            '(' => {
                *pos += 1;
                let mut items = Vec::new();
                loop {
                    if !skip_space(chars, pos) {
                        return Err("unclosed `(`".into());
                    }
                    if chars[*pos] == ')' {
                        *pos += 1;
                        return Ok(Sexp::List(items));
                    }
                    items.push(read(chars, pos)?);
                }
            }
            ')' => Err(format!("unexpected `)` at character {pos}")),
            '\'' => {
                *pos += 1;
                Ok(Sexp::Quote(Box::new(read(chars, pos)?)))
            }
            '"' => {
                *pos += 1;
                let mut s = String::new();
                while *pos < chars.len() && chars[*pos] != '"' {
                    if chars[*pos] == '\\' {
                        *pos += 1;
                    }
                    if let Some(c) = chars.get(*pos) {
                        s.push(*c);
                    }
                    *pos += 1;
                }
                if *pos >= chars.len() {
                    return Err("unclosed string".into());
                }
                *pos += 1;
                Ok(Sexp::Str(s))
            }
            '?' => {
                // A character literal: `?a`, `?\(`.
                let start = *pos;
                *pos += 1;
                if chars.get(*pos) == Some(&'\\') {
                    *pos += 1;
                }
                *pos = (*pos + 1).min(chars.len());
                Ok(Sexp::Atom(chars[start..*pos].iter().collect()))
            }
            _ => {
                let start = *pos;
                while *pos < chars.len()
                    && !chars[*pos].is_whitespace()
                    && !"()\"';".contains(chars[*pos])
                {
                    if chars[*pos] == '\\' {
                        *pos += 1; // `\(`: the next character is literal
                    }
                    *pos += 1;
                }
                Ok(Sexp::Atom(
                    chars[start..(*pos).min(chars.len())].iter().collect(),
                ))
            }
        }
    }

    /// Call `f` on every list, outermost first.
    pub fn walk(form: &Sexp, f: &mut dyn FnMut(&[Sexp])) {
        match form {
            Sexp::List(items) => {
                f(items);
                for item in items {
                    walk(item, f);
                }
            }
            Sexp::Quote(inner) => walk(inner, f),
            _ => {}
        }
    }

    /// The data a setting value stands for: unquoted, and `(lambda () X)` as X.
    pub fn unwrap_value(value: &Sexp) -> &Sexp {
        match value {
            Sexp::Quote(inner) => unwrap_value(inner),
            Sexp::List(items) if matches!(items.first(), Some(Sexp::Atom(a)) if a == "lambda") => {
                unwrap_value(items.last().unwrap_or(value))
            }
            _ => value,
        }
    }

    /// A plist as a JSON object, as LSP clients for Emacs encode it.
    pub fn to_json(value: &Sexp) -> Value {
        match value {
            Sexp::Str(s) => Value::String(s.clone()),
            Sexp::Atom(a) if a == "t" => Value::Bool(true),
            Sexp::Atom(a) if a == ":json-false" || a == "nil" => Value::Bool(false),
            Sexp::Atom(a) => a
                .parse::<i64>()
                .map(Value::from)
                .unwrap_or_else(|_| Value::String(a.clone())),
            Sexp::Quote(inner) => to_json(inner),
            Sexp::List(items) => {
                let plist = items.len() % 2 == 0
                    && items
                        .iter()
                        .step_by(2)
                        .all(|k| matches!(k, Sexp::Atom(a) if a.starts_with(':')));
                if plist && !items.is_empty() {
                    let mut map = Map::new();
                    for pair in items.chunks(2) {
                        if let Sexp::Atom(key) = &pair[0] {
                            map.insert(key[1..].to_owned(), to_json(&pair[1]));
                        }
                    }
                    Value::Object(map)
                } else {
                    Value::Array(items.iter().map(to_json).collect())
                }
            }
        }
    }

    #[test]
    fn reader_rejects_unbalanced_and_reads_plists() {
        assert!(parse("(a (b)").is_err());
        assert!(parse("(a))").is_err());
        assert!(parse("(a \"(\" ?\\( ; )\n)").is_ok());
        let forms = parse("'(:debounceMs 30 :rules (:py-yaml-load :json-false))").unwrap();
        assert_eq!(
            to_json(&forms[0]),
            serde_json::json!({"debounceMs": 30, "rules": {"py-yaml-load": false}})
        );
    }
}
