//! The Rust adapter of the taint engine: handler extractors, command-line
//! and stdin sources, helper functions in the same file, sanitizers and
//! guards, on small AI-style snippets.

use suggestguard::config::Config;
use suggestguard::engine::analyze_text;
use suggestguard::finding::Finding;
use suggestguard::lang::Language;

/// The taint rules alone: the pattern rules they extend would win the
/// per-line de-duplication where both fire.
fn analyze(src: &str) -> Vec<Finding> {
    let mut config = Config::default();
    for rule in [
        "rs-path-traversal",
        "rs-ssrf",
        "rs-command-tainted-program",
        "rs-regex-injection",
    ] {
        config.rules.insert(rule.to_owned(), false);
    }
    analyze_text(src, Language::Rust, None, &config)
}

fn line_of(src: &str, offset: usize) -> usize {
    src[..offset].matches('\n').count() + 1
}

/// Lines of the findings of `rule`.
fn lines(src: &str, rule: &str) -> Vec<usize> {
    analyze(src)
        .iter()
        .filter(|f| f.rule_id == rule)
        .map(|f| line_of(src, f.range.start))
        .collect()
}

/// The 1-based line holding `marker`.
fn line_with(src: &str, marker: &str) -> usize {
    src.lines()
        .position(|l| l.contains(marker))
        .map(|i| i + 1)
        .expect("marker present")
}

#[test]
fn helper_functions_are_followed_from_handlers() {
    // Reported on the helper's line that uses the data (`// SINK`).
    let cases = [
        (
            "rs-path-traversal-flow",
            "use axum::extract::Query;\nuse std::collections::HashMap;\n\nfn load(p: &str) -> String {\n    std::fs::read_to_string(p).unwrap_or_default() // SINK\n}\n\nasync fn h(Query(q): Query<HashMap<String, String>>) -> String {\n    let name = q.get(\"f\").cloned().unwrap_or_default();\n    let path = format!(\"data/{name}\");\n    load(&path)\n}\n",
        ),
        (
            "rs-ssrf-flow",
            "use actix_web::{web, HttpResponse};\n\nasync fn get_body(u: String) -> String {\n    reqwest::get(&u).await.unwrap().text().await.unwrap() // SINK\n}\n\nasync fn proxy(q: web::Query<Params>) -> HttpResponse {\n    let target = q.url.clone();\n    let body = get_body(target).await;\n    HttpResponse::Ok().body(body)\n}\n",
        ),
        (
            "rs-command-flow",
            "use std::process::Command;\nuse std::io::{self, BufRead};\n\nfn spawn(p: String) {\n    Command::new(p).status().ok(); // SINK\n}\n\nfn main() {\n    let mut line = String::new();\n    io::stdin().read_line(&mut line).unwrap();\n    let prog = line.trim().to_string();\n    spawn(prog);\n}\n",
        ),
        (
            "rs-regex-injection-flow",
            "use regex::Regex;\n\nstruct Search;\n\nimpl Search {\n    fn compile(p: &str) -> Regex {\n        Regex::new(p).unwrap() // SINK\n    }\n}\n\n#[rocket::get(\"/s?<q>\")]\nfn search(q: String) -> String {\n    let pattern = format!(\"^{q}\");\n    Self::compile(&pattern).to_string()\n}\n",
        ),
    ];
    for (rule, src) in cases {
        assert_eq!(
            lines(src, rule),
            vec![line_with(src, "// SINK")],
            "{rule}:\n{src}"
        );
    }
}

#[test]
fn findings_explain_where_the_data_came_from() {
    let src = "use axum::extract::Path;\n\nfn open_it(p: &str) {\n    let _ = std::fs::File::open(p);\n}\n\nasync fn h(Path(name): Path<String>) {\n    let full = format!(\"/srv/{}\", name);\n    open_it(&full);\n}\n";
    let f = analyze(src)
        .into_iter()
        .find(|f| f.rule_id == "rs-path-traversal-flow")
        .expect("a finding");
    // Reported on the helper's line that opens the file.
    assert_eq!(line_of(src, f.range.start), 4);
    let related: Vec<usize> = f
        .related
        .iter()
        .map(|r| line_of(src, r.range.start))
        .collect();
    assert_eq!(related.first(), Some(&7), "source first: {:?}", f.related);
    assert!(
        related.contains(&9),
        "the call that passes the path to the helper: {:?}",
        f.related
    );
    assert!(
        related.contains(&8),
        "the step through `full`: {:?}",
        f.related
    );
}

