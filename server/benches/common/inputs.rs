//! The shared benchmark inputs (`../shared/tools/make_bench_inputs.py`),
//! generated into a temporary directory.

use std::path::{Path, PathBuf};

/// Generate the inputs for `seed` into a directory named after `bench`.
pub fn generate(bench: &str, seed: u32) -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tool = here.join("../shared/tools/make_bench_inputs.py");
    let out = std::env::temp_dir().join(format!("sg-{bench}-bench-{}-{seed}", std::process::id()));
    let status = std::process::Command::new("python3")
        .arg(&tool)
        .arg("--out")
        .arg(&out)
        .arg("--seed")
        .arg(seed.to_string())
        .stdout(std::process::Stdio::null())
        .status()
        .expect("python3 runs");
    assert!(status.success(), "{} failed", tool.display());
    out
}
