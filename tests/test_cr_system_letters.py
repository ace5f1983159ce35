"""CR-D2, CR-D9, APR-LETTER: a day's thank-you letters printed, signed, sealed, handed to 综合部 and signed for."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import time_machine
from pypdf import PdfReader
from sqlalchemy import create_engine, text

from tests.cr_system_support import NOW, YESTERDAY, Store, open_store

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def store(run_cli, tmp_path: Path) -> Store:
    with time_machine.travel(NOW, tick=False):
        s = open_store(run_cli, tmp_path)
        s.cli("customers", "consent", str(s.customer_id("刘洋")), "--channel", "mail", "--refuse",
              "--source", "电话回访")
    return s


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(path.read_bytes())).pages)


def prepare(store: Store, *extra: str) -> dict[str, dict]:
    out = store.json("cr", "letters", "prepare", "--day", YESTERDAY.isoformat(), *extra, user="cr1")
    return {b["kind"]: b for b in out["batches"]}


def test_a_day_of_letters_from_print_to_signed_register(store: Store, tmp_path: Path) -> None:
    with time_machine.travel(NOW, tick=False):
        batches = prepare(store, "--per-part", "2")
        purchase, service = batches["purchase"], batches["service"]
        assert purchase["letters"] == 3  # 张伟, 李娜, 陈静
        assert {(s["name"], s["reason"]) for s in purchase["skipped"]} == {("刘洋", "客户拒收信函"),
                                                                             ("王芳", "无邮寄地址")}
        assert service["letters"] == 1  # 李娜's 二保 yesterday
        # a re-run adds nothing
        assert prepare(store)["purchase"]["letters"] == 3

        batch = str(purchase["batch"])
        refused = store.cli("cr", "letters", "submit", batch, user="cr1", ok=False)
        assert refused.exit_code == 2 and "render" in refused.output
        store.cli("cr", "letters", "render", batch, "-o", "purchase.pdf", "--labels", "labels.pdf", user="cr1")
        letters = pdf_text(tmp_path / "purchase.pdf")
        assert [n for n in ("张伟", "李娜", "陈静", "刘洋", "王芳") if n in letters] == ["张伟", "李娜", "陈静"]
        assert letters.count("尊敬的") == 3 and "总经理" in letters and "钱总" in letters
        assert len(PdfReader(str(tmp_path / "purchase.pdf")).pages) == 3
        labels = pdf_text(tmp_path / "labels.pdf")
        assert labels.index("张伟") < labels.index("李娜") < labels.index("陈静")

        assert "approval request 1" in store.cli("cr", "letters", "submit", batch, user="cr1").output
        # the service manager does not sign purchase letters; the GM does
        assert store.cli("approvals", "approve", "1", user="smgr", ok=False).exit_code == 3
        early = store.cli("cr", "letters", "hand-over", batch, "--to", "adm", user="cr1", ok=False)
        assert early.exit_code == 2 and "APR-LETTER" in early.output
        store.cli("approvals", "approve", "1", user="gm")
        store.cli("approvals", "approve", "1", user="cr1")  # CR专员核对
        store.cli("approvals", "approve", "1", user="cr1")  # 封装
        not_admin = store.cli("cr", "letters", "hand-over", batch, "--to", "desk", user="cr1", ok=False)
        assert not_admin.exit_code == 2 and "admin_clerk" in not_admin.output
        assert store.cli("cr", "letters", "hand-over", batch, "--to", "adm", user="adm", ok=False).exit_code == 3
        store.cli("cr", "letters", "hand-over", batch, "--to", "adm", user="cr1")
        assert store.cli("cr", "letters", "sign-for", batch, user="desk", ok=False).exit_code == 3
        store.cli("cr", "letters", "sign-for", batch, user="adm")

        listed = {b["batch"]: b for b in store.json("cr", "letters", "list", user="cr1")}
        assert listed[purchase["batch"]]["status"] == "signed" and listed[purchase["batch"]]["signed_by"] == "adm"

        store.cli("reports", "render", "cr_system.mail_register", "--period", YESTERDAY.isoformat(), "-o",
                  "register.pdf", user="cr1")
        register = pdf_text(tmp_path / "register.pdf")
        assert "信函登记簿" in register and "周文员" in register and "综合部已签收" in register
        assert "客户拒收信函" in register and "无邮寄地址" in register
        assert "天河路1号" not in register  # addresses masked in the register


def test_the_mailing_task_is_done_only_once_the_batch_is_signed_for(store: Store) -> None:
    with time_machine.travel(NOW, tick=False):
        store.cli("tasks", "generate", "--date", NOW.date().isoformat())
        task = next(t for t in store.json("tasks", "list", "--status", "open", user="cr1")
                    if t["key"] == "cr_system.letters_mailed")
        batch = str(prepare(store)["purchase"]["batch"])
        store.cli("cr", "letters", "render", batch, user="cr1")
        refused = store.cli("tasks", "done", str(task["id"]), user="cr1", ok=False)
        assert refused.exit_code == 2 and "hand-over" in refused.output
        store.cli("cr", "letters", "submit", batch, user="cr1")
        for user in ("gm", "cr1", "cr1"):
            store.cli("approvals", "approve", "1", user=user)
        store.cli("cr", "letters", "hand-over", batch, "--to", "adm", user="cr1")
        store.cli("cr", "letters", "sign-for", batch, user="adm")
        service = str(prepare(store)["service"]["batch"])
        assert store.cli("tasks", "done", str(task["id"]), user="cr1", ok=False).exit_code == 2  # service batch left
        store.cli("cr", "letters", "render", service, user="cr1")
        store.cli("cr", "letters", "submit", service, user="cr1")
        for user in ("smgr", "cr1", "cr1"):
            store.cli("approvals", "approve", "2", user=user)
        store.cli("cr", "letters", "hand-over", service, "--to", "adm", user="cr1")
        store.cli("cr", "letters", "sign-for", service, user="adm")
        store.cli("tasks", "done", str(task["id"]), user="cr1")


def test_a_dealer_overrides_the_letter_and_adds_the_signature_image(store: Store, tmp_path: Path) -> None:
    site = tmp_path / "site" / "cr_system"
    site.mkdir(parents=True)
    (site / "purchase_letter.html").write_text(
        '{% extends "cr_system:cr_system/purchase_letter.html" %}'
        '{% block letter scoped %}{{ super() }}<p>本店十周年店庆，欢迎莅临。</p>{% endblock %}', encoding="utf-8")
    from PIL import Image

    Image.new("RGB", (160, 40), (20, 20, 120)).save(tmp_path / "site" / "signature-gm.png")
    with time_machine.travel(NOW, tick=False):
        batches = prepare(store)
        batch, service = str(batches["purchase"]["batch"]), str(batches["service"]["batch"])
        store.cli("cr", "letters", "render", batch, "-o", "custom.pdf", "--template-dir", str(tmp_path / "site"),
                  user="cr1")
    text_ = pdf_text(tmp_path / "custom.pdf")
    assert text_.count("本店十周年店庆") == 3
    with time_machine.travel(NOW, tick=False):
        store.cli("cr", "letters", "render", service, "-o", "plain.pdf", "--template-dir", str(tmp_path / "site"),
                  user="cr1")
    # the GM's signature image is drawn on his letters (an XObject); the service manager has none: a line
    def drawn(name: str) -> int:
        return len(PdfReader(str(tmp_path / name)).pages[0]["/Resources"].get("/XObject", {}))

    assert drawn("custom.pdf") >= 1 and drawn("plain.pdf") == 0


def test_only_the_cr_specialist_prepares_letters_and_a_future_day_is_refused(store: Store) -> None:
    with time_machine.travel(NOW, tick=False):
        denied = store.cli("cr", "letters", "prepare", user="desk", ok=False)
        assert denied.exit_code == 3
        future = store.cli("cr", "letters", "prepare", "--day", "2026-11-27", user="cr1", ok=False)
        assert future.exit_code == 2 and "past day" in future.output
        assert store.json("cr", "letters", "list", user="cr1") == []


def _parts(db_url: str) -> int:
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM cr_system_letter_part")).scalar_one()
    finally:
        engine.dispose()


def test_a_batch_killed_halfway_resumes_without_printing_a_letter_twice(store: Store, db_url: str,
                                                                          tmp_path: Path) -> None:
    with time_machine.travel(NOW, tick=False):
        batch = str(prepare(store, "--per-part", "1")["purchase"]["batch"])  # 3 letter parts + the label sheet
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "core", "--db", db_url, "--as", "cr1", "cr", "letters", "render",
                             batch, "--workers", "1"], cwd=tmp_path, env=env, start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while _parts(db_url) < 1 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    done = _parts(db_url)
    assert 1 <= done < 4, "the kill came too late to test a resume"
    with time_machine.travel(NOW, tick=False):
        out = store.cli("cr", "letters", "render", batch, "-o", "resumed.pdf", user="cr1").output
    assert f"{4 - done} parts rendered now" in out
    letters = pdf_text(tmp_path / "resumed.pdf")
    for name in ("张伟", "李娜", "陈静"):
        assert letters.count(f"尊敬的{name}") == 1
    assert len(PdfReader(str(tmp_path / "resumed.pdf")).pages) == 3


def test_a_batch_whose_customers_all_refused_mail_needs_no_printing(store: Store) -> None:
    with time_machine.travel(NOW, tick=False):
        store.cli("customers", "consent", str(store.customer_id("李娜")), "--channel", "mail", "--refuse",
                  "--source", "电话回访")
        service = prepare(store, "--kind", "service")["service"]
        assert service["letters"] == 0 and service["skipped"] == [{"name": "李娜", "reason": "客户拒收信函"}]
        listed = {b["batch"]: b for b in store.json("cr", "letters", "list", user="cr1")}
        assert listed[service["batch"]]["status"] == "empty"
        out = store.cli("cr", "letters", "render", str(service["batch"]), user="cr1", ok=False)
        assert out.exit_code == 2 and "no letters" in out.output
