#!/usr/bin/env python3
"""Throughput of `suggestguard scan` on a large generated tree, beside Bandit.

Generates a deterministic tree of mixed code and configuration (Python, Rust,
YAML, JSON, TOML, INI, Markdown, .env and the manifests of each project), then
times, in one run and alternating, N runs of:

  * `suggestguard scan TREE --format json` over the whole tree;
  * `suggestguard scan PYTREE --format json` and `bandit -r PYTREE -f json`
    over the same Python files (PYTREE holds hard links to the tree's .py files).

For each it prints the median wall time, MB/s, CPU time and CPU utilisation
((user + sys) / wall: 2.0 means two cores busy) and the peak RSS, then one
`SCAN_BENCH` line with the figures as JSON. Standard library only.

    cargo build --release
    python3 server/benches/scan_throughput.py --files 100000 --size-mb 1000 \
        --runs 3 --bandit /path/to/bandit

The tree is kept (`--out`, default /tmp/suggestguard-scan-tree) and reused
when its parameters match; `--keep` is implied, delete it yourself.
"""

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import time

# ---------------------------------------------------------------- generation

WORDS = (
    "user order item account invoice report session token cache queue job "
    "record entry batch payload config client server request response "
    "profile message event metric upload export import schedule task"
).split()


def ident(rng):
    return "_".join(rng.sample(WORDS, 2))


def camel(rng):
    return "".join(w.title() for w in rng.sample(WORDS, 2))


def py_block(rng, i):
    n, c, k = ident(rng), camel(rng), rng.randint(2, 9)
    blocks = [
        f'''
def {n}_{i}(rows, limit={k}):
    """Group rows by their key and keep the first {k} of each."""
    out = {{}}
    for row in rows:
        key = row.get("key", "default")
        bucket = out.setdefault(key, [])
        if len(bucket) < limit:
            bucket.append(row)
    return {{k: sorted(v, key=lambda r: r.get("ts", 0)) for k, v in out.items()}}
''',
        f'''
class {c}{i}:
    def __init__(self, name, size={k}):
        self.name = name
        self.size = size
        self._items = []

    def add(self, item):
        if len(self._items) >= self.size:
            raise ValueError(f"{{self.name}} is full")
        self._items.append(item)

    def total(self):
        return sum(getattr(i, "amount", 0) for i in self._items)
''',
        f'''
@app.route("/{n}/<int:item_id>")
def view_{n}_{i}(item_id):
    name = request.args.get("name", "")
    cur = db.cursor()
    cur.execute(f"SELECT * FROM {n} WHERE id = {{item_id}} AND name = '{{name}}'")
    return jsonify(cur.fetchall())
''',
        f'''
def run_{n}_{i}(target):
    cmd = "tar czf /tmp/{n}.tgz " + target
    return subprocess.run(cmd, shell=True, capture_output=True, check=False)
''',
        f'''
def load_{n}_{i}(conn, item_id):
    cur = conn.cursor()
    cur.execute("SELECT id, name FROM {n} WHERE id = %s", (item_id,))
    return cur.fetchone()
''',
        f'''
def fetch_{n}_{i}(url, timeout={k}):
    resp = requests.get(url, timeout=timeout, verify=False)
    resp.raise_for_status()
    return resp.json()
''',
        f'''
def digest_{n}_{i}(data: bytes) -> str:
    return hashlib.md5(data).hexdigest()
''',
        f'''
def restore_{n}_{i}(blob):
    return pickle.loads(blob)
''',
        f'''
def settings_{n}_{i}(path):
    with open(path) as fh:
        return yaml.safe_load(fh)
''',
        f'''
@dataclass
class {c}Record{i}:
    id: int
    name: str = ""
    tags: list = field(default_factory=list)

    def label(self) -> str:
        return f"{{self.id}}:{{self.name}}" if self.name else str(self.id)
''',
    ]
    # Mostly ordinary code, as in real projects.
    weights = [6, 5, 1, 1, 2, 1, 1, 1, 2, 4]
    return rng.choices(blocks, weights)[0]


PY_HEADER = '''"""Module {i}: generated for the scan throughput benchmark."""
import hashlib
import json
import os
import pickle
import subprocess
from dataclasses import dataclass, field

import requests
import yaml
from flask import Flask, jsonify, request

app = Flask(__name__)
db = None
'''


