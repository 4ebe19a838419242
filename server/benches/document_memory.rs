//! Memory per open document, against the budget "four times the text plus
//! the tree": opens several generated 5,000- and 20,000-line documents the
//! way the language server holds them when it pushes diagnostics (the
//! document with its rope and parser, an analysis through the shared
//! per-segment caches, the published findings) and reports, per document, the
//! text, the tree and everything else ("rest", split by the step that kept
//! it), and what the converted diagnostics would add for a client that pulls
//! them. Every document of a kind
//! has different text (inputs generated with different seeds), so the caches
//! cannot share entries between them.
//!
//! Run: `cargo bench --bench document_memory` (needs python3 and
//! `../shared/tools/make_bench_inputs.py`, as `server/benches/lsp_latency.py`).
//!
//! Rust's allocations are counted by a wrapping allocator; tree-sitter's are
//! the rest of what glibc's `mallinfo2` reports in use.

#[path = "common/inputs.rs"]
mod inputs;

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicIsize, Ordering};
use suggestguard::config::Config;
use suggestguard::document::Document;
use suggestguard::engine::{Engine, Source};
use suggestguard::finding::Finding;
use suggestguard::lang::Language;
use suggestguard::lsp::convert;
use suggestguard::lsp::position::Encoding;
use tower_lsp_server::lsp_types::{Diagnostic, Uri};

/// Bytes currently allocated through Rust's allocator.
static RUST_LIVE: AtomicIsize = AtomicIsize::new(0);

struct Counting;

// SAFETY: every call is forwarded unchanged to the system allocator.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        RUST_LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        RUST_LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        RUST_LIVE.fetch_add(
            new_size as isize - layout.size() as isize,
            Ordering::Relaxed,
        );
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// (Rust bytes, all malloc bytes) in use now.
fn in_use() -> (isize, isize) {
    // SAFETY: mallinfo2 only reads the allocator's statistics.
    let all = unsafe { libc::mallinfo2() }.uordblks as isize;
    (RUST_LIVE.load(Ordering::Relaxed), all)
}

/// What the server keeps for one open document when it pushes diagnostics:
/// the document (rope, tree, parser) and the published findings.
#[allow(dead_code)] // held only to be measured
struct Held {
    doc: Document,
    findings: Vec<Finding>,
}

/// Rust bytes each step of opening a document kept: the document at rest
/// (rope and parser; the flat copy of the text the parse made goes with the
/// analysis), the analysis (shared per-segment caches and the findings); and
/// what converting the findings to diagnostics would keep, which the server
/// does only for clients that pull diagnostics (not part of "rest").
#[derive(Default, Clone, Copy)]
struct Steps {
    document: isize,
    analysis: isize,
    pulled: isize,
}

fn open(path: &Path, language: Language) -> (Held, Steps) {
    let text = std::fs::read_to_string(path).expect("generated input");
    let start = in_use().0;
    let mut doc = Document::new(&text, language, 1, Some(path.to_owned()));
    let snapshot = doc.snapshot().expect("parsed");
    let parsed = in_use().0 - snapshot.text.len() as isize;
    let source = Source {
        text: &snapshot.text,
        tree: snapshot.tree.as_ref(),
        language,
        path: snapshot.path.as_deref(),
    };
    let engine = Engine::builtin();
    let findings = engine.analyze(&source, &Config::default());
    let uri: Uri = format!("file://{}", path.display()).parse().expect("uri");
    let before_conversion = in_use().0;
    let diagnostics: Vec<Diagnostic> = findings
        .iter()
        .map(|f| {
            convert::diagnostic(
                f,
                None,
                &uri,
                &snapshot.rope,
                Encoding::Utf16,
                engine.rules(),
            )
        })
        .collect();
    let pulled = in_use().0 - before_conversion;
    drop(diagnostics);
    drop(snapshot);
    let analysed = in_use().0;
    let steps = Steps {
        document: parsed - start,
        analysis: analysed - parsed,
        pulled,
    };
    (Held { doc, findings }, steps)
}

fn generate(seed: u32) -> PathBuf {
    inputs::generate("memory", seed)
}

fn mb(bytes: isize) -> f64 {
    bytes as f64 / 1e6
}

fn main() {
    const DOCUMENTS: u32 = 8;
    // Seed 0 opens a first document of each kind unmeasured: what the first
    // one loads (compiled rules, the package index) is per process.
    let dirs: Vec<PathBuf> = (0..=DOCUMENTS).map(generate).collect();
    println!("| input | documents | text | tree and parser | rest | rest / text | rest: document | rest: analysis | diagnostics if pulled |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (name, language) in [
        ("py_5k.py", Language::Python),
        ("rs_5k.rs", Language::Rust),
        ("py_20k.py", Language::Python),
    ] {
        let mut held = Vec::new();
        let mut text = 0isize;
        let mut rust = 0isize;
        let mut all = 0isize;
        let mut steps = Steps::default();
        drop(open(&dirs[0].join(name), language));
        for dir in &dirs[1..] {
            let path = dir.join(name);
            text += std::fs::metadata(&path).map_or(0, |m| m.len() as isize);
            let before = in_use();
            let (kept, step) = open(&path, language);
            held.push(kept);
            let after = in_use();
            steps.document += step.document;
            steps.analysis += step.analysis;
            steps.pulled += step.pulled;
            rust += after.0 - before.0;
            all += after.1 - before.1;
        }
        let n = held.len() as isize;
        let tree = all - rust;
        println!(
            "| {name} | {n} | {:.2} MB | {:.2} MB | {:.2} MB | {:.1} | {:.2} MB | {:.2} MB | {:.2} MB |",
            mb(text / n),
            mb(tree / n),
            mb(rust / n),
            rust as f64 / text as f64,
            mb(steps.document / n),
            mb(steps.analysis / n),
            mb(steps.pulled / n),
        );
        drop(held);
        Engine::builtin().clear_caches();
    }
    for dir in dirs {
        let _ = std::fs::remove_dir_all(dir);
    }
}
