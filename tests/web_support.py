"""The web front under test: a store built through the CLI, `crdesk serve` on a free loopback port, headless Chromium.

Chromium is Debian's package (``scripts/bootstrap.sh`` installs it), driven by
Playwright's Python API with ``executable_path``; no browser is downloaded.
Screenshots go to ``test-artifacts/screenshots/`` for a reviewer to open.
"""

from __future__ import annotations

import gc
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from tests.sales_followup_support import Store, open_store

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
#: Passwords the staff of the test store choose for themselves.
PASSWORDS = {u: f"Tianhe-store-{i}-2026!" for i, u in enumerate(("sf1", "mgr", "cr1", "clerk1", "smgr", "dgm", "gm"))}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def build_store(run_cli: Callable[..., Any], folder: Path) -> Store:
    """The sales follow-up test store with ten days of generated tasks and every user's own password."""
    store = open_store(run_cli, folder)
    run_cli("plugins", "enable", "web")
    for back in range(9, -1, -1):
        run_cli("tasks", "generate", "--date", store.day(back).isoformat())
    for user, password in PASSWORDS.items():
        run_cli("users", "password", user, user=user, input=f"{password}\n{password}\n")
    gc.collect()  # each CLI run built an engine: close their pooled connections (PostgreSQL has a limit)
    return store


@contextmanager
def serve(db_url: str, folder: Path, workers: int = 1) -> Iterator[str]:
    """``crdesk serve`` in a child process; yields its base URL and stops it afterwards."""
    port = free_port()
    env = {**os.environ, "CRDESK_ATTACHMENTS": str(folder / "attachments"), "PYTHONUNBUFFERED": "1"}
    log = (folder / "serve.log").open("wb")
    proc = subprocess.Popen([sys.executable, "-m", "core", "--db", db_url, "serve", "--port", str(port),
                             "--workers", str(workers)], cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(base + "/login", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("crdesk serve did not start:\n" + (folder / "serve.log").read_text())
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@contextmanager
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def new_page(browser: Any, base: str, *, width: int = 1366, height: int = 768) -> Any:
    context = browser.new_context(base_url=base, viewport={"width": width, "height": height}, locale="zh-CN",
                                  accept_downloads=True)
    return context.new_page()


def login(page: Any, user: str, password: str | None = None) -> None:
    page.goto("/login")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", password or PASSWORDS[user])
    page.press("input[name=password]", "Enter")
    page.wait_for_load_state()


def shot(page: Any, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
