"""``crdesk members``: the owner club (车主会员) the sales follow-up specialist keeps."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import click

from core.cli.output import emit_record, emit_rows, json_option, success

if TYPE_CHECKING:
    from core.app import CrDesk


def _store(session: Any, user: Any, code: str | None) -> Any:
    """``--store CODE``, else the acting user's store (core.people is imported only when a command runs)."""
    from core.people import working_store

    return working_store(session, user, code)


def register(cli: click.Group, app: CrDesk) -> None:
    from plugins.followup.cli_contacts import work_list_command

    @cli.group("sales-fu")
    def sales_fu() -> None:
        """Sales follow-up (销售回访): yesterday's delivery customers and their data (SF-D3)."""

    work_list_command(sales_fu, app, name="deliveries", kind="delivery", title="交车客户资料核对",
                      help_text="Yesterday's delivery customers and what their record lacks (SF-D3); "
                                "`crdesk calls correct` completes them.")

    @cli.group()
    def members() -> None:
        """Owner-club members: join, leave, list, statistics (login rate target 30%)."""

    @members.command("join")
    @click.option("--no", "member_no", required=True, help="会员号")
    @click.option("--name", required=True, help="姓名")
    @click.option("--phone", required=True, help="手机号码")
    @click.option("--level", default="普通会员", show_default=True, help="会员等级")
    @click.option("--date", "joined_on", type=click.DateTime(["%Y-%m-%d"]), help="入会日期 (default today)")
    @click.option("--store", "store_code", metavar="CODE")
    def join(
        member_no: str, name: str, phone: str, level: str, joined_on: dt.datetime | None, store_code: str | None
    ) -> None:
        """Enter a new member."""
        from core import access
        from core.workdays import cst_today
        from plugins.sales_followup.members import join as do_join

        app.check_schema()
        with app.session() as session:
            user = app.acting_user(session)
            access.require(app, session, user, "sales_followup.member", "create")
            member = do_join(
                session,
                store_id=_store(session, app.acting_user(session), store_code).id,
                member_no=member_no,
                name=name,
                phone=phone,
                joined_on=joined_on.date() if joined_on else cst_today(),
                level=level,
                actor=user.username,
            )
            linked = f" (customer {member.customer_id})" if member.customer_id else ""
        success(f"member {member_no} joined{linked}")

    @members.command("leave")
    @click.argument("member_no")
    @click.option("--date", "left_on", type=click.DateTime(["%Y-%m-%d"]), help="退会日期 (default today)")
    @click.option("--store", "store_code", metavar="CODE")
    def leave(member_no: str, left_on: dt.datetime | None, store_code: str | None) -> None:
        """Record that a member left."""
        from core import access
        from core.workdays import cst_today
        from plugins.sales_followup.members import leave as do_leave

        app.check_schema()
        with app.session() as session:
            user = app.acting_user(session)
            access.require(app, session, user, "sales_followup.member", "change")
            do_leave(
                session,
                store_id=_store(session, app.acting_user(session), store_code).id,
                member_no=member_no,
                left_on=left_on.date() if left_on else cst_today(),
                actor=user.username,
            )
        success(f"member {member_no} left")

    @members.command("list")
    @click.option("--all", "include_left", is_flag=True, help="Include members who left.")
    @json_option
    def list_(include_left: bool, as_json: bool) -> None:
        """Members (phones masked)."""
        from sqlalchemy import select

        from core import access
        from core.phones import mask_phone
        from plugins.sales_followup.models import SalesMember

        app.check_schema()
        with app.session() as session:
            from core import scope

            me = app.acting_user(session)
            access.require(app, session, me, "sales_followup.member", "read")
            stmt = select(SalesMember).order_by(SalesMember.joined_on.desc(), SalesMember.id.desc())
            stmt = scope.filter(stmt, SalesMember, session, me)
            if not include_left:
                stmt = stmt.where(SalesMember.left_on.is_(None))
            rows = [
                {
                    "member_no": m.member_no,
                    "name": m.name,
                    "phone": mask_phone(m.phone),
                    "level": m.level,
                    "joined_on": m.joined_on,
                    "left_on": m.left_on,
                    "last_login_at": m.last_login_at,
                    "customer_id": m.customer_id,
                }
                for m in session.scalars(stmt)
            ]
        emit_rows(
            rows,
            [
                ("member_no", "会员号"),
                ("name", "姓名"),
                ("phone", "手机"),
                ("level", "等级"),
                ("joined_on", "入会"),
                ("last_login_at", "最近登录"),
            ],
            as_json=as_json,
            title="车主会员",
            empty="no members",
        )

    @members.command("stats")
    @click.option("--period", help="Month such as 2026-10 (default: this month).")
    @click.option("--store", "store_code", metavar="CODE")
    @json_option
    def stats(period: str | None, store_code: str | None, as_json: bool) -> None:
        """Members, new members by class, leavers and the login rate against the target."""
        from dataclasses import asdict

        from core import access, settings
        from core.reports.periods import containing, period_for
        from core.workdays import cst_today
        from plugins.sales_followup.members import stats as member_stats

        app.check_schema()
        p = period_for("month", period) if period else containing("month", cst_today())
        with app.session() as session:
            access.require(app, session, app.acting_user(session), "sales_followup.member", "read")
            store = _store(session, app.acting_user(session), store_code)
            target = settings.get(app, session, "sales_followup.member_login_target", store.id)
            row = asdict(member_stats(session, store_id=store.id, first=p.start, last=p.end, target=target))
        row["period"] = p.code
        emit_record(row, as_json=as_json)
