//! Edit-to-findings latency of the engine, without the protocol: a generated
//! 5,000- and 20,000-line Python and Rust file, single-character edits and
//! 30-line pastes, each followed by the incremental reparse and a full
//! analysis. Prints median and p99 beside the reparse-only baseline measured
//! in the same run.
//!
//! Run: `cargo bench --bench edit_latency` (release build).

use std::time::{Duration, Instant};
use suggestguard::config::Config;
use suggestguard::document::Document;
use suggestguard::engine::patterns::PatternSet;
use suggestguard::engine::taint::{python, TaintSet};
use suggestguard::engine::{Engine, Source};
use suggestguard::lang::Language;
use suggestguard::rules::RuleLanguage;

/// A deterministic pseudo-random sequence (no dependency needed for a bench).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn python_function(i: usize) -> String {
    let body = match i % 8 {
        0 => format!("    cmd = f\"ls {{path}}/{i}\"\n    return subprocess.run(cmd, shell=True)\n"),
        1 => format!("    query = \"SELECT * FROM t{i} WHERE id = %s\" % item_id\n    return db.execute(query)\n"),
        2 => "    return yaml.load(stream)\n".to_owned(),
        _ => format!(
            "    total = 0\n    for value in values_{i}:\n        if value > {i}:\n            total += value * 2\n    return total\n"
        ),
    };
    format!("\n\ndef handle_record_{i}(path, item_id, stream, values_{i}):\n    \"\"\"Process record {i}.\"\"\"\n{body}")
}

fn rust_function(i: usize) -> String {
    let body = match i % 8 {
        0 => format!("    let q = format!(\"SELECT * FROM t{i} WHERE id = {{}}\", id);\n    conn.execute(&q, []).unwrap();\n"),
        1 => "    let out = Command::new(\"sh\").arg(\"-c\").arg(format!(\"ls {}\", id)).output();\n".to_owned(),
        _ => format!(
            "    let mut total = 0u64;\n    for value in values.iter() {{\n        if *value > {i} {{\n            total += value * 2;\n        }}\n    }}\n    println!(\"{{}}\", total);\n"
        ),
    };
    format!("\npub fn handle_record_{i}(conn: &Connection, id: u64, values: &[u64]) {{\n{body}}}\n")
}

/// Taint-heavy Python: route handlers reading request data, helpers called
/// with it, string building, branches, loops, comprehensions and sinks.
fn python_taint_block(i: usize) -> String {
    format!(
        r#"

def load_rows_{i}(conn, table, limit):
    sql = f"SELECT id, name FROM {{table}} LIMIT {{limit}}"
    rows = []
    for row in conn.execute(sql):
        rows.append({{"id": row[0], "name": row[1].strip()}})
    return rows


def run_tool_{i}(args):
    cmd = "tool --mode fast " + " ".join(args)
    return subprocess.run(cmd, shell=True, capture_output=True).stdout


@app.route("/items/{i}", methods=["GET", "POST"])
def items_{i}():
    name = request.args.get("name", "")
    page = int(request.args.get("page", "1"))
    sort = request.args.get("sort", "id")
    if sort not in ALLOWED_SORTS:
        abort(400)
    conn = sqlite3.connect("app.db")
    query = "SELECT * FROM items WHERE name = '" + name + "' ORDER BY " + sort
    cur = conn.cursor()
    cur.execute(query)
    result = [r for r in cur.fetchall() if r]
    total = len(result)
    if request.method == "POST":
        payload = request.get_json() or {{}}
        title = payload.get("title", "untitled").lower()
        path = os.path.join(UPLOADS, title)
        with open(path, "w") as fh:
            fh.write(json.dumps(result))
        run_tool_{i}([title, str(page)])
    logger.info("listed %d items", total)
    return jsonify(items=result, page=page, rows=load_rows_{i}(conn, "items", page))
"#
    )
}

/// Python written the way the taint engine works hardest.
const TAINT_HEADER: &str = "import json\nimport os\nimport sqlite3\nimport subprocess\nimport logging\n\
    from flask import Flask, request, jsonify, abort\n\napp = Flask(__name__)\n\
    logger = logging.getLogger(__name__)\nUPLOADS = \"/srv/uploads\"\nALLOWED_SORTS = {\"id\", \"name\"}\n";

fn generate_taint(lines: usize) -> String {
    let mut text = TAINT_HEADER.to_owned();
    let mut i = 0;
    while text.lines().count() < lines {
        text.push_str(&python_taint_block(i));
        i += 1;
    }
    text
}

fn generate(lang: Language, lines: usize) -> String {
    let mut text = match lang {
        Language::Python => "import subprocess\nimport yaml\n".to_owned(),
        _ => "use std::process::Command;\n".to_owned(),
    };
    let mut i = 0;
    while text.lines().count() < lines {
        text.push_str(&match lang {
            Language::Python => python_function(i),
            _ => rust_function(i),
        });
        i += 1;
    }
    text
}

fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort();
    let idx = ((samples.len() as f64 - 1.0) * p).round() as usize;
    samples[idx]
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

/// Where to edit: the start of an identifier inside a function body, so the
/// file stays valid (the common case while typing).
fn edit_points(text: &str) -> Vec<usize> {
    text.match_indices("total").map(|(i, _)| i + 2).collect()
}

fn run(lang: Language, lines: usize, paste: bool) {
    run_on(lang, lines, paste, false);
}

