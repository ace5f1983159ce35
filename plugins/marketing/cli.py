"""The marketing plugin's commands: ``activities``, ``partners`` and ``ad-plans``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import click

from core.cli.output import emit_rows, json_option, success

if TYPE_CHECKING:
    from core.app import CrDesk


def register(cli: click.Group, app: CrDesk) -> None:
    from plugins.marketing.cli_activities import register as register_activities

    register_activities(cli, app)

    @cli.group("ad-plans")
    def ad_plans() -> None:
        """The monthly ad plan (下月广告计划表): its signed, archived sheet."""

    @ad_plans.command("sheet")
    @click.argument("request_id", type=int)
    @click.option("--out", "out", type=click.Path(dir_okay=False, writable=True), help="PDF file to write.")
    def sheet(request_id: int, out: str | None) -> None:
        """Write the archived signed 签批单 of an approved ad plan or price table."""
        from plugins.marketing.archive import signed_sheet

        app.check_schema()
        with app.session() as session:
            name, content = signed_sheet(app, session, app.acting_user(session), request_id)
        target = Path(out or name)
        target.write_bytes(content)
        success(f"已签批的签批单已写入 {target}")

    @cli.group()
    def partners() -> None:
        """Partner resources (media, ad agencies, banks, clubs, developers, companies) and their history of use."""

    @partners.command("add")
    @click.argument("name")
    @click.option("--category", required=True, help="media, agency, bank, club, developer, company")
    @click.option("--contact", default="", help="联系人")
    @click.option("--phone", default="", help="联系电话")
    @click.option("--note", default="", help="备注")
    def add(name: str, category: str, contact: str, phone: str, note: str) -> None:
        """Register a partner resource."""
        from core.people import working_store
        from plugins.marketing import partners as svc

        app.check_schema()
        with app.session() as session:
            user = app.acting_user(session)
            svc.add(app, session, user, store_id=working_store(session, user).id, name=name, category=category,
                    contact=contact, phone=phone, note=note)
        success(f"合作资源「{name}」已登记")

    @partners.command("log")
    @click.argument("name")
    @click.option("--kind", default="cooperation", show_default=True,
                  help="cooperation 合作 · contact 媒体联络 · interview 采访 · release 新闻发布")
    @click.option("--purpose", required=True, help="内容")
    @click.option("--date", "used_on", type=click.DateTime(["%Y-%m-%d"]), help="日期 (default today)")
    @click.option("--activity", "activity_id", type=int, help="The activity it served.")
    def log(name: str, kind: str, purpose: str, used_on: dt.datetime | None, activity_id: int | None) -> None:
        """Record a use of a partner, or a contact with a medium (media-contact log)."""
        from core.people import working_store
        from core.workdays import cst_today
        from plugins.marketing import partners as svc

        app.check_schema()
        with app.session() as session:
            user = app.acting_user(session)
            svc.log_use(app, session, user, store_id=working_store(session, user).id, name=name,
                        used_on=used_on.date() if used_on else cst_today(), kind=kind, purpose=purpose,
                        activity_id=activity_id)
        success(f"已记录「{name}」:{purpose}")

    @partners.command("list")
    @json_option
    def list_(as_json: bool) -> None:
        """Partner resources with their contact (phone masked) and how often they were used."""
        from core.people import working_store
        from plugins.marketing import partners as svc

        app.check_schema()
        with app.session() as session:
            user = app.acting_user(session)
            rows = svc.listing(app, session, user, store_id=working_store(session, user).id)
        emit_rows(rows, [("name", "名称"), ("category_zh", "类别"), ("contact", "联系人"), ("phone", "电话"),
                         ("uses", "使用次数"), ("last_used", "最近使用")], as_json=as_json, title="合作资源",
                  empty="还没有合作资源")
