"""``crdesk cr kanban``: the two 9:30 inputs (entered or imported) and which of them arrived."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from core.cli.output import emit_rows, json_option, success

if TYPE_CHECKING:
    from core.app import CrDesk

DATE = click.DateTime(["%Y-%m-%d"])


def register_kanban(cr: click.Group, app: CrDesk, store_of: Callable[..., Any],
                    yesterday: Callable[[], dt.date]) -> None:
    @cr.group()
    def kanban() -> None:
        """看板: 销售信息员 and 售后前台 report yesterday's figures by 9:30."""

    def _enter(source: str, day: dt.datetime | None, values: dict[str, int], store_code: str | None) -> None:
        from plugins.cr_system.service import enter_kanban

        app.check_schema()
        the_day = day.date() if day else yesterday()
        with app.session() as session:
            row = enter_kanban(app, session, store_id=store_of(session, app, store_code).id, source=source,
                               day=the_day, values=values)
            late = row.late
        success(f"kanban {source} figures for {the_day.isoformat()} recorded" + ("（迟于9:30上报）" if late else ""))

    @kanban.command("sales")
    @click.option("--date", "day", type=DATE, help="The day the figures are for (default yesterday)")
    @click.option("--orders", type=int, required=True, help="订车台数")
    @click.option("--deliveries", type=int, required=True, help="交车台数")
    @click.option("--store", "store_code", metavar="CODE")
    def sales(day: dt.datetime | None, orders: int, deliveries: int, store_code: str | None) -> None:
        """销售信息员: yesterday's orders and deliveries."""
        _enter("sales", day, {"orders": orders, "deliveries": deliveries}, store_code)

    @kanban.command("service")
    @click.option("--date", "day", type=DATE, help="The day the figures are for (default yesterday)")
    @click.option("--5k", "k5", type=int, required=True, help="5K入库台数")
    @click.option("--10k", "k10", type=int, required=True, help="10K入库台数")
    @click.option("--store", "store_code", metavar="CODE")
    def service(day: dt.datetime | None, k5: int, k10: int, store_code: str | None) -> None:
        """售后前台: yesterday's 5K and 10K intakes."""
        _enter("service", day, {"intakes_5k": k5, "intakes_10k": k10}, store_code)

    @kanban.command("import")
    @click.argument("path", type=click.Path(exists=True, dir_okay=False))
    @click.option("--store", "store_code", metavar="CODE")
    def import_(path: str, store_code: str | None) -> None:
        """A CSV/XLSX of daily figures (日期, 订车, 交车 or 日期, 5K入库, 10K入库), in one transaction."""
        from plugins.cr_system.kanban_import import read_rows
        from plugins.cr_system.service import enter_kanban

        app.check_schema()
        rows = read_rows(path)
        with app.session() as session:
            store_id = store_of(session, app, store_code).id
            for line, source, day, values in rows:
                try:
                    enter_kanban(app, session, store_id=store_id, source=source, day=day, values=values)
                except Exception as exc:
                    from core.errors import ValidationError

                    if isinstance(exc, ValidationError):
                        raise ValidationError(f"{path}, row {line}: {exc}") from None
                    raise
        success(f"{len(rows)} days of kanban figures imported from {path}")

    @kanban.command("status")
    @click.option("--date", "day", type=DATE, help="The day the figures are for (default yesterday)")
    @click.option("--store", "store_code", metavar="CODE")
    @json_option
    def status(day: dt.datetime | None, store_code: str | None, as_json: bool) -> None:
        """Which of the two inputs arrived, by whom, when, and whether late."""
        from core.workdays import CST
        from plugins.cr_system.service import kanban_status

        app.check_schema()
        the_day = day.date() if day else yesterday()
        with app.session() as session:
            states = kanban_status(app, session, store_of(session, app, store_code).id, the_day)
        rows = [{"day": s.day, "source": s.source, "input": s.label, "arrived": s.arrived,
                 "entered_by": s.entered_by, "entered_at": s.entered_at.astimezone(CST) if s.entered_at else None, "late": s.late}
                for s in states]
        emit_rows(rows, [("input", "上报项"), ("arrived", "已上报"), ("entered_by", "上报人"),
                         ("entered_at", "上报时间"), ("late", "迟报")], as_json=as_json,
                  title=f"看板上报情况 {the_day.isoformat()}")
