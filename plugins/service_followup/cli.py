"""``crdesk service-fu``: the after-sales specialist's call queue, yesterday's intakes and customer segments."""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import click

from core.cli.output import emit_rows, json_option

if TYPE_CHECKING:
    from core.app import CrDesk

_DATE = click.DateTime(["%Y-%m-%d"])


def register(cli: click.Group, app: CrDesk) -> None:
    @cli.group("service-fu")
    def service_fu() -> None:
        """After-sales follow-up (售后回访): call queue by segment, intake data, segments."""

    @service_fu.command("queue")
    @click.option("--date", "day", type=_DATE, help="Day of the agenda (default today).")
    @json_option
    def queue(day: dt.datetime | None, as_json: bool) -> None:
        """Your open service call tasks, highest segment first (重点关怀 → 贵宾 → 新车主 → …), then by due time."""
        from core.scheduler.agenda import agenda_tasks
        from core.workdays import CST, cst_today
        from plugins.service_followup.schedules import CALL_KEYS
        from plugins.service_followup.segments import SEGMENTS, rank_of

        the_day = day.date() if day else cst_today()
        app.check_schema()
        with app.session() as session:
            user = app.acting_user(session)
            tasks = [t for t in agenda_tasks(session, day=the_day, user=user) if t.key in CALL_KEYS]
            tasks.sort(key=lambda t: (rank_of(t.detail), t.due_at, t.id))
            from sqlalchemy import select

            from core.models import ServiceType

            type_zh = dict(session.execute(select(ServiceType.code, ServiceType.name_zh)).all())
            rows = [{"task": t.id, "segment": (t.detail or {}).get("segment"),
                     "segment_zh": SEGMENTS.get((t.detail or {}).get("segment", ""), ""),
                     "customer": (t.detail or {}).get("customer"), "repair_order": (t.detail or {}).get("repair_order"),
                     "service_type": type_zh.get((t.detail or {}).get("service_type") or "", ""), "due_at": t.due_at.astimezone(CST),
                     "title": t.title} for t in tasks]
        emit_rows(rows, [("task", "任务"), ("segment_zh", "细分"), ("customer", "客户"), ("repair_order", "工单号"),
                         ("service_type", "类型"), ("due_at", "到期")], as_json=as_json,
                  title=f"{the_day} 回访队列（按客户细分）", empty="no service calls on your agenda")

    from plugins.followup.cli_contacts import work_list_command

    work_list_command(service_fu, app, name="intakes", kind="service_visit", title="入库客户资料核对",
                      help_text="Yesterday's intake (入库谢礼) customers and what their record lacks (SV-D3); "
                                "`crdesk calls correct` completes them.")

    @service_fu.command("update-contact")
    @click.argument("customer_id", type=int)
    @click.option("--address", help="通讯地址 (for the thank-you letter).")
    @click.option("--phone2", help="A second phone number.")
    def update_contact_cmd(customer_id: int, address: str | None, phone2: str | None) -> None:
        """Complete an intake customer's contact details (SV-D3); the change is audited."""
        from core import access
        from core.cli.output import success
        from plugins.service_followup.customer_data import update_contact

        app.check_schema()
        with app.session() as session:
            user = app.acting_user(session)
            access.require(app, session, user, "followup.contact", "change")
            customer = update_contact(session, customer_id, actor=user.username, address=address, phone2=phone2,
                                      user=user)
            name = customer.name
        success(f"customer {customer_id} ({name}) updated")

    @service_fu.command("segments")
    @click.option("--date", "day", type=_DATE, help="As of this day (default today).")
    @click.option("--store", "store_code", metavar="CODE")
    @click.option("--segment", type=click.Choice(["attention", "vip", "new_owner", "loyal", "lapsing", "regular"]))
    @json_option
    def segments(day: dt.datetime | None, store_code: str | None, segment: str | None, as_json: bool) -> None:
        """Customers with their segment (差异化服务) and the figures behind it."""
        from core import access
        from core.people import working_store
        from core.phones import mask_phone
        from core.workdays import cst_today
        from plugins.service_followup.segments import SEGMENTS, customer_segments

        as_of = day.date() if day else cst_today()
        app.check_schema()
        with app.session() as session:
            user = app.acting_user(session)
            access.require(app, session, user, "followup.call", "read")
            store_id = working_store(session, user, store_code).id
            rows = [{"customer_id": r.customer_id, "name": r.name, "phone": mask_phone(r.phone),
                     "segment": r.segment, "segment_zh": SEGMENTS[r.segment], "visits_12m": r.visits_12m,
                     "spend_12m": r.spend_12m, "last_visit": r.last_visit}
                    for r in customer_segments(app, session, store_id=store_id, as_of=as_of)
                    if segment is None or r.segment == segment]
        emit_rows(rows, [("customer_id", "客户编号"), ("name", "客户"), ("phone", "电话"), ("segment_zh", "细分"),
                         ("visits_12m", "近12月入库"), ("spend_12m", "近12月消费"), ("last_visit", "最近入库")],
                  as_json=as_json, title=f"客户细分（{as_of}）", empty="no customers")
