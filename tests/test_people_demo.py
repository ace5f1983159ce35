"""``crdesk init --demo``: a deterministic, believable store with every role."""
from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import func, select

from core.demo import load_demo
from core.models import Customer, Delivery, Department, ServiceVisit, Vehicle
from core.setup import initialise
from core.vin import normalise_vin


def _fingerprint(app) -> tuple:
    with app.session() as s:
        return (
            tuple(s.execute(select(Customer.name, Customer.phone, Customer.address).order_by(Customer.id)).all()),
            tuple(s.execute(select(Vehicle.vin, Vehicle.plate, Vehicle.model).order_by(Vehicle.id)).all()),
            tuple(s.execute(select(ServiceVisit.repair_order, ServiceVisit.intake_on, ServiceVisit.service_type,
                                   ServiceVisit.mileage).order_by(ServiceVisit.id)).all()),
        )


def test_demo_is_deterministic_and_believable(make_app, tmp_path):
    today = dt.date(2026, 11, 26)
    first = make_app(database_url=f"sqlite:///{tmp_path / 'a.db'}")
    second = make_app(database_url=f"sqlite:///{tmp_path / 'b.db'}")
    for app in (first, second):
        initialise(app, plugins=[])
        load_demo(app, today=today, customers=300)
    assert _fingerprint(first) == _fingerprint(second)
    with first.session() as s:
        assert s.scalar(select(func.count()).select_from(Customer)) == 300
        for vin_, plate in s.execute(select(Vehicle.vin, Vehicle.plate)):
            assert normalise_vin(vin_) == vin_ and plate.startswith("粤A")
        assert s.scalar(select(func.max(Delivery.delivered_on))) <= today
        assert s.scalar(select(func.min(Delivery.delivered_on))) < today - dt.timedelta(days=300)
        kinds = set(s.scalars(select(ServiceVisit.service_type).distinct()))
        assert {"first_maintenance", "second_maintenance", "regular_maintenance"} <= kinds
        assert s.scalar(select(func.count()).select_from(Department).where(Department.head_id.is_(None))) == 0


def test_init_demo_through_the_cli(run_cli, make_app):
    out = run_cli("init", "--plugins", "", "--demo", user=None)
    assert "demo store GZTH" in out.output and "demo users" in out.output
    users = json.loads(run_cli("users", "list", "--json", user="manager").output)
    roles = {r for u in users for r in u["roles"]}
    assert roles >= {"manager", "marketing", "cr", "sales_fu", "service_fu", "deputy_gm", "gm", "finance_manager",
                     "accountant", "service_manager", "admin_clerk", "sales_clerk", "service_desk",
                     "desk_supervisor", "sales_manager", "admin"}
    opted_out = [c for c in json.loads(run_cli("customers", "search", "陈", "--json", "--limit", "500",
                                               user="sales_fu").output) if "sms" in c["opted_out"]]
    assert opted_out
    refused = run_cli("init", "--plugins", "", "--demo", user=None, ok=False)
    assert refused.exit_code == 3 and "no acting user" in refused.output  # once users exist, only admin
    again = run_cli("init", "--plugins", "", "--demo", user="admin")
    assert "already present" in again.output