def rs_block(rng, i):
    n, c, k = ident(rng), camel(rng), rng.randint(2, 9)
    blocks = [
        f'''
pub fn {n}_{i}(values: &[u64]) -> u64 {{
    values.iter().filter(|v| **v % {k} != 0).map(|v| v * 2).sum()
}}
''',
        f'''
#[derive(Debug, Clone, Default)]
pub struct {c}{i} {{
    name: String,
    items: Vec<u32>,
}}

impl {c}{i} {{
    pub fn new(name: &str) -> Self {{
        Self {{ name: name.to_owned(), items: Vec::with_capacity({k}) }}
    }}

    pub fn push(&mut self, v: u32) -> Result<(), String> {{
        if self.items.len() >= {k} {{
            return Err(format!("{{}} is full", self.name));
        }}
        self.items.push(v);
        Ok(())
    }}
}}
''',
        f'''
pub fn archive_{n}_{i}(target: &str) -> std::io::Result<std::process::Output> {{
    std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("tar czf /tmp/{n}.tgz {{}}", target))
        .output()
}}
''',
        f'''
pub fn query_{n}_{i}(name: &str) -> String {{
    format!("SELECT * FROM {n} WHERE name = '{{}}'", name)
}}
''',
        f'''
pub fn first_{n}_{i}(data: &[u8]) -> u8 {{
    if data.is_empty() {{
        return 0;
    }}
    unsafe {{ *data.get_unchecked(0) }}
}}
''',
        f'''
#[cfg(test)]
mod tests_{i} {{
    #[test]
    fn sums_{n}() {{
        assert_eq!(super::{n}_{i}(&[1, 2, 3]), 12);
    }}
}}
''',
    ]
    weights = [6, 5, 1, 1, 1, 2]
    block = rng.choices(blocks, weights)[0]
    if "super::" in block:  # the test refers to a function of the same index
        block = rs_block_plain(n, i, k) + block
    return block


def rs_block_plain(n, i, k):
    return f'''
pub fn {n}_{i}(values: &[u64]) -> u64 {{
    values.iter().filter(|v| **v % {k} != 0).map(|v| v * 2).sum()
}}
'''


RS_HEADER = "//! Module {i}: generated for the scan throughput benchmark.\n\nuse std::collections::HashMap;\n"


def yaml_block(rng, i):
    n = ident(rng)
    return f"""
{n}_{i}:
  image: registry.example.invalid/{n}:{rng.randint(1, 40)}.{rng.randint(0, 9)}
  replicas: {rng.randint(1, 5)}
  env:
    LOG_LEVEL: info
    QUEUE: {n}
    TIMEOUT_SECONDS: "{rng.randint(5, 120)}"
  ports:
    - {rng.randint(1024, 65000)}
"""


def json_block(rng, i):
    n = ident(rng)
    obj = {
        "id": i,
        "name": n,
        "enabled": rng.random() < 0.5,
        "limits": {"cpu": rng.randint(1, 8), "memory": f"{rng.randint(1, 64)}Gi"},
        "tags": rng.sample(WORDS, 3),
    }
    return json.dumps(obj, indent=2) + ",\n"


def toml_block(rng, i):
    n = ident(rng)
    return f"""
[{n}_{i}]
enabled = {str(rng.random() < 0.5).lower()}
retries = {rng.randint(0, 9)}
endpoint = "https://{n.replace('_', '-')}.example.invalid/v{rng.randint(1, 3)}"
"""


def md_block(rng, i):
    n = ident(rng)
    return f"""
## {n.replace('_', ' ').title()} {i}

Run `make {n}` to rebuild the {n.replace('_', ' ')} tables. The job reads its
settings from `config/{n}.yaml` and writes a report under `out/`.
"""


def ini_block(rng, i):
    n = ident(rng)
    return f"""
[{n}_{i}]
host = {n.replace('_', '-')}.internal
port = {rng.randint(1024, 65000)}
pool_size = {rng.randint(1, 32)}
"""


def secret_block(rng, i):
    # A credential-shaped value now and then, as in real config trees.
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    key = "AKIA" + "".join(rng.choice(alphabet) for _ in range(16))
    mixed = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    pw = "".join(rng.choice(mixed) for _ in range(24))
    return f"AWS_ACCESS_KEY_ID={key}\nDB_PASSWORD={pw}\n"


def dotenv_block(rng, i):
    n = ident(rng).upper()
    return f"{n}_{i}_URL=http://localhost:{rng.randint(1024, 65000)}\n{n}_{i}_WORKERS={rng.randint(1, 16)}\n"


