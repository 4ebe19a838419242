#!/usr/bin/env python3
"""Edit-to-diagnostics latency of the language server, baseline beside current.

Runs the shared harness (../shared/tools/lsp_bench.py) on each generated input
for every server binary given, one after the other in the same command, and
prints one table: p50 / p95 / p99 of single edits (every tenth a 10-40-line
paste), the burst settle time, cold open, CPU per edit and peak RSS.

    cargo build --release
    python3 server/benches/lsp_latency.py --baseline /tmp/old-suggestguard \\
        --current target/release/suggestguard

Inputs come from ../shared/tools/make_bench_inputs.py (generated into a
temporary directory unless --inputs names one).
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "tools"))
INIT = '{"debounceMs":0,"insertionSummary":false}'
FIELDS = ["p50_ms", "p95_ms", "p99_ms", "burst_ms", "cold_ms", "cpu_ms_per_edit", "rss_mb"]


def run(binary, path, edits):
    cmd = [
        sys.executable, os.path.join(SHARED, "lsp_bench.py"),
        "--server", f"{os.path.abspath(binary)} lsp",
        "--input", path, "--edits", str(edits), "--paste-every", "10",
        "--burst", "--init-options", INIT,
    ]
    out = subprocess.run(cmd, capture_output=True, text=True).stdout
    line = next((l for l in out.splitlines() if l.startswith("LSP_BENCH ")), "")
    return dict(re.findall(r"(\w+)=(\S+)", line))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--baseline", help="server binary to compare against")
    ap.add_argument("--current", default="target/release/suggestguard")
    ap.add_argument("--inputs", help="directory holding py_5k.py, rs_5k.rs, py_20k.py")
    ap.add_argument("--edits", type=int, default=100)
    a = ap.parse_args()
    inputs = a.inputs or tempfile.mkdtemp(prefix="sg-bench-")
    if not a.inputs:
        subprocess.run([sys.executable, os.path.join(SHARED, "make_bench_inputs.py"),
                        "--out", inputs], check=True, capture_output=True)
    servers = [("current", a.current)] + ([("baseline", a.baseline)] if a.baseline else [])
    print(f"load average at start: {os.getloadavg()[0]:.2f}")
    print("| input | server | " + " | ".join(FIELDS) + " |")
    print("|---|---|" + "---:|" * len(FIELDS))
    for name in ["py_5k.py", "rs_5k.rs", "py_20k.py"]:
        edits = a.edits if "20k" not in name else max(30, a.edits // 3)
        for label, binary in servers:
            r = run(binary, os.path.join(inputs, name), edits)
            cells = " | ".join(r.get(f, "?") for f in FIELDS)
            print(f"| {name} ({edits} edits) | {label} | {cells} |", flush=True)
    print(f"load average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
