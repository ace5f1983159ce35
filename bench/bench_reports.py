"""Report engine benchmark: crdesk's render vs bare WeasyPrint on the same final HTML, same run.

    .venv/bin/python bench/bench_reports.py [--rows 10000] [--letters 1000] [--chunk-rows 800]

1. A monthly callback report of ``--rows`` rows is rendered through
   ``core.reports.render_report`` (data function, template, chunked parallel
   layout, merge, page-number stamping, archive insert).
2. The very same report's final single-document HTML is handed to bare
   ``weasyprint.HTML(string=...).write_pdf()``.
3. ``--letters`` thank-you letters are rendered as one mail-merge PDF.

Each step runs in its own process; peak memory is the highest total RSS of
that process and its children (sampled from /proc every 50 ms). The limit is
crdesk ≤ 1.2 × bare WeasyPrint.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 1.2


def _tree_rss_kb(pid: int) -> int:
    """Total RSS (kB) of ``pid`` and its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            ppid = int(fields[1])
            rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE") // 1024
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        total += rss.get(p, 0)
        stack.extend(children.get(p, []))
    return total


def run_child(args: list[str], env: dict[str, str]) -> tuple[str, float]:
    """Run ``bench_reports.py --child …``; return its stdout and peak tree RSS in MB."""
    proc = subprocess.Popen([sys.executable, __file__, *args], stdout=subprocess.PIPE, text=True, env=env,
                            cwd=ROOT)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_rss_kb(proc.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = proc.communicate()
    stop.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"child {args} failed with exit code {proc.returncode}")
    return out.strip().splitlines()[-1], peak / 1024


# -- children -------------------------------------------------------------------
def _app(db: str) -> object:
    from core.app import CrDesk
    from core.plugin_catalog import PluginCatalog

    catalog = PluginCatalog.discover(use_entry_points=False, local_packages=["tests.fixture_plugins.reports"])
    return CrDesk(db, acting_user="bench", catalog=catalog)


def child_setup(db: str) -> None:
    from core.models import Store, User, UserRole
    from core.setup import initialise

    app = _app(db)
    initialise(app, ["rpt_base"])
    with app.session() as s:  # type: ignore[attr-defined]
        store = Store(code="TH", name="广汽丰田天河店", address="广州市天河区中山大道1号", phone="020-88888888")
        s.add(store)
        s.flush()
        user = User(username="bench", full_name="李丽", store_id=store.id)
        user.roles.extend([UserRole(role_code="sales_fu"), UserRole(role_code="cr")])
        s.add(user)
    print("ready")


def child_engine(db: str, key: str, period: str, fmt: str, out: str) -> None:
    from core.reports import render_report

    app = _app(db)
    t0 = time.perf_counter()
    with app.session() as s:  # type: ignore[attr-defined]
        result = render_report(app, s, key, period=period, fmt=fmt)
    elapsed = time.perf_counter() - t0
    Path(out).write_bytes(result.content)
    print(f"{elapsed:.3f} {result.pages or 0} {len(result.content)}")


def child_bare(html_path: str, out: str) -> None:
    import weasyprint

    html = Path(html_path).read_text(encoding="utf-8")
    t0 = time.perf_counter()
    doc = weasyprint.HTML(string=html, base_url=str(ROOT / "core" / "templates") + "/").render()
    pdf = doc.write_pdf()
    elapsed = time.perf_counter() - t0
    Path(out).write_bytes(pdf)
    print(f"{elapsed:.3f} {len(doc.pages)} {len(pdf)}")


