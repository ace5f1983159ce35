"""CR-D4, CR-W3: e-CRB tracking tables imported as dated snapshots with their diff, e-mailed to the deputy GM
and GM over real SMTP with STARTTLS and login (a local aiosmtpd server on loopback); a refusing server loses
nothing and a retry sends each message exactly once."""

from __future__ import annotations

import email
import socket
import ssl
import subprocess
from pathlib import Path

import pytest
import time_machine
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from tests.cr_system_support import NOW, Store, open_store

HEADER = "顾问,客户姓名,跟踪事项,跟踪状态,下次跟踪日期\n"
MONDAY = HEADER + "王强,张伟,新车首保提醒,跟踪中,2026-11-28\n王强,李娜,置换意向,跟踪中,\n陈明,刘洋,保险续保,跟踪中,\n"
TUESDAY = HEADER + "王强,张伟,新车首保提醒,已完成,\n陈明,刘洋,保险续保,跟踪中,\n陈明,陈静,延保推荐,跟踪中,\n"


class Inbox:
    """aiosmtpd handler: keeps what arrived; refuses every message while ``refuse`` is set."""

    def __init__(self) -> None:
        self.messages: list[email.message.Message] = []
        self.refuse = False

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: ANN001
        if self.refuse:
            return "554 5.7.1 message refused by policy"
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(tmp_path: Path):  # noqa: ANN201
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out",
                    str(cert), "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    inbox = Inbox()

    def authenticate(server, session, envelope, mechanism, auth_data) -> AuthResult:  # noqa: ANN001
        ok = isinstance(auth_data, LoginPassword) and auth_data.login == b"cr@store.example" and \
            auth_data.password == b"s3cret"
        return AuthResult(success=ok, handled=False)

    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, tls_context=context, require_starttls=True,
                            auth_required=True, authenticator=authenticate)
    controller.start()
    try:
        yield inbox, port, cert
    finally:
        controller.stop()


@pytest.fixture
def store(run_cli, tmp_path: Path, smtp, monkeypatch: pytest.MonkeyPatch) -> Store:
    _inbox, port, cert = smtp
    monkeypatch.setenv("CRDESK_SMTP_PASSWORD", "s3cret")
    with time_machine.travel(NOW, tick=False):
        s = open_store(run_cli, tmp_path)
    for key, value in (("smtp_host", "127.0.0.1"), ("smtp_port", str(port)), ("smtp_user", "cr@store.example"),
                       ("smtp_from", "cr@store.example"), ("smtp_ca_file", str(cert)),
                       ("ecrb_mail_to", "dgm@store.example,gm@store.example")):
        s.cli("settings", "set", f"cr_system.{key}", value, "--store", "gz01")
    return s


def snapshots(store: Store) -> None:
    store.cli("cr", "ecrb", "import", str(store.write("ecrb-1126.csv", MONDAY)), "--kind", "sales", "--date",
              "2026-11-26", user="cr1")
    out = store.cli("cr", "ecrb", "import", str(store.write("ecrb-1127.csv", TUESDAY)), "--kind", "sales",
                    "--date", "2026-11-27", user="cr1").output
    assert "3 rows, 3 changes" in out


