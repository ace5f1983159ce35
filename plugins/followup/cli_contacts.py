"""``crdesk calls show`` (the call screen with the number to dial) and ``crdesk calls correct`` (SF-D3/5, SV-D3)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import click

from core.cli.output import emit_record, emit_rows, json_option, success

if TYPE_CHECKING:
    from core.app import CrDesk

_DATE = click.DateTime(["%Y-%m-%d"])


def register_contacts(calls: click.Group, app: CrDesk) -> None:
    @calls.command("show")
    @click.argument("task_id", type=int)
    @json_option
    def show(task_id: int, as_json: bool) -> None:
        """The call screen of a task: customer, vehicle, the number to dial (in full for its assignee), past calls."""
        from sqlalchemy import select

        from core import access
        from core.errors import PermissionDenied
        from core.models import Customer
        from core.phones import mask_phone
        from core.scheduler.actions import get_task, may_act
        from core.workdays import CST
        from plugins.followup.models import FollowupCall
        from plugins.followup.outcomes import OUTCOMES
        from plugins.followup.sources import source_of_task

        app.check_schema()
        with app.session() as session:
            user = app.acting_user(session)
            access.require(app, session, user, "followup.call", "read")
            task = get_task(session, task_id)
            if not may_act(session, user, task):
                raise PermissionDenied(f"task {task.id} is not on {user.username}'s agenda")
            source = source_of_task(session, task)
            customer = session.get(Customer, source.customer_id)
            assert customer is not None
            is_dialler = task.status == "open" and task.assignee_id == user.id
            numbers = (access.dial_numbers(app, session, user, task, customer) if is_dialler
                       else {"phone": mask_phone(customer.phone), "phone2": mask_phone(customer.phone2)})
            detail = task.detail or {}
            history = session.execute(select(FollowupCall.called_at, FollowupCall.outcome, FollowupCall.agent)
                                      .where(FollowupCall.customer_id == customer.id)
                                      .order_by(FollowupCall.called_at.desc()).limit(10)).all()
            record = {"task": task.id, "title": task.title, "status": task.status,
                      "due_at": task.due_at.astimezone(CST), "customer_id": customer.id, "customer": customer.name,
                      "phone": numbers["phone"], "phone2": numbers["phone2"],
                      "address": customer.address if is_dialler else access.mask_address(customer.address),
                      "model": detail.get("model", ""), "plate": detail.get("plate", ""),
                      "advisor": detail.get("sales_advisor") or detail.get("service_advisor") or "",
                      "calls": "；".join(f"{at.astimezone(CST):%m-%d %H:%M} {OUTCOMES.get(o, o)}"
                                        for at, o, _agent in history),
                      "masked": not is_dialler}
        emit_record(record, as_json=as_json,
                    labels=[("task", "任务"), ("title", "任务名称"), ("status", "状态"), ("due_at", "到期"),
                            ("customer_id", "客户编号"), ("customer", "客户"), ("phone", "拨打电话"),
                            ("phone2", "第二电话"), ("address", "地址"), ("model", "车型"), ("plate", "车牌"),
                            ("advisor", "顾问"), ("calls", "回访记录")])

    @calls.command("correct")
    @click.argument("customer_id", type=int)
    @click.option("--address", help="通讯地址")
    @click.option("--phone2", help="第二电话")
    @click.option("--plate", help="车牌（DMS 无车牌时补登）")
    @click.option("--checked", is_flag=True, help="已与客户核实，资料无需更正")
    @click.option("--note", default="", help="备注")
    def correct(customer_id: int, address: str | None, phone2: str | None, plate: str | None, checked: bool,
                note: str) -> None:
        """Correct a customer's contact details (not name or main phone), audited before/after (SF-D3, SV-D3)."""
        from core import access
        from plugins.followup.contact_data import correct_contact

        app.check_schema()
        with app.session() as session:
            user = app.acting_user(session)
            access.require(app, session, user, "followup.contact", "change")
            customer = correct_contact(session, customer_id, actor=user.username, address=address, phone2=phone2,
                                       plate=plate, checked=checked, note=note, user=user)
            name = customer.name
        success(f"客户 {customer_id}（{name}）资料已{'核实' if checked and not (address or phone2 or plate) else '更新'}")


def work_list_command(group: click.Group, app: CrDesk, *, name: str, kind: str, title: str, help_text: str) -> None:
    """``crdesk sales-fu deliveries`` / ``crdesk service-fu intakes``: yesterday's list and what each lacks."""

    @group.command(name, help=help_text)
    @click.option("--date", "day", type=_DATE, help="The day (default yesterday).")
    @click.option("--store", "store_code", metavar="CODE")
    @click.option("--pending", is_flag=True, help="Only records still to work through.")
    @json_option
    def listing(day: dt.datetime | None, store_code: str | None, pending: bool, as_json: bool) -> None:
        from core import access
        from core.people import working_store
        from core.workdays import cst_today
        from plugins.followup.contact_data import work_list

        the_day = day.date() if day else cst_today() - dt.timedelta(days=1)
        app.check_schema()
        with app.session() as session:
            user = app.acting_user(session)
            access.require(app, session, user, "followup.call", "read")
            store = working_store(session, user, store_code)
            rows: list[dict[str, Any]] = [i.as_row() for i in work_list(session, kind=kind, store_id=store.id,
                                                                        day=the_day) if not (pending and i.worked)]
        emit_rows(rows, [("source_id", "编号"), ("customer_id", "客户编号"), ("customer", "客户"), ("phone", "电话"),
                         ("plate", "车牌"), ("model", "车型"), ("missing", "待补资料"), ("state", "状态")],
                  as_json=as_json, title=f"{the_day} {title}", empty="当日没有记录")