#[test]
fn extractors_and_command_line_sources() {
    let cases = [
        // axum Json body, field access.
        "use axum::Json;\nasync fn h(Json(body): Json<Req>) {\n    std::fs::remove_file(&body.path).ok(); // SINK\n}\n",
        // actix Path, identifier pattern.
        "use actix_web::web;\nasync fn h(p: web::Path<String>) -> String {\n    std::fs::read_to_string(p.into_inner()).unwrap() // SINK\n}\n",
        // A String body in a handler that also takes an extractor.
        "use axum::extract::Query;\nasync fn h(Query(_q): Query<Params>, body: String) {\n    tokio::fs::write(body.trim(), b\"x\").await.ok(); // SINK\n}\n",
        // Command-line arguments, through `match` and `if let`.
        "fn main() {\n    let args: Vec<String> = std::env::args().collect();\n    let target = match args.get(1) {\n        Some(t) => t.clone(),\n        None => return,\n    };\n    if let Ok(text) = std::fs::read_to_string(&target) { // SINK\n        println!(\"{text}\");\n    }\n}\n",
        // clap derive.
        "use clap::Parser;\n#[derive(Parser)]\nstruct Cli { file: String }\nfn main() {\n    let cli = Cli::parse();\n    let mut p = String::from(\"/data/\");\n    p.push_str(&cli.file);\n    std::fs::remove_file(p).unwrap(); // SINK\n}\n",
    ];
    for src in cases {
        assert_eq!(
            lines(src, "rs-path-traversal-flow"),
            vec![line_with(src, "// SINK")],
            "{src}"
        );
    }
}

#[test]
fn sanitizers_and_checks_clear_the_taint() {
    let cases = [
        // file_name() keeps only the last component.
        "use axum::extract::Path;\nfn load(p: &std::path::Path) { let _ = std::fs::read(p); }\nasync fn h(Path(name): Path<String>) {\n    let Some(file) = std::path::Path::new(&name).file_name() else { return };\n    load(std::path::Path::new(file));\n}\n",
        // canonicalize + starts_with guard.
        "use axum::extract::Path;\nasync fn h(Path(name): Path<String>) {\n    let base = std::fs::canonicalize(\"/srv\").unwrap();\n    let full = std::fs::canonicalize(base.join(&name)).unwrap();\n    if !full.starts_with(&base) {\n        return;\n    }\n    let _ = std::fs::read(&full);\n}\n",
        // `..` rejected.
        "use axum::extract::Path;\nasync fn h(Path(name): Path<String>) {\n    if name.contains(\"..\") {\n        return;\n    }\n    let _ = std::fs::read(format!(\"/srv/{name}\"));\n}\n",
        // Numbers carry no path.
        "fn main() {\n    let n = std::env::args().nth(1).unwrap().parse::<u32>().unwrap();\n    let _ = std::fs::read(format!(\"/srv/{n}.txt\"));\n}\n",
        // A numeric extractor.
        "use axum::extract::Path;\nasync fn h(Path(id): Path<u64>) {\n    let _ = std::fs::read(format!(\"/srv/{id}.json\"));\n}\n",
        // An allow-list.
        "use axum::extract::Path;\nconst FILES: [&str; 2] = [\"a.txt\", \"b.txt\"];\nasync fn h(Path(name): Path<String>) {\n    if !FILES.contains(&name.as_str()) {\n        return;\n    }\n    let _ = std::fs::read(&name);\n}\n",
        // Environment configuration is not a path-traversal source.
        "fn main() {\n    let dir = std::env::var(\"DATA_DIR\").unwrap();\n    let _ = std::fs::read_dir(dir);\n}\n",
        // The helper gets a constant.
        "fn load(p: &str) { let _ = std::fs::read(p); }\nfn main() {\n    let _args: Vec<String> = std::env::args().collect();\n    load(\"/etc/app.toml\");\n}\n",
    ];
    for src in cases {
        assert!(
            lines(src, "rs-path-traversal-flow").is_empty(),
            "should stay silent:\n{src}\n{:?}",
            analyze(src)
        );
    }
}

