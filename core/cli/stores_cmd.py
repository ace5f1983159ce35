"""``crdesk stores``: the stores of a dealer group this database holds."""
from __future__ import annotations

import click

from core.cli import get_app
from core.cli.output import emit_rows, json_option, success


@click.group()
def stores() -> None:
    """Add and list stores (each gets the six departments)."""


@stores.command("add")
@click.argument("code")
@click.argument("name")
@click.option("--city", default="广州", show_default=True)
@click.option("--address", default="")
@click.option("--phone", default="")
@click.option("--sms-signature", default="", help="Signature of marketing SMS, e.g. 【广汽丰田XX店】.")
@click.pass_context
def add(ctx: click.Context, code: str, name: str, city: str, address: str, phone: str, sms_signature: str) -> None:
    """Add store CODE called NAME."""
    from core.access import require
    from core.people import add_store

    app = get_app(ctx)
    app.check_schema()
    with app.session() as s:
        user = app.acting_user(s)
        require(app, s, user, "store", "create")
        add_store(s, code=code, name=name, city=city, address=address, phone=phone, sms_signature=sms_signature,
                  actor=user.username)
    success(f"store {code} added with departments cr, sales, service, finance, admin, gm_office")


@stores.command("list")
@json_option
@click.pass_context
def list_(ctx: click.Context, as_json: bool) -> None:
    """Every store."""
    from sqlalchemy import select

    from core.access import require
    from core.models import Store

    app = get_app(ctx)
    app.check_schema()
    with app.session() as s:
        from core import scope

        me = app.acting_user(s)
        require(app, s, me, "store", "read")
        rows = [{"code": st.code, "name": st.name, "city": st.city, "address": st.address, "phone": st.phone,
                 "sms_signature": st.sms_signature, "letterhead": st.letterhead}
                for st in s.scalars(scope.filter(select(Store).order_by(Store.code), Store.id, s, me))]
    emit_rows(rows, [("code", "code"), ("name", "name"), ("city", "city"), ("phone", "phone")], as_json=as_json,
              empty="no stores yet: `crdesk stores add CODE NAME`")


@click.group("service-types")
def service_types() -> None:
    """Service type codes and the DMS values (首保, 5K, 钣喷 …) mapped onto them."""


@service_types.command("list")
@click.option("--store", "store_code", metavar="CODE")
@json_option
@click.pass_context
def service_types_list(ctx: click.Context, store_code: str | None, as_json: bool) -> None:
    """Codes with every value mapped onto them for a store."""
    from core.service_types import aliases_for

    app = get_app(ctx)
    app.check_schema()
    with app.session() as s:
        rows = aliases_for(s, store_code)
    emit_rows(rows, [("code", "code"), ("name_zh", "名称"), ("aliases", "DMS values")], as_json=as_json)


@service_types.command("map")
@click.argument("value")
@click.argument("code")
@click.option("--store", "store_code", metavar="CODE")
@click.pass_context
def service_types_map(ctx: click.Context, value: str, code: str, store_code: str | None) -> None:
    """Map the DMS value VALUE onto service type CODE for one store."""
    from core.access import require
    from core.service_types import map_alias

    app = get_app(ctx)
    app.check_schema()
    with app.session() as s:
        user = app.acting_user(s)
        require(app, s, user, "service_visit", "change")
        map_alias(s, value, code, store_code, actor=user.username)
    success(f"{value!r} now means {code}")


@stores.command("set")
@click.argument("code")
@click.option("--name", default=None)
@click.option("--city", default=None, help="The city whose newspapers the ad log lists (广州, 佛山 …).")
@click.option("--address", default=None)
@click.option("--phone", default=None)
@click.option("--sms-signature", default=None, help="Signature of marketing SMS, e.g. 【广汽丰田XX店】.")
@click.option("--letterhead", default=None, help="Company line at the top of reports and letters.")
@click.pass_context
def set_(ctx: click.Context, code: str, **values: str | None) -> None:
    """Change the details of store CODE (a store in your scope)."""
    from core.staff import set_store

    app = get_app(ctx)
    app.check_schema()
    with app.session() as s:
        set_store(app, s, app.acting_user(s), code, **values)
    changed = ", ".join(k for k, v in values.items() if v is not None) or "nothing"
    success(f"store {code}: {changed} updated")