/// One scenario; `taint` selects the taint-heavy Python workload.
fn run_on(lang: Language, lines: usize, paste: bool, taint: bool) {
    let make = |n: usize| {
        if taint {
            generate_taint(n)
        } else {
            generate(lang, n)
        }
    };
    let text = make(lines);
    let mut doc = Document::new(&text, lang, 1, None);
    let engine = Engine::builtin();
    let config = Config::default();
    let mut rng = Lcg(42);
    let mut reparse = Vec::new();
    let mut total = Vec::new();
    let mut gave_up = 0;
    let snippet = make(30);
    let starts = match lang {
        Language::Python => "\ndef ",
        _ => "\npub fn ",
    };
    for version in 2..=202 {
        let current = doc.rope().to_string();
        let points: Vec<usize> = if paste {
            // Pastes land between functions, as accepted suggestions do.
            current.match_indices(starts).map(|(i, _)| i + 1).collect()
        } else {
            edit_points(&current)
        };
        let at = points[rng.below(points.len())];
        let started = Instant::now();
        if paste {
            doc.edit(at..at, &snippet).unwrap();
        } else {
            doc.edit(at..at, "x").unwrap();
        }
        doc.reparse();
        let parsed = started.elapsed();
        let Some(snap) = doc.snapshot() else {
            gave_up += 1;
            continue;
        };
        let findings = engine.analyze(
            &Source {
                text: &snap.text,
                tree: snap.tree.as_ref(),
                language: lang,
                path: None,
            },
            &config,
        );
        std::hint::black_box(findings);
        total.push(started.elapsed());
        reparse.push(parsed);
        doc.set_version(version);
        if paste {
            // Keep the file size steady: undo the paste.
            doc.edit(at..at + snippet.len(), "").unwrap();
            doc.reparse();
        }
    }
    if gave_up > 0 {
        println!("  ({gave_up} reparses exceeded the parse budget and were skipped)");
    }
    println!(
        "{:<8} {:>6} lines  {:<6}  reparse only: median {:>7} ms  p99 {:>7} ms  |  reparse + analysis: median {:>7} ms  p99 {:>7} ms",
        if taint { "py-taint" } else { lang.name() },
        lines,
        if paste { "paste" } else { "char" },
        ms(percentile(&mut reparse, 0.5)),
        ms(percentile(&mut reparse, 0.99)),
        ms(percentile(&mut total, 0.5)),
        ms(percentile(&mut total, 0.99)),
    );
}

fn main() {
    // `cargo test` runs benches with --bench absent; keep that fast.
    if std::env::args().any(|a| a == "--test") {
        run(Language::Python, 200, false);
        return;
    }
    println!("edit-to-findings latency, 200 edits each (engine only, no protocol)");
    // `SUGGESTGUARD_BENCH=py-taint` runs only the taint-heavy Python part.
    let only_taint = std::env::var("SUGGESTGUARD_BENCH").is_ok_and(|v| v.starts_with("py-taint"));
    for lang in [Language::Python, Language::Rust] {
        if only_taint {
            break;
        }
        for lines in [5_000, 20_000] {
            run(lang, lines, false);
            run(lang, lines, true);
        }
    }
    // `SUGGESTGUARD_BENCH=py-taint-full` skips the edit loops.
    let full_only = std::env::var("SUGGESTGUARD_BENCH").is_ok_and(|v| v == "py-taint-full");
    for lines in [5_000, 20_000] {
        if full_only {
            break;
        }
        run_on(Language::Python, lines, false, true);
        run_on(Language::Python, lines, true, true);
    }
    println!("\nwhole-file analysis of the taint-heavy Python file (open, scan)");
    for lines in [5_000, 20_000] {
        full_analysis(lines);
    }
}

/// Parse from scratch, then analyse the parsed tree: the cost of opening or
/// scanning a file, with parsing as the baseline.
fn full_analysis(lines: usize) {
    let text = generate_taint(lines);
    let engine = Engine::builtin();
    let config = Config::default();
    let rules = engine.rules();
    let taint = TaintSet::compile(rules, RuleLanguage::Python, "python");
    let (patterns, _) = PatternSet::compile(rules, Language::Python);
    let mut parse = Vec::new();
    let mut analysis = Vec::new();
    let mut taint_only = Vec::new();
    let mut patterns_only = Vec::new();
    let mut findings = 0;
    for _ in 0..21 {
        let started = Instant::now();
        let tree = Language::Python.parse(&text);
        parse.push(started.elapsed());
        let started = Instant::now();
        let found = engine.analyze(
            &Source {
                text: &text,
                tree: tree.as_ref(),
                language: Language::Python,
                path: None,
            },
            &config,
        );
        analysis.push(started.elapsed());
        findings = found.len();
        if let Some(tree) = &tree {
            let started = Instant::now();
            std::hint::black_box(python::analyze(&taint, tree, &text));
            taint_only.push(started.elapsed());
            let started = Instant::now();
            std::hint::black_box(patterns.run(tree, &text, 0..usize::MAX));
            patterns_only.push(started.elapsed());
        }
    }
    println!(
        "py-taint {:>6} lines ({} KB, {findings} findings)  parse: median {:>7} ms  p99 {:>7} ms  |  analysis: median {:>7} ms  p99 {:>7} ms",
        lines,
        text.len() / 1024,
        ms(percentile(&mut parse, 0.5)),
        ms(percentile(&mut parse, 0.99)),
        ms(percentile(&mut analysis, 0.5)),
        ms(percentile(&mut analysis, 0.99)),
    );
    println!(
        "         of which taint: median {:>7} ms, pattern rules: median {:>7} ms",
        ms(percentile(&mut taint_only, 0.5)),
        ms(percentile(&mut patterns_only, 0.5)),
    );
}