#[test]
fn fixed_hosts_are_not_request_forgery() {
    let src = "use axum::extract::Path;\nasync fn h(Path(user): Path<String>) {\n    let client = reqwest::Client::new();\n    let url = format!(\"https://api.github.com/users/{}/repos\", user);\n    client.get(url).send().await.ok();\n}\n";
    assert!(lines(src, "rs-ssrf-flow").is_empty(), "{:?}", analyze(src));
    let open = src.replace("https://api.github.com/users/{}/repos", "{}");
    assert_eq!(lines(&open, "rs-ssrf-flow"), vec![5], "{open}");
}

#[test]
fn program_allow_list_and_regex_escape_stay_silent() {
    let cmd = "use std::process::Command;\nfn run(p: &str) { Command::new(p).status().ok(); }\nfn main() {\n    let a = std::env::args().nth(1).unwrap_or_default();\n    let prog = match a.as_str() {\n        \"fmt\" => \"rustfmt\",\n        _ => return,\n    };\n    run(prog);\n}\n";
    assert!(
        lines(cmd, "rs-command-flow").is_empty(),
        "{:?}",
        analyze(cmd)
    );
    let re = "use axum::extract::Query;\nuse regex::Regex;\nfn m(p: &str) -> bool { Regex::new(p).is_ok() }\nasync fn h(Query(q): Query<Params>) -> String {\n    m(&regex::escape(&q.text)).to_string()\n}\n";
    assert!(
        lines(re, "rs-regex-injection-flow").is_empty(),
        "{:?}",
        analyze(re)
    );
}

#[test]
fn warp_handler_parameters_are_request_data() {
    let flows = [
        (
            "rs-path-traversal-flow",
            "use warp::Filter;\n\nfn remove(p: &str) {\n    std::fs::remove_file(p).ok(); // SINK\n}\n\nasync fn delete(user: String, file: String, store: Store) -> Result<impl warp::Reply, warp::Rejection> {\n    let target = format!(\"{}/{}/{}\", store.base, user, file);\n    remove(&target);\n    Ok(warp::reply())\n}\n",
        ),
        (
            "rs-ssrf-flow",
            "use warp::{Filter, Rejection, Reply};\n\nasync fn fetch(u: &str) -> String {\n    reqwest::get(u).await.unwrap().text().await.unwrap() // SINK\n}\n\nasync fn preview(q: std::collections::HashMap<String, String>) -> Result<impl Reply, Rejection> {\n    let body = fetch(&q[\"url\"]).await;\n    Ok(body)\n}\n",
        ),
    ];
    for (rule, src) in flows {
        assert_eq!(
            lines(src, rule),
            vec![line_with(src, "// SINK")],
            "{rule}:\n{src}"
        );
    }
    // State injected by a filter, numbers, and functions that are not handlers.
    let silent = [
        "use warp::Filter;\n\nfn remove(p: &str) {\n    std::fs::remove_file(p).ok();\n}\n\nasync fn purge(id: u64, store: Store) -> Result<impl warp::Reply, warp::Rejection> {\n    remove(&format!(\"{}/{}\", store.base, id));\n    Ok(warp::reply())\n}\n",
        "fn remove(p: &str) {\n    std::fs::remove_file(p).ok();\n}\n\nasync fn cleanup(dir: String) -> std::io::Result<()> {\n    remove(&dir);\n    Ok(())\n}\n",
    ];
    for src in silent {
        assert!(
            !analyze(src).iter().any(|f| f.rule_id.ends_with("-flow")),
            "{src}"
        );
    }
}
