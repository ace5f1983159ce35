"""Every command that writes refuses an unknown user and a role without the right: exit 3, nothing written.

The test walks the whole click tree (core and the enabled plugins' commands).
Every command is either listed in ``READ_ONLY`` or tested as a writing command,
so a new writing command cannot slip through: without arguments in ``ARGS`` it
is run with ``1`` for each argument and must still be refused.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import pytest
from sqlalchemy import MetaData, create_engine, select

from core.cli import cli
from core.vin import with_check_digit
from core.workdays import cst_today

#: Commands that never write (``customers show --reveal`` writes only its own audit entry, after the check).
READ_ONLY = {
    "ads list", "agenda", "approvals chains", "approvals list", "approvals show", "audit list", "audit verify",
    "calendar show", "calls list", "complaints list", "complaints show", "customers search", "customers show",
    "db status", "duties", "manager inbox", "forms list", "forms show", "forms submissions", "import-kinds", "members list",
    "members stats", "plugins info", "plugins list", "reports history", "reports list", "reports open",
    "service-fu intakes", "service-fu queue", "service-fu segments", "service-types list", "settings list",
    "sms list", "stores list", "tasks explain", "tasks list", "tasks show", "users list",
    # the merged plugins' listings; `serve` starts the web server; `doctor` writes only temporary probe files
    "activities evidence list", "activities list", "activities show", "calls show", "cr ecrb diff",
    "cr kanban status", "cr letters list", "cr lists status", "cr mail list", "doctor", "partners list",
    "sales-fu deliveries", "serve", "users sessions",
}
#: Writing commands any active staff member may run (any employee may ask for an approval or fill a form):
#: only the unknown user is refused.
ANY_ACTIVE_USER = {"approvals submit", "forms fill"}
#: Commands that only ever write into an EMPTY database (no users to check yet, like a first ``init``):
#: on this populated one they refuse everyone with exit 2 and write nothing.
EMPTY_DATABASE_ONLY = {"restore"}

DATA = "subject: 测试\n"
#: Arguments that reach the permission check (records named here exist in the fixture database).
ARGS: dict[str, list[str]] = {
    "ads log": ["--paper", "广州日报", "--brand", "本田"],
    "budgets set": ["--period", "2099-12", "--category", "广告费", "--amount", "100"],
    "meetings record": ["--data", "{data}"],
    "approvals approve": ["1"], "approvals reject": ["1", "--comment", "不同意"], "approvals return": ["1"],
    "approvals resubmit": ["1"], "approvals withdraw": ["1"], "approvals reassign": ["1", "--to", "gm"],
    "approvals submit": ["sms_request", "--data", "{data}"],
    "calendar set": ["2026-12-24", "holiday", "--note", "店庆"],
    "calls invalid": ["--send"],
    "calls log": ["{task}", "--outcome", "no_answer"],
    "calls verify": ["1", "--phone", "13800138999"],
    "ceremony gift": ["delivery", "1", "--gift", "雨伞"],
    "complaints assign": ["1", "--to", "cr1"], "complaints close": ["1", "--result", "已解决"],
    "complaints open": ["--customer", "1", "--origin", "sales", "--category", "服务态度", "--text", "不满意"],
    "complaints respond": ["1", "--note", "已联系"], "complaints satisfaction": ["1", "satisfied"],
    "customers consent": ["1", "--channel", "sms", "--refuse", "--source", "电话回访"],
    "db upgrade": ["--no-backup"], "forms fill": ["sms_request", "--data", "{data}"],
    "import": ["deliveries", "{deliveries}"], "init": [],
    "members join": ["--no", "M9", "--name", "王五", "--phone", "13800138777"], "members leave": ["M1"],
    "plugins disable": ["service_followup"], "plugins enable": ["service_followup"],
    "plugins purge": ["service_followup", "--yes"], "restore": ["{deliveries}"],
    "reports render": ["followup.ad_weekly", "-o", "{out}"],
    "service-fu update-contact": ["1", "--phone2", "13800138666"],
    "service-types map": ["保养", "maintenance"],
    "settings set": ["followup.verify_days", "5"], "settings unset": ["followup.verify_days"],
    "sms queue": ["--approval", "1"], "sms replies": ["{replies}"], "sms send": [], "sms settle": ["1", "--sent"],
    "stores add": ["SZ01", "深圳店"], "tasks done": ["{task}"], "tasks generate": [],
    "activities add": ["元旦试驾会", "--kind", "promotion"], "activities execution": ["1", "--data", "{data}"],
    "activities spend": ["1", "--request", "1", "--item", "场地费"],
    "activities submit-plan": ["1", "--data", "{data}"], "activities summary": ["1", "--data", "{data}"],
    "attachments get": ["1", "-o", "{out}"],
    "cr ecrb import": ["{ecrb}", "--kind", "sales"], "cr kanban import": ["{kanban}"],
    "cr kanban sales": ["--orders", "3", "--deliveries", "2"], "cr kanban service": ["--5k", "3", "--10k", "2"],
    "cr letters hand-over": ["1", "--to", "cr1"], "cr lists hand-over": ["n3_5", "--month", "2026-11"],
    "cr lists sign-for": ["n3_5", "--month", "2026-11"], "cr school record": ["--data", "{data}"],
    "partners add": ["广州日报", "--category", "media"], "partners log": ["广州日报", "--purpose", "新车上市采访"],
    "users add": ["x1", "--role", "cr", "--dept", "cr"], "users away": ["cr1", "--until", "2026-12-31"],
    "users set-head": ["cr", "cr1"], "users logout-all": ["cr1"], "users password": ["cr1"],
}
#: The role without the right, per command (default: an accountant, who may only read staff and stores).
WITHOUT_RIGHT: dict[str, str] = {"tasks done": "cr1", "calls log": "acct", "approvals approve": "acct",
                                 "attachments get": "sf1"}  # accountants read the invoices they check


def _walk(command: click.Command, ctx: click.Context, path: list[str]) -> Iterator[tuple[str, click.Command]]:
    if isinstance(command, click.Group):
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            assert sub is not None
            yield from _walk(sub, click.Context(sub, parent=ctx, info_name=name), [*path, name])
    else:
        yield " ".join(path), command


def command_tree(db_url: str) -> dict[str, click.Command]:
    root = click.Context(cli, info_name="crdesk")
    root.meta["crdesk.early"] = {"db": db_url}
    return dict(_walk(cli, root, []))


def dump(db_url: str) -> str:
    """A digest of every row of every table: equal digests mean nothing was written."""
    engine = create_engine(db_url)
    meta = MetaData()
    meta.reflect(engine)
    digest = hashlib.sha256()
    with engine.connect() as conn:
        for table in sorted(meta.tables.values(), key=lambda t: t.name):
            rows = sorted(repr(tuple(r)) for r in conn.execute(select(table)))
            digest.update(f"{table.name}:{len(rows)}:{rows}".encode())
    engine.dispose()
    return digest.hexdigest()


@pytest.fixture
def store(run_cli: Any, tmp_path: Path) -> dict[str, str]:
    run_cli("init")
    run_cli("stores", "add", "GZ01", "广汽丰田天河店", "--sms-signature", "广汽丰田天河店")
    for name, role, dept in (("acct", "accountant", "finance"), ("cr1", "cr", "cr"), ("mgr", "manager", "cr"),
                             ("sf1", "sales_fu", "cr"), ("smgr", "sales_manager", "sales"),
                             ("dgm", "deputy_gm", "gm_office"), ("gm", "gm", "gm_office")):
        run_cli("users", "add", name, "--role", role, "--dept", dept)
    for dept, head in (("cr", "mgr"), ("sales", "smgr"), ("gm_office", "gm")):
        run_cli("users", "set-head", dept, head)
    delivered = (cst_today() - dt.timedelta(days=4)).isoformat()  # its N+3..N+5 callback is due
    deliveries = tmp_path / "交车明细.csv"
    deliveries.write_text("客户姓名,手机号码,车架号,车牌号,车型,交车日期,销售顾问\n"
                          f"张伟,13800138001,{with_check_digit('LVGBE40K0KG000001')},粤A80001,凯美瑞,{delivered},王强\n",
                          encoding="utf-8")
    run_cli("import", "deliveries", str(deliveries))
    run_cli("tasks", "generate")
    data = tmp_path / "sms.yaml"
    data.write_text("subject: 元旦关爱\nrequesting_department: cr\npurpose: 邀约\naudience: buyers\n"
                    "audience_filter: 2026年交车客户\nmessage: 元旦到店免费检测\nsend_date: 2026-12-30\n"
                    "count: 10\ncost: '1.00'\n", encoding="utf-8")
    draft = tmp_path / "短信样稿.txt"
    draft.write_text("元旦到店免费检测\n", encoding="utf-8")
    run_cli("approvals", "submit", "sms_request", "--data", str(data), "--attach", str(draft), user="cr1")
    run_cli("complaints", "open", "--customer", "1", "--origin", "sales", "--category", "服务态度",
            "--text", "交车慢", user="cr1")
    run_cli("members", "join", "--no", "M1", "--name", "张伟", "--phone", "13800138001", user="sf1")
    tasks = json.loads(run_cli("tasks", "list", "--json").output)
    call = next((t for t in tasks if t["key"].startswith("sales_followup.")), tasks[0])
    replies = tmp_path / "上行短信.csv"
    replies.write_text("手机号码,回复内容\n13800138001,T\n", encoding="utf-8")
    kanban = tmp_path / "看板.csv"
    kanban.write_text("日期,订车,交车\n2026-11-26,3,2\n", encoding="utf-8")
    ecrb = tmp_path / "e-CRB.csv"
    ecrb.write_text("客户姓名,手机号码,车架号,跟踪状态\n张伟,13800138001,LVGBE40K0KG000001,已回访\n", encoding="utf-8")
    return {"task": str(call["id"]), "data": str(data), "kanban": str(kanban), "ecrb": str(ecrb), "deliveries": str(deliveries), "replies": str(replies),
            "out": str(tmp_path / "out.pdf")}


def _args(path: str, command: click.Command, values: dict[str, str]) -> list[str]:
    if path in ARGS:
        return [a.format(**values) for a in ARGS[path]]
    return ["1" for p in command.params if isinstance(p, click.Argument)]


def test_every_command_is_classified_and_every_writing_command_refuses(store, run_cli, db_url):
    tree = command_tree(db_url)
    assert {"plugins purge", "db upgrade", "tasks generate", "settings set", "customers consent",
            "calls log", "complaints open"} <= set(tree)  # core and plugin commands are both walked
    assert not (READ_ONLY - set(tree)), "READ_ONLY names commands that no longer exist"
    before = dump(db_url)
    failures = []
    for path, command in sorted(tree.items()):
        if path in READ_ONLY:
            continue
        users = ["nobody", None] + ([] if path in ANY_ACTIVE_USER else [WITHOUT_RIGHT.get(path, "acct")])
        for user in users:
            result = run_cli(*path.split(), *_args(path, command, store), user=user, ok=False, input="n\n")
            if result.exit_code != (2 if path in EMPTY_DATABASE_ONLY else 3):
                failures.append(f"crdesk --as {user} {path}: exit {result.exit_code}: {result.output.strip()[-200:]}")
        if dump(db_url) != before:
            failures.append(f"crdesk {path}: the database changed")
            before = dump(db_url)
    assert not failures, "\n".join(failures)


def test_the_system_user_of_the_cron_line_may_generate_tasks_and_nothing_else(store, run_cli):
    assert run_cli("tasks", "generate", user="system").exit_code == 0
    denied = run_cli("settings", "set", "followup.verify_days", "5", user="system", ok=False)
    assert denied.exit_code == 3 and "may not change setting" in denied.output
    denied = run_cli("tasks", "generate", user="mgr", ok=False)
    assert denied.exit_code == 3 and "may not create task_generation" in denied.output


def test_purge_is_audited(store, run_cli, tmp_path):
    run_cli("plugins", "disable", "service_followup")
    run_cli("plugins", "purge", "service_followup", "--yes", "--backup-dir", str(tmp_path / "bk"))
    entries = json.loads(run_cli("audit", "list", "--json").output)
    purge = next(e for e in entries if e["action"] == "purge")
    assert purge["entity_id"] == "service_followup" and purge["actor"] == "admin"
    backup = next((tmp_path / "bk").iterdir())
    assert purge["after"]["backup"] == backup.name
    assert purge["after"]["sha256"] == hashlib.sha256(backup.read_bytes()).hexdigest()


def test_bootstrap_first_init_by_anyone_then_admin_only(run_cli):
    empty = run_cli("db", "upgrade", user="nobody", ok=False)
    assert empty.exit_code == 2 and "crdesk init" in empty.output  # an empty database starts with init
    out = run_cli("init", "--plugins", "", user=None)  # nobody exists yet: nobody to check against
    assert "created user 'admin'" in out.output and "created user 'system'" in out.output
    again = run_cli("init", "--plugins", "", user="system", ok=False)
    assert again.exit_code == 3 and "may not change plugin" in again.output
    denied = run_cli("db", "upgrade", "--no-backup", user="system", ok=False)
    assert denied.exit_code == 3
    assert "up to date" in run_cli("db", "upgrade", "--no-backup", user="admin").output
