"""``crdesk activities``: activities in 13 stages, their plan approval, execution plan, summary, budget and
spend, evidence for OEM reimbursement, and the activity report."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from core.cli.output import emit_record, emit_rows, json_option, success

if TYPE_CHECKING:
    from core.app import CrDesk

data_option = click.option("--data", "data_file", required=True, type=click.Path(dir_okay=False), metavar="FILE",
                           help="JSON or YAML answers.")


def _load(path: str) -> dict[str, Any]:
    from core.forms.answers_file import load_answers

    return load_answers(path)


def register(cli: click.Group, app: CrDesk) -> None:
    def session_user() -> Any:
        app.check_schema()
        return app.session()

    @cli.group()
    def activities() -> None:
        """Promotion and owner activities (13 stages), ad placements, budgets and OEM reimbursement evidence."""

    @activities.command("add")
    @click.argument("title")
    @click.option("--kind", required=True, help="promotion 市场推广活动 · owner 车主活动 · ad 广告投放")
    @click.option("--store", "store_code", metavar="CODE")
    def add(title: str, kind: str, store_code: str | None) -> None:
        """Start an activity at stage 1 (市场分析), or record an ad placement."""
        from core.people import working_store
        from plugins.marketing import activities as svc

        with session_user() as session:
            user = app.acting_user(session)
            activity = svc.add(app, session, user, title=title, kind=kind,
                               store_id=working_store(session, user, store_code).id)
            number = activity.id
        success(f"活动 {number}「{title}」已登记")

    @activities.command("list")
    @json_option
    def list_(as_json: bool) -> None:
        """Activities of your store with their stage and budget use."""
        from plugins.marketing import activities as svc
        from plugins.marketing.activity_view import view

        with session_user() as session:
            user = app.acting_user(session)
            rows = [view(app, session, a) for a in svc.listing(app, session, user, store_id=user.store_id)]
        emit_rows(rows, [("id", "编号"), ("title", "活动"), ("kind_zh", "类别"), ("stage_zh", "当前阶段"),
                         ("plan_status_zh", "方案审批"), ("budget_total", "预算(元)"), ("approved_total", "已支出(元)"),
                         ("rate", "使用率")], as_json=as_json, title="市场推广与车主活动", empty="还没有活动")

    @activities.command("show")
    @click.argument("activity_id", type=int)
    @click.option("--pdf", "pdf_file", type=click.Path(dir_okay=False, writable=True), metavar="FILE",
                  help="Also write the activity report (活动报告) as a PDF.")
    @json_option
    def show(activity_id: int, pdf_file: str | None, as_json: bool) -> None:
        """One activity: stages, plan, execution plan, budget and spend, summary, evidence checklist."""
        from core import access
        from plugins.marketing.activities import ENTITY, get
        from plugins.marketing.activity_view import activity_pdf, view

        with session_user() as session:
            user = app.acting_user(session)
            access.require(app, session, user, ENTITY, "read")
            activity = get(session, activity_id, user)
            record = view(app, session, activity)
            content = activity_pdf(app, session, activity) if pdf_file else None
        if pdf_file and content is not None:
            Path(pdf_file).write_bytes(content)
        if as_json:
            emit_record(record, as_json=True)
            return
        emit_record(record, as_json=False, labels=[("id", "编号"), ("title", "活动"), ("kind_zh", "类别"),
                                                   ("stage_zh", "当前阶段"), ("plan_status_zh", "方案审批"),
                                                   ("budget_total", "预算(元)"), ("approved_total", "已支出(元)"),
                                                   ("claim_zh", "厂家报销")])
        emit_rows(record["checklist"], [("label", "留存资料"), ("count", "份数"), ("state_zh", "状态")], as_json=False)
        if pdf_file:
            success(f"活动报告已写入 {pdf_file}")

    @activities.command("advance")
    @click.argument("activity_id", type=int)
    @click.option("--to", "to", type=int, help="The stage to start (only the next one is allowed).")
    @click.option("--note", default="", help="What was done in the stage being finished.")
    def advance(activity_id: int, to: int | None, note: str) -> None:
        """Finish the current stage and start the next one."""
        from plugins.marketing import activities as svc
        from plugins.marketing.stages import stage_label

        with session_user() as session:
            activity = svc.advance(app, session, app.acting_user(session), activity_id, to=to, note=note)
            label = stage_label(activity.stage)
        success(f"活动 {activity_id} 进入「{label}」")

    @activities.command("submit-plan")
    @click.argument("activity_id", type=int)
    @data_option
    @click.option("--attach", "attach", multiple=True, metavar="[NAME=]FILE", help="Attach a file. Repeatable.")
    def submit_plan(activity_id: int, data_file: str, attach: tuple[str, ...]) -> None:
        """Send the activity plan to 部门经理 → 副总经理 → 总经理 (stage 7, APR-ACTIVITY)."""
        from core.approvals.engine import FileToAttach
        from plugins.marketing import activities as svc

        data = _load(data_file)
        with session_user() as session:
            req = svc.submit_plan(app, session, app.acting_user(session), activity_id, data,
                                  files=[FileToAttach.parse(a) for a in attach])
            number = req.id
        success(f"活动 {activity_id} 的方案已报批:审批单 {number},待部门经理签批")

    def _fill(name: str, what: str, fn_name: str) -> None:
        @activities.command(name)
        @click.argument("activity_id", type=int)
        @data_option
        def command(activity_id: int, data_file: str) -> None:
            from plugins.marketing import activities as svc

            data = _load(data_file)
            with session_user() as session:
                getattr(svc, fn_name)(app, session, app.acting_user(session), activity_id, data)
            success(f"活动 {activity_id} 的{what}已保存")

        command.__doc__ = f"Fill the activity's {what}."

    _fill("execution", "执行方案", "set_execution")
    _fill("summary", "活动总结", "set_summary")

    @activities.command("budget")
    @click.argument("activity_id", type=int)
    @click.argument("item")
    @click.argument("amount")
    def budget(activity_id: int, item: str, amount: str) -> None:
        """Set a budget line in yuan (two decimals at most)."""
        from plugins.marketing import activities as svc

        with session_user() as session:
            svc.set_budget(app, session, app.acting_user(session), activity_id, item=item, amount=amount)
        success(f"活动 {activity_id} 预算「{item}」{amount} 元")

    @activities.command("spend")
    @click.argument("activity_id", type=int)
    @click.option("--request", "request_id", type=int, required=True, help="A payment or reimbursement request.")
    @click.option("--item", required=True, help="The budget line it is spent on.")
    def spend(activity_id: int, request_id: int, item: str) -> None:
        """Count a payment (APR-PAY) or reimbursement (APR-REIMB) request against a budget line."""
        from plugins.marketing import activities as svc

        with session_user() as session:
            svc.link_spend(app, session, app.acting_user(session), activity_id, request_id=request_id, item=item)
        success(f"审批单 {request_id} 已计入活动 {activity_id}「{item}」")

    @activities.group()
    def evidence() -> None:
        """Evidence for OEM reimbursement: typed files, checklist, ready, ZIP export."""

    @evidence.command("add")
    @click.argument("activity_id", type=int)
    @click.argument("kind")
    @click.argument("file", type=click.Path(dir_okay=False))
    @click.option("--note", default="")
    def evidence_add(activity_id: int, kind: str, file: str, note: str) -> None:
        """Keep a file: contract_photo, invoice, publication_proof, onsite_photo or soft_article."""
        from plugins.marketing import evidence as ev

        with session_user() as session:
            ev.add(app, session, app.acting_user(session), activity_id, kind, file, note=note)
        success(f"已存档 {Path(file).name}({ev.EVIDENCE_KINDS[kind]})")

    @evidence.command("list")
    @click.argument("activity_id", type=int)
    @json_option
    def evidence_list(activity_id: int, as_json: bool) -> None:
        """The activity's evidence files with their sha256."""
        from core import access
        from plugins.marketing import evidence as ev
        from plugins.marketing.activities import ENTITY, get

        with session_user() as session:
            user = app.acting_user(session)
            access.require(app, session, user, ENTITY, "read")
            rows = ev.items(session, get(session, activity_id, user).id)
        emit_rows(rows, [("label", "类别"), ("filename", "文件"), ("size", "字节"), ("sha256", "sha256")],
                  as_json=as_json, title="留存资料", empty="还没有留存资料")

    @evidence.command("ready")
    @click.argument("activity_id", type=int)
    def evidence_ready(activity_id: int) -> None:
        """Mark the claim ready for OEM reimbursement (refused while an item is missing)."""
        from plugins.marketing import evidence as ev

        with session_user() as session:
            ev.mark_ready(app, session, app.acting_user(session), activity_id)
        success(f"{activity_id} 的报销资料已齐,可向厂家申请报销")

    @evidence.command("export")
    @click.argument("activity_id", type=int)
    @click.option("--out", "out", type=click.Path(dir_okay=False, writable=True), help="ZIP file to write.")
    def evidence_export(activity_id: int, out: str | None) -> None:
        """Write one claim as a ZIP with an index PDF (索引.pdf)."""
        from plugins.marketing import evidence as ev

        with session_user() as session:
            name, content = ev.export_zip(app, session, app.acting_user(session), activity_id)
        target = Path(out or name)
        target.write_bytes(content)
        success(f"报销资料已导出到 {target}")
