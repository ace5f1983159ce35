"""The daily and weekly reports: the mail register, the kanban, 附件一 (daily) and 附件二 (weekly)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from core.models import Delivery, ServiceVisit, SmsMessage, Task, User
from core.reports.periods import Period
from plugins.cr_system.models import BATCH_STATUS_ZH, LETTER_KINDS, SKIP_REASONS_ZH, Letter, LetterBatch

if TYPE_CHECKING:
    from core.app import CrDesk


def _sid(store: Any) -> int | None:
    return store.id if store is not None else None


def _where_store(stmt: Any, column: Any, store: Any) -> Any:
    return stmt if store is None else stmt.where(column == store.id)


def mail_register_data(app: CrDesk, session: Session, period: Period, store: Any) -> dict[str, Any]:
    """信函登记簿: one line per letter of the batches of the period, with who received and signed for them."""
    from core.access import mask_address

    handed, signed = aliased(User), aliased(User)
    stmt = (select(Letter, LetterBatch, handed.full_name.label("handed_to"), signed.full_name.label("signed_by"))
            .join(LetterBatch, LetterBatch.id == Letter.batch_id)
            .outerjoin(handed, handed.id == LetterBatch.handed_to_id)
            .outerjoin(signed, signed.id == LetterBatch.signed_by_id)
            .where(LetterBatch.day >= period.start, LetterBatch.day <= period.end)
            .order_by(LetterBatch.day, LetterBatch.kind, Letter.seq))
    stmt = _where_store(stmt, LetterBatch.store_id, store)
    sent, skipped = [], []
    for letter, batch, handed_to, signed_by in session.execute(stmt):
        row = {"day": batch.day, "name": letter.name, "address": mask_address(letter.address),
               "kind": LETTER_KINDS[letter.kind], "batch": batch.id}
        if letter.skipped:
            skipped.append({**row, "reason": SKIP_REASONS_ZH[letter.skipped]})
        else:
            sent.append({**row, "seq": letter.seq, "status": BATCH_STATUS_ZH[batch.status],
                         "handed_to": handed_to or "", "signed_by": signed_by or "", "signed_at": batch.signed_at})
    base = [{"key": "day", "label": "日期", "type": "date"}, {"key": "name", "label": "收信人"},
            {"key": "address", "label": "地址"}, {"key": "kind", "label": "信函类型"},
            {"key": "batch", "label": "批次", "type": "int"}]
    return {
        "figures": [{"label": "登记信函", "value": len(sent), "type": "int", "unit": "封"},
                    {"label": "未寄发（拒收/无地址）", "value": len(skipped), "type": "int", "unit": "位"}],
        "tables": [
            {"title": "信函登记", "columns": base + [
                {"key": "seq", "label": "序号", "type": "int"}, {"key": "status", "label": "状态"},
                {"key": "handed_to", "label": "交予"}, {"key": "signed_by", "label": "签收人"},
                {"key": "signed_at", "label": "签收时间", "type": "datetime"}], "rows": sent},
            {"title": "未寄发客户", "columns": base + [{"key": "reason", "label": "原因"}], "rows": skipped},
        ],
        "signatures": ["登记：CR专员", "签收：综合部"],
    }


def kanban_data(app: CrDesk, session: Session, period: Period, store: Any) -> dict[str, Any]:
    """《客户部日常业务管理看板》: the day's figures, month to date, against the month's targets."""
    from plugins.cr_system.kanban import entered_at_local, month_figures, status

    if store is None:
        from core.errors import ValidationError

        raise ValidationError("the kanban is per store: give --store CODE")
    figures = month_figures(app, session, store.id, period.start)
    states = status(session, store.id, period.start)
    names = dict(session.execute(select(User.username, User.full_name).where(
        User.username.in_([s.entered_by for s in states if s.entered_by]))).all())
    inputs = [{"input": s.label, "arrived": "已上报" if s.arrived else "未上报",
               "by": names.get(s.entered_by) or s.entered_by,
               "at": entered_at_local(s.entered_at), "late": "是" if s.late else ""}
              for s in states]
    return {
        "figures": [{"label": f"{f['figure']}（月累计）", "value": f["month_to_date"], "type": "int", "unit": "台"}
                    for f in figures],
        "tables": [
            {"title": "看板数据", "columns": [
                {"key": "figure", "label": "项目"}, {"key": "day", "label": "当日", "type": "int"},
                {"key": "month_to_date", "label": "月累计", "type": "int"},
                {"key": "target", "label": "月目标", "type": "int"},
                {"key": "rate", "label": "完成率", "type": "percent"}], "rows": figures},
            {"title": "上报情况（9:30前）", "columns": [
                {"key": "input", "label": "上报项"}, {"key": "arrived", "label": "状态"},
                {"key": "by", "label": "上报人"}, {"key": "at", "label": "上报时间"},
                {"key": "late", "label": "迟报"}], "rows": inputs},
        ],
    }


def _count(session: Session, stmt: Any) -> int:
    return int(session.scalar(stmt) or 0)


def day_figures(app: CrDesk, session: Session, period: Period, store: Any) -> list[dict[str, Any]]:
    """The day's (or week's) work of the department, from core records and, where enabled, follow-up plugins."""
    from core.vehicle_history import first_maintenance_counts

    first, last = period.start, period.end
    deliveries = _count(session, _where_store(select(func.count()).select_from(Delivery).where(
        Delivery.delivered_on.between(first, last)), Delivery.store_id, store))
    intakes = _count(session, _where_store(select(func.count()).select_from(ServiceVisit).where(
        ServiceVisit.intake_on.between(first, last)), ServiceVisit.store_id, store))
    k5 = k10 = 0
    day = first
    while day <= last:
        counts = first_maintenance_counts(session, store_id=_sid(store), day=day)
        k5, k10 = k5 + counts["first_maintenance"], k10 + counts["second_maintenance"]
        day += dt.timedelta(days=1)
    calls = _count(session, _where_store(select(func.count()).select_from(Task).where(
        Task.key.like("%.callback"), Task.status == "done", Task.closed_at >= period.start_at,
        Task.closed_at < period.end_before), Task.store_id, store))
    letters = _count(session, _where_store(select(func.count()).select_from(Letter).join(
        LetterBatch, LetterBatch.id == Letter.batch_id).where(Letter.skipped.is_(None),
                                                               LetterBatch.day.between(first, last)),
        LetterBatch.store_id, store))
    sms = _count(session, _where_store(select(func.count()).select_from(SmsMessage).where(
        SmsMessage.status == "sent", SmsMessage.queued_at >= period.start_at,
        SmsMessage.queued_at < period.end_before), SmsMessage.store_id, store))
    rows = [("交车台数", deliveries, "台"), ("入库台数", intakes, "台"), ("其中5K首保", k5, "台"),
            ("其中10K二保", k10, "台"), ("完成回访", calls, "个"), ("感谢信", letters, "封"), ("短信发送", sms, "条")]
    if "followup" in app.host.loaded:
        from plugins.followup.metrics import complaint_times

        opened = sum(complaint_times(session, origin=o, store_id=_sid(store), start=period.start_at,
                                     end=period.end_before).opened for o in ("sales", "service"))
        rows.insert(5, ("新增投诉", opened, "宗"))
    return [{"item": label, "value": value, "unit": unit} for label, value, unit in rows]


def _figures_table(rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {"title": "业务数据", "columns": [{"key": "item", "label": "项目"},
                                          {"key": "value", "label": "数量", "type": "int"},
                                          {"key": "unit", "label": "单位"}], "rows": rows}


def daily_data(app: CrDesk, session: Session, period: Period, store: Any) -> dict[str, Any]:
    """附件一: the day's data compiled for the department manager (CR-D3)."""
    rows = day_figures(app, session, period, store)
    return {"figures": [{"label": r["item"], "value": r["value"], "type": "int", "unit": r["unit"]} for r in rows[:2]],
            "tables": [_figures_table(rows)], "signatures": ["制表：CR专员", "审阅：部门经理"]}


def weekly_data(app: CrDesk, session: Session, period: Period, store: Any) -> dict[str, Any]:
    """附件二: the week's daily-management figures, day by day (CR-W2)."""
    from core.reports.periods import parse_period

    rows = day_figures(app, session, period, store)
    by_day = []
    day = period.start
    while day <= period.end:
        one = {r["item"]: r["value"] for r in day_figures(app, session, parse_period(day.isoformat()), store)}
        by_day.append({"day": day, **{f"v{i}": v for i, v in enumerate(one.values())}})
        day += dt.timedelta(days=1)
    columns = [{"key": "day", "label": "日期", "type": "date"}] + \
        [{"key": f"v{i}", "label": r["item"], "type": "int"} for i, r in enumerate(rows)]
    return {"tables": [_figures_table(rows), {"title": "每日明细", "columns": columns, "rows": by_day}],
            "signatures": ["制表：CR专员", "审阅：部门经理"]}
