"""``crdesk customers``: find a customer and see them as your role may."""
from __future__ import annotations

import click

from core.cli import get_app
from core.cli.output import emit_record, emit_rows, json_option
from core.cli.consent_cmd import consent

_COLUMNS = [("id", "ID"), ("name", "姓名"), ("phone", "手机"), ("address", "地址"), ("vehicles", "车辆"),
            ("opted_out", "退订")]


@click.group()
def customers() -> None:
    """Search and show customers (phones and addresses masked unless revealed)."""


@customers.command("search")
@click.argument("text")
@click.option("--limit", default=50, show_default=True)
@json_option
@click.pass_context
def search(ctx: click.Context, text: str, limit: int, as_json: bool) -> None:
    """Customers whose name, phone, plate or VIN contains TEXT."""
    from core.customers import search_customers

    app = get_app(ctx)
    app.check_schema()
    with app.session() as s:
        user = app.acting_user(s)
        rows = search_customers(app, s, user, text, limit=limit)
    emit_rows(rows, _COLUMNS, as_json=as_json, empty=f"no customer matches {text!r}")


@customers.command("show")
@click.argument("customer_id", type=int)
@click.option("--reveal", is_flag=True, help="Show phones and address in full (needs the right; audited).")
@json_option
@click.pass_context
def show(ctx: click.Context, customer_id: int, reveal: bool, as_json: bool) -> None:
    """One customer with vehicles, deliveries and service visits."""
    from core.customers import customer_details

    app = get_app(ctx)
    app.check_schema()
    with app.session() as s:
        user = app.acting_user(s)
        record = customer_details(app, s, user, customer_id, reveal=reveal)
    if as_json:
        emit_record(record, as_json=True)
        return
    emit_record(record, as_json=False, labels=[("id", "ID"), ("name", "姓名"), ("phone", "手机"),
                                               ("phone2", "电话2"), ("address", "地址"), ("opted_out", "退订")])
    emit_rows(record["vehicles"], [("vin", "车架号"), ("plate", "车牌号"), ("model", "车型")], as_json=False,
              title="车辆", empty="no vehicles")
    emit_rows(record["history"], [("date", "日期"), ("what", "事项"), ("vin", "车架号"), ("detail", "详情")],
              as_json=False, title="交车与入库", empty="no deliveries or service visits")


customers.add_command(consent)
