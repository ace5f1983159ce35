"""Hook implementations: the only module crdesk registers with pluggy."""
from __future__ import annotations

from collections.abc import Iterable

import click

from core import hookimpl


@hookimpl
def register_models() -> Iterable[type]:
    from crdesk_walkin.models import WalkinEntry

    return [WalkinEntry]


@hookimpl
def register_commands(cli: click.Group, app) -> None:
    from core.cli.output import emit_rows, json_option, success

    @cli.group()
    def walkin() -> None:
        """Walk-in / call-in log (来店来电登记)."""

    @walkin.command("add")
    @click.option("--channel", type=click.Choice(["visit", "call"]), required=True)
    @click.option("--name", "customer_name", required=True, help="客户姓名")
    @click.option("--interest", default="", help="意向车型")
    def add(channel: str, customer_name: str, interest: str) -> None:
        """Record a walk-in or a call-in."""
        from crdesk_walkin.models import WalkinEntry

        app.check_schema()
        with app.session() as session:
            entry = WalkinEntry(channel=channel, customer_name=customer_name, interest=interest,
                                recorded_by=app.acting_username)
            session.add(entry)
            session.flush()
            success(f"recorded #{entry.id}")

    @walkin.command("list")
    @json_option
    def list_(as_json: bool) -> None:
        """Every recorded walk-in and call-in, newest first."""
        from sqlalchemy import select

        from crdesk_walkin.models import WalkinEntry

        app.check_schema()
        with app.session() as session:
            rows = [{"id": e.id, "channel": e.channel, "customer_name": e.customer_name,
                     "interest": e.interest, "recorded_at": e.recorded_at, "recorded_by": e.recorded_by}
                    for e in session.scalars(select(WalkinEntry).order_by(WalkinEntry.id.desc()))]
        emit_rows(rows, [("id", "#"), ("channel", "渠道"), ("customer_name", "客户姓名"),
                         ("interest", "意向车型"), ("recorded_at", "时间"), ("recorded_by", "登记人")],
                  as_json=as_json, title="来店来电登记")
