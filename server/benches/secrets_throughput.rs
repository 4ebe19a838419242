//! Secret scanning throughput over a generated mixed corpus (code, YAML,
//! JSON, .env, with a few real-looking tokens), in MB/s, beside baselines
//! measured in the same run over the same bytes:
//!
//! - `lines`: counting lines (the cost of touching every byte once);
//! - `one regex`: a single compiled token pattern (what one format costs);
//! - `secrets`: every secret rule (all formats + generic names), text files;
//! - `secrets+tree`: Python files, string literals through a pre-parsed tree.
//!
//! Run: `cargo bench --bench secrets_throughput` (release profile).

use std::time::Instant;
use suggestguard::config::Config;
use suggestguard::engine::{Engine, Source};
use suggestguard::lang::Language;

/// A small deterministic generator, so every run scans the same corpus.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn token(&mut self, alphabet: &[u8], len: usize) -> String {
        (0..len)
            .map(|_| alphabet[(self.next() as usize) % alphabet.len()] as char)
            .collect()
    }
}

const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const HEX: &[u8] = b"0123456789abcdef";

/// One file of about `size` bytes of the given kind.
fn file(rng: &mut Lcg, kind: usize, size: usize) -> String {
    let mut out = String::with_capacity(size + 256);
    let mut i = 0;
    while out.len() < size {
        i += 1;
        if i % 400 == 0 {
            let token = format!("ghp_{}", rng.token(ALNUM, 36));
            out.push_str(&format!("GITHUB_TOKEN = \"{token}\"\n"));
            continue;
        }
        match kind {
            0 => out.push_str(&format!(
                "def handler_{i}(request, item):\n    logger.info(\"processing %s\", item)\n    url = \"https://api.internal/v1/items/{i}\"\n    return fetch(url, timeout=30)\n\n"
            )),
            1 => out.push_str(&format!(
                "  - name: service-{i}\n    image: registry.internal/app:{}\n    replicas: 3\n    env:\n      LOG_LEVEL: info\n",
                rng.token(HEX, 12)
            )),
            2 => out.push_str(&format!(
                "  {{\"id\": \"{}-{}-4{}-a{}-{}\", \"sha\": \"{}\", \"count\": {i}}},\n",
                rng.token(HEX, 8),
                rng.token(HEX, 4),
                rng.token(HEX, 3),
                rng.token(HEX, 3),
                rng.token(HEX, 12),
                rng.token(HEX, 40)
            )),
            _ => out.push_str(&format!(
                "PORT=80{}\nLOG_LEVEL=debug\nFEATURE_{i}_ENABLED=true\nPASSWORD_MIN_LENGTH=12\n",
                i % 10
            )),
        }
    }
    out
}

fn median(mut samples: Vec<f64>) -> f64 {
    samples.sort_by(|a, b| a.total_cmp(b));
    samples[samples.len() / 2]
}

/// MB/s of `run` over `files`, median of `rounds` runs.
fn measure(name: &str, files: &[String], rounds: usize, mut run: impl FnMut(&str) -> usize) {
    let bytes: usize = files.iter().map(String::len).sum();
    let mut rates = Vec::new();
    let mut found = 0;
    for _ in 0..rounds {
        let start = Instant::now();
        found = files.iter().map(|f| run(f)).sum();
        let secs = start.elapsed().as_secs_f64();
        rates.push(bytes as f64 / 1e6 / secs);
    }
    println!(
        "{name:<14} {:>9.1} MB/s  (median of {rounds}, {:.1} MB, {found} results)",
        median(rates),
        bytes as f64 / 1e6
    );
}

fn main() {
    let mut rng = Lcg(0x5eed);
    let files: Vec<String> = (0..256)
        .map(|i| file(&mut rng, i % 4, 128 * 1024))
        .collect();
    let python: Vec<String> = (0..32).map(|_| file(&mut rng, 0, 128 * 1024)).collect();
    let engine = Engine::builtin();
    let secrets = engine.secrets();
    let config = Config::default();
    let one = regex::bytes::Regex::new(r"\bghp_[A-Za-z0-9]{36}\b").unwrap();
    let rounds = 7;

    measure("lines", &files, rounds, |f| f.lines().count());
    measure("one regex", &files, rounds, |f| {
        one.find_iter(f.as_bytes()).count()
    });
    measure("formats only", &files, rounds, |f| secrets.find(f).len());
    measure("key/value", &files, rounds, |f| {
        suggestguard::engine::secrets::kv::pairs(f).len()
    });
    measure("secrets", &files, rounds, |f| {
        secrets
            .check(
                &Source {
                    text: f,
                    tree: None,
                    language: Language::Text,
                    path: None,
                },
                &config,
            )
            .len()
    });
    let trees: Vec<_> = python
        .iter()
        .map(|f| Language::Python.parse(f).unwrap())
        .collect();
    let mut next = 0;
    measure("secrets+tree", &python, rounds, |f| {
        let tree = &trees[next % trees.len()];
        next += 1;
        secrets
            .check(
                &Source {
                    text: f,
                    tree: Some(tree),
                    language: Language::Python,
                    path: None,
                },
                &config,
            )
            .len()
    });
}
