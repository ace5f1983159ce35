"""CLI start-up: `crdesk --help` against bare `python -c "import click, sqlalchemy"`.

The budget is 1.5x the bare imports. Measured on an initialised database with every built-in plugin
enabled (so plugin discovery, the plugin_state read and plugin command registration are included).
Run: .venv/bin/python bench/bench_startup.py [--runs 15]
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUDGET = 1.5


def median_seconds(cmd: list[str], runs: int, cwd: str, env: dict[str, str]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, env=env, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "core", "init"], cwd=tmp, env=env, check=True, capture_output=True)
        bare = median_seconds([sys.executable, "-c", "import click, sqlalchemy"], args.runs, tmp, env)
        crdesk = median_seconds([sys.executable, "-m", "core", "--help"], args.runs, tmp, env)
        version = median_seconds([sys.executable, "-m", "core", "--version"], args.runs, tmp, env)
    ratio = crdesk / bare
    print(f"bare `import click, sqlalchemy`: {bare * 1000:7.1f} ms (median of {args.runs})")
    print(f"`crdesk --version`:              {version * 1000:7.1f} ms  ratio {version / bare:.2f}")
    print(f"`crdesk --help` (plugins loaded): {crdesk * 1000:7.1f} ms  ratio {ratio:.2f}  (budget {BUDGET:.1f})")
    return 0 if ratio <= BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
