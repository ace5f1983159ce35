"""A database with one store, its CR department and staff, and the ``duty_demo`` schedules enabled."""
from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from sqlalchemy import insert, select

from core.app import CrDesk
from core.models import Department, Store, Task, User, UserRole
from core.setup import initialise
from tests.platform_support import fixture_catalog
from tests.fixture_plugins.scheduler.duty_demo.models import DemoDelivery

SCENARIO = "tests.fixture_plugins.scheduler"
STAFF = {"mgr": "manager", "sf1": "sales_fu", "sf2": "sales_fu", "sv1": "service_fu", "sv2": "service_fu",
         "mk1": "marketing", "cr1": "cr"}


@dataclass
class Dealer:
    app: CrDesk
    store_id: int
    users: dict[str, int]

    def add_deliveries(self, *rows: tuple[dt.date, str, int | None]) -> list[int]:
        with self.app.session() as s:
            ids = s.execute(insert(DemoDelivery).returning(DemoDelivery.id),
                            [{"store_id": self.store_id, "delivered_on": d, "customer": c, "partner_id": p}
                             for d, c, p in rows]).scalars().all()
        return list(ids)

    def tasks(self, key: str | None = None) -> list[Task]:
        with self.app.session() as s:
            stmt = select(Task).order_by(Task.id)
            if key:
                stmt = stmt.where(Task.key == key)
            return list(s.scalars(stmt))


def build_dealer(make_app: Callable[..., CrDesk]) -> Dealer:
    app = make_app(catalog=fixture_catalog("scheduler"))
    initialise(app, ["duty_demo"])
    with app.session() as s:
        store = Store(code="GZ1", name="广州一店")
        s.add(store)
        s.flush()
        dept = Department(store_id=store.id, code="cr", name_zh="客户关系部")
        s.add(dept)
        s.flush()
        users: dict[str, int] = {}
        for name, role in STAFF.items():
            user = User(username=name, full_name=name, store_id=store.id, department_id=dept.id)
            user.roles.append(UserRole(role_code=role))
            s.add(user)
            s.flush()
            users[name] = user.id
        dept.head_id = users["mgr"]
        admin = s.scalar(select(User).where(User.username == "admin"))
        assert admin is not None
        admin.store_id = store.id
        users["admin"] = admin.id
        store_id = store.id
    app.reload_plugins()
    return Dealer(app, store_id, users)


@pytest.fixture
def dealer(make_app: Callable[..., CrDesk]) -> Dealer:
    return build_dealer(make_app)


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let ``crdesk`` (through run_cli) find the duty_demo plugin."""
    monkeypatch.setenv("CRDESK_PLUGIN_PACKAGES", SCENARIO)


def pg_url() -> str | None:
    url = os.environ.get("CRDESK_TEST_DATABASE_URL", "")
    return url if url.startswith("postgres") else None