# -- orchestration --------------------------------------------------------------
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=10000)
    parser.add_argument("--letters", type=int, default=1000)
    parser.add_argument("--chunk-rows", type=int, default=800, help="Rows per parallel part (0: one piece).")
    parser.add_argument("--skip-bare", action="store_true", help="Only time crdesk (bare WeasyPrint is slow).")
    parser.add_argument("--repeat", type=int, default=1,
                        help="Alternate crdesk and bare this many times and report medians (for a busy machine).")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, *rest = args.child
        {"setup": child_setup, "engine": child_engine, "bare": child_bare}[mode](*rest)
        return

    tmp = Path(tempfile.mkdtemp(prefix="crdesk-bench-"))
    db = f"sqlite:///{tmp / 'bench.db'}"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "RPT_ROWS": str(args.rows), "RPT_LETTERS": str(args.letters),
           "RPT_CHUNK": str(args.chunk_rows)}
    run_child(["--child", "setup", db], env)
    print(f"crdesk report benchmark ({os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}, "
          f"parts of ~{args.chunk_rows} rows), files in {tmp}")

    # the final HTML bare WeasyPrint gets: the report's own single-document HTML
    run_child(["--child", "engine", db, "rpt_base.satisfaction", "2026-10", "html", str(tmp / "report.html")], env)
    pdf_args = ["--child", "engine", db, "rpt_base.satisfaction", "2026-10", "pdf", str(tmp / "crdesk.pdf")]
    bare_args = ["--child", "bare", str(tmp / "report.html"), str(tmp / "bare.pdf")]
    runs: list[tuple[float, int, int, float, float, int, int, float]] = []
    for _ in range(args.repeat):
        line, crdesk_mb = run_child(pdf_args, env)
        c_s, c_pages, c_bytes = float(line.split()[0]), int(line.split()[1]), int(line.split()[2])
        b_s, b_pages, b_bytes, bare_mb = 0.0, 0, 0, 0.0
        if not args.skip_bare:
            line, bare_mb = run_child(bare_args, env)
            b_s, b_pages, b_bytes = float(line.split()[0]), int(line.split()[1]), int(line.split()[2])
        runs.append((c_s, c_pages, c_bytes, crdesk_mb, b_s, b_pages, b_bytes, bare_mb))
    runs.sort(key=lambda r: r[0] / r[4] if r[4] else r[0])
    c_s, c_pages, c_bytes, crdesk_mb, b_s, b_pages, b_bytes, bare_mb = runs[len(runs) // 2]
    label = f" (median ratio of {len(runs)} alternating runs)" if len(runs) > 1 else ""
    print(f"\n{args.rows:,}-row monthly callback report{label}")
    print(f"  crdesk render_report : {c_s:7.2f} s  {c_pages} pages  "
          f"{c_pages / c_s:5.2f} pages/s  peak RSS {crdesk_mb:7.0f} MB  PDF {c_bytes / 1e6:.1f} MB")
    if not args.skip_bare:
        ratio = c_s / b_s
        print(f"  bare WeasyPrint      : {b_s:7.2f} s  {b_pages} pages  "
              f"{b_pages / b_s:5.2f} pages/s  peak RSS {bare_mb:7.0f} MB  PDF {b_bytes / 1e6:.1f} MB")
        verdict = "OK" if ratio <= LIMIT else "OVER THE LIMIT"
        print(f"  time ratio crdesk / bare = {ratio:.2f} (limit {LIMIT}) {verdict}; "
              f"memory ratio = {crdesk_mb / bare_mb:.2f}")
        if len(runs) > 1:
            print("  all ratios: " + ", ".join(f"{r[0] / r[4]:.2f}" for r in runs))

    if args.letters:
        line, letters_mb = run_child(["--child", "engine", db, "rpt_base.purchase_letters", "2026-10-01..2026-10-31",
                                      "pdf", str(tmp / "letters.pdf")], env)
        s, pages, size = float(line.split()[0]), int(line.split()[1]), int(line.split()[2])
        print(f"\n{args.letters:,} purchase thank-you letters + label sheet")
        print(f"  crdesk render_report : {s:7.2f} s  {pages} pages  {pages / s:5.2f} pages/s  "
              f"{args.letters / s:5.1f} letters/s  peak RSS {letters_mb:7.0f} MB  PDF {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