KINDS = [
    # (extension, weight, header, block maker)
    (".py", 45, PY_HEADER, py_block),
    (".rs", 20, RS_HEADER, rs_block),
    (".yaml", 9, "# generated\n", yaml_block),
    (".json", 6, "[\n", json_block),
    (".toml", 5, "# generated\n", toml_block),
    (".md", 6, "# Notes\n", md_block),
    (".ini", 4, "; generated\n", ini_block),
    (".env", 5, "# generated\n", dotenv_block),
]


def manifests(rng, project):
    deps = ["requests", "flask", "pyyaml", "sqlalchemy", "click", "pydantic"]
    req = "".join(f"{d}>={rng.randint(1, 3)}.0\n" for d in rng.sample(deps, 4))
    cargo = f"""[package]
name = "proj-{project}"
version = "0.1.0"
edition = "2021"

[dependencies]
serde = {{ version = "1", features = ["derive"] }}
regex = "1"
"""
    pyproject = f"""[project]
name = "proj-{project}"
version = "0.1.0"
dependencies = [
    "requests>=2",
    "flask",
    "pyyaml",
]
"""
    return {"requirements.txt": req, "Cargo.toml": cargo, "pyproject.toml": pyproject}


def generate(out, files, size_mb, seed):
    """Write the tree; returns (files, bytes) per extension."""
    rng = random.Random(seed)
    per_file = size_mb * 1_000_000 / files
    exts = [k[0] for k in KINDS]
    weights = [k[1] for k in KINDS]
    by_ext = {k[0]: k for k in KINDS}
    stats = {}
    written = 0
    project = -1
    for i in range(files):
        if i % 50 == 0:
            project += 1
            pdir = os.path.join(out, f"proj{project:05d}")
            os.makedirs(os.path.join(pdir, "src", "pkg"), exist_ok=True)
            for name, text in manifests(rng, project).items():
                path = os.path.join(pdir, name)
                with open(path, "w") as fh:
                    fh.write(text)
                add(stats, "manifests", len(text))
                written += 1
            if written >= files:
                break
        ext = rng.choices(exts, weights)[0]
        _, _, header, block = by_ext[ext]
        target = per_file * rng.uniform(0.25, 1.75)
        parts = [header.format(i=i)]
        size = len(parts[0])
        j = 0
        while size < target:
            if ext in (".env", ".ini", ".yaml") and rng.random() < 0.02:
                piece = secret_block(rng, j)
            else:
                piece = block(rng, j)
            parts.append(piece)
            size += len(piece)
            j += 1
        text = "".join(parts)
        if ext == ".json":
            text = text.rstrip(",\n") + "\n]\n"
        sub = "src/pkg" if ext in (".py", ".rs") else "config"
        name = f"m{i:06d}{ext}" if ext != ".env" else f".env.m{i:06d}"
        path = os.path.join(pdir, sub, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as fh:
            fh.write(text)
        add(stats, ext, len(text.encode()))
        written += 1
        if written >= files:
            break
    return stats


def add(stats, ext, n):
    f, b = stats.get(ext, (0, 0))
    stats[ext] = (f + 1, b + n)


def python_tree(tree, pytree):
    """Hard links to the tree's .py files, same layout."""
    n = b = 0
    for root, _, names in os.walk(tree):
        for name in names:
            if name.endswith(".py"):
                src = os.path.join(root, name)
                dst = os.path.join(pytree, os.path.relpath(src, tree))
                os.makedirs(os.path.dirname(dst), exist_ok=True)
                os.link(src, dst)
                n += 1
                b += os.path.getsize(src)
    return n, b


# ---------------------------------------------------------------- measuring


# Runs the command in a child of its own, so that its CPU time and peak RSS
# are those of that one command (RUSAGE_CHILDREN of a fresh process).
WRAPPER = """
import json, resource, subprocess, sys
cmd, out = json.loads(sys.argv[1]), sys.argv[2]
with open(out, "wb") as fh:
    proc = subprocess.run(cmd, stdout=fh, stderr=subprocess.PIPE)
u = resource.getrusage(resource.RUSAGE_CHILDREN)
sys.stderr.buffer.write(proc.stderr)
print(json.dumps([u.ru_utime + u.ru_stime, u.ru_maxrss / 1024, proc.returncode]))
"""


def timed(cmd, out_path):
    """Wall seconds, CPU seconds (user + sys), peak RSS (MB), exit code, stderr."""
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", WRAPPER, json.dumps(cmd), out_path],
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - start
    cpu, rss, code = json.loads(proc.stdout)
    return wall, cpu, rss, code, proc.stderr


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", type=int, default=100_000)
    ap.add_argument("--size-mb", type=float, default=1000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=9)
    ap.add_argument("--out", default="/tmp/suggestguard-scan-tree")
    ap.add_argument("--binary", default="target/release/suggestguard")
    ap.add_argument("--bandit", default=shutil.which("bandit") or "", help="bandit executable ('' to skip)")
    args = ap.parse_args()

    tree = os.path.join(args.out, "tree")
    pytree = os.path.join(args.out, "python-only")
    stamp = os.path.join(args.out, "params.json")
    params = {"files": args.files, "size_mb": args.size_mb, "seed": args.seed}
    if not (os.path.exists(stamp) and json.load(open(stamp)).get("params") == params):
        shutil.rmtree(args.out, ignore_errors=True)
        os.makedirs(tree)
        t = time.perf_counter()
        stats = generate(tree, args.files, args.size_mb, args.seed)
        pyfiles, pybytes = python_tree(tree, pytree)
        json.dump({"params": params, "stats": stats, "python": [pyfiles, pybytes]}, open(stamp, "w"))
        print(f"generated in {time.perf_counter() - t:.0f} s", file=sys.stderr)
    meta = json.load(open(stamp))
    stats, (pyfiles, pybytes) = meta["stats"], meta["python"]
    total_files = sum(f for f, _ in stats.values())
    total_bytes = sum(b for _, b in stats.values())
    print(f"tree: {total_files} files, {total_bytes / 1e6:.1f} MB", file=sys.stderr)
    for ext, (f, b) in sorted(stats.items(), key=lambda kv: -kv[1][1]):
        print(f"  {ext:18} {f:7d} files {b / 1e6:8.1f} MB", file=sys.stderr)
    print(f"python-only: {pyfiles} files, {pybytes / 1e6:.1f} MB", file=sys.stderr)

    # Warm the page cache so every run reads from memory.
    subprocess.run(["sh", "-c", f"find {tree} -type f -exec cat {{}} + > /dev/null"])

    results_dir = os.path.join(args.out, "results")
    os.makedirs(results_dir, exist_ok=True)
    commands = {
        "suggestguard (whole tree)": ([args.binary, "scan", tree, "--format", "json"], total_bytes, total_files),
        "suggestguard (Python files)": ([args.binary, "scan", pytree, "--format", "json"], pybytes, pyfiles),
    }
    if args.bandit:
        commands["bandit (Python files)"] = (
            [args.bandit, "-r", pytree, "-f", "json", "-q"],
            pybytes,
            pyfiles,
        )
    runs = {name: [] for name in commands}
    load_before = os.getloadavg()
    for r in range(args.runs):
        for name, (cmd, _, _) in commands.items():
            out = os.path.join(results_dir, name.split()[0] + ("-py" if "Python" in name else "") + ".json")
            wall, cpu, rss, code, err = timed(cmd, out)
            runs[name].append((wall, cpu, rss))
            tail = err.strip().splitlines()[-1:] if err.strip() else []
            print(
                f"run {r + 1} {name}: {wall:.1f} s wall, {cpu:.1f} s CPU, {rss:.0f} MB, exit {code} {tail}",
                file=sys.stderr,
            )
    load = os.getloadavg()

    figures = {}
    print()
    print(f"| scanner | files | MB | wall (median of {args.runs}) | MB/s | CPU time | CPU utilisation | peak RSS |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, (cmd, nbytes, nfiles) in commands.items():
        wall = statistics.median(w for w, _, _ in runs[name])
        cpu = statistics.median(c for _, c, _ in runs[name])
        rss = max(m for _, _, m in runs[name])
        mbs = nbytes / 1e6 / wall
        figures[name] = {
            "files": nfiles,
            "mb": round(nbytes / 1e6, 1),
            "wall_s": round(wall, 2),
            "mb_per_s": round(mbs, 2),
            "cpu_s": round(cpu, 2),
            "cpu_util": round(cpu / wall, 2),
            "peak_rss_mb": round(rss),
            "runs": [[round(w, 2), round(c, 2)] for w, c, _ in runs[name]],
        }
        print(f"| {name} | {nfiles} | {nbytes / 1e6:.0f} | {wall:.1f} s | {mbs:.2f} | {cpu:.1f} s | {cpu / wall:.2f} | {rss:.0f} MB |")
    print(
        f"\nload average before the runs: {load_before[0]:.1f}, after: "
        f"{load[0]:.1f} {load[1]:.1f} {load[2]:.1f}; cores: {os.cpu_count()}"
    )
    print("SCAN_BENCH " + json.dumps({"params": params, "figures": figures, "loadavg": [load_before, load]}))


if __name__ == "__main__":
    main()
