"""Every command of the click tree (core and the enabled plugins), run as a GZ01 user against FS01's records,
shows nothing of FS01 (customers, plates, phones, notes) and changes no row of FS01.

A new command fails :func:`test_every_command_is_covered` until it gets a line in ``RUNS``: the store rule
is then proved for it too.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click
import pytest

from core.cli import cli as root
from tests.scope_support import FS_SECRETS, Dealer, open_dealer, store_rows

SMS_REQUEST = {
    "subject": "佛山车主活动邀约", "requesting_department": "cr", "purpose": "邀请佛山车主参加免费检测",
    "audience": "buyers", "audience_filter": "2026年交车客户", "message": "佛山车主活动：到店免费检测。",
    "send_date": "2026-12-01", "count": 3, "cost": "1.00",
}
SECRETS = [*FS_SECRETS, "佛山会员丁", "13900008800", "佛山车主活动", "佛山manager", "佛山sales_fu", "佛山cr"]
#: Read commands FS01's own staff run: each shows FS01 records, so the test above can fail.
OWN_STORE = [(("tasks", "list", "--json"), "f_manager"), (("calls", "list", "--json"), "f_sales_fu"),
             (("complaints", "list", "--json"), "f_manager"), (("members", "list", "--json"), "f_sales_fu"),
             (("customers", "search", "佛山", "--json"), "f_manager"), (("users", "list", "--json"), "f_manager"),
             (("forms", "submissions", "core.sms_request", "--json"), "f_manager"),
             (("audit", "list", "--json", "--store", "FS01"), "f_manager"),
             (("complaints", "show", "{fs_complaint}", "--json"), "f_manager"),
             (("sms", "list", "--json"), "f_manager")]

#: command path -> runs (arguments, GZ01 user); {name} is filled from the dealer's FS01 record ids.
RUNS: dict[str, list[tuple[tuple[str, ...], str]]] = {
    "ads list": [(("ads", "list", "--json", "--store", "FS01"), "g_sales_fu"), (("ads", "list", "--json"), "g_sales_fu")],
    "ads log": [(("ads", "log", "--paper", "佛山日报", "--brand", "本田", "--store", "FS01"), "g_sales_fu")],
    "agenda": [(("agenda", "--json"), "g_sales_fu"), (("agenda", "--user", "f_sales_fu", "--json"), "g_manager"),
               (("agenda", "--role", "sales_fu", "--json"), "g_manager")],
    "approvals approve": [(("approvals", "approve", "{fs_request}", "--comment", "x"), "g_manager")],
    "approvals chains": [(("approvals", "chains", "--json"), "g_manager")],
    "approvals list": [(("approvals", "list", "--json"), "g_manager"), (("approvals", "list", "--pending", "--json"), "g_manager")],
    "approvals reassign": [(("approvals", "reassign", "{fs_request}", "--to", "g_manager"), "g_manager"),
                           (("approvals", "reassign", "{fs_request}", "--to", "f_manager"), "g_manager")],
    "approvals reject": [(("approvals", "reject", "{fs_request}", "--comment", "x"), "g_manager")],
    "approvals resubmit": [(("approvals", "resubmit", "{fs_request}", "--data", "{sms_yaml}"), "g_sales_fu")],
    "approvals return": [(("approvals", "return", "{fs_request}", "--comment", "x"), "g_manager")],
    "approvals show": [(("approvals", "show", "{fs_request}", "--json"), "g_manager")],
    "approvals submit": [(("approvals", "submit", "sms_request", "--data", "{sms_yaml}"), "g_sales_fu")],
    "approvals withdraw": [(("approvals", "withdraw", "{fs_request}"), "g_sales_fu")],
    "attachments get": [(("attachments", "get", "1", "-o", "{out_file}"), "g_manager")],
    "audit list": [(("audit", "list", "--json", "--limit", "1000"), "g_manager"),
                   (("audit", "list", "--store", "FS01"), "g_manager")],
    "audit verify": [(("audit", "verify", "--json"), "g_manager")],
    "backup": [(("backup", "-o", "{out_file}"), "g_manager")],
    "calendar import": [(("calendar", "import", "{notice_csv}"), "g_manager")],
    "calendar set": [(("calendar", "set", "2026-12-26", "workday", "--store", "FS01"), "g_manager")],
    "calendar show": [(("calendar", "show", "2026-12"), "g_manager")],
    "calls correct": [(("calls", "correct", "{fs_customer}", "--address", "x"), "g_sales_fu"),
                      (("calls", "correct", "{fs_customer}", "--checked"), "g_sales_fu"),
                      (("calls", "correct", "{fs_customer}", "--phone2", "13800001111"), "g_manager")],
    "calls invalid": [(("calls", "invalid", "--json"), "g_sales_fu"), (("calls", "invalid", "--store", "FS01"), "g_sales_fu")],
    "calls list": [(("calls", "list", "--json"), "g_sales_fu"), (("calls", "list", "--task", "{fs_task}", "--json"), "g_manager")],
    "calls log": [(("calls", "log", "{fs_call_task}", "--outcome", "busy", "--note", "x"), "g_sales_fu")],
    "calls show": [(("calls", "show", "{fs_call_task}", "--json"), "g_sales_fu"),
                   (("calls", "show", "{fs_task}"), "g_manager")],
    "calls verify": [(("calls", "verify", "{fs_customer}", "--phone", "13900001234"), "g_sales_fu")],
    "ceremony gift": [(("ceremony", "gift", "delivery", "{fs_delivery}", "--gift", "雨伞"), "g_sales_fu")],
    "complaints assign": [(("complaints", "assign", "{fs_complaint}", "--to", "g_sales_fu"), "g_manager")],
    "complaints close": [(("complaints", "close", "{fs_complaint}", "--result", "x"), "g_manager")],
    "complaints list": [(("complaints", "list", "--json"), "g_manager")],
    "complaints open": [(("complaints", "open", "--customer", "{fs_customer}", "--origin", "sales", "--category", "x",
                          "--text", "x"), "g_sales_fu"),
                        (("complaints", "open", "--customer", "{fs_customer}", "--origin", "sales", "--category", "x",
                          "--text", "x", "--store", "FS01"), "g_sales_fu")],
    "complaints respond": [(("complaints", "respond", "{fs_complaint}", "--note", "x"), "g_sales_fu")],
    "complaints satisfaction": [(("complaints", "satisfaction", "{fs_complaint}", "satisfied"), "g_sales_fu")],
    "complaints show": [(("complaints", "show", "{fs_complaint}", "--json"), "g_manager")],
    "customers consent": [(("customers", "consent", "{fs_customer}", "--channel", "sms", "--refuse", "--source", "x"),
                           "g_manager")],
    "customers search": [(("customers", "search", "佛山", "--json"), "g_manager"),
                         (("customers", "search", "粤E", "--json"), "g_manager")],
    "customers show": [(("customers", "show", "{fs_customer}", "--reveal", "--json"), "g_manager")],
    "db status": [(("db", "status"), "g_manager")],
    "db upgrade": [(("db", "upgrade"), "g_manager")],
    "doctor": [(("doctor", "--json"), "g_manager")],
    "duties": [(("duties",), "g_manager")],
    "forms fill": [(("forms", "fill", "sales_followup.satisfaction", "--data", "{sms_yaml}"), "g_sales_fu")],
    "forms list": [(("forms", "list"), "g_manager")],
    "forms show": [(("forms", "show", "sales_followup.satisfaction"), "g_manager")],
    "forms submissions": [(("forms", "submissions", "core.sms_request", "--json"), "g_manager")],
    "import": [(("import", "deliveries", "{gz_file}", "--store", "FS01"), "g_cr")],
    "import-kinds": [(("import-kinds",), "g_cr")],
    "init": [(("init",), "g_manager")],
    "members join": [(("members", "join", "--no", "M9", "--name", "x", "--phone", "13800009999", "--store", "FS01"),
                      "g_sales_fu")],
    "members leave": [(("members", "leave", "FS-M1", "--store", "FS01"), "g_sales_fu"),
                      (("members", "leave", "FS-M1"), "g_sales_fu")],
    "members list": [(("members", "list", "--all", "--json"), "g_sales_fu")],
    "members stats": [(("members", "stats", "--json"), "g_sales_fu")],
    "plugins disable": [(("plugins", "disable", "service_followup"), "g_manager")],
    "plugins enable": [(("plugins", "enable", "followup"), "g_manager")],
    "plugins info": [(("plugins", "info", "followup"), "g_manager")],
    "plugins list": [(("plugins", "list"), "g_manager")],
    "plugins purge": [(("plugins", "purge", "service_followup"), "g_manager")],
    "reports history": [(("reports", "history", "--json"), "g_manager")],
    "reports list": [(("reports", "list", "--json"), "g_manager")],
    "reports open": [(("reports", "open", "{fs_report}", "-o", "x.csv"), "g_manager")],
    "reports render": [(("reports", "render", "sales_followup.weekly_callbacks", "--format", "csv", "--store", "FS01"),
                        "g_sales_fu")],
    "restore": [(("restore", "{out_file}"), "g_manager")],
    "sales-fu deliveries": [(("sales-fu", "deliveries", "--date", "{fs_day}", "--store", "FS01", "--json"), "g_sales_fu"),
                            (("sales-fu", "deliveries", "--date", "{fs_day}", "--json"), "g_sales_fu"),
                            (("sales-fu", "deliveries", "--date", "{fs_day}"), "g_manager")],
    "service-fu intakes": [(("service-fu", "intakes", "--store", "FS01", "--json"), "g_service_fu")],
    "service-fu queue": [(("service-fu", "queue", "--json"), "g_service_fu")],
    "service-fu segments": [(("service-fu", "segments", "--store", "FS01", "--json"), "g_service_fu")],
    "service-fu update-contact": [(("service-fu", "update-contact", "{fs_customer}", "--address", "x"), "g_service_fu")],
    "service-types list": [(("service-types", "list", "--store", "FS01"), "g_manager")],
    "service-types map": [(("service-types", "map", "保养套餐B", "regular_maintenance", "--store", "FS01"), "g_manager")],
    "settings list": [(("settings", "list", "--store", "FS01"), "g_manager")],
    "settings set": [(("settings", "set", "followup.invalid_threshold", "5", "--store", "FS01"), "g_manager")],
    "settings unset": [(("settings", "unset", "followup.invalid_threshold", "--store", "FS01"), "g_manager")],
    "sms list": [(("sms", "list", "--json"), "g_manager")],
    "sms queue": [(("sms", "queue", "--approval", "{fs_sms_request}", "--customers", "{fs_customer}"), "g_cr")],
    "sms replies": [(("sms", "replies", "{replies_csv}"), "g_cr")],
    "sms send": [(("sms", "send"), "g_cr")],
    "sms settle": [(("sms", "settle", "1", "--failed"), "g_cr")],
    "stores add": [(("stores", "add", "ZZ01", "x"), "g_manager")],
    "stores list": [(("stores", "list", "--json"), "g_manager")],
    "stores set": [(("stores", "set", "FS01", "--phone", "1"), "g_manager")],
    "tasks done": [(("tasks", "done", "{fs_task}"), "g_sales_fu"), (("tasks", "done", "{fs_task}"), "g_manager")],
    "tasks explain": [(("tasks", "explain", "{fs_task}", "--json"), "g_manager")],
    "tasks generate": [(("tasks", "generate", "--json"), "g_manager")],
    "tasks list": [(("tasks", "list", "--json"), "g_manager"), (("tasks", "list", "--user", "f_sales_fu"), "g_manager")],
    "tasks show": [(("tasks", "show", "{fs_task}", "--json"), "g_manager")],
    "users add": [(("users", "add", "zz", "--role", "cr", "--dept", "cr", "--store", "FS01"), "g_manager")],
    "users away": [(("users", "away", "f_sales_fu", "--until", "2030-01-01"), "g_manager"),
                   (("users", "away", "g_sales_fu", "--until", "2030-01-01", "--delegate", "f_sales_fu"), "g_manager")],
    "users deactivate": [(("users", "deactivate", "f_sales_fu"), "g_manager")],
    "users import": [(("users", "import", "{staff_csv}"), "g_manager")],
    "users list": [(("users", "list", "--json"), "g_manager")],
    "users set": [(("users", "set", "f_sales_fu", "--store", "GZ01"), "g_manager"),
                  (("users", "set", "g_sales_fu", "--store", "FS01"), "g_manager")],
    "users set-head": [(("users", "set-head", "cr", "f_manager", "--store", "GZ01"), "g_manager"),
                       (("users", "set-head", "cr", "g_manager", "--store", "FS01"), "g_manager")],
}


def leaves(group: click.Group, ctx: click.Context, prefix: tuple[str, ...] = ()) -> list[str]:
    out = []
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if isinstance(command, click.Group):
            out += leaves(command, click.Context(command, parent=ctx), (*prefix, name))
        elif command is not None:
            out.append(" ".join((*prefix, name)))
    return out


@pytest.fixture
def dealer(run_cli, tmp_path: Path, db_url: str, monkeypatch: pytest.MonkeyPatch) -> Dealer:
    monkeypatch.setenv("CRDESK_ATTACHMENTS", str(tmp_path / "attachments"))
    monkeypatch.setenv("CRDESK_SMS_OUTBOX", str(tmp_path / "outbox"))
    d = open_dealer(run_cli, tmp_path, db_url)
    cli = d.cli
    cli("members", "join", "--no", "FS-M1", "--name", "佛山会员丁", "--phone", "13900008800", user="f_sales_fu")
    sms = d.write("sms.json", json.dumps(SMS_REQUEST, ensure_ascii=False))
    out = cli("approvals", "submit", "sms_request", "--data", str(sms), user="f_cr").output
    d.ids["fs_request"] = next(w for w in out.replace("#", " ").split() if w.isdigit())
    sent = d.write("sms2.json", json.dumps({**SMS_REQUEST, "subject": "佛山车主活动二"}, ensure_ascii=False))
    out = cli("approvals", "submit", "sms_request", "--data", str(sent), user="f_cr").output
    d.ids["fs_sms_request"] = approved = next(w for w in out.replace("#", " ").split() if w.isdigit())
    for signer in ("f_manager", "f_deputy_gm", "f_gm"):
        cli("approvals", "approve", approved, user=signer)
    cli("sms", "queue", "--approval", approved, "--customers", d.ids["fs_customer"], user="f_cr")
    d.ids["sms_yaml"] = str(d.write("sms_gz.json", json.dumps({**SMS_REQUEST, "subject": "广州活动", "purpose": "广州",
                                                               "message": "广州活动"}, ensure_ascii=False)))
    d.ids["gz_file"] = str(d.folder / "GZ01交车明细.csv")
    d.ids["staff_csv"] = str(d.write("staff.csv", "用户名,姓名,角色,部门,门店\nf_sales_fu,改名,销售回访专员,客户部,GZ01\n"))
    d.ids["out_file"] = str(d.folder / "out.bin")
    d.ids["notice_csv"] = str(d.write("notice.csv", "日期,类型,备注\n2026-12-26,调休上班,佛山测试\n"))
    d.ids["replies_csv"] = str(d.write("replies.csv", "手机号码,回复内容\n13900007700,退订\n13900007701,T\n"))
    d.ids["fs_day"] = (d.today - dt.timedelta(days=10)).isoformat()
    fs_deliveries = d.json("tasks", "show", d.ids["fs_task"], user="f_manager")
    d.ids["fs_delivery"] = str(fs_deliveries["source"]).split("#")[-1]
    return d


def test_every_command_is_covered(run_cli, tmp_path: Path, db_url: str) -> None:
    run_cli("init", "--plugins", "followup,sales_followup,service_followup")
    ctx = click.Context(root)
    ctx.meta["crdesk.early"] = {"db": db_url}
    missing = sorted(set(leaves(root, ctx)) - set(RUNS))
    assert not missing, f"commands without a store-scope run in RUNS: {missing}"


def test_no_command_shows_or_changes_the_other_stores_records(dealer: Dealer) -> None:
    for args, user in OWN_STORE:
        out = dealer.cli(*[a.format(**dealer.ids) for a in args], user=user).output
        assert any(s in out for s in SECRETS), f"{args} as {user} shows none of FS01's own records"
    problems: list[str] = []
    for path, runs in RUNS.items():
        for args, user in runs:
            argv = [a.format(**dealer.ids) for a in args]
            before = store_rows(dealer.db_url)
            result = dealer.cli(*argv, user=user, ok=False)
            shown = [s for s in SECRETS if s in result.output]
            if shown:
                problems.append(f"{' '.join(argv)} as {user} shows {shown}")
            if "Traceback" in result.output:
                problems.append(f"{' '.join(argv)} as {user} crashed: {result.output[-300:]}")
            after = store_rows(dealer.db_url)
            changed = sorted(t for t in set(before) | set(after) if before.get(t) != after.get(t))
            if changed:
                problems.append(f"{' '.join(argv)} as {user} changed FS01 rows in {changed}")
    assert not problems, "\n".join(problems)
