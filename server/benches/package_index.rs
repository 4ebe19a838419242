//! Package index cost: load time, size, and the median cost of a lookup and of
//! a full verdict (lookup plus did-you-mean), beside a `HashSet` baseline.
//! Run with `cargo bench --bench package_index`.

use std::collections::HashSet;
use std::hint::black_box;
use std::time::Instant;
use suggestguard::index::{verdict, Ecosystem, PackageIndex};

fn median_ns(mut f: impl FnMut(), rounds: usize) -> f64 {
    let mut samples: Vec<f64> = (0..rounds)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_nanos() as f64
        })
        .collect();
    samples.sort_by(|a, b| a.partial_cmp(b).unwrap());
    samples[samples.len() / 2]
}

fn main() {
    let t = Instant::now();
    let index = PackageIndex::embedded();
    let load = t.elapsed();
    let names = [
        "requests",
        "numpy",
        "flask-security-too",
        "zope-interface",
        "pyyaml",
    ];
    let baseline: HashSet<&str> = names.iter().copied().collect();
    let missing = ["flask-jwt-authlib", "reqeusts", "django-secure-auth-utils"];
    // Warm the side tables so the figures are steady-state per-edit costs.
    for n in missing {
        black_box(verdict::judge(&index, Ecosystem::PyPI, n));
    }
    let lookup = median_ns(
        || {
            for n in names {
                black_box(index.pypi.get(black_box(n)));
            }
        },
        2001,
    ) / names.len() as f64;
    let base = median_ns(
        || {
            for n in names {
                black_box(baseline.contains(black_box(n)));
            }
        },
        2001,
    ) / names.len() as f64;
    let judge_known = median_ns(
        || {
            for n in names {
                black_box(verdict::judge(&index, Ecosystem::PyPI, black_box(n)));
            }
        },
        501,
    ) / names.len() as f64;
    let judge_missing = median_ns(
        || {
            for n in missing {
                black_box(verdict::judge(&index, Ecosystem::PyPI, black_box(n)));
            }
        },
        201,
    ) / missing.len() as f64;
    let crates = ["serde-json", "tokio", "rust-crypto-utils", "serde-jsn"];
    let judge_crates = median_ns(
        || {
            for n in crates {
                black_box(verdict::judge(&index, Ecosystem::Crates, black_box(n)));
            }
        },
        201,
    ) / crates.len() as f64;
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/index");
    let size: u64 = std::fs::read_dir(&dir)
        .map(|d| {
            d.flatten()
                .filter_map(|e| e.metadata().ok())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0);
    println!("index files (data/index): {:.1} MB", size as f64 / 1e6);
    println!(
        "load (embedded, parse headers): {:.3} ms",
        load.as_secs_f64() * 1e3
    );
    println!("lookup, known Python name (median): {:.0} ns   [baseline HashSet<&str>::contains: {:.0} ns]", lookup, base);
    println!("verdict, known Python name (median): {:.0} ns", judge_known);
    println!(
        "verdict, missing Python name incl. did-you-mean (median): {:.1} us",
        judge_missing / 1e3
    );
    println!(
        "verdict, crates mix incl. did-you-mean (median): {:.1} us",
        judge_crates / 1e3
    );
}
