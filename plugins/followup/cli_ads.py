"""``crdesk ads`` (the newspaper competitor-ad log, SF-D2/SV-D2) and ``crdesk ceremony`` (gifts, SF-D6/SV-D6)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from core.cli.output import emit_rows, json_option, success
from plugins.followup.cli_common import _answers, _store

if TYPE_CHECKING:
    from core.app import CrDesk


def register(cli: click.Group, app: CrDesk) -> None:

    def begin() -> tuple[Any, Any]:
        app.check_schema()
        return app.session()

    # -- competitor ads ---------------------------------------------------------
    @cli.group()
    def ads() -> None:
        """The newspaper competitor-ad log (相关汽车品牌广告投放统计)."""

    @ads.command("log")
    @click.option("--date", "seen_on", type=click.DateTime(["%Y-%m-%d"]), help="Day of the paper (default today).")
    @click.option("--paper", required=True, help="One of the store's newspapers (setting followup.newspapers; "
                  "by the store's city: 广州日报, 南方都市报, 信息时报, 新快报 …)")
    @click.option("--brand", required=True)
    @click.option("--model", default="")
    @click.option("--format", "ad_format", default="", help="版面, e.g. 整版, 半版, 通栏")
    @click.option("--page", default="")
    @click.option("--offer", default="", help="促销内容 / 价格")
    @click.option("--store", "store_code", metavar="CODE")
    def log_ad(
        seen_on: dt.datetime | None,
        paper: str,
        brand: str,
        model: str,
        ad_format: str,
        page: str,
        offer: str,
        store_code: str | None,
    ) -> None:
        """Log one competitor ad seen in a newspaper."""
        from core import access
        from core.workdays import cst_today
        from plugins.followup.ads import log_ad as do_log

        with begin() as session:
            user = app.acting_user(session)
            access.require(app, session, user, "followup.ad_entry", "create")
            entry = do_log(
                session,
                store_id=_store(session, user, store_code).id,
                seen_on=seen_on.date() if seen_on else cst_today(),
                newspaper=paper,
                brand=brand,
                model=model,
                ad_format=ad_format,
                page=page,
                offer=offer,
                actor=user.username,
            )
        success(f"ad #{entry.id} logged")

    @ads.command("list")
    @click.option("--week", help="ISO week such as 2026-W45 (default: this week).")
    @click.option("--store", "store_code", metavar="CODE")
    @json_option
    def list_ads(week: str | None, store_code: str | None, as_json: bool) -> None:
        """The ads logged in a week."""
        from core import access
        from core.reports.periods import containing, period_for
        from core.workdays import cst_today
        from plugins.followup.ads import ads_between

        period = period_for("week", week) if week else containing("week", cst_today())
        with begin() as session:
            user = app.acting_user(session)
            access.require(app, session, user, "followup.ad_entry", "read")
            rows = [
                {
                    "id": a.id,
                    "seen_on": a.seen_on,
                    "newspaper": a.newspaper,
                    "brand": a.brand,
                    "model": a.model,
                    "ad_format": a.ad_format,
                    "offer": a.offer,
                }
                for a in ads_between(session, _store(session, user, store_code).id, period.start, period.end)
            ]
        emit_rows(
            rows,
            [
                ("seen_on", "日期"),
                ("newspaper", "报纸"),
                ("brand", "品牌"),
                ("model", "车型"),
                ("ad_format", "版面"),
                ("offer", "促销内容"),
            ],
            as_json=as_json,
            title=f"竞品广告 {period.code}",
            empty=f"no ads logged in {period.code}",
        )

    # -- ceremony ---------------------------------------------------------------
    @cli.group()
    def ceremony() -> None:
        """Delivery ceremony and service visit: face-to-face survey and gift (面访与礼品)."""

    @ceremony.command("gift")
    @click.argument("source_kind", type=click.Choice(["delivery", "service_visit"]))
    @click.argument("source_id", type=int)
    @click.option("--gift", required=True, help="礼品")
    @click.option("--photo", is_flag=True, help="The framed ceremony photo was given too.")
    @click.option("--form", "form_key", help="The face-to-face questionnaire's form key.")
    @click.option("--survey", type=click.Path(dir_okay=False, path_type=Path), help="Its answers (JSON or YAML).")
    @click.option("--date", "given_on", type=click.DateTime(["%Y-%m-%d"]))
    def gift(
        source_kind: str,
        source_id: int,
        gift: str,
        photo: bool,
        form_key: str | None,
        survey: Path | None,
        given_on: dt.datetime | None,
    ) -> None:
        """Record the gift after a face-to-face survey (the survey only if the customer agreed)."""
        from core import access
        from core.workdays import cst_today
        from plugins.followup.gifts import record_gift

        with begin() as session:
            user = app.acting_user(session)
            access.require(app, session, user, "followup.gift", "create")
            entry = record_gift(
                app,
                session,
                source_kind=source_kind,
                source_id=source_id,
                gift=gift,
                given_on=given_on.date() if given_on else cst_today(),
                user=user,
                photo_given=photo,
                form_key=form_key,
                survey=_answers(survey),
            )
        success(
            f"gift #{entry.id} recorded"
            + (f" with questionnaire #{entry.submission_id}" if entry.submission_id else "")
        )