def test_snapshots_diff_and_the_mail_to_the_deputy_gm_and_gm(store: Store, smtp) -> None:
    inbox, _port, _cert = smtp
    with time_machine.travel(NOW, tick=False):
        store.cli("tasks", "generate", "--date", "2026-11-27")
        task = next(t for t in store.json("tasks", "list", "--status", "open", user="cr1")
                    if t["key"] == "cr_system.ecrb")
        assert store.cli("tasks", "done", str(task["id"]), user="cr1", ok=False).exit_code == 2  # not mailed yet
        snapshots(store)
        changes = {(c["customer"], c["change"]): c for c in store.json("cr", "ecrb", "diff", "--kind", "sales",
                                                                        user="cr1")}
        assert set(changes) == {("张伟", "状态变化"), ("李娜", "移除"), ("陈静", "新增")}
        assert changes[("张伟", "状态变化")]["was"] == "跟踪中" and changes[("张伟", "状态变化")]["now"] == "已完成"
        store.cli("cr", "ecrb", "mail", user="cr1")
        store.cli("tasks", "done", str(task["id"]), user="cr1")  # CR-D4: sent today
    assert len(inbox.messages) == 1
    msg = inbox.messages[0]
    assert msg["To"] == "dgm@store.example, gm@store.example" and "e-CRB" in str(email.header.make_header(
        email.header.decode_header(msg["Subject"])))
    names = sorted(p.get_filename() for p in msg.walk() if p.get_filename())
    assert [n.rsplit(".", 1)[1] for n in names] == ["pdf", "xlsx"]
    with time_machine.travel(NOW, tick=False):
        store.cli("cr", "mail", "send", user="cr1")  # nothing left to send: not sent twice
        assert len(inbox.messages) == 1
        assert [m["status"] for m in store.json("cr", "mail", "list", user="cr1")] == ["sent"]


def test_a_refusing_server_loses_nothing_and_the_retry_sends_once(store: Store, smtp) -> None:
    inbox, _port, _cert = smtp
    inbox.refuse = True
    with time_machine.travel(NOW, tick=False):
        snapshots(store)
        failed = store.cli("cr", "ecrb", "mail", user="cr1", ok=False)
        assert failed.exit_code == 2 and "554" in failed.output and "Traceback" not in failed.output
        outbox = store.json("cr", "mail", "list", user="cr1")
        assert [(m["status"], m["attempts"]) for m in outbox] == [("failed", 1)]
        inbox.refuse = False
        store.cli("cr", "mail", "send", user="cr1")
        store.cli("cr", "mail", "send", user="cr1")
    assert len(inbox.messages) == 1
    assert [(m["status"], m["attempts"]) for m in store.json("cr", "mail", "list", user="cr1")] == [("sent", 2)]


def test_a_wrong_password_or_an_untrusted_server_is_one_line(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CRDESK_SMTP_PASSWORD", "wrong")
    with time_machine.travel(NOW, tick=False):
        snapshots(store)
        out = store.cli("cr", "ecrb", "mail", user="cr1", ok=False)
        assert out.exit_code == 2 and "SMTPAuthenticationError" in out.output
        monkeypatch.setenv("CRDESK_SMTP_PASSWORD", "s3cret")
        store.cli("settings", "set", "cr_system.smtp_ca_file", "", "--store", "gz01")
        out = store.cli("cr", "mail", "send", user="cr1", ok=False)
        assert out.exit_code == 2 and "CERTIFICATE_VERIFY_FAILED" in out.output


def test_an_export_with_the_wrong_columns_is_refused_in_one_line(store: Store) -> None:
    with time_machine.travel(NOW, tick=False):
        wrong = store.write("export.csv", "姓名,电话\n张伟,13800138001\n")
        out = store.cli("cr", "ecrb", "import", str(wrong), "--kind", "sales", user="cr1", ok=False)
        assert out.exit_code == 2 and len(out.output.strip().splitlines()) == 1
        assert "export.csv" in out.output and "顾问" in out.output and "跟踪状态" in out.output
        empty_state = store.write("bad-row.csv", HEADER + "王强,张伟,首保提醒,,\n")
        out = store.cli("cr", "ecrb", "import", str(empty_state), "--kind", "sales", user="cr1", ok=False)
        assert out.exit_code == 2 and "row 2" in out.output and "跟踪状态" in out.output
        assert store.json("cr", "ecrb", "diff", "--kind", "sales", user="cr1") == []
        assert store.cli("cr", "ecrb", "import", str(wrong), "--kind", "sales", user="desk", ok=False).exit_code == 3
